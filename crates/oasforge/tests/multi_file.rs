//! A document split over nested folders generates exactly what its bundled form generates.

use std::path::{Path, PathBuf};

use oasforge::{generate, EmitOptions, Layout, LoadOptions};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn emit() -> EmitOptions {
    EmitOptions {
        layout: Layout::Crate {
            name: "pet_clinic".into(),
        },
        source_name: "openapi.yaml".into(),
        parts: oasforge::Parts::default(),
        ..EmitOptions::default()
    }
}

#[test]
fn split_and_bundled_forms_generate_the_same_code() {
    let split = generate(
        &fixture("multi-file/openapi.yaml"),
        &LoadOptions::default(),
        &emit(),
    )
    .expect("the split form generates");
    let bundled = generate(&fixture("bundled.yaml"), &LoadOptions::default(), &emit())
        .expect("the bundled form generates");

    // Every file of the split form was read, through nested folders and `../`.
    let inputs: Vec<String> = split
        .inputs
        .iter()
        .map(|p| {
            p.strip_prefix(fixture("multi-file").canonicalize().expect("fixture"))
                .expect("inside the fixture")
                .display()
                .to_string()
        })
        .collect();
    assert_eq!(inputs.len(), 7, "{inputs:?}");
    for file in [
        "paths/pets.yaml",
        "schemas/pets/pet.yaml",
        "schemas/people/owner.yaml",
        "schemas/common.yaml",
        "parameters.yaml",
        "responses.yaml",
    ] {
        assert!(inputs.iter().any(|i| i == file), "{file} in {inputs:?}");
    }

    assert_eq!(split.types, bundled.types);
    assert_eq!(split.operations, 3);
    assert_eq!(split.files.len(), bundled.files.len());
    for (a, b) in split.files.iter().zip(&bundled.files) {
        assert_eq!(a.path, b.path);
        assert_eq!(
            a.contents,
            b.contents,
            "{} differs between the split and bundled forms",
            a.path.display()
        );
    }
    // The names come from the components and the places of inline schemas, not the files.
    let models = bundled
        .files
        .iter()
        .find(|f| f.path.ends_with("models.rs"))
        .expect("models.rs");
    for name in [
        "pub struct Pet ",
        "pub struct Owner ",
        "pub struct Visit ",
        "pub struct VetNote ",
        "pub struct PetHealth ",
        "pub enum PetHealthStatus ",
        // The owner's inline address and the same inline schema in common.yaml are one
        // type, named from what both places share.
        "pub struct Address ",
        "pub enum ListPetsSpecies ",
        "pub struct CreatePetRequest ",
    ] {
        assert!(
            models.contents.contains(name),
            "{name} in\n{}",
            models.contents
        );
    }
}

#[test]
fn a_ref_to_etc_passwd_is_refused() {
    let dir = tempfile::tempdir().expect("temp");
    let api = dir.path().join("api");
    std::fs::create_dir_all(&api).expect("mkdir");
    std::fs::write(
        api.join("openapi.yaml"),
        "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Secret:\n      $ref: ../../etc/passwd\n",
    )
    .expect("write");
    let err =
        generate(&api.join("openapi.yaml"), &LoadOptions::default(), &emit()).expect_err("refused");
    let text = err.to_string();
    assert!(
        text.contains("refused") && text.contains("outside the folder tree references may reach"),
        "{text}"
    );
    let location = err.location().expect("a location");
    assert_eq!(location.line, Some(7));
    assert_eq!(location.pointer.as_str(), "/components/schemas/Secret/$ref");
}

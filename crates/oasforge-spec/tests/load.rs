//! Loading documents from disk: versions, external `$ref`s, containment, BOMs.

use std::path::Path;

use oasforge_spec::{load, LoadError, LoadOptions, OpenApiVersion};

fn write(dir: &Path, name: &str, text: &str) {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(path, text).expect("write");
}

#[test]
fn follows_refs_across_files_and_folders() {
    let dir = tempfile::tempdir().expect("temp");
    write(
        dir.path(),
        "api/root.yaml",
        "openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths:\n  /pets:\n    $ref: 'paths/pets.yaml'\ncomponents:\n  schemas:\n    Pet:\n      $ref: 'models/pet.yaml#/Pet'\n",
    );
    write(dir.path(), "api/paths/pets.yaml", "get:\n  responses:\n    '200':\n      description: ok\n      content:\n        application/json:\n          schema:\n            $ref: '../models/pet.yaml#/Pet'\n");
    write(
        dir.path(),
        "api/models/pet.yaml",
        "Pet:\n  type: object\n  properties:\n    owner:\n      $ref: 'owner.yaml'\n",
    );
    write(
        dir.path(),
        "api/models/owner.yaml",
        "type: object\nproperties:\n  name: {type: string}\n",
    );

    let spec = load(&dir.path().join("api/root.yaml"), &LoadOptions::default()).expect("loads");
    assert_eq!(spec.version(), OpenApiVersion::V3_1);
    let names: Vec<String> = spec
        .files()
        .map(|f| {
            f.path
                .file_name()
                .and_then(|n| n.to_str())
                .expect("name")
                .to_owned()
        })
        .collect();
    assert_eq!(names, ["root.yaml", "pets.yaml", "pet.yaml", "owner.yaml"]);

    let pets = spec.file(oasforge_spec::FileId(1));
    let node = spec
        .resolve(oasforge_spec::FileId(1), "../models/pet.yaml#/Pet")
        .expect("resolves");
    assert_eq!(
        spec.get(&node)
            .and_then(|v| v.get("type"))
            .and_then(|t| t.as_str()),
        Some("object")
    );
    assert!(pets.path.ends_with("api/paths/pets.yaml"));
}

#[test]
fn refs_outside_the_root_folder_are_refused() {
    let dir = tempfile::tempdir().expect("temp");
    write(dir.path(), "secret.yaml", "x: 1\n");
    write(
        dir.path(),
        "api/root.yaml",
        "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A:\n      $ref: '../secret.yaml#/x'\n    B:\n      $ref: '../../../../../../etc/passwd'\n",
    );
    let err = load(&dir.path().join("api/root.yaml"), &LoadOptions::default()).unwrap_err();
    let LoadError::RefusedRef {
        location, reason, ..
    } = &err
    else {
        panic!("{err}")
    };
    assert_eq!(location.pointer.as_str(), "/components/schemas/A/$ref");
    assert_eq!(location.line, Some(7));
    assert!(reason.contains("outside the folder"), "{reason}");
}

#[test]
fn urls_are_never_fetched() {
    let dir = tempfile::tempdir().expect("temp");
    write(
        dir.path(),
        "root.yaml",
        "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A:\n      $ref: 'https://example.com/schemas.yaml#/A'\n",
    );
    let err = load(&dir.path().join("root.yaml"), &LoadOptions::default()).unwrap_err();
    assert!(matches!(err, LoadError::RefusedRef { .. }), "{err}");
    assert!(err.to_string().contains("never fetches"), "{err}");
}

#[test]
fn bom_and_json_are_accepted() {
    let dir = tempfile::tempdir().expect("temp");
    write(
        dir.path(),
        "bom.yaml",
        "\u{feff}openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\n",
    );
    assert_eq!(
        load(&dir.path().join("bom.yaml"), &LoadOptions::default())
            .expect("bom")
            .version(),
        OpenApiVersion::V3_0
    );
    write(
        dir.path(),
        "doc.json",
        "{\"openapi\": \"3.1.0\", \"info\": {\"title\": \"T\", \"version\": \"1\"}, \"paths\": {}}",
    );
    assert_eq!(
        load(&dir.path().join("doc.json"), &LoadOptions::default())
            .expect("json")
            .version(),
        OpenApiVersion::V3_1
    );
}

#[test]
fn versions_other_than_3_0_and_3_1_are_refused() {
    let dir = tempfile::tempdir().expect("temp");
    write(
        dir.path(),
        "v4.yaml",
        "openapi: 4.0.0\ninfo: {title: T, version: '1'}\n",
    );
    let err = load(&dir.path().join("v4.yaml"), &LoadOptions::default()).unwrap_err();
    assert!(err.to_string().contains("found \"4.0.0\""), "{err}");
    write(
        dir.path(),
        "v32.yaml",
        "openapi: 3.2.0\ninfo: {title: T, version: '1'}\npaths: {}\n",
    );
    let spec =
        load(&dir.path().join("v32.yaml"), &LoadOptions::default()).expect("3.2 reads as 3.1");
    assert_eq!(spec.version(), OpenApiVersion::V3_1);
    assert_eq!(spec.warnings().len(), 1);
}

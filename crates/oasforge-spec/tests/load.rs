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

#[test]
fn pointer_escapes_and_percent_encoding_resolve() {
    let dir = tempfile::tempdir().expect("temp");
    write(
        dir.path(),
        "root.yaml",
        "openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths:\n  /pets/{id}:\n    get:\n      responses: {}\n  /alias:\n    $ref: '#/paths/~1pets~1%7Bid%7D'\ncomponents:\n  schemas:\n    Pet Owner:\n      type: object\n    a/b~c:\n      type: string\n    Uses:\n      properties:\n        owner: {$ref: '#/components/schemas/Pet%20Owner'}\n        slash: {$ref: '#/components/schemas/a~1b~0c'}\n        other: {$ref: 'other%20file.yaml#/x~1y'}\n",
    );
    write(dir.path(), "other file.yaml", "x/y:\n  type: integer\n");
    let spec = load(&dir.path().join("root.yaml"), &LoadOptions::default()).expect("loads");
    let root = oasforge_spec::FileId(0);
    let kind = |r: &str| {
        let node = spec.resolve(root, r).expect(r);
        spec.get(&node)
            .and_then(|v| v.get("type").or_else(|| v.get("get")))
            .cloned()
    };
    assert_eq!(
        kind("#/components/schemas/Pet%20Owner"),
        Some("object".into())
    );
    assert_eq!(kind("#/components/schemas/a~1b~0c"), Some("string".into()));
    // A file name with a space, percent-encoded, and a key with a `/`.
    assert!(spec.resolve(root, "other%20file.yaml#/x~1y").is_ok());
    // A `$ref` into `#/paths`, with `{}` percent-encoded.
    assert!(kind("#/paths/~1pets~1%7Bid%7D").is_some());
    assert_eq!(spec.files().count(), 2);
}

#[test]
fn reference_cycles_across_files_load_without_hanging() {
    let dir = tempfile::tempdir().expect("temp");
    write(
        dir.path(),
        "root.yaml",
        "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A:\n      $ref: 'a.yaml'\n",
    );
    write(
        dir.path(),
        "a.yaml",
        "type: object\nproperties:\n  b:\n    $ref: 'sub/b.yaml'\n",
    );
    write(dir.path(), "sub/b.yaml", "type: object\nproperties:\n  a:\n    $ref: '../a.yaml'\n  self:\n    $ref: 'b.yaml'\n  root:\n    $ref: '../root.yaml#/components/schemas/A'\n");
    let spec = load(&dir.path().join("root.yaml"), &LoadOptions::default()).expect("loads");
    assert_eq!(spec.files().count(), 3, "each file is read once");
}

#[test]
fn yaml_anchors_merge_keys_and_bom_in_a_referenced_file() {
    let dir = tempfile::tempdir().expect("temp");
    write(
        dir.path(),
        "root.yaml",
        "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Dog:\n      $ref: 'models.yaml#/Dog'\n",
    );
    write(
        dir.path(),
        "models.yaml",
        "\u{feff}base: &base\n  type: object\n  properties:\n    name: {type: string}\nDog:\n  <<: *base\n  description: A dog.\n",
    );
    let spec = load(&dir.path().join("root.yaml"), &LoadOptions::default()).expect("loads");
    let dog = spec
        .resolve(oasforge_spec::FileId(0), "models.yaml#/Dog")
        .expect("resolves");
    let value = spec.get(&dog).expect("dog");
    assert_eq!(value["type"], "object");
    assert_eq!(value["properties"]["name"]["type"], "string");
    assert_eq!(value["description"], "A dog.");
}

#[test]
fn absolute_paths_and_symbolic_links_out_of_the_folder_are_refused() {
    let dir = tempfile::tempdir().expect("temp");
    write(
        dir.path(),
        "outside/secret.yaml",
        "Secret: {type: string}\n",
    );
    let root = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A:\n      $ref: 'REF'\n";
    let refuse = |reference: &str| {
        write(dir.path(), "api/root.yaml", &root.replace("REF", reference));
        let err = load(&dir.path().join("api/root.yaml"), &LoadOptions::default()).unwrap_err();
        assert!(
            matches!(&err, LoadError::RefusedRef { .. }),
            "{reference}: {err}"
        );
        err
    };
    refuse("/etc/passwd");
    refuse("file:///etc/passwd");
    let secret = dir.path().join("outside/secret.yaml");
    refuse(&format!("{}#/Secret", secret.display()));

    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(&secret, dir.path().join("api/link.yaml")).expect("symlink");
        let err = refuse("link.yaml#/Secret");
        assert!(err.to_string().contains("outside/secret.yaml"), "{err}");
        // Allowed explicitly, the same link is followed.
        write(
            dir.path(),
            "api/root.yaml",
            &root.replace("REF", "link.yaml#/Secret"),
        );
        let options = LoadOptions {
            allow_outside_root: true,
            ..LoadOptions::default()
        };
        assert!(load(&dir.path().join("api/root.yaml"), &options).is_ok());
    }
}

const HEAD: &str = "openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths: {}\n";

#[cfg(unix)]
#[test]
fn refs_to_fifos_devices_and_folders_are_located_errors_not_hangs() {
    let dir = tempfile::tempdir().expect("temp");
    let fifo = dir.path().join("pipe.yaml");
    let status = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo");
    assert!(status.success());
    std::fs::create_dir(dir.path().join("folder.yaml")).expect("mkdir");
    for (target, kind) in [("pipe.yaml", "a FIFO"), ("folder.yaml", "a folder")] {
        write(
            dir.path(),
            "root.yaml",
            &format!("{HEAD}components:\n  schemas:\n    A:\n      $ref: '{target}#/A'\n"),
        );
        let err = load(&dir.path().join("root.yaml"), &LoadOptions::default())
            .expect_err("not a regular file");
        assert!(err.to_string().contains(kind), "{err}");
        let location = err.location().expect("located");
        assert_eq!(location.pointer.as_str(), "/components/schemas/A/$ref");
        assert_eq!(location.line, Some(7), "{err}");
    }
    // As the root document: refused before anything is read.
    for root in [fifo.as_path(), Path::new("/dev/zero"), dir.path()] {
        let err = load(root, &LoadOptions::default()).expect_err("not a regular file");
        assert!(matches!(err, LoadError::Input { .. }), "{root:?}: {err}");
        assert!(err.to_string().contains("expected a regular file"), "{err}");
    }
}

#[test]
fn input_size_is_limited_over_all_files() {
    let dir = tempfile::tempdir().expect("temp");
    let pad = format!("x-pad: '{}'\n", "p".repeat(4000));
    write(
        dir.path(),
        "root.yaml",
        &format!("{HEAD}{pad}components:\n  schemas:\n    A:\n      $ref: 'a.yaml#/A'\n"),
    );
    write(dir.path(), "a.yaml", &format!("{pad}A: {{type: string}}\n"));
    let root = dir.path().join("root.yaml");
    let limited = |max_input_bytes| LoadOptions {
        max_input_bytes,
        ..LoadOptions::default()
    };
    assert!(load(&root, &limited(9000)).is_ok());
    // The root alone fits, the root and its reference do not: the `$ref` is the error.
    let err = load(&root, &limited(6000)).expect_err("too large");
    assert!(err.to_string().contains("bytes allowed"), "{err}");
    assert_eq!(
        err.location().map(|l| l.pointer.as_str().to_owned()),
        Some("/components/schemas/A/$ref".to_owned())
    );
    let err = load(&root, &limited(1000)).expect_err("too large");
    assert!(matches!(err, LoadError::Input { .. }), "{err}");
    assert!(err.to_string().contains("bytes allowed"), "{err}");
}

#[test]
fn json_duplicate_keys_are_located_errors() {
    let dir = tempfile::tempdir().expect("temp");
    write(
        dir.path(),
        "root.json",
        "{\n  \"openapi\": \"3.1.0\",\n  \"info\": {\"title\": \"T\", \"version\": \"1\"},\n  \"paths\": {},\n  \"paths\": {}\n}\n",
    );
    let err = load(&dir.path().join("root.json"), &LoadOptions::default()).expect_err("dup");
    assert!(err.to_string().contains("duplicate key `paths`"), "{err}");
    assert_eq!(err.location().and_then(|l| l.line), Some(5), "{err}");
}

#[test]
fn a_root_option_lets_spec_openapi_yaml_reach_a_sibling_common_folder() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    std::fs::create_dir_all(root.join("spec")).expect("mkdir");
    std::fs::create_dir_all(root.join("common")).expect("mkdir");
    std::fs::write(
        root.join("spec/openapi.yaml"),
        "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Pet:\n      $ref: '../common/pet.yaml'\n",
    )
    .expect("write");
    std::fs::write(
        root.join("common/pet.yaml"),
        "type: object\nproperties:\n  id: {type: string}\n",
    )
    .expect("write");
    let spec = root.join("spec/openapi.yaml");
    // Refused by default, with a help line naming the option.
    let error = load(&spec, &LoadOptions::default()).expect_err("outside the spec's folder");
    let text = error.to_string();
    assert!(text.contains("refused"), "{text}");
    assert!(
        text.lines()
            .any(|l| l.starts_with("help:") && l.contains("--root") && l.contains("Config::root")),
        "{text}"
    );
    // With the layout's top folder as the root, it loads.
    let options = LoadOptions {
        root: Some(root.to_path_buf()),
        ..LoadOptions::default()
    };
    let loaded = load(&spec, &options).expect("loads with the root option");
    assert_eq!(loaded.files().count(), 2);
    // A root that does not hold the referenced file still refuses.
    let options = LoadOptions {
        root: Some(root.join("spec")),
        ..LoadOptions::default()
    };
    assert!(load(&spec, &options).is_err());
}

//! Every class of mistake in a document is reported with its file, line and column, its JSON
//! pointer, what was expected and what was found, and a snippet of the source; the exit code
//! is 1 and nothing is written.

use std::path::Path;
use std::process::Command;

/// Writes `files` (the first is the root document), runs `gen generate` on the root and
/// returns stderr after checking the exit code, the absence of panics and of output.
fn diagnose(files: &[(&str, &str)]) -> String {
    let dir = tempfile::tempdir().expect("temp dir");
    for (name, text) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }
    let out_dir = dir.path().join("out");
    let out = Command::new(env!("CARGO_BIN_EXE_gen"))
        .arg("generate")
        .arg(dir.path().join(files[0].0))
        .arg("-o")
        .arg(&out_dir)
        .output()
        .expect("gen runs");
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(!out_dir.exists(), "nothing may be written: {err}");
    err
}

/// Asserts the parts every diagnostic must have.
fn assert_diagnostic(err: &str, file_line_col: &str, pointer: &str, snippet: &str, what: &[&str]) {
    assert!(
        err.contains(file_line_col),
        "file:line:col `{file_line_col}` in\n{err}"
    );
    assert!(err.contains(pointer), "pointer `{pointer}` in\n{err}");
    // The snippet shows the source line with its number, and the pointer as its label.
    assert!(err.contains(snippet), "snippet `{snippet}` in\n{err}");
    assert!(err.contains("╰──"), "a labelled snippet in\n{err}");
    for w in what {
        assert!(err.contains(w), "`{w}` in\n{err}");
    }
}

const HEAD: &str = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\n";

#[test]
fn yaml_syntax_error() {
    let err = diagnose(&[(
        "api.yaml",
        "openapi: 3.0.3\ninfo:\n  title: [unclosed\n  version: '1'\npaths: {}\n",
    )]);
    assert_diagnostic(
        &err,
        "api.yaml:4:",
        "#/info/title",
        "3 │   title: [unclosed",
        &["invalid YAML"],
    );
}

#[test]
fn json_syntax_error() {
    let err = diagnose(&[(
        "api.json",
        "{\n  \"openapi\": \"3.1.0\",\n  \"info\": {\"title\": \"T\" \"version\": \"1\"}\n}\n",
    )]);
    assert_diagnostic(
        &err,
        "api.json:3:",
        "#/info",
        "3 │   \"info\": {\"title\": \"T\" \"version\": \"1\"}",
        &["invalid JSON", "expected"],
    );
}

#[test]
fn duplicate_key() {
    let err = diagnose(&[(
        "api.yaml",
        "openapi: 3.0.3\ninfo:\n  title: T\n  version: '1'\n  title: U\npaths: {}\n",
    )]);
    assert_diagnostic(
        &err,
        "api.yaml:5:",
        "#/info/title",
        "5 │   title: U",
        &["duplicate key `title`", "expected each key once"],
    );
}

#[test]
fn swagger_2_and_unknown_versions() {
    let err = diagnose(&[(
        "api.yaml",
        "swagger: '2.0'\ninfo: {title: T, version: '1'}\n",
    )]);
    assert_diagnostic(
        &err,
        "api.yaml:1:10",
        "#/swagger",
        "1 │ swagger: '2.0'",
        &["Swagger 2.0", "OpenAPI 3.0 and 3.1"],
    );
    let err = diagnose(&[(
        "api.yaml",
        "openapi: 4.0.0\ninfo: {title: T, version: '1'}\n",
    )]);
    assert_diagnostic(
        &err,
        "api.yaml:1:10",
        "#/openapi",
        "1 │ openapi: 4.0.0",
        &["expected OpenAPI version 3.0.x or 3.1.x, found \"4.0.0\""],
    );
    let err = diagnose(&[("api.yaml", "openapi: 3.1\ninfo: {title: T, version: '1'}\n")]);
    assert_diagnostic(
        &err,
        "api.yaml:1:10",
        "#/openapi",
        "1 │ openapi: 3.1",
        &["expected the version as a string", "found a number"],
    );
}

#[test]
fn dangling_ref_in_another_file() {
    let err = diagnose(&[
        (
            "api.yaml",
            &format!("{HEAD}components:\n  schemas:\n    Pet:\n      $ref: models/pet.yaml\n"),
        ),
        (
            "models/pet.yaml",
            "type: object\nproperties:\n  owner:\n    $ref: '#/definitions/Owner'\n",
        ),
    ]);
    assert_diagnostic(
        &err,
        "pet.yaml:4:11",
        "#/properties/owner/$ref",
        "4 │     $ref: '#/definitions/Owner'",
        &["expected a node at #/definitions/Owner", "found none"],
    );
}

#[test]
fn ref_to_a_missing_file() {
    let err = diagnose(&[(
        "api.yaml",
        &format!("{HEAD}components:\n  schemas:\n    Pet:\n      $ref: models/nope.yaml\n"),
    )]);
    assert_diagnostic(
        &err,
        "api.yaml:7:13",
        "#/components/schemas/Pet/$ref",
        "7 │       $ref: models/nope.yaml",
        &["expected a readable file at", "nope.yaml, found:"],
    );
}

#[test]
fn refused_refs() {
    let err = diagnose(&[(
        "api/api.yaml",
        &format!("{HEAD}components:\n  schemas:\n    Pet:\n      $ref: ../../etc/passwd\n"),
    )]);
    assert_diagnostic(
        &err,
        "api.yaml:7:13",
        "#/components/schemas/Pet/$ref",
        "7 │       $ref: ../../etc/passwd",
        &[
            "refused",
            "outside the folder tree references may reach",
            "help: ",
        ],
    );
    let err = diagnose(&[(
        "api.yaml",
        &format!(
            "{HEAD}components:\n  schemas:\n    Pet:\n      $ref: 'https://example.com/pet.yaml'\n"
        ),
    )]);
    assert_diagnostic(
        &err,
        "api.yaml:7:13",
        "#/components/schemas/Pet/$ref",
        "$ref: 'https://example.com/pet.yaml'",
        &["refused", "never fetches"],
    );
}

#[test]
fn malformed_ref() {
    let err = diagnose(&[(
        "api.yaml",
        &format!("{HEAD}components:\n  schemas:\n    Pet:\n      $ref: '#pet'\n"),
    )]);
    assert_diagnostic(
        &err,
        "api.yaml:7:13",
        "#/components/schemas/Pet/$ref",
        "7 │       $ref: '#pet'",
        &["only JSON pointers"],
    );
}

#[test]
fn wrong_shape_found_by_lowering() {
    let err = diagnose(&[(
        "api.yaml",
        &format!("{HEAD}components:\n  schemas:\n    Pet:\n      type: object\n      properties:\n        name: 42\n"),
    )]);
    assert_diagnostic(
        &err,
        "api.yaml:9:15",
        "#/components/schemas/Pet/properties/name",
        "9 │         name: 42",
        &["expected a schema (a mapping), found the number 42"],
    );
}

#[test]
fn unknown_type_in_another_file() {
    let err = diagnose(&[
        (
            "api.yaml",
            &format!("{HEAD}components:\n  schemas:\n    Pet:\n      $ref: models/pet.yaml\n"),
        ),
        (
            "models/pet.yaml",
            "type: object\nproperties:\n  age:\n    type: integr\n",
        ),
    ]);
    assert_diagnostic(
        &err,
        "pet.yaml:4:11",
        "#/properties/age/type",
        "4 │     type: integr",
        &[
            "expected a JSON Schema type, not `integr`",
            "found the string \"integr\"",
        ],
    );
}

#[test]
fn bad_operation_and_parameter() {
    let err = diagnose(&[(
        "api.yaml",
        "openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths:\n  /pets:\n    get:\n      parameters:\n        - name: limit\n          in: body\n      responses: {}\n",
    )]);
    assert_diagnostic(
        &err,
        "api.yaml:8:15",
        "#/paths/~1pets/get/parameters/0/in",
        "8 │           in: body",
        &["expected `path`, `query`, `header` or `cookie`, found the string \"body\""],
    );
}

#[test]
fn security_requirement_naming_an_undeclared_scheme() {
    let err = diagnose(&[(
        "api.yaml",
        "openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths:\n  /pets:\n    get:\n      security:\n        - petstore_auth: []\n      responses: {}\n",
    )]);
    assert_diagnostic(
        &err,
        "api.yaml:7:26",
        "#/paths/~1pets/get/security/0/petstore_auth",
        "7 │         - petstore_auth: []",
        &["`petstore_auth`", "does not declare"],
    );
}

#[test]
fn reference_cycle_across_files() {
    let err = diagnose(&[
        (
            "api.yaml",
            &format!("{HEAD}components:\n  schemas:\n    A:\n      $ref: b.yaml#/B\n"),
        ),
        ("b.yaml", "B:\n  $ref: api.yaml#/components/schemas/A\n"),
    ]);
    assert_diagnostic(
        &err,
        "b.yaml:2:3",
        "#/B",
        "2 │   $ref: api.yaml#/components/schemas/A",
        &["reference cycle"],
    );
}

#[test]
fn reference_cycle_in_one_file() {
    let err = diagnose(&[(
        "api.yaml",
        &format!("{HEAD}components:\n  schemas:\n    A:\n      $ref: '#/components/schemas/B'\n    B:\n      $ref: '#/components/schemas/A'\n"),
    )]);
    assert_diagnostic(
        &err,
        "api.yaml:",
        "#/components/schemas/",
        "$ref: '#/components/schemas/",
        &["reference cycle"],
    );
}

#[test]
fn the_spec_file_itself_is_missing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = Command::new(env!("CARGO_BIN_EXE_gen"))
        .arg("generate")
        .arg(Path::new("no/such/api.yaml"))
        .arg("-o")
        .arg(dir.path().join("out"))
        .output()
        .expect("gen runs");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1));
    assert!(err.contains("no/such/api.yaml: cannot read file"), "{err}");
}

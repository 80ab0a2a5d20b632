//! The `gen` binary as a user runs it: generation, determinism, drift checks, and clear
//! errors (exit 1, file, line, JSON pointer, nothing written) for bad input.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn gen(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gen"))
        .args(args)
        .output()
        .expect("gen runs")
}

fn spec(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../specs")
        .join(name)
        .display()
        .to_string()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write fixture");
    path
}

/// Runs `gen generate` on `text` saved as `name`; asserts exit 1, no panic, nothing written.
fn bad_input(name: &str, text: &str) -> String {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = write(dir.path(), name, text);
    let out_dir = dir.path().join("out");
    let out = gen(&[
        "generate",
        path.to_str().expect("utf-8"),
        "-o",
        out_dir.to_str().expect("utf-8"),
    ]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "exit code for {name}: {err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(!out_dir.exists(), "nothing may be written on error");
    assert!(err.contains(name), "the message names the file: {err}");
    err
}

const MINIMAL: &str = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\n";

#[test]
fn generates_modules_and_is_deterministic() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("dfns");
    let first = gen(&[
        "generate",
        &spec("dfns-permissions.yaml"),
        "-o",
        out.to_str().expect("utf-8"),
    ]);
    assert!(first.status.success(), "{}", stderr(&first));
    let models = std::fs::read_to_string(out.join("models.rs")).expect("models.rs written");
    assert!(models.contains("pub struct AssignPermissionRequest"));
    assert!(std::fs::read_to_string(out.join("mod.rs"))
        .expect("mod.rs")
        .contains("include!(\"models.rs\")"));

    let second = gen(&[
        "generate",
        &spec("dfns-permissions.yaml"),
        "-o",
        out.to_str().expect("utf-8"),
    ]);
    assert!(second.status.success());
    assert_eq!(
        std::fs::read_to_string(out.join("models.rs")).expect("models.rs"),
        models
    );
    assert!(
        stderr(&second).contains("(0 of 2 files changed)"),
        "{}",
        stderr(&second)
    );
}

#[test]
fn check_reports_drift_with_a_diff() {
    let dir = tempfile::tempdir().expect("temp dir");
    let spec_text = std::fs::read_to_string(spec("authentik-rbac.yaml")).expect("spec");
    let spec_path = write(dir.path(), "authentik.yaml", &spec_text);
    let out = dir.path().join("out");
    let (spec_arg, out_arg) = (
        spec_path.to_str().expect("utf-8"),
        out.to_str().expect("utf-8"),
    );

    let missing = gen(&["check", spec_arg, "-o", out_arg]);
    assert_eq!(missing.status.code(), Some(1), "{}", stderr(&missing));
    assert!(stderr(&missing).contains("missing:"));

    assert!(gen(&["generate", spec_arg, "-o", out_arg]).status.success());
    let clean = gen(&["check", spec_arg, "-o", out_arg]);
    assert_eq!(clean.status.code(), Some(0), "{}", stderr(&clean));

    write(
        dir.path(),
        "authentik.yaml",
        &spec_text.replace(
            "description: Generic API Error",
            "description: A generic API error",
        ),
    );
    let drift = gen(&["check", spec_arg, "-o", out_arg]);
    assert_eq!(drift.status.code(), Some(1), "{}", stderr(&drift));
    let err = stderr(&drift);
    assert!(
        err.contains("-/// Generic API Error") && err.contains("+/// A generic API error"),
        "{err}"
    );

    assert!(gen(&["generate", spec_arg, "-o", out_arg]).status.success());
    assert_eq!(
        gen(&["check", spec_arg, "-o", out_arg]).status.code(),
        Some(0)
    );
}

#[test]
fn missing_file_is_a_clear_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out_dir = dir.path().join("out");
    let out = gen(&[
        "generate",
        "no/such/spec.yaml",
        "-o",
        out_dir.to_str().expect("utf-8"),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("no/such/spec.yaml") && err.contains("cannot read file"),
        "{err}"
    );
    assert!(!out_dir.exists());
}

#[test]
fn yaml_syntax_error_names_file_and_line() {
    let err = bad_input(
        "broken.yaml",
        "openapi: 3.0.3\ninfo:\n  title: [unclosed\n  version: '1'\npaths: {}\n",
    );
    assert!(err.contains("broken.yaml:"), "{err}");
    assert!(err.contains("invalid YAML"), "{err}");
    // A snippet of the source is shown.
    assert!(err.contains("title: [unclosed"), "{err}");
}

#[test]
fn json_syntax_error_names_file_line_and_column() {
    let err = bad_input(
        "broken.json",
        "{\n  \"openapi\": \"3.1.0\",\n  \"info\": {\"title\": \"T\" \"version\": \"1\"}\n}\n",
    );
    assert!(err.contains("broken.json:3:"), "{err}");
    assert!(err.contains("invalid JSON"), "{err}");
}

#[test]
fn dangling_ref_names_file_line_and_pointer() {
    let text = format!(
        "{MINIMAL}components:\n  schemas:\n    Pet:\n      type: object\n      properties:\n        owner:\n          $ref: '#/components/schemas/Owner'\n"
    );
    let err = bad_input("dangling.yaml", &text);
    assert!(
        err.contains("dangling.yaml:10:"),
        "the line of the $ref: {err}"
    );
    assert!(
        err.contains("#/components/schemas/Pet/properties/owner/$ref"),
        "the pointer: {err}"
    );
    assert!(err.contains("points to nothing"), "{err}");
}

#[test]
fn swagger_2_is_refused_with_a_reason() {
    let err = bad_input(
        "swagger.yaml",
        "swagger: '2.0'\ninfo: {title: T, version: '1'}\npaths: {}\n",
    );
    assert!(
        err.contains("Swagger 2.0") && err.contains("OpenAPI 3.0 and 3.1"),
        "{err}"
    );
}

#[test]
fn wrong_shape_is_reported_with_its_pointer() {
    let text = format!("{MINIMAL}components:\n  schemas:\n    Pet:\n      type: object\n      properties:\n        name: 42\n");
    let err = bad_input("shape.yaml", &text);
    assert!(
        err.contains("#/components/schemas/Pet/properties/name"),
        "{err}"
    );
    assert!(err.contains("expected a schema"), "{err}");
}

#[test]
fn crate_layout_is_complete() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("dfns");
    let run = gen(&[
        "generate",
        &spec("dfns-permissions.yaml"),
        "-o",
        out.to_str().expect("utf-8"),
        "--crate",
        "dfns",
    ]);
    assert!(run.status.success(), "{}", stderr(&run));
    let cargo = std::fs::read_to_string(out.join("Cargo.toml")).expect("Cargo.toml");
    assert!(
        cargo.contains("name = \"dfns\"") && cargo.contains("chrono") && cargo.contains("serde"),
        "{cargo}"
    );
    assert!(std::fs::read_to_string(out.join("src/lib.rs"))
        .expect("lib.rs")
        .contains("pub mod models;"));
    assert!(out.join("src/models.rs").exists() && out.join("README.md").exists());

    let bad = gen(&[
        "generate",
        &spec("dfns-permissions.yaml"),
        "-o",
        out.to_str().expect("utf-8"),
        "--crate",
        "9 bad",
    ]);
    assert_eq!(bad.status.code(), Some(1));
}

#[test]
fn errors_in_minified_json_do_not_panic() {
    // One-line JSON with a dangling $ref: the message still names file, line, column and pointer.
    let doc = format!(
        "{{\"openapi\":\"3.0.0\",\"info\":{{\"title\":\"T\",\"version\":\"1\",\"description\":\"{}\"}},\"paths\":{{}},\"components\":{{\"schemas\":{{\"A\":{{\"$ref\":\"#/components/schemas/B\"}}}}}}}}",
        "x".repeat(300_000)
    );
    let err = bad_input("minified.json", &doc);
    assert!(err.contains("minified.json:1:"), "{err}");
    assert!(err.contains("#/components/schemas/A/$ref"), "{err}");
}

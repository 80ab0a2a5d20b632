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
        stderr(&second).contains("(0 of 6 files changed)"),
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
    // A bad crate name is a usage error.
    assert_eq!(bad.status.code(), Some(2));
}

const UNSUPPORTED: &str = "openapi: 3.1.0
info: {title: W, version: '1'}
webhooks:
  newPet:
    post:
      parameters: [{name: x, in: header, schema: {type: string}}]
paths:
  /pets:
    get:
      operationId: listPets
      callbacks:
        onEvent: {}
      responses:
        '200':
          description: ok
          links:
            next: {operationId: listPets}
          content:
            application/json:
              schema:
                type: object
                properties:
                  a:
                    not: {type: string}
                  b:
                    type: object
                    patternProperties:
                      '^x': {type: string}
                  c:
                    if: {type: string}
                    then: {minLength: 1}
                  d:
                    type: string
                    xml: {name: D}
";

/// Every unsupported construct of `UNSUPPORTED`: (line, pointer suffix, words of the message).
const EXPECTED_WARNINGS: &[(usize, &str, &str)] = &[
    (
        6,
        "#/webhooks/newPet/post/parameters",
        "parameters of a webhook are not decoded",
    ),
    (
        17,
        "#/paths/~1pets/get/responses/200/links",
        "links of the `200` response",
    ),
    (24, "/properties/a/not", "`not` is not enforced"),
    (28, "/properties/b/patternProperties", "`patternProperties`"),
    (30, "/properties/c/if", "`if`/`then`/`else`"),
    (34, "/properties/d/xml", "`xml` hints are ignored"),
];

#[test]
fn unsupported_constructs_are_warned_with_line_and_pointer() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = write(dir.path(), "unsupported.yaml", UNSUPPORTED);
    let out_dir = dir.path().join("out");
    let (spec_arg, out_arg) = (
        path.to_str().expect("utf-8"),
        out_dir.to_str().expect("utf-8"),
    );
    let run = gen(&["generate", spec_arg, "-o", out_arg]);
    assert!(run.status.success(), "{}", stderr(&run));
    let err = stderr(&run);
    let warnings: Vec<&str> = err.lines().filter(|l| l.starts_with("warning: ")).collect();
    assert_eq!(warnings.len(), EXPECTED_WARNINGS.len(), "{err}");
    for (line, pointer, words) in EXPECTED_WARNINGS {
        assert!(
            warnings
                .iter()
                .any(|w| w.contains(&format!("unsupported.yaml:{line}:"))
                    && w.contains(pointer)
                    && w.contains(words)),
            "line {line}, {pointer}, {words} in\n{err}"
        );
    }

    // --deny-warnings: the same list as errors, exit 1, and the folder is left as it was.
    let before = std::fs::read_to_string(out_dir.join("models.rs")).expect("models.rs");
    write(
        dir.path(),
        "unsupported.yaml",
        &UNSUPPORTED.replace("title: W", "title: X"),
    );
    let denied = gen(&["generate", spec_arg, "-o", out_arg, "--deny-warnings"]);
    assert_eq!(denied.status.code(), Some(1));
    let err = stderr(&denied);
    assert_eq!(
        err.lines().filter(|l| l.starts_with("error: ")).count(),
        EXPECTED_WARNINGS.len() + 1,
        "{err}"
    );
    assert!(
        err.contains("6 warning(s) denied by --deny-warnings"),
        "{err}"
    );
    assert_eq!(
        std::fs::read_to_string(out_dir.join("models.rs")).expect("models.rs"),
        before
    );
    let check = gen(&["check", spec_arg, "-o", out_arg, "--deny-warnings"]);
    assert_eq!(
        check.status.code(),
        Some(2),
        "check: warnings denied are an error"
    );
}

#[test]
fn report_lists_what_was_and_was_not_generated() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = write(dir.path(), "unsupported.yaml", UNSUPPORTED);
    let spec_arg = path.to_str().expect("utf-8");

    let text = gen(&["report", spec_arg]);
    assert!(text.status.success(), "{}", stderr(&text));
    let stdout = String::from_utf8_lossy(&text.stdout);
    assert!(
        stdout.contains("W 1 (OpenAPI 3.1.0), read from 1 file(s)"),
        "{stdout}"
    );
    assert!(stdout.contains("Generated 1 type(s):"), "{stdout}");
    assert!(
        stdout.contains("ListPetsOk") && stdout.contains("struct, 4 field(s)"),
        "{stdout}"
    );
    assert!(stdout.contains("GET     /pets  list_pets"), "{stdout}");
    assert!(
        stdout.contains("POST    /newPet  new_pet  (webhooks/newPet)"),
        "{stdout}"
    );
    assert!(stdout.contains("generated approximately (6):"), "{stdout}");
    assert!(!dir.path().join("out").exists());

    let json = gen(&["report", spec_arg, "--format", "json"]);
    assert!(json.status.success());
    let report: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON report");
    assert_eq!(report["api"]["openapi"], "3.1.0");
    assert_eq!(report["types"][0]["name"], "ListPetsOk");
    assert_eq!(report["operations"][0]["method"], "GET");
    assert_eq!(report["operations"][0]["path"], "/pets");
    assert_eq!(report["webhooks"][0]["route"], "/newPet");
    assert_eq!(report["webhooks"][0]["declared_at"], "webhooks/newPet");
    let missing = report["not_generated"].as_array().expect("list");
    assert_eq!(missing.len(), EXPECTED_WARNINGS.len());
    assert!(missing
        .iter()
        .all(|w| w["line"].is_u64() && w["column"].is_u64()));
    assert!(missing
        .iter()
        .any(|w| w["pointer"] == "#/webhooks/newPet/post/parameters" && w["line"] == 6));

    let deny = gen(&["report", spec_arg, "--deny-warnings"]);
    assert_eq!(deny.status.code(), Some(1));

    // Types from other files name the file, relative to the root document's folder.
    let multi = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../oasforge/tests/fixtures/multi-file/openapi.yaml");
    let json = gen(&["report", multi.to_str().expect("utf-8"), "--format", "json"]);
    let report: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON report");
    assert_eq!(report["inputs"].as_array().map(Vec::len), Some(7));
    assert_eq!(report["types"][0]["name"], "Pet");
    assert_eq!(report["types"][0]["origin"], "schemas/pets/pet.yaml#");

    // A document without unsupported constructs says so.
    let clean = gen(&["report", &spec("dfns-permissions.yaml")]);
    assert!(clean.status.success());
    assert!(String::from_utf8_lossy(&clean.stdout).contains("Not generated: nothing"));
}

#[test]
fn check_after_a_one_line_change_and_after_regenerating() {
    let dir = tempfile::tempdir().expect("temp dir");
    let text = std::fs::read_to_string(spec("dfns-permissions.yaml")).expect("spec");
    let path = write(dir.path(), "dfns.yaml", &text);
    let out = dir.path().join("out");
    let (spec_arg, out_arg) = (path.to_str().expect("utf-8"), out.to_str().expect("utf-8"));
    assert!(gen(&["generate", spec_arg, "-o", out_arg]).status.success());
    assert_eq!(
        gen(&["check", spec_arg, "-o", out_arg]).status.code(),
        Some(0)
    );
    // One line: a new optional property.
    let changed = text.replacen(
        "              properties:\n",
        "              properties:\n                addedForDriftCheck: {type: string}\n",
        1,
    );
    assert_ne!(changed, text);
    write(dir.path(), "dfns.yaml", &changed);
    let drift = gen(&["check", spec_arg, "-o", out_arg]);
    assert_eq!(drift.status.code(), Some(1), "{}", stderr(&drift));
    assert!(
        stderr(&drift).contains("+    pub added_for_drift_check"),
        "{}",
        stderr(&drift)
    );
    assert!(gen(&["generate", spec_arg, "-o", out_arg]).status.success());
    assert_eq!(
        gen(&["check", spec_arg, "-o", out_arg]).status.code(),
        Some(0)
    );
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

#[test]
fn progress_shows_each_stage_only_when_asked_or_on_a_terminal() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out_dir = dir.path().join("out");
    let run = |extra: &[&str]| {
        let mut args = vec![
            "generate",
            "--progress",
            "always",
            "-o",
            out_dir.to_str().expect("utf-8"),
        ];
        args.extend_from_slice(extra);
        let spec = spec("authentik-rbac.yaml");
        args.push(&spec);
        let out = gen(&args);
        assert!(out.status.success(), "{}", stderr(&out));
        stderr(&out)
    };
    let shown = run(&[]);
    let stages: Vec<&str> = shown
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert_eq!(
        stages,
        ["Loaded", "Lowered", "Emitted", "generated"],
        "{shown}"
    );
    assert!(shown.contains("Loaded 1 file ("), "{shown}");
    assert!(
        shown.contains("Lowered 6 types, 1 operation in "),
        "{shown}"
    );
    // Not a terminal: no cursor control, the finished lines only.
    assert!(
        !shown.contains('\x1b') && !shown.contains('\r'),
        "{shown:?}"
    );

    let quiet = run(&["--quiet"]);
    assert_eq!(quiet, "");

    // Standard error is a pipe here, so `auto` (the default) shows nothing.
    let out = gen(&[
        "generate",
        "-o",
        out_dir.to_str().expect("utf-8"),
        &spec("authentik-rbac.yaml"),
    ]);
    let auto = stderr(&out);
    assert!(auto.starts_with("generated "), "{auto}");
    assert_eq!(auto.lines().count(), 1, "{auto}");
}

#[test]
fn a_crate_name_in_any_case_gives_a_snake_case_library() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out_dir = dir.path().join("out");
    let out = gen(&[
        "generate",
        &spec("authentik-rbac.yaml"),
        "-o",
        out_dir.to_str().expect("utf-8"),
        "--crate",
        "Authentik-RBAC",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let manifest = std::fs::read_to_string(out_dir.join("Cargo.toml")).expect("Cargo.toml");
    assert!(manifest.contains("name = \"Authentik-RBAC\""), "{manifest}");
    assert!(
        manifest.contains("[lib]\nname = \"authentik_rbac\""),
        "{manifest}"
    );
}

#[test]
fn reaches_the_options_config_has() {
    let dir = tempfile::tempdir().expect("temp dir");
    let run = |name: &str, extra: &[&str]| {
        let out_dir = dir.path().join(name);
        let mut args = vec!["generate", "--quiet", "--progress", "never"];
        // authentik's enums are only sent, never read from a response, so they are closed
        // unless `--open-enums` opens them (enums a response carries are always open).
        let spec = spec("authentik-rbac.yaml");
        args.push(&spec);
        args.extend(["-o", out_dir.to_str().expect("utf-8")]);
        args.extend(extra);
        let out = gen(&args);
        assert!(out.status.success(), "{name}: {}", stderr(&out));
        out_dir
    };
    let all = run("all", &[]);
    assert!(all.join("client.rs").exists() && all.join("server.rs").exists());
    let models = std::fs::read_to_string(all.join("models.rs")).expect("models");
    assert!(!models.contains("Unknown(String)"));

    let shaped = run("shaped", &["--open-enums", "--no-server"]);
    assert!(shaped.join("client.rs").exists());
    assert!(!shaped.join("server.rs").exists());
    let models = std::fs::read_to_string(shaped.join("models.rs")).expect("models");
    assert!(models.contains("Unknown(String)"), "open enums");

    let models_only = run("models", &["--no-client", "--no-server"]);
    assert!(!models_only.join("client.rs").exists());
    assert!(!models_only.join("operations.rs").exists());
}

#[test]
fn a_spec_folder_referencing_a_sibling_common_folder_needs_a_root() {
    // `spec/openapi.yaml` with `$ref: ../common/…`: refused from elsewhere with a help line
    // naming `--root`; generated with `--root`, and when run from the layout's top folder.
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir_all(dir.path().join("spec")).expect("mkdir");
    std::fs::create_dir_all(dir.path().join("common")).expect("mkdir");
    let spec = write(
        &dir.path().join("spec"),
        "openapi.yaml",
        "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Pet:\n      $ref: '../common/pet.yaml'\n",
    );
    write(
        &dir.path().join("common"),
        "pet.yaml",
        "type: object\nproperties:\n  id: {type: string}\n",
    );
    let spec = spec.to_str().expect("utf-8");
    let out_dir = dir.path().join("out");
    let out_text = out_dir.to_str().expect("utf-8");

    let refused = gen(&["generate", spec, "-o", out_text]);
    assert_eq!(refused.status.code(), Some(1), "{}", stderr(&refused));
    let err = stderr(&refused);
    assert!(
        err.lines()
            .any(|l| l.contains("help:") && l.contains("--root")),
        "{err}"
    );
    assert!(!out_dir.exists());

    let root = dir.path().to_str().expect("utf-8");
    let with_root = gen(&["generate", spec, "-o", out_text, "--root", root]);
    assert_eq!(with_root.status.code(), Some(0), "{}", stderr(&with_root));
    assert!(std::fs::read_to_string(out_dir.join("models.rs"))
        .expect("models.rs")
        .contains("pub struct Pet"));

    let from_top = Command::new(env!("CARGO_BIN_EXE_gen"))
        .args(["check", "spec/openapi.yaml", "-o", "out"])
        .current_dir(dir.path())
        .output()
        .expect("gen runs");
    assert_eq!(from_top.status.code(), Some(0), "{}", stderr(&from_top));
}

#[test]
fn mock_is_opt_in_and_answers_every_operation() {
    let dir = tempfile::tempdir().expect("temp dir");
    let spec = spec("dfns-permissions.yaml");
    let plain = dir.path().join("plain");
    let out = gen(&[
        "generate",
        "--quiet",
        &spec,
        "-o",
        plain.to_str().expect("utf-8"),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!plain.join("mock.rs").exists());

    let mocked = dir.path().join("mocked");
    let out = gen(&[
        "generate",
        "--quiet",
        "--mock",
        &spec,
        "-o",
        mocked.to_str().expect("utf-8"),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let mock = std::fs::read_to_string(mocked.join("mock.rs")).expect("mock.rs");
    assert!(mock.contains("impl Api for MockApi"), "{mock}");
    for method in [
        "async fn assign_permission",
        "async fn list_permission_assignments",
    ] {
        assert!(mock.contains(method), "{method}: {mock}");
    }
    assert!(
        mock.contains("AssignPermissionResponse::Ok(") && mock.contains("serde_json::from_str(")
    );
    let module = std::fs::read_to_string(mocked.join("mod.rs")).expect("mod.rs");
    assert!(module.contains("include!(\"mock.rs\")"), "{module}");
}

#[test]
fn report_names_the_streamed_responses_and_leaves_nothing_out() {
    let out = gen(&["report", &spec("streams.yaml")]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("watch_ticks  (streams: 200 server-sent events)"),
        "{text}"
    );
    assert!(
        text.contains("export_ticks  (streams: 200 JSON lines)"),
        "{text}"
    );
    assert!(
        text.contains("Not generated: nothing; every construct was generated."),
        "{text}"
    );
}

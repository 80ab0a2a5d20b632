//! The ledger of uses, seen from the output: for every fixture and spec (and a few small
//! specs below), every private function of a generated file is called in it, and every
//! dependency in `Cargo.toml` is used by the sources, and the other way round.

use std::path::{Path, PathBuf};

use oasforge::{EmitOptions, Layout, LoadOptions};

/// Whether `word` occurs in `text` as a whole identifier at least `times` times.
fn occurs(text: &str, word: &str, times: usize) -> bool {
    let is_ident = |c: char| c.is_ascii_alphanumeric() || c == '_';
    let mut count = 0;
    for (at, _) in text.match_indices(word) {
        let before = text[..at].chars().next_back();
        let after = text[at + word.len()..].chars().next();
        if !before.is_some_and(is_ident) && !after.is_some_and(is_ident) {
            count += 1;
        }
    }
    count >= times
}

/// Whether `text` names the crate path `path` (`regex::`, not `fancy_regex::`).
fn mentions(text: &str, path: &str) -> bool {
    text.match_indices(path).any(|(at, _)| {
        !text[..at]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
    })
}

/// Checks one generated crate; `label` names it in messages.
fn check(label: &str, spec: &Path) -> String {
    // Field by field on purpose: options added later keep their defaults.
    #[allow(clippy::field_reassign_with_default)]
    let options = {
        let mut options = EmitOptions::default();
        options.layout = Layout::Crate {
            name: "checked".to_owned(),
        };
        options
    };
    let generated = oasforge::generate(spec, &LoadOptions::default(), &options)
        .unwrap_or_else(|e| panic!("{label}: {e}"));
    let file = |name: &str| {
        generated
            .files
            .iter()
            .find(|f| f.path == Path::new(name))
            .map(|f| f.contents.as_str())
            .unwrap_or("")
    };
    let sources: Vec<&str> = [
        "src/models.rs",
        "src/validate.rs",
        "src/operations.rs",
        "src/client.rs",
        "src/server.rs",
    ]
    .iter()
    .map(|n| file(n))
    .collect();
    for (name, text) in [
        "src/models.rs",
        "src/validate.rs",
        "src/client.rs",
        "src/server.rs",
    ]
    .iter()
    .map(|n| (n, file(n)))
    {
        for line in text.lines() {
            let Some(rest) = line.strip_prefix("fn ") else {
                continue;
            };
            let function: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            assert!(
                occurs(text, &function, 2),
                "{label}: {name}: `{function}` is never called"
            );
        }
    }
    let cargo = file("Cargo.toml");
    let any = |path: &str| sources.iter().any(|s| mentions(s, path));
    let listed = |dep: &str| cargo.lines().any(|l| l.starts_with(&format!("{dep} = ")));
    for (dep, used) in [
        ("serde_json", any("serde_json::")),
        ("uuid", any("uuid::")),
        ("chrono", any("chrono::")),
        ("regex", any("regex::")),
        ("fancy-regex", any("fancy_regex::")),
        ("futures", mentions(file("src/client.rs"), "futures::")),
        (
            "serde_path_to_error",
            mentions(file("src/server.rs"), "serde_path_to_error::")
                || mentions(file("src/client.rs"), "serde_path_to_error::"),
        ),
    ] {
        assert_eq!(listed(dep), used, "{label}: dependency `{dep}`\n{cargo}");
    }
    assert_eq!(
        cargo.contains("\"multipart\""),
        file("src/client.rs").contains("multipart::"),
        "{label}: reqwest's multipart feature\n{cargo}"
    );
    file("src/server.rs").to_owned()
}

fn yaml_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    files
}

#[test]
fn fixtures_and_specs_use_every_helper_and_dependency_they_list() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut specs = yaml_files(&root.join("tests/fixtures"));
    specs.extend(yaml_files(&root.join("../../specs")));
    assert!(specs.len() >= 9, "{specs:?}");
    for spec in specs {
        check(&spec.display().to_string(), &spec);
    }
}

/// Writes `text` as a spec in a fresh folder and checks its crate; returns its `server.rs`.
fn check_text(label: &str, text: &str) -> String {
    let dir = tempfile::tempdir().expect("temporary folder");
    let spec = dir.path().join("spec.yaml");
    std::fs::write(&spec, text).expect("spec written");
    check(label, &spec)
}

#[test]
fn a_cookie_parameter_alone_brings_the_header_reader_it_calls() {
    let server = check_text(
        "cookie",
        r#"
openapi: 3.0.3
info: {title: Cookie, version: "1"}
paths:
  /items:
    get:
      operationId: listItems
      parameters:
        - {name: session, in: cookie, required: true, schema: {type: string}}
      responses:
        "204": {description: ok}
"#,
    );
    assert!(server.contains("fn cookie_values("), "{server}");
    assert!(server.contains("fn header_values("), "{server}");
}

#[test]
fn bearer_credentials_alone_bring_no_header_reader() {
    let server = check_text(
        "bearer",
        r#"
openapi: 3.0.3
info: {title: Bearer, version: "1"}
components:
  securitySchemes:
    token: {type: http, scheme: bearer}
security: [{token: []}]
paths:
  /items:
    get:
      operationId: listItems
      responses:
        "204": {description: ok}
"#,
    );
    assert!(server.contains("fn authorization<"), "{server}");
    assert!(!server.contains("fn header_values("), "{server}");
}

#[test]
fn multipart_pagination_and_formats() {
    check_text(
        "multipart",
        r#"
openapi: 3.0.3
info: {title: Upload, version: "1"}
paths:
  /files:
    post:
      operationId: upload
      requestBody:
        required: true
        content:
          multipart/form-data:
            schema:
              type: object
              properties:
                file: {type: string, format: binary}
                note: {type: string, format: email}
      responses:
        "204": {description: ok}
    get:
      operationId: listFiles
      parameters:
        - {name: offset, in: query, schema: {type: integer}}
        - {name: id, in: query, schema: {type: string, format: uuid}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  items: {type: array, items: {type: string, format: date}}
                  next: {type: string, pattern: "^(?=a)"}
"#,
    );
}

//! Patterns through the whole pipeline: ECMA-262 shorthand classes, the `fancy-regex`
//! fallback for lookaround and backreferences (with a generation-time warning naming the
//! pointer), and patterns no engine compiles (warned about and not enforced, never a panic).

use std::path::Path;
use std::process::Command;

use oasforge::{EmitOptions, Layout, LoadOptions};

const SPEC: &str = r#"
openapi: 3.1.0
info: { title: patterns, version: 1.0.0 }
paths: {}
components:
  schemas:
    Names:
      type: object
      properties:
        login:
          type: string
          pattern: '^(?!admin)[a-z]+$'
        twice:
          type: string
          pattern: '^(a+)-\1$'
        digits:
          type: string
          pattern: '^\d+$'
        control:
          type: string
          pattern: '^\cJ$'
    AssignmentId:
      description: An assignment id.
      type: string
      maxLength: 8
      pattern: '^as-[a-z0-9]{5}$'
    Limit:
      type: integer
      minimum: 1
      maximum: 500
    Page:
      type: object
      required: [id, limit]
      properties:
        id: { $ref: '#/components/schemas/AssignmentId' }
        limit: { $ref: '#/components/schemas/Limit' }
"#;

const MAIN: &str = r##"
use patterns::models::{AssignmentId, Limit, Names, Page};
use patterns::validate::Validate;

fn rules(json: &str) -> String {
    // Each constrained property is a newtype: a value that breaks it does not deserialize.
    let names: Names = match serde_json::from_str(json) {
        Ok(names) => names,
        Err(e) => return format!("rejected: {e}"),
    };
    match names.validate() {
        Ok(()) => "ok".to_owned(),
        Err(e) => e
            .violations()
            .iter()
            .map(|v| format!("{} {}", v.pointer, v.rule))
            .collect::<Vec<_>>()
            .join(","),
    }
}

fn main() {
    for json in [
        r#"{"login": "user", "twice": "aa-aa", "digits": "0123", "control": "x"}"#,
        r#"{"login": "admin"}"#,
        r#"{"twice": "aa-a"}"#,
        r#"{"digits": "١٢"}"#,
    ] {
        println!("{}", rules(json));
    }
    // Constrained newtypes: the constructors and deserialization check the constraints.
    let id: AssignmentId = "as-abcde".parse().expect("valid id");
    println!("{} {}", id.as_str(), id.len());
    match "as-abcdef".parse::<AssignmentId>() {
        Ok(_) => println!("accepted"),
        Err(e) => println!("{}", e.to_string().replace('\n', " | ")),
    }
    println!("{:?}", Limit::try_from(500).map(|l| l.get()));
    match Limit::try_from(0) {
        Ok(_) => println!("accepted"),
        Err(e) => println!("{e}"),
    }
    let page: Page = serde_json::from_str(r#"{"id": "as-abcde", "limit": 50}"#).expect("valid page");
    println!("{:?}", page.validate());
    match serde_json::from_str::<Page>(r#"{"id": "as-ABCDE", "limit": 50}"#) {
        Ok(_) => println!("accepted"),
        Err(e) => println!("{e}"),
    }
}
"##;

#[test]
fn lookaround_and_backreferences_fall_back_to_fancy_regex() {
    let work = tempfile::tempdir().expect("temp dir");
    let spec = work.path().join("patterns.yaml");
    std::fs::write(&spec, SPEC).expect("writes spec");
    let options = EmitOptions {
        layout: Layout::Crate {
            name: "patterns".to_owned(),
        },
        source_name: "patterns.yaml".to_owned(),
        ..EmitOptions::default()
    };
    let generated =
        oasforge::generate(&spec, &LoadOptions::default(), &options).expect("generates");

    // Generation time: each pattern the `regex` crate cannot take is reported at its pointer.
    let warnings = generated
        .warnings
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n");
    for pointer in [
        "/components/schemas/Names/properties/login/pattern",
        "/components/schemas/Names/properties/twice/pattern",
    ] {
        assert!(
            warnings
                .lines()
                .any(|w| w.contains(pointer) && w.contains("fancy-regex")),
            "{warnings}"
        );
    }
    assert!(
        warnings.lines().any(|w| w
            .contains("/components/schemas/Names/properties/control/pattern")
            && w.contains("not enforced")),
        "{warnings}"
    );
    assert!(!warnings.contains("properties/digits"), "{warnings}");

    let file = |name: &str| {
        generated
            .files
            .iter()
            .find(|f| f.path == Path::new(name))
            .map(|f| f.contents.clone())
            .unwrap_or_else(|| panic!("{name} generated"))
    };
    let manifest = file("Cargo.toml");
    assert!(manifest.contains("fancy-regex"), "{manifest}");
    assert!(manifest.contains("regex = "), "{manifest}");

    let out = work.path().join("patterns");
    oasforge::write_files(&out, &generated.files).expect("writes crate");
    let manifest = manifest.replace("[dependencies]\n", "[dependencies]\nserde_json = \"1\"\n");
    std::fs::write(out.join("Cargo.toml"), manifest).expect("manifest");
    std::fs::write(out.join("src/main.rs"), MAIN).expect("main");
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let clippy = Command::new(env!("CARGO"))
        .args(["clippy", "--quiet", "--lib", "--", "-D", "warnings"])
        .current_dir(&out)
        .env("CARGO_TARGET_DIR", root.join("target/generated-crates"))
        .output()
        .expect("cargo clippy runs");
    assert!(
        clippy.status.success(),
        "{}",
        String::from_utf8_lossy(&clippy.stderr)
    );
    let run = Command::new(env!("CARGO"))
        .args(["run", "--quiet"])
        .current_dir(&out)
        .env("CARGO_TARGET_DIR", root.join("target/generated-crates"))
        .output()
        .expect("cargo runs");
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let stdout = String::from_utf8_lossy(&run.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    // `\d` is ASCII-only as in ECMA-262, so Arabic-Indic digits do not match; the
    // uncompilable `control` pattern is not enforced.
    assert_eq!(
        lines,
        [
            "ok",
            "rejected: (root): \"admin\" violates pattern ^(?!admin)[a-z]+$ at line 1 column 18",
            "rejected: (root): \"aa-a\" violates pattern ^(a+)-\\1$ at line 1 column 17",
            "rejected: (root): \"١٢\" violates pattern ^\\d+$ at line 1 column 18",
            "as-abcde 8",
            "(root): \"as-abcdef\" (9 characters) violates maxLength 8 | (root): \"as-abcdef\" violates pattern ^as-[a-z0-9]{5}$",
            "Ok(500)",
            "(root): 0 violates minimum 1",
            "Ok(())",
            "(root): \"as-ABCDE\" violates pattern ^as-[a-z0-9]{5}$ at line 1 column 17",
        ]
    );
}

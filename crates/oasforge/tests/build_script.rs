//! `Config::generate` in a real build script, driven by real `cargo build`s: a second build
//! with an unchanged spec runs nothing again, an edited spec regenerates once, and a spec
//! touched without a change re-runs the build script but rewrites no file (so nothing that
//! includes them is stale).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::SystemTime;

const SPEC: &str = "openapi: 3.0.3
info: {title: Probe, version: '1'}
paths: {}
components:
  schemas:
    Pet:
      type: object
      required: [name]
      properties:
        name: {type: string}
";

/// The probe crate: a build script that generates `api/` from `spec.yaml`, and a library
/// that includes it.
fn probe(dir: &Path) {
    let oasforge = Path::new(env!("CARGO_MANIFEST_DIR"));
    let manifest = format!(
        "[package]
name = \"probe\"
version = \"0.0.0\"
edition = \"2021\"
publish = false

[workspace]

[dependencies]
serde = {{ version = \"1\", features = [\"derive\"] }}
serde_json = \"1\"

[build-dependencies]
oasforge = {{ path = {:?} }}
",
        oasforge.display().to_string()
    );
    std::fs::create_dir_all(dir.join("src")).expect("src/");
    std::fs::write(dir.join("Cargo.toml"), manifest).expect("Cargo.toml");
    // The workspace's lock file pins the same versions, so dependencies already built for
    // the generated-crate tests are reused and nothing needs resolving.
    std::fs::copy(oasforge.join("../../Cargo.lock"), dir.join("Cargo.lock")).expect("lock");
    std::fs::write(
        dir.join("build.rs"),
        "fn main() {\n    if let Err(e) = oasforge::Config::new().module_name(\"api\").generate(\"spec.yaml\") {\n        eprintln!(\"{e}\");\n        std::process::exit(1);\n    }\n}\n",
    )
    .expect("build.rs");
    std::fs::write(
        dir.join("src/lib.rs"),
        "//! Probe.\npub mod api {\n    include!(concat!(env!(\"OUT_DIR\"), \"/api/mod.rs\"));\n}\n",
    )
    .expect("lib.rs");
    std::fs::write(dir.join("spec.yaml"), SPEC).expect("spec");
}

/// One verbose `cargo build`; whether the build script ran.
fn build(dir: &Path, target: &Path) -> bool {
    let out = Command::new(env!("CARGO"))
        .args(["build", "-v", "--offline"])
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .output()
        .expect("cargo runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "the probe does not build:\n{stderr}");
    stderr
        .lines()
        .any(|l| l.contains("Running") && l.contains("probe") && l.contains("build-script-build"))
}

/// The generated `models.rs` of the probe, and when it was last written.
fn models(target: &Path) -> (PathBuf, SystemTime) {
    let build = target.join("debug/build");
    let path = std::fs::read_dir(&build)
        .expect("build/")
        .filter_map(|e| e.ok())
        .map(|e| e.path().join("out/api/models.rs"))
        .find(|p| p.exists())
        .expect("the build script wrote models.rs");
    let modified = std::fs::metadata(&path)
        .and_then(|m| m.modified())
        .expect("mtime");
    (path, modified)
}

#[test]
fn unchanged_specs_regenerate_nothing_and_edited_ones_regenerate_once() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    // Shared with the generated-crate tests, so the dependencies build once.
    let target = root.join("target/generated-crates");
    // The probe's own build outputs start afresh each run.
    if let Ok(entries) = std::fs::read_dir(target.join("debug/build")) {
        for entry in entries.filter_map(|e| e.ok()) {
            if entry.file_name().to_string_lossy().starts_with("probe-") {
                std::fs::remove_dir_all(entry.path()).expect("remove old probe output");
            }
        }
    }
    let dir = root.join("target/build-script-probe");
    let _ = std::fs::remove_dir_all(&dir);
    probe(&dir);

    assert!(
        build(&dir, &target),
        "the first build runs the build script"
    );
    let (path, first) = models(&target);
    assert!(std::fs::read_to_string(&path)
        .expect("models.rs")
        .contains("pub struct Pet"));

    assert!(
        !build(&dir, &target),
        "an unchanged spec runs nothing again"
    );
    assert_eq!(models(&target).1, first, "and rewrites nothing");

    // Touched, same content: the script runs (cargo compares times), files stay as they are.
    std::thread::sleep(std::time::Duration::from_millis(20));
    std::fs::write(dir.join("spec.yaml"), SPEC).expect("touch");
    assert!(
        build(&dir, &target),
        "a touched spec re-runs the build script"
    );
    assert_eq!(
        models(&target).1,
        first,
        "an unchanged result is not rewritten"
    );

    // Edited: regenerated once, then fresh again.
    std::fs::write(
        dir.join("spec.yaml"),
        SPEC.replace(
            "name: {type: string}",
            "name: {type: string}\n        age: {type: integer}",
        ),
    )
    .expect("edit");
    assert!(build(&dir, &target), "an edited spec regenerates");
    let (path, edited) = models(&target);
    assert_ne!(edited, first);
    assert!(std::fs::read_to_string(&path)
        .expect("models.rs")
        .contains("pub age: Option<i64>"));
    assert!(!build(&dir, &target), "once: the next build is fresh");
}

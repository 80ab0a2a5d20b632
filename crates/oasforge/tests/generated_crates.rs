//! Every spec in `specs/` generates a standalone crate that compiles with no warning under
//! `cargo clippy --all-targets -- -D warnings` (which includes `#![deny(warnings)]`), its
//! `examples/usage.rs` (the README's client call and server) included.

use std::path::{Path, PathBuf};
use std::process::Command;

use oasforge::{EmitOptions, Layout, LoadOptions, Parts};

#[test]
fn generated_crates_pass_clippy_with_warnings_denied() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut specs: Vec<PathBuf> = std::fs::read_dir(root.join("specs"))
        .expect("specs/")
        .map(|e| e.expect("entry").path())
        .filter(|p| {
            matches!(
                p.extension().and_then(|e| e.to_str()),
                Some("yaml" | "yml" | "json")
            )
        })
        .collect();
    specs.sort();
    // One target folder for all generated crates, so their dependencies build once.
    let target = root.join("target").join("generated-crates");
    let work = tempfile::tempdir().expect("temp dir");
    for spec in specs {
        let stem = spec
            .file_stem()
            .and_then(|s| s.to_str())
            .expect("name")
            .to_owned();
        let options = EmitOptions {
            layout: Layout::Crate { name: stem.clone() },
            source_name: format!("{stem}.yaml"),
            // The opt-in mock too, so that `MockApi` is checked against the server trait.
            parts: Parts {
                mock: true,
                ..Parts::all()
            },
            ..EmitOptions::default()
        };
        let generated =
            oasforge::generate(&spec, &LoadOptions::default(), &options).expect("generates");
        // The README's usage as a program: `clippy --all-targets` below compiles it.
        let has_operations = generated
            .files
            .iter()
            .any(|f| f.path == Path::new("src/server.rs"));
        let example = generated
            .files
            .iter()
            .any(|f| f.path == Path::new("examples/usage.rs"));
        assert_eq!(example, has_operations, "{stem}: examples/usage.rs");
        let dir = work.path().join(&stem);
        oasforge::write_files(&dir, &generated.files).expect("writes");
        let out = Command::new(env!("CARGO"))
            .args(["clippy", "--quiet", "--all-targets", "--", "-D", "warnings"])
            .current_dir(&dir)
            .env("CARGO_TARGET_DIR", &target)
            .output()
            .expect("cargo runs");
        assert!(
            out.status.success(),
            "{stem}: generated crate does not pass clippy:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("warning"), "{stem}: warnings:\n{stderr}");
        // The client part builds without the server part, and the models without either.
        for features in ["client", "server", ""] {
            let out = Command::new(env!("CARGO"))
                .args(["clippy", "--quiet", "--no-default-features"])
                .args(
                    (!features.is_empty())
                        .then_some(["--features", features])
                        .into_iter()
                        .flatten(),
                )
                .args(["--", "-D", "warnings"])
                .current_dir(&dir)
                .env("CARGO_TARGET_DIR", &target)
                .output()
                .expect("cargo runs");
            assert!(
                out.status.success(),
                "{stem} with features [{features}]: does not pass clippy:\n{}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
    }
}

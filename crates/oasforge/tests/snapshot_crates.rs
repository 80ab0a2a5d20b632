//! The fixture snapshots (`snapshots/fixture-*__models.rs.snap`) are code that compiles: each
//! is put, as `src/models.rs`, into the crate generated for its fixture, and the crate must
//! pass `cargo check` with warnings denied. A snapshot accepted with code that does not
//! compile fails here.

use std::path::Path;
use std::process::Command;

use oasforge::{EmitOptions, Layout, LoadOptions};

/// The snapshot's contents: what follows insta's header.
fn snapshot_body(text: &str) -> &str {
    text.strip_prefix("---\n")
        .and_then(|rest| rest.split_once("\n---\n"))
        .map_or(text, |(_, body)| body)
}

#[test]
fn fixture_snapshots_compile() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut snapshots: Vec<_> = std::fs::read_dir(root.join("snapshots"))
        .expect("snapshots/")
        .map(|e| e.expect("entry").path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("fixture-") && n.ends_with("__models.rs.snap"))
        })
        .collect();
    snapshots.sort();
    assert!(snapshots.len() >= 8, "{snapshots:?}");
    // One target folder for all generated crates, so their dependencies build once.
    let target = root.join("target").join("generated-crates");
    let work = tempfile::tempdir().expect("temp dir");
    for snapshot in snapshots {
        let name = snapshot
            .file_name()
            .and_then(|n| n.to_str())
            .expect("name")
            .trim_start_matches("fixture-")
            .trim_end_matches("__models.rs.snap")
            .to_owned();
        let (stem, open_enums) = match name.strip_suffix("-open") {
            Some(stem) => (stem.to_owned(), true),
            None => (name.clone(), false),
        };
        let spec = root
            .join("crates/oasforge/tests/fixtures")
            .join(format!("{stem}.yaml"));
        let options = EmitOptions {
            layout: Layout::Crate {
                name: format!("snapshot-{name}"),
            },
            source_name: format!("{stem}.yaml"),
            open_enums,
            ..EmitOptions::default()
        };
        let generated =
            oasforge::generate(&spec, &LoadOptions::default(), &options).expect("generates");
        let dir = work.path().join(&name);
        oasforge::write_files(&dir, &generated.files).expect("writes");
        let text = std::fs::read_to_string(&snapshot).expect("snapshot reads");
        std::fs::write(dir.join("src/models.rs"), snapshot_body(&text)).expect("models written");
        let out = Command::new(env!("CARGO"))
            .args(["check", "--quiet", "--no-default-features"])
            .current_dir(&dir)
            .env("CARGO_TARGET_DIR", &target)
            .env("RUSTFLAGS", "-D warnings")
            .output()
            .expect("cargo runs");
        assert!(
            out.status.success(),
            "{}: the snapshot does not compile:\n{}",
            snapshot.display(),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn the_snapshot_header_is_cut_off() {
    let text = "---\nsource: x\ndescription: \"y\"\n---\n// code\nfn f() {}\n";
    assert_eq!(snapshot_body(text), "// code\nfn f() {}\n");
}

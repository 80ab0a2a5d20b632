//! Snapshots of the generated code for every spec in `specs/`, one snapshot file per
//! generated file, stored in `snapshots/` at the repository root so reviewers see changes
//! to generated code as plain diffs.

use std::path::{Path, PathBuf};

use oasforge::{EmitOptions, Layout, LoadOptions, Parts};

fn specs() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../specs");
    let mut specs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("specs/ exists")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| {
            matches!(
                p.extension().and_then(|e| e.to_str()),
                Some("yaml" | "yml" | "json")
            )
        })
        .collect();
    specs.sort();
    specs
}

#[test]
fn generated_code_matches_snapshots() {
    let specs = specs();
    assert!(specs.len() >= 2, "expected the seed specs in specs/");
    for spec in specs {
        let stem = spec
            .file_stem()
            .and_then(|s| s.to_str())
            .expect("utf-8 name")
            .to_owned();
        let options = EmitOptions {
            layout: Layout::Module,
            source_name: spec
                .file_name()
                .and_then(|s| s.to_str())
                .expect("utf-8 name")
                .to_owned(),
            parts: Parts::all(),
            ..EmitOptions::default()
        };
        let generated = oasforge::generate(&spec, &LoadOptions::default(), &options)
            .unwrap_or_else(|e| panic!("{}: {e}", spec.display()));
        for file in &generated.files {
            let name = format!("{stem}__{}", file.path.display()).replace(['/', '\\'], "__");
            insta::with_settings!({
                snapshot_path => "../../../snapshots",
                prepend_module_to_snapshot => false,
                omit_expression => true,
                description => format!("gen generate specs/{}.{} -o DIR: {}", stem, spec.extension().and_then(|e| e.to_str()).unwrap_or(""), file.path.display()),
            }, {
                insta::assert_snapshot!(name, &file.contents);
            });
        }
    }
}

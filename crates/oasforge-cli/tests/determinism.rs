//! The same input gives byte-identical output across runs. Each run is a separate process,
//! so hash maps are seeded differently each time: output that depended on their iteration
//! order would differ.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

fn read_tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("read dir").flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path.strip_prefix(dir).expect("inside").to_path_buf();
                out.insert(rel, std::fs::read(&path).expect("read"));
            }
        }
    }
    out
}

fn inputs() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut specs: Vec<PathBuf> = std::fs::read_dir(root.join("specs"))
        .expect("specs/")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "json"))
        .collect();
    specs.sort();
    specs.push(root.join("crates/oasforge/tests/fixtures/multi-file/openapi.yaml"));
    specs
}

fn gen(args: &[&std::ffi::OsStr]) -> std::process::Output {
    let out = Command::new(env!("CARGO_BIN_EXE_gen"))
        .args(args)
        .output()
        .expect("gen runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

#[test]
fn generation_is_byte_identical_across_processes() {
    let dir = tempfile::tempdir().expect("temp");
    for (i, spec) in inputs().iter().enumerate() {
        for layout in [None, Some("api")] {
            let trees: Vec<BTreeMap<PathBuf, Vec<u8>>> = (0..3)
                .map(|run| {
                    let out = dir.path().join(format!("{i}-{layout:?}-{run}"));
                    let mut args: Vec<&std::ffi::OsStr> = vec![
                        "generate".as_ref(),
                        spec.as_os_str(),
                        "-o".as_ref(),
                        out.as_os_str(),
                    ];
                    if let Some(name) = layout {
                        args.push("--crate".as_ref());
                        args.push(name.as_ref());
                    }
                    gen(&args);
                    read_tree(&out)
                })
                .collect();
            assert!(trees[0].len() >= 2, "{}", spec.display());
            for other in &trees[1..] {
                assert_eq!(
                    trees[0].keys().collect::<Vec<_>>(),
                    other.keys().collect::<Vec<_>>()
                );
                for (path, bytes) in &trees[0] {
                    assert!(
                        other[path] == *bytes,
                        "{} differs between runs for {}",
                        path.display(),
                        spec.display()
                    );
                }
            }
        }
    }
}

#[test]
fn reports_are_identical_across_processes() {
    for spec in inputs() {
        let runs: Vec<Vec<u8>> = (0..2)
            .map(|_| {
                gen(&[
                    "report".as_ref(),
                    spec.as_os_str(),
                    "--format".as_ref(),
                    "json".as_ref(),
                ])
                .stdout
            })
            .collect();
        assert!(!runs[0].is_empty());
        assert_eq!(runs[0], runs[1], "{}", spec.display());
    }
}

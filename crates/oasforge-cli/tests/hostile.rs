//! Hostile input to the `gen` binary: usage errors are exit 2, a closed standard error
//! never turns into a panic, and inputs that would hang or exhaust memory are refused.

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

const SPEC: &str = "openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths:\n  /things:\n    get:\n      operationId: listThings\n      responses:\n        '200': {description: ok}\ncomponents:\n  schemas:\n    Thing: {type: string}\n";

fn gen(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gen"))
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("gen runs")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn spec_in(dir: &Path) -> String {
    let path = dir.join("api.yaml");
    std::fs::write(&path, SPEC).expect("write spec");
    path.display().to_string()
}

#[test]
fn bad_and_reserved_crate_names_are_usage_errors() {
    let dir = tempfile::tempdir().expect("temp");
    let spec = spec_in(dir.path());
    let out_dir = dir.path().join("out");
    let out = out_dir.to_str().expect("utf-8");
    for name in ["../../evil", "a/b", "9lives", ""] {
        let result = gen(&["generate", &spec, "-o", out, "--crate", name]);
        assert_eq!(result.status.code(), Some(2), "{name}: {}", stderr(&result));
        assert!(
            stderr(&result).contains("not a crate name"),
            "{name}: {}",
            stderr(&result)
        );
    }
    for name in [
        "std",
        "self",
        "test",
        "core",
        "alloc",
        "proc_macro",
        "proc-macro",
        "super",
        "crate",
        "Std",
    ] {
        let result = gen(&["generate", &spec, "-o", out, "--crate", name]);
        assert_eq!(result.status.code(), Some(2), "{name}: {}", stderr(&result));
        assert!(
            stderr(&result).contains("reserved"),
            "{name}: {}",
            stderr(&result)
        );
    }
    assert!(!out_dir.exists(), "nothing is written on a usage error");
    let result = gen(&["generate", &spec, "-o", out, "--crate", "std-things"]);
    assert_eq!(result.status.code(), Some(0), "{}", stderr(&result));
}

/// Runs `gen` with standard error (and output) connected to pipes whose reading ends are
/// closed at once, as `gen … 2>&1 | true` does.
fn with_closed_outputs(args: &[&str]) -> std::process::ExitStatus {
    let mut child = Command::new(env!("CARGO_BIN_EXE_gen"))
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("gen runs");
    drop(child.stdout.take());
    drop(child.stderr.take());
    child.wait().expect("gen exits")
}

#[test]
fn closed_standard_error_is_never_a_panic() {
    let dir = tempfile::tempdir().expect("temp");
    let spec = spec_in(dir.path());
    let bad = dir.path().join("bad.yaml");
    std::fs::write(&bad, "openapi: 3.1.0\ninfo: [\n").expect("write");
    let bad = bad.display().to_string();
    let out = dir.path().join("out").display().to_string();
    let cases: [(&[&str], i32); 5] = [
        (&["generate", &spec, "-o", &out], 0),
        (&["generate", &bad, "-o", &out], 1),
        (&["check", &spec, "-o", "/nonexistent-folder"], 1),
        (&["report", &spec], 0),
        (&["report", &bad], 1),
    ];
    for (args, code) in cases {
        let status = with_closed_outputs(args);
        assert_eq!(status.code(), Some(code), "{args:?}");
    }
}

#[cfg(unix)]
#[test]
fn devices_fifos_and_folders_as_the_spec_are_refused_at_once() {
    let dir = tempfile::tempdir().expect("temp");
    let fifo = dir.path().join("spec.yaml");
    let made = Command::new("mkfifo").arg(&fifo).status().expect("mkfifo");
    assert!(made.success());
    let out = dir.path().join("out");
    for spec in [
        Path::new("/dev/zero"),
        Path::new("/dev/urandom"),
        fifo.as_path(),
        dir.path(),
    ] {
        let start = Instant::now();
        let result = gen(&[
            "generate",
            spec.to_str().expect("utf-8"),
            "-o",
            out.to_str().expect("utf-8"),
        ]);
        assert_eq!(
            result.status.code(),
            Some(1),
            "{spec:?}: {}",
            stderr(&result)
        );
        assert!(
            stderr(&result).contains("expected a regular file"),
            "{spec:?}: {}",
            stderr(&result)
        );
        assert!(start.elapsed() < Duration::from_secs(30), "{spec:?} hung");
    }
    assert!(!out.exists());
}

#[test]
fn the_input_limit_is_a_flag() {
    let dir = tempfile::tempdir().expect("temp");
    let spec = spec_in(dir.path());
    let out = dir.path().join("out").display().to_string();
    let result = gen(&["generate", &spec, "-o", &out, "--max-input-bytes", "100"]);
    assert_eq!(result.status.code(), Some(1), "{}", stderr(&result));
    assert!(
        stderr(&result).contains("more than the 100 bytes allowed"),
        "{}",
        stderr(&result)
    );
    let result = gen(&["report", &spec, "--max-input-bytes", "100000"]);
    assert_eq!(result.status.code(), Some(0), "{}", stderr(&result));
}

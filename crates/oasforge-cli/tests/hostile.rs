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

#[test]
fn alias_expansion_beyond_the_input_limit_is_a_located_error() {
    // 100 KB whose aliases multiply one 100 KB string 10× per level, used from a schema's
    // `x-` key: 10 GB once expanded.
    let mut text = format!("x-a0: &a0 \"{}\"\n", "x".repeat(100_000));
    for i in 1..6 {
        let items = vec![format!("*a{}", i - 1); 10].join(", ");
        text.push_str(&format!("x-a{i}: &a{i} [{items}]\n"));
    }
    text.push_str(&SPEC.replace("Thing: {type: string}", "Thing: {type: string, x-big: *a5}"));
    let dir = tempfile::tempdir().expect("temp");
    let path = dir.path().join("bomb.yaml");
    std::fs::write(&path, text).expect("write");
    let start = Instant::now();
    for args in [
        vec!["report", path.to_str().expect("utf-8")],
        vec![
            "generate",
            path.to_str().expect("utf-8"),
            "-o",
            dir.path().join("out").to_str().expect("utf-8"),
        ],
    ] {
        let result = gen(&args);
        let message = stderr(&result);
        // No snippet: the lines around the error are 100 KB wide.
        assert!(message.len() < 2000, "{}", &message[..2000]);
        assert_eq!(result.status.code(), Some(1), "{message}");
        assert!(message.contains("aliases expand to more than"), "{message}");
        assert!(message.contains("bomb.yaml:4:"), "{message}");
    }
    assert!(start.elapsed() < Duration::from_secs(30));
    assert!(!dir.path().join("out").exists());
}

#[test]
fn check_reports_files_no_longer_generated() {
    let dir = tempfile::tempdir().expect("temp");
    let spec = spec_in(dir.path());
    let out = dir.path().join("out").display().to_string();
    let result = gen(&["generate", &spec, "-o", &out, "--crate", "things"]);
    assert_eq!(result.status.code(), Some(0), "{}", stderr(&result));
    let no_paths = SPEC.replace(
        "paths:\n  /things:\n    get:\n      operationId: listThings\n      responses:\n        '200': {description: ok}\n",
        "paths: {}\n",
    );
    std::fs::write(&spec, no_paths).expect("rewrite");
    let result = gen(&["check", &spec, "-o", &out, "--crate", "things"]);
    assert_eq!(result.status.code(), Some(1), "{}", stderr(&result));
    assert!(
        stderr(&result).contains("stale: ") && stderr(&result).contains("server.rs"),
        "{}",
        stderr(&result)
    );
    let result = gen(&["generate", &spec, "-o", &out, "--crate", "things"]);
    assert_eq!(result.status.code(), Some(0), "{}", stderr(&result));
    assert!(!Path::new(&out).join("src/server.rs").exists());
    let result = gen(&["check", &spec, "-o", &out, "--crate", "things"]);
    assert_eq!(result.status.code(), Some(0), "{}", stderr(&result));
}

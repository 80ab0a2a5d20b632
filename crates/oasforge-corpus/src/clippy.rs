//! The clippy pass: for each document of the sample, `gen generate --crate`, then
//! `cargo clippy -- -D warnings` with both features, with `client` alone and with `server`
//! alone, all crates sharing one target folder (so dependencies build once). Records one
//! line per document and configuration (path, configuration, status, milliseconds, lint
//! classes) and one line per lint class that fired (path, configuration, class, count,
//! first message).

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value;

use crate::classify::{classify, kind, Class};
use crate::exec::{self, End, Limits};
use crate::list;
use crate::results::{self, Sink};

/// The feature configurations checked, by name.
pub const CONFIGS: [(&str, &[&str]); 3] = [
    ("both", &[]),
    ("client", &["--no-default-features", "--features", "client"]),
    ("server", &["--no-default-features", "--features", "server"]),
];

/// Settings of one clippy pass.
pub struct Pass<'a> {
    /// The corpus folder.
    pub corpus: &'a Path,
    /// The `gen` binary.
    pub gen: &'a Path,
    /// `cargo`.
    pub cargo: &'a Path,
    /// Where the generated crates are written (outside any workspace).
    pub crates: &'a Path,
    /// The one target folder of all generated crates.
    pub target: &'a Path,
    /// Folder of `clippy.tsv` and `lints.tsv`.
    pub results: &'a Path,
    /// Limits of generation.
    pub gen_limits: Limits,
    /// Limits of one clippy run.
    pub clippy_limits: Limits,
    /// Pass `--offline` to cargo.
    pub offline: bool,
    /// Keep the crates that pass (by default only failing ones are kept, for reading).
    pub keep: bool,
}

/// Status of one document in one configuration.
#[derive(Debug, PartialEq, Eq)]
enum Status {
    Ok,
    /// Only lints fired (denied warnings).
    Lints,
    /// The crate does not compile.
    Error,
    Timeout,
    /// Cargo itself failed (resolution, missing dependency, …).
    CargoFailed,
}

impl Status {
    fn name(&self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::Lints => "lints",
            Status::Error => "error",
            Status::Timeout => "timeout",
            Status::CargoFailed => "cargo-failed",
        }
    }
}

/// One lint class seen in one clippy run: how often, and the first message.
#[derive(Debug, Default)]
struct Seen {
    count: usize,
    example: String,
}

/// Runs the pass over `docs`, skipping those already recorded; returns how many ran.
pub fn run(pass: &Pass<'_>, docs: &[String]) -> std::io::Result<usize> {
    let runs_file = pass.results.join("clippy.tsv");
    let done = results::done(&runs_file, 1)?;
    let runs = Sink::open(&runs_file)?;
    let lints = Sink::open(&pass.results.join("lints.tsv"))?;
    let todo: Vec<&String> = docs.iter().filter(|d| !done.contains(*d)).collect();
    for (i, doc) in todo.iter().enumerate() {
        let name = list::crate_name(doc);
        let dir = pass.crates.join(&name);
        let _ = std::fs::remove_dir_all(&dir);
        let generated = generate(pass, doc, &name, &dir);
        if let Err((class, message)) = generated {
            eprintln!(
                "[{}/{}] {doc}: generation {}",
                i + 1,
                todo.len(),
                class.name()
            );
            runs.write(&[doc, "generate", class.name(), "0", &message])?;
            continue;
        }
        let mut all_ok = true;
        for (config, flags) in CONFIGS {
            let (status, millis, seen) = clippy(pass, &dir, flags);
            all_ok &= status == Status::Ok;
            let summary: Vec<String> = seen
                .iter()
                .map(|(class, s)| format!("{class}×{}", s.count))
                .collect();
            eprintln!(
                "[{}/{}] {doc} [{config}]: {} {} ms {}",
                i + 1,
                todo.len(),
                status.name(),
                millis,
                summary.join(" ")
            );
            for (class, s) in &seen {
                lints.write(&[doc, config, class, &s.count.to_string(), &s.example])?;
            }
            runs.write(&[
                doc,
                config,
                status.name(),
                &millis.to_string(),
                &summary.join(" "),
            ])?;
        }
        if all_ok && !pass.keep {
            let _ = std::fs::remove_dir_all(&dir);
        }
    }
    Ok(todo.len())
}

fn generate(pass: &Pass<'_>, doc: &str, name: &str, dir: &Path) -> Result<(), (Class, String)> {
    let spec = pass.corpus.join(doc);
    let (Some(spec), Some(out)) = (spec.to_str(), dir.to_str()) else {
        return Err((Class::OtherExit, "path is not UTF-8".into()));
    };
    let args = [
        "generate",
        spec,
        "-o",
        out,
        "--crate",
        name,
        "-q",
        "--progress",
        "never",
    ];
    let outcome = exec::run(pass.gen, &args, None, &[], pass.gen_limits)
        .map_err(|e| (Class::OtherExit, format!("gen did not run: {e}")))?;
    match classify(&outcome) {
        (Class::Ok, _) => Ok(()),
        failed => Err(failed),
    }
}

fn clippy(pass: &Pass<'_>, dir: &Path, flags: &[&str]) -> (Status, u128, BTreeMap<String, Seen>) {
    let mut args = vec!["clippy", "--message-format=json"];
    if pass.offline {
        args.push("--offline");
    }
    args.extend_from_slice(flags);
    args.extend_from_slice(&["--", "-D", "warnings"]);
    let env = [("CARGO_TARGET_DIR", pass.target)];
    let outcome = match exec::run(pass.cargo, &args, Some(dir), &env, pass.clippy_limits) {
        Ok(o) => o,
        Err(e) => {
            let mut seen = BTreeMap::new();
            seen.insert(
                "cargo did not run".to_owned(),
                Seen {
                    count: 1,
                    example: e.to_string(),
                },
            );
            return (Status::CargoFailed, 0, seen);
        }
    };
    let seen = messages(&outcome.stdout);
    let status = match outcome.end {
        End::TimedOut => Status::Timeout,
        End::Exited(0) if seen.is_empty() => Status::Ok,
        _ if seen.keys().any(|c| is_hard_error(c)) => Status::Error,
        _ if !seen.is_empty() => Status::Lints,
        _ => Status::CargoFailed,
    };
    let mut seen = seen;
    if status == Status::CargoFailed {
        let why = outcome
            .stderr
            .lines()
            .find(|l| l.trim_start().starts_with("error"))
            .unwrap_or_default();
        seen.insert(
            format!("cargo: {}", kind(why)),
            Seen {
                count: 1,
                example: why.to_owned(),
            },
        );
    }
    (status, outcome.millis, seen)
}

/// A class that is a compile error, not a denied lint: an `E0…` code or no code at all.
fn is_hard_error(class: &str) -> bool {
    class.starts_with("error: ")
        || (class.starts_with('E') && class[1..].bytes().all(|b| b.is_ascii_digit()))
}

/// The lint classes in cargo's JSON messages, with count and first message each. A message
/// with a code is classed by it (`unused_imports`, `clippy::len_zero`, `E0425`); an error
/// without a code by its text, particulars removed. Summary lines are skipped.
fn messages(stdout: &str) -> BTreeMap<String, Seen> {
    let mut seen: BTreeMap<String, Seen> = BTreeMap::new();
    for line in stdout.lines() {
        let Ok(value) = serde_json::from_str::<Value>(line) else {
            continue;
        };
        if value["reason"] != "compiler-message" {
            continue;
        }
        let message = &value["message"];
        let level = message["level"].as_str().unwrap_or_default();
        if level != "error" && level != "warning" {
            continue;
        }
        let text = message["message"].as_str().unwrap_or_default();
        if text.starts_with("aborting due to")
            || text.contains("warnings emitted")
            || text.contains("warning emitted")
            || text.starts_with("could not compile")
        {
            continue;
        }
        let class = match message["code"]["code"].as_str() {
            Some(code) => code.to_owned(),
            None => format!("{level}: {}", kind(text)),
        };
        let entry = seen.entry(class).or_default();
        if entry.count == 0 {
            let span = &message["spans"][0];
            entry.example = format!(
                "{}:{}: {text}",
                span["file_name"].as_str().unwrap_or("?"),
                span["line_start"].as_u64().unwrap_or(0)
            );
        }
        entry.count += 1;
    }
    seen
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_by_code_and_by_text() {
        let stdout = [
            r#"{"reason":"compiler-artifact"}"#,
            r#"{"reason":"compiler-message","message":{"level":"error","message":"unused import: `Serialize`","code":{"code":"unused_imports"},"spans":[{"file_name":"src/client.rs","line_start":4}]}}"#,
            r#"{"reason":"compiler-message","message":{"level":"error","message":"unused import: `Deserialize`","code":{"code":"unused_imports"},"spans":[{"file_name":"src/server.rs","line_start":9}]}}"#,
            r#"{"reason":"compiler-message","message":{"level":"error","message":"cannot find function `header_values` in this scope","code":{"code":"E0425"},"spans":[]}}"#,
            r#"{"reason":"compiler-message","message":{"level":"error","message":"aborting due to 3 previous errors","code":null,"spans":[]}}"#,
            r#"{"reason":"compiler-message","message":{"level":"error","message":"this file contains an unclosed delimiter","code":null,"spans":[]}}"#,
        ]
        .join("\n");
        let seen = messages(&stdout);
        let classes: Vec<&str> = seen.keys().map(String::as_str).collect();
        assert_eq!(
            classes,
            [
                "E0425",
                "error: this file contains an unclosed delimiter",
                "unused_imports"
            ]
        );
        assert_eq!(seen["unused_imports"].count, 2);
        assert_eq!(
            seen["unused_imports"].example,
            "src/client.rs:4: unused import: `Serialize`"
        );
        assert!(is_hard_error("E0425"));
        assert!(is_hard_error(
            "error: this file contains an unclosed delimiter"
        ));
        assert!(!is_hard_error("unused_imports"));
        assert!(!is_hard_error("clippy::len_zero"));
    }
}

//! Runs the whole pipeline over a folder of OpenAPI documents (the corpus fetched by
//! `bash ../shared/corpus/fetch.sh target/corpus`), writes a standalone crate for each,
//! runs `cargo check` on it and prints a Markdown table:
//! document, operations, schemas, generation time, generated lines, check result.
//!
//! ```text
//! cargo run --release -p oasforge-corpus -- target/corpus [--no-check] [--only NAME,NAME]
//!     [--target-dir DIR] [--crates-dir DIR]
//! ```
//!
//! All generated crates share one `CARGO_TARGET_DIR` (`target/corpus-check`), so their
//! dependencies compile once. The crates are written to `$TMPDIR/oasforge-corpus-crates/<name>`
//! (outside this workspace, so each is a package of its own).

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

use oasforge::{EmitOptions, Layout, LoadOptions};

/// One row of the table.
struct Row {
    document: String,
    operations: String,
    schemas: String,
    millis: String,
    lines: String,
    check: String,
}

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let mut corpus = PathBuf::from("target/corpus");
    let mut check = true;
    let mut only: Option<String> = None;
    let mut target_dir: Option<PathBuf> = None;
    let mut crates_dir: Option<PathBuf> = None;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--no-check" => check = false,
            "--only" => only = args.next(),
            "--target-dir" => target_dir = args.next().map(PathBuf::from),
            "--crates-dir" => crates_dir = args.next().map(PathBuf::from),
            _ => corpus = PathBuf::from(arg),
        }
    }
    let list = corpus.join("LIST.tsv");
    let Ok(text) = std::fs::read_to_string(&list) else {
        eprintln!(
            "{} not found: run `bash ../shared/corpus/fetch.sh {}` first",
            list.display(),
            corpus.display()
        );
        return ExitCode::FAILURE;
    };
    let documents: Vec<&str> = text
        .lines()
        .filter_map(|l| l.split('\t').next())
        .filter(|d| !d.is_empty())
        .filter(|d| {
            only.as_deref()
                .is_none_or(|o| o.split(',').any(|part| d.contains(part)))
        })
        .collect();
    // Outside the workspace, so each generated crate is a package of its own.
    let crates = crates_dir.unwrap_or_else(|| std::env::temp_dir().join("oasforge-corpus-crates"));
    let target = target_dir.unwrap_or_else(|| {
        std::env::current_dir()
            .map(|d| d.join("target/corpus-check"))
            .unwrap_or_else(|_| PathBuf::from("target/corpus-check"))
    });
    // Cargo runs in each crate's folder: the target folder must not be relative.
    let target = std::path::absolute(&target).unwrap_or(target);
    let mut rows = Vec::new();
    let mut failures = 0;
    for doc in documents {
        let row = run_one(&corpus.join(doc), doc, &crates, &target, check);
        if !row.check.starts_with("ok") {
            failures += 1;
        }
        eprintln!(
            "{}: {} ({} ms, {} lines)",
            row.document, row.check, row.millis, row.lines
        );
        rows.push(row);
    }
    println!("| document | operations | schemas | generation (ms) | generated lines | check |");
    println!("|---|---:|---:|---:|---:|---|");
    for r in &rows {
        println!(
            "| {} | {} | {} | {} | {} | {} |",
            r.document, r.operations, r.schemas, r.millis, r.lines, r.check
        );
    }
    println!("\n{} documents, {} failing", rows.len(), failures);
    if failures == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// The crate name for a corpus path: `adyen.com/LegalEntityService.json` → `adyen_com_legalentityservice`.
fn crate_name(doc: &str) -> String {
    let stem = doc.strip_suffix(".json").unwrap_or(doc);
    let mut name: String = stem
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect();
    if !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        name.insert_str(0, "api_");
    }
    name
}

fn run_one(path: &Path, doc: &str, crates: &Path, target: &Path, check: bool) -> Row {
    let name = crate_name(doc);
    let mut row = Row {
        document: doc.to_owned(),
        operations: "-".into(),
        schemas: "-".into(),
        millis: "-".into(),
        lines: "-".into(),
        check: String::new(),
    };
    let options = EmitOptions {
        layout: Layout::Crate { name: name.clone() },
        source_name: doc.rsplit('/').next().unwrap_or(doc).to_owned(),
        ..EmitOptions::default()
    };
    let start = Instant::now();
    let generated = match oasforge::generate(path, &LoadOptions::default(), &options) {
        Ok(g) => g,
        Err(e) => {
            row.check = format!("generation failed: {}", one_line(&e.to_string()));
            return row;
        }
    };
    row.millis = start.elapsed().as_millis().to_string();
    row.operations = generated.operations.to_string();
    row.schemas = generated.types.to_string();
    row.lines = generated
        .files
        .iter()
        .filter(|f| f.path.extension().is_some_and(|e| e == "rs"))
        .map(|f| f.contents.lines().count())
        .sum::<usize>()
        .to_string();
    let dir = crates.join(&name);
    if let Err(e) = oasforge::write_files(&dir, &generated.files) {
        row.check = format!("write failed: {}", one_line(&e.to_string()));
        return row;
    }
    if !check {
        row.check = "ok (not checked)".into();
        return row;
    }
    let out = Command::new("cargo")
        .args(["check", "--quiet", "--message-format=short"])
        .current_dir(&dir)
        .env("CARGO_TARGET_DIR", target)
        .output();
    row.check = match out {
        Err(e) => format!("cargo did not run: {e}"),
        Ok(out) => {
            let stderr = String::from_utf8_lossy(&out.stderr);
            let first = stderr
                .lines()
                .find(|l| l.contains("error") || l.contains("warning"))
                .map(one_line);
            let count = |word: &str| stderr.lines().filter(|l| l.contains(word)).count();
            match (out.status.success(), first) {
                (true, None) => "ok".into(),
                (true, Some(w)) => format!("{} warnings, first: {w}", count("warning")),
                (false, w) => format!(
                    "check failed ({} errors), first: {}",
                    count("error"),
                    w.unwrap_or_default()
                ),
            }
        }
    };
    row
}

fn one_line(s: &str) -> String {
    let s = s.replace(['\n', '|'], " ");
    if s.chars().count() > 160 {
        format!("{}…", s.chars().take(160).collect::<String>())
    } else {
        s
    }
}

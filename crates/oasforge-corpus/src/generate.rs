//! The generation pass: `gen generate` for every document of the corpus, at most `jobs` at a
//! time, each under a time and memory limit; one record per document in the results file:
//! path, version, bytes, operations, class, milliseconds, warnings, message.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::classify::{classify, Class};
use crate::exec::{self, Limits};
use crate::list::{self, Entry};
use crate::results::{self, Sink};

/// Settings of one generation pass.
pub struct Pass<'a> {
    /// The corpus folder (holding `LIST.tsv`).
    pub corpus: &'a Path,
    /// The `gen` binary.
    pub gen: &'a Path,
    /// Where generated crates are written (and removed again).
    pub scratch: &'a Path,
    /// The results file.
    pub results: &'a Path,
    /// Concurrent documents.
    pub jobs: usize,
    /// Limits per document.
    pub limits: Limits,
}

/// Generates every entry not yet in the results file; returns how many were run.
pub fn run(pass: &Pass<'_>, entries: &[Entry]) -> std::io::Result<usize> {
    let done = results::done(pass.results, 1)?;
    let todo: Vec<&Entry> = entries.iter().filter(|e| !done.contains(&e.path)).collect();
    let sink = Sink::open(pass.results)?;
    let next = AtomicUsize::new(0);
    let total = todo.len();
    std::thread::scope(|scope| {
        for worker in 0..pass.jobs.max(1) {
            let (todo, sink, next) = (&todo, &sink, &next);
            scope.spawn(move || loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(entry) = todo.get(i) else { break };
                let record = one(pass, worker, entry);
                eprintln!("[{}/{total}] {} {}", i + 1, entry.path, record.0.name());
                if let Err(e) = write(sink, entry, &record) {
                    eprintln!("cannot write results: {e}");
                    break;
                }
            });
        }
    });
    Ok(total)
}

/// Class, milliseconds, warning count and message of one document.
type Record = (Class, u128, usize, String);

fn one(pass: &Pass<'_>, worker: usize, entry: &Entry) -> Record {
    let name = list::crate_name(&entry.path);
    let out: PathBuf = pass.scratch.join(format!("w{worker}")).join(&name);
    let doc = pass.corpus.join(&entry.path);
    let (Some(doc_arg), Some(out_arg)) = (doc.to_str(), out.to_str()) else {
        return (Class::OtherExit, 0, 0, "path is not UTF-8".into());
    };
    let args = [
        "generate",
        doc_arg,
        "-o",
        out_arg,
        "--crate",
        &name,
        "--progress",
        "never",
    ];
    let record = match exec::run(pass.gen, &args, None, &[], pass.limits) {
        Ok(outcome) => {
            let (class, message) = classify(&outcome);
            let warnings = outcome
                .stderr
                .lines()
                .filter(|l| l.starts_with("warning:"))
                .count();
            (class, outcome.millis, warnings, message)
        }
        Err(e) => (Class::OtherExit, 0, 0, format!("gen did not run: {e}")),
    };
    let _ = std::fs::remove_dir_all(&out);
    record
}

fn write(sink: &Sink, entry: &Entry, record: &Record) -> std::io::Result<()> {
    let (class, millis, warnings, message) = record;
    sink.write(&[
        &entry.path,
        &entry.version,
        &entry.bytes.to_string(),
        &entry.operations.to_string(),
        class.name(),
        &millis.to_string(),
        &warnings.to_string(),
        message,
    ])
}

/// One record of a generation results file, as read back.
pub struct Row {
    /// Corpus path.
    pub path: String,
    /// OpenAPI version.
    pub version: String,
    /// Document size.
    pub bytes: u64,
    /// The outcome.
    pub class: Class,
    /// Wall-clock time.
    pub millis: u64,
    /// `warning:` lines printed by `gen`.
    pub warnings: u64,
    /// The message explaining a failure.
    pub message: String,
}

/// Reads a generation results file back (records of unknown shape are skipped; a document
/// run twice counts once, the last record winning).
pub fn read(path: &Path) -> std::io::Result<Vec<Row>> {
    let mut rows: Vec<Row> = Vec::new();
    let mut index = std::collections::HashMap::new();
    for r in results::read(path)? {
        let [path, version, bytes, _ops, class, millis, warnings, message] = r.as_slice() else {
            continue;
        };
        let Some(class) = Class::parse(class) else {
            continue;
        };
        let row = Row {
            path: path.clone(),
            version: version.clone(),
            bytes: bytes.parse().unwrap_or(0),
            class,
            millis: millis.parse().unwrap_or(0),
            warnings: warnings.parse().unwrap_or(0),
            message: message.clone(),
        };
        match index.get(&row.path) {
            Some(&i) => rows[i] = row,
            None => {
                index.insert(row.path.clone(), rows.len());
                rows.push(row);
            }
        }
    }
    Ok(rows)
}

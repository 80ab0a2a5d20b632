//! The results files: tab-separated, one record a line, appended as runs finish (so a long
//! run can be watched, interrupted and resumed).

use std::collections::HashSet;
use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::Path;
use std::sync::Mutex;

/// An append-only results file shared by the workers.
pub struct Sink {
    file: Mutex<File>,
}

impl Sink {
    /// Opens `path` for appending, creating it (and its folder) when missing.
    pub fn open(path: &Path) -> std::io::Result<Sink> {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        let file = OpenOptions::new().create(true).append(true).open(path)?;
        Ok(Sink {
            file: Mutex::new(file),
        })
    }

    /// Appends one record; its fields are made single-line and tab-free.
    pub fn write(&self, fields: &[&str]) -> std::io::Result<()> {
        let line: Vec<String> = fields.iter().map(|f| field(f)).collect();
        let mut file = self
            .file
            .lock()
            .map_err(|_| std::io::Error::other("results file lock poisoned"))?;
        writeln!(file, "{}", line.join("\t"))?;
        file.flush()
    }
}

/// A field as stored: tabs and line breaks become spaces, and at most 400 characters.
pub fn field(text: &str) -> String {
    let flat: String = text
        .chars()
        .map(|c| {
            if c == '\t' || c == '\n' || c == '\r' {
                ' '
            } else {
                c
            }
        })
        .collect();
    if flat.chars().count() > 400 {
        format!("{}…", flat.chars().take(400).collect::<String>())
    } else {
        flat
    }
}

/// The records of a results file (missing file: none).
pub fn read(path: &Path) -> std::io::Result<Vec<Vec<String>>> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(text
            .lines()
            .filter(|l| !l.is_empty())
            .map(|l| l.split('\t').map(str::to_owned).collect())
            .collect()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
        Err(e) => Err(e),
    }
}

/// The keys (first `width` fields joined by tabs) already present in a results file.
pub fn done(path: &Path, width: usize) -> std::io::Result<HashSet<String>> {
    Ok(read(path)?
        .into_iter()
        .map(|r| r.into_iter().take(width).collect::<Vec<_>>().join("\t"))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_round_trip_and_fields_stay_on_one_line() {
        let dir =
            std::env::temp_dir().join(format!("oasforge-corpus-results-{}", std::process::id()));
        let path = dir.join("r.tsv");
        let _ = std::fs::remove_file(&path);
        let sink = Sink::open(&path).expect("opens");
        sink.write(&["a.json", "ok", "line\none\tx"])
            .expect("writes");
        sink.write(&["b.json", "panic", ""]).expect("writes");
        let rows = read(&path).expect("reads");
        assert_eq!(rows[0], ["a.json", "ok", "line one x"]);
        assert_eq!(rows[1], ["b.json", "panic", ""]);
        let keys = done(&path, 1).expect("reads");
        assert!(keys.contains("a.json") && keys.contains("b.json"));
        let _ = std::fs::remove_dir_all(&dir);
    }
}

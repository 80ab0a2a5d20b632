//! Writing generated files atomically, and comparing them with what is on disk.

use std::path::{Path, PathBuf};

use oasforge_emit::GeneratedFile;

use crate::Error;

/// Writes `files` under `dir`. Each file is written to a temporary file in its folder and
/// renamed over the target, so a reader never sees half a file; files whose contents are
/// unchanged are not touched (their modification time stays, so builds stay incremental).
/// Returns the files actually rewritten.
pub fn write_files(dir: &Path, files: &[GeneratedFile]) -> Result<Vec<PathBuf>, Error> {
    let mut written = Vec::new();
    for file in files {
        let target = dir.join(&file.path);
        if std::fs::read(&target).is_ok_and(|old| old == file.contents.as_bytes()) {
            continue;
        }
        let parent = target.parent().unwrap_or(dir);
        let io = |source| Error::Write {
            path: target.clone(),
            source,
        };
        std::fs::create_dir_all(parent).map_err(io)?;
        let mut temp = tempfile::NamedTempFile::new_in(parent).map_err(io)?;
        std::io::Write::write_all(&mut temp, file.contents.as_bytes()).map_err(io)?;
        temp.persist(&target).map_err(|e| io(e.error))?;
        written.push(target);
    }
    Ok(written)
}

/// One generated file that differs from the one on disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Drift {
    /// The path relative to the output folder.
    pub path: PathBuf,
    /// The file on disk, or `None` when it is missing.
    pub on_disk: Option<String>,
    /// What generation produces.
    pub generated: String,
}

/// The generated files that are missing under `dir` or differ from what is there.
pub fn diff_files(dir: &Path, files: &[GeneratedFile]) -> Vec<Drift> {
    files
        .iter()
        .filter_map(|file| {
            let on_disk = std::fs::read_to_string(dir.join(&file.path)).ok();
            (on_disk.as_deref() != Some(file.contents.as_str())).then(|| Drift {
                path: file.path.clone(),
                on_disk,
                generated: file.contents.clone(),
            })
        })
        .collect()
}

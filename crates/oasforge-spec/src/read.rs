//! Reading input files with bounds: only regular files, and never more than a byte budget.

use std::io::Read;
use std::path::Path;

/// Why a file was not read.
#[derive(Debug)]
pub(crate) enum ReadProblem {
    /// Opening or reading failed.
    Io(std::io::Error),
    /// The path is not a regular file (a folder, a FIFO, a device, a socket).
    NotRegular(&'static str),
    /// The file is larger than what is left of the budget.
    TooLarge {
        /// The size, when the metadata gives it (otherwise: more than `limit`).
        size: Option<u64>,
        /// The bytes that were allowed.
        limit: u64,
    },
}

impl std::fmt::Display for ReadProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadProblem::Io(e) => write!(f, "{e}"),
            ReadProblem::NotRegular(kind) => {
                write!(f, "expected a regular file, found {kind}")
            }
            ReadProblem::TooLarge {
                size: Some(size),
                limit,
            } => write!(
                f,
                "the input is {size} bytes, more than the {limit} bytes allowed \
                 (raise the limit with `--max-input-bytes` or `Config::max_input_bytes`)"
            ),
            ReadProblem::TooLarge { size: None, limit } => write!(
                f,
                "the input is more than the {limit} bytes allowed \
                 (raise the limit with `--max-input-bytes` or `Config::max_input_bytes`)"
            ),
        }
    }
}

fn kind_of(meta: &std::fs::Metadata) -> &'static str {
    let kind = meta.file_type();
    if kind.is_dir() {
        return "a folder";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "a FIFO";
        }
        if kind.is_char_device() {
            return "a character device";
        }
        if kind.is_block_device() {
            return "a block device";
        }
        if kind.is_socket() {
            return "a socket";
        }
    }
    "something that is not a regular file"
}

/// Reads `path` as UTF-8 text when it is a regular file of at most `limit` bytes. The type
/// is checked before opening (opening a FIFO would block) and again on the open file; the
/// size is checked from the metadata and enforced while reading (a file may grow).
pub(crate) fn read_bounded(path: &Path, limit: u64) -> Result<String, ReadProblem> {
    let meta = std::fs::metadata(path).map_err(ReadProblem::Io)?;
    if !meta.is_file() {
        return Err(ReadProblem::NotRegular(kind_of(&meta)));
    }
    if meta.len() > limit {
        return Err(ReadProblem::TooLarge {
            size: Some(meta.len()),
            limit,
        });
    }
    let file = std::fs::File::open(path).map_err(ReadProblem::Io)?;
    let meta = file.metadata().map_err(ReadProblem::Io)?;
    if !meta.is_file() {
        return Err(ReadProblem::NotRegular(kind_of(&meta)));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len().min(limit)).unwrap_or(0));
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(ReadProblem::Io)?;
    if bytes.len() as u64 > limit {
        return Err(ReadProblem::TooLarge { size: None, limit });
    }
    String::from_utf8(bytes).map_err(|e| {
        ReadProblem::Io(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("stream did not contain valid UTF-8 ({e})"),
        ))
    })
}

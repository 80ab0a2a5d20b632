//! The facade's error: one enum over all stages, each with the location it concerns.

use std::path::PathBuf;

use oasforge_spec::Location;

/// Why generation failed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The document could not be loaded (unreadable, bad syntax, bad `$ref`, not OpenAPI 3).
    #[error(transparent)]
    Load(#[from] oasforge_spec::LoadError),
    /// The document loaded but says something that cannot be turned into types.
    #[error("{}{error}", location.as_ref().map(|l| format!("{l}: ")).unwrap_or_default())]
    Lower {
        /// Where, when known.
        location: Option<Location>,
        /// What.
        #[source]
        error: oasforge_ir::LowerError,
    },
    /// `deny_warnings` is set and the document has constructs that are approximated.
    #[error("{count} warning(s) denied; first: {first}")]
    DeniedWarnings {
        /// How many warnings there were.
        count: usize,
        /// The first, with its location.
        first: String,
    },
    /// Code could not be emitted.
    #[error(transparent)]
    Emit(#[from] oasforge_emit::EmitError),
    /// Output could not be written.
    #[error("{}: cannot write: {source}", path.display())]
    Write {
        /// The file or folder.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// No output folder was configured and `OUT_DIR` is not set.
    #[error(
        "no output folder: call `Config::out_dir`, or run from a build script (OUT_DIR unset)"
    )]
    NoOutDir,
}

impl Error {
    /// The location this error concerns, when there is one.
    pub fn location(&self) -> Option<&Location> {
        match self {
            Error::Load(e) => e.location(),
            Error::Lower { location, error } => location.as_ref().or(match error {
                oasforge_ir::LowerError::Load(inner) => inner.location(),
                _ => None,
            }),
            _ => None,
        }
    }
}

//! Errors of the loading stage, each tied to a [`Location`].

use std::fmt;
use std::path::PathBuf;

use crate::JsonPointer;

/// Where a node sits: the file, the JSON pointer inside it, and the line and column (1-based)
/// where the node starts, when the source could be mapped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The file the node is in.
    pub file: PathBuf,
    /// The JSON pointer of the node inside that file.
    pub pointer: JsonPointer,
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// 1-based column (in characters), when known.
    pub column: Option<usize>,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(col) = self.column {
                write!(f, ":{col}")?;
            }
        }
        if !self.pointer.as_str().is_empty() {
            write!(f, " (at {})", self.pointer)?;
        }
        Ok(())
    }
}

/// Everything that can go wrong while loading a document.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// A file could not be read.
    #[error("{}: cannot read file: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// The root document was refused before parsing: not a regular file, or too large.
    #[error("{}: cannot read: {reason}", path.display())]
    Input {
        /// The file.
        path: PathBuf,
        /// Why it was refused.
        reason: String,
    },
    /// The text is not valid YAML or JSON.
    #[error("{location}: syntax error: {message}")]
    Syntax {
        /// Where the parser stopped.
        location: Location,
        /// What the parser expected or found.
        message: String,
    },
    /// The root document is not an OpenAPI 3.x document.
    #[error("{location}: {message}")]
    NotOpenApi {
        /// The offending node (the root, or its `openapi`/`swagger` field).
        location: Location,
        /// What was expected and what was found.
        message: String,
    },
    /// A `$ref` is malformed or points to nothing.
    #[error("{location}: $ref `{reference}` {problem}")]
    BadRef {
        /// The `$ref` node.
        location: Location,
        /// The reference text as written.
        reference: String,
        /// What is wrong with it.
        problem: String,
    },
    /// A `$ref` leaves the folder tree of the root document, or names a URL.
    #[error("{location}: $ref `{reference}` refused: {reason}")]
    RefusedRef {
        /// The `$ref` node.
        location: Location,
        /// The reference text as written.
        reference: String,
        /// Why it was refused.
        reason: String,
    },
}

impl LoadError {
    /// The location this error is about, when there is one.
    pub fn location(&self) -> Option<&Location> {
        match self {
            LoadError::Io { .. } | LoadError::Input { .. } => None,
            LoadError::Syntax { location, .. }
            | LoadError::NotOpenApi { location, .. }
            | LoadError::BadRef { location, .. }
            | LoadError::RefusedRef { location, .. } => Some(location),
        }
    }
}

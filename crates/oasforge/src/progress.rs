//! Stage-by-stage progress of one run of the pipeline, for front ends that show it.

use std::path::Path;

/// A stage of the pipeline starting or ending, with what it produced.
///
/// [`crate::generate_with_progress`] reports these in order: `Loading`, `Loaded`, `Lowering`,
/// `Lowered`, `Emitting`, `Emitted`. A failing stage reports its start and then the error is
/// returned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress<'a> {
    /// Reading and parsing the document (and the files its `$ref`s name) starts.
    Loading {
        /// The root document.
        path: &'a Path,
    },
    /// Every file is read and parsed.
    Loaded {
        /// How many files were read (the root and every file reached by `$ref`).
        files: usize,
        /// Their total size in bytes.
        bytes: usize,
    },
    /// Lowering into the IR starts.
    Lowering,
    /// The IR is built.
    Lowered {
        /// Named types.
        types: usize,
        /// Operations.
        operations: usize,
    },
    /// Emission of the Rust files starts.
    Emitting,
    /// Every file is emitted and formatted (nothing is written yet).
    Emitted {
        /// Files.
        files: usize,
        /// Lines, over all files.
        lines: usize,
    },
}

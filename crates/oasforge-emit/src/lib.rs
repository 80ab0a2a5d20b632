//! Code emission, the last stage of the oasforge pipeline.
//!
//! [`emit`] turns an [`oasforge_ir::Api`] into Rust source files: every Rust item is built
//! as tokens with `quote!` and formatted with `prettyplease`; only the template-shaped files of
//! a standalone crate (`Cargo.toml`, `README.md`) come from the crate's `templates/`.

#![warn(missing_docs)]

mod client;
mod constructors;
mod docs;
mod files;
mod format;
mod ledger;
mod mock;
mod models;
mod operations;
mod readme;
mod runtime;
mod server;
mod streams;
mod threads;
mod types;
mod validate;
mod webhooks;

#[cfg(test)]
mod testing;

use std::path::PathBuf;

pub use files::{emit, EmitOptions, Layout, Parts};

/// One file to write, with its path relative to the output folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    /// Relative path, e.g. `models.rs` or `src/models.rs`.
    pub path: PathBuf,
    /// The full contents.
    pub contents: String,
}

/// Why code could not be emitted.
#[derive(Debug, thiserror::Error)]
pub enum EmitError {
    /// The generated tokens did not parse as a Rust file (a bug in oasforge).
    #[error("internal error: generated code for {file} does not parse: {message}")]
    Unparsable {
        /// The file being generated.
        file: String,
        /// The parser's message.
        message: String,
    },
    /// An option was not usable.
    #[error("{0}")]
    Option(String),
}

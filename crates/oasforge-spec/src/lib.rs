//! Spec loading, the first stage of the oasforge pipeline.
//!
//! [`load`] reads an OpenAPI 3.0 or 3.1 document (YAML or JSON), follows every `$ref` into
//! other files of the same folder tree, checks that every reference points at something,
//! and returns a [`Spec`]: the parsed JSON trees of all files plus what is needed to map a
//! JSON pointer back to a file, line and column for diagnostics.
//!
//! This crate knows nothing about schemas or Rust: the meaning of the document is the job of
//! `oasforge-ir`.

// Errors carry a full location and are built once per run, never in a loop: their size
// does not matter, and boxing them would only make every construction noisier.
#![allow(clippy::result_large_err)]
mod error;
mod json;
mod locate;
mod pointer;
mod read;
mod reference;
mod spec;
mod yaml;

pub use error::{LoadError, Location};
pub use pointer::{escape_segment, JsonPointer};
pub use spec::{
    load, load_str, FileId, Format, LoadOptions, NodeRef, OpenApiVersion, SourceFile, Spec, Warning,
};

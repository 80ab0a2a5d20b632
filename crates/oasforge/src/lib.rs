//! oasforge: generate Rust code from OpenAPI 3.0 and 3.1 documents.
//!
//! This crate is the facade over the pipeline (`oasforge-spec` loads, `oasforge-ir` lowers,
//! `oasforge-emit` writes Rust). Use it from a build script:
//!
//! ```no_run
//! // build.rs, in `fn main()`:
//! oasforge::Config::new()
//!     .module_name("dfns")
//!     .generate("specs/dfns-permissions.yaml")
//!     .expect("generate the Dfns models");
//! ```
//!
//! and include the result where you want the module:
//!
//! ```ignore
//! pub mod dfns {
//!     include!(concat!(env!("OUT_DIR"), "/dfns/mod.rs"));
//! }
//! ```

#![warn(missing_docs)]
// Errors carry a full location and are built once per run, never in a loop: their size
// does not matter, and boxing them would only make every construction noisier.
#![allow(clippy::result_large_err)]

mod config;
mod error;
mod package;
mod progress;
mod write;

pub use config::{
    generate, generate_from, generate_selected, generate_with_progress, Config, Generated, Options,
    Warning,
};
pub use error::Error;
pub use oasforge_emit::{EmitOptions, GeneratedFile, Layout, Parts};
pub use oasforge_ir::{LeftOut, Selection};
pub use oasforge_spec::{LoadOptions, Location};
pub use package::package_name;
pub use progress::Progress;
pub use write::{diff_files, write_files, Drift};

/// The stages, for callers that want to drive them one by one.
pub mod stages {
    pub use oasforge_emit as emit;
    pub use oasforge_ir as ir;
    pub use oasforge_spec as spec;
}

//! The oasforge intermediate representation (IR) and the lowering into it.
//!
//! [`lower`] turns a loaded [`oasforge_spec::Spec`] into an [`Api`]: named types (structs,
//! enums, aliases) and operations whose parameters, bodies and responses refer to those
//! types. The IR is independent of the parser and of the emitters; naming
//! ([`names`]), de-duplication of identical inline schemas and cycle handling
//! (boxing of recursive fields) live here.

#![warn(missing_docs)]
// Errors carry a full location and are built once per run, never in a loop: their size
// does not matter, and boxing them would only make every construction noisier.
#![allow(clippy::result_large_err)]

pub mod checked;
mod cycles;
mod error;
mod lower;
mod model;
pub mod names;
pub mod path_template;
pub mod pattern;
pub mod read_only;
pub mod select;
pub mod synth;
mod webhook;

pub use error::LowerError;
pub use lower::{lower, Lowered};
pub use model::*;
pub use oasforge_spec::Warning;
pub use path_template::{PathPart, PathTemplate};
pub use select::{select, LeftOut, Selection};
pub use webhook::{Webhook, WebhookSource};

//! Errors and warnings of the lowering stage.

use oasforge_spec::{LoadError, NodeRef};

/// Why a document could not be lowered. Each variant names the node at fault; turn it into
/// a file, line and column with [`oasforge_spec::Spec::locate`].
#[derive(Debug, thiserror::Error)]
pub enum LowerError {
    /// A node does not have the shape the OpenAPI specification requires.
    #[error("expected {expected}, found {found}")]
    Invalid {
        /// The node at fault.
        node: NodeRef,
        /// What the specification requires there.
        expected: String,
        /// What the document has.
        found: String,
    },
    /// A security requirement names a scheme that `components.securitySchemes` does not
    /// declare.
    #[error("security requirement names the scheme `{scheme}`, which components.securitySchemes does not declare")]
    UndeclaredScheme {
        /// The requirement's entry.
        node: NodeRef,
        /// The scheme's name.
        scheme: String,
    },
    /// A chain of `$ref`s or `allOf`s that never reaches a schema.
    #[error("reference cycle: this schema is defined only in terms of itself")]
    Cycle {
        /// A node on the cycle.
        node: NodeRef,
    },
    /// A reference that the loader did not check (should not happen for loaded documents).
    #[error(transparent)]
    Load(#[from] LoadError),
}

impl LowerError {
    /// The node at fault, when there is one.
    pub fn node(&self) -> Option<&NodeRef> {
        match self {
            LowerError::Invalid { node, .. }
            | LowerError::UndeclaredScheme { node, .. }
            | LowerError::Cycle { node } => Some(node),
            LowerError::Load(_) => None,
        }
    }
}

/// Something lowering did not understand fully and says so instead of dropping it, before
/// it is located (`lower` locates them all in one pass at the end).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Finding {
    /// The node concerned.
    pub node: NodeRef,
    /// What was not supported and what was generated instead.
    pub message: String,
}

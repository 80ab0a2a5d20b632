//! The ledger of uses: what each generated part (models, validators, operations, client,
//! server) uses — runtime helpers and Cargo dependencies — recorded by the code that emits
//! the use, returned with the part's items, and merged once in `files.rs`, which writes the
//! Cargo dependencies from it. Nothing is worked out again from the IR afterwards, so a
//! dependency is listed exactly when some emitted item uses it.

use std::collections::BTreeSet;

use crate::runtime::{self, Helper};

/// A Cargo dependency (or feature of one) of a generated crate, beside `serde`, which every
/// crate has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Dep {
    /// `serde_json`: `Value`, tagged unions, JSON bodies, `enum`/`const` tables.
    SerdeJson,
    /// `uuid`, for `format: uuid`.
    Uuid,
    /// `chrono`, for `format: date-time` and `date`.
    Chrono,
    /// `regex`, for patterns.
    Regex,
    /// `fancy-regex`, for patterns with lookaround or backreferences.
    FancyRegex,
    /// `reqwest`'s `multipart` feature, for multipart bodies (the client).
    ReqwestMultipart,
    /// `futures`, for the client's `*_stream` methods.
    Futures,
    /// `serde_path_to_error`, which locates the JSON errors of the server's request bodies
    /// and the client's response bodies.
    SerdePathToError,
}

/// What one part of the generated code uses.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct Uses {
    /// The runtime helpers (only these are emitted).
    pub helpers: runtime::Helpers,
    deps: BTreeSet<Dep>,
}

impl Uses {
    /// Records a runtime helper, with the helpers and dependencies it needs.
    pub(crate) fn use_(&mut self, helper: Helper) {
        self.helpers.use_(helper);
        if let Some(dep) = helper_dep(helper) {
            self.deps.insert(dep);
        }
    }

    /// Records a dependency.
    pub(crate) fn dep(&mut self, dep: Dep) {
        self.deps.insert(dep);
    }

    /// Whether a dependency is used.
    pub(crate) fn needs(&self, dep: Dep) -> bool {
        self.deps.contains(&dep)
    }

    /// Adds what `other` uses.
    pub(crate) fn merge(&mut self, other: &Uses) {
        self.helpers.merge(&other.helpers);
        self.deps.extend(other.deps.iter().copied());
    }
}

/// The dependency a runtime helper brings.
fn helper_dep(helper: Helper) -> Option<Dep> {
    match helper {
        Helper::PayloadMultipart => Some(Dep::ReqwestMultipart),
        Helper::DecodeJson | Helper::RawJson => Some(Dep::SerdePathToError),
        _ => None,
    }
}

/// The items of one generated file with what they use.
pub(crate) struct Part<T> {
    /// The items.
    pub items: T,
    /// What they use.
    pub uses: Uses,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn helpers_bring_their_needs_and_dependencies() {
        let mut uses = Uses::default();
        uses.use_(Helper::PayloadMultipart);
        assert!(uses.helpers.has(Helper::Payload));
        assert!(uses.needs(Dep::ReqwestMultipart));
        assert!(!uses.needs(Dep::SerdePathToError));
        let mut server = Uses::default();
        server.use_(Helper::DecodeJson);
        assert!(server.helpers.has(Helper::NewtypeViolation));
        assert!(server.needs(Dep::SerdePathToError));
    }

    #[test]
    fn merging_keeps_everything_either_side_uses() {
        let mut a = Uses::default();
        a.dep(Dep::Uuid);
        a.use_(Helper::Encode);
        let mut b = Uses::default();
        b.dep(Dep::Chrono);
        b.use_(Helper::Base64);
        a.merge(&b);
        assert!(a.needs(Dep::Uuid) && a.needs(Dep::Chrono));
        assert!(a.helpers.has(Helper::Encode) && a.helpers.has(Helper::Base64));
        assert!(!a.needs(Dep::Regex));
    }
}

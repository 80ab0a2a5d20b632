//! The ledger of uses: what each generated part (models, validators, operations, client,
//! server) uses — runtime helpers and Cargo dependencies — recorded by the code that emits
//! the use, returned with the part's items, and merged once in `files.rs`, which writes the
//! Cargo dependencies and every file's `use` lines from it. Nothing is worked out again from
//! the IR afterwards, so a dependency or an import is listed exactly when some emitted item
//! uses it.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::quote;

use crate::runtime::{self, Helper};
use crate::types::ident;

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
    /// `hmac`, `sha2` and `base64`, which sign and verify webhooks.
    Signing,
    /// `tokio`'s timer, for the client's retry waits.
    TokioTime,
    /// `tracing`, through which the server reports its handlers' internal errors.
    Tracing,
}

/// A module a generated file imports from. The order of the variants is the order of the
/// `use` lines at the top of a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Module {
    /// `std` (for `use std::fmt;`).
    Std,
    /// `super::models`, the generated models.
    Models,
    /// `std::sync`.
    StdSync,
    /// `axum::body`.
    AxumBody,
    /// `axum::extract`.
    AxumExtract,
    /// `axum::http`.
    AxumHttp,
    /// `axum::http::request`.
    AxumHttpRequest,
    /// `axum::response`.
    AxumResponse,
    /// `super::operations`, the generated inputs and responses.
    Operations,
    /// `futures`.
    Futures,
    /// `reqwest::header`.
    ReqwestHeader,
    /// `serde`.
    Serde,
    /// `serde::de`.
    SerdeDe,
    /// `serde::ser`.
    SerdeSer,
    /// `super::validate`, the generated validators and their error type.
    Validate,
}

impl Module {
    fn path(self) -> TokenStream {
        match self {
            Module::Std => quote! { std },
            Module::Models => quote! { super::models },
            Module::StdSync => quote! { std::sync },
            Module::AxumBody => quote! { axum::body },
            Module::AxumExtract => quote! { axum::extract },
            Module::AxumHttp => quote! { axum::http },
            Module::AxumHttpRequest => quote! { axum::http::request },
            Module::AxumResponse => quote! { axum::response },
            Module::Operations => quote! { super::operations },
            Module::Futures => quote! { futures },
            Module::ReqwestHeader => quote! { reqwest::header },
            Module::Serde => quote! { serde },
            Module::SerdeDe => quote! { serde::de },
            Module::SerdeSer => quote! { serde::ser },
            Module::Validate => quote! { super::validate },
        }
    }

    /// Whether one name is still written in braces (`use super::models::{Pet};`), as these
    /// files always wrote it.
    fn always_braced(self) -> bool {
        matches!(
            self,
            Module::Models | Module::Operations | Module::AxumExtract
        )
    }

    /// Whether the names keep the order they were recorded in (an operation's input beside
    /// its response) rather than being sorted.
    fn keeps_order(self) -> bool {
        self == Module::Operations
    }
}

/// What one part of the generated code uses.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct Uses {
    /// The runtime helpers (only these are emitted).
    pub helpers: runtime::Helpers,
    deps: BTreeSet<Dep>,
    imports: BTreeMap<Module, Vec<String>>,
}

impl Uses {
    /// Records a runtime helper, with the helpers and dependencies it needs.
    pub(crate) fn use_(&mut self, helper: Helper) {
        self.helpers.use_(helper);
        if let Some(dep) = helper_dep(helper) {
            self.deps.insert(dep);
        }
        if reads_header_map(helper) {
            self.import(Module::AxumHttp, "HeaderMap");
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

    /// Records a name the part's file imports from `module` (`*` for a glob import).
    pub(crate) fn import(&mut self, module: Module, name: &str) {
        let names = self.imports.entry(module).or_default();
        if !names.iter().any(|n| n == name) {
            names.push(name.to_owned());
        }
    }

    /// Adds what `other` uses.
    pub(crate) fn merge(&mut self, other: &Uses) {
        self.helpers.merge(&other.helpers);
        self.deps.extend(other.deps.iter().copied());
        for (module, names) in &other.imports {
            for name in names {
                self.import(*module, name);
            }
        }
    }

    /// The `use` lines of the file whose items recorded these uses.
    pub(crate) fn use_items(&self) -> TokenStream {
        self.imports
            .iter()
            .filter(|(_, names)| !names.is_empty())
            .map(|(module, names)| {
                let path = module.path();
                let mut names: Vec<&str> = names.iter().map(String::as_str).collect();
                if !module.keeps_order() {
                    names.sort_unstable();
                }
                // The module itself (`self`) first, and always in braces.
                if let Some(at) = names.iter().position(|n| *n == "self") {
                    let own = names.remove(at);
                    names.insert(0, own);
                }
                // The module alone is `use path;`.
                if names == ["self"] {
                    return quote! { use #path; };
                }
                // One name goes without braces where the file always wrote it so; a glob too.
                let bare = names.len() == 1
                    && names[0] != "self"
                    && (!module.always_braced() || names[0] == "*");
                let names: Vec<TokenStream> = names
                    .into_iter()
                    .map(|n| match n {
                        "*" => quote! { * },
                        "self" => quote! { self },
                        n => {
                            let n = ident(n);
                            quote! { #n }
                        }
                    })
                    .collect();
                if bare {
                    let name = &names[0];
                    quote! { use #path::#name; }
                } else {
                    quote! { use #path::{#(#names),*}; }
                }
            })
            .collect()
    }
}

/// The dependency a runtime helper brings.
fn helper_dep(helper: Helper) -> Option<Dep> {
    match helper {
        Helper::PayloadMultipart => Some(Dep::ReqwestMultipart),
        Helper::DecodeJson | Helper::RawJson | Helper::MultipartJson => Some(Dep::SerdePathToError),
        Helper::Failure => Some(Dep::Tracing),
        _ => None,
    }
}

/// Whether a runtime helper takes the server's `HeaderMap`.
fn reads_header_map(helper: Helper) -> bool {
    matches!(
        helper,
        Helper::HeaderValues | Helper::CookieValues | Helper::ContentType | Helper::Authorization
    )
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
    fn use_lines_come_from_what_was_recorded() {
        let mut uses = Uses::default();
        assert!(uses.use_items().is_empty());
        uses.import(Module::Serde, "Serialize");
        uses.import(Module::Serde, "Deserialize");
        uses.import(Module::Serde, "Serialize");
        uses.import(Module::StdSync, "Arc");
        uses.import(Module::Operations, "ListInput");
        uses.import(Module::Operations, "ListResponse");
        uses.import(Module::Operations, "CreateInput");
        uses.import(Module::Models, "*");
        assert_eq!(
            uses.use_items().to_string(),
            quote! {
                use super::models::*;
                use std::sync::Arc;
                use super::operations::{ListInput, ListResponse, CreateInput};
                use serde::{Deserialize, Serialize};
            }
            .to_string()
        );
    }

    /// The module itself is imported first (`models::Error` beside `Error` of the file).
    #[test]
    fn a_module_imports_itself_first_or_alone() {
        let mut uses = Uses::default();
        uses.import(Module::Models, "self");
        assert_eq!(
            uses.use_items().to_string(),
            quote! { use super::models; }.to_string()
        );
        uses.import(Module::Models, "read_request");
        uses.import(Module::Models, "Pet");
        assert_eq!(
            uses.use_items().to_string(),
            quote! { use super::models::{self, Pet, read_request}; }.to_string()
        );
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

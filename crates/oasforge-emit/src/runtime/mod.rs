//! The fixed code of generated files, kept as ordinary Rust source.
//!
//! `client.rs`, `server.rs`, `validate.rs`, `models.rs` and `operations.rs` in this folder
//! hold the items that are the same in every generated crate (the client's `RawResponse` and
//! `Error`, the `Payload` body type, parameter encoders and decoders, the server's
//! `HandlerError` and problem documents, the `Validate` trait, format checks, the union
//! reader's measure, `FilePart`, `BasicCredentials`, …). They are compiled and unit-tested in
//! this crate's tests, with the generated crates' dependencies as dev-dependencies. At generation time each file is parsed
//! once with `syn`, and only the items an API uses are emitted, each named by a [`Helper`].
//!
//! A file is a list of groups: a named item (function, struct, enum, trait) with its `impl`s.
//! An `impl` belongs to its type when the file defines the type, else to its trait when the
//! file defines that, else it is a group of its own named by its type (`impl RawResponse`).
//! `use` items and modules are never emitted.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::ToTokens;

mod helper;
mod part;

pub(crate) use helper::Helper;
use part::Part;

#[cfg(test)]
#[allow(dead_code)]
mod client;
#[cfg(test)]
#[allow(dead_code)]
pub(crate) mod events;
#[cfg(test)]
#[allow(dead_code)]
mod models;
#[cfg(test)]
#[allow(dead_code)]
mod operations;
#[cfg(test)]
#[allow(dead_code)]
mod server;
#[cfg(test)]
#[allow(dead_code)]
mod validate;
#[cfg(test)]
#[allow(dead_code)]
pub(crate) mod webhooks;

/// A runtime source file: the generated file its items go to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Source {
    /// `client.rs` (`runtime/client.rs`, then `runtime/client_encode.rs`).
    Client,
    /// The fixed methods of `client.rs`'s `impl Client` and `impl ClientBuilder` and its
    /// `Request`, spliced among the generated ones (`runtime/client_methods.rs`).
    ClientMethods,
    /// The `impl Client` methods a client with streaming operations sends with
    /// (`runtime/client_live.rs`).
    ClientLive,
    /// The fixed items of `server.rs`'s dispatching router (`runtime/routes.rs`).
    Routes,
    /// `server.rs`.
    Server,
    /// `validate.rs`.
    Validate,
    /// `models.rs`.
    Models,
    /// `operations.rs`.
    Operations,
}

impl Source {
    /// Every source, in the order of [`PARSED`].
    const ALL: [Source; 8] = [
        Source::Client,
        Source::ClientMethods,
        Source::ClientLive,
        Source::Routes,
        Source::Server,
        Source::Validate,
        Source::Models,
        Source::Operations,
    ];

    /// The text of the source's files, in order.
    fn texts(self) -> &'static [&'static str] {
        match self {
            Source::Client => &[include_str!("client.rs"), include_str!("client_encode.rs")],
            Source::ClientMethods => &[include_str!("client_methods.rs")],
            Source::ClientLive => &[include_str!("client_live.rs")],
            Source::Routes => &[include_str!("routes.rs")],
            Source::Server => &[
                include_str!("server.rs"),
                include_str!("server_multipart.rs"),
            ],
            Source::Validate => &[include_str!("validate.rs")],
            Source::Models => &[include_str!("models.rs")],
            Source::Operations => &[include_str!("operations.rs")],
        }
    }
}

/// The helpers a generated file uses: adding one adds what it needs.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct Helpers(BTreeSet<Helper>);

impl Helpers {
    /// Records that `helper` is used, with every helper it needs.
    pub(crate) fn use_(&mut self, helper: Helper) {
        if self.0.insert(helper) {
            for needed in helper.needs() {
                self.use_(*needed);
            }
        }
    }

    /// Whether `helper` is used.
    pub(crate) fn has(&self, helper: Helper) -> bool {
        self.0.contains(&helper)
    }

    /// Adds the helpers `other` uses.
    pub(crate) fn merge(&mut self, other: &Helpers) {
        self.0.extend(other.0.iter().copied());
    }
}

/// One group of a runtime file: its name and its items, in file order.
struct Group {
    name: String,
    items: Vec<syn::Item>,
}

thread_local! {
    /// The groups of each runtime file, parsed on first use (syntax trees are not `Sync`,
    /// so once per thread).
    static PARSED: [Vec<Group>; 8] = Source::ALL.map(|source| groups(source.texts()));
}

/// Calls `f` with the groups of `source`.
fn with_groups<R>(source: Source, f: impl FnOnce(&[Group]) -> R) -> R {
    PARSED.with(|parsed| f(&parsed[source as usize]))
}

/// The name of a named item.
fn item_name(item: &syn::Item) -> Option<String> {
    match item {
        syn::Item::Fn(f) => Some(f.sig.ident.to_string()),
        syn::Item::Struct(s) => Some(s.ident.to_string()),
        syn::Item::Enum(e) => Some(e.ident.to_string()),
        syn::Item::Trait(t) => Some(t.ident.to_string()),
        syn::Item::Static(s) => Some(s.ident.to_string()),
        syn::Item::Const(c) => Some(c.ident.to_string()),
        syn::Item::Type(t) => Some(t.ident.to_string()),
        // `thread_local! { static NAME: … }`, named by its static.
        syn::Item::Macro(m) if m.mac.path.is_ident("thread_local") => {
            let mut tokens = m.mac.tokens.clone().into_iter();
            tokens
                .by_ref()
                .find(|t| matches!(t, proc_macro2::TokenTree::Ident(i) if i == "static"))?;
            tokens.find_map(|t| match t {
                proc_macro2::TokenTree::Ident(i) => Some(i.to_string()),
                _ => None,
            })
        }
        _ => None,
    }
}

/// The last identifier of a type path (`Valid` for `Valid<T>`).
fn type_name(ty: &syn::Type) -> Option<String> {
    match ty {
        syn::Type::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()),
        _ => None,
    }
}

fn groups(texts: &[&str]) -> Vec<Group> {
    // The runtime sources are compiled in this crate's tests, so they parse.
    let files: Vec<syn::File> = texts
        .iter()
        .map(|text| syn::parse_file(text).expect("the runtime sources are valid Rust"))
        .collect();
    let all_items = files.into_iter().flat_map(|file| file.items);
    let all_items: Vec<syn::Item> = all_items.collect();
    let defined: BTreeSet<String> = all_items.iter().filter_map(item_name).collect();
    let mut groups: Vec<Group> = Vec::new();
    for mut item in all_items {
        strip_rustfmt_attributes(&mut item);
        let name = match &item {
            syn::Item::Use(_) | syn::Item::Mod(_) => continue,
            syn::Item::Impl(i) => {
                let own = type_name(&i.self_ty);
                let trait_name = i
                    .trait_
                    .as_ref()
                    .and_then(|(path, _)| path.segments.last())
                    .map(|s| s.ident.to_string());
                match (own, trait_name) {
                    (Some(own), _) if defined.contains(&own) => own,
                    (_, Some(t)) if defined.contains(&t) => t,
                    (Some(own), _) => own,
                    _ => continue,
                }
            }
            other => match item_name(other) {
                Some(name) => name,
                None => continue,
            },
        };
        match groups.iter_mut().find(|g| g.name == name) {
            Some(group) => group.items.push(item),
            None => groups.push(Group {
                name,
                items: vec![item],
            }),
        }
    }
    groups
}

/// Drops `#[rustfmt::skip]` (kept in the runtime sources where rustfmt would change the
/// tokens, e.g. by adding braces around a closure body).
fn strip_rustfmt_attributes(item: &mut syn::Item) {
    let not_rustfmt = |a: &syn::Attribute| {
        a.path()
            .segments
            .first()
            .is_none_or(|s| s.ident != "rustfmt")
    };
    if let syn::Item::Fn(f) = item {
        f.attrs.retain(not_rustfmt);
    }
}

/// The runtime items of `source` that `helpers` uses, in file order; `select` picks the
/// groups wanted here (a generated file may place groups apart).
pub(crate) fn items(
    source: Source,
    helpers: &Helpers,
    select: impl Fn(Helper) -> bool,
) -> TokenStream {
    let used: Vec<Helper> = helpers
        .0
        .iter()
        .copied()
        .filter(|h| h.source() == source && select(*h))
        .collect();
    with_groups(source, |groups| {
        let mut out = TokenStream::new();
        for group in groups {
            let in_group = |h: &Helper| h.part().group() == group.name;
            if !used.iter().any(in_group) {
                continue;
            }
            // Parts of the group that are chosen one by one: methods and enum variants.
            let methods: Vec<&str> = Helper::ALL
                .iter()
                .filter(|h| h.source() == source && in_group(h))
                .filter_map(|h| match h.part() {
                    Part::Method(_, m) => Some(m),
                    _ => None,
                })
                .collect();
            let has_variants = Helper::ALL.iter().any(|h| {
                h.source() == source && matches!(h.part(), Part::Variant(g, _) if g == group.name)
            });
            let names = |h: &Helper, name: &str| {
                h.source() == source
                    && matches!(h.part(), Part::Method(g, n) | Part::Variant(g, n) if g == group.name && n == name)
            };
            // A used method or optional variant; a variant no helper names is always kept.
            let keep = |name: &str| {
                used.iter().any(|h| names(h, name))
                    || (has_variants && !Helper::ALL.iter().any(|h| names(h, name)))
            };
            for item in &group.items {
                match item {
                    syn::Item::Impl(i) if !methods.is_empty() => {
                        let mut i = i.clone();
                        i.items.retain(|m| match m {
                            syn::ImplItem::Fn(f) => keep(&f.sig.ident.to_string()),
                            _ => true,
                        });
                        if !i.items.is_empty() {
                            i.to_tokens(&mut out);
                        }
                    }
                    syn::Item::Enum(e) if has_variants => {
                        let mut e = e.clone();
                        e.variants = e
                            .variants
                            .into_iter()
                            .filter(|v| keep(&v.ident.to_string()))
                            .collect();
                        e.to_tokens(&mut out);
                    }
                    syn::Item::Impl(i) if has_variants => {
                        let mut i = i.clone();
                        for m in &mut i.items {
                            if let syn::ImplItem::Fn(f) = m {
                                prune_arms(&mut f.block, &keep);
                            }
                        }
                        i.to_tokens(&mut out);
                    }
                    other => other.to_tokens(&mut out),
                }
            }
        }
        out
    })
}

/// The method a [`Part::Method`] helper names, for the generated `impl` its runtime file
/// stands in for (`impl Client`, `impl ClientBuilder`); nothing for a helper of another part.
pub(crate) fn method(helper: Helper) -> TokenStream {
    let Part::Method(group, name) = helper.part() else {
        return TokenStream::new();
    };
    with_groups(helper.source(), |groups| {
        let mut out = TokenStream::new();
        let items = groups
            .iter()
            .filter(|g| g.name == group)
            .flat_map(|g| &g.items);
        for item in items {
            if let syn::Item::Impl(i) = item {
                for m in &i.items {
                    if matches!(m, syn::ImplItem::Fn(f) if f.sig.ident == name) {
                        m.to_tokens(&mut out);
                    }
                }
            }
        }
        out
    })
}

/// Drops the arms of the `match` that ends `block` whose pattern names a variant `keep`
/// refuses (`Self::Json(bytes) => …`).
fn prune_arms(block: &mut syn::Block, keep: &impl Fn(&str) -> bool) {
    let Some(syn::Stmt::Expr(syn::Expr::Match(m), None)) = block.stmts.last_mut() else {
        return;
    };
    m.arms.retain(|arm| {
        let path = match &arm.pat {
            syn::Pat::Path(p) => &p.path,
            syn::Pat::TupleStruct(p) => &p.path,
            syn::Pat::Struct(p) => &p.path,
            _ => return true,
        };
        path.segments
            .last()
            .is_none_or(|s| keep(&s.ident.to_string()))
    });
}

#[cfg(test)]
mod tests;

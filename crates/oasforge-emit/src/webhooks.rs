//! `webhooks.rs`: the webhooks and callbacks of an API. `signing` (Standard Webhooks
//! signatures), `receive` (a trait with one method per webhook and an `axum` router that
//! verifies, decodes and validates each event before its handler) and `send` (a `Sender`
//! with one typed method per webhook). The fixed code is `runtime/webhooks.rs`, emitted
//! whole; this module adds what depends on the API.

use std::collections::BTreeSet;

use oasforge_ir::{Api, Ty, TyKind, TypeId, TypeKind, Webhook, WebhookSource};
use proc_macro2::TokenStream;
use quote::{quote, ToTokens};

use crate::docs::doc_attrs;
use crate::ledger::{Dep, Uses};
use crate::types::{ident, ty_tokens, ty_uses};

/// Which sides `webhooks.rs` holds, and whether each is behind its cargo feature.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Sides {
    /// `receive`, with the server.
    pub receiver: bool,
    /// `send`, with the client.
    pub sender: bool,
    /// A crate: `receive` behind `server`, `send` behind `client`.
    pub gated: bool,
}

/// What `webhooks.rs` uses, by side.
pub(crate) struct WebhookUses {
    /// Both sides (signing).
    pub common: Uses,
    /// The receiver.
    pub receiver: Uses,
    /// The sender.
    pub sender: Uses,
}

/// The runtime module `name` of `runtime/webhooks.rs`: its attributes and items.
fn runtime_module(name: &str) -> (Vec<syn::Attribute>, Vec<syn::Item>) {
    // The runtime source is compiled in this crate's tests, so it parses.
    let file = syn::parse_file(include_str!("runtime/webhooks.rs"))
        .expect("the runtime sources are valid Rust");
    file.items
        .into_iter()
        .find_map(|item| match item {
            syn::Item::Mod(m) if m.ident == name => Some((
                m.attrs,
                m.content.map(|(_, items)| items).unwrap_or_default(),
            )),
            _ => None,
        })
        .unwrap_or_default()
}

/// A runtime module with `extra` items appended, behind `feature` when given.
fn module(name: &str, feature: Option<&str>, extra: TokenStream) -> TokenStream {
    let (attrs, items) = runtime_module(name);
    let name = ident(name);
    let gate = feature.map(|f| quote! { #[cfg(feature = #f)] });
    let items = items.iter().map(ToTokens::to_token_stream);
    quote! {
        #(#attrs)*
        #gate
        pub mod #name {
            #(#items)*
            #extra
        }
    }
}

/// The items of `webhooks.rs`, with what each side uses.
pub(crate) fn webhooks(api: &Api, sides: Sides) -> (TokenStream, WebhookUses) {
    let mut uses = WebhookUses {
        common: Uses::default(),
        receiver: Uses::default(),
        sender: Uses::default(),
    };
    uses.common.dep(Dep::SerdeJson);
    for w in &api.webhooks {
        if let Some(body) = &w.payload {
            ty_uses(&body.ty, &mut uses.common);
        }
    }
    let signing = module("signing", None, TokenStream::new());
    let receive = sides.receiver.then(|| {
        uses.receiver.dep(Dep::Signing);
        module("receive", sides.gated.then_some("server"), receiver(api))
    });
    let send = sides.sender.then(|| {
        uses.sender.dep(Dep::Signing);
        module("send", sides.gated.then_some("client"), sender(api))
    });
    (quote! { #signing #receive #send }, uses)
}

/// The payload's Rust type as the handler gets it and the sender takes it (optional when
/// the body is), and whether it implements `Validate`.
fn payload(api: &Api, w: &Webhook) -> Option<(TokenStream, bool, bool)> {
    let body = w.payload.as_ref()?;
    let ty = ty_tokens(api, &body.ty);
    let optional = !body.required && !body.ty.nullable;
    let ty = if optional {
        quote! { Option<#ty> }
    } else {
        ty
    };
    Some((ty, validates(api, &body.ty), body.required))
}

/// Whether a value of `ty` implements `Validate` (models other than plain aliases, and lists
/// of them).
fn validates(api: &Api, ty: &Ty) -> bool {
    match &ty.kind {
        TyKind::Named(id) => {
            // Aliases are checked where they are used; constrained newtypes when made.
            !matches!(api.type_def(*id).kind, TypeKind::Alias(_))
        }
        TyKind::Array(item) => validates(api, item),
        _ => false,
    }
}

/// `use super::super::models::{…};` for the model types of the payloads.
fn model_imports(api: &Api) -> TokenStream {
    fn collect(ty: &Ty, out: &mut BTreeSet<TypeId>) {
        match &ty.kind {
            TyKind::Named(id) => {
                out.insert(*id);
            }
            TyKind::Array(inner) | TyKind::Map(inner) => collect(inner, out),
            _ => {}
        }
    }
    let mut ids = BTreeSet::new();
    for w in &api.webhooks {
        if let Some(body) = &w.payload {
            collect(&body.ty, &mut ids);
        }
    }
    if ids.is_empty() {
        return TokenStream::new();
    }
    let mut names: Vec<&str> = ids
        .iter()
        .map(|id| api.type_def(*id).name.as_str())
        .collect();
    names.sort_unstable();
    let names = names.into_iter().map(ident);
    quote! { use super::super::models::{#(#names),*}; }
}

/// `use super::super::validate::Validate;` when a payload is validated.
fn validate_import(api: &Api) -> TokenStream {
    let any = api
        .webhooks
        .iter()
        .any(|w| w.payload.as_ref().is_some_and(|b| validates(api, &b.ty)));
    if any {
        quote! { use super::super::validate::Validate; }
    } else {
        TokenStream::new()
    }
}

/// Where the webhook is declared and how it travels, for its doc comment.
fn where_doc(w: &Webhook, receiving: bool) -> String {
    let declared = match &w.source {
        WebhookSource::Webhook { key } => format!("the `{key}` webhook"),
        WebhookSource::Callback {
            operation,
            callback,
            expression,
        } => format!("the `{callback}` callback of `{operation}`, sent to `{expression}`"),
    };
    if receiving {
        format!(
            "{declared}: `{} {}` on the receiver's router, answered `{}`.",
            w.method, w.route, w.status
        )
    } else {
        format!("{declared}, sent with `{}`.", w.method)
    }
}

/// The receiver's trait, router and handlers.
fn receiver(api: &Api) -> TokenStream {
    let methods = api.webhooks.iter().map(|w| {
        let name = ident(&w.name);
        let docs = doc_attrs(&w.docs, &[where_doc(w, true)]);
        let ty = payload(api, w).map_or_else(|| quote! { () }, |(ty, _, _)| ty);
        let deprecated = w.deprecated.then(|| quote! { #[deprecated] });
        quote! {
            #docs
            #deprecated
            fn #name(&self, event: Event<#ty>) -> impl std::future::Future<Output = Result<(), ReceiveError>> + Send;
        }
    });
    let routes = api.webhooks.iter().map(|w| {
        let route = &w.route;
        let method = ident(w.method.key());
        let name = ident(&w.name);
        quote! { .route(#route, axum::routing::#method(handlers::#name::<W>)) }
    });
    let handlers = api.webhooks.iter().map(|w| {
        let name = ident(&w.name);
        let doc = format!(" Verifies, decodes and checks {}", where_doc(w, true));
        let (ty, check, required) = payload(api, w).unwrap_or((quote! { () }, false, false));
        let check = check.then(|| {
            quote! {
                if let Err(errors) = event.payload.validate() {
                    return invalid(errors.violations());
                }
            }
        });
        let status = proc_macro2::Literal::u16_unsuffixed(w.status);
        let allow = w.deprecated.then(|| quote! { #[allow(deprecated)] });
        quote! {
            #[doc = #doc]
            #allow
            pub(super) async fn #name<W: Webhooks>(
                State(shared): State<Arc<Shared<W>>>,
                headers: HeaderMap,
                body: Bytes,
            ) -> Response {
                let event = match open::<#ty>(shared.verifier.as_ref(), headers, &body, #required) {
                    Ok(event) => event,
                    Err(refused) => return *refused,
                };
                #check
                answer(shared.receiver.#name(event).await, #status)
            }
        }
    });
    let models = model_imports(api);
    let validate = validate_import(api);
    let trait_doc = format!(
        " The webhooks and callbacks of {} {}: implement one method per event and serve the implementation with [`router`].",
        api.title, api.version
    );
    quote! {
        use std::sync::Arc;

        use axum::body::Bytes;
        use axum::extract::State;
        #models
        #validate

        #[doc = #trait_doc]
        ///
        /// Each method gets its event verified (when the router has a [`Verifier`]),
        /// decoded and validated; it accepts the event with `Ok(())`.
        pub trait Webhooks: Send + Sync + 'static {
            #(#methods)*
        }

        /// A router that receives the events `receiver` handles, one route per event (see
        /// each method). With a `verifier`, an event without a valid, fresh signature gets
        /// `401`; a payload that does not decode or breaks the spec's rules gets `400` with
        /// an RFC 9457 problem document; a failing handler gets `500`, so the sender retries.
        ///
        /// To receive the events under a prefix, `nest` the router.
        pub fn router<W: Webhooks>(receiver: W, verifier: Option<Verifier>) -> axum::Router {
            axum::Router::new()
                #(#routes)*
                .with_state(Arc::new(Shared { receiver, verifier }))
        }

        /// One `axum` handler per event: verify, decode, check, call the receiver, answer.
        mod handlers {
            use super::*;
            #(#handlers)*
        }
    }
}

/// The sender's typed methods.
fn sender(api: &Api) -> TokenStream {
    let methods = api.webhooks.iter().map(|w| {
        let name = ident(&w.name);
        let docs = doc_attrs(
            &w.docs,
            &[
                where_doc(w, false),
                "`id` names the event: the same on every retry of it.".to_owned(),
            ],
        );
        let method = ident(w.method.as_str());
        let deprecated = w.deprecated.then(|| quote! { #[deprecated] });
        match payload(api, w) {
            Some((ty, check, _)) => {
                let check = check.then(|| {
                    quote! {
                        payload
                            .validate()
                            .map_err(|errors| SendError::Invalid(errors.into_violations()))?;
                    }
                });
                quote! {
                    #docs
                    #deprecated
                    pub async fn #name(&self, url: &str, id: &str, payload: &#ty) -> Result<Delivery, SendError> {
                        #check
                        self.deliver(reqwest::Method::#method, url, id, Some(payload)).await
                    }
                }
            }
            None => quote! {
                #docs
                #deprecated
                pub async fn #name(&self, url: &str, id: &str) -> Result<Delivery, SendError> {
                    self.deliver(reqwest::Method::#method, url, id, None::<&()>).await
                }
            },
        }
    });
    let models = model_imports(api);
    let validate = validate_import(api);
    quote! {
        #models
        #validate

        /// One method per event of the API.
        impl Sender {
            #(#methods)*
        }
    }
}

#[cfg(test)]
mod unit_tests {
    use super::*;
    use crate::testing::{api, text, SHOP};

    #[test]
    fn each_side_is_emitted_behind_its_feature() {
        let api = api(SHOP);
        let (tokens, uses) = webhooks(
            &api,
            Sides {
                receiver: true,
                sender: false,
                gated: true,
            },
        );
        let text = text(tokens);
        assert!(text.contains("pub mod signing {"), "{text}");
        assert!(
            text.contains("#[cfg(feature = \"server\")]\npub mod receive {"),
            "{text}"
        );
        assert!(!text.contains("pub mod send"), "{text}");
        assert!(text.contains("Item"), "{text}");
        assert!(uses.receiver.needs(Dep::Signing) && !uses.sender.needs(Dep::Signing));
        assert!(uses.common.needs(Dep::SerdeJson));
    }

    #[test]
    fn a_module_folder_has_no_feature_gates() {
        let api = api(SHOP);
        let (tokens, uses) = webhooks(
            &api,
            Sides {
                receiver: true,
                sender: true,
                gated: false,
            },
        );
        let text = text(tokens);
        assert!(text.contains("pub mod receive {") && text.contains("pub mod send {"));
        assert!(!text.contains("cfg(feature"), "{text}");
        assert!(uses.sender.needs(Dep::Signing));
    }
}

//! The server: a trait with one async method per operation, and an `axum` router that
//! decodes, checks and validates each request before the handler sees it.

use oasforge_ir::{Api, ParamLocation, SecurityKind};
use proc_macro2::TokenStream;
use quote::quote;

use crate::docs::doc_attrs;
use crate::format::{Block, Pieces};
use crate::ledger::{Module, Part, Uses};
use crate::operations::{op_label, operation_imports, used_schemes, OpItems};
use crate::runtime::{self, Helper, Source};

mod auth;
mod decode;
mod handler;
mod refusal;
mod reply;
mod routes;

use auth::credentials_fn;
use handler::handler;
use reply::reply_impl;

/// The items of `server.rs`.
pub(crate) fn server(api: &Api, items: &[OpItems<'_>]) -> Part<Pieces> {
    let mut uses = Uses::default();
    // Problem documents and `failure` serve every server.
    uses.use_(Helper::Failure);
    let schemes = used_schemes(api);
    let has_credentials = !schemes.is_empty();

    let trait_methods = items.iter().map(|item| {
        let op = item.op;
        let name = &item.method;
        let input = &item.input;
        let response = &item.response;
        let docs = doc_attrs(&op.docs, &[format!("{}.", op_label(op))]);
        let credentials = (!op.security.is_empty()).then(|| quote! { credentials: Credentials, });
        quote! {
            #docs
            fn #name(&self, input: #input, #credentials request: Parts) -> impl std::future::Future<Output = Result<#response, HandlerError>> + Send;
        }
    });

    // Routes: `axum`'s when it can route every template, else one `dispatch` for all.
    let dispatched = routes::needs_dispatch(items);
    let (routes, dispatch) = if dispatched {
        uses.use_(Helper::Problem);
        (
            vec![quote! { let router = router.fallback(dispatch::<A>); }],
            routes::dispatch(items, &mut uses),
        )
    } else {
        (routes::axum_routes(items), Vec::new())
    };
    let unimplemented = items.iter().map(|item| {
        let name = &item.method;
        let input = &item.input;
        let response = &item.response;
        let credentials =
            (!item.op.security.is_empty()).then(|| quote! { _credentials: Credentials, });
        quote! {
            async fn #name(&self, _input: #input, #credentials _request: Parts) -> Result<#response, HandlerError> {
                Err(HandlerError::NotFound)
            }
        }
    });

    // Refusals answered with the error schemas each operation documents.
    let documented: Vec<Option<refusal::Documented>> = items
        .iter()
        .map(|item| refusal::documented(api, item))
        .collect();
    let (handlers, decodes): (Vec<TokenStream>, Vec<TokenStream>) = items
        .iter()
        .zip(routes::unrouted(items))
        .zip(&documented)
        .map(|((item, unrouted), documented)| {
            let (handler, decode) = handler(api, item, &mut uses, dispatched, documented.is_some());
            if unrouted {
                // Shadowed by an operation on the same route: kept so the trait is whole.
                (
                    quote! { #[allow(dead_code)] #handler },
                    quote! { #[allow(dead_code)] #decode },
                )
            } else {
                (handler, decode)
            }
        })
        .unzip();
    let refusal_fns: Vec<TokenStream> = items
        .iter()
        .zip(&documented)
        .filter_map(|(item, d)| {
            d.as_ref()
                .map(|d| refusal::refusal_fn(api, item, d, &mut uses))
        })
        .collect();
    let documented: Vec<&refusal::Documented> = documented.iter().flatten().collect();
    let from_refusal = refusal::from_refusal_impls(api, &documented, &mut uses);
    let replies: Vec<TokenStream> = items
        .iter()
        .map(|item| reply_impl(item, &mut uses))
        .collect();
    let credentials_fn = has_credentials.then(|| credentials_fn(api, &mut uses));

    // `HandlerError` opens the file; the other runtime items close it.
    uses.use_(Helper::HandlerError);
    let handler_error = runtime::items(Source::Server, &uses.helpers, is_handler_error);
    let helper_items = runtime::items(Source::Server, &uses.helpers, |h| !is_handler_error(h));
    uses.import(Module::StdSync, "Arc");
    if items.iter().any(|i| i.body.is_some()) {
        uses.import(Module::AxumBody, "Bytes");
    }
    if items.iter().any(|i| {
        i.op.params
            .iter()
            .any(|p| p.location == ParamLocation::Path)
    }) {
        uses.import(Module::AxumExtract, "Path");
    }
    let any_query_key = reads_query(api);
    if items.iter().any(|i| {
        (any_query_key && !i.op.security.is_empty())
            || i.op
                .params
                .iter()
                .any(|p| p.location == ParamLocation::Query)
    }) {
        uses.import(Module::AxumExtract, "RawQuery");
    }
    uses.import(Module::AxumExtract, "State");
    uses.import(Module::AxumHttp, "StatusCode");
    uses.import(Module::AxumHttpRequest, "Parts");
    uses.import(Module::AxumResponse, "IntoResponse");
    uses.import(Module::AxumResponse, "Response");
    operation_imports(items, &schemes, "Violation", &mut uses);
    let trait_doc = format!(
        " The operations of {} {}: implement one method per operation and serve the implementation with [`router`].",
        api.title, api.version
    );
    let mut pieces = Pieces::default();
    pieces.items(handler_error);
    pieces.block(
        quote! {
            #[doc = #trait_doc]
            ///
            /// Each method gets its inputs decoded and validated, the credentials its `security`
            /// requires, and the request's head (`request`: method, URI, every header and the
            /// extensions that `axum` layers added); it returns the documented response to send.
            /// `?` on a validation error (e.g. `id.parse::<SomeId>()?`) answers `400`.
            pub trait Api: Send + Sync + 'static
        },
        Block::Trait,
        trait_methods.chain(std::iter::once(quote! {
            /// The response to a request the router answers itself (see [`Refusal`]) when the
            /// operation documents no error schema for the status that the refusal can fill:
            /// by default an RFC 9457 problem document listing the violations.
            fn refusal(&self, refusal: Refusal) -> Response {
                refusal.problem()
            }
        })),
    );
    pieces.items(quote! {
        /// A router that serves `api`: each request is decoded and validated before it reaches
        /// the handler. Invalid input gets `400` listing each violation, a missing credential
        /// `401`, an unsupported content type `415`, a wrong method `405`, and a failing
        /// handler `500`: with the operation's documented error schema for the status when
        /// there is one, else as [`Api::refusal`] decides (a problem document by default).
        ///
        /// The paths are the spec's paths; to serve them under a server's base path, `nest` the
        /// router.
        pub fn router<A: Api>(api: A) -> axum::Router {
            let router = axum::Router::new();
            #(#routes)*
            router.with_state(Arc::new(api))
        }
    });
    for piece in dispatch {
        pieces.items(piece);
    }
    // A dispatching router gives `axum` no route to refuse: nothing to test.
    if !dispatched {
        pieces.items(quote! {
        /// The router starts: `axum` accepts every route (it panics on one it cannot route).
        #[cfg(test)]
        mod router_starts {
            use super::*;

            /// Answers `404` to everything.
            struct Unimplemented;

            impl Api for Unimplemented {
                #(#unimplemented)*
            }

            #[test]
            fn the_router_starts() {
                let _router = router(Unimplemented);
            }
        }
        });
    }
    let use_super = || std::iter::once(quote! { use super::*; });
    pieces.block(
        quote! {
            /// One `axum` handler per operation: decode, call the implementation, answer.
            mod handlers
        },
        Block::Mod,
        use_super().chain(handlers),
    );
    pieces.block(
        quote! {
            /// Each operation's request, decoded and checked: its input, or the response refusing it.
            mod decode
        },
        Block::Mod,
        use_super().chain(decodes),
    );
    if !refusal_fns.is_empty() {
        pieces.block(
            quote! {
                /// Each operation's refusals, answered with the error schemas it documents.
                mod refusals
            },
            Block::Mod,
            use_super().chain(refusal_fns),
        );
        pieces.items(from_refusal);
    }
    pieces.items(quote! {
        #(#replies)*

        #credentials_fn

        #helper_items
    });
    Part {
        items: pieces,
        uses,
    }
}

/// Whether a runtime helper is `HandlerError` (placed first in the file).
fn is_handler_error(helper: Helper) -> bool {
    helper == Helper::HandlerError
}

/// Whether some used security scheme is an API key in the query (then `credentials()`
/// reads the query).
fn reads_query(api: &Api) -> bool {
    used_schemes(api).iter().any(|s| {
        matches!(
            s.kind,
            SecurityKind::ApiKey {
                location: ParamLocation::Query,
                ..
            }
        )
    })
}

/// Whether some used security scheme arrives in a header or cookie (then `credentials()`
/// reads the headers).
fn reads_headers(api: &Api) -> bool {
    used_schemes(api).iter().any(|s| {
        !matches!(
            s.kind,
            SecurityKind::ApiKey {
                location: ParamLocation::Query,
                ..
            }
        )
    })
}

#[cfg(test)]
mod unit_tests {
    use super::*;
    use crate::operations::op_items;
    use crate::testing::{api, text, PETS, PLAIN};

    #[test]
    fn header_map_is_imported_exactly_when_a_header_is_read() {
        let api = api(PETS);
        let items = op_items(&api);
        let part = server(&api, &items);
        let uses = part.uses.use_items().to_string();
        assert!(
            uses.contains(&quote! { use axum::http::{HeaderMap, StatusCode}; }.to_string()),
            "{uses}"
        );
        assert!(
            uses.contains(&quote! { use axum::extract::{Path, State}; }.to_string()),
            "{uses}"
        );
        assert!(text(part.items.into_tokens()).contains("headers: HeaderMap"));
    }

    #[test]
    fn a_dispatched_router_with_a_query_defines_each_function_once() {
        let api = api(r#"
openapi: 3.0.3
info: {title: D, version: 1.0.0}
paths:
  /files/{name}.json:
    get:
      operationId: jsonFile
      parameters:
        - {name: name, in: path, required: true, schema: {type: string}}
        - {name: q, in: query, schema: {type: string}}
      responses: {'204': {description: Nothing.}}
"#);
        let items = op_items(&api);
        let file =
            syn::parse2::<syn::File>(server(&api, &items).items.into_tokens()).expect("parses");
        let mut names: Vec<String> = file
            .items
            .iter()
            .filter_map(|i| match i {
                syn::Item::Fn(f) => Some(f.sig.ident.to_string()),
                _ => None,
            })
            .collect();
        assert!(names.iter().any(|n| n == "percent_decode"), "{names:?}");
        assert!(names.iter().any(|n| n == "decode_segment"), "{names:?}");
        let count = names.len();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), count, "a function defined twice");
    }

    #[test]
    fn a_server_without_parameters_imports_only_what_it_uses() {
        let api = api(PLAIN);
        let items = op_items(&api);
        let part = server(&api, &items);
        let uses = part.uses.use_items().to_string();
        assert!(
            uses.contains(&quote! { use axum::http::StatusCode; }.to_string()),
            "{uses}"
        );
        assert!(
            uses.contains(&quote! { use axum::extract::{State}; }.to_string()),
            "{uses}"
        );
        assert!(
            !uses.contains("HeaderMap") && !uses.contains("Bytes"),
            "{uses}"
        );
        let text = text(part.items.into_tokens());
        assert!(
            !text.contains("HeaderMap") && !text.contains("Bytes"),
            "{text}"
        );
    }

    /// The test that `axum` accepts every route comes with `axum` routes only: a dispatching
    /// router hands it none.
    #[test]
    fn only_an_axum_routed_server_tests_that_its_router_starts() {
        let routed = text(
            server(&api(PETS), &op_items(&api(PETS)))
                .items
                .into_tokens(),
        );
        assert!(routed.contains("fn the_router_starts()"), "{routed}");
        let dispatched = api(r#"
openapi: 3.0.3
info: {title: A, version: 1.0.0}
paths:
  /files/{name}.json:
    get:
      operationId: jsonFile
      parameters: [{name: name, in: path, required: true, schema: {type: string}}]
      responses: {'204': {description: Nothing.}}
"#);
        let text = text(
            server(&dispatched, &op_items(&dispatched))
                .items
                .into_tokens(),
        );
        assert!(text.contains("async fn dispatch"), "{text}");
        assert!(!text.contains("router_starts"), "{text}");
    }
}

//! The router's routes. When every path template is one `axum` can route (each segment
//! literal text or one whole parameter), one `.route` per template, captures named by
//! position (see [`oasforge_ir::PathTemplate::axum_route`]). Otherwise every operation is
//! routed through one fallback, `dispatch`, that matches the parsed templates itself, most
//! specific first, and hands the decoded parameters to the handler.

use oasforge_ir::{ParamLocation, PathPart, PathTemplate};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::ledger::Uses;
use crate::operations::OpItems;
use crate::runtime::{self, Helper, Source};

/// Whether some template cannot be an `axum` route, so that `dispatch` routes them all.
pub(super) fn needs_dispatch(items: &[OpItems<'_>]) -> bool {
    items.iter().any(|i| i.op.template.axum_route().is_none())
}

/// For each operation, whether the router cannot reach it: an earlier operation has its
/// method on a template that differs only in parameter names (the lowering warns).
pub(super) fn unrouted(items: &[OpItems<'_>]) -> Vec<bool> {
    let mut seen = std::collections::HashSet::new();
    items
        .iter()
        .map(|i| !seen.insert((i.op.template.shape(), i.op.method.as_str())))
        .collect()
}

/// The routed operations grouped by route (templates that differ only in parameter names
/// share one), in document order.
fn groups<'a, 'b>(items: &'b [OpItems<'a>]) -> Vec<(&'b PathTemplate, Vec<&'b OpItems<'a>>)> {
    let mut groups: Vec<(&PathTemplate, Vec<&OpItems<'_>>)> = Vec::new();
    let mut by_shape: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for (item, unrouted) in items.iter().zip(unrouted(items)) {
        if unrouted {
            continue;
        }
        let next = groups.len();
        let index = *by_shape.entry(item.op.template.shape()).or_insert(next);
        if index == next {
            groups.push((&item.op.template, Vec::new()));
        }
        groups[index].1.push(item);
    }
    groups
}

/// The `router.route(…)` statements of the router, when [`needs_dispatch`] is false.
pub(super) fn axum_routes(items: &[OpItems<'_>]) -> Vec<TokenStream> {
    groups(items)
        .into_iter()
        .filter_map(|(template, members)| {
            let route = template.axum_route()?;
            let mut chain = TokenStream::new();
            for (i, item) in members.iter().enumerate() {
                let method = format_ident!("{}", item.op.method.key());
                let handler = &item.method;
                chain = if i == 0 {
                    quote! { axum::routing::#method(handlers::#handler::<A>) }
                } else {
                    quote! { #chain.#method(handlers::#handler::<A>) }
                };
            }
            // One statement per route, not one chained expression: a chain of 30,000 calls
            // is an expression nested 30,000 deep, which overflows the stack of whatever
            // walks it.
            Some(quote! { let router = router.route(#route, #chain); })
        })
        .collect()
}

/// How specific a template is, most specific first: segment by segment, literal text before
/// a segment mixing text and parameters (the more text the better) before a bare parameter.
fn specificity(template: &PathTemplate) -> Vec<(u8, std::cmp::Reverse<usize>)> {
    template
        .segments
        .iter()
        .map(|segment| {
            let text: usize = segment
                .iter()
                .map(|p| match p {
                    PathPart::Literal(t) => t.len(),
                    PathPart::Param(_) => 0,
                })
                .sum();
            let params = segment
                .iter()
                .filter(|p| matches!(p, PathPart::Param(_)))
                .count();
            let rank = match params {
                0 => 0,
                _ if text > 0 => 1,
                _ => 2,
            };
            (rank, std::cmp::Reverse(text))
        })
        .collect()
}

/// `dispatch`, the router's only route when [`needs_dispatch`] is true, and its helpers, in
/// pieces: the runtime's types, the table of routes, `dispatch`, the runtime's functions.
pub(super) fn dispatch(items: &[OpItems<'_>], uses: &mut Uses) -> Vec<TokenStream> {
    let mut groups = groups(items);
    // Stable: equally specific templates keep document order.
    groups.sort_by_key(|(template, _)| specificity(template));
    // The matched parameters are handed on only when some handler reads path parameters
    // (`path_values` reads `Captures`); else the handler is called as it is.
    let captured = items.iter().any(|i| {
        i.op.params
            .iter()
            .any(|p| p.location == ParamLocation::Path)
    });
    // Each routed operation's handler has a number; the table names it per method.
    let mut arms = Vec::new();
    let mut number = |handler: &proc_macro2::Ident| {
        let n = proc_macro2::Literal::usize_unsuffixed(arms.len());
        let call = if captured {
            quote! { call(handlers::#handler::<A>, request, captures, api) }
        } else {
            quote! { axum::handler::Handler::call(handlers::#handler::<A>, request, api) }
        };
        arms.push(quote! { #n => Box::pin(#call), });
        n
    };
    let routes: Vec<TokenStream> = groups
        .iter()
        .map(|(template, members)| {
            let mut index = 0;
            let segments = template.segments.iter().map(|segment| {
                let parts = segment.iter().map(|part| match part {
                    PathPart::Literal(text) => quote! { Part::Text(#text) },
                    PathPart::Param(_) => {
                        let capture = format!("p{index}");
                        index += 1;
                        quote! { Part::Param(#capture) }
                    }
                });
                quote! { &[#(#parts),*] }
            });
            let mut methods: Vec<TokenStream> = Vec::new();
            let mut get = None;
            for item in members {
                let method = item.op.method.as_str();
                let n = number(&item.method);
                if method == "GET" {
                    get = Some(n.clone());
                }
                methods.push(quote! { (#method, #n) });
            }
            // As `axum::routing::get` does, `GET` answers `HEAD` too.
            if let Some(n) = get {
                if !members.iter().any(|i| i.op.method.as_str() == "HEAD") {
                    methods.push(quote! { ("HEAD", #n) });
                }
            }
            quote! {
                Route {
                    template: &[#(#segments),*],
                    methods: &[#(#methods),*],
                },
            }
        })
        .collect();
    // The runtime's `Part`, `Route`, `Routed` and `Captures` go before `dispatch`, its
    // functions after.
    for helper in [Helper::PathSegments, Helper::FindRoute] {
        uses.use_(helper);
    }
    if captured {
        uses.use_(Helper::CallHandler);
    }
    let has_params = groups.iter().any(|(template, _)| {
        template
            .segments
            .iter()
            .flatten()
            .any(|p| matches!(p, PathPart::Param(_)))
    });
    if has_params {
        uses.use_(Helper::RouteParam);
    }
    let before = |h: Helper| {
        matches!(
            h,
            Helper::RoutePart
                | Helper::RouteParam
                | Helper::Captures
                | Helper::Route
                | Helper::Routed
        )
    };
    let types = runtime::items(Source::Routes, &uses.helpers, before);
    let functions = runtime::items(Source::Routes, &uses.helpers, |h| !before(h));
    let captures = if captured {
        quote! { let mut captures = Vec::new(); }
    } else {
        quote! {}
    };
    let into = if captured {
        quote! { &mut captures }
    } else {
        quote! { &mut Vec::new() }
    };
    let table = quote! {
        /// The templates `dispatch` tries, most specific first, each with the number of the
        /// handler of each of its methods.
        const ROUTES: &[Route] = &[#(#routes)*];
    };
    let function = quote! {
        /// Routes every request: the first template (most specific first) that matches the
        /// path and has the method; `405` when templates match but none has the method,
        /// `404` when none matches. The handlers' futures are boxed, so that this function
        /// awaits one future rather than one of each handler's types.
        async fn dispatch<A: Api>(
            State(api): State<Arc<A>>,
            request: axum::extract::Request,
        ) -> Response {
            let Some(segments) = path_segments(request.uri().path()) else {
                return problem(StatusCode::BAD_REQUEST, "The path does not decode.", &[]);
            };
            #captures
            let handler = match route(ROUTES, &segments, request.method().as_str(), #into) {
                Routed::Handler(handler) => handler,
                Routed::NotAllowed(allowed) => {
                    return (
                        StatusCode::METHOD_NOT_ALLOWED,
                        [(axum::http::header::ALLOW, allowed.join(", "))],
                    )
                        .into_response();
                }
                Routed::NotFound => return StatusCode::NOT_FOUND.into_response(),
            };
            let answer: std::pin::Pin<Box<dyn std::future::Future<Output = Response> + Send>> =
                match handler {
                    #(#arms)*
                    _ => return StatusCode::NOT_FOUND.into_response(),
                };
            answer.await
        }
    };
    vec![types, table, function, functions]
}

#[cfg(test)]
mod unit_tests {
    use super::*;
    use crate::operations::op_items;
    use crate::testing::{api, PETS};

    const SAME_ROUTE: &str = r#"
openapi: 3.0.3
info: {title: A, version: 1.0.0}
paths:
  /a/{x}:
    get:
      operationId: first
      parameters: [{name: x, in: path, required: true, schema: {type: string}}]
      responses: {'204': {description: Nothing.}}
  /a/{y}:
    get:
      operationId: second
      parameters: [{name: y, in: path, required: true, schema: {type: string}}]
      responses: {'204': {description: Nothing.}}
    put:
      operationId: third
      parameters: [{name: y, in: path, required: true, schema: {type: string}}]
      responses: {'204': {description: Nothing.}}
"#;

    #[test]
    fn axum_routes_name_captures_by_position() {
        let api = api(PETS);
        let items = op_items(&api);
        assert!(!needs_dispatch(&items));
        let routes: Vec<String> = axum_routes(&items)
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(routes.len(), 1);
        assert!(routes[0].contains("\"/pets/{p0}\""), "{}", routes[0]);
        assert!(
            routes[0].contains("get (handlers :: get_pet :: < A >)"),
            "{}",
            routes[0]
        );
    }

    #[test]
    fn a_method_on_a_route_already_taken_is_unrouted() {
        let api = api(SAME_ROUTE);
        let items = op_items(&api);
        assert_eq!(unrouted(&items), [false, true, false]);
        // One route for the shape, with `get` from the first and `put` from the third.
        let routes: Vec<String> = axum_routes(&items)
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(routes.len(), 1, "{routes:?}");
        assert!(routes[0].contains("handlers :: first"), "{}", routes[0]);
        assert!(
            routes[0].contains(". put (handlers :: third"),
            "{}",
            routes[0]
        );
        assert!(!routes[0].contains("second"), "{}", routes[0]);
    }

    #[test]
    fn a_template_axum_cannot_route_is_dispatched_most_specific_first() {
        let api = api(r#"
openapi: 3.0.3
info: {title: A, version: 1.0.0}
paths:
  /files/{name}:
    get:
      operationId: anyFile
      parameters: [{name: name, in: path, required: true, schema: {type: string}}]
      responses: {'204': {description: Nothing.}}
  /files/{name}.json:
    get:
      operationId: jsonFile
      parameters: [{name: name, in: path, required: true, schema: {type: string}}]
      responses: {'204': {description: Nothing.}}
"#);
        let items = op_items(&api);
        assert!(needs_dispatch(&items));
        let mut uses = Uses::default();
        let text: TokenStream = dispatch(&items, &mut uses).into_iter().collect();
        let text = text.to_string();
        assert!(uses.helpers.has(Helper::DecodeSegment));
        // Not `percent_decode`, the runtime's query decoder, which a query parameter brings.
        assert!(text.contains("fn decode_segment"), "{text}");
        assert!(!text.contains("percent_decode"), "{text}");
        let json = text.find("json_file").expect("json_file is dispatched");
        let any = text.find("any_file").expect("any_file is dispatched");
        assert!(json < any, "{text}");
        // Parameters are matched by `Part::Param`.
        assert!(uses.helpers.has(Helper::RouteParam));
        assert!(text.contains("Param (& 'static str)"), "{text}");
    }

    /// Templates of literal text only (Amazon's `/#X-Amz-Target=…`, which `axum` cannot
    /// route) need no `Part::Param`: it would be a variant never constructed.
    #[test]
    fn literal_templates_are_dispatched_without_a_param_part() {
        let api = api(r##"
openapi: 3.0.3
info: {title: A, version: 1.0.0}
paths:
  /#X-Amz-Target=Service.DoThing:
    post:
      operationId: doThing
      responses: {'204': {description: Nothing.}}
"##);
        let items = op_items(&api);
        assert!(needs_dispatch(&items));
        let mut uses = Uses::default();
        let text: TokenStream = dispatch(&items, &mut uses).into_iter().collect();
        let text = text.to_string();
        assert!(!uses.helpers.has(Helper::RouteParam));
        assert!(text.contains("enum Part"), "{text}");
        assert!(!text.contains("Param"), "{text}");
        // No handler reads path parameters: nothing carries them.
        assert!(!uses.helpers.has(Helper::Captures));
        assert!(!text.contains("Captures"), "{text}");
        assert!(text.contains("template : & [& [Part :: Text (\"#X-Amz-Target=Service.DoThing\")]] , methods : & [(\"POST\" , 0)]"), "{text}");
        assert!(text.contains("& mut Vec :: new ()"), "{text}");
        assert!(text.contains("0 => Box :: pin (axum :: handler :: Handler :: call (handlers :: do_thing :: < A > , request , api))"), "{text}");
        assert!(text.contains("Self :: Text (literal) =>"), "{text}");
    }
}

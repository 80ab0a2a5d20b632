//! One operation's `axum` handler (module `handlers`) and its decoding function (module
//! `decode`): path, query, headers, credentials, parameters and body, then the implementation.

use oasforge_ir::{Api, ParamLocation, SecurityKind};
use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::decode::{body_decode, multipart_read, param_decode};
use super::refusal::refuse;
use super::{reads_headers, reads_query};
use crate::ledger::{Module, Uses};
use crate::operations::{credential_field, op_label, op_schemes, Codec, OpItems};
use crate::runtime::Helper;
use crate::types::ident;
use oasforge_ir::names::compose;

/// An operation's handler (module `handlers`) and its decoding function (module `decode`).
///
/// With `documented`, refusals are answered by the operation's function in module
/// `refusals` (its documented error schemas); else by `Api::refusal`.
///
/// With `dispatched`, the router's `dispatch` matched the path and hands the parameters over
/// in a request extension instead of `axum`'s `Path`.
pub(super) fn handler(
    api: &Api,
    item: &OpItems<'_>,
    uses: &mut Uses,
    dispatched: bool,
    documented: bool,
) -> (TokenStream, TokenStream) {
    let op = item.op;
    let name = &item.method;
    let input = &item.input;
    let doc = format!(" Decodes, checks and answers {}.", op_label(op));
    let uses_path = op.params.iter().any(|p| p.location == ParamLocation::Path);
    // `credentials()` reads the query when some scheme of the API is a query key.
    let any_query_key = reads_query(api);
    let any_header_key = reads_headers(api);
    let uses_query = op.params.iter().any(|p| p.location == ParamLocation::Query)
        || (any_query_key && !op.security.is_empty());
    let body = item.body.as_ref().map(|b| {
        let multipart = (b.kind == oasforge_ir::BodyKind::Multipart)
            .then(|| multipart_read(api, op, b.form.as_ref(), uses));
        body_decode(
            b.kind,
            b.required,
            crate::operations::form_encodings(op),
            multipart,
            uses,
        )
    });
    // Decoding a body reads the headers for its content type, except for raw bytes.
    let body_reads_headers = body
        .as_ref()
        .is_some_and(|b| b.to_string().contains("headers"));
    let uses_headers = op
        .params
        .iter()
        .any(|p| matches!(p.location, ParamLocation::Header | ParamLocation::Cookie))
        || (any_header_key && !op.security.is_empty())
        || body_reads_headers;

    let path_arg = uses_path.then(|| {
        if dispatched {
            quote! { axum::Extension(super::Captures(captures)): axum::Extension<super::Captures>, }
        } else {
            quote! { path: Result<Path<Vec<(String, String)>>, axum::extract::rejection::PathRejection>, }
        }
    });
    let path_let = uses_path.then(|| {
        uses.use_(Helper::Refusal);
        quote! {
            let Ok(Path(path)) = path else {
                return Err(Refusal::new(StatusCode::BAD_REQUEST, "The path does not decode.", Vec::new()));
            };
        }
    });
    let query_arg = uses_query.then(|| quote! { RawQuery(raw_query): RawQuery, });
    if uses_query {
        uses.use_(Helper::ParseQuery);
    }
    let headers_arg = if uses_headers {
        uses.import(Module::AxumHttp, "HeaderMap");
        quote! { headers: HeaderMap, }
    } else {
        TokenStream::new()
    };
    let body_arg = item.body.is_some().then(|| quote! { body: Bytes, });

    // Credentials: 401 unless one alternative of `security` is satisfied in full; an empty
    // alternative (`security: [{key: []}, {}]`) makes them optional, so never 401.
    let optional = op.security.iter().any(Vec::is_empty);
    let auth = (!op.security.is_empty()).then(|| {
        let header_arg = any_header_key.then(|| quote! { &headers });
        let query_arg = any_query_key.then(|| quote! { &query });
        let args: Vec<TokenStream> = header_arg.into_iter().chain(query_arg).collect();
        if optional {
            return quote! { let credentials = credentials(#(#args),*); };
        }
        uses.use_(Helper::Refusal);
        let several = op.security.len() > 1;
        let schemes = op_schemes(api, op);
        let alternatives: Vec<TokenStream> = schemes
            .iter()
            .map(|alt| {
                let checks: Vec<TokenStream> = alt
                    .iter()
                    .map(|s| {
                        let (f, _) = credential_field(s);
                        quote! { credentials.#f.is_some() }
                    })
                    .collect();
                if several && checks.len() > 1 {
                    quote! { (#(#checks)&&*) }
                } else {
                    quote! { #(#checks)&&* }
                }
            })
            .collect();
        let missing = match (op.security.len(), op.security.first().map(Vec::len)) {
            (1, Some(1)) => {
                let field = schemes[0].first().map(|s| credential_field(s).0);
                quote! { credentials.#field.is_none() }
            }
            _ => quote! { !(#(#alternatives)||*) },
        };
        let challenge = schemes.iter().flatten().find_map(|s| match &s.kind {
            SecurityKind::Bearer { .. } | SecurityKind::OAuth2 => Some("Bearer".to_owned()),
            SecurityKind::Basic => Some("Basic".to_owned()),
            SecurityKind::OtherHttp { scheme } => Some(scheme.clone()),
            SecurityKind::ApiKey { .. } => None,
        });
        let challenge = match challenge {
            Some(c) => quote! { Some(#c) },
            None => quote! { None },
        };
        quote! {
            let credentials = credentials(#(#args),*);
            if #missing {
                return Err(Refusal::unauthorized(#challenge));
            }
        }
    });

    let params: Vec<TokenStream> = op
        .params
        .iter()
        .map(|p| param_decode(api, &op.template, p, uses))
        .collect();

    let mut required = Vec::new();
    let mut fields = Vec::new();
    for p in &op.params {
        let field = ident(&p.name);
        let local = ident(&compose(&p.name, "param"));
        if p.required && !p.ty.nullable {
            required.push(local.clone());
        }
        if p.ty.nullable && p.required {
            // A nullable required parameter is `Option<T>` itself.
            fields.push(quote! { #field: #local, });
        } else {
            fields.push(quote! { #field: #local, });
        }
    }
    if let Some(b) = &item.body {
        let local = format_ident!("body_value");
        if b.required {
            required.push(local.clone());
        }
        fields.push(quote! { body: #local, });
    }
    // Only decoding steps that can fail record violations (a raw byte body cannot); the list
    // is mutable, and checked, only when one of them is there.
    let records = params
        .iter()
        .chain(body.iter())
        .any(|step| step.to_string().contains("violations"));
    let violations_decl = if records {
        uses.use_(Helper::Refusal);
        Some(quote! { let mut violations: Vec<Violation> = Vec::new(); })
    } else if !required.is_empty() {
        Some(quote! { let violations: Vec<Violation> = Vec::new(); })
    } else {
        None
    };
    let check = records.then(|| {
        quote! {
            if !violations.is_empty() {
                return Err(Refusal::invalid(violations));
            }
        }
    });
    let unwrap_required = match required.as_slice() {
        [] => None,
        [one] => Some(quote! {
            let Some(#one) = #one else {
                return Err(Refusal::invalid(violations));
            };
        }),
        many => Some(quote! {
            let (#(Some(#many)),*) = (#(#many),*) else {
                return Err(Refusal::invalid(violations));
            };
        }),
    };
    uses.use_(Helper::Refusal);
    let secured = !op.security.is_empty();
    let credentials_arg = secured.then(|| quote! { credentials, });
    let decoded = if secured {
        quote! { (#input, Credentials) }
    } else {
        quote! { #input }
    };
    let decoded_value = if secured {
        quote! { (input, credentials) }
    } else {
        quote! { input }
    };
    let decode_doc = format!(
        " Decodes and checks the request of {}: its input, or the response refusing it.",
        op_label(op)
    );
    let path_param = uses_path.then(|| {
        quote! { path: Result<Path<Vec<(String, String)>>, axum::extract::rejection::PathRejection>, }
    });
    let query_param = uses_query.then(|| quote! { raw_query: Option<&str>, });
    let headers_param = uses_headers.then(|| quote! { headers: HeaderMap, });
    let body_param = item.body.is_some().then(|| quote! { body: Bytes, });
    let path_pass = uses_path.then(|| {
        if dispatched {
            quote! { Ok(Path(captures)), }
        } else {
            quote! { path, }
        }
    });
    let query_pass = uses_query.then(|| quote! { raw_query.as_deref(), });
    let headers_pass = uses_headers.then(|| quote! { headers, });
    let body_pass = item.body.is_some().then(|| quote! { body, });
    let query_let = uses_query.then(|| {
        quote! { let query = parse_query(raw_query.unwrap_or("")); }
    });
    let decode_fn = quote! {
        #[doc = #decode_doc]
        pub(super) fn #name(#path_param #query_param #headers_param #body_param) -> Result<#decoded, Refusal> {
            #path_let
            #query_let
            #auth
            #violations_decl
            #(#params)*
            #body
            #check
            #unwrap_required
            let input = #input { #(#fields)* };
            if let Err(errors) = input.validate() {
                return Err(Refusal::invalid(errors.into_violations()));
            }
            Ok(#decoded_value)
        }
    };
    let refused = refuse(item, documented, quote! { failure(error) });
    let rejected = refuse(item, documented, quote! { refusal });
    let call = quote! { super::decode::#name(#path_pass #query_pass #headers_pass #body_pass) };
    // Types a response also carries read leniently, except while the router reads a request
    // (a body, or an object from the query).
    let reads_objects = item.body.is_some()
        || op
            .params
            .iter()
            .any(|p| p.style == oasforge_ir::ParamStyle::DeepObject);
    let call = if reads_objects && crate::models::reads_requests_strictly(api) {
        uses.import(Module::Models, "read_request");
        quote! { read_request(|| #call) }
    } else {
        call
    };
    let answer = quote! {
        match #call {
            Ok(#decoded_value) => match api.#name(input, #credentials_arg request).await {
                Ok(response) => response.into_response(),
                Err(error) => #refused,
            },
            Err(refusal) => #rejected,
        }
    };
    let media = documented_error_media(item);
    let inner = if media.is_empty() {
        answer
    } else {
        uses.use_(Helper::WithMedia);
        let arms = media.iter().map(|(p, m)| quote! { #p => #m, });
        let fallback = (!media.iter().any(|(p, _)| p.to_string() == "_"))
            .then(|| quote! { _ => return response, });
        // Errors the spec documents with a JSON body go out with its media type.
        let media = match media.as_slice() {
            [(pattern, only)] if pattern.to_string() == "_" => quote! { let media = #only; },
            _ => quote! {
                let media = match response.status().as_u16() {
                    #(#arms)*
                    #fallback
                };
            },
        };
        quote! {
            let response = #answer;
            #media
            with_media(response, media)
        }
    };
    let handler = quote! {
        #[doc = #doc]
        pub(super) async fn #name<A: Api>(
            State(api): State<Arc<A>>,
            request: Parts,
            #path_arg
            #query_arg
            #headers_arg
            #body_arg
        ) -> Response {
            #inner
        }
    };
    (handler, decode_fn)
}

/// The media types the spec gives for error statuses that carry JSON: the router's problem
/// documents for those statuses are sent with the documented type.
fn documented_error_media(item: &OpItems<'_>) -> Vec<(TokenStream, String)> {
    let mut out: Vec<(TokenStream, String)> = Vec::new();
    for v in &item.variants {
        let Some(body) = &v.response.body else {
            continue;
        };
        let Some((Codec::Json, _)) = v.body else {
            continue;
        };
        let media = body.content_type.clone();
        let pattern = match v.response.status {
            oasforge_ir::Status::Code(c) if c >= 400 => {
                let c = Literal::u16_unsuffixed(c);
                quote! { #c }
            }
            oasforge_ir::Status::Range(n) if n >= 4 => {
                let lo = Literal::u16_unsuffixed(u16::from(n) * 100);
                let hi = Literal::u16_unsuffixed(u16::from(n) * 100 + 99);
                quote! { #lo..=#hi }
            }
            oasforge_ir::Status::Default => quote! { _ },
            _ => continue,
        };
        out.push((pattern, media));
    }
    // Codes first, then ranges, then `default`.
    out.sort_by_key(|(p, _)| {
        let text = p.to_string();
        if text == "_" {
            2
        } else if text.contains("..=") {
            1
        } else {
            0
        }
    });
    out
}

#[cfg(test)]
mod unit_tests {
    use super::*;
    use crate::operations::op_items;
    use crate::testing::{api, text, PETS, SHOP};

    /// The handler and decoding function of operation `index`, as text, with what they use.
    fn emitted(spec: &str, index: usize, dispatched: bool) -> (String, String, Uses) {
        let api = api(spec);
        let items = op_items(&api);
        let mut uses = Uses::default();
        let (handler, decode) = handler(&api, &items[index], &mut uses, dispatched, false);
        (text(handler), text(decode), uses)
    }

    #[test]
    fn path_and_header_parameters_are_decoded() {
        let (handler, decode, uses) = emitted(PETS, 0, false);
        assert!(
            handler.contains("path: Result<Path<Vec<(String, String)>>"),
            "{handler}"
        );
        assert!(handler.contains("headers: HeaderMap"), "{handler}");
        assert!(!handler.contains("RawQuery"), "{handler}");
        assert!(decode.contains("path_values(&path, \"p0\")"), "{decode}");
        assert!(
            decode.contains("header_values(&headers, \"X-Trace\")"),
            "{decode}"
        );
        for h in [
            Helper::PathValues,
            Helper::HeaderValues,
            Helper::DecodeParam,
        ] {
            assert!(uses.helpers.has(h), "{h:?} not recorded");
        }
        // No credentials, no body.
        assert!(!decode.contains("unauthorized(") && !uses.helpers.has(Helper::DecodeJson));
        assert!(uses.use_items().to_string().contains("HeaderMap"));
    }

    #[test]
    fn dispatched_parameters_come_from_the_captures() {
        let (handler, _, _) = emitted(PETS, 0, true);
        assert!(
            handler.contains("axum::Extension<super::Captures>"),
            "{handler}"
        );
        assert!(!handler.contains("PathRejection"), "{handler}");
    }

    #[test]
    fn a_secured_json_body_is_checked_then_decoded() {
        let (handler, decode, uses) = emitted(SHOP, 1, false);
        assert!(handler.contains("body: Bytes"), "{handler}");
        // Either scheme will do; without both, 401 with the bearer challenge.
        assert!(
            text_contains_all(
                &format!("{handler}{decode}"),
                &[
                    "credentials(&headers, &query)",
                    "unauthorized(Some(\"Bearer\"))"
                ]
            ),
            "{handler}{decode}"
        );
        for h in [Helper::DecodeJson, Helper::ContentType, Helper::Refusal] {
            assert!(uses.helpers.has(h), "{h:?} not recorded");
        }
    }

    fn text_contains_all(text: &str, parts: &[&str]) -> bool {
        parts.iter().all(|p| text.contains(p))
    }
}

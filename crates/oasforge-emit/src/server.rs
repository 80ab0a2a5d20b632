//! The server: a trait with one async method per operation, and an `axum` router that
//! decodes, checks and validates each request before the handler sees it.

use std::collections::BTreeSet;

use oasforge_ir::{
    Api, BodyKind, Param, ParamLocation, ParamStyle, Scalar, SecurityKind, Ty, TyKind, TypeKind,
};
use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use crate::docs::doc_attrs;
use crate::operations::{
    credential_field, op_label, op_schemes, operation_imports, used_schemes, Codec, OpItems,
    Variant,
};
use crate::types::ident;

/// Private helpers the generated server needs; only the ones used are emitted.
#[derive(Default)]
struct Helpers(BTreeSet<&'static str>);

impl Helpers {
    fn use_(&mut self, name: &'static str) {
        self.0.insert(name);
    }
    fn has(&self, name: &str) -> bool {
        self.0.contains(name)
    }
}

/// The JSON type name a scalar parameter is coerced to from its text (through named
/// aliases and newtypes to the scalar they wrap).
fn kind_of(api: &Api, ty: &Ty) -> &'static str {
    match &ty.kind {
        TyKind::Scalar(Scalar::I32 | Scalar::I64 | Scalar::U32 | Scalar::U64) => "integer",
        TyKind::Scalar(Scalar::F32 | Scalar::F64) => "number",
        TyKind::Scalar(Scalar::Bool) => "boolean",
        TyKind::Named(id) => match &api.type_def(*id).kind {
            TypeKind::Alias(inner) => kind_of(api, inner),
            TypeKind::IntEnum(_) => "integer",
            _ => "string",
        },
        _ => "string",
    }
}

/// The items of `server.rs`.
pub(crate) fn server(api: &Api, items: &[OpItems<'_>]) -> TokenStream {
    let mut helpers = Helpers::default();
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
            fn #name(&self, input: #input, #credentials) -> impl std::future::Future<Output = Result<#response, HandlerError>> + Send;
        }
    });

    // Routes, grouped by path in document order.
    let mut paths: Vec<&str> = Vec::new();
    for item in items {
        if !paths.contains(&item.op.path.as_str()) {
            paths.push(&item.op.path);
        }
    }
    let routes = paths.iter().map(|path| {
        let mut chain = TokenStream::new();
        for (i, item) in items.iter().filter(|i| i.op.path == *path).enumerate() {
            let method = format_ident!("{}", item.op.method.to_ascii_lowercase());
            let handler = &item.method;
            if i == 0 {
                chain = quote! { axum::routing::#method(handlers::#handler::<A>) };
            } else {
                chain = quote! { #chain.#method(handlers::#handler::<A>) };
            }
        }
        quote! { .route(#path, #chain) }
    });

    let (handlers, decodes): (Vec<TokenStream>, Vec<TokenStream>) = items
        .iter()
        .map(|item| handler(api, item, &mut helpers))
        .unzip();
    let replies: Vec<TokenStream> = items
        .iter()
        .map(|item| reply_impl(item, &mut helpers))
        .collect();
    let credentials_fn = has_credentials.then(|| credentials_fn(api, &mut helpers));

    let imports = operation_imports(items, &schemes);
    let helper_items = helper_items(&helpers);
    let uses_header_map = handlers
        .iter()
        .chain(decodes.iter())
        .chain(credentials_fn.iter())
        .chain(std::iter::once(&helper_items))
        .any(|t| t.to_string().contains("HeaderMap"));
    let header_map_import = if uses_header_map {
        quote! { use axum::http::{HeaderMap, StatusCode}; }
    } else {
        quote! { use axum::http::StatusCode; }
    };
    let bytes_import = items
        .iter()
        .any(|i| i.body.is_some())
        .then(|| quote! { use axum::body::Bytes; });
    let mut extract = Vec::new();
    if items.iter().any(|i| {
        i.op.params
            .iter()
            .any(|p| p.location == ParamLocation::Path)
    }) {
        extract.push(quote! { Path });
    }
    let any_query_key = reads_query(api);
    if items.iter().any(|i| {
        (any_query_key && !i.op.security.is_empty())
            || i.op
                .params
                .iter()
                .any(|p| p.location == ParamLocation::Query)
    }) {
        extract.push(quote! { RawQuery });
    }
    extract.push(quote! { State });
    let trait_doc = format!(
        " The operations of {} {}: implement one method per operation and serve the implementation with [`router`].",
        api.title, api.version
    );
    quote! {
        use std::sync::Arc;

        #bytes_import
        use axum::extract::{#(#extract),*};
        #header_map_import
        use axum::response::{IntoResponse, Response};
        use super::operations::{#(#imports),*};

        /// Why a handler did not produce a documented response.
        #[derive(Debug)]
        pub enum HandlerError {
            /// The input decodes but is wrong (e.g. it names something that cannot be used):
            /// `400` with a problem document listing the violations.
            Invalid(Vec<Violation>),
            /// The credentials arrived but are not valid: `401`.
            Unauthorized,
            /// The credentials are valid but do not allow this: `403`.
            Forbidden,
            /// What the request names does not exist: `404`.
            NotFound,
            /// The handler failed: a bare `500`; the error itself never leaves the server.
            Internal(Box<dyn std::error::Error + Send + Sync>),
        }

        impl<E: std::error::Error + Send + Sync + 'static> From<E> for HandlerError {
            fn from(error: E) -> Self {
                Self::Internal(Box::new(error))
            }
        }

        #[doc = #trait_doc]
        ///
        /// Each method gets its inputs decoded and validated, and the credentials its
        /// `security` requires; it returns the documented response to send.
        pub trait Api: Send + Sync + 'static {
            #(#trait_methods)*
        }

        /// A router that serves `api`: each request is decoded and validated before it reaches
        /// the handler. Invalid input gets `400` with an RFC 9457 problem document listing each
        /// violation, a missing credential `401`, an unsupported content type `415`, a wrong
        /// method `405`, and a failing handler `500`.
        ///
        /// The paths are the spec's paths; to serve them under a server's base path, `nest` the
        /// router.
        pub fn router<A: Api>(api: A) -> axum::Router {
            axum::Router::new()
                #(#routes)*
                .with_state(Arc::new(api))
        }

        /// One `axum` handler per operation: decode, call the implementation, answer.
        mod handlers {
            use super::*;

            #(#handlers)*
        }

        /// Each operation's request, decoded and checked: its input, or the response refusing it.
        mod decode {
            use super::*;

            #(#decodes)*
        }

        #(#replies)*

        #credentials_fn

        #helper_items
    }
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

fn credentials_fn(api: &Api, helpers: &mut Helpers) -> TokenStream {
    let fields = used_schemes(api)
        .into_iter()
        .map(|s| {
            let (field, _) = credential_field(s);
            let value = match &s.kind {
                SecurityKind::Bearer { .. } | SecurityKind::OAuth2 => {
                    helpers.use_("authorization");
                    quote! { authorization(headers, "bearer").map(str::to_owned) }
                }
                SecurityKind::OtherHttp { scheme } => {
                    helpers.use_("authorization");
                    let scheme = scheme.to_ascii_lowercase();
                    quote! { authorization(headers, #scheme).map(str::to_owned) }
                }
                SecurityKind::Basic => {
                    helpers.use_("authorization");
                    helpers.use_("basic");
                    quote! { authorization(headers, "basic").and_then(basic) }
                }
                SecurityKind::ApiKey { location, name } => match location {
                    ParamLocation::Query => {
                        helpers.use_("query_values");
                        quote! { query_values(query, #name).into_iter().next() }
                    }
                    ParamLocation::Cookie => {
                        helpers.use_("cookie_values");
                        quote! { cookie_values(headers, #name).into_iter().next() }
                    }
                    _ => {
                        helpers.use_("header_values");
                        quote! { header_values(headers, #name).into_iter().next() }
                    }
                },
            };
            quote! { #field: #value, }
        })
        .collect::<Vec<_>>();
    let headers_arg = reads_headers(api).then(|| quote! { headers: &HeaderMap });
    let query_arg = reads_query(api).then(|| quote! { query: &[(String, String)] });
    let args = headers_arg.into_iter().chain(query_arg);
    quote! {
        /// Every credential that arrived with a request, by scheme.
        fn credentials(#(#args),*) -> Credentials {
            Credentials {
                #(#fields)*
            }
        }
    }
}

/// `let name: Option<T> = decode_param(…);` for one parameter.
fn param_decode(api: &Api, p: &Param, helpers: &mut Helpers) -> TokenStream {
    helpers.use_("decode_param");
    let wire = &p.wire_name;
    let pointer = format!(
        "/{}/{}",
        p.location.as_str(),
        wire.replace('~', "~0").replace('/', "~1")
    );
    let required = p.required;
    let local = format_ident!("{}_param", p.name.trim_start_matches("r#"));
    let (kind, array) = match &p.ty.kind {
        TyKind::Array(item) => {
            let sep = match (p.location, p.style, p.explode) {
                (ParamLocation::Query | ParamLocation::Cookie, ParamStyle::Form, true) => None,
                (_, ParamStyle::SpaceDelimited, false) => Some(" "),
                (_, ParamStyle::PipeDelimited, false) => Some("|"),
                (_, ParamStyle::Label, true) => Some("."),
                _ => Some(","),
            };
            (kind_of(api, item), Some(sep))
        }
        _ => (kind_of(api, &p.ty), None),
    };
    let separator = match array {
        Some(Some(s)) => quote! { Some(Some(#s)) },
        Some(None) => quote! { Some(None) },
        None => quote! { None },
    };
    if p.style == ParamStyle::DeepObject {
        helpers.use_("deep_object");
        return quote! {
            let #local = decode_value(deep_object(&query, #wire), #required, #pointer, &mut violations);
        };
    }
    let values = match p.location {
        ParamLocation::Path => {
            helpers.use_("path_values");
            quote! { path_values(&path, #wire) }
        }
        ParamLocation::Query => {
            helpers.use_("query_values");
            quote! { query_values(&query, #wire) }
        }
        ParamLocation::Header => {
            helpers.use_("header_values");
            quote! { header_values(&headers, #wire) }
        }
        ParamLocation::Cookie => {
            helpers.use_("cookie_values");
            quote! { cookie_values(&headers, #wire) }
        }
    };
    quote! {
        let #local = decode_param(&#values, #kind, #separator, #required, #pointer, &mut violations);
    }
}

/// An operation's handler (module `handlers`) and its decoding function (module `decode`).
fn handler(api: &Api, item: &OpItems<'_>, helpers: &mut Helpers) -> (TokenStream, TokenStream) {
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
    let body = item
        .body
        .as_ref()
        .map(|b| body_decode(b.kind, b.required, helpers));
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
        quote! { path: Result<Path<Vec<(String, String)>>, axum::extract::rejection::PathRejection>, }
    });
    let path_let = uses_path.then(|| {
        helpers.use_("problem");
        quote! {
            let Ok(Path(path)) = path else {
                return Err(Box::new(problem(StatusCode::BAD_REQUEST, "The path does not decode.", &[])));
            };
        }
    });
    let query_arg = uses_query.then(|| quote! { RawQuery(raw_query): RawQuery, });
    if uses_query {
        helpers.use_("parse_query");
    }
    let headers_arg = if uses_headers {
        quote! { headers: HeaderMap, }
    } else {
        TokenStream::new()
    };
    let body_arg = item.body.is_some().then(|| quote! { body: Bytes, });

    // Credentials: 401 unless one alternative of `security` is satisfied in full.
    let auth = (!op.security.is_empty()).then(|| {
        helpers.use_("unauthorized");
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
        let header_arg = any_header_key.then(|| quote! { &headers });
        let query_arg = any_query_key.then(|| quote! { &query });
        let args = header_arg.into_iter().chain(query_arg);
        quote! {
            let credentials = credentials(#(#args),*);
            if #missing {
                return Err(Box::new(unauthorized(#challenge)));
            }
        }
    });

    let params: Vec<TokenStream> = op
        .params
        .iter()
        .map(|p| param_decode(api, p, helpers))
        .collect();

    let mut required = Vec::new();
    let mut fields = Vec::new();
    for p in &op.params {
        let field = ident(&p.name);
        let local = format_ident!("{}_param", p.name.trim_start_matches("r#"));
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
        helpers.use_("invalid");
        Some(quote! { let mut violations: Vec<Violation> = Vec::new(); })
    } else if !required.is_empty() {
        Some(quote! { let violations: Vec<Violation> = Vec::new(); })
    } else {
        None
    };
    let check = records.then(|| {
        quote! {
            if !violations.is_empty() {
                return Err(Box::new(invalid(&violations)));
            }
        }
    });
    let unwrap_required = match required.as_slice() {
        [] => None,
        [one] => Some(quote! {
            let Some(#one) = #one else {
                return Err(Box::new(invalid(&violations)));
            };
        }),
        many => Some(quote! {
            let (#(Some(#many)),*) = (#(#many),*) else {
                return Err(Box::new(invalid(&violations)));
            };
        }),
    };
    helpers.use_("invalid");
    let secured = !op.security.is_empty();
    let credentials_arg = secured.then(|| quote! { credentials });
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
    let path_pass = uses_path.then(|| quote! { path, });
    let query_pass = uses_query.then(|| quote! { raw_query.as_deref(), });
    let headers_pass = uses_headers.then(|| quote! { headers, });
    let body_pass = item.body.is_some().then(|| quote! { body, });
    let query_let = uses_query.then(|| {
        quote! { let query = parse_query(raw_query.unwrap_or("")); }
    });
    let decode_fn = quote! {
        #[doc = #decode_doc]
        pub(super) fn #name(#path_param #query_param #headers_param #body_param) -> Result<#decoded, Box<Response>> {
            #path_let
            #query_let
            #auth
            #violations_decl
            #(#params)*
            #body
            #check
            #unwrap_required
            let input = #input { #(#fields)* };
            if let Err(violations) = input.validate() {
                return Err(Box::new(invalid(&violations)));
            }
            Ok(#decoded_value)
        }
    };
    let answer = quote! {
        match super::decode::#name(#path_pass #query_pass #headers_pass #body_pass) {
            Ok(#decoded_value) => match api.#name(input, #credentials_arg).await {
                Ok(response) => response.into_response(),
                Err(error) => failure(error),
            },
            Err(refused) => *refused,
        }
    };
    let media = documented_error_media(item);
    let inner = if media.is_empty() {
        answer
    } else {
        helpers.use_("with_media");
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

/// `let body_value: Option<T> = …;` with the content-type check.
fn body_decode(kind: BodyKind, required: bool, helpers: &mut Helpers) -> TokenStream {
    helpers.use_("problem");
    if kind != BodyKind::Bytes {
        helpers.use_("content_type");
    }
    let (accepts, decode) = match kind {
        BodyKind::Json => {
            helpers.use_("decode_json");
            (
                quote! { !(media.is_empty() || media == "application/json" || media.ends_with("+json")) },
                quote! { decode_json(&body, &mut violations) },
            )
        }
        BodyKind::Form => {
            helpers.use_("decode_form");
            helpers.use_("parse_query");
            helpers.use_("decode_value");
            (
                quote! { media != "application/x-www-form-urlencoded" },
                quote! { decode_value(Some(decode_form(&body)), true, "/body", &mut violations) },
            )
        }
        BodyKind::Text => (
            quote! { !(media.is_empty() || media.starts_with("text/")) },
            quote! {
                match String::from_utf8(body.to_vec()) {
                    Ok(text) => Some(text),
                    Err(_) => {
                        violations.push(Violation { pointer: "/body".to_owned(), rule: "type", limit: "UTF-8 text".to_owned(), value: "bytes that are not UTF-8".to_owned() });
                        None
                    }
                }
            },
        ),
        BodyKind::Bytes => (TokenStream::new(), quote! { Some(body.to_vec()) }),
        // Multipart bodies are not decoded by the generated server yet: refused as 415.
        BodyKind::Multipart => (
            quote! { !media.is_empty() || media.is_empty() },
            quote! { None },
        ),
    };
    let check = (!accepts.is_empty()).then(|| {
        quote! {
            let media = content_type(&headers);
            if #accepts {
                return Err(Box::new(problem(StatusCode::UNSUPPORTED_MEDIA_TYPE, "The content type is not accepted.", &[])));
            }
        }
    });
    let missing = if required {
        quote! {
            violations.push(Violation { pointer: "/body".to_owned(), rule: "required", limit: "true".to_owned(), value: "no body".to_owned() });
            None
        }
    } else {
        quote! { None }
    };
    quote! {
        let body_value = if body.is_empty() {
            #missing
        } else {
            #check
            #decode
        };
    }
}

/// `impl IntoResponse for …Response`: status, content type, body and declared headers.
fn reply_impl(item: &OpItems<'_>, helpers: &mut Helpers) -> TokenStream {
    helpers.use_("reply");
    let resp = &item.response;
    let arms = item.variants.iter().map(|v| reply_arm(v, helpers));
    if item.variants.is_empty() {
        return quote! {
            impl IntoResponse for #resp {
                fn into_response(self) -> Response {
                    match self {}
                }
            }
        };
    }
    quote! {
        impl IntoResponse for #resp {
            fn into_response(self) -> Response {
                match self {
                    #(#arms)*
                }
            }
        }
    }
}

fn reply_arm(v: &Variant<'_>, helpers: &mut Helpers) -> TokenStream {
    let name = &v.ident;
    let status = match v.code() {
        Some(c) => {
            let c = Literal::u16_unsuffixed(c);
            quote! { #c }
        }
        None => quote! { status },
    };
    let content_type = v
        .response
        .body
        .as_ref()
        .map(|b| b.content_type.clone())
        .unwrap_or_default();
    let encoded = v.body.as_ref().map(|(codec, _)| match codec {
        Codec::Json => {
            helpers.use_("json_body");
            quote! { json_body(&body) }
        }
        Codec::Text => quote! { Some(body.into_bytes()) },
        Codec::Bytes => quote! { Some(body) },
    });
    let payload = match encoded {
        Some(e) => quote! { #e.map(|bytes| (#content_type, bytes)) },
        None => quote! { Some(("", Vec::new())) },
    };
    let header_pushes = v.headers.iter().map(|h| {
        let field = &h.ident;
        let wire = &h.header.wire_name;
        if h.header.required {
            quote! { headers.push((#wire, #field.to_string())); }
        } else {
            quote! {
                if let Some(value) = #field {
                    headers.push((#wire, value.to_string()));
                }
            }
        }
    });
    let headers_let = (!v.headers.is_empty()).then(|| {
        quote! { let mut headers = Vec::new(); #(#header_pushes)* }
    });
    let headers_arg = if v.headers.is_empty() {
        quote! { Vec::new() }
    } else {
        quote! { headers }
    };
    let bind = if v.is_struct() {
        let status_bind = v.code().is_none().then(|| quote! { status, });
        let body_bind = v.body.is_some().then(|| quote! { body, });
        let fields = v.headers.iter().map(|h| &h.ident);
        quote! { Self::#name { #status_bind #body_bind #(#fields,)* } }
    } else if v.body.is_some() {
        quote! { Self::#name(body) }
    } else {
        quote! { Self::#name }
    };
    quote! {
        #bind => {
            #headers_let
            reply(#status, #payload, #headers_arg)
        }
    }
}

fn helper_items(h: &Helpers) -> TokenStream {
    let mut out = Vec::new();
    out.push(quote! {
        /// A problem document (RFC 9457) with the violations, if any.
        fn problem(status: StatusCode, title: &str, violations: &[Violation]) -> Response {
            let mut document = serde_json::json!({
                "type": "about:blank",
                "title": title,
                "detail": title,
                "status": status.as_u16(),
            });
            if !violations.is_empty() {
                document["violations"] = violations
                    .iter()
                    .map(|v| serde_json::json!({ "pointer": v.pointer, "rule": v.rule, "limit": v.limit, "detail": v.to_string() }))
                    .collect();
            }
            (status, [("content-type", "application/problem+json")], document.to_string()).into_response()
        }

        /// `400 Bad Request` listing every violation.
        fn invalid(violations: &[Violation]) -> Response {
            problem(StatusCode::BAD_REQUEST, "The request does not conform to the API.", violations)
        }

        /// The response for a handler's error.
        fn failure(error: HandlerError) -> Response {
            match error {
                HandlerError::Invalid(violations) => invalid(&violations),
                HandlerError::Unauthorized => problem(StatusCode::UNAUTHORIZED, "The credentials are not valid.", &[]),
                HandlerError::Forbidden => problem(StatusCode::FORBIDDEN, "Forbidden", &[]),
                HandlerError::NotFound => problem(StatusCode::NOT_FOUND, "Not Found", &[]),
                HandlerError::Internal(_) => internal_error(),
            }
        }

        /// `500 Internal Server Error`, saying nothing about the cause.
        fn internal_error() -> Response {
            problem(StatusCode::INTERNAL_SERVER_ERROR, "Internal Server Error", &[])
        }
    });
    if h.has("unauthorized") {
        out.push(quote! {
            /// `401 Unauthorized`, with a challenge for HTTP schemes.
            fn unauthorized(challenge: Option<&'static str>) -> Response {
                let mut response = problem(StatusCode::UNAUTHORIZED, "Credentials are missing.", &[]);
                if let Some(Ok(challenge)) = challenge.map(axum::http::HeaderValue::from_str) {
                    response.headers_mut().insert("www-authenticate", challenge);
                }
                response
            }
        });
    }
    if h.has("with_media") {
        out.push(quote! {
            /// Sends a problem document with the media type the spec documents for its status.
            fn with_media(mut response: Response, media: &'static str) -> Response {
                let is_problem = response
                    .headers()
                    .get("content-type")
                    .is_some_and(|v| v == "application/problem+json");
                if let (true, Ok(media)) = (is_problem, axum::http::HeaderValue::from_str(media)) {
                    response.headers_mut().insert("content-type", media);
                }
                response
            }
        });
    }
    if h.has("reply") {
        out.push(quote! {
            /// A documented response; `500` if it cannot be built (e.g. a status out of range).
            fn reply(status: u16, payload: Option<(&'static str, Vec<u8>)>, headers: Vec<(&'static str, String)>) -> Response {
                let (Ok(status), Some((content_type, body))) = (StatusCode::from_u16(status), payload) else {
                    return internal_error();
                };
                let mut builder = Response::builder().status(status);
                if !content_type.is_empty() {
                    builder = builder.header("content-type", content_type);
                }
                for (name, value) in headers {
                    builder = builder.header(name, value);
                }
                builder.body(axum::body::Body::from(body)).unwrap_or_else(|_| internal_error())
            }
        });
    }
    if h.has("json_body") {
        out.push(quote! {
            /// The body as JSON; `None` if it cannot be written (a map with non-string keys).
            fn json_body<T: serde::Serialize>(body: &T) -> Option<Vec<u8>> {
                serde_json::to_vec(body).ok()
            }
        });
    }
    if h.has("percent_decode") || h.has("parse_query") || h.has("cookie_values") {
        out.push(quote! {
            /// Decodes `%XX` escapes (and `+` as a space when `plus` is set); invalid UTF-8 is
            /// replaced.
            fn percent_decode(text: &str, plus: bool) -> String {
                fn hex(byte: u8) -> Option<u8> {
                    char::from(byte).to_digit(16).and_then(|d| u8::try_from(d).ok())
                }
                let bytes = text.as_bytes();
                let mut out = Vec::with_capacity(bytes.len());
                let mut i = 0;
                while i < bytes.len() {
                    let escaped = match bytes.get(i..i + 3) {
                        Some([b'%', hi, lo]) => hex(*hi).zip(hex(*lo)).map(|(hi, lo)| hi * 16 + lo),
                        _ => None,
                    };
                    match (escaped, bytes[i]) {
                        (Some(byte), _) => {
                            out.push(byte);
                            i += 3;
                            continue;
                        }
                        (None, b'+') if plus => out.push(b' '),
                        (None, byte) => out.push(byte),
                    }
                    i += 1;
                }
                String::from_utf8_lossy(&out).into_owned()
            }
        });
    }
    if h.has("parse_query") {
        out.push(quote! {
            /// `a=1&b=2` → decoded pairs.
            fn parse_query(text: &str) -> Vec<(String, String)> {
                text.split('&')
                    .filter(|pair| !pair.is_empty())
                    .map(|pair| {
                        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
                        (percent_decode(name, true), percent_decode(value, true))
                    })
                    .collect()
            }
        });
    }
    if h.has("path_values") {
        out.push(quote! {
            /// The value of a path parameter, as one-element list.
            fn path_values(path: &[(String, String)], name: &str) -> Vec<String> {
                path.iter().filter(|(k, _)| k == name).map(|(_, v)| v.clone()).collect()
            }
        });
    }
    if h.has("query_values") {
        out.push(quote! {
            /// Every value of a query parameter, in order.
            fn query_values(query: &[(String, String)], name: &str) -> Vec<String> {
                query.iter().filter(|(k, _)| k == name).map(|(_, v)| v.clone()).collect()
            }
        });
    }
    if h.has("header_values")
        || h.has("content_type")
        || h.has("authorization")
        || h.has("cookie_values")
    {
        out.push(quote! {
            /// Every value of a header, in order (values that are not text are skipped).
            fn header_values(headers: &HeaderMap, name: &str) -> Vec<String> {
                headers
                    .get_all(name)
                    .iter()
                    .filter_map(|v| v.to_str().ok())
                    .map(str::to_owned)
                    .collect()
            }
        });
    }
    if h.has("cookie_values") {
        out.push(quote! {
            /// Every value of a cookie.
            fn cookie_values(headers: &HeaderMap, name: &str) -> Vec<String> {
                header_values(headers, "cookie")
                    .iter()
                    .flat_map(|line| line.split(';'))
                    .filter_map(|pair| pair.trim().split_once('='))
                    .filter(|(k, _)| *k == name)
                    .map(|(_, v)| percent_decode(v, false))
                    .collect()
            }
        });
    }
    if h.has("content_type") {
        out.push(quote! {
            /// The media type of the body, lower case, without parameters.
            fn content_type(headers: &HeaderMap) -> String {
                header_values(headers, "content-type")
                    .first()
                    .and_then(|v| v.split(';').next())
                    .map(|v| v.trim().to_ascii_lowercase())
                    .unwrap_or_default()
            }
        });
    }
    if h.has("authorization") {
        out.push(quote! {
            /// The credentials of an `Authorization` header of the given scheme.
            fn authorization<'h>(headers: &'h HeaderMap, scheme: &str) -> Option<&'h str> {
                let value = headers.get("authorization")?.to_str().ok()?;
                let (given, credentials) = value.split_once(' ')?;
                let credentials = credentials.trim();
                (given.eq_ignore_ascii_case(scheme) && !credentials.is_empty()).then_some(credentials)
            }
        });
    }
    if h.has("basic") {
        out.push(quote! {
            /// `user:password` from base64.
            fn basic(encoded: &str) -> Option<BasicCredentials> {
                let mut bits = 0u32;
                let mut count = 0;
                let mut bytes = Vec::new();
                for c in encoded.bytes().filter(|&c| c != b'=') {
                    let value = match c {
                        b'A'..=b'Z' => c - b'A',
                        b'a'..=b'z' => c - b'a' + 26,
                        b'0'..=b'9' => c - b'0' + 52,
                        b'+' => 62,
                        b'/' => 63,
                        _ => return None,
                    };
                    bits = (bits << 6) | u32::from(value);
                    count += 6;
                    if count >= 8 {
                        count -= 8;
                        bytes.push((bits >> count) as u8);
                    }
                }
                let text = String::from_utf8(bytes).ok()?;
                let (username, password) = text.split_once(':')?;
                Some(BasicCredentials { username: username.to_owned(), password: password.to_owned() })
            }
        });
    }
    if h.has("decode_param") || h.has("deep_object") || h.has("decode_form") {
        out.push(quote! {
            /// Parameter text as the JSON value of its declared type, so serde can check it.
            fn scalar(text: &str, kind: &str) -> serde_json::Value {
                let parsed = match kind {
                    "integer" => text.parse::<i64>().ok().map(serde_json::Value::from),
                    "number" => text.parse::<f64>().ok().map(serde_json::Value::from),
                    "boolean" => text.parse::<bool>().ok().map(serde_json::Value::from),
                    "any" => text
                        .parse::<i64>()
                        .ok()
                        .map(serde_json::Value::from)
                        .or_else(|| text.parse::<bool>().ok().map(serde_json::Value::from)),
                    _ => None,
                };
                parsed.unwrap_or_else(|| serde_json::Value::String(text.to_owned()))
            }
        });
    }
    if h.has("decode_param")
        || h.has("decode_value")
        || h.has("deep_object")
        || h.has("decode_json")
    {
        out.push(quote! {
            /// The first violation in a constrained newtype's error, which serde passes on
            /// as text (`(root): "" (0 characters) violates minLength 1 at line 1 column 16`):
            /// the rule, its limit and the value.
            fn newtype_violation(message: &str) -> Option<(&'static str, String, String)> {
                const RULES: &[&str] = &[
                    "pattern", "minLength", "maxLength", "minimum", "maximum", "exclusiveMinimum",
                    "exclusiveMaximum", "multipleOf", "format", "enum", "const",
                ];
                let first = message.lines().next()?;
                let first = first.split(" at line ").next().unwrap_or(first);
                let (value, rest) = first.strip_prefix("(root): ")?.split_once(" violates ")?;
                let (rule, limit) = rest.split_once(' ')?;
                let rule = RULES.iter().copied().find(|r| *r == rule)?;
                Some((rule, limit.to_owned(), value.to_owned()))
            }
        });
    }
    if h.has("decode_param") || h.has("decode_value") || h.has("deep_object") {
        out.push(quote! {
            /// Deserializes a decoded value, recording a violation when it does not fit.
            fn decode_value<T: serde::de::DeserializeOwned>(value: Option<serde_json::Value>, required: bool, pointer: &str, violations: &mut Vec<Violation>) -> Option<T> {
                let Some(value) = value else {
                    if required {
                        violations.push(Violation { pointer: pointer.to_owned(), rule: "required", limit: "true".to_owned(), value: "(absent)".to_owned() });
                    }
                    return None;
                };
                let text = value.to_string();
                match serde_json::from_value(value) {
                    Ok(decoded) => Some(decoded),
                    Err(e) => {
                        let (rule, limit, value) = newtype_violation(&e.to_string()).unwrap_or(("type", e.to_string(), text));
                        violations.push(Violation { pointer: pointer.to_owned(), rule, limit, value });
                        None
                    }
                }
            }
        });
    }
    if h.has("decode_param") {
        out.push(quote! {
            /// A parameter from its raw values: one scalar, or an array split on `separator`
            /// (or repeated, when there is no separator).
            fn decode_param<T: serde::de::DeserializeOwned>(values: &[String], kind: &str, array: Option<Option<&str>>, required: bool, pointer: &str, violations: &mut Vec<Violation>) -> Option<T> {
                let value = match (values.first(), array) {
                    (None, _) => None,
                    (Some(first), None) => Some(scalar(first, kind)),
                    (Some(_), Some(separator)) => {
                        let items: Vec<serde_json::Value> = values
                            .iter()
                            .flat_map(|v| match separator {
                                Some(separator) => v.split(separator).collect::<Vec<_>>(),
                                None => vec![v.as_str()],
                            })
                            .map(|v| scalar(v, kind))
                            .collect();
                        Some(serde_json::Value::Array(items))
                    }
                };
                decode_value(value, required, pointer, violations)
            }
        });
    }
    if h.has("deep_object") {
        out.push(quote! {
            /// `name[key]=value` pairs as an object; `None` when there are none.
            fn deep_object(query: &[(String, String)], name: &str) -> Option<serde_json::Value> {
                let prefix = format!("{name}[");
                let map: serde_json::Map<String, serde_json::Value> = query
                    .iter()
                    .filter_map(|(k, v)| Some((k.strip_prefix(&prefix)?.strip_suffix(']')?.to_owned(), scalar(v, "any"))))
                    .collect();
                (!map.is_empty()).then_some(serde_json::Value::Object(map))
            }
        });
    }
    if h.has("decode_form") {
        out.push(quote! {
            /// A form body as an object; repeated names become arrays.
            fn decode_form(body: &[u8]) -> serde_json::Value {
                let mut map = serde_json::Map::new();
                for (k, v) in parse_query(&String::from_utf8_lossy(body)) {
                    let value = scalar(&v, "any");
                    match map.get_mut(&k) {
                        Some(serde_json::Value::Array(items)) => items.push(value),
                        Some(existing) => {
                            let first = existing.take();
                            *existing = serde_json::Value::Array(vec![first, value]);
                        }
                        None => {
                            map.insert(k, value);
                        }
                    }
                }
                serde_json::Value::Object(map)
            }
        });
    }
    if h.has("decode_json") {
        out.push(quote! {
            /// A JSON body; what does not fit the schema is a violation at its place under
            /// `/body` (`/body/items/3/id`), found by `serde_path_to_error`.
            fn decode_json<T: serde::de::DeserializeOwned>(body: &[u8], violations: &mut Vec<Violation>) -> Option<T> {
                let mut deserializer = serde_json::Deserializer::from_slice(body);
                let (pointer, e) = match serde_path_to_error::deserialize(&mut deserializer) {
                    Ok(value) => match deserializer.end() {
                        Ok(()) => return Some(value),
                        Err(e) => ("/body".to_owned(), e),
                    },
                    Err(e) => {
                        let mut pointer = String::from("/body");
                        for segment in e.path().iter() {
                            match segment {
                                serde_path_to_error::Segment::Seq { index } => {
                                    pointer.push('/');
                                    pointer.push_str(&index.to_string());
                                }
                                serde_path_to_error::Segment::Map { key } => {
                                    pointer.push('/');
                                    pointer.push_str(&key.replace('~', "~0").replace('/', "~1"));
                                }
                                serde_path_to_error::Segment::Enum { .. }
                                | serde_path_to_error::Segment::Unknown => {}
                            }
                        }
                        (pointer, e.into_inner())
                    }
                };
                let message = e.to_string();
                if let Some((rule, limit, value)) = newtype_violation(&message) {
                    violations.push(Violation { pointer, rule, limit, value });
                    return None;
                }
                let rule = if message.starts_with("missing field") {
                    "required"
                } else if message.starts_with("unknown field") {
                    "additionalProperties"
                } else if e.is_syntax() || e.is_eof() {
                    "syntax"
                } else {
                    "type"
                };
                let value = if pointer == "/body" { "the body" } else { "the value" };
                violations.push(Violation { pointer, rule, limit: message, value: value.to_owned() });
                None
            }
        });
    }
    quote! { #(#out)* }
}

//! One operation: its `Client` method, the `prepare` function that checks and encodes the
//! request (path, query, headers, cookies, body) and the `decode` function that reads the response.

use std::collections::HashSet;

use oasforge_ir::{
    Api, BodyKind, Operation, Param, ParamLocation, ParamStyle, PartEncoding, Status, TyKind,
};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::auth::{scheme_variant, Reach};
use super::Helpers;
use crate::docs::doc_attrs;
use crate::operations::{op_label, op_schemes, used_schemes, Codec, OpItems, Variant};
use crate::runtime::Helper;
use crate::types::ident;
use oasforge_ir::names::compose;

/// Local variable names of the generated operation methods.
const LOCALS: &[&str] = &[
    "input", "query", "headers", "cookies", "url", "body", "response", "value", "self",
];

pub(super) fn location_params(
    op: &Operation,
    location: ParamLocation,
) -> impl Iterator<Item = &Param> {
    op.params.iter().filter(move |p| p.location == location)
}

/// Whether a parameter is an `Option` in the input struct.
pub(super) fn is_optional(p: &Param) -> bool {
    !p.required || p.ty.nullable
}

/// `to_value(&input.x)?` for a parameter (inside `if let Some(value)` when optional).
fn with_value(
    p: &Param,
    helpers: &mut Helpers,
    body: impl Fn(TokenStream) -> TokenStream,
) -> TokenStream {
    helpers.use_(Helper::ToValue);
    let name = ident(&p.name);
    if is_optional(p) {
        let inner = body(quote! { &to_value(value)? });
        quote! { if let Some(value) = &input.#name { #inner } }
    } else {
        body(quote! { &to_value(&input.#name)? })
    }
}

/// Whether a header parameter is an idempotency key (`Idempotency-Key`,
/// `X-Idempotency-Key`, …): the client fills it when the caller does not.
fn is_idempotency_key(wire: &str) -> bool {
    let name = wire.to_ascii_lowercase().replace('_', "-");
    name == "idempotency-key" || name.ends_with("-idempotency-key")
}

/// An operation's method of `Client`, and the functions of the `prepare` and `decode` modules
/// that build its request and read its response (kept out of the `async` body, which then
/// holds one `await`; in modules of their own, so operation names cannot clash with helpers).
pub(super) fn method(
    api: &Api,
    item: &OpItems<'_>,
    op_names: &HashSet<String>,
    helpers: &mut Helpers,
) -> (TokenStream, TokenStream, TokenStream) {
    let op = item.op;
    let name = &item.method;
    let full = full_name(&op.name, op_names);
    let input = &item.input;
    let response = &item.response;
    let docs = doc_attrs(&op.docs, &[format!("{}.", op_label(op))]);
    let deprecated = op.deprecated.then(|| quote! { #[deprecated] });

    // The path, with each parameter percent-encoded.
    let mut format_text = String::new();
    let mut args = Vec::new();
    let mut encoded: Vec<String> = Vec::new();
    // A template without its leading `/` is sent as the server routes it: with one.
    let path = if op.path.starts_with('/') {
        op.path.clone()
    } else {
        format!("/{}", op.path)
    };
    let mut rest = path.as_str();
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|c| open + c) else {
            break;
        };
        format_text.push_str(&rest[..open].replace('{', "{{").replace('}', "}}"));
        let var = &rest[open + 1..close];
        match location_params(op, ParamLocation::Path).find(|p| p.wire_name == var) {
            Some(p) => {
                helpers.use_(Helper::ToValue);
                helpers.use_(Helper::PathSegment);
                let field = ident(&p.name);
                let (prefix, sep) = match p.style {
                    ParamStyle::Label => (".".to_owned(), if p.explode { "." } else { "," }),
                    ParamStyle::Matrix => (format!(";{}=", p.wire_name), ","),
                    _ => (String::new(), ","),
                };
                format_text.push_str(&prefix.replace('{', "{{").replace('}', "}}"));
                let bare = p.name.trim_start_matches("r#");
                let local = if LOCALS.contains(&bare) || p.name.starts_with("r#") {
                    ident(&compose(&p.name, "segment"))
                } else {
                    ident(&compose(&p.name, ""))
                };
                format_text.push_str(&format!("{{{local}}}"));
                // A parameter named twice in the template is encoded once.
                if !encoded.contains(&local.to_string()) {
                    encoded.push(local.to_string());
                    args.push(
                        quote! { let #local = path_segment(&to_value(&input.#field)?, #sep); },
                    );
                }
            }
            None => format_text.push_str(&rest[open..=close].replace('{', "{{").replace('}', "}}")),
        }
        rest = &rest[close + 1..];
    }
    format_text.push_str(&rest.replace('{', "{{").replace('}', "}}"));

    // Query parameters.
    let mut query_pushes = Vec::new();
    for p in location_params(op, ParamLocation::Query) {
        let wire = &p.wire_name;
        let explode = p.explode;
        let push = match p.style {
            ParamStyle::DeepObject => {
                helpers.use_(Helper::QueryDeepObject);
                with_value(
                    p,
                    helpers,
                    |v| quote! { query_deep_object(&mut query, #wire, #v); },
                )
            }
            ParamStyle::SpaceDelimited | ParamStyle::PipeDelimited if !explode => {
                helpers.use_(Helper::QueryForm);
                let sep = if p.style == ParamStyle::SpaceDelimited {
                    " "
                } else {
                    "|"
                };
                with_value(
                    p,
                    helpers,
                    |v| quote! { query_form(&mut query, #wire, false, #sep, #v); },
                )
            }
            _ => {
                helpers.use_(Helper::QueryForm);
                with_value(
                    p,
                    helpers,
                    |v| quote! { query_form(&mut query, #wire, #explode, ",", #v); },
                )
            }
        };
        query_pushes.push(push);
    }
    // Header and cookie parameters.
    let mut header_pushes = Vec::new();
    for p in location_params(op, ParamLocation::Header) {
        helpers.use_(Helper::InsertHeader);
        helpers.use_(Helper::SimpleText);
        let wire = &p.wire_name;
        let explode = p.explode;
        let push = with_value(p, helpers, |v| {
            quote! { insert_header(&mut headers, #wire, &simple_text(#v, #explode))?; }
        });
        // An idempotency key the caller left out is made per call; a retry resends the
        // request as built, so every attempt carries the same key.
        if is_optional(p) && is_idempotency_key(&p.wire_name) {
            helpers.use_(Helper::IdempotencyKey);
            header_pushes.push(quote! {
                #push else {
                    insert_header(&mut headers, #wire, &idempotency_key())?;
                }
            });
        } else {
            header_pushes.push(push);
        }
    }
    let mut cookie_pushes = Vec::new();
    for p in location_params(op, ParamLocation::Cookie) {
        helpers.use_(Helper::SimpleText);
        helpers.use_(Helper::Encode);
        let wire = &p.wire_name;
        cookie_pushes.push(with_value(p, helpers, |v| {
            quote! { cookies.push(format!("{}={}", #wire, encode(&simple_text(#v, false)))); }
        }));
    }

    // Credentials: the first alternative of `security` whose credentials are all set, added
    // by `Client::authorize` from a table of the operation's alternatives.
    let schemes = op_schemes(api, op);
    let mut uses_query = !query_pushes.is_empty();
    let mut uses_cookies = !cookie_pushes.is_empty();
    let mut uses_headers = !header_pushes.is_empty();
    let auth = (!schemes.iter().all(Vec::is_empty)).then(|| {
        let reach = Reach::of(&used_schemes(api));
        uses_headers |= reach.headers;
        uses_query |= reach.query;
        uses_cookies |= reach.cookies;
        let alternatives = schemes.iter().map(|alt| {
            let variants = alt.iter().map(|s| scheme_variant(s));
            quote! { &[#(Scheme::#variants),*] }
        });
        let headers_arg = reach.headers.then(|| quote! { &mut headers, });
        let query_arg = reach.query.then(|| quote! { &mut query, });
        let cookies_arg = reach.cookies.then(|| quote! { &mut cookies, });
        quote! {
            client.authorize(&[#(#alternatives),*], #headers_arg #query_arg #cookies_arg)?;
        }
    });

    let query_decl =
        uses_query.then(|| quote! { let mut query: Vec<(String, String)> = Vec::new(); });
    let cookie_decl = uses_cookies.then(|| quote! { let mut cookies: Vec<String> = Vec::new(); });
    let cookie_finish = uses_cookies.then(|| {
        helpers.use_(Helper::InsertHeader);
        quote! {
            if !cookies.is_empty() {
                insert_header(&mut headers, "cookie", &cookies.join("; "))?;
            }
        }
    });
    // `Accept`: the media types of the documented response bodies, so a server that
    // negotiates (or a mock) answers in the form the decoder reads.
    let mut accepted: Vec<&str> = Vec::new();
    for r in &op.responses {
        if let Some(b) = &r.body {
            // `*/*` is read as JSON: ask for JSON first.
            let wanted: &[&str] = if b.content_type == "*/*" {
                &["application/json", "*/*"]
            } else {
                &[b.content_type.as_str()]
            };
            for w in wanted {
                if !accepted.contains(w) {
                    accepted.push(w);
                }
            }
        }
    }
    let accept = accepted.join(", ");
    let accept_push = (!accept.is_empty() && accept.bytes().all(|b| (0x20..0x7f).contains(&b)))
        .then(|| {
            helpers
                .uses
                .import(crate::ledger::Module::ReqwestHeader, "ACCEPT");
            quote! {
                headers.insert(ACCEPT, HeaderValue::from_static(#accept));
            }
        });
    let uses_headers = uses_headers || uses_cookies || accept_push.is_some();
    let headers_decl = if uses_headers {
        quote! { let mut headers = HeaderMap::new(); }
    } else {
        quote! { let headers = HeaderMap::new(); }
    };
    let path = if args.is_empty() {
        let literal = format_text.replace("{{", "{").replace("}}", "}");
        quote! { #literal.to_owned() }
    } else {
        quote! { format!(#format_text) }
    };
    let url = if uses_query {
        helpers.use_(Helper::QueryString);
        quote! { #(#args)* let url = #path + &query_string(&query); }
    } else {
        quote! { #(#args)* let url = #path; }
    };

    let body = payload(item, helpers);
    let http_method = format_ident!("{}", op.method.as_str());
    let arms = response_arms(item, helpers);
    let validate = quote! {
        if client.validate {
            input
                .validate()
                .map_err(Error::Invalid)?;
        }
    };
    let prepare_doc = format!(" Checks and encodes the request of [`Client::{name}`].");
    let decode_doc = format!(" Reads the response of [`Client::{name}`].");
    let full_doc = format!(
        " {}: every documented response, error statuses included, with its status and headers.",
        op_label(op)
    );
    let plain_doc = format!(
        " A documented error status (`4xx`, `5xx`) is returned as [`Error::Status`]; \
         [`Client::{full}`] returns it as a response."
    );
    let full_body = match live_stream(item, helpers) {
        Some(live) => live,
        None => quote! {
            let request = prepare::#name(self, input)?;
            let response = self.send(request).await?;
            let (status, headers) = (response.status, response.headers.clone());
            let value = decode::#name(response)?;
            Ok(Documented { status, headers, value })
        },
    };
    let method = quote! {
        #docs
        ///
        #[doc = #plain_doc]
        #deprecated
        pub async fn #name(&self, input: &#input) -> Result<#response, Error<#response>> {
            self.#full(input).await.map_err(Error::widen)?.into_result()
        }

        #[doc = #full_doc]
        #deprecated
        pub async fn #full(&self, input: &#input) -> Result<Documented<#response>, Error> {
            #full_body
        }
    };
    let prepare = quote! {
        #[doc = #prepare_doc]
        pub(super) fn #name(client: &Client, input: &#input) -> Result<Request, Error> {
            #validate
            #query_decl
            #(#query_pushes)*
            #headers_decl
            #accept_push
            #(#header_pushes)*
            #cookie_decl
            #(#cookie_pushes)*
            #auth
            #cookie_finish
            #url
            #body
            Ok(Request { method: reqwest::Method::#http_method, url, headers, body })
        }
    };
    let decode = quote! {
        #[doc = #decode_doc]
        pub(super) fn #name(response: RawResponse) -> Result<#response, Error> {
            #arms
        }
    };
    (method, prepare, decode)
}

/// The body of `x_full` when a documented status streams (a variant of one status carrying
/// its body, and the response headers it declares, read from the head first): that
/// status's items are read as they arrive, SSE resumed after the last event when the
/// client reconnects ([`Client::with_reconnect`]); any other status is read whole.
fn live_stream(item: &OpItems<'_>, helpers: &mut Helpers) -> Option<TokenStream> {
    let (v, code, codec) = live_variant(item)?;
    helpers.use_(Helper::BodyChunks);
    let name = &item.method;
    let resp = &item.response;
    let variant = &v.ident;
    let code = proc_macro2::Literal::u16_unsuffixed(code);
    let read = match codec {
        Codec::Sse { text } => quote! {
            stream::EventStream::read_sse(
                body_chunks(response),
                #text,
                self.reopen(prepare::#name, input, #code),
            )
        },
        Codec::JsonSeq => quote! { stream::EventStream::read_seq(body_chunks(response)) },
        _ => quote! { stream::EventStream::read_lines(body_chunks(response)) },
    };
    // The declared headers are read from the head, as `decode` reads them from a whole
    // response (a `RawResponse` of no body, which a decoding error then carries).
    let value = if v.is_struct() {
        let header_lets = v.headers.iter().map(|h| {
            let field = &h.ident;
            let wire = &h.header.wire_name;
            let ty = &h.ty;
            if h.header.required {
                helpers.use_(Helper::RawRequiredHeader);
                quote! { let #field: #ty = head.required_header(#wire)?; }
            } else {
                helpers.use_(Helper::RawHeader);
                quote! { let #field: Option<#ty> = head.header(#wire)?; }
            }
        });
        let fields = v.headers.iter().map(|h| &h.ident);
        quote! {
            let head = RawResponse { status, headers: headers.clone(), body: Vec::new() };
            #(#header_lets)*
            let value = #resp::#variant { #(#fields,)* body: #read };
        }
    } else {
        quote! { let value = #resp::#variant(#read); }
    };
    Some(quote! {
        let request = prepare::#name(self, input)?;
        let response = self.open(request).await?;
        let (status, headers) = (response.status().as_u16(), response.headers().clone());
        if status == #code {
            #value
            return Ok(Documented { status, headers, value });
        }
        let response = Self::collect(response).await?;
        let value = decode::#name(response)?;
        Ok(Documented { status, headers, value })
    })
}

/// The variant an operation streams as it arrives (one status: a body, and the headers it
/// declares), with its status and codec.
pub(super) fn live_variant<'i, 'a>(item: &'i OpItems<'a>) -> Option<(&'i Variant<'a>, u16, Codec)> {
    item.variants.iter().find_map(|v| {
        let (codec, _) = v.body.as_ref()?;
        codec.is_stream().then_some((v, v.code()?, *codec))
    })
}

/// `x_full`, the method returning every documented response of operation `x` (or
/// `x_full_response` when an operation is named `x_full`).
pub(super) fn full_name(op: &str, op_names: &HashSet<String>) -> proc_macro2::Ident {
    let full = compose(op, "full");
    if op_names.contains(&full) {
        ident(&compose(op, "full_response"))
    } else {
        ident(&full)
    }
}

/// `let body = Payload::…;`
fn payload(item: &OpItems<'_>, helpers: &mut Helpers) -> TokenStream {
    let Some(b) = &item.body else {
        helpers.use_(Helper::PayloadEmpty);
        return quote! { let body = Payload::Empty; };
    };
    let content_type = &b.content_type;
    let make = |value: TokenStream, helpers: &mut Helpers| match b.kind {
        BodyKind::Json => {
            helpers.use_(Helper::PayloadJson);
            quote! { Payload::Json(serde_json::to_vec(#value).map_err(|e| Error::Encode(e.to_string()))?) }
        }
        BodyKind::Form => {
            helpers.use_(Helper::PayloadForm);
            helpers.use_(Helper::ToValue);
            match crate::operations::form_encodings(item.op) {
                Some(table) => {
                    helpers.use_(Helper::FormTextEncoded);
                    quote! { Payload::Form(form_text_encoded(&to_value(#value)?, #table)) }
                }
                None => {
                    helpers.use_(Helper::FormText);
                    quote! { Payload::Form(form_text(&to_value(#value)?)) }
                }
            }
        }
        BodyKind::Multipart => {
            helpers.use_(Helper::PayloadMultipart);
            helpers.use_(Helper::ToValue);
            helpers.use_(Helper::MultipartForm);
            quote! { Payload::Multipart(multipart_form(&to_value(#value)?)) }
        }
        BodyKind::Text => {
            helpers.use_(Helper::PayloadBytes);
            quote! { Payload::Bytes(#content_type, String::clone(#value).into_bytes()) }
        }
        BodyKind::Bytes => {
            helpers.use_(Helper::PayloadBytes);
            quote! { Payload::Bytes(#content_type, Vec::clone(#value)) }
        }
    };
    if let Some(form) = &b.form {
        helpers.use_(Helper::PayloadMultipart);
        let encodings = item.op.body.as_ref().map_or(&[][..], |b| &b.encoding[..]);
        let parts = form.fields.iter().map(|f| {
            let field = &f.ident;
            let wire = &f.wire_name;
            let encoding = encodings.iter().find(|e| e.property == *wire);
            let headers = encoding.map_or(&[][..], |e| &e.headers[..]);
            let header_rows = headers.iter().map(|(n, v)| quote! { (#n, #v) });
            let add = if f.is_file {
                // The file's own type, else the one its `encoding` names.
                let media = match encoding.map(|e| &e.how) {
                    Some(PartEncoding::Media(t)) => quote! {
                        if value.content_type.is_empty() { #t } else { &value.content_type }
                    },
                    _ => quote! { &value.content_type },
                };
                let with_headers = (!headers.is_empty()).then(|| {
                    helpers.use_(Helper::PartHeaders);
                    quote! {
                        let part = part.headers(part_headers(#wire, &[#(#header_rows),*]).map_err(Error::Encode)?);
                    }
                });
                quote! {
                    let part = reqwest::multipart::Part::bytes(value.bytes.clone())
                        .file_name(value.file_name.clone())
                        .mime_str(#media)
                        .map_err(|e| Error::Encode(format!("part `{}`: {e}", #wire)))?;
                    #with_headers
                    form = form.part(#wire, part);
                }
            } else if let Some(e) = encoding {
                helpers.use_(Helper::ToValue);
                helpers.use_(Helper::MultipartEncoded);
                let media = match &e.how {
                    PartEncoding::Json(t) => quote! { Some((#t, true)) },
                    PartEncoding::Media(t) => quote! { Some((#t, false)) },
                    PartEncoding::Delimited(_) | PartEncoding::Plain => quote! { None },
                };
                quote! {
                    form = multipart_encoded(form, #wire, &to_value(value)?, #media, &[#(#header_rows),*])
                        .map_err(Error::Encode)?;
                }
            } else {
                helpers.use_(Helper::ToValue);
                helpers.use_(Helper::MultipartText);
                quote! { form = multipart_text(form, #wire, &to_value(value)?); }
            };
            if f.optional {
                quote! { if let Some(value) = &fields.#field { #add } }
            } else {
                quote! { { let value = &fields.#field; #add } }
            }
        });
        let build = quote! {{
            let mut form = reqwest::multipart::Form::new();
            #(#parts)*
            Payload::Multipart(form)
        }};
        return if b.required {
            quote! { let fields = &input.body; let body = #build; }
        } else {
            helpers.use_(Helper::PayloadEmpty);
            quote! {
                let body = match &input.body {
                    Some(fields) => #build,
                    None => Payload::Empty,
                };
            }
        };
    }
    // `readOnly` properties are the server's: a copy without them is sent.
    let clears = !matches!(b.kind, BodyKind::Text | BodyKind::Bytes)
        && item
            .op
            .body
            .as_ref()
            .and_then(|body| read_only_named(&body.ty))
            .is_some_and(|id| helpers.cleared.get(id) == Some(&true));
    if clears {
        helpers.use_(Helper::ClearReadOnly);
    }
    if b.required {
        if clears {
            let value = make(quote! { &sent }, helpers);
            return quote! {
                let mut sent = input.body.clone();
                sent.clear_read_only();
                let body = #value;
            };
        }
        let value = make(quote! { &input.body }, helpers);
        quote! { let body = #value; }
    } else {
        helpers.use_(Helper::PayloadEmpty);
        if clears {
            let value = make(quote! { &sent }, helpers);
            return quote! {
                let body = match &input.body {
                    Some(body) => {
                        let mut sent = body.clone();
                        sent.clear_read_only();
                        #value
                    }
                    None => Payload::Empty,
                };
            };
        }
        let value = make(quote! { body }, helpers);
        quote! {
            let body = match &input.body {
                Some(body) => #value,
                None => Payload::Empty,
            };
        }
    }
}

/// The type a body reaches through arrays and maps.
fn read_only_named(ty: &oasforge_ir::Ty) -> Option<usize> {
    match &ty.kind {
        TyKind::Named(id) => Some(id.0),
        TyKind::Array(inner) | TyKind::Map(inner) => read_only_named(inner),
        TyKind::Scalar(_) | TyKind::Any => None,
    }
}

/// Decoding of one variant's body (`response` is moved here, so it comes last).
fn decode_body(v: &Variant<'_>, helpers: &mut Helpers) -> Option<TokenStream> {
    v.body.as_ref().map(|(codec, _)| match codec {
        Codec::Json => {
            helpers.use_(Helper::RawJson);
            quote! { response.json()? }
        }
        Codec::Text => {
            helpers.use_(Helper::RawText);
            quote! { response.text()? }
        }
        Codec::Bytes => quote! { response.body },
        Codec::Sse { .. } | Codec::Lines | Codec::JsonSeq => crate::streams::read_all(*codec),
    })
}

fn response_arms(item: &OpItems<'_>, helpers: &mut Helpers) -> TokenStream {
    let resp = &item.response;
    let mut ordered: Vec<&Variant<'_>> = item.variants.iter().collect();
    ordered.sort_by_key(|v| match v.response.status {
        Status::Code(_) => 0,
        Status::Range(_) => 1,
        Status::Default => 2,
    });
    let mut arms = Vec::new();
    let mut values = Vec::new();
    for v in &ordered {
        let name = &v.ident;
        let pattern = match v.response.status {
            Status::Code(c) => {
                let c = proc_macro2::Literal::u16_unsuffixed(c);
                quote! { #c }
            }
            Status::Range(n) => {
                let lo = proc_macro2::Literal::u16_unsuffixed(u16::from(n) * 100);
                let hi = proc_macro2::Literal::u16_unsuffixed(u16::from(n) * 100 + 99);
                quote! { status @ #lo..=#hi }
            }
            Status::Default => quote! { status },
        };
        let body = decode_body(v, helpers);
        let value = if v.is_struct() {
            let status = v.code().is_none().then(|| quote! { status, });
            let header_lets = v.headers.iter().map(|h| {
                let field = &h.ident;
                let wire = &h.header.wire_name;
                let ty = &h.ty;
                if h.header.required {
                    helpers.use_(Helper::RawRequiredHeader);
                    quote! { let #field: #ty = response.required_header(#wire)?; }
                } else {
                    helpers.use_(Helper::RawHeader);
                    quote! { let #field: Option<#ty> = response.header(#wire)?; }
                }
            });
            let fields = v.headers.iter().map(|h| &h.ident);
            let body = body.map(|b| quote! { body: #b, });
            quote! {{
                #(#header_lets)*
                Ok(#resp::#name { #status #(#fields,)* #body })
            }}
        } else {
            match body {
                Some(b) => quote! { Ok(#resp::#name(#b)) },
                None => quote! { Ok(#resp::#name) },
            }
        };
        arms.push(quote! { #pattern => #value, });
        values.push(value);
    }
    if !ordered.iter().any(|v| v.response.status == Status::Default) {
        arms.push(quote! { _ => Err(Error::UnexpectedStatus(Box::new(response))), });
    }
    // Only `default`: every status is that response.
    if let ([v], [value]) = (ordered.as_slice(), values.as_slice()) {
        if v.response.status == Status::Default {
            return quote! {
                let status = response.status;
                #value
            };
        }
    }
    quote! {
        match response.status {
            #(#arms)*
        }
    }
}

#[cfg(test)]
mod unit_tests {
    use super::*;
    use crate::operations::op_items;
    use crate::testing::{api, text, PETS, SHOP};

    /// The three items of the first operation named `name`, as text, with what they used.
    fn emitted(api: &Api, name: &str) -> (String, String, String, Helpers) {
        let items = op_items(api);
        let item = items
            .iter()
            .find(|i| i.op.name == name)
            .expect("the operation exists");
        let names: HashSet<String> = items.iter().map(|i| i.op.name.clone()).collect();
        let mut helpers = Helpers::default();
        let (m, p, d) = method(api, item, &names, &mut helpers);
        let wrap = |t: TokenStream| text(quote! { impl Client { #t } });
        (wrap(m), text(p), text(d), helpers)
    }

    #[test]
    fn path_and_header_parameters_are_encoded_with_their_helpers() {
        let (method, prepare, decode, helpers) = emitted(&api(PETS), "get_pet");
        assert!(method.contains("pub async fn get_pet_full("), "{method}");
        assert!(
            prepare.contains("let pet_id = path_segment(&to_value(&input.pet_id)?, \",\");"),
            "{prepare}"
        );
        assert!(prepare.contains("format!(\"/pets/{pet_id}\")"), "{prepare}");
        assert!(
            prepare.contains("insert_header(&mut headers, \"X-Trace\""),
            "{prepare}"
        );
        assert!(prepare.contains("HeaderValue::from_static(\"application/json\")"));
        assert!(prepare.contains("let body = Payload::Empty;"), "{prepare}");
        assert!(decode.contains("200 => Ok("), "{decode}");
        assert!(decode.contains("Error::UnexpectedStatus"), "{decode}");
        let used = &helpers.uses.helpers;
        for h in [
            Helper::PathSegment,
            Helper::InsertHeader,
            Helper::SimpleText,
            Helper::RawJson,
            Helper::PayloadEmpty,
        ] {
            assert!(used.has(h), "{h:?} not recorded");
        }
        // No query parameter and no credentials: no query string.
        assert!(!used.has(Helper::QueryString) && !used.has(Helper::QueryForm));
        assert!(!prepare.contains("query"), "{prepare}");
    }

    #[test]
    fn a_required_json_body_and_a_default_response() {
        let (_, prepare, decode, helpers) = emitted(&api(SHOP), "create_item");
        assert!(
            prepare.contains("let body = Payload::Json(")
                && prepare.contains("serde_json::to_vec(&input.body)"),
            "{prepare}"
        );
        // Two alternative schemes: a table for `authorize`, the key needing the query.
        assert!(
            prepare.contains("client.authorize(&[&[Scheme::Bearer], &[Scheme::Key]], &mut headers, &mut query)?;"),
            "{prepare}"
        );
        assert!(prepare.contains("query_string(&query)"), "{prepare}");
        assert!(
            decode.contains("response.required_header(\"Location\")?"),
            "{decode}"
        );
        // `default` answers every other status: nothing is unexpected.
        assert!(!decode.contains("UnexpectedStatus"), "{decode}");
        let used = &helpers.uses.helpers;
        assert!(used.has(Helper::PayloadJson) && !used.has(Helper::PayloadEmpty));
        assert!(used.has(Helper::RawRequiredHeader) && used.has(Helper::RawHeader));
    }

    #[test]
    fn the_full_method_steps_aside_for_an_operation_of_its_name() {
        let names: HashSet<String> = ["get", "get_full"].map(str::to_owned).into();
        assert_eq!(full_name("get", &names), "get_full_response");
        assert_eq!(full_name("get_full", &names), "get_full_full");
        assert_eq!(full_name("put", &names), "put_full");
    }
}

//! The async `reqwest` client: a builder, one method per operation, `*_stream` methods for
//! paginated listings, and one error type.

use std::collections::{BTreeSet, HashSet};

use oasforge_ir::{
    Api, BodyKind, Bound, Operation, PageKind, Param, ParamLocation, ParamStyle, Scalar,
    SecurityKind, SecurityScheme, Status, Struct, Ty, TyKind, TypeKind,
};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use serde_json::Value;

use crate::docs::doc_attrs;
use crate::operations::{
    credential_field, op_label, op_schemes, operation_imports, used_schemes, Codec, OpItems,
    Variant,
};
use crate::types::{ident, ty_tokens};
use oasforge_ir::names::compose;

/// Private helpers the generated client needs; only the ones used are emitted.
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

/// The base URL the spec's first server gives, when it is absolute.
pub(crate) fn default_base_url(api: &Api) -> Option<String> {
    let url = api.servers.first()?.default_url();
    (url.starts_with("http://") || url.starts_with("https://"))
        .then(|| url.trim_end_matches('/').to_owned())
}

/// The items of `client.rs`.
pub(crate) fn client(api: &Api, items: &[OpItems<'_>]) -> TokenStream {
    let mut helpers = Helpers::default();
    let mut methods = Vec::new();
    let mut prepares = Vec::new();
    let mut decodes = Vec::new();
    for item in items {
        let (method, prepare, decode) = method(api, item, &mut helpers);
        methods.push(method);
        prepares.push(prepare);
        decodes.push(decode);
    }
    let op_names: HashSet<String> = items.iter().map(|i| i.op.name.clone()).collect();
    let streams: Vec<TokenStream> = items
        .iter()
        .filter_map(|item| stream(api, item, &op_names, &mut helpers))
        .collect();
    let schemes = used_schemes(api);
    let has_credentials = !schemes.is_empty();
    let (scheme_enum, authorize) = authorize_items(&schemes, &mut helpers);

    let imports = operation_imports(items, &schemes);

    let default_url = default_base_url(api);
    let base_url_const = default_url.as_ref().map(|url| {
        let doc = format!(" The spec's first server: `{url}`.");
        quote! {
            #[doc = #doc]
            pub const DEFAULT_BASE_URL: &str = #url;
        }
    });
    let base_url_doc = match &default_url {
        Some(_) => {
            " The URL the paths are appended to; [`DEFAULT_BASE_URL`] when not set.".to_owned()
        }
        None => format!(
            " The URL the paths are appended to. Required: the spec's server `{}` is relative.",
            api.servers.first().map_or("", |s| s.url.as_str())
        ),
    };
    let base_url_pick = match &default_url {
        Some(_) => quote! { self.base_url.unwrap_or_else(|| DEFAULT_BASE_URL.to_owned()) },
        None => quote! { self.base_url.ok_or(Error::NoBaseUrl)? },
    };
    let credential_field_decl = has_credentials.then(|| quote! { credentials: Credentials, });
    let credential_default =
        has_credentials.then(|| quote! { credentials: Credentials::default(), });
    let credential_build = has_credentials.then(|| quote! { credentials: self.credentials, });
    let credential_setters = has_credentials.then(|| {
        let per_scheme = schemes.iter().map(|s| scheme_setter(s));
        quote! {
            /// Sets every credential at once.
            pub fn credentials(mut self, credentials: Credentials) -> Self {
                self.credentials = credentials;
                self
            }

            #(#per_scheme)*
        }
    });

    let helper_items = helper_items(&helpers);
    let stream_import =
        (!streams.is_empty()).then(|| quote! { use futures::{Stream, TryStreamExt}; });
    let raw_methods = raw_response_methods(&helpers);

    let missing_credentials = has_credentials.then(|| {
        quote! {
            /// The operation requires credentials the client was not given; nothing was sent.
            MissingCredentials(String),
        }
    });
    let missing_display = has_credentials.then(|| {
        quote! { Self::MissingCredentials(needed) => write!(f, "missing credentials: {needed}"), }
    });
    let no_base = default_url.is_none().then(|| {
        quote! {
            /// No base URL was set and the spec's server is relative.
            NoBaseUrl,
        }
    });
    let no_base_display = default_url.is_none().then(|| {
        quote! { Self::NoBaseUrl => f.write_str("no base URL: the spec's server is relative, so one must be set"), }
    });

    let page_status = helpers.has("page_status").then(|| {
        quote! {
            /// A listing page came back with a documented status that carries no page.
            NotAPage(u16),
        }
    });
    let page_status_display = helpers.has("page_status").then(|| {
        quote! { Self::NotAPage(status) => write!(f, "status {status} carries no page of the listing"), }
    });
    let model_names: BTreeSet<String> = items
        .iter()
        .filter_map(|item| stream_item_type(api, item))
        .collect();
    let model_import = (!model_names.is_empty()).then(|| {
        let names = model_names.iter().map(|n| ident(n));
        quote! { use super::models::{#(#names),*}; }
    });
    let title = format!(" A client for {} {}.", api.title, api.version);
    quote! {
        #model_import
        use super::operations::{#(#imports),*};
        #stream_import
        use reqwest::header::{HeaderMap, HeaderName, HeaderValue};

        #base_url_const

        #[doc = #title]
        ///
        /// Every operation validates its input before sending (unless turned off with
        /// [`ClientBuilder::validate_requests`]) and returns the documented response for the
        /// status the server sent, or an [`Error`] that keeps everything the server said.
        #[derive(Debug, Clone)]
        pub struct Client {
            http: reqwest::Client,
            base_url: String,
            headers: HeaderMap,
            #credential_field_decl
            validate: bool,
        }

        /// Settings for a [`Client`].
        #[derive(Debug, Clone)]
        pub struct ClientBuilder {
            http: Option<reqwest::Client>,
            base_url: Option<String>,
            headers: HeaderMap,
            #credential_field_decl
            validate: bool,
        }

        impl Default for ClientBuilder {
            fn default() -> Self {
                Self {
                    http: None,
                    base_url: None,
                    headers: HeaderMap::new(),
                    #credential_default
                    validate: true,
                }
            }
        }

        impl ClientBuilder {
            #[doc = #base_url_doc]
            pub fn base_url(mut self, url: impl Into<String>) -> Self {
                self.base_url = Some(url.into());
                self
            }

            /// The `reqwest` client to send with: its timeouts, proxies and TLS settings apply.
            pub fn http_client(mut self, http: reqwest::Client) -> Self {
                self.http = Some(http);
                self
            }

            /// A header sent with every request.
            pub fn default_header(mut self, name: HeaderName, value: HeaderValue) -> Self {
                self.headers.insert(name, value);
                self
            }

            /// Whether inputs are validated before they are sent (the default).
            pub fn validate_requests(mut self, validate: bool) -> Self {
                self.validate = validate;
                self
            }

            #credential_setters

            /// The client.
            pub fn build(self) -> Result<Client, Error> {
                let http = match self.http {
                    Some(http) => http,
                    None => reqwest::Client::builder().build().map_err(|source| Error::Transport { status: None, source })?,
                };
                let base_url = #base_url_pick;
                Ok(Client {
                    http,
                    base_url: base_url.trim_end_matches('/').to_owned(),
                    headers: self.headers,
                    #credential_build
                    validate: self.validate,
                })
            }
        }

        /// A response as it arrived: kept whole when it is not what the spec documents.
        #[derive(Debug, Clone)]
        pub struct RawResponse {
            /// The status code.
            pub status: u16,
            /// The headers.
            pub headers: HeaderMap,
            /// The body bytes.
            pub body: Vec<u8>,
        }

        #raw_methods

        /// Why an operation did not return a documented response.
        #[derive(Debug)]
        pub enum Error {
            /// The input breaks the spec; nothing was sent.
            Invalid(Vec<Violation>),
            #missing_credentials
            /// A value could not be put into the request (e.g. a header value with a line
            /// break); nothing was sent.
            Encode(String),
            #no_base
            /// The request could not be sent or the response not received in full.
            Transport {
                /// The status, when the failure came after it.
                status: Option<u16>,
                /// The cause.
                source: reqwest::Error,
            },
            #page_status
            /// The server answered with a status the spec does not document.
            UnexpectedStatus(Box<RawResponse>),
            /// The body or a header of a documented status does not decode as documented.
            Decode {
                /// The response, whole.
                response: Box<RawResponse>,
                /// What did not decode.
                message: String,
            },
        }

        impl std::fmt::Display for Error {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                match self {
                    Self::Invalid(violations) => {
                        f.write_str("invalid request:")?;
                        for v in violations {
                            write!(f, " {v};")?;
                        }
                        Ok(())
                    }
                    #missing_display
                    Self::Encode(message) => write!(f, "cannot encode the request: {message}"),
                    #no_base_display
                    Self::Transport { source, .. } => write!(f, "transport failure: {source}"),
                    #page_status_display
                    Self::UnexpectedStatus(response) => write!(f, "undocumented status {}", response.status),
                    Self::Decode { response, message } => write!(f, "status {} response does not decode: {message}", response.status),
                }
            }
        }

        impl std::error::Error for Error {
            fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
                match self {
                    Self::Transport { source, .. } => Some(source),
                    _ => None,
                }
            }
        }

        impl Client {
            /// Settings for a new client.
            pub fn builder() -> ClientBuilder {
                ClientBuilder::default()
            }

            /// The base URL in use.
            pub fn base_url(&self) -> &str {
                &self.base_url
            }

            #(#methods)*

            #(#streams)*

            #authorize

            /// Sends a prepared request and collects the whole response.
            async fn send(&self, request: Request) -> Result<RawResponse, Error> {
                let Request { method, url, headers, body } = request;
                let request = self
                    .http
                    .request(method, format!("{}{}", self.base_url, url))
                    .headers(self.headers.clone())
                    .headers(headers);
                let request = body.attach(request);
                let response = request.send().await.map_err(|source| Error::Transport { status: None, source })?;
                let status = response.status().as_u16();
                let headers = response.headers().clone();
                let body = response.bytes().await.map_err(|source| Error::Transport { status: Some(status), source })?;
                Ok(RawResponse { status, headers, body: body.to_vec() })
            }
        }

        /// A request an operation prepared: checked, encoded, with its credentials.
        struct Request {
            method: reqwest::Method,
            /// The path and query, after the base URL.
            url: String,
            headers: HeaderMap,
            body: Payload,
        }

        /// Each operation's request, checked and encoded.
        mod prepare {
            use super::*;

            #(#prepares)*
        }

        /// Each operation's response, read into its enum.
        mod decode {
            use super::*;

            #(#decodes)*
        }

        #scheme_enum

        #helper_items
    }
}

fn scheme_setter(s: &SecurityScheme) -> TokenStream {
    let (field, _) = credential_field(s);
    let doc = format!(" Sets the `{}` credential.", s.key);
    match s.kind {
        SecurityKind::Basic => quote! {
            #[doc = #doc]
            pub fn #field(mut self, username: impl Into<String>, password: impl Into<String>) -> Self {
                self.credentials.#field = Some(BasicCredentials { username: username.into(), password: password.into() });
                self
            }
        },
        _ => quote! {
            #[doc = #doc]
            pub fn #field(mut self, value: impl Into<String>) -> Self {
                self.credentials.#field = Some(value.into());
                self
            }
        },
    }
}

/// Local variable names of the generated operation methods.
const LOCALS: &[&str] = &[
    "input", "query", "headers", "cookies", "url", "body", "response", "value", "self",
];

fn location_params(op: &Operation, location: ParamLocation) -> impl Iterator<Item = &Param> {
    op.params.iter().filter(move |p| p.location == location)
}

/// Whether a parameter is an `Option` in the input struct.
fn is_optional(p: &Param) -> bool {
    !p.required || p.ty.nullable
}

/// `to_value(&input.x)?` for a parameter (inside `if let Some(value)` when optional).
fn with_value(
    p: &Param,
    helpers: &mut Helpers,
    body: impl Fn(TokenStream) -> TokenStream,
) -> TokenStream {
    helpers.use_("to_value");
    let name = ident(&p.name);
    if is_optional(p) {
        let inner = body(quote! { &to_value(value)? });
        quote! { if let Some(value) = &input.#name { #inner } }
    } else {
        body(quote! { &to_value(&input.#name)? })
    }
}

/// An operation's method of `Client`, and the functions of the `prepare` and `decode` modules
/// that build its request and read its response (kept out of the `async` body, which then
/// holds one `await`; in modules of their own, so operation names cannot clash with helpers).
fn method(
    api: &Api,
    item: &OpItems<'_>,
    helpers: &mut Helpers,
) -> (TokenStream, TokenStream, TokenStream) {
    let op = item.op;
    let name = &item.method;
    let input = &item.input;
    let response = &item.response;
    let docs = doc_attrs(&op.docs, &[format!("{}.", op_label(op))]);
    let deprecated = op.deprecated.then(|| quote! { #[deprecated] });

    // The path, with each parameter percent-encoded.
    let mut format_text = String::new();
    let mut args = Vec::new();
    let mut rest = op.path.as_str();
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|c| open + c) else {
            break;
        };
        format_text.push_str(&rest[..open].replace('{', "{{").replace('}', "}}"));
        let var = &rest[open + 1..close];
        match location_params(op, ParamLocation::Path).find(|p| p.wire_name == var) {
            Some(p) => {
                helpers.use_("to_value");
                helpers.use_("path_segment");
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
                args.push(quote! { let #local = path_segment(&to_value(&input.#field)?, #sep); });
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
                helpers.use_("query_deep_object");
                with_value(
                    p,
                    helpers,
                    |v| quote! { query_deep_object(&mut query, #wire, #v); },
                )
            }
            ParamStyle::SpaceDelimited | ParamStyle::PipeDelimited if !explode => {
                helpers.use_("query_form");
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
                helpers.use_("query_form");
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
        helpers.use_("insert_header");
        helpers.use_("simple_text");
        let wire = &p.wire_name;
        let explode = p.explode;
        header_pushes.push(with_value(p, helpers, |v| {
            quote! { insert_header(&mut headers, #wire, &simple_text(#v, #explode))?; }
        }));
    }
    let mut cookie_pushes = Vec::new();
    for p in location_params(op, ParamLocation::Cookie) {
        helpers.use_("simple_text");
        helpers.use_("encode");
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
        helpers.use_("insert_header");
        quote! {
            if !cookies.is_empty() {
                insert_header(&mut headers, "cookie", &cookies.join("; "))?;
            }
        }
    });
    let uses_headers = uses_headers || uses_cookies;
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
        helpers.use_("query_string");
        quote! { #(#args)* let url = #path + &query_string(&query); }
    } else {
        quote! { #(#args)* let url = #path; }
    };

    let body = payload(item, helpers);
    let http_method = format_ident!("{}", op.method.to_ascii_uppercase());
    let arms = response_arms(item, helpers);
    let validate = quote! {
        if client.validate {
            input.validate().map_err(Error::Invalid)?;
        }
    };
    let prepare_doc = format!(" Checks and encodes the request of [`Client::{name}`].");
    let decode_doc = format!(" Reads the response of [`Client::{name}`].");
    let method = quote! {
        #docs
        #deprecated
        pub async fn #name(&self, input: &#input) -> Result<#response, Error> {
            let request = prepare::#name(self, input)?;
            decode::#name(self.send(request).await?)
        }
    };
    let prepare = quote! {
        #[doc = #prepare_doc]
        pub(super) fn #name(client: &Client, input: &#input) -> Result<Request, Error> {
            #validate
            #query_decl
            #(#query_pushes)*
            #headers_decl
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

/// Adds the credential of scheme `s`, bound to `value`, to the request parts (`headers`,
/// `query`, `cookies`) inside `Client::authorize`.
fn send_credential(
    s: &SecurityScheme,
    value: &proc_macro2::Ident,
    helpers: &mut Helpers,
) -> TokenStream {
    match &s.kind {
        SecurityKind::Bearer { .. } | SecurityKind::OAuth2 => {
            helpers.use_("insert_header");
            let text = format!("Bearer {{{value}}}");
            quote! { insert_header(headers, "authorization", &format!(#text))?; }
        }
        SecurityKind::Basic => {
            helpers.use_("insert_header");
            helpers.use_("base64");
            quote! {
                insert_header(headers, "authorization", &format!("Basic {}", base64(&format!("{}:{}", #value.username, #value.password))))?;
            }
        }
        SecurityKind::OtherHttp { scheme } => {
            helpers.use_("insert_header");
            let text = format!("{scheme} {{{value}}}");
            quote! { insert_header(headers, "authorization", &format!(#text))?; }
        }
        SecurityKind::ApiKey { location, name } => match location {
            ParamLocation::Query => quote! { query.push((#name.to_owned(), #value.clone())); },
            ParamLocation::Cookie => {
                helpers.use_("encode");
                quote! { cookies.push(format!("{}={}", #name, encode(#value))); }
            }
            _ => {
                helpers.use_("insert_header");
                quote! { insert_header(headers, #name, #value)?; }
            }
        },
    }
}

/// The `Scheme` variant of a security scheme.
fn scheme_variant(s: &SecurityScheme) -> proc_macro2::Ident {
    ident(&s.variant)
}

/// Which request parts the used schemes write.
struct Reach {
    headers: bool,
    query: bool,
    cookies: bool,
}

impl Reach {
    fn of(schemes: &[&SecurityScheme]) -> Self {
        let located = |l: ParamLocation| {
            schemes
                .iter()
                .any(|s| matches!(&s.kind, SecurityKind::ApiKey { location, .. } if *location == l))
        };
        Reach {
            headers: schemes.iter().any(|s| {
                !matches!(&s.kind, SecurityKind::ApiKey { location, .. }
                    if matches!(location, ParamLocation::Query | ParamLocation::Cookie))
            }),
            query: located(ParamLocation::Query),
            cookies: located(ParamLocation::Cookie),
        }
    }
}

/// The `Scheme` enum and `Client::authorize`, which adds the credentials of the first accepted
/// alternative the client holds, or fails naming every alternative.
fn authorize_items(
    schemes: &[&SecurityScheme],
    helpers: &mut Helpers,
) -> (TokenStream, TokenStream) {
    if schemes.is_empty() {
        return (TokenStream::new(), TokenStream::new());
    }
    let reach = Reach::of(schemes);
    let variants: Vec<proc_macro2::Ident> = schemes.iter().map(|s| scheme_variant(s)).collect();
    let docs = schemes.iter().map(|s| format!(" `{}`.", s.key));
    let keys = schemes.iter().map(|s| s.key.as_str());
    let fields: Vec<proc_macro2::Ident> = schemes.iter().map(|s| credential_field(s).0).collect();
    let binds: Vec<proc_macro2::Ident> = fields
        .iter()
        .map(|f| {
            let bare = f.to_string();
            let bare = bare.trim_start_matches("r#");
            if AUTHORIZE_LOCALS.contains(&bare) {
                ident(&compose(bare, "credential"))
            } else {
                ident(&compose(bare, ""))
            }
        })
        .collect();
    let sends: Vec<TokenStream> = schemes
        .iter()
        .zip(&binds)
        .map(|(s, b)| send_credential(s, b, helpers))
        .collect();
    let headers_param = reach.headers.then(|| quote! { headers: &mut HeaderMap, });
    let query_param = reach
        .query
        .then(|| quote! { query: &mut Vec<(String, String)>, });
    let cookies_param = reach.cookies.then(|| quote! { cookies: &mut Vec<String>, });
    let enum_items = quote! {
        /// A security scheme of the spec, as `Client::authorize` names it.
        #[derive(Clone, Copy)]
        enum Scheme {
            #(#[doc = #docs] #variants,)*
        }

        impl Scheme {
            /// The scheme's name in the spec.
            fn name(self) -> &'static str {
                match self {
                    #(Self::#variants => #keys,)*
                }
            }
        }
    };
    let method = quote! {
        /// Adds the credentials of the first alternative of `accepted` (each a list of schemes
        /// that go together) whose credentials the client holds; fails naming every alternative
        /// when it holds none.
        fn authorize(&self, accepted: &[&[Scheme]], #headers_param #query_param #cookies_param) -> Result<(), Error> {
            let held = |scheme: &Scheme| match scheme {
                #(Scheme::#variants => self.credentials.#fields.is_some(),)*
            };
            let Some(chosen) = accepted.iter().find(|schemes| schemes.iter().all(held)) else {
                let needed: Vec<String> = accepted
                    .iter()
                    .map(|schemes| schemes.iter().map(|s| s.name()).collect::<Vec<_>>().join(" and "))
                    .collect();
                return Err(Error::MissingCredentials(needed.join(", or ")));
            };
            for scheme in chosen.iter() {
                match scheme {
                    #(Scheme::#variants => {
                        if let Some(#binds) = &self.credentials.#fields {
                            #sends
                        }
                    })*
                }
            }
            Ok(())
        }
    };
    (enum_items, method)
}

/// Parameter names of `Client::authorize` a credential binding must not shadow.
const AUTHORIZE_LOCALS: &[&str] = &[
    "headers", "query", "cookies", "accepted", "chosen", "scheme", "held",
];

/// `let body = Payload::…;`
fn payload(item: &OpItems<'_>, helpers: &mut Helpers) -> TokenStream {
    let Some(b) = &item.body else {
        helpers.use_("payload_empty");
        return quote! { let body = Payload::Empty; };
    };
    let content_type = &b.content_type;
    let make = |value: TokenStream, helpers: &mut Helpers| match b.kind {
        BodyKind::Json => {
            helpers.use_("payload_json");
            quote! { Payload::Json(serde_json::to_vec(#value).map_err(|e| Error::Encode(e.to_string()))?) }
        }
        BodyKind::Form => {
            helpers.use_("payload_form");
            helpers.use_("to_value");
            helpers.use_("form_text");
            quote! { Payload::Form(form_text(&to_value(#value)?)) }
        }
        BodyKind::Multipart => {
            helpers.use_("payload_multipart");
            helpers.use_("to_value");
            helpers.use_("multipart_form");
            quote! { Payload::Multipart(multipart_form(&to_value(#value)?)) }
        }
        BodyKind::Text => {
            helpers.use_("payload_bytes");
            quote! { Payload::Bytes(#content_type, String::clone(#value).into_bytes()) }
        }
        BodyKind::Bytes => {
            helpers.use_("payload_bytes");
            quote! { Payload::Bytes(#content_type, Vec::clone(#value)) }
        }
    };
    if let Some(form) = &b.form {
        helpers.use_("payload_multipart");
        let parts = form.fields.iter().map(|f| {
            let field = &f.ident;
            let wire = &f.wire_name;
            let add = if f.is_file {
                quote! {
                    let part = reqwest::multipart::Part::bytes(value.bytes.clone())
                        .file_name(value.file_name.clone())
                        .mime_str(&value.content_type)
                        .map_err(|e| Error::Encode(format!("part `{}`: {e}", #wire)))?;
                    form = form.part(#wire, part);
                }
            } else {
                helpers.use_("to_value");
                helpers.use_("multipart_text");
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
            helpers.use_("payload_empty");
            quote! {
                let body = match &input.body {
                    Some(fields) => #build,
                    None => Payload::Empty,
                };
            }
        };
    }
    if b.required {
        let value = make(quote! { &input.body }, helpers);
        quote! { let body = #value; }
    } else {
        helpers.use_("payload_empty");
        let value = make(quote! { body }, helpers);
        quote! {
            let body = match &input.body {
                Some(body) => #value,
                None => Payload::Empty,
            };
        }
    }
}

/// Decoding of one variant's body (`response` is moved here, so it comes last).
fn decode_body(v: &Variant<'_>, helpers: &mut Helpers) -> Option<TokenStream> {
    v.body.as_ref().map(|(codec, _)| match codec {
        Codec::Json => {
            helpers.use_("raw_json");
            quote! { response.json()? }
        }
        Codec::Text => {
            helpers.use_("raw_text");
            quote! { response.text()? }
        }
        Codec::Bytes => quote! { response.body },
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
                    helpers.use_("raw_required_header");
                    quote! { let #field: #ty = response.required_header(#wire)?; }
                } else {
                    helpers.use_("raw_header");
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

/// `*_stream`: every item of a paginated listing, page after page.
fn stream(
    api: &Api,
    item: &OpItems<'_>,
    item_names: &HashSet<String>,
    helpers: &mut Helpers,
) -> Option<TokenStream> {
    let op = item.op;
    let pagination = op.pagination.as_ref()?;
    let variant = &item.variants[pagination.response];
    let (Codec::Json, _) = variant.body.as_ref()? else {
        return None;
    };
    let body_ty = &op.responses[pagination.response].body.as_ref()?.ty;
    let page = page_struct(api, body_ty);
    let (items, item_ty) = match pagination.items_field {
        Some(index) => {
            let field = &page?.fields[index];
            let TyKind::Array(item_ty) = &field.ty.kind else {
                return None;
            };
            let name = ident(&field.name);
            let items = if field.required && !field.ty.nullable {
                quote! { page.#name }
            } else {
                quote! { page.#name.unwrap_or_default() }
            };
            (items, item_ty)
        }
        None => {
            let TyKind::Array(item_ty) = &body_ty.kind else {
                return None;
            };
            let items = if body_ty.nullable {
                quote! { page.unwrap_or_default() }
            } else {
                quote! { page }
            };
            (items, item_ty)
        }
    };
    let item_ty = ty_tokens(api, item_ty);
    let method = &item.method;
    // `x_stream`, unless an operation has that name.
    let stream_name = compose(&op.name, "stream");
    let stream_name = if item_names.contains(&stream_name) {
        ident(&compose(&op.name, "items_stream"))
    } else {
        ident(&stream_name)
    };
    let input = &item.input;
    let resp = &item.response;
    let vname = &variant.ident;
    let page_pattern = if variant.is_struct() {
        quote! { #resp::#vname { body: page, .. } }
    } else {
        quote! { #resp::#vname(page) }
    };
    let other = (item.variants.len() > 1).then(|| {
        helpers.use_("page_status");
        quote! { other => return Err(Error::NotAPage(other.status())), }
    });
    let take_page = if other.is_some() {
        quote! {
            let page = match self.#method(&input).await? {
                #page_pattern => page,
                #other
            };
        }
    } else {
        quote! { let #page_pattern = self.#method(&input).await?; }
    };
    let (following, how) = following(op, page, &pagination.kind, item, helpers)?;
    let doc = format!(" Every item of {}, page after page: {how}.", op_label(op));
    let doc2 = format!(
        " The first request is `input` as given; see [`Client::{}`].",
        op.name
    );
    Some(quote! {
        #[doc = #doc]
        ///
        #[doc = #doc2]
        pub fn #stream_name(&self, input: #input) -> impl Stream<Item = Result<#item_ty, Error>> + '_ {
            futures::stream::try_unfold(Some(input), move |next| async move {
                let Some(input) = next else {
                    return Ok(None);
                };
                #take_page
                let items = #items;
                let following = #following;
                let items = futures::stream::iter(items.into_iter().map(Ok));
                Ok(Some((items, following)))
            })
            .try_flatten()
        }
    })
}

/// The struct a page decodes into, when the body is a named struct.
fn page_struct<'a>(api: &'a Api, body: &Ty) -> Option<&'a Struct> {
    let TyKind::Named(id) = body.kind else {
        return None;
    };
    match &api.type_def(id).kind {
        TypeKind::Struct(s) => Some(s),
        _ => None,
    }
}

/// The expression for the input of the next page (`None` after the last page, with the page
/// in `page` and its items in `items`), and how the stream knows the next page, for the docs.
fn following(
    op: &Operation,
    page: Option<&Struct>,
    kind: &PageKind,
    item: &OpItems<'_>,
    helpers: &mut Helpers,
) -> Option<(TokenStream, String)> {
    Some(match kind {
        PageKind::Token {
            token_param,
            next_token_field,
        } => {
            let token_param = &op.params[*token_param];
            let next_field = &page?.fields[*next_token_field];
            let next_name = ident(&next_field.name);
            let next = if next_field.required && !next_field.ty.nullable {
                quote! { Some(page.#next_name) }
            } else {
                quote! { page.#next_name }
            };
            let with_token = with_param(token_param, item);
            let expr = quote! {
                #next
                    .filter(|token| !token.is_empty())
                    .map(#with_token)
            };
            let how = format!(
                "each response's `{}` is sent as `{}` until a page comes without one",
                next_field.wire_name, token_param.wire_name
            );
            (expr, how)
        }
        PageKind::Offset {
            offset_param,
            limit_param,
            total_field,
        } => {
            let offset_param = &op.params[*offset_param];
            let (offset, rust_ty) = integer_param(offset_param, 0)?;
            helpers.use_("next_offset");
            let limit = page_size(limit_param.map(|i| &op.params[i]));
            let total = match total_field.map(|i| page.map(|s| &s.fields[i])) {
                Some(Some(f)) => {
                    let name = ident(&f.name);
                    if f.required && !f.ty.nullable {
                        quote! { Some(i128::from(page.#name)) }
                    } else {
                        quote! { page.#name.map(i128::from) }
                    }
                }
                _ => quote! { None },
            };
            let with_offset = with_param(offset_param, item);
            let expr = quote! {
                next_offset(#offset, items.len(), #limit, #total)
                    .and_then(|next| #rust_ty::try_from(next).ok())
                    .map(#with_offset)
            };
            let how = format!(
                "`{}` advances by the number of items received until a page comes empty{}{}",
                offset_param.wire_name,
                match limit_param {
                    Some(i) => format!(", shorter than `{}`", op.params[*i].wire_name),
                    None => String::new(),
                },
                match total_field.zip(page) {
                    Some((i, s)) => format!(" or reaching `{}`", s.fields[i].wire_name),
                    None => String::new(),
                },
            );
            (expr, how)
        }
        PageKind::Page {
            page_param,
            limit_param,
        } => {
            let page_param = &op.params[*page_param];
            let first = page_param
                .ty
                .constraints
                .default
                .as_ref()
                .and_then(Value::as_i64)
                .or_else(|| match page_param.ty.constraints.minimum {
                    Some(Bound {
                        value,
                        exclusive: false,
                    }) if value.fract() == 0.0 => Some(value as i64),
                    _ => None,
                })
                .unwrap_or(1);
            let (number, rust_ty) = integer_param(page_param, first)?;
            helpers.use_("next_page");
            let limit = page_size(limit_param.map(|i| &op.params[i]));
            let with_page = with_param(page_param, item);
            let expr = quote! {
                next_page(#number, items.len(), #limit)
                    .and_then(|next| #rust_ty::try_from(next).ok())
                    .map(#with_page)
            };
            let how = format!(
                "`{}` goes up by one until a page comes empty{}",
                page_param.wire_name,
                match limit_param {
                    Some(i) => format!(" or shorter than `{}`", op.params[*i].wire_name),
                    None => String::new(),
                },
            );
            (expr, how)
        }
    })
}

/// For an integer parameter: its value as `i128` (`absent` or the default when not sent),
/// and its Rust type.
fn integer_param(p: &Param, absent: i64) -> Option<(TokenStream, TokenStream)> {
    let rust_ty = match p.ty.kind {
        TyKind::Scalar(Scalar::I32) => quote! { i32 },
        TyKind::Scalar(Scalar::I64) => quote! { i64 },
        TyKind::Scalar(Scalar::U32) => quote! { u32 },
        TyKind::Scalar(Scalar::U64) => quote! { u64 },
        _ => return None,
    };
    let name = ident(&p.name);
    let value = if is_optional(p) {
        let absent =
            p.ty.constraints
                .default
                .as_ref()
                .and_then(Value::as_i64)
                .unwrap_or(absent);
        let absent = proc_macro2::Literal::i64_unsuffixed(absent);
        quote! { input.#name.map_or(#absent, i128::from) }
    } else {
        quote! { i128::from(input.#name) }
    };
    Some((value, rust_ty))
}

/// `|x| Input { p: Some(x), ..input }`: the closure that puts a new value of parameter `p`
/// into a copy of `input`, named after the parameter so the field needs no label.
fn with_param(p: &Param, item: &OpItems<'_>) -> TokenStream {
    let input = &item.input;
    let name = ident(&p.name);
    let var = if p.name == "input" {
        format_ident!("value")
    } else {
        name.clone()
    };
    let value = if is_optional(p) {
        quote! { Some(#var) }
    } else {
        quote! { #var }
    };
    let field = if var == name && !is_optional(p) {
        quote! { #name }
    } else {
        quote! { #name: #value }
    };
    // The rest of the input, unless the parameter is all of it.
    let rest = (item.op.params.len() > 1 || item.body.is_some()).then(|| quote! { ..input });
    quote! { |#var| #input { #field, #rest } }
}

/// The page size a request asks for, as `Option<i128>`: the parameter's value, else its
/// `default`, else unknown.
fn page_size(p: Option<&Param>) -> TokenStream {
    let Some(p) = p else {
        return quote! { None };
    };
    let name = ident(&p.name);
    if !is_optional(p) {
        return quote! { Some(i128::from(input.#name)) };
    }
    match p.ty.constraints.default.as_ref().and_then(Value::as_i64) {
        Some(default) => {
            let default = proc_macro2::Literal::i64_unsuffixed(default);
            quote! { Some(input.#name.map_or(#default, i128::from)) }
        }
        None => quote! { input.#name.map(i128::from) },
    }
}

/// The named model types a `*_stream` method yields, for the `use` line.
fn stream_item_type(api: &Api, item: &OpItems<'_>) -> Option<String> {
    let p = item.op.pagination.as_ref()?;
    let body = &item.op.responses[p.response].body.as_ref()?.ty;
    let items = match p.items_field {
        Some(index) => &page_struct(api, body)?.fields[index].ty,
        None => body,
    };
    // The named type inside the items (`Vec<Item>`, also `Vec<Vec<Item>>` or maps of it).
    fn named(ty: &Ty) -> Option<oasforge_ir::TypeId> {
        match &ty.kind {
            TyKind::Named(id) => Some(*id),
            TyKind::Array(inner) | TyKind::Map(inner) => named(inner),
            _ => None,
        }
    }
    match &items.kind {
        TyKind::Array(inner) => named(inner).map(|id| api.type_def(id).name.clone()),
        _ => None,
    }
}

fn raw_response_methods(helpers: &Helpers) -> TokenStream {
    let json = helpers.has("raw_json").then(|| {
        quote! {
            /// The body as JSON of the documented type.
            fn json<T: serde::de::DeserializeOwned>(self) -> Result<T, Error> {
                match serde_json::from_slice(&self.body) {
                    Ok(value) => Ok(value),
                    Err(e) => Err(Error::Decode { message: e.to_string(), response: Box::new(self) }),
                }
            }
        }
    });
    let text = helpers.has("raw_text").then(|| {
        quote! {
            /// The body as UTF-8 text.
            fn text(self) -> Result<String, Error> {
                match String::from_utf8(self.body) {
                    Ok(text) => Ok(text),
                    Err(e) => {
                        let message = e.to_string();
                        let response = Box::new(RawResponse { status: self.status, headers: self.headers, body: e.into_bytes() });
                        Err(Error::Decode { message, response })
                    }
                }
            }
        }
    });
    let header = (helpers.has("raw_header") || helpers.has("raw_required_header")).then(|| {
        quote! {
            /// A declared header, parsed; `None` when absent.
            fn header<T: std::str::FromStr>(&self, name: &str) -> Result<Option<T>, Error> {
                let Some(value) = self.headers.get(name) else {
                    return Ok(None);
                };
                match value.to_str().ok().and_then(|text| text.parse().ok()) {
                    Some(parsed) => Ok(Some(parsed)),
                    None => Err(Error::Decode { message: format!("header `{name}` does not parse"), response: Box::new(self.clone()) }),
                }
            }
        }
    });
    let required = helpers.has("raw_required_header").then(|| {
        quote! {
            /// A declared required header, parsed.
            fn required_header<T: std::str::FromStr>(&self, name: &str) -> Result<T, Error> {
                match self.header(name)? {
                    Some(value) => Ok(value),
                    None => Err(Error::Decode { message: format!("required header `{name}` is missing"), response: Box::new(self.clone()) }),
                }
            }
        }
    });
    if json.is_none() && text.is_none() && header.is_none() {
        return TokenStream::new();
    }
    quote! {
        impl RawResponse {
            #json
            #text
            #header
            #required
        }
    }
}

fn helper_items(h: &Helpers) -> TokenStream {
    let mut out = Vec::new();
    let variant = |name: &str, tokens: TokenStream| h.has(name).then_some(tokens);
    let empty = variant(
        "payload_empty",
        quote! { /// No body.
        Empty, },
    );
    let json = variant(
        "payload_json",
        quote! { /// JSON bytes.
        Json(Vec<u8>), },
    );
    let form = variant(
        "payload_form",
        quote! { /// `application/x-www-form-urlencoded` text.
        Form(String), },
    );
    let multipart = variant(
        "payload_multipart",
        quote! { /// `multipart/form-data` parts.
        Multipart(reqwest::multipart::Form), },
    );
    let bytes = variant(
        "payload_bytes",
        quote! { /// Raw bytes of a media type.
        Bytes(&'static str, Vec<u8>), },
    );
    let attach = [
        h.has("payload_empty").then(|| quote! { Self::Empty => request, }),
        h.has("payload_json").then(|| quote! { Self::Json(bytes) => request.header("content-type", "application/json").body(bytes), }),
        h.has("payload_form").then(|| quote! { Self::Form(text) => request.header("content-type", "application/x-www-form-urlencoded").body(text), }),
        h.has("payload_multipart").then(|| quote! { Self::Multipart(form) => request.multipart(form), }),
        h.has("payload_bytes").then(|| quote! { Self::Bytes(content_type, bytes) => request.header("content-type", content_type).body(bytes), }),
    ];
    out.push(quote! {
        /// A request body, encoded.
        enum Payload {
            #empty #json #form #multipart #bytes
        }

        impl Payload {
            fn attach(self, request: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
                match self {
                    #(#attach)*
                }
            }
        }
    });
    if h.has("next_offset") {
        out.push(quote! {
            /// The offset after a page of `fetched` items read at `offset`, or `None` when that
            /// page was the last: empty, shorter than the page size `limit`, or reaching `total`.
            fn next_offset(offset: i128, fetched: usize, limit: Option<i128>, total: Option<i128>) -> Option<i128> {
                let fetched = i128::try_from(fetched).ok()?;
                let next = offset.checked_add(fetched)?;
                let last = fetched == 0
                    || limit.is_some_and(|limit| fetched < limit)
                    || total.is_some_and(|total| next >= total);
                (!last).then_some(next)
            }
        });
    }
    if h.has("next_page") {
        out.push(quote! {
            /// The number of the page after page `number` of `fetched` items, or `None` when that
            /// page was the last: empty or shorter than the page size `limit`.
            fn next_page(number: i128, fetched: usize, limit: Option<i128>) -> Option<i128> {
                let fetched = i128::try_from(fetched).ok()?;
                let last = fetched == 0 || limit.is_some_and(|limit| fetched < limit);
                if last {
                    None
                } else {
                    number.checked_add(1)
                }
            }
        });
    }
    if h.has("to_value") {
        out.push(quote! {
            /// A parameter or body as JSON, the common form every style is written from.
            fn to_value<T: serde::Serialize>(value: &T) -> Result<serde_json::Value, Error> {
                serde_json::to_value(value).map_err(|e| Error::Encode(e.to_string()))
            }
        });
    }
    if h.has("encode") || h.has("path_segment") || h.has("query_string") || h.has("form_text") {
        out.push(quote! {
            /// Percent-encodes everything but the unreserved characters of RFC 3986.
            fn encode(text: &str) -> String {
                let mut out = String::with_capacity(text.len());
                for byte in text.bytes() {
                    if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
                        out.push(char::from(byte));
                    } else {
                        out.push_str(&format!("%{byte:02X}"));
                    }
                }
                out
            }
        });
    }
    let scalar_needed = h.has("multipart_text")
        || h.has("simple_text")
        || h.has("path_segment")
        || h.has("query_form")
        || h.has("query_deep_object")
        || h.has("form_text")
        || h.has("multipart_form");
    if scalar_needed {
        out.push(quote! {
            /// A scalar as parameter text: strings as they are, `null` as nothing.
            fn scalar_text(value: &serde_json::Value) -> String {
                match value {
                    serde_json::Value::String(s) => s.clone(),
                    serde_json::Value::Null => String::new(),
                    other => other.to_string(),
                }
            }
        });
    }
    if h.has("simple_text") || h.has("path_segment") {
        out.push(quote! {
            /// The `simple` style: arrays as `a,b`, objects as `k,v,k,v` (or `k=v,k=v` exploded).
            fn simple_text(value: &serde_json::Value, explode: bool) -> String {
                match value {
                    serde_json::Value::Array(items) => items.iter().map(scalar_text).collect::<Vec<_>>().join(","),
                    serde_json::Value::Object(map) => map
                        .iter()
                        .map(|(k, v)| if explode { format!("{k}={}", scalar_text(v)) } else { format!("{k},{}", scalar_text(v)) })
                        .collect::<Vec<_>>()
                        .join(","),
                    other => scalar_text(other),
                }
            }
        });
    }
    if h.has("path_segment") {
        out.push(quote! {
            /// A path parameter: its text with every reserved character percent-encoded, so it
            /// stays one segment. Array items are joined by `separator`.
            fn path_segment(value: &serde_json::Value, separator: &str) -> String {
                match value {
                    serde_json::Value::Array(items) => items.iter().map(|v| encode(&scalar_text(v))).collect::<Vec<_>>().join(separator),
                    other => encode(&simple_text(other, false)),
                }
            }
        });
    }
    if h.has("query_form") {
        out.push(quote! {
            /// The `form` style (and the delimited ones): arrays exploded as `name=a&name=b` or
            /// joined as `name=a<sep>b`; objects exploded as `k=v&k=v` or joined as `name=k,v`.
            fn query_form(query: &mut Vec<(String, String)>, name: &str, explode: bool, separator: &str, value: &serde_json::Value) {
                match value {
                    serde_json::Value::Array(items) if explode => {
                        query.extend(items.iter().map(|v| (name.to_owned(), scalar_text(v))));
                    }
                    serde_json::Value::Array(items) => {
                        let joined = items.iter().map(scalar_text).collect::<Vec<_>>().join(separator);
                        query.push((name.to_owned(), joined));
                    }
                    serde_json::Value::Object(map) if explode => {
                        query.extend(map.iter().map(|(k, v)| (k.clone(), scalar_text(v))));
                    }
                    serde_json::Value::Object(map) => {
                        let joined = map.iter().map(|(k, v)| format!("{k},{}", scalar_text(v))).collect::<Vec<_>>().join(",");
                        query.push((name.to_owned(), joined));
                    }
                    other => query.push((name.to_owned(), scalar_text(other))),
                }
            }
        });
    }
    if h.has("query_deep_object") {
        out.push(quote! {
            /// The `deepObject` style: `name[key]=value` for each property.
            fn query_deep_object(query: &mut Vec<(String, String)>, name: &str, value: &serde_json::Value) {
                if let serde_json::Value::Object(map) = value {
                    query.extend(map.iter().map(|(k, v)| (format!("{name}[{k}]"), scalar_text(v))));
                }
            }
        });
    }
    if h.has("query_string") {
        out.push(quote! {
            /// `?a=1&b=2`, percent-encoded, or nothing when there are no pairs.
            fn query_string(query: &[(String, String)]) -> String {
                let pairs: Vec<String> = query.iter().map(|(k, v)| format!("{}={}", encode(k), encode(v))).collect();
                if pairs.is_empty() { String::new() } else { format!("?{}", pairs.join("&")) }
            }
        });
    }
    if h.has("form_text") {
        out.push(quote! {
            /// An object as `application/x-www-form-urlencoded`; arrays repeat their key.
            fn form_text(value: &serde_json::Value) -> String {
                let mut pairs = Vec::new();
                if let serde_json::Value::Object(map) = value {
                    for (k, v) in map {
                        match v {
                            serde_json::Value::Array(items) => pairs.extend(items.iter().map(|i| format!("{}={}", encode(k), encode(&scalar_text(i))))),
                            serde_json::Value::Null => {}
                            other => pairs.push(format!("{}={}", encode(k), encode(&scalar_text(other)))),
                        }
                    }
                }
                pairs.join("&")
            }
        });
    }
    if h.has("multipart_form") {
        out.push(quote! {
            /// An object as `multipart/form-data`: one text part per property (arrays repeat
            /// their name, objects are sent as JSON).
            fn multipart_form(value: &serde_json::Value) -> reqwest::multipart::Form {
                let mut form = reqwest::multipart::Form::new();
                if let serde_json::Value::Object(map) = value {
                    for (k, v) in map {
                        match v {
                            serde_json::Value::Array(items) => {
                                for item in items {
                                    form = form.text(k.clone(), scalar_text(item));
                                }
                            }
                            serde_json::Value::Null => {}
                            other => form = form.text(k.clone(), scalar_text(other)),
                        }
                    }
                }
                form
            }
        });
    }
    if h.has("multipart_text") {
        out.push(quote! {
            /// Adds a text part per value: arrays repeat the name, objects go as JSON text.
            fn multipart_text(mut form: reqwest::multipart::Form, name: &'static str, value: &serde_json::Value) -> reqwest::multipart::Form {
                match value {
                    serde_json::Value::Array(items) => {
                        for item in items {
                            form = form.text(name, scalar_text(item));
                        }
                        form
                    }
                    serde_json::Value::Null => form,
                    other => form.text(name, scalar_text(other)),
                }
            }
        });
    }
    if h.has("insert_header") {
        out.push(quote! {
            /// Adds a header, refusing values HTTP cannot carry.
            fn insert_header(headers: &mut HeaderMap, name: &str, value: &str) -> Result<(), Error> {
                let name = HeaderName::from_bytes(name.as_bytes()).map_err(|e| Error::Encode(format!("header name `{name}`: {e}")))?;
                let value = HeaderValue::from_str(value).map_err(|e| Error::Encode(format!("header `{name}`: {e}")))?;
                headers.append(name, value);
                Ok(())
            }
        });
    }
    if h.has("base64") {
        out.push(quote! {
            /// Standard base64 with padding, for basic authentication.
            fn base64(text: &str) -> String {
                const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
                let bytes = text.as_bytes();
                let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
                for chunk in bytes.chunks(3) {
                    let b = [chunk[0], chunk.get(1).copied().unwrap_or(0), chunk.get(2).copied().unwrap_or(0)];
                    let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
                    for i in 0..4 {
                        if i <= chunk.len() {
                            out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
                        } else {
                            out.push('=');
                        }
                    }
                }
                out
            }
        });
    }
    quote! { #(#out)* }
}

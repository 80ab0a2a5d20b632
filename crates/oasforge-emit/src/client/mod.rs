//! The async `reqwest` client: a builder, one method per operation, `*_stream` methods for
//! paginated listings, and one error type.

use std::collections::HashSet;

use oasforge_ir::{Api, SecurityKind, SecurityScheme};
use proc_macro2::TokenStream;
use quote::quote;

use crate::ledger::{Dep, Module, Part, Uses};
use crate::operations::{credential_field, operation_imports, used_schemes, OpItems};
use crate::runtime::{self, Helper, Source};
use crate::types::ident;

mod auth;
mod method;
mod paging;
mod read_only;

use auth::authorize_items;
use method::method;
use paging::{stream, stream_item_type};

/// What the generated client uses: runtime helpers (only those are emitted) and optional
/// parts of its own items.
#[derive(Default)]
struct Helpers {
    uses: Uses,
    /// Some `*_stream` meets a documented status that carries no page (`Error::NotAPage`).
    not_a_page: bool,
    /// Per type, whether its `readOnly` properties are cleared before it is sent
    /// (`oasforge_ir::read_only`).
    cleared: Vec<bool>,
}

impl Helpers {
    fn use_(&mut self, helper: Helper) {
        self.uses.use_(helper);
    }
}

/// Whether a runtime helper goes into `impl RawResponse` (placed after `RawResponse`), not at
/// the end of the file.
fn is_raw_response_method(helper: Helper) -> bool {
    helper.part().group() == "RawResponse"
}

/// The base URL the spec's first server gives, when it is absolute.
pub(crate) fn default_base_url(api: &Api) -> Option<String> {
    let url = api.servers.first()?.default_url();
    (url.starts_with("http://") || url.starts_with("https://"))
        .then(|| url.trim_end_matches('/').to_owned())
}

/// The items of `client.rs`.
pub(crate) fn client(api: &Api, items: &[OpItems<'_>]) -> Part<TokenStream> {
    let mut helpers = Helpers {
        cleared: oasforge_ir::read_only::cleared_before_sending(api),
        ..Helpers::default()
    };
    helpers.use_(Helper::Payload);
    helpers.use_(Helper::Documented);
    helpers.use_(Helper::Chain);
    helpers.use_(Helper::Retry);
    helpers.uses.dep(Dep::TokioTime);
    let op_names: HashSet<String> = items.iter().map(|i| i.op.name.clone()).collect();
    let mut methods = Vec::new();
    let mut prepares = Vec::new();
    let mut decodes = Vec::new();
    for item in items {
        let (method, prepare, decode) = method(api, item, &op_names, &mut helpers);
        methods.push(method);
        prepares.push(prepare);
        decodes.push(decode);
    }
    let streams: Vec<TokenStream> = items
        .iter()
        .filter_map(|item| stream(api, item, &op_names, &mut helpers))
        .collect();
    let schemes = used_schemes(api);
    let has_credentials = !schemes.is_empty();
    let (scheme_enum, authorize) = authorize_items(&schemes, &mut helpers);

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
    let per_call_credentials = has_credentials.then(|| {
        let per_scheme = schemes
            .iter()
            .filter_map(|s| per_call_scheme_setter(s, &op_names));
        let with_credentials = (!op_names.contains("with_credentials")).then(|| {
            quote! {
                /// This client with other credentials (replacing all of them), e.g. for one
                /// call; the connections and every other setting are shared.
                pub fn with_credentials(&self, credentials: Credentials) -> Self {
                    let mut client = self.clone();
                    client.credentials = credentials;
                    client
                }
            }
        });
        let getter = (!op_names.contains("credentials")).then(|| {
            quote! {
                /// The credentials the client sends.
                pub fn credentials(&self) -> &Credentials {
                    &self.credentials
                }
            }
        });
        quote! {
            #getter
            #with_credentials
            #(#per_scheme)*
        }
    });
    let with_header = (!op_names.contains("with_header")).then(|| {
        quote! {
            /// This client with one more header on every request (replacing a default header
            /// of that name), e.g. for one call; the connections and every other setting are
            /// shared, so this is cheap.
            pub fn with_header(&self, name: HeaderName, value: HeaderValue) -> Self {
                let mut client = self.clone();
                client.headers.insert(name, value);
                client
            }
        }
    });
    let with_timeout = (!op_names.contains("with_timeout")).then(|| {
        quote! {
            /// This client with a timeout for each request, from sending it to the end of the
            /// response body (over any timeout of the `reqwest` client), e.g. for one call.
            pub fn with_timeout(&self, timeout: std::time::Duration) -> Self {
                let mut client = self.clone();
                client.timeout = Some(timeout);
                client
            }
        }
    });
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

    // Only when some request body is cleared (a multipart form struct has no `readOnly`
    // field, so its operation clears nothing).
    let clearing = helpers.uses.helpers.has(Helper::ClearReadOnly);
    let clears: Vec<TokenStream> = api
        .types
        .iter()
        .zip(&helpers.cleared)
        .filter(|(_, cleared)| clearing && **cleared)
        .filter_map(|(def, _)| read_only::clear_read_only(def, &helpers.cleared))
        .collect();
    let helper_items = runtime::items(Source::Client, &helpers.uses.helpers, |h| {
        !is_raw_response_method(h)
    });
    if !streams.is_empty() {
        helpers.uses.dep(Dep::Futures);
    }
    for item in items.iter().filter_map(|item| stream_item_type(api, item)) {
        helpers.uses.import(Module::Models, &item);
    }
    operation_imports(items, &schemes, &mut helpers.uses);
    if !streams.is_empty() {
        helpers.uses.import(Module::Futures, "Stream");
        helpers.uses.import(Module::Futures, "TryStreamExt");
    }
    for name in ["HeaderMap", "HeaderName", "HeaderValue"] {
        helpers.uses.import(Module::ReqwestHeader, name);
    }
    let raw_methods = runtime::items(
        Source::Client,
        &helpers.uses.helpers,
        is_raw_response_method,
    );

    let missing_credentials = has_credentials.then(|| {
        quote! {
            /// The operation requires credentials the client was not given; nothing was sent.
            MissingCredentials(String),
        }
    });
    let missing_widen = has_credentials.then(|| {
        quote! { Self::MissingCredentials(needed) => Error::MissingCredentials(needed), }
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
    let no_base_widen = default_url
        .is_none()
        .then(|| quote! { Self::NoBaseUrl => Error::NoBaseUrl, });
    let no_base_display = default_url.is_none().then(|| {
        quote! { Self::NoBaseUrl => f.write_str("no base URL: the spec's server is relative, so one must be set"), }
    });

    let page_status = helpers.not_a_page.then(|| {
        quote! {
            /// A listing page came back with a documented status that carries no page.
            NotAPage(u16),
        }
    });
    let page_status_widen = helpers
        .not_a_page
        .then(|| quote! { Self::NotAPage(status) => Error::NotAPage(status), });
    let page_status_display = helpers.not_a_page.then(|| {
        quote! { Self::NotAPage(status) => write!(f, "status {status} carries no page of the listing"), }
    });
    let title = format!(" A client for {} {}.", api.title, api.version);
    let items = quote! {
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
            timeout: Option<std::time::Duration>,
            middleware: MiddlewareChain,
        }

        /// Settings for a [`Client`].
        #[derive(Debug, Clone)]
        pub struct ClientBuilder {
            http: Option<reqwest::Client>,
            base_url: Option<String>,
            headers: HeaderMap,
            #credential_field_decl
            validate: bool,
            middleware: MiddlewareChain,
        }

        impl Default for ClientBuilder {
            fn default() -> Self {
                Self {
                    http: None,
                    base_url: None,
                    headers: HeaderMap::new(),
                    #credential_default
                    validate: true,
                    middleware: MiddlewareChain::default(),
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

            /// Adds a middleware around every request (after those added before), e.g.
            /// [`RetryPolicy`] or one that traces.
            pub fn middleware(mut self, middleware: impl Middleware) -> Self {
                self.middleware.0.push(std::sync::Arc::new(middleware));
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
                    timeout: None,
                    middleware: self.middleware,
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

        /// Why an operation did not return the response it was asked for.
        ///
        /// `R` is the operation's response enum: a documented error status comes back as
        /// [`Error::Status`] with the decoded body, its status and headers.
        #[derive(Debug)]
        pub enum Error<R = std::convert::Infallible> {
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
            /// The server answered with a documented error status (`4xx`, `5xx`); the
            /// response, decoded, with its status and headers.
            Status(Box<Documented<R>>),
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

        impl Error {
            /// The same failure as the error of an operation answering `R`.
            fn widen<R>(self) -> Error<R> {
                match self {
                    Self::Invalid(violations) => Error::Invalid(violations),
                    #missing_widen
                    Self::Encode(message) => Error::Encode(message),
                    #no_base_widen
                    Self::Transport { status, source } => Error::Transport { status, source },
                    #page_status_widen
                    Self::Status(documented) => match documented.value {},
                    Self::UnexpectedStatus(response) => Error::UnexpectedStatus(response),
                    Self::Decode { response, message } => Error::Decode { response, message },
                }
            }
        }

        impl<R> Error<R> {
            /// The status the server answered with, when it answered.
            pub fn status(&self) -> Option<u16> {
                match self {
                    Self::Transport { status, .. } => *status,
                    Self::Status(documented) => Some(documented.status),
                    Self::UnexpectedStatus(response) | Self::Decode { response, .. } => Some(response.status),
                    _ => None,
                }
            }

            /// The decoded response of a documented error status.
            pub fn response(&self) -> Option<&R> {
                match self {
                    Self::Status(documented) => Some(&documented.value),
                    _ => None,
                }
            }
        }

        impl<R> std::fmt::Display for Error<R> {
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
                    Self::Status(documented) => write!(f, "error status {}", documented.status),
                    Self::UnexpectedStatus(response) => write!(f, "undocumented status {}", response.status),
                    Self::Decode { response, message } => write!(f, "status {} response does not decode: {message}", response.status),
                }
            }
        }

        impl<R: std::fmt::Debug> std::error::Error for Error<R> {
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

            #with_header
            #with_timeout
            #per_call_credentials

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
                let request = match self.timeout {
                    Some(timeout) => request.timeout(timeout),
                    None => request,
                };
                let request = body.attach(request).build().map_err(|source| Error::Transport { status: None, source })?;
                let response = self.middleware.send(&self.http, request).await.map_err(|source| Error::Transport { status: None, source })?;
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

        #(#clears)*

        #helper_items
    };
    Part {
        items,
        uses: helpers.uses,
    }
}

/// `with_x`: this client with the credential of one scheme replaced, unless an operation has
/// that name.
fn per_call_scheme_setter(s: &SecurityScheme, op_names: &HashSet<String>) -> Option<TokenStream> {
    let (field, _) = credential_field(s);
    let name = oasforge_ir::names::compose("with", &field.to_string());
    if op_names.contains(&name) {
        return None;
    }
    let method = ident(&name);
    let doc = format!(
        " This client with another `{}` credential, e.g. a one-time value for one call.",
        s.key
    );
    Some(match s.kind {
        SecurityKind::Basic => quote! {
            #[doc = #doc]
            ///
            /// The connections and every other setting are shared, so this is cheap.
            pub fn #method(&self, username: impl Into<String>, password: impl Into<String>) -> Self {
                let mut client = self.clone();
                client.credentials.#field = Some(BasicCredentials { username: username.into(), password: password.into() });
                client
            }
        },
        _ => quote! {
            #[doc = #doc]
            ///
            /// The connections and every other setting are shared, so this is cheap.
            pub fn #method(&self, value: impl Into<String>) -> Self {
                let mut client = self.clone();
                client.credentials.#field = Some(value.into());
                client
            }
        },
    })
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

#[cfg(test)]
mod unit_tests {
    use super::*;
    use crate::operations::op_items;
    use crate::testing::{api, text, PETS};

    #[test]
    fn the_client_imports_what_its_items_use() {
        let api = api(PETS);
        let items = op_items(&api);
        let part = client(&api, &items);
        let uses = part.uses.use_items();
        let (input, response) = (&items[0].input, &items[0].response);
        assert_eq!(
            uses.to_string(),
            quote! {
                use super::operations::{#input, #response, Violation};
                use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
            }
            .to_string()
        );
        // No listing is paged here: no streams, no `futures`.
        assert!(!part.uses.needs(Dep::Futures));
        let body = &part.items;
        let text = text(quote! { #uses #body });
        assert!(text.contains("pub async fn get_pet("), "{text}");
        assert!(!text.contains("Stream"), "{text}");
    }

    #[test]
    fn basic_credentials_come_with_a_basic_scheme() {
        let api = api(r#"
openapi: 3.0.3
info: {title: A, version: 1.0.0}
components: {securitySchemes: {basic: {type: http, scheme: basic}}}
security: [{basic: []}]
paths:
  /me:
    get:
      operationId: me
      responses: {'204': {description: Nothing.}}
"#);
        let items = op_items(&api);
        let part = client(&api, &items);
        let uses = part.uses.use_items().to_string();
        assert!(
            uses.contains("Credentials , BasicCredentials , Violation"),
            "{uses}"
        );
        let text = text(part.items);
        assert!(text.contains("fn authorize"), "{text}");
    }
}

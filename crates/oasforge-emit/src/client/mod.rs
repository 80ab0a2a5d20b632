//! The async `reqwest` client: a builder, one method per operation, `*_stream` methods for
//! paginated listings, and one error type.

use std::collections::HashSet;

use oasforge_ir::{Api, SecurityKind, SecurityScheme};
use proc_macro2::TokenStream;
use quote::quote;

use crate::format::{Block, Pieces};
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
use paging::stream;

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

    /// A fixed method of `impl Client` or `impl ClientBuilder` (`runtime/client_methods.rs`,
    /// `runtime/client_live.rs`), recorded as used.
    fn method(&mut self, helper: Helper) -> TokenStream {
        self.use_(helper);
        runtime::method(helper)
    }
}

/// Whether a runtime helper is `RawResponse` or one of its methods (placed before the error
/// enum), not at the end of the file.
fn is_raw_response_method(helper: Helper) -> bool {
    helper.part().group() == "RawResponse"
}

/// Whether a runtime helper is the `Error` enum or one of its variants (placed before
/// `impl Client`).
fn is_error(helper: Helper) -> bool {
    helper.part().group() == "Error"
}

/// The base URL the spec's first server gives, when it is absolute.
pub(crate) fn default_base_url(api: &Api) -> Option<String> {
    let url = api.servers.first()?.default_url();
    (url.starts_with("http://") || url.starts_with("https://"))
        .then(|| url.trim_end_matches('/').to_owned())
}

/// The items of `client.rs`.
pub(crate) fn client(api: &Api, items: &[OpItems<'_>]) -> Part<Pieces> {
    let mut helpers = Helpers {
        cleared: oasforge_ir::read_only::cleared_before_sending(api),
        ..Helpers::default()
    };
    helpers.use_(Helper::RawResponse);
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
    let live = live_items(items, &op_names, &mut helpers);
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
        let getter =
            (!op_names.contains("credentials")).then(|| helpers.method(Helper::CredentialsGetter));
        let with_credentials = (!op_names.contains("with_credentials"))
            .then(|| helpers.method(Helper::WithCredentials));
        quote! {
            #getter
            #with_credentials
            #(#per_scheme)*
        }
    });
    let builder = helpers.method(Helper::Builder);
    let base_url = helpers.method(Helper::BaseUrl);
    let with_header =
        (!op_names.contains("with_header")).then(|| helpers.method(Helper::WithHeader));
    let with_timeout =
        (!op_names.contains("with_timeout")).then(|| helpers.method(Helper::WithTimeout));
    let credential_setters = has_credentials.then(|| {
        let all = helpers.method(Helper::BuilderCredentials);
        let per_scheme = schemes.iter().map(|s| scheme_setter(s));
        quote! {
            #all

            #(#per_scheme)*
        }
    });
    let http_client = helpers.method(Helper::BuilderHttpClient);
    let default_header = helpers.method(Helper::BuilderDefaultHeader);
    let add_middleware = helpers.method(Helper::BuilderMiddleware);
    let validate_requests = helpers.method(Helper::BuilderValidateRequests);

    // The error enum, with the variants this client can return.
    helpers.use_(Helper::ClientError);
    if has_credentials {
        helpers.use_(Helper::ErrorMissingCredentials);
    }
    if default_url.is_none() {
        helpers.use_(Helper::ErrorNoBaseUrl);
    }
    if helpers.not_a_page {
        helpers.use_(Helper::ErrorNotAPage);
    }

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
        !is_raw_response_method(h) && !is_error(h)
    });
    if !streams.is_empty() {
        helpers.uses.dep(Dep::Futures);
    }
    operation_imports(items, &schemes, "ValidationErrors", &mut helpers.uses);
    if crate::streams::any_stream(items) {
        helpers.uses.import(Module::Operations, "stream");
    }
    if !streams.is_empty() {
        helpers.uses.import(Module::Futures, "Stream");
        helpers.uses.import(Module::Futures, "TryStreamExt");
    }
    for name in ["HeaderMap", "HeaderName", "HeaderValue"] {
        helpers.uses.import(Module::ReqwestHeader, name);
    }
    let raw_response = runtime::items(
        Source::Client,
        &helpers.uses.helpers,
        is_raw_response_method,
    );
    let client_error = runtime::items(Source::Client, &helpers.uses.helpers, is_error);
    helpers.use_(Helper::Request);
    let request = runtime::items(Source::ClientMethods, &helpers.uses.helpers, |h| {
        h == Helper::Request
    });

    let title = format!(" A client for {} {}.", api.title, api.version);
    let Live {
        reconnect_field,
        reconnect_build,
        with_reconnect,
        send,
    } = live;
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
            #reconnect_field
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

            #http_client
            #default_header
            #add_middleware
            #validate_requests
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
                    #reconnect_build
                })
            }
        }

        #raw_response

        #client_error
    };
    let mut pieces = Pieces::default();
    pieces.items(items);
    let fixed = [
        quote! { #builder },
        quote! { #base_url },
        quote! { #with_header },
        quote! { #with_timeout },
        quote! { #with_reconnect },
        quote! { #per_call_credentials },
    ];
    pieces.block(
        quote! { impl Client },
        Block::Impl,
        fixed
            .into_iter()
            .chain(methods)
            .chain(streams)
            .chain([quote! { #authorize }, send])
            .filter(|tokens| !tokens.is_empty()),
    );
    let use_super = || std::iter::once(quote! { use super::*; });
    pieces.items(quote! { #request });
    pieces.block(
        quote! {
            /// Each operation's request, checked and encoded.
            mod prepare
        },
        Block::Mod,
        use_super().chain(prepares),
    );
    pieces.block(
        quote! {
            /// Each operation's response, read into its enum.
            mod decode
        },
        Block::Mod,
        use_super().chain(decodes),
    );
    pieces.items(quote! {
        #scheme_enum

        #(#clears)*

        #helper_items
    });
    Part {
        items: pieces,
        uses: helpers.uses,
    }
}

/// What the client's streaming operations add: a `reconnect` setting (with SSE), and the
/// `send` that reads a whole response split into `open` (the head) and `collect` (the body).
struct Live {
    reconnect_field: Option<TokenStream>,
    reconnect_build: Option<TokenStream>,
    with_reconnect: Option<TokenStream>,
    send: TokenStream,
}

fn live_items(items: &[OpItems<'_>], op_names: &HashSet<String>, helpers: &mut Helpers) -> Live {
    if !crate::streams::any_stream(items) {
        return Live {
            reconnect_field: None,
            reconnect_build: None,
            with_reconnect: None,
            send: helpers.method(Helper::SendWhole),
        };
    }
    let sse = items.iter().any(|item| {
        matches!(
            method::live_variant(item),
            Some((_, _, crate::operations::Codec::Sse { .. }))
        )
    });
    // Operations that stream read their other statuses with `collect`.
    let send = items
        .iter()
        .any(|item| method::live_variant(item).is_none())
        .then(|| helpers.method(Helper::SendOpened));
    let open = helpers.method(Helper::Open);
    let collect = helpers.method(Helper::Collect);
    let reopen = sse.then(|| helpers.method(Helper::Reopen));
    if sse {
        helpers.uses.dep(Dep::TokioTime);
    }
    let with_reconnect = (sse && !op_names.contains("with_reconnect"))
        .then(|| helpers.method(Helper::WithReconnect));
    Live {
        reconnect_field: sse.then(|| quote! { reconnect: u32, }),
        reconnect_build: sse.then(|| quote! { reconnect: 0, }),
        with_reconnect,
        send: quote! {
            #send
            #open
            #collect
            #reopen
        },
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
                use super::operations::{#input, #response, ValidationErrors};
                use reqwest::header::{ACCEPT, HeaderMap, HeaderName, HeaderValue};
            }
            .to_string()
        );
        // No listing is paged here: no streams, no `futures`.
        assert!(!part.uses.needs(Dep::Futures));
        let body = part.items.into_tokens();
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
            uses.contains("Credentials , BasicCredentials , ValidationErrors"),
            "{uses}"
        );
        let text = text(part.items.into_tokens());
        assert!(text.contains("fn authorize"), "{text}");
    }
}

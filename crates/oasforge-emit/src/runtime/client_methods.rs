//! The fixed methods of a generated client's `impl Client` and `impl ClientBuilder`, and the
//! `Request` an operation prepares, as Rust source.
//!
//! The client's struct, its builder and its credentials are generated (their fields depend
//! on the spec); the stand-ins below take their place here and are never emitted. Each method
//! is a [`Helper`](super::Helper) that `client/mod.rs` splices into the generated `impl` at
//! its place (`runtime::method`); a `with_*` method is left out when an operation has its
//! name, the builder's `credentials` when the API has no credentials. Compiled only in this
//! crate's tests.

use super::*;
use stand_in::{Client, ClientBuilder, Credentials};

/// What a generated `client.rs` defines itself, with every field these methods use.
mod stand_in {
    use super::{HeaderMap, MiddlewareChain};

    /// The generated credentials.
    #[derive(Debug, Clone, Default, PartialEq)]
    pub struct Credentials(pub Option<String>);

    /// The generated builder, with the fields every builder has (and `credentials`).
    #[derive(Debug, Default)]
    pub struct ClientBuilder {
        pub(super) http: Option<reqwest::Client>,
        pub(super) headers: HeaderMap,
        pub(super) credentials: Credentials,
        pub(super) validate: bool,
        pub(super) middleware: MiddlewareChain,
    }

    /// The generated client, with the fields every client has.
    #[derive(Debug, Clone)]
    pub struct Client {
        pub(super) http: reqwest::Client,
        pub(super) base_url: String,
        pub(super) headers: HeaderMap,
        pub(super) credentials: Credentials,
        pub(super) validate: bool,
        pub(super) timeout: Option<std::time::Duration>,
        pub(super) middleware: MiddlewareChain,
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

    /// This client with one more header on every request (replacing a default header
    /// of that name), e.g. for one call; the connections and every other setting are
    /// shared, so this is cheap.
    pub fn with_header(&self, name: HeaderName, value: HeaderValue) -> Self {
        let mut client = self.clone();
        client.headers.insert(name, value);
        client
    }

    /// This client with a timeout for each request, from sending it to the end of the
    /// response body (over any timeout of the `reqwest` client), e.g. for one call.
    pub fn with_timeout(&self, timeout: std::time::Duration) -> Self {
        let mut client = self.clone();
        client.timeout = Some(timeout);
        client
    }

    /// The credentials the client sends.
    pub fn credentials(&self) -> &Credentials {
        &self.credentials
    }

    /// This client with other credentials (replacing all of them), e.g. for one
    /// call; the connections and every other setting are shared.
    pub fn with_credentials(&self, credentials: Credentials) -> Self {
        let mut client = self.clone();
        client.credentials = credentials;
        client
    }

    /// Sends a prepared request and collects the whole response.
    async fn send(&self, request: Request) -> Result<RawResponse, Error> {
        let Request {
            method,
            url,
            headers,
            body,
        } = request;
        let request = self
            .http
            .request(method, format!("{}{}", self.base_url, url))
            .headers(self.headers.clone())
            .headers(headers);
        let request = match self.timeout {
            Some(timeout) => request.timeout(timeout),
            None => request,
        };
        let request = body
            .attach(request)
            .build()
            .map_err(|source| Error::Transport {
                status: None,
                source,
            })?;
        let response = self
            .middleware
            .send(&self.http, request)
            .await
            .map_err(|source| Error::Transport {
                status: None,
                source,
            })?;
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let body = response.bytes().await.map_err(|source| Error::Transport {
            status: Some(status),
            source,
        })?;
        Ok(RawResponse {
            status,
            headers,
            body: body.to_vec(),
        })
    }
}

impl ClientBuilder {
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

    /// Sets every credential at once.
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = credentials;
        self
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

// The methods of a client with streaming operations, a runtime source of their own; a child
// module, to share the client's private items.
#[cfg(test)]
#[path = "client_live.rs"]
mod live;

#[cfg(test)]
mod tests {
    use super::*;

    /// A middleware that answers every request itself, echoing what it was sent: the
    /// method, URL, headers and body, so a test sees what the client put on the wire.
    pub(super) struct Echo;

    impl Middleware for Echo {
        fn handle<'a>(
            &'a self,
            request: reqwest::Request,
            _next: MiddlewareNext<'a>,
        ) -> MiddlewareFuture<'a> {
            let mut echo = format!("{} {}\n", request.method(), request.url());
            let mut names: Vec<_> = request.headers().iter().collect();
            names.sort_by_key(|(name, _)| name.as_str());
            for (name, value) in names {
                echo.push_str(&format!(
                    "{name}: {}\n",
                    value.to_str().unwrap_or("(not text)")
                ));
            }
            if let Some(body) = request.body().and_then(reqwest::Body::as_bytes) {
                echo.push_str(&String::from_utf8_lossy(body));
            }
            let status = match request.url().path() {
                "/v1/missing" => 404,
                "/v1/gone" => 204,
                _ => 200,
            };
            let response = axum::http::Response::builder()
                .status(status)
                .header("x-echo", "yes")
                .body(echo)
                .map_err(|e| e.to_string());
            Box::pin(async move {
                let response = response.expect("a valid response");
                Ok(reqwest::Response::from(response))
            })
        }
    }

    /// A client answering through [`Echo`], never the network.
    pub(super) fn echo_client() -> Client {
        let mut middleware = MiddlewareChain::default();
        middleware.0.push(std::sync::Arc::new(Echo));
        Client {
            http: reqwest::Client::new(),
            base_url: "http://api.test/v1".to_owned(),
            headers: HeaderMap::new(),
            credentials: Credentials::default(),
            validate: true,
            timeout: None,
            middleware,
        }
    }

    fn get(url: &str) -> Request {
        Request {
            method: reqwest::Method::GET,
            url: url.to_owned(),
            headers: HeaderMap::new(),
            body: Payload::Empty,
        }
    }

    #[tokio::test]
    async fn send_joins_the_base_url_headers_and_body_and_collects_the_response() {
        let client = echo_client().with_header(
            HeaderName::from_static("x-tenant"),
            HeaderValue::from_static("t1"),
        );
        let mut headers = HeaderMap::new();
        headers.insert("x-op", HeaderValue::from_static("o"));
        let request = Request {
            method: reqwest::Method::POST,
            url: "/pets?limit=2".to_owned(),
            headers,
            body: Payload::Json(b"{\"a\":1}".to_vec()),
        };
        let response = client.send(request).await.expect("answered");
        assert_eq!(response.status, 200);
        assert_eq!(response.headers["x-echo"], "yes");
        assert_eq!(
            String::from_utf8(response.body).expect("text"),
            "POST http://api.test/v1/pets?limit=2\n\
             content-type: application/json\nx-op: o\nx-tenant: t1\n{\"a\":1}"
        );
        let missing = client.send(get("/missing")).await.expect("answered");
        assert_eq!(missing.status, 404);
    }

    #[tokio::test]
    async fn a_request_that_cannot_be_built_is_a_transport_error() {
        let mut client = echo_client();
        client.base_url = "not a url".to_owned();
        match client.send(get("/pets")).await {
            Err(Error::Transport { status: None, .. }) => {}
            other => panic!("expected a transport error, got {other:?}"),
        }
    }

    #[test]
    fn with_methods_change_a_copy_only() {
        let client = echo_client();
        let name = HeaderName::from_static("x-a");
        let with = client.with_header(name.clone(), HeaderValue::from_static("1"));
        assert_eq!(with.headers[&name], "1");
        assert!(client.headers.get(&name).is_none());
        // A second value for the name replaces the first.
        let again = with.with_header(name.clone(), HeaderValue::from_static("2"));
        assert_eq!(again.headers.get_all(&name).iter().count(), 1);
        assert_eq!(again.headers[&name], "2");

        let second = std::time::Duration::from_secs(1);
        assert_eq!(client.with_timeout(second).timeout, Some(second));
        assert_eq!(client.timeout, None);

        let credentials = Credentials(Some("key".to_owned()));
        let with = client.with_credentials(credentials.clone());
        assert_eq!(with.credentials(), &credentials);
        assert_eq!(client.credentials(), &Credentials::default());
        assert_eq!(with.base_url(), "http://api.test/v1");
        assert!(Client::builder().http.is_none());
    }

    #[test]
    fn builder_methods_set_their_setting() {
        let http = reqwest::Client::new();
        let name = HeaderName::from_static("x-a");
        let credentials = Credentials(Some("key".to_owned()));
        let builder = Client::builder()
            .http_client(http)
            .default_header(name.clone(), HeaderValue::from_static("1"))
            .default_header(name.clone(), HeaderValue::from_static("2"))
            .middleware(Echo)
            .middleware(RetryPolicy::new(2))
            .validate_requests(true)
            .credentials(credentials.clone());
        assert!(builder.http.is_some());
        // A second value for a header replaces the first.
        assert_eq!(builder.headers.get_all(&name).iter().count(), 1);
        assert_eq!(builder.headers[&name], "2");
        assert_eq!(builder.middleware.0.len(), 2);
        assert!(builder.validate);
        assert_eq!(builder.credentials, credentials);
        assert!(!Client::builder().validate_requests(false).validate);
    }
}

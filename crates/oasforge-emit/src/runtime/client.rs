//! The fixed items of a generated `client.rs`, as Rust source.
//!
//! This file is compiled only in this crate's tests and read as text at generation time: `crate::runtime` emits the items an API uses, each named by a
//! [`Helper`](super::Helper). `use` lines and the `tests` module are never emitted; ordinary
//! comments are dropped.

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};

use super::validate::ValidationErrors;

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

// Only the methods the operations use are emitted.
impl RawResponse {
    /// The body as JSON of the documented type. A value that does not fit is named by its
    /// JSON pointer in the message (`/data/0/id: "x" violates pattern …`), found by
    /// `serde_path_to_error`.
    fn json<T: serde::de::DeserializeOwned>(self) -> Result<T, Error> {
        let mut deserializer = serde_json::Deserializer::from_slice(&self.body);
        let e = match serde_path_to_error::deserialize(&mut deserializer) {
            Ok(value) => match deserializer.end() {
                Ok(()) => return Ok(value),
                Err(e) => e.to_string(),
            },
            Err(e) => {
                let mut pointer = String::new();
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
                let message = e.into_inner().to_string();
                // A newtype's own check does not know where it sits: its `(root)` is here.
                match (pointer.is_empty(), message.strip_prefix("(root): ")) {
                    (false, Some(rest)) => format!("{pointer}: {rest}"),
                    (false, None) => format!("{pointer}: {message}"),
                    (true, _) => message,
                }
            }
        };
        Err(Error::Decode {
            message: e,
            response: Box::new(self),
        })
    }

    /// The body as UTF-8 text.
    fn text(self) -> Result<String, Error> {
        match String::from_utf8(self.body) {
            Ok(text) => Ok(text),
            Err(e) => {
                let message = e.to_string();
                let response = Box::new(RawResponse {
                    status: self.status,
                    headers: self.headers,
                    body: e.into_bytes(),
                });
                Err(Error::Decode { message, response })
            }
        }
    }

    /// A declared header, parsed; `None` when absent.
    fn header<T: std::str::FromStr>(&self, name: &str) -> Result<Option<T>, Error> {
        let Some(value) = self.headers.get(name) else {
            return Ok(None);
        };
        match value.to_str().ok().and_then(|text| text.parse().ok()) {
            Some(parsed) => Ok(Some(parsed)),
            None => Err(Error::Decode {
                message: format!("header `{name}` does not parse"),
                response: Box::new(self.clone()),
            }),
        }
    }

    /// A declared required header, parsed.
    fn required_header<T: std::str::FromStr>(&self, name: &str) -> Result<T, Error> {
        match self.header(name)? {
            Some(value) => Ok(value),
            None => Err(Error::Decode {
                message: format!("required header `{name}` is missing"),
                response: Box::new(self.clone()),
            }),
        }
    }
}

/// Why an operation did not return the response it was asked for.
///
/// `R` is the operation's response enum: a documented error status comes back as
/// [`Error::Status`] with the decoded body, its status and headers.
#[derive(Debug)]
pub enum Error<R = std::convert::Infallible> {
    /// The input breaks the spec; nothing was sent. Every violation, with its pointer.
    Invalid(ValidationErrors),
    /// The operation requires credentials the client was not given; nothing was sent.
    MissingCredentials(String),
    /// A value could not be put into the request (e.g. a header value with a line
    /// break); nothing was sent.
    Encode(String),
    /// No base URL was set and the spec's server is relative.
    NoBaseUrl,
    /// The request could not be sent or the response not received in full.
    Transport {
        /// The status, when the failure came after it.
        status: Option<u16>,
        /// The cause.
        source: reqwest::Error,
    },
    /// A listing page came back with a documented status that carries no page.
    NotAPage(u16),
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
            Self::Invalid(errors) => Error::Invalid(errors),
            Self::MissingCredentials(needed) => Error::MissingCredentials(needed),
            Self::Encode(message) => Error::Encode(message),
            Self::NoBaseUrl => Error::NoBaseUrl,
            Self::Transport { status, source } => Error::Transport { status, source },
            Self::NotAPage(status) => Error::NotAPage(status),
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
            Self::UnexpectedStatus(response) | Self::Decode { response, .. } => {
                Some(response.status)
            }
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
            Self::Invalid(errors) => write!(f, "invalid request: {errors}"),
            Self::MissingCredentials(needed) => write!(f, "missing credentials: {needed}"),
            Self::Encode(message) => write!(f, "cannot encode the request: {message}"),
            Self::NoBaseUrl => {
                f.write_str("no base URL: the spec's server is relative, so one must be set")
            }
            Self::Transport { source, .. } => write!(f, "transport failure: {source}"),
            Self::NotAPage(status) => write!(f, "status {status} carries no page of the listing"),
            Self::Status(documented) => write!(f, "error status {}", documented.status),
            Self::UnexpectedStatus(response) => {
                write!(f, "undocumented status {}", response.status)
            }
            Self::Decode { response, message } => write!(
                f,
                "status {} response does not decode: {message}",
                response.status
            ),
        }
    }
}

impl<R: std::fmt::Debug> std::error::Error for Error<R> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Invalid(errors) => Some(errors),
            Self::Transport { source, .. } => Some(source),
            _ => None,
        }
    }
}

/// A documented response with the status and headers it arrived with.
///
/// `value` is the operation's per-status enum; an operation's plain method turns a
/// documented error status (`4xx`, `5xx`) into [`Error::Status`] carrying this whole.
#[derive(Debug, Clone)]
pub struct Documented<R> {
    /// The status code.
    pub status: u16,
    /// The headers.
    pub headers: HeaderMap,
    /// The response, decoded as the spec documents it for `status`.
    pub value: R,
}

impl<R> Documented<R> {
    /// The response, dropping the status and headers.
    pub fn into_value(self) -> R {
        self.value
    }

    /// The response when its status is not an error; a documented error status (`4xx`,
    /// `5xx`) as [`Error::Status`].
    pub fn into_result(self) -> Result<R, Error<R>> {
        if self.status >= 400 {
            Err(Error::Status(Box::new(self)))
        } else {
            Ok(self.value)
        }
    }
}

/// A response body's chunks as they arrive, for an operation that streams.
fn body_chunks(response: reqwest::Response) -> super::operations::stream::Chunks {
    Box::pin(futures::stream::unfold(
        Some(response),
        |response| async move {
            let mut response = response?;
            match response.chunk().await {
                Ok(Some(bytes)) => Some((Ok(bytes.to_vec()), Some(response))),
                Ok(None) => None,
                Err(e) => Some((
                    Err(super::operations::stream::EventError::Transport(Box::new(
                        e,
                    ))),
                    None,
                )),
            }
        },
    ))
}

/// The future a [`Middleware`] returns: the response, from the network or its own.
pub type MiddlewareFuture<'a> = std::pin::Pin<
    Box<dyn std::future::Future<Output = Result<reqwest::Response, reqwest::Error>> + Send + 'a>,
>;

/// Code around every request the client sends (retries, tracing, signing, metrics), added
/// with `ClientBuilder::middleware`; the first added runs first.
pub trait Middleware: Send + Sync + 'static {
    /// Handles `request`: passes it on with `next.run(request)` (any number of times, e.g. to
    /// retry a copy from `request.try_clone()`), or answers it itself.
    fn handle<'a>(
        &'a self,
        request: reqwest::Request,
        next: MiddlewareNext<'a>,
    ) -> MiddlewareFuture<'a>;
}

/// What follows a [`Middleware`]: the middleware added after it, then the network.
#[derive(Clone, Copy)]
pub struct MiddlewareNext<'a> {
    http: &'a reqwest::Client,
    rest: &'a [std::sync::Arc<dyn Middleware>],
}

impl<'a> MiddlewareNext<'a> {
    /// Sends `request` through the rest of the chain.
    pub fn run(self, request: reqwest::Request) -> MiddlewareFuture<'a> {
        match self.rest.split_first() {
            Some((first, rest)) => first.handle(
                request,
                MiddlewareNext {
                    http: self.http,
                    rest,
                },
            ),
            None => Box::pin(self.http.execute(request)),
        }
    }
}

/// The middleware of a client, in the order they run.
#[derive(Clone, Default)]
struct MiddlewareChain(Vec<std::sync::Arc<dyn Middleware>>);

impl std::fmt::Debug for MiddlewareChain {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "MiddlewareChain({} middleware)", self.0.len())
    }
}

impl MiddlewareChain {
    /// Sends `request` through every middleware, then the network.
    fn send<'a>(
        &'a self,
        http: &'a reqwest::Client,
        request: reqwest::Request,
    ) -> MiddlewareFuture<'a> {
        MiddlewareNext {
            http,
            rest: &self.0,
        }
        .run(request)
    }
}

/// An opt-in retry policy (a [`Middleware`]): a request that is safe to repeat (`GET`,
/// `HEAD`, `OPTIONS`, `TRACE`, `PUT`, `DELETE`, or any request carrying an `Idempotency-Key`
/// header, or one ending in `-Idempotency-Key`; the client fills a declared key per call,
/// and every attempt resends it) is sent again when the answer is `429` or `503`, or the connection failed or
/// timed out; it waits as `Retry-After` says (in seconds) or else backs off exponentially.
#[derive(Debug, Clone)]
pub struct RetryPolicy {
    attempts: u32,
    base_delay: std::time::Duration,
    max_delay: std::time::Duration,
}

impl RetryPolicy {
    /// At most `attempts` sends of one request (the first included), waiting 100 ms, then
    /// 200 ms, 400 ms… (at most 10 s) between them unless the server says otherwise.
    pub fn new(attempts: u32) -> Self {
        Self {
            attempts: attempts.max(1),
            base_delay: std::time::Duration::from_millis(100),
            max_delay: std::time::Duration::from_secs(10),
        }
    }

    /// The first wait of the exponential back-off.
    pub fn base_delay(mut self, delay: std::time::Duration) -> Self {
        self.base_delay = delay;
        self
    }

    /// The longest wait, `Retry-After` included.
    pub fn max_delay(mut self, delay: std::time::Duration) -> Self {
        self.max_delay = delay;
        self
    }

    /// Whether `request` may be sent more than once.
    fn may_repeat(request: &reqwest::Request) -> bool {
        use reqwest::Method;
        matches!(
            *request.method(),
            Method::GET
                | Method::HEAD
                | Method::OPTIONS
                | Method::TRACE
                | Method::PUT
                | Method::DELETE
        ) || request.headers().keys().any(|name| {
            let name = name.as_str();
            name == "idempotency-key" || name.ends_with("-idempotency-key")
        })
    }

    /// The wait before attempt `attempt + 1`: `Retry-After` in seconds when given, else
    /// exponential; at most `max_delay`.
    fn delay(&self, attempt: u32, retry_after: Option<&HeaderValue>) -> std::time::Duration {
        let told = retry_after
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok())
            .map(std::time::Duration::from_secs);
        let backoff = self
            .base_delay
            .saturating_mul(1u32 << attempt.saturating_sub(1).min(16));
        told.unwrap_or(backoff).min(self.max_delay)
    }
}

impl Middleware for RetryPolicy {
    fn handle<'a>(
        &'a self,
        request: reqwest::Request,
        next: MiddlewareNext<'a>,
    ) -> MiddlewareFuture<'a> {
        Box::pin(async move {
            let mut attempt = 1;
            loop {
                let copy = if attempt < self.attempts && Self::may_repeat(&request) {
                    request.try_clone()
                } else {
                    None
                };
                let Some(copy) = copy else {
                    return next.run(request).await;
                };
                let wait = match next.run(copy).await {
                    Ok(response) if matches!(response.status().as_u16(), 429 | 503) => {
                        self.delay(attempt, response.headers().get("retry-after"))
                    }
                    Err(error) if error.is_connect() || error.is_timeout() => {
                        self.delay(attempt, None)
                    }
                    answer => return answer,
                };
                tokio::time::sleep(wait).await;
                attempt += 1;
            }
        })
    }
}

// The request-encoding items, read after this file as the same runtime source; compiled as a
// child module so that, as in one generated `client.rs`, each sees the other's private items.
#[cfg(test)]
#[path = "client_encode.rs"]
mod encode;

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(body: &[u8], headers: &[(&'static str, &'static str)]) -> RawResponse {
        let mut map = HeaderMap::new();
        for (name, value) in headers {
            map.insert(*name, HeaderValue::from_static(value));
        }
        RawResponse {
            status: 200,
            headers: map,
            body: body.to_vec(),
        }
    }

    /// A stand-in for a generated newtype: its check fails where it stands, at `(root)`.
    #[derive(Debug)]
    struct Checked;

    impl<'de> serde::Deserialize<'de> for Checked {
        fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            let text = String::deserialize(deserializer)?;
            Err(serde::de::Error::custom(format!(
                "(root): {text:?} violates pattern ^as-"
            )))
        }
    }

    #[test]
    fn a_failing_value_in_a_response_is_named_by_its_pointer() {
        let result =
            raw(br#"{"items": [{"id": "x"}]}"#, &[]).json::<std::collections::BTreeMap<
                String,
                Vec<std::collections::BTreeMap<String, Checked>>,
            >>();
        match result {
            Err(Error::Decode { message, .. }) => assert!(
                message.starts_with("/items/0/id: \"x\" violates pattern ^as-"),
                "{message}"
            ),
            other => panic!("{other:?}"),
        }
        match raw(b"[1] x", &[]).json::<Vec<u32>>() {
            Err(Error::Decode { message, .. }) => {
                assert!(message.contains("trailing"), "{message}")
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn retry_waits_as_told_or_backs_off_and_repeats_only_what_is_safe() {
        let retry = RetryPolicy::new(4)
            .base_delay(std::time::Duration::from_millis(10))
            .max_delay(std::time::Duration::from_secs(2));
        let ms = |n| std::time::Duration::from_millis(n);
        assert_eq!(retry.delay(1, None), ms(10));
        assert_eq!(retry.delay(3, None), ms(40));
        assert_eq!(
            retry.delay(1, Some(&HeaderValue::from_static("1"))),
            ms(1000)
        );
        assert_eq!(
            retry.delay(1, Some(&HeaderValue::from_static("60"))),
            ms(2000)
        );
        // An HTTP date is not read: the back-off applies.
        let date = HeaderValue::from_static("Wed, 21 Oct 2015 07:28:00 GMT");
        assert_eq!(retry.delay(2, Some(&date)), ms(20));
        let http = reqwest::Client::new();
        let get = http.get("http://127.0.0.1/x").build().expect("request");
        let post = http.post("http://127.0.0.1/x").build().expect("request");
        let keyed = http
            .post("http://127.0.0.1/x")
            .header("Idempotency-Key", "k-1")
            .build()
            .expect("request");
        assert!(RetryPolicy::may_repeat(&get));
        assert!(!RetryPolicy::may_repeat(&post));
        assert!(RetryPolicy::may_repeat(&keyed));
    }

    #[test]
    fn documented_error_statuses_become_errors_carrying_the_response() {
        let documented = |status| Documented {
            status,
            headers: HeaderMap::new(),
            value: status * 10,
        };
        assert_eq!(documented(200).into_result().expect("2xx"), 2000);
        assert_eq!(documented(399).into_result().expect("3xx"), 3990);
        for status in [400, 404, 503] {
            match documented(status).into_result() {
                Err(Error::Status(d)) => assert_eq!((d.status, d.value), (status, status * 10)),
                other => panic!("expected an error status, got {other:?}"),
            }
        }
        assert_eq!(documented(404).into_value(), 4040);
    }

    #[test]
    fn raw_response_reads_json_text_and_headers() {
        let value: Vec<u32> = raw(b"[1,2]", &[]).json().expect("JSON");
        assert_eq!(value, vec![1, 2]);
        assert!(matches!(
            raw(b"[1,", &[]).json::<Vec<u32>>(),
            Err(Error::Decode { .. })
        ));
        assert_eq!(raw(b"hi", &[]).text().expect("text"), "hi");
        match raw(&[0xff, b'a'], &[]).text() {
            Err(Error::Decode { response, .. }) => assert_eq!(response.body, vec![0xff, b'a']),
            other => panic!("expected a decode error, got {other:?}"),
        }
        let response = raw(b"", &[("x-count", "7"), ("x-bad", "seven")]);
        assert_eq!(response.header::<u32>("x-count").expect("parses"), Some(7));
        assert_eq!(response.header::<u32>("x-absent").expect("absent"), None);
        assert!(response.header::<u32>("x-bad").is_err());
        assert_eq!(
            response.required_header::<u32>("x-count").expect("parses"),
            7
        );
        assert!(response.required_header::<u32>("x-absent").is_err());
    }
}

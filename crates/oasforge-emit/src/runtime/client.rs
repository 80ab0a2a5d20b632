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

/// A request body, encoded.
enum Payload {
    /// No body.
    Empty,
    /// JSON bytes.
    Json(Vec<u8>),
    /// `application/x-www-form-urlencoded` text.
    Form(String),
    /// `multipart/form-data` parts.
    Multipart(reqwest::multipart::Form),
    /// Raw bytes of a media type.
    Bytes(&'static str, Vec<u8>),
}

// Only the variants (and `attach` arms) the operations use are emitted.
impl Payload {
    fn attach(self, request: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
        match self {
            Self::Empty => request,
            Self::Json(bytes) => request
                .header("content-type", "application/json")
                .body(bytes),
            Self::Form(text) => request
                .header("content-type", "application/x-www-form-urlencoded")
                .body(text),
            Self::Multipart(form) => request.multipart(form),
            Self::Bytes(content_type, bytes) => {
                request.header("content-type", content_type).body(bytes)
            }
        }
    }
}

/// The offset after a page of `fetched` items read at `offset`, or `None` when that
/// page was the last: empty, shorter than the page size `limit`, or reaching `total`.
fn next_offset(
    offset: i128,
    fetched: usize,
    limit: Option<i128>,
    total: Option<i128>,
) -> Option<i128> {
    let fetched = i128::try_from(fetched).ok()?;
    let next = offset.checked_add(fetched)?;
    let last = fetched == 0
        || limit.is_some_and(|limit| fetched < limit)
        || total.is_some_and(|total| next >= total);
    (!last).then_some(next)
}

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

/// A parameter or body as JSON, the common form every style is written from.
fn to_value<T: serde::Serialize>(value: &T) -> Result<serde_json::Value, Error> {
    serde_json::to_value(value).map_err(|e| Error::Encode(e.to_string()))
}

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

/// A scalar as parameter text: strings as they are, `null` as nothing.
fn scalar_text(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// The `simple` style: arrays as `a,b`, objects as `k,v,k,v` (or `k=v,k=v` exploded).
fn simple_text(value: &serde_json::Value, explode: bool) -> String {
    match value {
        serde_json::Value::Array(items) => {
            items.iter().map(scalar_text).collect::<Vec<_>>().join(",")
        }
        serde_json::Value::Object(map) => map
            .iter()
            .map(|(k, v)| {
                if explode {
                    format!("{k}={}", scalar_text(v))
                } else {
                    format!("{k},{}", scalar_text(v))
                }
            })
            .collect::<Vec<_>>()
            .join(","),
        other => scalar_text(other),
    }
}

/// A path parameter: its text with every reserved character percent-encoded, so it
/// stays one segment. Array items are joined by `separator`.
fn path_segment(value: &serde_json::Value, separator: &str) -> String {
    match value {
        serde_json::Value::Array(items) => items
            .iter()
            .map(|v| encode(&scalar_text(v)))
            .collect::<Vec<_>>()
            .join(separator),
        other => encode(&simple_text(other, false)),
    }
}

/// The `form` style (and the delimited ones): arrays exploded as `name=a&name=b` or
/// joined as `name=a<sep>b`; objects exploded as `k=v&k=v` or joined as `name=k,v`.
fn query_form(
    query: &mut Vec<(String, String)>,
    name: &str,
    explode: bool,
    separator: &str,
    value: &serde_json::Value,
) {
    match value {
        serde_json::Value::Array(items) if explode => {
            query.extend(items.iter().map(|v| (name.to_owned(), scalar_text(v))));
        }
        serde_json::Value::Array(items) => {
            let joined = items
                .iter()
                .map(scalar_text)
                .collect::<Vec<_>>()
                .join(separator);
            query.push((name.to_owned(), joined));
        }
        serde_json::Value::Object(map) if explode => {
            query.extend(map.iter().map(|(k, v)| (k.clone(), scalar_text(v))));
        }
        serde_json::Value::Object(map) => {
            let joined = map
                .iter()
                .map(|(k, v)| format!("{k},{}", scalar_text(v)))
                .collect::<Vec<_>>()
                .join(",");
            query.push((name.to_owned(), joined));
        }
        other => query.push((name.to_owned(), scalar_text(other))),
    }
}

/// The `deepObject` style: `name[key]=value` for each property, nested objects as
/// `name[key][sub]=value`, arrays of scalars as `name[]=a&name[]=b`, arrays of objects
/// indexed (`name[0][key]=value`), a scalar as `name=value`; `null` is left out. Nothing
/// of the value is dropped.
fn query_deep_object(query: &mut Vec<(String, String)>, name: &str, value: &serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                query_deep_object(query, &format!("{name}[{k}]"), v);
            }
        }
        serde_json::Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                if item.is_object() || item.is_array() {
                    query_deep_object(query, &format!("{name}[{i}]"), item);
                } else {
                    query_deep_object(query, &format!("{name}[]"), item);
                }
            }
        }
        serde_json::Value::Null => {}
        other => query.push((name.to_owned(), scalar_text(other))),
    }
}

/// `?a=1&b=2`, percent-encoded, or nothing when there are no pairs.
fn query_string(query: &[(String, String)]) -> String {
    let pairs: Vec<String> = query
        .iter()
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect();
    if pairs.is_empty() {
        String::new()
    } else {
        format!("?{}", pairs.join("&"))
    }
}

/// An object as `application/x-www-form-urlencoded` (the `form` style, exploded): arrays
/// of scalars repeat their key; nested objects and arrays of objects are written with
/// `deepObject` keys (`address[line1]=…`, `items[0][id]=…`), never as JSON text; `null` is
/// left out.
fn form_text(value: &serde_json::Value) -> String {
    let mut pairs: Vec<(String, String)> = Vec::new();
    if let serde_json::Value::Object(map) = value {
        for (k, v) in map {
            match v {
                serde_json::Value::Array(items)
                    if items.iter().all(|i| !i.is_object() && !i.is_array()) =>
                {
                    pairs.extend(
                        items
                            .iter()
                            .filter(|i| !i.is_null())
                            .map(|i| (k.clone(), scalar_text(i))),
                    );
                }
                other => query_deep_object(&mut pairs, k, other),
            }
        }
    }
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// How one property of a form body is written when its `encoding` is not the default.
#[derive(Clone, Copy)]
enum FormEncoding {
    /// An array of scalars as one value, its items joined by the character.
    Delimited(char),
    /// The value as JSON text.
    Json,
}

/// An object as `application/x-www-form-urlencoded`, the properties listed in `encodings`
/// written their way and the others as [`form_text`] writes them, in the object's order.
fn form_text_encoded(value: &serde_json::Value, encodings: &[(&str, FormEncoding)]) -> String {
    let mut parts: Vec<String> = Vec::new();
    if let serde_json::Value::Object(map) = value {
        for (k, v) in map {
            let text = match (encodings.iter().find(|(name, _)| name == k), v) {
                (_, serde_json::Value::Null) => continue,
                (Some((_, FormEncoding::Json)), v) => Some(v.to_string()),
                (Some((_, FormEncoding::Delimited(d))), serde_json::Value::Array(items)) => Some(
                    items
                        .iter()
                        .map(scalar_text)
                        .collect::<Vec<_>>()
                        .join(&d.to_string()),
                ),
                _ => None,
            };
            let part = match text {
                Some(text) => format!("{}={}", encode(k), encode(&text)),
                None => {
                    let mut one = serde_json::Map::new();
                    one.insert(k.clone(), v.clone());
                    form_text(&serde_json::Value::Object(one))
                }
            };
            if !part.is_empty() {
                parts.push(part);
            }
        }
    }
    parts.join("&")
}

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

/// Adds a text part per value: arrays repeat the name, objects go as JSON text.
fn multipart_text(
    mut form: reqwest::multipart::Form,
    name: &'static str,
    value: &serde_json::Value,
) -> reqwest::multipart::Form {
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

/// Adds the parts of a multipart property whose `encoding` says how: a JSON media type
/// sends the value as one JSON part; otherwise each value (arrays repeat the name) is a
/// text part, of `media` when given. Every part carries `headers`.
fn multipart_encoded(
    mut form: reqwest::multipart::Form,
    name: &'static str,
    value: &serde_json::Value,
    media: Option<(&'static str, bool)>,
    headers: &[(&'static str, &'static str)],
) -> Result<reqwest::multipart::Form, String> {
    let texts: Vec<String> = match (value, media) {
        (serde_json::Value::Null, _) => Vec::new(),
        (value, Some((_, true))) => vec![value.to_string()],
        (serde_json::Value::Array(items), _) => items.iter().map(scalar_text).collect(),
        (other, _) => vec![scalar_text(other)],
    };
    for text in texts {
        let mut part = reqwest::multipart::Part::text(text);
        if let Some((media, _)) = media {
            part = part
                .mime_str(media)
                .map_err(|e| format!("part `{name}`: {e}"))?;
        }
        if !headers.is_empty() {
            part = part.headers(part_headers(name, headers)?);
        }
        form = form.part(name, part);
    }
    Ok(form)
}

/// The fixed headers of a multipart part, as the part's header map.
fn part_headers(
    name: &str,
    headers: &[(&'static str, &'static str)],
) -> Result<reqwest::header::HeaderMap, String> {
    let mut map = reqwest::header::HeaderMap::new();
    for (header, value) in headers {
        let header = reqwest::header::HeaderName::from_bytes(header.as_bytes())
            .map_err(|e| format!("part `{name}`: {e}"))?;
        let value = reqwest::header::HeaderValue::from_str(value)
            .map_err(|e| format!("part `{name}`: {e}"))?;
        map.insert(header, value);
    }
    Ok(map)
}

/// A fresh idempotency key: a random (version 4) UUID. Its bits come from the standard
/// library's randomly seeded hasher over a process-wide counter and the clock, so keys differ
/// between calls and processes without a dependency on a random number crate.
fn idempotency_key() -> String {
    use std::hash::{BuildHasher, Hasher};
    static COUNTER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let count = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let seed = std::collections::hash_map::RandomState::new();
    let half = |part: u8| {
        let mut hasher = seed.build_hasher();
        hasher.write_u8(part);
        hasher.write_u64(count);
        hasher.write_u128(nanos);
        hasher.finish()
    };
    let mut bits = (u128::from(half(0)) << 64) | u128::from(half(1));
    // Version 4 in the 13th hex digit, variant `10` in the top bits of the 17th.
    bits = (bits & !(0xf << 76)) | (0x4 << 76);
    bits = (bits & !(0x3 << 62)) | (0x2 << 62);
    let hex = format!("{bits:032x}");
    format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}

/// Adds a header, refusing values HTTP cannot carry.
fn insert_header(headers: &mut HeaderMap, name: &str, value: &str) -> Result<(), Error> {
    let name = HeaderName::from_bytes(name.as_bytes())
        .map_err(|e| Error::Encode(format!("header name `{name}`: {e}")))?;
    let value =
        HeaderValue::from_str(value).map_err(|e| Error::Encode(format!("header `{name}`: {e}")))?;
    headers.append(name, value);
    Ok(())
}

/// Standard base64 with padding, for basic authentication.
fn base64(text: &str) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
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

/// Clears what only a server sets (`readOnly` properties) in a value about to be sent in
/// a request: the generated client sends a copy cleared this way.
trait ClearReadOnly {
    /// Makes every `readOnly` property of the value, and of what it holds, absent.
    fn clear_read_only(&mut self);
}

impl<T: ClearReadOnly> ClearReadOnly for Option<T> {
    fn clear_read_only(&mut self) {
        if let Some(value) = self {
            value.clear_read_only();
        }
    }
}

impl<T: ClearReadOnly> ClearReadOnly for Box<T> {
    fn clear_read_only(&mut self) {
        T::clear_read_only(self);
    }
}

impl<T: ClearReadOnly> ClearReadOnly for Vec<T> {
    fn clear_read_only(&mut self) {
        self.iter_mut().for_each(T::clear_read_only);
    }
}

impl<T: ClearReadOnly> ClearReadOnly for std::collections::BTreeMap<String, T> {
    fn clear_read_only(&mut self) {
        self.values_mut().for_each(T::clear_read_only);
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

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

    #[test]
    fn next_offset_and_next_page_stop_at_the_last_page() {
        assert_eq!(next_offset(0, 10, Some(10), None), Some(10));
        assert_eq!(next_offset(10, 5, Some(10), None), None);
        assert_eq!(next_offset(0, 0, None, None), None);
        assert_eq!(next_offset(0, 10, None, Some(10)), None);
        assert_eq!(next_offset(0, 10, None, Some(11)), Some(10));
        assert_eq!(next_page(1, 10, Some(10)), Some(2));
        assert_eq!(next_page(1, 9, Some(10)), None);
        assert_eq!(next_page(3, 0, None), None);
        assert_eq!(next_page(i128::MAX, 1, None), None);
    }

    #[test]
    fn encode_keeps_only_unreserved_characters() {
        assert_eq!(encode("a-b.c_d~e"), "a-b.c_d~e");
        assert_eq!(encode("a b/é?&="), "a%20b%2F%C3%A9%3F%26%3D");
    }

    #[test]
    fn parameter_styles() {
        assert_eq!(scalar_text(&json!("x y")), "x y");
        assert_eq!(scalar_text(&json!(null)), "");
        assert_eq!(scalar_text(&json!(1.5)), "1.5");
        assert_eq!(simple_text(&json!(["a", 1]), false), "a,1");
        assert_eq!(simple_text(&json!({"k": "v", "n": 2}), false), "k,v,n,2");
        assert_eq!(simple_text(&json!({"k": "v", "n": 2}), true), "k=v,n=2");
        assert_eq!(path_segment(&json!("a/b"), ","), "a%2Fb");
        assert_eq!(path_segment(&json!(["a b", "c"]), "."), "a%20b.c");

        let mut query = Vec::new();
        query_form(&mut query, "id", true, ",", &json!([1, 2]));
        query_form(&mut query, "tag", false, "|", &json!(["a", "b"]));
        query_form(&mut query, "o", false, ",", &json!({"x": 1}));
        query_form(&mut query, "o", true, ",", &json!({"y": "z"}));
        query_form(&mut query, "s", true, ",", &json!("v"));
        query_deep_object(&mut query, "f", &json!({"a": 1}));
        let pairs: Vec<(&str, &str)> = query
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        assert_eq!(
            pairs,
            [
                ("id", "1"),
                ("id", "2"),
                ("tag", "a|b"),
                ("o", "x,1"),
                ("y", "z"),
                ("s", "v"),
                ("f[a]", "1")
            ]
        );
        assert_eq!(query_string(&query[..2]), "?id=1&id=2");
        assert_eq!(
            query_string(&[("a b".to_owned(), "&".to_owned())]),
            "?a%20b=%26"
        );
        assert_eq!(query_string(&[]), "");
    }

    #[derive(Clone, serde::Serialize)]
    struct Owned {
        id: Option<u32>,
        name: String,
    }

    impl ClearReadOnly for Owned {
        fn clear_read_only(&mut self) {
            self.id = None;
        }
    }

    #[test]
    fn read_only_properties_are_cleared_through_what_holds_them() {
        let item = Owned {
            id: Some(7),
            name: "rex".to_owned(),
        };
        let mut held: Option<Vec<Box<Owned>>> = Some(vec![Box::new(item.clone())]);
        held.clear_read_only();
        assert_eq!(
            serde_json::to_value(&held).unwrap(),
            json!([{ "id": null, "name": "rex" }])
        );
        let mut map = std::collections::BTreeMap::from([("a".to_owned(), item)]);
        map.clear_read_only();
        assert_eq!(map["a"].id, None);
    }

    #[test]
    fn form_bodies_follow_each_property_encoding() {
        let value = json!({
            "ids": [1, 2], "tags": ["a", "b c"], "filter": {"k": "v"},
            "name": "n", "list": [3, 4], "gone": null,
        });
        let encodings = [
            ("ids", FormEncoding::Delimited(',')),
            ("tags", FormEncoding::Delimited('|')),
            ("filter", FormEncoding::Json),
        ];
        assert_eq!(
            form_text_encoded(&value, &encodings),
            "ids=1%2C2&tags=a%7Cb%20c&filter=%7B%22k%22%3A%22v%22%7D&name=n&list=3&list=4"
        );
    }

    #[test]
    fn form_bodies_repeat_array_keys_and_skip_nulls() {
        let value = json!({"a": [1, 2], "b": null, "c": "x y"});
        assert_eq!(form_text(&value), "a=1&a=2&c=x%20y");
        assert_eq!(form_text(&json!([1])), "");
        // Multipart forms are opaque; building them must not fail.
        let _ = multipart_form(&value);
        let _ = multipart_text(reqwest::multipart::Form::new(), "a", &json!([1, "b"]));
    }

    #[test]
    fn encoded_multipart_parts_check_their_media_type_and_headers() {
        let form = reqwest::multipart::Form::new();
        let json = multipart_encoded(
            form,
            "meta",
            &json!({"a": 1}),
            Some(("application/json", true)),
            &[("X-Kind", "bulk")],
        );
        assert!(json.is_ok());
        let text = multipart_encoded(
            reqwest::multipart::Form::new(),
            "n",
            &json!([1, 2]),
            Some(("text/plain", false)),
            &[],
        );
        assert!(text.is_ok());
        let bad_media = multipart_encoded(
            reqwest::multipart::Form::new(),
            "n",
            &json!(1),
            Some(("not a type", false)),
            &[],
        );
        assert!(bad_media.is_err_and(|e| e.contains("part `n`")));
        let headers = part_headers("p", &[("X-Kind", "bulk"), ("X-N", "2")]).expect("valid");
        assert_eq!(headers["x-kind"], "bulk");
        assert_eq!(headers.len(), 2);
        assert!(part_headers("p", &[("bad header", "x")]).is_err());
    }

    #[test]
    fn idempotency_keys_are_fresh_version_4_uuids() {
        let keys: Vec<String> = (0..100).map(|_| idempotency_key()).collect();
        for key in &keys {
            let groups: Vec<&str> = key.split('-').collect();
            let lengths: Vec<usize> = groups.iter().map(|g| g.len()).collect();
            assert_eq!(lengths, [8, 4, 4, 4, 12], "{key}");
            assert!(
                key.chars().all(|c| c == '-' || c.is_ascii_hexdigit()),
                "{key}"
            );
            assert!(groups[2].starts_with('4'), "{key}");
            assert!(matches!(&groups[3][..1], "8" | "9" | "a" | "b"), "{key}");
        }
        let mut unique = keys.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), keys.len());
        let http = reqwest::Client::new();
        let prefixed = http
            .post("http://127.0.0.1/x")
            .header("X-Idempotency-Key", "k-1")
            .build()
            .expect("request");
        assert!(RetryPolicy::may_repeat(&prefixed));
    }

    #[test]
    fn insert_header_refuses_what_http_cannot_carry() {
        let mut headers = HeaderMap::new();
        insert_header(&mut headers, "x-a", "1").expect("valid");
        insert_header(&mut headers, "x-a", "2").expect("valid");
        assert_eq!(headers.get_all("x-a").iter().count(), 2);
        assert!(matches!(
            insert_header(&mut headers, "x-b", "a\nb"),
            Err(Error::Encode(_))
        ));
        assert!(matches!(
            insert_header(&mut headers, "bad name", "v"),
            Err(Error::Encode(_))
        ));
        let _ = HeaderName::from_static("x-a");
    }

    #[test]
    fn base64_pads_like_the_standard_alphabet() {
        assert_eq!(base64(""), "");
        assert_eq!(base64("f"), "Zg==");
        assert_eq!(base64("fo"), "Zm8=");
        assert_eq!(base64("foo"), "Zm9v");
        assert_eq!(
            base64("Aladdin:open sesame"),
            "QWxhZGRpbjpvcGVuIHNlc2FtZQ=="
        );
    }

    #[test]
    fn payload_sets_the_content_type() {
        let client = reqwest::Client::new();
        let attach = |payload: Payload| {
            payload
                .attach(client.post("http://127.0.0.1/"))
                .build()
                .expect("request")
        };
        let request = attach(Payload::Json(b"{}".to_vec()));
        assert_eq!(request.headers()["content-type"], "application/json");
        let request = attach(Payload::Form("a=1".to_owned()));
        assert_eq!(
            request.headers()["content-type"],
            "application/x-www-form-urlencoded"
        );
        let request = attach(Payload::Bytes("image/png", vec![1]));
        assert_eq!(request.headers()["content-type"], "image/png");
        assert!(attach(Payload::Empty)
            .headers()
            .get("content-type")
            .is_none());
        let request = attach(Payload::Multipart(reqwest::multipart::Form::new()));
        assert!(request.headers()["content-type"]
            .to_str()
            .expect("text")
            .starts_with("multipart/form-data"));
        let value = to_value(&vec![1, 2]).expect("serializes");
        assert_eq!(value, json!([1, 2]));
    }
}

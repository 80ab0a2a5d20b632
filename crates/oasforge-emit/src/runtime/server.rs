//! The fixed items of a generated `server.rs`, as Rust source.
//!
//! This file is compiled only in this crate's tests and read as text at generation time: `crate::runtime` emits the items an API uses, each named by a
//! [`Helper`](super::Helper). `use` lines and the `tests` module are never emitted; ordinary
//! comments are dropped.

use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};

use super::operations::{BasicCredentials, FilePart};
use super::validate::Violation;

/// Why a handler did not produce a documented response.
#[derive(Debug)]
pub enum HandlerError {
    /// The input decodes but is wrong (e.g. it names something that cannot be used):
    /// `400` listing the violations (see [`Refusal`]).
    Invalid(Vec<Violation>),
    /// The credentials arrived but are not valid: `401`.
    Unauthorized,
    /// The credentials are valid but do not allow this: `403`.
    Forbidden,
    /// What the request names does not exist: `404`.
    NotFound,
    /// The handler failed: a bare `500`; the error itself never leaves the server, it is
    /// logged through `tracing` (at `error` level).
    Internal(Box<dyn std::error::Error + Send + Sync>),
}

/// A validation error (e.g. of a `.parse()` or `try_from` into a constrained newtype)
/// is the caller's fault: [`HandlerError::Invalid`], answered `400`; any other error is
/// [`HandlerError::Internal`].
impl<E: std::error::Error + Send + Sync + 'static> From<E> for HandlerError {
    fn from(error: E) -> Self {
        let error: Box<dyn std::error::Error + Send + Sync> = Box::new(error);
        match error.downcast::<super::validate::ValidationErrors>() {
            Ok(invalid) => Self::Invalid(invalid.into_violations()),
            Err(other) => Self::Internal(other),
        }
    }
}

/// A problem document (RFC 9457) with the violations, if any.
fn problem(status: StatusCode, title: &str, violations: &[Violation]) -> Response {
    let mut document = serde_json::json!({
        "type": "about:blank",
        "title": title,
        "detail": title,
        "status": status.as_u16(),
    });
    if !violations.is_empty() {
        document["violations"] = violation_objects(violations);
    }
    (
        status,
        [("content-type", "application/problem+json")],
        document.to_string(),
    )
        .into_response()
}

/// A request the router answers itself rather than with a handler's documented response:
/// input that does not decode or validate (`400`), missing credentials (`401`), a content
/// type the operation does not accept (`415`), or a handler's [`HandlerError`] (`400`, `401`,
/// `403`, `404`, `500`).
///
/// The body is the operation's documented error schema for the status when the spec gives
/// one that a refusal can fill (its message, status and violations); otherwise
/// [`Api::refusal`] decides it: an RFC 9457 problem document unless the implementation
/// answers otherwise.
#[derive(Debug)]
pub struct Refusal {
    /// The status answered.
    pub status: StatusCode,
    /// Why, in one sentence.
    pub message: &'static str,
    /// Every violation of the input, each with its JSON pointer (empty unless `400`).
    pub violations: Vec<Violation>,
    /// The `WWW-Authenticate` challenge of a `401` for an HTTP scheme (`Bearer`, `Basic`).
    pub challenge: Option<&'static str>,
}

impl Refusal {
    /// A refusal with `status`, `message` and the input's `violations`.
    pub fn new(status: StatusCode, message: &'static str, violations: Vec<Violation>) -> Self {
        Self {
            status,
            message,
            violations,
            challenge: None,
        }
    }

    /// `400 Bad Request` listing every violation.
    pub fn invalid(violations: Vec<Violation>) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "The request does not conform to the API.",
            violations,
        )
    }

    /// `401 Unauthorized`: credentials are missing; with a challenge for HTTP schemes.
    pub fn unauthorized(challenge: Option<&'static str>) -> Self {
        Self {
            challenge,
            ..Self::new(
                StatusCode::UNAUTHORIZED,
                "Credentials are missing.",
                Vec::new(),
            )
        }
    }

    /// The status as a `snake_case` word (`bad_request`, `unauthorized`), for error schemas
    /// that carry a textual code.
    pub fn code(&self) -> String {
        self.status
            .canonical_reason()
            .unwrap_or("error")
            .to_ascii_lowercase()
            .replace([' ', '-'], "_")
    }

    /// The refusal as an RFC 9457 problem document listing the violations: what
    /// [`Api::refusal`] answers unless an implementation decides otherwise.
    pub fn problem(&self) -> Response {
        let mut response = problem(self.status, self.message, &self.violations);
        if let Some(Ok(challenge)) = self.challenge.map(axum::http::HeaderValue::from_str) {
            response.headers_mut().insert("www-authenticate", challenge);
        }
        response
    }
}

/// An error schema the spec documents that the router can fill from a [`Refusal`].
trait FromRefusal: Sized {
    /// The body for `refusal`; `None` when the filled fields do not make a valid value.
    fn from_refusal(refusal: &Refusal) -> Option<Self>;
}

/// `refusal` answered with its documented error schema `T`, sent as `media`; `None` when
/// `T` cannot be filled from it.
fn documented<T: FromRefusal + serde::Serialize>(
    refusal: &Refusal,
    media: &'static str,
) -> Option<Response> {
    let body = json_body(&T::from_refusal(refusal)?)?;
    let mut response = Response::builder()
        .status(refusal.status)
        .header("content-type", media)
        .body(axum::body::Body::from(body))
        .ok()?;
    if let Some(Ok(challenge)) = refusal.challenge.map(axum::http::HeaderValue::from_str) {
        response.headers_mut().insert("www-authenticate", challenge);
    }
    Some(response)
}

/// The violations as JSON objects: pointer, rule, limit and a sentence.
fn violation_objects(violations: &[Violation]) -> serde_json::Value {
    violations
        .iter()
        .map(|v| serde_json::json!({ "pointer": v.pointer, "rule": v.rule, "limit": v.limit, "detail": v.to_string() }))
        .collect()
}

/// A JSON object of `entries`, in order.
fn json_object<const N: usize>(entries: [(&str, serde_json::Value); N]) -> serde_json::Value {
    serde_json::Value::Object(
        entries
            .into_iter()
            .map(|(name, value)| (name.to_owned(), value))
            .collect(),
    )
}

/// The refusal for a handler's error; an internal error is logged through `tracing`.
fn failure(error: HandlerError) -> Refusal {
    match error {
        HandlerError::Invalid(violations) => Refusal::invalid(violations),
        HandlerError::Unauthorized => Refusal::new(
            StatusCode::UNAUTHORIZED,
            "The credentials are not valid.",
            Vec::new(),
        ),
        HandlerError::Forbidden => Refusal::new(StatusCode::FORBIDDEN, "Forbidden", Vec::new()),
        HandlerError::NotFound => Refusal::new(StatusCode::NOT_FOUND, "Not Found", Vec::new()),
        HandlerError::Internal(error) => {
            tracing::error!(error = %error, "a handler failed; answered 500");
            Refusal::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "Internal Server Error",
                Vec::new(),
            )
        }
    }
}

/// `500 Internal Server Error`, saying nothing about the cause.
fn internal_error() -> Response {
    problem(
        StatusCode::INTERNAL_SERVER_ERROR,
        "Internal Server Error",
        &[],
    )
}

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

/// A documented response; `500` if it cannot be built (e.g. a status out of range).
fn reply(
    status: u16,
    payload: Option<(&'static str, Vec<u8>)>,
    headers: Vec<(&'static str, String)>,
) -> Response {
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
    builder
        .body(axum::body::Body::from(body))
        .unwrap_or_else(|_| internal_error())
}

/// A streamed response (server-sent events, JSON lines): the body is sent as the handler's
/// stream produces it, never cached; `500` if it cannot be built.
fn reply_stream(
    status: u16,
    media: &'static str,
    body: axum::body::Body,
    headers: Vec<(&'static str, String)>,
) -> Response {
    let Ok(status) = StatusCode::from_u16(status) else {
        return internal_error();
    };
    let mut builder = Response::builder()
        .status(status)
        .header("content-type", media)
        .header("cache-control", "no-cache");
    for (name, value) in headers {
        builder = builder.header(name, value);
    }
    builder.body(body).unwrap_or_else(|_| internal_error())
}

/// The body as JSON; `None` if it cannot be written (a map with non-string keys).
fn json_body<T: serde::Serialize>(body: &T) -> Option<Vec<u8>> {
    serde_json::to_vec(body).ok()
}

/// Decodes `%XX` escapes (and `+` as a space when `plus` is set); invalid UTF-8 is
/// replaced.
fn percent_decode(text: &str, plus: bool) -> String {
    fn hex(byte: u8) -> Option<u8> {
        char::from(byte)
            .to_digit(16)
            .and_then(|d| u8::try_from(d).ok())
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

/// The value of a path parameter, as one-element list.
fn path_values(path: &[(String, String)], name: &str) -> Vec<String> {
    path.iter()
        .filter(|(k, _)| k == name)
        .map(|(_, v)| v.clone())
        .collect()
}

/// Every value of a query parameter, in order.
fn query_values(query: &[(String, String)], name: &str) -> Vec<String> {
    query
        .iter()
        .filter(|(k, _)| k == name)
        .map(|(_, v)| v.clone())
        .collect()
}

/// Every value of a header, in order (values that are not text are skipped).
fn header_values(headers: &HeaderMap, name: &str) -> Vec<String> {
    headers
        .get_all(name)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .map(str::to_owned)
        .collect()
}

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

/// The media type of the body, lower case, without parameters.
fn content_type(headers: &HeaderMap) -> String {
    header_values(headers, "content-type")
        .first()
        .and_then(|v| v.split(';').next())
        .map(|v| v.trim().to_ascii_lowercase())
        .unwrap_or_default()
}

/// The credentials of an `Authorization` header of the given scheme.
fn authorization<'h>(headers: &'h HeaderMap, scheme: &str) -> Option<&'h str> {
    let value = headers.get("authorization")?.to_str().ok()?;
    let (given, credentials) = value.split_once(' ')?;
    let credentials = credentials.trim();
    (given.eq_ignore_ascii_case(scheme) && !credentials.is_empty()).then_some(credentials)
}

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
    Some(BasicCredentials {
        username: username.to_owned(),
        password: password.to_owned(),
    })
}

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

/// The first violation in a constrained newtype's error, which serde passes on
/// as text (`(root): "" (0 characters) violates minLength 1 at line 1 column 16`):
/// the rule, its limit and the value.
fn newtype_violation(message: &str) -> Option<(&'static str, String, String)> {
    const RULES: &[&str] = &[
        "pattern",
        "minLength",
        "maxLength",
        "minimum",
        "maximum",
        "exclusiveMinimum",
        "exclusiveMaximum",
        "multipleOf",
        "format",
        "enum",
        "const",
    ];
    let first = message.lines().next()?;
    let first = first.split(" at line ").next().unwrap_or(first);
    let (value, rest) = first.strip_prefix("(root): ")?.split_once(" violates ")?;
    let (rule, limit) = rest.split_once(' ')?;
    let rule = RULES.iter().copied().find(|r| *r == rule)?;
    Some((rule, limit.to_owned(), value.to_owned()))
}

/// Deserializes a decoded value, recording a violation when it does not fit.
fn decode_value<T: serde::de::DeserializeOwned>(
    value: Option<serde_json::Value>,
    required: bool,
    pointer: &str,
    violations: &mut Vec<Violation>,
) -> Option<T> {
    let Some(value) = value else {
        if required {
            violations.push(Violation {
                pointer: pointer.to_owned(),
                rule: "required",
                limit: "true".to_owned(),
                value: "(absent)".to_owned(),
            });
        }
        return None;
    };
    let text = value.to_string();
    match serde_json::from_value(value) {
        Ok(decoded) => Some(decoded),
        Err(e) => {
            let (rule, limit, value) =
                newtype_violation(&e.to_string()).unwrap_or(("type", e.to_string(), text));
            violations.push(Violation {
                pointer: pointer.to_owned(),
                rule,
                limit,
                value,
            });
            None
        }
    }
}

/// A parameter from its raw values: one scalar, or an array split on `separator`
/// (or repeated, when there is no separator).
fn decode_param<T: serde::de::DeserializeOwned>(
    values: &[String],
    kind: &str,
    array: Option<Option<&str>>,
    required: bool,
    pointer: &str,
    violations: &mut Vec<Violation>,
) -> Option<T> {
    // A scalar given more than once (`limit=2&limit=abc`) is refused, not read as its
    // first value.
    if array.is_none() && values.len() > 1 {
        violations.push(Violation {
            pointer: pointer.to_owned(),
            rule: "type",
            limit: "one value".to_owned(),
            value: format!("{} values", values.len()),
        });
        return None;
    }
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

/// Puts `value` at the place `segments` name under `slot` (`deepObject` keys: `[key]` an
/// object property, `[]` the next array item, `[0]` an array position).
fn deep_insert(slot: &mut serde_json::Value, segments: &[&str], value: serde_json::Value) {
    let Some((first, rest)) = segments.split_first() else {
        *slot = value;
        return;
    };
    let index = if first.is_empty() {
        Some(usize::MAX)
    } else {
        first.parse::<usize>().ok()
    };
    match index {
        Some(i) if slot.is_null() || slot.is_array() => {
            if slot.is_null() {
                *slot = serde_json::Value::Array(Vec::new());
            }
            if let serde_json::Value::Array(items) = slot {
                let i = if i == usize::MAX || i > items.len() {
                    items.len()
                } else {
                    i
                };
                if i == items.len() {
                    items.push(serde_json::Value::Null);
                }
                deep_insert(&mut items[i], rest, value);
            }
        }
        _ => {
            if !slot.is_object() {
                *slot = serde_json::Value::Object(serde_json::Map::new());
            }
            if let serde_json::Value::Object(map) = slot {
                let entry = map
                    .entry(first.to_string())
                    .or_insert(serde_json::Value::Null);
                deep_insert(entry, rest, value);
            }
        }
    }
}

/// The `deepObject` pairs of `name` as one value (`name[key][sub]=v`, `name[]=v`,
/// `name[0][key]=v`, or `name=v` for a scalar); `None` when there are none.
fn deep_object(query: &[(String, String)], name: &str) -> Option<serde_json::Value> {
    let mut root: Option<serde_json::Value> = None;
    for (k, v) in query {
        let Some(rest) = k.strip_prefix(name) else {
            continue;
        };
        let value = scalar(v, "any");
        if rest.is_empty() {
            root = Some(value);
            continue;
        }
        let Some(inner) = rest.strip_prefix('[').and_then(|r| r.strip_suffix(']')) else {
            continue;
        };
        let segments: Vec<&str> = inner.split("][").collect();
        deep_insert(
            root.get_or_insert(serde_json::Value::Null),
            &segments,
            value,
        );
    }
    root
}

/// A form body as an object; repeated names become arrays; `deepObject` keys
/// (`address[line1]`, `items[0][id]`) become nested objects and arrays.
fn decode_form(body: &[u8]) -> serde_json::Value {
    let mut map = serde_json::Map::new();
    let mut nested = serde_json::Value::Null;
    for (k, v) in parse_query(&String::from_utf8_lossy(body)) {
        let value = scalar(&v, "any");
        if let Some((name, rest)) = k.split_once('[') {
            if let Some(inner) = rest.strip_suffix(']') {
                let mut segments = vec![name];
                segments.extend(inner.split("]["));
                deep_insert(&mut nested, &segments, value);
                continue;
            }
        }
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
    if let serde_json::Value::Object(deep) = nested {
        map.extend(deep);
    }
    serde_json::Value::Object(map)
}

/// How one property of a form body is written when its `encoding` is not the default.
#[derive(Clone, Copy)]
enum FormEncoding {
    /// An array of scalars as one value, its items joined by the character.
    Delimited(char),
    /// The value as JSON text.
    Json,
}

/// A form body ([`decode_form`]) whose properties listed in `encodings` are read their
/// way: a delimited value split into its items, JSON text parsed (left as text when it is
/// not JSON, for the schema to refuse).
fn decode_form_encoded(body: &[u8], encodings: &[(&str, FormEncoding)]) -> serde_json::Value {
    let mut value = decode_form(body);
    let raw: Vec<(String, String)> = parse_query(&String::from_utf8_lossy(body));
    if let serde_json::Value::Object(map) = &mut value {
        for (name, how) in encodings {
            let Some((_, text)) = raw.iter().find(|(k, _)| k == name) else {
                continue;
            };
            let read = match how {
                FormEncoding::Json => serde_json::from_str(text)
                    .unwrap_or_else(|_| serde_json::Value::String(text.clone())),
                FormEncoding::Delimited(d) => serde_json::Value::Array(
                    text.split(*d)
                        .filter(|item| !item.is_empty())
                        .map(|item| scalar(item, "any"))
                        .collect(),
                ),
            };
            map.insert((*name).to_owned(), read);
        }
    }
    value
}

/// A JSON body; what does not fit the schema is a violation at its place under
/// `/body` (`/body/items/3/id`), found by `serde_path_to_error`.
fn decode_json<T: serde::de::DeserializeOwned>(
    body: &[u8],
    violations: &mut Vec<Violation>,
) -> Option<T> {
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
        violations.push(Violation {
            pointer,
            rule,
            limit,
            value,
        });
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
    let value = if pointer == "/body" {
        "the body"
    } else {
        "the value"
    };
    violations.push(Violation {
        pointer,
        rule,
        limit: message,
        value: value.to_owned(),
    });
    None
}

// The multipart reading items, read after this file as the same runtime source; a child
// module, to share the server's private items as one generated `server.rs` does.
#[cfg(test)]
#[path = "server_multipart.rs"]
mod multipart;

// The dispatching router's helpers, a runtime source of their own (emitted around the
// generated `dispatch`); a child module, to share the server's private items.
#[cfg(test)]
#[path = "routes.rs"]
mod routes;

#[cfg(test)]
mod tests;

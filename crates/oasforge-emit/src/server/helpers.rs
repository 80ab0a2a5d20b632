//! The fixed private items of the generated server (problem documents, parameter and body
//! decoders, `reply`): only the ones the handlers use are emitted.

use proc_macro2::TokenStream;
use quote::quote;

use super::Helpers;

pub(super) fn helper_items(h: &Helpers) -> TokenStream {
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
    if h.has("header_values") || h.has("content_type") || h.has("authorization") {
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
                // A scalar given more than once (`limit=2&limit=abc`) is refused, not read
                // as its first value.
                if array.is_none() && values.len() > 1 {
                    violations.push(Violation { pointer: pointer.to_owned(), rule: "type", limit: "one value".to_owned(), value: format!("{} values", values.len()) });
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
        });
    }
    if h.has("deep_object") || h.has("decode_form") {
        out.push(quote! {
            /// Puts `value` at the place `segments` name under `slot` (`deepObject` keys:
            /// `[key]` an object property, `[]` the next array item, `[0]` an array position).
            fn deep_insert(slot: &mut serde_json::Value, segments: &[&str], value: serde_json::Value) {
                let Some((first, rest)) = segments.split_first() else {
                    *slot = value;
                    return;
                };
                let index = if first.is_empty() { Some(usize::MAX) } else { first.parse::<usize>().ok() };
                match index {
                    Some(i) if slot.is_null() || slot.is_array() => {
                        if slot.is_null() {
                            *slot = serde_json::Value::Array(Vec::new());
                        }
                        if let serde_json::Value::Array(items) = slot {
                            let i = if i == usize::MAX || i > items.len() { items.len() } else { i };
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
                            let entry = map.entry(first.to_string()).or_insert(serde_json::Value::Null);
                            deep_insert(entry, rest, value);
                        }
                    }
                }
            }
        });
    }
    if h.has("deep_object") {
        out.push(quote! {
            /// The `deepObject` pairs of `name` as one value (`name[key][sub]=v`, `name[]=v`,
            /// `name[0][key]=v`, or `name=v` for a scalar); `None` when there are none.
            fn deep_object(query: &[(String, String)], name: &str) -> Option<serde_json::Value> {
                let mut root: Option<serde_json::Value> = None;
                for (k, v) in query {
                    let Some(rest) = k.strip_prefix(name) else { continue };
                    let value = scalar(v, "any");
                    if rest.is_empty() {
                        root = Some(value);
                        continue;
                    }
                    let Some(inner) = rest.strip_prefix('[').and_then(|r| r.strip_suffix(']')) else {
                        continue;
                    };
                    let segments: Vec<&str> = inner.split("][").collect();
                    deep_insert(root.get_or_insert(serde_json::Value::Null), &segments, value);
                }
                root
            }
        });
    }
    if h.has("decode_form") {
        out.push(quote! {
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

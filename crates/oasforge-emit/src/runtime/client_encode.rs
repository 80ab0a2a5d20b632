//! The fixed request-encoding items of a generated `client.rs`, as Rust source: the
//! `Payload` body, pagination steps, parameter styles, form and multipart bodies, headers,
//! idempotency keys and `ClearReadOnly`.
//!
//! Read after `client.rs` as one runtime source (`Source::Client`); compiled only in this
//! crate's tests, as a child module of `client.rs`.

use super::*;

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

// The fixed `impl Client` methods and `Request`, a runtime source of their own (spliced
// among generated methods), compiled as a child so they see the client's private items.
#[cfg(test)]
#[path = "client_methods.rs"]
mod methods;

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

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

//! The fixed private items of the generated client (`Payload`, the parameter encoders, the
//! `RawResponse` readers): only the ones the operations use are emitted.

use proc_macro2::TokenStream;
use quote::quote;

use super::Helpers;

pub(super) fn raw_response_methods(helpers: &Helpers) -> TokenStream {
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

pub(super) fn helper_items(h: &Helpers) -> TokenStream {
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
    if h.has("query_deep_object") || h.has("form_text") {
        out.push(quote! {
            /// The `deepObject` style: `name[key]=value` for each property, nested objects as
            /// `name[key][sub]=value`, arrays of scalars as `name[]=a&name[]=b`, arrays of
            /// objects indexed (`name[0][key]=value`), a scalar as `name=value`; `null` is left
            /// out. Nothing of the value is dropped.
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
            /// An object as `application/x-www-form-urlencoded` (the `form` style, exploded):
            /// arrays of scalars repeat their key; nested objects and arrays of objects are
            /// written with `deepObject` keys (`address[line1]=…`, `items[0][id]=…`), never
            /// as JSON text; `null` is left out.
            fn form_text(value: &serde_json::Value) -> String {
                let mut pairs: Vec<(String, String)> = Vec::new();
                if let serde_json::Value::Object(map) = value {
                    for (k, v) in map {
                        match v {
                            serde_json::Value::Array(items) if items.iter().all(|i| !i.is_object() && !i.is_array()) => {
                                pairs.extend(items.iter().filter(|i| !i.is_null()).map(|i| (k.clone(), scalar_text(i))));
                            }
                            other => query_deep_object(&mut pairs, k, other),
                        }
                    }
                }
                pairs.iter().map(|(k, v)| format!("{}={}", encode(k), encode(v))).collect::<Vec<_>>().join("&")
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

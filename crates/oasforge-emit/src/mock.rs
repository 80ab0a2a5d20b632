//! `mock.rs`: a `MockApi` that implements the server trait by answering every operation with
//! a value made at generation time: the first documented success response (else the first
//! documented response), its body the response's first documented example that fits
//! ([`oasforge_ir::ResponseBody::examples`]), else synthesized from the schema (the
//! properties' examples first, where they fit), embedded as JSON that is decoded into the
//! typed response.

use oasforge_ir::synth::{Direction, Synth};
use oasforge_ir::{Api, Status};
use proc_macro2::TokenStream;
use quote::quote;
use serde_json::Value;

use crate::format::format_file;
use crate::operations::{op_items, Codec, OpItems, Variant};
use crate::EmitError;

/// The seed of the values a mock answers with: fixed, so the output is deterministic.
const SEED: u64 = 0x6d6f_636b;

/// `mock.rs` for `api`, to sit beside `server.rs` and `operations.rs` (as `mod mock;` of the
/// crate, behind the `server` feature). `None` when the API has no operations.
pub(crate) fn mock(api: &Api, header: &str) -> Result<Option<String>, EmitError> {
    if api.operations.is_empty() {
        return Ok(None);
    }
    let items = op_items(api);
    let mut synth = Synth::new(api, Direction::Response, SEED);
    let methods: Vec<TokenStream> = items.iter().map(|item| method(item, &mut synth)).collect();
    let imports = items.iter().map(|item| {
        let input = &item.input;
        let response = &item.response;
        quote! { #input, #response, }
    });
    let credentials = items
        .iter()
        .any(|item| !item.op.security.is_empty())
        .then(|| quote! { Credentials, });
    let doc = format!(
        " Answers every operation of {} {} with a value valid by its documented success response.",
        api.title, api.version
    );
    let tokens = quote! {
        use super::operations::{ #(#imports)* #credentials };
        use super::server::{Api, HandlerError};
        use axum::http::request::Parts;

        #[doc = #doc]
        ///
        /// Serve it with [`super::server::router`]: requests are decoded and validated as for
        /// any implementation, and each operation answers the same value every time (the
        /// spec's example where one fits, else one made from the schema when the crate was
        /// generated).
        #[derive(Debug, Clone, Copy, Default)]
        pub struct MockApi;

        impl Api for MockApi {
            #(#methods)*
        }
    };
    format_file("mock.rs", header, tokens).map(Some)
}

/// The variant a mock answers with: the first success, else the first documented response.
fn chosen<'v, 'a>(variants: &'v [Variant<'a>]) -> Option<&'v Variant<'a>> {
    variants
        .iter()
        .find(|v| match v.response.status {
            Status::Code(c) => (200..300).contains(&c),
            Status::Range(n) => n == 2,
            Status::Default => false,
        })
        .or_else(|| variants.first())
}

fn method(item: &OpItems<'_>, synth: &mut Synth<'_>) -> TokenStream {
    let name = &item.method;
    let input = &item.input;
    let response = &item.response;
    let credentials = (!item.op.security.is_empty()).then(|| quote! { _credentials: Credentials, });
    let body = match chosen(&item.variants) {
        None => quote! { Err(HandlerError::NotFound) },
        Some(v) => {
            let variant = &v.ident;
            let value = v
                .body
                .as_ref()
                .zip(v.response.body.as_ref())
                .map(|((codec, _), body)| {
                    let value = whole_numbers(match body.examples.first() {
                        Some(example) => example.value.clone(),
                        None => synth.value(&body.ty),
                    });
                    body_value(*codec, value)
                });
            if v.is_struct() {
                let status = match v.response.status {
                    Status::Code(_) => None,
                    Status::Range(n) => {
                        let code = u16::from(n) * 100;
                        Some(quote! { status: #code, })
                    }
                    Status::Default => Some(quote! { status: 200, }),
                };
                let body = value.map(|value| quote! { body: #value, });
                // A header's documented example where it has one (an optional header too),
                // else a made value for a required header.
                let headers = v.headers.iter().map(|h| {
                    let field = &h.ident;
                    let example = h.header.examples.iter().find(|e| header_safe(&e.value));
                    match example {
                        Some(example) => {
                            let text = header_json(&whole_numbers(example.value.clone()), &h.ty);
                            if h.header.required {
                                quote! { #field: serde_json::from_str(#text)?, }
                            } else {
                                quote! { #field: Some(serde_json::from_str(#text)?), }
                            }
                        }
                        None if h.header.required => {
                            let text =
                                header_json(&whole_numbers(synth.present(&h.header.ty)), &h.ty);
                            quote! { #field: serde_json::from_str(#text)?, }
                        }
                        None => quote! { #field: None, },
                    }
                });
                quote! { Ok(#response::#variant { #status #body #(#headers)* }) }
            } else {
                match value {
                    Some(value) => quote! { Ok(#response::#variant(#value)) },
                    None => quote! { Ok(#response::#variant) },
                }
            }
        }
    };
    quote! {
        async fn #name(&self, _input: #input, #credentials _request: Parts) -> Result<#response, HandlerError> {
            #body
        }
    }
}

/// The expression of a body value as its codec carries it.
fn body_value(codec: Codec, value: Value) -> TokenStream {
    match codec {
        Codec::Json => {
            let json = value.to_string();
            quote! { serde_json::from_str(#json)? }
        }
        Codec::Text => {
            let text = match value {
                Value::String(s) => s,
                other => other.to_string(),
            };
            quote! { #text.to_owned() }
        }
        Codec::Bytes => {
            let text = match value {
                Value::String(s) => s,
                other => other.to_string(),
            };
            quote! { #text.as_bytes().to_vec() }
        }
        // A stream of one item.
        Codec::Sse { .. } | Codec::Lines | Codec::JsonSeq => {
            let item = body_value(Codec::Json, value);
            quote! {
                super::operations::stream::EventStream::new(futures::stream::iter([#item]))
            }
        }
    }
}

/// `value` with each whole number written with a fraction (`5.0`, which fits an integer
/// schema) written as an integer: an integer type does not read `5.0`, a float type reads `5`.
fn whole_numbers(value: Value) -> Value {
    match value {
        Value::Number(n) => match n.as_f64() {
            Some(f) if n.is_f64() && f.fract() == 0.0 && f.abs() < 9.0e15 => Value::from(f as i64),
            _ => Value::Number(n),
        },
        Value::Array(items) => Value::Array(items.into_iter().map(whole_numbers).collect()),
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| (k, whole_numbers(v)))
                .collect(),
        ),
        other => other,
    }
}

/// Whether an example can be sent as a header value as it is: its text (a string's own, any
/// other value's JSON) is visible ASCII, spaces and tabs, as a header value must be.
fn header_safe(value: &Value) -> bool {
    let text = match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    text.bytes()
        .all(|b| b == b'\t' || (b' '..=b'~').contains(&b))
}

/// A header value as JSON for its Rust type: scalars as themselves, anything else as text.
fn header_json(value: &Value, rust_ty: &TokenStream) -> String {
    let scalar = matches!(
        rust_ty.to_string().as_str(),
        "bool" | "i32" | "i64" | "f32" | "f64"
    );
    match value {
        Value::String(_) => value.to_string(),
        other if scalar => other.to_string(),
        other => Value::String(other.to_string()).to_string(),
    }
}

#[cfg(test)]
mod unit_tests {
    use super::*;
    use crate::testing::{api, PETS, PLAIN, SHOP};

    #[test]
    fn every_operation_answers_its_first_success() {
        let text = mock(&api(SHOP), "// header\n")
            .expect("the mock formats")
            .expect("the API has operations");
        assert!(text.starts_with("// header\n"), "{text}");
        assert!(text.contains("impl Api for MockApi"), "{text}");
        assert!(text.contains("async fn list_items("), "{text}");
        assert!(text.contains("async fn create_item("), "{text}");
        // Secured operations import the credentials; the answers are 200 and 201, never 404.
        assert!(text.contains("Credentials"), "{text}");
        assert!(text.contains("ListItemsResponse::Ok"), "{text}");
        assert!(!text.contains("ListItemsResponse::NotFound"), "{text}");
        // The required header is given a value.
        assert!(text.contains("location"), "{text}");
        // Deterministic.
        assert_eq!(mock(&api(SHOP), "// header\n").ok().flatten(), Some(text));
    }

    #[test]
    fn a_documented_example_that_fits_is_answered_before_a_synthesized_value() {
        const SPEC: &str = r#"
openapi: 3.0.3
info: {title: Examples, version: 1.0.0}
paths:
  /status:
    get:
      operationId: status
      responses:
        '200':
          description: The status.
          content:
            application/json:
              schema:
                type: object
                required: [state]
                properties: {state: {type: string, enum: [up, down]}}
              examples:
                unknown: {value: {state: sideways}}
                down: {value: {state: down, note: maintenance}}
"#;
        let text = mock(&api(SPEC), "")
            .expect("formats")
            .expect("an operation");
        // The first example lists no such state: the second, which fits, is the answer.
        assert!(
            text.contains(r#"{\"state\":\"down\",\"note\":\"maintenance\"}"#),
            "{text}"
        );
        let unfit = SPEC.replace("state: down,", "state: sideways,");
        let text = mock(&api(&unfit), "")
            .expect("formats")
            .expect("an operation");
        assert!(!text.contains("sideways"), "{text}");
        assert!(!text.contains("maintenance"), "{text}");
    }

    #[test]
    fn headers_answer_their_documented_example() {
        const SPEC: &str = r#"
openapi: 3.0.3
info: {title: Headers, version: 1.0.0}
paths:
  /items:
    get:
      operationId: listItems
      responses:
        '200':
          description: Items.
          headers:
            X-Rate-Limit:
              required: true
              schema: {type: integer, minimum: 1}
              examples:
                tooLow: {value: 0}
                fine: {value: 600.0}
            X-Request-Id:
              schema: {type: string}
              example: "req-42"
            X-Note:
              schema: {type: string}
              example: "line\nbreak"
          content:
            application/json:
              schema: {type: array, items: {type: string}}
"#;
        let text = mock(&api(SPEC), "")
            .expect("formats")
            .expect("an operation");
        // The example that fits, for a required header; an optional header's example is sent
        // too; one that is no valid header value is not.
        assert!(
            text.contains(r#"x_rate_limit: serde_json::from_str("600")?"#),
            "{text}"
        );
        assert!(
            text.contains(r#"x_request_id: Some(serde_json::from_str("\"req-42\"")?)"#),
            "{text}"
        );
        assert!(text.contains("x_note: None"), "{text}");
    }

    #[test]
    fn whole_numbers_written_with_a_fraction_become_integers() {
        let value =
            serde_json::json!({"count": 5.0, "ratio": 0.5, "items": [1.0, -2.0, 3], "big": 1e300});
        assert_eq!(
            whole_numbers(value).to_string(),
            r#"{"count":5,"ratio":0.5,"items":[1,-2,3],"big":1e+300}"#
        );
    }

    #[test]
    fn an_api_without_operations_has_no_mock() {
        let mut api = api(PLAIN);
        assert!(mock(&api, "").expect("formats").is_some());
        api.operations.clear();
        assert!(mock(&api, "").expect("formats").is_none());
        let plain = mock(&crate::testing::api(PETS), "").expect("formats");
        assert!(!plain.expect("an operation").contains("Credentials"));
    }
}

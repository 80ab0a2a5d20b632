//! Decoding of a request's parameters and body into the operation's input, recording
//! violations.

use oasforge_ir::{Api, BodyKind, Param, ParamLocation, ParamStyle, Scalar, Ty, TyKind, TypeKind};
use proc_macro2::TokenStream;
use quote::quote;

use crate::ledger::Uses;
use crate::runtime::Helper;
use crate::types::ident;
use oasforge_ir::names::compose;

/// The JSON type name a scalar parameter is coerced to from its text (through named
/// aliases and newtypes to the scalar they wrap).
fn kind_of(api: &Api, ty: &Ty) -> &'static str {
    match &ty.kind {
        TyKind::Scalar(Scalar::I32 | Scalar::I64 | Scalar::U32 | Scalar::U64) => "integer",
        TyKind::Scalar(Scalar::F32 | Scalar::F64) => "number",
        TyKind::Scalar(Scalar::Bool) => "boolean",
        TyKind::Named(id) => match &api.type_def(*id).kind {
            TypeKind::Alias(inner) => kind_of(api, inner),
            TypeKind::IntEnum(_) => "integer",
            _ => "string",
        },
        _ => "string",
    }
}

/// `let name: Option<T> = decode_param(…);` for one parameter.
pub(super) fn param_decode(
    api: &Api,
    template: &oasforge_ir::PathTemplate,
    p: &Param,
    uses: &mut Uses,
) -> TokenStream {
    uses.use_(Helper::DecodeParam);
    let wire = &p.wire_name;
    let pointer = format!(
        "/{}/{}",
        p.location.as_str(),
        wire.replace('~', "~0").replace('/', "~1")
    );
    let required = p.required;
    let local = ident(&compose(&p.name, "param"));
    let (kind, array) = match &p.ty.kind {
        TyKind::Array(item) => {
            let sep = match (p.location, p.style, p.explode) {
                (ParamLocation::Query | ParamLocation::Cookie, ParamStyle::Form, true) => None,
                (_, ParamStyle::SpaceDelimited, false) => Some(" "),
                (_, ParamStyle::PipeDelimited, false) => Some("|"),
                (_, ParamStyle::Label, true) => Some("."),
                _ => Some(","),
            };
            (kind_of(api, item), Some(sep))
        }
        _ => (kind_of(api, &p.ty), None),
    };
    let separator = match array {
        Some(Some(s)) => quote! { Some(Some(#s)) },
        Some(None) => quote! { Some(None) },
        None => quote! { None },
    };
    if p.style == ParamStyle::DeepObject {
        uses.use_(Helper::DeepObject);
        return quote! {
            let #local = decode_value(deep_object(&query, #wire), #required, #pointer, &mut violations);
        };
    }
    let values = match p.location {
        ParamLocation::Path => {
            uses.use_(Helper::PathValues);
            // The router names captures by position in the template.
            // A parameter the template does not name matches nothing, as before.
            let capture = template.capture(wire).unwrap_or_else(|| wire.to_owned());
            quote! { path_values(&path, #capture) }
        }
        ParamLocation::Query => {
            uses.use_(Helper::QueryValues);
            quote! { query_values(&query, #wire) }
        }
        ParamLocation::Header => {
            uses.use_(Helper::HeaderValues);
            quote! { header_values(&headers, #wire) }
        }
        ParamLocation::Cookie => {
            uses.use_(Helper::CookieValues);
            quote! { cookie_values(&headers, #wire) }
        }
    };
    quote! {
        let #local = decode_param(&#values, #kind, #separator, #required, #pointer, &mut violations);
    }
}

/// `let body_value: Option<T> = …;` with the content-type check.
pub(super) fn body_decode(
    kind: BodyKind,
    required: bool,
    encodings: Option<TokenStream>,
    uses: &mut Uses,
) -> TokenStream {
    uses.use_(Helper::Refusal);
    if kind != BodyKind::Bytes {
        uses.use_(Helper::ContentType);
    }
    let (accepts, decode) = match kind {
        BodyKind::Json => {
            uses.use_(Helper::DecodeJson);
            (
                quote! { !(media.is_empty() || media == "application/json" || media.ends_with("+json")) },
                quote! { decode_json(&body, &mut violations) },
            )
        }
        BodyKind::Form => {
            uses.use_(Helper::ParseQuery);
            uses.use_(Helper::DecodeValue);
            let read = match encodings {
                Some(table) => {
                    uses.use_(Helper::DecodeFormEncoded);
                    quote! { decode_form_encoded(&body, #table) }
                }
                None => {
                    uses.use_(Helper::DecodeForm);
                    quote! { decode_form(&body) }
                }
            };
            (
                quote! { media != "application/x-www-form-urlencoded" },
                quote! { decode_value(Some(#read), true, "/body", &mut violations) },
            )
        }
        BodyKind::Text => (
            quote! { !(media.is_empty() || media.starts_with("text/")) },
            quote! {
                match String::from_utf8(body.to_vec()) {
                    Ok(text) => Some(text),
                    Err(_) => {
                        violations.push(Violation { pointer: "/body".to_owned(), rule: "type", limit: "UTF-8 text".to_owned(), value: "bytes that are not UTF-8".to_owned() });
                        None
                    }
                }
            },
        ),
        BodyKind::Bytes => (TokenStream::new(), quote! { Some(body.to_vec()) }),
        // Multipart bodies are not decoded by the generated server yet: refused as 415.
        BodyKind::Multipart => (
            quote! { !media.is_empty() || media.is_empty() },
            quote! { None },
        ),
    };
    let check = (!accepts.is_empty()).then(|| {
        quote! {
            let media = content_type(&headers);
            if #accepts {
                return Err(Refusal::new(StatusCode::UNSUPPORTED_MEDIA_TYPE, "The content type is not accepted.", Vec::new()));
            }
        }
    });
    let missing = if required {
        quote! {
            violations.push(Violation { pointer: "/body".to_owned(), rule: "required", limit: "true".to_owned(), value: "no body".to_owned() });
            None
        }
    } else {
        quote! { None }
    };
    quote! {
        let body_value = if body.is_empty() {
            #missing
        } else {
            #check
            #decode
        };
    }
}

#[cfg(test)]
mod unit_tests {
    use super::*;
    use crate::testing::{api, text, SHOP};

    #[test]
    fn a_query_parameter_is_coerced_to_its_scalar_kind() {
        let api = api(SHOP);
        let op = &api.operations[0];
        let limit = op
            .params
            .iter()
            .find(|p| p.wire_name == "limit")
            .expect("limit");
        let mut uses = Uses::default();
        let tokens = param_decode(&api, &op.template, limit, &mut uses);
        let text = text(quote! { fn f() { #tokens } });
        assert!(
            text.contains(
                "let limit_param = decode_param(\n        &query_values(&query, \"limit\"),\n        \"integer\",\n        None,\n        false,\n        \"/query/limit\","
            ),
            "{text}"
        );
        assert!(uses.helpers.has(Helper::QueryValues) && !uses.helpers.has(Helper::PathValues));
        assert_eq!(kind_of(&api, &limit.ty), "integer");
        let cursor = op
            .params
            .iter()
            .find(|p| p.wire_name == "cursor")
            .expect("cursor");
        assert_eq!(kind_of(&api, &cursor.ty), "string");
    }

    #[test]
    fn each_body_kind_uses_its_decoder() {
        let mut json = Uses::default();
        let tokens = body_decode(BodyKind::Json, true, None, &mut json).to_string();
        assert!(tokens.contains("decode_json"), "{tokens}");
        assert!(json.helpers.has(Helper::ContentType) && !json.helpers.has(Helper::DecodeForm));

        let mut form = Uses::default();
        body_decode(BodyKind::Form, false, None, &mut form);
        assert!(form.helpers.has(Helper::DecodeForm) && !form.helpers.has(Helper::DecodeJson));

        // Raw bytes take any media type: the content type is not read.
        let mut bytes = Uses::default();
        body_decode(BodyKind::Bytes, true, None, &mut bytes);
        assert!(!bytes.helpers.has(Helper::ContentType));
    }
}

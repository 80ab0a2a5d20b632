//! Decoding of a request's parameters and body into the operation's input, recording
//! violations.

use oasforge_ir::{
    Api, BodyKind, Operation, Param, ParamLocation, ParamStyle, PartEncoding, Scalar, Ty, TyKind,
    TypeKind,
};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::ledger::{Module, Uses};
use crate::operations::FormDef;
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

/// How a multipart part's text is read: the kind [`kind_of`] gives a scalar (`json` for
/// anything else: objects, maps, unions, which the client sends as JSON text), and whether
/// the property is an array, whose items are repeated parts.
fn part_kind(api: &Api, ty: &Ty) -> (&'static str, bool) {
    fn item(api: &Api, ty: &Ty) -> &'static str {
        match &ty.kind {
            TyKind::Scalar(_) => kind_of(api, ty),
            TyKind::Named(id) => match &api.type_def(*id).kind {
                TypeKind::Alias(inner) => item(api, inner),
                TypeKind::Enum(_) | TypeKind::IntEnum(_) => kind_of(api, ty),
                _ => "json",
            },
            TyKind::Array(_) | TyKind::Map(_) | TyKind::Any => "json",
        }
    }
    match &ty.kind {
        TyKind::Array(inner) => (item(api, inner), true),
        _ => (item(api, ty), false),
    }
}

/// The value type of a map (through aliases).
fn map_value<'a>(api: &'a Api, ty: &'a Ty) -> Option<&'a Ty> {
    match &ty.kind {
        TyKind::Map(value) => Some(value),
        TyKind::Named(id) => match &api.type_def(*id).kind {
            TypeKind::Alias(inner) => map_value(api, inner),
            _ => None,
        },
        _ => None,
    }
}

/// The expression reading a `multipart/form-data` body (`Option<T>`, violations recorded):
/// into the operation's form struct, each property from its parts as the client writes
/// it (a file part as a `FilePart`, text parts coerced to the property's type, repeated
/// parts an array, a part whose `encoding` is a JSON type parsed as JSON); without a form
/// struct (the schema is not an object with properties), as one object of the parts' text,
/// as a form body is read.
pub(super) fn multipart_read(
    api: &Api,
    op: &Operation,
    form: Option<&FormDef>,
    uses: &mut Uses,
) -> TokenStream {
    uses.use_(Helper::ReadMultipart);
    let Some(form) = form else {
        uses.use_(Helper::MultipartObject);
        uses.use_(Helper::DecodeValue);
        // A map's values are read as its value type; anything else as text or scalars.
        let (kind, array) = op
            .body
            .as_ref()
            .and_then(|b| map_value(api, &b.ty))
            .map_or(("any", false), |value| part_kind(api, value));
        return quote! {
            match read_multipart(&headers, &body, &mut violations) {
                Some(parts) => decode_value(Some(multipart_object(&parts, #kind, #array)), true, "/body", &mut violations),
                None => None,
            }
        };
    };
    uses.import(Module::Operations, &form.name.to_string());
    let encodings = op.body.as_ref().map_or(&[][..], |b| &b.encoding[..]);
    let mut reads = Vec::new();
    let mut needed = Vec::new();
    let mut fields = Vec::new();
    for (i, f) in form.fields.iter().enumerate() {
        let local = format_ident!("part_{}", i);
        let field = &f.ident;
        let wire = &f.wire_name;
        let pointer = format!("/body/{}", wire.replace('~', "~0").replace('/', "~1"));
        fields.push(quote! { #field: #local, });
        if f.is_file {
            uses.use_(Helper::MultipartFile);
            uses.import(Module::Operations, "FilePart");
            let required = !f.optional;
            if required {
                needed.push(local.clone());
            }
            reads.push(quote! {
                let #local = multipart_file(&mut parts, #wire, #required, #pointer, &mut violations);
            });
            continue;
        }
        let json = encodings
            .iter()
            .any(|e| e.property == *wire && matches!(e.how, PartEncoding::Json(_)));
        // A nullable property is `Option<T>` itself: an absent part is `None`.
        let nullable = !f.optional && f.schema.nullable;
        let required = !f.optional && !nullable;
        let read = if json {
            uses.use_(Helper::MultipartJson);
            quote! { multipart_json(&parts, #wire, #required, #pointer, &mut violations) }
        } else {
            uses.use_(Helper::MultipartValue);
            let (kind, array) = part_kind(api, &f.schema);
            quote! {
                multipart_value(&parts, #wire, #kind, #array, #required, #pointer, &mut violations)
            }
        };
        let read = if nullable {
            quote! { #read.flatten() }
        } else {
            read
        };
        if required {
            needed.push(local.clone());
        }
        reads.push(quote! { let #local = #read; });
    }
    let name = &form.name;
    let build = quote! { #name { #(#fields)* } };
    let value = match needed.as_slice() {
        [] => quote! { Some(#build) },
        [one] => quote! { #one.map(|#one| #build) },
        many => quote! {
            match (#(#many),*) {
                (#(Some(#many)),*) => Some(#build),
                _ => None,
            }
        },
    };
    let binding = if form.fields.iter().any(|f| f.is_file) {
        quote! { Some(mut parts) }
    } else {
        quote! { Some(parts) }
    };
    quote! {
        match read_multipart(&headers, &body, &mut violations) {
            #binding => {
                #(#reads)*
                #value
            }
            None => None,
        }
    }
}

/// `let body_value: Option<T> = …;` with the content-type check. `multipart` is the
/// reading of a multipart body ([`multipart_read`]).
pub(super) fn body_decode(
    kind: BodyKind,
    required: bool,
    encodings: Option<TokenStream>,
    multipart: Option<TokenStream>,
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
        BodyKind::Multipart => (
            quote! { media != "multipart/form-data" },
            multipart.unwrap_or_else(|| quote! { None }),
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
    // An empty multipart body that says it is one is a form with no parts (what a client
    // sends for a form whose parts are all absent), not a missing body.
    let absent = if kind == BodyKind::Multipart {
        quote! { body.is_empty() && content_type(&headers) != "multipart/form-data" }
    } else {
        quote! { body.is_empty() }
    };
    quote! {
        let body_value = if #absent {
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

    /// A multipart form (file, JSON part, nullable and array parts) and a map body.
    const UPLOADS: &str = r#"
openapi: 3.0.3
info: {title: Uploads, version: 1.0.0}
paths:
  /photos:
    post:
      operationId: addPhoto
      requestBody:
        required: true
        content:
          multipart/form-data:
            schema:
              type: object
              required: [photo, caption]
              properties:
                photo: {type: string, format: binary}
                caption: {type: string, nullable: true}
                sizes: {type: array, items: {type: integer}}
                a/b: {type: object, properties: {x: {type: number}}}
            encoding:
              a/b: {contentType: application/json}
      responses:
        '204': {description: Stored}
  /settings:
    post:
      operationId: saveSettings
      requestBody:
        content:
          multipart/form-data:
            schema: {type: object, additionalProperties: {type: integer}}
      responses:
        '204': {description: Saved}
"#;

    #[test]
    fn multipart_forms_read_each_part_by_its_type() {
        let api = api(UPLOADS);
        let items = crate::operations::op_items(&api);
        let body = items[0].body.as_ref().expect("a body");
        let mut uses = Uses::default();
        let read = multipart_read(&api, items[0].op, body.form.as_ref(), &mut uses);
        let text = text(quote! { fn f() { let body_value = #read; } });
        // Compared without the layout's whitespace and trailing commas.
        let flat = text
            .split_whitespace()
            .collect::<String>()
            .replace(",)", ")");
        for expected in [
            "Some(mut parts) =>",
            "multipart_file(&mut parts, \"photo\", true, \"/body/photo\", &mut violations)",
            // Nullable: an absent part is `None`, not a missing one.
            "multipart_value(&parts, \"caption\", \"string\", false, false, \"/body/caption\", &mut violations).flatten()",
            "multipart_value(&parts, \"sizes\", \"integer\", true, false, \"/body/sizes\", &mut violations)",
            // The encoded part as JSON; its pointer escapes the `/`.
            "multipart_json(&parts, \"a/b\", false, \"/body/a~1b\", &mut violations)",
            // Only the file is needed to build the form: `caption` may be `None`.
            "part_0.map(|part_0| AddPhotoForm { photo: part_0, caption: part_1, sizes: part_2, a_b: part_3, })",
        ] {
            let expected: String = expected.split_whitespace().collect();
            assert!(flat.contains(&expected), "{expected}\n{text}");
        }
        for h in [
            Helper::ReadMultipart,
            Helper::MultipartFile,
            Helper::MultipartValue,
            Helper::MultipartJson,
        ] {
            assert!(uses.helpers.has(h), "{h:?} not recorded");
        }
        assert!(!uses.helpers.has(Helper::MultipartObject));
        let imports = uses.use_items().to_string();
        assert!(
            imports.contains("AddPhotoForm") && imports.contains("FilePart"),
            "{imports}"
        );

        // No form struct: one object, its values read as the map's.
        let settings = items[1].body.as_ref().expect("a body");
        assert!(settings.form.is_none());
        let mut uses = Uses::default();
        let read = multipart_read(&api, items[1].op, None, &mut uses).to_string();
        assert!(
            read.contains("multipart_object (& parts , \"integer\" , false)"),
            "{read}"
        );
        assert!(
            uses.helpers.has(Helper::MultipartObject) && !uses.helpers.has(Helper::MultipartFile)
        );

        // The content type is checked before the parts are read.
        let mut uses = Uses::default();
        let tokens = body_decode(
            BodyKind::Multipart,
            true,
            None,
            Some(quote! { read_parts() }),
            &mut uses,
        )
        .to_string();
        assert!(
            tokens.contains("media != \"multipart/form-data\""),
            "{tokens}"
        );
        assert!(tokens.find("UNSUPPORTED_MEDIA_TYPE") < tokens.find("read_parts"));
    }

    #[test]
    fn each_body_kind_uses_its_decoder() {
        let mut json = Uses::default();
        let tokens = body_decode(BodyKind::Json, true, None, None, &mut json).to_string();
        assert!(tokens.contains("decode_json"), "{tokens}");
        assert!(json.helpers.has(Helper::ContentType) && !json.helpers.has(Helper::DecodeForm));

        let mut form = Uses::default();
        body_decode(BodyKind::Form, false, None, None, &mut form);
        assert!(form.helpers.has(Helper::DecodeForm) && !form.helpers.has(Helper::DecodeJson));

        // Raw bytes take any media type: the content type is not read.
        let mut bytes = Uses::default();
        body_decode(BodyKind::Bytes, true, None, None, &mut bytes);
        assert!(!bytes.helpers.has(Helper::ContentType));
    }
}

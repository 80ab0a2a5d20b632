//! Refusals answered with the error schemas the spec documents: for each operation, the
//! statuses the router answers itself (`400`, `401`, `403`, `404`, `415`, `500`) whose
//! documented body is an object the router can fill, and one `FromRefusal` impl per such
//! schema.
//!
//! A schema is filled by the names of its properties: a message (`message`, `detail`,
//! `title`, `error`, …), the status (`status`, `code`, `httpStatus` when an integer; `code`
//! as the status's word when a string), the violations (`errors`, `violations`, `details`,
//! … as sentences, or as objects with a pointer and a message), a nested `error` object
//! filled the same way, and, in an open object, `violations` as objects. A schema is used
//! only when every required property is filled; the filled value is decoded into the
//! documented type at run time, so a refusal that still does not fit goes to `Api::refusal`.

use std::collections::BTreeMap;

use oasforge_ir::{Additional, Api, Scalar, Status, Struct, Ty, TyKind, TypeId, TypeKind};
use proc_macro2::{Literal, TokenStream};
use quote::quote;

use crate::ledger::{Module, Uses};
use crate::operations::{Codec, OpItems};
use crate::runtime::Helper;
use crate::types::ident;

/// The statuses the router answers itself.
const REFUSED: [u16; 6] = [400, 401, 403, 404, 415, 500];

/// One operation's documented refusals: `(statuses, schema, media type)`.
pub(super) struct Documented {
    arms: Vec<(Vec<u16>, TypeId, String)>,
}

/// The documented error schemas of `item` that a refusal can fill, by status.
pub(super) fn documented(api: &Api, item: &OpItems<'_>) -> Option<Documented> {
    let mut by_schema: BTreeMap<(TypeId, String), Vec<u16>> = BTreeMap::new();
    for status in REFUSED {
        let Some((id, media)) = documented_for(api, item, status) else {
            continue;
        };
        by_schema.entry((id, media)).or_default().push(status);
    }
    let mut arms: Vec<(Vec<u16>, TypeId, String)> = by_schema
        .into_iter()
        .map(|((id, media), statuses)| (statuses, id, media))
        .collect();
    arms.sort_by_key(|(statuses, _, _)| statuses[0]);
    (!arms.is_empty()).then_some(Documented { arms })
}

/// The schema and media type documented for `status` (its code, else its range, else
/// `default`), when it is a JSON object a refusal fills.
fn documented_for(api: &Api, item: &OpItems<'_>, status: u16) -> Option<(TypeId, String)> {
    let rank = |s: Status| match s {
        Status::Code(c) if c == status => Some(0),
        Status::Range(n) if u16::from(n) == status / 100 => Some(1),
        Status::Default => Some(2),
        _ => None,
    };
    let variant = item
        .variants
        .iter()
        .filter_map(|v| rank(v.response.status).map(|r| (r, v)))
        .min_by_key(|(r, _)| *r)
        .map(|(_, v)| v)?;
    let Some((Codec::Json, _)) = variant.body else {
        return None;
    };
    let body = variant.response.body.as_ref()?;
    let TyKind::Named(id) = body.ty.kind else {
        return None;
    };
    let TypeKind::Struct(s) = &api.type_def(id).kind else {
        return None;
    };
    fill_struct(api, s, 0).map(|_| (id, body.content_type.clone()))
}

/// `super::refusals::op(&*api, refusal)` when the operation documents refusals, else
/// `api.refusal(refusal)`.
pub(super) fn refuse(item: &OpItems<'_>, documented: bool, refusal: TokenStream) -> TokenStream {
    if documented {
        let name = &item.method;
        quote! { super::refusals::#name(&*api, #refusal) }
    } else {
        quote! { api.refusal(#refusal) }
    }
}

/// The function of module `refusals` that answers the refusals of `item`.
pub(super) fn refusal_fn(
    api: &Api,
    item: &OpItems<'_>,
    documented: &Documented,
    uses: &mut Uses,
) -> TokenStream {
    uses.use_(Helper::DocumentedError);
    uses.import(Module::Models, "self");
    let name = &item.method;
    let doc = format!(
        " Answers a refusal of {} with the error schema it documents for the status, else as [`Api::refusal`] decides.",
        crate::operations::op_label(item.op)
    );
    let arms = documented.arms.iter().map(|(statuses, id, media)| {
        let statuses = statuses.iter().map(|s| Literal::u16_unsuffixed(*s));
        // Through the module, not imported: a model may be named like an item of `server.rs`
        // (`Response`, `StatusCode`, `State`).
        let schema = ident(&api.type_def(*id).name);
        quote! { #(#statuses)|* => documented::<models::#schema>(&refusal, #media), }
    });
    quote! {
        #[doc = #doc]
        pub(super) fn #name<A: Api>(api: &A, refusal: Refusal) -> Response {
            let documented = match refusal.status.as_u16() {
                #(#arms)*
                _ => None,
            };
            documented.unwrap_or_else(|| api.refusal(refusal))
        }
    }
}

/// `impl FromRefusal` for every schema some operation answers refusals with.
pub(super) fn from_refusal_impls(
    api: &Api,
    documented: &[&Documented],
    uses: &mut Uses,
) -> TokenStream {
    let mut ids: Vec<TypeId> = documented
        .iter()
        .flat_map(|d| d.arms.iter().map(|(_, id, _)| *id))
        .collect();
    ids.sort();
    ids.dedup();
    let impls = ids.iter().filter_map(|id| {
        let def = api.type_def(*id);
        let TypeKind::Struct(s) = &def.kind else {
            return None;
        };
        let value = fill_struct(api, s, 0)?;
        uses.use_(Helper::JsonObject);
        uses.import(Module::Models, "self");
        let name = ident(&def.name);
        Some(quote! {
            impl FromRefusal for models::#name {
                fn from_refusal(refusal: &Refusal) -> Option<Self> {
                    serde_json::from_value(#value).ok()
                }
            }
        })
    });
    quote! { #(#impls)* }
}

/// A property name compared without case, `_` or `-`.
fn key(wire: &str) -> String {
    wire.chars()
        .filter(|c| *c != '_' && *c != '-')
        .flat_map(char::to_lowercase)
        .collect()
}

/// What a use of a type holds on the wire, through aliases.
enum Shape<'a> {
    Text,
    Integer,
    Array(&'a Ty),
    Object(&'a Struct),
    Other,
}

fn shape<'a>(api: &'a Api, ty: &'a Ty) -> Shape<'a> {
    match &ty.kind {
        TyKind::Scalar(Scalar::String) => Shape::Text,
        TyKind::Scalar(Scalar::I32 | Scalar::I64 | Scalar::U32 | Scalar::U64) => Shape::Integer,
        TyKind::Array(item) => Shape::Array(item),
        TyKind::Named(id) => match &api.type_def(*id).kind {
            TypeKind::Alias(inner) => shape(api, inner),
            TypeKind::Struct(s) => Shape::Object(s),
            _ => Shape::Other,
        },
        _ => Shape::Other,
    }
}

const MESSAGE: &[&str] = &[
    "message",
    "detail",
    "title",
    "error",
    "description",
    "errordescription",
    "errormessage",
    "reason",
    "msg",
    "summary",
];
const STATUS: &[&str] = &[
    "status",
    "code",
    "statuscode",
    "httpstatus",
    "errorcode",
    "httpcode",
];
const VIOLATIONS: &[&str] = &[
    "errors",
    "violations",
    "details",
    "issues",
    "nonfielderrors",
    "fielderrors",
    "invalidparams",
    "messages",
];
const POINTER: &[&str] = &[
    "pointer",
    "path",
    "field",
    "location",
    "loc",
    "source",
    "param",
    "parameter",
    "name",
];
const RULE: &[&str] = &["rule", "keyword", "constraint", "type", "code"];

/// A `serde_json::Value` expression of `s` filled from `refusal`, when every required
/// property is filled and at least one is.
fn fill_struct(api: &Api, s: &Struct, depth: u8) -> Option<TokenStream> {
    fill_object(api, s, depth).map(|(value, _)| value)
}

/// [`fill_struct`], and whether the value carries the violations.
fn fill_object(api: &Api, s: &Struct, depth: u8) -> Option<(TokenStream, bool)> {
    let mut entries = Vec::new();
    let mut has_violations = false;
    for field in &s.fields {
        let k = key(&field.wire_name);
        let wire = &field.wire_name;
        let value = match shape(api, &field.ty) {
            Shape::Text if MESSAGE.contains(&k.as_str()) => Some(quote! { refusal.message.into() }),
            Shape::Text if k == "code" || k == "errorcode" => {
                Some(quote! { refusal.code().into() })
            }
            Shape::Integer if STATUS.contains(&k.as_str()) => {
                Some(quote! { refusal.status.as_u16().into() })
            }
            Shape::Array(item) if VIOLATIONS.contains(&k.as_str()) => {
                let value = violations(api, item);
                has_violations |= value.is_some();
                value
            }
            Shape::Object(inner) if k == "error" && depth == 0 => {
                fill_object(api, inner, depth + 1).map(|(value, inner_violations)| {
                    has_violations |= inner_violations;
                    value
                })
            }
            _ => None,
        };
        match value {
            Some(v) => entries.push(quote! { (#wire, #v) }),
            None if field.required => return None,
            None => {}
        }
    }
    if !has_violations && depth == 0 && matches!(s.additional, Additional::Map(_)) {
        has_violations = true;
        entries.push(quote! { ("violations", violation_objects(&refusal.violations)) });
    }
    if entries.is_empty() {
        return None;
    }
    Some((quote! { json_object([#(#entries),*]) }, has_violations))
}

/// The violations as an array of `item`: sentences, or objects with a pointer and message.
fn violations(api: &Api, item: &Ty) -> Option<TokenStream> {
    match shape(api, item) {
        Shape::Text => Some(quote! {
            refusal.violations.iter().map(ToString::to_string).collect()
        }),
        Shape::Object(s) => {
            let mut entries = Vec::new();
            for field in &s.fields {
                let k = key(&field.wire_name);
                let wire = &field.wire_name;
                let value = match shape(api, &field.ty) {
                    Shape::Text if POINTER.contains(&k.as_str()) => {
                        Some(quote! { v.pointer.as_str().into() })
                    }
                    Shape::Text if MESSAGE.contains(&k.as_str()) => {
                        Some(quote! { v.to_string().into() })
                    }
                    Shape::Text if RULE.contains(&k.as_str()) => Some(quote! { v.rule.into() }),
                    Shape::Text if k == "limit" => Some(quote! { v.limit.as_str().into() }),
                    _ => None,
                };
                match value {
                    Some(v) => entries.push(quote! { (#wire, #v) }),
                    None if field.required => return None,
                    None => {}
                }
            }
            (!entries.is_empty()).then(|| {
                quote! {
                    refusal.violations.iter().map(|v| json_object([#(#entries),*])).collect()
                }
            })
        }
        _ => None,
    }
}

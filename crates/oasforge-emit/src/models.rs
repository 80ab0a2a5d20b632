//! Named IR types → serde model items.

use oasforge_ir::{
    Additional, Api, Field, Presence, Scalar, Struct, TyKind, TypeDef, TypeId, TypeKind,
};
use proc_macro2::{Ident, TokenStream};
use quote::quote;

use crate::docs::doc_attrs;
use crate::ledger::{Module, Uses};
use crate::runtime::{self, Helper, Source};
use crate::types::{ident, ty_tokens, ty_uses, EqTable};
use oasforge_ir::names::compose;

pub(crate) mod enums;
mod fields;
mod unions;

use enums::{enum_item, int_enum_item, open_enum_item, open_int_enum_item};
use unions::union_item;

/// Choices that change the shape of the models.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct ModelOptions {
    /// String enums get an `Unknown(String)` variant for values the spec did not list.
    pub open_enums: bool,
    /// The router is generated: it reads requests strictly with the lenient types too (see
    /// [`reads_requests_strictly`]).
    pub server: bool,
}

/// Whether a router of `api` needs the strict reading mode (`read_request`): some type a
/// response carries, read leniently, has an optional property that is not nullable, whose
/// `null` a request must not carry.
pub(crate) fn reads_requests_strictly(api: &Api) -> bool {
    api.types.iter().any(|def| match &def.kind {
        TypeKind::Struct(s) => {
            s.lenient && s.fields.iter().any(|f| refuses_null_in_requests(api, f))
        }
        _ => false,
    })
}

/// Whether a field of a lenient struct reads a `null` as absent, except in a request: an
/// optional, non-nullable field of a type that does not allow `null` itself.
fn refuses_null_in_requests(api: &Api, f: &Field) -> bool {
    f.presence() == Presence::Optional
        && !null_inside(api, &f.ty)
        && !matches!(f.ty.kind, TyKind::Any)
}

/// The items of `models.rs`, in pieces (the items of one type at a time, then the runtime
/// helpers) built as they are asked for, so a large API's tokens are never all alive at
/// once. Each type's item records into `uses` what it uses as it is built (dependencies,
/// imports, runtime helpers); the helpers come last, once every type has recorded its own,
/// and `files.rs` writes the `use` lines above the items once they are all built.
pub(crate) fn models<'a>(
    api: &'a Api,
    options: ModelOptions,
    uses: &'a mut Uses,
) -> impl Iterator<Item = TokenStream> + 'a {
    let cx = Context {
        eq: EqTable::new(api),
        defaults: DefaultNames::new(api),
        options,
        strict_requests: options.server && reads_requests_strictly(api),
    };
    if cx.strict_requests {
        // The router switches strict reading on around a request body.
        uses.use_(Helper::ReadRequest);
    }
    let mut next = 0;
    let mut helpers_done = false;
    std::iter::from_fn(move || {
        if let Some(def) = api.types.get(next) {
            let id = TypeId(next);
            next += 1;
            return Some(type_item(api, &cx, id, def, uses));
        }
        if helpers_done {
            return None;
        }
        helpers_done = true;
        // Present-or-null fields and unions read by best fit use runtime helpers.
        Some(runtime::items(Source::Models, &uses.helpers, |_| true))
    })
}

/// What every type's items are built with: the tables computed once for the API.
struct Context {
    eq: EqTable,
    defaults: DefaultNames,
    options: ModelOptions,
    /// The router reads requests strictly (see [`reads_requests_strictly`]).
    strict_requests: bool,
}

/// Whether a use names an alias whose type is nullable (`CreatedAt = Option<DateTime>`).
fn null_inside(api: &Api, ty: &oasforge_ir::Ty) -> bool {
    let mut ty = ty;
    for _ in 0..16 {
        let oasforge_ir::TyKind::Named(id) = ty.kind else {
            return false;
        };
        let TypeKind::Alias(inner) = &api.type_def(id).kind else {
            return false;
        };
        if inner.nullable {
            return true;
        }
        ty = inner;
    }
    false
}

fn type_item(api: &Api, cx: &Context, id: TypeId, def: &TypeDef, uses: &mut Uses) -> TokenStream {
    uses.import(Module::Serde, "Deserialize");
    uses.import(Module::Serde, "Serialize");
    let name = ident(&def.name);
    let docs = doc_attrs(&def.docs, &[]);
    let deprecated = def.deprecated.then(|| quote! { #[deprecated] });
    let eq_derive = cx.eq.is_eq(id).then(|| quote! { Eq, });
    match &def.kind {
        TypeKind::Struct(s) => {
            let reading = if !s.lenient {
                Reading::Strict
            } else if cx.strict_requests {
                Reading::StrictInRequests
            } else {
                Reading::Lenient
            };
            let body = struct_body(api, &cx.defaults, &def.name, s, reading, uses);
            let allow_deprecated = def.deprecated || s.fields.iter().any(|f| f.deprecated);
            let serde = fields::impls(
                api,
                &cx.defaults,
                &def.name,
                s,
                reading,
                allow_deprecated,
                uses,
            );
            let all_optional = s.fields.iter().all(|f| {
                api.is_tag_field(f)
                    || matches!(
                        f.presence(),
                        Presence::Optional | Presence::OptionalNullable | Presence::Defaulted
                    )
            });
            let defaulted: Vec<&Field> = s
                .fields
                .iter()
                .filter(|f| f.presence() == Presence::Defaulted)
                .collect();
            // A discriminator field (`lower::tags`) takes its enum's `Default`.
            let derive_default =
                (all_optional && defaulted.is_empty()).then(|| quote! { Default, });
            let default_fns = defaulted
                .iter()
                .map(|f| default_fn(&cx.defaults, &def.name, f));
            let default_impl = (all_optional && !defaulted.is_empty())
                .then(|| default_impl(api, &cx.defaults, &name, &def.name, s));
            let new = crate::constructors::struct_new(api, &cx.defaults, &name, &def.name, s);
            quote! {
                #docs
                #deprecated
                #[derive(Debug, Clone, #derive_default PartialEq, #eq_derive)]
                pub struct #name {
                    #body
                }
                #serde
                #new
                #default_impl
                #(#default_fns)*
            }
        }
        TypeKind::Tuple(items) => {
            let items = items.iter().map(|ty| {
                ty_uses(ty, uses);
                let ty = ty_tokens(api, ty);
                quote! { pub #ty }
            });
            quote! {
                #docs
                #deprecated
                #[derive(Debug, Clone, PartialEq, #eq_derive Serialize, Deserialize)]
                pub struct #name(#(#items),*);
            }
        }
        TypeKind::Enum(e) if cx.options.open_enums || e.open => {
            open_enum_item(&name, &docs, deprecated, e, uses)
        }
        TypeKind::Enum(e) => {
            // A closed string enum's `FromStr` fails with the validation error.
            uses.import(Module::Validate, "ValidationErrors");
            uses.import(Module::Validate, "Violation");
            enum_item(&name, &docs, deprecated, e, uses)
        }
        TypeKind::IntEnum(e) if cx.options.open_enums || e.open => {
            open_int_enum_item(&name, &docs, deprecated, e)
        }
        TypeKind::IntEnum(e) => int_enum_item(&name, &docs, deprecated, e),
        TypeKind::Union(u) => union_item(api, &name, &def.docs, deprecated, eq_derive, u, uses),
        TypeKind::Alias(ty) if crate::validate::is_newtype(def) => {
            ty_uses(ty, uses);
            crate::validate::newtype_declaration(&name, &docs, deprecated, ty)
        }
        TypeKind::Alias(ty) => {
            ty_uses(ty, uses);
            let ty = ty_tokens(api, ty);
            quote! {
                #docs
                #deprecated
                pub type #name = #ty;
            }
        }
    }
}

/// The names of the functions that give fields their defaults, by (type name, field name):
/// `default_settings_retries`, made unique across the file.
pub(crate) struct DefaultNames(std::collections::HashMap<(String, String), String>);

impl DefaultNames {
    fn new(api: &Api) -> Self {
        let mut taken = std::collections::HashSet::new();
        let mut names = std::collections::HashMap::new();
        for def in &api.types {
            let TypeKind::Struct(s) = &def.kind else {
                continue;
            };
            let owner = compose("default", &oasforge_ir::names::field_name(&def.name));
            for f in s
                .fields
                .iter()
                .filter(|f| f.presence() == Presence::Defaulted)
            {
                let name = oasforge_ir::names::unique(compose(&owner, &f.name), &mut taken);
                names.insert((def.name.clone(), f.name.clone()), name);
            }
        }
        Self(names)
    }

    pub(crate) fn get(&self, type_name: &str, f: &Field) -> Ident {
        let name = self
            .0
            .get(&(type_name.to_owned(), f.name.clone()))
            .cloned()
            .unwrap_or_else(|| compose("default", &f.name));
        ident(&name)
    }
}

/// The expression of a literal default (see [`Field::literal_default`]).
fn default_expr(f: &Field) -> TokenStream {
    match f.literal_default() {
        Some(serde_json::Value::Bool(b)) => quote! { #b },
        Some(serde_json::Value::String(text)) => quote! { #text.to_owned() },
        Some(serde_json::Value::Number(n)) => match f.ty.kind {
            oasforge_ir::TyKind::Scalar(oasforge_ir::Scalar::F32 | oasforge_ir::Scalar::F64) => {
                let lit = proc_macro2::Literal::f64_unsuffixed(n.as_f64().unwrap_or_default());
                quote! { #lit }
            }
            _ => {
                let lit = match n.as_i64() {
                    Some(i) => proc_macro2::Literal::i64_unsuffixed(i),
                    None => proc_macro2::Literal::u64_unsuffixed(n.as_u64().unwrap_or_default()),
                };
                quote! { #lit }
            }
        },
        _ => quote! { Default::default() },
    }
}

fn default_fn(defaults: &DefaultNames, type_name: &str, f: &Field) -> TokenStream {
    let name = defaults.get(type_name, f);
    let ty = crate::types::scalar_of(&f.ty);
    let value = default_expr(f);
    quote! {
        fn #name() -> #ty {
            #value
        }
    }
}

/// `impl Default` for a struct whose fields all have a default (`None` or a literal).
fn default_impl(
    api: &Api,
    defaults: &DefaultNames,
    name: &Ident,
    type_name: &str,
    s: &Struct,
) -> TokenStream {
    let fields = s.fields.iter().map(|f| {
        let field = ident(&f.name);
        if api.is_tag_field(f) && crate::constructors::is_required(f) {
            quote! { #field: Default::default(), }
        } else if f.presence() == Presence::Defaulted {
            let func = defaults.get(type_name, f);
            quote! { #field: #func(), }
        } else {
            quote! { #field: None, }
        }
    });
    let extra = match &s.additional {
        Additional::Map(_) => {
            let extra = ident(&extra_field_name(s));
            Some(quote! { #extra: Default::default(), })
        }
        _ => None,
    };
    let allow = s
        .fields
        .iter()
        .any(|f| f.deprecated)
        .then(|| quote! { #[allow(deprecated)] });
    quote! {
        #allow
        impl Default for #name {
            fn default() -> Self {
                Self {
                    #(#fields)*
                    #extra
                }
            }
        }
    }
}

/// The name of the flattened map of undeclared properties.
pub(crate) fn extra_field_name(s: &Struct) -> String {
    let mut name = "additional_properties".to_owned();
    while s.fields.iter().any(|f| f.name == name) {
        name.insert(0, '_');
    }
    name
}

/// The fields of a struct, read as `reading` says.
fn struct_body(
    api: &Api,
    defaults: &DefaultNames,
    type_name: &str,
    s: &Struct,
    reading: Reading,
    uses: &mut Uses,
) -> TokenStream {
    let fields: Vec<TokenStream> = s
        .fields
        .iter()
        .map(|f| field(api, defaults, type_name, f, reading, uses))
        .collect();
    let extra = match &s.additional {
        Additional::Map(value) => {
            ty_uses(value, uses);
            let value = ty_tokens(api, value);
            let name = ident(&extra_field_name(s));
            Some(quote! {
                #[doc = " Properties not declared by the schema, kept as they came."]
                pub #name: std::collections::BTreeMap<String, #value>,
            })
        }
        _ => None,
    };
    quote! { #(#fields)* #extra }
}

/// How a struct's fields read a `null` the schema does not allow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reading {
    /// Only requests carry the struct: refused (see [`oasforge_ir::Struct::lenient`]).
    Strict,
    /// A response carries it: read as absent.
    Lenient,
    /// A response carries it and the router is generated: read as absent, refused in a
    /// request (`deserialize_optional`).
    StrictInRequests,
}

/// One field of a struct, read as `reading` says.
fn field(
    api: &Api,
    defaults: &DefaultNames,
    type_name: &str,
    f: &Field,
    reading: Reading,
    uses: &mut Uses,
) -> TokenStream {
    let name = ident(&f.name);
    let mut extra_docs = Vec::new();
    if let Some(default) = f.default() {
        extra_docs.push(format!("Defaults to `{default}` when absent."));
    }
    let examples: Vec<String> = f
        .examples
        .iter()
        .map(|e| e.to_string())
        .filter(|e| e.len() <= 100 && !e.contains('`'))
        .take(3)
        .map(|e| format!("`{e}`"))
        .collect();
    if !examples.is_empty() {
        let label = if examples.len() == 1 {
            "Example"
        } else {
            "Examples"
        };
        extra_docs.push(format!("{label}: {}.", examples.join(", ")));
    }
    if matches!(f.ty.kind, TyKind::Scalar(Scalar::Byte)) {
        extra_docs.push("Base64-encoded bytes.".to_owned());
    }
    if f.read_only {
        extra_docs
            .push("Read-only: set by the server; the client leaves it out of requests.".to_owned());
    }
    if f.write_only {
        extra_docs.push("Write-only: sent in requests, never returned.".to_owned());
    }
    let docs = doc_attrs(&f.docs, &extra_docs);
    let deprecated = f.deprecated.then(|| quote! { #[deprecated] });
    ty_uses(&f.ty, uses);
    let mut inner = ty_tokens(api, &f.ty);
    if f.boxed {
        inner = quote! { Box<#inner> };
    }
    // `inner` is already `Option<T>` when the value may be null.
    let read = fields::FieldRead::of(api, defaults, type_name, f, reading);
    let ty = if read.is_optional() {
        quote! { Option<#inner> }
    } else {
        inner
    };
    quote! {
        #docs
        #deprecated
        pub #name: #ty,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::Dep;
    use crate::testing::{api, text, PETS, PLAIN};

    #[test]
    fn a_struct_renames_to_wire_names_and_records_what_it_uses() {
        let api = api(PETS);
        let mut uses = Uses::default();
        let text = text(models(&api, ModelOptions::default(), &mut uses).collect());
        assert!(text.contains("pub struct Pet {"), "{text}");
        assert!(
            text.contains(r#"map.serialize_entry("petId", &self.pet_id)?;"#),
            "{text}"
        );
        // `tag` may be absent or null: the runtime reader keeps the two apart.
        assert!(text.contains("impl FromFields for Pet"), "{text}");
        assert!(
            text.contains(r#""petId" => read_field(&mut map, &mut pet_id, "petId")?"#),
            "{text}"
        );
        assert!(uses.helpers.has(Helper::ReadField));
        assert!(text.contains("fn read_field"), "{text}");
        assert!(uses.needs(Dep::Chrono));
        assert_eq!(
            uses.use_items().to_string(),
            quote! {
                use serde::{Deserialize, Deserializer, Serialize, Serializer};
                use serde::de::MapAccess;
                use serde::ser::SerializeMap;
            }
            .to_string()
        );
    }

    #[test]
    fn runtime_helpers_appear_only_when_used() {
        let api = api(PLAIN);
        let mut uses = Uses::default();
        let text = text(models(&api, ModelOptions::default(), &mut uses).collect());
        assert!(!uses.helpers.has(Helper::ReadOptional));
        assert!(!uses.helpers.has(Helper::UnionLoss));
        assert!(!text.contains("read_optional") && !text.contains("union_loss"));

        let api = crate::testing::api(
            r#"
openapi: 3.0.3
info: {title: U, version: 1.0.0}
paths: {}
components:
  schemas:
    Either:
      oneOf:
        - {type: object, required: [a], properties: {a: {type: string}}}
        - {type: object, required: [b], properties: {b: {type: integer}}}
"#,
        );
        let mut uses = Uses::default();
        let text = crate::testing::text(models(&api, ModelOptions::default(), &mut uses).collect());
        assert!(uses.helpers.has(Helper::UnionLoss));
        assert!(uses.needs(Dep::SerdeJson));
        assert!(text.contains("fn union_loss<T: Serialize>"), "{text}");
        assert!(text.contains("pub enum Either"), "{text}");
    }
}

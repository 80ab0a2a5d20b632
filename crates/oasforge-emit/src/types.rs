//! IR type uses → Rust type tokens.

use oasforge_ir::{Api, Scalar, Ty, TyKind, TypeId, TypeKind};
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::ledger::{Dep, Uses};

/// An identifier, raw (`r#type`) where the IR name says so.
pub(crate) fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// The Rust type of a use, `Option<…>` included when the use is nullable.
pub(crate) fn ty_tokens(api: &Api, ty: &Ty) -> TokenStream {
    ty_tokens_in(api, ty, None)
}

/// [`ty_tokens`] with each named type written through `module` (`models::Error`), for a file
/// where a model's own name could mean one of the file's items (`Client`, `Error`).
pub(crate) fn ty_tokens_through(api: &Api, ty: &Ty, module: &TokenStream) -> TokenStream {
    ty_tokens_in(api, ty, Some(module))
}

fn ty_tokens_in(api: &Api, ty: &Ty, module: Option<&TokenStream>) -> TokenStream {
    let inner = kind_tokens(api, &ty.kind, module);
    if ty.nullable {
        quote! { Option<#inner> }
    } else {
        inner
    }
}

/// The Rust type of a scalar use (for default functions), `serde_json::Value` otherwise.
pub(crate) fn scalar_of(ty: &Ty) -> TokenStream {
    match ty.kind {
        TyKind::Scalar(s) => scalar_tokens(s),
        _ => quote! { serde_json::Value },
    }
}

fn kind_tokens(api: &Api, kind: &TyKind, module: Option<&TokenStream>) -> TokenStream {
    match kind {
        TyKind::Named(id) => {
            let name = ident(&api.type_def(*id).name);
            match module {
                Some(module) => quote! { #module::#name },
                None => quote! { #name },
            }
        }
        TyKind::Scalar(s) => scalar_tokens(*s),
        TyKind::Array(item) => {
            let item = ty_tokens_in(api, item, module);
            quote! { Vec<#item> }
        }
        TyKind::Map(value) => {
            let value = ty_tokens_in(api, value, module);
            quote! { std::collections::BTreeMap<String, #value> }
        }
        TyKind::Any => quote! { serde_json::Value },
    }
}

fn scalar_tokens(s: Scalar) -> TokenStream {
    match s {
        Scalar::String | Scalar::Binary | Scalar::Byte => quote! { String },
        Scalar::DateTime => quote! { chrono::DateTime<chrono::Utc> },
        Scalar::Bool => quote! { bool },
        Scalar::I32 => quote! { i32 },
        Scalar::I64 => quote! { i64 },
        Scalar::F32 => quote! { f32 },
        Scalar::F64 => quote! { f64 },
        Scalar::Date => quote! { chrono::NaiveDate },
        Scalar::Uuid => quote! { uuid::Uuid },
        Scalar::Ipv4 => quote! { std::net::Ipv4Addr },
        Scalar::Ipv6 => quote! { std::net::Ipv6Addr },
        Scalar::U32 => quote! { u32 },
        Scalar::U64 => quote! { u64 },
    }
}

/// Records the dependencies a use of `ty` brings (`chrono`, `uuid`, `serde_json`).
pub(crate) fn ty_uses(ty: &Ty, uses: &mut Uses) {
    walk(ty, &mut |k| match k {
        TyKind::Scalar(Scalar::DateTime | Scalar::Date) => uses.dep(Dep::Chrono),
        TyKind::Scalar(Scalar::Uuid) => uses.dep(Dep::Uuid),
        TyKind::Any => uses.dep(Dep::SerdeJson),
        _ => {}
    })
}

fn walk(ty: &Ty, f: &mut impl FnMut(&TyKind)) {
    f(&ty.kind);
    match &ty.kind {
        TyKind::Array(inner) | TyKind::Map(inner) => walk(inner, f),
        _ => {}
    }
}

/// Whether every value of the type supports `Eq` (no floating point anywhere inside).
pub(crate) struct EqTable(Vec<bool>);

impl EqTable {
    pub(crate) fn new(api: &Api) -> Self {
        // Start optimistic, then clear every type that holds a float, until nothing changes.
        let mut eq = vec![true; api.types.len()];
        loop {
            let mut changed = false;
            for (i, def) in api.types.iter().enumerate() {
                if !eq[i] {
                    continue;
                }
                let ok = match &def.kind {
                    TypeKind::Struct(s) => {
                        s.fields.iter().all(|f| ty_is_eq(&f.ty, &eq))
                            && match &s.additional {
                                oasforge_ir::Additional::Map(v) => ty_is_eq(v, &eq),
                                _ => true,
                            }
                    }
                    TypeKind::Alias(ty) => ty_is_eq(ty, &eq),
                    TypeKind::Union(u) => u.variants.iter().all(|v| ty_is_eq(&v.ty, &eq)),
                    TypeKind::Tuple(items) => items.iter().all(|t| ty_is_eq(t, &eq)),
                    TypeKind::Enum(_) | TypeKind::IntEnum(_) => true,
                };
                if !ok {
                    eq[i] = false;
                    changed = true;
                }
            }
            if !changed {
                return Self(eq);
            }
        }
    }

    pub(crate) fn is_eq(&self, id: TypeId) -> bool {
        self.0[id.0]
    }
}

fn ty_is_eq(ty: &Ty, eq: &[bool]) -> bool {
    match &ty.kind {
        TyKind::Named(id) => eq[id.0],
        TyKind::Scalar(Scalar::F32 | Scalar::F64) => false,
        TyKind::Scalar(_) | TyKind::Any => true,
        TyKind::Array(inner) | TyKind::Map(inner) => ty_is_eq(inner, eq),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::Dep;
    use crate::testing::{api, PETS};
    use oasforge_ir::{Field, TypeKind};

    fn field<'a>(api: &'a Api, model: &str, wire: &str) -> &'a Field {
        let def = api.types.iter().find(|t| t.name == model);
        match def.map(|d| &d.kind) {
            Some(TypeKind::Struct(s)) => s.fields.iter().find(|f| f.wire_name == wire),
            _ => None,
        }
        .expect("the test spec has the field")
    }

    #[test]
    fn formats_become_rust_types_with_their_dependencies() {
        let api = api(PETS);
        let born = field(&api, "Pet", "born");
        assert_eq!(
            ty_tokens(&api, &born.ty).to_string(),
            quote! { chrono::DateTime<chrono::Utc> }.to_string()
        );
        let mut uses = Uses::default();
        ty_uses(&born.ty, &mut uses);
        assert!(uses.needs(Dep::Chrono) && !uses.needs(Dep::Uuid));
        let id = &api.operations[0].params[0].ty;
        assert_eq!(ty_tokens(&api, id).to_string(), "uuid :: Uuid");
        ty_uses(id, &mut uses);
        assert!(uses.needs(Dep::Uuid));
        let tag = field(&api, "Pet", "tag");
        assert_eq!(
            ty_tokens(&api, &tag.ty).to_string(),
            quote! { Option<String> }.to_string()
        );
    }

    #[test]
    fn floats_anywhere_inside_take_eq_away() {
        let api = api(r#"
openapi: 3.0.3
info: {title: Eq, version: 1.0.0}
paths: {}
components:
  schemas:
    Point: {type: object, properties: {x: {type: number}}}
    Shape: {type: object, properties: {at: {$ref: '#/components/schemas/Point'}}}
    Count: {type: object, properties: {n: {type: integer}}}
"#);
        let eq = EqTable::new(&api);
        let id = |name: &str| {
            TypeId(
                api.types
                    .iter()
                    .position(|t| t.name == name)
                    .expect("the model exists"),
            )
        };
        assert!(!eq.is_eq(id("Point")) && !eq.is_eq(id("Shape")));
        assert!(eq.is_eq(id("Count")));
    }

    #[test]
    fn raw_identifiers_stay_raw() {
        assert_eq!(ident("r#type").to_string(), "r#type");
        assert_eq!(ident("kind").to_string(), "kind");
    }
}

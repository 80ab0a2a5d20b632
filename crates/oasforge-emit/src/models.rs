//! Named IR types → serde model items.

use oasforge_ir::{Additional, Api, Field, StringEnum, Struct, TypeDef, TypeId, TypeKind};
use proc_macro2::TokenStream;
use quote::quote;

use crate::docs::doc_attrs;
use crate::types::{ident, ty_tokens, EqTable};

/// The items of `models.rs`.
pub(crate) fn models(api: &Api) -> TokenStream {
    let eq = EqTable::new(api);
    let needs_serde = !api.types.is_empty();
    let uses = needs_serde.then(|| quote! { use serde::{Deserialize, Serialize}; });
    let items = api
        .types
        .iter()
        .enumerate()
        .map(|(i, def)| type_item(api, &eq, TypeId(i), def));
    quote! {
        #uses
        #(#items)*
    }
}

fn type_item(api: &Api, eq: &EqTable, id: TypeId, def: &TypeDef) -> TokenStream {
    let name = ident(&def.name);
    let docs = doc_attrs(&def.docs, &[]);
    let deprecated = def.deprecated.then(|| quote! { #[deprecated] });
    match &def.kind {
        TypeKind::Struct(s) => {
            let body = struct_body(api, s);
            let eq_derive = eq.is_eq(id).then(|| quote! { Eq, });
            let deny = matches!(s.additional, Additional::Forbidden)
                .then(|| quote! { #[serde(deny_unknown_fields)] });
            quote! {
                #docs
                #deprecated
                #[derive(Debug, Clone, PartialEq, #eq_derive Serialize, Deserialize)]
                #deny
                pub struct #name {
                    #body
                }
            }
        }
        TypeKind::Enum(e) => enum_item(&name, &docs, deprecated, e),
        TypeKind::Alias(ty) if crate::validate::is_newtype(def) => {
            crate::validate::newtype_declaration(&name, &docs, deprecated, ty)
        }
        TypeKind::Alias(ty) => {
            let ty = ty_tokens(api, ty);
            quote! {
                #docs
                #deprecated
                pub type #name = #ty;
            }
        }
    }
}

fn struct_body(api: &Api, s: &Struct) -> TokenStream {
    let fields = s.fields.iter().map(|f| field(api, f));
    let extra = match &s.additional {
        Additional::Map(value) => {
            let value = ty_tokens(api, value);
            let mut name = "additional_properties".to_owned();
            while s.fields.iter().any(|f| f.name == name) {
                name.insert(0, '_');
            }
            let name = ident(&name);
            Some(quote! {
                #[doc = " Properties not declared by the schema, kept as they came."]
                #[serde(flatten)]
                pub #name: std::collections::BTreeMap<String, #value>,
            })
        }
        _ => None,
    };
    quote! { #(#fields)* #extra }
}

fn field(api: &Api, f: &Field) -> TokenStream {
    let name = ident(&f.name);
    let mut extra_docs = Vec::new();
    if let Some(default) = &f.default {
        extra_docs.push(format!("Defaults to `{default}` when absent."));
    }
    let docs = doc_attrs(&f.docs, &extra_docs);
    let deprecated = f.deprecated.then(|| quote! { #[deprecated] });
    let mut inner = ty_tokens(api, &f.ty);
    if f.boxed {
        inner = quote! { Box<#inner> };
    }
    let mut serde_args: Vec<TokenStream> = Vec::new();
    let bare = f.name.strip_prefix("r#").unwrap_or(&f.name);
    if bare != f.wire_name {
        let wire = &f.wire_name;
        serde_args.push(quote! { rename = #wire });
    }
    // An optional field is `Option<T>`; when the type itself is nullable it already is one.
    let ty = if f.required || f.ty.nullable {
        inner
    } else {
        serde_args.push(quote! { default });
        serde_args.push(quote! { skip_serializing_if = "Option::is_none" });
        quote! { Option<#inner> }
    };
    let serde_attr = (!serde_args.is_empty()).then(|| quote! { #[serde(#(#serde_args),*)] });
    quote! {
        #docs
        #deprecated
        #serde_attr
        pub #name: #ty,
    }
}

fn enum_item(
    name: &proc_macro2::Ident,
    docs: &TokenStream,
    deprecated: Option<TokenStream>,
    e: &StringEnum,
) -> TokenStream {
    let variants = e.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let wire = &v.wire_value;
        let rename = (v.name != v.wire_value).then(|| quote! { #[serde(rename = #wire)] });
        quote! { #rename #variant, }
    });
    let arms = e.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let wire = &v.wire_value;
        quote! { Self::#variant => #wire, }
    });
    quote! {
        #docs
        #deprecated
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum #name {
            #(#variants)*
        }

        impl #name {
            /// The value as it appears on the wire.
            pub fn as_str(&self) -> &'static str {
                match self {
                    #(#arms)*
                }
            }
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    }
}

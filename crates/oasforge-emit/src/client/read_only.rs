//! What the client clears before sending a request body: `impl ClearReadOnly` for every
//! type `oasforge_ir::read_only` says a request body carries with a `readOnly` property.

use oasforge_ir::{Additional, TyKind, TypeDef, TypeKind};
use proc_macro2::TokenStream;
use quote::quote;

use crate::types::ident;

/// `impl ClearReadOnly`: what the client clears in a type before sending it (see
/// `oasforge_ir::read_only`): its `readOnly` properties (always optional) become absent,
/// and whatever it holds that has some is cleared in turn.
pub(super) fn clear_read_only(def: &TypeDef, cleared: &[bool]) -> Option<TokenStream> {
    let holds = |ty: &oasforge_ir::Ty| named_id(ty).is_some_and(|id| cleared[id]);
    let name = ident(&def.name);
    // Implemented here, where the trait is: the client is the only sender.
    let body = match &def.kind {
        TypeKind::Struct(s) => {
            let mut steps: Vec<TokenStream> = s
                .fields
                .iter()
                .filter_map(|f| {
                    let field = ident(&f.name);
                    if f.read_only {
                        Some(quote! { self.#field = None; })
                    } else if holds(&f.ty) {
                        Some(quote! { self.#field.clear_read_only(); })
                    } else {
                        None
                    }
                })
                .collect();
            if let Additional::Map(value) = &s.additional {
                if holds(value) {
                    let extra = ident(&crate::models::extra_field_name(s));
                    steps.push(quote! { self.#extra.clear_read_only(); });
                }
            }
            let allow = s
                .fields
                .iter()
                .any(|f| f.deprecated)
                .then(|| quote! { #[allow(deprecated)] });
            quote! { #allow fn clear_read_only(&mut self) { #(#steps)* } }
        }
        TypeKind::Union(u) => {
            let arms: Vec<TokenStream> = u
                .variants
                .iter()
                .filter(|v| holds(&v.ty))
                .map(|v| {
                    let variant = ident(&v.name);
                    quote! { Self::#variant(value) => value.clear_read_only(), }
                })
                .collect();
            let rest = (arms.len() < u.variants.len()).then(|| quote! { _ => {} });
            quote! { fn clear_read_only(&mut self) { match self { #(#arms)* #rest } } }
        }
        TypeKind::Tuple(items) => {
            let steps = items
                .iter()
                .enumerate()
                .filter(|(_, ty)| holds(ty))
                .map(|(i, _)| {
                    let index = syn::Index::from(i);
                    quote! { self.#index.clear_read_only(); }
                });
            quote! { fn clear_read_only(&mut self) { #(#steps)* } }
        }
        // An alias is cleared through the type it names; enums hold nothing.
        TypeKind::Alias(_) | TypeKind::Enum(_) | TypeKind::IntEnum(_) => return None,
    };
    Some(quote! {
        impl ClearReadOnly for super::models::#name {
            #body
        }
    })
}

/// The named type a use reaches through arrays and maps.
fn named_id(ty: &oasforge_ir::Ty) -> Option<usize> {
    match &ty.kind {
        TyKind::Named(id) => Some(id.0),
        TyKind::Array(inner) | TyKind::Map(inner) => named_id(inner),
        TyKind::Scalar(_) | TyKind::Any => None,
    }
}

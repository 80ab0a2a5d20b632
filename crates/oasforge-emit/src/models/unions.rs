//! Unions: tagged by an added or a declared discriminator, or read by best fit.

use oasforge_ir::{Additional, Api, TagStyle, TypeKind, Union};
use proc_macro2::{Ident, TokenStream};
use quote::quote;

use crate::docs::doc_attrs;
use crate::ledger::{Dep, Uses};
use crate::runtime::Helper;
use crate::types::{ident, ty_tokens, ty_uses};

/// A union's enum, its serde impls and its best-fit reader.
pub(super) fn union_item(
    api: &Api,
    name: &Ident,
    docs: &oasforge_ir::Docs,
    deprecated: Option<TokenStream>,
    eq_derive: Option<TokenStream>,
    u: &Union,
    uses: &mut Uses,
) -> TokenStream {
    let variants: Vec<TokenStream> = u
        .variants
        .iter()
        .map(|v| {
            let variant = ident(&v.name);
            ty_uses(&v.ty, uses);
            let mut ty = ty_tokens(api, &v.ty);
            if v.boxed {
                ty = quote! { Box<#ty> };
            }
            let vdocs = doc_attrs(&v.docs, &[]);
            let rename = match (&u.tag, v.tags.split_first()) {
                (Some(tag), Some((first, rest))) if tag.style == TagStyle::Added => {
                    Some(quote! { #[serde(rename = #first #(, alias = #rest)*)] })
                }
                _ => None,
            };
            quote! { #vdocs #rename #variant(#ty), }
        })
        .collect();
    // Variants of very different sizes are the spec's shape; boxing them would burden users.
    let large = (u.variants.len() > 1).then(|| quote! { #[allow(clippy::large_enum_variant)] });
    let how = match &u.tag {
        None if u.exclusive => {
            "Exactly one of the alternatives (`oneOf`); read by trying each in turn."
        }
        None => "Any of the alternatives (`anyOf`); read as the first that fits.",
        Some(_) => "One of the alternatives, chosen by the discriminator property.",
    };
    let docs = doc_attrs(docs, &[how.to_owned()]);
    match &u.tag {
        Some(tag) if tag.style == TagStyle::Added => {
            let property = &tag.property;
            quote! {
                #docs
                #deprecated
                #[derive(Debug, Clone, PartialEq, #eq_derive Serialize, Deserialize)]
                #large
                #[serde(tag = #property)]
                pub enum #name {
                    #(#variants)*
                }
            }
        }
        Some(tag) => {
            let property = &tag.property;
            let arms = u.variants.iter().map(|v| {
                let variant = ident(&v.name);
                let tags = &v.tags;
                quote! { #(#tags)|* => serde_json::from_value(value).map(Self::#variant), }
            });
            // A tag no variant lists (a kind added later, or a mock's invention): the variant
            // that accounts for the value best reads it — the parent's own struct in `allOf`
            // polymorphism, unless a child keeps more — and the declared tag property is
            // written back as read, so nothing is lost.
            let unknown =
                quote! { _ => return Self::best_fit(value).map_err(serde::de::Error::custom), };
            // Read through `serde_json::Value`: by the declared tag, or by the best fit.
            uses.dep(Dep::SerdeJson);
            let body = best_fit(api, u, uses);
            let fit_fn = quote! {
                impl #name {
                    /// Reads `value` as the variant that accounts for it best.
                    fn best_fit(value: serde_json::Value) -> Result<Self, String> {
                        #body
                    }
                }
            };
            let serialize = declared_tag_serialize(name, property, u);
            quote! {
                #docs
                #deprecated
                #[derive(Debug, Clone, PartialEq, #eq_derive)]
                #large
                pub enum #name {
                    #(#variants)*
                }

                #serialize

                impl<'de> Deserialize<'de> for #name {
                    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                        let value = serde_json::Value::deserialize(deserializer)?;
                        let tag = value
                            .get(#property)
                            .and_then(serde_json::Value::as_str)
                            .map(str::to_owned)
                            .ok_or_else(|| serde::de::Error::missing_field(#property))?;
                        match tag.as_str() {
                            #(#arms)*
                            #unknown
                        }
                        .map_err(serde::de::Error::custom)
                    }
                }

                #fit_fn
            }
        }
        None => {
            uses.dep(Dep::SerdeJson);
            let body = best_fit(api, u, uses);
            quote! {
                #docs
                #deprecated
                #[derive(Debug, Clone, PartialEq, #eq_derive Serialize)]
                #large
                #[serde(untagged)]
                pub enum #name {
                    #(#variants)*
                }

                impl<'de> Deserialize<'de> for #name {
                    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                        let value = serde_json::Value::deserialize(deserializer)?;
                        Self::best_fit(value).map_err(serde::de::Error::custom)
                    }
                }

                impl #name {
                    /// Reads `value` as the variant that accounts for it best.
                    fn best_fit(value: serde_json::Value) -> Result<Self, String> {
                        #body
                    }
                }
            }
        }
    }
}

/// `Serialize` for a union whose variants declare the discriminator themselves: the tag
/// comes from the variant, so a `Cat` whose field says `"Dog"` (another variant's value) is
/// written as a `Cat`. A value no variant lists (read from a newer server) is written back
/// as read, and a variant's other accepted values (`mapping` aliases) are kept.
fn declared_tag_serialize(name: &Ident, property: &str, u: &Union) -> TokenStream {
    let every: Vec<&str> = u
        .variants
        .iter()
        .flat_map(|v| v.tags.iter().map(String::as_str))
        .collect();
    let arms = u.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let own = &v.tags;
        quote! { Self::#variant(v) => (serde_json::to_value(v), &[#(#own),*]), }
    });
    quote! {
        impl Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                const TAGS: &[&str] = &[#(#every),*];
                let (value, own): (_, &[&str]) = match self {
                    #(#arms)*
                };
                let mut value = value.map_err(serde::ser::Error::custom)?;
                if let (Some(first), Some(map)) = (own.first(), value.as_object_mut()) {
                    let written = map.get(#property).and_then(serde_json::Value::as_str);
                    if written.is_some_and(|t| TAGS.contains(&t) && !own.contains(&t)) {
                        map.insert(#property.to_owned(), serde_json::Value::from(*first));
                    }
                }
                value.serialize(serializer)
            }
        }
    }
}

/// The body of a function reading `value` (a `serde_json::Value`) as the variant of `u`
/// that loses least of it (see `union_loss`; the first that loses nothing, the union's
/// fallback tried first): an error naming every variant's complaint when none reads it.
fn best_fit(api: &Api, u: &Union, uses: &mut Uses) -> TokenStream {
    uses.use_(Helper::UnionLoss);
    // The parent's own struct first: it takes a value it accounts for in full.
    let order = u
        .fallback
        .into_iter()
        .chain((0..u.variants.len()).filter(|i| Some(*i) != u.fallback));
    let tries: Vec<TokenStream> = order
        .map(|i| &u.variants[i])
        .map(|v| {
            let variant = ident(&v.name);
            let ty = ty_tokens(api, &v.ty);
            let wrap = if v.boxed {
                quote! { Self::#variant(Box::new(v)) }
            } else {
                quote! { Self::#variant(v) }
            };
            let complaint = format!("{}: {{e}}", v.name);
            // A struct that keeps undeclared properties loses nothing of any object: among the
            // variants that lose nothing, the one declaring most of the keys present wins.
            let extra = match kept_undeclared(api, &v.ty) {
                Some(declared) => {
                    uses.use_(Helper::UnionUndeclared);
                    quote! { union_undeclared(&value, &[#(#declared),*]) }
                }
                None => quote! { 0 },
            };
            quote! {
                match serde_json::from_value::<#ty>(value.clone()) {
                    Ok(v) => {
                        let candidate = #wrap;
                        let score = (union_loss(&value, &candidate), #extra);
                        if score == (0, 0) {
                            return Ok(candidate);
                        }
                        if best.as_ref().is_none_or(|(s, _)| score < *s) {
                            best = Some((score, candidate));
                        }
                    }
                    Err(e) => errors.push(format!(#complaint)),
                }
            }
        })
        .collect();
    quote! {
        let mut best: Option<((usize, usize), Self)> = None;
        let mut errors: Vec<String> = Vec::new();
        #(#tries)*
        match best {
            Some((_, v)) => Ok(v),
            None => Err(format!("no alternative accepts the value ({})", errors.join("; "))),
        }
    }
}

/// The wire names a union variant declares, when its type is a struct that keeps
/// undeclared properties in a map (so reading an object never fails or loses with it).
fn kept_undeclared<'a>(api: &'a Api, ty: &oasforge_ir::Ty) -> Option<Vec<&'a str>> {
    let mut ty = ty;
    for _ in 0..16 {
        let oasforge_ir::TyKind::Named(id) = &ty.kind else {
            return None;
        };
        match &api.type_def(*id).kind {
            TypeKind::Alias(inner) => ty = inner,
            TypeKind::Struct(s) if matches!(s.additional, Additional::Map(_)) => {
                return Some(s.fields.iter().map(|f| f.wire_name.as_str()).collect());
            }
            _ => return None,
        }
    }
    None
}

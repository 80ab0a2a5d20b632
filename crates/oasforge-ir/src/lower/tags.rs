//! The discriminator property of a variant struct is not a free string.
//!
//! A struct that is a variant of a discriminated union and declares the discriminator
//! property itself (`Cat.petType` beside `Pet`'s `oneOf`, or `Lion.kind` inherited from a
//! parent through `allOf`) would otherwise hold any string, so a `Cat` could say `"Dog"`.
//! Here the property's type becomes an enum of the values that select that struct
//! ([`StringEnum::discriminator`]): the `mapping` keys pointing at it, else the single value
//! its schema allows, else its component name, gathered over every union that lists it (the
//! first union's first value is the default). The struct's `new` sets it, so code that
//! builds a `Cat` never spells the tag, and the union writes it from the variant. What the
//! enum reads from a response follows the enum rules of `lower::lenient` (a value no union
//! lists is kept as read).
//!
//! Not changed: the parent's own struct of an `allOf` family (`PetBase`, which stands for
//! any kind, its tag a string), a property that is nullable or not a string, and structs of
//! unions whose variants do not declare the property (serde adds the tag there).

use std::collections::{HashMap, HashSet};

use crate::names::{compose, type_name, unique, variant_name};
use crate::{
    Api, Docs, EnumVariant, Scalar, StringEnum, TagStyle, Ty, TyKind, TypeDef, TypeId, TypeKind,
};

/// Gives the discriminator field of every variant struct its own enum (see the module docs).
pub(crate) fn tag_variant_structs(api: &mut Api) {
    // struct → (property, the values that select it, in union order).
    let mut found: Vec<(TypeId, String, Vec<String>)> = Vec::new();
    let mut index: HashMap<TypeId, usize> = HashMap::new();
    for def in &api.types {
        let TypeKind::Union(u) = &def.kind else {
            continue;
        };
        let Some(tag) = u.tag.as_ref().filter(|t| t.style == TagStyle::Declared) else {
            continue;
        };
        for (i, variant) in u.variants.iter().enumerate() {
            if u.fallback == Some(i) || variant.ty.nullable {
                continue;
            }
            let TyKind::Named(id) = variant.ty.kind else {
                continue;
            };
            match index.get(&id) {
                Some(&at) => {
                    let (_, property, values) = &mut found[at];
                    if *property == tag.property {
                        for value in &variant.tags {
                            if !values.contains(value) {
                                values.push(value.clone());
                            }
                        }
                    }
                }
                None => {
                    index.insert(id, found.len());
                    found.push((id, tag.property.clone(), variant.tags.clone()));
                }
            }
        }
    }
    let mut taken: HashSet<String> = api.types.iter().map(|d| d.name.clone()).collect();
    for (id, property, values) in found {
        if values.is_empty() {
            continue;
        }
        let (struct_name, origin) = (api.types[id.0].name.clone(), api.types[id.0].origin.clone());
        let TypeKind::Struct(s) = &api.types[id.0].kind else {
            continue;
        };
        let Some(at) = s
            .fields
            .iter()
            .position(|f| f.wire_name == property && !f.ty.nullable && is_tag_like(api, &f.ty))
        else {
            continue;
        };
        // A property whose own enum lists exactly these values (`const: click`) keeps it.
        let (field_ty, field_name) = (s.fields[at].ty.kind.clone(), s.fields[at].name.clone());
        if let TyKind::Named(own) = field_ty {
            if let TypeKind::Enum(e) = &mut api.types[own.0].kind {
                let mut listed: Vec<&str> =
                    e.variants.iter().map(|v| v.wire_value.as_str()).collect();
                let mut wanted: Vec<&str> = values.iter().map(String::as_str).collect();
                listed.sort_unstable();
                wanted.sort_unstable();
                if listed == wanted {
                    e.discriminator = true;
                    continue;
                }
            }
        }
        let mut variant_names = HashSet::new();
        let variants = values
            .iter()
            .map(|wire| EnumVariant {
                name: unique(variant_name(wire), &mut variant_names),
                wire_value: wire.clone(),
            })
            .collect();
        let name = unique(type_name(&compose(&struct_name, &field_name)), &mut taken);
        let enum_id = TypeId(api.types.len());
        api.types.push(TypeDef {
            name,
            docs: Docs {
                title: None,
                description: Some(format!(
                    "The `{property}` of a [`{struct_name}`]: the discriminator values that select it."
                )),
            },
            origin: format!("{origin}/properties/{}", escape(&property)),
            deprecated: false,
            kind: TypeKind::Enum(StringEnum {
                variants,
                open: false,
                discriminator: true,
            }),
        });
        if let TypeKind::Struct(s) = &mut api.types[id.0].kind {
            s.fields[at].ty = Ty::plain(TyKind::Named(enum_id));
        }
    }
}

/// Whether a property's type can be replaced by an enum of tag values: a plain string or a
/// string enum.
fn is_tag_like(api: &Api, ty: &Ty) -> bool {
    match &ty.kind {
        TyKind::Scalar(Scalar::String) => true,
        TyKind::Named(id) => matches!(api.types[id.0].kind, TypeKind::Enum(_)),
        _ => false,
    }
}

/// A property name as a JSON pointer segment.
fn escape(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

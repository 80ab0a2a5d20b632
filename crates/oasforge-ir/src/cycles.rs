//! Cycle handling: marks the struct fields that must be boxed so recursive types have a size.
//!
//! A field needs a box when its type leads back to the struct that holds it through named
//! types stored inline (a struct field, an alias). A `Vec` or a map already allocates, so a
//! path through one never needs a box.

use crate::{Api, TyKind, TypeId, TypeKind};

/// Sets [`crate::Field::boxed`] on every field that closes a cycle of inline storage.
pub(crate) fn mark_boxed(api: &mut Api) {
    let inline_edges: Vec<Vec<TypeId>> =
        api.types.iter().map(|t| inline_targets(&t.kind)).collect();
    for (i, def) in api.types.iter_mut().enumerate() {
        match &mut def.kind {
            TypeKind::Struct(s) => {
                for field in &mut s.fields {
                    if let TyKind::Named(target) = field.ty.kind {
                        field.boxed = reaches(&inline_edges, target, TypeId(i));
                    }
                }
            }
            TypeKind::Union(u) => {
                for variant in &mut u.variants {
                    if let TyKind::Named(target) = variant.ty.kind {
                        variant.boxed = reaches(&inline_edges, target, TypeId(i));
                    }
                }
            }
            _ => {}
        }
    }
}

/// The named types a type stores inline (not behind a `Vec` or map).
fn inline_targets(kind: &TypeKind) -> Vec<TypeId> {
    match kind {
        TypeKind::Struct(s) => s
            .fields
            .iter()
            .filter_map(|f| match f.ty.kind {
                TyKind::Named(id) => Some(id),
                _ => None,
            })
            .collect(),
        TypeKind::Alias(ty) => match ty.kind {
            TyKind::Named(id) => vec![id],
            _ => Vec::new(),
        },
        TypeKind::Union(u) => u
            .variants
            .iter()
            .filter_map(|v| match v.ty.kind {
                TyKind::Named(id) => Some(id),
                _ => None,
            })
            .collect(),
        TypeKind::Tuple(items) => items
            .iter()
            .filter_map(|t| match t.kind {
                TyKind::Named(id) => Some(id),
                _ => None,
            })
            .collect(),
        TypeKind::Enum(_) | TypeKind::IntEnum(_) => Vec::new(),
    }
}

fn reaches(edges: &[Vec<TypeId>], from: TypeId, to: TypeId) -> bool {
    let mut seen = vec![false; edges.len()];
    let mut stack = vec![from];
    while let Some(current) = stack.pop() {
        if current == to {
            return true;
        }
        if std::mem::replace(&mut seen[current.0], true) {
            continue;
        }
        stack.extend(edges[current.0].iter().copied());
    }
    false
}

//! `readOnly` properties are the server's to set: a client leaves them out of what it
//! sends. This module decides, over the whole [`Api`], which types the client must clear
//! before sending a request body; the emitter only follows the answer.
//!
//! A type is cleared when a request body can carry it (directly, or inside a field, an
//! array item, a map value, a union variant or a tuple position) and it holds a `readOnly`
//! property, its own or one inside. Such a property is always optional in Rust
//! ([`Field::presence`](crate::Field::presence)), so clearing it means setting it to `None`;
//! responses keep and read it as usual.

use crate::{Additional, Api, Ty, TyKind, TypeKind};

/// For every type of `api` (indexed like [`Api::types`]), whether the client clears
/// `readOnly` properties in it, or in what it holds, before sending it in a request body.
pub fn cleared_before_sending(api: &Api) -> Vec<bool> {
    let sent = sent_in_requests(api);
    let holds = holding_read_only(api);
    sent.into_iter().zip(holds).map(|(s, h)| s && h).collect()
}

/// Which types hold a `readOnly` property, their own or one inside: a type's own
/// properties first, then spread to the types that hold them until nothing changes.
fn holding_read_only(api: &Api) -> Vec<bool> {
    let inner: Vec<Vec<usize>> = api
        .types
        .iter()
        .map(|def| uses_of(&def.kind).into_iter().filter_map(named).collect())
        .collect();
    let mut holds: Vec<bool> = api
        .types
        .iter()
        .map(|def| matches!(&def.kind, TypeKind::Struct(s) if s.fields.iter().any(|f| f.read_only)))
        .collect();
    let mut changed = true;
    while changed {
        changed = false;
        for (i, uses) in inner.iter().enumerate() {
            if !holds[i] && uses.iter().any(|&t| holds[t]) {
                holds[i] = true;
                changed = true;
            }
        }
    }
    holds
}

/// The uses of other types a type's definition makes.
fn uses_of(kind: &TypeKind) -> Vec<&Ty> {
    match kind {
        TypeKind::Struct(s) => {
            let mut uses: Vec<&Ty> = s.fields.iter().map(|f| &f.ty).collect();
            if let Additional::Map(value) = &s.additional {
                uses.push(value);
            }
            uses
        }
        TypeKind::Union(u) => u.variants.iter().map(|v| &v.ty).collect(),
        TypeKind::Tuple(items) => items.iter().collect(),
        TypeKind::Alias(ty) => vec![ty],
        TypeKind::Enum(_) | TypeKind::IntEnum(_) => Vec::new(),
    }
}

/// The named type a use reaches through arrays and maps.
fn named(ty: &Ty) -> Option<usize> {
    match &ty.kind {
        TyKind::Named(id) => Some(id.0),
        TyKind::Array(inner) | TyKind::Map(inner) => named(inner),
        TyKind::Scalar(_) | TyKind::Any => None,
    }
}

/// Which types a request body can carry.
fn sent_in_requests(api: &Api) -> Vec<bool> {
    let mut reached = vec![false; api.types.len()];
    let mut stack: Vec<&Ty> = api
        .operations
        .iter()
        .filter_map(|op| op.body.as_ref().map(|b| &b.ty))
        .collect();
    while let Some(ty) = stack.pop() {
        let Some(id) = named(ty) else { continue };
        if std::mem::replace(&mut reached[id], true) {
            continue;
        }
        stack.extend(uses_of(&api.types[id].kind));
    }
    reached
}

//! Lenient in what a client reads: every type a response body can hold is read so that an
//! API adding a property or an enum value neither fails nor loses it.
//! - A struct whose schema allows undeclared properties (`additionalProperties` absent)
//!   keeps them in a map of JSON values and writes them back ([`Additional::Map`]).
//! - A struct with `additionalProperties: false` reads past undeclared properties instead of
//!   refusing them ([`Additional::Ignored`]): a server that adds one does not break a page.
//! - An explicit `null` on an optional property that is not nullable reads as absent
//!   ([`crate::Struct::lenient`]).
//! - A property that only `required` names (the schema declares none of that name, most
//!   often a renamed or forgotten one: [`crate::Field::undeclared`]) is optional in a type
//!   no request carries: a response without it reads, and one with it keeps its value. A
//!   type a request carries keeps it required, so the client still sends it.
//! - A string or integer enum takes values it does not list ([`StringEnum::open`],
//!   [`IntEnum::open`]).
//!
//! Types only requests carry keep their strict reading: the router refuses what the spec
//! forbids (an undeclared property where `additionalProperties: false`, an unlisted enum
//! value, a `null` where the property is not nullable). What the client sends stays strict either way: a struct has no room for an
//! undeclared property unless the schema allows one, and `validate()` refuses an enum value
//! the spec does not list.

use crate::{Additional, Api, Ty, TyKind, TypeKind};

/// Makes every type reachable from a response body lenient (see the module docs).
pub(crate) fn relax_responses(api: &mut Api) {
    let responses: Vec<&Ty> = api
        .operations
        .iter()
        .flat_map(|op| op.responses.iter())
        .filter_map(|r| r.body.as_ref().map(|b| &b.ty))
        .collect();
    let reached = reach(api, responses);
    let requests: Vec<&Ty> = api
        .operations
        .iter()
        .flat_map(|op| {
            op.params
                .iter()
                .map(|p| &p.ty)
                .chain(op.body.as_ref().map(|b| &b.ty))
        })
        .collect();
    let sent = reach(api, requests);
    for ((def, reached), sent) in api.types.iter_mut().zip(reached).zip(sent) {
        if !reached {
            continue;
        }
        match &mut def.kind {
            TypeKind::Struct(s) => {
                s.additional = match std::mem::replace(&mut s.additional, Additional::Ignored) {
                    Additional::Ignored => Additional::Map(Box::new(Ty::plain(TyKind::Any))),
                    Additional::Forbidden => Additional::Ignored,
                    kept @ Additional::Map(_) => kept,
                };
                s.lenient = true;
                // A request must still send it: only a type no request carries relaxes it.
                if !sent {
                    for field in &mut s.fields {
                        if field.undeclared {
                            field.required = false;
                        }
                    }
                }
            }
            TypeKind::Enum(e) => e.open = true,
            TypeKind::IntEnum(e) => e.open = true,
            _ => {}
        }
    }
}

/// Which types the values of `roots` can hold.
fn reach<'a>(api: &'a Api, mut stack: Vec<&'a Ty>) -> Vec<bool> {
    let mut reached = vec![false; api.types.len()];
    while let Some(ty) = stack.pop() {
        match &ty.kind {
            TyKind::Array(inner) | TyKind::Map(inner) => stack.push(inner),
            TyKind::Named(id) => {
                let Some(seen) = reached.get_mut(id.0) else {
                    continue;
                };
                if std::mem::replace(seen, true) {
                    continue;
                }
                match &api.types[id.0].kind {
                    TypeKind::Struct(s) => {
                        stack.extend(s.fields.iter().map(|f| &f.ty));
                        if let Additional::Map(value) = &s.additional {
                            stack.push(value);
                        }
                    }
                    TypeKind::Union(u) => stack.extend(u.variants.iter().map(|v| &v.ty)),
                    TypeKind::Tuple(items) => stack.extend(items.iter()),
                    TypeKind::Alias(inner) => stack.push(inner),
                    TypeKind::Enum(_) | TypeKind::IntEnum(_) => {}
                }
            }
            TyKind::Scalar(_) | TyKind::Any => {}
        }
    }
    reached
}

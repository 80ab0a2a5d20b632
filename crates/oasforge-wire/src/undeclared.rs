//! Telling a lost value from an undeclared one. A schema that does not say
//! `additionalProperties` allows properties it does not declare, and Prism invents some;
//! the generated structs read past them (lenient) without keeping them. A round-trip
//! difference that disappears once such properties are removed from what the mock sent is
//! counted apart: no declared value was lost.

use oasforge_ir::{Additional, Api, Operation, Status, Ty, TyKind, TypeKind};
use serde_json::{Map, Value};

/// The body type of the response `op` documents for `status`: the code, else its range,
/// else `default`.
pub fn response_ty(op: &Operation, status: u16) -> Option<&Ty> {
    let find = |wanted: Status| {
        op.responses
            .iter()
            .find(|r| r.status == wanted)
            .and_then(|r| r.body.as_ref())
            .map(|b| &b.ty)
    };
    find(Status::Code(status))
        .or_else(|| find(Status::Range((status / 100) as u8)))
        .or_else(|| find(Status::Default))
}

/// `value` without the properties `ty` neither declares nor keeps in a map.
pub fn strip(api: &Api, ty: &Ty, value: &Value) -> Value {
    match (&ty.kind, value) {
        (TyKind::Array(item), Value::Array(items)) => {
            Value::Array(items.iter().map(|v| strip(api, item, v)).collect())
        }
        (TyKind::Map(inner), Value::Object(map)) => Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), strip(api, inner, v)))
                .collect(),
        ),
        (TyKind::Named(id), _) => match &api.type_def(*id).kind {
            TypeKind::Alias(inner) => strip(api, inner, value),
            TypeKind::Tuple(items) => match value {
                Value::Array(values) => Value::Array(
                    values
                        .iter()
                        .enumerate()
                        .map(|(i, v)| match items.get(i) {
                            Some(t) => strip(api, t, v),
                            None => v.clone(),
                        })
                        .collect(),
                ),
                other => other.clone(),
            },
            TypeKind::Struct(s) => {
                let Value::Object(map) = value else {
                    return value.clone();
                };
                let mut out = Map::new();
                for (k, v) in map {
                    match s.fields.iter().find(|f| &f.wire_name == k) {
                        Some(f) => {
                            out.insert(k.clone(), strip(api, &f.ty, v));
                        }
                        None => match &s.additional {
                            Additional::Map(inner) => {
                                out.insert(k.clone(), strip(api, inner, v));
                            }
                            Additional::Forbidden => {
                                out.insert(k.clone(), v.clone());
                            }
                            Additional::Ignored => {}
                        },
                    }
                }
                Value::Object(out)
            }
            // The variant that keeps most of the value.
            TypeKind::Union(u) => u
                .variants
                .iter()
                .map(|v| strip(api, &v.ty, value))
                .max_by_key(leaves)
                .unwrap_or_else(|| value.clone()),
            _ => value.clone(),
        },
        _ => value.clone(),
    }
}

fn leaves(value: &Value) -> usize {
    match value {
        Value::Object(map) => map.values().map(leaves).sum::<usize>() + 1,
        Value::Array(items) => items.iter().map(leaves).sum::<usize>() + 1,
        _ => 1,
    }
}

pub use crate::compare::same;

#[cfg(test)]
mod tests {
    use super::*;
    use oasforge_ir::{Field, Struct, TypeDef, TypeId};
    use serde_json::json;

    fn api() -> Api {
        let field = |name: &str, ty: Ty| Field {
            name: name.into(),
            wire_name: name.into(),
            ty,
            required: false,
            undeclared: false,
            boxed: false,
            docs: Default::default(),
            read_only: false,
            write_only: false,
            deprecated: false,
            examples: vec![],
        };
        let s = |fields, additional| TypeDef {
            name: "T".into(),
            docs: Default::default(),
            origin: String::new(),
            deprecated: false,
            kind: TypeKind::Struct(Struct {
                fields,
                additional,
                min_properties: None,
                max_properties: None,
                lenient: false,
            }),
        };
        let string = Ty::plain(TyKind::Scalar(oasforge_ir::Scalar::String));
        Api {
            title: String::new(),
            version: String::new(),
            description: None,
            openapi_version: "3.1.0".into(),
            servers: vec![],
            security_schemes: vec![],
            webhooks: vec![],
            types: vec![
                s(
                    vec![
                        field("a", string.clone()),
                        field("inner", Ty::plain(TyKind::Named(TypeId(1)))),
                    ],
                    Additional::Ignored,
                ),
                s(
                    vec![field("b", string.clone())],
                    Additional::Map(Box::new(string)),
                ),
            ],
            operations: vec![],
        }
    }

    #[test]
    fn undeclared_properties_go_declared_and_mapped_ones_stay() {
        let api = api();
        let ty = Ty::plain(TyKind::Named(TypeId(0)));
        let sent = json!({"a": "x", "zz": 1, "inner": {"b": "y", "kept": "z"}});
        assert_eq!(
            strip(&api, &ty, &sent),
            json!({"a": "x", "inner": {"b": "y", "kept": "z"}})
        );
    }
}

//! The synthesizer's independent check: whether a value fits a type of the IR and its
//! constraints ([`conforms`]), used by the synthesizer's tests and the example filter.

use std::collections::HashSet;

use serde_json::Value;

use super::Direction;
use crate::{Additional, Api, Constraints, Scalar, Ty, TyKind, TypeId, TypeKind};

/// Why a value does not fit a type: the JSON pointer and the broken rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Misfit {
    /// Where in the value, as a JSON pointer.
    pub pointer: String,
    /// What is wrong.
    pub rule: String,
}

/// Checks `value` against `ty` and the constraints of the IR: the independent check the
/// synthesizer's tests and the example filter use. Returns the first misfit.
pub fn conforms(api: &Api, ty: &Ty, value: &Value, direction: Direction) -> Result<(), Misfit> {
    check(api, ty, value, direction, "", &[])
}

fn misfit(pointer: &str, rule: impl Into<String>) -> Result<(), Misfit> {
    Err(Misfit {
        pointer: pointer.to_owned(),
        rule: rule.into(),
    })
}

/// `here`: the named types already entered for this very value (through aliases and union
/// variants, which do not descend into it); entering one again is a cycle that no value
/// can end, so it is a misfit rather than endless recursion.
fn check(
    api: &Api,
    ty: &Ty,
    value: &Value,
    dir: Direction,
    at: &str,
    here: &[TypeId],
) -> Result<(), Misfit> {
    let entered;
    let here = match ty.kind {
        TyKind::Named(id) if here.contains(&id) => return misfit(at, "a cycle of types"),
        TyKind::Named(id) => {
            entered = [here, &[id]].concat();
            &entered[..]
        }
        _ => here,
    };
    if value.is_null() {
        if let TyKind::Named(id) = ty.kind {
            match &api.type_def(id).kind {
                TypeKind::Alias(inner) => return check(api, inner, value, dir, at, here),
                // A union holds null when one of its variants does.
                TypeKind::Union(u)
                    if !ty.nullable
                        && u.variants
                            .iter()
                            .any(|v| check(api, &v.ty, value, dir, at, here).is_ok()) =>
                {
                    return Ok(());
                }
                _ => {}
            }
        }
        return if ty.nullable || matches!(ty.kind, TyKind::Any) {
            Ok(())
        } else {
            misfit(at, "null")
        };
    }
    let c = &*ty.constraints;
    if let Some(k) = &c.const_value {
        if k != value {
            return misfit(at, "const");
        }
    }
    if let Some(values) = &c.enum_values {
        if !values.contains(value) {
            return misfit(at, "enum");
        }
    }
    match &ty.kind {
        TyKind::Any => Ok(()),
        TyKind::Scalar(s) => check_scalar(*s, c, value, at),
        TyKind::Array(item) => {
            let Value::Array(items) = value else {
                return misfit(at, "array");
            };
            let n = items.len() as u64;
            if c.min_items.is_some_and(|m| n < m) || c.max_items.is_some_and(|m| n > m) {
                return misfit(at, "items");
            }
            if c.unique_items {
                let mut seen = HashSet::new();
                if !items.iter().all(|i| seen.insert(i.to_string())) {
                    return misfit(at, "uniqueItems");
                }
            }
            for (i, v) in items.iter().enumerate() {
                check(api, item, v, dir, &format!("{at}/{i}"), &[])?;
            }
            Ok(())
        }
        TyKind::Map(value_ty) => {
            let Value::Object(map) = value else {
                return misfit(at, "object");
            };
            let n = map.len() as u64;
            if c.min_properties.is_some_and(|m| n < m) || c.max_properties.is_some_and(|m| n > m) {
                return misfit(at, "properties");
            }
            for (k, v) in map {
                check(api, value_ty, v, dir, &format!("{at}/{k}"), &[])?;
            }
            Ok(())
        }
        TyKind::Named(id) => match &api.type_def(*id).kind {
            TypeKind::Alias(inner) => check(api, inner, value, dir, at, here),
            TypeKind::Enum(e) => match value.as_str() {
                Some(s) if e.variants.iter().any(|v| v.wire_value == s) => Ok(()),
                _ => misfit(at, "enum"),
            },
            TypeKind::IntEnum(e) => match value.as_i64() {
                Some(n) if e.variants.iter().any(|v| v.value == n) => Ok(()),
                _ => misfit(at, "enum"),
            },
            TypeKind::Tuple(items) => match value {
                Value::Array(values) if values.len() == items.len() => {
                    for (i, (t, v)) in items.iter().zip(values).enumerate() {
                        check(api, t, v, dir, &format!("{at}/{i}"), &[])?;
                    }
                    Ok(())
                }
                _ => misfit(at, "tuple"),
            },
            TypeKind::Union(u) => {
                let tag_value = u
                    .tag
                    .as_ref()
                    .and_then(|t| value.get(&t.property))
                    .and_then(Value::as_str);
                let mut fits = 0;
                for variant in &u.variants {
                    if let Some(tag) = tag_value {
                        if !variant.tags.iter().any(|t| t == tag) {
                            continue;
                        }
                    }
                    if check(api, &variant.ty, value, dir, at, here).is_ok() {
                        fits += 1;
                    }
                }
                if fits == 0 {
                    misfit(at, "no union branch")
                } else if u.exclusive && u.tag.is_none() && fits > 1 {
                    misfit(at, "more than one oneOf branch")
                } else {
                    Ok(())
                }
            }
            TypeKind::Struct(s) => {
                let Value::Object(map) = value else {
                    return misfit(at, "object");
                };
                let n = map.len() as u64;
                if s.min_properties.is_some_and(|m| n < m)
                    || s.max_properties.is_some_and(|m| n > m)
                {
                    return misfit(at, "properties");
                }
                for f in &s.fields {
                    let at = format!("{at}/{}", f.wire_name);
                    match map.get(&f.wire_name) {
                        Some(v) => {
                            let wrong_way = match dir {
                                Direction::Request => f.read_only,
                                Direction::Response => f.write_only,
                            };
                            if wrong_way {
                                return misfit(&at, "wrong direction");
                            }
                            check(api, &f.ty, v, dir, &at, &[])?;
                        }
                        None if f.required
                            && !(dir == Direction::Request && f.read_only)
                            && !(dir == Direction::Response && f.write_only) =>
                        {
                            return misfit(&at, "required");
                        }
                        None => {}
                    }
                }
                if s.additional == Additional::Forbidden {
                    if let Some(k) = map
                        .keys()
                        .find(|k| !s.fields.iter().any(|f| &f.wire_name == *k))
                    {
                        return misfit(&format!("{at}/{k}"), "additionalProperties");
                    }
                }
                if let Additional::Map(value_ty) = &s.additional {
                    for (k, v) in map {
                        if !s.fields.iter().any(|f| &f.wire_name == k) {
                            check(api, value_ty, v, dir, &format!("{at}/{k}"), &[])?;
                        }
                    }
                }
                Ok(())
            }
        },
    }
}

/// How many branches of `u` accept `value` (a `oneOf` needs exactly one).
pub(super) fn accepting(
    api: &Api,
    u: &crate::Union,
    value: &Value,
    dir: Direction,
    at: &str,
) -> usize {
    u.variants
        .iter()
        .filter(|v| check(api, &v.ty, value, dir, at, &[]).is_ok())
        .count()
}

fn check_scalar(s: Scalar, c: &Constraints, value: &Value, at: &str) -> Result<(), Misfit> {
    match s {
        Scalar::Bool => {
            if !value.is_boolean() {
                return misfit(at, "boolean");
            }
        }
        Scalar::I32 | Scalar::I64 | Scalar::U32 | Scalar::U64 => {
            let Some(n) = value.as_f64().filter(|n| n.fract() == 0.0) else {
                return misfit(at, "integer");
            };
            let fits = match s {
                Scalar::I32 => i32::try_from(n as i64).is_ok(),
                Scalar::U32 => (0.0..=u32::MAX as f64).contains(&n),
                Scalar::U64 => n >= 0.0,
                _ => true,
            };
            if !fits {
                return misfit(at, "integer range");
            }
            check_number(c, n, at)?;
        }
        Scalar::F32 | Scalar::F64 => {
            let Some(n) = value.as_f64() else {
                return misfit(at, "number");
            };
            check_number(c, n, at)?;
        }
        _ => {
            let Some(text) = value.as_str() else {
                return misfit(at, "string");
            };
            let n = text.chars().count() as u64;
            if c.min_length.is_some_and(|m| n < m) || c.max_length.is_some_and(|m| n > m) {
                return misfit(at, "length");
            }
            if let Some(p) = &c.pattern {
                if let Ok(re) = regex::Regex::new(&crate::pattern::translate(p)) {
                    if !re.is_match(text) {
                        return misfit(at, "pattern");
                    }
                }
            }
            let shape_ok = match s {
                Scalar::Uuid => text.len() == 36 && text.chars().filter(|c| *c == '-').count() == 4,
                Scalar::Ipv4 => text.parse::<std::net::Ipv4Addr>().is_ok(),
                Scalar::Ipv6 => text.parse::<std::net::Ipv6Addr>().is_ok(),
                Scalar::Date => text.len() == 10 && text.as_bytes()[4] == b'-',
                Scalar::DateTime => text.len() >= 20 && text.as_bytes().get(10) == Some(&b'T'),
                _ => true,
            };
            if !shape_ok {
                return misfit(at, "format");
            }
        }
    }
    Ok(())
}

fn check_number(c: &Constraints, n: f64, at: &str) -> Result<(), Misfit> {
    if let Some(b) = c.minimum {
        if n < b.value || (b.exclusive && n == b.value) {
            return misfit(at, "minimum");
        }
    }
    if let Some(b) = c.maximum {
        if n > b.value || (b.exclusive && n == b.value) {
            return misfit(at, "maximum");
        }
    }
    if let Some(m) = c.multiple_of.filter(|m| *m > 0.0) {
        let q = n / m;
        if (q - q.round()).abs() > 1e-9 {
            return misfit(at, "multipleOf");
        }
    }
    Ok(())
}

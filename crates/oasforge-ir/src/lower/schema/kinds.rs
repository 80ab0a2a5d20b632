//! What kind of type a schema is (struct, enum, tuple, scalar), whether it allows `null`,
//! and the constraints its validation keywords state.

use super::*;

impl Lowerer<'_> {
    pub(in crate::lower) fn is_struct_schema(&self, obj: &Map<String, Value>) -> bool {
        if obj.contains_key("allOf") {
            let only_one = obj
                .get("allOf")
                .and_then(Value::as_array)
                .is_some_and(|b| single_branch(b).is_some());
            return !only_one || obj.keys().any(|k| STRUCTURAL.contains(&k.as_str()));
        }
        if (obj.contains_key("oneOf") || obj.contains_key("anyOf")) && !self.has_properties(obj) {
            return false;
        }
        let types = obj.get("type").map(type_list).unwrap_or_default();
        let object_typed = types.contains(&"object")
            || (types.is_empty() && (obj.contains_key("properties") || has_required(obj)));
        object_typed
            && (obj
                .get("properties")
                .and_then(Value::as_object)
                .is_some_and(|p| !p.is_empty())
                || has_required(obj))
    }

    pub(in crate::lower) fn has_properties(&self, obj: &Map<String, Value>) -> bool {
        obj.get("properties")
            .and_then(Value::as_object)
            .is_some_and(|p| !p.is_empty())
    }

    pub(in crate::lower) fn is_int_enum(&self, obj: &Map<String, Value>) -> bool {
        let Some(values) = enum_values(obj) else {
            return false;
        };
        let types = obj.get("type").map(type_list).unwrap_or_default();
        types.contains(&"integer")
            && types.iter().all(|t| *t == "integer" || *t == "null")
            && values.iter().any(|v| v.as_i64().is_some())
            && values.iter().all(|v| v.as_i64().is_some() || v.is_null())
    }

    pub(in crate::lower) fn int_enum(
        &mut self,
        node: &NodeRef,
        obj: &Map<String, Value>,
    ) -> IntEnum {
        let values = enum_values(obj).unwrap_or_default();
        let numbers: Vec<i64> = values.iter().filter_map(Value::as_i64).collect();
        // `x-enum-varnames` (a common extension) names the values when it lists all of them.
        let given: Option<Vec<&str>> = obj
            .get("x-enum-varnames")
            .and_then(Value::as_array)
            .map(|names| names.iter().filter_map(Value::as_str).collect())
            .filter(|names: &Vec<&str>| names.len() == numbers.len());
        let mut taken = std::collections::HashSet::new();
        let mut seen = std::collections::HashSet::new();
        let mut variants = Vec::new();
        for (i, value) in numbers.iter().enumerate() {
            if !seen.insert(*value) {
                self.warn(
                    &node.child("enum"),
                    format!("duplicate enum value {value} ignored"),
                );
                continue;
            }
            let name = match &given {
                Some(names) => crate::names::variant_name(names[i]),
                None if *value < 0 => format!("Minus{}", value.unsigned_abs()),
                None => format!("V{value}"),
            };
            variants.push(IntVariant {
                name: unique(name, &mut taken),
                value: *value,
            });
        }
        IntEnum {
            variants,
            open: false,
        }
    }

    pub(in crate::lower) fn is_string_enum(&self, obj: &Map<String, Value>) -> bool {
        let Some(values) = enum_values(obj) else {
            return false;
        };
        let types = obj.get("type").map(type_list).unwrap_or_default();
        let typed_string = types.iter().all(|t| *t == "string" || *t == "null");
        typed_string
            && values.iter().any(Value::is_string)
            && values.iter().all(|v| v.is_string() || v.is_null())
    }

    pub(in crate::lower) fn string_enum(
        &mut self,
        node: &NodeRef,
        obj: &Map<String, Value>,
    ) -> Result<StringEnum, LowerError> {
        self.warn_unsupported(node, obj);
        let mut taken = std::collections::HashSet::new();
        let mut variants = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for value in enum_values(obj).unwrap_or_default().iter() {
            let Some(wire) = value.as_str() else { continue };
            if !seen.insert(wire.to_owned()) {
                self.warn(
                    &node.child("enum"),
                    format!("duplicate enum value \"{wire}\" ignored"),
                );
                continue;
            }
            variants.push(EnumVariant {
                name: unique(crate::names::variant_name(wire), &mut taken),
                wire_value: wire.to_owned(),
            });
        }
        Ok(StringEnum {
            variants,
            open: false,
        })
    }

    /// Whether a referenced schema that becomes a named struct, enum or union allows `null`.
    /// Such a type cannot hold the `null` itself, so every use of it is nullable instead.
    /// (A schema that becomes an alias carries its `Option` in the alias.)
    pub(in crate::lower) fn named_nullable(&self, target: &NodeRef) -> bool {
        let Some(obj) = self.value(target).as_object() else {
            return false;
        };
        if obj.contains_key("$ref") || obj.contains_key("allOf") {
            return false;
        }
        let multi_union = union_branches(obj).is_some_and(|(_, n, _)| n.len() > 1);
        let named = self.is_string_enum(obj)
            || self.is_int_enum(obj)
            || self.is_struct_schema(obj)
            || (multi_union && !self.has_properties(obj))
            || type_union_list(obj).len() > 1;
        named
            && (self.is_nullable(obj)
                || union_branches(obj).is_some_and(|(_, _, has_null)| has_null))
    }

    pub(in crate::lower) fn is_nullable(&self, obj: &Map<String, Value>) -> bool {
        obj.get("nullable") == Some(&Value::Bool(true))
            || obj
                .get("type")
                .is_some_and(|t| type_list(t).contains(&"null"))
            || obj
                .get("enum")
                .and_then(Value::as_array)
                .is_some_and(|v| v.iter().any(Value::is_null))
    }

    pub(in crate::lower) fn constraints(
        &mut self,
        node: &NodeRef,
        obj: &Map<String, Value>,
    ) -> Constraints {
        // A count may be written `2.0`; only whole non-negative numbers count.
        let uint = |k: &str| {
            let v = obj.get(k)?;
            v.as_u64().or_else(|| {
                v.as_f64()
                    .filter(|f| f.fract() == 0.0 && *f >= 0.0 && *f <= u64::MAX as f64)
                    .map(|f| f as u64)
            })
        };
        let num = |k: &str| obj.get(k).and_then(Value::as_f64);
        let flag = |k: &str| obj.get(k) == Some(&Value::Bool(true));
        // 3.0 (draft 4): boolean `exclusiveMinimum` modifies `minimum`; 3.1: a number of its own.
        let bound = |limit: &str, exclusive: &str| -> Option<Bound> {
            let inclusive = num(limit).map(|value| Bound {
                value,
                exclusive: flag(exclusive),
            });
            let exclusive = num(exclusive).map(|value| Bound {
                value,
                exclusive: true,
            });
            match (inclusive, exclusive) {
                (Some(a), Some(b)) => Some(if limit == "minimum" {
                    if b.value >= a.value {
                        b
                    } else {
                        a
                    }
                } else if b.value <= a.value {
                    b
                } else {
                    a
                }),
                (a, b) => a.or(b),
            }
        };
        if let Some(pattern) = obj.get("pattern") {
            if !pattern.is_string() {
                self.warn(
                    &node.child("pattern"),
                    "`pattern` is not a string and is ignored",
                );
            }
        }
        if let Some(pattern) = obj.get("pattern").and_then(Value::as_str) {
            match crate::pattern::engine(pattern) {
                crate::pattern::PatternEngine::Regex => {}
                crate::pattern::PatternEngine::Fancy => self.warn(
                    &node.child("pattern"),
                    "`pattern` uses lookaround or backreferences, which the `regex` crate cannot express; it is checked with `fancy-regex` (backtracking) instead",
                ),
                crate::pattern::PatternEngine::Unsupported(error) => self.warn(
                    &node.child("pattern"),
                    format!("`pattern` does not compile as a Rust regex and is not enforced: {error}"),
                ),
            }
        }
        let enum_values = if self.is_string_enum(obj) {
            None
        } else {
            obj.get("enum").and_then(Value::as_array).cloned()
        };
        Constraints {
            min_properties: uint("minProperties"),
            max_properties: uint("maxProperties"),
            enum_values,
            const_value: if self.version == OpenApiVersion::V3_1 {
                obj.get("const").cloned()
            } else {
                None
            },
            min_length: uint("minLength"),
            max_length: uint("maxLength"),
            pattern: obj
                .get("pattern")
                .and_then(Value::as_str)
                .map(str::to_owned),
            minimum: bound("minimum", "exclusiveMinimum"),
            maximum: bound("maximum", "exclusiveMaximum"),
            multiple_of: num("multipleOf"),
            min_items: uint("minItems"),
            max_items: uint("maxItems"),
            unique_items: flag("uniqueItems"),
            format: obj.get("format").and_then(Value::as_str).map(str::to_owned),
            default: self.checked_default(node, obj),
        }
    }
}

/// The `type` keyword as a list (3.1 allows an array).
pub(in crate::lower) fn type_list(value: &Value) -> Vec<&str> {
    match value {
        Value::String(s) => vec![s.as_str()],
        Value::Array(items) => items.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

/// A 3.1 tuple: `prefixItems` with no items allowed beyond them.
pub(in crate::lower) fn is_tuple(obj: &Map<String, Value>) -> bool {
    obj.get("prefixItems")
        .and_then(Value::as_array)
        .is_some_and(|p| !p.is_empty())
        && obj.get("items") == Some(&Value::Bool(false))
        && obj
            .get("type")
            .map(type_list)
            .unwrap_or_default()
            .contains(&"array")
}

/// `example` and the entries of `examples` (3.1 JSON Schema: a list of values).
pub(in crate::lower) fn examples_of(value: &Value) -> Vec<Value> {
    let mut out: Vec<Value> = value.get("example").cloned().into_iter().collect();
    if let Some(list) = value.get("examples").and_then(Value::as_array) {
        out.extend(
            list.iter()
                .filter(|v| !out.contains(v))
                .cloned()
                .collect::<Vec<_>>(),
        );
    }
    out
}

/// The JSON Schema type names.
pub(in crate::lower) const JSON_TYPES: &[&str] =
    &["string", "integer", "number", "boolean", "array", "object"];

/// `enum`, or `const` as a one-value enum.
pub(in crate::lower) fn enum_values(obj: &Map<String, Value>) -> Option<Vec<Value>> {
    if let Some(values) = obj.get("enum").and_then(Value::as_array) {
        return Some(values.clone());
    }
    obj.get("const").map(|v| vec![v.clone()])
}

/// The non-null types of a 3.1 `type` list with more than one of them.
pub(in crate::lower) fn type_union_list(obj: &Map<String, Value>) -> Vec<&str> {
    let types: Vec<&str> = obj
        .get("type")
        .map(type_list)
        .unwrap_or_default()
        .into_iter()
        .filter(|t| *t != "null" && JSON_TYPES.contains(t))
        .collect();
    if types.len() > 1 && !obj.contains_key("enum") {
        types
    } else {
        Vec::new()
    }
}

/// The `oneOf`/`anyOf` keyword of a schema, the indexes of its non-null branches, and
/// whether a `null` branch was among them.
pub(in crate::lower) fn union_branches(
    obj: &Map<String, Value>,
) -> Option<(&'static str, Vec<usize>, bool)> {
    for keyword in ["oneOf", "anyOf"] {
        if let Some(branches) = obj.get(keyword).and_then(Value::as_array) {
            let non_null: Vec<usize> = (0..branches.len())
                .filter(|i| !is_null_schema(&branches[*i]))
                .collect();
            let has_null = non_null.len() < branches.len();
            return Some((keyword, non_null, has_null));
        }
    }
    None
}

/// The scalar for `type: string` and its `format`.
pub(in crate::lower) fn string_scalar(obj: &Map<String, Value>) -> Scalar {
    match obj.get("format").and_then(Value::as_str) {
        Some("date-time") => Scalar::DateTime,
        Some("date") => Scalar::Date,
        Some("uuid") => Scalar::Uuid,
        Some("ipv4") => Scalar::Ipv4,
        Some("ipv6") => Scalar::Ipv6,
        Some("binary") => Scalar::Binary,
        Some("byte") => Scalar::Byte,
        _ => Scalar::String,
    }
}

/// The scalar for `type: integer`: from `format`, or narrower when the bounds allow it.
pub(in crate::lower) fn integer_scalar(
    obj: &Map<String, Value>,
    constraints: &Constraints,
) -> Scalar {
    let format = obj.get("format").and_then(Value::as_str);
    match format {
        Some("int32" | "int16" | "int8") => return Scalar::I32,
        Some("uint32" | "uint16" | "uint8") => return Scalar::U32,
        Some("uint64" | "uint") => return Scalar::U64,
        _ => {}
    }
    // The smallest and largest whole numbers the bounds allow.
    let low = constraints.minimum.map(|b| {
        if b.exclusive {
            b.value.floor() + 1.0
        } else {
            b.value.ceil()
        }
    });
    let high = constraints.maximum.map(|b| {
        if b.exclusive {
            b.value.ceil() - 1.0
        } else {
            b.value.floor()
        }
    });
    match (low, high) {
        (Some(low), Some(high)) if low >= f64::from(i32::MIN) && high <= f64::from(i32::MAX) => {
            Scalar::I32
        }
        (Some(low), Some(high)) if low >= 0.0 && high <= f64::from(u32::MAX) => Scalar::U32,
        _ => Scalar::I64,
    }
}

pub(in crate::lower) fn is_null_schema(value: &Value) -> bool {
    value.get("type").is_some_and(|t| type_list(t) == ["null"])
        || value
            .get("enum")
            .and_then(Value::as_array)
            .is_some_and(|v| v.len() == 1 && v[0].is_null())
}

pub(in crate::lower) fn origin(node: &NodeRef) -> String {
    if node.file.0 == 0 {
        node.pointer.to_string()
    } else {
        format!("file{}{}", node.file.0, node.pointer)
    }
}

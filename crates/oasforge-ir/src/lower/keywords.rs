//! Checks of a schema's validation keywords and `$ref` targets that turn what used to be
//! silently accepted into located errors and warnings: numbers out of range, impossible
//! bounds, integer enum values beyond 64 bits, defaults of the wrong type, references to
//! nodes that are not schemas.

use oasforge_spec::{NodeRef, OpenApiVersion};
use serde_json::{Map, Value};

use super::{describe, Lowerer, NodeExt};
use crate::LowerError;

/// Keywords whose value is a number.
const NUMBERS: &[&str] = &["minimum", "maximum", "multipleOf"];

/// Keywords whose value is a count (a non-negative integer), with their upper partner.
const COUNTS: &[(&str, &str)] = &[
    ("minLength", "maxLength"),
    ("minItems", "maxItems"),
    ("minProperties", "maxProperties"),
];

impl Lowerer<'_> {
    /// Checks the validation keywords of the schema `obj` at `node`: errors for values no
    /// validator can apply, warnings (and the keyword dropped) for defaults of the wrong type.
    pub(super) fn check_keywords(
        &mut self,
        node: &NodeRef,
        obj: &Map<String, Value>,
    ) -> Result<(), LowerError> {
        let invalid = |key: &str, expected: &str, value: &Value| LowerError::Invalid {
            node: node.child(key),
            expected: expected.to_owned(),
            found: found(value),
        };
        let mut numbers = NUMBERS.to_vec();
        // 3.1: `exclusiveMinimum` is a number of its own; 3.0: a flag, or (leniently) a number.
        for key in ["exclusiveMinimum", "exclusiveMaximum"] {
            match obj.get(key) {
                Some(Value::Bool(_)) | None => {}
                Some(_) => numbers.push(key),
            }
        }
        for key in numbers {
            let Some(value) = obj.get(key) else { continue };
            if !value.as_f64().is_some_and(f64::is_finite) {
                return Err(invalid(
                    key,
                    "a finite number (within a 64-bit float)",
                    value,
                ));
            }
        }
        if let Some(value) = obj.get("multipleOf") {
            if value.as_f64().is_some_and(|m| m <= 0.0) {
                return Err(invalid("multipleOf", "a number greater than 0", value));
            }
        }
        let number = |key: &str| obj.get(key).and_then(Value::as_f64);
        let low = number("minimum")
            .into_iter()
            .chain(number("exclusiveMinimum"));
        let high: Vec<f64> = number("maximum")
            .into_iter()
            .chain(number("exclusiveMaximum"))
            .collect();
        for low in low {
            if let Some(high) = high.iter().find(|h| **h < low) {
                let key = if obj.contains_key("maximum") {
                    "maximum"
                } else {
                    "exclusiveMaximum"
                };
                return Err(LowerError::Invalid {
                    node: node.child(key),
                    expected: format!("a maximum not below the minimum {low}"),
                    found: format!("the maximum {high}"),
                });
            }
        }
        for (min, max) in COUNTS {
            let mut counts = [None, None];
            for (slot, key) in counts.iter_mut().zip([min, max]) {
                let Some(value) = obj.get(*key) else { continue };
                let count = value.as_u64().or_else(|| {
                    value
                        .as_f64()
                        .filter(|f| f.fract() == 0.0 && *f >= 0.0 && *f <= u64::MAX as f64)
                        .map(|f| f as u64)
                });
                match count {
                    Some(count) => *slot = Some(count),
                    None => return Err(invalid(key, "a non-negative integer", value)),
                }
            }
            if let [Some(low), Some(high)] = counts {
                if low > high {
                    return Err(LowerError::Invalid {
                        node: node.child(max),
                        expected: format!("`{max}` not below `{min}` ({low})"),
                        found: format!("{high}"),
                    });
                }
            }
        }
        let types = obj
            .get("type")
            .map(super::schema::type_list)
            .unwrap_or_default();
        if types.contains(&"integer") && !types.contains(&"number") {
            let values = obj
                .get("enum")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .enumerate()
                .map(|(i, v)| (node.child("enum").child(i.to_string()), v))
                .chain(obj.get("const").map(|v| (node.child("const"), v)));
            for (at, value) in values {
                if value.is_number() && value.as_i64().is_none() && !fits_i64(value) {
                    return Err(LowerError::Invalid {
                        node: at,
                        expected: "an integer value within 64 bits (i64)".into(),
                        found: found(value),
                    });
                }
            }
        }
        Ok(())
    }

    /// The schema's `default`, unless its JSON type is not one the schema's `type` allows or
    /// the schema's `enum` does not list it: then a located warning, and no default (a
    /// default is written whenever the property is absent, so it must be a valid value).
    pub(super) fn checked_default(
        &mut self,
        node: &NodeRef,
        obj: &Map<String, Value>,
    ) -> Option<Value> {
        let default = obj.get("default")?;
        let nullable = obj.get("nullable") == Some(&Value::Bool(true));
        if let Some(values) = obj.get("enum").and_then(Value::as_array) {
            if !(values.contains(default) || (default.is_null() && nullable)) {
                self.warn(
                    &node.child("default"),
                    format!(
                        "`default` is {} but the schema's `enum` does not list it: the default is not generated",
                        describe(default)
                    ),
                );
                return None;
            }
        }
        let types = obj
            .get("type")
            .map(super::schema::type_list)
            .unwrap_or_default();
        if types.is_empty() {
            return Some(default.clone());
        }
        let fits = types.iter().any(|t| match *t {
            "integer" => {
                default.as_i64().is_some() || default.as_u64().is_some() || fits_i64(default)
            }
            "number" => default.is_number(),
            "string" => default.is_string(),
            "boolean" => default.is_boolean(),
            "array" => default.is_array(),
            "object" => default.is_object(),
            "null" => default.is_null(),
            _ => true,
        }) || (default.is_null() && nullable);
        if fits {
            return Some(default.clone());
        }
        self.warn(
            &node.child("default"),
            format!(
                "`default` is {} but the schema's type is {}: the default is not generated",
                describe(default),
                types.join(" or ")
            ),
        );
        None
    }

    /// What the `$ref` at `node` (in a schema's place) points at when the document defines
    /// it as not a schema (`#/info`, a path, a response…), with a located warning: it is then
    /// generated as any JSON value.
    pub(super) fn non_schema_target(&mut self, node: &NodeRef, target: &NodeRef) -> bool {
        let segments = target.pointer.segments();
        let segments: Vec<&str> = segments.iter().map(String::as_str).collect();
        // Only the root document's structure is known: other files are free-form.
        let what = if target.file.0 != 0 {
            None
        } else {
            match segments.as_slice() {
                [] => Some("the whole document".to_owned()),
                [top, ..]
                    if [
                        "info",
                        "servers",
                        "tags",
                        "security",
                        "externalDocs",
                        "openapi",
                        "jsonSchemaDialect",
                    ]
                    .contains(top) =>
                {
                    Some(format!("`{top}`"))
                }
                ["paths" | "webhooks", ..] if segments.len() <= 3 => {
                    Some("a path item or operation".to_owned())
                }
                ["components"] => Some("`components`".to_owned()),
                ["components", kind] | ["components", kind, _] if *kind != "schemas" => {
                    Some(format!("`components/{kind}`"))
                }
                _ => None,
            }
        };
        let value = self.value(target);
        let what =
            what.or_else(|| (!value.is_object() && !value.is_boolean()).then(|| describe(value)));
        match what {
            Some(what) => {
                self.warn(
                    &node.child("$ref"),
                    format!(
                        "a reference to {what}, which is not a schema: generated as any JSON value"
                    ),
                );
                true
            }
            None => false,
        }
    }

    /// Whether the document is 3.0 (where `const` is not a keyword).
    pub(super) fn is_3_0(&self) -> bool {
        self.version == OpenApiVersion::V3_0
    }
}

/// A float that is a whole number within `i64`.
fn fits_i64(value: &Value) -> bool {
    value
        .as_f64()
        .is_some_and(|f| f.fract() == 0.0 && f >= i64::MIN as f64 && f < i64::MAX as f64)
}

/// How a keyword's value is shown in an error; a string that reads as a number out of
/// range (YAML keeps `1e400` as text) says so.
fn found(value: &Value) -> String {
    match value {
        Value::String(s) if s.parse::<f64>().is_ok_and(f64::is_infinite) => {
            format!("{s}, beyond the range of a 64-bit float")
        }
        Value::Number(n) if n.as_f64().is_some_and(|f| f.abs() >= 9.2e18) => {
            format!("{n}, beyond the range of a 64-bit integer")
        }
        other => describe(other),
    }
}

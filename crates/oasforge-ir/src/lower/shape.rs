//! Identity of inline schemas by content, for sharing one type between identical ones.
//!
//! Two inline schemas are the same shape when they would be written as the same JSON text:
//! the same keys in the same order, the same strings, and numbers of the same kind and value
//! (`1` and `1.0` differ). Instead of serializing each schema to compare texts, a [`Shape`]
//! holds a hash computed by walking the tree once, and compares the trees themselves only
//! when two hashes agree.

use std::hash::{DefaultHasher, Hash, Hasher};

use serde_json::{Number, Value};

/// A schema node keyed by content; equal when the JSON texts would be equal.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Shape<'v> {
    hash: u64,
    value: &'v Value,
}

impl<'v> Shape<'v> {
    /// The shape of `value`, and whether its text would contain `"$ref"` (a key `$ref`
    /// anywhere inside, or a string that is exactly `$ref`).
    pub(crate) fn of(value: &'v Value) -> (Self, bool) {
        let mut hasher = DefaultHasher::new();
        let mentions_ref = hash_value(value, &mut hasher);
        (
            Self {
                hash: hasher.finish(),
                value,
            },
            mentions_ref,
        )
    }
}

impl PartialEq for Shape<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.hash == other.hash && same_text(self.value, other.value)
    }
}

impl Eq for Shape<'_> {}

impl Hash for Shape<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_u64(self.hash);
    }
}

/// Feeds `value` to `hasher` (kinds, keys in order, contents); returns whether a key or a
/// string equal to `$ref` was seen.
fn hash_value(value: &Value, hasher: &mut DefaultHasher) -> bool {
    match value {
        Value::Null => {
            hasher.write_u8(0);
            false
        }
        Value::Bool(b) => {
            hasher.write_u8(1);
            b.hash(hasher);
            false
        }
        Value::Number(n) => {
            hasher.write_u8(2);
            n.hash(hasher);
            false
        }
        Value::String(s) => {
            hasher.write_u8(3);
            s.hash(hasher);
            s == "$ref"
        }
        Value::Array(items) => {
            hasher.write_u8(4);
            hasher.write_usize(items.len());
            let mut mentions_ref = false;
            for item in items {
                mentions_ref |= hash_value(item, hasher);
            }
            mentions_ref
        }
        Value::Object(map) => {
            hasher.write_u8(5);
            hasher.write_usize(map.len());
            let mut mentions_ref = false;
            for (key, item) in map {
                key.hash(hasher);
                mentions_ref |= key == "$ref";
                mentions_ref |= hash_value(item, hasher);
            }
            mentions_ref
        }
    }
}

/// Whether `a` and `b` serialize to the same JSON text: like `==` but keys must come in the
/// same order (maps compare as sets otherwise) and `0.0` differs from `-0.0`.
fn same_text(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Null, Value::Null) => true,
        (Value::Bool(a), Value::Bool(b)) => a == b,
        (Value::Number(a), Value::Number(b)) => same_number(a, b),
        (Value::String(a), Value::String(b)) => a == b,
        (Value::Array(a), Value::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(a, b)| same_text(a, b))
        }
        (Value::Object(a), Value::Object(b)) => {
            a.len() == b.len()
                && a.iter()
                    .zip(b)
                    .all(|((ka, va), (kb, vb))| ka == kb && same_text(va, vb))
        }
        _ => false,
    }
}

fn same_number(a: &Number, b: &Number) -> bool {
    if a.is_f64() || b.is_f64() {
        return a.is_f64()
            && b.is_f64()
            && a.as_f64().map(f64::to_bits) == b.as_f64().map(f64::to_bits);
    }
    a.as_u64() == b.as_u64() && a.as_i64() == b.as_i64()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn shape(value: &Value) -> Shape<'_> {
        Shape::of(value).0
    }

    /// The rule being replaced: same shape exactly when the serialized texts are equal.
    fn texts_equal(a: &Value, b: &Value) -> bool {
        serde_json::to_string(a).ok() == serde_json::to_string(b).ok()
    }

    #[test]
    fn same_shape_exactly_when_the_text_is_the_same() {
        let values = [
            json!({"type": "object", "properties": {"a": {"type": "string"}, "b": {"type": "integer"}}}),
            json!({"type": "object", "properties": {"b": {"type": "integer"}, "a": {"type": "string"}}}),
            json!({"type": "object", "properties": {"a": {"type": "string"}, "b": {"type": "integer"}}}),
            json!({"type": "integer", "minimum": 1}),
            json!({"type": "integer", "minimum": 1.0}),
            json!({"type": "integer", "minimum": -1}),
            json!({"type": "number", "minimum": 0.0}),
            json!({"type": "number", "minimum": -0.0}),
            json!({"type": "number", "minimum": 0}),
            json!({"enum": ["a", "b"]}),
            json!({"enum": ["b", "a"]}),
            json!({"enum": [null, true, false]}),
            json!({"enum": [null, true]}),
            json!([]),
            json!({}),
            json!(""),
            json!(null),
        ];
        for a in &values {
            for b in &values {
                assert_eq!(shape(a) == shape(b), texts_equal(a, b), "{a} vs {b}");
            }
        }
    }

    #[test]
    fn equal_shapes_hash_alike_and_share_map_entries() {
        let a = json!({"type": "object", "properties": {"id": {"type": "string", "maxLength": 5}}});
        let b = a.clone();
        let mut map = std::collections::HashMap::new();
        map.insert(shape(&a), 1);
        assert_eq!(map.get(&shape(&b)), Some(&1));
        assert_eq!(map.get(&shape(&json!({"type": "object"}))), None);
    }

    #[test]
    fn ref_mentions_match_the_text_search() {
        for value in [
            json!({"$ref": "#/components/schemas/A"}),
            json!({"type": "object", "properties": {"a": {"$ref": "a.yaml"}}}),
            json!({"type": "object", "properties": {"a": {"type": "string"}}}),
            json!({"enum": ["$ref"]}),
            json!({"description": "uses a \"$ref\" to A"}),
            json!({"items": [{"x": "$refs"}]}),
        ] {
            assert_eq!(
                Shape::of(&value).1,
                value.to_string().contains("\"$ref\""),
                "{value}"
            );
        }
    }
}

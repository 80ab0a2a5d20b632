//! The fixed items of a generated `models.rs`: the reader of present-or-null fields, the
//! measure by which an untagged union chooses its variant, and the switch by which the router
//! reads a request strictly with types a response also carries.

use serde::{Deserialize, Serialize};

/// Reads a field that is present as `Some`, leaving `null` to `T`. With
/// `#[serde(default)]` an absent field stays `None`, so "absent" and "null" remain
/// two different values of an `Option<Option<T>>`; when `T` is not an `Option`, a
/// `null` is refused instead of read as absent.
fn deserialize_present<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    T::deserialize(deserializer).map(Some)
}

thread_local! {
    /// Whether the value being read on this thread is a request the router decodes.
    static READING_REQUEST: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs `read` (a request's decoding, which does not await) with the types a response also
/// carries reading as strictly as the spec says: a `null` where a property is not nullable
/// is refused there, not read as absent. The router decodes every request through it; a
/// client's reading of responses stays lenient.
pub fn read_request<R>(read: impl FnOnce() -> R) -> R {
    struct Restore(bool);
    impl Drop for Restore {
        fn drop(&mut self) {
            READING_REQUEST.with(|flag| flag.set(self.0));
        }
    }
    let _restore = Restore(READING_REQUEST.with(|flag| flag.replace(true)));
    read()
}

/// Reads an optional property that is not nullable of a type a response carries: a `null`
/// reads as absent, except in a request (see [`read_request`]), where it is refused.
fn deserialize_optional<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    if READING_REQUEST.with(std::cell::Cell::get) {
        T::deserialize(deserializer).map(Some)
    } else {
        Option::<T>::deserialize(deserializer)
    }
}

/// How much of `input` a union variant does not write back: the number of
/// values (leaves, at their paths) that differ or are missing when the variant
/// read from `input` is written again. A union is read as the variant that loses
/// least (none, when one accounts for every key), not merely the first that parses.
fn union_loss<T: Serialize>(input: &serde_json::Value, candidate: &T) -> usize {
    fn lost(a: &serde_json::Value, b: Option<&serde_json::Value>) -> usize {
        match (a, b) {
            (serde_json::Value::Object(x), Some(serde_json::Value::Object(y))) => {
                x.iter().map(|(k, v)| lost(v, y.get(k))).sum()
            }
            (serde_json::Value::Array(x), Some(serde_json::Value::Array(y))) => {
                x.iter().enumerate().map(|(i, v)| lost(v, y.get(i))).sum()
            }
            (serde_json::Value::Object(x), _) => x.len().max(1),
            (serde_json::Value::Array(x), _) => x.len().max(1),
            (serde_json::Value::Number(x), Some(serde_json::Value::Number(y))) => {
                usize::from(x.as_f64() != y.as_f64())
            }
            (a, Some(b)) => usize::from(a != b),
            (_, None) => 1,
        }
    }
    match serde_json::to_value(candidate) {
        Ok(output) => lost(input, Some(&output)),
        Err(_) => usize::MAX,
    }
}

/// How many keys of `input` (an object) a union variant does not declare, though it keeps
/// them: among the variants that lose nothing, the one declaring most of them is meant.
fn union_undeclared(input: &serde_json::Value, declared: &[&str]) -> usize {
    input.as_object().map_or(0, |map| {
        map.keys()
            .filter(|k| !declared.contains(&k.as_str()))
            .count()
    })
}

/// Reads a string enum from its wire text: `parse` gives the variant, or `None` for text
/// the enum does not list, which is refused as an unknown variant, naming the `listed`
/// values. Lighter to compile than a derived `Deserialize`, and the same on the wire.
fn deserialize_wire<'de, D, T>(
    deserializer: D,
    parse: fn(&str) -> Option<T>,
    listed: &'static [&'static str],
) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
{
    struct Wire<T> {
        parse: fn(&str) -> Option<T>,
        listed: &'static [&'static str],
    }

    impl<T> serde::de::Visitor<'_> for Wire<T> {
        type Value = T;

        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a string")
        }

        fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<T, E> {
            (self.parse)(value).ok_or_else(|| E::unknown_variant(value, self.listed))
        }
    }

    deserializer.deserialize_str(Wire { parse, listed })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[derive(Serialize, Deserialize)]
    struct Named {
        name: String,
    }

    #[derive(Serialize, Deserialize)]
    struct Holder {
        #[serde(default, deserialize_with = "deserialize_present")]
        value: Option<Option<u8>>,
    }

    #[derive(Deserialize)]
    struct Lenient {
        #[serde(default, deserialize_with = "deserialize_optional")]
        value: Option<u8>,
    }

    #[test]
    fn a_null_is_absent_except_in_a_request() {
        let null = json!({ "value": null });
        let read: Lenient = serde_json::from_value(null.clone()).unwrap();
        assert_eq!(read.value, None);
        let refused = read_request(|| serde_json::from_value::<Lenient>(null.clone()));
        assert!(refused.is_err());
        let set = read_request(|| serde_json::from_value::<Lenient>(json!({ "value": 3 })));
        assert_eq!(set.unwrap().value, Some(3));
        let absent = read_request(|| serde_json::from_value::<Lenient>(json!({})));
        assert_eq!(absent.unwrap().value, None);
        // The switch is off again once the request is read.
        assert!(serde_json::from_value::<Lenient>(null).is_ok());
    }

    #[derive(Debug, PartialEq)]
    enum Size {
        Small,
        Large,
    }

    impl<'de> Deserialize<'de> for Size {
        fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            let parse = |value: &str| match value {
                "s" => Some(Size::Small),
                "l" => Some(Size::Large),
                _ => None,
            };
            deserialize_wire(deserializer, parse, &["s", "l"])
        }
    }

    #[test]
    fn a_string_enum_reads_its_wire_values_and_names_them_when_refusing() {
        let sizes: Vec<Size> = serde_json::from_value(json!(["s", "l"])).unwrap();
        assert_eq!(sizes, [Size::Small, Size::Large]);
        let unknown = serde_json::from_value::<Size>(json!("m")).unwrap_err();
        assert_eq!(
            unknown.to_string(),
            "unknown variant `m`, expected `s` or `l`"
        );
        let number = serde_json::from_value::<Size>(json!(3)).unwrap_err();
        assert_eq!(
            number.to_string(),
            "invalid type: integer `3`, expected a string"
        );
        // As a map key, too.
        let keyed: std::collections::BTreeMap<String, Size> =
            serde_json::from_str(r#"{"a": "l"}"#).unwrap();
        assert_eq!(keyed["a"], Size::Large);
    }

    #[test]
    fn undeclared_keys_are_counted_against_the_declared_names() {
        let input = json!({ "name": "rex", "bark": true, "age": 3 });
        assert_eq!(union_undeclared(&input, &["name", "bark"]), 1);
        assert_eq!(union_undeclared(&input, &["name"]), 2);
        assert_eq!(union_undeclared(&json!("text"), &["name"]), 0);
    }

    #[test]
    fn absent_and_null_stay_apart() {
        let absent: Holder = serde_json::from_value(json!({})).unwrap();
        let null: Holder = serde_json::from_value(json!({ "value": null })).unwrap();
        let set: Holder = serde_json::from_value(json!({ "value": 3 })).unwrap();
        assert_eq!(absent.value, None);
        assert_eq!(null.value, Some(None));
        assert_eq!(set.value, Some(Some(3)));
    }

    #[test]
    fn a_variant_that_drops_keys_loses_them() {
        let input = json!({ "name": "rex", "age": 3, "tags": ["a", "b"] });
        let candidate = Named {
            name: "rex".to_owned(),
        };
        // `age` and both tags are not written back.
        assert_eq!(union_loss(&input, &candidate), 3);
        assert_eq!(union_loss(&json!({ "name": "rex" }), &candidate), 0);
        assert_eq!(union_loss(&json!({ "name": "max" }), &candidate), 1);
        // Numbers compare by value: `1` and `1.0` are the same number.
        assert_eq!(union_loss(&json!(1), &1.0_f64), 0);
    }
}

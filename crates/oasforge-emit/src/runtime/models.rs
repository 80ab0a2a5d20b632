//! The fixed items of a generated `models.rs`: the readers and writers of structs' properties,
//! the measure by which an untagged union chooses its variant, and the switch by which the
//! router reads a request strictly with types a response also carries.

use serde::{Deserialize, Serialize};

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

/// A struct read from the properties of an object, one at a time: the generated models
/// implement it with one `match` arm per property and read through [`deserialize_object`],
/// which is lighter to compile than a derived `Deserialize` and the same on the wire.
trait FromFields: Sized {
    /// What the value is, for errors (`struct Pet`).
    const EXPECTING: &'static str;

    /// Reads the properties of `map` into the struct.
    fn from_fields<'de, A: serde::de::MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
}

/// Reads a [`FromFields`] struct from an object.
fn deserialize_object<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: FromFields,
{
    struct Object<T>(std::marker::PhantomData<T>);

    impl<'de, T: FromFields> serde::de::Visitor<'de> for Object<T> {
        type Value = T;

        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str(T::EXPECTING)
        }

        fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
            T::from_fields(map)
        }
    }

    deserializer.deserialize_map(Object(std::marker::PhantomData))
}

/// The name of a property, borrowed from the input when it can be.
struct FieldKey<'de>(std::borrow::Cow<'de, str>);

impl FieldKey<'_> {
    /// The name as text.
    fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de> Deserialize<'de> for FieldKey<'de> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Name;

        impl<'de> serde::de::Visitor<'de> for Name {
            type Value = FieldKey<'de>;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a property name")
            }

            fn visit_borrowed_str<E>(self, value: &'de str) -> Result<FieldKey<'de>, E> {
                Ok(FieldKey(std::borrow::Cow::Borrowed(value)))
            }

            fn visit_str<E>(self, value: &str) -> Result<FieldKey<'de>, E> {
                Ok(FieldKey(std::borrow::Cow::Owned(value.to_owned())))
            }

            fn visit_string<E>(self, value: String) -> Result<FieldKey<'de>, E> {
                Ok(FieldKey(std::borrow::Cow::Owned(value)))
            }
        }

        deserializer.deserialize_str(Name)
    }
}

/// Reads the next property name of an object whose properties are all `declared`
/// (`additionalProperties: false`): another name is refused while it is read, so the error
/// is located at that property.
fn declared_key<'de, A>(
    map: &mut A,
    declared: &'static [&'static str],
) -> Result<Option<FieldKey<'de>>, A::Error>
where
    A: serde::de::MapAccess<'de>,
{
    struct Declared(&'static [&'static str]);

    impl<'de> serde::de::DeserializeSeed<'de> for Declared {
        type Value = FieldKey<'de>;

        fn deserialize<D: serde::Deserializer<'de>>(
            self,
            deserializer: D,
        ) -> Result<FieldKey<'de>, D::Error> {
            let key = FieldKey::deserialize(deserializer)?;
            if self.0.contains(&key.as_str()) {
                Ok(key)
            } else {
                Err(serde::de::Error::unknown_field(key.as_str(), self.0))
            }
        }
    }

    map.next_key_seed(Declared(declared))
}

/// Reads the value of the property `name` into its `slot`; a property given twice is
/// refused.
fn read_field<'de, A, T>(
    map: &mut A,
    slot: &mut Option<T>,
    name: &'static str,
) -> Result<(), A::Error>
where
    A: serde::de::MapAccess<'de>,
    T: Deserialize<'de>,
{
    if slot.is_some() {
        return Err(serde::de::Error::duplicate_field(name));
    }
    *slot = Some(map.next_value()?);
    Ok(())
}

/// Reads an optional property that is not nullable of a type a response carries: a `null`
/// reads as absent, except in a request (see [`read_request`]), where it is refused.
fn read_optional<'de, A, T>(
    map: &mut A,
    slot: &mut Option<Option<T>>,
    name: &'static str,
) -> Result<(), A::Error>
where
    A: serde::de::MapAccess<'de>,
    T: Deserialize<'de>,
{
    if slot.is_some() {
        return Err(serde::de::Error::duplicate_field(name));
    }
    *slot = Some(if READING_REQUEST.with(std::cell::Cell::get) {
        Some(map.next_value()?)
    } else {
        map.next_value()?
    });
    Ok(())
}

/// Skips the value of a property the struct does not declare.
fn skip_field<'de, A: serde::de::MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    map.next_value::<serde::de::IgnoredAny>().map(drop)
}

/// The value of a required property, once the object is read: an absent property is refused
/// as missing, unless its type reads absence itself (an `Option` reads it as `None`).
fn required_field<'de, T, E>(slot: Option<T>, name: &'static str) -> Result<T, E>
where
    T: Deserialize<'de>,
    E: serde::de::Error,
{
    struct Missing<E> {
        name: &'static str,
        error: std::marker::PhantomData<E>,
    }

    impl<'de, E: serde::de::Error> serde::Deserializer<'de> for Missing<E> {
        type Error = E;

        fn deserialize_any<V: serde::de::Visitor<'de>>(self, _: V) -> Result<V::Value, E> {
            Err(E::missing_field(self.name))
        }

        fn deserialize_option<V: serde::de::Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
            visitor.visit_none()
        }

        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes
            byte_buf unit unit_struct newtype_struct seq tuple tuple_struct map struct enum
            identifier ignored_any
        }
    }

    match slot {
        Some(value) => Ok(value),
        None => T::deserialize(Missing {
            name,
            error: std::marker::PhantomData,
        }),
    }
}

/// Writes the property `name` when its value is present.
fn optional_entry<M, T>(map: &mut M, name: &'static str, value: &Option<T>) -> Result<(), M::Error>
where
    M: serde::ser::SerializeMap,
    T: Serialize,
{
    match value {
        Some(value) => map.serialize_entry(name, value),
        None => Ok(()),
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

    /// `impl Deserialize` as the generator writes it for a struct.
    macro_rules! read_as_object {
        ($name:ident) => {
            impl<'de> Deserialize<'de> for $name {
                fn deserialize<D: serde::Deserializer<'de>>(
                    deserializer: D,
                ) -> Result<Self, D::Error> {
                    deserialize_object(deserializer)
                }
            }
        };
    }

    /// A struct as the generator writes one: a required property, a required nullable one,
    /// one whose `null` is kept apart from absence, one whose `null` is absent except in a
    /// request, and a plain optional one.
    #[derive(Debug, PartialEq)]
    struct Sample {
        name: String,
        note: Option<String>,
        value: Option<Option<u8>>,
        lenient: Option<u8>,
        tags: Option<Vec<String>>,
    }

    impl Serialize for Sample {
        fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            use serde::ser::SerializeMap;
            let mut map = serializer.serialize_map(None)?;
            map.serialize_entry("name", &self.name)?;
            map.serialize_entry("note", &self.note)?;
            optional_entry(&mut map, "value", &self.value)?;
            optional_entry(&mut map, "lenient", &self.lenient)?;
            optional_entry(&mut map, "tags", &self.tags)?;
            map.end()
        }
    }

    read_as_object!(Sample);

    impl FromFields for Sample {
        const EXPECTING: &'static str = "struct Sample";

        fn from_fields<'de, A: serde::de::MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
            let mut name = None;
            let mut note = None;
            let mut value = None;
            let mut lenient = None;
            let mut tags = None;
            while let Some(key) = map.next_key::<FieldKey>()? {
                match key.as_str() {
                    "name" => read_field(&mut map, &mut name, "name")?,
                    "note" => read_field(&mut map, &mut note, "note")?,
                    "value" => read_field(&mut map, &mut value, "value")?,
                    "lenient" => read_optional(&mut map, &mut lenient, "lenient")?,
                    "tags" => read_field(&mut map, &mut tags, "tags")?,
                    _ => skip_field(&mut map)?,
                }
            }
            Ok(Self {
                name: required_field(name, "name")?,
                note: required_field(note, "note")?,
                value,
                lenient: lenient.flatten(),
                tags: tags.flatten(),
            })
        }
    }

    fn sample(value: serde_json::Value) -> Result<Sample, serde_json::Error> {
        serde_json::from_value(value)
    }

    #[test]
    fn a_null_is_absent_except_in_a_request() {
        let null = json!({ "name": "a", "lenient": null });
        assert_eq!(sample(null.clone()).unwrap().lenient, None);
        let refused = read_request(|| sample(null.clone()));
        assert!(refused.is_err());
        let set = read_request(|| sample(json!({ "name": "a", "lenient": 3 })));
        assert_eq!(set.unwrap().lenient, Some(3));
        let absent = read_request(|| sample(json!({ "name": "a" })));
        assert_eq!(absent.unwrap().lenient, None);
        // The switch is off again once the request is read.
        assert!(sample(null).is_ok());
    }

    #[test]
    fn a_struct_reads_and_writes_its_properties_as_the_derive_would() {
        let text = r#"{"name":"rex","note":null,"value":null,"tags":["a"],"other":{"x":[1]}}"#;
        // Borrowed names (`from_str`), owned ones (`from_value`) and copied ones (a reader).
        let read: Sample = serde_json::from_str(text).unwrap();
        let value: serde_json::Value = serde_json::from_str(text).unwrap();
        assert_eq!(sample(value).unwrap(), read);
        assert_eq!(
            serde_json::from_reader::<_, Sample>(text.as_bytes()).unwrap(),
            read
        );
        let expected = Sample {
            name: "rex".to_owned(),
            note: None,
            value: Some(None),
            lenient: None,
            tags: Some(vec!["a".to_owned()]),
        };
        assert_eq!(read, expected);
        // Undeclared properties are skipped; absent optional ones are not written.
        assert_eq!(
            serde_json::to_value(&read).unwrap(),
            json!({ "name": "rex", "note": null, "value": null, "tags": ["a"] })
        );
    }

    #[test]
    fn missing_duplicate_and_mistyped_properties_are_refused_by_name() {
        let missing = sample(json!({ "note": "n" })).unwrap_err();
        assert_eq!(missing.to_string(), "missing field `name`");
        // A required nullable property reads its absence as `None`, as serde's derive does.
        assert_eq!(sample(json!({ "name": "a" })).unwrap().note, None);
        let twice = serde_json::from_str::<Sample>(r#"{"name":"a","name":"b"}"#).unwrap_err();
        assert!(
            twice.to_string().starts_with("duplicate field `name`"),
            "{twice}"
        );
        let twice = serde_json::from_str::<Sample>(r#"{"name":"a","lenient":1,"lenient":2}"#);
        assert!(twice.is_err());
        let array = sample(json!(["rex"])).unwrap_err();
        assert_eq!(
            array.to_string(),
            "invalid type: sequence, expected struct Sample"
        );
        let mistyped = sample(json!({ "name": 3 })).unwrap_err();
        assert_eq!(
            mistyped.to_string(),
            "invalid type: integer `3`, expected a string"
        );
    }

    /// A struct of `additionalProperties: false`, as the generator writes one.
    #[derive(Debug)]
    struct Closed {
        name: Option<String>,
    }

    read_as_object!(Closed);

    impl FromFields for Closed {
        const EXPECTING: &'static str = "struct Closed";

        fn from_fields<'de, A: serde::de::MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
            let mut name = None;
            while let Some(key) = declared_key(&mut map, &["name"])? {
                match key.as_str() {
                    "name" => read_field(&mut map, &mut name, "name")?,
                    _ => skip_field(&mut map)?,
                }
            }
            Ok(Self {
                name: name.flatten(),
            })
        }
    }

    #[test]
    fn an_undeclared_property_is_refused_at_its_own_path() {
        let closed: Closed = serde_json::from_str(r#"{"name":"a"}"#).unwrap();
        assert_eq!(closed.name.as_deref(), Some("a"));
        let text = r#"{"name":"a","role":"admin"}"#;
        let mut deserializer = serde_json::Deserializer::from_str(text);
        let error = serde_path_to_error::deserialize::<_, Closed>(&mut deserializer).unwrap_err();
        assert_eq!(error.path().to_string(), "role");
        assert!(
            error
                .inner()
                .to_string()
                .starts_with("unknown field `role`, expected `name`"),
            "{error}"
        );
    }

    #[test]
    fn absent_and_null_stay_apart() {
        let absent = sample(json!({ "name": "a" })).unwrap();
        let null = sample(json!({ "name": "a", "value": null })).unwrap();
        let set = sample(json!({ "name": "a", "value": 3 })).unwrap();
        assert_eq!(absent.value, None);
        assert_eq!(null.value, Some(None));
        assert_eq!(set.value, Some(Some(3)));
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

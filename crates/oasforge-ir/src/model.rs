//! The intermediate representation: what the emitters read.
//!
//! Everything here is already decided: names are valid Rust identifiers, inline schemas have
//! names, `allOf` is merged, references are [`TypeId`]s, and recursive fields are marked for
//! boxing. Nothing refers back to the JSON tree except `origin` pointers kept for diagnostics.

use std::sync::{Arc, LazyLock};

use serde_json::Value;

/// One API: everything generated from one OpenAPI document.
#[derive(Debug, Clone, PartialEq)]
pub struct Api {
    /// `info.title`.
    pub title: String,
    /// `info.version`.
    pub version: String,
    /// `info.description`.
    pub description: Option<String>,
    /// The `openapi` field, e.g. `3.1.0`.
    pub openapi_version: String,
    /// `servers`, in document order.
    pub servers: Vec<Server>,
    /// `components.securitySchemes`, in document order.
    pub security_schemes: Vec<SecurityScheme>,
    /// Every named type; a [`TypeId`] indexes this list. Ordered components first (in
    /// document order), then inline types in the order operations reach them.
    pub types: Vec<TypeDef>,
    /// Every operation, in document order (path, then method in the order written).
    pub operations: Vec<Operation>,
    /// Every webhook (3.1 `webhooks`) and callback, in document order: webhooks first.
    pub webhooks: Vec<crate::Webhook>,
}

impl Api {
    /// The type a [`TypeId`] names.
    pub fn type_def(&self, id: TypeId) -> &TypeDef {
        &self.types[id.0]
    }
}

/// Index of a [`TypeDef`] in [`Api::types`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TypeId(pub usize);

/// Documentation carried from the spec into doc comments.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Docs {
    /// `title`, or an operation's `summary`.
    pub title: Option<String>,
    /// `description`.
    pub description: Option<String>,
}

impl Docs {
    /// Whether there is nothing to say.
    pub fn is_empty(&self) -> bool {
        self.title.is_none() && self.description.is_none()
    }
}

/// A named Rust type.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    /// The Rust name (UpperCamelCase, unique in the API).
    pub name: String,
    /// Doc comment text.
    pub docs: Docs,
    /// Where the schema sits, as a JSON pointer into the root document (or `file#pointer`).
    pub origin: String,
    /// `deprecated: true`.
    pub deprecated: bool,
    /// What kind of type it is.
    pub kind: TypeKind,
}

/// The shapes a named type can take.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    /// An object with declared properties.
    Struct(Struct),
    /// A string enum.
    Enum(StringEnum),
    /// A name for another type (`pub type Name = …;`).
    Alias(Box<Ty>),
    /// `oneOf` / `anyOf` with more than one non-null alternative: a Rust enum with one
    /// variant per alternative, tagged by a discriminator property or untagged.
    Union(Union),
    /// An `integer` schema with an `enum` list: a Rust enum whose variants carry the numbers.
    IntEnum(IntEnum),
    /// A 3.1 `prefixItems` array with no further items: a tuple struct, one element per
    /// position (serde writes it as a JSON array).
    Tuple(Vec<Ty>),
}

/// A `oneOf` / `anyOf` of several alternatives (`null` alternatives removed: they make the
/// use of the union nullable instead).
#[derive(Debug, Clone, PartialEq)]
pub struct Union {
    /// The alternatives in document order, each a variant.
    pub variants: Vec<UnionVariant>,
    /// The discriminator, when the schema has one that every variant can carry.
    pub tag: Option<UnionTag>,
    /// `true` for `oneOf`, `false` for `anyOf` (the first matching alternative is taken).
    pub exclusive: bool,
    /// The variant tried first for a value whose discriminator names no variant: the
    /// parent's own struct when the union stands for a parent schema and the children that
    /// extend it through `allOf` (a child is taken only when it keeps more of the value).
    pub fallback: Option<usize>,
}

/// How a discriminated union finds its variant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnionTag {
    /// `discriminator.propertyName` on the wire.
    pub property: String,
    /// Where the property lives in the Rust types.
    pub style: TagStyle,
}

/// Whether the discriminator property is a field of the variant types.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TagStyle {
    /// Every variant is a struct that declares the property itself: the variant is chosen by
    /// reading the property, and the struct's own field is written back unchanged.
    Declared,
    /// No variant declares the property: the enum adds it when writing and removes it when
    /// reading (serde's internally tagged representation).
    Added,
}

/// One alternative of a [`Union`].
#[derive(Debug, Clone, PartialEq)]
pub struct UnionVariant {
    /// The Rust variant name (UpperCamelCase, unique in the enum): the referenced schema's
    /// name, the alternative's `title`, or a word for its type.
    pub name: String,
    /// The alternative's type.
    pub ty: Ty,
    /// Whether the value must be boxed to break a cycle of types.
    pub boxed: bool,
    /// The discriminator values that select this variant (empty for untagged unions). The
    /// first is written; all are accepted.
    pub tags: Vec<String>,
    /// Doc comment text.
    pub docs: Docs,
}

/// An integer enum.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IntEnum {
    /// Variants in document order.
    pub variants: Vec<IntVariant>,
    /// Whether values the spec does not list are read too (kept in a catch-all variant):
    /// set on enums a response can carry, see `lower::lenient`.
    pub open: bool,
}

/// One value of an integer enum.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IntVariant {
    /// The Rust variant name (`V1`, `Minus1`, or from `x-enum-varnames`).
    pub name: String,
    /// The number on the wire.
    pub value: i64,
}

/// An object schema (possibly merged from `allOf`).
#[derive(Debug, Clone, PartialEq)]
pub struct Struct {
    /// Properties in document order.
    pub fields: Vec<Field>,
    /// What happens to properties that are not declared.
    pub additional: Additional,
    /// `minProperties` of the schema and its `allOf` branches (the largest): checked by
    /// the struct's own validator, so every use of the type, `$ref` or inline, sees it.
    pub min_properties: Option<u64>,
    /// `maxProperties` of the schema and its `allOf` branches (the smallest).
    pub max_properties: Option<u64>,
    /// Read leniently, because a response can carry it (see `lower::lenient`): an explicit
    /// `null` on an optional property that is not nullable reads as absent. Otherwise such a
    /// `null` is refused, as the schema says.
    pub lenient: bool,
}

/// The treatment of undeclared properties (`additionalProperties`).
#[derive(Debug, Clone, PartialEq)]
pub enum Additional {
    /// Not mentioned: accepted on input and not kept.
    Ignored,
    /// `additionalProperties: false`: rejected.
    Forbidden,
    /// `additionalProperties: true`, `{}` or a schema: kept in a map of this value type.
    Map(Box<Ty>),
}

/// One property of a struct.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The Rust name (snake_case, keywords as raw identifiers).
    pub name: String,
    /// The property name on the wire.
    pub wire_name: String,
    /// The value type (without the `Option` that `required: false` adds).
    pub ty: Ty,
    /// Listed in `required`.
    pub required: bool,
    /// Whether the value must be boxed to break a cycle of types.
    pub boxed: bool,
    /// Doc comment text.
    pub docs: Docs,
    /// `readOnly: true`.
    pub read_only: bool,
    /// `writeOnly: true`.
    pub write_only: bool,
    /// `deprecated: true`.
    pub deprecated: bool,
    /// `example`, and the entries of 3.1 `examples`, for documentation.
    pub examples: Vec<Value>,
}

impl Field {
    /// How the field is present on the wire, which decides its Rust type: see [`Presence`].
    ///
    /// A `readOnly` or `writeOnly` property is treated as optional even when `required`:
    /// it is only sent in one direction, so the other direction must not demand it. A
    /// `readOnly` property is never [`Presence::Defaulted`] (always written): the client
    /// leaves it out of requests (see [`crate::read_only`]).
    pub fn presence(&self) -> Presence {
        let required = self.required && !self.read_only && !self.write_only;
        match (required, self.ty.nullable) {
            (true, false) => Presence::Required,
            (true, true) => Presence::RequiredNullable,
            (false, false) if !self.read_only && self.literal_default().is_some() => {
                Presence::Defaulted
            }
            (false, false) => Presence::Optional,
            (false, true) => Presence::OptionalNullable,
        }
    }

    /// The property's `default`, if any: kept with the other constraints of its type
    /// ([`Constraints::default`]), the one place a default lives.
    pub fn default(&self) -> Option<&Value> {
        self.ty.constraints.default.as_ref()
    }

    /// The `default` when it is a literal of the field's scalar type (a boolean, a whole
    /// number for an integer, a number, a string for a plain string): such a field is
    /// [`Presence::Defaulted`].
    pub fn literal_default(&self) -> Option<&Value> {
        let value = self.default()?;
        let TyKind::Scalar(scalar) = self.ty.kind else {
            return None;
        };
        let fits = match scalar {
            Scalar::Bool => value.is_boolean(),
            Scalar::I32 => value.as_i64().is_some_and(|n| i32::try_from(n).is_ok()),
            Scalar::I64 => value.is_i64(),
            Scalar::U32 => value.as_u64().is_some_and(|n| u32::try_from(n).is_ok()),
            Scalar::U64 => value.is_u64(),
            Scalar::F32 | Scalar::F64 => value.is_number(),
            Scalar::String | Scalar::Binary | Scalar::Byte => value.is_string(),
            _ => false,
        };
        fits.then_some(value)
    }
}

/// The four ways a property can be present, each with its own Rust shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presence {
    /// Always there, never `null`: `T`.
    Required,
    /// Always there, possibly `null`: `Option<T>`, written as `null` when `None`.
    RequiredNullable,
    /// May be absent, never `null`: `Option<T>`, left out when `None`.
    Optional,
    /// May be absent, never `null`, with a literal `default`: `T`, the default when absent
    /// (a serde default function), always written.
    Defaulted,
    /// May be absent or `null`: `Option<Option<T>>` — `None` is absent (left out),
    /// `Some(None)` is an explicit `null`, `Some(Some(v))` a value.
    OptionalNullable,
}

/// A string enum.
#[derive(Debug, Clone, PartialEq)]
pub struct StringEnum {
    /// Variants in document order.
    pub variants: Vec<EnumVariant>,
    /// Whether values the spec does not list are read too (kept as they came): set for
    /// enums a response can carry, so a server adding a value does not break a client.
    pub open: bool,
}

/// One value of a string enum.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnumVariant {
    /// The Rust variant name (UpperCamelCase, unique in the enum).
    pub name: String,
    /// The value on the wire.
    pub wire_value: String,
}

/// A use of a type: in a field, an array, a parameter or a body.
#[derive(Debug, Clone, PartialEq)]
pub struct Ty {
    /// The shape.
    pub kind: TyKind,
    /// Whether `null` is an allowed value (3.0 `nullable`, 3.1 `type: [.., "null"]`).
    pub nullable: bool,
    /// The constraints stated at this use. Shared: most uses state none, and they all point
    /// to one empty set ([`Constraints::none`]), which keeps a `Ty` small; change one with
    /// `Arc::make_mut`.
    pub constraints: Arc<Constraints>,
}

impl Ty {
    /// A type with no constraints that is not nullable.
    pub fn plain(kind: TyKind) -> Self {
        Self {
            kind,
            nullable: false,
            constraints: Constraints::none(),
        }
    }
}

/// The shapes of a type use.
#[derive(Debug, Clone, PartialEq)]
pub enum TyKind {
    /// A named type.
    Named(TypeId),
    /// A primitive.
    Scalar(Scalar),
    /// `type: array`.
    Array(Box<Ty>),
    /// An object with only `additionalProperties`: a map from string keys.
    Map(Box<Ty>),
    /// Any JSON value.
    Any,
}

/// Primitive types, chosen from `type` and `format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scalar {
    /// `string`.
    String,
    /// `string`, `format: date-time`.
    DateTime,
    /// `boolean`.
    Bool,
    /// `integer`, `format: int32`.
    I32,
    /// `integer`, `format: int64` or no format.
    I64,
    /// `number`, `format: float`.
    F32,
    /// `number`, `format: double` or no format.
    F64,
    /// `string`, `format: date` (`chrono::NaiveDate`).
    Date,
    /// `string`, `format: uuid`.
    Uuid,
    /// `string`, `format: ipv4`.
    Ipv4,
    /// `string`, `format: ipv6`.
    Ipv6,
    /// `integer` with `format: uint32`, or bounds that fit `0..=u32::MAX` but not `i32`.
    U32,
    /// `integer` with `format: uint64` / `uint`, or `minimum: 0` beyond `u32`.
    U64,
    /// `string`, `format: binary`: raw bytes, sent as a file part in a multipart form and
    /// held as text elsewhere.
    Binary,
    /// `string`, `format: byte`: base64-encoded bytes, held as text.
    Byte,
}

impl Scalar {
    /// Whether the scalar is held as a plain `String` (no format of its own, or `binary` /
    /// `byte`).
    pub fn is_text(self) -> bool {
        matches!(self, Scalar::String | Scalar::Binary | Scalar::Byte)
    }
}

impl Constraints {
    /// The shared empty set of constraints.
    pub fn none() -> Arc<Constraints> {
        static NONE: LazyLock<Arc<Constraints>> = LazyLock::new(Arc::default);
        Arc::clone(&NONE)
    }

    /// These constraints for a [`Ty`]: the shared empty set when there are none.
    pub fn shared(self) -> Arc<Constraints> {
        if self == Constraints::default() {
            Constraints::none()
        } else {
            Arc::new(self)
        }
    }
}

/// The validation keywords stated on a schema. Enforced by the validators; carried here so
/// that every emitter sees the same facts.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Constraints {
    /// `minLength`.
    pub min_length: Option<u64>,
    /// `maxLength`.
    pub max_length: Option<u64>,
    /// `pattern`.
    pub pattern: Option<String>,
    /// `minimum` / `exclusiveMinimum`.
    pub minimum: Option<Bound>,
    /// `maximum` / `exclusiveMaximum`.
    pub maximum: Option<Bound>,
    /// `multipleOf`.
    pub multiple_of: Option<f64>,
    /// `minItems`.
    pub min_items: Option<u64>,
    /// `maxItems`.
    pub max_items: Option<u64>,
    /// `uniqueItems`.
    pub unique_items: bool,
    /// `format`, as written.
    pub format: Option<String>,
    /// `default`.
    pub default: Option<Value>,
    /// `minProperties`.
    pub min_properties: Option<u64>,
    /// `maxProperties`.
    pub max_properties: Option<u64>,
    /// `enum`, when the values are not already a generated string enum.
    pub enum_values: Option<Vec<Value>>,
    /// `const` (3.1).
    pub const_value: Option<Value>,
}

/// A numeric bound.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bound {
    /// The limit.
    pub value: f64,
    /// Whether the limit itself is excluded.
    pub exclusive: bool,
}

mod operation;

pub use operation::*;

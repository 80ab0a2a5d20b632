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

/// A server from `servers`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Server {
    /// The URL template.
    pub url: String,
    /// The description.
    pub description: Option<String>,
    /// `variables`, in document order.
    pub variables: Vec<ServerVariable>,
}

/// A security scheme from `components.securitySchemes`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecurityScheme {
    /// The key under `securitySchemes`.
    pub key: String,
    /// The Rust name (snake_case).
    pub name: String,
    /// The Rust name of the scheme as an enum variant (UpperCamelCase), unique among the
    /// API's schemes.
    pub variant: String,
    /// The description.
    pub description: Option<String>,
    /// How credentials are sent.
    pub kind: SecurityKind,
}

/// How a security scheme sends credentials.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecurityKind {
    /// `http` with `scheme: bearer`.
    Bearer {
        /// `bearerFormat`, e.g. `JWT`.
        format: Option<String>,
    },
    /// `http` with `scheme: basic`.
    Basic,
    /// `apiKey`.
    ApiKey {
        /// Where the key goes.
        location: ParamLocation,
        /// The header, query parameter or cookie name.
        name: String,
    },
    /// `oauth2` or `openIdConnect`: a bearer token obtained elsewhere.
    OAuth2,
    /// Any other `http` scheme.
    OtherHttp {
        /// The scheme name.
        scheme: String,
    },
}

/// Where a parameter is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ParamLocation {
    /// In the path template.
    Path,
    /// In the query string.
    Query,
    /// In a header.
    Header,
    /// In a cookie.
    Cookie,
}

impl ParamLocation {
    /// The name of the location as the spec writes it (`path`, `query`, `header`, `cookie`).
    pub fn as_str(self) -> &'static str {
        match self {
            ParamLocation::Path => "path",
            ParamLocation::Query => "query",
            ParamLocation::Header => "header",
            ParamLocation::Cookie => "cookie",
        }
    }
}

/// The HTTP method of an operation: one of the fixed fields of a path item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum HttpMethod {
    /// `GET`.
    Get,
    /// `PUT`.
    Put,
    /// `POST`.
    Post,
    /// `DELETE`.
    Delete,
    /// `OPTIONS`.
    Options,
    /// `HEAD`.
    Head,
    /// `PATCH`.
    Patch,
    /// `TRACE`.
    Trace,
}

impl HttpMethod {
    /// Every method, in the order of the path item's fields.
    pub const ALL: [HttpMethod; 8] = [
        HttpMethod::Get,
        HttpMethod::Put,
        HttpMethod::Post,
        HttpMethod::Delete,
        HttpMethod::Options,
        HttpMethod::Head,
        HttpMethod::Patch,
        HttpMethod::Trace,
    ];

    /// The method of a path item's field (`get`), if the field is one.
    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.key() == key)
    }

    /// The path item's field: lower case, `get` (also the name of `axum`'s routing function).
    pub fn key(self) -> &'static str {
        match self {
            HttpMethod::Get => "get",
            HttpMethod::Put => "put",
            HttpMethod::Post => "post",
            HttpMethod::Delete => "delete",
            HttpMethod::Options => "options",
            HttpMethod::Head => "head",
            HttpMethod::Patch => "patch",
            HttpMethod::Trace => "trace",
        }
    }

    /// The method as HTTP writes it: upper case, `GET`.
    pub fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Put => "PUT",
            HttpMethod::Post => "POST",
            HttpMethod::Delete => "DELETE",
            HttpMethod::Options => "OPTIONS",
            HttpMethod::Head => "HEAD",
            HttpMethod::Patch => "PATCH",
            HttpMethod::Trace => "TRACE",
        }
    }
}

impl std::fmt::Display for HttpMethod {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(self.as_str())
    }
}

/// One operation (a path and a method).
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// The Rust method name (snake_case, unique in the API).
    pub name: String,
    /// The stem for type names (UpperCamelCase): `AssignPermission`.
    pub type_name: String,
    /// The input struct of `operations.rs` (unique among type names): `AssignPermissionInput`.
    pub input_name: String,
    /// The response enum of `operations.rs` (unique among type names):
    /// `AssignPermissionResponse`.
    pub response_name: String,
    /// The HTTP method.
    pub method: HttpMethod,
    /// The path template as written.
    pub path: String,
    /// The path template parsed (a missing leading `/` added): what a server routes.
    pub template: crate::PathTemplate,
    /// `operationId`, if given.
    pub operation_id: Option<String>,
    /// Summary and description.
    pub docs: Docs,
    /// `tags`.
    pub tags: Vec<String>,
    /// `deprecated: true`.
    pub deprecated: bool,
    /// Parameters (path-level ones merged in), in document order.
    pub params: Vec<Param>,
    /// The request body.
    pub body: Option<Body>,
    /// Responses in document order.
    pub responses: Vec<Response>,
    /// Alternatives of required schemes (keys of [`Api::security_schemes`]): one of the
    /// inner lists must be satisfied in full. Empty when the operation needs no credentials;
    /// an empty inner list beside others makes credentials optional (`security: [{a: []},
    /// {}]`). Every key names a declared scheme; `mutualTLS` schemes, which are configured
    /// on the HTTP client rather than generated, are left out.
    pub security: Vec<Vec<String>>,
    /// How the operation pages through a listing, when it does.
    pub pagination: Option<Pagination>,
}

/// A parameter of an operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// The Rust name (snake_case).
    pub name: String,
    /// The name on the wire.
    pub wire_name: String,
    /// Where it goes.
    pub location: ParamLocation,
    /// `required` (always true for path parameters).
    pub required: bool,
    /// The value type.
    pub ty: Ty,
    /// Doc comment text.
    pub docs: Docs,
    /// `deprecated: true`.
    pub deprecated: bool,
    /// `style`, or the default for the location.
    pub style: ParamStyle,
    /// `explode`, or the default for the style.
    pub explode: bool,
}

/// A request body.
#[derive(Debug, Clone, PartialEq)]
pub struct Body {
    /// The media type chosen (JSON preferred).
    pub content_type: String,
    /// The body type.
    pub ty: Ty,
    /// `required`.
    pub required: bool,
    /// `description`.
    pub description: Option<String>,
    /// How the body is encoded, from the media type.
    pub kind: BodyKind,
    /// For a `multipart/form-data` body, the form struct of `operations.rs` (unique among
    /// type names): `UploadForm`.
    pub form_name: Option<String>,
    /// For an `application/x-www-form-urlencoded` body, the properties whose `encoding`
    /// differs from the default (form style, exploded), in document order.
    pub encoding: Vec<PropertyEncoding>,
}

/// How one property of a form body is written, when its `encoding` says so.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PropertyEncoding {
    /// The property's wire name.
    pub property: String,
    /// How it is written.
    pub how: PartEncoding,
}

/// The generated ways of writing a form body's property other than the default.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartEncoding {
    /// An array of scalars as one value, its items joined by this character: `,` (`form`
    /// not exploded), ` ` (`spaceDelimited`), `|` (`pipeDelimited`).
    Delimited(char),
    /// The value as JSON text (`contentType` `application/json` or `*+json`).
    Json,
}

/// A documented response.
#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    /// The status it answers.
    pub status: Status,
    /// `description`.
    pub description: Option<String>,
    /// The body, when the response has content.
    pub body: Option<ResponseBody>,
    /// `headers`, in document order.
    pub headers: Vec<ResponseHeader>,
    /// The variant of the operation's response enum (unique in the operation): `Ok`,
    /// `NotFound`, `ClientError`.
    pub variant: String,
}

/// A response body.
#[derive(Debug, Clone, PartialEq)]
pub struct ResponseBody {
    /// The media type chosen (JSON preferred).
    pub content_type: String,
    /// The body type; for a stream, the type of each item.
    pub ty: Ty,
    /// How the body streams items, when it is an event stream or JSON lines.
    pub stream: Option<StreamKind>,
    /// The documented examples that fit `ty`, in document order: the media type's
    /// `example` and `examples` values, then the schema's own (for a stream, only the item
    /// schema's, each one item). Mock servers answer with the first.
    pub examples: Vec<Value>,
}

/// How a streamed response body frames its items.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StreamKind {
    /// `text/event-stream`: server-sent events, each event's `data` one item (JSON).
    Sse,
    /// `application/x-ndjson`, `application/jsonl` and the like: one JSON item per line.
    Lines,
    /// `application/json-seq` (RFC 7464): each JSON item after a record separator (`0x1E`)
    /// and ended by a line feed; an item may span lines.
    JsonSeq,
}

impl StreamKind {
    /// The stream a media type names, if any.
    pub fn of(media_type: &str) -> Option<Self> {
        let m = media_type
            .split(';')
            .next()
            .unwrap_or(media_type)
            .trim()
            .to_ascii_lowercase();
        match m.as_str() {
            "text/event-stream" => Some(Self::Sse),
            "application/x-ndjson"
            | "application/ndjson"
            | "application/jsonl"
            | "application/x-jsonl"
            | "application/jsonlines"
            | "application/x-jsonlines"
            | "application/stream+json"
            | "application/x-json-stream" => Some(Self::Lines),
            "application/json-seq" => Some(Self::JsonSeq),
            _ => None,
        }
    }
}

/// A response status key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Status {
    /// A single code: `200`.
    Code(u16),
    /// A range: `2XX` is `Range(2)`.
    Range(u8),
    /// `default`.
    Default,
}

/// A variable of a server URL template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerVariable {
    /// The name between braces in the URL.
    pub name: String,
    /// `default`.
    pub default: String,
    /// `enum`, when the values are restricted.
    pub values: Vec<String>,
    /// `description`.
    pub description: Option<String>,
}

impl Server {
    /// The URL with every variable replaced by its default.
    pub fn default_url(&self) -> String {
        self.variables.iter().fold(self.url.clone(), |url, v| {
            url.replace(&format!("{{{}}}", v.name), &v.default)
        })
    }
}

/// How a parameter value is serialized (`style`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ParamStyle {
    /// `simple`: `a,b,c` (the default for path and header parameters).
    Simple,
    /// `form`: `name=a&name=b` or `name=a,b` (the default for query and cookie parameters).
    Form,
    /// `label`: `.a.b`.
    Label,
    /// `matrix`: `;name=a;name=b`.
    Matrix,
    /// `spaceDelimited`: `a b c`.
    SpaceDelimited,
    /// `pipeDelimited`: `a|b|c`.
    PipeDelimited,
    /// `deepObject`: `name[key]=value`.
    DeepObject,
}

/// How a request body is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BodyKind {
    /// JSON (`application/json`, `*+json`).
    Json,
    /// `application/x-www-form-urlencoded`.
    Form,
    /// `multipart/form-data`: one part per property; binary properties are files.
    Multipart,
    /// `text/plain` and other `text/*` types carried as a string.
    Text,
    /// Any other media type, sent as raw bytes.
    Bytes,
}

impl BodyKind {
    /// The kind a media type implies.
    pub fn of(media_type: &str) -> Self {
        let m = media_type.split(';').next().unwrap_or(media_type).trim();
        if m == "application/json" || m.ends_with("+json") || m == "*/*" {
            Self::Json
        } else if m == "application/x-www-form-urlencoded" {
            Self::Form
        } else if m == "multipart/form-data" {
            Self::Multipart
        } else if m.starts_with("text/") {
            Self::Text
        } else {
            Self::Bytes
        }
    }
}

/// A header a response declares.
#[derive(Debug, Clone, PartialEq)]
pub struct ResponseHeader {
    /// The Rust name (snake_case).
    pub name: String,
    /// The header name on the wire.
    pub wire_name: String,
    /// `required`.
    pub required: bool,
    /// The value type.
    pub ty: Ty,
    /// `description`.
    pub description: Option<String>,
}

/// Pagination: the operation lists items page by page, and the client can follow the pages.
/// Detected from common names (see [`PageKind`]) or named by the `x-oasforge-pagination`
/// extension (`{tokenParam, nextToken, items}`, `{offsetParam, limitParam, total, items}` or
/// `{pageParam, limitParam, items}`, wire names).
#[derive(Debug, Clone, PartialEq)]
pub struct Pagination {
    /// Index of the success response in [`Operation::responses`].
    pub response: usize,
    /// Index of the items field (an array) in the response body's struct, or `None` when the
    /// body is the array of items itself.
    pub items_field: Option<usize>,
    /// How the next page is asked for.
    pub kind: PageKind,
}

/// How an operation asks for the next page.
#[derive(Debug, Clone, PartialEq)]
pub enum PageKind {
    /// A string token parameter (`paginationToken`, `pageToken`, `cursor`, …) that takes the
    /// value of a response field (`nextPageToken`, `nextCursor`, …); the last page has none.
    Token {
        /// Index of the token parameter in [`Operation::params`].
        token_param: usize,
        /// Index of the next-token field in the response body's struct.
        next_token_field: usize,
    },
    /// An integer offset parameter (`offset`, `skip`, `start`, …) advanced by the number of
    /// items received; the last page is empty, shorter than the limit, or reaches the total.
    Offset {
        /// Index of the offset parameter in [`Operation::params`].
        offset_param: usize,
        /// Index of the page-size parameter (`limit`, `per_page`, …), if any.
        limit_param: Option<usize>,
        /// Index of an integer field with the total number of items (`total`, `totalCount`, …)
        /// in the response body's struct, if any.
        total_field: Option<usize>,
    },
    /// An integer page-number parameter (`page`, `pageNumber`, …) advanced by one; the last page
    /// is empty or shorter than the page size.
    Page {
        /// Index of the page-number parameter in [`Operation::params`].
        page_param: usize,
        /// Index of the page-size parameter (`limit`, `per_page`, …), if any.
        limit_param: Option<usize>,
    },
}

//! The IR of what the API does: servers, security schemes, operations with their
//! parameters, bodies, responses and pagination.

use super::{Docs, Ty};

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
    /// A `multipart/form-data` part's headers with a value fixed by the spec (`const`, a
    /// single `enum` value or `default`): name and value, sent with every part of the
    /// property.
    pub headers: Vec<(String, String)>,
}

/// The generated ways of writing a form body's property other than the default.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PartEncoding {
    /// An array of scalars as one value, its items joined by this character: `,` (`form`
    /// not exploded), ` ` (`spaceDelimited`), `|` (`pipeDelimited`).
    Delimited(char),
    /// The value as JSON text (`contentType` `application/json` or `*+json`); in a
    /// multipart body, one part of that media type.
    Json(String),
    /// A `multipart/form-data` part of this media type: a file part's type when the
    /// [`FilePart`](crate) carries none, or each text part's (`text/plain`, `text/csv`).
    Media(String),
    /// A `multipart/form-data` part written the default way, with [`PropertyEncoding::headers`].
    Plain,
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
    /// schema's, each one item). Mock servers answer with the first. An example that does
    /// not fit is left out with a located warning.
    pub examples: Vec<Example>,
}

/// A documented example value (`example`, an entry of `examples`).
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    /// The value.
    pub value: serde_json::Value,
    /// Where it is written, as a JSON pointer into the root document (or `file<n>` and a
    /// pointer into another file), for diagnostics.
    pub origin: String,
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
    /// The documented examples that fit `ty`, in document order: the header's `example` and
    /// `examples` values, then its schema's own. Mock servers answer with the first.
    pub examples: Vec<Example>,
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

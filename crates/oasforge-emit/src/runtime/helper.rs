//! [`Helper`]: every runtime item by name, with the file it goes to and the helpers it
//! needs, declared in one table ([`Helper::info`]).

use super::part::Part;
use super::Source;

/// A runtime item of a generated file, emitted only when used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Helper {
    /// `RawResponse`: a response as it arrived.
    RawResponse,
    /// `RawResponse::json`: the body as JSON of the documented type.
    RawJson,
    /// `RawResponse::text`: the body as UTF-8 text.
    RawText,
    /// `RawResponse::header`: a declared header, parsed.
    RawHeader,
    /// `RawResponse::required_header`: a declared required header, parsed.
    RawRequiredHeader,
    /// `Error`: the client's error (with only the optional variants used).
    ClientError,
    /// `Error::MissingCredentials`.
    ErrorMissingCredentials,
    /// `Error::NoBaseUrl`.
    ErrorNoBaseUrl,
    /// `Error::NotAPage`.
    ErrorNotAPage,
    /// `Documented`: a documented response with its status and headers.
    Documented,
    /// `body_chunks`: a response body's chunks as they arrive, for a stream.
    BodyChunks,
    /// `Middleware`: code around every request.
    Middleware,
    /// `MiddlewareFuture`: the future a middleware returns.
    Pending,
    /// `MiddlewareNext`: the rest of the middleware chain.
    Next,
    /// `MiddlewareChain`: a client's middleware.
    Chain,
    /// `RetryPolicy`: the opt-in retry policy.
    Retry,
    /// `Payload`, the encoded request body (with only the variants used).
    Payload,
    /// `Payload::Empty`.
    PayloadEmpty,
    /// `Payload::Json`.
    PayloadJson,
    /// `Payload::Form`.
    PayloadForm,
    /// `Payload::Multipart`.
    PayloadMultipart,
    /// `Payload::Bytes`.
    PayloadBytes,
    /// `next_offset`: the offset of the next page.
    NextOffset,
    /// `next_page`: the number of the next page.
    NextPage,
    /// `to_value`: a parameter or body as JSON.
    ToValue,
    /// `encode`: percent-encoding.
    Encode,
    /// `scalar_text`: a scalar as parameter text.
    ScalarText,
    /// `simple_text`: the `simple` style.
    SimpleText,
    /// `path_segment`: a path parameter.
    PathSegment,
    /// `query_form`: the `form` and delimited styles.
    QueryForm,
    /// `query_deep_object`: the `deepObject` style.
    QueryDeepObject,
    /// `query_string`: `?a=1&b=2`.
    QueryString,
    /// `form_text`: a form body.
    FormText,
    /// `form_text_encoded`: a form body with per-property `encoding`.
    FormTextEncoded,
    /// `FormEncoding` of the client: how a form body's property is written.
    ClientFormEncoding,
    /// `multipart_form`: a multipart body from JSON.
    MultipartForm,
    /// `multipart_text`: a text part.
    MultipartText,
    /// `multipart_encoded`: the parts of a property with an `encoding`.
    MultipartEncoded,
    /// `part_headers`: a multipart part's fixed headers.
    PartHeaders,
    /// `insert_header`: a checked header.
    InsertHeader,
    /// `base64`, for basic authentication.
    Base64,
    /// `idempotency_key`: a fresh idempotency key.
    IdempotencyKey,
    /// `HandlerError`: why a server handler did not answer (with `From` any error).
    HandlerError,
    /// `problem`: an RFC 9457 problem document.
    Problem,
    /// `violation_objects`: the violations as JSON objects.
    ViolationObjects,
    /// `Refusal`: a request the router answers itself.
    Refusal,
    /// `FromRefusal`: a documented error schema filled from a refusal.
    FromRefusal,
    /// `documented`: a refusal answered with its documented error schema.
    DocumentedError,
    /// `json_object`: a JSON object from its entries.
    JsonObject,
    /// `failure`: the response for a handler's error.
    Failure,
    /// `internal_error`: a bare `500`.
    InternalError,
    /// `with_media`: a documented error media type.
    WithMedia,
    /// `reply`: a documented response.
    Reply,
    /// `reply_stream`: a streamed response.
    ReplyStream,
    /// `json_body`: a body as JSON.
    JsonBody,
    /// `percent_decode`.
    PercentDecode,
    /// `parse_query`: decoded query pairs.
    ParseQuery,
    /// `path_values`: a path parameter's value.
    PathValues,
    /// `query_values`: a query parameter's values.
    QueryValues,
    /// `header_values`: a header's values.
    HeaderValues,
    /// `cookie_values`: a cookie's values.
    CookieValues,
    /// `content_type`: the body's media type.
    ContentType,
    /// `authorization`: the credentials of an `Authorization` header.
    Authorization,
    /// `basic`: `user:password` from base64.
    Basic,
    /// `scalar`: parameter text as JSON of its type.
    Scalar,
    /// `newtype_violation`: the violation in a newtype's error.
    NewtypeViolation,
    /// `decode_value`: a decoded value, or a violation.
    DecodeValue,
    /// `decode_param`: a parameter from its raw values.
    DecodeParam,
    /// `deep_object`: `name[key]=value` pairs.
    DeepObject,
    /// `deep_insert`: a value at its `deepObject` place.
    DeepInsert,
    /// `decode_form`: a form body.
    DecodeForm,
    /// `decode_form_encoded`: a form body with per-property `encoding`.
    DecodeFormEncoded,
    /// `FormEncoding` of the server: how a form body's property is read.
    ServerFormEncoding,
    /// `decode_json`: a JSON body, violations located.
    DecodeJson,
    /// `FormPart`: one part of a multipart body.
    FormPart,
    /// `find_bytes`: a byte string's position.
    FindBytes,
    /// `header_params`: a header value's parameters.
    HeaderParams,
    /// `parse_multipart`: a multipart body's parts.
    ParseMultipart,
    /// `read_multipart`: a multipart body's parts, or a violation.
    ReadMultipart,
    /// `multipart_file`: a file part as a `FilePart`.
    MultipartFile,
    /// `multipart_value`: text parts as a field's type.
    MultipartValue,
    /// `multipart_object`: a multipart body as one object.
    MultipartObject,
    /// `multipart_json`: a JSON part, violations located.
    MultipartJson,
    /// `Violation`, one broken rule.
    Violation,
    /// `ValidationErrors`, every violation of a value.
    ValidationErrors,
    /// The `Validate` trait and its impls for containers.
    Validate,
    /// `Valid<T>`, a checked value.
    Valid,
    /// `push_index`: `/index` on a pointer.
    PushIndex,
    /// `report`: records one violation.
    Report,
    /// `min_length`: checks `minLength`.
    MinLength,
    /// `max_length`: checks `maxLength`.
    MaxLength,
    /// `min_items`: checks `minItems`.
    MinItems,
    /// `max_items`: checks `maxItems`.
    MaxItems,
    /// `min_properties`: checks `minProperties`.
    MinProperties,
    /// `max_properties`: checks `maxProperties`.
    MaxProperties,
    /// `minimum`: checks `minimum`.
    Minimum,
    /// `exclusive_minimum`: checks `exclusiveMinimum`.
    ExclusiveMinimum,
    /// `maximum`: checks `maximum`.
    Maximum,
    /// `exclusive_maximum`: checks `exclusiveMaximum`.
    ExclusiveMaximum,
    /// `pattern`: checks `pattern`.
    Pattern,
    /// `format`: checks `format`.
    Format,
    /// `push_key`: `/key` on a pointer.
    PushKey,
    /// `is_multiple_of` for numbers.
    MultipleOf,
    /// `json_eq`: JSON Schema equality.
    JsonEq,
    /// `first_duplicate`, for `uniqueItems`.
    Duplicate,
    /// `format: date`.
    IsDate,
    /// `format: email`.
    IsEmail,
    /// `format: hostname`.
    IsHostname,
    /// `format: ipv4`.
    IsIpv4,
    /// `format: ipv6`.
    IsIpv6,
    /// `format: uri`.
    IsUri,
    /// `format: uri-reference`.
    IsUriReference,
    /// `format: uuid`.
    IsUuid,
    /// `uri_scheme`, shared by the URI formats.
    UriScheme,
    /// `uri_chars`, shared by the URI formats.
    UriChars,
    /// `FromFields`: a struct read one property at a time.
    FromFields,
    /// `deserialize_object`: a [`Helper::FromFields`] struct read from an object.
    DeserializeObject,
    /// `FieldKey`: a property's name, borrowed when it can be.
    FieldKey,
    /// `declared_key`: a property's name, refused unless declared.
    DeclaredKey,
    /// `read_field`: a property's value read into its slot.
    ReadField,
    /// `read_optional`: a `null` read as absent, except in a request.
    ReadOptional,
    /// `skip_field`: an undeclared property's value skipped.
    SkipField,
    /// `required_field`: a required property's value, or its absence refused.
    RequiredField,
    /// `optional_entry`: a property written when its value is present.
    OptionalEntry,
    /// `read_request`: the router's switch to strict reading of shared types.
    ReadRequest,
    /// `READING_REQUEST`: the thread's reading mode.
    ReadingRequest,
    /// `deserialize_wire`: a string enum read from its wire text.
    DeserializeWire,
    /// `union_loss`: how much of a value a union variant does not write back.
    UnionLoss,
    /// `union_undeclared`: how many keys of an object a union variant does not declare.
    UnionUndeclared,
    /// `FilePart`: a file in a `multipart/form-data` body.
    FilePart,
    /// `locate`: a check's violations put under their location, for `validate()`.
    Locate,
    /// `BasicCredentials`: a user name and password.
    BasicCredentials,
    /// `ClearReadOnly`: clears `readOnly` properties before a value is sent in a request.
    ClearReadOnly,
    /// `Client::builder`: settings for a new client.
    Builder,
    /// `Client::base_url`: the base URL in use.
    BaseUrl,
    /// `Client::with_header`: a copy with one more header.
    WithHeader,
    /// `Client::with_timeout`: a copy with a timeout per request.
    WithTimeout,
    /// `Client::credentials`: the credentials the client sends.
    CredentialsGetter,
    /// `Client::with_credentials`: a copy with other credentials.
    WithCredentials,
    /// `ClientBuilder::http_client`: the `reqwest` client to send with.
    BuilderHttpClient,
    /// `ClientBuilder::default_header`: a header sent with every request.
    BuilderDefaultHeader,
    /// `ClientBuilder::middleware`: adds a middleware around every request.
    BuilderMiddleware,
    /// `ClientBuilder::validate_requests`: whether inputs are validated before sending.
    BuilderValidateRequests,
    /// `ClientBuilder::credentials`: sets every credential at once.
    BuilderCredentials,
    /// `Client::send` reading every response whole (no operation streams).
    SendWhole,
    /// `Request`: a request an operation prepared.
    Request,
    /// `Client::with_reconnect`: a copy reconnecting streams of server-sent events.
    WithReconnect,
    /// `Client::send` through `open` and `collect` (some operation streams).
    SendOpened,
    /// `Client::open`: sends a request, returning once the response head arrived.
    Open,
    /// `Client::collect`: reads a whole response body.
    Collect,
    /// `Client::reopen`: what reopens a stream of server-sent events.
    Reopen,
    /// `Part`: one part of a path template's segment, for `dispatch`.
    RoutePart,
    /// `Part::Param`: a parameter in a template (an API whose dispatched templates are all
    /// literal text has none).
    RouteParam,
    /// `Captures`: the parameters a template matched.
    Captures,
    /// `call`: a handler called with the matched parameters.
    CallHandler,
    /// `path_segments`: a path's decoded segments.
    PathSegments,
    /// `decode_segment`: one segment, percent-decoded.
    DecodeSegment,
    /// `match_template`: the captures when a path matches a template.
    MatchTemplate,
    /// `match_parts`: whether a segment matches a template's parts.
    MatchParts,
    /// `Route`: a template of `dispatch`'s table with its methods' handlers.
    Route,
    /// `Routed`: what `route` found for a request.
    Routed,
    /// `route`: the handler of a request's path and method.
    FindRoute,
}

impl Helper {
    /// Every helper.
    pub(crate) const ALL: &'static [Helper] = &[
        Helper::RawResponse,
        Helper::RawJson,
        Helper::RawText,
        Helper::RawHeader,
        Helper::RawRequiredHeader,
        Helper::ClientError,
        Helper::ErrorMissingCredentials,
        Helper::ErrorNoBaseUrl,
        Helper::ErrorNotAPage,
        Helper::Documented,
        Helper::BodyChunks,
        Helper::Middleware,
        Helper::Pending,
        Helper::Next,
        Helper::Chain,
        Helper::Retry,
        Helper::Payload,
        Helper::PayloadEmpty,
        Helper::PayloadJson,
        Helper::PayloadForm,
        Helper::PayloadMultipart,
        Helper::PayloadBytes,
        Helper::NextOffset,
        Helper::NextPage,
        Helper::ToValue,
        Helper::Encode,
        Helper::ScalarText,
        Helper::SimpleText,
        Helper::PathSegment,
        Helper::QueryForm,
        Helper::QueryDeepObject,
        Helper::QueryString,
        Helper::FormText,
        Helper::FormTextEncoded,
        Helper::ClientFormEncoding,
        Helper::MultipartForm,
        Helper::MultipartText,
        Helper::MultipartEncoded,
        Helper::PartHeaders,
        Helper::InsertHeader,
        Helper::Base64,
        Helper::IdempotencyKey,
        Helper::HandlerError,
        Helper::Problem,
        Helper::ViolationObjects,
        Helper::Refusal,
        Helper::FromRefusal,
        Helper::DocumentedError,
        Helper::JsonObject,
        Helper::Failure,
        Helper::InternalError,
        Helper::WithMedia,
        Helper::Reply,
        Helper::ReplyStream,
        Helper::JsonBody,
        Helper::PercentDecode,
        Helper::ParseQuery,
        Helper::PathValues,
        Helper::QueryValues,
        Helper::HeaderValues,
        Helper::CookieValues,
        Helper::ContentType,
        Helper::Authorization,
        Helper::Basic,
        Helper::Scalar,
        Helper::NewtypeViolation,
        Helper::DecodeValue,
        Helper::DecodeParam,
        Helper::DeepObject,
        Helper::DeepInsert,
        Helper::DecodeForm,
        Helper::DecodeFormEncoded,
        Helper::ServerFormEncoding,
        Helper::DecodeJson,
        Helper::FormPart,
        Helper::FindBytes,
        Helper::HeaderParams,
        Helper::ParseMultipart,
        Helper::ReadMultipart,
        Helper::MultipartFile,
        Helper::MultipartValue,
        Helper::MultipartObject,
        Helper::MultipartJson,
        Helper::Violation,
        Helper::ValidationErrors,
        Helper::Validate,
        Helper::Valid,
        Helper::PushIndex,
        Helper::Report,
        Helper::MinLength,
        Helper::MaxLength,
        Helper::MinItems,
        Helper::MaxItems,
        Helper::MinProperties,
        Helper::MaxProperties,
        Helper::Minimum,
        Helper::ExclusiveMinimum,
        Helper::Maximum,
        Helper::ExclusiveMaximum,
        Helper::Pattern,
        Helper::Format,
        Helper::PushKey,
        Helper::MultipleOf,
        Helper::JsonEq,
        Helper::Duplicate,
        Helper::IsDate,
        Helper::IsEmail,
        Helper::IsHostname,
        Helper::IsIpv4,
        Helper::IsIpv6,
        Helper::IsUri,
        Helper::IsUriReference,
        Helper::IsUuid,
        Helper::UriScheme,
        Helper::UriChars,
        Helper::FromFields,
        Helper::DeserializeObject,
        Helper::FieldKey,
        Helper::DeclaredKey,
        Helper::ReadField,
        Helper::ReadOptional,
        Helper::SkipField,
        Helper::RequiredField,
        Helper::OptionalEntry,
        Helper::ReadRequest,
        Helper::ReadingRequest,
        Helper::DeserializeWire,
        Helper::UnionLoss,
        Helper::UnionUndeclared,
        Helper::FilePart,
        Helper::Locate,
        Helper::BasicCredentials,
        Helper::ClearReadOnly,
        Helper::Builder,
        Helper::BaseUrl,
        Helper::WithHeader,
        Helper::WithTimeout,
        Helper::CredentialsGetter,
        Helper::WithCredentials,
        Helper::BuilderHttpClient,
        Helper::BuilderDefaultHeader,
        Helper::BuilderMiddleware,
        Helper::BuilderValidateRequests,
        Helper::BuilderCredentials,
        Helper::SendWhole,
        Helper::Request,
        Helper::WithReconnect,
        Helper::SendOpened,
        Helper::Open,
        Helper::Collect,
        Helper::Reopen,
        Helper::RoutePart,
        Helper::RouteParam,
        Helper::Captures,
        Helper::CallHandler,
        Helper::PathSegments,
        Helper::DecodeSegment,
        Helper::MatchTemplate,
        Helper::MatchParts,
        Helper::Route,
        Helper::Routed,
        Helper::FindRoute,
    ];

    /// The file the helper goes to, where it sits there, and the helpers it calls or names.
    pub(crate) fn info(self) -> (Source, Part, &'static [Helper]) {
        use Helper as H;
        use Part::{Item, Method, Variant};
        use Source::{
            Client, ClientLive, ClientMethods, Models, Operations, Routes, Server, Validate,
        };
        match self {
            H::RawResponse => (Client, Item("RawResponse"), &[]),
            H::RawJson => (Client, Method("RawResponse", "json"), &[H::ClientError]),
            H::RawText => (
                Client,
                Method("RawResponse", "text"),
                &[H::RawResponse, H::ClientError],
            ),
            H::RawHeader => (Client, Method("RawResponse", "header"), &[H::ClientError]),
            H::RawRequiredHeader => (
                Client,
                Method("RawResponse", "required_header"),
                &[H::RawHeader, H::ClientError],
            ),
            H::ClientError => (Client, Item("Error"), &[H::RawResponse, H::Documented]),
            H::ErrorMissingCredentials => (
                Client,
                Variant("Error", "MissingCredentials"),
                &[H::ClientError],
            ),
            H::ErrorNoBaseUrl => (Client, Variant("Error", "NoBaseUrl"), &[H::ClientError]),
            H::ErrorNotAPage => (Client, Variant("Error", "NotAPage"), &[H::ClientError]),
            H::Documented => (Client, Item("Documented"), &[H::ClientError]),
            H::BodyChunks => (Client, Item("body_chunks"), &[]),
            H::Middleware => (Client, Item("Middleware"), &[H::Pending, H::Next]),
            H::Pending => (Client, Item("MiddlewareFuture"), &[]),
            H::Next => (Client, Item("MiddlewareNext"), &[H::Middleware, H::Pending]),
            H::Chain => (
                Client,
                Item("MiddlewareChain"),
                &[H::Middleware, H::Pending, H::Next],
            ),
            H::Retry => (
                Client,
                Item("RetryPolicy"),
                &[H::Middleware, H::Next, H::Pending],
            ),
            H::Payload => (Client, Item("Payload"), &[]),
            H::PayloadEmpty => (Client, Variant("Payload", "Empty"), &[H::Payload]),
            H::PayloadJson => (Client, Variant("Payload", "Json"), &[H::Payload]),
            H::PayloadForm => (Client, Variant("Payload", "Form"), &[H::Payload]),
            H::PayloadMultipart => (Client, Variant("Payload", "Multipart"), &[H::Payload]),
            H::PayloadBytes => (Client, Variant("Payload", "Bytes"), &[H::Payload]),
            H::NextOffset => (Client, Item("next_offset"), &[]),
            H::NextPage => (Client, Item("next_page"), &[]),
            H::ToValue => (Client, Item("to_value"), &[H::ClientError]),
            H::Encode => (Client, Item("encode"), &[]),
            H::ScalarText => (Client, Item("scalar_text"), &[]),
            H::SimpleText => (Client, Item("simple_text"), &[H::ScalarText]),
            H::PathSegment => (
                Client,
                Item("path_segment"),
                &[H::Encode, H::ScalarText, H::SimpleText],
            ),
            H::QueryForm => (Client, Item("query_form"), &[H::ScalarText]),
            H::QueryDeepObject => (Client, Item("query_deep_object"), &[H::ScalarText]),
            H::QueryString => (Client, Item("query_string"), &[H::Encode]),
            H::FormText => (
                Client,
                Item("form_text"),
                &[H::Encode, H::ScalarText, H::QueryDeepObject],
            ),
            H::FormTextEncoded => (
                Client,
                Item("form_text_encoded"),
                &[H::Encode, H::ScalarText, H::FormText, H::ClientFormEncoding],
            ),
            H::ClientFormEncoding => (Client, Item("FormEncoding"), &[]),
            H::MultipartForm => (Client, Item("multipart_form"), &[H::ScalarText]),
            H::MultipartText => (Client, Item("multipart_text"), &[H::ScalarText]),
            H::MultipartEncoded => (
                Client,
                Item("multipart_encoded"),
                &[H::ScalarText, H::PartHeaders],
            ),
            H::PartHeaders => (Client, Item("part_headers"), &[]),
            H::InsertHeader => (Client, Item("insert_header"), &[H::ClientError]),
            H::Base64 => (Client, Item("base64"), &[]),
            H::IdempotencyKey => (Client, Item("idempotency_key"), &[]),
            H::HandlerError => (Server, Item("HandlerError"), &[]),
            H::Problem => (Server, Item("problem"), &[H::ViolationObjects]),
            H::ViolationObjects => (Server, Item("violation_objects"), &[]),
            H::Refusal => (Server, Item("Refusal"), &[H::Problem]),
            H::FromRefusal => (Server, Item("FromRefusal"), &[H::Refusal]),
            H::DocumentedError => (
                Server,
                Item("documented"),
                &[H::Refusal, H::FromRefusal, H::JsonBody],
            ),
            H::JsonObject => (Server, Item("json_object"), &[]),
            H::Failure => (Server, Item("failure"), &[H::HandlerError, H::Refusal]),
            H::InternalError => (Server, Item("internal_error"), &[H::Problem]),
            H::WithMedia => (Server, Item("with_media"), &[]),
            H::Reply => (Server, Item("reply"), &[H::InternalError]),
            H::ReplyStream => (Server, Item("reply_stream"), &[H::InternalError]),
            H::JsonBody => (Server, Item("json_body"), &[]),
            H::PercentDecode => (Server, Item("percent_decode"), &[]),
            H::ParseQuery => (Server, Item("parse_query"), &[H::PercentDecode]),
            H::PathValues => (Server, Item("path_values"), &[]),
            H::QueryValues => (Server, Item("query_values"), &[]),
            H::HeaderValues => (Server, Item("header_values"), &[]),
            H::CookieValues => (
                Server,
                Item("cookie_values"),
                &[H::PercentDecode, H::HeaderValues],
            ),
            H::ContentType => (Server, Item("content_type"), &[H::HeaderValues]),
            H::Authorization => (Server, Item("authorization"), &[]),
            H::Basic => (Server, Item("basic"), &[]),
            H::Scalar => (Server, Item("scalar"), &[]),
            H::NewtypeViolation => (Server, Item("newtype_violation"), &[]),
            H::DecodeValue => (Server, Item("decode_value"), &[H::NewtypeViolation]),
            H::DecodeParam => (Server, Item("decode_param"), &[H::Scalar, H::DecodeValue]),
            H::DeepObject => (Server, Item("deep_object"), &[H::Scalar, H::DeepInsert]),
            H::DeepInsert => (Server, Item("deep_insert"), &[]),
            H::DecodeForm => (
                Server,
                Item("decode_form"),
                &[H::ParseQuery, H::Scalar, H::DeepInsert],
            ),
            H::DecodeFormEncoded => (
                Server,
                Item("decode_form_encoded"),
                &[
                    H::DecodeForm,
                    H::ParseQuery,
                    H::Scalar,
                    H::ServerFormEncoding,
                ],
            ),
            H::ServerFormEncoding => (Server, Item("FormEncoding"), &[]),
            H::DecodeJson => (Server, Item("decode_json"), &[H::NewtypeViolation]),
            H::FormPart => (Server, Item("FormPart"), &[]),
            H::FindBytes => (Server, Item("find_bytes"), &[]),
            H::HeaderParams => (Server, Item("header_params"), &[H::PercentDecode]),
            H::ParseMultipart => (
                Server,
                Item("parse_multipart"),
                &[H::FormPart, H::FindBytes, H::HeaderParams],
            ),
            H::ReadMultipart => (
                Server,
                Item("read_multipart"),
                &[
                    H::FormPart,
                    H::HeaderValues,
                    H::HeaderParams,
                    H::ParseMultipart,
                ],
            ),
            H::MultipartFile => (Server, Item("multipart_file"), &[H::FormPart]),
            H::MultipartValue => (
                Server,
                Item("multipart_value"),
                &[H::FormPart, H::Scalar, H::DecodeValue],
            ),
            H::MultipartObject => (Server, Item("multipart_object"), &[H::FormPart, H::Scalar]),
            H::MultipartJson => (
                Server,
                Item("multipart_json"),
                &[H::FormPart, H::DecodeJson],
            ),
            H::Violation => (Validate, Item("Violation"), &[]),
            H::ValidationErrors => (Validate, Item("ValidationErrors"), &[H::Violation]),
            H::Validate => (
                Validate,
                Item("Validate"),
                &[H::Violation, H::ValidationErrors, H::PushIndex],
            ),
            H::Valid => (Validate, Item("Valid"), &[H::Validate, H::ValidationErrors]),
            H::PushIndex => (Validate, Item("push_index"), &[]),
            H::Report => (Validate, Item("report"), &[H::Violation]),
            H::MinLength => (Validate, Item("min_length"), &[H::Violation, H::Report]),
            H::MaxLength => (Validate, Item("max_length"), &[H::Violation, H::Report]),
            H::MinItems => (Validate, Item("min_items"), &[H::Violation, H::Report]),
            H::MaxItems => (Validate, Item("max_items"), &[H::Violation, H::Report]),
            H::MinProperties => (Validate, Item("min_properties"), &[H::Violation, H::Report]),
            H::MaxProperties => (Validate, Item("max_properties"), &[H::Violation, H::Report]),
            H::Minimum => (Validate, Item("minimum"), &[H::Violation, H::Report]),
            H::ExclusiveMinimum => (
                Validate,
                Item("exclusive_minimum"),
                &[H::Violation, H::Report],
            ),
            H::Maximum => (Validate, Item("maximum"), &[H::Violation, H::Report]),
            H::ExclusiveMaximum => (
                Validate,
                Item("exclusive_maximum"),
                &[H::Violation, H::Report],
            ),
            H::Pattern => (Validate, Item("pattern"), &[H::Violation, H::Report]),
            H::Format => (Validate, Item("format"), &[H::Violation, H::Report]),
            H::PushKey => (Validate, Item("push_key"), &[]),
            H::MultipleOf => (Validate, Item("is_multiple_of"), &[]),
            H::JsonEq => (Validate, Item("json_eq"), &[]),
            H::Duplicate => (Validate, Item("first_duplicate"), &[]),
            H::IsDate => (Validate, Item("is_date"), &[]),
            H::IsEmail => (Validate, Item("is_email"), &[H::IsHostname]),
            H::IsHostname => (Validate, Item("is_hostname"), &[]),
            H::IsIpv4 => (Validate, Item("is_ipv4"), &[]),
            H::IsIpv6 => (Validate, Item("is_ipv6"), &[]),
            H::IsUri => (Validate, Item("is_uri"), &[H::UriScheme, H::UriChars]),
            H::IsUriReference => (
                Validate,
                Item("is_uri_reference"),
                &[H::UriScheme, H::UriChars],
            ),
            H::IsUuid => (Validate, Item("is_uuid"), &[]),
            H::UriScheme => (Validate, Item("uri_scheme"), &[]),
            H::UriChars => (Validate, Item("uri_chars"), &[]),
            H::FromFields => (Models, Item("FromFields"), &[]),
            H::DeserializeObject => (Models, Item("deserialize_object"), &[H::FromFields]),
            H::FieldKey => (Models, Item("FieldKey"), &[]),
            H::DeclaredKey => (Models, Item("declared_key"), &[H::FieldKey]),
            H::ReadField => (Models, Item("read_field"), &[]),
            H::ReadOptional => (Models, Item("read_optional"), &[H::ReadingRequest]),
            H::SkipField => (Models, Item("skip_field"), &[]),
            H::RequiredField => (Models, Item("required_field"), &[]),
            H::OptionalEntry => (Models, Item("optional_entry"), &[]),
            H::ReadRequest => (Models, Item("read_request"), &[H::ReadingRequest]),
            H::ReadingRequest => (Models, Item("READING_REQUEST"), &[]),
            H::DeserializeWire => (Models, Item("deserialize_wire"), &[]),
            H::UnionLoss => (Models, Item("union_loss"), &[]),
            H::UnionUndeclared => (Models, Item("union_undeclared"), &[]),
            H::FilePart => (Operations, Item("FilePart"), &[]),
            H::Locate => (Operations, Item("locate"), &[]),
            H::BasicCredentials => (Operations, Item("BasicCredentials"), &[]),
            H::ClearReadOnly => (Client, Item("ClearReadOnly"), &[]),
            H::Builder => (ClientMethods, Method("Client", "builder"), &[]),
            H::BaseUrl => (ClientMethods, Method("Client", "base_url"), &[]),
            H::WithHeader => (ClientMethods, Method("Client", "with_header"), &[]),
            H::WithTimeout => (ClientMethods, Method("Client", "with_timeout"), &[]),
            H::CredentialsGetter => (ClientMethods, Method("Client", "credentials"), &[]),
            H::WithCredentials => (ClientMethods, Method("Client", "with_credentials"), &[]),
            H::BuilderHttpClient => (ClientMethods, Method("ClientBuilder", "http_client"), &[]),
            H::BuilderDefaultHeader => (
                ClientMethods,
                Method("ClientBuilder", "default_header"),
                &[],
            ),
            H::BuilderMiddleware => (ClientMethods, Method("ClientBuilder", "middleware"), &[]),
            H::BuilderValidateRequests => (
                ClientMethods,
                Method("ClientBuilder", "validate_requests"),
                &[],
            ),
            H::BuilderCredentials => (ClientMethods, Method("ClientBuilder", "credentials"), &[]),
            H::SendWhole => (ClientMethods, Method("Client", "send"), &[H::Request]),
            H::Request => (ClientMethods, Item("Request"), &[]),
            H::WithReconnect => (ClientLive, Method("Client", "with_reconnect"), &[]),
            H::SendOpened => (ClientLive, Method("Client", "send"), &[H::Open]),
            H::Open => (ClientLive, Method("Client", "open"), &[]),
            H::Collect => (ClientLive, Method("Client", "collect"), &[]),
            H::Reopen => (ClientLive, Method("Client", "reopen"), &[H::Open]),
            H::RoutePart => (Routes, Item("Part"), &[H::MatchParts]),
            H::RouteParam => (Routes, Variant("Part", "Param"), &[H::RoutePart]),
            H::Captures => (Routes, Item("Captures"), &[]),
            H::CallHandler => (Routes, Item("call"), &[H::Captures]),
            H::PathSegments => (Routes, Item("path_segments"), &[H::DecodeSegment]),
            H::DecodeSegment => (Routes, Item("decode_segment"), &[]),
            H::MatchTemplate => (
                Routes,
                Item("match_template"),
                &[H::RoutePart, H::MatchParts],
            ),
            H::MatchParts => (Routes, Item("match_parts"), &[H::RoutePart]),
            H::Route => (Routes, Item("Route"), &[H::RoutePart]),
            H::Routed => (Routes, Item("Routed"), &[]),
            H::FindRoute => (
                Routes,
                Item("route"),
                &[H::Route, H::Routed, H::MatchTemplate],
            ),
        }
    }

    /// The file the helper goes to.
    pub(crate) fn source(self) -> Source {
        self.info().0
    }

    /// Where the helper sits in its file.
    pub(crate) fn part(self) -> Part {
        self.info().1
    }

    /// The helpers this one calls or names.
    pub(crate) fn needs(self) -> &'static [Helper] {
        self.info().2
    }

    /// The check of a `format` the validators check (see `oasforge_ir::checked`).
    pub(crate) fn format(format: &str) -> Option<Helper> {
        Some(match format {
            "date" => Helper::IsDate,
            "email" => Helper::IsEmail,
            "hostname" => Helper::IsHostname,
            "ipv4" => Helper::IsIpv4,
            "ipv6" => Helper::IsIpv6,
            "uri" => Helper::IsUri,
            "uri-reference" => Helper::IsUriReference,
            "uuid" => Helper::IsUuid,
            _ => return None,
        })
    }
}

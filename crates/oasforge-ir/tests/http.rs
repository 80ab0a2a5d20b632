//! Lowering of what the client and server need: parameter styles, body kinds, response
//! headers, server variables and token pagination.

use std::path::Path;

use oasforge_ir::{lower, Api, BodyKind, PageKind, ParamStyle};
use oasforge_spec::{load_str, LoadOptions};

fn api(yaml: &str) -> Api {
    let spec = load_str(Path::new("test.yaml"), yaml, &LoadOptions::default()).expect("loads");
    lower(&spec).expect("lowers").api
}

const HEAD: &str = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\n";

#[test]
fn styles_default_by_location_and_explode_by_style() {
    let api = api(&format!(
        "{HEAD}paths:
  /a/{{id}}:
    get:
      parameters:
        - {{name: id, in: path, required: true, schema: {{type: string}}}}
        - {{name: q, in: query, schema: {{type: array, items: {{type: string}}}}}}
        - {{name: p, in: query, style: pipeDelimited, schema: {{type: array, items: {{type: string}}}}}}
        - {{name: d, in: query, style: deepObject, explode: true, schema: {{type: object}}}}
        - {{name: f, in: query, explode: false, schema: {{type: array, items: {{type: string}}}}}}
        - {{name: H, in: header, schema: {{type: string}}}}
        - {{name: c, in: cookie, schema: {{type: string}}}}
      responses: {{'200': {{description: ok}}}}
"
    ));
    let got: Vec<(&str, ParamStyle, bool)> = api.operations[0]
        .params
        .iter()
        .map(|p| (p.wire_name.as_str(), p.style, p.explode))
        .collect();
    assert_eq!(
        got,
        [
            ("id", ParamStyle::Simple, false),
            ("q", ParamStyle::Form, true),
            ("p", ParamStyle::PipeDelimited, false),
            ("d", ParamStyle::DeepObject, true),
            ("f", ParamStyle::Form, false),
            ("H", ParamStyle::Simple, false),
            ("c", ParamStyle::Form, true),
        ]
    );
}

#[test]
fn body_kinds_follow_the_media_type() {
    assert_eq!(
        BodyKind::of("application/json; charset=utf-8"),
        BodyKind::Json
    );
    assert_eq!(BodyKind::of("application/merge-patch+json"), BodyKind::Json);
    assert_eq!(
        BodyKind::of("application/x-www-form-urlencoded"),
        BodyKind::Form
    );
    assert_eq!(BodyKind::of("multipart/form-data"), BodyKind::Multipart);
    assert_eq!(BodyKind::of("text/csv"), BodyKind::Text);
    assert_eq!(BodyKind::of("application/pdf"), BodyKind::Bytes);
}

#[test]
fn response_headers_and_server_variables() {
    let api = api(&format!(
        "{HEAD}servers:
  - url: https://{{region}}.example.com/{{v}}
    variables:
      region: {{default: eu, enum: [eu, us]}}
      v: {{default: v2}}
paths:
  /a:
    get:
      responses:
        '201':
          description: made
          headers:
            Location: {{required: true, schema: {{type: string}}, description: Where}}
            X-Count: {{schema: {{type: integer}}}}
"
    ));
    assert_eq!(api.servers[0].default_url(), "https://eu.example.com/v2");
    assert_eq!(api.servers[0].variables[0].values, ["eu", "us"]);
    let headers = &api.operations[0].responses[0].headers;
    let got: Vec<(&str, &str, bool)> = headers
        .iter()
        .map(|h| (h.name.as_str(), h.wire_name.as_str(), h.required))
        .collect();
    assert_eq!(
        got,
        [
            ("location", "Location", true),
            ("x_count", "X-Count", false)
        ]
    );
    assert_eq!(headers[0].description.as_deref(), Some("Where"));
}

fn listing(token_param: &str, next: &str, items: &str, extension: &str) -> String {
    format!(
        "{HEAD}paths:
  /things:
    get:
{extension}      parameters:
        - {{name: limit, in: query, schema: {{type: integer}}}}
        - {{name: {token_param}, in: query, schema: {{type: string}}}}
      responses:
        '200':
          description: a page
          content:
            application/json:
              schema:
                type: object
                properties:
                  {items}: {{type: array, items: {{type: string}}}}
                  {next}: {{type: string}}
"
    )
}

#[test]
fn token_pagination_is_found_by_common_names() {
    let api = api(&listing("paginationToken", "nextPageToken", "items", ""));
    let p = api.operations[0].pagination.as_ref().expect("paginates");
    let PageKind::Token {
        token_param,
        next_token_field,
    } = p.kind
    else {
        panic!("token pagination expected, got {:?}", p.kind);
    };
    assert_eq!(
        api.operations[0].params[token_param].wire_name,
        "paginationToken"
    );
    assert_eq!(
        (p.response, p.items_field, next_token_field),
        (0, Some(0), 1)
    );

    let cursor = self::api(&listing("cursor", "next_cursor", "data", ""));
    assert!(cursor.operations[0].pagination.is_some());

    let unrelated = self::api(&listing("search", "total", "items", ""));
    assert_eq!(unrelated.operations[0].pagination, None);
}

#[test]
fn the_extension_names_the_pair_and_overrides_the_guess() {
    let named = "      x-oasforge-pagination: {tokenParam: from, nextToken: resume, items: rows}\n";
    let api = api(&listing("from", "resume", "rows", named));
    let p = api.operations[0].pagination.as_ref().expect("paginates");
    let PageKind::Token { token_param, .. } = p.kind else {
        panic!("token pagination expected, got {:?}", p.kind);
    };
    assert_eq!(api.operations[0].params[token_param].wire_name, "from");

    // With the extension, common names alone are not used.
    let wrong =
        "      x-oasforge-pagination: {tokenParam: other, nextToken: resume, items: rows}\n";
    let api = self::api(&listing("paginationToken", "nextPageToken", "items", wrong));
    assert_eq!(api.operations[0].pagination, None);
}

/// A `GET` (or `method`) listing with integer query parameters and an optional `total`.
fn numbered(method: &str, params: &[&str], body: &str, extension: &str) -> String {
    let params: String = params
        .iter()
        .map(|p| format!("        - {{name: {p}, in: query, schema: {{type: integer}}}}\n"))
        .collect();
    format!(
        "{HEAD}paths:
  /things:
    {method}:
{extension}      parameters:
{params}      responses:
        '200':
          description: a page
          content:
            application/json:
              schema:
{body}"
    )
}

const WRAPPED: &str = "                type: object
                properties:
                  results: {type: array, items: {type: string}}
                  totalCount: {type: integer}
";

const BARE: &str = "                type: array
                items: {type: string}
";

fn kind(doc: &str) -> Option<(Option<usize>, PageKind)> {
    let api = api(doc);
    let p = api.operations[0].pagination.clone()?;
    Some((p.items_field, p.kind))
}

#[test]
fn offset_pagination_is_found_with_its_limit_and_total() {
    assert_eq!(
        kind(&numbered("get", &["offset", "limit"], WRAPPED, "")),
        Some((
            Some(0),
            PageKind::Offset {
                offset_param: 0,
                limit_param: Some(1),
                total_field: Some(1),
            }
        ))
    );
    // A bare array body is the page; no limit parameter is fine.
    assert_eq!(
        kind(&numbered("get", &["skip"], BARE, "")),
        Some((
            None,
            PageKind::Offset {
                offset_param: 0,
                limit_param: None,
                total_field: None,
            }
        ))
    );
    // Offsets are guessed for reads only.
    assert_eq!(
        kind(&numbered("post", &["offset", "limit"], WRAPPED, "")),
        None
    );
}

#[test]
fn page_number_pagination_is_found_with_its_page_size() {
    assert_eq!(
        kind(&numbered("get", &["limit", "page"], BARE, "")),
        Some((
            None,
            PageKind::Page {
                page_param: 1,
                limit_param: Some(0),
            }
        ))
    );
    assert_eq!(kind(&numbered("get", &["limit"], BARE, "")), None);
}

#[test]
fn the_extension_names_offsets_on_any_method() {
    let named = "      x-oasforge-pagination: {offsetParam: from, limitParam: n, items: results}\n";
    assert_eq!(
        kind(&numbered("post", &["n", "from"], WRAPPED, named)),
        Some((
            Some(0),
            PageKind::Offset {
                offset_param: 1,
                limit_param: Some(0),
                total_field: None,
            }
        ))
    );
}

#[test]
fn a_parameter_named_body_leaves_the_name_to_the_request_body() {
    let doc = format!(
        "{HEAD}paths:
  /t:
    post:
      parameters:
        - {{name: body, in: query, schema: {{type: string}}}}
        - {{name: Body, in: header, schema: {{type: string}}}}
      requestBody:
        content:
          application/json: {{schema: {{type: string}}}}
      responses: {{'204': {{description: ok}}}}
    get:
      parameters:
        - {{name: body, in: query, schema: {{type: string}}}}
      responses: {{'204': {{description: ok}}}}
"
    );
    let api = api(&doc);
    let names = |i: usize| -> Vec<&str> {
        api.operations[i]
            .params
            .iter()
            .map(|p| p.name.as_str())
            .collect()
    };
    let post = api
        .operations
        .iter()
        .position(|o| o.method == oasforge_ir::HttpMethod::Post)
        .expect("post");
    assert_eq!(names(post), ["body_query", "body_header"]);
    // Without a request body the name is free.
    assert_eq!(names(1 - post), ["body"]);
}

#[test]
fn media_types_that_are_not_generated_are_warned_about() {
    let doc = format!(
        "{HEAD}paths:
  /t:
    post:
      requestBody:
        content:
          application/xml: {{schema: {{type: string}}}}
          application/json: {{schema: {{type: string}}}}
      responses:
        '200':
          description: ok
          content:
            application/json: {{schema: {{type: string}}}}
            text/csv: {{schema: {{type: string}}}}
"
    );
    let spec = load_str(Path::new("test.yaml"), &doc, &LoadOptions::default()).expect("loads");
    let lowered = lower(&spec).expect("lowers");
    let op = &lowered.api.operations[0];
    assert_eq!(
        op.body.as_ref().map(|b| b.content_type.as_str()),
        Some("application/json")
    );
    let warned: Vec<(String, &str)> = lowered
        .warnings
        .iter()
        .map(|w| (w.location.pointer.to_string(), w.message.as_str()))
        .collect();
    assert_eq!(
        warned,
        [
            (
                "#/paths/~1t/post/requestBody/content/application~1xml".to_owned(),
                "media type `application/xml` is not generated; `application/json` is used"
            ),
            (
                "#/paths/~1t/post/responses/200/content/text~1csv".to_owned(),
                "media type `text/csv` is not generated; `application/json` is used"
            ),
        ]
    );
}

#[test]
fn encodings_and_styles_not_generated_exactly_are_located_warnings() {
    let doc = format!(
        "{HEAD}paths:
  /m/{{ids}}:
    post:
      parameters:
        - {{name: ids, in: path, required: true, style: matrix, explode: true, schema: {{type: array, items: {{type: integer}}}}}}
        - {{name: h, in: header, style: deepObject, schema: {{type: object, properties: {{a: {{type: string}}}}}}}}
      requestBody:
        content:
          application/x-www-form-urlencoded:
            schema:
              type: object
              properties:
                tags: {{type: array, items: {{type: string}}}}
                meta: {{type: object, properties: {{k: {{type: string}}}}}}
                plain: {{type: string}}
                codes: {{type: array, items: {{type: string}}}}
                note: {{type: string}}
            encoding:
              tags: {{style: pipeDelimited}}
              meta: {{contentType: application/json}}
              plain: {{style: form, explode: true}}
              codes: {{contentType: text/csv}}
              note: {{style: pipeDelimited}}
      responses: {{'200': {{description: ok}}}}
"
    );
    let spec = load_str(Path::new("test.yaml"), &doc, &LoadOptions::default()).expect("loads");
    let lowered = lower(&spec).expect("lowers");
    let warned: Vec<String> = lowered
        .warnings
        .iter()
        .map(|w| w.location.pointer.to_string())
        .collect();
    let encoding =
        "#/paths/~1m~1{ids}/post/requestBody/content/application~1x-www-form-urlencoded/encoding";
    assert_eq!(
        warned,
        [
            "#/paths/~1m~1{ids}/post/parameters/0/explode".to_owned(),
            "#/paths/~1m~1{ids}/post/parameters/1/style".to_owned(),
            format!("{encoding}/codes"),
            format!("{encoding}/note"),
        ],
        "{:?}",
        lowered.warnings
    );
    // A delimited array and a JSON property are generated, so they are not warned about.
    let body = lowered.api.operations[0].body.as_ref().expect("a body");
    let generated: Vec<&str> = body.encoding.iter().map(|e| e.property.as_str()).collect();
    assert_eq!(generated, ["tags", "meta"]);
}

fn lowered(yaml: &str) -> Result<oasforge_ir::Lowered, (String, String)> {
    let spec = load_str(Path::new("test.yaml"), yaml, &LoadOptions::default()).expect("loads");
    lower(&spec).map_err(|e| {
        let pointer = e
            .node()
            .map(|n| n.pointer.as_str().to_owned())
            .unwrap_or_default();
        (e.to_string(), pointer)
    })
}

#[test]
fn path_templates_are_parsed_and_routes_decided() {
    let op = "{get: {parameters: [{name: name, in: path, required: true, schema: {type: string}}], responses: {'200': {description: ok}}}}";
    let api = api(&format!(
        "{HEAD}paths:\n  /v1/{{name}}: {op}\n  /v1/{{name}}:cancel: {}\n  things/{{name}}: {op}\n",
        op.replace("get:", "post:")
    ));
    let routes: Vec<Option<String>> = api
        .operations
        .iter()
        .map(|o| o.template.axum_route())
        .collect();
    assert_eq!(
        routes,
        [
            Some("/v1/{p0}".to_owned()),
            None,
            Some("/things/{p0}".to_owned())
        ]
    );
    assert_eq!(
        api.operations[2].path, "things/{name}",
        "the path as written"
    );
}

#[test]
fn templates_differing_only_in_names_share_a_route_and_a_repeated_method_is_warned() {
    let get = "{get: {parameters: [{name: x, in: path, required: true, schema: {type: string}}], responses: {'200': {description: ok}}}}";
    let delete = "{delete: {parameters: [{name: y, in: path, required: true, schema: {type: string}}], responses: {'204': {description: ok}}}}";
    let api = api(&format!(
        "{HEAD}paths:\n  /a/{{x}}: {get}\n  /a/{{y}}: {delete}\n"
    ));
    assert_eq!(
        api.operations[0].template.axum_route(),
        api.operations[1].template.axum_route()
    );
    let both = get.replace("{name: x", "{name: y");
    let shadowed = lowered(&format!(
        "{HEAD}paths:\n  /a/{{x}}: {get}\n  /a/{{y}}: {both}\n"
    ))
    .expect("two GETs on one path: a warning");
    let warning = shadowed
        .warnings
        .iter()
        .find(|w| w.message.contains("also under `/a/{x}`"))
        .expect("warned");
    assert_eq!(warning.location.pointer.as_str(), "/paths/~1a~1{y}/get");
    let (message, pointer) =
        lowered(&format!("{HEAD}paths:\n  /a/{{}}: {get}\n")).expect_err("empty name");
    assert!(message.contains("without a parameter name"), "{message}");
    assert_eq!(pointer, "/paths/~1a~1{}");
}

#[test]
fn http_methods_read_path_item_fields_and_print_as_http_writes_them() {
    use oasforge_ir::HttpMethod;
    for method in HttpMethod::ALL {
        assert_eq!(HttpMethod::from_key(method.key()), Some(method));
        assert_eq!(method.as_str(), method.key().to_ascii_uppercase());
    }
    assert_eq!(HttpMethod::from_key("GET"), None);
    assert_eq!(HttpMethod::from_key("parameters"), None);
    assert_eq!(format!("[{:7}]", HttpMethod::Post), "[POST   ]");
}

#[test]
fn operation_items_are_named_once_beside_the_models() {
    let api = api(&format!(
        "{HEAD}paths:
  /files:
    post:
      operationId: upload
      requestBody:
        content:
          multipart/form-data:
            schema: {{type: object, properties: {{file: {{type: string, format: binary}}}}}}
      responses:
        '200': {{description: ok}}
        '4XX': {{description: client error}}
        default: {{description: other}}
    get:
      operationId: credentials
      responses: {{'200': {{description: ok}}, '201': {{description: created}}}}
components:
  schemas:
    UploadInput: {{type: string}}
"
    ));
    let upload = api
        .operations
        .iter()
        .find(|o| o.name == "upload")
        .expect("upload");
    // A model already has the name: the input takes the next free one.
    assert_eq!(upload.input_name, "UploadInput2");
    assert_eq!(upload.response_name, "UploadResponse");
    assert_eq!(
        upload.body.as_ref().and_then(|b| b.form_name.as_deref()),
        Some("UploadForm")
    );
    let variants: Vec<&str> = upload
        .responses
        .iter()
        .map(|r| r.variant.as_str())
        .collect();
    assert_eq!(variants, ["Ok", "ClientError", "Default"]);
    let other = api
        .operations
        .iter()
        .find(|o| o.name == "credentials")
        .expect("credentials");
    assert_eq!(other.input_name, "CredentialsInput");
    let variants: Vec<&str> = other.responses.iter().map(|r| r.variant.as_str()).collect();
    assert_eq!(variants, ["Ok", "Created"]);
    assert!(other.body.is_none());
}

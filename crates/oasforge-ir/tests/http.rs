//! Lowering of what the client and server need: parameter styles, body kinds, response
//! headers, server variables and token pagination.

use std::path::Path;

use oasforge_ir::{lower, Api, BodyKind, ParamStyle};
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
    assert_eq!(
        api.operations[0].params[p.token_param].wire_name,
        "paginationToken"
    );
    assert_eq!((p.response, p.items_field, p.next_token_field), (0, 0, 1));

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
    assert_eq!(api.operations[0].params[p.token_param].wire_name, "from");

    // With the extension, common names alone are not used.
    let wrong =
        "      x-oasforge-pagination: {tokenParam: other, nextToken: resume, items: rows}\n";
    let api = self::api(&listing("paginationToken", "nextPageToken", "items", wrong));
    assert_eq!(api.operations[0].pagination, None);
}

//! Real-API shapes that used to panic or be refused, each as a small fixture: every one
//! generates (and the emitter parses every file it writes, so generated means parsed), with
//! the names and warnings it should have.

use std::path::Path;

use oasforge::stages::spec::{load_str, LoadOptions};
use oasforge::{generate_from, EmitOptions, Error, Generated, Layout, Parts};

fn try_generate(text: &str) -> Result<Generated, Box<Error>> {
    let spec = load_str(
        Path::new("/virtual/api.yaml"),
        text,
        &LoadOptions::default(),
    )
    .expect("loads");
    generate_from(
        &spec,
        &EmitOptions {
            layout: Layout::Crate { name: "x".into() },
            source_name: "api.yaml".into(),
            parts: Parts::all(),
            ..EmitOptions::default()
        },
    )
    .map_err(Box::new)
}

fn generate(text: &str) -> Generated {
    match try_generate(text) {
        Ok(generated) => generated,
        Err(error) => panic!("does not generate: {error}"),
    }
}

/// The text of a generated file, by the end of its path.
fn file<'a>(generated: &'a Generated, name: &str) -> &'a str {
    generated
        .files
        .iter()
        .find(|f| f.path.ends_with(name))
        .map(|f| f.contents.as_str())
        .unwrap_or_else(|| panic!("no {name}"))
}

fn all_code(generated: &Generated) -> String {
    generated
        .files
        .iter()
        .filter(|f| f.path.extension().is_some_and(|e| e == "rs"))
        .map(|f| f.contents.as_str())
        .collect()
}

const HEAD: &str = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\n";

#[test]
fn operation_ids_that_begin_with_a_digit_or_are_keywords() {
    // httpbin's `302_redirects_n_times`, wmata's hex ids, azure's `move`, vtex's `match`.
    let mut text = format!("{HEAD}paths:\n");
    for (i, id) in [
        "302_redirects_n_times",
        "5476362a281d830c946a3d71",
        "move",
        "match",
        "self",
        "Self",
        "crate",
        "super",
        "",
        "名前",
    ]
    .iter()
    .enumerate()
    {
        text.push_str(&format!(
            "  /r{i}/{{self}}:\n    get:\n      operationId: '{id}'\n      parameters:\n        - {{name: self, in: path, required: true, schema: {{type: string}}}}\n        - {{name: type, in: query, schema: {{type: integer, minimum: 1}}}}\n        - {{name: '1st', in: header, schema: {{type: string, default: a}}}}\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {{type: array, items: {{type: string}}}}\n"
        ));
    }
    let generated = generate(&text);
    let client = file(&generated, "client.rs");
    for name in [
        "fn n302_redirects_n_times(",
        "fn n5476362a281d830c946a3d71(",
        "fn move_(",
        "fn match_(",
        "fn self_(",
        "fn self2(",
        "fn crate_(",
        "fn super_(",
        "fn operation(",
        "fn get_r8_self(",
    ] {
        assert!(client.contains(name), "{name} in client.rs");
    }
    let operations = file(&generated, "operations.rs");
    assert!(operations.contains("pub struct N302RedirectsNTimesInput"));
    assert!(operations.contains("pub struct MoveInput"));
    let code = all_code(&generated);
    assert!(!code.contains("self__"), "a doubled underscore");
    assert!(code.contains("self_param"));
}

#[test]
fn schema_and_property_names_of_every_kind() {
    let text = format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    302Found:\n      type: object\n      properties:\n        self: {{type: string}}\n        Self: {{type: string}}\n        '1st': {{type: string}}\n        ñame: {{type: string}}\n        '': {{type: string}}\n        crate: {{type: string, default: x}}\n    Self:\n      type: string\n      enum: [self, Self, SELF, '', '10', é]\n    ñcd:\n      type: object\n      properties:\n        a: {{type: integer}}\n"
    );
    let generated = generate(&text);
    let models = file(&generated, "models.rs");
    for name in [
        "pub struct N302found",
        "pub self_: ",
        "pub self2: ",
        "pub n1st: ",
        "pub ame: ",
        "pub field: ",
        "pub crate_: ",
        "pub enum SelfType",
        "Self_,",
        "Self2,",
        "Self3,",
        "V10,",
        "pub struct Cd",
    ] {
        assert!(models.contains(name), "{name} in models.rs:\n{models}");
    }
    assert!(!models.contains("Self_2"));
    assert!(!models.contains("__"));
}

#[test]
fn security_schemes_of_every_kind_and_optional_credentials() {
    // gsmtasks and swaggerhub: `security: [{tokenAuth: []}, {}]` made server.rs unparsable.
    let text = format!(
        "{HEAD}security: [{{header_key: []}}]\npaths:\n  /optional:\n    get:\n      security: [{{tokenAuth: []}}, {{}}]\n      responses: {{'204': {{description: ok}}}}\n  /open:\n    get:\n      security: []\n      responses: {{'204': {{description: ok}}}}\n  /several:\n    post:\n      security:\n        - {{basic: [], query_key: []}}\n        - {{bearer: []}}\n        - {{oauth: [read]}}\n        - {{oidc: []}}\n        - {{cookie_key: []}}\n        - {{type: []}}\n        - {{self: []}}\n        - {{mtls: []}}\n      responses: {{'204': {{description: ok}}}}\n  /inherited:\n    get:\n      responses: {{'204': {{description: ok}}}}\ncomponents:\n  securitySchemes:\n    tokenAuth: {{type: apiKey, in: header, name: Authorization}}\n    header_key: {{type: apiKey, in: header, name: X-Key}}\n    query_key: {{type: apiKey, in: query, name: key}}\n    cookie_key: {{type: apiKey, in: cookie, name: session}}\n    basic: {{type: http, scheme: basic}}\n    bearer: {{type: http, scheme: bearer, bearerFormat: JWT}}\n    oauth: {{type: oauth2, flows: {{clientCredentials: {{tokenUrl: 'https://x/t', scopes: {{read: r}}}}}}}}\n    oidc: {{type: openIdConnect, openIdConnectUrl: 'https://x/.well-known'}}\n    type: {{type: apiKey, in: header, name: X-Type}}\n    self: {{type: http, scheme: bearer}}\n    mtls: {{type: mutualTLS}}\n"
    );
    let generated = generate(&text);
    let ops = &generated.api.operations;
    let security = |path: &str| {
        ops.iter()
            .find(|o| o.path == path)
            .map(|o| o.security.clone())
            .unwrap_or_else(|| panic!("{path}"))
    };
    assert_eq!(
        security("/optional"),
        vec![vec!["tokenAuth".to_owned()], vec![]]
    );
    assert!(security("/open").is_empty());
    assert_eq!(security("/inherited"), vec![vec!["header_key".to_owned()]]);
    // mutualTLS is left to the HTTP client: its alternative needs nothing generated.
    let several = security("/several");
    assert_eq!(several.len(), 8);
    assert_eq!(several[7], Vec::<String>::new());
    let server = file(&generated, "server.rs");
    // The optional operation reads credentials but never refuses for lack of them.
    let optional_handler = server
        .split("async fn ")
        .find(|h| h.contains("OptionalInput") || h.starts_with("optional"))
        .expect("the optional operation's handler");
    assert!(!optional_handler.contains("unauthorized("));
    let client = file(&generated, "client.rs");
    assert!(client.contains("Scheme::Type"));
    assert!(client.contains("Scheme::SelfType"));
    assert!(client.contains("&[]"), "the empty alternative in client.rs");
    assert!(generated
        .warnings
        .iter()
        .any(|w| w.message.contains("mutualTLS")));
}

#[test]
fn a_requirement_naming_an_undeclared_scheme_is_a_located_error() {
    let text = format!(
        "{HEAD}paths:\n  /a:\n    get:\n      security:\n        - nowhere: []\n      responses: {{'204': {{description: ok}}}}\n"
    );
    let error = try_generate(&text).expect_err("an undeclared scheme");
    let location = error.location().expect("located");
    assert_eq!(
        location.pointer.to_string(),
        "#/paths/~1a/get/security/0/nowhere"
    );
    assert_eq!(location.line, Some(7));
    assert!(error.to_string().contains("`nowhere`"), "{error}");
}

#[test]
fn extensions_directly_under_paths_are_skipped() {
    // apicurio's registry: `paths: {x-codegen-contextRoot: /apis/registry/v2, …}`.
    let text = format!(
        "{HEAD}paths:\n  x-codegen-contextRoot: /apis/registry/v2\n  x-other: {{a: 1}}\n  /a:\n    get:\n      operationId: getA\n      responses: {{'204': {{description: ok}}}}\n"
    );
    let generated = generate(&text);
    assert_eq!(generated.operations, 1);
}

#[test]
fn a_null_where_a_schema_is_expected_is_any_value_with_a_warning() {
    let text = format!(
        "{HEAD}paths:\n  /a:\n    get:\n      operationId: getA\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: null\ncomponents:\n  schemas:\n    Thing:\n      type: object\n      properties:\n        loose: null\n        items: {{type: array, items: null}}\n"
    );
    let generated = generate(&text);
    let models = file(&generated, "models.rs");
    assert!(
        models.contains("pub loose: Option<serde_json::Value>"),
        "{models}"
    );
    let nulls: Vec<String> = generated
        .warnings
        .iter()
        .filter(|w| w.message.contains("null"))
        .map(|w| w.location.pointer.to_string())
        .collect();
    for pointer in [
        "#/paths/~1a/get/responses/200/content/application~1json/schema",
        "#/components/schemas/Thing/properties/loose",
        "#/components/schemas/Thing/properties/items/items",
    ] {
        assert!(nulls.iter().any(|p| p == pointer), "{pointer} in {nulls:?}");
    }
}

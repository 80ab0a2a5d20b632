//! For the unit tests of the emitter modules: a tiny spec lowered into an [`Api`], and
//! emitted tokens as the formatted text a user would read.

use std::path::Path;

use oasforge_ir::Api;
use proc_macro2::TokenStream;

/// A pet store in a few lines: a path parameter (`uuid`), a header parameter, a JSON
/// response naming a model with a pattern, a date-time and an optional nullable field.
pub(crate) const PETS: &str = r#"
openapi: 3.0.3
info: {title: Pets, version: 1.0.0}
paths:
  /pets/{petId}:
    get:
      operationId: getPet
      parameters:
        - {name: petId, in: path, required: true, schema: {type: string, format: uuid}}
        - {name: X-Trace, in: header, schema: {type: string}}
      responses:
        '200':
          description: The pet.
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Pet'}
components:
  schemas:
    Pet:
      type: object
      required: [petId]
      properties:
        petId: {type: string, pattern: '^[a-z]+$'}
        born: {type: string, format: date-time}
        tag: {type: string, nullable: true}
"#;

/// One operation, no parameters, a plain model: nothing optional is needed.
pub(crate) const PLAIN: &str = r#"
openapi: 3.0.3
info: {title: Plain, version: 1.0.0}
paths:
  /health:
    get:
      operationId: health
      responses:
        '200':
          description: Health.
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Health'}
components:
  schemas:
    Health:
      type: object
      required: [ok]
      properties:
        ok: {type: boolean}
"#;

/// Lowers a spec given as text.
pub(crate) fn api(yaml: &str) -> Api {
    let spec = oasforge_spec::load_str(
        Path::new("test.yaml"),
        yaml,
        &oasforge_spec::LoadOptions::default(),
    )
    .expect("the test spec loads");
    oasforge_ir::lower(&spec).expect("the test spec lowers").api
}

/// Tokens as formatted source text.
pub(crate) fn text(tokens: TokenStream) -> String {
    crate::format::format_file("test.rs", "", tokens).expect("emitted tokens parse")
}

/// A shop in 3.1: a listing paged by cursor, a JSON body answered with a required header
/// and a `default` response, two alternative schemes (a bearer token, a key in the query)
/// and a webhook carrying a model.
pub(crate) const SHOP: &str = r#"
openapi: 3.1.0
info: {title: Shop, version: 2.0.0}
servers: [{url: 'https://shop.example/v2'}]
security: [{bearer: []}, {key: []}]
paths:
  /items:
    get:
      operationId: listItems
      parameters:
        - {name: cursor, in: query, schema: {type: string}}
        - {name: limit, in: query, schema: {type: integer, minimum: 1, maximum: 100}}
      responses:
        '200':
          description: A page.
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Page'}
        '404':
          description: No such listing.
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Problem'}
    post:
      operationId: createItem
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Item'}
      responses:
        '201':
          description: Created.
          headers:
            Location: {required: true, schema: {type: string}}
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Item'}
        default: {description: Anything else.}
webhooks:
  itemCreated:
    post:
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Item'}
      responses:
        '200': {description: Received.}
components:
  securitySchemes:
    bearer: {type: http, scheme: bearer}
    key: {type: apiKey, in: query, name: api_key}
  schemas:
    Item:
      type: object
      required: [id]
      properties:
        id: {type: string}
        count: {type: integer, minimum: 1, maximum: 10}
    Page:
      type: object
      required: [items]
      properties:
        items: {type: array, items: {$ref: '#/components/schemas/Item'}}
        next_cursor: {type: string}
    Problem:
      type: object
      properties:
        message: {type: string}
"#;

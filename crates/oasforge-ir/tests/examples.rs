//! Response examples: the media type's `example` and `examples` (through `$ref`s), then the
//! schema's own, kept only where they fit the body's type.

use std::path::Path;

use oasforge_ir::{lower, Api};
use oasforge_spec::{load_str, LoadOptions};
use serde_json::{json, Value};

fn api(yaml: &str) -> Api {
    let spec = load_str(Path::new("test.yaml"), yaml, &LoadOptions::default()).expect("loads");
    lower(&spec).expect("lowers").api
}

/// The examples of each operation's first response body, in operation order.
fn examples(api: &Api) -> Vec<Vec<Value>> {
    api.operations
        .iter()
        .map(|op| {
            op.responses[0]
                .body
                .as_ref()
                .expect("a body")
                .examples
                .iter()
                .map(|e| e.value.clone())
                .collect()
        })
        .collect()
}

const SPEC: &str = r##"
openapi: 3.0.3
info: { title: Examples, version: "1" }
paths:
  /pets/{id}:
    get:
      operationId: getPet
      parameters:
        - { name: id, in: path, required: true, schema: { type: string } }
      responses:
        "200":
          description: A pet.
          content:
            application/json:
              schema: { $ref: "#/components/schemas/Pet" }
              example: { name: Rex, kind: dog }
              examples:
                cat: { $ref: "#/components/examples/Cat" }
                wrongKind: { value: { name: Tom, kind: horse } }
                missingName: { value: { kind: cat } }
                external: { externalValue: "https://example.com/pet.json" }
  /count:
    get:
      operationId: count
      responses:
        "200":
          description: A count.
          content:
            application/json:
              schema: { type: integer, minimum: 0, example: 7 }
              example: -1
  /events:
    get:
      operationId: events
      responses:
        "200":
          description: Pets as JSON lines.
          content:
            application/x-ndjson:
              schema: { $ref: "#/components/schemas/Pet" }
              example: "{\"name\":\"Rex\",\"kind\":\"dog\"}\n"
  /plain:
    get:
      operationId: plain
      responses:
        "200":
          description: No example at all.
          content:
            application/json:
              schema: { type: string }
components:
  examples:
    Cat:
      summary: A cat.
      value: { name: Tom, kind: cat }
  schemas:
    Pet:
      type: object
      required: [name, kind]
      properties:
        name: { type: string }
        kind: { type: string, enum: [dog, cat] }
      additionalProperties: false
      example: { name: Fido, kind: dog }
"##;

#[test]
fn documented_examples_that_fit_are_kept_in_order() {
    let api = api(SPEC);
    assert_eq!(
        examples(&api),
        vec![
            // The media type's `example`, its named examples (one through `$ref`), then the
            // schema's; an unlisted enum value, a missing required property and an
            // external value are left out.
            vec![
                json!({ "name": "Rex", "kind": "dog" }),
                json!({ "name": "Tom", "kind": "cat" }),
                json!({ "name": "Fido", "kind": "dog" }),
            ],
            // Below the minimum: only the schema's own example fits.
            vec![json!(7)],
            // A stream's media example shows the whole stream; the item schema's is one item.
            vec![json!({ "name": "Fido", "kind": "dog" })],
            vec![],
        ]
    );
}

#[test]
fn an_example_must_fit_the_schema_as_written_not_as_read_leniently() {
    // `Pet` is read leniently by clients (undeclared properties read past), yet an example
    // with one is not what the server may send.
    let spec = SPEC.replace(
        "example: { name: Rex, kind: dog }",
        "example: { name: Rex, kind: dog, age: 3 }",
    );
    let api = api(&spec);
    assert_eq!(
        examples(&api)[0],
        vec![
            json!({ "name": "Tom", "kind": "cat" }),
            json!({ "name": "Fido", "kind": "dog" }),
        ]
    );
}

/// A union whose variant leads back to the union itself (through an alias) while reading the
/// same value: checking an example against it ends, and the example that fits the other
/// branch is kept. Azure documents have such cycles; the check overflowed its stack.
#[test]
fn a_cycle_of_types_around_one_value_ends_the_check() {
    let api = api(r##"
openapi: 3.0.3
info: { title: Cycle, version: "1" }
paths:
  /node:
    get:
      operationId: getNode
      responses:
        "200":
          description: A node.
          content:
            application/json:
              schema: { $ref: "#/components/schemas/Node" }
              examples:
                empty: { value: null }
                text: { value: leaf }
components:
  schemas:
    Node:
      anyOf:
        - $ref: "#/components/schemas/Wrapper"
        - type: string
    Wrapper:
      allOf:
        - $ref: "#/components/schemas/Node"
"##);
    assert_eq!(examples(&api), [vec![json!("leaf")]]);
}

/// Each example left out is a located warning naming the rule that fails, once per place it
/// is written; examples that fit warn nothing.
#[test]
fn every_example_left_out_is_a_located_warning() {
    let spec = load_str(Path::new("test.yaml"), SPEC, &LoadOptions::default()).expect("loads");
    let lowered = lower(&spec).expect("lowers");
    let mut misfits: Vec<(String, String)> = lowered
        .warnings
        .iter()
        .filter(|w| w.message.contains("does not fit"))
        .map(|w| (w.location.pointer.to_string(), w.message.clone()))
        .collect();
    misfits.sort();
    let pointers: Vec<&str> = misfits.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(
        pointers,
        [
            "#/paths/~1count/get/responses/200/content/application~1json/example",
            "#/paths/~1pets~1{id}/get/responses/200/content/application~1json/examples/missingName/value",
            "#/paths/~1pets~1{id}/get/responses/200/content/application~1json/examples/wrongKind/value",
        ],
        "{misfits:#?}"
    );
    assert!(misfits[0].1.contains("(`minimum` fails)"), "{misfits:#?}");
    assert!(
        misfits[1].1.contains("(`required` fails at `/name`)"),
        "{misfits:#?}"
    );
    assert!(
        misfits[2].1.contains("(`enum` fails at `/kind`)"),
        "{misfits:#?}"
    );
}

/// A response header's examples: its own `example` and `examples`, then its schema's, kept
/// where they fit the header's type.
#[test]
fn response_headers_keep_their_fitting_examples() {
    let api = api(r##"
openapi: 3.0.3
info: { title: Headers, version: "1" }
paths:
  /items:
    get:
      operationId: listItems
      responses:
        "200":
          description: Items.
          headers:
            X-Rate-Limit:
              schema: { type: integer, minimum: 1, example: 100 }
              example: 0
              examples:
                busy: { value: 10 }
            X-Id:
              $ref: "#/components/headers/Id"
components:
  headers:
    Id:
      schema: { type: string, format: uuid }
      example: 9b2d1c1e-8f57-4a55-9c3e-0a1b2c3d4e5f
"##);
    let headers = &api.operations[0].responses[0].headers;
    let values = |i: usize| -> Vec<Value> {
        headers[i]
            .examples
            .iter()
            .map(|e| e.value.clone())
            .collect()
    };
    assert_eq!(values(0), [json!(10), json!(100)]);
    assert_eq!(values(1), [json!("9b2d1c1e-8f57-4a55-9c3e-0a1b2c3d4e5f")]);
}

//! Streamed responses: `text/event-stream` and JSON lines become stream bodies whose type is
//! the type of one item (OpenAPI 3.2's `itemSchema`, an SSE event object's `data`, or the
//! schema itself).

use std::path::Path;

use oasforge_ir::{lower, Api, Scalar, StreamKind, TyKind, TypeKind};
use oasforge_spec::{load_str, LoadOptions};

fn api(yaml: &str) -> Api {
    let spec = load_str(Path::new("test.yaml"), yaml, &LoadOptions::default()).expect("loads");
    lower(&spec).expect("lowers").api
}

/// The stream kind and the item type's name (or `scalar`/`any`) of the first response of
/// each operation, in order.
fn bodies(api: &Api) -> Vec<(Option<StreamKind>, String)> {
    api.operations
        .iter()
        .map(|op| {
            let body = op.responses[0].body.as_ref().expect("a body");
            let ty = match body.ty.kind {
                TyKind::Named(id) => api.type_def(id).name.clone(),
                TyKind::Scalar(Scalar::String) => "string".to_owned(),
                TyKind::Any => "any".to_owned(),
                _ => "other".to_owned(),
            };
            (body.stream, ty)
        })
        .collect()
}

#[test]
fn media_types_name_the_stream_kind() {
    assert_eq!(StreamKind::of("text/event-stream"), Some(StreamKind::Sse));
    assert_eq!(
        StreamKind::of("Text/Event-Stream; charset=utf-8"),
        Some(StreamKind::Sse)
    );
    for lines in ["application/x-ndjson", "application/jsonl"] {
        assert_eq!(StreamKind::of(lines), Some(StreamKind::Lines), "{lines}");
    }
    assert_eq!(
        StreamKind::of("application/json-seq"),
        Some(StreamKind::JsonSeq)
    );
    assert_eq!(StreamKind::of("application/json"), None);
    assert_eq!(StreamKind::of("text/plain"), None);
}

#[test]
fn item_types_come_from_the_data_the_item_schema_or_the_schema() {
    let api = api("openapi: 3.1.0
info: {title: T, version: '1'}
paths:
  /ticks:
    get:
      operationId: ticks
      responses:
        '200':
          description: one event per tick
          content:
            text/event-stream:
              schema:
                type: object
                properties:
                  id: {type: string}
                  event: {type: string}
                  data: {$ref: '#/components/schemas/Tick'}
  /wrapped:
    get:
      operationId: wrapped
      responses:
        '200':
          description: JSON in data, as a string
          content:
            text/event-stream:
              schema:
                type: object
                properties:
                  data:
                    type: string
                    contentMediaType: application/json
                    contentSchema: {$ref: '#/components/schemas/Tick'}
  /payload:
    get:
      operationId: payload
      responses:
        '200':
          description: a payload that has a data field among others is the data itself
          content:
            text/event-stream:
              schema: {$ref: '#/components/schemas/Envelope'}
  /lines:
    get:
      operationId: lines
      responses:
        '200':
          description: NDJSON
          content:
            application/x-ndjson:
              schema: {$ref: '#/components/schemas/Tick'}
  /items:
    get:
      operationId: items
      responses:
        '200':
          description: 3.2 itemSchema wins over schema
          content:
            application/jsonl:
              schema: {type: string}
              itemSchema: {$ref: '#/components/schemas/Tick'}
  /text:
    get:
      operationId: text
      responses:
        '200':
          description: untyped events
          content:
            text/event-stream: {}
  /plain:
    get:
      operationId: plain
      responses:
        '200':
          description: not a stream
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Tick'}
components:
  schemas:
    Tick:
      type: object
      required: [n]
      properties:
        n: {type: integer}
    Envelope:
      type: object
      properties:
        data: {type: string}
        meta: {type: string}
");
    assert_eq!(
        bodies(&api),
        [
            (Some(StreamKind::Sse), "Tick".to_owned()),
            (Some(StreamKind::Sse), "Tick".to_owned()),
            (Some(StreamKind::Sse), "Envelope".to_owned()),
            (Some(StreamKind::Lines), "Tick".to_owned()),
            (Some(StreamKind::Lines), "Tick".to_owned()),
            (Some(StreamKind::Sse), "any".to_owned()),
            (None, "Tick".to_owned()),
        ]
    );
    // The event object itself is not made a type.
    assert!(api
        .types
        .iter()
        .all(|t| !matches!(&t.kind, TypeKind::Struct(s) if s.fields.iter().any(|f| f.wire_name == "event"))));
}

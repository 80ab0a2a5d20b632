//! Lowering of 3.1 `webhooks` and operations' `callbacks` into `Api::webhooks`.

use std::path::Path;

use oasforge_ir::{lower, HttpMethod, Lowered, TyKind, WebhookSource};
use oasforge_spec::{load_str, LoadOptions};

fn lowered(yaml: &str) -> Lowered {
    let spec = load_str(Path::new("test.yaml"), yaml, &LoadOptions::default()).expect("loads");
    lower(&spec).expect("lowers")
}

const SPEC: &str = "openapi: 3.1.0
info: {title: T, version: '1'}
paths:
  /subscriptions:
    post:
      operationId: subscribe
      responses: {'201': {description: ok}}
      callbacks:
        moved:
          '{$request.body#/url}':
            put:
              requestBody:
                content:
                  application/json:
                    schema: {type: object, properties: {to: {type: string}}}
              responses: {'204': {description: ok}}
webhooks:
  pet.created:
    post:
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Pet'}
      responses: {'202': {description: ok}, '400': {description: no}}
  both ways:
    get:
      responses: {'200': {description: ok}}
    post:
      operationId: new
      requestBody:
        content:
          text/plain:
            schema: {type: string}
components:
  schemas:
    Pet: {type: object, properties: {id: {type: integer}}}
";

#[test]
fn webhooks_then_callbacks_are_lowered_with_names_routes_and_payloads() {
    let Lowered { api, warnings } = lowered(SPEC);
    let names: Vec<(&str, &str, HttpMethod, u16)> = api
        .webhooks
        .iter()
        .map(|w| (w.name.as_str(), w.route.as_str(), w.method, w.status))
        .collect();
    assert_eq!(
        names,
        [
            ("pet_created", "/pet.created", HttpMethod::Post, 202),
            ("both_ways_get", "/both_ways_get", HttpMethod::Get, 200),
            // `new` is a method of the generated `Sender`.
            ("new2", "/new2", HttpMethod::Post, 200),
            ("subscribe_moved", "/subscribe_moved", HttpMethod::Put, 204),
        ]
    );
    let pet = api.webhooks[0].payload.as_ref().expect("a payload");
    assert!(pet.required);
    assert!(matches!(pet.ty.kind, TyKind::Named(id) if api.type_def(id).name == "Pet"));
    assert_eq!(
        api.webhooks[0].source,
        WebhookSource::Webhook {
            key: "pet.created".into()
        }
    );
    // A text payload is not decoded: said where it is.
    assert!(api.webhooks[2].payload.is_none());
    assert!(warnings
        .iter()
        .any(|w| w.message.contains("`text/plain` payload")));
    // The callback's inline payload is named from its place.
    let moved = &api.webhooks[3];
    assert_eq!(
        moved.source,
        WebhookSource::Callback {
            operation: "subscribe".into(),
            callback: "moved".into(),
            expression: "{$request.body#/url}".into(),
        }
    );
    let body = moved.payload.as_ref().expect("a payload");
    assert!(!body.required);
    assert!(
        matches!(body.ty.kind, TyKind::Named(id) if api.type_def(id).name == "SubscribeMovedCallbackRequest")
    );
}

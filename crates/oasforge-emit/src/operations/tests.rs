use super::*;
use crate::testing::{api, text, PETS, PLAIN};

#[test]
fn operations_import_exactly_the_models_they_mention() {
    let api = api(PETS);
    let items = op_items(&api);
    let part = operations(&api, &items);
    assert_eq!(
        part.uses.use_items().to_string(),
        quote! { use super::models::{Pet}; }.to_string()
    );
    // The uuid path parameter's type is recorded as a dependency.
    assert!(part.uses.needs(Dep::Uuid));
    let text = text(part.items.into_tokens());
    assert!(
        text.contains(&format!("pub struct {} {{", items[0].input)),
        "{text}"
    );
    assert!(
        text.contains(&format!("pub enum {} {{", items[0].response)),
        "{text}"
    );
}

/// A `date-time` response header and a `text/plain` body with a `uuid` format are carried
/// as `String`s: the operations record neither `chrono` nor `uuid`.
#[test]
fn types_carried_as_text_bring_no_dependency() {
    let api = api(r#"
openapi: 3.0.3
info: {title: Text, version: 1.0.0}
paths:
  /stamp:
    get:
      operationId: getStamp
      responses:
        '200':
          description: The stamp.
          headers:
            Last-Modified: {schema: {type: string, format: date-time}}
          content:
            text/plain:
              schema: {type: string, format: uuid}
"#);
    let items = op_items(&api);
    let part = operations(&api, &items);
    assert!(!part.uses.needs(Dep::Chrono));
    assert!(!part.uses.needs(Dep::Uuid));
    assert!(part.uses.needs(Dep::SerdeJson));
}

/// Each operation records the models it names as it chooses their types: a multipart body
/// names its form struct's field types, not the schema's struct; a model only a `text/plain`
/// body is documented with is carried as a `String` and not imported.
#[test]
fn model_imports_are_recorded_as_types_are_chosen() {
    let api = api(r#"
openapi: 3.0.3
info: {title: Forms, version: 1.0.0}
paths:
  /upload:
    post:
      operationId: upload
      requestBody:
        content:
          multipart/form-data:
            schema: {$ref: '#/components/schemas/Upload'}
      responses:
        '200':
          description: A note.
          content:
            text/plain:
              schema: {$ref: '#/components/schemas/Note'}
components:
  schemas:
    Upload:
      type: object
      properties:
        file: {type: string, format: binary}
        kind: {$ref: '#/components/schemas/Kind'}
    Kind: {type: string, enum: [a, b]}
    Note: {type: string}
"#);
    let items = op_items(&api);
    let recorded = items[0].uses.use_items().to_string();
    assert_eq!(recorded, quote! { use super::models::{Kind}; }.to_string());
    let part = operations(&api, &items);
    assert_eq!(part.uses.use_items().to_string(), recorded);
    let text = text(part.items.into_tokens());
    assert!(text.contains("pub kind: Option<Kind>"), "{text}");
}

#[test]
fn client_and_server_import_every_input_and_response() {
    let api = api(PLAIN);
    let items = op_items(&api);
    let mut uses = Uses::default();
    operation_imports(&items, &[], "Violation", &mut uses);
    let (input, response) = (&items[0].input, &items[0].response);
    assert_eq!(
        uses.use_items().to_string(),
        quote! { use super::operations::{#input, #response, Violation}; }.to_string()
    );
}

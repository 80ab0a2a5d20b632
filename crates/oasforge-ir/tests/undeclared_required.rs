//! A property that only `required` names (no schema declares it) is an untyped field:
//! required in a type a request carries (the client sends it), optional in one only
//! responses carry (`lower/lenient.rs`), so a response without it still reads.

use std::path::Path;

use oasforge_ir::{lower, Api, Field, TyKind, TypeKind};
use oasforge_spec::{load_str, LoadOptions};

const DOC: &str = "openapi: 3.0.3
info: {title: T, version: '1'}
paths:
  /lines:
    post:
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/NewLine'}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Line'}
  /shared:
    put:
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Shared'}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Shared'}
components:
  schemas:
    Shared:
      type: object
      required: [date]
      properties:
        amount: {type: number}
    Line:
      type: object
      required: [amount, date]
      properties:
        amount: {type: number}
    NewLine:
      type: object
      required: [amount, date]
      properties:
        amount: {type: number}
";

fn field<'a>(api: &'a Api, ty: &str, name: &str) -> &'a Field {
    let def = api.types.iter().find(|d| d.name == ty).expect("the type");
    let TypeKind::Struct(s) = &def.kind else {
        panic!("{ty} is not a struct");
    };
    s.fields
        .iter()
        .find(|f| f.wire_name == name)
        .expect("the field")
}

#[test]
fn a_property_only_required_names_is_optional_where_only_responses_carry_it() {
    let spec = load_str(Path::new("test.yaml"), DOC, &LoadOptions::default()).expect("loads");
    let api = lower(&spec).expect("lowers").api;
    let read = field(&api, "Line", "date");
    assert!(read.undeclared && !read.required, "{read:?}");
    assert_eq!(read.ty.kind, TyKind::Any);
    let sent = field(&api, "NewLine", "date");
    assert!(sent.undeclared && sent.required, "{sent:?}");
    // A type both directions carry keeps it required: the client still sends it.
    let shared = field(&api, "Shared", "date");
    assert!(shared.undeclared && shared.required, "{shared:?}");
    // Declared properties keep their `required` either way.
    assert!(field(&api, "Line", "amount").required);
    assert!(!field(&api, "Line", "amount").undeclared);
}

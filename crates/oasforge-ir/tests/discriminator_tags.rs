//! The discriminator property of a variant struct becomes an enum of the values that
//! select that struct (`lower::tags`), for every way a discriminator is declared.

use std::path::Path;

use oasforge_ir::{lower, Api, StringEnum, TyKind, TypeDef, TypeKind};
use oasforge_spec::{load_str, LoadOptions};

fn api(yaml: &str) -> Api {
    let spec = load_str(Path::new("test.yaml"), yaml, &LoadOptions::default()).expect("loads");
    lower(&spec).expect("lowers").api
}

fn def<'a>(api: &'a Api, name: &str) -> &'a TypeDef {
    api.types
        .iter()
        .find(|d| d.name == name)
        .unwrap_or_else(|| panic!("no type {name}"))
}

/// The enum a struct's field holds, when it holds one.
fn field_enum<'a>(api: &'a Api, ty: &str, field: &str) -> Option<(&'a str, &'a StringEnum)> {
    let TypeKind::Struct(s) = &def(api, ty).kind else {
        panic!("{ty} is not a struct");
    };
    let f = s.fields.iter().find(|f| f.name == field)?;
    let TyKind::Named(id) = f.ty.kind else {
        return None;
    };
    match &api.types[id.0].kind {
        TypeKind::Enum(e) => Some((api.types[id.0].name.as_str(), e)),
        _ => None,
    }
}

fn values(e: &StringEnum) -> Vec<&str> {
    e.variants.iter().map(|v| v.wire_value.as_str()).collect()
}

const SPEC: &str = "openapi: 3.1.0
info: {title: T, version: '1'}
paths:
  /pets:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Pet'}
    post:
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Vehicle'}
      responses: {'204': {description: ok}}
components:
  schemas:
    Cat:
      type: object
      required: [petType]
      properties: {petType: {type: string}, lives: {type: integer}}
    Dog:
      type: object
      required: [petType]
      properties: {petType: {type: string}, bark: {type: boolean}}
    Pet:
      oneOf: [{$ref: '#/components/schemas/Cat'}, {$ref: '#/components/schemas/Dog'}]
      discriminator: {propertyName: petType, mapping: {cat: Cat, kitty: '#/components/schemas/Cat'}}
    PetByName:
      oneOf: [{$ref: '#/components/schemas/Cat'}, {$ref: '#/components/schemas/Dog'}]
      discriminator: {propertyName: petType}
    Vehicle:
      type: object
      required: [type]
      properties: {type: {type: string}}
      discriminator: {propertyName: type, mapping: {car: '#/components/schemas/Car'}}
    Car:
      allOf:
        - $ref: '#/components/schemas/Vehicle'
        - {type: object, properties: {doors: {type: integer}}}
    Bike:
      allOf:
        - $ref: '#/components/schemas/Vehicle'
        - {type: object, properties: {bell: {type: boolean}}}
    Click:
      type: object
      required: [type]
      properties: {type: {const: click}}
    Key:
      type: object
      required: [type]
      properties: {type: {type: string, enum: [key]}}
    Event:
      oneOf: [{$ref: '#/components/schemas/Click'}, {$ref: '#/components/schemas/Key'}]
      discriminator: {propertyName: type}
";

#[test]
fn on_the_union_with_and_without_mapping() {
    let api = api(SPEC);
    // Mapping keys first (the first union's), then the values other unions give it.
    let (name, cat) = field_enum(&api, "Cat", "pet_type").expect("an enum");
    assert_eq!(name, "CatPetType");
    assert_eq!(values(cat), ["cat", "kitty", "Cat"]);
    assert!(cat.discriminator);
    // No mapping entry: the schema name, in both unions.
    let (_, dog) = field_enum(&api, "Dog", "pet_type").expect("an enum");
    assert_eq!(values(dog), ["Dog"]);
    // Reached from a response: read leniently, like every enum there.
    assert!(cat.open && dog.open);
}

#[test]
fn on_a_parent_reached_through_all_of() {
    let api = api(SPEC);
    let (_, car) = field_enum(&api, "Car", "r#type").expect("an enum");
    assert_eq!(values(car), ["car"]);
    // Implicit mapping by schema name beside an explicit mapping.
    let (_, bike) = field_enum(&api, "Bike", "r#type").expect("an enum");
    assert_eq!(values(bike), ["Bike"]);
    // Only a request carries them: strict.
    assert!(!car.open && !bike.open);
    // The parent's own struct stands for any kind: its tag stays a string.
    let TypeKind::Struct(base) = &def(&api, "VehicleBase").kind else {
        panic!("VehicleBase is not a struct");
    };
    assert!(matches!(
        base.fields[0].ty.kind,
        TyKind::Scalar(oasforge_ir::Scalar::String)
    ));
}

#[test]
fn a_property_whose_own_enum_is_the_tag_keeps_it() {
    let api = api(SPEC);
    let (name, click) = field_enum(&api, "Click", "r#type").expect("an enum");
    assert_eq!(values(click), ["click"]);
    assert!(click.discriminator);
    assert!(!name.ends_with('2'), "a second enum was made: {name}");
    let (_, key) = field_enum(&api, "Key", "r#type").expect("an enum");
    assert_eq!(values(key), ["key"]);
}

#[test]
fn unions_whose_variants_do_not_declare_the_tag_are_untouched() {
    let api = api("openapi: 3.1.0
info: {title: T, version: '1'}
paths: {}
components:
  schemas:
    A: {type: object, properties: {a: {type: string}}}
    B: {type: object, properties: {b: {type: string}}}
    U:
      oneOf: [{$ref: '#/components/schemas/A'}, {$ref: '#/components/schemas/B'}]
      discriminator: {propertyName: kind}
");
    assert!(!api
        .types
        .iter()
        .any(|d| matches!(&d.kind, TypeKind::Enum(e) if e.discriminator)));
}

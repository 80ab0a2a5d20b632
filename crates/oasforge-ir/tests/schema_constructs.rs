//! Lowering of the schema constructs: unions, presence, enums, formats, conflicts.

use std::path::Path;

use oasforge_ir::{lower, Api, Presence, Scalar, TagStyle, TyKind, TypeDef, TypeKind};
use oasforge_spec::{load_str, LoadOptions};

const HEAD: &str =
    "openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n";

fn lowered(schemas: &str) -> oasforge_ir::Lowered {
    let doc = format!("{HEAD}{schemas}");
    let spec = load_str(Path::new("t.yaml"), &doc, &LoadOptions::default()).expect("loads");
    lower(&spec).expect("lowers")
}

fn api(schemas: &str) -> Api {
    lowered(schemas).api
}

fn def<'a>(api: &'a Api, name: &str) -> &'a TypeDef {
    api.types
        .iter()
        .find(|t| t.name == name)
        .unwrap_or_else(|| panic!("no {name}"))
}

#[test]
fn discriminator_styles_and_tags() {
    let api = api("    A: {type: object, properties: {t: {type: string}, a: {type: string}}}\n    B: {type: object, properties: {t: {type: string}}}\n    C: {type: object, properties: {c: {type: string}}}\n    Pair:\n      oneOf: [{$ref: '#/components/schemas/A'}, {$ref: '#/components/schemas/B'}]\n      discriminator: {propertyName: t, mapping: {x: '#/components/schemas/A', y: B}}\n    Mixed:\n      oneOf: [{$ref: '#/components/schemas/A'}, {$ref: '#/components/schemas/C'}]\n      discriminator: {propertyName: t}\n    Loose:\n      anyOf: [{$ref: '#/components/schemas/C'}, {type: object, properties: {z: {type: integer}}}]\n");
    let TypeKind::Union(ab) = &def(&api, "Pair").kind else {
        panic!("AB is a union")
    };
    let tag = ab.tag.as_ref().expect("tagged");
    assert_eq!(
        (tag.property.as_str(), tag.style),
        ("t", TagStyle::Declared)
    );
    let tags: Vec<(&str, &[String])> = ab
        .variants
        .iter()
        .map(|v| (v.name.as_str(), v.tags.as_slice()))
        .collect();
    assert_eq!(
        tags,
        [("A", &["x".to_owned()][..]), ("B", &["y".to_owned()][..])]
    );
    // Only A declares `t`: the tag cannot be read or written consistently.
    let TypeKind::Union(ac) = &def(&api, "Mixed").kind else {
        panic!("AC is a union")
    };
    assert!(ac.tag.is_none());
    // An untagged anyOf names an inline alternative after its property.
    let TypeKind::Union(c2) = &def(&api, "Loose").kind else {
        panic!("C2 is a union")
    };
    assert!(!c2.exclusive);
    let names: Vec<&str> = c2.variants.iter().map(|v| v.name.as_str()).collect();
    assert_eq!(names, ["C", "Z"]);
}

#[test]
fn added_tag_when_no_variant_declares_it() {
    let api = api("    A: {type: object, properties: {a: {type: string}}}\n    B: {type: object, properties: {b: {type: string}}}\n    U:\n      oneOf: [{$ref: '#/components/schemas/A'}, {$ref: '#/components/schemas/B'}]\n      discriminator: {propertyName: kind}\n");
    let TypeKind::Union(u) = &def(&api, "U").kind else {
        panic!("U is a union")
    };
    assert_eq!(u.tag.as_ref().map(|t| t.style), Some(TagStyle::Added));
    assert_eq!(u.variants[1].tags, ["B"]);
}

#[test]
fn null_branches_make_the_use_nullable() {
    let api = api("    S:\n      type: object\n      required: [a]\n      properties:\n        a: {oneOf: [{type: string}, {type: 'null'}]}\n        b: {anyOf: [{type: 'null'}, {type: string}, {type: integer}]}\n        c: {$ref: '#/components/schemas/E'}\n    E: {type: [string, 'null'], enum: [x, null]}\n");
    let TypeKind::Struct(s) = &def(&api, "S").kind else {
        panic!("S is a struct")
    };
    let presence: Vec<Presence> = s.fields.iter().map(|f| f.presence()).collect();
    assert_eq!(
        presence,
        [
            Presence::RequiredNullable,
            Presence::OptionalNullable,
            Presence::OptionalNullable
        ]
    );
    assert_eq!(s.fields[0].ty.kind, TyKind::Scalar(Scalar::String));
    assert!(matches!(s.fields[1].ty.kind, TyKind::Named(_)));
}

#[test]
fn a_branch_that_admits_null_makes_the_union_nullable() {
    // A branch with `null` in its type list, as apideck's custom field `value` has in 3.0
    // (`nullable: true` on each branch); without it `null` would read as absent and be lost.
    let api = api("    S:\n      type: object\n      properties:\n        v: {anyOf: [{type: [string, 'null']}, {type: number}]}\n        w: {anyOf: [{type: string}, {type: number}]}\n");
    let TypeKind::Struct(s) = &def(&api, "S").kind else {
        panic!("S is a struct")
    };
    let presence: Vec<Presence> = s.fields.iter().map(|f| f.presence()).collect();
    assert_eq!(presence, [Presence::OptionalNullable, Presence::Optional]);
}

#[test]
fn integers_narrow_only_when_lossless() {
    let api = api("    N:\n      type: object\n      properties:\n        a: {type: integer, minimum: 0, maximum: 255}\n        b: {type: integer, minimum: 0, maximum: 4294967295}\n        c: {type: integer, minimum: 0, maximum: 4294967296}\n        d: {type: integer, maximum: 10}\n        e: {type: integer, format: int64, minimum: -5, exclusiveMaximum: 2147483648}\n        f: {type: integer, format: uint64}\n");
    let TypeKind::Struct(s) = &def(&api, "N").kind else {
        panic!("N is a struct")
    };
    // Bounds that the type does not already enforce make a constrained newtype (an alias of
    // the scalar); the scalar chosen is the same.
    let kinds: Vec<&TyKind> = s
        .fields
        .iter()
        .map(|f| match &f.ty.kind {
            TyKind::Named(id) => match &api.type_def(*id).kind {
                TypeKind::Alias(inner) => &inner.kind,
                other => panic!("{other:?}"),
            },
            kind => kind,
        })
        .collect();
    let newtypes = s
        .fields
        .iter()
        .filter(|f| matches!(f.ty.kind, TyKind::Named(_)))
        .count();
    assert_eq!(newtypes, 4);
    use Scalar::*;
    assert_eq!(
        kinds,
        [I32, U32, I64, I64, I32, U64]
            .iter()
            .map(|s| TyKind::Scalar(*s))
            .collect::<Vec<_>>()
            .iter()
            .collect::<Vec<_>>()
    );
}

#[test]
fn a_number_with_an_integer_format_is_an_integer() {
    let api = api("    N:\n      type: object\n      properties:\n        a: {type: number, format: int32}\n        b: {type: number, format: int64}\n        c: {type: number, format: uint32}\n        d: {type: number, format: float}\n        e: {type: number, format: decimal}\n");
    let TypeKind::Struct(s) = &def(&api, "N").kind else {
        panic!("N is a struct")
    };
    let kinds: Vec<&TyKind> = s.fields.iter().map(|f| &f.ty.kind).collect();
    use Scalar::*;
    let want: Vec<TyKind> = [I32, I64, U32, F32, F64]
        .into_iter()
        .map(TyKind::Scalar)
        .collect();
    assert_eq!(kinds, want.iter().collect::<Vec<_>>());
}

#[test]
fn an_array_enum_of_item_values_applies_to_the_items() {
    let lowered = lowered("    S:\n      type: object\n      properties:\n        a: {type: array, enum: [addons, relations], items: {type: string}}\n        b: {type: array, enum: [[x]], items: {type: string}}\n");
    let api = &lowered.api;
    let TypeKind::Struct(s) = &def(api, "S").kind else {
        panic!("S is a struct")
    };
    let TyKind::Array(item) = &s.fields[0].ty.kind else {
        panic!("a is an array")
    };
    assert_eq!(s.fields[0].ty.constraints.enum_values, None);
    assert_eq!(
        item.constraints.enum_values,
        Some(vec![
            serde_json::json!("addons"),
            serde_json::json!("relations")
        ])
    );
    // An enum of arrays is the array's own.
    assert!(s.fields[1].ty.constraints.enum_values.is_some());
    let warned: Vec<String> = lowered
        .warnings
        .iter()
        .map(|w| w.location.pointer.to_string())
        .collect();
    assert_eq!(warned, ["#/components/schemas/S/properties/a/enum"]);
}

#[test]
fn integer_enums_and_const() {
    let api = api("    L: {type: integer, enum: [1, -2, 1]}\n    K: {const: on}\n");
    let TypeKind::IntEnum(l) = &def(&api, "L").kind else {
        panic!("L is an integer enum")
    };
    let variants: Vec<(&str, i64)> = l
        .variants
        .iter()
        .map(|v| (v.name.as_str(), v.value))
        .collect();
    assert_eq!(variants, [("V1", 1), ("Minus2", -2)]);
    let TypeKind::Enum(k) = &def(&api, "K").kind else {
        panic!("K is a string enum")
    };
    assert_eq!(k.variants[0].wire_value, "on");
}

#[test]
fn own_property_overrides_a_disagreeing_branch_with_a_warning() {
    let lowered = lowered("    Base: {type: object, properties: {t: {type: string}}}\n    D:\n      allOf: [{$ref: '#/components/schemas/Base'}]\n      properties:\n        t: {type: integer}\n");
    let TypeKind::Struct(s) = &def(&lowered.api, "D").kind else {
        panic!("D is a struct")
    };
    assert_eq!(s.fields[0].ty.kind, TyKind::Scalar(Scalar::I64));
    assert_eq!(lowered.warnings.len(), 1);
    assert_eq!(
        lowered.warnings[0].location.pointer.as_str(),
        "/components/schemas/D/properties/t"
    );
}

#[test]
fn single_all_of_beside_a_type_is_that_type() {
    let api = api("    Base: {type: object, properties: {t: {type: string}}}\n    D:\n      type: object\n      description: Same as Base.\n      allOf: [{$ref: '#/components/schemas/Base'}]\n");
    let base = api
        .types
        .iter()
        .position(|t| t.name == "Base")
        .expect("Base");
    assert!(
        matches!(&def(&api, "D").kind, TypeKind::Alias(ty) if ty.kind == TyKind::Named(oasforge_ir::TypeId(base)))
    );
}

#[test]
fn one_of_beside_properties_keeps_the_alternatives_properties() {
    let lowered = lowered("    P:\n      type: object\n      properties:\n        id: {type: string}\n      oneOf:\n        - {type: object, properties: {a: {type: string}}}\n        - {type: object, properties: {b: {type: string}}}\n");
    let TypeKind::Struct(s) = &def(&lowered.api, "P").kind else {
        panic!("P is a struct")
    };
    assert_eq!(s.fields.len(), 1);
    assert!(matches!(&s.additional, oasforge_ir::Additional::Map(v) if v.kind == TyKind::Any));
    assert_eq!(lowered.warnings.len(), 1);
}

#[test]
fn tuples_from_prefix_items() {
    let api = api("    T:\n      type: array\n      prefixItems: [{type: string}, {type: integer, format: int32}]\n      items: false\n    Open:\n      type: array\n      prefixItems: [{type: string}]\n");
    let TypeKind::Tuple(items) = &def(&api, "T").kind else {
        panic!("T is a tuple")
    };
    assert_eq!(
        items.iter().map(|t| &t.kind).collect::<Vec<_>>(),
        [
            &TyKind::Scalar(Scalar::String),
            &TyKind::Scalar(Scalar::I32)
        ]
    );
    // Further items allowed: a list.
    assert!(
        matches!(&def(&api, "Open").kind, TypeKind::Alias(ty) if matches!(ty.kind, TyKind::Array(_)))
    );
}

#[test]
fn all_of_with_annotation_branches_is_the_one_real_branch() {
    let api = api("    Currency: {type: string, title: Currency}\n    Order:\n      type: object\n      properties:\n        currency:\n          allOf:\n            - {description: The order's currency}\n            - {$ref: '#/components/schemas/Currency'}\n        total:\n          allOf: [{$ref: '#/components/schemas/Currency'}, {nullable: true, x-note: y}]\n");
    let TypeKind::Struct(order) = &def(&api, "Order").kind else {
        panic!("Order is a struct")
    };
    let currency = def(&api, "Currency");
    for field in &order.fields {
        let TyKind::Named(id) = field.ty.kind else {
            panic!(
                "{} is not the named Currency: {:?}",
                field.name, field.ty.kind
            )
        };
        assert_eq!(api.type_def(id).name, currency.name, "{}", field.name);
    }
    // No struct was made for the annotated uses.
    assert_eq!(
        api.types
            .iter()
            .filter(|t| matches!(t.kind, TypeKind::Struct(_)))
            .count(),
        1
    );
}

#[test]
fn read_only_and_write_only_follow_references() {
    let api = api("    CreatedAt: {type: string, format: date-time, readOnly: true}\n    Secret: {type: string, writeOnly: true}\n    Item:\n      type: object\n      properties:\n        created: {$ref: '#/components/schemas/CreatedAt'}\n        wrapped: {allOf: [{$ref: '#/components/schemas/CreatedAt'}], description: d}\n        secret: {$ref: '#/components/schemas/Secret'}\n        plain: {type: string}\n");
    let TypeKind::Struct(item) = &def(&api, "Item").kind else {
        panic!("Item is a struct")
    };
    let flags: Vec<(&str, bool, bool)> = item
        .fields
        .iter()
        .map(|f| (f.wire_name.as_str(), f.read_only, f.write_only))
        .collect();
    assert_eq!(
        flags,
        [
            ("created", true, false),
            ("wrapped", true, false),
            ("secret", false, true),
            ("plain", false, false)
        ]
    );
}

#[test]
fn required_write_only_and_read_only_are_optional() {
    // A `writeOnly` property is never in a response and a `readOnly` one never in a request,
    // so `required` must not make either direction demand it; a plain required one stays so.
    let api = api("    User:\n      type: object\n      required: [id, password, name]\n      properties:\n        id: {type: string, readOnly: true}\n        password: {type: string, writeOnly: true}\n        name: {type: string}\n");
    let TypeKind::Struct(user) = &def(&api, "User").kind else {
        panic!("User is a struct")
    };
    let presence: Vec<(&str, Presence)> = user
        .fields
        .iter()
        .map(|f| (f.wire_name.as_str(), f.presence()))
        .collect();
    assert_eq!(
        presence,
        [
            ("id", Presence::Optional),
            ("password", Presence::Optional),
            ("name", Presence::Required)
        ]
    );
}

#[test]
fn binary_and_byte_strings_are_scalar_kinds_of_their_own() {
    let api = api("    F:\n      type: object\n      properties:\n        file: {type: string, format: binary}\n        blob: {type: string, format: byte}\n        text: {type: string}\n");
    let TypeKind::Struct(s) = &def(&api, "F").kind else {
        panic!("F is a struct")
    };
    let kind = |wire: &str| {
        let field = s.fields.iter().find(|f| f.wire_name == wire);
        field.map(|f| f.ty.kind.clone())
    };
    assert_eq!(kind("file"), Some(TyKind::Scalar(Scalar::Binary)));
    assert_eq!(kind("blob"), Some(TyKind::Scalar(Scalar::Byte)));
    assert_eq!(kind("text"), Some(TyKind::Scalar(Scalar::String)));
    assert!(Scalar::Binary.is_text() && Scalar::Byte.is_text() && !Scalar::Uuid.is_text());
}

#[test]
fn a_property_default_lives_with_its_constraints() {
    let api = api("    D:\n      type: object\n      properties:\n        size: {type: integer, default: 10}\n        name: {type: string}\n");
    let TypeKind::Struct(s) = &def(&api, "D").kind else {
        panic!("D is a struct")
    };
    let field = |wire: &str| s.fields.iter().find(|f| f.wire_name == wire);
    let size = field("size").expect("a size field");
    assert_eq!(size.default(), Some(&serde_json::json!(10)));
    assert_eq!(size.ty.constraints.default, Some(serde_json::json!(10)));
    assert_eq!(size.presence(), Presence::Defaulted);
    assert_eq!(field("name").and_then(|f| f.default()), None);
}

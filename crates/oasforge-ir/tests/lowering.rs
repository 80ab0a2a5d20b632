//! Lowering behaviour on small documents written for each rule.

use std::path::Path;

use oasforge_ir::{lower, Additional, Api, Scalar, SecurityKind, TyKind, TypeKind};
use oasforge_spec::{load_str, LoadOptions};

fn api(yaml: &str) -> Api {
    let spec = load_str(Path::new("test.yaml"), yaml, &LoadOptions::default()).expect("loads");
    lower(&spec).expect("lowers").api
}

fn names(api: &Api) -> Vec<&str> {
    api.types.iter().map(|t| t.name.as_str()).collect()
}

fn strukt<'a>(api: &'a Api, name: &str) -> &'a oasforge_ir::Struct {
    match &api
        .types
        .iter()
        .find(|t| t.name == name)
        .unwrap_or_else(|| panic!("no {name} in {:?}", names(api)))
        .kind
    {
        TypeKind::Struct(s) => s,
        other => panic!("{name} is {other:?}"),
    }
}

const HEAD: &str = "openapi: 3.1.0\ninfo: {title: T, version: '1'}\n";

#[test]
fn inline_names_come_from_their_location_and_do_not_shift() {
    let doc = format!(
        "{HEAD}paths:\n  /pets:\n    post:\n      summary: Create Pet\n      requestBody:\n        content:\n          application/json:\n            schema:\n              type: object\n              properties:\n                tags:\n                  type: array\n                  items:\n                    type: object\n                    properties:\n                      label: {{type: string}}\n      responses:\n        '201':\n          description: created\n          content:\n            application/json:\n              schema:\n                type: object\n                properties:\n                  id: {{type: string}}\n"
    );
    let before = api(&doc);
    assert_eq!(
        names(&before),
        [
            "CreatePetRequest",
            "CreatePetRequestTag",
            "CreatePetCreated"
        ]
    );
    assert_eq!(before.operations[0].name, "create_pet");

    // An unrelated component added before them renames nothing.
    let with_component = doc.replace(HEAD, &format!("{HEAD}components:\n  schemas:\n    Zebra:\n      type: object\n      properties:\n        stripes: {{type: integer}}\n"));
    let after = api(&with_component);
    assert_eq!(
        names(&after),
        [
            "Zebra",
            "CreatePetRequest",
            "CreatePetRequestTag",
            "CreatePetCreated"
        ]
    );
}

#[test]
fn all_of_merges_properties_required_and_additional_properties() {
    let doc = format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    Base:\n      type: object\n      properties:\n        id: {{type: string}}\n      required: [id]\n      additionalProperties: false\n    Item:\n      allOf:\n        - $ref: '#/components/schemas/Base'\n        - type: object\n          properties:\n            note: {{type: string}}\n          additionalProperties: false\n    Alias:\n      description: Just a Base.\n      allOf:\n        - $ref: '#/components/schemas/Base'\n"
    );
    let api = api(&doc);
    let item = strukt(&api, "Item");
    let fields: Vec<(&str, bool)> = item
        .fields
        .iter()
        .map(|f| (f.wire_name.as_str(), f.required))
        .collect();
    assert_eq!(fields, [("id", true), ("note", false)]);
    assert_eq!(item.additional, Additional::Forbidden);
    // An allOf of one $ref with only docs beside it is that type.
    let alias = api.types.iter().find(|t| t.name == "Alias").expect("Alias");
    let base = api
        .types
        .iter()
        .position(|t| t.name == "Base")
        .expect("Base");
    assert!(
        matches!(&alias.kind, TypeKind::Alias(ty) if ty.kind == TyKind::Named(oasforge_ir::TypeId(base)))
    );
}

#[test]
fn all_of_branches_that_disagree_merge_to_the_narrowest_type_that_accepts_both() {
    // GitHub's `after_id`: integer in one branch, number in another; sinao's `discount`:
    // object and integer; integer and nullable integer.
    let doc = format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    Card:\n      allOf:\n        - type: object\n          properties:\n            after_id: {{type: integer}}\n            discount: {{type: object, properties: {{a: {{type: string}}}}}}\n            count: {{type: integer}}\n            name: {{type: string}}\n        - type: object\n          properties:\n            after_id: {{type: number}}\n            discount: {{type: integer}}\n            count: {{type: [integer, 'null']}}\n            name: {{type: string, maxLength: 3}}\n"
    );
    let spec = load_str(Path::new("t.yaml"), &doc, &LoadOptions::default()).expect("loads");
    let lowered = lower(&spec).expect("lowers");
    let card = strukt(&lowered.api, "Card");
    let field = |name: &str| {
        card.fields
            .iter()
            .find(|f| f.wire_name == name)
            .unwrap_or_else(|| panic!("{name}"))
    };
    assert_eq!(field("after_id").ty.kind, TyKind::Scalar(Scalar::F64));
    assert!(!field("after_id").ty.nullable);
    assert_eq!(field("discount").ty.kind, TyKind::Any);
    assert_eq!(field("count").ty.kind, TyKind::Scalar(Scalar::I64));
    assert!(field("count").ty.nullable);
    // Branches that agree on the type are not a conflict: the fuller definition is used
    // (its `maxLength` makes it a newtype).
    assert!(matches!(field("name").ty.kind, TyKind::Named(_)));
    let mut warned: Vec<&str> = lowered
        .warnings
        .iter()
        .filter(|w| w.message.contains("disagree"))
        .map(|w| w.location.pointer.as_str())
        .collect();
    warned.sort_unstable();
    assert_eq!(
        warned,
        [
            "/components/schemas/Card/allOf/1/properties/after_id",
            "/components/schemas/Card/allOf/1/properties/discount",
        ]
    );
}

#[test]
fn a_diamond_of_all_of_branches_is_read_in_linear_time() {
    // L{i}: allOf[L{i+1}, M{i+1}, {p{i}}], M{i+1}: allOf[L{i+1}, {q{i}}]: reading each
    // branch anew visits 2^depth schemas; depth 30 would take hours.
    let depth = 30;
    let mut doc = format!("{HEAD}paths: {{}}\ncomponents:\n  schemas:\n");
    for i in 0..depth {
        doc.push_str(&format!(
            "    L{i}:\n      allOf:\n        - $ref: '#/components/schemas/L{n}'\n        - $ref: '#/components/schemas/M{n}'\n        - type: object\n          properties:\n            p{i}: {{type: integer}}\n    M{n}:\n      allOf:\n        - $ref: '#/components/schemas/L{n}'\n        - type: object\n          properties:\n            q{i}: {{type: string}}\n",
            n = i + 1
        ));
    }
    doc.push_str(&format!(
        "    L{depth}:\n      type: object\n      properties:\n        last: {{type: boolean}}\n"
    ));
    let spec = load_str(Path::new("t.yaml"), &doc, &LoadOptions::default()).expect("loads");
    let start = std::time::Instant::now();
    let api = lower(&spec).expect("lowers").api;
    let elapsed = start.elapsed();
    // Every property of the whole chain below L0 is one of its fields, once.
    let l0 = strukt(&api, "L0");
    assert_eq!(l0.fields.len(), 2 * depth + 1);
    assert_eq!(l0.fields[0].wire_name, "last");
    // A generous bound (debug build, shared machine): the exponential reading takes hours.
    assert!(elapsed.as_secs() < 20, "{elapsed:?}");
}

#[test]
fn recursion_is_boxed_only_where_needed() {
    let doc = format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    Node:\n      type: object\n      properties:\n        next: {{$ref: '#/components/schemas/Node'}}\n        children:\n          type: array\n          items: {{$ref: '#/components/schemas/Node'}}\n        other: {{$ref: '#/components/schemas/Leaf'}}\n    Leaf:\n      type: object\n      properties:\n        v: {{type: integer, format: int32}}\n"
    );
    let api = api(&doc);
    let node = strukt(&api, "Node");
    let boxed: Vec<(&str, bool)> = node
        .fields
        .iter()
        .map(|f| (f.wire_name.as_str(), f.boxed))
        .collect();
    assert_eq!(
        boxed,
        [("next", true), ("children", false), ("other", false)]
    );
    assert_eq!(
        strukt(&api, "Leaf").fields[0].ty.kind,
        TyKind::Scalar(Scalar::I32)
    );
}

#[test]
fn identical_inline_schemas_share_one_type() {
    let body = "content:\n            application/json:\n              schema:\n                type: object\n                properties:\n                  message: {type: string}\n";
    let doc = format!(
        "{HEAD}paths:\n  /a:\n    get:\n      operationId: getA\n      responses:\n        '404':\n          description: nf\n          {body}  /b:\n    get:\n      operationId: getB\n      responses:\n        '404':\n          description: nf\n          {body}"
    );
    let api = api(&doc);
    // Named from what the uses share, not from the first one (`GetANotFound`).
    assert_eq!(names(&api), ["NotFound"]);
}

#[test]
fn operation_names_fall_back_and_stay_unique() {
    let doc = format!(
        "{HEAD}paths:\n  /users/{{id}}:\n    get:\n      responses: {{'200': {{description: ok}}}}\n    delete:\n      operationId: deleteUser\n      responses: {{'204': {{description: gone}}}}\n  /users:\n    get:\n      summary: Delete User\n      responses: {{'200': {{description: ok}}}}\n"
    );
    let api = api(&doc);
    let names: Vec<(&str, &str)> = api
        .operations
        .iter()
        .map(|o| (o.name.as_str(), o.type_name.as_str()))
        .collect();
    assert_eq!(
        names,
        [
            ("get_users_id", "GetUsersId"),
            ("delete_user", "DeleteUser"),
            ("get_users", "GetUsers")
        ]
    );
    // A summary that collides with another name gives way to method and path; an operationId never does.
}

#[test]
fn parameters_security_and_responses() {
    let doc = format!(
        "{HEAD}security: [{{key: []}}]\npaths:\n  /items/{{itemId}}:\n    parameters:\n      - {{name: itemId, in: path, schema: {{type: string}}}}\n    get:\n      parameters:\n        - {{name: limit, in: query, schema: {{type: integer, minimum: 1, exclusiveMaximum: 500}}}}\n        - {{name: X-Trace, in: header, required: true, schema: {{type: string}}}}\n      responses:\n        '200': {{description: ok}}\n        4XX: {{description: client}}\n        default: {{description: other}}\ncomponents:\n  securitySchemes:\n    key: {{type: apiKey, in: header, name: X-Key}}\n"
    );
    let api = api(&doc);
    let op = &api.operations[0];
    let params: Vec<(&str, bool)> = op
        .params
        .iter()
        .map(|p| (p.name.as_str(), p.required))
        .collect();
    assert_eq!(
        params,
        [("item_id", true), ("limit", false), ("x_trace", true)]
    );
    let limit = &op.params[1].ty.constraints;
    assert_eq!(
        limit.minimum.map(|b| (b.value, b.exclusive)),
        Some((1.0, false))
    );
    assert_eq!(
        limit.maximum.map(|b| (b.value, b.exclusive)),
        Some((500.0, true))
    );
    let statuses: Vec<_> = op.responses.iter().map(|r| r.status).collect();
    use oasforge_ir::Status::*;
    assert_eq!(statuses, [Code(200), Range(4), Default]);
    assert_eq!(op.security, vec![vec!["key".to_owned()]]);
    assert!(
        matches!(&api.security_schemes[0].kind, SecurityKind::ApiKey { name, .. } if name == "X-Key")
    );
}

#[test]
fn openapi_3_0_nullable_and_boolean_exclusive_bounds() {
    let doc = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A:\n      type: object\n      properties:\n        n: {type: number, nullable: true, minimum: 0, exclusiveMinimum: true}\n";
    let api = api(doc);
    let field = &strukt(&api, "A").fields[0];
    // The use is nullable; the constrained number is the newtype `AN` (see below).
    assert!(field.ty.nullable);
    let TyKind::Named(id) = field.ty.kind else {
        panic!(
            "a constrained inline number becomes a newtype: {:?}",
            field.ty
        );
    };
    let def = api.type_def(id);
    assert_eq!(def.name, "AN");
    let TypeKind::Alias(inner) = &def.kind else {
        panic!("{def:?}");
    };
    assert!(!inner.nullable);
    assert_eq!(
        inner.constraints.minimum.map(|b| (b.value, b.exclusive)),
        Some((0.0, true))
    );
}

#[test]
fn inline_constrained_scalars_become_newtypes_named_from_their_place() {
    let doc = format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    Assignment:\n      type: object\n      minProperties: 2\n      properties:\n        id: {{type: string, pattern: '^as-', maxLength: 64}}\n        other: {{type: string, pattern: '^as-', maxLength: 64}}\n        plain: {{type: string}}\n        page: {{type: integer, minimum: 1, default: 5}}\n        ref: {{$ref: '#/components/schemas/Assignment/properties/id'}}\n        stamp: {{type: string, format: date-time}}\n        host: {{type: string, format: hostname}}\n        count: {{type: integer, format: uint32, minimum: 0}}\n      allOf:\n        - maxProperties: 9\n"
    );
    let api = api(&doc);
    let s = strukt(&api, "Assignment");
    let field = |name: &str| {
        &s.fields
            .iter()
            .find(|f| f.wire_name == name)
            .expect(name)
            .ty
    };
    let named = |name: &str| match field(name).kind {
        TyKind::Named(id) => Some(api.type_def(id).name.as_str()),
        _ => None,
    };
    // Identical inline schemas share one type, named from what their places share.
    assert_eq!(named("id"), Some("AssignmentId"));
    assert_eq!(named("other"), Some("AssignmentId"));
    assert_eq!(named("host"), Some("AssignmentHost"));
    // A `$ref` to a property that became a newtype uses it.
    assert_eq!(named("ref"), Some("AssignmentId"));
    // No constraint, a default, a typed scalar: plain types.
    assert_eq!(named("plain"), None);
    assert_eq!(named("page"), None);
    assert_eq!(named("stamp"), None);
    assert_eq!(named("count"), None);
    assert_eq!(
        field("page").constraints.minimum.map(|b| b.value),
        Some(1.0)
    );
    // Property counts belong to the struct, from the schema and its `allOf` branches.
    assert_eq!((s.min_properties, s.max_properties), (Some(2), Some(9)));
}

#[test]
fn unsupported_keywords_are_reported_not_dropped() {
    let doc = format!("{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A:\n      type: string\n      not: {{enum: [x]}}\n");
    let spec = load_str(Path::new("t.yaml"), &doc, &LoadOptions::default()).expect("loads");
    let lowered = lower(&spec).expect("lowers");
    assert_eq!(lowered.warnings.len(), 1);
    assert_eq!(
        lowered.warnings[0].location.pointer.as_str(),
        "/components/schemas/A/not"
    );
}

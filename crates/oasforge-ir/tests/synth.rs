//! The value synthesizer over real documents: every value it makes, for every type and many
//! seeds, fits the type by the IR's own constraints; seeds vary the values.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use oasforge_ir::synth::{conforms, Direction, Synth};
use oasforge_ir::{lower, Api, Ty, TyKind, TypeId, TypeKind};
use oasforge_spec::{load, LoadOptions};

fn documents() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut docs = Vec::new();
    for dir in ["specs", "crates/oasforge/tests/fixtures"] {
        let mut found: Vec<PathBuf> = std::fs::read_dir(root.join(dir))
            .expect("folder")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "json"))
            .collect();
        found.sort();
        docs.extend(found);
    }
    docs
}

fn api(path: &Path) -> Api {
    let spec = load(path, &LoadOptions::default()).expect("loads");
    lower(&spec).expect("lowers").api
}

#[test]
fn every_type_of_every_document_gets_values_that_fit() {
    let mut checked = 0;
    for path in documents() {
        let api = api(&path);
        for (i, def) in api.types.iter().enumerate() {
            let ty = Ty::plain(TyKind::Named(TypeId(i)));
            for direction in [Direction::Request, Direction::Response] {
                for seed in 0..40 {
                    let value = Synth::new(&api, direction, seed).value(&ty);
                    if let Err(m) = conforms(&api, &ty, &value, direction) {
                        panic!(
                            "{}: {} seed {seed}: {value} misfits at {} ({})",
                            path.display(),
                            def.name,
                            m.pointer,
                            m.rule
                        );
                    }
                    checked += 1;
                }
            }
        }
        for op in &api.operations {
            for param in &op.params {
                for seed in 0..20 {
                    let value = Synth::new(&api, Direction::Request, seed).present(&param.ty);
                    assert!(!value.is_null());
                    let mut ty = param.ty.clone();
                    ty.nullable = false;
                    conforms(&api, &ty, &value, Direction::Request).unwrap_or_else(|m| {
                        panic!(
                            "{}: {} {}: {value}: {m:?}",
                            path.display(),
                            op.name,
                            param.name
                        )
                    });
                }
            }
        }
    }
    assert!(checked > 1000, "only {checked} values checked");
}

#[test]
fn seeds_choose_union_branches_and_optional_fields() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../oasforge/tests/fixtures/unions.yaml");
    let api = api(&path);
    let (id, def) = api
        .types
        .iter()
        .enumerate()
        .find(|(_, t)| t.name == "Pet")
        .expect("Pet");
    let TypeKind::Union(union) = &def.kind else {
        panic!("Pet is a union")
    };
    let tag = union.tag.as_ref().expect("tagged").property.clone();
    let ty = Ty::plain(TyKind::Named(TypeId(id)));
    let tags: HashSet<String> = (0..40)
        .map(|seed| {
            let v = Synth::new(&api, Direction::Response, seed).value(&ty);
            v[&tag].as_str().expect("tag set").to_owned()
        })
        .collect();
    // Both variants appear, each with the value its mapping writes first.
    assert_eq!(tags, HashSet::from(["dog".to_owned(), "cat".to_owned()]));
    // The tag agrees with the variant's own fields.
    for seed in 0..40 {
        let v = Synth::new(&api, Direction::Response, seed).value(&ty);
        match v[&tag].as_str() {
            Some("dog") => assert!(v.get("bark").is_some(), "{v}"),
            Some("cat") => assert!(v.get("lives").is_some(), "{v}"),
            other => panic!("{other:?}"),
        }
    }
}

#[test]
fn read_only_is_never_sent_and_write_only_never_answered() {
    let doc = "openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    User:\n      type: object\n      required: [id, password, name]\n      properties:\n        id: {type: string, readOnly: true}\n        password: {type: string, writeOnly: true, minLength: 8}\n        name: {type: string, pattern: '^[a-z]+$'}\n";
    let spec =
        oasforge_spec::load_str(Path::new("t.yaml"), doc, &LoadOptions::default()).expect("loads");
    let api = lower(&spec).expect("lowers").api;
    let ty = Ty::plain(TyKind::Named(TypeId(0)));
    for seed in 0..30 {
        let req = Synth::new(&api, Direction::Request, seed).value(&ty);
        assert!(req.get("id").is_none(), "{req}");
        assert!(req["password"].as_str().expect("password").chars().count() >= 8);
        let resp = Synth::new(&api, Direction::Response, seed).value(&ty);
        assert!(resp.get("password").is_none(), "{resp}");
        // A request value is not a valid response and the other way round only when the
        // direction-bound property is there.
        assert!(conforms(&api, &ty, &req, Direction::Response).is_err());
    }
}

fn api_of(yaml: &str) -> Api {
    let spec = oasforge_spec::load_str(Path::new("test.yaml"), yaml, &LoadOptions::default())
        .expect("loads");
    lower(&spec).expect("lowers").api
}

fn named(api: &Api, name: &str) -> Ty {
    let i = api
        .types
        .iter()
        .position(|t| t.name == name)
        .unwrap_or_else(|| panic!("no type {name}"));
    Ty::plain(TyKind::Named(TypeId(i)))
}

const AMBIGUOUS: &str = r##"
openapi: 3.0.3
info: { title: Ambiguous, version: "1" }
paths: {}
components:
  schemas:
    Amount:
      oneOf:
        - { type: integer }
        - { type: number }
    Config:
      oneOf:
        - { $ref: "#/components/schemas/Bearer" }
        - { $ref: "#/components/schemas/Basic" }
    Bearer:
      type: object
      required: [bearer]
      properties: { bearer: { type: string } }
    Basic:
      type: object
      properties: { basic: { type: string } }
    Settings:
      type: object
      properties:
        limit: { type: integer, enum: ["6", "12"] }
        name: { type: string }
"##;

#[test]
fn a_one_of_value_is_accepted_by_exactly_one_branch() {
    let api = api_of(AMBIGUOUS);
    let amount = named(&api, "Amount");
    let config = named(&api, "Config");
    // JSON Schema's `oneOf`: a value both branches accept is invalid.
    let both = conforms(&api, &amount, &serde_json::json!(3), Direction::Response);
    assert_eq!(
        both.map_err(|m| m.rule),
        Err("more than one oneOf branch".to_owned())
    );
    assert!(conforms(&api, &amount, &serde_json::json!(3.5), Direction::Response).is_ok());
    let bearer = serde_json::json!({ "bearer": "t" });
    assert!(conforms(&api, &config, &bearer, Direction::Response).is_err());
    // The synthesizer makes values only one branch accepts.
    for seed in 0..40 {
        for ty in [&amount, &config] {
            let value = Synth::new(&api, Direction::Response, seed).value(ty);
            assert!(
                conforms(&api, ty, &value, Direction::Response).is_ok(),
                "seed {seed}: {value}"
            );
        }
    }
}

#[test]
fn an_optional_property_nothing_satisfies_is_left_out() {
    let api = api_of(AMBIGUOUS);
    let settings = named(&api, "Settings");
    let mut named_seen = false;
    for seed in 0..40 {
        let value = Synth::new(&api, Direction::Response, seed).value(&settings);
        assert!(value.get("limit").is_none(), "seed {seed}: {value}");
        named_seen |= value.get("name").is_some();
    }
    // Other optional properties still appear.
    assert!(named_seen);
}

//! Operation selection (`Options::select`, `gen generate --tags/--operations/--paths`):
//! only the selected operations, the types they reach and the schemes they use are
//! generated, names do not change, the rest is reported, and the smaller crate still
//! passes clippy with warnings denied.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use oasforge::stages::ir::{Api, Ty, TyKind, TypeKind};
use oasforge::{EmitOptions, Generated, Layout, LoadOptions, Parts, Selection};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/selection.yaml")
}

fn generate(select: &Selection, layout: Layout) -> Generated {
    let emit = EmitOptions {
        layout,
        source_name: "selection.yaml".to_owned(),
        parts: Parts::all(),
        ..EmitOptions::default()
    };
    oasforge::generate_selected(
        &fixture(),
        &LoadOptions::default(),
        select,
        &emit,
        &mut |_| {},
    )
    .expect("generates")
}

fn type_names(api: &Api) -> BTreeSet<&str> {
    api.types.iter().map(|t| t.name.as_str()).collect()
}

fn operation_ids(api: &Api) -> Vec<&str> {
    api.operations
        .iter()
        .filter_map(|o| o.operation_id.as_deref())
        .collect()
}

/// The name of the named type a use refers to.
fn named<'a>(api: &'a Api, ty: &Ty) -> &'a str {
    match ty.kind {
        TyKind::Named(id) => &api.type_def(id).name,
        _ => panic!("not a named type: {ty:?}"),
    }
}

fn all_text(generated: &Generated) -> String {
    generated
        .files
        .iter()
        .map(|f| f.contents.as_str())
        .collect()
}

#[test]
fn an_empty_selection_keeps_everything() {
    let generated = generate(&Selection::default(), Layout::Module);
    assert_eq!(
        operation_ids(&generated.api),
        ["listPets", "createPet", "listPhotos", "getUser", "auditLog"]
    );
    assert!(type_names(&generated.api).contains("Unused"));
    assert_eq!(generated.left_out, oasforge::LeftOut::default());
}

#[test]
fn a_tag_keeps_its_operations_and_the_types_they_reach() {
    let full = generate(&Selection::default(), Layout::Module);
    let select = Selection {
        tags: vec!["pets".to_owned()],
        ..Selection::default()
    };
    let generated = generate(&select, Layout::Module);
    let api = &generated.api;
    assert_eq!(operation_ids(api), ["listPets", "createPet", "listPhotos"]);
    let names = type_names(api);
    // Reached through bodies, items, fields, maps, unions, self-references and headers.
    for reached in [
        "Pet",
        "NewPet",
        "User",
        "Address",
        "Label",
        "Photo",
        "Square",
        "Circle",
        "RateLimit",
    ] {
        assert!(names.contains(reached), "{reached} missing from {names:?}");
    }
    for dropped in ["AuditKind", "AuditEntry", "Unused"] {
        assert!(!names.contains(dropped), "{dropped} kept");
        assert!(generated.left_out.types.iter().any(|t| t == dropped));
        assert!(
            !all_text(&generated).contains(dropped),
            "{dropped} still appears in the generated files"
        );
    }
    // Every kept type keeps the name it has without a selection.
    let full_names = type_names(&full.api);
    assert!(names.is_subset(&full_names));
    assert_eq!(
        names.len() + generated.left_out.types.len(),
        full_names.len()
    );
    // References were renumbered: they still name the same types.
    let pet = api.types.iter().find(|t| t.name == "Pet").expect("Pet");
    let TypeKind::Struct(pet) = &pet.kind else {
        panic!("Pet is a struct")
    };
    let owner = pet
        .fields
        .iter()
        .find(|f| f.wire_name == "owner")
        .expect("owner");
    assert_eq!(named(api, &owner.ty), "User");
    let create = &api.operations[1];
    assert_eq!(
        named(api, &create.body.as_ref().expect("body").ty),
        "NewPet"
    );
    // The admin scheme only the audit operation uses is left out too.
    assert!(api.security_schemes.is_empty());
    assert_eq!(generated.left_out.security_schemes, ["adminKey"]);
    assert_eq!(
        generated.left_out.operations,
        ["GET /users/{userId}", "GET /admin/audit"]
    );
    assert!(generated.left_out.unmatched.is_empty());
}

#[test]
fn operation_ids_and_path_globs_add_up() {
    let select = Selection {
        operations: vec!["getUser".to_owned()],
        paths: vec!["/admin/**".to_owned(), "/pets/*/photos".to_owned()],
        ..Selection::default()
    };
    let generated = generate(&select, Layout::Module);
    assert_eq!(
        operation_ids(&generated.api),
        ["listPhotos", "getUser", "auditLog"]
    );
    let names = type_names(&generated.api);
    assert!(names.contains("AuditEntry") && names.contains("Photo"));
    assert!(!names.contains("Pet") && !names.contains("NewPet"));
    assert_eq!(generated.api.security_schemes.len(), 1);
}

#[test]
fn selections_that_match_nothing_are_reported() {
    let select = Selection {
        tags: vec!["pets".to_owned(), "nope".to_owned()],
        operations: vec!["missing".to_owned()],
        paths: vec!["/nowhere/**".to_owned()],
    };
    let generated = generate(&select, Layout::Module);
    assert_eq!(
        generated.left_out.unmatched,
        ["tag `nope`", "operation `missing`", "path `/nowhere/**`"]
    );
    assert_eq!(generated.api.operations.len(), 3);
}

/// A crate of one tag passes clippy with warnings denied, whole and with each feature alone.
#[test]
fn a_selected_crate_passes_clippy_with_warnings_denied() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let target = root.join("target").join("generated-crates");
    let work = tempfile::tempdir().expect("temp dir");
    for tag in ["pets", "admin"] {
        let select = Selection {
            tags: vec![tag.to_owned()],
            ..Selection::default()
        };
        let name = format!("selection_{tag}");
        let generated = generate(&select, Layout::Crate { name: name.clone() });
        let dir = work.path().join(&name);
        oasforge::write_files(&dir, &generated.files).expect("writes");
        for features in [None, Some("client"), Some("server")] {
            let mut cargo = Command::new(env!("CARGO"));
            cargo.args(["clippy", "--quiet", "--all-targets"]);
            if let Some(features) = features {
                cargo.args(["--no-default-features", "--features", features]);
            }
            let out = cargo
                .args(["--", "-D", "warnings"])
                .current_dir(&dir)
                .env("CARGO_TARGET_DIR", &target)
                .output()
                .expect("cargo runs");
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert!(
                out.status.success() && !stderr.contains("warning"),
                "{name} with {features:?}: does not pass clippy:\n{stderr}"
            );
        }
    }
}

/// Webhooks are kept with their payload types (renumbered with the rest); a callback goes
/// with the operation that registers it.
#[test]
fn webhooks_stay_and_callbacks_follow_their_operation() {
    let dir = tempfile::tempdir().expect("temp dir");
    let spec = dir.path().join("hooks.yaml");
    std::fs::write(
        &spec,
        r#"openapi: 3.1.0
info: {title: Hooks, version: "1"}
paths:
  /subscribe:
    post:
      operationId: subscribe
      tags: [events]
      responses: {'204': {description: ok}}
      callbacks:
        moved:
          '{$request.body#/url}':
            post:
              requestBody:
                required: true
                content:
                  application/json:
                    schema: {$ref: '#/components/schemas/Moved'}
              responses: {'200': {description: ok}}
  /other:
    get:
      operationId: other
      tags: [misc]
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Other'}
webhooks:
  created:
    post:
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Created'}
      responses: {'200': {description: ok}}
components:
  schemas:
    Other: {type: object, properties: {a: {type: string}}}
    Created: {type: object, required: [id], properties: {id: {type: string}}}
    Moved: {type: object, properties: {to: {type: string}}}
"#,
    )
    .expect("spec written");
    let emit = EmitOptions {
        layout: Layout::Module,
        source_name: "hooks.yaml".to_owned(),
        parts: Parts::all(),
        ..EmitOptions::default()
    };
    let select = |tags: &[&str]| {
        let selection = Selection {
            tags: tags.iter().map(|t| (*t).to_owned()).collect(),
            ..Selection::default()
        };
        oasforge::generate_selected(
            &spec,
            &LoadOptions::default(),
            &selection,
            &emit,
            &mut |_| {},
        )
        .expect("generates")
    };

    let misc = select(&["misc"]);
    let hooks: Vec<&str> = misc.api.webhooks.iter().map(|w| w.name.as_str()).collect();
    assert_eq!(hooks.len(), 1, "only the webhook stays: {hooks:?}");
    let payload = misc.api.webhooks[0].payload.as_ref().expect("payload");
    assert_eq!(named(&misc.api, &payload.ty), "Created");
    assert!(!type_names(&misc.api).contains("Moved"));

    let events = select(&["events"]);
    assert_eq!(events.api.webhooks.len(), 2);
    let names: Vec<&str> = events
        .api
        .webhooks
        .iter()
        .filter_map(|w| w.payload.as_ref())
        .map(|b| named(&events.api, &b.ty))
        .collect();
    assert!(
        names.contains(&"Created") && names.contains(&"Moved"),
        "{names:?}"
    );
    assert!(!type_names(&events.api).contains("Other"));
}

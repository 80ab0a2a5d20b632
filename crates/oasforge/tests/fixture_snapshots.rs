//! Snapshots of the generated models for each construct fixture in `tests/fixtures/`
//! (stored as `snapshots/fixture-<name>__models.rs.snap`). The fixtures' serde round trips
//! are in `examples/fixture-models`.

use std::path::Path;

use oasforge::{EmitOptions, Layout, LoadOptions};

fn snapshot(file: &str, open_enums: bool) {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(file);
    // Field by field on purpose: options added later keep their defaults.
    #[allow(clippy::field_reassign_with_default)]
    let options = {
        let mut options = EmitOptions::default();
        options.layout = Layout::Module;
        options.source_name = file.to_owned();
        options.open_enums = open_enums;
        options
    };
    let generated = oasforge::generate(&spec, &LoadOptions::default(), &options)
        .unwrap_or_else(|e| panic!("{file}: {e}"));
    assert!(
        generated.warnings.is_empty(),
        "{file}: {:?}",
        generated.warnings
    );
    let models = generated
        .files
        .iter()
        .find(|f| f.path == Path::new("models.rs"))
        .expect("models.rs");
    let stem = file.trim_end_matches(".yaml");
    let name = if open_enums {
        format!("fixture-{stem}-open__models.rs")
    } else {
        format!("fixture-{stem}__models.rs")
    };
    insta::with_settings!({
        snapshot_path => "../../../snapshots",
        prepend_module_to_snapshot => false,
        omit_expression => true,
        description => format!("fixture crates/oasforge/tests/fixtures/{file} (open_enums: {open_enums})"),
    }, {
        insta::assert_snapshot!(name, &models.contents);
    });
}

#[test]
fn unions() {
    snapshot("unions.yaml", false);
}

#[test]
fn nullable_3_0() {
    snapshot("nullable-3-0.yaml", false);
}

#[test]
fn nullable_3_1() {
    snapshot("nullable-3-1.yaml", false);
}

#[test]
fn enums() {
    snapshot("enums.yaml", false);
}

#[test]
fn open_enums() {
    snapshot("enums.yaml", true);
}

#[test]
fn formats() {
    snapshot("formats.yaml", false);
}

#[test]
fn objects() {
    snapshot("objects.yaml", false);
}

#[test]
fn validation() {
    snapshot("validation.yaml", false);
}

#[test]
fn read_only() {
    snapshot("read-only.yaml", false);
}

#[test]
fn form_encoding() {
    snapshot("form-encoding.yaml", false);
}

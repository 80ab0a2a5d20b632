//! Warnings name their file, line, column and JSON pointer, however many there are.

use std::fmt::Write;
use std::path::Path;

use oasforge::stages::spec::{load_str, LoadOptions};
use oasforge::{generate_from, EmitOptions, Layout};

fn generate(text: &str) -> oasforge::Generated {
    let spec = load_str(
        Path::new("/virtual/api.yaml"),
        text,
        &LoadOptions::default(),
    )
    .expect("loads");
    generate_from(
        &spec,
        &EmitOptions {
            layout: Layout::Module,
            source_name: "api.yaml".into(),
            parts: oasforge::Parts::default(),
            ..EmitOptions::default()
        },
    )
    .expect("generates")
}

#[test]
fn thousands_of_warnings_each_have_their_own_line() {
    // 1500 schemas, each with `not` on its own line (a lowering warning) and `xml`.
    let mut text = String::from(
        "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n",
    );
    let mut expected = Vec::new();
    for i in 0..1500 {
        let line = text.lines().count() + 1;
        // Writing to a String cannot fail.
        let _ = write!(
            text,
            "    S{i}:\n      type: object\n      properties:\n        a: {{type: string}}\n      not:\n        required: [a]\n      xml:\n        name: s{i}\n"
        );
        expected.push((format!("#/components/schemas/S{i}/not"), line + 5));
        expected.push((format!("#/components/schemas/S{i}/xml"), line + 7));
    }
    let generated = generate(&text);
    assert_eq!(generated.warnings.len(), expected.len());
    for (pointer, line) in expected {
        let w = generated
            .warnings
            .iter()
            .find(|w| w.location.pointer.to_string() == pointer)
            .unwrap_or_else(|| panic!("a warning at {pointer}"));
        assert_eq!(w.location.line, Some(line), "{w}");
        assert!(w.location.column.is_some(), "{w}");
        assert!(w.to_string().starts_with("/virtual/api.yaml:"), "{w}");
    }
}

#[test]
fn keywords_beside_a_ref_that_are_not_applied_are_reported_in_3_1() {
    let doc = "openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Name: {type: string}\n    Pet:\n      type: object\n      properties:\n        name:\n          $ref: '#/components/schemas/Name'\n          description: Documented, so fine.\n          maxLength: 10\n";
    let generated = generate(doc);
    assert_eq!(generated.warnings.len(), 1, "{:?}", generated.warnings);
    let w = &generated.warnings[0];
    assert_eq!(
        w.location.pointer.as_str(),
        "/components/schemas/Pet/properties/name"
    );
    assert_eq!(w.location.line, Some(11));
    assert!(w.message.contains("`maxLength`"), "{w}");
    // In 3.0 keywords beside a `$ref` are ignored by definition: no warning.
    let generated = generate(&doc.replace("3.1.0", "3.0.3"));
    assert!(generated.warnings.is_empty(), "{:?}", generated.warnings);
}

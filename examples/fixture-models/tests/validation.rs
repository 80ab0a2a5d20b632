//! Checks beyond the field types (`crates/oasforge/tests/fixtures/validation.yaml`): the
//! active variant of a union, every position of a tuple, `minProperties`/`maxProperties` of a
//! struct reached through `$ref`, integer enums closed by their type, and the `hostname`,
//! `uri`, `uri-reference` and `email` formats.

use fixture_models::validation::models::{BoxType, Contact, Labels, Point};
use fixture_models::validation::validate::{Validate, ValidationErrors};
use serde_json::{json, Value};

/// `(pointer, rule)` of every violation.
fn rules(errors: &ValidationErrors) -> Vec<(&str, &'static str)> {
    errors
        .violations()
        .iter()
        .map(|v| (v.pointer.as_str(), v.rule))
        .collect()
}

fn boxed(labels: Value, code: Value, point: Value) -> BoxType {
    serde_json::from_value(json!({ "labels": labels, "code": code, "point": point }))
        .expect("the shape is right")
}

#[test]
fn a_valid_box_has_no_violation() {
    let b = boxed(json!({"a": "x"}), json!("abc"), json!(["ab", 5]));
    assert_eq!(b.validate(), Ok(()));
    let b = boxed(json!({"a": "x", "b": "y"}), json!(10), json!(["ab", -3]));
    assert_eq!(b.validate(), Ok(()));
}

#[test]
fn property_counts_of_a_referenced_struct_are_checked() {
    let empty = boxed(json!({}), json!("abc"), json!(["ab", 5]));
    let errors = empty.validate().expect_err("no label");
    assert_eq!(rules(&errors), [("/labels", "minProperties")]);
    let three = boxed(
        json!({"a": "1", "b": "2", "c": "3"}),
        json!("a"),
        json!(["ab", 5]),
    );
    let errors = three.validate().expect_err("three labels");
    assert_eq!(rules(&errors), [("/labels", "maxProperties")]);
    assert_eq!(
        errors.to_string(),
        "/labels: 3 properties violates maxProperties 2"
    );
    // The referenced type checks itself too.
    let labels: Labels = serde_json::from_value(json!({})).expect("shape");
    assert_eq!(
        rules(&labels.validate().expect_err("empty")),
        [("", "minProperties")]
    );
}

#[test]
fn the_active_variant_of_a_union_is_checked() {
    // `code` is a string of at most 3 characters or an integer of at least 10.
    let errors = boxed(json!({"a": "x"}), json!("abcd"), json!(["ab", 5]))
        .validate()
        .expect_err("4 characters");
    assert_eq!(rules(&errors), [("/code", "maxLength")]);
    let errors = boxed(json!({"a": "x"}), json!(9), json!(["ab", 5]))
        .validate()
        .expect_err("below 10");
    assert_eq!(rules(&errors), [("/code", "minimum")]);
}

#[test]
fn every_position_of_a_tuple_is_checked() {
    let errors = boxed(json!({"a": "x"}), json!("a"), json!(["a", 6]))
        .validate()
        .expect_err("both positions");
    assert_eq!(
        rules(&errors),
        [("/point/0", "minLength"), ("/point/1", "maximum")]
    );
    let point: Point = serde_json::from_value(json!(["é", 5])).expect("shape");
    assert_eq!(
        rules(&point.validate().expect_err("one code point")),
        [("/0", "minLength")]
    );
    // Every violation at once, across the whole value.
    let errors = boxed(json!({}), json!(1), json!(["", 7]))
        .validate()
        .expect_err("four violations");
    assert_eq!(errors.violations().len(), 4);
}

#[test]
fn integer_enums_are_closed_by_their_type() {
    let read = |level: Value| {
        serde_json::from_value::<BoxType>(json!({
            "labels": {"a": "x"}, "code": "a", "point": ["ab", 1], "level": level
        }))
    };
    assert!(read(json!(2)).is_ok());
    assert!(read(json!(4)).is_err());
}

#[test]
fn a_union_variant_struct_with_newtype_fields_rejects_bad_values() {
    let read = |shape: Value| {
        serde_json::from_value::<BoxType>(json!({
            "labels": {"a": "x"}, "code": "a", "point": ["ab", 1], "shape": shape
        }))
        .map_err(|e| e.to_string())
    };
    assert!(read(json!({"kind": "Circle", "radius": 0.5})).is_ok());
    let error = read(json!({"kind": "Circle", "radius": 0})).expect_err("radius 0");
    assert!(error.contains("violates exclusiveMinimum 0"), "{error}");
    let error = read(json!({"kind": "Square", "side": 0.5})).expect_err("side 0.5");
    assert!(error.contains("violates minimum 1"), "{error}");
}

fn contact(field: &str, value: &str) -> Result<Contact, String> {
    serde_json::from_value(json!({ field: value })).map_err(|e| e.to_string())
}

#[test]
fn hostname_format() {
    for ok in [
        "example.com",
        "a-b.c0",
        "localhost",
        "xn--4gbwdl.xn--wgbh1c",
        "1host",
    ] {
        assert!(contact("host", ok).is_ok(), "{ok}");
    }
    let label63 = "a".repeat(63);
    assert!(contact("host", &format!("{label63}.com")).is_ok());
    for bad in [
        "",
        ".",
        "-a.com",
        "a-.com",
        "a_b.com",
        "a..b",
        &format!("{label63}a.com"),
    ] {
        let error = contact("host", bad).expect_err(bad);
        assert!(error.contains("violates format hostname"), "{bad}: {error}");
    }
}

#[test]
fn uri_and_uri_reference_formats() {
    for ok in [
        "https://example.com/a?b=c#d",
        "mailto:someone@example.com",
        "urn:isbn:0451450523",
        "http://[2001:db8::7]/x",
        "http://h/%20",
    ] {
        assert!(contact("site", ok).is_ok(), "{ok}");
        assert!(contact("link", ok).is_ok(), "{ok}");
    }
    // Relative references are URI references but not URIs.
    for relative in ["/abc", "//host/x", "abc", "#frag", "../a?b"] {
        assert!(contact("site", relative).is_err(), "{relative}");
        assert!(contact("link", relative).is_ok(), "{relative}");
    }
    for bad in [
        "http:// space",
        "bar,baz:foo",
        "\\\\host\\share",
        "http://h/%2",
        "1a:b",
    ] {
        assert!(contact("site", bad).is_err(), "{bad}");
        assert!(contact("link", bad).is_err(), "{bad}");
    }
}

#[test]
fn email_format() {
    for ok in [
        "joe.bloggs@example.com",
        "te~st@example.com",
        "\"joe bloggs\"@example.com",
        "joe@[127.0.0.1]",
        "joe@[IPv6:::1]",
    ] {
        assert!(contact("mail", ok).is_ok(), "{ok}");
    }
    for bad in [
        "2962",
        ".test@example.com",
        "test.@example.com",
        "te..st@example.com",
        "joe@invalid=domain.com",
        "joe@[127.0.0.300]",
        "@example.com",
    ] {
        let error = contact("mail", bad).expect_err(bad);
        assert!(error.contains("violates format email"), "{bad}: {error}");
    }
}

//! The conveniences every model has: `new(required…)`, `Default` where nothing is required,
//! and parsing, ordering and hashing of enums.

use std::collections::BTreeSet;
use std::str::FromStr;

use fixture_models::{enums, objects, open_enums};

/// `TryFrom<&str>`, as generic code (which cannot know the conversion never fails) uses it.
fn through_try_from<T: for<'a> TryFrom<&'a str>>(value: &str) -> Option<T> {
    T::try_from(value).ok()
}

#[test]
fn new_takes_the_required_fields_and_leaves_the_rest_out() {
    let named = objects::models::Named::new("n".to_owned());
    assert_eq!(named.name, "n");
    assert_eq!((named.id, named.created, named.secret), (None, None, None));
    let tree = objects::models::Tree {
        left: Some(Box::new(objects::models::Tree::new(1))),
        ..objects::models::Tree::new(2)
    };
    assert_eq!(
        serde_json::to_value(&tree).expect("writes"),
        serde_json::json!({"value": 2, "left": {"value": 1}})
    );
}

#[test]
fn structs_without_required_fields_default_to_their_defaults() {
    let settings = objects::models::Settings::default();
    assert_eq!(settings.retries, 3);
    assert_eq!(
        serde_json::to_value(objects::models::Base::default()).expect("writes"),
        serde_json::json!({})
    );
}

#[test]
fn closed_enums_parse_their_wire_values_and_refuse_others() {
    use enums::models::Awkward;
    assert_eq!(Awkward::from_str("a.b").ok(), Some(Awkward::AB));
    assert_eq!(
        Awkward::try_from("with space").ok(),
        Some(Awkward::WithSpace)
    );
    for value in [Awkward::AB, Awkward::Empty, Awkward::Self_, Awkward::Upper2] {
        assert_eq!(value.as_str().parse::<Awkward>().ok(), Some(value));
    }
    let error = "nope".parse::<Awkward>().expect_err("not a listed value");
    let violation = &error.violations()[0];
    assert_eq!(violation.rule, "enum");
    assert_eq!(violation.value, "\"nope\"");
    // The error is a standard error, usable with `?` in any `Box<dyn Error>` context.
    let boxed: Box<dyn std::error::Error> = Box::new(error);
    assert!(boxed.to_string().contains("violates enum"), "{boxed}");
}

#[test]
fn enums_order_by_declaration_and_hash() {
    use enums::models::Awkward;
    let set: BTreeSet<Awkward> = [Awkward::Type, Awkward::AB, Awkward::Minus].into();
    assert_eq!(
        set.into_iter().collect::<Vec<_>>(),
        [Awkward::AB, Awkward::Minus, Awkward::Type]
    );
    let hashed: std::collections::HashSet<Awkward> = [Awkward::AB, Awkward::AB].into();
    assert_eq!(hashed.len(), 1);
}

#[test]
fn open_enums_keep_unlisted_values_when_parsed() {
    use open_enums::models::Awkward;
    assert_eq!(Awkward::from("a.b"), Awkward::AB);
    assert_eq!(
        "later".parse::<Awkward>(),
        Ok(Awkward::Unknown("later".to_owned()))
    );
    assert_eq!(through_try_from::<Awkward>("1st"), Some(Awkward::V1st));
}

//! The seed constraints are enforced by the generated validators, with values just inside
//! and just outside each bound, and violations name the pointer and the rule.

use seed_models::authentik;
use seed_models::dfns::models::{AssignPermissionOk, ListPermissionAssignmentsOk};
use seed_models::dfns::validate::{self as dfns_v, Valid, Validate, ValidationErrors};
use serde_json::{json, Value};

/// `(pointer, rule)` of every violation.
fn rules(errors: &ValidationErrors) -> Vec<(String, &'static str)> {
    errors
        .violations()
        .iter()
        .map(|v| (v.pointer.clone(), v.rule))
        .collect()
}

fn assignment(id: &str, permission_id: &str) -> Value {
    json!({
        "id": id,
        "permissionId": permission_id,
        "identityId": "us-3kgbt-2eua6-95ks28gtchjihbdv",
        "isImmutable": false,
        "dateCreated": "2023-04-14T20:41:28.715Z",
        "dateUpdated": "2023-04-14T20:41:28.715Z"
    })
}

fn check_assignment(id: &str, permission_id: &str) -> Result<(), ValidationErrors> {
    let value: AssignPermissionOk =
        serde_json::from_value(assignment(id, permission_id)).expect("shape is right");
    value.validate()
}

const PM: &str = "pm-37vj4-jkr4l-lc9945spfftkne57";

#[test]
fn dfns_assignment_id_pattern_bounds() {
    // The last group is 14 to 16 characters.
    for tail in ["a1b2c3d4e5f6g7", "a1b2c3d4e5f6g7h", "a1b2c3d4e5f6g7h8"] {
        let id = format!("as-1vcmc-qrek0-{tail}");
        assert_eq!(check_assignment(&id, PM), Ok(()), "{id}");
    }
    for tail in ["a1b2c3d4e5f6g", "a1b2c3d4e5f6g7h8i"] {
        let id = format!("as-1vcmc-qrek0-{tail}");
        let errors = check_assignment(&id, PM).expect_err(&id);
        assert_eq!(rules(&errors), [("/id".to_owned(), "pattern")]);
    }
    // Wrong prefix and upper case are outside the pattern.
    for id in [
        "pm-1vcmc-qrek0-6b4vii9pln60907e",
        "as-1VCMC-qrek0-6b4vii9pln60907e",
        "x",
    ] {
        let errors = check_assignment(id, PM).expect_err(id);
        assert_eq!(rules(&errors), [("/id".to_owned(), "pattern")], "{id}");
    }
}

#[test]
fn dfns_max_length_64_and_every_violation_at_once() {
    // 64 characters: inside maxLength (the pattern still fails); 65: outside both.
    let at_limit = "a".repeat(64);
    let errors = check_assignment(&at_limit, PM).expect_err("pattern");
    assert_eq!(rules(&errors), [("/id".to_owned(), "pattern")]);
    let over = "a".repeat(65);
    let errors = check_assignment(&over, &over).expect_err("too long");
    assert_eq!(
        rules(&errors),
        [
            ("/id".to_owned(), "maxLength"),
            ("/id".to_owned(), "pattern"),
            ("/permissionId".to_owned(), "maxLength"),
            ("/permissionId".to_owned(), "pattern"),
        ]
    );
    // An empty id breaks minLength (1) too.
    let errors = check_assignment("", PM).expect_err("empty");
    assert_eq!(
        rules(&errors),
        [
            ("/id".to_owned(), "minLength"),
            ("/id".to_owned(), "pattern")
        ]
    );
}

#[test]
fn dfns_permission_id_pattern() {
    let id = "as-1vcmc-qrek0-6b4vii9pln60907e";
    assert_eq!(check_assignment(id, PM), Ok(()));
    let errors = check_assignment(id, "as-37vj4-jkr4l-lc9945spfftkne57").expect_err("prefix");
    assert_eq!(rules(&errors), [("/permissionId".to_owned(), "pattern")]);
}

fn list_page() -> Value {
    let text = std::fs::read_to_string(format!(
        "{}/tests/fixtures/dfns-list-200.json",
        env!("CARGO_MANIFEST_DIR")
    ))
    .expect("fixture");
    serde_json::from_str(&text).expect("fixture is JSON")
}

#[test]
fn dfns_list_violations_name_the_nested_pointer() {
    let page: ListPermissionAssignmentsOk =
        serde_json::from_value(list_page()).expect("fixture deserializes");
    assert_eq!(page.validate(), Ok(()));

    let mut bad = list_page();
    let items = bad["items"].as_array_mut().expect("items");
    for i in 0..4 {
        let mut item = items[1].clone();
        item["id"] = json!(format!("as-2a9in-tt2a1-983lho480p35ej{i:02}"));
        items.push(item);
    }
    items[3]["id"] = json!("as-short");
    let pending = &mut items[0]["pendingChangeRequest"];
    pending["id"] = json!("cr-6uunn-bm6ja-f6rmod5kqrk5r"); // 13 characters in the last group
    pending["approvalId"] = json!("ap-2a9in-tt2a1-983lho480p35ejd0x"); // 17
    pending["body"]["permissionId"] = json!("pm-");
    let page: ListPermissionAssignmentsOk =
        serde_json::from_value(bad).expect("the shape is still right");
    let errors = page.validate().expect_err("four violations");
    assert_eq!(
        rules(&errors),
        [
            ("/items/0/pendingChangeRequest/id".to_owned(), "pattern"),
            (
                "/items/0/pendingChangeRequest/approvalId".to_owned(),
                "pattern"
            ),
            (
                "/items/0/pendingChangeRequest/body/permissionId".to_owned(),
                "pattern"
            ),
            ("/items/3/id".to_owned(), "pattern"),
        ]
    );
    // One readable line per violation: pointer, value, rule and limit.
    let text = errors.to_string();
    assert_eq!(text.lines().count(), 4);
    assert_eq!(
        text.lines().last(),
        Some(
            "/items/3/id: \"as-short\" violates pattern ^as-[a-z0-9]{5}-[a-z0-9]{5}-[a-z0-9]{14,16}$"
        )
    );
}

#[test]
fn dfns_valid_wrapper_rejects_invalid_payloads_when_deserializing() {
    let good = assignment("as-1vcmc-qrek0-6b4vii9pln60907e", PM);
    let valid: Valid<AssignPermissionOk> = serde_json::from_value(good).expect("valid");
    assert_eq!(valid.permission_id, PM);
    let bad = assignment("as-1vcmc-qrek0-6b4vii9pln609", PM);
    let error = serde_json::from_value::<Valid<AssignPermissionOk>>(bad).expect_err("rejected");
    assert!(error.to_string().starts_with("/id: "), "{error}");
    let typed: AssignPermissionOk =
        serde_json::from_value(assignment("x", PM)).expect("shape is right");
    assert!(Valid::new(typed).is_err());
}

#[test]
fn dfns_permission_id_parameter_is_1_to_64_code_points() {
    let check = dfns_v::list_permission_assignments_permission_id;
    assert!(check("a").is_ok());
    assert!(check(&"a".repeat(64)).is_ok());
    // 64 two-byte characters: 128 bytes but 64 code points.
    assert!(check(&"é".repeat(64)).is_ok());
    let errors = check("").expect_err("empty");
    assert_eq!(rules(&errors), [("/permissionId".to_owned(), "minLength")]);
    let errors = check(&"é".repeat(65)).expect_err("65");
    assert_eq!(rules(&errors), [("/permissionId".to_owned(), "maxLength")]);
    assert!(errors
        .to_string()
        .contains("(65 characters) violates maxLength 64"));
    // The same check guards the other operation's path parameter.
    assert!(dfns_v::assign_permission_permission_id(&"a".repeat(65)).is_err());
    assert!(dfns_v::assign_permission_permission_id("a").is_ok());
}

#[test]
fn dfns_limit_is_1_to_500_with_default_50() {
    let check = dfns_v::list_permission_assignments_limit;
    assert_eq!(dfns_v::LIST_PERMISSION_ASSIGNMENTS_LIMIT_DEFAULT, 50);
    assert!(check(&dfns_v::LIST_PERMISSION_ASSIGNMENTS_LIMIT_DEFAULT).is_ok());
    assert!(check(&1).is_ok());
    assert!(check(&500).is_ok());
    let errors = check(&0).expect_err("0");
    assert_eq!(rules(&errors), [("/limit".to_owned(), "minimum")]);
    assert_eq!(errors.to_string(), "/limit: 0 violates minimum 1");
    let errors = check(&501).expect_err("501");
    assert_eq!(rules(&errors), [("/limit".to_owned(), "maximum")]);
    assert!(dfns_v::list_permission_assignments_pagination_token("").is_err());
}

#[test]
fn authentik_permissions_items_are_non_empty() {
    use authentik::models::PermissionAssignRequest;
    use authentik::validate::Validate as _;
    let request = |permissions: Value| -> PermissionAssignRequest {
        serde_json::from_value(json!({ "permissions": permissions })).expect("shape is right")
    };
    assert_eq!(request(json!(["a"])).validate(), Ok(()));
    assert_eq!(request(json!([])).validate(), Ok(()));
    let errors = request(json!(["authentik_core.view_user", "", "a", ""]))
        .validate()
        .expect_err("empty items");
    let found: Vec<(String, &str)> = errors
        .violations()
        .iter()
        .map(|v| (v.pointer.clone(), v.rule))
        .collect();
    assert_eq!(
        found,
        [
            ("/permissions/1".to_owned(), "minLength"),
            ("/permissions/3".to_owned(), "minLength")
        ]
    );
    // `object_pk` is non-empty too.
    let with_pk = |pk: &str| -> PermissionAssignRequest {
        serde_json::from_value(json!({ "permissions": ["a"], "object_pk": pk })).expect("shape")
    };
    assert!(with_pk("1").validate().is_ok());
    assert!(with_pk("").validate().is_err());
}

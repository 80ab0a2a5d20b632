//! The seed constraints are enforced by the generated validators, with values just inside
//! and just outside each bound, and violations name the pointer and the rule.
//!
//! The Dfns ids are written inline on their properties; each becomes a constrained newtype
//! (`Id`, …) whose `FromStr`/`TryFrom`/`Deserialize` run the checks, so a
//! payload with a bad id does not deserialize. The path and `limit` parameters keep their
//! plain types and are checked by the parameter functions of `validate.rs`.

use seed_models::authentik;
use seed_models::dfns::models::{
    AssignPermissionOk, Id, ListPermissionAssignmentsOk,
    ListPermissionAssignmentsOkItemPendingChangeRequestApprovalId,
    ListPermissionAssignmentsOkItemPendingChangeRequestId, PermissionId,
};
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

/// The rules an assignment id breaks (empty when it is valid).
fn id_rules(id: &str) -> Vec<&'static str> {
    match id.parse::<Id>() {
        Ok(parsed) => {
            assert_eq!(parsed, id);
            Vec::new()
        }
        Err(errors) => {
            // A newtype's violations sit at its own root.
            assert!(errors.violations().iter().all(|v| v.pointer.is_empty()));
            errors.violations().iter().map(|v| v.rule).collect()
        }
    }
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

/// Deserializes an assignment; the error text when it is rejected.
fn read_assignment(id: &str, permission_id: &str) -> Result<AssignPermissionOk, String> {
    serde_json::from_value(assignment(id, permission_id)).map_err(|e| e.to_string())
}

const PM: &str = "pm-37vj4-jkr4l-lc9945spfftkne57";

#[test]
fn dfns_assignment_id_pattern_bounds() {
    // The last group is 14 to 16 characters.
    for tail in ["a1b2c3d4e5f6g7", "a1b2c3d4e5f6g7h", "a1b2c3d4e5f6g7h8"] {
        let id = format!("as-1vcmc-qrek0-{tail}");
        assert_eq!(id_rules(&id), Vec::<&str>::new(), "{id}");
        let read = read_assignment(&id, PM).expect("a valid assignment deserializes");
        assert_eq!(read.id, id.as_str());
        assert_eq!(read.validate(), Ok(()));
    }
    for tail in ["a1b2c3d4e5f6g", "a1b2c3d4e5f6g7h8i"] {
        let id = format!("as-1vcmc-qrek0-{tail}");
        assert_eq!(id_rules(&id), ["pattern"], "{id}");
        // Deserializing rejects it, naming the value and the rule.
        let error = read_assignment(&id, PM).expect_err(&id);
        assert!(
            error.contains(&format!("\"{id}\" violates pattern ^as-")),
            "{error}"
        );
    }
    // Wrong prefix and upper case are outside the pattern.
    for id in [
        "pm-1vcmc-qrek0-6b4vii9pln60907e",
        "as-1VCMC-qrek0-6b4vii9pln60907e",
        "x",
    ] {
        assert_eq!(id_rules(id), ["pattern"], "{id}");
        assert!(read_assignment(id, PM).is_err(), "{id}");
    }
}

#[test]
fn dfns_max_length_64_and_every_violation_of_a_value_at_once() {
    // 64 characters: inside maxLength (the pattern still fails); 65: outside both.
    assert_eq!(id_rules(&"a".repeat(64)), ["pattern"]);
    assert_eq!(id_rules(&"a".repeat(65)), ["maxLength", "pattern"]);
    let error = read_assignment(&"a".repeat(65), PM).expect_err("too long");
    assert!(
        error.contains("(65 characters) violates maxLength 64"),
        "{error}"
    );
    // An empty id breaks minLength (1) too.
    assert_eq!(id_rules(""), ["minLength", "pattern"]);
    let error = read_assignment("", PM).expect_err("empty");
    assert!(error.contains("violates minLength 1"), "{error}");
}

#[test]
fn dfns_permission_id_pattern() {
    let id = "as-1vcmc-qrek0-6b4vii9pln60907e";
    assert!(read_assignment(id, PM).is_ok());
    assert!(PM.parse::<PermissionId>().is_ok());
    let other = "as-37vj4-jkr4l-lc9945spfftkne57";
    let errors = other.parse::<PermissionId>().expect_err("prefix");
    assert_eq!(rules(&errors), [(String::new(), "pattern")]);
    let error = read_assignment(id, other).expect_err("prefix");
    assert!(error.contains("violates pattern ^pm-"), "{error}");
}

#[test]
fn dfns_change_request_and_approval_ids() {
    // `cr-` and `ap-` ids: the same 14–16 character last group.
    type Cr = ListPermissionAssignmentsOkItemPendingChangeRequestId;
    type Ap = ListPermissionAssignmentsOkItemPendingChangeRequestApprovalId;
    assert!("cr-6uunn-bm6ja-f6rmod5kqrk5rbel".parse::<Cr>().is_ok());
    assert!("cr-6uunn-bm6ja-f6rmod5kqrk5r".parse::<Cr>().is_err()); // 13
    assert!("ap-2a9in-tt2a1-983lho480p35ejd0".parse::<Ap>().is_ok());
    assert!("ap-2a9in-tt2a1-983lho480p35ejd0x".parse::<Ap>().is_err()); // 17
    assert!("as-2a9in-tt2a1-983lho480p35ejd0".parse::<Ap>().is_err());
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
fn dfns_list_page_with_a_bad_nested_id_does_not_deserialize() {
    let page: ListPermissionAssignmentsOk =
        serde_json::from_value(list_page()).expect("fixture deserializes");
    assert_eq!(page.validate(), Ok(()));
    // The 202 body shares the assignment id type with the list items.
    let body_id: &Id = &page.items[0]
        .pending_change_request
        .as_ref()
        .expect("the fixture's first item is pending")
        .body
        .id;
    assert!(body_id.starts_with("as-"));

    /// What is broken, how, and the text the error must contain.
    type Case = (&'static str, fn(&mut Value), &'static str);
    let bad: [Case; 4] = [
        (
            "item id",
            |p| p["items"][1]["id"] = json!("as-short"),
            "\"as-short\" violates pattern ^as-",
        ),
        (
            "change request id",
            |p| p["items"][0]["pendingChangeRequest"]["id"] = json!("cr-6uunn-bm6ja-f6rmod5kqrk5r"),
            "violates pattern ^cr-",
        ),
        (
            "approval id",
            |p| {
                p["items"][0]["pendingChangeRequest"]["approvalId"] =
                    json!("ap-2a9in-tt2a1-983lho480p35ejd0x")
            },
            "violates pattern ^ap-",
        ),
        (
            "nested body permission id",
            |p| p["items"][0]["pendingChangeRequest"]["body"]["permissionId"] = json!("pm-"),
            "\"pm-\" violates pattern ^pm-",
        ),
    ];
    for (what, change, expected) in bad {
        let mut page = list_page();
        change(&mut page);
        let error = serde_json::from_value::<ListPermissionAssignmentsOk>(page)
            .expect_err(what)
            .to_string();
        assert!(error.contains(expected), "{what}: {error}");
    }
}

#[test]
fn dfns_valid_wrapper_and_newtypes_reject_invalid_payloads_when_deserializing() {
    let good = assignment("as-1vcmc-qrek0-6b4vii9pln60907e", PM);
    let valid: Valid<AssignPermissionOk> = serde_json::from_value(good).expect("valid");
    assert_eq!(valid.permission_id, PM);
    let bad = assignment("as-1vcmc-qrek0-6b4vii9pln609", PM);
    let error = serde_json::from_value::<Valid<AssignPermissionOk>>(bad).expect_err("rejected");
    assert!(error.to_string().contains("violates pattern"), "{error}");
    // From text, with every violation of the value at once.
    let error = serde_json::from_str::<Id>("\"\"").expect_err("empty");
    assert!(
        error.to_string().contains("violates minLength 1")
            && error.to_string().contains("violates pattern"),
        "{error}"
    );
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
    // `object_pk` is non-empty too: its inline `minLength: 1` makes it a newtype, so an
    // empty key does not deserialize.
    let with_pk = |pk: &str| {
        serde_json::from_value::<PermissionAssignRequest>(
            json!({ "permissions": ["a"], "object_pk": pk }),
        )
        .map_err(|e| e.to_string())
    };
    assert!(with_pk("1").is_ok_and(|r| r.validate().is_ok()));
    let error = with_pk("").expect_err("empty key");
    assert!(error.contains("violates minLength 1"), "{error}");
}

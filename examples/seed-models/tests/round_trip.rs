//! The seed pages' example payloads deserialize into the generated types and serialize back
//! unchanged.

use seed_models::{authentik, dfns};
use serde::{de::DeserializeOwned, Serialize};
use serde_json::Value;

fn fixture(name: &str) -> Value {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Deserializes `name` as `T`, serializes it again and requires the same JSON.
fn round_trip<T: DeserializeOwned + Serialize>(name: &str) -> T {
    let original = fixture(name);
    let typed: T =
        serde_json::from_value(original.clone()).unwrap_or_else(|e| panic!("{name}: {e}"));
    let back = serde_json::to_value(&typed).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert_eq!(back, original, "{name} changed in a round trip");
    typed
}

#[test]
fn dfns_assign_request() {
    let request: dfns::models::AssignPermissionRequest = round_trip("dfns-assign-request.json");
    assert_eq!(request.identity_id, "<string>");
}

#[test]
fn dfns_assign_response() {
    let assignment: dfns::models::AssignPermissionOk = round_trip("dfns-assign-200.json");
    assert_eq!(assignment.permission_id, "pm-37vj4-jkr4l-lc9945spfftkne57");
    assert!(assignment.is_immutable);
    assert_eq!(
        assignment.date_created.to_rfc3339(),
        "2023-04-14T20:41:28.715+00:00"
    );
}

#[test]
fn dfns_list_response_merges_all_of_branches() {
    let page: dfns::models::ListPermissionAssignmentsOk = round_trip("dfns-list-200.json");
    assert_eq!(page.items.len(), 2);
    // The allOf of the list items is one struct accepting the properties of both branches.
    let pending = page.items[0]
        .pending_change_request
        .as_ref()
        .expect("first item has a change request");
    assert_eq!(
        pending.status,
        dfns::models::ListPermissionAssignmentsOkItemPendingChangeRequestStatus::Pending
    );
    assert_eq!(pending.operation_kind.as_str(), "Delete");
    assert_eq!(
        pending.requester.token_id.as_deref(),
        Some("to-7mkkn-sh6h1-8rbruq6bbacj1noe")
    );
    assert!(page.items[1].pending_change_request.is_none());
    assert_eq!(page.next_page_token.as_deref(), Some("eyJwYWdlIjoyfQ"));
}

#[test]
fn dfns_pending_change_request_is_the_202_body() {
    // The 202 response references the list item's `pendingChangeRequest`: one type serves both.
    let page = fixture("dfns-list-200.json");
    let pending = page["items"][0]["pendingChangeRequest"].clone();
    let typed: dfns::models::ListPermissionAssignmentsOkItemPendingChangeRequest =
        serde_json::from_value(pending.clone()).expect("change request");
    assert_eq!(serde_json::to_value(&typed).expect("serialize"), pending);
}

#[test]
fn dfns_additional_properties_false_is_strict_in_requests_and_lenient_in_responses() {
    // A response (`additionalProperties: false`) is read past a property a newer server
    // adds, instead of failing the whole call.
    let mut body = fixture("dfns-assign-200.json");
    body["unexpected"] = Value::Bool(true);
    let read = serde_json::from_value::<dfns::models::AssignPermissionOk>(body)
        .expect("a response with an added property still reads");
    assert_eq!(
        serde_json::to_value(&read).expect("serialize"),
        fixture("dfns-assign-200.json")
    );

    // A request body only requests carry stays strict.
    let request = serde_json::json!({ "identityId": "us-1", "extra": 1 });
    let err = serde_json::from_value::<dfns::models::AssignPermissionRequest>(request).unwrap_err();
    assert!(err.to_string().contains("unknown field `extra`"), "{err}");
}

#[test]
fn dfns_responses_keep_added_properties_and_enum_values() {
    use dfns::validate::Validate as _;
    // `additionalProperties` absent: an undeclared property is kept and written back.
    let mut page = fixture("dfns-list-200.json");
    page["orgId"] = Value::from("or-1");
    let mut pending = page["items"][0]["pendingChangeRequest"].clone();
    let typed: dfns::models::ListPermissionAssignmentsOk =
        serde_json::from_value(page.clone()).expect("page");
    assert_eq!(typed.additional_properties["orgId"], "or-1");
    assert_eq!(serde_json::to_value(&typed).expect("serialize"), page);

    // A status the spec does not list is kept as it came, and `validate()` names it.
    pending["status"] = Value::from("Escalated");
    let typed: dfns::models::ListPermissionAssignmentsOkItemPendingChangeRequest =
        serde_json::from_value(pending.clone()).expect("change request");
    assert_eq!(typed.status.as_str(), "Escalated");
    assert_eq!(serde_json::to_value(&typed).expect("serialize"), pending);
    let errors = typed
        .validate()
        .expect_err("an unlisted value is not valid to send");
    assert_eq!(errors.violations()[0].pointer, "/status");
    assert_eq!(errors.violations()[0].rule, "enum");
}

#[test]
fn dfns_required_fields_are_required() {
    let mut body = fixture("dfns-assign-200.json");
    body.as_object_mut().expect("object").remove("dateUpdated");
    let err = serde_json::from_value::<dfns::models::AssignPermissionOk>(body).unwrap_err();
    assert!(
        err.to_string().contains("missing field `dateUpdated`"),
        "{err}"
    );
}

#[test]
fn dfns_dates_are_real_date_times() {
    let mut body = fixture("dfns-assign-200.json");
    body["dateCreated"] = Value::String("yesterday".into());
    assert!(serde_json::from_value::<dfns::models::AssignPermissionOk>(body).is_err());
}

#[test]
fn authentik_request_with_dotted_enum_value() {
    let request: authentik::models::PermissionAssignRequest =
        round_trip("authentik-assign-request.json");
    assert_eq!(
        request.model,
        Some(authentik::models::ModelEnum::AuthentikTenantsDomain)
    );
    assert_eq!(
        authentik::models::ModelEnum::AuthentikCoreUser.to_string(),
        "authentik_core.user"
    );
    let unknown = serde_json::json!({ "permissions": [], "model": "authentik_nope.nothing" });
    assert!(serde_json::from_value::<authentik::models::PermissionAssignRequest>(unknown).is_err());
}

#[test]
fn authentik_responses() {
    let ok: Vec<authentik::models::PermissionAssignResult> =
        round_trip("authentik-assign-200.json");
    assert_eq!(ok[0].id, "string");
    let bad: authentik::models::ValidationError = round_trip("authentik-assign-400.json");
    // `additionalProperties: {}` keeps the per-field errors authentik adds.
    assert_eq!(
        bad.additional_properties["permissions"],
        serde_json::json!(["This field is required."])
    );
    let forbidden: authentik::models::GenericError = round_trip("authentik-assign-403.json");
    assert_eq!(forbidden.detail, "string");
}

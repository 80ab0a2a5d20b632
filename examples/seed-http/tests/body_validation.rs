//! The operations' `validate()` (called by the client before sending and by the router before
//! the handler) checks JSON bodies with the model validators, pointers under `/body`.

use seed_http::authentik::models::PermissionAssignRequest;
use seed_http::authentik::operations::RbacPermissionsAssignedByUsersAssignInput;

fn input(permissions: &[&str]) -> RbacPermissionsAssignedByUsersAssignInput {
    RbacPermissionsAssignedByUsersAssignInput::new(
        7,
        PermissionAssignRequest::new(permissions.iter().map(|p| (*p).to_owned()).collect()),
    )
}

#[test]
fn empty_permission_names_are_rejected_with_their_pointer() {
    assert!(input(&["authentik_core.view_user"]).validate().is_ok());
    let errors = input(&["authentik_core.view_user", ""])
        .validate()
        .expect_err("an empty permission breaks minLength 1");
    // One error type for every check: a standard error listing each violation.
    assert!(
        errors.to_string().starts_with("/body/permissions/1: "),
        "{errors}"
    );
    let violations = errors.violations();
    assert_eq!(violations.len(), 1);
    assert_eq!(violations[0].pointer, "/body/permissions/1");
    assert_eq!(violations[0].rule, "minLength");
}

/// A request body is read strictly: `null` on an optional property that is not nullable is
/// refused (the router answers 400), while absence is fine. (Types a response carries read
/// such a `null` as absent instead: lenient in what the client reads.)
#[test]
fn null_on_an_optional_request_property_is_refused() {
    let absent: PermissionAssignRequest =
        serde_json::from_str(r#"{"permissions":["authentik_core.view_user"]}"#).expect("absent");
    assert_eq!(absent.model, None);
    let refused = serde_json::from_str::<PermissionAssignRequest>(
        r#"{"permissions":["authentik_core.view_user"],"model":null}"#,
    );
    assert!(refused.is_err(), "model is not nullable: {refused:?}");
}

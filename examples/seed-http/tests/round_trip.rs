//! Client ↔ server round trips: the generated router over the in-memory stores on 127.0.0.1,
//! driven by the generated client over real HTTP; then what the router rejects before a
//! handler runs (400, 401, 415, 405) and what it hides when a handler fails (500).

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use futures::TryStreamExt;
use seed_http::memory::{DfnsStore, APPROVAL_PERMISSION};
use seed_http::{authentik, dfns};

#[allow(dead_code)]
mod common;
use common::{authentik_assign, authentik_client, authentik_server, serve};

const PERMISSION: &str = "pm-37vj4-jkr4l-lc9945spfftkne57";

/// The Dfns store, recording the credentials each call received.
struct Recording {
    store: DfnsStore,
    seen: Mutex<Vec<dfns::operations::Credentials>>,
    fail: bool,
}

/// The handle the router owns.
struct Shared(Arc<Recording>);

impl dfns::server::Api for Shared {
    async fn assign_permission(
        &self,
        input: dfns::operations::AssignPermissionInput,
        credentials: dfns::operations::Credentials,
        request: axum::http::request::Parts,
    ) -> Result<dfns::operations::AssignPermissionResponse, dfns::server::HandlerError> {
        self.0.seen.lock().unwrap().push(credentials.clone());
        if self.0.fail {
            let secret = std::io::Error::other("database password is hunter2");
            return Err(secret.into());
        }
        self.0
            .store
            .assign_permission(input, credentials, request)
            .await
    }

    async fn list_permission_assignments(
        &self,
        input: dfns::operations::ListPermissionAssignmentsInput,
        credentials: dfns::operations::Credentials,
        request: axum::http::request::Parts,
    ) -> Result<dfns::operations::ListPermissionAssignmentsResponse, dfns::server::HandlerError>
    {
        self.0.seen.lock().unwrap().push(credentials.clone());
        self.0
            .store
            .list_permission_assignments(input, credentials, request)
            .await
    }
}

async fn dfns_server(fail: bool) -> (SocketAddr, Arc<Recording>) {
    let recording = Arc::new(Recording {
        store: DfnsStore::new("jwt-123"),
        seen: Mutex::default(),
        fail,
    });
    let addr = serve(dfns::server::router(Shared(recording.clone()))).await;
    (addr, recording)
}

fn dfns_client(addr: SocketAddr) -> dfns::client::ClientBuilder {
    dfns::client::Client::builder()
        .base_url(format!("http://{addr}"))
        .authentication_token("jwt-123")
        .user_action_signature("signed-action")
}

fn assign(permission: &str, identity: &str) -> dfns::operations::AssignPermissionInput {
    dfns::operations::AssignPermissionInput {
        permission_id: permission.to_owned(),
        body: Some(dfns::models::AssignPermissionRequest {
            identity_id: identity.parse().expect("a non-empty identity ID"),
        }),
    }
}

#[tokio::test]
async fn dfns_assign_200_and_202_and_credentials_pass_through() {
    use dfns::operations::AssignPermissionResponse as Response;
    let (addr, recording) = dfns_server(false).await;
    let client = dfns_client(addr).build().unwrap();

    let ok = client
        .assign_permission(&assign(PERMISSION, "us-1"))
        .await
        .unwrap();
    let Response::Ok(assignment) = ok else {
        panic!("expected 200, got {ok:?}");
    };
    assert_eq!(assignment.permission_id.as_str(), PERMISSION);
    assert_eq!(assignment.identity_id, "us-1");
    assert!(assignment.id.starts_with("as-"));

    let pending = client
        .assign_permission(&assign(APPROVAL_PERMISSION, "us-2"))
        .await
        .unwrap();
    let Response::Accepted(change) = pending else {
        panic!("expected 202, got {pending:?}");
    };
    assert_eq!(change.body.identity_id, "us-2");
    assert!(change.id.starts_with("cr-"));

    let seen = recording.seen.lock().unwrap();
    assert_eq!(seen.len(), 2);
    for credentials in seen.iter() {
        assert_eq!(credentials.authentication_token.as_deref(), Some("jwt-123"));
        assert_eq!(
            credentials.user_action_signature.as_deref(),
            Some("signed-action")
        );
    }
}

#[tokio::test]
async fn dfns_stream_lists_every_assignment_over_three_pages() {
    let (addr, recording) = dfns_server(false).await;
    let client = dfns_client(addr).build().unwrap();
    for i in 1..=5 {
        client
            .assign_permission(&assign(PERMISSION, &format!("us-{i}")))
            .await
            .unwrap();
    }
    // Another permission's assignment is not listed.
    client
        .assign_permission(&assign("pm-0ther-00000-00000000000000", "us-9"))
        .await
        .unwrap();

    let input = dfns::operations::ListPermissionAssignmentsInput {
        permission_id: PERMISSION.to_owned(),
        limit: Some(2),
        pagination_token: None,
    };
    let before = recording.seen.lock().unwrap().len();
    let items: Vec<_> = client
        .list_permission_assignments_stream(input)
        .try_collect()
        .await
        .unwrap();
    let identities: Vec<&str> = items.iter().map(|i| i.identity_id.as_str()).collect();
    assert_eq!(identities, ["us-1", "us-2", "us-3", "us-4", "us-5"]);
    let seen = recording.seen.lock().unwrap();
    assert_eq!(seen.len() - before, 3, "three pages were requested");
    // Listing needs only the bearer token; the client sends nothing else.
    assert!(seen[before..].iter().all(|c| {
        c.authentication_token.as_deref() == Some("jwt-123") && c.user_action_signature.is_none()
    }));
}

/// The problem document of a rejected request.
fn problem<R: std::fmt::Debug>(error: dfns::client::Error<R>) -> (u16, serde_json::Value) {
    let dfns::client::Error::UnexpectedStatus(raw) = error else {
        panic!("expected an undocumented status, got {error:?}");
    };
    assert_eq!(
        raw.headers.get("content-type").unwrap(),
        "application/problem+json"
    );
    (raw.status, serde_json::from_slice(&raw.body).unwrap())
}

#[tokio::test]
async fn the_server_rejects_invalid_inputs_with_their_violations() {
    let (addr, recording) = dfns_server(false).await;
    // Client-side validation off, so the server sees the bad input.
    let client = dfns_client(addr).validate_requests(false).build().unwrap();

    let too_long = "p".repeat(65);
    let error = client
        .assign_permission(&assign(&too_long, "us-1"))
        .await
        .unwrap_err();
    let (status, document) = problem(error);
    assert_eq!(status, 400);
    assert_eq!(document["status"], 400);
    assert_eq!(document["violations"][0]["pointer"], "/path/permissionId");
    assert_eq!(document["violations"][0]["rule"], "maxLength");

    let list = dfns::operations::ListPermissionAssignmentsInput {
        permission_id: PERMISSION.to_owned(),
        limit: Some(0),
        pagination_token: None,
    };
    let (status, document) = problem(client.list_permission_assignments(&list).await.unwrap_err());
    assert_eq!(status, 400);
    assert_eq!(document["violations"][0]["pointer"], "/query/limit");
    assert_eq!(document["violations"][0]["rule"], "minimum");

    // A body the handler refuses: the handler's own violations.
    let no_body = dfns::operations::AssignPermissionInput {
        permission_id: PERMISSION.to_owned(),
        body: None,
    };
    let (status, document) = problem(client.assign_permission(&no_body).await.unwrap_err());
    assert_eq!(status, 400);
    assert_eq!(document["violations"][0]["pointer"], "/body");
    assert_eq!(document["violations"][0]["rule"], "required");

    // An unknown permission.
    let (status, _) = problem(
        client
            .assign_permission(&assign("not-a-permission", "us-1"))
            .await
            .unwrap_err(),
    );
    assert_eq!(status, 404);

    // Only the last request reached a handler (the store answers 400 and 404 itself).
    assert_eq!(recording.seen.lock().unwrap().len(), 2);
}

#[tokio::test]
async fn malformed_requests_get_400_401_415_and_405() {
    let (addr, recording) = dfns_server(false).await;
    let http = reqwest::Client::new();
    let url = format!("http://{addr}/permissions/{PERMISSION}/assignments");
    let post = |body: &'static str, content_type: &'static str| {
        http.post(&url)
            .bearer_auth("jwt-123")
            .header("x-dfns-useraction", "signed-action")
            .header("content-type", content_type)
            .body(body)
    };

    let extra = post(
        r#"{"identityId":"us-1","role":"admin"}"#,
        "application/json",
    )
    .send()
    .await
    .unwrap();
    assert_eq!(extra.status(), 400);
    let document: serde_json::Value = extra.json().await.unwrap();
    assert_eq!(document["violations"][0]["rule"], "additionalProperties");
    assert_eq!(document["violations"][0]["pointer"], "/body/role");

    let wrong_type = post(r#"{"identityId":5}"#, "application/json")
        .send()
        .await
        .unwrap();
    assert_eq!(wrong_type.status(), 400);
    let document: serde_json::Value = wrong_type.json().await.unwrap();
    assert_eq!(document["violations"][0]["rule"], "type");
    assert_eq!(document["violations"][0]["pointer"], "/body/identityId");

    // `identityId` has `minLength: 1`: its newtype rejects "" while decoding, and the
    // violation names the place and the rule.
    let empty = post(r#"{"identityId":""}"#, "application/json")
        .send()
        .await
        .unwrap();
    assert_eq!(empty.status(), 400);
    let document: serde_json::Value = empty.json().await.unwrap();
    assert_eq!(document["violations"][0]["rule"], "minLength");
    assert_eq!(document["violations"][0]["pointer"], "/body/identityId");
    assert_eq!(document["violations"][0]["limit"], "1");
    assert_eq!(
        document["violations"][0]["detail"],
        "/body/identityId: \"\" (0 characters) violates minLength 1"
    );
    let syntax = post(r#"{"identityId":"#, "application/json")
        .send()
        .await
        .unwrap();
    assert_eq!(syntax.status(), 400);

    let unsupported = post("identityId=us-1", "application/x-www-form-urlencoded")
        .send()
        .await
        .unwrap();
    assert_eq!(unsupported.status(), 415);

    // The POST needs both credentials; the bearer token alone is not enough.
    let unauthorized = http
        .post(&url)
        .bearer_auth("jwt-123")
        .json(&serde_json::json!({"identityId": "us-1"}))
        .send()
        .await
        .unwrap();
    assert_eq!(unauthorized.status(), 401);
    assert_eq!(unauthorized.headers()["www-authenticate"], "Bearer");
    let anonymous = http.get(&url).send().await.unwrap();
    assert_eq!(anonymous.status(), 401);

    let wrong_method = http
        .delete(&url)
        .bearer_auth("jwt-123")
        .send()
        .await
        .unwrap();
    assert_eq!(wrong_method.status(), 405);

    assert!(recording.seen.lock().unwrap().is_empty(), "no handler ran");
}

#[tokio::test]
async fn a_failing_handler_is_a_500_that_leaks_nothing() {
    let (addr, _) = dfns_server(true).await;
    let client = dfns_client(addr).build().unwrap();
    let error = client
        .assign_permission(&assign(PERMISSION, "us-1"))
        .await
        .unwrap_err();
    let (status, document) = problem(error);
    assert_eq!(status, 500);
    let text = document.to_string();
    assert!(!text.contains("hunter2"), "{text}");
    assert!(!text.contains("database"), "{text}");
}

#[tokio::test]
async fn authentik_200_400_403_round_trip() {
    use authentik::operations::RbacPermissionsAssignedByUsersAssignResponse as Response;
    let addr = authentik_server().await;
    let client = authentik_client(addr, "ak-admin");

    let ok = client
        .rbac_permissions_assigned_by_users_assign(&authentik_assign(&[
            "authentik_core.view_user",
            "authentik_core.change_user",
        ]))
        .await
        .unwrap();
    let Response::Ok(results) = ok else {
        panic!("expected 200, got {ok:?}");
    };
    assert_eq!(results.len(), 2);

    let bad = client
        .rbac_permissions_assigned_by_users_assign(&authentik_assign(&[]))
        .await
        .unwrap_err();
    let Some(Response::BadRequest(error)) = bad.response() else {
        panic!("expected 400, got {bad:?}");
    };
    assert_eq!(
        error.additional_properties["permissions"],
        serde_json::json!(["This list may not be empty."])
    );

    let read_only = authentik_client(addr, "ro-viewer");
    let forbidden = read_only
        .rbac_permissions_assigned_by_users_assign_full(&authentik_assign(&[
            "authentik_core.view_user",
        ]))
        .await
        .unwrap();
    assert_eq!(forbidden.status, 403);
    let Response::Forbidden(error) = forbidden.value else {
        panic!("expected 403, got {forbidden:?}");
    };
    assert_eq!(error.code.as_deref(), Some("permission_denied"));
}

#[tokio::test]
async fn authentik_rejects_missing_credentials_and_bad_ids() {
    let addr = authentik_server().await;
    let http = reqwest::Client::new();
    let url = format!("http://{addr}/api/v3/rbac/permissions/assigned_by_users/7/assign/");
    let body = serde_json::json!({"permissions": ["authentik_core.view_user"]});

    let anonymous = http.post(&url).json(&body).send().await.unwrap();
    assert_eq!(anonymous.status(), 401);
    let basic = http
        .post(&url)
        .basic_auth("admin", Some("pw"))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(basic.status(), 401, "a bearer token is required");

    let not_a_number = http
        .post(url.replace("/7/", "/seven/"))
        .bearer_auth("ak-admin")
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(not_a_number.status(), 400);
    // In the documented `ValidationError` shape: each violation a sentence that starts with
    // its pointer, and the status's word as the code.
    let document: serde_json::Value = not_a_number.json().await.unwrap();
    let first = document["non_field_errors"][0].as_str().unwrap_or_default();
    assert!(first.starts_with("/path/id: "), "{document}");
    assert!(first.contains("type"), "{document}");
    assert_eq!(document["code"], "bad_request", "{document}");

    let bad_model = http
        .post(&url)
        .bearer_auth("ak-admin")
        .json(&serde_json::json!({"permissions": ["x"], "model": "no.such_model"}))
        .send()
        .await
        .unwrap();
    assert_eq!(bad_model.status(), 400);

    let missing_body = http
        .post(&url)
        .bearer_auth("ak-admin")
        .send()
        .await
        .unwrap();
    assert_eq!(missing_body.status(), 400);
    let document: serde_json::Value = missing_body.json().await.unwrap();
    let first = document["non_field_errors"][0].as_str().unwrap_or_default();
    assert!(first.starts_with("/body: "), "{document}");
    assert!(first.contains("required"), "{document}");
}

#[tokio::test]
async fn credentials_reach_the_handler_which_refuses_a_wrong_token() {
    let (addr, recording) = dfns_server(false).await;
    let client = dfns::client::Client::builder()
        .base_url(format!("http://{addr}"))
        .authentication_token("stolen")
        .build()
        .unwrap();
    let input = dfns::operations::ListPermissionAssignmentsInput {
        permission_id: PERMISSION.to_owned(),
        limit: None,
        pagination_token: None,
    };
    let (status, _) = problem(
        client
            .list_permission_assignments(&input)
            .await
            .unwrap_err(),
    );
    assert_eq!(status, 401);
    let seen = recording.seen.lock().unwrap();
    assert_eq!(seen[0].authentication_token.as_deref(), Some("stolen"));
}

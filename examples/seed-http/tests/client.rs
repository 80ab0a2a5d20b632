//! The generated Dfns and authentik clients against a scripted HTTP server on 127.0.0.1:
//! every documented status, an undocumented one, a malformed body, a 3-page listing, the
//! credentials each operation needs, and checks that stop a request before it is sent.

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::IntoResponse;
use futures::TryStreamExt;
use seed_http::{authentik, dfns};

/// A request as the server received it.
#[derive(Debug, Clone)]
struct Seen {
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Vec<u8>,
}

impl Seen {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

/// A canned reply.
struct Reply {
    status: u16,
    content_type: &'static str,
    body: String,
}

fn json(status: u16, body: &str) -> Reply {
    Reply {
        status,
        content_type: "application/json",
        body: body.to_owned(),
    }
}

#[derive(Default)]
struct Script {
    replies: Mutex<VecDeque<Reply>>,
    seen: Mutex<Vec<Seen>>,
}

/// Starts a server that answers each request with the next scripted reply (or 599 when the
/// script is exhausted) and records what it received.
async fn serve(replies: Vec<Reply>) -> (SocketAddr, Arc<Script>) {
    let script = Arc::new(Script {
        replies: Mutex::new(replies.into()),
        seen: Mutex::default(),
    });
    let state = script.clone();
    let app = axum::Router::new().fallback(
        move |method: Method, uri: Uri, headers: HeaderMap, body: Bytes| {
            let state = state.clone();
            async move {
                state.seen.lock().unwrap().push(Seen {
                    method,
                    uri,
                    headers,
                    body: body.to_vec(),
                });
                let reply = state.replies.lock().unwrap().pop_front();
                match reply {
                    Some(r) => (
                        StatusCode::from_u16(r.status).unwrap(),
                        [("content-type", r.content_type), ("x-trace", "t-1")],
                        r.body,
                    )
                        .into_response(),
                    None => StatusCode::from_u16(599).unwrap().into_response(),
                }
            }
        },
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (addr, script)
}

fn fixture(name: &str) -> String {
    let path = format!(
        "{}/../seed-models/tests/fixtures/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn dfns_client(addr: SocketAddr) -> dfns::client::Client {
    dfns::client::Client::builder()
        .base_url(format!("http://{addr}"))
        .authentication_token("jwt-123")
        .user_action_signature("signed-action")
        .build()
        .unwrap()
}

fn assign_input(permission_id: &str) -> dfns::operations::AssignPermissionInput {
    dfns::operations::AssignPermissionInput {
        permission_id: permission_id.to_owned(),
        body: Some(dfns::models::AssignPermissionRequest {
            identity_id: "us-1".parse().expect("a non-empty identity ID"),
        }),
    }
}

const CHANGE_REQUEST: &str = r#"{
    "id": "cr-6uunn-bm6ja-f6rmod5kqrk5rbel",
    "requester": {"userId": "us-3kgbt-2eua6-95ks28gtchjihbdv"},
    "status": "Pending",
    "entityId": "as-1vcmc-qrek0-6b4vii9pln60907e",
    "dateCreated": "2023-04-14T20:41:28.715Z",
    "kind": "Assignment",
    "operationKind": "Create",
    "body": {
        "id": "as-1vcmc-qrek0-6b4vii9pln60907e",
        "permissionId": "pm-37vj4-jkr4l-lc9945spfftkne57",
        "identityId": "us-1",
        "isImmutable": false
    }
}"#;

#[tokio::test]
async fn dfns_assign_200_sends_both_credentials_and_decodes_the_assignment() {
    let (addr, script) = serve(vec![json(200, &fixture("dfns-assign-200.json"))]).await;
    let response = dfns_client(addr)
        .assign_permission(&assign_input("pm-37vj4-jkr4l-lc9945spfftkne57"))
        .await
        .unwrap();
    let dfns::operations::AssignPermissionResponse::Ok(assignment) = &response else {
        panic!("expected 200, got {response:?}");
    };
    assert_eq!(response.status(), 200);
    assert_eq!(assignment.id, "as-1vcmc-qrek0-6b4vii9pln60907e");
    assert!(assignment.is_immutable);

    let seen = script.seen.lock().unwrap();
    let request = &seen[0];
    assert_eq!(request.method, Method::POST);
    assert_eq!(
        request.uri.path(),
        "/permissions/pm-37vj4-jkr4l-lc9945spfftkne57/assignments"
    );
    assert_eq!(request.header("authorization"), Some("Bearer jwt-123"));
    assert_eq!(request.header("x-dfns-useraction"), Some("signed-action"));
    assert_eq!(request.header("content-type"), Some("application/json"));
    let body: serde_json::Value = serde_json::from_slice(&request.body).unwrap();
    assert_eq!(body, serde_json::json!({"identityId": "us-1"}));
}

#[tokio::test]
async fn dfns_assign_202_is_the_pending_change_request() {
    let (addr, _) = serve(vec![json(202, CHANGE_REQUEST)]).await;
    let response = dfns_client(addr)
        .assign_permission(&assign_input("pm-1"))
        .await
        .unwrap();
    let dfns::operations::AssignPermissionResponse::Accepted(change) = &response else {
        panic!("expected 202, got {response:?}");
    };
    assert_eq!(response.status(), 202);
    assert_eq!(change.id, "cr-6uunn-bm6ja-f6rmod5kqrk5rbel");
    assert_eq!(change.requester.user_id, "us-3kgbt-2eua6-95ks28gtchjihbdv");
    assert_eq!(change.body.identity_id, "us-1");
}

#[tokio::test]
async fn an_undocumented_status_keeps_status_headers_and_body() {
    let (addr, _) = serve(vec![json(503, r#"{"error":"maintenance"}"#)]).await;
    let error = dfns_client(addr)
        .assign_permission(&assign_input("pm-1"))
        .await
        .unwrap_err();
    let dfns::client::Error::UnexpectedStatus(raw) = &error else {
        panic!("expected an undocumented status, got {error:?}");
    };
    assert_eq!(raw.status, 503);
    assert_eq!(raw.body, br#"{"error":"maintenance"}"#);
    assert_eq!(raw.headers.get("x-trace").unwrap(), "t-1");
    assert_eq!(error.to_string(), "undocumented status 503");
}

#[tokio::test]
async fn a_malformed_body_is_a_decode_error_that_keeps_the_bytes() {
    let (addr, _) = serve(vec![
        json(200, r#"{"id": "as-1", "permissionId": "#),
        json(202, r#"{"id": 5}"#),
        Reply {
            status: 200,
            content_type: "text/html",
            body: "<html>\u{0}</html>".to_owned(),
        },
    ])
    .await;
    let client = dfns_client(addr);
    for expected_status in [200, 202, 200] {
        let error = client
            .assign_permission(&assign_input("pm-1"))
            .await
            .unwrap_err();
        let dfns::client::Error::Decode { response, message } = &error else {
            panic!("expected a decode error, got {error:?}");
        };
        assert_eq!(response.status, expected_status);
        assert!(!response.body.is_empty());
        assert!(!message.is_empty());
    }
}

#[tokio::test]
async fn dfns_list_sends_only_the_bearer_token_and_the_query() {
    let (addr, script) = serve(vec![json(200, &fixture("dfns-list-200.json"))]).await;
    let input = dfns::operations::ListPermissionAssignmentsInput {
        permission_id: "pm-1".to_owned(),
        limit: Some(2),
        pagination_token: Some("a b&c".to_owned()),
    };
    let response = dfns_client(addr)
        .list_permission_assignments(&input)
        .await
        .unwrap();
    let dfns::operations::ListPermissionAssignmentsResponse::Ok(page) = response;
    assert_eq!(page.items.len(), 2);
    assert_eq!(page.next_page_token.as_deref(), Some("eyJwYWdlIjoyfQ"));

    let seen = script.seen.lock().unwrap();
    let request = &seen[0];
    assert_eq!(request.method, Method::GET);
    assert_eq!(request.uri.path(), "/permissions/pm-1/assignments");
    assert_eq!(
        request.uri.query(),
        Some("limit=2&paginationToken=a%20b%26c")
    );
    assert_eq!(request.header("authorization"), Some("Bearer jwt-123"));
    assert_eq!(request.header("x-dfns-useraction"), None);
    assert!(request.body.is_empty());
}

/// A Dfns ID of the documented shape from a short one: `as-1` is
/// `as-00000-00000-00000000000001` (the generated ID types check the shape).
fn full_id(short: &str) -> String {
    let (prefix, n) = short.split_once('-').expect("prefix-number");
    format!("{prefix}-00000-00000-{n:0>14}")
}

fn page(ids: &[&str], next: Option<&str>) -> Reply {
    let items: Vec<serde_json::Value> = ids
        .iter()
        .map(|id| {
            serde_json::json!({
                "id": full_id(id),
                "permissionId": full_id("pm-1"),
                "identityId": "us-1",
                "isImmutable": false,
                "dateCreated": "2023-04-14T20:41:28.715Z",
                "dateUpdated": "2023-04-14T20:41:28.715Z"
            })
        })
        .collect();
    let mut body = serde_json::json!({ "items": items });
    if let Some(next) = next {
        body["nextPageToken"] = next.into();
    }
    json(200, &body.to_string())
}

#[tokio::test]
async fn the_stream_follows_three_pages_until_the_token_is_absent() {
    let (addr, script) = serve(vec![
        page(&["as-1", "as-2"], Some("page-2")),
        page(&["as-3"], Some("page-3")),
        page(&["as-4", "as-5"], None),
        // Never requested: the third page has no token.
        page(&["as-6"], None),
    ])
    .await;
    let input = dfns::operations::ListPermissionAssignmentsInput {
        permission_id: "pm-1".to_owned(),
        limit: Some(2),
        pagination_token: None,
    };
    let client = dfns_client(addr);
    let items: Vec<_> = client
        .list_permission_assignments_stream(input)
        .try_collect()
        .await
        .unwrap();
    let ids: Vec<String> = items.iter().map(|i| i.id.to_string()).collect();
    assert_eq!(ids, ["as-1", "as-2", "as-3", "as-4", "as-5"].map(full_id));

    let seen = script.seen.lock().unwrap();
    let queries: Vec<Option<&str>> = seen.iter().map(|s| s.uri.query()).collect();
    assert_eq!(
        queries,
        [
            Some("limit=2"),
            Some("limit=2&paginationToken=page-2"),
            Some("limit=2&paginationToken=page-3"),
        ]
    );
}

#[tokio::test]
async fn a_failing_page_ends_the_stream_with_its_error() {
    let (addr, _) = serve(vec![
        page(&["as-1"], Some("page-2")),
        json(500, r#"{"oops":true}"#),
    ])
    .await;
    let input = dfns::operations::ListPermissionAssignmentsInput {
        permission_id: "pm-1".to_owned(),
        limit: None,
        pagination_token: None,
    };
    let client = dfns_client(addr);
    let mut stream = std::pin::pin!(client.list_permission_assignments_stream(input));
    assert_eq!(
        stream.try_next().await.unwrap().unwrap().id,
        full_id("as-1").as_str()
    );
    let error = stream.try_next().await.unwrap_err();
    assert!(matches!(error, dfns::client::Error::UnexpectedStatus(raw) if raw.status == 500));
}

#[tokio::test]
async fn missing_credentials_and_invalid_input_stop_before_sending() {
    let (addr, script) = serve(vec![json(200, &fixture("dfns-assign-200.json"))]).await;
    // Only the bearer token: enough for GET, not for POST.
    let client = dfns::client::Client::builder()
        .base_url(format!("http://{addr}"))
        .authentication_token("jwt-123")
        .build()
        .unwrap();
    let error = client
        .assign_permission(&assign_input("pm-1"))
        .await
        .unwrap_err();
    assert!(
        matches!(&error, dfns::client::Error::MissingCredentials(needed) if needed == "authenticationToken and userActionSignature"),
        "{error:?}"
    );

    let client = dfns_client(addr);
    let error = client
        .assign_permission(&assign_input(&"p".repeat(65)))
        .await
        .unwrap_err();
    let dfns::client::Error::Invalid(errors) = &error else {
        panic!("expected a validation error, got {error:?}");
    };
    // One error type, a `std::error::Error`, with every violation and its pointer.
    let source = std::error::Error::source(&error).expect("the validation errors");
    assert_eq!(source.to_string(), errors.to_string());
    let violations = errors.violations();
    assert_eq!(violations.len(), 1);
    assert_eq!(violations[0].pointer, "/path/permissionId");
    assert_eq!(violations[0].rule, "maxLength");
    let list = dfns::operations::ListPermissionAssignmentsInput {
        permission_id: "pm-1".to_owned(),
        limit: Some(501),
        pagination_token: None,
    };
    let error = client.list_permission_assignments(&list).await.unwrap_err();
    assert!(
        matches!(&error, dfns::client::Error::Invalid(v) if v.violations()[0].pointer == "/query/limit" && v.violations()[0].rule == "maximum"),
        "{error:?}"
    );
    assert!(script.seen.lock().unwrap().is_empty(), "nothing was sent");

    // With validation off the same input goes out, percent-encoded into one segment.
    let client = dfns::client::Client::builder()
        .base_url(format!("http://{addr}/"))
        .authentication_token("jwt-123")
        .user_action_signature("signed-action")
        .validate_requests(false)
        .build()
        .unwrap();
    let long = format!("{}/ü?#", "p".repeat(65));
    client
        .assign_permission(&assign_input(&long))
        .await
        .unwrap();
    let seen = script.seen.lock().unwrap();
    assert_eq!(
        seen[0].uri.path(),
        format!("/permissions/{}%2F%C3%BC%3F%23/assignments", "p".repeat(65))
    );
}

#[tokio::test]
async fn default_headers_and_a_user_supplied_http_client_are_used() {
    let (addr, script) = serve(vec![json(200, r#"{"items": []}"#)]).await;
    let http = reqwest::Client::builder()
        .user_agent("seed-http-test")
        .build()
        .unwrap();
    let client = dfns::client::Client::builder()
        .http_client(http)
        .base_url(format!("http://{addr}"))
        .default_header(
            reqwest::header::HeaderName::from_static("x-tenant"),
            reqwest::header::HeaderValue::from_static("acme"),
        )
        .authentication_token("jwt-123")
        .build()
        .unwrap();
    let input = dfns::operations::ListPermissionAssignmentsInput {
        permission_id: "pm-1".to_owned(),
        limit: None,
        pagination_token: None,
    };
    client.list_permission_assignments(&input).await.unwrap();
    let seen = script.seen.lock().unwrap();
    assert_eq!(seen[0].header("x-tenant"), Some("acme"));
    assert_eq!(seen[0].header("user-agent"), Some("seed-http-test"));
    assert_eq!(seen[0].uri.query(), None);
}

#[tokio::test]
async fn the_default_base_url_is_the_first_server() {
    let client = dfns::client::Client::builder().build().unwrap();
    assert_eq!(client.base_url(), "https://api.dfns.io");
    assert_eq!(dfns::client::DEFAULT_BASE_URL, "https://api.dfns.io");
}

#[tokio::test]
async fn a_transport_failure_is_reported_not_panicked() {
    // Bind and drop a listener so the port is closed.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    let error = dfns_client(addr)
        .assign_permission(&assign_input("pm-1"))
        .await
        .unwrap_err();
    assert!(
        matches!(error, dfns::client::Error::Transport { status: None, .. }),
        "{error:?}"
    );
}

fn authentik_client(addr: SocketAddr) -> authentik::client::Client {
    authentik::client::Client::builder()
        .base_url(format!("http://{addr}/api/v3/"))
        .authentik("ak-token")
        .build()
        .unwrap()
}

fn authentik_input() -> authentik::operations::RbacPermissionsAssignedByUsersAssignInput {
    authentik::operations::RbacPermissionsAssignedByUsersAssignInput {
        id: 7,
        body: serde_json::from_str(&fixture("authentik-assign-request.json")).unwrap(),
    }
}

#[tokio::test]
async fn authentik_needs_a_base_url_because_its_server_is_relative() {
    let error = authentik::client::Client::builder().build().unwrap_err();
    assert!(matches!(error, authentik::client::Error::NoBaseUrl));
}

#[tokio::test]
async fn authentik_every_documented_status() {
    use authentik::operations::RbacPermissionsAssignedByUsersAssignResponse as Response;
    let (addr, script) = serve(vec![
        json(200, &fixture("authentik-assign-200.json")),
        json(400, &fixture("authentik-assign-400.json")),
        json(403, &fixture("authentik-assign-403.json")),
        json(404, r#"{"detail":"Not found."}"#),
    ])
    .await;
    let client = authentik_client(addr);
    let input = authentik_input();

    let ok = client
        .rbac_permissions_assigned_by_users_assign(&input)
        .await
        .unwrap();
    let Response::Ok(results) = ok else {
        panic!("expected 200, got {ok:?}");
    };
    assert_eq!(results[0].id, "string");

    // The whole documented response, error statuses included, with status and headers.
    let bad = client
        .rbac_permissions_assigned_by_users_assign_full(&input)
        .await
        .unwrap();
    assert_eq!(bad.status, 400);
    assert_eq!(bad.headers["x-trace"], "t-1");
    let Response::BadRequest(error) = bad.value else {
        panic!("expected 400, got {bad:?}");
    };
    assert_eq!(
        error.non_field_errors.as_deref(),
        Some(&["string".to_owned()][..])
    );
    assert_eq!(
        error.additional_properties["permissions"],
        serde_json::json!(["This field is required."])
    );

    // A documented error status is an `Err` carrying the decoded body.
    let forbidden = client
        .rbac_permissions_assigned_by_users_assign(&input)
        .await
        .unwrap_err();
    assert_eq!(forbidden.status(), Some(403));
    let authentik::client::Error::Status(documented) = forbidden else {
        panic!("expected 403, got {forbidden:?}");
    };
    assert_eq!(documented.headers["x-trace"], "t-1");
    let Response::Forbidden(error) = documented.value else {
        panic!("expected 403, got {documented:?}");
    };
    assert_eq!(error.detail, "string");

    let missing = client
        .rbac_permissions_assigned_by_users_assign(&input)
        .await
        .unwrap_err();
    assert!(
        matches!(missing, authentik::client::Error::UnexpectedStatus(raw) if raw.status == 404)
    );

    let seen = script.seen.lock().unwrap();
    assert_eq!(seen.len(), 4);
    for request in seen.iter() {
        assert_eq!(request.method, Method::POST);
        assert_eq!(
            request.uri.path(),
            "/api/v3/rbac/permissions/assigned_by_users/7/assign/"
        );
        assert_eq!(request.header("authorization"), Some("Bearer ak-token"));
        let body: serde_json::Value = serde_json::from_slice(&request.body).unwrap();
        assert_eq!(body["model"], "authentik_tenants.domain");
    }
}

//! Issue 17's checks, written as a new user would, over 127.0.0.1: the generated Dfns client
//! against the generated Dfns server (an implementation that reads headers and request
//! extensions), and the same for `specs/dfns-errors.yaml`, the Dfns spec with documented
//! error statuses.
//!
//! - one client, a `POST` per call with a one-time `X-DFNS-USERACTION`, an extra header and a
//!   timeout, without rebuilding the client;
//! - `?` stopping on a documented `4xx`, its typed body, status and headers reachable;
//! - a paginated stream in a `while let Some(x) = s.try_next().await?` loop;
//! - a handler reading a header and an extension, and answering `400` to its own `.parse()?`
//!   of a path ID into a constrained newtype;
//! - the server's own `400` (and a handler's `?`, and a missing credential's `401`) decoded by
//!   the generated client as the documented error type; refusals the spec documents no
//!   schema for answered by the implementation's `refusal` hook.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::http::{HeaderName, HeaderValue};
use futures::TryStreamExt;
use seed_http::memory::DfnsStore;
use seed_http::{dfns, dfns_errors};

// Only `serve` is used here; authentik's helpers serve the round-trip tests.
#[allow(dead_code)]
mod common;
use common::serve;

/// What a layer of the application puts into every request's extensions.
#[derive(Clone)]
struct Tenant(&'static str);

/// What the Dfns implementation saw of each `POST`.
#[derive(Debug, Clone, PartialEq)]
struct Seen {
    user_action: Option<String>,
    request_id: Option<String>,
    tenant: Option<&'static str>,
}

/// The Dfns implementation: the in-memory store, behind a handler that reads headers and
/// extensions, and parses the path's permission ID into the documented ID type.
struct Permissions {
    store: DfnsStore,
    seen: Mutex<Vec<Seen>>,
}

#[derive(Clone)]
struct Shared(Arc<Permissions>);

fn header(request: &axum::http::request::Parts, name: &str) -> Option<String> {
    request
        .headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

impl dfns::server::Api for Shared {
    async fn assign_permission(
        &self,
        input: dfns::operations::AssignPermissionInput,
        credentials: dfns::operations::Credentials,
        request: axum::http::request::Parts,
    ) -> Result<dfns::operations::AssignPermissionResponse, dfns::server::HandlerError> {
        if let Some(delay) = header(&request, "x-delay-ms").and_then(|ms| ms.parse().ok()) {
            tokio::time::sleep(Duration::from_millis(delay)).await;
        }
        self.0.seen.lock().unwrap().push(Seen {
            user_action: header(&request, "x-dfns-useraction"),
            request_id: header(&request, "x-request-id"),
            tenant: request.extensions.get::<Tenant>().map(|t| t.0),
        });
        // The path only requires 1 to 64 characters; a permission ID has a documented shape.
        // Not having it is the caller's fault: `?` answers 400.
        let _id: dfns::models::PermissionId = input.permission_id.parse()?;
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
        self.0
            .store
            .list_permission_assignments(input, credentials, request)
            .await
    }
}

const TOKEN: &str = "jwt-123";
const PERMISSION: &str = "pm-00000-00000-00000000000007";

async fn dfns_server() -> (SocketAddr, Arc<Permissions>) {
    let permissions = Arc::new(Permissions {
        store: DfnsStore::new(TOKEN),
        seen: Mutex::default(),
    });
    let app =
        dfns::server::router(Shared(permissions.clone())).layer(axum::Extension(Tenant("acme")));
    (serve(app).await, permissions)
}

/// One client for the whole program: the bearer token is fixed, the user action is not.
fn dfns_client(addr: SocketAddr) -> dfns::client::Client {
    dfns::client::Client::builder()
        .base_url(format!("http://{addr}"))
        .authentication_token(TOKEN)
        .build()
        .unwrap()
}

fn assign(permission_id: &str, identity: &str) -> dfns::operations::AssignPermissionInput {
    dfns::operations::AssignPermissionInput {
        permission_id: permission_id.to_owned(),
        body: Some(dfns::models::AssignPermissionRequest {
            identity_id: identity.parse().expect("a non-empty identity ID"),
        }),
    }
}

#[tokio::test]
async fn one_client_sends_a_one_time_user_action_with_each_post(
) -> Result<(), Box<dyn std::error::Error>> {
    let (addr, permissions) = dfns_server().await;
    let client = dfns_client(addr);
    for n in 0..3 {
        // What a signer would produce for this one request.
        let signature = format!("ua-signed-{n}");
        let request_id = HeaderValue::from_str(&format!("req-{n}"))?;
        let response = client
            .with_user_action_signature(signature)
            .with_header(HeaderName::from_static("x-request-id"), request_id)
            .with_timeout(Duration::from_secs(5))
            .assign_permission(&assign(PERMISSION, &format!("us-{n}")))
            .await?;
        assert_eq!(response.status(), 200);
    }
    let seen = permissions.seen.lock().unwrap().clone();
    let expected: Vec<Seen> = (0..3)
        .map(|n| Seen {
            user_action: Some(format!("ua-signed-{n}")),
            request_id: Some(format!("req-{n}")),
            tenant: Some("acme"),
        })
        .collect();
    assert_eq!(seen, expected);
    // The client itself was never changed: without a user action nothing is sent.
    let error = client
        .assign_permission(&assign(PERMISSION, "us-9"))
        .await
        .unwrap_err();
    assert!(
        matches!(error, dfns::client::Error::MissingCredentials(_)),
        "{error:?}"
    );
    assert_eq!(permissions.seen.lock().unwrap().len(), 3);
    Ok(())
}

#[tokio::test]
async fn a_per_call_timeout_bounds_that_call_only() {
    let (addr, _) = dfns_server().await;
    let client = dfns_client(addr).with_user_action_signature("ua-1");
    let slow = client
        .with_header(
            HeaderName::from_static("x-delay-ms"),
            HeaderValue::from_static("3000"),
        )
        .with_timeout(Duration::from_millis(100));
    let error = slow
        .assign_permission(&assign(PERMISSION, "us-1"))
        .await
        .unwrap_err();
    let dfns::client::Error::Transport { source, .. } = &error else {
        panic!("expected a timeout, got {error:?}");
    };
    assert!(source.is_timeout(), "{source}");
    let response = client
        .assign_permission(&assign(PERMISSION, "us-2"))
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
}

#[tokio::test]
async fn a_listing_streams_in_a_while_let_loop() -> Result<(), Box<dyn std::error::Error>> {
    let (addr, permissions) = dfns_server().await;
    let client = dfns_client(addr);
    for n in 0..5 {
        client
            .with_user_action_signature(format!("ua-{n}"))
            .assign_permission(&assign(PERMISSION, &format!("us-{n}")))
            .await?;
    }
    let mut assignments = client.list_permission_assignments_stream(
        dfns::operations::ListPermissionAssignmentsInput {
            permission_id: PERMISSION.to_owned(),
            limit: Some(2),
            pagination_token: None,
        },
    );
    let mut identities = Vec::new();
    while let Some(assignment) = assignments.try_next().await? {
        identities.push(assignment.identity_id.to_string());
    }
    assert_eq!(identities, ["us-0", "us-1", "us-2", "us-3", "us-4"]);
    assert_eq!(permissions.seen.lock().unwrap().len(), 5);
    Ok(())
}

#[tokio::test]
async fn a_handlers_parse_error_is_answered_400_with_the_violation() {
    let (addr, _) = dfns_server().await;
    let error = dfns_client(addr)
        .with_user_action_signature("ua-1")
        .assign_permission(&assign("not-a-permission", "us-1"))
        .await
        .unwrap_err();
    // The Dfns spec documents no 400, so the answer comes back whole.
    let dfns::client::Error::UnexpectedStatus(raw) = error else {
        panic!("expected a 400, got {error:?}");
    };
    assert_eq!(raw.status, 400);
    let document: serde_json::Value = serde_json::from_slice(&raw.body).unwrap();
    assert_eq!(document["violations"][0]["rule"], "pattern", "{document}");
}

/// Dfns with documented error statuses (`specs/dfns-errors.yaml`): an implementation that
/// answers the documented `403` to a read-only token, and `?`s its parse of the permission
/// ID (a `400` in the documented schema when it fails).
struct Documented;

const READ_ONLY: &str = "jwt-read-only";

impl dfns_errors::server::Api for Documented {
    async fn assign_permission(
        &self,
        input: dfns_errors::operations::AssignPermissionInput,
        credentials: dfns_errors::operations::Credentials,
        _request: axum::http::request::Parts,
    ) -> Result<dfns_errors::operations::AssignPermissionResponse, dfns_errors::server::HandlerError>
    {
        use dfns_errors::operations::AssignPermissionResponse as Response;
        if credentials.authentication_token.as_deref() == Some(READ_ONLY) {
            let body = serde_json::json!({
                "error": { "message": "The token is read-only.", "httpStatus": 403 }
            });
            return Ok(Response::Forbidden(serde_json::from_value(body)?));
        }
        let permission_id: dfns_errors::models::PermissionId = input.permission_id.parse()?;
        let identity_id = input.body.map(|b| b.identity_id.to_string());
        let assignment = serde_json::json!({
            "id": "as-00000-00000-00000000000001",
            "permissionId": permission_id.to_string(),
            "identityId": identity_id,
            "isImmutable": false,
            "dateCreated": "2024-01-01T00:00:00Z",
            "dateUpdated": "2024-01-01T00:00:00Z",
        });
        Ok(Response::Ok(serde_json::from_value(assignment)?))
    }

    async fn list_permission_assignments(
        &self,
        _input: dfns_errors::operations::ListPermissionAssignmentsInput,
        _credentials: dfns_errors::operations::Credentials,
        _request: axum::http::request::Parts,
    ) -> Result<
        dfns_errors::operations::ListPermissionAssignmentsResponse,
        dfns_errors::server::HandlerError,
    > {
        Err(dfns_errors::server::HandlerError::NotFound)
    }

    /// Refusals the spec documents no schema for (here `404` and `415`): a plain sentence.
    fn refusal(&self, refusal: dfns_errors::server::Refusal) -> axum::response::Response {
        use axum::response::IntoResponse;
        (refusal.status, format!("refused: {}", refusal.message)).into_response()
    }
}

async fn documented_server() -> SocketAddr {
    serve(dfns_errors::server::router(Documented)).await
}

/// The generated client of the documented-errors Dfns spec; `validate` off lets invalid
/// input reach the server, whose own validation then answers.
fn documented_client(addr: SocketAddr, token: &str, validate: bool) -> dfns_errors::client::Client {
    dfns_errors::client::Client::builder()
        .base_url(format!("http://{addr}"))
        .authentication_token(token)
        .user_action_signature("ua")
        .validate_requests(validate)
        .build()
        .unwrap()
}

fn documented_assign(
    permission_id: &str,
    identity: &str,
) -> dfns_errors::operations::AssignPermissionInput {
    dfns_errors::operations::AssignPermissionInput {
        permission_id: permission_id.to_owned(),
        body: Some(dfns_errors::models::AssignPermissionRequest {
            identity_id: identity.parse().expect("a non-empty identity ID"),
        }),
    }
}

type AssignError = dfns_errors::client::Error<dfns_errors::operations::AssignPermissionResponse>;

/// A new user's function: `?` passes every failure on, documented error statuses included.
async fn grant(
    client: &dfns_errors::client::Client,
    permission_id: &str,
    identity: &str,
) -> Result<String, Box<dyn std::error::Error + Send + Sync>> {
    use dfns_errors::operations::AssignPermissionResponse as Response;
    match client
        .assign_permission(&documented_assign(permission_id, identity))
        .await?
    {
        Response::Ok(assignment) => Ok(assignment.identity_id.to_string()),
        other => Err(format!("not an error status, yet not 200: {other:?}").into()),
    }
}

#[tokio::test]
async fn question_mark_stops_on_a_documented_4xx_with_its_typed_body() {
    use dfns_errors::operations::AssignPermissionResponse as Response;
    let addr = documented_server().await;
    let client = documented_client(addr, TOKEN, true);
    assert_eq!(grant(&client, PERMISSION, "us-1").await.unwrap(), "us-1");

    let read_only = documented_client(addr, READ_ONLY, true);
    let error = grant(&read_only, PERMISSION, "us-1").await.unwrap_err();
    let error = error.downcast::<AssignError>().expect("the client's error");
    assert_eq!(error.status(), Some(403));
    let dfns_errors::client::Error::Status(documented) = *error else {
        panic!("expected a documented status, got {error:?}");
    };
    assert_eq!(documented.headers["content-type"], "application/json");
    let Response::Forbidden(body) = documented.value else {
        panic!("expected 403, got {documented:?}");
    };
    assert_eq!(body.error.message, "The token is read-only.");
    assert_eq!(body.error.http_status, 403);
}

#[tokio::test]
async fn the_servers_own_400_decodes_as_the_documented_error() {
    use dfns_errors::operations::AssignPermissionResponse as Response;
    let addr = documented_server().await;
    // Not checked before sending, so the router's own validation answers.
    let client = documented_client(addr, TOKEN, false);
    // The permission ID is longer than the path parameter's `maxLength: 64`.
    let error = grant(&client, &"p".repeat(65), "us-1").await.unwrap_err();
    let error = error.downcast::<AssignError>().expect("the client's error");
    let Some(Response::BadRequest(body)) = error.response() else {
        panic!("expected the documented 400, got {error:?}");
    };
    assert_eq!(body.error.http_status, 400);
    let pointers: Vec<&str> = body
        .error
        .violations
        .iter()
        .flatten()
        .map(|v| v.pointer.as_str())
        .collect();
    assert_eq!(pointers, ["/path/permissionId"], "{body:?}");
    assert!(body.error.message.contains("does not conform"), "{body:?}");
}

#[tokio::test]
async fn a_handlers_parse_error_is_a_documented_400() {
    use dfns_errors::operations::AssignPermissionResponse as Response;
    let addr = documented_server().await;
    let client = documented_client(addr, TOKEN, true);
    let error = grant(&client, "not-a-permission", "us-1")
        .await
        .unwrap_err();
    let error = error.downcast::<AssignError>().expect("the client's error");
    let Some(Response::BadRequest(body)) = error.response() else {
        panic!("expected the documented 400, got {error:?}");
    };
    let violations = body.error.violations.as_deref().unwrap_or_default();
    assert_eq!(violations.len(), 1, "{body:?}");
    assert!(violations[0].message.contains("pattern"), "{body:?}");
}

#[tokio::test]
async fn missing_credentials_get_the_documented_401_and_other_refusals_the_hook() {
    let addr = documented_server().await;
    let http = reqwest::Client::new();
    let url = format!("http://{addr}/permissions/{PERMISSION}/assignments");
    let missing = http.get(&url).send().await.unwrap();
    assert_eq!(missing.status(), 401);
    assert_eq!(missing.headers()["www-authenticate"], "Bearer");
    let body: dfns_errors::models::ErrorResponse =
        serde_json::from_slice(&missing.bytes().await.unwrap()).unwrap();
    assert_eq!(body.error.http_status, 401);
    assert_eq!(body.error.message, "Credentials are missing.");

    // `415` is not documented: the implementation's `refusal` decides the body.
    let text = http
        .post(&url)
        .bearer_auth(TOKEN)
        .header("x-dfns-useraction", "ua")
        .header("content-type", "text/plain")
        .body("identityId=us-1")
        .send()
        .await
        .unwrap();
    assert_eq!(text.status(), 415);
    assert_eq!(
        text.text().await.unwrap(),
        "refused: The content type is not accepted."
    );
    // Neither is `404`, a handler's error.
    let listing = http.get(&url).bearer_auth(TOKEN).send().await.unwrap();
    assert_eq!(listing.status(), 404);
    assert_eq!(listing.text().await.unwrap(), "refused: Not Found");
}

/// A middleware that records every attempt it passes on, as a tracing layer would.
#[derive(Default, Clone)]
struct Attempts(Arc<Mutex<Vec<String>>>);

impl dfns::client::Middleware for Attempts {
    fn handle<'a>(
        &'a self,
        request: reqwest::Request,
        next: dfns::client::MiddlewareNext<'a>,
    ) -> dfns::client::MiddlewareFuture<'a> {
        self.0
            .lock()
            .unwrap()
            .push(format!("{} {}", request.method(), request.url().path()));
        next.run(request)
    }
}

/// Answers `503` with `Retry-After: 0` to the first `busy` requests, then lists nothing.
async fn busy_server(busy: usize) -> SocketAddr {
    let count = Arc::new(Mutex::new(0usize));
    let app = axum::Router::new().fallback(move || {
        let count = count.clone();
        async move {
            let mut count = count.lock().unwrap();
            *count += 1;
            if *count <= busy {
                (
                    axum::http::StatusCode::SERVICE_UNAVAILABLE,
                    [("retry-after", "0")],
                    String::new(),
                )
            } else {
                (
                    axum::http::StatusCode::OK,
                    [("content-type", "application/json")],
                    r#"{"items":[]}"#.to_owned(),
                )
            }
        }
    });
    serve(app).await
}

#[tokio::test]
async fn retries_and_tracing_plug_in_as_middleware() {
    let addr = busy_server(2).await;
    let attempts = Attempts::default();
    let client = dfns::client::Client::builder()
        .base_url(format!("http://{addr}"))
        .authentication_token(TOKEN)
        .middleware(dfns::client::RetryPolicy::new(3).base_delay(Duration::from_millis(1)))
        .middleware(attempts.clone())
        .build()
        .unwrap();
    let listing = client
        .list_permission_assignments(&dfns::operations::ListPermissionAssignmentsInput {
            permission_id: PERMISSION.to_owned(),
            limit: None,
            pagination_token: None,
        })
        .await
        .unwrap();
    assert_eq!(listing.status(), 200);
    let path = format!("GET /permissions/{PERMISSION}/assignments");
    assert_eq!(*attempts.0.lock().unwrap(), [path.as_str(); 3]);

    // A `POST` is not safe to repeat: its `503` comes back at once.
    let addr = busy_server(1).await;
    let attempts = Attempts::default();
    let client = dfns::client::Client::builder()
        .base_url(format!("http://{addr}"))
        .authentication_token(TOKEN)
        .user_action_signature("ua")
        .middleware(dfns::client::RetryPolicy::new(3).base_delay(Duration::from_millis(1)))
        .middleware(attempts.clone())
        .build()
        .unwrap();
    let error = client
        .assign_permission(&assign(PERMISSION, "us-1"))
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(503));
    assert_eq!(attempts.0.lock().unwrap().len(), 1);
}

//! What the tests that run generated clients against generated servers share: a server on
//! an ephemeral port of 127.0.0.1, and authentik's server, client and an assignment input.

use std::net::SocketAddr;

use seed_http::authentik;
use seed_http::memory::AuthentikStore;

/// Serves `app` on an ephemeral port of 127.0.0.1 and returns its address.
pub async fn serve(app: axum::Router) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    addr
}

/// authentik's generated router over the in-memory store (admin token `ak-admin`, read-only
/// token `ro-viewer`), under `/api/v3`.
pub async fn authentik_server() -> SocketAddr {
    let app = axum::Router::new().nest(
        "/api/v3",
        authentik::server::router(AuthentikStore::new("ak-admin", "ro-viewer")),
    );
    serve(app).await
}

/// authentik's generated client for the server at `addr`, with `token`.
pub fn authentik_client(addr: SocketAddr, token: &str) -> authentik::client::Client {
    authentik::client::Client::builder()
        .base_url(format!("http://{addr}/api/v3"))
        .authentik(token)
        .build()
        .unwrap()
}

/// An assignment of `permissions` to user 7 on object `42`.
pub fn authentik_assign(
    permissions: &[&str],
) -> authentik::operations::RbacPermissionsAssignedByUsersAssignInput {
    authentik::operations::RbacPermissionsAssignedByUsersAssignInput {
        id: 7,
        body: authentik::models::PermissionAssignRequest {
            permissions: permissions.iter().map(|p| (*p).to_owned()).collect(),
            model: Some(authentik::models::ModelEnum::AuthentikCoreUser),
            object_pk: Some("42".parse().expect("a non-empty object key")),
        },
    }
}

/// The pointers and rules of a `400`'s problem document.
pub async fn violations(response: reqwest::Response) -> Vec<(String, String)> {
    assert_eq!(response.status(), 400);
    let document: serde_json::Value = response.json().await.unwrap();
    document["violations"]
        .as_array()
        .expect("violations")
        .iter()
        .map(|v| {
            (
                v["pointer"].as_str().unwrap().to_owned(),
                v["rule"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

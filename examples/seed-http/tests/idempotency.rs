//! An API that declares an `Idempotency-Key` header, over 127.0.0.1: the generated client
//! fills the key per call when the caller leaves it out, keeps the caller's own, and the
//! retry policy resends the same key with every attempt of one call.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use seed_http::orders;

// Only `serve` is used here; authentik's helpers serve the round-trip tests.
#[allow(dead_code)]
mod common;
use common::serve;

/// Answers `503` with `Retry-After: 0` to the first `busy` requests, then `201`; records the
/// `Idempotency-Key` of every request.
async fn orders_server(busy: usize) -> (SocketAddr, Arc<Mutex<Vec<Option<String>>>>) {
    let keys: Arc<Mutex<Vec<Option<String>>>> = Arc::default();
    let seen = keys.clone();
    let app = axum::Router::new().fallback(move |headers: axum::http::HeaderMap| {
        let seen = seen.clone();
        async move {
            let key = headers
                .get("idempotency-key")
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned);
            let mut seen = seen.lock().unwrap();
            seen.push(key);
            if seen.len() <= busy {
                (
                    axum::http::StatusCode::SERVICE_UNAVAILABLE,
                    [("retry-after", "0")],
                    String::new(),
                )
            } else {
                (
                    axum::http::StatusCode::CREATED,
                    [("content-type", "application/json")],
                    r#"{"id":"o-1"}"#.to_owned(),
                )
            }
        }
    });
    (serve(app).await, keys)
}

fn client(addr: SocketAddr) -> orders::client::Client {
    orders::client::Client::builder()
        .base_url(format!("http://{addr}"))
        .middleware(orders::client::RetryPolicy::new(3).base_delay(Duration::from_millis(1)))
        .build()
        .unwrap()
}

fn order(key: Option<&str>) -> orders::operations::PlaceOrderInput {
    orders::operations::PlaceOrderInput {
        idempotency_key: key.map(str::to_owned),
        body: orders::models::PlaceOrderRequest {
            item: "tea".to_owned(),
        },
    }
}

fn is_uuid_v4(key: &str) -> bool {
    let groups: Vec<&str> = key.split('-').collect();
    groups.iter().map(|g| g.len()).collect::<Vec<_>>() == [8, 4, 4, 4, 12]
        && key.chars().all(|c| c == '-' || c.is_ascii_hexdigit())
        && groups[2].starts_with('4')
}

#[tokio::test]
async fn a_post_with_a_filled_key_is_retried_with_the_same_key() {
    let (addr, keys) = orders_server(2).await;
    let client = client(addr);
    let placed = client.place_order(&order(None)).await.unwrap();
    assert_eq!(placed.status(), 201);
    let keys = keys.lock().unwrap().clone();
    assert_eq!(keys.len(), 3, "two busy answers, then the order: {keys:?}");
    let first = keys[0].clone().expect("the client filled the key");
    assert!(is_uuid_v4(&first), "{first}");
    assert!(
        keys.iter().all(|k| k.as_deref() == Some(first.as_str())),
        "{keys:?}"
    );
}

#[tokio::test]
async fn each_call_gets_a_fresh_key_and_the_callers_own_is_kept() {
    let (addr, keys) = orders_server(0).await;
    let client = client(addr);
    client.place_order(&order(None)).await.unwrap();
    client.place_order(&order(None)).await.unwrap();
    client.place_order(&order(Some("mine-1"))).await.unwrap();
    let keys = keys.lock().unwrap().clone();
    assert_eq!(keys.len(), 3);
    assert_ne!(keys[0], keys[1], "a fresh key per call");
    assert_eq!(keys[2].as_deref(), Some("mine-1"));
}

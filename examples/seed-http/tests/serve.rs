//! `seed_http::serve` over 127.0.0.1: slow heads, idle connections and slow bodies are cut
//! off within their limits; a graceful shutdown lets a request in flight finish.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use seed_http::memory::DfnsStore;
use seed_http::serve::{serve, Limits};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::oneshot;

const LIMITS: Limits = Limits {
    head: Duration::from_millis(300),
    body: Duration::from_millis(300),
    drain: Duration::from_secs(5),
};

async fn start(
    app: axum::Router,
) -> (SocketAddr, oneshot::Sender<()>, tokio::task::JoinHandle<()>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = oneshot::channel::<()>();
    let server = tokio::spawn(async move {
        serve(listener, app, LIMITS, async {
            let _ = stopped.await;
        })
        .await
        .unwrap();
    });
    (addr, stop, server)
}

fn dfns() -> axum::Router {
    seed_http::dfns::server::router(DfnsStore::new("jwt"))
}

/// Reads until the server closes the connection (or 3 s pass, which fails), returning what
/// arrived and how long it took.
async fn until_closed(stream: &mut TcpStream) -> (String, Duration) {
    let started = Instant::now();
    let mut received = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(3), stream.read_to_end(&mut received));
    match read.await {
        Ok(_) => {}
        Err(_) => panic!(
            "the connection is still open after 3 s; received {:?}",
            String::from_utf8_lossy(&received)
        ),
    }
    (
        String::from_utf8_lossy(&received).into_owned(),
        started.elapsed(),
    )
}

#[tokio::test]
async fn a_connection_that_sends_nothing_is_closed() {
    let (addr, _stop, _) = start(dfns()).await;
    let mut stream = TcpStream::connect(addr).await.unwrap();
    let (_, waited) = until_closed(&mut stream).await;
    assert!(waited >= Duration::from_millis(250), "{waited:?}");
}

#[tokio::test]
async fn a_head_that_never_ends_is_cut_off() {
    let (addr, _stop, _) = start(dfns()).await;
    let mut stream = TcpStream::connect(addr).await.unwrap();
    stream
        .write_all(b"GET /permissions/pm-1/assignments HTTP/1.1\r\nhost: x\r\nx-slow: ")
        .await
        .unwrap();
    let (received, _) = until_closed(&mut stream).await;
    assert!(
        received.is_empty() || received.starts_with("HTTP/1.1 408"),
        "{received}"
    );
}

#[tokio::test]
async fn an_idle_keep_alive_connection_is_closed_after_its_request() {
    let (addr, _stop, _) = start(dfns()).await;
    let mut stream = TcpStream::connect(addr).await.unwrap();
    stream
        .write_all(b"GET /permissions/pm-1/assignments HTTP/1.1\r\nhost: x\r\n\r\n")
        .await
        .unwrap();
    let (received, _) = until_closed(&mut stream).await;
    // The request was answered (401: no credentials), then the idle connection closed.
    assert!(received.starts_with("HTTP/1.1 401"), "{received}");
}

#[tokio::test]
async fn a_body_that_stalls_is_refused() {
    let (addr, _stop, _) = start(dfns()).await;
    let mut stream = TcpStream::connect(addr).await.unwrap();
    stream
        .write_all(
            b"POST /permissions/pm-1/assignments HTTP/1.1\r\nhost: x\r\nauthorization: Bearer jwt\r\n\
              x-dfns-useraction: ua\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{\"ide",
        )
        .await
        .unwrap();
    let started = Instant::now();
    let mut buffer = [0u8; 1024];
    let read = tokio::time::timeout(Duration::from_secs(3), stream.read(&mut buffer))
        .await
        .expect("an answer before 3 s")
        .unwrap();
    let received = String::from_utf8_lossy(&buffer[..read]);
    assert!(started.elapsed() >= Duration::from_millis(250));
    assert!(
        received.is_empty() || received.starts_with("HTTP/1.1 4"),
        "{received}"
    );
}

#[tokio::test]
async fn shutdown_lets_a_request_in_flight_finish_and_stops_accepting() {
    // The handler says when the request has arrived, so shutdown starts while it is in
    // flight however long the client takes to connect.
    let arrived = std::sync::Arc::new(tokio::sync::Notify::new());
    let signal = arrived.clone();
    let app = axum::Router::new().route(
        "/slow",
        axum::routing::get(move || async move {
            signal.notify_one();
            tokio::time::sleep(Duration::from_millis(300)).await;
            "done"
        }),
    );
    let (addr, stop, server) = start(app).await;
    let http = reqwest::Client::new();
    let in_flight = tokio::spawn(async move {
        http.get(format!("http://{addr}/slow"))
            .send()
            .await?
            .text()
            .await
    });
    arrived.notified().await;
    stop.send(()).unwrap();
    assert_eq!(in_flight.await.unwrap().unwrap(), "done");
    tokio::time::timeout(Duration::from_secs(3), server)
        .await
        .expect("serve returns once drained")
        .unwrap();
    assert!(TcpStream::connect(addr).await.is_err());
}

//! Serving a generated router in production: bounded slow and idle connections, and a
//! graceful shutdown. `axum::serve` bounds neither; this is the recipe the example server uses.
//!
//! ```no_run
//! # async fn run() -> std::io::Result<()> {
//! use seed_http::memory::DfnsStore;
//! use seed_http::serve::{serve, Limits};
//!
//! let app = seed_http::dfns::server::router(DfnsStore::new("token"));
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:8080").await?;
//! let stop = async {
//!     let _ = tokio::signal::ctrl_c().await;
//! };
//! serve(listener, app, Limits::default(), stop).await
//! # }
//! ```

use std::future::Future;
use std::time::Duration;

use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;

/// How long a connection may take over each part of its work.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// The time from when a connection waits for a request until that request's head (line
    /// and headers) has arrived in full. It bounds slow headers ("slowloris") and idle
    /// keep-alive connections alike: a connection that sends no next request within it is
    /// closed.
    pub head: Duration,
    /// The time a request's body may take to arrive in full once its head has; past it the
    /// body is cut off and the request refused.
    pub body: Duration,
    /// How long a graceful shutdown waits for requests in flight before closing their
    /// connections.
    pub drain: Duration,
}

impl Default for Limits {
    /// 10 s for a head (and between requests), 30 s for a body, 30 s to drain.
    fn default() -> Self {
        Self {
            head: Duration::from_secs(10),
            body: Duration::from_secs(30),
            drain: Duration::from_secs(30),
        }
    }
}

/// Serves `app` on `listener` over HTTP/1.1 within `limits` until `shutdown` completes; then
/// stops accepting, lets requests in flight finish (up to `limits.drain`) and returns.
///
/// A failed `accept` (e.g. too many open files) is logged through `tracing` and retried after
/// a short pause rather than ending the server.
pub async fn serve(
    listener: TcpListener,
    app: axum::Router,
    limits: Limits,
    shutdown: impl Future<Output = ()>,
) -> std::io::Result<()> {
    let app = app.layer(tower_http::timeout::RequestBodyTimeoutLayer::new(
        limits.body,
    ));
    let graceful = GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(error) => {
                    tracing::warn!(%error, "accepting a connection failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let service = TowerToHyperService::new(app.clone());
        let mut http = hyper::server::conn::http1::Builder::new();
        http.timer(TokioTimer::new())
            .header_read_timeout(limits.head);
        let connection = http.serve_connection(TokioIo::new(stream), service);
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            if let Err(error) = connection.await {
                tracing::debug!(%error, "connection ended with an error");
            }
        });
    }
    drop(listener);
    if tokio::time::timeout(limits.drain, graceful.shutdown())
        .await
        .is_err()
    {
        tracing::warn!("requests still in flight when the drain time ran out");
    }
    Ok(())
}

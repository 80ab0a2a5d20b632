//! The example server: the generated router of a seed spec over an in-memory store.
//!
//! ```sh
//! cargo run -p seed-http --bin permissions-server            # Dfns on 127.0.0.1:8080
//! cargo run -p seed-http --bin permissions-server -- authentik 127.0.0.1:8081
//! ```
//!
//! authentik's paths are served under its server's base path, `/api/v3`. The bearer token is
//! `demo-token` (`DEMO_TOKEN` in the environment changes it); for authentik, `read-only-token`
//! gets `403`.

use std::process::ExitCode;

use seed_http::memory::{AuthentikStore, DfnsStore};
use seed_http::serve::Limits;

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let spec = args.next().unwrap_or_else(|| "dfns".to_owned());
    let addr = args.next().unwrap_or_else(|| "127.0.0.1:8080".to_owned());
    let token = std::env::var("DEMO_TOKEN").unwrap_or_else(|_| "demo-token".to_owned());
    let app = match spec.as_str() {
        "dfns" => seed_http::dfns::server::router(DfnsStore::new(token)),
        "authentik" => axum::Router::new().nest(
            "/api/v3",
            seed_http::authentik::server::router(AuthentikStore::new(token, "read-only-token")),
        ),
        other => {
            eprintln!("unknown spec `{other}`: use `dfns` or `authentik`");
            return ExitCode::from(2);
        }
    };
    let listener = match tokio::net::TcpListener::bind(&addr).await {
        Ok(listener) => listener,
        Err(e) => {
            eprintln!("cannot listen on {addr}: {e}");
            return ExitCode::FAILURE;
        }
    };
    // The bound address (the port is the system's choice when `addr` ends in `:0`).
    match listener.local_addr() {
        Ok(bound) => eprintln!("{spec} permissions server listening on http://{bound}"),
        Err(_) => eprintln!("{spec} permissions server listening on http://{addr}"),
    }
    // Slow and idle connections are closed; Ctrl-C stops accepting and drains.
    let stop = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    if let Err(e) = seed_http::serve::serve(listener, app, Limits::default(), stop).await {
        eprintln!("server failed: {e}");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}

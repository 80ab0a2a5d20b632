//! Serves the generated `MockApi` at the address given as the first argument.

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let addr = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:8080".to_owned());
    let listener = tokio::net::TcpListener::bind(&addr).await?;
    eprintln!("mock: serving on http://{}", listener.local_addr()?);
    axum::serve(listener, api::server::router(api::mock::MockApi)).await
}

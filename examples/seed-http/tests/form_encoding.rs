//! `fixtures/form-encoding.yaml`: a form body's `encoding` (arrays not exploded, pipe and
//! space delimited, an object as JSON text, an object with deepObject keys) is written by
//! the generated client and read by the generated router as the spec's tables define it.

use std::net::SocketAddr;

use seed_http::fixtures::form_encoding::client::Client;
use seed_http::fixtures::form_encoding::models::{Search, SearchAddress, SearchFilter};
use seed_http::fixtures::form_encoding::operations::{SearchInput, SearchResponse};
use seed_http::fixtures::form_encoding::server::{router, Api, HandlerError};
use serde_json::json;

/// Answers with the body as the router read it.
struct Echo;

impl Api for Echo {
    async fn search(
        &self,
        input: SearchInput,
        _request: axum::http::request::Parts,
    ) -> Result<SearchResponse, HandlerError> {
        Ok(SearchResponse::Ok(input.body))
    }
}

async fn serve() -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router(Echo)).await.unwrap() });
    addr
}

#[tokio::test]
async fn the_router_reads_each_property_as_its_encoding_writes_it() {
    let addr = serve().await;
    let text = "name=n&ids=1,2,3&tags=a|b&colors=red%20blue\
        &filter=%7B%22kind%22%3A%22x%22%2C%22after%22%3A5%7D&address%5Bcity%5D=Oslo";
    let response = reqwest::Client::new()
        .post(format!("http://{addr}/search"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(text)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let read: serde_json::Value = response.json().await.unwrap();
    assert_eq!(
        read,
        json!({
            "name": "n",
            "ids": [1, 2, 3],
            "tags": ["a", "b"],
            "colors": ["red", "blue"],
            "filter": {"kind": "x", "after": 5},
            "address": {"city": "Oslo"},
        })
    );
}

#[tokio::test]
async fn what_the_client_writes_the_router_reads_back() {
    let addr = serve().await;
    let client = Client::builder()
        .base_url(format!("http://{addr}"))
        .build()
        .unwrap();
    let mut search = Search::new("two words".to_owned());
    search.ids = Some(vec![4, 5]);
    search.tags = Some(vec!["x".to_owned(), "y z".to_owned()]);
    search.colors = Some(vec!["green".to_owned()]);
    search.filter = Some(SearchFilter {
        kind: Some("k&v".to_owned()),
        after: Some(9),
        ..SearchFilter::default()
    });
    search.address = Some(SearchAddress {
        city: Some("Bergen".to_owned()),
        ..SearchAddress::default()
    });
    let input = SearchInput {
        body: search.clone(),
    };
    let SearchResponse::Ok(read) = client.search(&input).await.unwrap();
    assert_eq!(read, search);
}

//! `specs/strict-requests.yaml` over 127.0.0.1: a type both a request and a response carry
//! is read leniently by the client and strictly by the generated router, which refuses a
//! `null` where a property is not nullable and a value an enum does not list, in JSON and
//! form bodies, and keeps the undeclared properties the schema allows.

use std::net::SocketAddr;

use axum::http::request::Parts;
use seed_http::strict::models::{Color, Label, Note};
use seed_http::strict::operations::{
    CreateLabelInput, CreateLabelResponse, CreateNoteInput, CreateNoteResponse, CreateNotesInput,
    CreateNotesResponse,
};
use seed_http::strict::server::{Api, HandlerError};
use serde_json::json;

/// Answers every request with what it decoded.
#[derive(Clone)]
struct Echo;

impl Api for Echo {
    async fn create_note(
        &self,
        input: CreateNoteInput,
        _request: Parts,
    ) -> Result<CreateNoteResponse, HandlerError> {
        Ok(CreateNoteResponse::Created(input.body))
    }

    async fn create_notes(
        &self,
        input: CreateNotesInput,
        _request: Parts,
    ) -> Result<CreateNotesResponse, HandlerError> {
        Ok(CreateNotesResponse::Created(input.body))
    }

    async fn create_label(
        &self,
        input: CreateLabelInput,
        _request: Parts,
    ) -> Result<CreateLabelResponse, HandlerError> {
        Ok(CreateLabelResponse::Created(input.body))
    }
}

/// The generated router over [`Echo`] on an ephemeral port of 127.0.0.1.
async fn server() -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = seed_http::strict::server::router(Echo);
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    addr
}

async fn post_json(addr: SocketAddr, body: serde_json::Value) -> (u16, serde_json::Value) {
    post_json_to(addr, "/notes", body).await
}

async fn post_json_to(
    addr: SocketAddr,
    path: &str,
    body: serde_json::Value,
) -> (u16, serde_json::Value) {
    let response = reqwest::Client::new()
        .post(format!("http://{addr}{path}"))
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap())
}

async fn post_form(addr: SocketAddr, body: &str) -> (u16, serde_json::Value) {
    let response = reqwest::Client::new()
        .post(format!("http://{addr}/labels"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body.to_owned())
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap())
}

/// The pointers of a refusal's violations.
fn pointers(problem: &serde_json::Value) -> Vec<String> {
    problem["violations"]
        .as_array()
        .unwrap_or_else(|| panic!("a problem document with violations: {problem}"))
        .iter()
        .map(|v| v["pointer"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn a_null_on_an_optional_property_that_is_not_nullable_is_refused() {
    let addr = server().await;
    for property in ["color", "tags", "pinned"] {
        let (status, problem) = post_json(addr, json!({ "title": "t", property: null })).await;
        assert_eq!(status, 400, "{property}: {problem}");
        assert_eq!(
            pointers(&problem),
            [format!("/body/{property}")],
            "{problem}"
        );
    }
    // A nullable property takes its `null`; absence is fine everywhere.
    let (status, note) = post_json(addr, json!({ "title": "t", "summary": null })).await;
    assert_eq!(
        (status, note),
        (201, json!({ "title": "t", "summary": null }))
    );
    let (status, note) = post_json(addr, json!({ "title": "t" })).await;
    assert_eq!((status, note), (201, json!({ "title": "t" })));
}

#[tokio::test]
async fn a_value_the_enum_does_not_list_is_refused() {
    let addr = server().await;
    let (status, problem) = post_json(addr, json!({ "title": "t", "color": "blue" })).await;
    assert_eq!(status, 400, "{problem}");
    assert_eq!(pointers(&problem), ["/body/color"], "{problem}");
    let (status, problem) = post_form(addr, "name=n&color=blue").await;
    assert_eq!(status, 400, "{problem}");
    assert_eq!(pointers(&problem), ["/body/color"], "{problem}");
    let (status, label) = post_form(addr, "name=n&color=green").await;
    assert_eq!(
        (status, label),
        (201, json!({ "name": "n", "color": "green" }))
    );
}

#[tokio::test]
async fn each_item_of_an_array_body_is_checked() {
    let addr = server().await;
    let sent = json!([{ "title": "a", "color": "red" }, { "title": "b", "color": "blue" }]);
    let (status, problem) = post_json_to(addr, "/notes/batch", sent).await;
    assert_eq!(status, 400, "{problem}");
    assert_eq!(pointers(&problem), ["/body/1/color"], "{problem}");
    let sent = json!([{ "title": "a", "color": "red" }, { "title": "b" }]);
    let (status, notes) = post_json_to(addr, "/notes/batch", sent.clone()).await;
    assert_eq!((status, notes), (201, sent));
}

#[tokio::test]
async fn undeclared_properties_the_schema_allows_are_kept() {
    let addr = server().await;
    let sent = json!({ "title": "t", "color": "red", "mood": { "calm": true } });
    let (status, note) = post_json(addr, sent.clone()).await;
    assert_eq!((status, note), (201, sent));
}

#[tokio::test]
async fn the_client_still_reads_responses_leniently() {
    // The same types, read as a client reads a response: `null` is absent, an unlisted
    // value is kept; and a request read on this thread before leaves no trace.
    let addr = server().await;
    let (status, _) = post_json(addr, json!({ "title": "t", "tags": null })).await;
    assert_eq!(status, 400);
    let note: Note =
        serde_json::from_value(json!({ "title": "t", "tags": null, "color": "blue" })).unwrap();
    assert_eq!(note.tags, None);
    assert_eq!(note.color, Some(Color::Unknown("blue".to_owned())));
    let label: Label = serde_json::from_value(json!({ "name": "n", "color": null })).unwrap();
    assert_eq!(label.color, None);
}

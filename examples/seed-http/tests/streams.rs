//! Streamed responses over 127.0.0.1 (`specs/streams.yaml`): the generated router sends
//! what its handlers stream as server-sent events or JSON lines, and the generated client
//! reads typed items as they arrive, reconnecting (opt-in) after the last event it saw.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::http::request::Parts;
use futures::StreamExt;
use seed_http::streams::client::{Client, Error};
use seed_http::streams::models::Tick;
use seed_http::streams::operations::stream::{Event, EventStream};
use seed_http::streams::operations::{
    ExportTicksInput, ExportTicksResponse, SequenceTicksInput, SequenceTicksResponse,
    WatchMessagesInput, WatchMessagesResponse, WatchTicksInput, WatchTicksResponse,
};
use seed_http::streams::server::{router, Api, HandlerError};

/// A ticker whose first stream of ticks breaks after `break_after` events (when set), and
/// that records the `Last-Event-ID` of each request for ticks.
#[derive(Clone, Default)]
struct Ticker {
    break_after: Option<i32>,
    asked: Arc<Mutex<Vec<Option<String>>>>,
}

fn tick(n: i32) -> Tick {
    serde_json::from_value(serde_json::json!({ "n": n, "label": format!("tick {n}") })).unwrap()
}

impl Api for Ticker {
    async fn watch_ticks(
        &self,
        input: WatchTicksInput,
        request: Parts,
    ) -> Result<WatchTicksResponse, HandlerError> {
        let last = request
            .headers
            .get("last-event-id")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let first = {
            let mut asked = self.asked.lock().unwrap();
            asked.push(last.clone());
            asked.len() == 1
        };
        let from = last.map_or(Ok(1), |id| id.parse::<i32>().map(|n| n + 1));
        let from = from.map_err(|e| HandlerError::Internal(Box::new(e)))?;
        if from > input.count {
            return Ok(WatchTicksResponse::NoContent);
        }
        let to = match self.break_after {
            Some(cut) if first => cut.min(input.count),
            _ => input.count,
        };
        // Reconnect quickly: the server asks for 10 ms.
        let events = (from..=to).map(|n| Event::new(tick(n)).with_id(n.to_string()).with_retry(10));
        Ok(WatchTicksResponse::Ok(EventStream::from_events(
            futures::stream::iter(events),
        )))
    }

    async fn export_ticks(
        &self,
        input: ExportTicksInput,
        _request: Parts,
    ) -> Result<ExportTicksResponse, HandlerError> {
        let ticks = (1..=input.count).map(tick);
        Ok(ExportTicksResponse::Ok(EventStream::new(
            futures::stream::iter(ticks),
        )))
    }

    async fn sequence_ticks(
        &self,
        input: SequenceTicksInput,
        _request: Parts,
    ) -> Result<SequenceTicksResponse, HandlerError> {
        let ticks = (1..=input.count).map(tick);
        Ok(SequenceTicksResponse::Ok {
            x_tick_count: input.count,
            body: EventStream::new(futures::stream::iter(ticks)),
        })
    }

    async fn watch_messages(
        &self,
        _input: WatchMessagesInput,
        _request: Parts,
    ) -> Result<WatchMessagesResponse, HandlerError> {
        let messages = ["hello", "two\nlines", "{\"not\": \"json\"}"].map(str::to_owned);
        Ok(WatchMessagesResponse::Ok(EventStream::new(
            futures::stream::iter(messages),
        )))
    }
}

async fn serve(ticker: Ticker) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router(ticker)).await.unwrap() });
    addr
}

fn client(addr: SocketAddr) -> Client {
    Client::builder()
        .base_url(format!("http://{addr}"))
        .build()
        .unwrap()
}

#[tokio::test]
async fn server_sent_events_arrive_typed_with_their_ids() {
    let addr = serve(Ticker::default()).await;
    let response = client(addr)
        .watch_ticks(&WatchTicksInput::new(3))
        .await
        .unwrap();
    let WatchTicksResponse::Ok(ticks) = response else {
        panic!("not a stream: {response:?}");
    };
    let events: Vec<Event<Tick>> = ticks.events().map(|e| e.unwrap()).collect().await;
    let got: Vec<(Option<&str>, i32, Option<&str>)> = events
        .iter()
        .map(|e| (e.id.as_deref(), e.data.n.get(), e.data.label.as_deref()))
        .collect();
    assert_eq!(
        got,
        [
            (Some("1"), 1, Some("tick 1")),
            (Some("2"), 2, Some("tick 2")),
            (Some("3"), 3, Some("tick 3")),
        ]
    );
}

#[tokio::test]
async fn json_lines_arrive_typed() {
    let addr = serve(Ticker::default()).await;
    let ExportTicksResponse::Ok(ticks) = client(addr)
        .export_ticks(&ExportTicksInput::new(4))
        .await
        .unwrap();
    let got: Vec<i32> = ticks.map(|t| t.unwrap().n.get()).collect().await;
    assert_eq!(got, [1, 2, 3, 4]);
    // An empty stream is an empty body.
    let ExportTicksResponse::Ok(ticks) = client(addr)
        .export_ticks(&ExportTicksInput::new(0))
        .await
        .unwrap();
    assert_eq!(ticks.count().await, 0);
}

#[tokio::test]
async fn json_text_sequences_are_framed_by_record_separators_with_their_headers() {
    let addr = serve(Ticker::default()).await;
    let raw = reqwest::get(format!("http://{addr}/ticks/seq?count=2"))
        .await
        .unwrap();
    assert_eq!(
        raw.headers()["content-type"].to_str().unwrap(),
        "application/json-seq"
    );
    assert_eq!(raw.headers()["x-tick-count"].to_str().unwrap(), "2");
    assert_eq!(
        raw.text().await.unwrap(),
        "\u{1e}{\"n\":1,\"label\":\"tick 1\"}\n\u{1e}{\"n\":2,\"label\":\"tick 2\"}\n"
    );
    // A stream whose response declares headers: they are read from the head, the items as
    // they arrive.
    let SequenceTicksResponse::Ok {
        x_tick_count,
        body: ticks,
    } = client(addr)
        .sequence_ticks(&SequenceTicksInput::new(3))
        .await
        .unwrap();
    assert_eq!(x_tick_count, 3);
    let got: Vec<i32> = ticks.map(|t| t.unwrap().n.get()).collect().await;
    assert_eq!(got, [1, 2, 3]);
}

#[tokio::test]
async fn text_events_carry_the_text_itself() {
    let addr = serve(Ticker::default()).await;
    let WatchMessagesResponse::Ok(messages) = client(addr)
        .watch_messages(&WatchMessagesInput::default())
        .await
        .unwrap();
    let got: Vec<String> = messages.map(|m| m.unwrap()).collect().await;
    assert_eq!(got, ["hello", "two\nlines", "{\"not\": \"json\"}"]);
}

#[tokio::test]
async fn a_reconnecting_client_resumes_after_the_last_event() {
    let ticker = Ticker {
        break_after: Some(2),
        ..Ticker::default()
    };
    let asked = Arc::clone(&ticker.asked);
    let addr = serve(ticker).await;
    // Without reconnecting, the broken stream ends after two ticks.
    let WatchTicksResponse::Ok(ticks) = client(addr)
        .watch_ticks(&WatchTicksInput::new(5))
        .await
        .unwrap()
    else {
        panic!("not a stream");
    };
    let got: Vec<i32> = ticks.map(|t| t.unwrap().n.get()).collect().await;
    assert_eq!(got, [1, 2]);
    asked.lock().unwrap().clear();

    let WatchTicksResponse::Ok(ticks) = client(addr)
        .with_reconnect(3)
        .watch_ticks(&WatchTicksInput::new(5))
        .await
        .unwrap()
    else {
        panic!("not a stream");
    };
    let got: Vec<i32> = ticks.map(|t| t.unwrap().n.get()).collect().await;
    assert_eq!(got, [1, 2, 3, 4, 5]);
    // Reopened after tick 2; reopened after tick 5, the server answered 204 and it ended.
    assert_eq!(
        *asked.lock().unwrap(),
        [None, Some("2".to_owned()), Some("5".to_owned())]
    );
}

#[tokio::test]
async fn an_error_status_is_read_whole_and_typed() {
    let addr = serve(Ticker::default()).await;
    // The router refuses a count below the minimum with its problem document.
    let error = Client::builder()
        .base_url(format!("http://{addr}"))
        .validate_requests(false)
        .build()
        .unwrap()
        .watch_ticks(&WatchTicksInput::new(0))
        .await
        .unwrap_err();
    match error {
        Error::Status(documented) => match documented.value {
            WatchTicksResponse::BadRequest(problem) => {
                assert!(!problem.title.is_empty(), "{problem:?}")
            }
            other => panic!("not the problem: {other:?}"),
        },
        other => panic!("not a documented status: {other}"),
    }
}

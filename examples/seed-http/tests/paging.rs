//! `specs/paging.yaml`: the generated `*_stream` methods follow offset and page-number
//! pagination against the generated router over 127.0.0.1, asking for exactly the pages
//! there are.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use futures::TryStreamExt;
use seed_http::paging::client::{Client, Error};
use seed_http::paging::models::{Cell, Event, EventPage, Level, LogLine};
use seed_http::paging::operations::{
    ListEventsInput, ListEventsResponse, ListLogsInput, ListLogsResponse, ListRowsInput,
    ListRowsResponse, ListTagsInput, ListTagsResponse,
};
use seed_http::paging::server::{router, Api, HandlerError};

/// `since` and `level` of a `listTags` request.
type TagFilter = (Option<u32>, Option<Level>);

/// Pages of `events`, `logs` and `tags`, and the query strings the handlers were given.
#[derive(Clone)]
struct Listings {
    events: usize,
    /// Whether event pages report `totalCount`.
    with_total: bool,
    logs: usize,
    tags: usize,
    /// `(operation, offset or page)` per request, in order.
    asked: Arc<Mutex<Vec<(&'static str, i64)>>>,
    /// The tag filters each `listTags` request decoded to.
    filters: Arc<Mutex<Vec<TagFilter>>>,
}

impl Listings {
    fn new(events: usize, logs: usize, tags: usize) -> Self {
        Listings {
            events,
            with_total: false,
            logs,
            tags,
            asked: Arc::default(),
            filters: Arc::default(),
        }
    }

    fn asked(&self) -> Vec<(&'static str, i64)> {
        self.asked.lock().unwrap().clone()
    }
}

/// Entries `start..start + len` of a listing of `total`.
fn window(total: usize, start: i64, len: i64) -> std::ops::Range<usize> {
    let start = usize::try_from(start).unwrap().min(total);
    let end = (start + usize::try_from(len).unwrap()).min(total);
    start..end
}

impl Api for Listings {
    async fn list_events(
        &self,
        input: ListEventsInput,
        _request: axum::http::request::Parts,
    ) -> Result<ListEventsResponse, HandlerError> {
        let offset = i64::from(input.offset.unwrap_or(0));
        self.asked.lock().unwrap().push(("events", offset));
        let limit = i64::from(input.limit.unwrap_or(2));
        Ok(ListEventsResponse::Ok(EventPage {
            results: window(self.events, offset, limit)
                .map(|id| Event {
                    id: i64::try_from(id).unwrap(),
                    additional_properties: Default::default(),
                })
                .collect(),
            total_count: self.with_total.then(|| i64::try_from(self.events).unwrap()),
            additional_properties: Default::default(),
        }))
    }

    async fn list_logs(
        &self,
        input: ListLogsInput,
        _request: axum::http::request::Parts,
    ) -> Result<ListLogsResponse, HandlerError> {
        let page = input.page.unwrap_or(1);
        self.asked.lock().unwrap().push(("logs", page));
        let per_page = input.per_page.unwrap_or(3);
        Ok(ListLogsResponse::Ok(
            window(self.logs, (page - 1) * per_page, per_page)
                .map(|n| LogLine {
                    text: format!("line {n}"),
                    additional_properties: Default::default(),
                })
                .collect(),
        ))
    }

    async fn list_rows(
        &self,
        input: ListRowsInput,
        _request: axum::http::request::Parts,
    ) -> Result<ListRowsResponse, HandlerError> {
        // Two pages of one row each, then an empty page.
        let page = input.page.unwrap_or(1);
        let rows = if page <= 2 {
            let cell = |value| Cell {
                value,
                additional_properties: Default::default(),
            };
            vec![vec![cell(page), cell(page * 10)]]
        } else {
            Vec::new()
        };
        Ok(ListRowsResponse::Ok(rows))
    }

    async fn list_tags(
        &self,
        input: ListTagsInput,
        _request: axum::http::request::Parts,
    ) -> Result<ListTagsResponse, HandlerError> {
        self.asked.lock().unwrap().push(("tags", input.skip));
        self.filters
            .lock()
            .unwrap()
            .push((input.since, input.level));
        // The server picks the page size: 2.
        Ok(ListTagsResponse::Ok(
            window(self.tags, input.skip, 2)
                .map(|n| format!("tag-{n}"))
                .collect(),
        ))
    }
}

async fn serve(listings: Listings) -> Client {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr: SocketAddr = listener.local_addr().unwrap();
    let app = router(listings);
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    Client::builder()
        .base_url(format!("http://{addr}"))
        .build()
        .unwrap()
}

#[tokio::test]
async fn offsets_advance_by_the_items_received_until_a_short_page() {
    let listings = Listings::new(5, 0, 0);
    let client = serve(listings.clone()).await;
    let input = ListEventsInput {
        offset: None,
        limit: None,
    };
    let events: Vec<Event> = client
        .list_events_stream(input)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(
        events.iter().map(|e| e.id).collect::<Vec<_>>(),
        [0, 1, 2, 3, 4]
    );
    // The limit's default (2) tells the stream that the 1-item page is the last.
    assert_eq!(
        listings.asked(),
        [("events", 0), ("events", 2), ("events", 4)]
    );
}

#[tokio::test]
async fn the_total_ends_the_stream_without_asking_for_an_empty_page() {
    let mut listings = Listings::new(6, 0, 0);
    listings.with_total = true;
    let client = serve(listings.clone()).await;
    let input = ListEventsInput {
        offset: Some(1),
        limit: Some(2),
    };
    let events: Vec<Event> = client
        .list_events_stream(input)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(
        events.iter().map(|e| e.id).collect::<Vec<_>>(),
        [1, 2, 3, 4, 5]
    );
    // 1 + 2 + 2 = 5 items, then offset 5: one item, which reaches the total of 6.
    assert_eq!(
        listings.asked(),
        [("events", 1), ("events", 3), ("events", 5)]
    );
}

#[tokio::test]
async fn page_numbers_go_up_by_one_from_the_first_page() {
    let listings = Listings::new(0, 7, 0);
    let client = serve(listings.clone()).await;
    let input = ListLogsInput {
        page: None,
        per_page: Some(3),
    };
    let lines: Vec<LogLine> = client.list_logs_stream(input).try_collect().await.unwrap();
    assert_eq!(lines.len(), 7);
    assert_eq!(lines[6].text, "line 6");
    assert_eq!(listings.asked(), [("logs", 1), ("logs", 2), ("logs", 3)]);
}

#[tokio::test]
async fn without_a_page_size_an_empty_page_ends_the_stream() {
    // Without `per_page` the client cannot tell a short page from a full one.
    let listings = Listings::new(0, 6, 5);
    let client = serve(listings.clone()).await;
    let lines: Vec<LogLine> = client
        .list_logs_stream(ListLogsInput {
            page: Some(1),
            per_page: None,
        })
        .try_collect()
        .await
        .unwrap();
    assert_eq!(lines.len(), 6);
    let tags: Vec<String> = client
        .list_tags_stream(ListTagsInput {
            skip: 0,
            since: None,
            level: None,
        })
        .try_collect()
        .await
        .unwrap();
    assert_eq!(tags, ["tag-0", "tag-1", "tag-2", "tag-3", "tag-4"]);
    assert_eq!(
        listings.asked(),
        [
            ("logs", 1),
            ("logs", 2),
            ("logs", 3),
            ("tags", 0),
            ("tags", 2),
            ("tags", 4),
            ("tags", 5)
        ]
    );
}

#[tokio::test]
async fn an_invalid_first_request_ends_the_stream_before_anything_is_sent() {
    let listings = Listings::new(5, 0, 0);
    let client = serve(listings.clone()).await;
    // `limit: 0` breaks the spec's minimum of 1: the client refuses it before sending.
    let result: Result<Vec<Event>, Error<_>> = client
        .list_events_stream(ListEventsInput {
            offset: None,
            limit: Some(0),
        })
        .try_collect()
        .await;
    assert!(
        matches!(result, Err(Error::Invalid(ref errors)) if errors.violations()[0].to_string().contains("minimum")),
        "{result:?}"
    );
    assert_eq!(listings.asked(), []);
}

#[tokio::test]
async fn unsigned_and_integer_enum_parameters_reach_the_server_as_numbers() {
    let listings = Listings::new(0, 0, 3);
    let client = serve(listings.clone()).await;
    let input = ListTagsInput {
        skip: 0,
        since: Some(4_000_000_000),
        level: Some(Level::V2),
    };
    let tags: Vec<String> = client.list_tags_stream(input).try_collect().await.unwrap();
    assert_eq!(tags.len(), 3);
    // Every page of the stream carries the same filters.
    assert_eq!(
        *listings.filters.lock().unwrap(),
        [(Some(4_000_000_000), Some(Level::V2)); 3]
    );
}

#[tokio::test]
async fn items_that_are_arrays_themselves_stream_as_rows() {
    let client = serve(Listings::new(0, 0, 0)).await;
    let rows: Vec<Vec<Cell>> = client
        .list_rows_stream(ListRowsInput { page: None })
        .try_collect()
        .await
        .unwrap();
    let values: Vec<Vec<i64>> = rows
        .iter()
        .map(|row| row.iter().map(|c| c.value).collect())
        .collect();
    assert_eq!(values, [[1, 10], [2, 20]]);
}

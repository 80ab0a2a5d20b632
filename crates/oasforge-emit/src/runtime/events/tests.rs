use std::sync::{Arc, Mutex};

use futures::StreamExt;

use super::stream::{
    decode_event, decode_line, encode_event, encode_line, encode_record, encode_text_event, Chunks,
    Event, EventError, EventStream, Framing, LineDecoder, Reopen, SeqDecoder, SseDecoder,
};

#[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
struct Tick {
    n: u32,
}

fn all(decoder: &mut SseDecoder, chunks: &[&[u8]]) -> Vec<Event<String>> {
    chunks.iter().flat_map(|c| decoder.feed(c)).collect()
}

#[test]
fn json_text_sequences_split_at_record_separators_not_lines() {
    let mut d = SeqDecoder::new();
    let mut records = Vec::new();
    // A record split across chunks, one spanning lines, a blank one, and a truncated
    // one (the next separator ends it).
    for chunk in [
        &b"\x1e{\"n\":"[..],
        b"1}\n\x1e{\n  \"n\": 2\n}\n",
        b"\x1e\n\x1e{\"n\":\x1e",
        b"{\"n\":4}",
    ] {
        records.extend(d.feed(chunk));
    }
    records.extend(d.finish());
    assert_eq!(
        records,
        ["{\"n\":1}", "{\n  \"n\": 2\n}", "{\"n\":", "{\"n\":4}"]
    );
    // Each record is complete at its line feed, before the next separator arrives.
    let mut d = SeqDecoder::new();
    assert_eq!(d.feed(b"\x1e[1,\n2]\n"), ["[1,\n2]"]);
    assert_eq!(d.finish(), None);
}

#[tokio::test]
async fn json_text_sequences_round_trip_through_the_typed_stream() {
    let items = vec![Tick { n: 1 }, Tick { n: 2 }];
    let body: Vec<u8> = items
        .iter()
        .flat_map(|t| encode_record(t).expect("encodes").into_bytes())
        .collect();
    assert_eq!(body, b"\x1e{\"n\":1}\n\x1e{\"n\":2}\n");
    let read: Vec<Tick> = EventStream::<Tick>::read_all(body.clone(), Framing::JsonSeq)
        .map(|r| r.expect("decodes"))
        .collect()
        .await;
    assert_eq!(read, items);
    let written: Vec<Vec<u8>> = EventStream::new(futures::stream::iter(items))
        .into_seq()
        .map(|r| r.expect("encodes"))
        .collect()
        .await;
    assert_eq!(written.concat(), body);
}

#[test]
fn reads_fields_and_joins_data_lines() {
    let mut d = SseDecoder::new();
    let events = all(
        &mut d,
        &[b": comment\nid: 7\nevent: tick\nretry: 1500\ndata: a\ndata:b\n\n"],
    );
    assert_eq!(
        events,
        vec![Event::new("a\nb".to_owned())
            .with_id("7")
            .with_event("tick")
            .with_retry(1500)]
    );
    assert_eq!(d.last_event_id(), Some("7"));
    assert_eq!(d.reconnection_time(), Some(1500));
}

#[test]
fn events_split_across_chunks_and_line_endings() {
    let mut d = SseDecoder::new();
    let events = all(
        &mut d,
        &[
            b"\xEF\xBB\xBFdata: one\r",
            b"\n\r",
            b"\ndata: tw",
            b"o\r\rdata: x",
        ],
    );
    assert_eq!(
        events,
        vec![Event::new("one".to_owned()), Event::new("two".to_owned())]
    );
    // The unfinished last event is not dispatched.
    assert_eq!(d.feed(b""), vec![]);
}

#[test]
fn id_carries_over_and_invalid_fields_are_ignored() {
    let mut d = SseDecoder::resuming(Some("3".to_owned()));
    let events = all(
        &mut d,
        &[b"retry: 1x\nevent: only\n\ndata: a\n\nid: 4\ndata: b\n\nid\ndata: c\n\n"],
    );
    let ids: Vec<_> = events.iter().map(|e| e.id.as_deref()).collect();
    assert_eq!(ids, vec![Some("3"), Some("4"), None]);
    // An event type without data is dropped with its event.
    assert!(events
        .iter()
        .all(|e| e.event.is_none() && e.retry.is_none()));
    assert_eq!(d.reconnection_time(), None);
}

#[test]
fn encoding_round_trips_through_the_decoder() {
    let sent = vec![
        Event::new(Tick { n: 1 }).with_id("a").with_event("tick"),
        Event::new(Tick { n: 2 }).with_retry(10),
    ];
    let mut wire = String::new();
    for e in &sent {
        wire.push_str(&encode_event(e).expect("encodes"));
    }
    let mut d = SseDecoder::new();
    let got: Vec<Event<Tick>> = d
        .feed(wire.as_bytes())
        .into_iter()
        .map(|e| decode_event(e).expect("decodes"))
        .collect();
    let mut expected = sent;
    // The ID carries over to the second event.
    expected[1].id = Some("a".to_owned());
    assert_eq!(got, expected);
    let multi = encode_text_event(&Event::new("x\r\ny".to_owned()).with_event("a\nb"));
    assert_eq!(multi, "event: ab\ndata: x\ndata: y\n\n");
}

#[test]
fn bad_data_is_an_error_naming_the_text() {
    let err = decode_event::<Tick>(Event::new("{\"n\":\"x\"}".to_owned())).expect_err("not a tick");
    assert!(matches!(&err, EventError::Json { text, .. } if text == "{\"n\":\"x\"}"));
    assert!(err.to_string().contains("not of the documented type"));
}

#[test]
fn json_lines_split_and_decode() {
    let mut d = LineDecoder::new();
    let mut lines = d.feed(b"{\"n\":1}\n\n{\"n\"");
    lines.extend(d.feed(b":2}\r\n{\"n\":3}"));
    lines.extend(d.finish());
    let ticks: Vec<Tick> = lines
        .into_iter()
        .map(|l| decode_line(l).expect("a tick"))
        .collect();
    assert_eq!(ticks, vec![Tick { n: 1 }, Tick { n: 2 }, Tick { n: 3 }]);
    assert_eq!(encode_line(&Tick { n: 4 }).expect("encodes"), "{\"n\":4}\n");
    assert_eq!(d.finish(), None);
}

/// A body that arrives in these chunks.
fn body(chunks: Vec<Vec<u8>>) -> Chunks {
    Box::pin(futures::stream::iter(chunks.into_iter().map(Ok)))
}

/// What a server sends for a stream, cut into chunks of three bytes.
async fn wire(stream: impl futures::Stream<Item = Result<Vec<u8>, EventError>>) -> Chunks {
    let bytes: Vec<u8> = stream
        .map(|chunk| chunk.expect("encodes"))
        .collect::<Vec<_>>()
        .await
        .concat();
    body(bytes.chunks(3).map(<[u8]>::to_vec).collect())
}

#[tokio::test]
async fn a_typed_stream_round_trips_as_events_and_as_lines() {
    let ticks = || EventStream::new(futures::stream::iter((1..=3).map(|n| Tick { n })));
    let sse = wire(ticks().into_sse(false)).await;
    let got: Vec<Tick> = EventStream::read_sse(sse, false, None)
        .map(|t| t.expect("a tick"))
        .collect()
        .await;
    assert_eq!(got, vec![Tick { n: 1 }, Tick { n: 2 }, Tick { n: 3 }]);
    let lines = wire(ticks().into_lines()).await;
    let got: Vec<Tick> = EventStream::read_lines(lines)
        .map(|t| t.expect("a tick"))
        .collect()
        .await;
    assert_eq!(got, vec![Tick { n: 1 }, Tick { n: 2 }, Tick { n: 3 }]);
}

#[tokio::test]
async fn text_data_is_sent_as_itself_and_bad_items_do_not_end_the_stream() {
    let words = EventStream::new(futures::stream::iter([
        "a\nb".to_owned(),
        "\"q\"".to_owned(),
    ]));
    let sse = wire(words.into_sse(true)).await;
    let got: Vec<String> = EventStream::read_sse(sse, true, None)
        .map(|t| t.expect("text"))
        .collect()
        .await;
    assert_eq!(got, vec!["a\nb".to_owned(), "\"q\"".to_owned()]);
    // Untyped data that is not JSON is kept as text.
    let any: Vec<serde_json::Value> = EventStream::read_sse(
        body(vec![b"data: [DONE]\n\ndata: {\"n\":1}\n\n".to_vec()]),
        false,
        None,
    )
    .map(|t| t.expect("a value"))
    .collect()
    .await;
    assert_eq!(
        any,
        vec![serde_json::json!("[DONE]"), serde_json::json!({"n": 1})]
    );
    let lines = body(vec![b"{\"n\":1}\n{\"n\":\"x\"}\n\x1e{\"n\":3}".to_vec()]);
    let got: Vec<Result<Tick, EventError>> = EventStream::read_lines(lines).collect().await;
    assert!(matches!(
        got.as_slice(),
        [
            Ok(Tick { n: 1 }),
            Err(EventError::Json { .. }),
            Ok(Tick { n: 3 })
        ]
    ));
}

#[tokio::test]
async fn reconnection_resumes_after_the_last_event_id() {
    // The last event ID and the wait (ms) of each reopening.
    type Asked = Vec<(Option<String>, Option<u64>)>;
    let asked: Arc<Mutex<Asked>> = Arc::default();
    let log = Arc::clone(&asked);
    let mut bodies = vec![
        None,
        Some(body(vec![b"id: 3\ndata: {\"n\":3}\n\n".to_vec()])),
    ];
    let reopen: Reopen = Box::new(move |last, wait| {
        log.lock()
            .expect("log")
            .push((last, wait.map(|d| d.as_millis() as u64)));
        let next = bodies.pop().flatten();
        Box::pin(async move { Ok(next) })
    });
    // The first connection breaks in the middle of the third event.
    let first: Chunks = Box::pin(futures::stream::iter(vec![
        Ok(b"retry: 5\nid: 1\ndata: {\"n\":1}\n\nid: 2\ndata: {\"n\":2}\n\nid: 3\nda".to_vec()),
        Err(EventError::Transport("connection reset".into())),
    ]));
    let got: Vec<Event<Tick>> = EventStream::read_sse(first, false, Some((reopen, 3)))
        .events()
        .map(|e| e.expect("an event"))
        .collect()
        .await;
    assert_eq!(
        got.iter().map(|e| e.data.n).collect::<Vec<_>>(),
        vec![1, 2, 3]
    );
    assert_eq!(
        got.iter().map(|e| e.id.as_deref()).collect::<Vec<_>>(),
        vec![Some("1"), Some("2"), Some("3")]
    );
    // Reopened after event 2 (waiting the 5 ms asked for), then the server said it is over.
    assert_eq!(
        *asked.lock().expect("log"),
        vec![
            (Some("2".to_owned()), Some(5)),
            (Some("3".to_owned()), Some(5))
        ]
    );
}

#[tokio::test]
async fn without_reconnection_a_broken_body_ends_with_its_error() {
    let first: Chunks = Box::pin(futures::stream::iter(vec![
        Ok(b"data: {\"n\":1}\n\n".to_vec()),
        Err(EventError::Transport("connection reset".into())),
    ]));
    let got: Vec<Result<Tick, EventError>> =
        EventStream::read_sse(first, false, None).collect().await;
    assert!(matches!(
        got.as_slice(),
        [Ok(Tick { n: 1 }), Err(EventError::Transport(_))]
    ));
}

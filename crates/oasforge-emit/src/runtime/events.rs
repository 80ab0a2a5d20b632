//! The fixed code of event streams (`text/event-stream`, `application/x-ndjson`,
//! `application/jsonl`, `application/json-seq`): the module below is emitted whole into the `operations.rs` of an API
//! that streams a response. It is free of any HTTP library: an incremental decoder of
//! server-sent events (fed the body's chunks as they come), their encoder for the server
//! side, a line splitter for JSON lines, the typed decoding of each event's `data` or line,
//! and [`stream::EventStream`], the typed stream both the client and the server handler see
//! (with the client's opt-in reconnection). The tests at the end are not emitted.

/// Server-sent events and JSON lines: framing and typed decoding.
pub mod stream {
    use std::collections::VecDeque;
    use std::fmt;
    use std::future::Future;
    use std::pin::Pin;
    use std::task::{Context, Poll};
    use std::time::Duration;

    use futures::{Stream, StreamExt};

    /// The request header a client sends when it reconnects, naming the last event it saw.
    pub const LAST_EVENT_ID_HEADER: &str = "Last-Event-ID";

    /// One event of a stream: its `data` (decoded as the documented schema once typed) with
    /// the `id`, `event` and `retry` fields the server sent.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct Event<T> {
        /// The last event ID the stream has set (it carries over to later events).
        pub id: Option<String>,
        /// The event type (`event:`); `None` is the default type, `message`.
        pub event: Option<String>,
        /// The reconnection time in milliseconds, when this event set one.
        pub retry: Option<u64>,
        /// The event's data.
        pub data: T,
    }

    impl<T> Event<T> {
        /// An event of this data only.
        pub fn new(data: T) -> Self {
            Self {
                id: None,
                event: None,
                retry: None,
                data,
            }
        }

        /// The event with its `id` set.
        pub fn with_id(mut self, id: impl Into<String>) -> Self {
            self.id = Some(id.into());
            self
        }

        /// The event with its type (`event:`) set.
        pub fn with_event(mut self, event: impl Into<String>) -> Self {
            self.event = Some(event.into());
            self
        }

        /// The event with its reconnection time (`retry:`, in milliseconds) set.
        pub fn with_retry(mut self, retry: u64) -> Self {
            self.retry = Some(retry);
            self
        }

        /// The same event around other data.
        pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Event<U> {
            Event {
                id: self.id,
                event: self.event,
                retry: self.retry,
                data: f(self.data),
            }
        }
    }

    /// Why an event or a line could not be read as its documented type.
    #[derive(Debug)]
    pub enum EventError {
        /// The data is not JSON of the documented type.
        Json {
            /// The text that failed to decode.
            text: String,
            /// What was wrong with it.
            source: serde_json::Error,
        },
        /// A value could not be written as JSON.
        Encode(serde_json::Error),
        /// The body could not be read (or the stream not reopened).
        Transport(Box<dyn std::error::Error + Send + Sync>),
    }

    impl fmt::Display for EventError {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            match self {
                EventError::Json { text, source } => {
                    write!(
                        f,
                        "event data {text:?} is not of the documented type: {source}"
                    )
                }
                EventError::Encode(source) => {
                    write!(f, "event data could not be encoded: {source}")
                }
                EventError::Transport(source) => write!(f, "the stream failed: {source}"),
            }
        }
    }

    impl std::error::Error for EventError {
        fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
            match self {
                EventError::Json { source, .. } | EventError::Encode(source) => Some(source),
                EventError::Transport(source) => Some(source.as_ref()),
            }
        }
    }

    /// Decodes an event's `data` as JSON of type `T`, keeping its other fields.
    pub fn decode_event<T: serde::de::DeserializeOwned>(
        event: Event<String>,
    ) -> Result<Event<T>, EventError> {
        match serde_json::from_str(&event.data) {
            Ok(data) => Ok(Event {
                id: event.id,
                event: event.event,
                retry: event.retry,
                data,
            }),
            Err(source) => Err(EventError::Json {
                text: event.data,
                source,
            }),
        }
    }

    /// Decodes one JSON line as type `T` (a JSON text sequence's leading record separator
    /// is skipped).
    pub fn decode_line<T: serde::de::DeserializeOwned>(line: String) -> Result<T, EventError> {
        serde_json::from_str(line.trim_start_matches('\u{1e}'))
            .map_err(|source| EventError::Json { text: line, source })
    }

    /// Decodes an event's `data` as type `T`: as the text itself when the documented type is
    /// text (`text`), else as JSON, falling back to the text for a type that takes any value.
    pub fn decode_data<T: serde::de::DeserializeOwned>(
        data: String,
        text: bool,
    ) -> Result<T, EventError> {
        let as_text =
            |data: &str| serde_json::from_value(serde_json::Value::String(data.to_owned()));
        if text {
            return as_text(&data).map_err(|source| EventError::Json { text: data, source });
        }
        match serde_json::from_str(&data) {
            Ok(value) => Ok(value),
            Err(source) => as_text(&data).map_err(|_| EventError::Json { text: data, source }),
        }
    }

    /// Writes an item as an event's `data`: text as itself when the documented type is text
    /// (`text`), else JSON.
    pub fn encode_data<T: serde::Serialize>(value: &T, text: bool) -> Result<String, EventError> {
        if text {
            if let Ok(serde_json::Value::String(data)) = serde_json::to_value(value) {
                return Ok(data);
            }
        }
        serde_json::to_string(value).map_err(EventError::Encode)
    }

    /// Writes an event whose data is a value of the documented type, its data as JSON.
    pub fn encode_event<T: serde::Serialize>(event: &Event<T>) -> Result<String, EventError> {
        let data = serde_json::to_string(&event.data).map_err(EventError::Encode)?;
        Ok(encode_text_event(&Event {
            id: event.id.clone(),
            event: event.event.clone(),
            retry: event.retry,
            data,
        }))
    }

    /// Writes a value as one record of a JSON text sequence (RFC 7464): the record separator
    /// `0x1E`, the JSON text, a line feed.
    pub fn encode_record<T: serde::Serialize>(value: &T) -> Result<String, EventError> {
        let json = serde_json::to_string(value).map_err(EventError::Encode)?;
        Ok(format!("\u{1e}{json}\n"))
    }

    /// Writes a value as one JSON line, ending in `\n`.
    pub fn encode_line<T: serde::Serialize>(value: &T) -> Result<String, EventError> {
        let mut line = serde_json::to_string(value).map_err(EventError::Encode)?;
        line.push('\n');
        Ok(line)
    }

    /// Writes an event of text data as `text/event-stream`: one `data:` line per line of the
    /// data, the other fields before it, and the blank line that ends the event. Line breaks
    /// in `id` and `event` (which the format cannot carry) are dropped.
    pub fn encode_text_event(event: &Event<String>) -> String {
        let mut out = String::new();
        let single = |s: &str| s.replace(['\r', '\n'], "");
        if let Some(id) = &event.id {
            out.push_str("id: ");
            out.push_str(&single(id).replace('\0', ""));
            out.push('\n');
        }
        if let Some(kind) = &event.event {
            out.push_str("event: ");
            out.push_str(&single(kind));
            out.push('\n');
        }
        if let Some(retry) = event.retry {
            out.push_str(&format!("retry: {retry}\n"));
        }
        let data = event.data.replace("\r\n", "\n").replace('\r', "\n");
        for line in data.split('\n') {
            out.push_str("data: ");
            out.push_str(line);
            out.push('\n');
        }
        out.push('\n');
        out
    }

    /// Splits a byte stream into lines as they arrive, at `\n`, `\r\n` or a lone `\r`.
    #[derive(Debug, Default)]
    struct Lines {
        /// The bytes of the line not yet ended.
        partial: Vec<u8>,
        /// The last chunk ended in `\r`: a `\n` starting the next one belongs to it.
        after_cr: bool,
    }

    impl Lines {
        /// Feeds a chunk, calling `line` with each line it completes.
        fn feed(&mut self, chunk: &[u8], mut line: impl FnMut(String)) {
            let mut rest = chunk;
            if self.after_cr {
                self.after_cr = false;
                if let Some(after) = rest.strip_prefix(b"\n") {
                    rest = after;
                }
            }
            while let Some(at) = rest.iter().position(|b| *b == b'\n' || *b == b'\r') {
                self.partial.extend_from_slice(&rest[..at]);
                line(String::from_utf8_lossy(&self.partial).into_owned());
                self.partial.clear();
                let cr = rest[at] == b'\r';
                rest = &rest[at + 1..];
                if cr {
                    match rest.first() {
                        Some(b'\n') => rest = &rest[1..],
                        None => self.after_cr = true,
                        Some(_) => {}
                    }
                }
            }
            self.partial.extend_from_slice(rest);
        }

        /// The text after the last line break, once the stream has ended.
        fn finish(&mut self) -> Option<String> {
            if self.partial.is_empty() {
                return None;
            }
            let rest = String::from_utf8_lossy(&self.partial).into_owned();
            self.partial.clear();
            Some(rest)
        }
    }

    /// Decodes `text/event-stream` incrementally: feed it the body's chunks, take the events
    /// each completes. It remembers the last event ID and reconnection time for reconnecting.
    #[derive(Debug, Default)]
    pub struct SseDecoder {
        lines: Lines,
        /// The byte order mark at the start of the stream has been looked for.
        started: bool,
        data: String,
        has_data: bool,
        event: Option<String>,
        retry: Option<u64>,
        /// The `id` read so far, which becomes the last event ID when an event ends.
        id_buffer: Option<String>,
        last_id: Option<String>,
        reconnect: Option<u64>,
    }

    impl SseDecoder {
        /// A decoder at the start of a stream.
        pub fn new() -> Self {
            Self::default()
        }

        /// A decoder for a stream resumed after the event of this ID.
        pub fn resuming(last_id: Option<String>) -> Self {
            Self {
                id_buffer: last_id.clone(),
                last_id,
                ..Self::default()
            }
        }

        /// Feeds a chunk of the body, returning the events it completes.
        pub fn feed(&mut self, chunk: &[u8]) -> Vec<Event<String>> {
            let mut chunk = chunk;
            if !self.started && !chunk.is_empty() {
                self.started = true;
                chunk = chunk.strip_prefix("\u{feff}".as_bytes()).unwrap_or(chunk);
            }
            let mut lines = Vec::new();
            self.lines.feed(chunk, |l| lines.push(l));
            lines.into_iter().filter_map(|l| self.line(&l)).collect()
        }

        /// Forgets the event being read (its connection was lost), keeping the last event ID
        /// and the reconnection time for the next connection.
        pub fn restart(&mut self) {
            let last_id = self.last_id.take();
            *self = Self {
                id_buffer: last_id.clone(),
                last_id,
                reconnect: self.reconnect,
                ..Self::default()
            };
        }

        /// The ID of the last event, to send as `Last-Event-ID` on reconnection.
        pub fn last_event_id(&self) -> Option<&str> {
            self.last_id.as_deref()
        }

        /// The reconnection time in milliseconds the server last asked for.
        pub fn reconnection_time(&self) -> Option<u64> {
            self.reconnect
        }

        /// Reads one line, returning the event a blank line ends.
        fn line(&mut self, line: &str) -> Option<Event<String>> {
            if line.is_empty() {
                return self.dispatch();
            }
            if line.starts_with(':') {
                return None;
            }
            let (field, value) = match line.split_once(':') {
                Some((field, value)) => (field, value.strip_prefix(' ').unwrap_or(value)),
                None => (line, ""),
            };
            match field {
                "data" => {
                    self.data.push_str(value);
                    self.data.push('\n');
                    self.has_data = true;
                }
                "event" => self.event = Some(value.to_owned()),
                "id" if !value.contains('\0') => {
                    self.id_buffer = (!value.is_empty()).then(|| value.to_owned());
                }
                "retry" if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) => {
                    if let Ok(ms) = value.parse() {
                        self.retry = Some(ms);
                        self.reconnect = Some(ms);
                    }
                }
                _ => {}
            }
            None
        }

        /// Ends the event being read: an event with data, else nothing.
        fn dispatch(&mut self) -> Option<Event<String>> {
            let event = self.event.take();
            let retry = self.retry.take();
            self.last_id.clone_from(&self.id_buffer);
            if !self.has_data {
                return None;
            }
            self.has_data = false;
            let mut data = std::mem::take(&mut self.data);
            data.pop();
            Some(Event {
                id: self.last_id.clone(),
                event: event.filter(|e| !e.is_empty()),
                retry,
                data,
            })
        }
    }

    /// Splits `application/x-ndjson` / `application/jsonl` incrementally into its lines,
    /// skipping blank ones.
    #[derive(Debug, Default)]
    pub struct LineDecoder {
        lines: Lines,
    }

    impl LineDecoder {
        /// A decoder at the start of a stream.
        pub fn new() -> Self {
            Self::default()
        }

        /// Feeds a chunk of the body, returning the lines it completes.
        pub fn feed(&mut self, chunk: &[u8]) -> Vec<String> {
            let mut lines = Vec::new();
            self.lines.feed(chunk, |l| {
                if !l.trim().is_empty() {
                    lines.push(l);
                }
            });
            lines
        }

        /// The last line when the stream ended without a line break after it.
        pub fn finish(&mut self) -> Option<String> {
            self.lines.finish().filter(|l| !l.trim().is_empty())
        }
    }

    /// Splits `application/json-seq` (RFC 7464) incrementally into its records: each starts
    /// at a record separator (`0x1E`) and is complete at the line feed that ends a whole JSON
    /// text (a text may span lines), or at the next separator (a truncated record, which
    /// then fails to decode). Blank records are skipped.
    #[derive(Debug, Default)]
    pub struct SeqDecoder {
        record: Vec<u8>,
    }

    impl SeqDecoder {
        /// A decoder at the start of a stream.
        pub fn new() -> Self {
            Self::default()
        }

        /// Feeds a chunk of the body, returning the records it completes.
        pub fn feed(&mut self, chunk: &[u8]) -> Vec<String> {
            let mut records = Vec::new();
            for &byte in chunk {
                if byte == 0x1e {
                    records.extend(self.take());
                    continue;
                }
                self.record.push(byte);
                if byte == b'\n'
                    && serde_json::from_slice::<serde::de::IgnoredAny>(&self.record).is_ok()
                {
                    records.extend(self.take());
                }
            }
            records
        }

        /// The last record when the stream ended without its line feed.
        pub fn finish(&mut self) -> Option<String> {
            self.take()
        }

        fn take(&mut self) -> Option<String> {
            let record = std::mem::take(&mut self.record);
            let text = String::from_utf8_lossy(&record);
            (!text.trim().is_empty()).then(|| text.trim().to_owned())
        }
    }

    /// How a streamed body is framed.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum Framing {
        /// Server-sent events, each `data` the item (as text when `text`, else JSON).
        Sse {
            /// The item type is text.
            text: bool,
        },
        /// One JSON item per line.
        Lines,
        /// A JSON text sequence (RFC 7464).
        JsonSeq,
    }

    /// The chunks of a response body as they arrive.
    pub type Chunks = Pin<Box<dyn Stream<Item = Result<Vec<u8>, EventError>> + Send>>;

    /// What reopens a stream of server-sent events: given the last event ID and the
    /// reconnection time the server asked for, it waits, sends the request again (with
    /// `Last-Event-ID`) and returns the new body, or `None` when the server says the stream
    /// is over (`204`).
    pub type Reopen = Box<
        dyn FnMut(
                Option<String>,
                Option<Duration>,
            )
                -> Pin<Box<dyn Future<Output = Result<Option<Chunks>, EventError>> + Send>>
            + Send,
    >;

    /// The items of a streamed response, in order: on the client, each decoded as the
    /// documented type as it arrives (an item that does not decode is an `Err`, and the
    /// stream goes on); on the server, what a handler answers, sent as it is produced.
    ///
    /// For server-sent events, [`EventStream::events`] gives each item with its `id`,
    /// `event` and `retry` fields.
    pub struct EventStream<T> {
        inner: Pin<Box<dyn Stream<Item = Result<Event<T>, EventError>> + Send>>,
    }

    impl<T> fmt::Debug for EventStream<T> {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.debug_struct("EventStream").finish_non_exhaustive()
        }
    }

    impl<T> Stream for EventStream<T> {
        type Item = Result<T, EventError>;

        fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
            self.inner
                .as_mut()
                .poll_next(cx)
                .map(|item| item.map(|event| event.map(|e| e.data)))
        }
    }

    impl<T: Send + 'static> EventStream<T> {
        /// A stream of these items (each a plain event on an event stream).
        pub fn new(items: impl Stream<Item = T> + Send + 'static) -> Self {
            Self::from_events(items.map(Event::new))
        }

        /// A stream of these events, with their `id`, `event` and `retry` fields (JSON lines
        /// carry only the data).
        pub fn from_events(events: impl Stream<Item = Event<T>> + Send + 'static) -> Self {
            Self {
                inner: Box::pin(events.map(Ok)),
            }
        }

        /// A stream of these events or failures.
        pub fn from_results(
            events: impl Stream<Item = Result<Event<T>, EventError>> + Send + 'static,
        ) -> Self {
            Self {
                inner: Box::pin(events),
            }
        }

        /// The events, each with its `id`, `event` and `retry` fields.
        pub fn events(self) -> impl Stream<Item = Result<Event<T>, EventError>> + Unpin + Send {
            self.inner
        }
    }

    impl<T: serde::de::DeserializeOwned + Send + 'static> EventStream<T> {
        /// Reads server-sent events from a body, decoding each `data` (as text when `text`);
        /// when the body ends or fails, `reopen` (if given) is called up to `attempts` times
        /// in a row to resume after the last event seen.
        pub fn read_sse(chunks: Chunks, text: bool, reopen: Option<(Reopen, u32)>) -> Self {
            struct State {
                chunks: Option<Chunks>,
                decoder: SseDecoder,
                ready: VecDeque<Event<String>>,
                reopen: Option<(Reopen, u32)>,
                left: u32,
            }
            let left = reopen.as_ref().map_or(0, |(_, attempts)| *attempts);
            let state = State {
                chunks: Some(chunks),
                decoder: SseDecoder::new(),
                ready: VecDeque::new(),
                reopen,
                left,
            };
            Self::from_results(futures::stream::unfold(state, move |mut st| async move {
                loop {
                    if let Some(event) = st.ready.pop_front() {
                        if let Some((_, attempts)) = &st.reopen {
                            st.left = *attempts;
                        }
                        let item = decode_data(event.data, text).map(|data| Event {
                            id: event.id,
                            event: event.event,
                            retry: event.retry,
                            data,
                        });
                        return Some((item, st));
                    }
                    let chunks = st.chunks.as_mut()?;
                    let failure = match chunks.next().await {
                        Some(Ok(bytes)) => {
                            let events = st.decoder.feed(&bytes);
                            st.ready.extend(events);
                            continue;
                        }
                        Some(Err(e)) => Some(e),
                        None => None,
                    };
                    st.chunks = None;
                    let Some((reopen, _)) = st.reopen.as_mut().filter(|_| st.left > 0) else {
                        return failure.map(|e| (Err(e), st));
                    };
                    st.left -= 1;
                    st.decoder.restart();
                    let last = st.decoder.last_event_id().map(str::to_owned);
                    let wait = st.decoder.reconnection_time().map(Duration::from_millis);
                    match reopen(last, wait).await {
                        Ok(Some(chunks)) => st.chunks = Some(chunks),
                        Ok(None) => return None,
                        Err(e) => {
                            // The next poll tries again while attempts are left.
                            st.chunks = Some(Box::pin(futures::stream::empty()));
                            return Some((Err(e), st));
                        }
                    }
                }
            }))
        }

        /// Reads JSON lines from a body, decoding each line.
        pub fn read_lines(chunks: Chunks) -> Self {
            struct State {
                chunks: Option<Chunks>,
                decoder: LineDecoder,
                ready: VecDeque<String>,
            }
            let state = State {
                chunks: Some(chunks),
                decoder: LineDecoder::new(),
                ready: VecDeque::new(),
            };
            Self::from_results(futures::stream::unfold(state, |mut st| async move {
                loop {
                    if let Some(line) = st.ready.pop_front() {
                        return Some((decode_line(line).map(Event::new), st));
                    }
                    let chunks = st.chunks.as_mut()?;
                    match chunks.next().await {
                        Some(Ok(bytes)) => {
                            let lines = st.decoder.feed(&bytes);
                            st.ready.extend(lines);
                        }
                        Some(Err(e)) => {
                            st.chunks = None;
                            return Some((Err(e), st));
                        }
                        None => {
                            st.chunks = None;
                            st.ready.extend(st.decoder.finish());
                        }
                    }
                }
            }))
        }

        /// Reads a JSON text sequence (RFC 7464) from a body, decoding each record.
        pub fn read_seq(chunks: Chunks) -> Self {
            struct State {
                chunks: Option<Chunks>,
                decoder: SeqDecoder,
                ready: VecDeque<String>,
            }
            let state = State {
                chunks: Some(chunks),
                decoder: SeqDecoder::new(),
                ready: VecDeque::new(),
            };
            Self::from_results(futures::stream::unfold(state, |mut st| async move {
                loop {
                    if let Some(record) = st.ready.pop_front() {
                        return Some((decode_line(record).map(Event::new), st));
                    }
                    let chunks = st.chunks.as_mut()?;
                    match chunks.next().await {
                        Some(Ok(bytes)) => {
                            let records = st.decoder.feed(&bytes);
                            st.ready.extend(records);
                        }
                        Some(Err(e)) => {
                            st.chunks = None;
                            return Some((Err(e), st));
                        }
                        None => {
                            st.chunks = None;
                            st.ready.extend(st.decoder.finish());
                        }
                    }
                }
            }))
        }

        /// Reads a whole body already received, framed as `framing`.
        pub fn read_all(body: Vec<u8>, framing: Framing) -> Self {
            let chunks: Chunks = Box::pin(futures::stream::iter([Ok(body)]));
            match framing {
                Framing::Sse { text } => Self::read_sse(chunks, text, None),
                Framing::Lines => Self::read_lines(chunks),
                Framing::JsonSeq => Self::read_seq(chunks),
            }
        }
    }

    impl<T: serde::Serialize + Send + 'static> EventStream<T> {
        /// The stream written as `text/event-stream`, one event per item (its data as text
        /// when `text`), as the items come.
        pub fn into_sse(
            self,
            text: bool,
        ) -> impl Stream<Item = Result<Vec<u8>, EventError>> + Send {
            self.inner.map(move |event| {
                let event = event?;
                let data = encode_data(&event.data, text)?;
                Ok(encode_text_event(&event.map(|_| data)).into_bytes())
            })
        }

        /// The stream written as a JSON text sequence (RFC 7464), as the items come.
        pub fn into_seq(self) -> impl Stream<Item = Result<Vec<u8>, EventError>> + Send {
            self.inner.map(|event| {
                event
                    .and_then(|e| encode_record(&e.data))
                    .map(String::into_bytes)
            })
        }

        /// The stream written as JSON lines, as the items come.
        pub fn into_lines(self) -> impl Stream<Item = Result<Vec<u8>, EventError>> + Send {
            self.inner.map(|event| {
                event
                    .and_then(|e| encode_line(&e.data))
                    .map(String::into_bytes)
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use futures::StreamExt;

    use super::stream::{
        decode_event, decode_line, encode_event, encode_line, encode_record, encode_text_event,
        Chunks, Event, EventError, EventStream, Framing, LineDecoder, Reopen, SeqDecoder,
        SseDecoder,
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
        let err =
            decode_event::<Tick>(Event::new("{\"n\":\"x\"}".to_owned())).expect_err("not a tick");
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
}

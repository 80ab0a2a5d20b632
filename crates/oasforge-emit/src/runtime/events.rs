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
mod tests;

//! The fixed methods of a generated client whose operations stream, as Rust source: `send`
//! split into `open` (the response head) and `collect` (the body), `reopen` for a stream of
//! server-sent events that reconnects, and `with_reconnect`.
//!
//! `client/mod.rs` splices each into the generated `impl Client` (`runtime::method`) in
//! place of `runtime/client_methods.rs`'s `send`, which reads every response whole. The
//! stand-in client below, with the `reconnect` setting, is never emitted. Compiled only in
//! this crate's tests, as a child of `client_methods.rs`.

use super::*;
use crate::runtime::operations::stream;
use stand_in::Client;

/// What a generated `client.rs` defines itself, with every field these methods use.
mod stand_in {
    use super::{Credentials, HeaderMap, MiddlewareChain};

    /// The generated client of an API with a stream of server-sent events.
    #[derive(Debug, Clone)]
    pub struct Client {
        pub(super) http: reqwest::Client,
        pub(super) base_url: String,
        pub(super) headers: HeaderMap,
        pub(super) credentials: Credentials,
        pub(super) validate: bool,
        pub(super) timeout: Option<std::time::Duration>,
        pub(super) middleware: MiddlewareChain,
        pub(super) reconnect: u32,
    }
}

impl Client {
    /// This client reconnecting a broken or ended stream of server-sent events up to
    /// `attempts` times in a row, resuming after the last event seen
    /// (`Last-Event-ID`); `0` (the default) never reconnects.
    pub fn with_reconnect(&self, attempts: u32) -> Self {
        let mut client = self.clone();
        client.reconnect = attempts;
        client
    }

    /// Sends a prepared request and collects the whole response.
    async fn send(&self, request: Request) -> Result<RawResponse, Error> {
        let response = self.open(request).await?;
        Self::collect(response).await
    }

    /// Sends a prepared request, returning the response once its head arrived.
    async fn open(&self, request: Request) -> Result<reqwest::Response, Error> {
        let Request {
            method,
            url,
            headers,
            body,
        } = request;
        let request = self
            .http
            .request(method, format!("{}{}", self.base_url, url))
            .headers(self.headers.clone())
            .headers(headers);
        let request = match self.timeout {
            Some(timeout) => request.timeout(timeout),
            None => request,
        };
        let request = body
            .attach(request)
            .build()
            .map_err(|source| Error::Transport {
                status: None,
                source,
            })?;
        self.middleware
            .send(&self.http, request)
            .await
            .map_err(|source| Error::Transport {
                status: None,
                source,
            })
    }

    /// Reads the whole body of a response.
    async fn collect(response: reqwest::Response) -> Result<RawResponse, Error> {
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let body = response.bytes().await.map_err(|source| Error::Transport {
            status: Some(status),
            source,
        })?;
        Ok(RawResponse {
            status,
            headers,
            body: body.to_vec(),
        })
    }

    /// What reopens a stream of server-sent events of one operation, when the client
    /// reconnects: after the wait the server asked for (3 s if none), the request
    /// again with `Last-Event-ID`; `204` ends the stream.
    fn reopen<I: Clone + Send + Sync + 'static>(
        &self,
        prepare: fn(&Client, &I) -> Result<Request, Error>,
        input: &I,
        status: u16,
    ) -> Option<(stream::Reopen, u32)> {
        use stream::EventError;
        if self.reconnect == 0 {
            return None;
        }
        let (client, input) = (self.clone(), input.clone());
        let reopen: stream::Reopen = Box::new(move |last_id, wait| {
            let (client, input) = (client.clone(), input.clone());
            Box::pin(async move {
                tokio::time::sleep(wait.unwrap_or(std::time::Duration::from_secs(3))).await;
                let mut request = prepare(&client, &input)
                    .map_err(|e| EventError::Transport(e.to_string().into()))?;
                if let Some(value) = last_id.and_then(|id| HeaderValue::from_str(&id).ok()) {
                    request.headers.insert("last-event-id", value);
                }
                let response = client
                    .open(request)
                    .await
                    .map_err(|e| EventError::Transport(e.to_string().into()))?;
                match response.status().as_u16() {
                    204 => Ok(None),
                    code if code == status => Ok(Some(body_chunks(response))),
                    code => Err(EventError::Transport(
                        format!("reconnecting: status {code}").into(),
                    )),
                }
            })
        });
        Some((reopen, self.reconnect))
    }
}

#[cfg(test)]
mod tests {
    use futures::TryStreamExt;

    use super::super::tests::echo_client;
    use super::*;

    /// A streaming client answering through the echoing middleware, never the network.
    fn client(reconnect: u32) -> Client {
        let plain = echo_client();
        Client {
            http: plain.http,
            base_url: plain.base_url,
            headers: plain.headers,
            credentials: plain.credentials,
            validate: plain.validate,
            timeout: plain.timeout,
            middleware: plain.middleware,
            reconnect,
        }
    }

    fn get(url: &str) -> Request {
        Request {
            method: reqwest::Method::GET,
            url: url.to_owned(),
            headers: HeaderMap::new(),
            body: Payload::Empty,
        }
    }

    #[tokio::test]
    async fn open_returns_the_head_and_collect_the_body() {
        let client = client(0);
        let response = client.open(get("/events")).await.expect("answered");
        assert_eq!(response.status(), 200);
        let raw = Client::collect(response).await.expect("read");
        assert_eq!(raw.headers["x-echo"], "yes");
        assert_eq!(
            String::from_utf8(raw.body).expect("text"),
            "GET http://api.test/v1/events\n"
        );
        let whole = client.send(get("/missing")).await.expect("answered");
        assert_eq!(whole.status, 404);
    }

    /// The stand-in of an operation's input: the path to request.
    #[derive(Clone)]
    struct Path(&'static str);

    /// The stand-in of an operation's `prepare`.
    fn prepare(_: &Client, path: &Path) -> Result<Request, Error> {
        Ok(get(path.0))
    }

    #[tokio::test]
    async fn reopening_resends_with_the_last_event_id_until_the_server_ends_it() {
        assert!(client(0).reopen(prepare, &Path("/events"), 200).is_none());
        let streaming = client(0).with_reconnect(2);
        assert_eq!(streaming.reconnect, 2);
        let (mut reopen, attempts) = streaming
            .reopen(prepare, &Path("/events"), 200)
            .expect("reconnects");
        assert_eq!(attempts, 2);
        let chunks = reopen(Some("7".to_owned()), Some(std::time::Duration::ZERO))
            .await
            .expect("reopened")
            .expect("a body");
        let body: Vec<Vec<u8>> = chunks.try_collect().await.expect("chunks");
        let body = String::from_utf8(body.concat()).expect("text");
        assert!(body.contains("last-event-id: 7\n"), "{body}");

        // `204` ends the stream; another status is an error.
        let (mut reopen, _) = streaming
            .reopen(prepare, &Path("/gone"), 200)
            .expect("reconnects");
        let ended = reopen(None, Some(std::time::Duration::ZERO)).await;
        assert!(matches!(ended, Ok(None)));
        let (mut reopen, _) = streaming
            .reopen(prepare, &Path("/missing"), 200)
            .expect("reconnects");
        match reopen(None, Some(std::time::Duration::ZERO)).await {
            Err(e) => assert!(e.to_string().contains("status 404"), "{e}"),
            Ok(_) => panic!("a 404 does not reopen the stream"),
        }
    }
}

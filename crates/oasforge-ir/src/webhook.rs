//! Webhooks and callbacks: requests the API makes to its users' servers.

use crate::{Body, Docs, HttpMethod};

/// One request the API sends to a server its user runs: an entry of 3.1's `webhooks`, or of
/// an operation's `callbacks`. A receiver routes it and a sender delivers it; both are
/// generated in `webhooks.rs`.
#[derive(Debug, Clone, PartialEq)]
pub struct Webhook {
    /// The Rust method name (snake_case, unique among webhooks): `new_pet`.
    pub name: String,
    /// Where it is declared.
    pub source: WebhookSource,
    /// The HTTP method the API sends it with.
    pub method: HttpMethod,
    /// Summary and description.
    pub docs: Docs,
    /// `deprecated: true`.
    pub deprecated: bool,
    /// The payload (the request body), when it has one the receiver decodes (JSON).
    pub payload: Option<Body>,
    /// The status the receiver answers when its handler accepts the event: the first
    /// documented `2XX` code, else `200`.
    pub status: u16,
    /// The path the generated receiver routes it at: `/` and the webhook's key when that is
    /// one plain path segment (`/pet.created`), else `/` and the method name.
    pub route: String,
}

/// Where a [`Webhook`] is declared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WebhookSource {
    /// `webhooks/{key}`.
    Webhook {
        /// The key under `webhooks`.
        key: String,
    },
    /// `callbacks/{callback}/{expression}` of an operation.
    Callback {
        /// The method name of the operation that registers the callback.
        operation: String,
        /// The key under the operation's `callbacks`.
        callback: String,
        /// The runtime expression naming the URL the callback goes to.
        expression: String,
    },
}

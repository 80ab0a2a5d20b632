//! Stand-ins, for the tests of the runtime sources, of what a generated file defines around
//! the runtime items (with the same names and the parts the items use).

/// What a generated `client.rs` defines.
pub(super) mod client {
    use reqwest::header::HeaderMap;

    /// A response as it arrived.
    #[derive(Debug, Clone)]
    pub(crate) struct RawResponse {
        pub(crate) status: u16,
        pub(crate) headers: HeaderMap,
        pub(crate) body: Vec<u8>,
    }

    /// The client's error.
    #[derive(Debug)]
    pub(crate) enum Error<R = std::convert::Infallible> {
        Encode(#[allow(dead_code)] String),
        Status(#[allow(dead_code)] Box<super::super::client::Documented<R>>),
        Decode {
            response: Box<RawResponse>,
            #[allow(dead_code)]
            message: String,
        },
    }
}

/// What a generated `server.rs` defines.
pub(super) mod server {
    use super::super::validate::Violation;

    /// A handler's error.
    pub(crate) enum HandlerError {
        Invalid(Vec<Violation>),
        Unauthorized,
        Forbidden,
        NotFound,
        Internal(Box<dyn std::error::Error + Send + Sync>),
    }

    /// Basic credentials.
    pub(crate) struct BasicCredentials {
        pub(crate) username: String,
        pub(crate) password: String,
    }
}

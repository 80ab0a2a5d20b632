//! The fixed items of a generated `operations.rs`, as Rust source.
//!
//! This file is compiled only in this crate's tests and read as text at generation time:
//! `crate::runtime` emits the items an API uses, each named by a [`Helper`](super::Helper).

// A generated `operations.rs` holds the `stream` module when some operation streams
// (`crate::streams`); the client's runtime items name it from here.
pub(crate) use super::events::stream;

/// A file sent as one part of a `multipart/form-data` body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilePart {
    /// The file name sent with the part.
    pub file_name: String,
    /// The media type of the content, e.g. `image/png`.
    pub content_type: String,
    /// The content.
    pub bytes: Vec<u8>,
}

/// A user name and password for HTTP basic authentication.
#[derive(Clone, PartialEq, Eq)]
pub struct BasicCredentials {
    /// The user name.
    pub username: String,
    /// The password.
    pub password: String,
}

impl std::fmt::Debug for BasicCredentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BasicCredentials")
            .field("username", &self.username)
            .field("password", &"<redacted>")
            .finish()
    }
}

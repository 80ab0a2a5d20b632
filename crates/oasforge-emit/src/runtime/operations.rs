//! The fixed items of a generated `operations.rs`, as Rust source.
//!
//! This file is compiled only in this crate's tests and read as text at generation time:
//! `crate::runtime` emits the items an API uses, each named by a [`Helper`](super::Helper).

// A generated `operations.rs` holds the `stream` module when some operation streams
// (`crate::streams`); the client's runtime items name it from here.
pub(crate) use super::events::stream;
// What a generated `operations.rs` re-exports from `validate.rs`.
use super::validate::{ValidationErrors, Violation};

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

/// Adds the violations of a check (`Err` of a check function or of `Validate::validate`) to
/// `violations`, each pointer put under `location` (`/query`, `/body`).
fn locate(violations: &mut Vec<Violation>, location: &str, checked: Result<(), ValidationErrors>) {
    if let Err(errors) = checked {
        violations.extend(errors.into_violations().into_iter().map(|v| Violation {
            pointer: format!("{location}{}", v.pointer),
            ..v
        }));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn violation(pointer: &str) -> Violation {
        Violation {
            pointer: pointer.to_owned(),
            rule: "maxLength",
            limit: "3".to_owned(),
            value: "\"abcd\"".to_owned(),
        }
    }

    #[test]
    fn locate_puts_each_violation_under_its_location() {
        let mut violations = vec![violation("/path/id")];
        locate(&mut violations, "/query", Ok(()));
        assert_eq!(violations.len(), 1);
        let checked = ValidationErrors::result(vec![violation("/name"), violation("")]);
        locate(&mut violations, "/body", checked);
        let pointers: Vec<&str> = violations.iter().map(|v| v.pointer.as_str()).collect();
        assert_eq!(pointers, ["/path/id", "/body/name", "/body"]);
        assert_eq!(violations[1].rule, "maxLength");
    }
}

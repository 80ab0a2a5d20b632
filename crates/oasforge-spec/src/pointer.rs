//! JSON pointers (RFC 6901), kept in their escaped string form.

use std::fmt;

/// Escapes one reference token of a JSON pointer (`~` → `~0`, `/` → `~1`).
pub fn escape_segment(segment: &str) -> String {
    if segment.contains(['~', '/']) {
        segment.replace('~', "~0").replace('/', "~1")
    } else {
        segment.to_owned()
    }
}

/// Undoes [`escape_segment`].
pub(crate) fn unescape_segment(segment: &str) -> String {
    if segment.contains('~') {
        segment.replace("~1", "/").replace("~0", "~")
    } else {
        segment.to_owned()
    }
}

/// A JSON pointer such as `/components/schemas/Pet`, stored escaped.
///
/// The empty pointer names the whole document.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct JsonPointer(String);

impl JsonPointer {
    /// The pointer to the document root.
    pub fn root() -> Self {
        Self(String::new())
    }

    /// Wraps an already escaped pointer string (`""` or starting with `/`).
    pub fn from_escaped(s: impl Into<String>) -> Self {
        Self(s.into())
    }

    /// The escaped string form, as it appears after `#` in a `$ref`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// A pointer one level deeper, through the (unescaped) key or index `segment`.
    pub fn join(&self, segment: impl AsRef<str>) -> Self {
        let mut s = String::with_capacity(self.0.len() + segment.as_ref().len() + 1);
        s.push_str(&self.0);
        s.push('/');
        s.push_str(&escape_segment(segment.as_ref()));
        Self(s)
    }

    /// The unescaped reference tokens.
    pub fn segments(&self) -> Vec<String> {
        if self.0.is_empty() {
            return Vec::new();
        }
        self.0[1..].split('/').map(unescape_segment).collect()
    }
}

impl fmt::Display for JsonPointer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn join_escapes_and_segments_unescape() {
        let p = JsonPointer::root()
            .join("paths")
            .join("/pets/{id}")
            .join("a~b");
        assert_eq!(p.as_str(), "/paths/~1pets~1{id}/a~0b");
        assert_eq!(p.segments(), vec!["paths", "/pets/{id}", "a~b"]);
        assert_eq!(p.to_string(), "#/paths/~1pets~1{id}/a~0b");
    }
}

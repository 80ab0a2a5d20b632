//! JSON pointers (RFC 6901), kept in their escaped string form.

use std::borrow::Cow;
use std::fmt;

use serde_json::Value;

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

/// The node `pointer` (escaped) names in `value`: what `serde_json::Value::pointer` returns,
/// without building a string for every reference token (lowering looks nodes up by pointer
/// hundreds of thousands of times on a large document).
pub(crate) fn lookup<'v>(value: &'v Value, pointer: &str) -> Option<&'v Value> {
    if pointer.is_empty() {
        return Some(value);
    }
    let rest = pointer.strip_prefix('/')?;
    rest.split('/').try_fold(value, |target, token| {
        let token: Cow<'_, str> = if token.contains('~') {
            Cow::Owned(token.replace("~1", "/").replace("~0", "~"))
        } else {
            Cow::Borrowed(token)
        };
        match target {
            Value::Object(map) => map.get(token.as_ref()),
            Value::Array(list) => index(&token).and_then(|i| list.get(i)),
            _ => None,
        }
    })
}

/// An array index token: digits without a leading `+` or `0` (RFC 6901).
fn index(token: &str) -> Option<usize> {
    if token.starts_with('+') || (token.starts_with('0') && token.len() != 1) {
        return None;
    }
    token.parse().ok()
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
    fn lookup_finds_what_serde_json_finds() {
        let value = serde_json::json!({
            "paths": {"/pets/{id}": {"get": [1, {"a~b": true}, 3]}},
            "": {"": 0},
            "01": "x",
        });
        for pointer in [
            "",
            "/",
            "//",
            "/paths",
            "/paths/~1pets~1{id}/get",
            "/paths/~1pets~1{id}/get/1/a~0b",
            "/paths/~1pets~1{id}/get/01",
            "/paths/~1pets~1{id}/get/+1",
            "/paths/~1pets~1{id}/get/9",
            "/paths/~1pets~1{id}/get/0/x",
            "/01",
            "/missing",
            "paths",
        ] {
            assert_eq!(lookup(&value, pointer), value.pointer(pointer), "{pointer}");
        }
        assert_eq!(
            lookup(&value, "/paths/~1pets~1{id}/get/1/a~0b"),
            Some(&Value::Bool(true))
        );
    }

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

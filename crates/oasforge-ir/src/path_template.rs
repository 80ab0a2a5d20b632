//! Path templates (`/v1/{name}:cancel`), parsed into literal and parameter parts, and how a
//! server routes them.
//!
//! `axum` 0.8 routes a segment that is literal text or one whole `{param}`; a segment that
//! mixes both (`{name}.json`, `{name}:cancel`, `{x}{y}`), or literal text axum reserves (a
//! segment starting with `:` or `*`, braces) cannot be an `axum` route. When every template
//! of an API can be, the server routes with `axum` ([`PathTemplate::axum_route`]); otherwise
//! it routes every operation through one fallback that matches the parsed templates
//! ([`PathTemplate::segments`]) and decodes the parameters itself.

use std::fmt;

/// One part of a path segment.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum PathPart {
    /// Text matched as written (percent-decoded, as request paths are before matching).
    Literal(String),
    /// A template expression: the parameter's name as written between the braces.
    Param(String),
}

/// A parsed path template: the segments between the `/`s, each a sequence of parts.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PathTemplate {
    /// The segments after the leading `/`; `/` alone is one empty segment.
    pub segments: Vec<Vec<PathPart>>,
}

/// Why a path template cannot be routed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TemplateProblem {
    /// `{}`.
    EmptyName,
    /// A parameter appears twice.
    Repeated(String),
}

impl fmt::Display for TemplateProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TemplateProblem::EmptyName => write!(f, "a `{{}}` without a parameter name"),
            TemplateProblem::Repeated(name) => {
                write!(f, "the parameter `{name}` twice in one template")
            }
        }
    }
}

/// What parsing noticed but accepted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TemplateNotes {
    /// The template did not start with `/`: one was added.
    pub added_slash: bool,
    /// A `{` without its `}` (or a `}` without its `{`): matched as literal text.
    pub unbalanced_brace: bool,
}

impl PathTemplate {
    /// Parses `path`. A missing leading `/` is added and an unbalanced brace is literal text
    /// (both noted); an empty or repeated parameter name is an error.
    pub fn parse(path: &str) -> Result<(PathTemplate, TemplateNotes), TemplateProblem> {
        let mut notes = TemplateNotes::default();
        let body = match path.strip_prefix('/') {
            Some(rest) => rest,
            None => {
                notes.added_slash = true;
                path
            }
        };
        let mut names: Vec<&str> = Vec::new();
        let mut segments = Vec::new();
        for raw in body.split('/') {
            let mut parts = Vec::new();
            let mut literal = String::new();
            let mut rest = raw;
            while !rest.is_empty() {
                let open = rest.find('{');
                let close = rest.find('}');
                match (open, close) {
                    (Some(o), Some(c)) if o < c && !rest[o + 1..c].contains('{') => {
                        literal.push_str(&rest[..o]);
                        let name = &rest[o + 1..c];
                        if name.is_empty() {
                            return Err(TemplateProblem::EmptyName);
                        }
                        if names.contains(&name) {
                            return Err(TemplateProblem::Repeated(name.to_owned()));
                        }
                        names.push(name);
                        if !literal.is_empty() {
                            parts.push(PathPart::Literal(decode(&literal)));
                            literal.clear();
                        }
                        parts.push(PathPart::Param(name.to_owned()));
                        rest = &rest[c + 1..];
                    }
                    (None, None) => {
                        literal.push_str(rest);
                        rest = "";
                    }
                    _ => {
                        // The first brace has no partner before the next brace: literal text.
                        let first = match (open, close) {
                            (Some(o), Some(c)) => o.min(c),
                            (Some(i), None) | (None, Some(i)) => i,
                            (None, None) => 0,
                        };
                        notes.unbalanced_brace = true;
                        literal.push_str(&rest[..=first]);
                        rest = &rest[first + 1..];
                    }
                }
            }
            if !literal.is_empty() || parts.is_empty() {
                parts.push(PathPart::Literal(decode(&literal)));
            }
            segments.push(parts);
        }
        Ok((PathTemplate { segments }, notes))
    }

    /// The parameters in template order.
    pub fn params(&self) -> impl Iterator<Item = &str> {
        self.segments.iter().flatten().filter_map(|p| match p {
            PathPart::Param(name) => Some(name.as_str()),
            PathPart::Literal(_) => None,
        })
    }

    /// The name a server's router gives the capture of parameter `name` (`p0`, `p1`, … in
    /// template order): positional, so templates that differ only in parameter names share
    /// one route, and `axum` never sees two names at one place.
    pub fn capture(&self, name: &str) -> Option<String> {
        self.params()
            .position(|p| p == name)
            .map(|i| format!("p{i}"))
    }

    /// The template with parameter names erased: two templates with the same shape are the
    /// same path to a router (`/a/{x}` and `/a/{y}`).
    pub fn shape(&self) -> String {
        let mut out = String::new();
        for segment in &self.segments {
            out.push('/');
            for part in segment {
                match part {
                    PathPart::Literal(text) => out.push_str(&text.replace('{', "{{")),
                    PathPart::Param(_) => out.push_str("{}"),
                }
            }
        }
        out
    }

    /// The route for `axum` 0.8, captures named by [`PathTemplate::capture`], when every
    /// segment is plain literal text or one whole parameter; `None` when the template needs
    /// the fallback matcher.
    pub fn axum_route(&self) -> Option<String> {
        let mut out = String::new();
        let mut index = 0;
        let last = self.segments.len().saturating_sub(1);
        for (i, segment) in self.segments.iter().enumerate() {
            out.push('/');
            match segment.as_slice() {
                [PathPart::Param(_)] => {
                    out.push_str(&format!("{{p{index}}}"));
                    index += 1;
                }
                [PathPart::Literal(text)] if routable_literal(text, i == last) => {
                    out.push_str(text);
                }
                _ => return None,
            }
        }
        Some(out)
    }

    /// The template written back, with the leading `/`.
    pub fn to_template(&self) -> String {
        let mut out = String::new();
        for segment in &self.segments {
            out.push('/');
            for part in segment {
                match part {
                    PathPart::Literal(text) => out.push_str(text),
                    PathPart::Param(name) => {
                        out.push('{');
                        out.push_str(name);
                        out.push('}');
                    }
                }
            }
        }
        out
    }
}

/// Literal text `axum` routes as written and requests carry unchanged: unreserved and
/// sub-delimiter characters, not starting with `:` or `*` (axum 0.8 refuses those), not
/// empty except as the last segment (`/a/`).
fn routable_literal(text: &str, last: bool) -> bool {
    if text.is_empty() {
        return last;
    }
    !text.starts_with([':', '*'])
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-._~!$&'()+,;=@:".contains(c))
}

/// Percent-decodes literal template text (a template may write `%20`); invalid escapes and
/// non-UTF-8 results stay as written.
fn decode(text: &str) -> String {
    if !text.contains('%') {
        return text.to_owned();
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(path: &str) -> PathTemplate {
        PathTemplate::parse(path).expect("parses").0
    }

    #[test]
    fn whole_segments_route_with_axum_by_position() {
        let t = parse("/pets/{petId}/toys/{toyId}");
        assert_eq!(t.axum_route().as_deref(), Some("/pets/{p0}/toys/{p1}"));
        assert_eq!(t.capture("toyId").as_deref(), Some("p1"));
        assert_eq!(parse("/").axum_route().as_deref(), Some("/"));
        assert_eq!(parse("/a/").axum_route().as_deref(), Some("/a/"));
        assert_eq!(
            parse("/a/{x}").shape(),
            parse("/a/{y}").shape(),
            "names do not make a path"
        );
    }

    #[test]
    fn mixed_segments_and_reserved_literals_need_the_fallback() {
        for path in [
            "/v1/{name}:cancel",
            "/files/{name}.json",
            "/a/{x}{y}",
            "/b/:colon",
            "/b/*star",
            "/a//b",
            "/caf%C3%A9",
        ] {
            assert_eq!(parse(path).axum_route(), None, "{path}");
        }
        assert_eq!(
            parse("/v1/{name}:cancel").segments[1],
            [
                PathPart::Param("name".into()),
                PathPart::Literal(":cancel".into())
            ]
        );
        assert_eq!(
            parse("/caf%C3%A9").segments[0],
            [PathPart::Literal("café".into())]
        );
    }

    #[test]
    fn a_missing_slash_and_unbalanced_braces_are_noted_and_literal() {
        let (t, notes) = PathTemplate::parse("things/{id}").expect("parses");
        assert!(notes.added_slash && !notes.unbalanced_brace);
        assert_eq!(t.to_template(), "/things/{id}");
        let (t, notes) = PathTemplate::parse("/a/{b/c}d/{e}").expect("parses");
        assert!(notes.unbalanced_brace);
        assert_eq!(
            t.segments,
            [
                vec![PathPart::Literal("a".into())],
                vec![PathPart::Literal("{b".into())],
                vec![PathPart::Literal("c}d".into())],
                vec![PathPart::Param("e".into())],
            ]
        );
        assert_eq!(t.axum_route(), None);
        let (t, _) = PathTemplate::parse("/a/{{x}").expect("parses");
        assert_eq!(
            t.segments[1],
            [PathPart::Literal("{".into()), PathPart::Param("x".into())]
        );
    }

    #[test]
    fn empty_and_repeated_names_are_errors() {
        assert_eq!(
            PathTemplate::parse("/a/{}"),
            Err(TemplateProblem::EmptyName)
        );
        assert_eq!(
            PathTemplate::parse("/a/{x}/b/{x}"),
            Err(TemplateProblem::Repeated("x".into()))
        );
    }
}

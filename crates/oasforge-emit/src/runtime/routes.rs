//! The fixed items of a generated server's dispatching router, as Rust source: when some
//! path template is not one `axum` can route, `server/routes.rs` generates `dispatch`, which
//! tries each template with [`match_template`] and hands the captures to the handler with
//! [`call`]; these are its helpers, emitted around it.
//!
//! The server's `Api` trait is generated; the stand-in below takes its place and is never
//! emitted. Compiled only in this crate's tests, as a child of `server.rs`.

use std::sync::Arc;

use super::*;
use stand_in::Api;

/// What a generated `server.rs` defines itself.
mod stand_in {
    /// The generated trait of the API's operations.
    pub trait Api: Send + Sync + 'static {}
}

/// One part of a path template's segment.
enum Part {
    /// Text matched as written.
    Text(&'static str),
    /// A parameter, by its capture name.
    Param(&'static str),
}

/// A path template `dispatch` tries, with the handler of each of its methods.
struct Route {
    /// The template's segments, each a list of parts.
    template: &'static [&'static [Part]],
    /// Each method the template answers, with the number of its handler in `dispatch`.
    methods: &'static [(&'static str, usize)],
}

/// What [`route`] found for a request.
enum Routed {
    /// The number of the handler to call.
    Handler(usize),
    /// Templates matched the path, none of them with the method: the methods they have.
    NotAllowed(Vec<&'static str>),
    /// No template matched the path.
    NotFound,
}

/// The parameters a template matched, handed to the handler.
#[derive(Clone)]
struct Captures(Vec<(String, String)>);

/// Calls `handler` with the request and the matched parameters.
async fn call<A: Api, H, T>(
    handler: H,
    mut request: axum::extract::Request,
    captures: Vec<(String, String)>,
    api: Arc<A>,
) -> Response
where
    H: axum::handler::Handler<T, Arc<A>>,
{
    request.extensions_mut().insert(Captures(captures));
    axum::handler::Handler::call(handler, request, api).await
}

/// The path's segments (after the leading `/`), each percent-decoded; `None` when
/// one is not UTF-8 once decoded.
fn path_segments(path: &str) -> Option<Vec<String>> {
    path.strip_prefix('/')
        .unwrap_or(path)
        .split('/')
        .map(decode_segment)
        .collect()
}

/// `%XX` escapes decoded; `None` when the result is not UTF-8.
fn decode_segment(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            if let Some(hex) = bytes.get(i + 1..i + 3) {
                if hex.iter().all(u8::is_ascii_hexdigit) {
                    let digits = std::str::from_utf8(hex).ok()?;
                    out.push(u8::from_str_radix(digits, 16).ok()?);
                    i += 3;
                    continue;
                }
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).ok()
}

/// The first of `routes` (most specific first) whose template matches `segments` and that
/// has `method`; the parameters its template matched are put in `captures`. When templates
/// match but none has the method, the methods they have, each once.
fn route(
    routes: &[Route],
    segments: &[String],
    method: &str,
    captures: &mut Vec<(String, String)>,
) -> Routed {
    let mut allowed = Vec::new();
    for route in routes {
        let Some(matched) = match_template(route.template, segments) else {
            continue;
        };
        match route.methods.iter().find(|(m, _)| *m == method) {
            Some(&(_, handler)) => {
                *captures = matched;
                return Routed::Handler(handler);
            }
            None => {
                for &(m, _) in route.methods {
                    if !allowed.contains(&m) {
                        allowed.push(m);
                    }
                }
            }
        }
    }
    if allowed.is_empty() {
        Routed::NotFound
    } else {
        Routed::NotAllowed(allowed)
    }
}

/// The parameters (capture name, value) when `segments` match `template`.
fn match_template(template: &[&[Part]], segments: &[String]) -> Option<Vec<(String, String)>> {
    if template.len() != segments.len() {
        return None;
    }
    let mut captures = Vec::new();
    for (parts, segment) in template.iter().zip(segments) {
        if !match_parts(parts, segment, &mut captures) {
            return None;
        }
    }
    Some(captures)
}

/// Whether `text` matches `parts`, each parameter taking the shortest non-empty
/// value that lets the rest match; the values are appended to `captures`.
fn match_parts(parts: &[Part], text: &str, captures: &mut Vec<(String, String)>) -> bool {
    match parts.split_first() {
        None => text.is_empty(),
        Some((first, rest)) => first.matches(rest, text, captures),
    }
}

impl Part {
    /// Whether `text` begins with this part and what follows matches `rest` (see
    /// [`match_parts`]).
    fn matches(&self, rest: &[Part], text: &str, captures: &mut Vec<(String, String)>) -> bool {
        match self {
            Self::Text(literal) => text
                .strip_prefix(literal)
                .is_some_and(|after| match_parts(rest, after, captures)),
            Self::Param(name) => {
                let ends = text
                    .char_indices()
                    .map(|(i, _)| i)
                    .skip(1)
                    .chain(std::iter::once(text.len()));
                for end in ends {
                    if end == 0 {
                        break;
                    }
                    let mark = captures.len();
                    captures.push(((*name).to_owned(), text[..end].to_owned()));
                    if match_parts(rest, &text[end..], captures) {
                        return true;
                    }
                    captures.truncate(mark);
                }
                false
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn owned(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn paths_split_into_decoded_segments() {
        assert_eq!(
            path_segments("/files/a%20b/c%2Fd"),
            Some(vec!["files".to_owned(), "a b".to_owned(), "c/d".to_owned()])
        );
        // A `%` not followed by two hex digits is kept as written.
        assert_eq!(decode_segment("100%"), Some("100%".to_owned()));
        assert_eq!(decode_segment("%zz"), Some("%zz".to_owned()));
        // Bytes that are not UTF-8 once decoded do not make a path.
        assert_eq!(decode_segment("%ff"), None);
        assert_eq!(
            path_segments("/a/%C3%A9"),
            Some(vec!["a".to_owned(), "é".to_owned()])
        );
    }

    #[test]
    fn templates_match_text_and_capture_parameters() {
        let segments = |path: &str| path_segments(path).expect("decodes");
        let json: &[&[Part]] = &[
            &[Part::Text("files")],
            &[Part::Param("p0"), Part::Text(".json")],
        ];
        assert_eq!(
            match_template(json, &segments("/files/report.v2.json")),
            Some(owned(&[("p0", "report.v2")]))
        );
        assert_eq!(match_template(json, &segments("/files/report.xml")), None);
        assert_eq!(match_template(json, &segments("/files/.json")), None);
        assert_eq!(match_template(json, &segments("/files")), None);
        // Two parameters in one segment: the first takes the shortest value that lets the
        // rest match.
        let pair: &[&[Part]] = &[&[Part::Param("p0"), Part::Text("-"), Part::Param("p1")]];
        assert_eq!(
            match_template(pair, &segments("/a-b-c")),
            Some(owned(&[("p0", "a"), ("p1", "b-c")]))
        );
        assert_eq!(match_template(pair, &segments("/ab")), None);
    }

    #[test]
    fn routes_are_tried_in_order_and_report_the_methods_of_a_matched_path() {
        let segments = |path: &str| path_segments(path).expect("decodes");
        let routes = &[
            Route {
                template: &[
                    &[Part::Text("files")],
                    &[Part::Param("p0"), Part::Text(".json")],
                ],
                methods: &[("GET", 0), ("HEAD", 0)],
            },
            Route {
                template: &[&[Part::Text("files")], &[Part::Param("p0")]],
                methods: &[("GET", 1), ("DELETE", 2)],
            },
        ];
        let found = |path: &str, method: &str| {
            let mut captures = Vec::new();
            let routed = route(routes, &segments(path), method, &mut captures);
            (routed, captures)
        };
        // The more specific template first; its parameters are captured.
        let (routed, captures) = found("/files/a.json", "GET");
        assert!(matches!(routed, Routed::Handler(0)));
        assert_eq!(captures, owned(&[("p0", "a")]));
        // A method the first lacks falls through to the next template that matches.
        let (routed, captures) = found("/files/a.json", "DELETE");
        assert!(matches!(routed, Routed::Handler(2)));
        assert_eq!(captures, owned(&[("p0", "a.json")]));
        let (routed, _) = found("/files/a.xml", "GET");
        assert!(matches!(routed, Routed::Handler(1)));
        // Matched, but no template has the method: every method of the matching ones, once.
        let (routed, captures) = found("/files/a.json", "PUT");
        match routed {
            Routed::NotAllowed(allowed) => assert_eq!(allowed, ["GET", "HEAD", "DELETE"]),
            _ => panic!("expected NotAllowed"),
        }
        assert!(captures.is_empty());
        assert!(matches!(found("/other", "GET").0, Routed::NotFound));
    }

    struct Pets;

    impl Api for Pets {}

    #[tokio::test]
    async fn call_hands_the_captures_to_the_handler() {
        async fn handler(axum::Extension(captures): axum::Extension<Captures>) -> String {
            captures
                .0
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join("&")
        }
        let request = axum::extract::Request::new(axum::body::Body::empty());
        let response = call(
            handler,
            request,
            owned(&[("p0", "a"), ("p1", "b")]),
            Arc::new(Pets),
        )
        .await;
        assert_eq!(response.status(), StatusCode::OK);
        let body = axum::body::to_bytes(response.into_body(), 1024)
            .await
            .expect("a body");
        assert_eq!(&body[..], b"p0=a&p1=b");
    }
}

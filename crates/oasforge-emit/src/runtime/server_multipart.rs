//! The fixed items of a generated `server.rs` that read `multipart/form-data` request
//! bodies (RFC 7578): the parts of a body, and each form field read from its parts.
//!
//! Read after `server.rs` as one runtime source (`Source::Server`); compiled only in this
//! crate's tests, as a child module of `server.rs`.

use super::*;

/// One part of a `multipart/form-data` body (RFC 7578).
struct FormPart {
    /// The `name` of its `Content-Disposition`.
    name: String,
    /// The `filename` of its `Content-Disposition`, when given.
    file_name: Option<String>,
    /// Its `Content-Type`, when given.
    content_type: Option<String>,
    /// The content.
    body: Vec<u8>,
}

/// The position of `needle` in `haystack` at or after `from`.
fn find_bytes(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    let rest = haystack.get(from..)?;
    if needle.is_empty() || rest.len() < needle.len() {
        return None;
    }
    rest.windows(needle.len())
        .position(|window| window == needle)
        .map(|at| at + from)
}

/// The parameters of a header value after its first `;` (`form-data; name="a"; filename*=…`),
/// names in lower case, quoted values unescaped; an extended value (`name*=utf-8''%C3%A9`)
/// replaces the plain one.
fn header_params(value: &str) -> Vec<(String, String)> {
    let mut params: Vec<(String, String)> = Vec::new();
    let mut extended: Vec<(String, String)> = Vec::new();
    let mut chars = value.chars().peekable();
    // Skip the value itself (`form-data`, `multipart/form-data`).
    for c in chars.by_ref() {
        if c == ';' {
            break;
        }
    }
    loop {
        while chars.peek().is_some_and(|c| c.is_whitespace() || *c == ';') {
            chars.next();
        }
        if chars.peek().is_none() {
            break;
        }
        let mut name = String::new();
        while let Some(c) = chars.next_if(|c| *c != '=' && *c != ';') {
            name.push(c);
        }
        let mut text = String::new();
        let mut quoted = false;
        if chars.next_if_eq(&'=').is_some() {
            if chars.next_if_eq(&'"').is_some() {
                quoted = true;
                while let Some(c) = chars.next() {
                    match c {
                        '\\' => text.extend(chars.next()),
                        '"' => break,
                        other => text.push(other),
                    }
                }
            }
            // Anything after a quoted value up to the next `;` is ignored.
            while let Some(c) = chars.next_if(|c| *c != ';') {
                if !quoted {
                    text.push(c);
                }
            }
        }
        let name = name.trim().to_ascii_lowercase();
        match name.strip_suffix('*') {
            // `charset'language'value`, percent-encoded.
            Some(plain) => {
                let encoded = text.trim().splitn(3, '\'').nth(2).unwrap_or("");
                extended.push((plain.to_owned(), percent_decode(encoded, false)));
            }
            None if quoted => params.push((name, text)),
            None => params.push((name, text.trim().to_owned())),
        }
    }
    for (name, text) in extended {
        match params.iter_mut().find(|(n, _)| *n == name) {
            Some(slot) => slot.1 = text,
            None => params.push((name, text)),
        }
    }
    params
}

/// The parts of a `multipart/form-data` body delimited by `boundary`; what is wrong with
/// it otherwise. The preamble and epilogue are ignored; each part needs a
/// `Content-Disposition` with a `name`.
fn parse_multipart(body: &[u8], boundary: &str) -> Result<Vec<FormPart>, &'static str> {
    let delimiter = format!("--{boundary}").into_bytes();
    let next = format!("\r\n--{boundary}").into_bytes();
    let mut at = if body.starts_with(&delimiter) {
        delimiter.len()
    } else {
        find_bytes(body, &next, 0).ok_or("no boundary delimiter")? + next.len()
    };
    let mut parts = Vec::new();
    loop {
        let rest = body.get(at..).unwrap_or_default();
        if rest.starts_with(b"--") {
            return Ok(parts);
        }
        // Transport padding, then the line break ending the delimiter line.
        let padding = rest
            .iter()
            .take_while(|b| **b == b' ' || **b == b'\t')
            .count();
        if !rest[padding..].starts_with(b"\r\n") {
            return Err("a boundary delimiter is not followed by a line break");
        }
        let start = at + padding + 2;
        let (head, content) = if body[start..].starts_with(b"\r\n") {
            (&body[start..start], start + 2)
        } else {
            let end = find_bytes(body, b"\r\n\r\n", start).ok_or("a part's headers do not end")?;
            (&body[start..end], end + 4)
        };
        let end =
            find_bytes(body, &next, content).ok_or("the closing boundary delimiter is missing")?;
        let mut part = FormPart {
            name: String::new(),
            file_name: None,
            content_type: None,
            body: body[content..end].to_vec(),
        };
        let mut named = false;
        for line in String::from_utf8_lossy(head).split("\r\n") {
            let Some((header, value)) = line.split_once(':') else {
                continue;
            };
            let header = header.trim();
            if header.eq_ignore_ascii_case("content-disposition") {
                for (param, text) in header_params(value) {
                    match param.as_str() {
                        "name" => {
                            part.name = text;
                            named = true;
                        }
                        "filename" => part.file_name = Some(text),
                        _ => {}
                    }
                }
            } else if header.eq_ignore_ascii_case("content-type") {
                part.content_type = Some(value.trim().to_owned());
            }
        }
        if !named {
            return Err("a part has no `Content-Disposition` name");
        }
        parts.push(part);
        at = end + next.len();
    }
}

/// The parts of a `multipart/form-data` body, its boundary read from the `Content-Type`, or
/// a `syntax` violation at `/body` when the body is not one. An empty body has no parts
/// (a client sends a form without parts so).
fn read_multipart(
    headers: &HeaderMap,
    body: &[u8],
    violations: &mut Vec<Violation>,
) -> Option<Vec<FormPart>> {
    if body.is_empty() {
        return Some(Vec::new());
    }
    let boundary = header_values(headers, "content-type")
        .first()
        .and_then(|value| {
            header_params(value)
                .into_iter()
                .find(|(name, _)| name == "boundary")
        })
        .map(|(_, boundary)| boundary)
        .filter(|boundary| !boundary.is_empty());
    let parsed = match boundary {
        Some(boundary) => parse_multipart(body, &boundary),
        None => Err("the content type names no boundary"),
    };
    match parsed {
        Ok(parts) => Some(parts),
        Err(reason) => {
            violations.push(Violation {
                pointer: "/body".to_owned(),
                rule: "syntax",
                limit: reason.to_owned(),
                value: "the body".to_owned(),
            });
            None
        }
    }
}

/// The file part `name` as a [`FilePart`] (its file name and content type empty when the
/// part gives none); its content is moved out of `parts`. A missing `required` part, or
/// one given more than once, is a violation at `pointer`.
fn multipart_file(
    parts: &mut [FormPart],
    name: &str,
    required: bool,
    pointer: &str,
    violations: &mut Vec<Violation>,
) -> Option<FilePart> {
    let mut found = parts.iter_mut().filter(|part| part.name == name);
    let first = found.next();
    let more = found.count();
    if more > 0 {
        violations.push(Violation {
            pointer: pointer.to_owned(),
            rule: "type",
            limit: "one part".to_owned(),
            value: format!("{} parts", more + 1),
        });
        return None;
    }
    let Some(part) = first else {
        if required {
            violations.push(Violation {
                pointer: pointer.to_owned(),
                rule: "required",
                limit: "true".to_owned(),
                value: "(absent)".to_owned(),
            });
        }
        return None;
    };
    Some(FilePart {
        file_name: part.file_name.clone().unwrap_or_default(),
        content_type: part.content_type.clone().unwrap_or_default(),
        bytes: std::mem::take(&mut part.body),
    })
}

/// The text parts `name` as the field's type: each coerced to `kind` as a parameter is
/// ([`scalar`]; `json` parses JSON text, left as text when it is not JSON, for the type
/// to refuse), repeated parts an `array` (or, for an array of JSON values, one part holding
/// the whole array as JSON); a part that is not UTF-8, a
/// missing `required` part or one that does not fit is a violation at `pointer`.
fn multipart_value<T: serde::de::DeserializeOwned>(
    parts: &[FormPart],
    name: &str,
    kind: &str,
    array: bool,
    required: bool,
    pointer: &str,
    violations: &mut Vec<Violation>,
) -> Option<T> {
    let mut texts = Vec::new();
    for part in parts.iter().filter(|part| part.name == name) {
        match String::from_utf8(part.body.clone()) {
            Ok(text) => texts.push(text),
            Err(_) => {
                violations.push(Violation {
                    pointer: pointer.to_owned(),
                    rule: "type",
                    limit: "UTF-8 text".to_owned(),
                    value: "bytes that are not UTF-8".to_owned(),
                });
                return None;
            }
        }
    }
    if !array && texts.len() > 1 {
        violations.push(Violation {
            pointer: pointer.to_owned(),
            rule: "type",
            limit: "one part".to_owned(),
            value: format!("{} parts", texts.len()),
        });
        return None;
    }
    let read = |text: &String| match kind {
        "json" => {
            serde_json::from_str(text).unwrap_or_else(|_| serde_json::Value::String(text.clone()))
        }
        _ => scalar(text, kind),
    };
    let value = match texts.first() {
        None => None,
        // An array of objects sent as one JSON part holding the whole array (as the
        // specification's default `application/json` for an object's part suggests), not a
        // part per item.
        Some(text)
            if array
                && kind == "json"
                && texts.len() == 1
                && text.trim_start().starts_with('[') =>
        {
            Some(read(text))
        }
        Some(_) if array => Some(serde_json::Value::Array(texts.iter().map(read).collect())),
        Some(text) => Some(read(text)),
    };
    decode_value(value, required, pointer, violations)
}

/// The part `name` whose `encoding` is a JSON type, read as a JSON body is
/// ([`decode_json`]): what does not fit is located under `pointer` (`/body/meta/width`),
/// and text that is not JSON breaks `type`. A missing `required` part, or one given more
/// than once, is a violation at `pointer`.
fn multipart_json<T: serde::de::DeserializeOwned>(
    parts: &[FormPart],
    name: &str,
    required: bool,
    pointer: &str,
    violations: &mut Vec<Violation>,
) -> Option<T> {
    let mut found = parts.iter().filter(|part| part.name == name);
    let (first, more) = (found.next(), found.count());
    let (rule, limit, value) = match first {
        Some(part) if more == 0 => {
            let mark = violations.len();
            let decoded = decode_json(&part.body, violations);
            for violation in violations.iter_mut().skip(mark) {
                let rest = violation.pointer.strip_prefix("/body").unwrap_or_default();
                violation.pointer = format!("{pointer}{rest}");
                if violation.rule == "syntax" {
                    violation.rule = "type";
                }
            }
            return decoded;
        }
        Some(_) => ("type", "one part".to_owned(), format!("{} parts", more + 1)),
        None if required => ("required", "true".to_owned(), "(absent)".to_owned()),
        None => return None,
    };
    violations.push(Violation {
        pointer: pointer.to_owned(),
        rule,
        limit,
        value,
    });
    None
}

/// A multipart body whose schema has no properties of its own (a map, any value) as one
/// object: each part's text under its name, coerced to `kind` as [`multipart_value`] does
/// (`any` for a value of any type), repeated names an array, and every value an array when
/// `array`; content that is not UTF-8 is replaced.
fn multipart_object(parts: &[FormPart], kind: &str, array: bool) -> serde_json::Value {
    let mut map = serde_json::Map::new();
    for part in parts {
        let text = String::from_utf8_lossy(&part.body);
        let value = match kind {
            "json" => serde_json::from_str(&text)
                .unwrap_or_else(|_| serde_json::Value::String(text.clone().into_owned())),
            _ => scalar(&text, kind),
        };
        match map.get_mut(&part.name) {
            Some(serde_json::Value::Array(items)) => items.push(value),
            Some(existing) => {
                let first = existing.take();
                *existing = serde_json::Value::Array(vec![first, value]);
            }
            None if array => {
                map.insert(part.name.clone(), serde_json::Value::Array(vec![value]));
            }
            None => {
                map.insert(part.name.clone(), value);
            }
        }
    }
    serde_json::Value::Object(map)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::tests::headers;
    use super::*;

    /// A body as a browser sends it (preamble-free, `WebKitFormBoundary`), with a file whose
    /// content holds line breaks and dashes, a text part, and two parts of one name.
    const BROWSER_BODY: &[u8] = b"------WebKitFormBoundaryx7\r\n\
Content-Disposition: form-data; name=\"file\"; filename=\"a \\\"b\\\".txt\"\r\n\
Content-Type: text/plain\r\n\
\r\n\
line one\r\n--not a boundary\r\n\r\n\
------WebKitFormBoundaryx7\r\n\
Content-Disposition: form-data; name=\"description\"\r\n\
\r\n\
two lines\r\n\
------WebKitFormBoundaryx7\r\n\
Content-Disposition: form-data; name=\"tags\"\r\n\
\r\n\
a\r\n\
------WebKitFormBoundaryx7\r\n\
content-disposition: form-data; name=tags\r\n\
\r\n\
7\r\n\
------WebKitFormBoundaryx7--\r\n";

    #[test]
    fn multipart_bodies_parse_into_their_parts() {
        let parts = parse_multipart(BROWSER_BODY, "----WebKitFormBoundaryx7").expect("parts");
        let names: Vec<&str> = parts.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["file", "description", "tags", "tags"]);
        assert_eq!(parts[0].file_name.as_deref(), Some("a \"b\".txt"));
        assert_eq!(parts[0].content_type.as_deref(), Some("text/plain"));
        assert_eq!(parts[0].body, b"line one\r\n--not a boundary\r\n");
        assert_eq!(parts[1].file_name, None);
        assert_eq!(parts[1].content_type, None);
        assert_eq!(parts[1].body, b"two lines");
        assert_eq!(parts[3].body, b"7");

        // A preamble and an epilogue are ignored; a part may have an empty body; an extended
        // name (`name*=`) is percent-decoded.
        let body = b"preamble\r\n--xyz\r\nContent-Disposition: form-data; name*=utf-8''caf%C3%A9\r\n\r\n\r\n--xyz  \r\nContent-Disposition: form-data; name=\"n\"\r\n\r\n1\r\n--xyz--epilogue";
        let parts = parse_multipart(body, "xyz").expect("parts");
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0].name, "café");
        assert!(parts[0].body.is_empty());
        assert_eq!(parts[1].body, b"1");

        // What is not a multipart body.
        for (body, problem) in [
            (&b"no delimiter at all"[..], "no boundary delimiter"),
            (
                b"--xyz\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1",
                "the closing boundary delimiter is missing",
            ),
            (
                b"--xyz\r\nContent-Type: text/plain\r\n\r\n1\r\n--xyz--",
                "a part has no `Content-Disposition` name",
            ),
            (
                b"--xyzjunk",
                "a boundary delimiter is not followed by a line break",
            ),
            (
                b"--xyz\r\nContent-Disposition: form-data; name=\"a\"",
                "a part's headers do not end",
            ),
        ] {
            assert_eq!(parse_multipart(body, "xyz").err(), Some(problem));
        }
    }

    #[test]
    fn header_parameters_are_unquoted() {
        assert_eq!(
            header_params("multipart/form-data; boundary=\"a b\"; charset=UTF-8 "),
            [
                ("boundary".to_owned(), "a b".to_owned()),
                ("charset".to_owned(), "UTF-8".to_owned())
            ]
        );
        // The extended value wins over the plain one, wherever it stands.
        assert_eq!(
            header_params("form-data; filename*=UTF-8'en'%E2%82%AC.txt; filename=\"x.txt\""),
            [("filename".to_owned(), "€.txt".to_owned())]
        );
        assert!(header_params("form-data").is_empty());
        assert_eq!(
            header_params("form-data; ;flag; =x"),
            [
                ("flag".to_owned(), String::new()),
                (String::new(), "x".to_owned())
            ]
        );
    }

    #[test]
    fn multipart_fields_decode_to_their_types() {
        let content_type = "multipart/form-data; boundary=----WebKitFormBoundaryx7";
        let mut violations = Vec::new();
        let mut parts = read_multipart(
            &headers(&[("content-type", content_type)]),
            BROWSER_BODY,
            &mut violations,
        )
        .expect("parts");
        let file = multipart_file(&mut parts, "file", true, "/body/file", &mut violations);
        assert_eq!(
            file,
            Some(FilePart {
                file_name: "a \"b\".txt".to_owned(),
                content_type: "text/plain".to_owned(),
                bytes: b"line one\r\n--not a boundary\r\n".to_vec(),
            })
        );
        let description: Option<String> = multipart_value(
            &parts,
            "description",
            "string",
            false,
            false,
            "/body/description",
            &mut violations,
        );
        assert_eq!(description.as_deref(), Some("two lines"));
        let tags: Option<Vec<String>> = multipart_value(
            &parts,
            "tags",
            "string",
            true,
            true,
            "/body/tags",
            &mut violations,
        );
        assert_eq!(tags, Some(vec!["a".to_owned(), "7".to_owned()]));
        assert!(violations.is_empty(), "{violations:?}");

        // Missing, repeated and mistyped parts are located under `/body`.
        let absent: Option<FilePart> =
            multipart_file(&mut parts, "image", true, "/body/image", &mut violations);
        let twice: Option<FilePart> =
            multipart_file(&mut parts, "tags", true, "/body/tags", &mut violations);
        let count: Option<i64> = multipart_value(
            &parts,
            "tags",
            "integer",
            false,
            true,
            "/body/count",
            &mut violations,
        );
        let number: Option<Vec<i64>> = multipart_value(
            &parts,
            "tags",
            "integer",
            true,
            true,
            "/body/tags",
            &mut violations,
        );
        assert!(absent.is_none() && twice.is_none() && count.is_none() && number.is_none());
        let found: Vec<(&str, &str)> = violations
            .iter()
            .map(|v| (v.pointer.as_str(), v.rule))
            .collect();
        assert_eq!(
            found,
            [
                ("/body/image", "required"),
                ("/body/tags", "type"),
                // Two parts for one value.
                ("/body/count", "type"),
                ("/body/tags", "type")
            ]
        );

        // JSON parts, and text that is not UTF-8.
        let parts = vec![
            FormPart {
                name: "meta".to_owned(),
                file_name: None,
                content_type: Some("application/json".to_owned()),
                body: br#"{"width": 3}"#.to_vec(),
            },
            FormPart {
                name: "raw".to_owned(),
                file_name: None,
                content_type: None,
                body: vec![0xff, 0xfe],
            },
        ];
        let mut violations = Vec::new();
        let meta: Option<serde_json::Value> = multipart_value(
            &parts,
            "meta",
            "json",
            false,
            true,
            "/body/meta",
            &mut violations,
        );
        assert_eq!(meta, Some(json!({"width": 3})));
        let raw: Option<String> = multipart_value(
            &parts,
            "raw",
            "string",
            false,
            true,
            "/body/raw",
            &mut violations,
        );
        assert!(raw.is_none());
        assert_eq!(violations[0].pointer, "/body/raw");
        assert_eq!(violations[0].limit, "UTF-8 text");
        assert_eq!(
            multipart_object(&parts[..1], "string", false),
            json!({"meta": "{\"width\": 3}"})
        );
        assert_eq!(
            multipart_object(&parts[..1], "json", true),
            json!({"meta": [{"width": 3}]})
        );

        // A body without a boundary, or not multipart at all: a `syntax` violation at `/body`.
        let mut violations = Vec::new();
        let none = read_multipart(
            &headers(&[("content-type", "multipart/form-data")]),
            BROWSER_BODY,
            &mut violations,
        );
        let wrong = read_multipart(
            &headers(&[("content-type", "multipart/form-data; boundary=other")]),
            BROWSER_BODY,
            &mut violations,
        );
        assert!(none.is_none() && wrong.is_none());
        // An empty body is a form without parts.
        let empty = read_multipart(
            &headers(&[("content-type", "multipart/form-data; boundary=x")]),
            b"",
            &mut violations,
        );
        assert_eq!(empty.map(|parts| parts.len()), Some(0));
        assert_eq!(violations.len(), 2);
        assert!(violations
            .iter()
            .all(|v| v.pointer == "/body" && v.rule == "syntax"));
    }

    #[test]
    fn multipart_objects_repeat_names_as_arrays() {
        let part = |name: &str, body: &[u8]| FormPart {
            name: name.to_owned(),
            file_name: None,
            content_type: None,
            body: body.to_vec(),
        };
        let parts = [
            part("a", b"1"),
            part("b", b"x"),
            part("a", b"true"),
            part("a", b"y"),
        ];
        assert_eq!(
            multipart_object(&parts, "any", false),
            json!({"a": [1, true, "y"], "b": "x"})
        );
        // A map of strings keeps text that looks like a number as text.
        assert_eq!(
            multipart_object(&parts, "string", false),
            json!({"a": ["1", "true", "y"], "b": "x"})
        );
        assert_eq!(
            multipart_object(&parts[1..2], "integer", true),
            json!({"b": ["x"]})
        );
    }

    /// An array of objects reads from a part per item (as the generated client sends it) or
    /// from one part holding the whole array (as other clients do).
    #[test]
    fn arrays_of_objects_read_from_parts_per_item_or_one_array() {
        #[derive(serde::Deserialize, Debug, PartialEq)]
        struct Place {
            name: String,
        }
        let part = |body: &[u8]| FormPart {
            name: "places".to_owned(),
            file_name: None,
            content_type: None,
            body: body.to_vec(),
        };
        let read = |parts: &[FormPart]| {
            let mut violations = Vec::new();
            let places: Option<Vec<Place>> = multipart_value(
                parts,
                "places",
                "json",
                true,
                true,
                "/body/places",
                &mut violations,
            );
            (places, violations.len())
        };
        let places = |names: &[&str]| {
            names
                .iter()
                .map(|n| Place {
                    name: (*n).to_owned(),
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(
            read(&[part(br#"{"name":"a"}"#), part(br#"{"name":"b"}"#)]),
            (Some(places(&["a", "b"])), 0)
        );
        assert_eq!(read(&[part(br#"{"name":"a"}"#)]), (Some(places(&["a"])), 0));
        assert_eq!(
            read(&[part(br#" [{"name":"a"}, {"name":"b"}]"#)]),
            (Some(places(&["a", "b"])), 0)
        );
        assert_eq!(read(&[part(b"[]")]), (Some(Vec::new()), 0));
        // Two parts each holding an array are two items that are not places.
        assert_eq!(read(&[part(b"[]"), part(b"[]")]), (None, 1));
    }

    #[test]
    fn json_parts_are_located_under_their_pointer() {
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct Meta {
            width: u8,
        }
        let part = |name: &str, body: &[u8]| FormPart {
            name: name.to_owned(),
            file_name: None,
            content_type: Some("application/json".to_owned()),
            body: body.to_vec(),
        };
        let parts = [
            part("ok", br#"{"width": 3}"#),
            part("wide", br#"{"width": 300}"#),
            part("broken", b"{not json"),
            part("twice", b"{}"),
            part("twice", b"{}"),
        ];
        let mut violations = Vec::new();
        let ok: Option<Meta> = multipart_json(&parts, "ok", true, "/body/ok", &mut violations);
        assert_eq!(ok.map(|m| m.width), Some(3));
        assert!(violations.is_empty());
        for name in ["wide", "broken", "twice", "absent"] {
            let pointer = format!("/body/{name}");
            let read: Option<Meta> = multipart_json(&parts, name, true, &pointer, &mut violations);
            assert!(read.is_none());
        }
        let optional: Option<Meta> =
            multipart_json(&parts, "absent", false, "/body/absent", &mut violations);
        assert!(optional.is_none());
        let found: Vec<(&str, &str)> = violations
            .iter()
            .map(|v| (v.pointer.as_str(), v.rule))
            .collect();
        assert_eq!(
            found,
            [
                ("/body/wide/width", "type"),
                ("/body/broken", "type"),
                ("/body/twice", "type"),
                ("/body/absent", "required")
            ]
        );
    }

    #[test]
    fn cut_or_altered_multipart_bodies_never_panic() {
        // Every prefix, and every body with one byte replaced by a line break or a dash, reads
        // to parts or to a reason, never a panic.
        for end in 0..=BROWSER_BODY.len() {
            let _ = parse_multipart(&BROWSER_BODY[..end], "----WebKitFormBoundaryx7");
        }
        for at in 0..BROWSER_BODY.len() {
            for byte in [b'\r', b'\n', b'-', b'"', b';'] {
                let mut body = BROWSER_BODY.to_vec();
                body[at] = byte;
                let _ = parse_multipart(&body, "----WebKitFormBoundaryx7");
            }
        }
        // A truncated body is refused, the whole one read.
        let cut = &BROWSER_BODY[..BROWSER_BODY.len() - 10];
        assert!(parse_multipart(cut, "----WebKitFormBoundaryx7").is_err());
        assert!(parse_multipart(BROWSER_BODY, "----WebKitFormBoundaryx7").is_ok());
    }
}

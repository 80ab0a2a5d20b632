use serde_json::json;

use super::*;

fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
    let mut map = HeaderMap::new();
    for (name, value) in pairs {
        map.append(*name, axum::http::HeaderValue::from_static(value));
    }
    map
}

#[test]
fn problems_and_replies() {
    let violation = Violation {
        pointer: "/query/n".to_owned(),
        rule: "minimum",
        limit: "1".to_owned(),
        value: "0".to_owned(),
    };
    let response = Refusal::invalid(vec![violation.clone()]).problem();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert_eq!(
        response.headers()["content-type"],
        "application/problem+json"
    );
    let status = |error| failure(error).status;
    assert_eq!(status(HandlerError::NotFound), StatusCode::NOT_FOUND);
    assert_eq!(status(HandlerError::Forbidden), StatusCode::FORBIDDEN);
    assert_eq!(status(HandlerError::Unauthorized), StatusCode::UNAUTHORIZED);
    let refusal = failure(HandlerError::Invalid(vec![violation.clone()]));
    assert_eq!(refusal.status, StatusCode::BAD_REQUEST);
    assert_eq!(refusal.violations, std::slice::from_ref(&violation));
    assert_eq!(refusal.code(), "bad_request");
    let internal = HandlerError::Internal(Box::new(std::fmt::Error));
    assert_eq!(status(internal), StatusCode::INTERNAL_SERVER_ERROR);
    let response = Refusal::unauthorized(Some("Bearer")).problem();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(response.headers()["www-authenticate"], "Bearer");
    assert!(Refusal::unauthorized(None)
        .problem()
        .headers()
        .get("www-authenticate")
        .is_none());
    let response = with_media(
        problem(StatusCode::NOT_FOUND, "x", &[]),
        "application/vnd.x+json",
    );
    assert_eq!(response.headers()["content-type"], "application/vnd.x+json");
    let response = reply(
        201,
        Some(("text/plain", b"hi".to_vec())),
        vec![("x-id", "7".to_owned())],
    );
    assert_eq!(response.status(), StatusCode::CREATED);
    assert_eq!(response.headers()["x-id"], "7");
    assert_eq!(
        reply(1000, Some(("", Vec::new())), Vec::new()).status(),
        StatusCode::INTERNAL_SERVER_ERROR
    );
    assert_eq!(
        reply(200, None, Vec::new()).status(),
        StatusCode::INTERNAL_SERVER_ERROR
    );
    assert_eq!(json_body(&json!({"a": 1})), Some(b"{\"a\":1}".to_vec()));
}

/// A documented error schema of the stand-in kind: a message and the violations.
#[derive(serde::Serialize, PartialEq, Debug)]
struct Documented {
    message: String,
    errors: serde_json::Value,
}

impl FromRefusal for Documented {
    fn from_refusal(refusal: &Refusal) -> Option<Self> {
        (refusal.status != StatusCode::NOT_FOUND).then(|| Documented {
            message: refusal.message.to_owned(),
            errors: violation_objects(&refusal.violations),
        })
    }
}

#[test]
fn refusals_answer_with_a_documented_schema() {
    let violation = Violation {
        pointer: "/body/name".to_owned(),
        rule: "minLength",
        limit: "1".to_owned(),
        value: "\"\"".to_owned(),
    };
    let response =
        documented::<Documented>(&Refusal::invalid(vec![violation]), "application/vnd.x+json")
            .expect("fills");
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert_eq!(response.headers()["content-type"], "application/vnd.x+json");
    let response =
        documented::<Documented>(&Refusal::unauthorized(Some("Basic")), "application/json")
            .expect("fills");
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(response.headers()["www-authenticate"], "Basic");
    let missing = Refusal::new(StatusCode::NOT_FOUND, "Not Found", Vec::new());
    assert!(documented::<Documented>(&missing, "application/json").is_none());
    let objects = violation_objects(&[Violation {
        pointer: "/query/n".to_owned(),
        rule: "minimum",
        limit: "1".to_owned(),
        value: "0".to_owned(),
    }]);
    assert_eq!(objects[0]["pointer"], "/query/n");
    let object = json_object([("a", 1.into()), ("b", "x".into())]);
    assert_eq!(object, json!({"a": 1, "b": "x"}));
    assert_eq!(objects[0]["rule"], "minimum");
}

#[test]
fn query_and_cookies_are_percent_decoded() {
    assert_eq!(percent_decode("a%20b+c%zz", true), "a b c%zz");
    assert_eq!(percent_decode("a+b", false), "a+b");
    assert_eq!(
        parse_query("a=1&&b=x%26y&c"),
        [
            ("a".to_owned(), "1".to_owned()),
            ("b".to_owned(), "x&y".to_owned()),
            ("c".to_owned(), String::new())
        ]
    );
    let query = parse_query("id=1&id=2");
    assert_eq!(query_values(&query, "id"), ["1", "2"]);
    assert_eq!(path_values(&query, "id"), ["1", "2"]);
    let map = headers(&[
        ("cookie", "a=1; b=x%20y"),
        ("content-type", "Application/JSON; charset=utf-8"),
    ]);
    assert_eq!(cookie_values(&map, "b"), ["x y"]);
    assert_eq!(content_type(&map), "application/json");
    assert_eq!(header_values(&map, "cookie"), ["a=1; b=x%20y"]);
}

#[test]
fn credentials_from_authorization() {
    let map = headers(&[("authorization", "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==")]);
    assert_eq!(authorization(&map, "bearer"), None);
    let encoded = authorization(&map, "basic").expect("basic");
    let credentials = basic(encoded).expect("decodes");
    assert_eq!(credentials.username, "Aladdin");
    assert_eq!(credentials.password, "open sesame");
    assert!(basic("not base64!").is_none());
    assert!(authorization(&headers(&[("authorization", "Bearer ")]), "bearer").is_none());
}

#[test]
fn parameters_decode_to_their_declared_type() {
    assert_eq!(scalar("12", "integer"), json!(12));
    assert_eq!(scalar("x", "integer"), json!("x"));
    assert_eq!(scalar("1.5", "number"), json!(1.5));
    assert_eq!(scalar("true", "any"), json!(true));
    let mut violations = Vec::new();
    let values = ["1,2".to_owned()];
    let ids: Option<Vec<u32>> = decode_param(
        &values,
        "integer",
        Some(Some(",")),
        true,
        "/query/ids",
        &mut violations,
    );
    assert_eq!(ids, Some(vec![1, 2]));
    let n: Option<u32> = decode_param(
        &["x".to_owned()],
        "integer",
        None,
        true,
        "/query/n",
        &mut violations,
    );
    assert_eq!(n, None);
    let missing: Option<u32> =
        decode_param(&[], "integer", None, true, "/query/m", &mut violations);
    assert_eq!(missing, None);
    let rules: Vec<(&str, &str)> = violations
        .iter()
        .map(|v| (v.pointer.as_str(), v.rule))
        .collect();
    assert_eq!(rules, [("/query/n", "type"), ("/query/m", "required")]);
    let query = parse_query("f[a]=1&f[b]=x&g=2");
    assert_eq!(deep_object(&query, "f"), Some(json!({"a": 1, "b": "x"})));
    assert_eq!(deep_object(&query, "h"), None);
    assert_eq!(decode_form(b"a=1&a=2&b=x"), json!({"a": [1, 2], "b": "x"}));
    let encodings = [
        ("ids", FormEncoding::Delimited(',')),
        ("one", FormEncoding::Delimited(',')),
        ("tags", FormEncoding::Delimited('|')),
        ("filter", FormEncoding::Json),
        ("bad", FormEncoding::Json),
    ];
    assert_eq!(
        decode_form_encoded(
            b"ids=1%2C2&one=5&tags=a%7Cb%20c&filter=%7B%22k%22%3A1%7D&bad=%7B&n=3",
            &encodings
        ),
        json!({
            "ids": [1, 2], "one": [5], "tags": ["a", "b c"],
            "filter": {"k": 1}, "bad": "{", "n": 3,
        })
    );
    assert_eq!(
        newtype_violation("(root): \"\" (0 characters) violates minLength 1 at line 1 column 16"),
        Some((
            "minLength",
            "1".to_owned(),
            "\"\" (0 characters)".to_owned()
        ))
    );
    assert_eq!(newtype_violation("something else"), None);
}

#[test]
fn json_bodies_point_at_what_does_not_fit() {
    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Item {
        id: u32,
    }
    let mut violations = Vec::new();
    let items: Option<Vec<Item>> = decode_json(br#"[{"id": 1}, {"id": "x"}]"#, &mut violations);
    assert!(items.is_none());
    let value: Option<Vec<Item>> = decode_json(b"[] x", &mut violations);
    assert!(value.is_none());
    let rules: Vec<(&str, &str)> = violations
        .iter()
        .map(|v| (v.pointer.as_str(), v.rule))
        .collect();
    assert_eq!(rules, [("/body/1/id", "type"), ("/body", "syntax")]);
    let ok: Option<Vec<Item>> = decode_json(br#"[{"id": 1}]"#, &mut violations);
    assert_eq!(ok.map(|items| items.len()), Some(1));
}

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

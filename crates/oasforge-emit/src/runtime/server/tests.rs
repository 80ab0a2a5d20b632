use serde_json::json;

use super::*;

pub(super) fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
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

//! `specs/features.yaml` round trips: what the generated client encodes (parameter styles,
//! headers, cookies, form, multipart and text bodies, basic / query / cookie credentials) is
//! what the generated router decodes, checked on the wire too; response headers, `4XX` and
//! `default`.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::extract::Request;
use axum::middleware::Next;
use seed_http::features::client::{Client, Error};
use seed_http::features::models::{
    CreateWidgetRequest, CreateWidgetRequestAddress, Filter, FilterRange, Problem,
    UploadEncodedRequestMeta, Widget,
};
use seed_http::features::operations::{
    CreateWidgetInput, CreateWidgetResponse, Credentials, FilePart, GetWidgetInput,
    GetWidgetResponse, PutNoteInput, PutNoteResponse, UploadEncodedForm, UploadEncodedInput,
    UploadEncodedResponse, UploadFileForm, UploadFileInput, UploadFileResponse,
};
use seed_http::features::server::{Api, HandlerError};

#[allow(dead_code)]
mod common;
use common::violations;

#[derive(Default)]
struct Seen {
    gets: Vec<(GetWidgetInput, Credentials)>,
    creates: Vec<(CreateWidgetInput, Credentials)>,
    uploads: Vec<UploadFileInput>,
    encoded: Vec<UploadEncodedInput>,
    /// Request URIs and headers as they arrived.
    wire: Vec<(String, axum::http::HeaderMap)>,
    /// Request bodies as they arrived.
    bodies: Vec<Vec<u8>>,
}

#[derive(Clone, Default)]
struct Widgets(Arc<Mutex<Seen>>);

impl Api for Widgets {
    async fn get_widget(
        &self,
        input: GetWidgetInput,
        credentials: Credentials,
        _request: axum::http::request::Parts,
    ) -> Result<GetWidgetResponse, HandlerError> {
        let id = input.id;
        self.0.lock().unwrap().gets.push((input, credentials));
        let problem = |message: &str| Problem {
            message: Some(message.to_owned()),
            additional_properties: Default::default(),
        };
        Ok(match id {
            404 => GetWidgetResponse::ClientError {
                status: 404,
                body: problem("no such widget"),
            },
            503 => GetWidgetResponse::Default {
                status: 503,
                body: problem("try later"),
            },
            _ => GetWidgetResponse::Ok {
                body: Widget {
                    id,
                    name: "sprocket".to_owned(),
                    additional_properties: Default::default(),
                },
                x_rate_remaining: 7,
                e_tag: Some("\"v1\"".to_owned()),
            },
        })
    }

    async fn create_widget(
        &self,
        input: CreateWidgetInput,
        credentials: Credentials,
        _request: axum::http::request::Parts,
    ) -> Result<CreateWidgetResponse, HandlerError> {
        let name = input.body.name.clone();
        self.0.lock().unwrap().creates.push((input, credentials));
        Ok(if name == "none" {
            CreateWidgetResponse::NoContent
        } else {
            CreateWidgetResponse::Created(Widget {
                id: 1,
                name: name.into(),
                additional_properties: Default::default(),
            })
        })
    }

    async fn put_note(
        &self,
        input: PutNoteInput,
        _request: axum::http::request::Parts,
    ) -> Result<PutNoteResponse, HandlerError> {
        Ok(PutNoteResponse::Ok(input.body.to_uppercase()))
    }

    async fn upload_encoded(
        &self,
        input: UploadEncodedInput,
        _request: axum::http::request::Parts,
    ) -> Result<UploadEncodedResponse, HandlerError> {
        self.0.lock().unwrap().encoded.push(input);
        Ok(UploadEncodedResponse::NoContent)
    }

    async fn upload_file(
        &self,
        input: UploadFileInput,
        _request: axum::http::request::Parts,
    ) -> Result<UploadFileResponse, HandlerError> {
        self.0.lock().unwrap().uploads.push(input);
        Ok(UploadFileResponse::NoContent)
    }
}

async fn serve() -> (SocketAddr, Widgets) {
    let widgets = Widgets::default();
    let seen = widgets.0.clone();
    let app = seed_http::features::server::router(widgets.clone()).layer(
        axum::middleware::from_fn(move |request: Request, next: Next| {
            let seen = seen.clone();
            async move {
                let (parts, body) = request.into_parts();
                let body = axum::body::to_bytes(body, usize::MAX).await.unwrap();
                {
                    let mut seen = seen.lock().unwrap();
                    seen.wire
                        .push((parts.uri.to_string(), parts.headers.clone()));
                    seen.bodies.push(body.to_vec());
                }
                next.run(Request::from_parts(parts, axum::body::Body::from(body)))
                    .await
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (addr, widgets)
}

fn full_input(id: i64) -> GetWidgetInput {
    GetWidgetInput {
        id,
        tags: Some(vec!["a b".to_owned(), "c".to_owned()]),
        ids: Some(vec![1, 2]),
        pipes: Some(vec!["x".to_owned(), "y".to_owned()]),
        filter: Some(Filter {
            color: Some("red".to_owned()),
            size: Some(3),
            tags: Some(vec!["x".to_owned(), "y".to_owned()]),
            range: Some(FilterRange {
                gt: Some(1),
                lt: None,
            }),
        }),
        limit: Some(10),
        x_request_id: "req-1".to_owned(),
        theme: Some("dark".to_owned()),
    }
}

#[tokio::test]
async fn every_parameter_style_round_trips_and_is_encoded_as_specified() {
    let (addr, widgets) = serve().await;
    let client = Client::builder()
        .base_url(format!("http://{addr}"))
        .basic_auth("user", "pw")
        .build()
        .unwrap();
    let response = client.get_widget(&full_input(5)).await.unwrap();
    assert_eq!(
        response,
        GetWidgetResponse::Ok {
            body: Widget {
                id: 5,
                name: "sprocket".to_owned(),
                additional_properties: Default::default(),
            },
            x_rate_remaining: 7,
            e_tag: Some("\"v1\"".to_owned()),
        }
    );

    let seen = widgets.0.lock().unwrap();
    let (decoded, credentials) = &seen.gets[0];
    assert_eq!(
        decoded,
        &full_input(5),
        "the server decodes what the client sent"
    );
    let basic = credentials.basic_auth.as_ref().unwrap();
    assert_eq!(
        (basic.username.as_str(), basic.password.as_str()),
        ("user", "pw")
    );
    assert_eq!(credentials.query_key, None);

    let (uri, headers) = &seen.wire[0];
    // The order of a deepObject's keys follows serde_json's map, which is sorted or in
    // insertion order depending on features other crates of the build enable: compare the
    // query's pairs sorted by key; the sort is stable, so the values of one key keep the
    // order they were sent in.
    let (path, query) = uri.split_once('?').expect("a query");
    assert_eq!(path, "/widgets/5");
    let mut pairs: Vec<&str> = query.split('&').collect();
    pairs.sort_by_key(|pair| pair.split('=').next());
    let mut expected: Vec<&str> = "tags=a%20b&tags=c&ids=1%2C2&pipes=x%7Cy&filter%5Bcolor%5D=red&filter%5Brange%5D%5Bgt%5D=1&filter%5Bsize%5D=3&filter%5Btags%5D%5B%5D=x&filter%5Btags%5D%5B%5D=y&limit=10"
        .split('&')
        .collect();
    expected.sort_by_key(|pair| pair.split('=').next());
    assert_eq!(
        pairs, expected,
        "deepObject keeps arrays and nested objects"
    );
    assert_eq!(headers["x-request-id"], "req-1");
    assert_eq!(headers["cookie"], "theme=dark");
    assert_eq!(headers["authorization"], "Basic dXNlcjpwdw==");
}

#[tokio::test]
async fn the_second_security_alternative_sends_the_query_key() {
    let (addr, widgets) = serve().await;
    let client = Client::builder()
        .base_url(format!("http://{addr}"))
        .query_key("k 1")
        .build()
        .unwrap();
    let input = GetWidgetInput {
        id: 9,
        tags: None,
        ids: None,
        pipes: None,
        filter: None,
        limit: None,
        x_request_id: "req-2".to_owned(),
        theme: None,
    };
    client.get_widget(&input).await.unwrap();
    let seen = widgets.0.lock().unwrap();
    assert_eq!(seen.wire[0].0, "/widgets/9?api_key=k%201");
    assert!(seen.wire[0].1.get("authorization").is_none());
    assert!(seen.wire[0].1.get("cookie").is_none());
    assert_eq!(seen.gets[0].1.query_key.as_deref(), Some("k 1"));
}

#[tokio::test]
async fn ranges_and_default_carry_their_status() {
    let (addr, _) = serve().await;
    let client = Client::builder()
        .base_url(format!("http://{addr}"))
        .basic_auth("user", "pw")
        .build()
        .unwrap();
    let not_found = client.get_widget_full(&full_input(404)).await.unwrap();
    assert_eq!(not_found.status, 404);
    let not_found = not_found.value;
    assert_eq!(not_found.status(), 404);
    assert!(
        matches!(not_found, GetWidgetResponse::ClientError { status: 404, body } if body.message.as_deref() == Some("no such widget"))
    );
    // A documented error status is an `Err` carrying the decoded response.
    let unavailable = client.get_widget(&full_input(503)).await.unwrap_err();
    assert_eq!(unavailable.status(), Some(503));
    assert!(matches!(
        unavailable.response(),
        Some(GetWidgetResponse::Default { status: 503, .. })
    ));
    // The router's own 400 falls in `4XX` too.
    let client = Client::builder()
        .base_url(format!("http://{addr}"))
        .basic_auth("user", "pw")
        .validate_requests(false)
        .build()
        .unwrap();
    let mut input = full_input(1);
    input.x_request_id = "ab".to_owned();
    let rejected = client.get_widget(&input).await.unwrap_err();
    assert!(
        matches!(
            rejected.response(),
            Some(GetWidgetResponse::ClientError { status: 400, .. })
        ),
        "{rejected:?}"
    );
}

#[tokio::test]
async fn header_constraints_and_credentials_are_checked_on_both_sides() {
    let (addr, widgets) = serve().await;
    let mut input = full_input(1);
    input.x_request_id = "ab".to_owned();
    let client = Client::builder()
        .base_url(format!("http://{addr}"))
        .basic_auth("user", "pw")
        .build()
        .unwrap();
    let error = client.get_widget(&input).await.unwrap_err();
    assert!(
        matches!(&error, Error::Invalid(v) if v.violations()[0].pointer == "/header/X-Request-Id" && v.violations()[0].rule == "minLength"),
        "{error:?}"
    );

    let anonymous = Client::builder()
        .base_url(format!("http://{addr}"))
        .build()
        .unwrap();
    let error = anonymous.get_widget(&full_input(1)).await.unwrap_err();
    assert!(
        matches!(&error, Error::MissingCredentials(needed) if needed == "basicAuth, or queryKey"),
        "{error:?}"
    );

    let http = reqwest::Client::new();
    let raw = http
        .get(format!("http://{addr}/widgets/1"))
        .header("x-request-id", "req-1")
        .send()
        .await
        .unwrap();
    assert_eq!(raw.status(), 401);
    assert_eq!(raw.headers()["www-authenticate"], "Basic");
    let missing_header = http
        .get(format!("http://{addr}/widgets/1?api_key=k"))
        .send()
        .await
        .unwrap();
    assert_eq!(missing_header.status(), 400);
    let document: serde_json::Value = missing_header.json().await.unwrap();
    assert_eq!(document["violations"][0]["pointer"], "/header/X-Request-Id");
    assert_eq!(document["violations"][0]["rule"], "required");
    let bad_array = http
        .get(format!("http://{addr}/widgets/1?api_key=k&ids=1,two"))
        .header("x-request-id", "req-1")
        .send()
        .await
        .unwrap();
    assert_eq!(bad_array.status(), 400);
    // A scalar given twice is refused, not read as its first value.
    let repeated = http
        .get(format!(
            "http://{addr}/widgets/1?api_key=k&limit=2&limit=abc"
        ))
        .header("x-request-id", "req-1")
        .send()
        .await
        .unwrap();
    assert_eq!(repeated.status(), 400);
    let document: serde_json::Value = repeated.json().await.unwrap();
    assert_eq!(document["violations"][0]["pointer"], "/query/limit");
    let twice_valid = http
        .get(format!("http://{addr}/widgets/1?api_key=k&limit=2&limit=3"))
        .header("x-request-id", "req-1")
        .send()
        .await
        .unwrap();
    assert_eq!(twice_valid.status(), 400);
    assert!(widgets.0.lock().unwrap().gets.is_empty());
}

#[tokio::test]
async fn form_bodies_with_a_cookie_key_and_text_bodies() {
    let (addr, widgets) = serve().await;
    let client = Client::builder()
        .base_url(format!("http://{addr}"))
        .cookie_key("s=1;2")
        .build()
        .unwrap();
    let input = CreateWidgetInput {
        body: CreateWidgetRequest {
            name: "gear & co".parse().expect("a valid name"),
            count: Some(3),
            address: Some(CreateWidgetRequestAddress {
                line1: Some("1 Main St".to_owned()),
                city: Some("Springfield".to_owned()),
            }),
        },
    };
    let created = client.create_widget(&input).await.unwrap();
    assert_eq!(
        created,
        CreateWidgetResponse::Created(Widget {
            id: 1,
            name: "gear & co".to_owned(),
            additional_properties: Default::default(),
        })
    );
    let none = CreateWidgetInput {
        body: CreateWidgetRequest {
            name: "none".parse().expect("a valid name"),
            count: None,
            address: None,
        },
    };
    assert_eq!(
        client.create_widget(&none).await.unwrap(),
        CreateWidgetResponse::NoContent
    );
    {
        let seen = widgets.0.lock().unwrap();
        assert_eq!(seen.creates[0].0, input);
        assert_eq!(seen.creates[0].1.cookie_key.as_deref(), Some("s=1;2"));
        assert_eq!(seen.wire[0].1["cookie"], "session=s%3D1%3B2");
        assert_eq!(
            seen.wire[0].1["content-type"],
            "application/x-www-form-urlencoded"
        );
    }

    let http = reqwest::Client::new();
    let json = http
        .post(format!("http://{addr}/widgets"))
        .header("cookie", "session=abc")
        .header("content-type", "application/json")
        .body(r#"{"name":"x"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(json.status(), 415);
    let empty_name = http
        .post(format!("http://{addr}/widgets"))
        .header("cookie", "session=abc")
        .header("content-type", "application/x-www-form-urlencoded")
        .body("count=2")
        .send()
        .await
        .unwrap();
    assert_eq!(empty_name.status(), 400);

    let note = client
        .put_note(&PutNoteInput {
            body: "héllo\nworld".to_owned(),
        })
        .await
        .unwrap();
    assert_eq!(note, PutNoteResponse::Ok("HÉLLO\nWORLD".to_owned()));
}

#[test]
fn the_default_base_url_substitutes_server_variables() {
    assert_eq!(
        seed_http::features::client::DEFAULT_BASE_URL,
        "http://localhost:8080/v1"
    );
}

/// The parts of a multipart body as the client sent it (content type from `headers`).
fn wire_parts(headers: &axum::http::HeaderMap, body: &[u8]) -> Vec<String> {
    let content_type = headers["content-type"].to_str().unwrap();
    let boundary = content_type
        .strip_prefix("multipart/form-data; boundary=")
        .expect("a multipart content type");
    String::from_utf8_lossy(body)
        .split(&format!("--{boundary}"))
        .filter(|p| p.contains("Content-Disposition"))
        .map(str::to_owned)
        .collect()
}

#[tokio::test]
async fn multipart_files_and_text_parts_reach_the_handler_as_sent() {
    let (addr, widgets) = serve().await;
    let client = Client::builder()
        .base_url(format!("http://{addr}"))
        .build()
        .unwrap();
    let input = UploadFileInput {
        body: UploadFileForm {
            file: FilePart {
                // Quotes and non-ASCII text in the name; line breaks and a line that looks
                // like a delimiter in the content.
                file_name: "notes \"v2\" é.txt".to_owned(),
                content_type: "text/plain".to_owned(),
                bytes: b"line one\r\n--line two\n".to_vec(),
            },
            description: Some("two lines".parse().expect("a valid description")),
            tags: Some(vec!["a".to_owned(), "b".to_owned()]),
        },
    };
    assert_eq!(
        client.upload_file(&input).await.unwrap(),
        UploadFileResponse::NoContent
    );
    // Without the optional parts, and a file of raw bytes.
    let bare = UploadFileInput {
        body: UploadFileForm {
            file: FilePart {
                file_name: "a.bin".to_owned(),
                content_type: "application/octet-stream".to_owned(),
                bytes: vec![0, 0xff, b'\r', b'\n', 2],
            },
            description: None,
            tags: None,
        },
    };
    assert_eq!(
        client.upload_file(&bare).await.unwrap(),
        UploadFileResponse::NoContent
    );
    let seen = widgets.0.lock().unwrap();
    assert_eq!(
        seen.uploads,
        [input, bare],
        "the handler sees what was sent"
    );

    // On the wire: the file part with its name and type, then one part per text value.
    let parts = wire_parts(&seen.wire[0].1, &seen.bodies[0]);
    assert_eq!(parts.len(), 4, "file, description and two tags: {parts:?}");
    assert!(
        parts[0].contains(r#"name="file"; filename="notes \"v2\" é.txt""#),
        "{}",
        parts[0]
    );
    assert!(
        parts[0].contains("Content-Type: text/plain"),
        "{}",
        parts[0]
    );
    assert!(parts[1].contains(r#"name="description""#) && parts[1].contains("two lines"));
    assert!(parts[2].contains(r#"name="tags""#) && parts[2].contains("\r\n\r\na\r\n"));
    assert!(parts[3].contains(r#"name="tags""#) && parts[3].contains("\r\n\r\nb\r\n"));
}

#[tokio::test]
async fn multipart_parts_follow_their_encoding_both_ways() {
    let (addr, widgets) = serve().await;
    let client = Client::builder()
        .base_url(format!("http://{addr}"))
        .build()
        .unwrap();
    let input = UploadEncodedInput {
        body: UploadEncodedForm {
            // No type of its own: the encoding's (first) type is sent.
            image: FilePart {
                file_name: "dot.png".to_owned(),
                content_type: String::new(),
                bytes: vec![0x89, b'P', b'N', b'G'],
            },
            meta: UploadEncodedRequestMeta {
                width: Some(3.try_into().expect("a valid width")),
                caption: Some("a dot".to_owned()),
            },
            note: Some("hello".to_owned()),
            sizes: Some(vec![1, 2]),
        },
    };
    assert_eq!(
        client.upload_encoded(&input).await.unwrap(),
        UploadEncodedResponse::NoContent
    );
    let seen = widgets.0.lock().unwrap();
    // The handler sees what was sent, the image with the type it was sent with.
    let mut sent = input.clone();
    sent.body.image.content_type = "image/png".to_owned();
    assert_eq!(seen.encoded, [sent]);

    let parts = wire_parts(&seen.wire[0].1, &seen.bodies[0]);
    assert_eq!(parts.len(), 5, "image, meta, note and two sizes: {parts:?}");
    let lower: Vec<String> = parts.iter().map(|p| p.to_ascii_lowercase()).collect();
    assert!(
        lower[0].contains(r#"name="image"; filename="dot.png""#),
        "{}",
        parts[0]
    );
    assert!(lower[0].contains("content-type: image/png"), "{}", parts[0]);
    assert!(
        lower[0].contains("x-image-class: thumbnail"),
        "{}",
        parts[0]
    );
    // The object is one JSON part, not text parts per property.
    assert!(lower[1].contains(r#"name="meta""#), "{}", parts[1]);
    assert!(
        lower[1].contains("content-type: application/json"),
        "{}",
        parts[1]
    );
    let json = parts[1]
        .split("\r\n\r\n")
        .nth(1)
        .expect("a body")
        .trim_end();
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(json).unwrap(),
        serde_json::json!({"width": 3, "caption": "a dot"})
    );
    assert!(
        lower[2].contains("content-type: text/plain"),
        "{}",
        parts[2]
    );
    assert!(parts[2].contains("\r\n\r\nhello\r\n"), "{}", parts[2]);
    for (part, value) in [(&lower[3], "1"), (&lower[4], "2")] {
        assert!(part.contains(r#"name="sizes""#), "{part}");
        assert!(part.contains("content-type: text/csv"), "{part}");
        assert!(part.contains("x-unit: px"), "{part}");
        assert!(part.contains(&format!("\r\n\r\n{value}\r\n")), "{part}");
    }
}

#[tokio::test]
async fn multipart_bodies_that_break_the_spec_are_refused() {
    let (addr, widgets) = serve().await;
    let http = reqwest::Client::new();
    let upload = |form: reqwest::multipart::Form, path: &str| {
        http.post(format!("http://{addr}{path}"))
            .multipart(form)
            .send()
    };
    let pairs = |list: &[(&str, &str)]| -> Vec<(String, String)> {
        list.iter()
            .map(|(p, r)| ((*p).to_owned(), (*r).to_owned()))
            .collect()
    };

    // A required file part is missing.
    let no_file = reqwest::multipart::Form::new().text("description", "x");
    assert_eq!(
        violations(upload(no_file, "/uploads").await.unwrap()).await,
        pairs(&[("/body/file", "required")])
    );

    // Parts that do not parse: an integer that is not one, JSON that is not JSON; the
    // required `meta` missing too, all reported at once.
    let file = || reqwest::multipart::Part::bytes(vec![1]).file_name("a.png");
    let wrong = reqwest::multipart::Form::new()
        .part("image", file())
        .text("sizes", "1")
        .text("sizes", "two");
    assert_eq!(
        violations(upload(wrong, "/uploads/encoded").await.unwrap()).await,
        pairs(&[("/body/meta", "required"), ("/body/sizes", "type")])
    );
    let not_json = reqwest::multipart::Form::new()
        .part("image", file())
        .text("meta", "{not json");
    assert_eq!(
        violations(upload(not_json, "/uploads/encoded").await.unwrap()).await,
        pairs(&[("/body/meta", "type")])
    );
    // A file given twice.
    let twice = reqwest::multipart::Form::new()
        .part("file", file())
        .part("file", file());
    assert_eq!(
        violations(upload(twice, "/uploads").await.unwrap()).await,
        pairs(&[("/body/file", "type")])
    );

    // Constraints of text parts, and of a JSON part's object, each located.
    let long = reqwest::multipart::Form::new()
        .part("file", file())
        .text("description", "far more than twenty characters");
    assert_eq!(
        violations(upload(long, "/uploads").await.unwrap()).await,
        pairs(&[("/body/description", "maxLength")])
    );
    let small = reqwest::multipart::Form::new()
        .part("image", file())
        .text("meta", r#"{"width": 0}"#);
    assert_eq!(
        violations(upload(small, "/uploads/encoded").await.unwrap()).await,
        pairs(&[("/body/meta/width", "minimum")])
    );
    let small = reqwest::multipart::Form::new()
        .part("image", file())
        .text("meta", "{}")
        .text("sizes", "2")
        .text("sizes", "0");
    assert_eq!(
        violations(upload(small, "/uploads/encoded").await.unwrap()).await,
        pairs(&[("/body/sizes/1", "minimum")])
    );
    let many = reqwest::multipart::Form::new()
        .part("image", file())
        .text("meta", "{}")
        .text("sizes", "1")
        .text("sizes", "2")
        .text("sizes", "3")
        .text("sizes", "4");
    assert_eq!(
        violations(upload(many, "/uploads/encoded").await.unwrap()).await,
        pairs(&[("/body/sizes", "maxItems")])
    );

    // A body that is not multipart although it says so; a wrong content type.
    let broken = http
        .post(format!("http://{addr}/uploads"))
        .header("content-type", "multipart/form-data; boundary=xyz")
        .body("--abc\r\n\r\nnothing\r\n--abc--")
        .send()
        .await
        .unwrap();
    assert_eq!(violations(broken).await, pairs(&[("/body", "syntax")]));
    let json = http
        .post(format!("http://{addr}/uploads"))
        .header("content-type", "application/json")
        .body(r#"{"file":"x"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(json.status(), 415);
    let seen = widgets.0.lock().unwrap();
    assert!(seen.uploads.is_empty() && seen.encoded.is_empty());
}

#[tokio::test]
async fn the_client_checks_multipart_text_parts_before_sending() {
    let client = Client::builder()
        .base_url("http://127.0.0.1:9")
        .build()
        .unwrap();
    let input = UploadFileInput {
        body: UploadFileForm {
            file: FilePart {
                file_name: "a.txt".to_owned(),
                content_type: "text/plain".to_owned(),
                bytes: Vec::new(),
            },
            description: None,
            tags: None,
        },
    };
    // A constrained scalar part is a newtype, valid by construction.
    assert!("far more than twenty characters"
        .parse::<seed_http::features::models::UploadFileRequestDescription>()
        .is_err());
    // An array part's constraints are checked before sending.
    let input = UploadEncodedInput {
        body: UploadEncodedForm {
            image: input.body.file,
            meta: UploadEncodedRequestMeta {
                width: None,
                caption: None,
            },
            note: None,
            sizes: Some(vec![1, 0, 2, 3]),
        },
    };
    let error = client.upload_encoded(&input).await.unwrap_err();
    let Error::Invalid(invalid) = &error else {
        panic!("{error:?}");
    };
    let found: Vec<(&str, &str)> = invalid
        .violations()
        .iter()
        .map(|v| (v.pointer.as_str(), v.rule))
        .collect();
    assert_eq!(
        found,
        [("/body/sizes", "maxItems"), ("/body/sizes/1", "minimum")]
    );
}

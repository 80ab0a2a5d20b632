//! `specs/uploads.yaml`: multipart bodies of every shape, written by the generated client
//! and read by the generated router into what the handler sees — all parts optional in an
//! optional body, a required nullable part, arrays of text and of objects, coerced scalars,
//! an enum, a JSON part, a part name that is not an identifier, a map body (no form
//! struct) — and the router's refusals, located under `/body`.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use seed_http::uploads::client::{Client, Error};
use seed_http::uploads::models::{AddPhotosCreated, AddPhotosRequestKind, Place};
use seed_http::uploads::operations::{
    AddPhotosForm, AddPhotosInput, AddPhotosResponse, FilePart, PutAvatarForm, PutAvatarInput,
    PutAvatarResponse, SaveSettingsInput, SaveSettingsResponse,
};
use seed_http::uploads::server::{router, Api, HandlerError};

#[allow(dead_code)]
mod common;
use common::violations;

#[derive(Default)]
struct Seen {
    avatars: Vec<PutAvatarInput>,
    photos: Vec<AddPhotosInput>,
    settings: Vec<SaveSettingsInput>,
}

#[derive(Clone, Default)]
struct Store(Arc<Mutex<Seen>>);

impl Api for Store {
    async fn put_avatar(
        &self,
        input: PutAvatarInput,
        _request: axum::http::request::Parts,
    ) -> Result<PutAvatarResponse, HandlerError> {
        self.0.lock().unwrap().avatars.push(input);
        Ok(PutAvatarResponse::NoContent)
    }

    async fn add_photos(
        &self,
        input: AddPhotosInput,
        _request: axum::http::request::Parts,
    ) -> Result<AddPhotosResponse, HandlerError> {
        let count = input.body.places.as_ref().map_or(0, Vec::len);
        self.0.lock().unwrap().photos.push(input);
        Ok(AddPhotosResponse::Created(AddPhotosCreated {
            count: Some(count as i64),
            additional_properties: Default::default(),
        }))
    }

    async fn save_settings(
        &self,
        input: SaveSettingsInput,
        _request: axum::http::request::Parts,
    ) -> Result<SaveSettingsResponse, HandlerError> {
        self.0.lock().unwrap().settings.push(input);
        Ok(SaveSettingsResponse::NoContent)
    }
}

async fn serve() -> (SocketAddr, Store) {
    let store = Store::default();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = router(store.clone());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (addr, store)
}

fn client(addr: SocketAddr) -> Client {
    Client::builder()
        .base_url(format!("http://{addr}"))
        .build()
        .unwrap()
}

fn place(name: &str, lat: Option<f64>) -> Place {
    Place {
        name: name.parse().expect("a valid name"),
        lat,
    }
}

fn photo() -> FilePart {
    FilePart {
        file_name: "sea.jpg".to_owned(),
        content_type: "image/jpeg".to_owned(),
        bytes: vec![0xff, 0xd8, 0xff, 0xe0, 0, 0x10],
    }
}

#[tokio::test]
async fn every_kind_of_part_reaches_the_handler_as_sent() {
    let (addr, store) = serve().await;
    let client = client(addr);
    let full = AddPhotosInput {
        album_id: 7,
        body: AddPhotosForm {
            photo: photo(),
            caption: Some("at sea, 12 o'clock".to_owned()),
            labels: Some(vec!["sea".to_owned(), "1".to_owned(), "true".to_owned()]),
            places: Some(vec![place("Brest", Some(48.39)), place("Sein", None)]),
            rating: Some(4.try_into().expect("a valid rating")),
            public: Some(false),
            kind: Some(AddPhotosRequestKind::Landscape),
            meta: Some(place("Iroise", Some(-4.5))),
        },
    };
    // The required nullable part sent as null (no part), and nothing optional.
    let bare = AddPhotosInput {
        album_id: 8,
        body: AddPhotosForm {
            photo: photo(),
            caption: None,
            labels: None,
            places: None,
            rating: None,
            public: None,
            kind: None,
            meta: None,
        },
    };
    for input in [&full, &bare] {
        let response = client.add_photos(input).await.unwrap();
        let expected = input.body.places.as_ref().map_or(0, Vec::len) as i64;
        assert!(
            matches!(&response, AddPhotosResponse::Created(c) if c.count == Some(expected)),
            "{response:?}"
        );
    }
    assert_eq!(store.0.lock().unwrap().photos, [full, bare]);
}

#[tokio::test]
async fn optional_bodies_and_part_names_that_are_not_identifiers() {
    let (addr, store) = serve().await;
    let client = client(addr);
    let inputs = [
        PutAvatarInput {
            body: Some(PutAvatarForm {
                picture: Some(FilePart {
                    file_name: "me.png".to_owned(),
                    content_type: "image/png".to_owned(),
                    bytes: vec![1, 2, 3],
                }),
                alt_text: Some("a face".parse().expect("valid alt text")),
            }),
        },
        // A form with no part at all, and no body.
        PutAvatarInput {
            body: Some(PutAvatarForm {
                picture: None,
                alt_text: None,
            }),
        },
        PutAvatarInput { body: None },
    ];
    for input in &inputs {
        assert_eq!(
            client.put_avatar(input).await.unwrap(),
            PutAvatarResponse::NoContent
        );
    }
    // A form without parts goes as an empty body with the multipart type: still a form.
    assert_eq!(store.0.lock().unwrap().avatars, inputs);
}

#[tokio::test]
async fn an_empty_form_is_not_a_missing_body() {
    let (addr, store) = serve().await;
    let client = client(addr);
    let empty = SaveSettingsInput {
        body: Default::default(),
    };
    assert_eq!(
        client.save_settings(&empty).await.unwrap(),
        SaveSettingsResponse::NoContent
    );
    assert_eq!(store.0.lock().unwrap().settings, [empty]);
    // Without the multipart type, an empty body is a missing one.
    let missing = reqwest::Client::new()
        .post(format!("http://{addr}/settings"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        violations(missing).await,
        [("/body".to_owned(), "required".to_owned())]
    );
}

#[tokio::test]
async fn a_map_body_is_read_as_one_object_of_its_parts() {
    let (addr, store) = serve().await;
    let input = SaveSettingsInput {
        body: [("theme", "dark"), ("page size", "25"), ("beta", "true")]
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect(),
    };
    assert_eq!(
        client(addr).save_settings(&input).await.unwrap(),
        SaveSettingsResponse::NoContent
    );
    assert_eq!(store.0.lock().unwrap().settings, [input]);
}

#[tokio::test]
async fn parts_that_break_the_spec_are_refused_where_they_are() {
    let (addr, store) = serve().await;
    let http = reqwest::Client::new();
    let send = |form: reqwest::multipart::Form| {
        http.post(format!("http://{addr}/albums/1/photos"))
            .multipart(form)
            .send()
    };
    let file = || reqwest::multipart::Part::bytes(vec![1]).file_name("a.jpg");
    let cases: [(reqwest::multipart::Form, &[(&str, &str)]); 5] = [
        // The nullable `caption` may be absent; the file may not.
        (
            reqwest::multipart::Form::new().text("rating", "3"),
            &[("/body/photo", "required")],
        ),
        (
            reqwest::multipart::Form::new()
                .part("photo", file())
                .text("rating", "three")
                .text("public", "maybe")
                .text("kind", "square"),
            &[
                ("/body/rating", "type"),
                ("/body/public", "type"),
                ("/body/kind", "type"),
            ],
        ),
        (
            reqwest::multipart::Form::new()
                .part("photo", file())
                .text("rating", "9")
                .text("places", r#"{"name": ""}"#),
            &[("/body/places", "minLength"), ("/body/rating", "maximum")],
        ),
        (
            reqwest::multipart::Form::new()
                .part("photo", file())
                .text("labels", "a")
                .text("labels", ""),
            &[("/body/labels/1", "minLength")],
        ),
        (
            reqwest::multipart::Form::new()
                .part("photo", file())
                .text("meta", r#"{"lat": 1}"#),
            // A missing property is reported at its object, as in a JSON body.
            &[("/body/meta", "required")],
        ),
    ];
    for (form, expected) in cases {
        let expected: Vec<(String, String)> = expected
            .iter()
            .map(|(p, r)| ((*p).to_owned(), (*r).to_owned()))
            .collect();
        assert_eq!(violations(send(form).await.unwrap()).await, expected);
    }
    // The client refuses what the router would, before sending.
    let mut input = AddPhotosInput {
        album_id: 1,
        body: AddPhotosForm {
            photo: photo(),
            caption: None,
            labels: Some(vec![String::new()]),
            places: None,
            rating: None,
            public: None,
            kind: None,
            meta: None,
        },
    };
    let error = client(addr).add_photos(&input).await.unwrap_err();
    assert!(
        matches!(&error, Error::Invalid(v) if v.violations()[0].pointer == "/body/labels/0"),
        "{error:?}"
    );
    input.body.labels = None;
    let wrong_type = http
        .post(format!("http://{addr}/albums/1/photos"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("caption=x")
        .send()
        .await
        .unwrap();
    assert_eq!(wrong_type.status(), 415);
    assert!(store.0.lock().unwrap().photos.is_empty());
}

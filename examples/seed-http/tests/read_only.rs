//! `fixtures/read-only.yaml`: the generated client leaves `readOnly` properties (the pet's
//! `id` and `revision`, its owner's `since`, each tag's `count`) out of what it sends, and
//! reads them from the response; a response without the `writeOnly` `password` reads.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use seed_http::fixtures::read_only::client::Client;
use seed_http::fixtures::read_only::models::{Owner, Pet, Tag};
use seed_http::fixtures::read_only::operations::{CreatePetInput, CreatePetResponse};
use seed_http::fixtures::read_only::server::{router, Api, HandlerError};

/// Keeps the body each request carried, and answers as a server would: it sets the
/// read-only properties and never returns the password.
#[derive(Clone, Default)]
struct Store {
    received: Arc<Mutex<Vec<Pet>>>,
}

impl Api for Store {
    async fn create_pet(
        &self,
        input: CreatePetInput,
        _request: axum::http::request::Parts,
    ) -> Result<CreatePetResponse, HandlerError> {
        self.received.lock().unwrap().push(input.body.clone());
        let mut stored = input.body;
        stored.id = Some(7);
        stored.revision = Some(1);
        stored.password = None;
        if let Some(owner) = &mut stored.owner {
            owner.since = Some("2024-01-02".parse().unwrap());
        }
        for tag in stored.tags.iter_mut().flatten() {
            tag.count = Some(3);
        }
        Ok(CreatePetResponse::Created(stored))
    }
}

async fn serve(store: Store) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router(store)).await.unwrap() });
    addr
}

#[tokio::test]
async fn read_only_properties_are_not_sent_and_are_read_back() {
    let store = Store::default();
    let addr = serve(store.clone()).await;
    let client = Client::builder()
        .base_url(format!("http://{addr}"))
        .build()
        .unwrap();
    let owner = Owner {
        name: Some("ann".to_owned()),
        since: Some("1999-12-31".parse().unwrap()),
        ..Owner::default()
    };
    let mut tag = Tag::new("good".to_owned());
    tag.count = Some(99);
    let mut pet = Pet::new("rex".to_owned());
    // A value read earlier, edited and sent back: what the server set is still in it.
    pet.id = Some(1);
    pet.revision = Some(5);
    pet.password = Some("secret".to_owned());
    pet.owner = Some(owner);
    pet.tags = Some(vec![tag]);
    let input = CreatePetInput { body: pet.clone() };

    let CreatePetResponse::Created(created) = client.create_pet(&input).await.unwrap();

    let received = store.received.lock().unwrap().pop().unwrap();
    let sent = serde_json::to_value(&received).unwrap();
    assert_eq!(
        sent,
        serde_json::json!({
            "name": "rex",
            "password": "secret",
            "owner": {"name": "ann"},
            "tags": [{"label": "good"}],
        })
    );
    // The caller's value is untouched; the response's read-only properties are read.
    assert_eq!(input.body, pet);
    assert_eq!(created.id, Some(7));
    assert_eq!(created.revision, Some(1));
    assert_eq!(created.password, None);
    assert_eq!(
        created.owner.and_then(|o| o.since).map(|d| d.to_string()),
        Some("2024-01-02".to_owned())
    );
    assert_eq!(created.tags.unwrap()[0].count, Some(3));
}

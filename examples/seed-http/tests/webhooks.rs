//! Webhooks and callbacks over 127.0.0.1: the generated sender delivers typed events to the
//! generated receiver's router, which verifies Standard Webhooks signatures (the scheme's
//! published example included), refuses a tampered signature and a stale timestamp, and
//! decodes and checks each payload before its handler.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use seed_http::events::models::{Pet, SubscribePetMovedCallbackRequest, TestWebhookRequest};
use seed_http::events::webhooks::receive::{router, Event, ReceiveError, Verifier, Webhooks};
use seed_http::events::webhooks::send::{SendError, Sender};
use seed_http::events::webhooks::signing::Secret;

/// The example of the Standard Webhooks specification.
const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const ID: &str = "msg_p5jXN8AQM9LWM0D4loKWxJek";
const TIMESTAMP: &str = "1614265330";
const BODY: &str = r#"{"test": 2432232314}"#;
const SIGNATURE: &str = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

/// What the receiver was given, one line per event.
#[derive(Clone, Default)]
struct Log(Arc<Mutex<Vec<String>>>);

impl Log {
    fn push(&self, line: String) {
        self.0.lock().unwrap().push(line);
    }
    fn lines(&self) -> Vec<String> {
        self.0.lock().unwrap().clone()
    }
}

impl Webhooks for Log {
    async fn pet_created(&self, event: Event<Pet>) -> Result<(), ReceiveError> {
        let pet = event.payload;
        self.push(format!(
            "pet.created {} {} {} {:?}",
            event.id.unwrap_or_default(),
            pet.id.get(),
            pet.name.as_str(),
            event.timestamp.is_some()
        ));
        Ok(())
    }
    async fn test(&self, event: Event<TestWebhookRequest>) -> Result<(), ReceiveError> {
        self.push(format!("test {}", event.payload.test));
        Ok(())
    }
    async fn ping(&self, event: Event<()>) -> Result<(), ReceiveError> {
        self.push(format!("ping {}", event.id.unwrap_or_default()));
        Err(std::io::Error::other("the receiver's database is down").into())
    }
    async fn subscribe_pet_moved(
        &self,
        event: Event<SubscribePetMovedCallbackRequest>,
    ) -> Result<(), ReceiveError> {
        self.push(format!(
            "moved {} {}",
            event.payload.pet_id,
            event.payload.to.as_str()
        ));
        Ok(())
    }
}

async fn serve(verifier: Option<Verifier>) -> (SocketAddr, Log) {
    let log = Log::default();
    let app = router(log.clone(), verifier);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (addr, log)
}

fn secret() -> Secret {
    Secret::parse(SECRET).unwrap()
}

fn pet(name: &str) -> Pet {
    serde_json::from_value(serde_json::json!({ "id": 7, "name": name })).unwrap()
}

/// Posts the published example, as written, to the `test` route.
async fn post_example(addr: SocketAddr, timestamp: &str, signature: &str) -> u16 {
    reqwest::Client::new()
        .post(format!("http://{addr}/test"))
        .header("webhook-id", ID)
        .header("webhook-timestamp", timestamp)
        .header("webhook-signature", signature)
        .header("content-type", "application/json")
        .body(BODY)
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

#[tokio::test]
async fn signed_events_are_delivered_typed() {
    let (addr, log) = serve(Some(Verifier::new(secret()))).await;
    let sender = Sender::new(reqwest::Client::new()).signing(secret());
    let delivery = sender
        .pet_created(&format!("http://{addr}/pet.created"), "msg_1", &pet("Rex"))
        .await
        .unwrap();
    // The first documented 2XX status of the webhook.
    assert_eq!(delivery.status, 202);
    let moved: SubscribePetMovedCallbackRequest =
        serde_json::from_value(serde_json::json!({ "petId": 7, "to": "garden" })).unwrap();
    let delivery = sender
        .subscribe_pet_moved(
            &format!("http://{addr}/subscribe_pet_moved"),
            "msg_2",
            &moved,
        )
        .await
        .unwrap();
    assert_eq!(delivery.status, 204);
    assert_eq!(
        log.lines(),
        ["pet.created msg_1 7 Rex true", "moved 7 garden"]
    );
}

#[tokio::test]
async fn the_published_example_verifies_when_fresh_enough_and_is_refused_when_stale() {
    // The example was signed in 2021: with a tolerance reaching back to then it verifies.
    let (addr, log) = serve(Some(Verifier::new(secret()).tolerance(u64::MAX))).await;
    assert_eq!(post_example(addr, TIMESTAMP, SIGNATURE).await, 200);
    assert_eq!(log.lines(), ["test 2432232314"]);
    // A tampered signature, or the signature of another timestamp, is refused.
    let tampered = SIGNATURE.replace("g0hM", "g0hN");
    assert_eq!(post_example(addr, TIMESTAMP, &tampered).await, 401);
    assert_eq!(post_example(addr, "1614265331", SIGNATURE).await, 401);
    assert_eq!(log.lines().len(), 1);

    // With the default tolerance of five minutes, the same message is stale.
    let (addr, log) = serve(Some(Verifier::new(secret()))).await;
    assert_eq!(post_example(addr, TIMESTAMP, SIGNATURE).await, 401);
    assert!(log.lines().is_empty());
}

#[tokio::test]
async fn unsigned_or_wrongly_signed_events_are_refused_by_a_verifying_receiver() {
    let (addr, log) = serve(Some(Verifier::new(secret()))).await;
    let url = format!("http://{addr}/pet.created");
    let unsigned = Sender::new(reqwest::Client::new());
    match unsigned.pet_created(&url, "msg_1", &pet("Rex")).await {
        Err(SendError::Refused(delivery)) => {
            assert_eq!(delivery.status, 401);
            let problem: serde_json::Value = serde_json::from_slice(&delivery.body).unwrap();
            assert!(problem["title"]
                .as_str()
                .unwrap()
                .contains("webhook-signature"));
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
    let other_secret = Sender::new(reqwest::Client::new()).signing(Secret::from_bytes(*b"other"));
    assert!(matches!(
        other_secret.pet_created(&url, "msg_1", &pet("Rex")).await,
        Err(SendError::Refused(d)) if d.status == 401
    ));
    // A rotated secret: either one verifies.
    let (addr, _) = serve(Some(
        Verifier::new(secret()).or_secret(Secret::from_bytes(*b"other")),
    ))
    .await;
    let url = format!("http://{addr}/pet.created");
    assert!(other_secret
        .pet_created(&url, "msg_1", &pet("Rex"))
        .await
        .is_ok());
    assert!(log.lines().is_empty());
}

#[tokio::test]
async fn payloads_are_decoded_and_checked_before_the_handler() {
    let (addr, log) = serve(None).await;
    let post = |route: &str, body: &'static str| {
        reqwest::Client::new()
            .post(format!("http://{addr}{route}"))
            .header("content-type", "application/json")
            .body(body)
            .send()
    };
    // `name` breaks `minLength: 1`; `id` breaks `minimum: 1`; `test` is missing.
    for (route, body) in [
        ("/pet.created", r#"{"id": 7, "name": ""}"#),
        ("/pet.created", r#"{"id": 0, "name": "Rex"}"#),
        ("/test", r#"{}"#),
        ("/pet.created", ""),
    ] {
        let response = post(route, body).await.unwrap();
        assert_eq!(response.status().as_u16(), 400, "{route} {body}");
        assert_eq!(
            response.headers()["content-type"],
            "application/problem+json"
        );
    }
    let text = reqwest::Client::new()
        .post(format!("http://{addr}/test"))
        .header("content-type", "text/plain")
        .body("test")
        .send()
        .await
        .unwrap();
    assert_eq!(text.status().as_u16(), 415);
    // Only the valid event reached the handler.
    let sender = Sender::new(reqwest::Client::new());
    let moved: SubscribePetMovedCallbackRequest =
        serde_json::from_value(serde_json::json!({ "petId": 7, "to": "x" })).unwrap();
    assert!(sender
        .subscribe_pet_moved(&format!("http://{addr}/subscribe_pet_moved"), "m", &moved)
        .await
        .is_ok());
    assert_eq!(log.lines(), ["moved 7 x"]);
}

#[tokio::test]
async fn a_failing_handler_gets_a_bare_500_so_the_sender_retries() {
    let (addr, log) = serve(None).await;
    let sender = Sender::new(reqwest::Client::new());
    match sender.ping(&format!("http://{addr}/ping"), "msg_9").await {
        Err(SendError::Refused(delivery)) => {
            assert_eq!(delivery.status, 500);
            assert!(!String::from_utf8_lossy(&delivery.body).contains("database"));
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
    assert_eq!(log.lines(), ["ping msg_9"]);
}

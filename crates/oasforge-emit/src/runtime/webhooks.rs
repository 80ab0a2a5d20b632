//! The fixed code of a generated `webhooks.rs`: each module below is emitted whole (its `use`
//! lines included, which hold in the generated file too), `signing` always, `receive` with
//! the server and `send` with the client; the generated trait, router and sending methods
//! are appended to `receive` and `send`. The tests at the end are not emitted.

/// Standard Webhooks signatures: `webhook-id`, `webhook-timestamp` and `webhook-signature`
/// (`v1,` and the base64 of HMAC-SHA256 over `id.timestamp.body`).
pub mod signing {
    use std::fmt;

    /// The header naming the message; the same on every retry of one event.
    pub const ID_HEADER: &str = "webhook-id";
    /// The header holding the time of sending, in seconds since the Unix epoch.
    pub const TIMESTAMP_HEADER: &str = "webhook-timestamp";
    /// The header holding the signatures, separated by spaces: `v1,<base64>`.
    pub const SIGNATURE_HEADER: &str = "webhook-signature";
    /// How far a timestamp may be from the receiver's clock, in seconds, by default.
    pub const DEFAULT_TOLERANCE: u64 = 300;

    /// A signing secret: the key of the HMAC, written `whsec_` and its base64.
    #[derive(Clone, PartialEq, Eq)]
    pub struct Secret(Vec<u8>);

    impl fmt::Debug for Secret {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("Secret(..)")
        }
    }

    impl Secret {
        /// A secret of these bytes.
        pub fn from_bytes(bytes: impl Into<Vec<u8>>) -> Self {
            Self(bytes.into())
        }

        /// Reads a secret written as `whsec_` and base64 (the prefix is optional).
        pub fn parse(text: &str) -> Result<Self, SignatureError> {
            let encoded = text.strip_prefix("whsec_").unwrap_or(text);
            base64::Engine::decode(&base64::engine::general_purpose::STANDARD, encoded)
                .ok()
                .filter(|bytes| !bytes.is_empty())
                .map(Self)
                .ok_or(SignatureError::BadSecret)
        }

        /// The secret as it is written: `whsec_` and base64.
        pub fn to_text(&self) -> String {
            let encoded =
                base64::Engine::encode(&base64::engine::general_purpose::STANDARD, &self.0);
            format!("whsec_{encoded}")
        }

        fn mac(&self, id: &str, timestamp: &str, body: &[u8]) -> hmac::Hmac<sha2::Sha256> {
            // HMAC accepts keys of any length.
            let mut mac = <hmac::Hmac<sha2::Sha256> as hmac::Mac>::new_from_slice(&self.0)
                .unwrap_or_else(|_| unreachable!("HMAC takes keys of any length"));
            hmac::Mac::update(&mut mac, id.as_bytes());
            hmac::Mac::update(&mut mac, b".");
            hmac::Mac::update(&mut mac, timestamp.as_bytes());
            hmac::Mac::update(&mut mac, b".");
            hmac::Mac::update(&mut mac, body);
            mac
        }

        /// The `webhook-signature` value of a message: `v1,` and the base64 of its MAC.
        pub fn sign(&self, id: &str, timestamp: i64, body: &[u8]) -> String {
            let mac = self.mac(id, &timestamp.to_string(), body);
            let bytes = hmac::Mac::finalize(mac).into_bytes();
            let encoded = base64::Engine::encode(&base64::engine::general_purpose::STANDARD, bytes);
            format!("v1,{encoded}")
        }

        /// Checks a message's headers against its body: one `v1` signature must match (in
        /// constant time), and the timestamp must be within `tolerance` seconds of `now`.
        pub fn verify(
            &self,
            headers: &SignedHeaders<'_>,
            body: &[u8],
            now: i64,
            tolerance: u64,
        ) -> Result<(), SignatureError> {
            let id = headers.id.ok_or(SignatureError::Missing(ID_HEADER))?;
            let timestamp_text = headers
                .timestamp
                .ok_or(SignatureError::Missing(TIMESTAMP_HEADER))?;
            let signatures = headers
                .signature
                .ok_or(SignatureError::Missing(SIGNATURE_HEADER))?;
            let timestamp: i64 = timestamp_text
                .trim()
                .parse()
                .map_err(|_| SignatureError::BadTimestamp)?;
            if now.abs_diff(timestamp) > tolerance {
                return Err(SignatureError::Stale);
            }
            let matches = signatures.split(' ').any(|entry| {
                let Some(encoded) = entry.strip_prefix("v1,") else {
                    return false;
                };
                let Ok(expected) =
                    base64::Engine::decode(&base64::engine::general_purpose::STANDARD, encoded)
                else {
                    return false;
                };
                let mac = self.mac(id, timestamp_text.trim(), body);
                hmac::Mac::verify_slice(mac, &expected).is_ok()
            });
            if matches {
                Ok(())
            } else {
                Err(SignatureError::NoMatch)
            }
        }
    }

    /// The three headers of a signed message, as received.
    #[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
    pub struct SignedHeaders<'a> {
        /// `webhook-id`.
        pub id: Option<&'a str>,
        /// `webhook-timestamp`.
        pub timestamp: Option<&'a str>,
        /// `webhook-signature`.
        pub signature: Option<&'a str>,
    }

    /// Why a signature is not accepted.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum SignatureError {
        /// The secret is not `whsec_` and base64 of at least one byte.
        BadSecret,
        /// A header of the scheme is missing.
        Missing(&'static str),
        /// `webhook-timestamp` is not a number of seconds.
        BadTimestamp,
        /// The timestamp is further from now than the tolerance allows (a replay, or a
        /// clock that is off).
        Stale,
        /// No `v1` signature matches the message.
        NoMatch,
    }

    impl fmt::Display for SignatureError {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            match self {
                Self::BadSecret => f.write_str("the secret is not `whsec_` and base64"),
                Self::Missing(header) => write!(f, "the `{header}` header is missing"),
                Self::BadTimestamp => f.write_str("the timestamp is not a number of seconds"),
                Self::Stale => f.write_str("the timestamp is outside the tolerance"),
                Self::NoMatch => f.write_str("no signature matches the message"),
            }
        }
    }

    impl std::error::Error for SignatureError {}

    /// Seconds since the Unix epoch, by the system clock.
    pub fn now() -> i64 {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
    }
}

/// The receiving side: events decoded, checked and verified before the handler sees them.
pub mod receive {
    use axum::http::{HeaderMap, StatusCode};
    use axum::response::{IntoResponse, Response};

    use super::super::validate::Violation;
    use super::signing::{self, Secret, SignatureError, SignedHeaders};

    /// One event as received: the payload, decoded and validated, and the request's headers.
    #[derive(Debug, Clone)]
    pub struct Event<T> {
        /// `webhook-id`, when sent.
        pub id: Option<String>,
        /// `webhook-timestamp`, when sent and a number.
        pub timestamp: Option<i64>,
        /// Every header of the request.
        pub headers: HeaderMap,
        /// The payload.
        pub payload: T,
    }

    /// How the receiver checks signatures: each event must carry a valid signature by one of
    /// the secrets (several while a secret is being rotated), timestamped within the
    /// tolerance.
    #[derive(Debug, Clone)]
    pub struct Verifier {
        secrets: Vec<Secret>,
        tolerance: u64,
    }

    impl Verifier {
        /// Checks signatures by `secret`, with the default tolerance of five minutes.
        pub fn new(secret: Secret) -> Self {
            Self {
                secrets: vec![secret],
                tolerance: signing::DEFAULT_TOLERANCE,
            }
        }

        /// Also accepts signatures by `secret`.
        pub fn or_secret(mut self, secret: Secret) -> Self {
            self.secrets.push(secret);
            self
        }

        /// How far a timestamp may be from now, in seconds.
        pub fn tolerance(mut self, seconds: u64) -> Self {
            self.tolerance = seconds;
            self
        }

        /// Checks a request's signature against its body at time `now`.
        pub fn check(
            &self,
            headers: &HeaderMap,
            body: &[u8],
            now: i64,
        ) -> Result<(), SignatureError> {
            let text = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
            let signed = SignedHeaders {
                id: text(signing::ID_HEADER),
                timestamp: text(signing::TIMESTAMP_HEADER),
                signature: text(signing::SIGNATURE_HEADER),
            };
            let mut outcome = Err(SignatureError::NoMatch);
            for secret in &self.secrets {
                outcome = secret.verify(&signed, body, now, self.tolerance);
                if outcome.is_ok() || outcome != Err(SignatureError::NoMatch) {
                    break;
                }
            }
            outcome
        }
    }

    /// Why a handler did not accept an event.
    #[derive(Debug)]
    pub enum ReceiveError {
        /// The event decodes but is wrong: `400` with a problem document listing the
        /// violations.
        Invalid(Vec<Violation>),
        /// The handler failed: a bare `500`, so the sender retries; the error itself never
        /// leaves the receiver.
        Internal(Box<dyn std::error::Error + Send + Sync>),
    }

    impl<E: std::error::Error + Send + Sync + 'static> From<E> for ReceiveError {
        fn from(error: E) -> Self {
            Self::Internal(Box::new(error))
        }
    }

    /// What the router holds: the handlers and, when signatures are checked, the verifier.
    struct Shared<W> {
        receiver: W,
        verifier: Option<Verifier>,
    }

    /// An RFC 9457 problem document.
    fn problem(status: StatusCode, title: &str, violations: &[Violation]) -> Response {
        let mut document = serde_json::json!({
            "type": "about:blank",
            "title": title,
            "status": status.as_u16(),
        });
        if !violations.is_empty() {
            document["violations"] = violations
                .iter()
                .map(|v| serde_json::json!({ "pointer": v.pointer, "rule": v.rule, "limit": v.limit, "detail": v.to_string() }))
                .collect();
        }
        (
            status,
            [("content-type", "application/problem+json")],
            document.to_string(),
        )
            .into_response()
    }

    /// Verifies and decodes an event, or answers the refusal: `401` for a signature that
    /// is missing, wrong or stale, `415` for a body that is not JSON, `400` for a payload
    /// that does not decode (or is missing when `required`).
    fn open<T: serde::de::DeserializeOwned>(
        verifier: Option<&Verifier>,
        headers: HeaderMap,
        body: &[u8],
        required: bool,
    ) -> Result<Event<T>, Box<Response>> {
        if let Some(verifier) = verifier {
            if let Err(error) = verifier.check(&headers, body, signing::now()) {
                let title = format!("The signature is not accepted: {error}.");
                return Err(Box::new(problem(StatusCode::UNAUTHORIZED, &title, &[])));
            }
        }
        let payload = if body.is_empty() {
            if required {
                return Err(Box::new(problem(
                    StatusCode::BAD_REQUEST,
                    "The event has no payload.",
                    &[],
                )));
            }
            serde_json::from_slice(b"null")
        } else {
            let media = headers
                .get("content-type")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.split(';').next())
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase();
            if !(media.is_empty() || media == "application/json" || media.ends_with("+json")) {
                return Err(Box::new(problem(
                    StatusCode::UNSUPPORTED_MEDIA_TYPE,
                    "The content type is not accepted.",
                    &[],
                )));
            }
            serde_json::from_slice(body)
        };
        let payload = payload.map_err(|error| {
            let title = format!("The payload does not decode: {error}.");
            Box::new(problem(StatusCode::BAD_REQUEST, &title, &[]))
        })?;
        let text = |name: &str| {
            headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        };
        Ok(Event {
            id: text(signing::ID_HEADER),
            timestamp: text(signing::TIMESTAMP_HEADER).and_then(|t| t.trim().parse().ok()),
            headers,
            payload,
        })
    }

    /// `400` listing the payload's violations.
    fn invalid(violations: &[Violation]) -> Response {
        problem(
            StatusCode::BAD_REQUEST,
            "The event does not conform to the API.",
            violations,
        )
    }

    /// The answer to a handled event: `status` when accepted.
    fn answer(outcome: Result<(), ReceiveError>, status: u16) -> Response {
        match outcome {
            Ok(()) => StatusCode::from_u16(status)
                .unwrap_or(StatusCode::OK)
                .into_response(),
            Err(ReceiveError::Invalid(violations)) => invalid(&violations),
            Err(ReceiveError::Internal(_)) => problem(
                StatusCode::INTERNAL_SERVER_ERROR,
                "Internal Server Error",
                &[],
            ),
        }
    }
}

/// The sending side: events encoded, validated, signed and delivered.
pub mod send {
    use super::super::validate::Violation;
    use super::signing::{self, Secret};

    /// Delivers events to receivers' URLs, signing them when given a secret.
    #[derive(Debug, Clone)]
    pub struct Sender {
        http: reqwest::Client,
        secret: Option<Secret>,
    }

    /// A receiver's answer to an event it accepted (a `2XX` status).
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct Delivery {
        /// The status.
        pub status: u16,
        /// The body, as sent.
        pub body: Vec<u8>,
    }

    /// Why an event was not delivered.
    #[derive(Debug)]
    pub enum SendError {
        /// The payload breaks the spec's rules; nothing was sent.
        Invalid(Vec<Violation>),
        /// The payload does not encode as JSON; nothing was sent.
        Encode(String),
        /// The request failed (connection, timeout).
        Http(reqwest::Error),
        /// The receiver answered, but not with a `2XX` status: deliver again later.
        Refused(Delivery),
    }

    impl std::fmt::Display for SendError {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            match self {
                Self::Invalid(violations) => {
                    write!(
                        f,
                        "the payload is invalid ({} violations)",
                        violations.len()
                    )
                }
                Self::Encode(message) => write!(f, "the payload does not encode: {message}"),
                Self::Http(error) => write!(f, "the request failed: {error}"),
                Self::Refused(delivery) => {
                    write!(f, "the receiver answered {}", delivery.status)
                }
            }
        }
    }

    impl std::error::Error for SendError {
        fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
            match self {
                Self::Http(error) => Some(error),
                _ => None,
            }
        }
    }

    impl Sender {
        /// A sender using `http`, which does not sign.
        pub fn new(http: reqwest::Client) -> Self {
            Self { http, secret: None }
        }

        /// Signs every event with `secret` (Standard Webhooks).
        pub fn signing(mut self, secret: Secret) -> Self {
            self.secret = Some(secret);
            self
        }

        /// Sends one event: `id` names it (the same on every retry); `payload`, when
        /// given, is sent as JSON.
        pub async fn deliver<T: serde::Serialize>(
            &self,
            method: reqwest::Method,
            url: &str,
            id: &str,
            payload: Option<&T>,
        ) -> Result<Delivery, SendError> {
            let body = match payload {
                Some(payload) => {
                    serde_json::to_vec(payload).map_err(|e| SendError::Encode(e.to_string()))?
                }
                None => Vec::new(),
            };
            let timestamp = signing::now();
            let mut request = self
                .http
                .request(method, url)
                .header(signing::ID_HEADER, id)
                .header(signing::TIMESTAMP_HEADER, timestamp.to_string());
            if let Some(secret) = &self.secret {
                request =
                    request.header(signing::SIGNATURE_HEADER, secret.sign(id, timestamp, &body));
            }
            if !body.is_empty() {
                request = request
                    .header("content-type", "application/json")
                    .body(body);
            }
            let response = request.send().await.map_err(SendError::Http)?;
            let status = response.status().as_u16();
            let body = response.bytes().await.map_err(SendError::Http)?.to_vec();
            let delivery = Delivery { status, body };
            if (200..300).contains(&status) {
                Ok(delivery)
            } else {
                Err(SendError::Refused(delivery))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::signing::{Secret, SignatureError, SignedHeaders};

    /// The example of the Standard Webhooks specification.
    const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    const ID: &str = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    const TIMESTAMP: i64 = 1614265330;
    const BODY: &[u8] = br#"{"test": 2432232314}"#;
    const SIGNATURE: &str = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    fn headers<'a>(timestamp: &'a str, signature: &'a str) -> SignedHeaders<'a> {
        SignedHeaders {
            id: Some(ID),
            timestamp: Some(timestamp),
            signature: Some(signature),
        }
    }

    #[test]
    fn signs_the_published_example() {
        let secret = Secret::parse(SECRET).expect("a valid secret");
        assert_eq!(secret.sign(ID, TIMESTAMP, BODY), SIGNATURE);
        assert_eq!(secret.to_text(), SECRET);
    }

    #[test]
    fn verifies_the_published_example_and_nothing_else() {
        let secret = Secret::parse(SECRET).expect("a valid secret");
        let ts = TIMESTAMP.to_string();
        assert_eq!(
            secret.verify(&headers(&ts, SIGNATURE), BODY, TIMESTAMP + 10, 300),
            Ok(())
        );
        // Among other signatures, and other versions.
        let several = format!("v2,abc v1,AAAA {SIGNATURE}");
        assert_eq!(
            secret.verify(&headers(&ts, &several), BODY, TIMESTAMP, 300),
            Ok(())
        );
        // A tampered body, signature, id or timestamp.
        assert_eq!(
            secret.verify(
                &headers(&ts, SIGNATURE),
                br#"{"test": 2432232315}"#,
                TIMESTAMP,
                300
            ),
            Err(SignatureError::NoMatch)
        );
        let tampered = SIGNATURE.replace('g', "h");
        assert_eq!(
            secret.verify(&headers(&ts, &tampered), BODY, TIMESTAMP, 300),
            Err(SignatureError::NoMatch)
        );
        let other_id = SignedHeaders {
            id: Some("msg_other"),
            ..headers(&ts, SIGNATURE)
        };
        assert_eq!(
            secret.verify(&other_id, BODY, TIMESTAMP, 300),
            Err(SignatureError::NoMatch)
        );
        let later = (TIMESTAMP + 1).to_string();
        assert_eq!(
            secret.verify(&headers(&later, SIGNATURE), BODY, TIMESTAMP, 300),
            Err(SignatureError::NoMatch)
        );
        // Another secret.
        let other = Secret::from_bytes(b"another".to_vec());
        assert_eq!(
            other.verify(&headers(&ts, SIGNATURE), BODY, TIMESTAMP, 300),
            Err(SignatureError::NoMatch)
        );
    }

    #[test]
    fn refuses_stale_and_future_timestamps() {
        let secret = Secret::parse(SECRET).expect("a valid secret");
        let ts = TIMESTAMP.to_string();
        assert_eq!(
            secret.verify(&headers(&ts, SIGNATURE), BODY, TIMESTAMP + 301, 300),
            Err(SignatureError::Stale)
        );
        assert_eq!(
            secret.verify(&headers(&ts, SIGNATURE), BODY, TIMESTAMP - 301, 300),
            Err(SignatureError::Stale)
        );
        assert_eq!(
            secret.verify(&headers("soon", SIGNATURE), BODY, TIMESTAMP, 300),
            Err(SignatureError::BadTimestamp)
        );
        let unsigned = SignedHeaders {
            signature: None,
            ..headers(&ts, SIGNATURE)
        };
        assert_eq!(
            secret.verify(&unsigned, BODY, TIMESTAMP, 300),
            Err(SignatureError::Missing("webhook-signature"))
        );
    }

    #[test]
    fn secrets_must_be_base64() {
        assert_eq!(Secret::parse("whsec_%%%"), Err(SignatureError::BadSecret));
        assert_eq!(Secret::parse("whsec_"), Err(SignatureError::BadSecret));
        assert!(Secret::parse("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").is_ok());
    }
}

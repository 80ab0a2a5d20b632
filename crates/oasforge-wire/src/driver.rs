//! The driver program: a small crate that calls every operation of a generated client
//! through a recording proxy in front of the mock server, and prints one JSON line per call.
//!
//! The proxy (an `axum` fallback forwarding with `reqwest`) keeps the last response exactly
//! as it arrived, so a decoded value can be compared with the bytes the client read.

use std::fmt::Write as _;

use oasforge_ir::synth::{Direction, Synth};
use oasforge_ir::{Api, BodyKind, Operation, Scalar, Status, TyKind, TypeKind};
use serde_json::{Map, Value};

use crate::shapes::{Shapes, VariantShape};

/// One planned call: the seed, the status asked of the mock (`Prefer: code=…`), the input
/// as JSON keyed by the input struct's field names.
#[derive(Debug, Clone)]
pub struct Call {
    /// The seed the input was made from.
    pub seed: u64,
    /// The documented status to ask for, or `None` for the mock's own choice.
    pub prefer: Option<u16>,
    /// The input fields.
    pub input: Value,
}

/// What is not driven, and why (reported, not hidden).
#[derive(Debug, Clone)]
pub struct Skipped {
    /// The operation.
    pub operation: String,
    /// Why.
    pub reason: String,
}

/// The plan for one operation.
#[derive(Debug, Clone)]
pub struct OpPlan {
    /// The client method.
    pub method: String,
    /// Index in `Api::operations`.
    pub index: usize,
    /// The calls.
    pub calls: Vec<Call>,
}

/// Synthesizes `seeds` inputs for every operation the generated client exposes.
pub fn plan(api: &Api, shapes: &Shapes, seeds: u64) -> (Vec<OpPlan>, Vec<Skipped>) {
    let mut plans = Vec::new();
    let mut skipped = Vec::new();
    for (index, op) in api.operations.iter().enumerate() {
        let Some(shape) = shapes.ops.get(&op.name) else {
            skipped.push(Skipped {
                operation: op.name.clone(),
                reason: "no client method".into(),
            });
            continue;
        };
        let Some(fields) = shapes.structs.get(&shape.input) else {
            skipped.push(Skipped {
                operation: op.name.clone(),
                reason: format!("input struct {} not found", shape.input),
            });
            continue;
        };
        let codes: Vec<u16> = op
            .responses
            .iter()
            .filter_map(|r| match r.status {
                Status::Code(c) => Some(c),
                _ => None,
            })
            .collect();
        let calls = (0..seeds)
            .map(|seed| {
                let prefer = match seed {
                    0 => None,
                    _ if codes.is_empty() => None,
                    _ => Some(codes[(seed as usize - 1) % codes.len()]),
                };
                Call {
                    seed,
                    prefer,
                    input: input_for(api, op, fields, seed),
                }
            })
            .collect();
        plans.push(OpPlan {
            method: op.name.clone(),
            index,
            calls,
        });
    }
    (plans, skipped)
}

fn input_for(api: &Api, op: &Operation, fields: &[(String, String)], seed: u64) -> Value {
    let mut synth = Synth::new(api, Direction::Request, seed);
    let mut input = Map::new();
    for (field, ty) in fields {
        let key = field.trim_start_matches("r#");
        let optional = ty.starts_with("Option <");
        let value = if key == "body" {
            match &op.body {
                Some(body) if body.required || synth.rng().one_in(4) || !optional => {
                    match body.kind {
                        BodyKind::Text => Value::String(format!("text {seed}")),
                        BodyKind::Bytes => Value::from(format!("bytes {seed}").into_bytes()),
                        _ => synth.value(&body.ty),
                    }
                }
                _ => Value::Null,
            }
        } else {
            match op
                .params
                .iter()
                .find(|p| p.name.trim_start_matches("r#") == key)
            {
                Some(p) if p.required || !optional || synth.rng().one_in(2) => synth.present(&p.ty),
                _ => Value::Null,
            }
        };
        input.insert(key.to_owned(), value);
    }
    Value::Object(input)
}

/// The expression building a multipart body's form struct from the planned `body` value
/// (keyed by wire names, as the synthesizer makes it): each property read like any field,
/// each file part (`format: binary`) a small file of its own. `None` unless the operation's
/// body is a form struct (`Body::form_name`).
fn multipart_form(api: &Api, op: &Operation, optional: bool) -> Option<String> {
    let body = op.body.as_ref().filter(|b| b.kind == BodyKind::Multipart)?;
    let form = body.form_name.as_ref()?;
    let TyKind::Named(id) = body.ty.kind else {
        return None;
    };
    let TypeKind::Struct(s) = &api.type_def(id).kind else {
        return None;
    };
    let mut fields = String::new();
    // The same fields, in the same shapes, as the generator's form struct.
    for f in s.fields.iter().filter(|f| !f.read_only) {
        let value = if matches!(f.ty.kind, TyKind::Scalar(Scalar::Binary)) {
            let file = format!(
                "FilePart {{ file_name: \"{}.txt\".to_owned(), content_type: \"text/plain\".to_owned(), bytes: b.to_string().into_bytes() }}",
                f.wire_name.replace(|c: char| !c.is_ascii_alphanumeric(), "_")
            );
            if !f.required && !f.ty.nullable {
                format!("Some({file})")
            } else {
                file
            }
        } else {
            format!("field(&b, {:?})?", f.wire_name)
        };
        let _ = write!(fields, "{}: {value},", f.name);
    }
    let build = format!("{form} {{ {fields} }}");
    Some(if optional {
        format!("{{ let b = v.get(\"body\").cloned().unwrap_or(Value::Null); if b.is_null() {{ None }} else {{ Some({build}) }} }}")
    } else {
        format!("{{ let b = v.get(\"body\").cloned().unwrap_or(Value::Null); {build} }}")
    })
}

/// The driver's `Cargo.toml`.
pub fn cargo_toml(generated_package: &str, generated_dir: &str) -> String {
    format!(
        r#"[package]
name = "wire-driver"
version = "0.0.0"
edition = "2021"
publish = false

[workspace]

[dependencies]
generated = {{ package = "{generated_package}", path = "{generated_dir}", default-features = false, features = ["client"] }}
serde = "1"
serde_json = "1"
reqwest = {{ version = "0.13", default-features = false }}
axum = {{ version = "0.8", default-features = false, features = ["http1", "tokio"] }}
tokio = {{ version = "1", features = ["rt", "macros", "net"] }}
"#
    )
}

/// The comparison rules the driver shares with the harness (`compare.rs`), written beside
/// its `main.rs`.
pub const COMPARE_RS: &str = include_str!("compare.rs");

/// The driver's `main.rs`.
pub fn main_rs(api: &Api, shapes: &Shapes, plans: &[OpPlan]) -> String {
    let mut out = String::from(PRELUDE);
    // Credentials: every scheme given a dummy value, so every security alternative is met.
    let set_credentials = match shapes.structs.get("Credentials") {
        Some(fields) => {
            let mut s = String::from("generated::operations::Credentials {");
            for (name, ty) in fields {
                if ty.contains("BasicCredentials") {
                    s.push_str(&format!(
                        "{name}: Some(generated::operations::BasicCredentials {{"
                    ));
                    for (f, _) in shapes.structs.get("BasicCredentials").into_iter().flatten() {
                        let _ = write!(s, "{f}: \"user\".into(),");
                    }
                    s.push_str("}),");
                } else {
                    let _ = write!(s, "{name}: Some(\"token\".into()),");
                }
            }
            s.push('}');
            format!("builder = builder.credentials({s});")
        }
        None => String::new(),
    };
    let _ = write!(
        out,
        "\nfn client(base: &str, prefer: Option<u16>) -> Client {{\n    let http = reqwest::Client::builder().timeout(std::time::Duration::from_secs(30)).build().expect(\"http client\");\n    let mut builder = Client::builder().base_url(base).http_client(http);\n    {set_credentials}\n    if let Some(code) = prefer {{\n        builder = builder.default_header(HeaderName::from_static(\"prefer\"), HeaderValue::from_str(&format!(\"code={{code}}\")).expect(\"header\"));\n    }}\n    builder.build().expect(\"client\")\n}}\n"
    );
    let mut calls = String::new();
    for (n, plan) in plans.iter().enumerate() {
        let op = &api.operations[plan.index];
        let shape = &shapes.ops[&plan.method];
        let fields = &shapes.structs[&shape.input];
        let variants = shapes
            .enums
            .get(&shape.response)
            .cloned()
            .unwrap_or_default();
        let mut build = String::new();
        for (name, ty) in fields {
            let key = name.trim_start_matches("r#");
            match multipart_form(api, op, ty.starts_with("Option <")) {
                Some(form) if key == "body" => {
                    let _ = write!(build, "{name}: {form},");
                }
                _ => {
                    let _ = write!(build, "{name}: field(v, {key:?})?,");
                }
            }
        }
        let mut arms = String::new();
        for (variant, response) in variants.iter().zip(&op.responses) {
            let kind = response
                .body
                .as_ref()
                .map(|b| BodyKind::of(&b.content_type));
            let got = match kind {
                Some(BodyKind::Json) | Some(BodyKind::Form) => {
                    "Got::Json(serde_json::to_value(&body).map_err(|e| e.to_string()))"
                }
                // Text and bytes alike (the generated type is `String` or `Vec<u8>`).
                Some(_) => "Got::Bytes(AsRef::<[u8]>::as_ref(&body).to_vec())",
                None => "Got::Nothing",
            };
            let arm = match variant {
                VariantShape::Unit(name) => format!("{}::{name} => Got::Nothing,", shape.response),
                VariantShape::Tuple(name) => format!("{}::{name}(body) => {got},", shape.response),
                VariantShape::Struct(name, true) => {
                    format!("{}::{name} {{ body, .. }} => {got},", shape.response)
                }
                VariantShape::Struct(name, false) => {
                    format!("{}::{name} {{ .. }} => Got::Nothing,", shape.response)
                }
            };
            arms.push_str(&arm);
        }
        let _ = write!(
            out,
            "\n#[allow(unused_variables, clippy::match_single_binding)]\nasync fn op_{n}(proxy: &Proxy, base: &str, prefer: Option<u16>, v: &Value) -> Outcome {{\n    let build = || -> Result<{input}, String> {{ Ok({input} {{ {build} }}) }};\n    let input = match build() {{ Ok(input) => input, Err(e) => return Outcome::new(\"input\", None, e) }};\n    let client = client(base, prefer);\n    proxy.clear();\n    let result = client.{method}(&input).await;\n    let raw = proxy.take();\n    let result = result.or_else(|e| match e {{ Error::Status(documented) => Ok(documented.into_value()), e => Err(e) }});\n    judge(raw, result.map(|response| match response {{ {arms} }}))\n}}\n",
            input = shape.input,
            method = plan.method,
        );
        let _ = write!(calls, "    for (seed, prefer, json) in [");
        for call in &plan.calls {
            let prefer = match call.prefer {
                Some(c) => format!("Some({c}u16)"),
                None => "None".to_owned(),
            };
            let _ = write!(
                calls,
                "({}u64, {prefer}, {:?}),",
                call.seed,
                call.input.to_string()
            );
        }
        let _ = writeln!(
            calls,
            "] {{\n        let v: Value = serde_json::from_str(json).expect(\"planned input\");\n        let outcome = op_{n}(&proxy, &base, prefer, &v).await;\n        outcome.print({:?}, seed, prefer);\n    }}",
            plan.method
        );
    }
    let _ = write!(
        out,
        "\n#[tokio::main(flavor = \"current_thread\")]\nasync fn main() {{\n    let upstream = std::env::args().nth(1).expect(\"the mock server's URL\");\n    let proxy = Proxy::start(upstream).await;\n    let base = proxy.base.clone();\n{calls}}}\n"
    );
    out
}

const PRELUDE: &str = r#"//! Calls every operation of the generated client through a recording proxy.
#![allow(unused_imports, dead_code, deprecated)]

use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::extract::{Request, State};
use axum::response::Response;
use generated::client::{Client, Error};
use generated::operations::*;
use reqwest::header::{HeaderName, HeaderValue};
use serde_json::Value;

mod compare;
use compare::first_difference;

/// A response as the mock sent it.
#[derive(Clone, Debug)]
struct Raw {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

#[derive(Clone)]
struct Proxy {
    base: String,
    last: Arc<Mutex<Option<Raw>>>,
}

#[derive(Clone)]
struct Upstream {
    url: String,
    http: reqwest::Client,
    last: Arc<Mutex<Option<Raw>>>,
}

impl Proxy {
    async fn start(upstream: String) -> Proxy {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind the proxy");
        let base = format!("http://{}", listener.local_addr().expect("proxy address"));
        let last = Arc::new(Mutex::new(None));
        let state = Upstream {
            url: upstream.trim_end_matches('/').to_owned(),
            http: reqwest::Client::new(),
            last: Arc::clone(&last),
        };
        let app = axum::Router::new().fallback(forward).with_state(state);
        tokio::spawn(async move { axum::serve(listener, app).await.expect("proxy serves") });
        Proxy { base, last }
    }
    fn clear(&self) {
        *self.last.lock().expect("lock") = None;
    }
    fn take(&self) -> Option<Raw> {
        self.last.lock().expect("lock").take()
    }
}

async fn forward(State(up): State<Upstream>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let bytes = axum::body::to_bytes(body, usize::MAX).await.unwrap_or_default();
    let path = parts.uri.path_and_query().map(|p| p.as_str().to_owned()).unwrap_or_default();
    let mut headers = parts.headers.clone();
    headers.remove("host");
    let sent = up
        .http
        .request(parts.method.clone(), format!("{}{}", up.url, path))
        .headers(headers)
        .body(bytes.to_vec())
        .send()
        .await;
    let mut builder = Response::builder();
    match sent {
        Ok(response) => {
            let status = response.status();
            let headers = response.headers().clone();
            let body = response.bytes().await.unwrap_or_default().to_vec();
            *up.last.lock().expect("lock") = Some(Raw {
                status: status.as_u16(),
                headers: headers
                    .iter()
                    .map(|(k, v)| (k.as_str().to_owned(), String::from_utf8_lossy(v.as_bytes()).into_owned()))
                    .collect(),
                body: body.clone(),
            });
            builder = builder.status(status);
            for (k, v) in headers.iter() {
                if k != "transfer-encoding" && k != "connection" && k != "content-length" {
                    builder = builder.header(k, v);
                }
            }
            builder.body(Body::from(body)).expect("response")
        }
        Err(e) => builder.status(502).body(Body::from(e.to_string())).expect("response"),
    }
}

fn field<T: serde::de::DeserializeOwned>(v: &Value, key: &str) -> Result<T, String> {
    serde_json::from_value(v.get(key).cloned().unwrap_or(Value::Null)).map_err(|e| format!("{key}: {e}"))
}

/// What the client decoded, ready to compare with the raw body.
enum Got {
    Json(Result<Value, String>),
    Text(String),
    Bytes(Vec<u8>),
    Nothing,
}

struct Outcome {
    kind: &'static str,
    status: Option<u16>,
    detail: String,
    /// For a round-trip difference: what the mock sent and what the client wrote back.
    pair: Option<(Value, Value)>,
}

impl Outcome {
    fn new(kind: &'static str, status: Option<u16>, detail: impl Into<String>) -> Self {
        Outcome { kind, status, detail: detail.into(), pair: None }
    }
    fn print(&self, op: &str, seed: u64, prefer: Option<u16>) {
        let (sent, got) = match &self.pair {
            Some((a, b)) => (Some(a), Some(b)),
            None => (None, None),
        };
        let line = serde_json::json!({
            "op": op, "seed": seed, "prefer": prefer, "outcome": self.kind,
            "status": self.status, "detail": self.detail, "sent": sent, "got": got,
        });
        println!("{line}");
    }
}

/// The mock's verdict on the request: its own error documents (`…/prism/errors#…`) and
/// `sl-violations` entries of severity `Error`.
fn violation(raw: &Raw) -> Option<String> {
    for (k, v) in &raw.headers {
        if k.eq_ignore_ascii_case("sl-violations") {
            if let Ok(Value::Array(items)) = serde_json::from_str::<Value>(v) {
                // Only the request's: `response` entries are about the mock's own answer.
                let errors: Vec<&Value> = items
                    .iter()
                    .filter(|i| i.get("severity").and_then(Value::as_str) == Some("Error"))
                    .filter(|i| i.pointer("/location/0").and_then(Value::as_str) != Some("response"))
                    .collect();
                if !errors.is_empty() {
                    return Some(Value::Array(errors.into_iter().cloned().collect()).to_string());
                }
            }
        }
    }
    let body: Value = serde_json::from_slice(&raw.body).ok()?;
    let kind = body.get("type").and_then(Value::as_str)?;
    let code = kind.split_once("stoplight.io/prism/errors#")?.1;
    REQUEST_ERRORS.contains(&code).then(|| body.to_string())
}

/// The mock's error documents that are about the request (the others are about the mock
/// itself, such as a failure to generate a response).
const REQUEST_ERRORS: &[&str] = &[
    "UNPROCESSABLE_ENTITY",
    "UNAUTHORIZED",
    "INVALID_CONTENT_TYPE",
    "NOT_ACCEPTABLE",
    "NO_PATH_MATCHED_ERROR",
    "NO_METHOD_MATCHED_ERROR",
    "NO_SERVER_MATCHED_ERROR",
];

/// A mock error document about the mock itself.
fn mock_error(raw: &Raw) -> Option<String> {
    let body: Value = serde_json::from_slice(&raw.body).ok()?;
    let kind = body.get("type").and_then(Value::as_str)?;
    kind.contains("stoplight.io/prism/errors#").then(|| body.to_string())
}

/// A documented error status arrives as `Err(Error::Status)`: judged like any decoded response.
fn judge<R>(raw: Option<Raw>, result: Result<Got, Error<R>>) -> Outcome {
    let Some(raw) = raw else {
        return match result {
            Err(Error::Invalid(v)) => Outcome::new("refused", None, format!("{v:?}")),
            Err(e) => Outcome::new("other", None, e.to_string()),
            Ok(_) => Outcome::new("other", None, "a response without a recorded exchange"),
        };
    };
    let status = Some(raw.status);
    if let Some(v) = violation(&raw) {
        return Outcome::new("violation", status, v);
    }
    if let Some(e) = mock_error(&raw) {
        return Outcome::new("mock", status, e);
    }
    match result {
        Ok(Got::Nothing) => Outcome::new("ok", status, ""),
        Ok(Got::Json(Err(e))) => Outcome::new("roundtrip", status, format!("does not serialize: {e}")),
        Ok(Got::Json(Ok(value))) => match serde_json::from_slice::<Value>(&raw.body) {
            Ok(sent) => match first_difference(&sent, &value, "") {
                None => Outcome::new("ok", status, ""),
                Some(d) => Outcome { pair: Some((sent, value)), ..Outcome::new("roundtrip", status, d) },
            },
            Err(e) => Outcome::new("roundtrip", status, format!("the mock's body is not JSON: {e}")),
        },
        Ok(Got::Text(text)) => {
            if text.as_bytes() == raw.body.as_slice() {
                Outcome::new("ok", status, "")
            } else {
                Outcome::new("roundtrip", status, "text differs")
            }
        }
        Ok(Got::Bytes(bytes)) => {
            if bytes == raw.body {
                Outcome::new("ok", status, "")
            } else {
                Outcome::new("roundtrip", status, "bytes differ")
            }
        }
        Err(Error::Decode { message, .. }) => Outcome::new("decode", status, message),
        Err(Error::UnexpectedStatus(r)) => Outcome::new("unexpected", status, format!("status {}", r.status)),
        Err(e) => Outcome::new("other", status, e.to_string()),
    }
}
"#;

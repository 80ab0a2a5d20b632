//! Generated validators vs the `jsonschema` crate, in one run, on the same data and schema:
//! a Dfns list response (`GET /permissions/{permissionId}/assignments`, 200) with 10,000
//! assignment items, half of them with a pending change request.
//!
//! Run: `cargo bench -p seed-models --bench validate`. Prints the median time of each
//! measurement over several rounds and the ratios; BENCHMARKS.md records a run.

use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

use seed_models::dfns::models::ListPermissionAssignmentsOk;
use seed_models::dfns::validate::Validate;
use serde::Deserialize;
use serde_json::{json, Value};

const ITEMS: usize = 10_000;
const ROUNDS: usize = 15;

/// A valid id with `prefix` whose last group encodes `n`.
fn id(prefix: &str, n: usize) -> String {
    format!("{prefix}-1vcmc-qrek0-{n:016x}")
}

fn page() -> Value {
    let items: Vec<Value> = (0..ITEMS)
        .map(|n| {
            let mut item = json!({
                "id": id("as", n),
                "permissionId": id("pm", n % 37),
                "identityId": format!("us-3kgbt-2eua6-{n:016x}"),
                "isImmutable": n % 7 == 0,
                "dateCreated": "2023-04-14T20:41:28.715Z",
                "dateUpdated": "2023-04-15T08:00:00Z"
            });
            if n % 2 == 0 {
                item["pendingChangeRequest"] = json!({
                    "id": id("cr", n),
                    "requester": { "userId": "us-3kgbt-2eua6-95ks28gtchjihbdv" },
                    "status": "Pending",
                    "entityId": id("as", n),
                    "dateCreated": "2023-04-14T20:41:28.715Z",
                    "approvalId": id("ap", n),
                    "kind": "Assignment",
                    "operationKind": "Delete",
                    "body": {
                        "id": id("as", n),
                        "permissionId": id("pm", n % 37),
                        "identityId": format!("us-3kgbt-2eua6-{n:016x}"),
                        "isImmutable": false
                    }
                });
            }
            item
        })
        .collect();
    json!({ "items": items, "nextPageToken": "eyJwYWdlIjoyfQ" })
}

/// The response schema of the spec, as the `jsonschema` crate reads it: the schema itself
/// with the spec's `components` beside it, so its `$ref`s resolve.
fn response_schema() -> Value {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../specs/dfns-permissions.yaml");
    let loaded = oasforge::stages::spec::load(&spec, &oasforge::LoadOptions::default())
        .expect("the Dfns spec loads");
    let root = loaded.root();
    let mut schema = root
        .pointer("/paths/~1permissions~1{permissionId}~1assignments/get/responses/200/content/application~1json/schema")
        .expect("the list response schema")
        .clone();
    // Each `allOf` branch of an item says `additionalProperties: false`, which in JSON Schema
    // rejects the other branch's properties; oasforge merges the branches into one struct
    // that denies unknown fields. `unevaluatedProperties: false` states exactly that.
    let item = &mut schema["properties"]["items"]["items"];
    if let Some(branches) = item["allOf"].as_array_mut() {
        for branch in branches {
            if let Some(branch) = branch.as_object_mut() {
                branch.remove("additionalProperties");
            }
        }
    }
    item["unevaluatedProperties"] = json!(false);
    schema["$schema"] = json!("https://json-schema.org/draft/2020-12/schema");
    schema["components"] = root["components"].clone();
    schema
}

/// Median wall time of `f` over [`ROUNDS`] rounds.
fn median(mut f: impl FnMut()) -> Duration {
    f(); // warm up (regexes compile, caches fill)
    let mut times: Vec<Duration> = (0..ROUNDS)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .collect();
    times.sort();
    times[ROUNDS / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn main() {
    let value = page();
    let text = value.to_string();
    let typed: ListPermissionAssignmentsOk =
        serde_json::from_value(value.clone()).expect("the page deserializes");
    assert_eq!(typed.validate(), Ok(()), "the page is valid");

    let schema = response_schema();
    let validator = jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .should_validate_formats(true)
        .build(&schema)
        .expect("jsonschema compiles the response schema");
    let disagreements: Vec<String> = validator
        .iter_errors(&value)
        .take(5)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(disagreements.is_empty(), "jsonschema: {disagreements:#?}");

    // Both sides must reject the same broken page, so both really check the constraints.
    // The ids are constrained newtypes: the generated side rejects the page while reading it.
    let mut broken = value.clone();
    broken["items"][3]["id"] = json!("as-short");
    let rejected = serde_json::from_value::<ListPermissionAssignmentsOk>(broken.clone())
        .expect_err("the broken id is rejected");
    assert!(
        rejected.to_string().contains("violates pattern"),
        "{rejected}"
    );
    assert!(!validator.is_valid(&broken));

    // The generated checks run while the typed page is built (newtypes) and in `validate()`
    // (the rest), so the generated side is measured from the parsed `Value` to a checked
    // typed page.
    let generated = median(|| {
        let page = ListPermissionAssignmentsOk::deserialize(black_box(&value)).expect("valid");
        page.validate().expect("valid");
        black_box(page);
    });
    let reference = median(|| {
        assert!(validator.is_valid(black_box(&value)));
    });
    let reference_all = median(|| {
        assert_eq!(validator.iter_errors(black_box(&value)).count(), 0);
    });
    let generated_e2e = median(|| {
        let page: ListPermissionAssignmentsOk =
            serde_json::from_str(black_box(&text)).expect("deserializes");
        page.validate().expect("valid");
        black_box(page);
    });
    let reference_e2e = median(|| {
        let page: Value = serde_json::from_str(black_box(&text)).expect("parses");
        assert!(validator.is_valid(&page));
        black_box(page);
    });

    println!(
        "{ITEMS} items, {} bytes of JSON, median of {ROUNDS} rounds",
        text.len()
    );
    println!(
        "generated: Value -> checked typed page:     {:8.3} ms",
        ms(generated)
    );
    println!(
        "jsonschema is_valid() on the JSON value:    {:8.3} ms",
        ms(reference)
    );
    println!(
        "jsonschema iter_errors() (all errors):      {:8.3} ms",
        ms(reference_all)
    );
    println!(
        "ratio jsonschema is_valid / generated:      {:8.2}x",
        reference.as_secs_f64() / generated.as_secs_f64()
    );
    println!(
        "ratio jsonschema iter_errors / generated:   {:8.2}x",
        reference_all.as_secs_f64() / generated.as_secs_f64()
    );
    println!(
        "end to end, text -> typed + validate():     {:8.3} ms",
        ms(generated_e2e)
    );
    println!(
        "end to end, text -> Value + is_valid():     {:8.3} ms",
        ms(reference_e2e)
    );
    println!(
        "ratio end to end (jsonschema / generated):  {:8.2}x",
        reference_e2e.as_secs_f64() / generated_e2e.as_secs_f64()
    );
}

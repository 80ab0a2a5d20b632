//! Thousands of seeded mutations of the specs in `specs/`: keys deleted, values retyped,
//! subtrees duplicated, `$ref`s left dangling or pointed into cycles, and the text itself
//! cut and shuffled. Each run of the in-memory pipeline (load, lower, emit) must end in `Ok`
//! or a clean error, never a panic; and a failed run must leave the output folder as it was.
//!
//! The seeds are fixed, so a failure names a case that can be replayed.

// The pipeline's error carries a full location, as in the library crates.
#![allow(clippy::result_large_err)]

use std::collections::BTreeMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use oasforge::stages::spec::{escape_segment, load_str, LoadOptions};
use oasforge::{generate_from, Config, EmitOptions, Layout};
use serde_json::{json, Value};

/// Structural mutations per spec.
const TREE_CASES: u64 = 1500;
/// Text mutations per spec.
const TEXT_CASES: u64 = 400;

/// SplitMix64: small, seedable, good enough to pick mutations.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

fn specs() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../specs");
    let mut out: Vec<(String, String)> = std::fs::read_dir(&dir)
        .expect("specs/")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .map(|p| {
            let name = p
                .file_name()
                .and_then(|n| n.to_str())
                .expect("name")
                .to_owned();
            (name, std::fs::read_to_string(&p).expect("spec"))
        })
        .collect();
    out.sort();
    assert!(out.len() >= 2, "the specs of specs/");
    out
}

/// Every node of `value`, as unescaped paths (the root is `[]`), and whether it is a mapping.
fn paths(value: &Value) -> Vec<(Vec<String>, bool)> {
    fn walk(value: &Value, at: &mut Vec<String>, out: &mut Vec<(Vec<String>, bool)>) {
        out.push((at.clone(), value.is_object()));
        match value {
            Value::Object(map) => {
                for (k, v) in map {
                    at.push(k.clone());
                    walk(v, at, out);
                    at.pop();
                }
            }
            Value::Array(items) => {
                for (i, v) in items.iter().enumerate() {
                    at.push(i.to_string());
                    walk(v, at, out);
                    at.pop();
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(value, &mut Vec::new(), &mut out);
    out
}

fn pointer(path: &[String]) -> String {
    path.iter()
        .map(|s| format!("/{}", escape_segment(s)))
        .collect()
}

fn node_mut<'a>(value: &'a mut Value, path: &[String]) -> Option<&'a mut Value> {
    value.pointer_mut(&pointer(path))
}

/// Applies one random mutation and says which.
fn mutate(doc: &mut Value, rng: &mut Rng) -> String {
    let all = paths(doc);
    let objects: Vec<&Vec<String>> = all.iter().filter(|(_, o)| *o).map(|(p, _)| p).collect();
    let target = rng.pick(&all[1..]).0.clone();
    match rng.below(7) {
        0 => {
            // Delete a key or an item.
            let (last, parent) = target.split_last().expect("not the root");
            match node_mut(doc, parent) {
                Some(Value::Object(map)) => {
                    map.shift_remove(last);
                }
                Some(Value::Array(items)) => {
                    if let Ok(i) = last.parse::<usize>() {
                        if i < items.len() {
                            items.remove(i);
                        }
                    }
                }
                _ => {}
            }
            format!("delete {}", pointer(&target))
        }
        1 => {
            // Give a node a value of another type.
            let replacements = [
                Value::Null,
                json!(true),
                json!(7),
                json!(-1.5),
                json!("text"),
                json!([]),
                json!({}),
                json!(["a", 1]),
                json!({"type": "string"}),
                json!({"type": ["object", "null"], "properties": {"x": {}}}),
            ];
            let new = rng.pick(&replacements).clone();
            if let Some(slot) = node_mut(doc, &target) {
                *slot = new.clone();
            }
            format!("retype {} to {new}", pointer(&target))
        }
        2 => {
            // Copy a subtree somewhere else, under the same or a new key.
            let copy = doc
                .pointer(&pointer(&target))
                .cloned()
                .unwrap_or(Value::Null);
            let into = (*rng.pick(&objects)).clone();
            let key = match rng.below(3) {
                0 => target.last().cloned().unwrap_or_default(),
                1 => "copy".to_owned(),
                _ => "properties".to_owned(),
            };
            if let Some(Value::Object(map)) = node_mut(doc, &into) {
                map.insert(key.clone(), copy);
            }
            format!(
                "copy {} to {}/{}",
                pointer(&target),
                pointer(&into),
                escape_segment(&key)
            )
        }
        3 => {
            // A `$ref` to nothing, or to something that is not a schema.
            let refs = [
                "#/components/schemas/DoesNotExist",
                "#/nope",
                "missing.yaml#/x",
                "#",
                "#/components/schemas",
                "#/paths",
                "#/info/title",
                "#/components/schemas/%7Bbad",
                "",
                "#no-pointer",
                "https://example.com/x.yaml",
            ];
            let r = *rng.pick(&refs);
            let at = (*rng.pick(&objects)).clone();
            if let Some(Value::Object(map)) = node_mut(doc, &at) {
                map.insert("$ref".into(), json!(r));
            }
            format!("$ref {r} at {}", pointer(&at))
        }
        4 => {
            // A `$ref` to the node itself or one of its ancestors: a cycle.
            let at = (*rng.pick(&objects)).clone();
            let up = rng.below(at.len() + 1);
            let to = pointer(&at[..at.len() - up]);
            if let Some(Value::Object(map)) = node_mut(doc, &at) {
                map.insert("$ref".into(), json!(format!("#{to}")));
            }
            format!("cycle: $ref #{to} at {}", pointer(&at))
        }
        5 => {
            // Two component schemas defined as each other, or a `$ref` to any node.
            let schemas: Vec<String> = doc
                .pointer("/components/schemas")
                .and_then(Value::as_object)
                .map(|m| m.keys().cloned().collect())
                .unwrap_or_default();
            if schemas.len() >= 2 && rng.below(2) == 0 {
                let a = rng.pick(&schemas).clone();
                let b = rng.pick(&schemas).clone();
                let (pa, pb) = (
                    format!("#/components/schemas/{}", escape_segment(&a)),
                    format!("#/components/schemas/{}", escape_segment(&b)),
                );
                if let Some(Value::Object(s)) = doc.pointer_mut("/components/schemas") {
                    s.insert(a.clone(), json!({ "$ref": pb }));
                    s.insert(b.clone(), json!({ "allOf": [{ "$ref": pa }] }));
                }
                format!("cycle between {a} and {b}")
            } else {
                let at = (*rng.pick(&objects)).clone();
                let to = pointer(&target);
                if let Some(Value::Object(map)) = node_mut(doc, &at) {
                    map.insert("$ref".into(), json!(format!("#{to}")));
                }
                format!("$ref #{to} at {}", pointer(&at))
            }
        }
        _ => {
            // A keyword with a value of the wrong kind.
            let keywords = [
                "type",
                "required",
                "properties",
                "items",
                "allOf",
                "oneOf",
                "enum",
                "additionalProperties",
                "nullable",
                "format",
                "minimum",
                "pattern",
                "parameters",
                "responses",
                "content",
                "schema",
                "in",
                "name",
                "openapi",
                "paths",
                "components",
            ];
            let values = [
                json!(3),
                json!("x"),
                json!([1]),
                json!({"a": 1}),
                json!(null),
            ];
            let keyword = *rng.pick(&keywords);
            let value = rng.pick(&values).clone();
            let at = (*rng.pick(&objects)).clone();
            if let Some(Value::Object(map)) = node_mut(doc, &at) {
                map.insert(keyword.into(), value.clone());
            }
            format!("{keyword}: {value} at {}", pointer(&at))
        }
    }
}

/// Mutates the text: lines deleted, duplicated, re-indented, truncated, garbage inserted.
fn mutate_text(text: &str, rng: &mut Rng) -> (String, String) {
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    let i = rng.below(lines.len());
    let what = match rng.below(6) {
        0 => {
            lines.remove(i);
            format!("delete line {}", i + 1)
        }
        1 => {
            let line = lines[i].clone();
            lines.insert(i, line);
            format!("duplicate line {}", i + 1)
        }
        2 => {
            lines[i] = format!("  {}", lines[i]);
            format!("indent line {}", i + 1)
        }
        3 => {
            lines[i] = lines[i].trim_start().to_owned();
            format!("dedent line {}", i + 1)
        }
        4 => {
            let garbage = *rng.pick(&[": [", "{", "*alias", "&a &b", "- -", "'", "\t", "<<: 3"]);
            lines[i].push_str(garbage);
            format!("append {garbage:?} to line {}", i + 1)
        }
        _ => {
            lines.truncate(i);
            format!("truncate after line {i}")
        }
    };
    (lines.join("\n"), what)
}

fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "(no message)".to_owned())
}

#[derive(Default)]
struct Tally {
    ok: usize,
    errors: usize,
    panics: Vec<String>,
}

/// Runs the pipeline on `text` (named `name`) and records how it ended.
fn run_case(name: &str, text: &str, case: &str, tally: &mut Tally) -> bool {
    let emit = EmitOptions {
        layout: Layout::Crate {
            name: "mutant".into(),
        },
        source_name: name.to_owned(),
        parts: oasforge::Parts::default(),
        ..EmitOptions::default()
    };
    // A folder that does not exist: external `$ref`s fail cleanly.
    let path = PathBuf::from("/nonexistent-oasforge-mutations").join(name);
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        load_str(&path, text, &LoadOptions::default())
            .map_err(oasforge::Error::from)
            .and_then(|spec| generate_from(&spec, &emit))
    }));
    match outcome {
        Ok(Ok(_)) => {
            tally.ok += 1;
            true
        }
        Ok(Err(error)) => {
            // A clean error says what and where.
            assert!(!error.to_string().is_empty(), "{case}");
            tally.errors += 1;
            false
        }
        Err(payload) => {
            tally
                .panics
                .push(format!("{case}: {}", panic_message(&*payload)));
            false
        }
    }
}

/// Runs the structural and text mutations of one spec whose seed is `thread` modulo
/// `threads`.
fn mutate_spec(name: &str, text: &str, thread: u64, threads: u64, tally: &mut Tally) {
    let original: Value = serde_json::to_value(
        load_str(Path::new(name), text, &LoadOptions::default())
            .expect("the spec loads")
            .root(),
    )
    .expect("value");
    let json_name = name.replace(".yaml", ".json");
    for seed in (0..TREE_CASES).filter(|s| s % threads == thread) {
        let mut rng = Rng(seed ^ 0x5eed);
        let mut doc = original.clone();
        let steps: Vec<String> = (0..1 + rng.below(3))
            .map(|_| mutate(&mut doc, &mut rng))
            .collect();
        let case = format!("{name} seed {seed}: {}", steps.join("; "));
        let json = serde_json::to_string_pretty(&doc).expect("json");
        run_case(&json_name, &json, &case, tally);
    }
    for seed in (0..TEXT_CASES).filter(|s| s % threads == thread) {
        let mut rng = Rng(seed ^ 0x7e47);
        let (mutated, what) = mutate_text(text, &mut rng);
        let case = format!("{name} text seed {seed}: {what}");
        run_case(name, &mutated, &case, tally);
    }
}

#[test]
fn thousands_of_mutations_end_in_ok_or_a_clean_error() {
    let previous_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let specs = specs();
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get().min(4)) as u64;
    let tallies: Vec<Tally> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|thread| {
                let specs = &specs;
                scope.spawn(move || {
                    let mut tally = Tally::default();
                    for (name, text) in specs {
                        mutate_spec(name, text, thread, threads, &mut tally);
                    }
                    tally
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("a mutation thread"))
            .collect()
    });
    std::panic::set_hook(previous_hook);
    let mut tally = Tally::default();
    for t in tallies {
        tally.ok += t.ok;
        tally.errors += t.errors;
        tally.panics.extend(t.panics);
    }
    let total = tally.ok + tally.errors + tally.panics.len();
    eprintln!(
        "{total} mutations: {} generated, {} clean errors, {} panics",
        tally.ok,
        tally.errors,
        tally.panics.len()
    );
    assert!(
        tally.panics.is_empty(),
        "{} panics, first ones:\n{}",
        tally.panics.len(),
        tally.panics[..tally.panics.len().min(20)].join("\n")
    );
    assert_eq!(total as u64, specs.len() as u64 * (TREE_CASES + TEXT_CASES));
    // The mutations do something: many break the document, many leave it usable.
    assert!(tally.errors > total / 10, "errors: {}", tally.errors);
    assert!(tally.ok > total / 10, "ok: {}", tally.ok);
}

/// Every file under `dir` with its contents and modification time.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, (Vec<u8>, std::time::SystemTime)> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("read dir").flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let meta = entry.metadata().expect("metadata");
                let modified = meta.modified().expect("mtime");
                out.insert(
                    path.clone(),
                    (std::fs::read(&path).expect("read"), modified),
                );
            }
        }
    }
    out
}

#[test]
fn a_failed_run_leaves_the_output_folder_as_it_was() {
    let dir = tempfile::tempdir().expect("temp");
    let mut failures = 0;
    for (name, text) in specs() {
        let spec_path = dir.path().join(&name);
        std::fs::write(&spec_path, &text).expect("write spec");
        let out = dir.path().join("out");
        let mut config = Config::new();
        config
            .out_dir(&out)
            .module_name("api")
            .skip_cargo_directives();
        config.generate(&spec_path).expect("the spec generates");
        let mut before = snapshot(&out);
        assert!(before.len() >= 2);

        let original: Value = serde_json::from_value(
            serde_json::to_value(
                load_str(Path::new(&name), &text, &LoadOptions::default())
                    .expect("loads")
                    .root(),
            )
            .expect("value"),
        )
        .expect("value");
        let mut seed = 0;
        let mut here = 0;
        while here < 15 && seed < 2000 {
            seed += 1;
            let mut rng = Rng(seed ^ 0xfa11);
            let mut doc = original.clone();
            let what = mutate(&mut doc, &mut rng);
            let mutant = dir.path().join(name.replace(".yaml", "-mutant.json"));
            std::fs::write(&mutant, serde_json::to_string(&doc).expect("json")).expect("write");
            // Same output folder and module as the good run.
            if config.generate(&mutant).is_err() {
                here += 1;
                let after = snapshot(&out);
                let changed: Vec<&PathBuf> = before
                    .keys()
                    .chain(after.keys())
                    .filter(|p| before.get(*p) != after.get(*p))
                    .collect();
                assert!(
                    changed.is_empty(),
                    "{name} seed {seed} ({what}) changed {changed:?}"
                );
            } else {
                // A good mutant regenerates the folder: that is the new state to keep.
                before = snapshot(&out);
            }
        }
        assert_eq!(here, 15, "enough failing mutants of {name}");
        failures += here;
    }
    assert!(failures >= 30);
}

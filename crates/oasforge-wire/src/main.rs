//! `wire`: proves generated clients against an independent mock server.
//!
//! For each OpenAPI document: generate its crate, write a driver that calls every operation
//! through the generated client with inputs from the value synthesizer (many seeds per
//! operation, each asking the mock for one documented status in turn), start Prism
//! (`prism mock -d`) on a free port, and record per call whether Prism accepted the request,
//! whether the response decoded into the typed enum, and whether the decoded value
//! re-serializes to the JSON Prism sent. Prints a Markdown table, one row per document.
//!
//! ```text
//! cargo run --release -p oasforge-wire -- [--seeds N] [--prism BIN] [--work DIR]
//!     [--target-dir DIR] [--details FILE] SPEC...
//! ```
//!
//! Prism: `npm install --prefix target/prism @stoplight/prism-cli@5.16.0` (the default
//! `--prism` is `target/prism/node_modules/.bin/prism`).

mod compare;
mod driver;
mod prism;
mod shapes;
mod undeclared;

use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use oasforge::{EmitOptions, Layout, LoadOptions, Parts};
use serde_json::Value;

/// Why a document could not be run.
#[derive(Debug, thiserror::Error)]
enum WireError {
    #[error("generation failed: {0}")]
    Generate(String),
    #[error("{0}")]
    Shapes(#[from] shapes::ShapeError),
    #[error("writing {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("the driver does not build:\n{0}")]
    Build(String),
    #[error("{0}")]
    Prism(#[from] prism::PrismError),
    #[error("the driver failed: {0}")]
    Driver(String),
}

/// The counts of one document.
#[derive(Debug, Default)]
struct Row {
    operations: usize,
    called: usize,
    calls: usize,
    ok: usize,
    violations: usize,
    decode: usize,
    roundtrip: usize,
    undeclared: usize,
    other: usize,
    skipped: usize,
}

struct Options {
    seeds: u64,
    prism: PathBuf,
    work: PathBuf,
    target_dir: PathBuf,
    details: Option<PathBuf>,
}

fn main() -> ExitCode {
    let cwd = std::env::current_dir().unwrap_or_default();
    let mut options = Options {
        seeds: 6,
        prism: cwd.join("target/prism/node_modules/.bin/prism"),
        work: std::env::temp_dir().join("oasforge-wire"),
        target_dir: cwd.join("target/wire-check"),
        details: None,
    };
    let mut specs = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--seeds" => options.seeds = args.next().and_then(|s| s.parse().ok()).unwrap_or(6),
            "--prism" => options.prism = args.next().map(PathBuf::from).unwrap_or_default(),
            "--work" => options.work = args.next().map(PathBuf::from).unwrap_or_default(),
            "--target-dir" => {
                options.target_dir = args.next().map(PathBuf::from).unwrap_or_default()
            }
            "--details" => options.details = args.next().map(PathBuf::from),
            _ => specs.push(PathBuf::from(arg)),
        }
    }
    if specs.is_empty() {
        eprintln!("usage: wire [--seeds N] [--prism BIN] [--work DIR] [--target-dir DIR] [--details FILE] SPEC...");
        return ExitCode::FAILURE;
    }
    let mut details = options.details.as_ref().and_then(|p| {
        std::fs::File::create(p)
            .map_err(|e| eprintln!("{}: {e}", p.display()))
            .ok()
    });
    println!("| document | operations | called | calls | ok | request violations | decode failures | round-trip differences | undeclared properties dropped | other | not driven |");
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    let mut failed = false;
    for spec in &specs {
        let name = spec
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        match run(spec, &name, &options) {
            Ok((row, lines)) => {
                println!(
                    "| {name} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
                    row.operations,
                    row.called,
                    row.calls,
                    row.ok,
                    row.violations,
                    row.decode,
                    row.roundtrip,
                    row.undeclared,
                    row.other,
                    row.skipped
                );
                failed |= row.violations + row.decode + row.roundtrip > 0;
                if let Some(file) = details.as_mut() {
                    for line in lines {
                        let _ = writeln!(file, "{name}\t{line}");
                    }
                }
            }
            Err(e) => {
                failed = true;
                let first = e.to_string();
                let first = first.lines().next().unwrap_or_default().to_owned();
                println!(
                    "| {name} | not run: {} ||||||||||",
                    first.replace('|', "\\|")
                );
                if let Some(file) = details.as_mut() {
                    let _ = writeln!(file, "{name}\tnot run: {e}");
                }
            }
        }
        let _ = std::io::stdout().flush();
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> WireError + '_ {
    move |source| WireError::Io {
        path: path.to_owned(),
        source,
    }
}

/// Runs one document: its row, and one detail line per call that was not `ok` (plus one per
/// operation not driven).
fn run(spec: &Path, name: &str, options: &Options) -> Result<(Row, Vec<String>), WireError> {
    let package = oasforge::package_name("wire", name);
    let generated = oasforge::generate(
        spec,
        &LoadOptions::default(),
        &EmitOptions {
            layout: Layout::Crate {
                name: package.clone(),
            },
            source_name: spec
                .file_name()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default(),
            open_enums: false,
            parts: Parts::all(),
        },
    )
    .map_err(|e| WireError::Generate(e.to_string()))?;
    if generated.api.operations.is_empty() {
        return Ok((Row::default(), Vec::new()));
    }
    let dir = options.work.join(&package);
    let gen_dir = dir.join("generated");
    oasforge::write_files(&gen_dir, &generated.files)
        .map_err(|e| WireError::Generate(e.to_string()))?;
    let read = |file: &str| {
        let path = gen_dir.join("src").join(file);
        std::fs::read_to_string(&path).map_err(io(&path))
    };
    let shapes = shapes::Shapes::read(&read("client.rs")?, &read("operations.rs")?)?;
    let (plans, skipped) = driver::plan(&generated.api, &shapes, options.seeds);
    let driver_dir = dir.join("driver");
    let src = driver_dir.join("src");
    std::fs::create_dir_all(&src).map_err(io(&src))?;
    let toml = driver_dir.join("Cargo.toml");
    std::fs::write(
        &toml,
        driver::cargo_toml(&package, &gen_dir.to_string_lossy()),
    )
    .map_err(io(&toml))?;
    let main = src.join("main.rs");
    std::fs::write(&main, driver::main_rs(&generated.api, &shapes, &plans)).map_err(io(&main))?;
    let compare = src.join("compare.rs");
    std::fs::write(&compare, driver::COMPARE_RS).map_err(io(&compare))?;
    let build = Command::new("cargo")
        .args(["build", "--offline", "--quiet", "--manifest-path"])
        .arg(&toml)
        .env("CARGO_TARGET_DIR", &options.target_dir)
        .output()
        .map_err(io(&toml))?;
    if !build.status.success() {
        return Err(WireError::Build(
            String::from_utf8_lossy(&build.stderr).into_owned(),
        ));
    }
    let mock = prism::Prism::start(&options.prism, spec, &dir.join("prism.log"))?;
    let output = Command::new(options.target_dir.join("debug/wire-driver"))
        .arg(mock.url())
        .output()
        .map_err(|e| WireError::Driver(e.to_string()))?;
    drop(mock);
    if !output.status.success() {
        return Err(WireError::Driver(
            String::from_utf8_lossy(&output.stderr).into_owned(),
        ));
    }
    let mut row = Row {
        operations: generated.api.operations.len(),
        skipped: skipped.len(),
        ..Row::default()
    };
    let mut lines: Vec<String> = skipped
        .iter()
        .map(|s| format!("{}\tnot driven\t{}", s.operation, s.reason))
        .collect();
    let mut called = BTreeMap::new();
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let Ok(v) = serde_json::from_str::<Value>(line) else {
            continue;
        };
        let op = v["op"].as_str().unwrap_or_default().to_owned();
        let mut outcome = v["outcome"].as_str().unwrap_or_default();
        if outcome == "roundtrip" && only_undeclared(&generated.api, &op, &v) {
            outcome = "undeclared";
        }
        row.calls += 1;
        match outcome {
            "ok" => row.ok += 1,
            "violation" => row.violations += 1,
            "decode" => row.decode += 1,
            "roundtrip" => row.roundtrip += 1,
            "undeclared" => row.undeclared += 1,
            _ => row.other += 1,
        }
        // An operation counts as called when a request reached the mock.
        if v["status"].is_u64() {
            called.insert(op.clone(), ());
        }
        if outcome != "ok" {
            lines.push(format!(
                "{op}\t{outcome}\tseed {} prefer {} status {}\t{}",
                v["seed"],
                v["prefer"],
                v["status"],
                v["detail"].as_str().unwrap_or_default()
            ));
        }
    }
    row.called = called.len();
    Ok((row, lines))
}

/// Whether a round-trip difference is only properties the response schema does not declare
/// (see [`undeclared`]).
fn only_undeclared(api: &oasforge_ir::Api, op: &str, line: &Value) -> bool {
    let (Some(sent), Some(got), Some(status)) =
        (line.get("sent"), line.get("got"), line["status"].as_u64())
    else {
        return false;
    };
    let Some(ty) = api
        .operations
        .iter()
        .find(|o| o.name == op)
        .and_then(|o| undeclared::response_ty(o, status as u16))
    else {
        return false;
    };
    undeclared::same(&undeclared::strip(api, ty, sent), got)
}

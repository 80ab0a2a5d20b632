//! `gen mock`: generate a crate with a `MockApi`, build a small runner for it and serve it.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use clap::Args;
use oasforge::{Layout, LoadOptions, Options, Parts};

const RUNNER_MAIN: &str = include_str!("../templates/mock/main.rs");
const RUNNER_CARGO: &str = include_str!("../templates/mock/Cargo.toml.tmpl");

/// The arguments of `gen mock`.
#[derive(Args)]
pub(crate) struct MockArgs {
    /// The OpenAPI document (YAML or JSON).
    spec: PathBuf,
    /// The address to serve on (port 0 picks a free port; the address is printed).
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: String,
    /// Where the crate and its runner are written (default: `target/oasforge-mock/STEM`).
    #[arg(long, value_name = "DIR")]
    dir: Option<PathBuf>,
    /// Allow `$ref`s to files outside the spec's folder.
    #[arg(long)]
    allow_outside_root: bool,
    /// Write and build, but do not serve.
    #[arg(long)]
    build_only: bool,
}

/// Generates the crate (with `MockApi`) and the runner, builds the runner and runs it.
pub(crate) fn mock(args: &MockArgs) -> ExitCode {
    let stem = args
        .spec
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("openapi");
    let name = oasforge::package_name("mock", stem);
    let dir = args
        .dir
        .clone()
        .unwrap_or_else(|| Path::new("target").join("oasforge-mock").join(stem));
    let options = Options {
        load: LoadOptions {
            allow_outside_root: args.allow_outside_root,
            root: crate::reference_root(&args.spec, None),
            ..LoadOptions::default()
        },
        parts: Parts {
            client: false,
            server: true,
            mock: true,
        },
        ..Options::default()
    };
    let emit = options.emit(
        Layout::Crate { name: name.clone() },
        crate::source_name(&args.spec),
    );
    let generated = match oasforge::generate(&args.spec, &options.load, &emit) {
        Ok(generated) => generated,
        Err(error) => {
            crate::report::error(&error);
            return ExitCode::from(1);
        }
    };
    if generated.operations == 0 {
        eprintln!("error: {} has no operations to mock", args.spec.display());
        return ExitCode::from(1);
    }
    for warning in &generated.warnings {
        eprintln!("warning: {warning}");
    }
    if let Err(error) = oasforge::write_files(&dir.join("api"), &generated.files) {
        eprintln!("error: cannot write {}: {error}", dir.display());
        return ExitCode::from(1);
    }
    let runner = dir.join("runner");
    let written = std::fs::create_dir_all(runner.join("src"))
        .and_then(|()| {
            std::fs::write(
                runner.join("Cargo.toml"),
                RUNNER_CARGO.replace("{{name}}", &name),
            )
        })
        .and_then(|()| std::fs::write(runner.join("src").join("main.rs"), RUNNER_MAIN));
    if let Err(error) = written {
        eprintln!("error: cannot write {}: {error}", runner.display());
        return ExitCode::from(1);
    }
    let manifest = runner.join("Cargo.toml");
    let target_dir = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| dir.join("target"));
    let mut cargo = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    cargo
        .arg(if args.build_only { "build" } else { "run" })
        .arg("--quiet")
        .arg("--manifest-path")
        .arg(&manifest)
        .env("CARGO_TARGET_DIR", &target_dir);
    if !args.build_only {
        cargo.arg("--").arg(&args.addr);
    }
    match cargo.status() {
        Ok(status) if status.success() => ExitCode::SUCCESS,
        Ok(status) => {
            eprintln!("error: the mock runner failed ({status})");
            ExitCode::from(1)
        }
        Err(error) => {
            eprintln!("error: cannot run cargo: {error}");
            ExitCode::from(1)
        }
    }
}

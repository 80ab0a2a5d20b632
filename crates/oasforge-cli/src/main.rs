//! `gen`: the oasforge command line.
//!
//! - `gen generate SPEC -o DIR [--crate NAME]` writes the generated code.
//! - `gen check SPEC -o DIR [--crate NAME]` exits 1 with a short diff when DIR differs from
//!   what `generate` would write.
//!
//! - `gen report SPEC [--format json]` prints what was generated from SPEC and what was not.
//!
//! Exit codes: 0 success; 1 invalid input or, for `check`, drift; 2 usage errors and, for
//! `check`, invalid input. `--deny-warnings` makes warnings count as invalid input.

// Diagnostics are best effort: when standard error (or output) is closed, as in
// `gen … 2>&1 | true`, a failed write must not panic (exit 101). These shadow the standard
// macros in this crate and drop write errors.
macro_rules! eprintln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}
macro_rules! println {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}
macro_rules! print {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = write!(std::io::stdout(), $($arg)*);
    }};
}

mod mock;
mod progress;
mod report;
mod summary;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use oasforge::{Layout, LoadOptions, Options};

#[derive(Parser)]
#[command(
    name = "gen",
    version,
    about = "Generate Rust code from OpenAPI 3.0 and 3.1 documents"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Generate code from SPEC into DIR.
    Generate(Target),
    /// Exit 1 (with a diff) when DIR differs from what `generate` would write.
    Check(Target),
    /// Print what would be generated from SPEC, and what would not (nothing is written).
    Report(ReportArgs),
    /// Serve a mock of SPEC: every operation answers a value valid by its success response.
    Mock(mock::MockArgs),
}

#[derive(Args)]
struct ReportArgs {
    /// The OpenAPI document (YAML or JSON).
    spec: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
    /// Allow `$ref`s to files outside the spec's folder.
    #[arg(long)]
    allow_outside_root: bool,
    /// The most bytes read over the spec and the files its `$ref`s reach (YAML alias
    /// expansion is bounded by it too).
    #[arg(long, value_name = "BYTES", default_value_t = LoadOptions::DEFAULT_MAX_INPUT_BYTES)]
    max_input_bytes: u64,
    /// The folder whose tree `$ref`s may reach (default: the current folder when SPEC is
    /// inside it, else SPEC's folder).
    #[arg(long, value_name = "DIR")]
    root: Option<PathBuf>,
    /// Exit 1 when something is not generated, or generated approximately.
    #[arg(long)]
    deny_warnings: bool,
    #[command(flatten)]
    shape: Shape,
}

/// What the generated code looks like: the options `Config` has for build scripts.
#[derive(Args)]
struct Shape {
    /// Give every string enum an `Unknown(String)` variant for values the spec does not list.
    #[arg(long)]
    open_enums: bool,
    /// In a module folder, leave out the client (`client.rs`); a crate has it behind its
    /// `client` feature.
    #[arg(long)]
    no_client: bool,
    /// In a module folder, leave out the server (`server.rs`); a crate has it behind its
    /// `server` feature.
    #[arg(long)]
    no_server: bool,
    /// Add `mock.rs`: a `MockApi` implementing the server trait, answering every operation
    /// with a value valid by its documented success response (behind the `server` feature).
    #[arg(long)]
    mock: bool,
    /// Generate only the operations with one of these tags (comma-separated), and the types
    /// they reach. With --operations or --paths, an operation matching any of them is kept.
    #[arg(long, value_name = "TAG,…", value_delimiter = ',')]
    tags: Vec<String>,
    /// Generate only the operations with these operationIds (comma-separated), and the
    /// types they reach.
    #[arg(long, value_name = "ID,…", value_delimiter = ',')]
    operations: Vec<String>,
    /// Generate only the operations whose path matches one of these globs (`*` within a
    /// segment, `**` across segments; comma-separated), and the types they reach.
    #[arg(long, value_name = "GLOB,…", value_delimiter = ',')]
    paths: Vec<String>,
}

impl Shape {
    /// The generation options, with how documents are read and whether warnings fail.
    fn options(&self, load: LoadOptions, deny_warnings: bool) -> Options {
        Options {
            load,
            open_enums: self.open_enums,
            parts: oasforge::Parts {
                client: !self.no_client,
                server: !self.no_server,
                mock: self.mock,
            },
            deny_warnings,
            select: oasforge::Selection {
                tags: self.tags.clone(),
                operations: self.operations.clone(),
                paths: self.paths.clone(),
            },
        }
    }
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    Text,
    Json,
}

#[derive(Args)]
struct Target {
    /// The OpenAPI document (YAML or JSON).
    spec: PathBuf,
    /// The output folder.
    #[arg(short, long)]
    out: PathBuf,
    /// Write a standalone crate with this package name instead of a module folder.
    #[arg(long = "crate", value_name = "NAME", value_parser = crate_name)]
    crate_name: Option<String>,
    /// Allow `$ref`s to files outside the spec's folder.
    #[arg(long)]
    allow_outside_root: bool,
    /// The most bytes read over the spec and the files its `$ref`s reach (YAML alias
    /// expansion is bounded by it too).
    #[arg(long, value_name = "BYTES", default_value_t = LoadOptions::DEFAULT_MAX_INPUT_BYTES)]
    max_input_bytes: u64,
    /// The folder whose tree `$ref`s may reach (default: the current folder when SPEC is
    /// inside it, else SPEC's folder).
    #[arg(long, value_name = "DIR")]
    root: Option<PathBuf>,
    /// Treat warnings (constructs generated approximately) as errors.
    #[arg(long)]
    deny_warnings: bool,
    /// Print nothing but errors.
    #[arg(short, long)]
    quiet: bool,
    /// Show each stage with its counts and time: on a terminal (`auto`), `always` or `never`.
    #[arg(long, value_enum, default_value = "auto", value_name = "WHEN")]
    progress: progress::When,
    #[command(flatten)]
    shape: Shape,
}

/// Names a generated crate's library cannot take: they shadow a crate every Rust program
/// sees, or are path keywords.
const RESERVED_CRATE_NAMES: [&str; 8] = [
    "std",
    "core",
    "alloc",
    "proc_macro",
    "test",
    "self",
    "super",
    "crate",
];

/// `--crate`: a package name (letters, digits, `-`, `_`, starting with a letter) whose library
/// name does not shadow a standard crate; anything else is a usage error (exit 2).
fn crate_name(name: &str) -> Result<String, String> {
    let valid = name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if !valid {
        return Err(format!(
            "`{name}` is not a crate name: expected letters, digits, `-` and `_`, starting with a letter"
        ));
    }
    let library = name.replace('-', "_").to_ascii_lowercase();
    if RESERVED_CRATE_NAMES.contains(&library.as_str()) {
        return Err(format!(
            "`{name}` would name the library `{library}`, which is reserved ({}): choose another name",
            RESERVED_CRATE_NAMES.join(", ")
        ));
    }
    Ok(name.to_owned())
}

/// The folder `$ref`s may reach: `--root`, else the current folder when the spec is inside
/// it (so `gen generate spec/openapi.yaml` from a layout's top folder reaches
/// `common/`), else the spec's own folder.
fn reference_root(spec: &std::path::Path, explicit: Option<&std::path::Path>) -> Option<PathBuf> {
    if let Some(dir) = explicit {
        return Some(dir.to_path_buf());
    }
    let cwd = std::env::current_dir().ok()?.canonicalize().ok()?;
    let spec = spec.canonicalize().ok()?;
    spec.starts_with(&cwd).then_some(cwd)
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Generate(target) => run(&target, false),
        Command::Check(target) => run(&target, true),
        Command::Report(args) => report(&args),
        Command::Mock(args) => mock::mock(&args),
    }
}

fn report(args: &ReportArgs) -> ExitCode {
    let load = LoadOptions {
        allow_outside_root: args.allow_outside_root,
        max_input_bytes: args.max_input_bytes,
        root: reference_root(&args.spec, args.root.as_deref()),
    };
    let options = args.shape.options(load, args.deny_warnings);
    let emit = options.emit(Layout::Module, source_name(&args.spec));
    let generated = match oasforge::generate_selected(
        &args.spec,
        &options.load,
        &options.select,
        &emit,
        &mut |_| {},
    ) {
        Ok(generated) => generated,
        Err(error) => {
            report::error(&error);
            return ExitCode::from(1);
        }
    };
    match args.format {
        Format::Text => print!("{}", summary::text(&generated)),
        Format::Json => match serde_json::to_string_pretty(&summary::json(&generated)) {
            Ok(text) => println!("{text}"),
            Err(error) => {
                eprintln!("error: cannot render the report: {error}");
                return ExitCode::from(1);
            }
        },
    }
    if options.deny_warnings && !generated.warnings.is_empty() {
        return ExitCode::from(1);
    }
    ExitCode::SUCCESS
}

/// How the spec is named in generated headers: its file name, never the path given.
fn source_name(spec: &std::path::Path) -> String {
    spec.file_name()
        .and_then(|s| s.to_str())
        .unwrap_or("openapi")
        .to_owned()
}

fn run(target: &Target, check: bool) -> ExitCode {
    let error_code = if check {
        ExitCode::from(2)
    } else {
        ExitCode::from(1)
    };
    let load = LoadOptions {
        allow_outside_root: target.allow_outside_root,
        max_input_bytes: target.max_input_bytes,
        root: reference_root(&target.spec, target.root.as_deref()),
    };
    let options = target.shape.options(load, target.deny_warnings);
    let layout = match &target.crate_name {
        Some(name) => Layout::Crate { name: name.clone() },
        None => Layout::Module,
    };
    let emit = options.emit(layout, source_name(&target.spec));
    let mut reporter = progress::Reporter::new(target.progress, target.quiet);
    let generated = match oasforge::generate_selected(
        &target.spec,
        &options.load,
        &options.select,
        &emit,
        &mut |event| reporter.report(event),
    ) {
        Ok(generated) => generated,
        Err(error) => {
            reporter.abandon();
            report::error(&error);
            return error_code;
        }
    };
    if options.deny_warnings && !generated.warnings.is_empty() {
        for warning in &generated.warnings {
            eprintln!("error: {warning}");
        }
        eprintln!(
            "error: {} warning(s) denied by --deny-warnings; nothing written",
            generated.warnings.len()
        );
        return error_code;
    }
    if !target.quiet {
        for warning in &generated.warnings {
            eprintln!("warning: {warning}");
        }
        for unmatched in &generated.left_out.unmatched {
            eprintln!("warning: the selection's {unmatched} matched no operation");
        }
    }
    if check {
        let drift = oasforge::diff_files(&target.out, &generated.files);
        if drift.is_empty() {
            if !target.quiet {
                eprintln!(
                    "{}: up to date ({} files)",
                    target.out.display(),
                    generated.files.len()
                );
            }
            return ExitCode::SUCCESS;
        }
        report::drift(&target.out, &drift);
        return ExitCode::from(1);
    }
    match oasforge::write_files(&target.out, &generated.files) {
        Ok(written) => {
            if !target.quiet {
                eprintln!(
                    "generated {} and {} into {} ({} of {} files changed)",
                    progress::plural(generated.types, "type"),
                    progress::plural(generated.operations, "operation"),
                    target.out.display(),
                    written.len(),
                    generated.files.len()
                );
            }
            ExitCode::SUCCESS
        }
        Err(error) => {
            report::error(&error);
            error_code
        }
    }
}

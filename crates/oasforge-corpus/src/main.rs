//! `oasforge-corpus`: runs the `gen` binary over the wide corpus of public API documents
//! (`bash ../shared/corpus/fetch-wide.sh target/corpus-wide`) and tabulates what fails.
//!
//! ```text
//! cargo build --release -p oasforge-cli -p oasforge-corpus
//! C=target/release/oasforge-corpus
//! $C generate target/corpus-wide            # every document: ok, located error, panic, abort, timeout
//! $C sample target/corpus-wide              # (re)writes crates/oasforge-corpus/sample.txt
//! $C clippy target/corpus-wide              # clippy -D warnings on the sample, three feature sets
//! $C report                                 # Markdown tables for CORPUS.md
//! ```
//!
//! Results are appended to `target/corpus-results/` as each document finishes, so a run can be
//! watched, stopped and resumed (documents already recorded are skipped).

mod classify;
mod clippy;
mod exec;
mod generate;
mod list;
mod report;
mod results;
mod sample;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use clap::{Args, Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "oasforge-corpus",
    about = "Run oasforge over the wide corpus and tabulate failures"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Generate a crate from every document; record each exit class.
    Generate(GenerateArgs),
    /// Draw the stratified clippy sample and write it down.
    Sample(SampleArgs),
    /// Run `cargo clippy -- -D warnings` on the crates of the sample.
    Clippy(ClippyArgs),
    /// Print the Markdown tables of the recorded results.
    Report(ReportArgs),
}

#[derive(Args)]
struct Common {
    /// The corpus folder, holding LIST.tsv.
    #[arg(default_value = "target/corpus-wide")]
    corpus: PathBuf,
    /// The `gen` binary.
    #[arg(long, default_value = "target/release/gen")]
    gen: PathBuf,
    /// Folder of the results files.
    #[arg(long, default_value = "target/corpus-results")]
    results: PathBuf,
    /// Seconds allowed to generate one document.
    #[arg(long, default_value_t = 60)]
    timeout: u64,
    /// Address-space limit of `gen`, in MiB.
    #[arg(long, default_value_t = 4096)]
    memory_mib: u64,
    /// Only documents whose path contains one of these (comma-separated).
    #[arg(long, value_delimiter = ',')]
    only: Vec<String>,
}

#[derive(Args)]
struct GenerateArgs {
    #[command(flatten)]
    common: Common,
    /// Documents generated at a time.
    #[arg(long, default_value_t = 2)]
    jobs: usize,
}

#[derive(Args)]
struct SampleArgs {
    /// The corpus folder, holding LIST.tsv.
    #[arg(default_value = "target/corpus-wide")]
    corpus: PathBuf,
    /// 3.0 documents drawn (every 3.1 document is added).
    #[arg(long, default_value_t = 150)]
    size: usize,
    /// The seed of the draw.
    #[arg(long, default_value_t = 13)]
    seed: u64,
    /// Where the sample is written.
    #[arg(long, default_value = "crates/oasforge-corpus/sample.txt")]
    out: PathBuf,
}

#[derive(Args)]
struct ClippyArgs {
    #[command(flatten)]
    common: Common,
    /// The sample file.
    #[arg(long, default_value = "crates/oasforge-corpus/sample.txt")]
    sample: PathBuf,
    /// Where generated crates are written; must be outside any cargo workspace.
    #[arg(long)]
    crates: Option<PathBuf>,
    /// The target folder shared by all generated crates.
    #[arg(long, default_value = "target/corpus-clippy")]
    target_dir: PathBuf,
    /// Seconds allowed to one clippy run.
    #[arg(long, default_value_t = 600)]
    clippy_timeout: u64,
    /// Resolve dependencies from the local cache only.
    #[arg(long)]
    offline: bool,
    /// Keep crates that pass too (failing ones are always kept).
    #[arg(long)]
    keep: bool,
}

#[derive(Args)]
struct ReportArgs {
    /// Folder of the results files.
    #[arg(long, default_value = "target/corpus-results")]
    results: PathBuf,
}

fn main() -> ExitCode {
    let result = match Cli::parse().command {
        Command::Generate(args) => generate(&args),
        Command::Sample(args) => write_sample(&args),
        Command::Clippy(args) => clippy(&args),
        Command::Report(args) => report(&args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn entries(common: &Common) -> Result<Vec<list::Entry>, String> {
    let all = list::read(&common.corpus)?;
    Ok(all
        .into_iter()
        .filter(|e| common.only.is_empty() || common.only.iter().any(|o| e.path.contains(o)))
        .collect())
}

fn gen_limits(common: &Common) -> exec::Limits {
    exec::Limits {
        timeout: Duration::from_secs(common.timeout),
        memory_mib: Some(common.memory_mib),
    }
}

/// An absolute path (cargo and `gen` run in other folders).
fn absolute(path: &Path) -> Result<PathBuf, String> {
    std::path::absolute(path).map_err(|e| format!("{}: {e}", path.display()))
}

fn generate(args: &GenerateArgs) -> Result<(), String> {
    let common = &args.common;
    let entries = entries(common)?;
    let scratch = std::env::temp_dir().join(format!("oasforge-corpus-gen-{}", std::process::id()));
    let results = common.results.join("generate.tsv");
    let pass = generate::Pass {
        corpus: &absolute(&common.corpus)?,
        gen: &absolute(&common.gen)?,
        scratch: &scratch,
        results: &results,
        jobs: args.jobs,
        limits: gen_limits(common),
    };
    let ran = generate::run(&pass, &entries).map_err(|e| e.to_string())?;
    let _ = std::fs::remove_dir_all(&scratch);
    eprintln!(
        "{ran} documents generated; results in {}",
        results.display()
    );
    Ok(())
}

fn write_sample(args: &SampleArgs) -> Result<(), String> {
    let entries = list::read(&args.corpus)?;
    let paths = sample::draw(&entries, args.size, args.seed);
    let text = sample::render(&paths, args.size, args.seed, entries.len());
    std::fs::write(&args.out, text).map_err(|e| format!("{}: {e}", args.out.display()))?;
    eprintln!(
        "{} documents written to {}",
        paths.len(),
        args.out.display()
    );
    Ok(())
}

fn clippy(args: &ClippyArgs) -> Result<(), String> {
    let common = &args.common;
    let text = std::fs::read_to_string(&args.sample).map_err(|e| {
        format!(
            "{}: {e}; write it with `oasforge-corpus sample`",
            args.sample.display()
        )
    })?;
    let docs: Vec<String> = sample::parse(&text)
        .into_iter()
        .filter(|d| common.only.is_empty() || common.only.iter().any(|o| d.contains(o)))
        .collect();
    let crates = match &args.crates {
        Some(dir) => absolute(dir)?,
        None => std::env::temp_dir().join("oasforge-corpus-crates"),
    };
    let cargo = std::env::var_os("CARGO").map_or_else(|| PathBuf::from("cargo"), PathBuf::from);
    let pass = clippy::Pass {
        corpus: &absolute(&common.corpus)?,
        gen: &absolute(&common.gen)?,
        cargo: &cargo,
        crates: &crates,
        target: &absolute(&args.target_dir)?,
        results: &common.results,
        gen_limits: gen_limits(common),
        clippy_limits: exec::Limits {
            timeout: Duration::from_secs(args.clippy_timeout),
            memory_mib: None,
        },
        offline: args.offline,
        keep: args.keep,
    };
    let ran = clippy::run(&pass, &docs).map_err(|e| e.to_string())?;
    eprintln!(
        "{ran} documents checked; results in {}",
        common.results.display()
    );
    Ok(())
}

fn report(args: &ReportArgs) -> Result<(), String> {
    let rows = generate::read(&args.results.join("generate.tsv")).map_err(|e| e.to_string())?;
    println!("## Generation\n\n{}", report::generation(&rows));
    let clippy = report::clippy(&args.results).map_err(|e| e.to_string())?;
    println!("## Clippy\n\n{clippy}");
    Ok(())
}

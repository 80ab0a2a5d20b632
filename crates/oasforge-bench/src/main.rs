//! `oasforge-bench`: measurements behind BENCHMARKS.md.
//!
//! ```text
//! oasforge-bench generation [--iterations N] FILE...   generation vs parse floor, peak memory
//! oasforge-bench stages FILE                             time and peak memory per stage (load, lower, emit)
//! oasforge-bench check-cost [--runs N] [--ops N] [--header] [--cargo ARG]... CRATE_DIR...
//!                                                         `cargo check` time of a crate, deps warm
//! oasforge-bench measure parse|generate FILE N           one child measurement (internal)
//! ```
//!
//! Each workload runs in a child process of its own, so its peak resident memory (`VmHWM`
//! from `/proc/self/status`, Linux) is not mixed with another workload's.

use std::path::Path;
use std::process::{Command, ExitCode};
use std::time::{Duration, Instant};

use oasforge::{EmitOptions, LoadOptions};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("generation") => generation(&args[1..]),
        Some("stages") => stages(&args[1..]),
        Some("measure") => measure(&args[1..]),
        Some("check-cost") => check_cost(&args[1..]),
        _ => Err(
            "usage: oasforge-bench generation [--iterations N] FILE... | stages FILE".to_owned(),
        ),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("oasforge-bench: {message}");
            ExitCode::FAILURE
        }
    }
}

/// One child's result.
struct Sample {
    median: Duration,
    min: Duration,
    peak_kib: u64,
}

fn generation(args: &[String]) -> Result<(), String> {
    let (iterations, files) = match args {
        [flag, n, rest @ ..] if flag == "--iterations" => {
            (n.parse::<usize>().map_err(|e| e.to_string())?, rest)
        }
        rest => (5, rest),
    };
    if files.is_empty() {
        return Err("no files given".into());
    }
    println!("| document | size | parse floor (median) | generation (median) | ratio | parse peak | generation peak | peak / size |");
    println!("|---|---:|---:|---:|---:|---:|---:|---:|");
    for file in files {
        let size = std::fs::metadata(file)
            .map_err(|e| format!("{file}: {e}"))?
            .len();
        let parse = child("parse", file, iterations)?;
        let gen = child("generate", file, iterations)?;
        let mb = size as f64 / 1e6;
        println!(
            "| {} | {:.1} MB | {:.0} ms | {:.0} ms | {:.2}× | {:.0} MB | {:.0} MB | {:.1}× |",
            Path::new(file)
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or(file),
            mb,
            ms(parse.median),
            ms(gen.median),
            gen.median.as_secs_f64() / parse.median.as_secs_f64(),
            parse.peak_kib as f64 / 1024.0,
            gen.peak_kib as f64 / 1024.0,
            (gen.peak_kib as f64 * 1024.0) / size as f64,
        );
        eprintln!(
            "{file}: parse min {:.0} ms, generation min {:.0} ms",
            ms(parse.min),
            ms(gen.min)
        );
    }
    Ok(())
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn child(workload: &str, file: &str, iterations: usize) -> Result<Sample, String> {
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let out = Command::new(exe)
        .args(["measure", workload, file, &iterations.to_string()])
        .output()
        .map_err(|e| e.to_string())?;
    if !out.status.success() {
        return Err(format!(
            "{workload} {file}: {}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    let text = String::from_utf8_lossy(&out.stdout);
    let fields: Vec<u64> = text
        .split_whitespace()
        .filter_map(|f| f.parse().ok())
        .collect();
    match fields.as_slice() {
        [median, min, peak] => Ok(Sample {
            median: Duration::from_micros(*median),
            min: Duration::from_micros(*min),
            peak_kib: *peak,
        }),
        _ => Err(format!("unexpected child output: {text}")),
    }
}

/// Runs one workload `n` times; prints median µs, min µs and peak KiB.
fn measure(args: &[String]) -> Result<(), String> {
    let [workload, file, n] = args else {
        return Err("measure WORKLOAD FILE N".into());
    };
    let n: usize = n
        .parse()
        .map_err(|e: std::num::ParseIntError| e.to_string())?;
    let path = Path::new(file);
    let mut times = Vec::with_capacity(n);
    for _ in 0..n.max(1) {
        let start = Instant::now();
        match workload.as_str() {
            // The floor: read the file and parse it into a JSON tree, nothing else.
            "parse" => {
                let bytes = std::fs::read(path).map_err(|e| e.to_string())?;
                let value: serde_json::Value =
                    serde_json::from_slice(&bytes).map_err(|e| e.to_string())?;
                std::hint::black_box(&value);
            }
            // The whole pipeline in memory: load, lower, emit (formatted Rust text).
            "generate" => {
                let generated =
                    oasforge::generate(path, &LoadOptions::default(), &EmitOptions::default())
                        .map_err(|e| e.to_string())?;
                std::hint::black_box(&generated);
            }
            other => return Err(format!("unknown workload {other}")),
        }
        times.push(start.elapsed());
    }
    times.sort();
    let median = times[times.len() / 2];
    println!(
        "{} {} {}",
        median.as_micros(),
        times[0].as_micros(),
        peak_kib()
    );
    Ok(())
}

/// Peak resident set size of this process in KiB (`VmHWM`), 0 where unavailable.
fn peak_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse().ok())
        })
        .unwrap_or(0)
}

/// Time per stage, and the peak resident memory reached by the end of each (`VmHWM` only
/// grows, so each figure says whether that stage raised the peak), to see where generation
/// time and memory go. The documents are dropped before emission, as `oasforge::generate`
/// does.
fn stages(args: &[String]) -> Result<(), String> {
    use oasforge::stages::{emit, ir, spec};
    let [file] = args else {
        return Err("stages FILE".into());
    };
    let mib = |kib: u64| kib as f64 / 1024.0;
    let t = Instant::now();
    let loaded = spec::load(Path::new(file), &LoadOptions::default()).map_err(|e| e.to_string())?;
    let load = t.elapsed();
    let load_peak = peak_kib();
    let t = Instant::now();
    let lowered = ir::lower(&loaded).map_err(|e| e.to_string())?;
    let lower = t.elapsed();
    let lower_peak = peak_kib();
    drop(loaded);
    let t = Instant::now();
    let files = emit::emit(&lowered.api, &EmitOptions::default()).map_err(|e| e.to_string())?;
    let emit_time = t.elapsed();
    let emit_peak = peak_kib();
    let lines: usize = files.iter().map(|f| f.contents.lines().count()).sum();
    let bytes: usize = files.iter().map(|f| f.contents.len()).sum();
    // What `syn` and `prettyplease` alone take on the same output, starting from its text:
    // the part of emission that the design (quote!, syn, prettyplease) cannot avoid.
    let t = Instant::now();
    for f in &files {
        if f.path.extension().is_some_and(|e| e == "rs") {
            let parsed = syn::parse_file(&f.contents).map_err(|e| e.to_string())?;
            std::hint::black_box(prettyplease::unparse(&parsed));
        }
    }
    let reformat = t.elapsed();
    println!(
        "{file}: load {:.0} ms (peak {:.0} MB), lower {:.0} ms (peak {:.0} MB), emit {:.0} ms (peak {:.0} MB); {} types, {} operations, {} lines, {:.1} MB of Rust; syn + prettyplease alone on that text {:.0} ms",
        ms(load),
        mib(load_peak),
        ms(lower),
        mib(lower_peak),
        ms(emit_time),
        mib(emit_peak),
        lowered.api.types.len(),
        lowered.api.operations.len(),
        lines,
        bytes as f64 / 1e6,
        ms(reformat),
    );
    Ok(())
}

/// `cargo check` wall time of each crate with its dependencies already built: one warm-up
/// check, then `runs` checks each after touching `src/lib.rs`, so only the crate itself is
/// checked again. Crates share `CARGO_TARGET_DIR` when it is set.
/// `check-cost [--runs N] [--ops N] [--header] [--cargo ARG]... CRATE_DIR...`: one table row
/// per crate with its lines of Rust and its `cargo check --lib` cost with dependencies already
/// built, not incremental (`CARGO_INCREMENTAL=0`: the crate is checked from scratch, as after
/// a change to the spec): wall time and CPU time (user + system of cargo and rustc), medians of
/// N after a warm-up check, and the CPU time per 100 operations when `--ops` gives the
/// document's operation count. `--cargo` adds an argument to `cargo check` (e.g.
/// `--cargo --no-default-features --cargo --features=client`). The last column is the peak
/// resident memory of the largest process cargo waited for (the crate's rustc): measure one
/// crate per run for it to be that crate's.
fn check_cost(args: &[String]) -> Result<(), String> {
    let mut runs = 3;
    let mut ops: Option<usize> = None;
    let mut header = false;
    let mut cargo_args: Vec<String> = Vec::new();
    let mut dirs = Vec::new();
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let mut value = |flag: &str| {
            args.next()
                .cloned()
                .ok_or_else(|| format!("{flag} needs a value"))
        };
        match arg.as_str() {
            "--runs" => {
                runs = value("--runs")?
                    .parse()
                    .map_err(|e| format!("--runs: {e}"))?
            }
            "--ops" => ops = Some(value("--ops")?.parse().map_err(|e| format!("--ops: {e}"))?),
            "--cargo" => cargo_args.push(value("--cargo")?),
            "--header" => header = true,
            _ => dirs.push(arg.clone()),
        }
    }
    if header {
        println!(
            "| crate | lines of Rust | cargo check wall (median of {runs}) | CPU (median) | CPU per 100 operations | peak rustc memory |"
        );
        println!("|---|---:|---:|---:|---:|---:|");
    }
    for dir in dirs {
        let dir = Path::new(&dir);
        let cargo = || -> Result<(Duration, Duration), String> {
            let cpu_before = children_cpu();
            let start = Instant::now();
            let out = Command::new("cargo")
                .args(["check", "--quiet", "--lib"])
                .args(&cargo_args)
                .env("CARGO_INCREMENTAL", "0")
                .current_dir(dir)
                .output()
                .map_err(|e| e.to_string())?;
            let wall = start.elapsed();
            if !out.status.success() {
                return Err(format!(
                    "{}: cargo check failed:\n{}",
                    dir.display(),
                    String::from_utf8_lossy(&out.stderr)
                ));
            }
            Ok((wall, children_cpu().saturating_sub(cpu_before)))
        };
        let name = dir.file_name().and_then(|n| n.to_str()).unwrap_or("?");
        let label = if cargo_args.is_empty() {
            name.to_owned()
        } else {
            format!("{name} ({})", cargo_args.join(" "))
        };
        if let Err(message) = cargo() {
            eprintln!("{message}");
            println!(
                "| {label} | {} | does not compile | | | |",
                rust_lines(&dir.join("src"))
            );
            continue;
        }
        let lib = find_lib(dir).ok_or_else(|| format!("{}: no src/lib.rs", dir.display()))?;
        let mut walls = Vec::new();
        let mut cpus = Vec::new();
        for _ in 0..runs.max(1) {
            let text = std::fs::read(&lib).map_err(|e| e.to_string())?;
            std::fs::write(&lib, text).map_err(|e| e.to_string())?;
            let (wall, cpu) = cargo()?;
            walls.push(wall);
            cpus.push(cpu);
        }
        walls.sort();
        cpus.sort();
        let wall = walls[walls.len() / 2].as_secs_f64();
        let cpu = cpus[cpus.len() / 2].as_secs_f64();
        let per_100 = match ops {
            Some(ops) if ops > 0 => format!("{:.2} s", cpu * 100.0 / ops as f64),
            _ => String::new(),
        };
        println!(
            "| {label} | {} | {wall:.1} s | {cpu:.1} s | {per_100} | {:.2} GB |",
            rust_lines(&dir.join("src")),
            children_peak_kib() as f64 / (1024.0 * 1024.0),
        );
    }
    Ok(())
}

/// User + system CPU time of every child process waited for so far (cargo, and the rustc
/// processes cargo waited for).
fn children_cpu() -> Duration {
    // SAFETY: `getrusage` only writes into the zeroed struct it is given.
    let usage = unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        if libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) != 0 {
            return Duration::ZERO;
        }
        usage
    };
    let time = |t: libc::timeval| {
        Duration::from_secs(t.tv_sec.max(0) as u64) + Duration::from_micros(t.tv_usec.max(0) as u64)
    };
    time(usage.ru_utime) + time(usage.ru_stime)
}

/// The peak resident memory, in KiB, of the largest child process waited for so far: with
/// the dependencies already built, the rustc that checks the crate (each `check-cost` run
/// starts a fresh process, so crates measured by separate runs do not mix).
fn children_peak_kib() -> u64 {
    // SAFETY: `getrusage` only writes into the zeroed struct it is given.
    let usage = unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        if libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) != 0 {
            return 0;
        }
        usage
    };
    usage.ru_maxrss.max(0) as u64
}

fn find_lib(dir: &Path) -> Option<std::path::PathBuf> {
    let lib = dir.join("src").join("lib.rs");
    lib.exists().then_some(lib)
}

fn rust_lines(dir: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .map(|p| {
            if p.is_dir() {
                rust_lines(&p)
            } else if p.extension().is_some_and(|e| e == "rs") {
                std::fs::read_to_string(&p).map_or(0, |t| t.lines().count())
            } else {
                0
            }
        })
        .sum()
}

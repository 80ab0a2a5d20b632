//! Runs one child process with a time limit and, optionally, an address-space limit
//! (`ulimit -v` through `sh`, so no unsafe code is needed here).

use std::io::Read;
use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::process::{Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

/// How a child process ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum End {
    /// It exited with this code.
    Exited(i32),
    /// It was killed by this signal (an abort, a stack overflow, the OOM killer).
    Signal(i32),
    /// It ran past the time limit and was killed.
    TimedOut,
}

/// What a child process left behind.
#[derive(Debug)]
pub struct Outcome {
    /// How it ended.
    pub end: End,
    /// Its standard output.
    pub stdout: String,
    /// Its standard error.
    pub stderr: String,
    /// Wall-clock time in milliseconds.
    pub millis: u128,
}

/// Limits for one run.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Wall-clock limit.
    pub timeout: Duration,
    /// Address-space limit in MiB (`None`: no limit).
    pub memory_mib: Option<u64>,
}

/// Runs `program args…` in `dir` (when given) with `env` added, under `limits`.
pub fn run(
    program: &Path,
    args: &[&str],
    dir: Option<&Path>,
    env: &[(&str, &Path)],
    limits: Limits,
) -> std::io::Result<Outcome> {
    let mut command = match limits.memory_mib {
        Some(mib) => {
            let mut c = Command::new("sh");
            c.arg("-c")
                .arg(r#"ulimit -v "$1" && shift && exec "$@""#)
                .arg("sh")
                .arg((mib * 1024).to_string())
                .arg(program)
                .args(args);
            c
        }
        None => {
            let mut c = Command::new(program);
            c.args(args);
            c
        }
    };
    if let Some(dir) = dir {
        command.current_dir(dir);
    }
    for (key, value) in env {
        command.env(key, value);
    }
    command
        .env("RUST_BACKTRACE", "0")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let start = Instant::now();
    let mut child = command.spawn()?;
    // Drain both pipes on threads so a chatty child never blocks on a full pipe.
    let stdout = drain(child.stdout.take());
    let stderr = drain(child.stderr.take());
    let end = loop {
        if let Some(status) = child.try_wait()? {
            break match (status.code(), status.signal()) {
                (Some(code), _) => End::Exited(code),
                (None, Some(signal)) => End::Signal(signal),
                (None, None) => End::Signal(0),
            };
        }
        if start.elapsed() >= limits.timeout {
            // The child may have ended just now; either way it is reaped below.
            let _ = child.kill();
            let _ = child.wait();
            break End::TimedOut;
        }
        thread::sleep(Duration::from_millis(20));
    };
    let millis = start.elapsed().as_millis();
    Ok(Outcome {
        end,
        stdout: stdout.join().unwrap_or_default(),
        stderr: stderr.join().unwrap_or_default(),
        millis,
    })
}

fn drain<R: Read + Send + 'static>(pipe: Option<R>) -> thread::JoinHandle<String> {
    thread::spawn(move || {
        let mut bytes = Vec::new();
        if let Some(mut pipe) = pipe {
            let _ = pipe.read_to_end(&mut bytes);
        }
        String::from_utf8_lossy(&bytes).into_owned()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sh(script: &str, limits: Limits) -> Outcome {
        run(Path::new("sh"), &["-c", script], None, &[], limits).expect("sh runs")
    }

    const SHORT: Limits = Limits {
        timeout: Duration::from_secs(5),
        memory_mib: None,
    };

    #[test]
    fn records_exit_code_and_output() {
        let out = sh("echo out; echo err >&2; exit 3", SHORT);
        assert_eq!(out.end, End::Exited(3));
        assert_eq!(out.stdout, "out\n");
        assert_eq!(out.stderr, "err\n");
    }

    #[test]
    fn records_a_signal() {
        assert_eq!(sh("kill -ABRT $$", SHORT).end, End::Signal(6));
    }

    #[test]
    fn kills_at_the_time_limit() {
        let limits = Limits {
            timeout: Duration::from_millis(200),
            memory_mib: None,
        };
        let out = sh("exec sleep 5", limits);
        assert_eq!(out.end, End::TimedOut);
        assert!(out.millis < 4000, "{} ms", out.millis);
    }

    #[test]
    fn applies_the_memory_limit() {
        let limits = Limits {
            timeout: Duration::from_secs(5),
            memory_mib: Some(64),
        };
        let out = sh("ulimit -v", limits);
        assert_eq!(out.stdout.trim(), (64 * 1024).to_string());
    }
}

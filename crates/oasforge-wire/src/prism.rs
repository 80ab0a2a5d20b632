//! Starting and stopping Prism (`prism mock -d`) on a free port of 127.0.0.1.

use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Why the mock server could not be used.
#[derive(Debug, thiserror::Error)]
pub enum PrismError {
    /// The program could not be started.
    #[error("prism did not start ({program}): {source}")]
    Spawn {
        /// The program.
        program: String,
        /// The cause.
        source: std::io::Error,
    },
    /// It exited before listening (it refuses documents it cannot read).
    #[error("prism exited before listening: {0}")]
    Exited(String),
    /// It did not listen in time.
    #[error("prism did not listen within {0:?}")]
    Timeout(Duration),
    /// No free port, or no log file.
    #[error("cannot prepare the mock: {0}")]
    Port(std::io::Error),
}

/// A running mock server, stopped when dropped.
#[derive(Debug)]
pub struct Prism {
    child: Child,
    addr: SocketAddr,
}

impl Prism {
    /// Starts `prism mock -d` for `spec` and waits until it accepts connections. Prism is
    /// told not to invent properties the schemas do not declare (its default), so a
    /// property lost in a round trip is one the spec declares.
    pub fn start(program: &Path, spec: &Path, log: &Path) -> Result<Self, PrismError> {
        let log_file = std::fs::File::create(log).map_err(PrismError::Port)?;
        let err_file = log_file.try_clone().map_err(PrismError::Port)?;
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map_err(PrismError::Port)?
            .port();
        let mut child = Command::new(program)
            .args([
                "mock",
                "-d",
                "--seed",
                "oasforge",
                "--json-schema-faker-fillProperties=false",
            ])
            .args(["-h", "127.0.0.1", "-p"])
            .arg(port.to_string())
            .arg(spec)
            .stdin(Stdio::null())
            .stdout(Stdio::from(log_file))
            .stderr(Stdio::from(err_file))
            .spawn()
            .map_err(|source| PrismError::Spawn {
                program: program.display().to_string(),
                source,
            })?;
        let addr = SocketAddr::from(([127, 0, 0, 1], port));
        let limit = Duration::from_secs(90);
        let start = Instant::now();
        loop {
            if let Ok(Some(_)) = child.try_wait() {
                let text = std::fs::read_to_string(log).unwrap_or_default();
                let last: Vec<&str> = text.lines().rev().take(3).collect();
                return Err(PrismError::Exited(last.join(" / ")));
            }
            if TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_ok() {
                return Ok(Self { child, addr });
            }
            if start.elapsed() > limit {
                let _ = child.kill();
                let _ = child.wait();
                return Err(PrismError::Timeout(limit));
            }
            std::thread::sleep(Duration::from_millis(250));
        }
    }

    /// The base URL.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }
}

impl Drop for Prism {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

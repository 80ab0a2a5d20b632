//! Stage-by-stage progress on standard error: what `gen` is doing on a large document.

use std::io::{IsTerminal, Write};
use std::time::Instant;

use oasforge::Progress;

/// When to show progress.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum When {
    /// When standard error is a terminal.
    Auto,
    /// Always (one line per finished stage when standard error is not a terminal).
    Always,
    /// Never.
    Never,
}

/// Prints each stage as it starts (on a terminal, overwritten when it ends) and as it ends,
/// with its counts and time.
pub struct Reporter {
    show: bool,
    /// On a terminal: the running stage's line is replaced by its finished line.
    live: bool,
    /// On a terminal: a started stage's line is on screen, without a line break.
    pending: bool,
    started: Instant,
}

impl Reporter {
    /// A reporter for `when`, silent with `quiet`.
    pub fn new(when: When, quiet: bool) -> Self {
        let terminal = std::io::stderr().is_terminal();
        let show = !quiet
            && match when {
                When::Auto => terminal,
                When::Always => true,
                When::Never => false,
            };
        Reporter {
            show,
            live: show && terminal,
            pending: false,
            started: Instant::now(),
        }
    }

    /// Shows one event.
    pub fn report(&mut self, event: Progress<'_>) {
        if !self.show {
            return;
        }
        let mut err = std::io::stderr().lock();
        // Progress is best effort: a closed standard error must not fail the run.
        let _ = match line(&event) {
            Line::Start(verb, what) => {
                self.started = Instant::now();
                if self.live {
                    self.pending = true;
                    write!(err, "{verb:>12} {what}…").and_then(|()| err.flush())
                } else {
                    Ok(())
                }
            }
            Line::End(verb, what) => {
                let clear = if std::mem::take(&mut self.pending) {
                    "\r\x1b[2K"
                } else {
                    ""
                };
                let seconds = self.started.elapsed().as_secs_f64();
                writeln!(err, "{clear}{verb:>12} {what} in {seconds:.2} s")
            }
        };
    }
}

impl Reporter {
    /// Clears the line of a stage that will not end (it failed), so that the error that
    /// follows starts on a clean line.
    pub fn abandon(&mut self) {
        if std::mem::take(&mut self.pending) {
            let mut err = std::io::stderr().lock();
            let _ = write!(err, "\r\x1b[2K").and_then(|()| err.flush());
        }
    }
}

/// What to print for an event: a stage that starts, or one that ends.
#[derive(Debug, PartialEq)]
enum Line {
    Start(&'static str, String),
    End(&'static str, String),
}

fn line(event: &Progress<'_>) -> Line {
    match *event {
        Progress::Loading { path } => Line::Start("Loading", path.display().to_string()),
        Progress::Loaded { files, bytes } => Line::End(
            "Loaded",
            format!("{} ({})", plural(files, "file"), megabytes(bytes)),
        ),
        Progress::Lowering => Line::Start("Lowering", "schemas and operations".to_owned()),
        Progress::Lowered { types, operations } => Line::End(
            "Lowered",
            format!(
                "{}, {}",
                plural(types, "type"),
                plural(operations, "operation")
            ),
        ),
        Progress::Emitting => Line::Start("Emitting", "Rust".to_owned()),
        Progress::Emitted { files, lines } => Line::End(
            "Emitted",
            format!("{}, {}", plural(files, "file"), plural(lines, "line")),
        ),
    }
}

/// `1 type`, `2 types`.
pub fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

fn megabytes(bytes: usize) -> String {
    if bytes < 1_000_000 {
        format!("{:.1} kB", bytes as f64 / 1e3)
    } else {
        format!("{:.1} MB", bytes as f64 / 1e6)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stages_name_their_counts() {
        assert_eq!(
            line(&Progress::Loaded {
                files: 1,
                bytes: 6_331_072
            }),
            Line::End("Loaded", "1 file (6.3 MB)".to_owned())
        );
        assert_eq!(
            line(&Progress::Lowered {
                types: 2,
                operations: 1
            }),
            Line::End("Lowered", "2 types, 1 operation".to_owned())
        );
        assert_eq!(
            line(&Progress::Emitted {
                files: 8,
                lines: 1_500
            }),
            Line::End("Emitted", "8 files, 1500 lines".to_owned())
        );
        assert_eq!(
            line(&Progress::Lowering),
            Line::Start("Lowering", "schemas and operations".to_owned())
        );
    }
}

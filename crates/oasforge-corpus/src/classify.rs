//! Sorting a `gen generate` run into a class of outcome, and its message into a kind that
//! groups documents failing for the same reason.

use crate::exec::{End, Outcome};

/// The class of a generation run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Class {
    /// Exit 0.
    Ok,
    /// Exit 1 with an error naming file, line and JSON pointer.
    LocatedError,
    /// Exit 1 with an error that does not say where.
    UnlocatedError,
    /// Exit 101: a panic.
    Panic,
    /// Ran out of the memory limit (allocation failure or the kernel's OOM killer).
    OutOfMemory,
    /// Killed by a signal: abort, stack overflow, segmentation fault.
    Abort,
    /// Killed at the time limit.
    Timeout,
    /// Any other exit code.
    OtherExit,
}

impl Class {
    /// Every class, in report order.
    pub const ALL: [Class; 8] = [
        Class::Ok,
        Class::LocatedError,
        Class::UnlocatedError,
        Class::Panic,
        Class::OutOfMemory,
        Class::Abort,
        Class::Timeout,
        Class::OtherExit,
    ];

    /// The name written to the results file.
    pub fn name(self) -> &'static str {
        match self {
            Class::Ok => "ok",
            Class::LocatedError => "located-error",
            Class::UnlocatedError => "unlocated-error",
            Class::Panic => "panic",
            Class::OutOfMemory => "out-of-memory",
            Class::Abort => "abort",
            Class::Timeout => "timeout",
            Class::OtherExit => "other-exit",
        }
    }

    /// The class of a name written by [`Class::name`].
    pub fn parse(name: &str) -> Option<Class> {
        Class::ALL.into_iter().find(|c| c.name() == name)
    }
}

/// Classifies one run: its class and the one-line message that explains it (empty for ok).
pub fn classify(outcome: &Outcome) -> (Class, String) {
    let stderr = &outcome.stderr;
    match outcome.end {
        End::Exited(0) => (Class::Ok, String::new()),
        End::Exited(1) => {
            let message = error_line(stderr).unwrap_or_else(|| first_line(stderr));
            let class = if is_located(&message) {
                Class::LocatedError
            } else {
                Class::UnlocatedError
            };
            (class, message)
        }
        End::Exited(101) => (Class::Panic, panic_line(stderr)),
        End::Exited(code) => (
            Class::OtherExit,
            format!("exit {code}: {}", first_line(stderr)),
        ),
        End::Signal(signal) => {
            if stderr.contains("memory allocation of") || signal == 9 {
                (Class::OutOfMemory, first_line(stderr))
            } else {
                let why = stderr
                    .lines()
                    .find(|l| l.contains("overflowed its stack"))
                    .map(str::to_owned)
                    .unwrap_or_else(|| first_line(stderr));
                (Class::Abort, format!("signal {signal}: {why}"))
            }
        }
        End::TimedOut => (Class::Timeout, String::new()),
    }
}

/// The error message: the line after `error:` (plain) or `×` (with a source snippet).
fn error_line(stderr: &str) -> Option<String> {
    stderr.lines().find_map(|line| {
        let line = line.trim_start();
        line.strip_prefix("error:")
            .or_else(|| line.strip_prefix('×'))
            .map(|rest| rest.trim().to_owned())
    })
}

/// A message names its place as `FILE:LINE:COLUMN (at #/pointer)`.
fn is_located(message: &str) -> bool {
    let Some(at) = message.find(" (at #") else {
        return false;
    };
    // `…:LINE:COLUMN` right before the pointer.
    let mut parts = message[..at].rsplitn(3, ':');
    let column = parts.next().unwrap_or_default();
    let line = parts.next().unwrap_or_default();
    let numeric = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    numeric(column) && numeric(line) && parts.next().is_some()
}

/// The panic message: `panicked at FILE:LINE:COLUMN:` and the message line that follows.
fn panic_line(stderr: &str) -> String {
    let mut lines = stderr.lines();
    while let Some(line) = lines.next() {
        if let Some(i) = line.find("panicked at ") {
            let place = line[i + "panicked at ".len()..].trim_end_matches(':');
            let message = lines.next().unwrap_or_default();
            return format!("{place}: {message}");
        }
    }
    first_line(stderr)
}

fn first_line(text: &str) -> String {
    text.lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or_default()
        .trim()
        .to_owned()
}

/// What a message says without the particulars of one document: the location prefix is
/// dropped, and quoted names and numbers become `…` and `N`, so that documents failing for
/// the same reason share one kind.
pub fn kind(message: &str) -> String {
    let message = match message.find(" (at #") {
        Some(at) => match message[at..].find("): ") {
            Some(end) => &message[at + end + 3..],
            None => message,
        },
        None => message,
    };
    let mut out = String::new();
    let mut quote: Option<char> = None;
    let mut last_digit = false;
    for c in message.chars() {
        if let Some(q) = quote {
            if c == q {
                out.push(c);
                quote = None;
            }
            continue;
        }
        if c == '`' || c == '"' {
            out.push(c);
            out.push('…');
            quote = Some(c);
            last_digit = false;
        } else if c.is_ascii_digit() {
            if !last_digit {
                out.push('N');
            }
            last_digit = true;
        } else {
            out.push(c);
            last_digit = false;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outcome(end: End, stderr: &str) -> Outcome {
        Outcome {
            end,
            stdout: String::new(),
            stderr: stderr.to_owned(),
            millis: 1,
        }
    }

    #[test]
    fn a_located_error_names_file_line_and_pointer() {
        let stderr = "error: /c/github.json:1:37 (at #/components/schemas/a): allOf branches disagree on property `after_id`\n";
        let (class, message) = classify(&outcome(End::Exited(1), stderr));
        assert_eq!(class, Class::LocatedError);
        assert!(message.starts_with("/c/github.json:1:37"), "{message}");
        assert_eq!(kind(&message), "allOf branches disagree on property `…`");
    }

    #[test]
    fn an_error_without_a_place_is_unlocated() {
        let stderr = "error: internal error: generated code for server.rs does not parse\n";
        let (class, message) = classify(&outcome(End::Exited(1), stderr));
        assert_eq!(class, Class::UnlocatedError);
        assert_eq!(
            message,
            "internal error: generated code for server.rs does not parse"
        );
    }

    #[test]
    fn a_snippet_error_is_read_after_the_cross() {
        let stderr = "\n  × x.json:3:5 (at #/paths): bad\n   ╭─[x.json:3:5]\n";
        let (class, message) = classify(&outcome(End::Exited(1), stderr));
        assert_eq!(
            (class, message.as_str()),
            (Class::LocatedError, "x.json:3:5 (at #/paths): bad")
        );
    }

    #[test]
    fn panics_keep_place_and_message() {
        let stderr = "\nthread 'main' (15618) panicked at crates/oasforge-emit/src/types.rs:11:17:\n\"302_redirects\" is not a valid Ident\nnote: run with `RUST_BACKTRACE=1`\n";
        let (class, message) = classify(&outcome(End::Exited(101), stderr));
        assert_eq!(class, Class::Panic);
        assert_eq!(
            kind(&message),
            "crates/oasforge-emit/src/types.rs:N:N: \"…\" is not a valid Ident"
        );
    }

    #[test]
    fn signals_timeouts_and_allocation_failures() {
        let overflow =
            "\nthread 'main' has overflowed its stack\nfatal runtime error: stack overflow\n";
        assert_eq!(classify(&outcome(End::Signal(6), overflow)).0, Class::Abort);
        let oom = "memory allocation of 8589934592 bytes failed\n";
        assert_eq!(
            classify(&outcome(End::Signal(6), oom)).0,
            Class::OutOfMemory
        );
        assert_eq!(classify(&outcome(End::TimedOut, "")).0, Class::Timeout);
        assert_eq!(
            classify(&outcome(End::Exited(0), "warning: x")).0,
            Class::Ok
        );
    }

    #[test]
    fn class_names_round_trip() {
        for class in Class::ALL {
            assert_eq!(Class::parse(class.name()), Some(class));
        }
    }
}

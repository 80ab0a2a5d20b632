//! `pattern` keywords: ECMA-262 regular expressions as the Rust `regex` crate reads them.
//!
//! JSON Schema patterns are ECMA-262 expressions, matched anywhere in the string (not
//! anchored). The `regex` crate agrees on most syntax; the differences that change results
//! are the shorthand classes, which are ASCII-only in ECMA-262 and Unicode-aware in `regex`:
//! [`translate`] rewrites `\d`, `\D`, `\w` and `\W` into explicit ASCII classes. Lookaround
//! and backreferences cannot be expressed by `regex` at all; [`engine`] says which engine
//! compiles a pattern so that such patterns fall back to `fancy-regex` (a backtracking engine
//! that supports them), and a pattern neither engine accepts is left unenforced with a
//! warning — the generated code never compiles a regex that can fail at run time.

use std::collections::HashMap;
use std::sync::{LazyLock, Mutex, PoisonError};

/// Which engine the generated code uses for a pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PatternEngine {
    /// The `regex` crate (linear time); the usual case.
    Regex,
    /// `fancy-regex`: the pattern uses lookaround or backreferences.
    Fancy,
    /// Neither engine compiles the pattern; it is not enforced. Holds the `regex` error.
    Unsupported(String),
}

/// The pattern rewritten for the Rust engines (see the module docs).
pub fn translate(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len() + 8);
    let mut in_class = false;
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                let Some(next) = chars.next() else {
                    out.push('\\');
                    break;
                };
                let class = match next {
                    'd' => Some(("0-9", "[0-9]")),
                    'w' => Some(("0-9A-Za-z_", "[0-9A-Za-z_]")),
                    'D' if !in_class => Some(("", "[^0-9]")),
                    'W' if !in_class => Some(("", "[^0-9A-Za-z_]")),
                    _ => None,
                };
                match class {
                    Some((inside, outside)) => {
                        out.push_str(if in_class { inside } else { outside })
                    }
                    None => {
                        out.push('\\');
                        out.push(next);
                    }
                }
            }
            '[' if !in_class => {
                // ECMA-262: `[]` matches nothing and `[^]` any character.
                let rest = chars.as_str();
                if let Some(after) = rest.strip_prefix(']') {
                    out.push_str("[a&&b]");
                    chars = after.chars();
                } else if let Some(after) = rest.strip_prefix("^]") {
                    out.push_str("(?s:.)");
                    chars = after.chars();
                } else {
                    in_class = true;
                    out.push('[');
                }
            }
            ']' if in_class => {
                in_class = false;
                out.push(']');
            }
            '[' if in_class => out.push_str("\\["),
            _ => out.push(c),
        }
    }
    out
}

/// The engine that compiles `pattern` (as written in the spec).
///
/// Compiling is the costly part of generation for documents that repeat a few patterns
/// thousands of times, and lowering and emission both ask; answers are remembered per
/// pattern text (at most [`REMEMBERED`] of them, then the memory starts over).
pub fn engine(pattern: &str) -> PatternEngine {
    static ENGINES: LazyLock<Mutex<HashMap<String, PatternEngine>>> =
        LazyLock::new(|| Mutex::new(HashMap::new()));
    let lock = || ENGINES.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(known) = lock().get(pattern) {
        return known.clone();
    }
    let answer = compile(pattern);
    let mut engines = lock();
    if engines.len() >= REMEMBERED {
        engines.clear();
    }
    engines.insert(pattern.to_owned(), answer.clone());
    answer
}

/// How many patterns [`engine`] remembers (bounded for long-lived processes such as a fuzzer).
const REMEMBERED: usize = 4096;

/// [`engine`] without the memory: compiles the translated pattern.
fn compile(pattern: &str) -> PatternEngine {
    let translated = translate(pattern);
    match regex::Regex::new(&translated) {
        Ok(_) => PatternEngine::Regex,
        Err(error) => match fancy_regex::Regex::new(&translated) {
            Ok(_) => PatternEngine::Fancy,
            Err(_) => PatternEngine::Unsupported(error.to_string()),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shorthand_classes_become_ascii() {
        assert_eq!(translate(r"^\d+$"), "^[0-9]+$");
        assert_eq!(translate(r"[\da-f]"), "[0-9a-f]");
        assert_eq!(translate(r"\W"), "[^0-9A-Za-z_]");
        assert_eq!(translate(r"a\.b"), r"a\.b");
        assert_eq!(translate("[^]"), "(?s:.)");
        assert_eq!(translate("x[]"), "x[a&&b]");
    }

    #[test]
    fn remembered_answers_match_compiling() {
        for pattern in ["^as-[a-z0-9]{5}$", "^(?!admin).*$", "(", r"^\d+$"] {
            let first = engine(pattern);
            assert_eq!(first, compile(pattern));
            assert_eq!(engine(pattern), first);
        }
        assert!(matches!(engine("("), PatternEngine::Unsupported(_)));
    }

    #[test]
    fn engines_are_chosen_by_what_compiles() {
        assert_eq!(engine("^as-[a-z0-9]{5}$"), PatternEngine::Regex);
        assert_eq!(engine("^(?!admin).*$"), PatternEngine::Fancy);
        assert_eq!(engine(r"^(a)\1$"), PatternEngine::Fancy);
        assert!(matches!(engine("(unclosed"), PatternEngine::Unsupported(_)));
        assert!(matches!(engine(r"^\cJ$"), PatternEngine::Unsupported(_)));
        assert_eq!(engine("[^]"), PatternEngine::Regex);
        assert_eq!(engine("[]"), PatternEngine::Regex);
    }
}

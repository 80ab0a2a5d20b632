//! Doc comments from spec text.

use oasforge_ir::Docs;
use proc_macro2::TokenStream;
use quote::quote;

/// `#[doc = "…"]` attributes (rendered as `///` lines) for `docs`, plus extra paragraphs.
pub(crate) fn doc_attrs(docs: &Docs, extra: &[String]) -> TokenStream {
    let mut paragraphs: Vec<String> = Vec::new();
    match (&docs.title, &docs.description) {
        (Some(t), Some(d)) if d.trim() == t.trim() => paragraphs.push(t.clone()),
        (t, d) => paragraphs.extend(t.iter().chain(d).cloned()),
    }
    paragraphs.extend(extra.iter().cloned());
    lines_to_attrs(&paragraphs)
}

/// Inner doc attributes (`//!` lines) for free text paragraphs, for a crate root.
pub(crate) fn inner_text_attrs(paragraphs: &[String]) -> TokenStream {
    let attrs = doc_lines(paragraphs)
        .into_iter()
        .map(|text| quote! { #![doc = #text] });
    quote! { #(#attrs)* }
}

fn lines_to_attrs(paragraphs: &[String]) -> TokenStream {
    let attrs = doc_lines(paragraphs)
        .into_iter()
        .map(|text| quote! { #[doc = #text] });
    quote! { #(#attrs)* }
}

/// The text of each doc line, with the leading space rustdoc expects.
fn doc_lines(paragraphs: &[String]) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for (i, p) in paragraphs.iter().enumerate() {
        if i > 0 {
            lines.push(String::new());
        }
        lines.extend(sanitize(p));
    }
    lines
        .into_iter()
        .map(|line| {
            if line.is_empty() {
                line
            } else {
                format!(" {line}")
            }
        })
        .collect()
}

/// Makes spec markdown safe as rustdoc: no line is indented (an indented block would be a
/// doctest), fenced blocks without a language are marked `text` so rustdoc does not try to
/// compile them, tabs become spaces, and lines that continue a list item or a quote are
/// indented or marked as such (as clippy's doc lints expect).
fn sanitize(text: &str) -> Vec<String> {
    // A carriage return ends a line wherever it stands (a lone one would be a bare CR inside
    // the doc comment, which does not compile).
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let text = strip_unprintable(&text);
    let mut in_fence = false;
    let mut out: Vec<String> = Vec::new();
    // The indentation of the text of the list item being continued, or `None`.
    let mut list_item: Option<usize> = None;
    let mut in_quote = false;
    for raw in text.trim().lines() {
        let raw = raw.replace('\t', "    ");
        let line = raw.trim();
        if let Some(lang) = line.strip_prefix("```") {
            list_item = None;
            in_quote = false;
            if in_fence {
                in_fence = false;
                out.push("```".to_owned());
            } else {
                in_fence = true;
                let lang = lang.trim();
                out.push(if lang.is_empty() || lang == "rust" {
                    "```text".to_owned()
                } else {
                    format!("```{lang}")
                });
            }
            continue;
        }
        if in_fence {
            out.push(raw.trim_end().to_owned());
            continue;
        }
        if line.is_empty() {
            list_item = None;
            in_quote = false;
            out.push(String::new());
            continue;
        }
        if let Some(width) = list_marker_width(line) {
            list_item = Some(width);
            in_quote = false;
            out.push(line.to_owned());
        } else if line.starts_with('>') {
            in_quote = true;
            list_item = None;
            out.push(line.to_owned());
        } else if in_quote {
            out.push(format!("> {line}"));
        } else if let Some(width) = list_item.filter(|_| !line.starts_with('#')) {
            out.push(format!("{:width$}{line}", ""));
        } else {
            list_item = None;
            out.push(line.to_owned());
        }
    }
    if in_fence {
        out.push("```".to_owned());
    }
    // Collapse runs of blank lines.
    out.dedup_by(|a, b| a.is_empty() && b.is_empty());
    out
}

/// Whether `c` cannot stand raw in a comment of generated source: a control character other
/// than line feed and tab (a lone carriage return in a doc comment does not compile; the
/// others are invisible), or a Unicode bidirectional control (denied by the
/// `text_direction_codepoint_in_comment` lint), or an invisible direction mark.
fn unprintable(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(
            c,
            '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
        )
}

/// `text` without the characters that cannot stand raw in a comment (see [`unprintable`]):
/// carriage returns and tabs become spaces, the others are dropped. Borrowed when nothing
/// needs changing (the common case).
///
/// Applied to every formatted file as well: string literals are printed with such
/// characters escaped, so raw ones can only come from doc text (spec titles, names, media
/// types, URLs) placed in `#[doc]` attributes anywhere in the emitter.
pub(crate) fn strip_unprintable(text: &str) -> std::borrow::Cow<'_, str> {
    // Bytes that start no such character (most text) are skipped without decoding: ASCII
    // other than controls, and lead bytes other than those of U+0080–U+00BF, U+0600–U+063F
    // and U+2000–U+2FFF.
    let suspect = |b: &u8| (*b < 0x20 && *b != b'\n') || matches!(*b, 0x7F | 0xC2 | 0xD8 | 0xE2);
    if !text.as_bytes().iter().any(suspect) || !text.chars().any(|c| unprintable(c) || c == '\t') {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\t' => out.push_str("    "),
            '\r' => out.push(' '),
            c if unprintable(c) => {}
            c => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}

/// The width of a list item's marker with its space (`- `, `* `, `+ `, `1. `, `12) `), when
/// `line` starts one.
fn list_marker_width(line: &str) -> Option<usize> {
    let bytes = line.as_bytes();
    let marker = if matches!(bytes.first(), Some(b'-' | b'*' | b'+')) {
        1
    } else {
        let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
        if !(1..=9).contains(&digits) || !matches!(bytes.get(digits), Some(b'.' | b')')) {
            return None;
        }
        digits + 1
    };
    // The item's text starts after one to four spaces (`*   text` is indented by four);
    // five or more mean one space and an indented block.
    let spaces = bytes[marker..].iter().take_while(|&&b| b == b' ').count();
    match spaces {
        0 => None,
        1..=4 if marker + spaces < bytes.len() => Some(marker + spaces),
        _ => Some(marker + 1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fences_are_marked_and_indentation_removed() {
        assert_eq!(
            sanitize("a\n    code\n```\nx\n```"),
            vec!["a", "code", "```text", "x", "```"]
        );
        assert_eq!(sanitize("```json\n{}\n"), vec!["```json", "{}", "```"]);
    }

    #[test]
    fn continuations_are_indented_to_the_text_of_the_item() {
        assert_eq!(
            sanitize("*   one\ncontinued\n1.  two\nmore\n-      wide\nnext"),
            vec![
                "*   one",
                "    continued",
                "1.  two",
                "    more",
                "-      wide",
                "  next"
            ]
        );
    }

    #[test]
    fn carriage_returns_end_lines_and_control_characters_are_dropped() {
        assert_eq!(
            sanitize("one\rtwo\r\nthree\u{202E}evil\u{2066}\u{0007}"),
            vec!["one", "two", "threeevil"]
        );
        assert_eq!(sanitize("a\u{200F}\u{0}b"), vec!["ab"]);
    }

    #[test]
    fn printable_text_is_borrowed_and_the_rest_cleaned_on_one_line() {
        assert!(matches!(
            strip_unprintable("/// plain, é, 日本\n"),
            std::borrow::Cow::Borrowed(_)
        ));
        assert_eq!(
            strip_unprintable("/// a\rb\tc\u{202E}d\u{1b}[0m\n"),
            "/// a b    cd[0m\n"
        );
    }

    #[test]
    fn list_items_and_quotes_are_continued_as_markdown_expects() {
        assert_eq!(
            sanitize("Kinds:\n- one\ncontinued\n10. ten\nmore\n\nafter"),
            vec![
                "Kinds:",
                "- one",
                "  continued",
                "10. ten",
                "    more",
                "",
                "after"
            ]
        );
        assert_eq!(
            sanitize("> quoted\nstill quoted\n\nplain"),
            vec!["> quoted", "> still quoted", "", "plain"]
        );
        assert_eq!(
            sanitize("a\tb\n```\n\tx\n```"),
            vec!["a    b", "```text", "    x", "```"]
        );
    }
}

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

/// The width of a list item's marker with its space (`- `, `* `, `+ `, `1. `, `12) `), when
/// `line` starts one.
fn list_marker_width(line: &str) -> Option<usize> {
    let bytes = line.as_bytes();
    if matches!(bytes.first(), Some(b'-' | b'*' | b'+')) && bytes.get(1) == Some(&b' ') {
        return Some(2);
    }
    let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
    if (1..=9).contains(&digits)
        && matches!(bytes.get(digits), Some(b'.' | b')'))
        && bytes.get(digits + 1) == Some(&b' ')
    {
        return Some(digits + 2);
    }
    None
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

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
/// doctest), and fenced blocks without a language are marked `text` so rustdoc does not try
/// to compile them.
fn sanitize(text: &str) -> Vec<String> {
    let mut in_fence = false;
    let mut out: Vec<String> = Vec::new();
    for raw in text.trim().lines() {
        let line = raw.trim();
        if let Some(lang) = line.strip_prefix("```") {
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
        out.push(if in_fence {
            raw.trim_end().to_owned()
        } else {
            line.to_owned()
        });
    }
    if in_fence {
        out.push("```".to_owned());
    }
    // Collapse runs of blank lines.
    out.dedup_by(|a, b| a.is_empty() && b.is_empty());
    out
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
}

//! Tokens → formatted source text.

use proc_macro2::TokenStream;

use crate::EmitError;

/// Formats `tokens` as a Rust file, with `header` (line comments) above it.
pub(crate) fn format_file(
    file: &str,
    header: &str,
    tokens: TokenStream,
) -> Result<String, EmitError> {
    let parsed: syn::File = syn::parse2(tokens).map_err(|e| EmitError::Unparsable {
        file: file.to_owned(),
        message: e.to_string(),
    })?;
    let body = space_items(&prettyplease::unparse(&parsed));
    let mut out = String::with_capacity(header.len() + body.len() + 1);
    out.push_str(header);
    if !header.is_empty() && !body.is_empty() {
        out.push('\n');
    }
    out.push_str(&body);
    Ok(out)
}

/// Puts a blank line between top-level items (prettyplease keeps them adjacent), except
/// between consecutive `use` lines.
fn space_items(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 20);
    let mut prev: Option<&str> = None;
    for line in text.lines() {
        if let Some(p) = prev {
            let closes_item =
                !p.starts_with(' ') && (p == "}" || p.ends_with(';') || p.ends_with("{}"));
            let both_use = p.starts_with("use ") && line.starts_with("use ");
            if closes_item && !line.is_empty() && !line.starts_with(' ') && line != "}" && !both_use
            {
                out.push('\n');
            }
        }
        out.push_str(line);
        out.push('\n');
        prev = Some(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_are_separated_by_one_blank_line() {
        let text =
            "use a::b;\nuse c::d;\npub struct A {\n    x: u8,\n}\nimpl A {}\npub type B = A;\n";
        assert_eq!(
            space_items(text),
            "use a::b;\nuse c::d;\n\npub struct A {\n    x: u8,\n}\n\nimpl A {}\n\npub type B = A;\n"
        );
    }
}

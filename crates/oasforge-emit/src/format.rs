//! Tokens → formatted source text, one item at a time.
//!
//! A generated file can hold 100,000 lines. Parsing all of it into one `syn::File` and
//! printing that keeps the tokens, the syntax tree and the text alive together; instead each
//! item is parsed, printed and dropped before the next, so only the text grows with the file.
//! `prettyplease` ends every item with a forced line break, so printing items one by one
//! gives the same text as printing the file at once.

use proc_macro2::TokenStream;
use syn::parse::{ParseStream, Parser};

use crate::EmitError;

/// Formats `tokens` as a Rust file, with `header` (line comments) above it.
pub(crate) fn format_file(
    file: &str,
    header: &str,
    tokens: TokenStream,
) -> Result<String, EmitError> {
    format_items(file, header, std::iter::once(tokens))
}

/// Formats a file given as consecutive pieces of tokens (each any number of whole items,
/// inner attributes only in the first), with `header` (line comments) above it. Each piece
/// is dropped once printed, so a caller that builds the pieces lazily never holds the
/// tokens of the whole file.
pub(crate) fn format_items(
    file: &str,
    header: &str,
    pieces: impl IntoIterator<Item = TokenStream>,
) -> Result<String, EmitError> {
    let mut body = Spacer::default();
    print_pieces(file, pieces, &mut body)?;
    Ok(finish(header, body.out))
}

/// The formatted items of a file whose top (its `use` lines) is known only once the items
/// are built: [`format_body`] prints them, then [`Body::finish`] puts the top above them.
pub(crate) struct Body(Spacer);

/// Prints `pieces` as [`format_items`] does, without the top of the file.
pub(crate) fn format_body(
    file: &str,
    pieces: impl IntoIterator<Item = TokenStream>,
) -> Result<Body, EmitError> {
    let mut body = Spacer::default();
    print_pieces(file, pieces, &mut body)?;
    Ok(Body(body))
}

impl Body {
    /// The file: `header`, then `top`, then the items, as [`format_items`] prints them all.
    pub(crate) fn finish(
        self,
        file: &str,
        header: &str,
        top: TokenStream,
    ) -> Result<String, EmitError> {
        let mut text = Spacer::default();
        print_pieces(file, std::iter::once(top), &mut text)?;
        text.append(self.0);
        Ok(finish(header, text.out))
    }
}

/// A file's items in pieces that are printed one at a time (see [`format_pieces`]).
#[derive(Default)]
pub(crate) struct Pieces(Vec<Piece>);

/// One piece of [`Pieces`].
enum Piece {
    /// Whole items.
    Items(TokenStream),
    /// A module, trait or `impl` block whose items are printed one by one, so that a block of
    /// 20,000 handlers is never parsed whole.
    Block {
        /// Everything before the braces: attributes, visibility, keyword, name, bounds.
        head: TokenStream,
        /// What kind of block, for printing its items where they belong.
        kind: Block,
        /// The block's items, each whole.
        items: Vec<TokenStream>,
    },
}

/// The kind of a [`Piece::Block`].
#[derive(Debug, Clone, Copy)]
pub(crate) enum Block {
    /// `mod name { … }`.
    Mod,
    /// `trait Name { … }`.
    Trait,
    /// `impl Type { … }`.
    Impl,
}

impl Pieces {
    /// Adds whole items.
    pub(crate) fn items(&mut self, tokens: TokenStream) {
        self.0.push(Piece::Items(tokens));
    }

    /// Adds a block: `head { items }`.
    pub(crate) fn block(
        &mut self,
        head: TokenStream,
        kind: Block,
        items: impl IntoIterator<Item = TokenStream>,
    ) {
        self.0.push(Piece::Block {
            head,
            kind,
            items: items.into_iter().collect(),
        });
    }

    /// The pieces as one stream of tokens, as the file holds them.
    #[cfg(test)]
    pub(crate) fn into_tokens(self) -> TokenStream {
        let mut out = TokenStream::new();
        for piece in self.0 {
            out.extend(piece.into_tokens());
        }
        out
    }
}

impl Piece {
    fn into_tokens(self) -> TokenStream {
        match self {
            Piece::Items(tokens) => tokens,
            Piece::Block { head, items, .. } => quote::quote! { #head { #(#items)* } },
        }
    }
}

/// Formats a file given as [`Pieces`] after `top` (its `use` lines), with `header` above it:
/// the text [`format_file`] gives for the same tokens, without ever parsing a block whole.
pub(crate) fn format_pieces(
    file: &str,
    header: &str,
    top: TokenStream,
    pieces: Pieces,
) -> Result<String, EmitError> {
    let mut body = Spacer::default();
    print_pieces(file, std::iter::once(top), &mut body)?;
    for piece in pieces.0 {
        match piece {
            Piece::Items(tokens) => print_pieces(file, std::iter::once(tokens), &mut body)?,
            Piece::Block { head, kind, items } => print_block(file, head, kind, items, &mut body)?,
        }
    }
    Ok(finish(header, body.out))
}

/// Prints `head { items }` into `body`, item by item: the head is printed as an empty block,
/// each item inside a stand-in block of the same kind, whose first and last lines are left
/// out, so each line is what printing the whole block gives.
fn print_block(
    file: &str,
    head: TokenStream,
    kind: Block,
    items: Vec<TokenStream>,
    body: &mut Spacer,
) -> Result<(), EmitError> {
    let unparsable = |e: syn::Error| EmitError::Unparsable {
        file: file.to_owned(),
        message: e.to_string(),
    };
    let empty = print_item(quote::quote! { #head {} }).map_err(unparsable)?;
    let Some(open) = empty.strip_suffix("{}\n") else {
        // A head printed otherwise (never seen): print the block whole.
        let whole = Piece::Block { head, kind, items }.into_tokens();
        return print_pieces(file, std::iter::once(whole), body);
    };
    if items.is_empty() {
        body.push(&empty);
        return Ok(());
    }
    body.push(&format!("{open}{{\n"));
    let stand_in = match kind {
        Block::Mod => "mod __piece {",
        Block::Trait => "trait __Piece {",
        Block::Impl => "impl __Piece {",
    };
    for item in items {
        let wrapped = match kind {
            Block::Mod => quote::quote! { mod __piece { #item } },
            Block::Trait => quote::quote! { trait __Piece { #item } },
            Block::Impl => quote::quote! { impl __Piece { #item } },
        };
        let text = print_item(wrapped).map_err(unparsable)?;
        let inner = text
            .strip_prefix(stand_in)
            .and_then(|t| t.strip_prefix('\n'))
            .and_then(|t| t.strip_suffix("}\n"));
        match inner {
            Some(inner) => body.push(inner),
            None => {
                return Err(EmitError::Unparsable {
                    file: file.to_owned(),
                    message: format!("an item of a block printed unexpectedly: {text}"),
                })
            }
        }
    }
    body.push("}\n");
    Ok(())
}

/// One item, printed.
fn print_item(tokens: TokenStream) -> syn::Result<String> {
    let item: syn::Item = syn::parse2(tokens)?;
    Ok(print_file(Vec::new(), vec![item]))
}

/// Prints each item of `pieces` into `body`.
fn print_pieces(
    file: &str,
    pieces: impl IntoIterator<Item = TokenStream>,
    body: &mut Spacer,
) -> Result<(), EmitError> {
    for tokens in pieces {
        let print = |input: ParseStream| -> syn::Result<()> {
            let attrs = input.call(syn::Attribute::parse_inner)?;
            if !attrs.is_empty() {
                body.push(&print_file(attrs, Vec::new()));
            }
            while !input.is_empty() {
                let item: syn::Item = input.parse()?;
                body.push(&print_file(Vec::new(), vec![item]));
            }
            Ok(())
        };
        print.parse2(tokens).map_err(|e| EmitError::Unparsable {
            file: file.to_owned(),
            message: e.to_string(),
        })?;
    }
    Ok(())
}

/// `header` above the printed `body`, with no control characters left.
fn finish(header: &str, body: String) -> String {
    let mut out = String::with_capacity(header.len() + body.len() + 1);
    out.push_str(header);
    if !header.is_empty() && !body.is_empty() {
        out.push('\n');
    }
    out.push_str(&body);
    // Raw control and bidirectional characters can only come from spec text in comments
    // (the header, doc attributes); none may stay.
    match crate::docs::strip_unprintable(&out) {
        std::borrow::Cow::Borrowed(_) => out,
        std::borrow::Cow::Owned(clean) => clean,
    }
}

fn print_file(attrs: Vec<syn::Attribute>, items: Vec<syn::Item>) -> String {
    prettyplease::unparse(&syn::File {
        shebang: None,
        frontmatter: None,
        attrs,
        items,
    })
}

/// Puts a blank line between top-level items (prettyplease keeps them adjacent), except
/// between consecutive `use` lines. Text arrives in pieces of whole lines.
#[derive(Default)]
struct Spacer {
    out: String,
    /// Of the last line so far: whether it closes an item, and whether it is a `use`.
    prev: Option<(bool, bool)>,
}

impl Spacer {
    fn push(&mut self, text: &str) {
        for line in text.lines() {
            self.separate(line);
            self.out.push_str(line);
            self.out.push('\n');
            let closes_item = !line.starts_with(' ')
                && (line == "}" || line.ends_with(';') || line.ends_with("{}"));
            self.prev = Some((closes_item, line.starts_with("use ")));
        }
    }

    /// Adds the blank line that goes before `line` after what was pushed so far.
    fn separate(&mut self, line: &str) {
        if let Some((closes_item, was_use)) = self.prev {
            let both_use = was_use && line.starts_with("use ");
            if closes_item && !line.is_empty() && !line.starts_with(' ') && line != "}" && !both_use
            {
                self.out.push('\n');
            }
        }
    }

    /// Appends text spaced on its own, as if it had been pushed here.
    fn append(&mut self, other: Spacer) {
        if let Some(first) = other.out.lines().next() {
            self.separate(first);
            self.out.push_str(&other.out);
            self.prev = other.prev;
        }
    }
}

#[cfg(test)]
fn space_items(text: &str) -> String {
    let mut spacer = Spacer::default();
    spacer.push(text);
    spacer.out
}

#[cfg(test)]
mod tests {
    use quote::quote;

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

    #[test]
    fn spacing_does_not_depend_on_how_the_text_is_cut() {
        let text =
            "use a::b;\nuse c::d;\npub struct A {\n    x: u8,\n}\nimpl A {}\npub type B = A;\n";
        let whole = space_items(text);
        let lines: Vec<&str> = text.split_inclusive('\n').collect();
        for cut in 0..=lines.len() {
            let mut spacer = Spacer::default();
            spacer.push(&lines[..cut].concat());
            spacer.push(&lines[cut..].concat());
            assert_eq!(spacer.out, whole, "cut after line {cut}");
        }
    }

    /// Blocks printed item by item give the text of the whole file printed at once.
    #[test]
    fn blocks_item_by_item_equal_the_whole_file() {
        let top = quote! { use std::sync::Arc; };
        let mut whole = top.clone();
        whole.extend(sample_pieces().into_tokens());
        let whole = format_file("x.rs", "// h\n", whole).expect("prints");
        assert!(
            whole.contains("mod handlers {\n    use super::*;\n"),
            "{whole}"
        );
        assert_eq!(
            format_pieces("x.rs", "// h\n", top, sample_pieces()).ok(),
            Some(whole)
        );
    }

    fn sample_pieces() -> Pieces {
        let mut pieces = Pieces::default();
        pieces.items(quote! { pub struct Client { http: u8 } });
        pieces.block(
            quote! {
                /// The operations, with a bound.
                pub trait Api: Send + Sync + 'static
            },
            Block::Trait,
            [
                quote! {
                    /// One.
                    fn one(&self, input: u8, request: Vec<u8>) -> impl std::future::Future<Output = Result<Vec<Option<String>>, std::io::Error>> + Send;
                },
                quote! { fn two(&self) -> u8 { 2 } },
            ],
        );
        pieces.block(
            quote! { impl Client },
            Block::Impl,
            [
                quote! { pub fn a(&self) -> u8 { self.http } },
                quote! {
                    /// Two methods in one piece.
                    pub async fn b(&self, x: u8) -> u8 { match x { 0 => 1, _ => { let y = x + 1; y * 2 } } }
                    fn c() {}
                },
            ],
        );
        pieces.block(
            quote! {
                /// Handlers.
                mod handlers
            },
            Block::Mod,
            [
                quote! { use super::*; },
                quote! { pub(super) fn h<A: Api>(api: A) -> u8 { let _ = api; 0 } },
                quote! { #[allow(dead_code)] pub(super) struct S; },
            ],
        );
        pieces.block(quote! { mod empty }, Block::Mod, []);
        pieces.items(quote! { const Z: u8 = 0; });
        pieces
    }

    /// Item by item, in one piece or in many, the text is what printing the whole file at
    /// once gives.
    #[test]
    fn item_by_item_equals_the_whole_file() {
        let pieces = vec![
            quote! {
                #![doc = "Inner docs."]
                #![allow(dead_code)]
                use std::collections::HashMap;
                use serde::{Deserialize, Serialize};
            },
            quote! {
                /// A struct with a long where clause that prettyplease has to break.
                #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
                pub struct Pet { pub name: String, #[serde(rename = "petType")] pub pet_type: Option<HashMap<String, Vec<Option<Box<Pet>>>>> }
                impl Pet { pub fn new(name: String) -> Self { Self { name, pet_type: None } } }
            },
            quote! {
                pub type Pets = Vec<Pet>;
                pub enum Kind { #[serde(rename = "a")] A, B(String), C { x: i64 } }
                pub mod inner { include!("inner.rs"); }
                static RE: std::sync::LazyLock<u8> = std::sync::LazyLock::new(|| { let x = 1; x + 1 });
                const X: u8 = if true { 1 } else { 2 };
                fn f<T>(t: T) -> Result<(), String> where T: Into<String> + Clone + std::fmt::Debug + Send + Sync + 'static { let _ = t.into(); Ok(()) }
            },
        ];
        let whole: TokenStream = pieces.iter().cloned().collect();
        let file: syn::File = syn::parse2(whole.clone()).expect("the test tokens parse");
        let expected = format!("// h\n\n{}", space_items(&prettyplease::unparse(&file)));
        assert_eq!(
            format_file("x.rs", "// h\n", whole).ok(),
            Some(expected.clone())
        );
        assert_eq!(
            format_items("x.rs", "// h\n", pieces.clone()).ok(),
            Some(expected.clone())
        );
        // The top put above items printed first: the same text.
        let top = pieces[0].clone();
        let body = format_body("x.rs", pieces[1..].iter().cloned()).expect("prints");
        assert_eq!(body.finish("x.rs", "// h\n", top).ok(), Some(expected));
        // With no top at all, the items alone.
        let body = format_body("x.rs", pieces[1..].iter().cloned()).expect("prints");
        let alone = format_items("x.rs", "// h\n", pieces[1..].iter().cloned()).ok();
        assert_eq!(
            body.finish("x.rs", "// h\n", TokenStream::new()).ok(),
            alone
        );
    }

    #[test]
    fn unparsable_tokens_name_the_file() {
        let error = format_items("x.rs", "", vec![quote! { pub struct A; }, quote! { fn }]);
        assert!(
            matches!(&error, Err(EmitError::Unparsable { file, .. }) if file == "x.rs"),
            "{error:?}"
        );
    }
}

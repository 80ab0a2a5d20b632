//! Streamed responses (`text/event-stream`, JSON lines, JSON text sequences): the `stream` module of
//! `runtime/events.rs`, emitted whole into `operations.rs` when some operation streams, and
//! what the client and the server write for each streamed variant.

use proc_macro2::TokenStream;
use quote::{quote, ToTokens};

use crate::operations::{Codec, OpItems};

/// Whether some operation answers with a stream.
pub(crate) fn any_stream(items: &[OpItems<'_>]) -> bool {
    items.iter().any(has_stream)
}

/// Whether one of the operation's responses is a stream.
pub(crate) fn has_stream(item: &OpItems<'_>) -> bool {
    item.variants
        .iter()
        .any(|v| v.body.as_ref().is_some_and(|(codec, _)| codec.is_stream()))
}

/// The `stream` module of `runtime/events.rs` (its tests are not part of it).
pub(crate) fn stream_module() -> TokenStream {
    // The runtime source is compiled in this crate's tests, so it parses.
    let file = syn::parse_file(include_str!("runtime/events.rs"))
        .expect("the runtime sources are valid Rust");
    let module = file.items.into_iter().find_map(|item| match item {
        syn::Item::Mod(m) if m.ident == "stream" => Some(m),
        _ => None,
    });
    module.map(|m| m.to_token_stream()).unwrap_or_default()
}

/// The client's reading of a body already received as a stream (`read_all`).
pub(crate) fn read_all(codec: Codec) -> TokenStream {
    let framing = match codec {
        Codec::Sse { text } => quote! { stream::Framing::Sse { text: #text } },
        Codec::JsonSeq => quote! { stream::Framing::JsonSeq },
        _ => quote! { stream::Framing::Lines },
    };
    quote! { stream::EventStream::read_all(response.body, #framing) }
}

/// The server's body for a stream (`body` is the handler's `EventStream`).
pub(crate) fn server_body(codec: Codec) -> TokenStream {
    match codec {
        Codec::Sse { text } => quote! { axum::body::Body::from_stream(body.into_sse(#text)) },
        Codec::JsonSeq => quote! { axum::body::Body::from_stream(body.into_seq()) },
        _ => quote! { axum::body::Body::from_stream(body.into_lines()) },
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_stream_module_is_found_without_its_tests() {
        let text = super::stream_module().to_string();
        assert!(text.starts_with("# [doc"), "{text}");
        assert!(text.contains("pub struct EventStream"));
        assert!(!text.contains("mod tests"));
    }
}

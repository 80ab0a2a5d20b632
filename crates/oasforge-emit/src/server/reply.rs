//! `impl IntoResponse` for each operation's response enum.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use crate::ledger::Uses;
use crate::operations::{Codec, OpItems, Variant};
use crate::runtime::Helper;

/// `impl IntoResponse for …Response`: status, content type, body and declared headers.
pub(super) fn reply_impl(item: &OpItems<'_>, uses: &mut Uses) -> TokenStream {
    uses.use_(Helper::Reply);
    let resp = &item.response;
    let arms = item.variants.iter().map(|v| reply_arm(v, uses));
    if item.variants.is_empty() {
        return quote! {
            impl IntoResponse for #resp {
                fn into_response(self) -> Response {
                    match self {}
                }
            }
        };
    }
    quote! {
        impl IntoResponse for #resp {
            fn into_response(self) -> Response {
                match self {
                    #(#arms)*
                }
            }
        }
    }
}

fn reply_arm(v: &Variant<'_>, uses: &mut Uses) -> TokenStream {
    let name = &v.ident;
    let status = match v.code() {
        Some(c) => {
            let c = Literal::u16_unsuffixed(c);
            quote! { #c }
        }
        None => quote! { status },
    };
    let content_type = v
        .response
        .body
        .as_ref()
        .map(|b| b.content_type.clone())
        .unwrap_or_default();
    let stream = v
        .body
        .as_ref()
        .map(|(codec, _)| *codec)
        .filter(|codec| codec.is_stream());
    let encoded = v.body.as_ref().map(|(codec, _)| match codec {
        Codec::Json => {
            uses.use_(Helper::JsonBody);
            quote! { json_body(&body) }
        }
        Codec::Text => quote! { Some(body.into_bytes()) },
        Codec::Bytes | Codec::Sse { .. } | Codec::Lines | Codec::JsonSeq => quote! { Some(body) },
    });
    let payload = match encoded {
        Some(e) => quote! { #e.map(|bytes| (#content_type, bytes)) },
        None => quote! { Some(("", Vec::new())) },
    };
    // The leading required headers start the list (`vec![…]`: pushing right after
    // `Vec::new()` trips clippy's vec_init_then_push); the rest are pushed in order.
    let leading = v.headers.iter().take_while(|h| h.header.required).count();
    let initial = v.headers[..leading].iter().map(|h| {
        let field = &h.ident;
        let wire = &h.header.wire_name;
        quote! { (#wire, #field.to_string()) }
    });
    let header_pushes: Vec<TokenStream> = v.headers[leading..]
        .iter()
        .map(|h| {
            let field = &h.ident;
            let wire = &h.header.wire_name;
            if h.header.required {
                quote! { headers.push((#wire, #field.to_string())); }
            } else {
                quote! {
                    if let Some(value) = #field {
                        headers.push((#wire, value.to_string()));
                    }
                }
            }
        })
        .collect();
    let headers_let = (!v.headers.is_empty()).then(|| {
        if header_pushes.is_empty() {
            quote! { let headers = vec![#(#initial),*]; }
        } else if leading == 0 {
            quote! { let mut headers = Vec::new(); #(#header_pushes)* }
        } else {
            quote! { let mut headers = vec![#(#initial),*]; #(#header_pushes)* }
        }
    });
    let headers_arg = if v.headers.is_empty() {
        quote! { Vec::new() }
    } else {
        quote! { headers }
    };
    let bind = if v.is_struct() {
        let status_bind = v.code().is_none().then(|| quote! { status, });
        let body_bind = v.body.is_some().then(|| quote! { body, });
        let fields = v.headers.iter().map(|h| &h.ident);
        quote! { Self::#name { #status_bind #body_bind #(#fields,)* } }
    } else if v.body.is_some() {
        quote! { Self::#name(body) }
    } else {
        quote! { Self::#name }
    };
    if let Some(codec) = stream {
        uses.use_(Helper::ReplyStream);
        let body = crate::streams::server_body(codec);
        return quote! {
            #bind => {
                #headers_let
                reply_stream(#status, #content_type, #body, #headers_arg)
            }
        };
    }
    quote! {
        #bind => {
            #headers_let
            reply(#status, #payload, #headers_arg)
        }
    }
}

#[cfg(test)]
mod unit_tests {
    use super::*;
    use crate::operations::op_items;
    use crate::testing::{api, text, SHOP};

    #[test]
    fn a_documented_status_a_header_and_a_default_are_answered() {
        let api = api(SHOP);
        let items = op_items(&api);
        let mut uses = Uses::default();
        let text = text(reply_impl(&items[1], &mut uses));
        assert!(
            text.contains("impl IntoResponse for CreateItemResponse"),
            "{text}"
        );
        assert!(text.contains("201"), "{text}");
        assert!(text.contains("\"Location\""), "{text}");
        assert!(text.contains("json_body(&body)"), "{text}");
        // The default response answers with the status it holds.
        assert!(text.contains("Self::Default"), "{text}");
        assert!(uses.helpers.has(Helper::Reply) && uses.helpers.has(Helper::JsonBody));
    }

    #[test]
    fn a_response_without_bodies_needs_no_json() {
        let api = api(r#"
openapi: 3.0.3
info: {title: A, version: 1.0.0}
paths:
  /ping:
    get:
      operationId: ping
      responses: {'204': {description: Nothing.}}
"#);
        let items = op_items(&api);
        let mut uses = Uses::default();
        let text = text(reply_impl(&items[0], &mut uses));
        assert!(text.contains("204"), "{text}");
        assert!(!uses.helpers.has(Helper::JsonBody));
    }
}

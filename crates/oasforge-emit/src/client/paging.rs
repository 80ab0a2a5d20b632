//! `*_stream` methods: every item of a paginated listing, page after page.

use std::collections::HashSet;

use oasforge_ir::{Api, Bound, Operation, PageKind, Param, Scalar, Struct, Ty, TyKind, TypeKind};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use serde_json::Value;

use super::method::is_optional;
use super::Helpers;
use crate::ledger::Module;
use crate::operations::{op_label, Codec, OpItems};
use crate::runtime::Helper;
use crate::types::{ident, ty_tokens_through};
use oasforge_ir::names::compose;

/// `*_stream`: every item of a paginated listing, page after page.
pub(super) fn stream(
    api: &Api,
    item: &OpItems<'_>,
    item_names: &HashSet<String>,
    helpers: &mut Helpers,
) -> Option<TokenStream> {
    let op = item.op;
    let pagination = op.pagination.as_ref()?;
    let variant = &item.variants[pagination.response];
    let (Codec::Json, _) = variant.body.as_ref()? else {
        return None;
    };
    let body_ty = &op.responses[pagination.response].body.as_ref()?.ty;
    let page = page_struct(api, body_ty);
    let (items, item_ty) = match pagination.items_field {
        Some(index) => {
            let field = &page?.fields[index];
            let TyKind::Array(item_ty) = &field.ty.kind else {
                return None;
            };
            let name = ident(&field.name);
            let items = if field.required && !field.ty.nullable {
                quote! { page.#name }
            } else {
                quote! { page.#name.unwrap_or_default() }
            };
            (items, item_ty)
        }
        None => {
            let TyKind::Array(item_ty) = &body_ty.kind else {
                return None;
            };
            let items = if body_ty.nullable {
                quote! { page.unwrap_or_default() }
            } else {
                quote! { page }
            };
            (items, item_ty)
        }
    };
    // Through `models::`: an item model may be named like an item of `client.rs` (`Error`).
    let item_ty = ty_tokens_through(api, item_ty, &quote! { models });
    if stream_item_type(api, item).is_some() {
        helpers.uses.import(Module::Models, "self");
    }
    let method = &item.method;
    // `x_stream`, unless an operation has that name.
    let stream_name = compose(&op.name, "stream");
    let stream_name = if item_names.contains(&stream_name) {
        ident(&compose(&op.name, "items_stream"))
    } else {
        ident(&stream_name)
    };
    let input = &item.input;
    let resp = &item.response;
    let vname = &variant.ident;
    let page_pattern = if variant.is_struct() {
        quote! { #resp::#vname { body: page, .. } }
    } else {
        quote! { #resp::#vname(page) }
    };
    let other = (item.variants.len() > 1).then(|| {
        helpers.not_a_page = true;
        quote! { other => return Err(Error::NotAPage(other.status())), }
    });
    let take_page = if other.is_some() {
        quote! {
            let page = match self.#method(&input).await? {
                #page_pattern => page,
                #other
            };
        }
    } else {
        quote! { let #page_pattern = self.#method(&input).await?; }
    };
    let (following, how) = following(op, page, &pagination.kind, item, helpers)?;
    let doc = format!(" Every item of {}, page after page: {how}.", op_label(op));
    let doc2 = format!(
        " The first request is `input` as given; see [`Client::{}`].",
        op.name
    );
    Some(quote! {
        #[doc = #doc]
        ///
        #[doc = #doc2]
        ///
        /// The stream is `Unpin` and `Send`: `while let Some(item) = stream.try_next().await?`
        /// works as written.
        pub fn #stream_name(&self, input: #input) -> impl Stream<Item = Result<#item_ty, Error<#resp>>> + Unpin + Send + '_ {
            Box::pin(futures::stream::try_unfold(Some(input), move |next| async move {
                let Some(input) = next else {
                    return Ok(None);
                };
                #take_page
                let items = #items;
                let following = #following;
                let items = futures::stream::iter(items.into_iter().map(Ok));
                Ok(Some((items, following)))
            })
            .try_flatten())
        }
    })
}

/// The struct a page decodes into, when the body is a named struct.
fn page_struct<'a>(api: &'a Api, body: &Ty) -> Option<&'a Struct> {
    let TyKind::Named(id) = body.kind else {
        return None;
    };
    match &api.type_def(id).kind {
        TypeKind::Struct(s) => Some(s),
        _ => None,
    }
}

/// The expression for the input of the next page (`None` after the last page, with the page
/// in `page` and its items in `items`), and how the stream knows the next page, for the docs.
fn following(
    op: &Operation,
    page: Option<&Struct>,
    kind: &PageKind,
    item: &OpItems<'_>,
    helpers: &mut Helpers,
) -> Option<(TokenStream, String)> {
    Some(match kind {
        PageKind::Token {
            token_param,
            next_token_field,
        } => {
            let token_param = &op.params[*token_param];
            let next_field = &page?.fields[*next_token_field];
            let next_name = ident(&next_field.name);
            let next = if next_field.required && !next_field.ty.nullable {
                quote! { Some(page.#next_name) }
            } else {
                quote! { page.#next_name }
            };
            let with_token = with_param(token_param, item);
            let expr = quote! {
                #next
                    .filter(|token| !token.is_empty())
                    .map(#with_token)
            };
            let how = format!(
                "each response's `{}` is sent as `{}` until a page comes without one",
                next_field.wire_name, token_param.wire_name
            );
            (expr, how)
        }
        PageKind::Offset {
            offset_param,
            limit_param,
            total_field,
        } => {
            let offset_param = &op.params[*offset_param];
            let (offset, rust_ty) = integer_param(offset_param, 0)?;
            helpers.use_(Helper::NextOffset);
            let limit = page_size(limit_param.map(|i| &op.params[i]));
            let total = match total_field.map(|i| page.map(|s| &s.fields[i])) {
                Some(Some(f)) => {
                    let name = ident(&f.name);
                    if f.required && !f.ty.nullable {
                        quote! { Some(i128::from(page.#name)) }
                    } else {
                        quote! { page.#name.map(i128::from) }
                    }
                }
                _ => quote! { None },
            };
            let with_offset = with_param(offset_param, item);
            let expr = quote! {
                next_offset(#offset, items.len(), #limit, #total)
                    .and_then(|next| #rust_ty::try_from(next).ok())
                    .map(#with_offset)
            };
            let how = format!(
                "`{}` advances by the number of items received until a page comes empty{}{}",
                offset_param.wire_name,
                match limit_param {
                    Some(i) => format!(", shorter than `{}`", op.params[*i].wire_name),
                    None => String::new(),
                },
                match total_field.zip(page) {
                    Some((i, s)) => format!(" or reaching `{}`", s.fields[i].wire_name),
                    None => String::new(),
                },
            );
            (expr, how)
        }
        PageKind::Page {
            page_param,
            limit_param,
        } => {
            let page_param = &op.params[*page_param];
            let first = page_param
                .ty
                .constraints
                .default
                .as_ref()
                .and_then(Value::as_i64)
                .or_else(|| match page_param.ty.constraints.minimum {
                    Some(Bound {
                        value,
                        exclusive: false,
                    }) if value.fract() == 0.0 => Some(value as i64),
                    _ => None,
                })
                .unwrap_or(1);
            let (number, rust_ty) = integer_param(page_param, first)?;
            helpers.use_(Helper::NextPage);
            let limit = page_size(limit_param.map(|i| &op.params[i]));
            let with_page = with_param(page_param, item);
            let expr = quote! {
                next_page(#number, items.len(), #limit)
                    .and_then(|next| #rust_ty::try_from(next).ok())
                    .map(#with_page)
            };
            let how = format!(
                "`{}` goes up by one until a page comes empty{}",
                page_param.wire_name,
                match limit_param {
                    Some(i) => format!(" or shorter than `{}`", op.params[*i].wire_name),
                    None => String::new(),
                },
            );
            (expr, how)
        }
    })
}

/// For an integer parameter: its value as `i128` (`absent` or the default when not sent),
/// and its Rust type.
fn integer_param(p: &Param, absent: i64) -> Option<(TokenStream, TokenStream)> {
    let rust_ty = match p.ty.kind {
        TyKind::Scalar(Scalar::I32) => quote! { i32 },
        TyKind::Scalar(Scalar::I64) => quote! { i64 },
        TyKind::Scalar(Scalar::U32) => quote! { u32 },
        TyKind::Scalar(Scalar::U64) => quote! { u64 },
        _ => return None,
    };
    let name = ident(&p.name);
    let value = if is_optional(p) {
        let absent =
            p.ty.constraints
                .default
                .as_ref()
                .and_then(Value::as_i64)
                .unwrap_or(absent);
        let absent = proc_macro2::Literal::i64_unsuffixed(absent);
        quote! { input.#name.map_or(#absent, i128::from) }
    } else {
        quote! { i128::from(input.#name) }
    };
    Some((value, rust_ty))
}

/// `|x| Input { p: Some(x), ..input }`: the closure that puts a new value of parameter `p`
/// into a copy of `input`, named after the parameter so the field needs no label.
fn with_param(p: &Param, item: &OpItems<'_>) -> TokenStream {
    let input = &item.input;
    let name = ident(&p.name);
    let var = if p.name == "input" {
        format_ident!("value")
    } else {
        name.clone()
    };
    let value = if is_optional(p) {
        quote! { Some(#var) }
    } else {
        quote! { #var }
    };
    let field = if var == name && !is_optional(p) {
        quote! { #name }
    } else {
        quote! { #name: #value }
    };
    // The rest of the input, unless the parameter is all of it.
    let rest = (item.op.params.len() > 1 || item.body.is_some()).then(|| quote! { ..input });
    quote! { |#var| #input { #field, #rest } }
}

/// The page size a request asks for, as `Option<i128>`: the parameter's value, else its
/// `default`, else unknown.
fn page_size(p: Option<&Param>) -> TokenStream {
    let Some(p) = p else {
        return quote! { None };
    };
    let name = ident(&p.name);
    if !is_optional(p) {
        return quote! { Some(i128::from(input.#name)) };
    }
    match p.ty.constraints.default.as_ref().and_then(Value::as_i64) {
        Some(default) => {
            let default = proc_macro2::Literal::i64_unsuffixed(default);
            quote! { Some(input.#name.map_or(#default, i128::from)) }
        }
        None => quote! { input.#name.map(i128::from) },
    }
}

/// The named model a `*_stream` method's items are or hold, when there is one.
fn stream_item_type(api: &Api, item: &OpItems<'_>) -> Option<String> {
    let p = item.op.pagination.as_ref()?;
    let body = &item.op.responses[p.response].body.as_ref()?.ty;
    let items = match p.items_field {
        Some(index) => &page_struct(api, body)?.fields[index].ty,
        None => body,
    };
    // The named type inside the items (`Vec<Item>`, also `Vec<Vec<Item>>` or maps of it).
    fn named(ty: &Ty) -> Option<oasforge_ir::TypeId> {
        match &ty.kind {
            TyKind::Named(id) => Some(*id),
            TyKind::Array(inner) | TyKind::Map(inner) => named(inner),
            _ => None,
        }
    }
    match &items.kind {
        TyKind::Array(inner) => named(inner).map(|id| api.type_def(id).name.clone()),
        _ => None,
    }
}

#[cfg(test)]
mod unit_tests {
    use super::*;
    use crate::operations::op_items;
    use crate::testing::{api, text, PETS, SHOP};

    #[test]
    fn a_cursor_listing_streams_its_items() {
        let api = api(SHOP);
        let items = op_items(&api);
        let names: HashSet<String> = items.iter().map(|i| i.op.name.clone()).collect();
        let mut helpers = Helpers::default();
        let list = &items[0];
        let tokens = stream(&api, list, &names, &mut helpers).expect("the listing pages");
        let text = text(quote! { impl Client { #tokens } });
        assert!(text.contains("pub fn list_items_stream("), "{text}");
        // The item model through its module, which is imported.
        assert!(
            text.contains("Result<models::Item, Error<ListItemsResponse>>"),
            "{text}"
        );
        assert!(
            helpers
                .uses
                .use_items()
                .to_string()
                .contains("use super :: models ;"),
            "{:?}",
            helpers.uses.use_items().to_string()
        );
        // The listing also documents a 404, which carries no page.
        assert!(helpers.not_a_page);
        assert!(text.contains("Error::NotAPage(other.status())"), "{text}");
        assert_eq!(stream_item_type(&api, list).as_deref(), Some("Item"));
    }

    #[test]
    fn operations_that_do_not_page_have_no_stream() {
        for spec in [SHOP, PETS] {
            let api = api(spec);
            let items = op_items(&api);
            let names: HashSet<String> = items.iter().map(|i| i.op.name.clone()).collect();
            let mut helpers = Helpers::default();
            let last = items.last().expect("an operation");
            assert!(stream(&api, last, &names, &mut helpers).is_none());
            assert_eq!(stream_item_type(&api, last), None);
            assert!(!helpers.not_a_page);
        }
    }

    #[test]
    fn a_stream_named_like_an_operation_is_renamed() {
        let api = api(SHOP);
        let items = op_items(&api);
        let names: HashSet<String> = ["list_items", "list_items_stream"]
            .map(str::to_owned)
            .into();
        let tokens =
            stream(&api, &items[0], &names, &mut Helpers::default()).expect("the listing pages");
        assert!(
            text(quote! { impl Client { #tokens } }).contains("pub fn list_items_items_stream(")
        );
    }
}

//! The runtime table agrees with the runtime sources.

use std::collections::BTreeSet;

use proc_macro2::TokenTree;
use quote::ToTokens;

use super::*;

/// The identifiers in `tokens`, and those of them that follow a `.` (method calls).
fn idents(tokens: TokenStream, out: &mut BTreeSet<String>, after_dot: &mut BTreeSet<String>) {
    let mut dot = false;
    for tree in tokens {
        match &tree {
            TokenTree::Ident(i) => {
                out.insert(i.to_string());
                if dot {
                    after_dot.insert(i.to_string());
                }
            }
            TokenTree::Group(g) => idents(g.stream(), out, after_dot),
            TokenTree::Punct(_) | TokenTree::Literal(_) => {}
        }
        dot = matches!(&tree, TokenTree::Punct(p) if p.as_char() == '.');
    }
}

/// The items of a group of `source`.
fn group(source: Source, name: &str) -> Option<Vec<syn::Item>> {
    with_groups(source, |groups| {
        groups
            .iter()
            .find(|g| g.name == name)
            .map(|g| g.items.clone())
    })
}

/// The tokens a helper stands for: its group, or its method.
fn own_tokens(helper: Helper) -> TokenStream {
    let g = group(helper.source(), helper.part().group()).expect("group exists");
    let mut out = TokenStream::new();
    for item in &g {
        match (helper.part(), item) {
            (Part::Method(_, name), syn::Item::Impl(i)) => {
                for m in &i.items {
                    if matches!(m, syn::ImplItem::Fn(f) if f.sig.ident == name) {
                        m.to_tokens(&mut out);
                    }
                }
            }
            // An item's own `impl`s, without the methods that are helpers of their own.
            (Part::Item(group), syn::Item::Impl(i)) => {
                let mut i = i.clone();
                i.items.retain(|m| {
                    !matches!(m, syn::ImplItem::Fn(f) if Helper::ALL.iter().any(|h| {
                        h.source() == helper.source()
                            && matches!(h.part(), Part::Method(g, n) if g == group && f.sig.ident == n)
                    }))
                });
                i.to_tokens(&mut out);
            }
            (Part::Item(_), item) => item.to_tokens(&mut out),
            _ => {}
        }
    }
    out
}

#[test]
fn every_helper_names_a_part_of_its_file() {
    for helper in Helper::ALL {
        let part = helper.part();
        let g = group(helper.source(), part.group())
            .unwrap_or_else(|| panic!("{helper:?}: no group `{}`", part.group()));
        let found = match part {
            Part::Item(_) => true,
            Part::Method(_, name) => g.iter().any(|item| {
                matches!(item, syn::Item::Impl(i) if i.items.iter().any(|m| matches!(m, syn::ImplItem::Fn(f) if f.sig.ident == name)))
            }),
            Part::Variant(_, name) => g.iter().any(|item| {
                matches!(item, syn::Item::Enum(e) if e.variants.iter().any(|v| v.ident == name))
            }),
        };
        assert!(
            found,
            "{helper:?}: `{}` not in group `{}`",
            part.name(),
            part.group()
        );
    }
}

#[test]
fn every_group_of_the_runtime_files_is_a_helper() {
    for source in [
        Source::Client,
        Source::ClientMethods,
        Source::ClientLive,
        Source::Routes,
        Source::Server,
        Source::Validate,
    ] {
        let names: Vec<String> = with_groups(source, |groups| {
            groups.iter().map(|g| g.name.clone()).collect()
        });
        for name in names {
            assert!(
                Helper::ALL
                    .iter()
                    .any(|h| h.source() == source && h.part().group() == name),
                "{source:?}: `{name}` is never emitted"
            );
        }
    }
}

#[test]
fn every_helper_is_listed_once() {
    let set: BTreeSet<Helper> = Helper::ALL.iter().copied().collect();
    assert_eq!(set.len(), Helper::ALL.len());
    let parts: BTreeSet<(Source, &str, &str)> = Helper::ALL
        .iter()
        .map(|h| (h.source(), h.part().group(), h.part().name()))
        .collect();
    assert_eq!(parts.len(), Helper::ALL.len());
}

/// Helpers whose code has a local variable or a path named like another helper (not a use
/// of it: `invalid`, `reqwest::Error`).
const SAME_NAMED_LOCALS: &[(Helper, Helper)] = &[
    (Helper::Reply, Helper::ContentType),
    // The parts' `content_type` fields.
    (Helper::FormPart, Helper::ContentType),
    (Helper::ParseMultipart, Helper::ContentType),
    (Helper::MultipartFile, Helper::ContentType),
    (Helper::Pending, Helper::ClientError),
    // The `credentials` and `base_url` fields, not the getters.
    (Helper::WithCredentials, Helper::CredentialsGetter),
    (Helper::SendWhole, Helper::BaseUrl),
    // `MiddlewareChain::send`, not `Client::send`.
    (Helper::Open, Helper::SendOpened),
];

/// The declared needs are exactly the helpers of the same file that the code names.
#[test]
fn needs_are_what_the_code_calls() {
    for helper in Helper::ALL {
        if matches!(helper.part(), Part::Variant(..)) {
            continue;
        }
        let (mut names, mut methods) = (BTreeSet::new(), BTreeSet::new());
        idents(own_tokens(*helper), &mut names, &mut methods);
        let called: BTreeSet<Helper> = Helper::ALL
            .iter()
            .copied()
            .filter(|h| *h != *helper && h.source() == helper.source())
            .filter(|h| !SAME_NAMED_LOCALS.contains(&(*helper, *h)))
            .filter(|h| match h.part() {
                Part::Item(name) => names.contains(name),
                Part::Method(group, name) => {
                    group == helper.part().group() && methods.contains(name)
                }
                Part::Variant(..) => false,
            })
            .collect();
        let declared: BTreeSet<Helper> = helper.needs().iter().copied().collect();
        assert_eq!(declared, called, "{helper:?}");
    }
}

#[test]
fn using_a_helper_uses_what_it_needs() {
    let mut helpers = Helpers::default();
    helpers.use_(Helper::PathSegment);
    for h in [Helper::Encode, Helper::ScalarText, Helper::SimpleText] {
        assert!(helpers.has(h), "{h:?}");
    }
    assert!(!helpers.has(Helper::QueryString));
    let mut helpers = Helpers::default();
    helpers.use_(Helper::DecodeParam);
    assert!(helpers.has(Helper::NewtypeViolation));
}

#[test]
fn only_the_used_items_and_parts_are_emitted_in_file_order() {
    let mut helpers = Helpers::default();
    helpers.use_(Helper::PayloadJson);
    helpers.use_(Helper::Base64);
    helpers.use_(Helper::Encode);
    helpers.use_(Helper::RawRequiredHeader);
    // (The headers bring the error enum, which names `Documented`: placed apart here.)
    let text = items(Source::Client, &helpers, |h| {
        !matches!(h.part().group(), "RawResponse" | "Error" | "Documented")
    })
    .to_string();
    let file = syn::parse_file(&text).expect("parses");
    let names: Vec<String> = file.items.iter().filter_map(item_name).collect();
    assert_eq!(names, ["Payload", "encode", "base64"]);
    let syn::Item::Enum(payload) = &file.items[0] else {
        panic!("Payload first");
    };
    let variants: Vec<String> = payload
        .variants
        .iter()
        .map(|v| v.ident.to_string())
        .collect();
    assert_eq!(variants, ["Json"]);
    let attach = file.items[1].to_token_stream().to_string();
    assert!(attach.contains("Self :: Json"), "{attach}");
    assert!(!attach.contains("Self :: Empty"), "{attach}");

    let raw = items(Source::Client, &helpers, |h| {
        h.part().group() == "RawResponse"
    })
    .to_string();
    let raw = syn::parse_file(&raw).expect("parses");
    assert_eq!(raw.items.len(), 2, "the struct and its impl");
    let syn::Item::Impl(raw) = &raw.items[1] else {
        panic!("an impl");
    };
    let methods: Vec<String> = raw
        .items
        .iter()
        .filter_map(|m| match m {
            syn::ImplItem::Fn(f) => Some(f.sig.ident.to_string()),
            _ => None,
        })
        .collect();
    assert_eq!(methods, ["header", "required_header"]);
    assert!(items(Source::Client, &Helpers::default(), |_| true).is_empty());
}

#[test]
fn the_error_enum_has_only_the_optional_variants_used() {
    let error = |optional: &[Helper]| {
        let mut helpers = Helpers::default();
        helpers.use_(Helper::ClientError);
        for h in optional {
            helpers.use_(*h);
        }
        let text = items(Source::Client, &helpers, |h| h.part().group() == "Error").to_string();
        let file = syn::parse_file(&text).expect("parses");
        let syn::Item::Enum(e) = &file.items[0] else {
            panic!("the enum first");
        };
        let variants: Vec<String> = e.variants.iter().map(|v| v.ident.to_string()).collect();
        (variants, text)
    };
    let (variants, text) = error(&[]);
    assert_eq!(
        variants,
        [
            "Invalid",
            "Encode",
            "Transport",
            "Status",
            "UnexpectedStatus",
            "Decode"
        ]
    );
    // The arms of `widen` and `Display` that name a dropped variant go with it.
    assert!(
        !text.contains("NoBaseUrl") && !text.contains("MissingCredentials"),
        "{text}"
    );
    assert!(
        text.contains("Self :: Invalid (errors) => Error :: Invalid"),
        "{text}"
    );
    let (variants, text) = error(&[Helper::ErrorNoBaseUrl, Helper::ErrorNotAPage]);
    assert_eq!(
        variants,
        [
            "Invalid",
            "Encode",
            "NoBaseUrl",
            "Transport",
            "NotAPage",
            "Status",
            "UnexpectedStatus",
            "Decode"
        ]
    );
    assert!(
        text.contains("Self :: NoBaseUrl => Error :: NoBaseUrl"),
        "{text}"
    );
    assert!(!text.contains("MissingCredentials"), "{text}");
}

#[test]
fn every_checked_format_has_a_helper() {
    for format in oasforge_ir::checked::CHECKED_FORMATS {
        let helper = Helper::format(format).unwrap_or_else(|| panic!("{format}"));
        assert_eq!(
            helper.part().name(),
            format!("is_{}", format.replace('-', "_"))
        );
    }
    assert_eq!(Helper::format("int32"), None);
}

#[test]
fn a_method_helper_is_its_method_alone() {
    for helper in Helper::ALL {
        let text = method(*helper).to_string();
        match helper.part() {
            Part::Method(_, name) => {
                let item: syn::ImplItemFn =
                    syn::parse_str(&text).unwrap_or_else(|e| panic!("{helper:?}: {e}: {text}"));
                assert_eq!(item.sig.ident, name, "{helper:?}");
            }
            _ => assert!(text.is_empty(), "{helper:?}: {text}"),
        }
    }
    // The two `send`s: one reads the response itself, one through `open` and `collect`.
    assert!(!method(Helper::SendWhole).to_string().contains("open"));
    let opened = method(Helper::SendOpened).to_string();
    assert!(
        opened.contains("self . open") && opened.contains("collect"),
        "{opened}"
    );
}

//! The items of `validate.rs` besides the checks: the imports (recorded), the runtime items
//! (violation types, the trait, `Valid<T>` always; the helpers the checks called, from
//! `runtime/validate.rs`), and the compiled-once statics (regexes, `enum`/`const` tables).

use oasforge_ir::pattern::translate;
use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};
use serde_json::Value;

use crate::ledger::{Module, Uses};
use crate::runtime::{self, Helper, Helpers, Source};

/// The support items: the fixed ones, the `use` lines, the statics of `patterns` (each as
/// written, and whether it needs `fancy-regex`) and `tables` (`enum` lists and `const` values),
/// and the `helpers` the checks call, recording the imports they need in `uses`; `models`
/// when there are model types to import.
pub(super) fn items(
    patterns: &[(String, bool)],
    tables: &[(Value, bool)],
    uses: &mut Uses,
    models: bool,
) -> TokenStream {
    uses.import(Module::StdFmt, "fmt");
    if models {
        uses.import(Module::Models, "*");
    }
    if !patterns.is_empty() || !tables.is_empty() {
        uses.import(Module::StdSync, "LazyLock");
    }
    let patterns = patterns.iter().enumerate().map(|(i, (pattern, fancy))| {
        let name = format_ident!("PATTERN_{}", i);
        let translated = rust_pattern(pattern);
        let doc = format!(" `pattern: {pattern}`, compiled on first use.");
        let engine = if *fancy {
            quote! { fancy_regex::Regex }
        } else {
            quote! { regex::Regex }
        };
        quote! {
            #[doc = #doc]
            static #name: LazyLock<#engine> = LazyLock::new(|| {
                #engine::new(#translated).expect("oasforge compiled this pattern when generating")
            });
        }
    });
    let tables = tables.iter().enumerate().map(|(i, (table, is_list))| {
        if *is_list {
            let name = format_ident!("ENUM_{}", i);
            let items = table
                .as_array()
                .map(|a| a.iter().map(json_expr).collect::<Vec<_>>())
                .unwrap_or_default();
            let doc = format!(" `enum: {table}`.");
            quote! {
                #[doc = #doc]
                static #name: LazyLock<Vec<serde_json::Value>> = LazyLock::new(|| vec![#(#items),*]);
            }
        } else {
            let name = format_ident!("CONST_{}", i);
            let value = json_expr(table);
            let doc = format!(" `const: {table}`.");
            quote! {
                #[doc = #doc]
                static #name: LazyLock<serde_json::Value> = LazyLock::new(|| #value);
            }
        }
    });
    // The violation types, `Validate` and `Valid<T>` are in every `validate.rs`.
    let mut fixed = Helpers::default();
    fixed.use_(Helper::Valid);
    let fixed_items = runtime::items(Source::Validate, &fixed, |_| true);
    let helpers = runtime::items(Source::Validate, &uses.helpers, |h| !fixed.has(h));
    quote! {
        #fixed_items

        #(#patterns)*
        #(#tables)*
        #helpers
    }
}

/// An expression building `value` at run time.
fn json_expr(value: &Value) -> TokenStream {
    match value {
        Value::Null => quote! { serde_json::Value::Null },
        Value::Bool(b) => quote! { serde_json::Value::Bool(#b) },
        Value::Number(n) => {
            let lit = if let Some(i) = n.as_i64() {
                Literal::i64_suffixed(i)
            } else if let Some(u) = n.as_u64() {
                Literal::u64_suffixed(u)
            } else {
                // serde_json numbers are finite, so this cannot panic.
                Literal::f64_suffixed(n.as_f64().filter(|f| f.is_finite()).unwrap_or(0.0))
            };
            quote! { serde_json::Value::from(#lit) }
        }
        Value::String(s) => quote! { serde_json::Value::from(#s) },
        Value::Array(items) => {
            let items = items.iter().map(json_expr);
            quote! { serde_json::Value::Array(vec![#(#items),*]) }
        }
        Value::Object(map) => {
            if map.is_empty() {
                return quote! { serde_json::Value::Object(serde_json::Map::new()) };
            }
            let entries = map.iter().map(|(k, v)| {
                let v = json_expr(v);
                quote! { (String::from(#k), #v) }
            });
            quote! { serde_json::Value::Object([#(#entries),*].into_iter().collect()) }
        }
    }
}

/// The pattern rewritten for the Rust engines.
pub(super) fn rust_pattern(pattern: &str) -> String {
    translate(pattern)
}

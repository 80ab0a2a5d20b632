//! The fixed items of `validate.rs` (violation types, the trait, `Valid<T>`), the helpers
//! the checks called, and the compiled-once statics (regexes, `enum`/`const` tables).

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};
use serde_json::Value;

use std::collections::BTreeSet;

use oasforge_ir::pattern::translate;

/// Small generated functions, emitted only when a check calls them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Helper {
    Report,
    PushKey,
    MultipleOf,
    JsonEq,
    Duplicate,
    Format(&'static str),
    /// `uri_scheme` and `uri_chars`, shared by `uri` and `uri-reference`.
    UriParts,
}

/// The support items: the fixed ones, the `use` lines, the statics of `patterns` (each as
/// written, and whether it needs `fancy-regex`) and `tables` (`enum` lists and `const` values),
/// and the `helpers` the checks call; `models` when there are model types to import.
pub(super) fn items(
    patterns: &[(String, bool)],
    tables: &[(Value, bool)],
    helpers: &BTreeSet<Helper>,
    models: bool,
) -> TokenStream {
    let models = models.then(|| quote! { use super::models::*; });
    let lazy =
        (!patterns.is_empty() || !tables.is_empty()).then(|| quote! { use std::sync::LazyLock; });
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
    let helpers = helpers.iter().map(|h| helper(*h));
    quote! {
        use std::fmt;
        #models
        #lazy

        #FIXED

        #(#patterns)*
        #(#tables)*
        #(#helpers)*
    }
}

/// The items every `validate.rs` has.
struct Fixed;

impl quote::ToTokens for Fixed {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        tokens.extend(quote! {
            /// One broken rule: where it broke, which rule, the rule's limit and the value.
            #[derive(Debug, Clone, PartialEq, Eq)]
            pub struct Violation {
                /// JSON pointer of the offending value (`/items/3/id`); empty for the value
                /// that was validated.
                pub pointer: String,
                /// The schema keyword: `pattern`, `maxLength`, `minimum`, ….
                pub rule: &'static str,
                /// The keyword's value in the spec.
                pub limit: String,
                /// The offending value as shown in messages.
                pub value: String,
            }

            impl fmt::Display for Violation {
                fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    let at = if self.pointer.is_empty() { "(root)" } else { &self.pointer };
                    write!(f, "{at}: {} violates {} {}", self.value, self.rule, self.limit)
                }
            }

            /// Every violation found in a value; never empty.
            #[derive(Debug, Clone, PartialEq, Eq)]
            pub struct ValidationErrors(Vec<Violation>);

            impl ValidationErrors {
                /// `Ok` when `violations` is empty, the errors otherwise.
                pub fn result(violations: Vec<Violation>) -> Result<(), Self> {
                    if violations.is_empty() {
                        Ok(())
                    } else {
                        Err(Self(violations))
                    }
                }

                /// The violations, in the order of the value's fields and items.
                pub fn violations(&self) -> &[Violation] {
                    &self.0
                }

                /// The violations, owned.
                pub fn into_violations(self) -> Vec<Violation> {
                    self.0
                }
            }

            impl fmt::Display for ValidationErrors {
                fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    for (i, violation) in self.0.iter().enumerate() {
                        if i > 0 {
                            f.write_str("\n")?;
                        }
                        write!(f, "{violation}")?;
                    }
                    Ok(())
                }
            }

            impl std::error::Error for ValidationErrors {}

            /// Checks every constraint the spec states on a value, all the way down.
            pub trait Validate {
                /// Every violation in this value at once; pointers are relative to it.
                fn validate(&self) -> Result<(), ValidationErrors> {
                    let mut errors = Vec::new();
                    self.validate_at(&mut String::new(), &mut errors);
                    ValidationErrors::result(errors)
                }

                /// Appends the violations of this value, which sits at `pointer`, to
                /// `errors`. `pointer` is restored before returning.
                fn validate_at(&self, pointer: &mut String, errors: &mut Vec<Violation>);
            }

            impl<T: Validate> Validate for Vec<T> {
                fn validate_at(&self, pointer: &mut String, errors: &mut Vec<Violation>) {
                    for (index, item) in self.iter().enumerate() {
                        let mark = pointer.len();
                        push_index(pointer, index);
                        item.validate_at(pointer, errors);
                        pointer.truncate(mark);
                    }
                }
            }

            impl<T: Validate> Validate for Option<T> {
                fn validate_at(&self, pointer: &mut String, errors: &mut Vec<Violation>) {
                    if let Some(value) = self {
                        value.validate_at(pointer, errors);
                    }
                }
            }

            impl<T: Validate> Validate for Box<T> {
                fn validate_at(&self, pointer: &mut String, errors: &mut Vec<Violation>) {
                    (**self).validate_at(pointer, errors);
                }
            }

            /// A value known to satisfy every constraint: it can only be built by
            /// [`Valid::new`] or by deserializing, and both check with [`Validate`].
            #[derive(Debug, Clone, PartialEq, serde::Serialize)]
            #[serde(transparent)]
            pub struct Valid<T>(T);

            impl<T: Validate> Valid<T> {
                /// Checks `value`; every violation is returned at once.
                pub fn new(value: T) -> Result<Self, ValidationErrors> {
                    value.validate()?;
                    Ok(Self(value))
                }
            }

            impl<T> Valid<T> {
                /// The checked value.
                pub fn into_inner(self) -> T {
                    self.0
                }
            }

            impl<T> std::ops::Deref for Valid<T> {
                type Target = T;

                fn deref(&self) -> &T {
                    &self.0
                }
            }

            impl<'de, T: serde::Deserialize<'de> + Validate> serde::Deserialize<'de> for Valid<T> {
                fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    let value = T::deserialize(deserializer)?;
                    value.validate().map_err(serde::de::Error::custom)?;
                    Ok(Self(value))
                }
            }

            /// Appends `/index` to a JSON pointer.
            fn push_index(pointer: &mut String, index: usize) {
                use fmt::Write;
                // Writing to a `String` cannot fail.
                let _ = write!(pointer, "/{index}");
            }
        });
    }
}

const FIXED: Fixed = Fixed;

fn helper(h: Helper) -> TokenStream {
    match h {
        Helper::Report => quote! {
            /// Records one violation.
            fn report(
                errors: &mut Vec<Violation>,
                pointer: &str,
                rule: &'static str,
                limit: impl fmt::Display,
                value: impl fmt::Display,
            ) {
                errors.push(Violation {
                    pointer: pointer.to_owned(),
                    rule,
                    limit: limit.to_string(),
                    value: value.to_string(),
                });
            }
        },
        Helper::PushKey => quote! {
            /// Appends `/key` to a JSON pointer, escaping `~` and `/`.
            fn push_key(pointer: &mut String, key: &str) {
                pointer.push('/');
                for c in key.chars() {
                    match c {
                        '~' => pointer.push_str("~0"),
                        '/' => pointer.push_str("~1"),
                        c => pointer.push(c),
                    }
                }
            }
        },
        Helper::MultipleOf => quote! {
            /// `multipleOf` for numbers that are not both integers: the quotient must be a
            /// whole number, up to floating-point rounding.
            fn is_multiple_of(value: f64, divisor: f64) -> bool {
                let quotient = value / divisor;
                quotient.is_finite()
                    && (quotient - quotient.round()).abs() <= 1e-9 * quotient.abs().max(1.0)
            }
        },
        Helper::JsonEq => quote! {
            /// Equality of JSON values as JSON Schema defines it (`1` equals `1.0`).
            fn json_eq(a: &serde_json::Value, b: &serde_json::Value) -> bool {
                use serde_json::Value;
                match (a, b) {
                    (Value::Number(x), Value::Number(y)) => match (x.as_i64(), y.as_i64()) {
                        (Some(x), Some(y)) => x == y,
                        _ => match (x.as_u64(), y.as_u64()) {
                            (Some(x), Some(y)) => x == y,
                            _ => x.as_f64() == y.as_f64(),
                        },
                    },
                    (Value::Array(x), Value::Array(y)) => {
                        x.len() == y.len() && x.iter().zip(y).all(|(x, y)| json_eq(x, y))
                    }
                    (Value::Object(x), Value::Object(y)) => {
                        x.len() == y.len()
                            && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| json_eq(v, w)))
                    }
                    _ => a == b,
                }
            }
        },
        Helper::Duplicate => quote! {
            /// The indexes of the first two equal items, if any.
            fn first_duplicate<T>(items: &[T], eq: impl Fn(&T, &T) -> bool) -> Option<(usize, usize)> {
                for (second, item) in items.iter().enumerate() {
                    for (first, earlier) in items[..second].iter().enumerate() {
                        if eq(earlier, item) {
                            return Some((first, second));
                        }
                    }
                }
                None
            }
        },
        Helper::Format(format) => format_helper(format),
        Helper::UriParts => quote! {
            /// An RFC 3986 scheme: a letter, then letters, digits, `+`, `-` or `.`.
            fn uri_scheme(scheme: &str) -> bool {
                let mut chars = scheme.chars();
                chars.next().is_some_and(|c| c.is_ascii_alphabetic())
                    && chars.all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
            }

            /// Only RFC 3986 characters (unreserved, reserved, `%` followed by two hex
            /// digits).
            fn uri_chars(s: &str) -> bool {
                let b = s.as_bytes();
                let mut i = 0;
                while i < b.len() {
                    let c = b[i];
                    if c == b'%' {
                        if !(i + 2 < b.len() && b[i + 1].is_ascii_hexdigit() && b[i + 2].is_ascii_hexdigit()) {
                            return false;
                        }
                        i += 3;
                        continue;
                    }
                    if !(c.is_ascii_alphanumeric() || b"-._~:/?#[]@!$&'()*+,;=".contains(&c)) {
                        return false;
                    }
                    i += 1;
                }
                true
            }
        },
    }
}

fn format_helper(format: &str) -> TokenStream {
    match format {
        "date" => quote! {
            /// `format: date`: `YYYY-MM-DD` naming a real day.
            fn is_date(s: &str) -> bool {
                let b = s.as_bytes();
                let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
                if b.len() != 10 || b[4] != b'-' || b[7] != b'-' || !digits(0..4) || !digits(5..7) || !digits(8..10) {
                    return false;
                }
                let number = |r: std::ops::Range<usize>| {
                    b[r].iter().fold(0u32, |n, d| n * 10 + u32::from(d - b'0'))
                };
                let (year, month, day) = (number(0..4), number(5..7), number(8..10));
                let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
                let days = match month {
                    1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
                    4 | 6 | 9 | 11 => 30,
                    2 if leap => 29,
                    2 => 28,
                    _ => return false,
                };
                (1..=days).contains(&day)
            }
        },
        "email" => quote! {
                /// `format: email` (RFC 5321 addresses, without comments): a dot-atom or
                /// quoted local part, then a host name or an `[IPv4]` / `[IPv6:…]` literal.
                fn is_email(s: &str) -> bool {
                    let Some((local, domain)) = s.rsplit_once('@') else {
                        return false;
                    };
                    let atom = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+-/=?^_`{|}~".contains(c);
                    let local_ok = if local.len() >= 2 && local.starts_with('"') && local.ends_with('"') {
                        let inner = &local[1..local.len() - 1];
                        !inner.contains(['"', '\\']) && inner.chars().all(|c| c == ' ' || c.is_ascii_graphic())
                    } else {
                        !local.is_empty() && local.split('.').all(|part| !part.is_empty() && part.chars().all(atom))
                    };
                    let domain_ok = match domain.strip_prefix('[').and_then(|d| d.strip_suffix(']')) {
                        Some(literal) => match literal.strip_prefix("IPv6:") {
                            Some(v6) => v6.parse::<std::net::Ipv6Addr>().is_ok(),
                            None => literal.parse::<std::net::Ipv4Addr>().is_ok(),
                        },
                        None => is_hostname(domain),
                    };
                    local_ok && domain_ok
                }
        },
        "hostname" => quote! {
            /// `format: hostname` (RFC 1123): dot-separated labels of 1 to 63 letters, digits
            /// and inner hyphens, at most 253 characters in all.
            fn is_hostname(s: &str) -> bool {
                s.len() <= 253
                    && s.split('.').all(|label| {
                        (1..=63).contains(&label.len())
                            && label.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
                            && !label.starts_with('-')
                            && !label.ends_with('-')
                    })
            }
        },
        "uri" => quote! {
            /// `format: uri` (RFC 3986): a scheme, `:`, then only URI characters and
            /// well-formed `%` escapes.
            fn is_uri(s: &str) -> bool {
                match s.split_once(':') {
                    Some((scheme, rest)) => uri_scheme(scheme) && uri_chars(rest),
                    None => false,
                }
            }
        },
        "uri-reference" => quote! {
            /// `format: uri-reference` (RFC 3986): a URI, or a relative reference whose first
            /// segment has no `:`; only URI characters and well-formed `%` escapes.
            fn is_uri_reference(s: &str) -> bool {
                let head = s.split(['/', '?', '#']).next().unwrap_or_default();
                match head.split_once(':') {
                    Some((scheme, _)) => uri_scheme(scheme) && uri_chars(&s[scheme.len() + 1..]),
                    None => uri_chars(s),
                }
            }
        },
        "ipv4" => quote! {
            /// `format: ipv4`: dotted quad.
            fn is_ipv4(s: &str) -> bool {
                s.parse::<std::net::Ipv4Addr>().is_ok()
            }
        },
        "ipv6" => quote! {
            /// `format: ipv6`.
            fn is_ipv6(s: &str) -> bool {
                s.parse::<std::net::Ipv6Addr>().is_ok()
            }
        },
        _ => quote! {
            /// `format: uuid`: 8-4-4-4-12 hexadecimal digits.
            fn is_uuid(s: &str) -> bool {
                s.len() == 36
                    && s.char_indices().all(|(i, c)| match i {
                        8 | 13 | 18 | 23 => c == '-',
                        _ => c.is_ascii_hexdigit(),
                    })
            }
        },
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

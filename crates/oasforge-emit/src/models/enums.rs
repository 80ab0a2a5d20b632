//! String and integer enums, closed or open (a catch-all variant for unlisted values).

use oasforge_ir::{IntEnum, StringEnum};
use proc_macro2::{Ident, TokenStream};
use quote::quote;

use crate::ledger::Uses;
use crate::runtime::Helper;
use crate::types::ident;

pub(super) fn enum_item(
    name: &Ident,
    docs: &TokenStream,
    deprecated: Option<TokenStream>,
    e: &StringEnum,
    uses: &mut Uses,
) -> TokenStream {
    let (variants, arms) = string_variants(e);
    let default = e.discriminator.then(|| quote! { Default, });
    let parse = crate::constructors::enum_parse(name, e);
    let wires = e.variants.iter().map(|v| &v.wire_value);
    let wire = wire_serde(
        name,
        quote! { |value| value.parse().ok() },
        quote! { &[#(#wires),*] },
        uses,
    );
    quote! {
        #docs
        #deprecated
        #[derive(Debug, Clone, Copy, #default PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum #name {
            #(#variants)*
        }

        impl #name {
            /// The value as it appears on the wire.
            pub fn as_str(&self) -> &'static str {
                match self {
                    #(#arms)*
                }
            }
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        #wire

        #parse
    }
}

/// A string enum's `Serialize` (its wire text) and `Deserialize` (`parse`, a closure, of the
/// text, refusing what it does not read as an unknown variant of `listed`), written out
/// rather than derived: the derive's per-variant visitors cost more to compile, and an
/// untagged catch-all variant made it buffer every value first.
fn wire_serde(
    name: &Ident,
    parse: TokenStream,
    listed: TokenStream,
    uses: &mut Uses,
) -> TokenStream {
    uses.use_(Helper::DeserializeWire);
    quote! {
        impl Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                deserialize_wire(deserializer, #parse, #listed)
            }
        }
    }
}

/// The variants of a string enum and the `as_str` arms that give their wire values.
fn string_variants(e: &StringEnum) -> (Vec<TokenStream>, Vec<TokenStream>) {
    e.variants
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let variant = ident(&v.name);
            let wire = &v.wire_value;
            // A discriminator's first value is what its struct writes unless told otherwise.
            let default = (e.discriminator && i == 0).then(|| quote! { #[default] });
            (
                quote! { #default #variant, },
                quote! { Self::#variant => #wire, },
            )
        })
        .unzip()
}

/// The name of an open enum's catch-all variant: `Unknown`, unless one of the `listed`
/// variant names is that.
pub(crate) fn catch_all_name(listed: &[&str]) -> String {
    let mut other = "Unknown".to_owned();
    while listed.contains(&other.as_str()) {
        other.push_str("Value");
    }
    other
}

/// The catch-all variant of an open string enum.
fn unknown_variant(e: &StringEnum) -> String {
    let names: Vec<&str> = e.variants.iter().map(|v| v.name.as_str()).collect();
    catch_all_name(&names)
}

/// A string enum that also accepts values it does not list, kept in a catch-all variant.
pub(super) fn open_enum_item(
    name: &Ident,
    docs: &TokenStream,
    deprecated: Option<TokenStream>,
    e: &StringEnum,
    uses: &mut Uses,
) -> TokenStream {
    let other = ident(&unknown_variant(e));
    let (variants, arms) = string_variants(e);
    let default = e.discriminator.then(|| quote! { Default, });
    let parse = crate::constructors::open_enum_parse(name, &other, e);
    let wire = wire_serde(
        name,
        quote! { |value| Some(Self::from(value)) },
        quote! { &[] },
        uses,
    );
    quote! {
        #docs
        #deprecated
        #[derive(Debug, Clone, #default PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum #name {
            #(#variants)*
            /// A value the spec did not list (for example, one added by a newer server).
            #other(String),
        }

        impl #name {
            /// The value as it appears on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#arms)*
                    Self::#other(value) => value,
                }
            }
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        #wire

        #parse
    }
}

pub(super) fn int_enum_item(
    name: &Ident,
    docs: &TokenStream,
    deprecated: Option<TokenStream>,
    e: &IntEnum,
) -> TokenStream {
    let variants = e.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let value = proc_macro2::Literal::i64_unsuffixed(v.value);
        let doc = format!(" `{}`", v.value);
        quote! { #[doc = #doc] #variant = #value, }
    });
    let arms = e.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let value = proc_macro2::Literal::i64_unsuffixed(v.value);
        quote! { #value => Ok(Self::#variant), }
    });
    let expected = format!(
        "one of {}",
        e.variants
            .iter()
            .map(|v| v.value.to_string())
            .collect::<Vec<_>>()
            .join(", ")
    );
    quote! {
        #docs
        #deprecated
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[repr(i64)]
        pub enum #name {
            #(#variants)*
        }

        impl #name {
            /// The number as it appears on the wire.
            pub fn value(self) -> i64 {
                self as i64
            }
        }

        impl Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_i64(self.value())
            }
        }

        impl<'de> Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                match i64::deserialize(deserializer)? {
                    #(#arms)*
                    other => Err(serde::de::Error::invalid_value(
                        serde::de::Unexpected::Signed(other),
                        &#expected,
                    )),
                }
            }
        }
    }
}

/// An integer enum that also reads numbers it does not list, kept in a catch-all variant
/// and written back as read (`validate()` refuses them in a request).
pub(super) fn open_int_enum_item(
    name: &Ident,
    docs: &TokenStream,
    deprecated: Option<TokenStream>,
    e: &IntEnum,
) -> TokenStream {
    let names: Vec<&str> = e.variants.iter().map(|v| v.name.as_str()).collect();
    let other = ident(&catch_all_name(&names));
    let variants = e.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let doc = format!(" `{}`", v.value);
        quote! { #[doc = #doc] #variant, }
    });
    let values = e.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let value = proc_macro2::Literal::i64_unsuffixed(v.value);
        quote! { Self::#variant => #value, }
    });
    let reads = e.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let value = proc_macro2::Literal::i64_unsuffixed(v.value);
        quote! { #value => Self::#variant, }
    });
    quote! {
        #docs
        #deprecated
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum #name {
            #(#variants)*
            /// A value the spec did not list (for example, one added by a newer server).
            #other(i64),
        }

        impl #name {
            /// The number as it appears on the wire.
            pub fn value(self) -> i64 {
                match self {
                    #(#values)*
                    Self::#other(value) => value,
                }
            }
        }

        impl Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_i64(self.value())
            }
        }

        impl<'de> Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                Ok(match i64::deserialize(deserializer)? {
                    #(#reads)*
                    other => Self::#other(other),
                })
            }
        }
    }
}

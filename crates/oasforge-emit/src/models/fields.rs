//! A struct's `Serialize` and `Deserialize`, written out over the runtime's property readers
//! (`runtime/models.rs`) instead of derived: one `match` arm per property read, one line per
//! property written. The same on the wire as serde's derive with the attributes the models
//! used to carry (`rename`, `default`, `skip_serializing_if`, `deserialize_with`, `flatten`,
//! `deny_unknown_fields`), and several times lighter to compile: the derive's field enum,
//! its visitor and its sequence reading are not written for every struct.

use oasforge_ir::{Additional, Api, Field, Presence, Struct};
use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::{null_inside, refuses_null_in_requests, DefaultNames, Reading};
use crate::ledger::{Module, Uses};
use crate::runtime::Helper;
use crate::types::ident;

/// How one property is read and written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum FieldRead {
    /// Always written; absent is refused unless its type reads absence (`Option`).
    Required,
    /// Always written; absent takes the default of this function.
    Defaulted(Ident),
    /// Written when present; `null` and absence both read as `None`.
    Optional,
    /// Written when present; a present value (`null` included) is read by the type, so an
    /// `Option<Option<T>>` keeps `null` apart from absence and a `T` refuses `null`.
    Present,
    /// Written when present; `null` reads as absent except in a request the router reads.
    OptionalInRequests,
}

impl FieldRead {
    /// How `f` of the struct `type_name` is read, as `reading` says.
    pub(super) fn of(
        api: &Api,
        defaults: &DefaultNames,
        type_name: &str,
        f: &Field,
        reading: Reading,
    ) -> Self {
        match f.presence() {
            Presence::Required | Presence::RequiredNullable => FieldRead::Required,
            Presence::Defaulted => FieldRead::Defaulted(defaults.get(type_name, f)),
            // A named type that is itself nullable: an explicit `null` is kept as
            // `Some(None)`, not read as absent (and lost when written back). A type only
            // requests carry refuses a `null` the schema does not allow.
            Presence::Optional if null_inside(api, &f.ty) || reading == Reading::Strict => {
                FieldRead::Present
            }
            Presence::Optional
                if reading == Reading::StrictInRequests && refuses_null_in_requests(api, f) =>
            {
                FieldRead::OptionalInRequests
            }
            Presence::Optional => FieldRead::Optional,
            Presence::OptionalNullable => FieldRead::Present,
        }
    }

    /// Whether the Rust field is an `Option` around the property's type.
    pub(super) fn is_optional(&self) -> bool {
        !matches!(self, FieldRead::Required | FieldRead::Defaulted(_))
    }
}

/// One property of the struct being written.
struct Property<'a> {
    field: &'a Field,
    name: Ident,
    /// The local that holds the value while the object is read.
    slot: Ident,
    read: FieldRead,
}

/// `impl Serialize`, `impl Deserialize` and `impl FromFields` of the struct `name`; `extra`
/// names the map of undeclared properties when the struct keeps them.
pub(super) fn impls(
    api: &Api,
    defaults: &DefaultNames,
    type_name: &str,
    s: &Struct,
    reading: Reading,
    allow_deprecated: bool,
    uses: &mut Uses,
) -> TokenStream {
    let name = ident(type_name);
    let declared: Vec<&str> = s.fields.iter().map(|f| f.name.as_str()).collect();
    let properties: Vec<Property> = s
        .fields
        .iter()
        .map(|f| Property {
            field: f,
            name: ident(&f.name),
            slot: slot_name(&f.name, &declared),
            read: FieldRead::of(api, defaults, type_name, f, reading),
        })
        .collect();
    let extra = match &s.additional {
        Additional::Map(_) => Some(ident(&super::extra_field_name(s))),
        _ => None,
    };
    for (module, name) in [
        (Module::Serde, "Deserializer"),
        (Module::Serde, "Serializer"),
        (Module::SerdeDe, "MapAccess"),
        (Module::SerdeSer, "SerializeMap"),
    ] {
        uses.import(module, name);
    }
    uses.use_(Helper::DeserializeObject);
    let allow = allow_deprecated.then(|| quote! { #[allow(deprecated)] });
    let write = write_fields(&properties, extra.as_ref(), uses);
    let read = read_fields(&properties, &s.additional, extra.as_ref(), uses);
    let expecting = format!("struct {type_name}");
    quote! {
        #allow
        impl Serialize for #name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                #write
            }
        }

        #allow
        impl<'de> Deserialize<'de> for #name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                deserialize_object(deserializer)
            }
        }

        #allow
        impl FromFields for #name {
            const EXPECTING: &'static str = #expecting;

            fn from_fields<'de, A: MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
                #read
            }
        }
    }
}

/// The local holding `field` while an object is read: the field's own name, unless that is
/// a name the reader uses itself (`map`, `key`) or one clippy refuses for a local (`foo`,
/// `_1`).
fn slot_name(field: &str, declared: &[&str]) -> Ident {
    let refused = |name: &str| {
        matches!(name, "map" | "key" | "foo" | "baz" | "quux")
            || name.chars().all(|c| c == '_' || c.is_ascii_digit())
    };
    let mut slot = field.to_owned();
    while refused(&slot) || (slot != field && declared.contains(&slot.as_str())) {
        slot.push_str("_slot");
    }
    ident(&slot)
}

/// The body of `serialize`: each property in order, then the undeclared ones.
fn write_fields(properties: &[Property], extra: Option<&Ident>, uses: &mut Uses) -> TokenStream {
    let entries = properties.iter().map(|p| {
        let wire = &p.field.wire_name;
        let name = &p.name;
        if p.read.is_optional() {
            uses.use_(Helper::OptionalEntry);
            quote! { optional_entry(&mut map, #wire, &self.#name)?; }
        } else {
            quote! { map.serialize_entry(#wire, &self.#name)?; }
        }
    });
    let extra = extra.map(|extra| {
        quote! {
            for (key, value) in &self.#extra {
                map.serialize_entry(key, value)?;
            }
        }
    });
    if properties.is_empty() && extra.is_none() {
        return quote! { serializer.serialize_map(Some(0))?.end() };
    }
    quote! {
        let mut map = serializer.serialize_map(None)?;
        #(#entries)*
        #extra
        map.end()
    }
}

/// The body of `from_fields`: a slot per property, a loop over the object's properties, then
/// the struct.
fn read_fields(
    properties: &[Property],
    additional: &Additional,
    extra: Option<&Ident>,
    uses: &mut Uses,
) -> TokenStream {
    let slots = properties.iter().map(|p| {
        let slot = &p.slot;
        quote! { let mut #slot = None; }
    });
    let extra_slot =
        extra.map(|extra| quote! { let mut #extra = std::collections::BTreeMap::new(); });
    let wires: Vec<&str> = properties
        .iter()
        .map(|p| p.field.wire_name.as_str())
        .collect();
    // The next property's name, and what an undeclared property does.
    let next_key = if matches!(additional, Additional::Forbidden) {
        uses.use_(Helper::DeclaredKey);
        quote! { declared_key(&mut map, &[#(#wires),*]) }
    } else {
        uses.use_(Helper::FieldKey);
        quote! { map.next_key::<FieldKey>() }
    };
    let undeclared = match extra {
        Some(extra) => quote! { { #extra.insert(key.as_str().to_owned(), map.next_value()?); } },
        None => {
            // `declared_key` has refused it already when undeclared properties are.
            uses.use_(Helper::SkipField);
            quote! { skip_field(&mut map)? }
        }
    };
    let walk = match (properties.is_empty(), extra, additional) {
        (true, Some(_), _) => quote! {
            while let Some(key) = #next_key? #undeclared
        },
        (true, None, Additional::Forbidden) => quote! {
            while #next_key?.is_some() {
                #undeclared;
            }
        },
        (true, None, _) => quote! {
            while map.next_key::<serde::de::IgnoredAny>()?.is_some() {
                #undeclared;
            }
        },
        (false, ..) => {
            let arms = properties.iter().map(|p| {
                let wire = &p.field.wire_name;
                let slot = &p.slot;
                if p.read == FieldRead::OptionalInRequests {
                    uses.use_(Helper::ReadOptional);
                    quote! { #wire => read_optional(&mut map, &mut #slot, #wire)?, }
                } else {
                    uses.use_(Helper::ReadField);
                    quote! { #wire => read_field(&mut map, &mut #slot, #wire)?, }
                }
            });
            quote! {
                while let Some(key) = #next_key? {
                    match key.as_str() {
                        #(#arms)*
                        _ => #undeclared,
                    }
                }
            }
        }
    };
    let values = properties.iter().map(|p| {
        let (name, slot, wire) = (&p.name, &p.slot, &p.field.wire_name);
        match &p.read {
            FieldRead::Required => {
                uses.use_(Helper::RequiredField);
                quote! { #name: required_field(#slot, #wire)?, }
            }
            FieldRead::Defaulted(func) => quote! { #name: #slot.unwrap_or_else(#func), },
            FieldRead::Optional | FieldRead::OptionalInRequests => {
                quote! { #name: #slot.flatten(), }
            }
            FieldRead::Present if name == slot => quote! { #name, },
            FieldRead::Present => quote! { #name: #slot, },
        }
    });
    let extra_value = extra.map(|extra| quote! { #extra, });
    quote! {
        #(#slots)*
        #extra_slot
        #walk
        Ok(Self {
            #(#values)*
            #extra_value
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_are_named_after_fields_unless_the_name_is_taken_or_refused() {
        let slot = |field: &str, declared: &[&str]| slot_name(field, declared).to_string();
        assert_eq!(slot("pet_id", &["pet_id"]), "pet_id");
        assert_eq!(slot("r#type", &["r#type"]), "r#type");
        assert_eq!(slot("map", &["map"]), "map_slot");
        assert_eq!(slot("foo", &["foo", "foo_slot"]), "foo_slot_slot");
        assert_eq!(slot("_1", &["_1"]), "_1_slot");
    }

    #[test]
    fn a_struct_with_no_fields_writes_an_empty_map_without_a_mutable_binding() {
        // AWS documents' `allOf` of a string and an `xml` hint lowers to such a struct.
        let api = crate::testing::api(crate::testing::PETS);
        let mut s = api
            .types
            .iter()
            .find_map(|def| match &def.kind {
                oasforge_ir::TypeKind::Struct(s) => Some(s.clone()),
                _ => None,
            })
            .expect("a struct");
        s.fields.clear();
        s.additional = Additional::Ignored;
        let mut uses = Uses::default();
        let defaults = DefaultNames::new(&api);
        let text = impls(
            &api,
            &defaults,
            "Item",
            &s,
            Reading::Lenient,
            false,
            &mut uses,
        )
        .to_string();
        assert!(
            text.contains("serializer . serialize_map (Some (0)) ? . end ()"),
            "{text}"
        );
        assert!(!text.contains("let mut map"), "{text}");
        assert!(text.contains("IgnoredAny"), "{text}");
    }
}

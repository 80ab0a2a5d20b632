//! Named IR types → serde model items.

use oasforge_ir::{
    Additional, Api, Field, IntEnum, Presence, Scalar, StringEnum, Struct, TagStyle, TyKind,
    TypeDef, TypeId, TypeKind, Union,
};
use proc_macro2::{Ident, TokenStream};
use quote::quote;

use crate::docs::doc_attrs;
use crate::ledger::{Module, Part};
use crate::runtime::{self, Helper, Source};
use crate::types::{ident, model_uses, ty_tokens, EqTable};
use oasforge_ir::names::compose;

/// Choices that change the shape of the models.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct ModelOptions {
    /// String enums get an `Unknown(String)` variant for values the spec did not list.
    pub open_enums: bool,
    /// The router is generated: it reads requests strictly with the lenient types too (see
    /// [`reads_requests_strictly`]).
    pub server: bool,
}

/// Whether a router of `api` needs the strict reading mode (`read_request`): some type a
/// response carries, read leniently, has an optional property that is not nullable, whose
/// `null` a request must not carry.
pub(crate) fn reads_requests_strictly(api: &Api) -> bool {
    api.types.iter().any(|def| match &def.kind {
        TypeKind::Struct(s) => {
            s.lenient && s.fields.iter().any(|f| refuses_null_in_requests(api, f))
        }
        _ => false,
    })
}

/// Whether a field of a lenient struct reads a `null` as absent, except in a request: an
/// optional, non-nullable field of a type that does not allow `null` itself.
fn refuses_null_in_requests(api: &Api, f: &Field) -> bool {
    f.presence() == Presence::Optional
        && !null_inside(api, &f.ty)
        && !matches!(f.ty.kind, TyKind::Any)
}

/// The items of `models.rs`, in pieces (the items of one type at a time, then the runtime
/// helpers) built as they are asked for, so a large API's tokens are never all alive at
/// once; `files.rs` writes the `use` lines above them from what the part records.
pub(crate) fn models(
    api: &Api,
    options: ModelOptions,
) -> Part<impl Iterator<Item = TokenStream> + '_> {
    let eq = EqTable::new(api);
    let defaults = DefaultNames::new(api);
    let mut uses = model_uses(api);
    if !api.types.is_empty() {
        uses.import(Module::Serde, "Deserialize");
        uses.import(Module::Serde, "Serialize");
    }
    // A closed string enum's `FromStr` fails with the validation error.
    if !options.open_enums
        && api
            .types
            .iter()
            .any(|def| matches!(&def.kind, TypeKind::Enum(e) if !e.open))
    {
        uses.import(Module::Validate, "ValidationErrors");
        uses.import(Module::Validate, "Violation");
    }
    let strict_requests = options.server && reads_requests_strictly(api);
    let items = api.types.iter().enumerate().map(move |(i, def)| {
        type_item(
            api,
            &eq,
            &defaults,
            options,
            strict_requests,
            TypeId(i),
            def,
        )
    });
    // Read present-or-null fields, and untagged unions by best fit, with runtime helpers.
    if uses_tri_state(api) {
        uses.use_(Helper::DeserializePresent);
    }
    if strict_requests {
        uses.use_(Helper::DeserializeOptional);
        uses.use_(Helper::ReadRequest);
    }
    if uses_best_fit(api) {
        uses.use_(Helper::UnionLoss);
    }
    if uses_undeclared_count(api) {
        uses.use_(Helper::UnionUndeclared);
    }
    let helpers = runtime::items(Source::Models, &uses.helpers, |_| true);
    Part {
        items: items.chain(std::iter::once(helpers)),
        uses,
    }
}

/// Whether some union is read by best fit (untagged, or a declared tag naming no variant).
fn uses_best_fit(api: &Api) -> bool {
    api.types.iter().any(|def| {
        matches!(&def.kind, TypeKind::Union(u)
            if u.tag.as_ref().is_none_or(|t| t.style == TagStyle::Declared))
    })
}

/// The body of a function reading `value` (a `serde_json::Value`) as the variant of `u`
/// that loses least of it (see `union_loss`; the first that loses nothing, the union's
/// fallback tried first): an error naming every variant's complaint when none reads it.
fn best_fit(api: &Api, u: &Union) -> TokenStream {
    // The parent's own struct first: it takes a value it accounts for in full.
    let order = u
        .fallback
        .into_iter()
        .chain((0..u.variants.len()).filter(|i| Some(*i) != u.fallback));
    let tries = order.map(|i| &u.variants[i]).map(|v| {
        let variant = ident(&v.name);
        let ty = ty_tokens(api, &v.ty);
        let wrap = if v.boxed {
            quote! { Self::#variant(Box::new(v)) }
        } else {
            quote! { Self::#variant(v) }
        };
        let complaint = format!("{}: {{e}}", v.name);
        // A struct that keeps undeclared properties loses nothing of any object: among the
        // variants that lose nothing, the one declaring most of the keys present wins.
        let extra = match kept_undeclared(api, &v.ty) {
            Some(declared) => quote! { union_undeclared(&value, &[#(#declared),*]) },
            None => quote! { 0 },
        };
        quote! {
            match serde_json::from_value::<#ty>(value.clone()) {
                Ok(v) => {
                    let candidate = #wrap;
                    let score = (union_loss(&value, &candidate), #extra);
                    if score == (0, 0) {
                        return Ok(candidate);
                    }
                    if best.as_ref().is_none_or(|(s, _)| score < *s) {
                        best = Some((score, candidate));
                    }
                }
                Err(e) => errors.push(format!(#complaint)),
            }
        }
    });
    quote! {
        let mut best: Option<((usize, usize), Self)> = None;
        let mut errors: Vec<String> = Vec::new();
        #(#tries)*
        match best {
            Some((_, v)) => Ok(v),
            None => Err(format!("no alternative accepts the value ({})", errors.join("; "))),
        }
    }
}

/// The wire names a union variant declares, when its type is a struct that keeps
/// undeclared properties in a map (so reading an object never fails or loses with it).
fn kept_undeclared<'a>(api: &'a Api, ty: &oasforge_ir::Ty) -> Option<Vec<&'a str>> {
    let mut ty = ty;
    for _ in 0..16 {
        let oasforge_ir::TyKind::Named(id) = &ty.kind else {
            return None;
        };
        match &api.type_def(*id).kind {
            TypeKind::Alias(inner) => ty = inner,
            TypeKind::Struct(s) if matches!(s.additional, Additional::Map(_)) => {
                return Some(s.fields.iter().map(|f| f.wire_name.as_str()).collect());
            }
            _ => return None,
        }
    }
    None
}

/// Whether some union's best fit counts undeclared keys (see [`kept_undeclared`]).
fn uses_undeclared_count(api: &Api) -> bool {
    api.types.iter().any(|def| {
        matches!(&def.kind, TypeKind::Union(u)
            if u.tag.as_ref().is_none_or(|t| t.style == TagStyle::Declared)
                && u.variants.iter().any(|v| kept_undeclared(api, &v.ty).is_some()))
    })
}

/// Whether any field may be absent or null (and so needs `deserialize_present`).
fn uses_tri_state(api: &Api) -> bool {
    api.types.iter().any(|def| match &def.kind {
        TypeKind::Struct(s) => s.fields.iter().any(|f| {
            f.presence() == Presence::OptionalNullable
                || (f.presence() == Presence::Optional && (!s.lenient || null_inside(api, &f.ty)))
        }),
        _ => false,
    })
}

/// Whether a use names an alias whose type is nullable (`CreatedAt = Option<DateTime>`).
fn null_inside(api: &Api, ty: &oasforge_ir::Ty) -> bool {
    let mut ty = ty;
    for _ in 0..16 {
        let oasforge_ir::TyKind::Named(id) = ty.kind else {
            return false;
        };
        let TypeKind::Alias(inner) = &api.type_def(id).kind else {
            return false;
        };
        if inner.nullable {
            return true;
        }
        ty = inner;
    }
    false
}

fn type_item(
    api: &Api,
    eq: &EqTable,
    defaults: &DefaultNames,
    options: ModelOptions,
    strict_requests: bool,
    id: TypeId,
    def: &TypeDef,
) -> TokenStream {
    let name = ident(&def.name);
    let docs = doc_attrs(&def.docs, &[]);
    let deprecated = def.deprecated.then(|| quote! { #[deprecated] });
    let eq_derive = eq.is_eq(id).then(|| quote! { Eq, });
    match &def.kind {
        TypeKind::Struct(s) => {
            let body = struct_body(api, defaults, &def.name, s, strict_requests);
            let deny = matches!(s.additional, Additional::Forbidden)
                .then(|| quote! { #[serde(deny_unknown_fields)] });
            let all_optional = s.fields.iter().all(|f| {
                matches!(
                    f.presence(),
                    Presence::Optional | Presence::OptionalNullable | Presence::Defaulted
                )
            });
            let defaulted: Vec<&Field> = s
                .fields
                .iter()
                .filter(|f| f.presence() == Presence::Defaulted)
                .collect();
            let derive_default =
                (all_optional && defaulted.is_empty()).then(|| quote! { Default, });
            let default_fns = defaulted.iter().map(|f| default_fn(defaults, &def.name, f));
            let default_impl = (all_optional && !defaulted.is_empty())
                .then(|| default_impl(defaults, &name, &def.name, s));
            let new = crate::constructors::struct_new(api, defaults, &name, &def.name, s);
            quote! {
                #docs
                #deprecated
                #[derive(Debug, Clone, #derive_default PartialEq, #eq_derive Serialize, Deserialize)]
                #deny
                pub struct #name {
                    #body
                }
                #new
                #default_impl
                #(#default_fns)*
            }
        }
        TypeKind::Tuple(items) => {
            let items = items.iter().map(|ty| {
                let ty = ty_tokens(api, ty);
                quote! { pub #ty }
            });
            quote! {
                #docs
                #deprecated
                #[derive(Debug, Clone, PartialEq, #eq_derive Serialize, Deserialize)]
                pub struct #name(#(#items),*);
            }
        }
        TypeKind::Enum(e) if options.open_enums || e.open => {
            open_enum_item(&name, &docs, deprecated, e)
        }
        TypeKind::Enum(e) => enum_item(&name, &docs, deprecated, e),
        TypeKind::IntEnum(e) if options.open_enums || e.open => {
            open_int_enum_item(&name, &docs, deprecated, e)
        }
        TypeKind::IntEnum(e) => int_enum_item(&name, &docs, deprecated, e),
        TypeKind::Union(u) => union_item(api, &name, &def.docs, deprecated, eq_derive, u),
        TypeKind::Alias(ty) if crate::validate::is_newtype(def) => {
            crate::validate::newtype_declaration(&name, &docs, deprecated, ty)
        }
        TypeKind::Alias(ty) => {
            let ty = ty_tokens(api, ty);
            quote! {
                #docs
                #deprecated
                pub type #name = #ty;
            }
        }
    }
}

/// The names of the functions that give fields their defaults, by (type name, field name):
/// `default_settings_retries`, made unique across the file.
pub(crate) struct DefaultNames(std::collections::HashMap<(String, String), String>);

impl DefaultNames {
    fn new(api: &Api) -> Self {
        let mut taken = std::collections::HashSet::new();
        let mut names = std::collections::HashMap::new();
        for def in &api.types {
            let TypeKind::Struct(s) = &def.kind else {
                continue;
            };
            let owner = compose("default", &oasforge_ir::names::field_name(&def.name));
            for f in s
                .fields
                .iter()
                .filter(|f| f.presence() == Presence::Defaulted)
            {
                let name = oasforge_ir::names::unique(compose(&owner, &f.name), &mut taken);
                names.insert((def.name.clone(), f.name.clone()), name);
            }
        }
        Self(names)
    }

    pub(crate) fn get(&self, type_name: &str, f: &Field) -> Ident {
        let name = self
            .0
            .get(&(type_name.to_owned(), f.name.clone()))
            .cloned()
            .unwrap_or_else(|| compose("default", &f.name));
        ident(&name)
    }
}

/// The expression of a literal default (see [`Field::literal_default`]).
fn default_expr(f: &Field) -> TokenStream {
    match f.literal_default() {
        Some(serde_json::Value::Bool(b)) => quote! { #b },
        Some(serde_json::Value::String(text)) => quote! { #text.to_owned() },
        Some(serde_json::Value::Number(n)) => match f.ty.kind {
            oasforge_ir::TyKind::Scalar(oasforge_ir::Scalar::F32 | oasforge_ir::Scalar::F64) => {
                let lit = proc_macro2::Literal::f64_unsuffixed(n.as_f64().unwrap_or_default());
                quote! { #lit }
            }
            _ => {
                let lit = match n.as_i64() {
                    Some(i) => proc_macro2::Literal::i64_unsuffixed(i),
                    None => proc_macro2::Literal::u64_unsuffixed(n.as_u64().unwrap_or_default()),
                };
                quote! { #lit }
            }
        },
        _ => quote! { Default::default() },
    }
}

fn default_fn(defaults: &DefaultNames, type_name: &str, f: &Field) -> TokenStream {
    let name = defaults.get(type_name, f);
    let ty = crate::types::scalar_of(&f.ty);
    let value = default_expr(f);
    quote! {
        fn #name() -> #ty {
            #value
        }
    }
}

/// `impl Default` for a struct whose fields all have a default (`None` or a literal).
fn default_impl(defaults: &DefaultNames, name: &Ident, type_name: &str, s: &Struct) -> TokenStream {
    let fields = s.fields.iter().map(|f| {
        let field = ident(&f.name);
        if f.presence() == Presence::Defaulted {
            let func = defaults.get(type_name, f);
            quote! { #field: #func(), }
        } else {
            quote! { #field: None, }
        }
    });
    let extra = match &s.additional {
        Additional::Map(_) => {
            let extra = ident(&extra_field_name(s));
            Some(quote! { #extra: Default::default(), })
        }
        _ => None,
    };
    let allow = s
        .fields
        .iter()
        .any(|f| f.deprecated)
        .then(|| quote! { #[allow(deprecated)] });
    quote! {
        #allow
        impl Default for #name {
            fn default() -> Self {
                Self {
                    #(#fields)*
                    #extra
                }
            }
        }
    }
}

/// The name of the flattened map of undeclared properties.
pub(crate) fn extra_field_name(s: &Struct) -> String {
    let mut name = "additional_properties".to_owned();
    while s.fields.iter().any(|f| f.name == name) {
        name.insert(0, '_');
    }
    name
}

/// The fields of a struct; `strict_requests` when the router reads requests strictly.
fn struct_body(
    api: &Api,
    defaults: &DefaultNames,
    type_name: &str,
    s: &Struct,
    strict_requests: bool,
) -> TokenStream {
    let reading = if !s.lenient {
        Reading::Strict
    } else if strict_requests {
        Reading::StrictInRequests
    } else {
        Reading::Lenient
    };
    let fields = s
        .fields
        .iter()
        .map(|f| field(api, defaults, type_name, f, reading));
    let extra = match &s.additional {
        Additional::Map(value) => {
            let value = ty_tokens(api, value);
            let name = ident(&extra_field_name(s));
            Some(quote! {
                #[doc = " Properties not declared by the schema, kept as they came."]
                #[serde(flatten)]
                pub #name: std::collections::BTreeMap<String, #value>,
            })
        }
        _ => None,
    };
    quote! { #(#fields)* #extra }
}

/// How a struct's fields read a `null` the schema does not allow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reading {
    /// Only requests carry the struct: refused (see [`oasforge_ir::Struct::lenient`]).
    Strict,
    /// A response carries it: read as absent.
    Lenient,
    /// A response carries it and the router is generated: read as absent, refused in a
    /// request (`deserialize_optional`).
    StrictInRequests,
}

/// One field of a struct, read as `reading` says.
fn field(
    api: &Api,
    defaults: &DefaultNames,
    type_name: &str,
    f: &Field,
    reading: Reading,
) -> TokenStream {
    let name = ident(&f.name);
    let mut extra_docs = Vec::new();
    if let Some(default) = f.default() {
        extra_docs.push(format!("Defaults to `{default}` when absent."));
    }
    let examples: Vec<String> = f
        .examples
        .iter()
        .map(|e| e.to_string())
        .filter(|e| e.len() <= 100 && !e.contains('`'))
        .take(3)
        .map(|e| format!("`{e}`"))
        .collect();
    if !examples.is_empty() {
        let label = if examples.len() == 1 {
            "Example"
        } else {
            "Examples"
        };
        extra_docs.push(format!("{label}: {}.", examples.join(", ")));
    }
    if matches!(f.ty.kind, TyKind::Scalar(Scalar::Byte)) {
        extra_docs.push("Base64-encoded bytes.".to_owned());
    }
    if f.read_only {
        extra_docs
            .push("Read-only: set by the server; the client leaves it out of requests.".to_owned());
    }
    if f.write_only {
        extra_docs.push("Write-only: sent in requests, never returned.".to_owned());
    }
    let docs = doc_attrs(&f.docs, &extra_docs);
    let deprecated = f.deprecated.then(|| quote! { #[deprecated] });
    let mut inner = ty_tokens(api, &f.ty);
    if f.boxed {
        inner = quote! { Box<#inner> };
    }
    let mut serde_args: Vec<TokenStream> = Vec::new();
    let bare = f.name.strip_prefix("r#").unwrap_or(&f.name);
    if bare != f.wire_name {
        let wire = &f.wire_name;
        serde_args.push(quote! { rename = #wire });
    }
    // `inner` is already `Option<T>` when the value may be null.
    let ty = match f.presence() {
        Presence::Required | Presence::RequiredNullable => inner,
        Presence::Defaulted => {
            let func = defaults.get(type_name, f).to_string();
            serde_args.push(quote! { default = #func });
            inner
        }
        Presence::Optional => {
            serde_args.push(quote! { default });
            serde_args.push(quote! { skip_serializing_if = "Option::is_none" });
            if null_inside(api, &f.ty) || reading == Reading::Strict {
                // A named type that is itself nullable: an explicit `null` is kept as
                // `Some(None)`, not read as absent (and lost when written back). A type only
                // requests carry refuses a `null` the schema does not allow.
                serde_args.push(quote! { deserialize_with = "deserialize_present" });
            } else if reading == Reading::StrictInRequests && refuses_null_in_requests(api, f) {
                serde_args.push(quote! { deserialize_with = "deserialize_optional" });
            }
            quote! { Option<#inner> }
        }
        Presence::OptionalNullable => {
            serde_args.push(quote! { default });
            serde_args.push(quote! { skip_serializing_if = "Option::is_none" });
            serde_args.push(quote! { deserialize_with = "deserialize_present" });
            quote! { Option<#inner> }
        }
    };
    let serde_attr = (!serde_args.is_empty()).then(|| quote! { #[serde(#(#serde_args),*)] });
    quote! {
        #docs
        #deprecated
        #serde_attr
        pub #name: #ty,
    }
}

fn enum_item(
    name: &Ident,
    docs: &TokenStream,
    deprecated: Option<TokenStream>,
    e: &StringEnum,
) -> TokenStream {
    let (variants, arms) = string_variants(e);
    let parse = crate::constructors::enum_parse(name, e);
    quote! {
        #docs
        #deprecated
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
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

        #parse
    }
}

/// The variants of a string enum (renamed to their wire values where the names differ) and
/// the `as_str` arms that give those values back.
fn string_variants(e: &StringEnum) -> (Vec<TokenStream>, Vec<TokenStream>) {
    e.variants
        .iter()
        .map(|v| {
            let variant = ident(&v.name);
            let wire = &v.wire_value;
            let rename = (v.name != v.wire_value).then(|| quote! { #[serde(rename = #wire)] });
            (
                quote! { #rename #variant, },
                quote! { Self::#variant => #wire, },
            )
        })
        .unzip()
}

/// The name of an open enum's catch-all variant: `Unknown`, unless a listed value has it.
fn unknown_variant(e: &StringEnum) -> String {
    let mut other = "Unknown".to_owned();
    while e.variants.iter().any(|v| v.name == other) {
        other.push_str("Value");
    }
    other
}

/// A string enum that also accepts values it does not list, kept in a catch-all variant.
fn open_enum_item(
    name: &Ident,
    docs: &TokenStream,
    deprecated: Option<TokenStream>,
    e: &StringEnum,
) -> TokenStream {
    let other = ident(&unknown_variant(e));
    let (variants, arms) = string_variants(e);
    let parse = crate::constructors::open_enum_parse(name, &other, e);
    quote! {
        #docs
        #deprecated
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        pub enum #name {
            #(#variants)*
            /// A value the spec did not list (for example, one added by a newer server).
            #[serde(untagged)]
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

        #parse
    }
}

fn int_enum_item(
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
fn open_int_enum_item(
    name: &Ident,
    docs: &TokenStream,
    deprecated: Option<TokenStream>,
    e: &IntEnum,
) -> TokenStream {
    let mut other = "Unknown".to_owned();
    while e.variants.iter().any(|v| v.name == other) {
        other.push_str("Value");
    }
    let other = ident(&other);
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

/// `Serialize` for a union whose variants declare the discriminator themselves: the tag
/// comes from the variant, so a `Cat` whose field says `"Dog"` (another variant's value) is
/// written as a `Cat`. A value no variant lists (read from a newer server) is written back
/// as read, and a variant's other accepted values (`mapping` aliases) are kept.
fn declared_tag_serialize(name: &Ident, property: &str, u: &Union) -> TokenStream {
    let every: Vec<&str> = u
        .variants
        .iter()
        .flat_map(|v| v.tags.iter().map(String::as_str))
        .collect();
    let arms = u.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let own = &v.tags;
        quote! { Self::#variant(v) => (serde_json::to_value(v), &[#(#own),*]), }
    });
    quote! {
        impl Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                const TAGS: &[&str] = &[#(#every),*];
                let (value, own): (_, &[&str]) = match self {
                    #(#arms)*
                };
                let mut value = value.map_err(serde::ser::Error::custom)?;
                if let (Some(first), Some(map)) = (own.first(), value.as_object_mut()) {
                    let written = map.get(#property).and_then(serde_json::Value::as_str);
                    if written.is_some_and(|t| TAGS.contains(&t) && !own.contains(&t)) {
                        map.insert(#property.to_owned(), serde_json::Value::from(*first));
                    }
                }
                value.serialize(serializer)
            }
        }
    }
}

fn union_item(
    api: &Api,
    name: &Ident,
    docs: &oasforge_ir::Docs,
    deprecated: Option<TokenStream>,
    eq_derive: Option<TokenStream>,
    u: &Union,
) -> TokenStream {
    let variants = u.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let mut ty = ty_tokens(api, &v.ty);
        if v.boxed {
            ty = quote! { Box<#ty> };
        }
        let vdocs = doc_attrs(&v.docs, &[]);
        let rename = match (&u.tag, v.tags.split_first()) {
            (Some(tag), Some((first, rest))) if tag.style == TagStyle::Added => {
                Some(quote! { #[serde(rename = #first #(, alias = #rest)*)] })
            }
            _ => None,
        };
        quote! { #vdocs #rename #variant(#ty), }
    });
    // Variants of very different sizes are the spec's shape; boxing them would burden users.
    let large = (u.variants.len() > 1).then(|| quote! { #[allow(clippy::large_enum_variant)] });
    let how = match &u.tag {
        None if u.exclusive => {
            "Exactly one of the alternatives (`oneOf`); read by trying each in turn."
        }
        None => "Any of the alternatives (`anyOf`); read as the first that fits.",
        Some(_) => "One of the alternatives, chosen by the discriminator property.",
    };
    let docs = doc_attrs(docs, &[how.to_owned()]);
    match &u.tag {
        Some(tag) if tag.style == TagStyle::Added => {
            let property = &tag.property;
            quote! {
                #docs
                #deprecated
                #[derive(Debug, Clone, PartialEq, #eq_derive Serialize, Deserialize)]
                #large
                #[serde(tag = #property)]
                pub enum #name {
                    #(#variants)*
                }
            }
        }
        Some(tag) => {
            let property = &tag.property;
            let arms = u.variants.iter().map(|v| {
                let variant = ident(&v.name);
                let tags = &v.tags;
                quote! { #(#tags)|* => serde_json::from_value(value).map(Self::#variant), }
            });
            // A tag no variant lists (a kind added later, or a mock's invention): the variant
            // that accounts for the value best reads it — the parent's own struct in `allOf`
            // polymorphism, unless a child keeps more — and the declared tag property is
            // written back as read, so nothing is lost.
            let unknown =
                quote! { _ => return Self::best_fit(value).map_err(serde::de::Error::custom), };
            let body = best_fit(api, u);
            let fit_fn = quote! {
                impl #name {
                    /// Reads `value` as the variant that accounts for it best.
                    fn best_fit(value: serde_json::Value) -> Result<Self, String> {
                        #body
                    }
                }
            };
            let serialize = declared_tag_serialize(name, property, u);
            quote! {
                #docs
                #deprecated
                #[derive(Debug, Clone, PartialEq, #eq_derive)]
                #large
                pub enum #name {
                    #(#variants)*
                }

                #serialize

                impl<'de> Deserialize<'de> for #name {
                    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                        let value = serde_json::Value::deserialize(deserializer)?;
                        let tag = value
                            .get(#property)
                            .and_then(serde_json::Value::as_str)
                            .map(str::to_owned)
                            .ok_or_else(|| serde::de::Error::missing_field(#property))?;
                        match tag.as_str() {
                            #(#arms)*
                            #unknown
                        }
                        .map_err(serde::de::Error::custom)
                    }
                }

                #fit_fn
            }
        }
        None => {
            let body = best_fit(api, u);
            quote! {
                #docs
                #deprecated
                #[derive(Debug, Clone, PartialEq, #eq_derive Serialize)]
                #large
                #[serde(untagged)]
                pub enum #name {
                    #(#variants)*
                }

                impl<'de> Deserialize<'de> for #name {
                    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                        let value = serde_json::Value::deserialize(deserializer)?;
                        Self::best_fit(value).map_err(serde::de::Error::custom)
                    }
                }

                impl #name {
                    /// Reads `value` as the variant that accounts for it best.
                    fn best_fit(value: serde_json::Value) -> Result<Self, String> {
                        #body
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::Dep;
    use crate::testing::{api, text, PETS, PLAIN};

    #[test]
    fn a_struct_renames_to_wire_names_and_records_what_it_uses() {
        let api = api(PETS);
        let part = models(&api, ModelOptions::default());
        let uses = part.uses.clone();
        let text = text(part.items.collect());
        assert!(text.contains("pub struct Pet {"), "{text}");
        assert!(text.contains("rename = \"petId\""), "{text}");
        // `tag` may be absent or null: the runtime reader keeps the two apart.
        assert!(uses.helpers.has(Helper::DeserializePresent));
        assert!(text.contains("fn deserialize_present"), "{text}");
        assert!(uses.needs(Dep::Chrono));
        assert_eq!(
            uses.use_items().to_string(),
            quote! { use serde::{Deserialize, Serialize}; }.to_string()
        );
    }

    #[test]
    fn runtime_helpers_appear_only_when_used() {
        let api = api(PLAIN);
        let part = models(&api, ModelOptions::default());
        assert!(!part.uses.helpers.has(Helper::DeserializePresent));
        assert!(!part.uses.helpers.has(Helper::UnionLoss));
        let text = text(part.items.collect());
        assert!(!text.contains("deserialize_present") && !text.contains("union_loss"));

        let api = crate::testing::api(
            r#"
openapi: 3.0.3
info: {title: U, version: 1.0.0}
paths: {}
components:
  schemas:
    Either:
      oneOf:
        - {type: object, required: [a], properties: {a: {type: string}}}
        - {type: object, required: [b], properties: {b: {type: integer}}}
"#,
        );
        let part = models(&api, ModelOptions::default());
        assert!(part.uses.helpers.has(Helper::UnionLoss));
        assert!(part.uses.needs(Dep::SerdeJson));
        let text = crate::testing::text(part.items.collect());
        assert!(text.contains("fn union_loss<T: Serialize>"), "{text}");
        assert!(text.contains("pub enum Either"), "{text}");
    }
}

//! IR constraints → `validate.rs`: the `Validate` trait, its impls and the parameter checks.
//!
//! Every named type gets `impl Validate`; the body checks each constraint stated on a field
//! (and, all the way down, on array items, map values and the fields of nested types),
//! collecting every violation with the JSON pointer of the offending value. Support items
//! (regexes, enum tables, small helpers) are emitted only when some check uses them, so the
//! generated code has no dead code and lists only the dependencies it needs.

mod checks;
mod support;

use oasforge_ir::{Additional, Api, Field, ParamLocation, Scalar, Ty, TyKind, TypeKind};
use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::format::Pieces;
use crate::ledger::{Part, Uses};
use crate::types::{ident, ty_tokens};

pub(crate) use checks::is_newtype;

/// Builds `validate.rs` for `api`.
pub(crate) fn validators(api: &Api) -> Part<Pieces> {
    let mut gen = checks::Gen::new(api);
    let impls: Vec<TokenStream> = api
        .types
        .iter()
        .map(|def| {
            let name = ident(&def.name);
            let body = match &def.kind {
                TypeKind::Struct(s) => {
                    let fields: Vec<TokenStream> =
                        s.fields.iter().map(|f| field_check(&mut gen, f)).collect();
                    let extra = match &s.additional {
                        Additional::Map(value) => {
                            let name = additional_name(s);
                            let check = gen.map_values(value, quote! { &self.#name });
                            Some(check)
                        }
                        _ => None,
                    };
                    let counts = gen.struct_counts(s);
                    // The count reads `value` only when some property may be absent; with
                    // every property required it is a number fixed by the schema.
                    let reads_value = mentions(&counts, "value");
                    let counts = match (counts.is_empty(), reads_value) {
                        (true, _) => None,
                        (false, true) => Some(quote! { let value = self; #counts }),
                        (false, false) => Some(counts),
                    };
                    quote! { #(#fields)* #extra #counts }
                }
                TypeKind::Union(u) => union_check(&mut gen, u),
                TypeKind::Tuple(items) => tuple_check(&mut gen, items),
                TypeKind::Alias(ty) if is_newtype(def) => {
                    return newtype_impls(&mut gen, &name, ty);
                }
                // Closed enums hold only listed values; an open one refuses its catch-all.
                TypeKind::Enum(e) if e.open => {
                    let wires: Vec<&str> =
                        e.variants.iter().map(|v| v.wire_value.as_str()).collect();
                    let names: Vec<&str> = e.variants.iter().map(|v| v.name.as_str()).collect();
                    let listed = wires.iter().map(|w| format!("{w:?}"));
                    unknown_check(
                        &mut gen,
                        &names,
                        listed,
                        quote! { format_args!("{value:?}") },
                    )
                }
                TypeKind::IntEnum(e) if e.open => {
                    let names: Vec<&str> = e.variants.iter().map(|v| v.name.as_str()).collect();
                    let listed = e.variants.iter().map(|v| v.value.to_string());
                    unknown_check(&mut gen, &names, listed, quote! { format_args!("{value}") })
                }
                TypeKind::Enum(_) | TypeKind::IntEnum(_) | TypeKind::Alias(_) => TokenStream::new(),
            };
            if matches!(def.kind, TypeKind::Alias(_)) {
                return TokenStream::new();
            }
            let (pointer, errors) = if body.is_empty() {
                (quote! { _pointer }, quote! { _errors })
            } else {
                (quote! { pointer }, quote! { errors })
            };
            quote! {
                impl Validate for #name {
                    fn validate_at(&self, #pointer: &mut String, #errors: &mut Vec<Violation>) {
                        #body
                    }
                }
            }
        })
        .collect();
    let params = param_checks(&mut gen, api);
    let (support, uses): (TokenStream, Uses) = gen.finish();
    let mut pieces = Pieces::default();
    pieces.items(support);
    for tokens in impls.into_iter().chain(params) {
        if !tokens.is_empty() {
            pieces.items(tokens);
        }
    }
    Part {
        items: pieces,
        uses,
    }
}

/// The body of an open enum's `validate_at`: its catch-all variant (named as in
/// `models.rs`, beside the variants `names`) breaks `enum`, whose limit lists the values.
fn unknown_check(
    gen: &mut checks::Gen<'_>,
    names: &[&str],
    listed: impl Iterator<Item = String>,
    shown: TokenStream,
) -> TokenStream {
    let other = ident(&crate::models::enums::catch_all_name(names));
    let listed = format!("one of {}", listed.collect::<Vec<_>>().join(", "));
    let report = gen.report("enum", quote! { #listed }, shown);
    quote! {
        if let Self::#other(value) = self { #report }
    }
}

/// The inner Rust type of a constrained newtype.
fn newtype_inner(ty: &Ty) -> TokenStream {
    match ty.kind {
        TyKind::Scalar(Scalar::I32) => quote! { i32 },
        TyKind::Scalar(Scalar::I64) => quote! { i64 },
        TyKind::Scalar(Scalar::U32) => quote! { u32 },
        TyKind::Scalar(Scalar::U64) => quote! { u64 },
        TyKind::Scalar(Scalar::F32) => quote! { f32 },
        TyKind::Scalar(Scalar::F64) => quote! { f64 },
        _ => quote! { String },
    }
}

/// The item in `models.rs` for a constrained newtype (see [`is_newtype`]): deserializing
/// goes through `TryFrom`, so a value that breaks a constraint is rejected.
pub(crate) fn newtype_declaration(
    name: &proc_macro2::Ident,
    docs: &TokenStream,
    deprecated: Option<TokenStream>,
    ty: &Ty,
) -> TokenStream {
    let inner = newtype_inner(ty);
    let inner_text = inner.to_string();
    let eq = (!matches!(ty.kind, TyKind::Scalar(Scalar::F32 | Scalar::F64)))
        .then(|| quote! { Eq, Hash, });
    quote! {
        #docs
        ///
        /// Built only through `TryFrom`/`FromStr` or deserialization, which check the
        /// constraints (see `validate.rs`; the field is visible to that sibling module only).
        #deprecated
        #[derive(Debug, Clone, PartialEq, #eq Serialize, Deserialize)]
        #[serde(try_from = #inner_text)]
        pub struct #name(pub(super) #inner);
    }
}

/// Constructors of a constrained newtype (they run the checks), accessors and `Validate`.
fn newtype_impls(gen: &mut checks::Gen<'_>, name: &proc_macro2::Ident, ty: &Ty) -> TokenStream {
    let inner = newtype_inner(ty);
    let plain = Ty {
        kind: ty.kind.clone(),
        nullable: false,
        constraints: ty.constraints.clone(),
    };
    let check = gen.check(&plain, quote! { &value });
    let is_string = matches!(ty.kind, TyKind::Scalar(s) if s.is_text());
    let string_impls = is_string.then(|| {
        quote! {
            impl #name {
                /// The value.
                pub fn as_str(&self) -> &str {
                    &self.0
                }
            }

            impl std::str::FromStr for #name {
                type Err = ValidationErrors;

                fn from_str(value: &str) -> Result<Self, ValidationErrors> {
                    Self::try_from(value.to_owned())
                }
            }

            impl std::ops::Deref for #name {
                type Target = str;

                fn deref(&self) -> &str {
                    &self.0
                }
            }

            impl PartialEq<str> for #name {
                fn eq(&self, other: &str) -> bool {
                    self.0 == other
                }
            }

            impl PartialEq<&str> for #name {
                fn eq(&self, other: &&str) -> bool {
                    self.0 == *other
                }
            }
        }
    });
    let number_impls = (!is_string).then(|| {
        quote! {
            impl #name {
                /// The value.
                pub fn get(&self) -> #inner {
                    self.0
                }
            }
        }
    });
    quote! {
        impl TryFrom<#inner> for #name {
            type Error = ValidationErrors;

            /// Checks every constraint; all violations are returned at once.
            fn try_from(value: #inner) -> Result<Self, ValidationErrors> {
                let errors = &mut Vec::new();
                let pointer = &mut String::new();
                #check
                ValidationErrors::result(std::mem::take(errors))?;
                Ok(Self(value))
            }
        }

        impl From<#name> for #inner {
            fn from(value: #name) -> Self {
                value.0
            }
        }

        impl fmt::Display for #name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Display::fmt(&self.0, f)
            }
        }

        #string_impls
        #number_impls

        /// Valid by construction.
        impl Validate for #name {
            fn validate_at(&self, _pointer: &mut String, _errors: &mut Vec<Violation>) {}
        }
    }
}

/// The checks of the variant a union value holds (at the union's own pointer).
fn union_check(gen: &mut checks::Gen<'_>, u: &oasforge_ir::Union) -> TokenStream {
    let mut arms = Vec::new();
    for v in &u.variants {
        if !gen.ty_has_checks(&v.ty) {
            continue;
        }
        let name = ident(&v.name);
        // A nullable variant is matched as `Some(value)` in the pattern itself, so that no
        // `if let` nests inside another (clippy's `collapsible_match`).
        let nullable = (!v.boxed).then(|| gen.nullable_inner(&v.ty)).flatten();
        let partial = nullable.is_some();
        let (pattern, body) = if let Some(inner) = nullable {
            (quote! { Self::#name(Some(value)) }, gen.non_null(&inner))
        } else {
            let check = gen.check(&v.ty, quote! { value });
            let unbox = v.boxed.then(|| quote! { let value = &**value; });
            (quote! { Self::#name(value) }, quote! { #unbox #check })
        };
        arms.push((pattern, partial, body));
    }
    let partial = arms.iter().any(|(_, partial, _)| *partial);
    match arms.as_slice() {
        [] => TokenStream::new(),
        [(pattern, _, body)] if u.variants.len() > 1 || partial => {
            quote! { if let #pattern = self { #body } }
        }
        _ => {
            let rest = (arms.len() < u.variants.len() || partial).then(|| quote! { _ => {} });
            let arms = arms
                .iter()
                .map(|(pattern, _, body)| quote! { #pattern => { #body } });
            quote! { match self { #(#arms)* #rest } }
        }
    }
}

/// The checks of every position of a tuple (pointers `/0`, `/1`, …).
fn tuple_check(gen: &mut checks::Gen<'_>, items: &[Ty]) -> TokenStream {
    let mut out = TokenStream::new();
    for (i, ty) in items.iter().enumerate() {
        if !gen.ty_has_checks(ty) {
            continue;
        }
        let index = proc_macro2::Literal::usize_unsuffixed(i);
        let segment = format!("/{i}");
        let check = gen.check(ty, quote! { &self.#index });
        out.extend(quote! {
            let mark = pointer.len();
            pointer.push_str(#segment);
            #check
            pointer.truncate(mark);
        });
    }
    out
}

fn additional_name(s: &oasforge_ir::Struct) -> proc_macro2::Ident {
    // Mirrors the naming in `models.rs`.
    let mut name = "additional_properties".to_owned();
    while s.fields.iter().any(|f| f.name == name) {
        name.insert(0, '_');
    }
    ident(&name)
}

fn field_check(gen: &mut checks::Gen<'_>, f: &Field) -> TokenStream {
    if !gen.ty_has_checks(&f.ty) {
        return TokenStream::new();
    }
    let name = ident(&f.name);
    let segment = format!("/{}", checks::escape_segment(&f.wire_name));
    if gen.delegates(&f.ty) {
        // `Option`, `Box` and `Vec` delegate to the named type's impl.
        return quote! { self.#name.validate_field(pointer, #segment, errors); };
    }
    // `Option<T>` and `Option<Option<T>>` fields are checked when present; a nullable value
    // inside is unwrapped by `check`. Required and defaulted fields hold the value itself.
    let optional = matches!(
        f.presence(),
        oasforge_ir::Presence::Optional | oasforge_ir::Presence::OptionalNullable
    );
    let check = if optional {
        let tri_state =
            f.presence() == oasforge_ir::Presence::OptionalNullable && !f.boxed && f.ty.nullable;
        let (inner, access) = if tri_state {
            // `Option<Option<T>>`: both layers in one pattern, checked as `T`.
            let mut ty = f.ty.clone();
            ty.nullable = false;
            (
                gen.check(&ty, quote! { value }),
                quote! { self.#name.as_ref().and_then(Option::as_ref) },
            )
        } else if f.boxed {
            (
                gen.check(&f.ty, quote! { value }),
                quote! { self.#name.as_deref() },
            )
        } else {
            (
                gen.check(&f.ty, quote! { value }),
                quote! { self.#name.as_ref() },
            )
        };
        quote! { if let Some(value) = #access { #inner } }
    } else {
        let access = if f.boxed {
            quote! { &*self.#name }
        } else {
            quote! { &self.#name }
        };
        gen.check(&f.ty, access)
    };
    quote! {
        let mark = pointer.len();
        pointer.push_str(#segment);
        #check
        pointer.truncate(mark);
    }
}

/// The name of the check function of every constrained parameter, by operation and
/// parameter index.
fn param_names(gen: &checks::Gen<'_>, api: &Api) -> BTreeMap<(usize, usize), String> {
    check_names(gen, api).0
}

/// The fields of an operation's multipart form struct that are read from text parts (not
/// files, not `readOnly`), with their index among the schema's fields; empty when the body
/// has no form struct (see `operations::form_def`).
pub(crate) fn form_text_fields<'a>(
    api: &'a Api,
    op: &oasforge_ir::Operation,
) -> Vec<(usize, &'a Field)> {
    let Some(body) = op.body.as_ref() else {
        return Vec::new();
    };
    if body.kind != oasforge_ir::BodyKind::Multipart || body.form_name.is_none() {
        return Vec::new();
    }
    let TyKind::Named(id) = body.ty.kind else {
        return Vec::new();
    };
    let TypeKind::Struct(s) = &api.type_def(id).kind else {
        return Vec::new();
    };
    s.fields
        .iter()
        .enumerate()
        .filter(|(_, f)| !f.read_only && !matches!(f.ty.kind, TyKind::Scalar(Scalar::Binary)))
        .collect()
}

/// The names of the check functions of constrained parameters (by operation and parameter
/// index) and of constrained multipart form fields (by operation and field index), unique
/// together; the parameters are named first, so a form never renames one.
#[allow(clippy::type_complexity)]
fn check_names(
    gen: &checks::Gen<'_>,
    api: &Api,
) -> (
    BTreeMap<(usize, usize), String>,
    BTreeMap<(usize, usize), String>,
) {
    let mut names = BTreeMap::new();
    let mut taken = std::collections::HashSet::new();
    let mut unique = |base: String| {
        // Two parameters of one name (path and query) or names that meet once joined.
        let mut name = base.clone();
        let mut n = 2;
        while !taken.insert(name.clone()) {
            name = format!("{base}_{n}");
            n += 1;
        }
        name
    };
    for (o, op) in api.operations.iter().enumerate() {
        for (i, p) in op.params.iter().enumerate() {
            if !gen.ty_has_checks(&p.ty) {
                continue;
            }
            names.insert(
                (o, i),
                unique(oasforge_ir::names::compose(&op.name, &p.name)),
            );
        }
    }
    let mut forms = BTreeMap::new();
    for (o, op) in api.operations.iter().enumerate() {
        for (i, f) in form_text_fields(api, op) {
            if !gen.ty_has_checks(&f.ty) {
                continue;
            }
            let base = oasforge_ir::names::compose(
                &oasforge_ir::names::compose(&op.name, "body"),
                &f.name,
            );
            forms.insert((o, i), unique(base));
        }
    }
    (names, forms)
}

/// The parameter check functions of `validate.rs` (see [`param_names`]), for the operations'
/// `validate()`.
pub(crate) fn param_check_names(api: &Api) -> BTreeMap<(String, usize), String> {
    param_names(&checks::Gen::new(api), api)
        .into_iter()
        .map(|((o, i), name)| ((api.operations[o].name.clone(), i), name))
        .collect()
}

/// The check functions of `validate.rs` for multipart form fields, by operation name and
/// the field's wire name, for the operations' `validate()`.
pub(crate) fn form_check_names(api: &Api) -> BTreeMap<(String, String), String> {
    let gen = checks::Gen::new(api);
    check_names(&gen, api)
        .1
        .into_iter()
        .filter_map(|((o, i), name)| {
            let op = &api.operations[o];
            let (_, field) = form_text_fields(api, op)
                .into_iter()
                .find(|(j, _)| *j == i)?;
            Some(((op.name.clone(), field.wire_name.clone()), name))
        })
        .collect()
}

/// One function per constrained operation parameter, then one per constrained field of a
/// multipart form (read from text parts).
fn param_checks(gen: &mut checks::Gen<'_>, api: &Api) -> Vec<TokenStream> {
    let mut items = Vec::new();
    let (params, forms) = check_names(gen, api);
    for ((o, i), unique) in params {
        let op = &api.operations[o];
        let p = &op.params[i];
        let location = match p.location {
            ParamLocation::Path => "path",
            ParamLocation::Query => "query",
            ParamLocation::Header => "header",
            ParamLocation::Cookie => "cookie",
        };
        items.extend(param_default(op, p, &unique));
        let checked = Checked {
            what: &format!("{location} parameter"),
            noun: "parameter",
            wire_name: &p.wire_name,
            ty: &p.ty,
            optional: !p.required,
        };
        items.push(check_function(gen, api, op, &unique, &checked));
    }
    for ((o, i), unique) in forms {
        let op = &api.operations[o];
        let Some((_, f)) = form_text_fields(api, op).into_iter().find(|(j, _)| *j == i) else {
            continue;
        };
        let checked = Checked {
            what: "multipart part",
            noun: "part",
            wire_name: &f.wire_name,
            ty: &f.ty,
            optional: !f.required && !f.ty.nullable,
        };
        items.push(check_function(gen, api, op, &unique, &checked));
    }
    items
}

/// A value of an operation's input that a check function of `validate.rs` checks: a
/// parameter or a multipart text part.
struct Checked<'a> {
    /// What it is, for the doc comment (`query parameter`, `multipart part`).
    what: &'a str,
    /// What it is, in one word (`parameter`, `part`).
    noun: &'a str,
    /// Its name on the wire (the pointer's segment).
    wire_name: &'a str,
    /// Its type.
    ty: &'a Ty,
    /// Whether callers check only a value that is sent.
    optional: bool,
}

/// `pub fn NAME(value) -> Result<(), ValidationErrors>`: every constraint of `checked`'s
/// type, violations at the pointer `/<wire name>`.
fn check_function(
    gen: &mut checks::Gen<'_>,
    api: &Api,
    op: &oasforge_ir::Operation,
    unique: &str,
    checked: &Checked<'_>,
) -> TokenStream {
    let name = format_ident!("{}", unique);
    let (arg_ty, value) = param_arg(api, checked.ty);
    let check = gen.check(checked.ty, value);
    let segment = format!("/{}", checks::escape_segment(checked.wire_name));
    let doc = format!(
        " Checks the {} `{}` of `{}` ({} {}). Violations are reported at the pointer `{segment}`.",
        checked.what,
        checked.wire_name,
        op.name.trim_start_matches("r#"),
        op.method,
        op.path,
    );
    let optional_doc = checked.optional.then(|| {
        let doc = format!(
            " The {} is optional: call this only for a value that is sent.",
            checked.noun
        );
        quote! { #[doc = #doc] }
    });
    quote! {
        #[doc = #doc]
        #optional_doc
        pub fn #name(value: #arg_ty) -> Result<(), ValidationErrors> {
            let errors = &mut Vec::new();
            let pointer = &mut String::from(#segment);
            #check
            ValidationErrors::result(std::mem::take(errors))
        }
    }
}

/// `pub const OP_PARAM_DEFAULT` for a scalar parameter with a `default`, so callers and
/// servers fill in the same value the spec names.
fn param_default(
    op: &oasforge_ir::Operation,
    p: &oasforge_ir::Param,
    function: &str,
) -> Option<TokenStream> {
    let default = p.ty.constraints.default.as_ref()?;
    if p.ty.nullable {
        return None;
    }
    // YAML loaders may carry whole numbers as floats.
    let whole = |n: &serde_json::Number| {
        n.as_i64().or_else(|| {
            n.as_f64()
                .filter(|f| f.fract() == 0.0 && f.abs() < 9.0e15)
                .map(|f| f as i64)
        })
    };
    let (ty, value) = match (&p.ty.kind, default) {
        (TyKind::Scalar(Scalar::I64), serde_json::Value::Number(n)) => {
            let v = proc_macro2::Literal::i64_unsuffixed(whole(n)?);
            (quote! { i64 }, quote! { #v })
        }
        (TyKind::Scalar(Scalar::I32), serde_json::Value::Number(n)) => {
            let v = proc_macro2::Literal::i32_unsuffixed(i32::try_from(whole(n)?).ok()?);
            (quote! { i32 }, quote! { #v })
        }
        (TyKind::Scalar(Scalar::Bool), serde_json::Value::Bool(b)) => {
            (quote! { bool }, quote! { #b })
        }
        (TyKind::Scalar(scalar), serde_json::Value::String(s)) if scalar.is_text() => {
            (quote! { &str }, quote! { #s })
        }
        _ => return None,
    };
    let name = format_ident!("{}_DEFAULT", function.to_uppercase());
    let doc = format!(
        " The default of the `{}` parameter of `{}`: `{default}`.",
        p.wire_name,
        op.name.trim_start_matches("r#")
    );
    Some(quote! {
        #[doc = #doc]
        pub const #name: #ty = #value;
    })
}

/// The argument type of a parameter check (`&str` and `&[T]` rather than `&String` and
/// `&Vec<T>`), and the expression the checks read.
fn param_arg(api: &Api, ty: &Ty) -> (TokenStream, TokenStream) {
    if !ty.nullable {
        match &ty.kind {
            TyKind::Scalar(s) if s.is_text() => return (quote! { &str }, quote! { value }),
            TyKind::Array(item) => {
                let item = ty_tokens(api, item);
                return (quote! { &[#item] }, quote! { value });
            }
            _ => {}
        }
    }
    let t = ty_tokens(api, ty);
    (quote! { &#t }, quote! { value })
}

/// Whether `tokens` name the identifier `name` anywhere, nested groups included.
fn mentions(tokens: &TokenStream, name: &str) -> bool {
    tokens.clone().into_iter().any(|t| match t {
        proc_macro2::TokenTree::Ident(i) => i == name,
        proc_macro2::TokenTree::Group(g) => mentions(&g.stream(), name),
        _ => false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::Dep;
    use crate::testing::{api, text, PETS, PLAIN};

    #[test]
    fn a_pattern_brings_its_static_regex_and_imports() {
        let part = validators(&api(PETS));
        assert!(part.uses.needs(Dep::Regex) && !part.uses.needs(Dep::FancyRegex));
        let uses = part.uses.use_items();
        assert_eq!(
            uses.to_string(),
            quote! {
                use std::fmt;
                use super::models::*;
                use std::sync::LazyLock;
            }
            .to_string()
        );
        let items = part.items.into_tokens();
        let text = text(quote! { #uses #items });
        assert!(
            text.contains("static PATTERN_0: LazyLock<regex::Regex>"),
            "{text}"
        );
        assert!(text.contains("impl Validate for Pet"), "{text}");
    }

    /// `minProperties` on an object whose properties are all required counts a fixed number
    /// and binds no `value` (an unused variable); with an optional property it reads it.
    #[test]
    fn property_counts_bind_the_value_only_when_they_read_it() {
        let spec = |required: &str| {
            format!(
                r#"
openapi: 3.0.3
info: {{title: T, version: 1.0.0}}
paths: {{}}
components:
  schemas:
    Link:
      type: object
      minProperties: 1
      required: [{required}]
      properties:
        href: {{type: string}}
        rel: {{type: string}}
"#
            )
        };
        let all = text(validators(&api(&spec("href, rel"))).items.into_tokens());
        assert!(!all.contains("let value = self;"), "{all}");
        assert!(all.contains("let count = 2;"), "{all}");
        let some = text(validators(&api(&spec("href"))).items.into_tokens());
        assert!(some.contains("let value = self;"), "{some}");
        assert!(
            some.contains("let count = 1 + usize::from(value.rel.is_some());"),
            "{some}"
        );
    }

    #[test]
    fn without_patterns_or_tables_nothing_lazy_is_imported() {
        let part = validators(&api(PLAIN));
        assert!(!part.uses.needs(Dep::Regex));
        let uses = part.uses.use_items().to_string();
        assert!(!uses.contains("LazyLock"), "{uses}");
        assert!(!text(part.items.into_tokens()).contains("LazyLock"));
    }

    #[test]
    fn multipart_text_parts_get_check_functions_that_rename_no_parameter() {
        let api = api(r#"
openapi: 3.0.3
info: {title: T, version: 1.0.0}
paths:
  /p:
    post:
      operationId: add
      parameters:
        - {name: body_labels, in: query, schema: {type: string, maxLength: 3}}
      requestBody:
        content:
          multipart/form-data:
            schema:
              type: object
              properties:
                file: {type: string, format: binary}
                labels: {type: array, maxItems: 2, items: {type: string}}
                plain: {type: string}
                id: {type: array, maxItems: 1, items: {type: string}, readOnly: true}
      responses:
        '204': {description: Done}
"#);
        // The parameter keeps the name it has without the form.
        let params = param_check_names(&api);
        assert_eq!(
            params.get(&("add".to_owned(), 0)).map(String::as_str),
            Some("add_body_labels")
        );
        let forms = form_check_names(&api);
        let names: Vec<(&str, &str)> = forms
            .iter()
            .map(|((_, wire), name)| (wire.as_str(), name.as_str()))
            .collect();
        // Files, unconstrained and `readOnly` parts have none.
        assert_eq!(names, [("labels", "add_body_labels_2")]);
        let text = text(validators(&api).items.into_tokens());
        assert!(
            text.contains(
                "pub fn add_body_labels_2(value: &[String]) -> Result<(), ValidationErrors>"
            ),
            "{text}"
        );
        assert!(text.contains("String::from(\"/labels\")"), "{text}");
    }
}

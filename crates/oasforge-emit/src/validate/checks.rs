//! The check code for one type use, and the bookkeeping of what the checks use.

use oasforge_ir::pattern::{engine, PatternEngine};
use oasforge_ir::{Additional, Api, Bound, Constraints, Scalar, Struct, Ty, TyKind, TypeKind};
use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};
use serde_json::Value;

use super::support;
use crate::ledger::{Dep, Uses};
use crate::runtime::Helper;
use crate::types::ident;

pub(super) use oasforge_ir::checked::CHECKED_FORMATS;

/// The shape a check sees, with aliases followed.
#[derive(Clone, Copy)]
enum Cat<'a> {
    Str,
    Int(Scalar),
    Float(Scalar),
    /// Booleans, date-times, string enums: only `enum`/`const` apply.
    Other,
    Array(&'a Ty),
    Map,
    Struct(&'a Struct),
    Any,
}

/// Generation state: which types have checks, and the support items used so far.
pub(crate) struct Gen<'a> {
    api: &'a Api,
    /// Whether the type with this id has any check inside.
    has: Vec<bool>,
    /// Patterns by index (`PATTERN_{i}`): the pattern as written, and whether it is fancy.
    pub(super) patterns: Vec<(String, bool)>,
    /// JSON tables for `enum` (arrays) and `const` (single values) by index (`ENUM_{i}`).
    pub(super) tables: Vec<(Value, bool)>,
    /// The runtime helpers and dependencies the checks use.
    pub(super) uses: Uses,
}

impl<'a> Gen<'a> {
    pub(crate) fn new(api: &'a Api) -> Self {
        let mut gen = Self {
            api,
            has: vec![false; api.types.len()],
            patterns: Vec::new(),
            tables: Vec::new(),
            uses: Uses::default(),
        };
        // Monotone fixpoint: a type has checks when any of its parts has.
        loop {
            let mut changed = false;
            for (i, def) in api.types.iter().enumerate() {
                if gen.has[i] {
                    continue;
                }
                let has = match &def.kind {
                    TypeKind::Struct(s) => {
                        s.fields.iter().any(|f| gen.ty_has_checks(&f.ty))
                            || matches!(&s.additional, Additional::Map(v) if gen.ty_has_checks(v))
                            || positive(s.min_properties).is_some()
                            || s.max_properties.is_some()
                    }
                    TypeKind::Alias(_) if is_newtype(def) => false,
                    TypeKind::Alias(ty) => gen.ty_has_checks(ty),
                    // The active variant, or every position.
                    TypeKind::Union(u) => u.variants.iter().any(|v| gen.ty_has_checks(&v.ty)),
                    TypeKind::Tuple(items) => items.iter().any(|ty| gen.ty_has_checks(ty)),
                    // Open string enums read values they do not list (responses), which
                    // a request must not carry; the others are closed by their Rust type.
                    TypeKind::Enum(e) => e.open,
                    TypeKind::IntEnum(e) => e.open,
                };
                if has {
                    gen.has[i] = true;
                    changed = true;
                }
            }
            if !changed {
                return gen;
            }
        }
    }

    /// Whether a use of `ty` produces any check.
    pub(crate) fn ty_has_checks(&self, ty: &Ty) -> bool {
        own_applies(&ty.constraints, self.cat(&ty.kind))
            || match &ty.kind {
                TyKind::Named(id) => self.has[id.0],
                TyKind::Array(inner) | TyKind::Map(inner) => self.ty_has_checks(inner),
                TyKind::Scalar(_) | TyKind::Any => false,
            }
    }

    /// Whether the checks of a use of `ty` are exactly those of its named type's `Validate`
    /// impl, reached through `Option`, `Box` and `Vec` (which implement `Validate` by
    /// delegating): such a use is checked by calling `validate_at` on it, with no code of
    /// its own.
    pub(crate) fn delegates(&self, ty: &Ty) -> bool {
        if own_applies(&ty.constraints, self.cat(&ty.kind)) {
            return false;
        }
        match &ty.kind {
            TyKind::Named(id) => {
                self.has[id.0] && !matches!(self.api.type_def(*id).kind, TypeKind::Alias(_))
            }
            TyKind::Array(item) => self.delegates(item),
            TyKind::Map(_) | TyKind::Scalar(_) | TyKind::Any => false,
        }
    }

    fn cat(&self, kind: &'a TyKind) -> Cat<'a> {
        let mut kind = kind;
        // Aliases of aliases are short; the bound only guards against malformed input.
        for _ in 0..32 {
            return match kind {
                TyKind::Named(id) => match &self.api.type_def(*id).kind {
                    TypeKind::Struct(s) => Cat::Struct(s),
                    TypeKind::Enum(_)
                    | TypeKind::IntEnum(_)
                    | TypeKind::Union(_)
                    | TypeKind::Tuple(_) => Cat::Other,
                    // A constrained newtype is valid by construction.
                    _ if is_newtype(self.api.type_def(*id)) => Cat::Other,
                    TypeKind::Alias(ty) if !ty.nullable => {
                        kind = &ty.kind;
                        continue;
                    }
                    TypeKind::Alias(_) => Cat::Other,
                },
                TyKind::Scalar(s) if s.is_text() => Cat::Str,
                TyKind::Scalar(s @ (Scalar::I32 | Scalar::I64 | Scalar::U32 | Scalar::U64)) => {
                    Cat::Int(*s)
                }
                TyKind::Scalar(s @ (Scalar::F32 | Scalar::F64)) => Cat::Float(*s),
                // Typed scalars (dates, UUIDs, addresses, booleans) are checked by
                // their Rust type.
                TyKind::Scalar(_) => Cat::Other,
                TyKind::Array(item) => Cat::Array(item),
                TyKind::Map(_) => Cat::Map,
                TyKind::Any => Cat::Any,
            };
        }
        Cat::Other
    }

    /// Checks of `ty` for the value `v` (an expression of type `&T`, `T` being the Rust
    /// type of the use). The code may read `pointer: &mut String` and
    /// `errors: &mut Vec<Violation>`.
    pub(crate) fn check(&mut self, ty: &Ty, v: TokenStream) -> TokenStream {
        if !self.ty_has_checks(ty) {
            return TokenStream::new();
        }
        let body = self.non_null(ty);
        let is_value = v.to_string() == "value";
        if ty.nullable {
            quote! { if let Some(value) = #v { #body } }
        } else if is_value {
            body
        } else {
            quote! { { let value = #v; #body } }
        }
    }

    /// When a use of `ty` holds an `Option` (it is nullable itself, or names an alias of a
    /// nullable type and adds no constraint of its own), the type whose checks apply to the
    /// `Some` value; `None` otherwise.
    pub(crate) fn nullable_inner(&self, ty: &Ty) -> Option<Ty> {
        if ty.nullable {
            return Some(ty.clone());
        }
        let TyKind::Named(id) = &ty.kind else {
            return None;
        };
        let def = self.api.type_def(*id);
        match &def.kind {
            TypeKind::Alias(inner)
                if inner.nullable
                    && !is_newtype(def)
                    && !own_applies(&ty.constraints, self.cat(&ty.kind)) =>
            {
                Some((**inner).clone())
            }
            _ => None,
        }
    }

    /// Checks of a non-null value bound as `value`.
    pub(crate) fn non_null(&mut self, ty: &Ty) -> TokenStream {
        let cat = self.cat(&ty.kind);
        let own = self.own(&ty.constraints, cat);
        let nested = match &ty.kind {
            TyKind::Named(id) => match &self.api.type_def(*id).kind {
                // Open enums refuse their catch-all variant in their own impl.
                TypeKind::Struct(_)
                | TypeKind::Union(_)
                | TypeKind::Tuple(_)
                | TypeKind::Enum(_)
                | TypeKind::IntEnum(_)
                    if self.has[id.0] =>
                {
                    quote! { value.validate_at(pointer, errors); }
                }
                TypeKind::Alias(inner) if !is_newtype(self.api.type_def(*id)) => {
                    let inner = inner.clone();
                    self.check(&inner, quote! { value })
                }
                _ => TokenStream::new(),
            },
            TyKind::Array(item) if self.delegates(item) => {
                quote! { value.validate_at(pointer, errors); }
            }
            TyKind::Array(item) if self.ty_has_checks(item) => {
                let inner = self.check(item, quote! { value });
                quote! {
                    for (index, value) in value.iter().enumerate() {
                        let mark = pointer.len();
                        push_index(pointer, index);
                        #inner
                        pointer.truncate(mark);
                    }
                }
            }
            TyKind::Map(inner) => self.map_values(inner, quote! { value }),
            _ => TokenStream::new(),
        };
        quote! { #own #nested }
    }

    /// Checks of every value of a map (`expr` is a `&BTreeMap<String, T>`).
    pub(crate) fn map_values(&mut self, value_ty: &Ty, expr: TokenStream) -> TokenStream {
        if !self.ty_has_checks(value_ty) {
            return TokenStream::new();
        }
        self.uses.use_(Helper::PushKey);
        let inner = self.check(value_ty, quote! { value });
        quote! {
            for (key, value) in #expr {
                let mark = pointer.len();
                push_key(pointer, key);
                #inner
                pointer.truncate(mark);
            }
        }
    }

    /// A struct's own `minProperties`/`maxProperties`, for the struct bound as `value`.
    pub(crate) fn struct_counts(&mut self, s: &Struct) -> TokenStream {
        let c = Constraints {
            min_properties: s.min_properties,
            max_properties: s.max_properties,
            ..Constraints::default()
        };
        self.count_checks(&c, struct_count(s))
    }

    /// The checks of the constraints stated at this use, for a value bound as `value`.
    fn own(&mut self, c: &Constraints, cat: Cat<'_>) -> TokenStream {
        let mut out = match cat {
            Cat::Str => self.string_checks(c),
            Cat::Int(s) => {
                // Compared as a signed integer wide enough for every value.
                let number = match s {
                    Scalar::I32 | Scalar::U32 => quote! { i64::from(*value) },
                    Scalar::U64 => quote! { i128::from(*value) },
                    _ => quote! { *value },
                };
                // Bounds the type already enforces are not checked (no `< 0` on a `u32`).
                self.number_checks(&c.without_implied(s), number, true)
            }
            Cat::Float(s) => {
                let number = if s == Scalar::F32 {
                    quote! { f64::from(*value) }
                } else {
                    quote! { *value }
                };
                self.number_checks(c, number, false)
            }
            Cat::Array(item) => {
                let json_items = matches!(item.kind, TyKind::Any) && !item.nullable;
                self.array_checks(c, json_items)
            }
            Cat::Map => self.count_checks(c, quote! { value.len() }),
            Cat::Struct(s) => {
                let count = struct_count(s);
                self.count_checks(c, count)
            }
            Cat::Any => self.any_checks(c),
            Cat::Other => TokenStream::new(),
        };
        out.extend(self.json_checks(c, matches!(cat, Cat::Any)));
        out
    }

    pub(crate) fn report(
        &mut self,
        rule: &str,
        limit: TokenStream,
        value: TokenStream,
    ) -> TokenStream {
        self.uses.use_(Helper::Report);
        quote! { report(errors, pointer, #rule, #limit, #value); }
    }

    /// A call of a runtime check helper (`max_length(errors, pointer, value, 70);`).
    fn call(&mut self, helper: Helper, args: TokenStream) -> TokenStream {
        self.uses.use_(helper);
        let name = format_ident!("{}", helper.part().name());
        quote! { #name(errors, pointer, #args); }
    }

    fn string_checks(&mut self, c: &Constraints) -> TokenStream {
        let mut out = TokenStream::new();
        if let Some(min) = positive(c.min_length) {
            let lit = Literal::u64_unsuffixed(min);
            out.extend(self.call(Helper::MinLength, quote! { value, #lit }));
        }
        if let Some(max) = c.max_length {
            let lit = Literal::u64_unsuffixed(max);
            out.extend(self.call(Helper::MaxLength, quote! { value, #lit }));
        }
        if let Some(pattern) = &c.pattern {
            let fancy = match engine(pattern) {
                PatternEngine::Regex => Some(false),
                PatternEngine::Fancy => Some(true),
                PatternEngine::Unsupported(_) => None,
            };
            if let Some(fancy) = fancy {
                let index = match self.patterns.iter().position(|(p, _)| p == pattern) {
                    Some(i) => i,
                    None => {
                        self.patterns.push((pattern.clone(), fancy));
                        self.patterns.len() - 1
                    }
                };
                if fancy {
                    self.uses.dep(Dep::FancyRegex);
                } else {
                    self.uses.dep(Dep::Regex);
                }
                let name = format_ident!("PATTERN_{}", index);
                let matched = if fancy {
                    // A match that exceeds the backtracking limit counts as no match.
                    quote! { #name.is_match(value).unwrap_or(false) }
                } else {
                    quote! { #name.is_match(value) }
                };
                out.extend(self.call(Helper::Pattern, quote! { value, #matched, #pattern }));
            }
        }
        if let Some(format) = c.format.as_deref() {
            if let Some(format) = CHECKED_FORMATS.iter().find(|f| **f == format) {
                if let Some(helper) = Helper::format(format) {
                    self.uses.use_(helper);
                }
                let func = format_ident!("is_{}", format.replace('-', "_"));
                out.extend(self.call(Helper::Format, quote! { value, #format, #func }));
            }
        }
        out
    }

    /// `number` reads the value as `i64` (integers) or `f64`.
    fn number_checks(&mut self, c: &Constraints, number: TokenStream, int: bool) -> TokenStream {
        let mut out = TokenStream::new();
        let bound = |this: &mut Self, b: &Bound, lower: bool| {
            let (helper, rule) = match (lower, b.exclusive) {
                (true, false) => (Helper::Minimum, "minimum"),
                (true, true) => (Helper::ExclusiveMinimum, "exclusiveMinimum"),
                (false, false) => (Helper::Maximum, "maximum"),
                (false, true) => (Helper::ExclusiveMaximum, "exclusiveMaximum"),
            };
            if int && !is_small_integer(b.value) {
                // An integer against a fractional or very large limit is compared as a
                // float but shown as the integer it is.
                let limit = float_literal(b.value);
                let broken = match (lower, b.exclusive) {
                    (true, false) => quote! { (number as f64) < #limit },
                    (true, true) => quote! { (number as f64) <= #limit },
                    (false, false) => quote! { (number as f64) > #limit },
                    (false, true) => quote! { (number as f64) >= #limit },
                };
                let shown = number_text(b.value);
                let report = this.report(rule, quote! { #shown }, quote! { number });
                return quote! { if #broken { #report } };
            }
            let limit = if int {
                int_literal(b.value)
            } else {
                float_literal(b.value)
            };
            this.call(helper, quote! { number, #limit })
        };
        // Non-finite limits cannot come from JSON; they are skipped rather than emitted.
        if let Some(b) = c.minimum.as_ref().filter(|b| b.value.is_finite()) {
            out.extend(bound(self, b, true));
        }
        if let Some(b) = c.maximum.as_ref().filter(|b| b.value.is_finite()) {
            out.extend(bound(self, b, false));
        }
        if let Some(m) = c.multiple_of.filter(|m| *m > 0.0 && m.is_finite()) {
            let shown = number_text(m);
            let report = self.report("multipleOf", quote! { #shown }, quote! { number });
            if int && is_small_integer(m) {
                let lit = int_literal(m);
                out.extend(quote! { if number % #lit != 0 { #report } });
            } else {
                self.uses.use_(Helper::MultipleOf);
                let lit = float_literal(m);
                let value = if int {
                    quote! { number as f64 }
                } else {
                    quote! { number }
                };
                out.extend(quote! { if !is_multiple_of(#value, #lit) { #report } });
            }
        }
        if out.is_empty() || number.to_string() == "number" {
            return out;
        }
        quote! { let number = #number; #out }
    }

    fn array_checks(&mut self, c: &Constraints, json_items: bool) -> TokenStream {
        let mut out = TokenStream::new();
        if let Some(min) = positive(c.min_items) {
            let lit = Literal::u64_unsuffixed(min);
            out.extend(self.call(Helper::MinItems, quote! { value.len(), #lit }));
        }
        if let Some(max) = c.max_items {
            let lit = Literal::u64_unsuffixed(max);
            out.extend(self.call(Helper::MaxItems, quote! { value.len(), #lit }));
        }
        if c.unique_items {
            self.uses.use_(Helper::Duplicate);
            let eq = if json_items {
                self.uses.use_(Helper::JsonEq);
                self.uses.dep(Dep::SerdeJson);
                quote! { json_eq }
            } else {
                quote! { |a, b| a == b }
            };
            let report = self.report(
                "uniqueItems",
                quote! { true },
                quote! { format_args!("items {first} and {second} are equal") },
            );
            out.extend(quote! {
                if let Some((first, second)) = first_duplicate(value, #eq) { #report }
            });
        }
        out
    }

    fn count_checks(&mut self, c: &Constraints, count: TokenStream) -> TokenStream {
        let mut out = TokenStream::new();
        if let Some(min) = positive(c.min_properties) {
            let lit = Literal::u64_unsuffixed(min);
            out.extend(self.call(Helper::MinProperties, quote! { count, #lit }));
        }
        if let Some(max) = c.max_properties {
            let lit = Literal::u64_unsuffixed(max);
            out.extend(self.call(Helper::MaxProperties, quote! { count, #lit }));
        }
        if out.is_empty() {
            return out;
        }
        quote! { let count = #count; #out }
    }

    /// Untyped values: each keyword applies to values of its JSON type.
    fn any_checks(&mut self, c: &Constraints) -> TokenStream {
        let mut arms: Vec<(TokenStream, TokenStream)> = Vec::new();
        let string = self.string_checks(c);
        if !string.is_empty() {
            arms.push((quote! { serde_json::Value::String(value) }, string));
        }
        let number = self.number_checks(c, quote! { number }, false);
        if !number.is_empty() {
            arms.push((
                quote! { serde_json::Value::Number(number) },
                quote! { if let Some(number) = number.as_f64() { #number } },
            ));
        }
        let array = self.array_checks(c, true);
        if !array.is_empty() {
            arms.push((quote! { serde_json::Value::Array(value) }, array));
        }
        let object = self.count_checks(c, quote! { value.len() });
        if !object.is_empty() {
            arms.push((quote! { serde_json::Value::Object(value) }, object));
        }
        match arms.as_slice() {
            [] => TokenStream::new(),
            // `if let` rather than a one-armed match (clippy::single_match).
            [(pat, body)] => quote! { if let #pat = value { #body } },
            _ => {
                let arms = arms.iter().map(|(pat, body)| quote! { #pat => { #body } });
                quote! { match value { #(#arms)* _ => {} } }
            }
        }
    }

    /// `enum` and `const`, compared as JSON values.
    fn json_checks(&mut self, c: &Constraints, is_json: bool) -> TokenStream {
        let mut checks = TokenStream::new();
        let mut add = |this: &mut Self, table: Value, is_list: bool, rule: &str| {
            let shown = table.to_string();
            let index = match this
                .tables
                .iter()
                .position(|(t, l)| *t == table && *l == is_list)
            {
                Some(i) => i,
                None => {
                    this.tables.push((table, is_list));
                    this.tables.len() - 1
                }
            };
            this.uses.use_(Helper::JsonEq);
            this.uses.dep(Dep::SerdeJson);
            let name = format_ident!("{}_{}", if is_list { "ENUM" } else { "CONST" }, index);
            let ok = if is_list {
                quote! { #name.iter().any(|allowed| json_eq(allowed, json)) }
            } else {
                quote! { json_eq(&#name, json) }
            };
            let report = this.report(rule, quote! { #shown }, quote! { json });
            checks.extend(quote! { if !(#ok) { #report } });
        };
        if let Some(values) = &c.enum_values {
            add(self, Value::Array(values.clone()), true, "enum");
        }
        if let Some(value) = &c.const_value {
            add(self, value.clone(), false, "const");
        }
        if checks.is_empty() {
            return checks;
        }
        if is_json {
            quote! { let json = value; #checks }
        } else {
            quote! {
                if let Ok(json) = &serde_json::to_value(value) { #checks }
            }
        }
    }

    /// Ends generation: the support items and what was used.
    pub(crate) fn finish(mut self) -> (TokenStream, Uses) {
        let items = support::items(
            &self.patterns,
            &self.tables,
            &mut self.uses,
            !self.api.types.is_empty(),
        );
        (items, self.uses)
    }
}

/// The number of properties present in a struct bound as `value`.
fn struct_count(s: &Struct) -> TokenStream {
    let mut fixed = 0usize;
    let mut parts = Vec::new();
    for f in &s.fields {
        let name = ident(&f.name);
        if matches!(
            f.presence(),
            oasforge_ir::Presence::Required | oasforge_ir::Presence::Defaulted
        ) {
            fixed += 1;
        } else {
            parts.push(quote! { usize::from(value.#name.is_some()) });
        }
    }
    if let Additional::Map(_) = &s.additional {
        let name = super::additional_name(s);
        parts.push(quote! { value.#name.len() });
    }
    let lit = Literal::usize_unsuffixed(fixed);
    match parts.split_first() {
        None => quote! { #lit },
        // No `0 + …` (clippy::identity_op).
        Some((first, rest)) if fixed == 0 => quote! { #first #(+ #rest)* },
        Some(_) => quote! { #lit #(+ #parts)* },
    }
}

/// Whether a named alias becomes a constrained newtype: a non-null string or number
/// with constraints of its own, whose constructors check them.
pub(crate) fn is_newtype(def: &oasforge_ir::TypeDef) -> bool {
    match &def.kind {
        TypeKind::Alias(ty) if !ty.nullable => match ty.kind {
            TyKind::Scalar(s) if s.is_text() => own_applies(&ty.constraints, Cat::Str),
            TyKind::Scalar(s @ (Scalar::I32 | Scalar::I64 | Scalar::U32 | Scalar::U64)) => {
                own_applies(&ty.constraints, Cat::Int(s))
            }
            TyKind::Scalar(s @ (Scalar::F32 | Scalar::F64)) => {
                own_applies(&ty.constraints, Cat::Float(s))
            }
            _ => false,
        },
        _ => false,
    }
}

/// Whether constraints stated at a use produce a check for values of this shape.
fn own_applies(c: &Constraints, cat: Cat<'_>) -> bool {
    // A minimum of 0 always holds and generates nothing.
    let array = positive(c.min_items).is_some() || c.max_items.is_some() || c.unique_items;
    let object = positive(c.min_properties).is_some() || c.max_properties.is_some();
    c.checks_json()
        || match cat {
            Cat::Str => c.checks_string(),
            Cat::Int(s) => c.checks_scalar(s),
            Cat::Float(_) => c.checks_number(),
            Cat::Array(_) => array,
            Cat::Map | Cat::Struct(_) => object,
            Cat::Any => c.checks_string() || c.checks_number() || array || object,
            Cat::Other => false,
        }
}

/// A lower count bound that can fail (`0` always holds).
fn positive(bound: Option<u64>) -> Option<u64> {
    bound.filter(|n| *n > 0)
}

fn is_small_integer(v: f64) -> bool {
    v.fract() == 0.0 && v.abs() < 9.0e15
}

fn int_literal(v: f64) -> TokenStream {
    let lit = Literal::i64_unsuffixed(v as i64);
    quote! { #lit }
}

fn float_literal(v: f64) -> TokenStream {
    let lit = Literal::f64_unsuffixed(v);
    quote! { #lit }
}

/// A number as JSON writes it: `500`, `1.5`.
fn number_text(v: f64) -> String {
    if is_small_integer(v) {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

/// A JSON pointer segment: `~` and `/` escaped.
pub(super) fn escape_segment(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

#[cfg(test)]
mod unit_tests {
    use super::*;
    use crate::testing::{api, text};

    /// Constraints a newtype does not take: on array items, and with a default.
    const TAGS: &str = r#"
openapi: 3.0.3
info: {title: Tags, version: 1.0.0}
paths: {}
components:
  schemas:
    Tagged:
      type: object
      properties:
        tags:
          type: array
          maxItems: 3
          items: {type: string, pattern: '^[a-z]+$'}
        size: {type: integer, minimum: 1, maximum: 10, default: 5}
        note: {type: string}
        ids: {type: array, items: {type: string}}
"#;

    /// The type of field `name` of struct `Tagged`.
    fn field<'a>(api: &'a Api, name: &str) -> &'a Ty {
        let s = api
            .types
            .iter()
            .find_map(|d| match &d.kind {
                TypeKind::Struct(s) if d.name == "Tagged" => Some(s),
                _ => None,
            })
            .expect("the model exists");
        &s.fields.iter().find(|f| f.name == name).expect("field").ty
    }

    #[test]
    fn only_constrained_uses_have_checks() {
        let api = api(TAGS);
        let gen = Gen::new(&api);
        assert!(gen.ty_has_checks(field(&api, "tags")));
        assert!(gen.ty_has_checks(field(&api, "size")));
        assert!(!gen.ty_has_checks(field(&api, "note")));
        assert!(!gen.ty_has_checks(field(&api, "ids")));
        let mut gen = gen;
        assert!(gen
            .check(field(&api, "note"), quote! { &self.note })
            .is_empty());
    }

    #[test]
    fn bounds_are_checked_and_recorded() {
        let api = api(TAGS);
        let mut gen = Gen::new(&api);
        let tokens = gen.check(field(&api, "size"), quote! { &self.size });
        let text = text(quote! { fn f() { #tokens } });
        assert!(
            text.contains("minimum(errors, pointer, number, 1);"),
            "{text}"
        );
        assert!(
            text.contains("maximum(errors, pointer, number, 10);"),
            "{text}"
        );
        assert!(gen.uses.helpers.has(Helper::Minimum));
        assert!(gen.uses.helpers.has(Helper::Maximum));
        assert!(gen.patterns.is_empty());
    }

    #[test]
    fn an_item_pattern_is_compiled_once_as_a_static() {
        let api = api(TAGS);
        let mut gen = Gen::new(&api);
        let tokens = gen.check(field(&api, "tags"), quote! { &self.tags });
        let text = text(quote! { fn f() { #tokens } });
        assert!(text.contains("PATTERN_0"), "{text}");
        assert!(text.contains("3"), "{text}");
        assert!(gen.uses.helpers.has(Helper::Report));
        assert_eq!(gen.patterns, [("^[a-z]+$".to_owned(), false)]);
        let (items, uses) = gen.finish();
        assert!(items.to_string().contains("static PATTERN_0"), "{items}");
        assert!(uses.needs(Dep::Regex) && !uses.needs(Dep::FancyRegex));
    }

    #[test]
    fn pointer_segments_and_numbers_are_written_as_json_does() {
        assert_eq!(escape_segment("a/b~c"), "a~1b~0c");
        assert_eq!(number_text(500.0), "500");
        assert_eq!(number_text(1.5), "1.5");
    }
}

//! An operation input's `validate()`: its constrained parameters and multipart text parts
//! through their check functions in `validate.rs`, and a JSON or form body through its type's
//! `Validate` impl, every pointer under its location.

use oasforge_ir::{Api, BodyKind, Operation, ParamLocation, TyKind};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::types::ident;

/// The check functions in `validate.rs` an operation's `validate()` calls.
pub(super) struct Checks {
    /// Each constrained parameter's, by operation name and parameter index.
    pub(super) params: std::collections::BTreeMap<(String, usize), String>,
    /// Each constrained multipart form field's, by operation name and wire name.
    pub(super) forms: std::collections::BTreeMap<(String, String), String>,
    /// Whether some `validate()` calls the runtime's `locate`.
    pub(super) located: std::cell::Cell<bool>,
}

impl Checks {
    /// `locate(&mut violations, LOCATION, CALL);`: the violations of a check call added to
    /// `violations`, each pointer put under `location` (`/query`, `/body`).
    fn located(&self, call: TokenStream, location: &str) -> TokenStream {
        self.located.set(true);
        quote! { locate(&mut violations, #location, #call); }
    }
}

/// A JSON or form body's own validators (`validate.rs`), with pointers under `/body`, when
/// the body is a named struct, enum or constrained newtype (the types with a `Validate`
/// impl), or an array of them (each item checked): the router refuses a form value the
/// schema forbids (an enum value it does not list, even where the type reads it leniently)
/// as it does a JSON one.
fn body_check(api: &Api, op: &Operation, names: &Checks) -> Option<TokenStream> {
    let body = op.body.as_ref()?;
    if !matches!(body.kind, BodyKind::Json | BodyKind::Form) {
        return None;
    }
    let mut ty = &body.ty;
    while let TyKind::Array(item) = &ty.kind {
        ty = item;
    }
    let TyKind::Named(id) = ty.kind else {
        return None;
    };
    let def = api.type_def(id);
    let has_impl = match &def.kind {
        oasforge_ir::TypeKind::Alias(_) => crate::validate::is_newtype(def),
        oasforge_ir::TypeKind::Struct(_)
        | oasforge_ir::TypeKind::Enum(_)
        | oasforge_ir::TypeKind::Union(_)
        | oasforge_ir::TypeKind::IntEnum(_)
        | oasforge_ir::TypeKind::Tuple(_) => true,
    };
    if !has_impl {
        return None;
    }
    Some(names.located(
        quote! { super::validate::Validate::validate(&self.body) },
        "/body",
    ))
}

/// The checks of a multipart form's constrained text fields through their functions in
/// `validate.rs`, pointers under `/body` (files have no constraints to check).
fn form_checks(api: &Api, op: &Operation, names: &Checks) -> Option<TokenStream> {
    let body = op.body.as_ref()?;
    let calls: Vec<TokenStream> = crate::validate::form_text_fields(api, op)
        .into_iter()
        .filter_map(|(_, f)| {
            let function = names.forms.get(&(op.name.clone(), f.wire_name.clone()))?;
            let function = format_ident!("{}", function);
            let field = ident(&f.name);
            let call = |arg: TokenStream| {
                names.located(quote! { super::validate::#function(#arg) }, "/body")
            };
            Some(if !f.required && !f.ty.nullable {
                let call = call(quote! { value });
                quote! { if let Some(value) = &form.#field { #call } }
            } else {
                call(quote! { &form.#field })
            })
        })
        .collect();
    if calls.is_empty() {
        return None;
    }
    Some(if body.required {
        quote! { { let form = &self.body; #(#calls)* } }
    } else {
        quote! { if let Some(form) = &self.body { #(#calls)* } }
    })
}

/// `validate()`: each constrained parameter through its function in `validate.rs` (every
/// constraint the spec states, pointers under the location), then the JSON body.
pub(super) fn validate_fn(api: &Api, op: &Operation, names: &Checks) -> TokenStream {
    let mut checks = Vec::new();
    checks.extend(body_check(api, op, names));
    let form = form_checks(api, op, names);
    let form_doc = form.is_some().then(|| {
        quote! {
            #[doc = ""]
            #[doc = " The multipart body's constrained text parts are checked by their functions in `validate.rs`."]
        }
    });
    checks.extend(form);
    for (i, p) in op.params.iter().enumerate() {
        let Some(function) = names.params.get(&(op.name.clone(), i)) else {
            continue;
        };
        let function = quote::format_ident!("{}", function);
        // The pointer: the location, then the function's pointer.
        let location = match p.location {
            ParamLocation::Path => "/path",
            ParamLocation::Query => "/query",
            ParamLocation::Header => "/header",
            ParamLocation::Cookie => "/cookie",
        };
        let name = ident(&p.name);
        // The function takes the value as the spec types it (`Option` when nullable).
        let (bind, arg) = if !p.required && !p.ty.nullable {
            (
                Some(quote! { if let Some(value) = &self.#name }),
                quote! { value },
            )
        } else {
            (None, quote! { &self.#name })
        };
        let call = names.located(quote! { super::validate::#function(#arg) }, location);
        checks.push(match bind {
            Some(bind) => quote! { #bind { #call } },
            None => call,
        });
    }
    let body = if checks.is_empty() {
        quote! { Ok(()) }
    } else {
        quote! {
            let mut violations = Vec::new();
            #(#checks)*
            ValidationErrors::result(violations)
        }
    };
    quote! {
        /// Checks the parameters against every constraint the spec states (the parameter
        /// functions of `validate.rs`) and a JSON or form body of a named model type, or an
        /// array of one, with its `Validate` impl; every violation is listed, each pointer
        /// starting with its location (`/path/…`, `/query/…`, `/header/…`, `/cookie/…`,
        /// `/body/…`).
        #form_doc
        pub fn validate(&self) -> Result<(), ValidationErrors> {
            #body
        }
    }
}

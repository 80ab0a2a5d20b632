//! Conveniences on the models that every hand-written Rust type has: `new(required…)` for
//! structs with required fields, and parsing (`FromStr`, `TryFrom<&str>`) for string enums.
//!
//! The one way to build a struct is `Type::new(required…)`, taking the required fields in
//! document order and leaving every optional field `None` (or its literal default); the
//! optional fields are public and set with struct update syntax
//! (`Type { limit: Some(5), ..Type::new(id) }`). Structs with no required field derive or
//! implement `Default` instead (see `models.rs`).

use oasforge_ir::{Additional, Api, Field, Presence, StringEnum, Struct};
use proc_macro2::{Ident, TokenStream};
use quote::quote;

use crate::models::DefaultNames;
use crate::types::{ident, ty_tokens};

/// Clippy's default limit on a function's arguments (`too_many_arguments`).
const CLIPPY_MAX_ARGUMENTS: usize = 7;

/// Clippy's default placeholder names (`disallowed_names`), which an API may give a field.
const CLIPPY_PLACEHOLDER_NAMES: [&str; 3] = ["foo", "baz", "quux"];

/// `#[allow(clippy::disallowed_names)]` when an argument takes a placeholder name from the
/// spec (the argument is named after its field, so the name is the API's, not a placeholder).
fn allow_placeholders<'a>(mut names: impl Iterator<Item = &'a str>) -> Option<TokenStream> {
    names
        .any(|n| CLIPPY_PLACEHOLDER_NAMES.contains(&n))
        .then(|| quote! { #[allow(clippy::disallowed_names)] })
}

/// Whether a field is an argument of `new` (it has no value to start from).
pub(crate) fn is_required(f: &Field) -> bool {
    matches!(
        f.presence(),
        Presence::Required | Presence::RequiredNullable
    )
}

/// `impl Type { pub fn new(required…) -> Self }` for a struct with at least one required
/// field; `None` otherwise (such a struct has `Default`).
pub(crate) fn struct_new(
    api: &Api,
    defaults: &DefaultNames,
    name: &Ident,
    type_name: &str,
    s: &Struct,
) -> Option<TokenStream> {
    let required: Vec<&Field> = s.fields.iter().filter(|f| is_required(f)).collect();
    if required.is_empty() {
        return None;
    }
    let args = required.iter().map(|f| {
        let field = ident(&f.name);
        let ty = ty_tokens(api, &f.ty);
        quote! { #field: #ty }
    });
    let values = s.fields.iter().map(|f| {
        let field = ident(&f.name);
        match f.presence() {
            Presence::Required | Presence::RequiredNullable if f.boxed => {
                quote! { #field: Box::new(#field), }
            }
            Presence::Required | Presence::RequiredNullable => quote! { #field, },
            Presence::Defaulted => {
                let func = defaults.get(type_name, f);
                quote! { #field: #func(), }
            }
            Presence::Optional | Presence::OptionalNullable => quote! { #field: None, },
        }
    });
    let extra = match &s.additional {
        Additional::Map(_) => {
            let extra = ident(&crate::models::extra_field_name(s));
            Some(quote! { #extra: Default::default(), })
        }
        _ => None,
    };
    let names = required
        .iter()
        .map(|f| format!("`{}`", f.name.strip_prefix("r#").unwrap_or(&f.name)))
        .collect::<Vec<_>>()
        .join(", ");
    let doc =
        format!(" A value with the required fields ({names}); every optional field is left out.");
    let deprecated = s
        .fields
        .iter()
        .any(|f| f.deprecated)
        .then(|| quote! { #[allow(deprecated)] });
    let many = (required.len() > CLIPPY_MAX_ARGUMENTS)
        .then(|| quote! { #[allow(clippy::too_many_arguments)] });
    let placeholders = allow_placeholders(required.iter().map(|f| f.name.as_str()));
    Some(quote! {
        impl #name {
            #[doc = #doc]
            #deprecated
            #placeholders
            #many
            pub fn new(#(#args),*) -> Self {
                Self {
                    #(#values)*
                    #extra
                }
            }
        }
    })
}

/// `FromStr` and `TryFrom<&str>` for a closed string enum: a value the spec does not list
/// is one `enum` violation (the validation error every check returns).
pub(crate) fn enum_parse(name: &Ident, e: &StringEnum) -> TokenStream {
    let arms = e.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let wire = &v.wire_value;
        quote! { #wire => Ok(Self::#variant), }
    });
    let allowed = e
        .variants
        .iter()
        .map(|v| format!("{:?}", v.wire_value))
        .collect::<Vec<_>>()
        .join(", ");
    quote! {
        impl std::str::FromStr for #name {
            type Err = ValidationErrors;

            /// Reads a wire value; any other text is an `enum` violation.
            fn from_str(value: &str) -> Result<Self, ValidationErrors> {
                match value {
                    #(#arms)*
                    other => Err(ValidationErrors::from(Violation {
                        pointer: String::new(),
                        rule: "enum",
                        limit: #allowed.to_owned(),
                        value: format!("{other:?}"),
                    })),
                }
            }
        }

        impl TryFrom<&str> for #name {
            type Error = ValidationErrors;

            fn try_from(value: &str) -> Result<Self, ValidationErrors> {
                value.parse()
            }
        }
    }
}

/// `FromStr` and `From<&str>` (hence `TryFrom<&str>`) for an open string enum: a value the
/// spec does not list is kept in the catch-all variant.
pub(crate) fn open_enum_parse(name: &Ident, other: &Ident, e: &StringEnum) -> TokenStream {
    let arms = e.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let wire = &v.wire_value;
        quote! { #wire => Self::#variant, }
    });
    quote! {
        impl From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #(#arms)*
                    other => Self::#other(other.to_owned()),
                }
            }
        }

        impl std::str::FromStr for #name {
            type Err = std::convert::Infallible;

            /// Reads a wire value; one the spec does not list is kept as it is.
            fn from_str(value: &str) -> Result<Self, std::convert::Infallible> {
                Ok(Self::from(value))
            }
        }
    }
}

/// For an operation's input struct: `Default` (as a derive) when nothing is required, else
/// `new` taking the required parameters in document order and then the required body.
pub(crate) fn input_new(
    api: &Api,
    item: &crate::operations::OpItems<'_>,
) -> (Option<TokenStream>, Option<TokenStream>) {
    let op = item.op;
    let body_required = item.body.as_ref().is_some_and(|b| b.required);
    let required: Vec<&oasforge_ir::Param> = op.params.iter().filter(|p| p.required).collect();
    if required.is_empty() && !body_required {
        return (Some(quote! { Default, }), None);
    }
    let mut args: Vec<TokenStream> = required
        .iter()
        .map(|p| {
            let name = ident(&p.name);
            let ty = ty_tokens(api, &p.ty);
            quote! { #name: #ty }
        })
        .collect();
    let mut names: Vec<String> = required
        .iter()
        .map(|p| format!("`{}`", p.name.strip_prefix("r#").unwrap_or(&p.name)))
        .collect();
    let values = op.params.iter().map(|p| {
        let name = ident(&p.name);
        if p.required {
            quote! { #name, }
        } else {
            quote! { #name: None, }
        }
    });
    let body = item.body.as_ref().map(|b| {
        if b.required {
            let ty = &b.ty;
            args.push(quote! { body: #ty });
            names.push("`body`".to_owned());
            quote! { body, }
        } else {
            quote! { body: None, }
        }
    });
    let doc = format!(
        " The inputs with the required ones ({}); every optional parameter is left out.",
        names.join(", ")
    );
    let deprecated = op
        .params
        .iter()
        .any(|p| p.deprecated)
        .then(|| quote! { #[allow(deprecated)] });
    let many = (args.len() > CLIPPY_MAX_ARGUMENTS)
        .then(|| quote! { #[allow(clippy::too_many_arguments)] });
    let placeholders = allow_placeholders(required.iter().map(|p| p.name.as_str()));
    let input = &item.input;
    (
        None,
        Some(quote! {
            impl #input {
                #[doc = #doc]
                #deprecated
                #placeholders
                #many
                pub fn new(#(#args),*) -> Self {
                    Self {
                        #(#values)*
                        #body
                    }
                }
            }
        }),
    )
}

#[cfg(test)]
mod tests {
    use crate::models::{models, ModelOptions};
    use crate::testing::{api, text};

    const PLACEHOLDER: &str = r#"
openapi: 3.0.3
info: {title: Placeholder, version: 1.0.0}
paths: {}
components:
  schemas:
    Named:
      type: object
      required: [foo]
      properties:
        foo: {type: string}
    Plain:
      type: object
      required: [id]
      properties:
        id: {type: string}
"#;

    #[test]
    fn an_argument_named_like_a_clippy_placeholder_is_allowed_where_it_occurs() {
        let api = api(PLACEHOLDER);
        let mut uses = crate::ledger::Uses::default();
        let text = text(models(&api, ModelOptions::default(), &mut uses).collect());
        let named = text.find("impl Named {").expect("Named's new");
        let plain = text.find("impl Plain {").expect("Plain's new");
        let allow = "#[allow(clippy::disallowed_names)]";
        let (first, second) = if named < plain {
            (&text[named..plain], &text[plain..])
        } else {
            (&text[named..], &text[plain..named])
        };
        assert!(first.contains(allow), "{text}");
        assert!(first.contains("pub fn new(foo: String)"), "{text}");
        assert!(!second.contains(allow), "{text}");
    }
}

//! Credentials: the `Scheme` enum and `Client::authorize`, which adds the credentials of the
//! first alternative of an operation's `security` the client holds.

use oasforge_ir::{ParamLocation, SecurityKind, SecurityScheme};
use proc_macro2::TokenStream;
use quote::quote;

use super::Helpers;
use crate::operations::credential_field;
use crate::runtime::Helper;
use crate::types::ident;
use oasforge_ir::names::compose;

/// Adds the credential of scheme `s`, bound to `value`, to the request parts (`headers`,
/// `query`, `cookies`) inside `Client::authorize`.
fn send_credential(
    s: &SecurityScheme,
    value: &proc_macro2::Ident,
    helpers: &mut Helpers,
) -> TokenStream {
    match &s.kind {
        SecurityKind::Bearer { .. } | SecurityKind::OAuth2 => {
            helpers.use_(Helper::InsertHeader);
            let text = format!("Bearer {{{value}}}");
            quote! { insert_header(headers, "authorization", &format!(#text))?; }
        }
        SecurityKind::Basic => {
            helpers.use_(Helper::InsertHeader);
            helpers.use_(Helper::Base64);
            quote! {
                insert_header(headers, "authorization", &format!("Basic {}", base64(&format!("{}:{}", #value.username, #value.password))))?;
            }
        }
        SecurityKind::OtherHttp { scheme } => {
            helpers.use_(Helper::InsertHeader);
            let text = format!("{scheme} {{{value}}}");
            quote! { insert_header(headers, "authorization", &format!(#text))?; }
        }
        SecurityKind::ApiKey { location, name } => match location {
            // An operation may also declare the key as a parameter: it is sent once (the
            // parameter's value wins), never twice.
            ParamLocation::Query => quote! {
                if !query.iter().any(|(k, _)| k == #name) {
                    query.push((#name.to_owned(), #value.clone()));
                }
            },
            ParamLocation::Cookie => {
                helpers.use_(Helper::Encode);
                quote! { cookies.push(format!("{}={}", #name, encode(#value))); }
            }
            _ => {
                helpers.use_(Helper::InsertHeader);
                quote! { insert_header(headers, #name, #value)?; }
            }
        },
    }
}

/// The `Scheme` variant of a security scheme.
pub(super) fn scheme_variant(s: &SecurityScheme) -> proc_macro2::Ident {
    ident(&s.variant)
}

/// Which request parts the used schemes write.
pub(super) struct Reach {
    pub(super) headers: bool,
    pub(super) query: bool,
    pub(super) cookies: bool,
}

impl Reach {
    pub(super) fn of(schemes: &[&SecurityScheme]) -> Self {
        let located = |l: ParamLocation| {
            schemes
                .iter()
                .any(|s| matches!(&s.kind, SecurityKind::ApiKey { location, .. } if *location == l))
        };
        Reach {
            headers: schemes.iter().any(|s| {
                !matches!(&s.kind, SecurityKind::ApiKey { location, .. }
                    if matches!(location, ParamLocation::Query | ParamLocation::Cookie))
            }),
            query: located(ParamLocation::Query),
            cookies: located(ParamLocation::Cookie),
        }
    }
}

/// The `Scheme` enum and `Client::authorize`, which adds the credentials of the first accepted
/// alternative the client holds, or fails naming every alternative.
pub(super) fn authorize_items(
    schemes: &[&SecurityScheme],
    helpers: &mut Helpers,
) -> (TokenStream, TokenStream) {
    if schemes.is_empty() {
        return (TokenStream::new(), TokenStream::new());
    }
    let reach = Reach::of(schemes);
    let variants: Vec<proc_macro2::Ident> = schemes.iter().map(|s| scheme_variant(s)).collect();
    let docs = schemes.iter().map(|s| format!(" `{}`.", s.key));
    let keys = schemes.iter().map(|s| s.key.as_str());
    let fields: Vec<proc_macro2::Ident> = schemes.iter().map(|s| credential_field(s).0).collect();
    let binds: Vec<proc_macro2::Ident> = fields
        .iter()
        .map(|f| {
            let bare = f.to_string();
            let bare = bare.trim_start_matches("r#");
            if AUTHORIZE_LOCALS.contains(&bare) {
                ident(&compose(bare, "credential"))
            } else {
                ident(&compose(bare, ""))
            }
        })
        .collect();
    let sends: Vec<TokenStream> = schemes
        .iter()
        .zip(&binds)
        .map(|(s, b)| send_credential(s, b, helpers))
        .collect();
    let headers_param = reach.headers.then(|| quote! { headers: &mut HeaderMap, });
    let query_param = reach
        .query
        .then(|| quote! { query: &mut Vec<(String, String)>, });
    let cookies_param = reach.cookies.then(|| quote! { cookies: &mut Vec<String>, });
    let enum_items = quote! {
        /// A security scheme of the spec, as `Client::authorize` names it.
        #[derive(Clone, Copy)]
        enum Scheme {
            #(#[doc = #docs] #variants,)*
        }

        impl Scheme {
            /// The scheme's name in the spec.
            fn name(self) -> &'static str {
                match self {
                    #(Self::#variants => #keys,)*
                }
            }
        }
    };
    let method = quote! {
        /// Adds the credentials of the first alternative of `accepted` (each a list of schemes
        /// that go together) whose credentials the client holds; fails naming every alternative
        /// when it holds none.
        fn authorize(&self, accepted: &[&[Scheme]], #headers_param #query_param #cookies_param) -> Result<(), Error> {
            let held = |scheme: &Scheme| match scheme {
                #(Scheme::#variants => self.credentials.#fields.is_some(),)*
            };
            let Some(chosen) = accepted.iter().find(|schemes| schemes.iter().all(held)) else {
                let needed: Vec<String> = accepted
                    .iter()
                    .map(|schemes| schemes.iter().map(|s| s.name()).collect::<Vec<_>>().join(" and "))
                    .collect();
                return Err(Error::MissingCredentials(needed.join(", or ")));
            };
            for scheme in chosen.iter() {
                match scheme {
                    #(Scheme::#variants => {
                        if let Some(#binds) = &self.credentials.#fields {
                            #sends
                        }
                    })*
                }
            }
            Ok(())
        }
    };
    (enum_items, method)
}

/// Parameter names of `Client::authorize` a credential binding must not shadow.
const AUTHORIZE_LOCALS: &[&str] = &[
    "headers", "query", "cookies", "accepted", "chosen", "scheme", "held",
];

#[cfg(test)]
mod unit_tests {
    use super::*;
    use crate::ledger::Uses;
    use crate::operations::used_schemes;
    use crate::testing::{api, text, SHOP};

    #[test]
    fn a_bearer_token_and_a_query_key_reach_headers_and_query() {
        let api = api(SHOP);
        let schemes = used_schemes(&api);
        let reach = Reach::of(&schemes);
        assert!(reach.headers && reach.query && !reach.cookies);
        let mut helpers = Helpers::default();
        let (scheme_enum, method) = authorize_items(&schemes, &mut helpers);
        let scheme_enum = text(scheme_enum);
        assert!(
            scheme_enum.contains("Self::Bearer => \"bearer\""),
            "{scheme_enum}"
        );
        assert!(
            scheme_enum.contains("Self::Key => \"key\""),
            "{scheme_enum}"
        );
        let method = text(quote! { impl Client { #method } });
        assert!(
            method.contains("headers: &mut HeaderMap,")
                && method.contains("query: &mut Vec<(String, String)>,"),
            "{method}"
        );
        assert!(!method.contains("cookies"), "{method}");
        assert!(
            method.contains("query.push((\"api_key\".to_owned()"),
            "{method}"
        );
        // The bearer token goes into a checked header; the key needs no helper.
        assert!(helpers.uses.helpers.has(Helper::InsertHeader));
        assert!(!helpers.uses.helpers.has(Helper::Encode));
    }

    #[test]
    fn without_schemes_there_is_nothing_to_authorize() {
        let mut helpers = Helpers::default();
        let (scheme_enum, method) = authorize_items(&[], &mut helpers);
        assert!(scheme_enum.is_empty() && method.is_empty());
        assert_eq!(helpers.uses, Uses::default());
        let none = Reach::of(&[]);
        assert!(!none.headers && !none.query && !none.cookies);
    }
}

//! `credentials()`: every credential that arrived with a request, by scheme.

use oasforge_ir::{Api, ParamLocation, SecurityKind};
use proc_macro2::TokenStream;
use quote::quote;

use super::{reads_headers, reads_query};
use crate::ledger::{Module, Uses};
use crate::operations::{credential_field, used_schemes};
use crate::runtime::Helper;

pub(super) fn credentials_fn(api: &Api, uses: &mut Uses) -> TokenStream {
    let fields = used_schemes(api)
        .into_iter()
        .map(|s| {
            let (field, _) = credential_field(s);
            let value = match &s.kind {
                SecurityKind::Bearer { .. } | SecurityKind::OAuth2 => {
                    uses.use_(Helper::Authorization);
                    quote! { authorization(headers, "bearer").map(str::to_owned) }
                }
                SecurityKind::OtherHttp { scheme } => {
                    uses.use_(Helper::Authorization);
                    let scheme = scheme.to_ascii_lowercase();
                    quote! { authorization(headers, #scheme).map(str::to_owned) }
                }
                SecurityKind::Basic => {
                    uses.use_(Helper::Authorization);
                    uses.use_(Helper::Basic);
                    quote! { authorization(headers, "basic").and_then(basic) }
                }
                SecurityKind::ApiKey { location, name } => match location {
                    ParamLocation::Query => {
                        uses.use_(Helper::QueryValues);
                        quote! { query_values(query, #name).into_iter().next() }
                    }
                    ParamLocation::Cookie => {
                        uses.use_(Helper::CookieValues);
                        quote! { cookie_values(headers, #name).into_iter().next() }
                    }
                    _ => {
                        uses.use_(Helper::HeaderValues);
                        quote! { header_values(headers, #name).into_iter().next() }
                    }
                },
            };
            quote! { #field: #value, }
        })
        .collect::<Vec<_>>();
    let headers_arg = reads_headers(api).then(|| {
        uses.import(Module::AxumHttp, "HeaderMap");
        quote! { headers: &HeaderMap }
    });
    let query_arg = reads_query(api).then(|| quote! { query: &[(String, String)] });
    let args = headers_arg.into_iter().chain(query_arg);
    quote! {
        /// Every credential that arrived with a request, by scheme.
        fn credentials(#(#args),*) -> Credentials {
            Credentials {
                #(#fields)*
            }
        }
    }
}

#[cfg(test)]
mod unit_tests {
    use super::*;
    use crate::testing::{api, text, SHOP};

    #[test]
    fn each_scheme_is_read_from_where_it_arrives() {
        let api = api(SHOP);
        let mut uses = Uses::default();
        let text = text(credentials_fn(&api, &mut uses));
        assert!(
            text.contains("authorization(headers, \"bearer\")"),
            "{text}"
        );
        assert!(text.contains("query_values(query, \"api_key\")"), "{text}");
        assert!(uses.helpers.has(Helper::Authorization) && uses.helpers.has(Helper::QueryValues));
        // No basic scheme, no cookie key.
        assert!(!uses.helpers.has(Helper::Basic) && !uses.helpers.has(Helper::CookieValues));
    }
}

//! The usage section of a generated crate's `README.md`: a short client call and a server
//! implementation, written with the API's own first operation.

use oasforge_ir::Api;

/// The usage section (Markdown), or an empty string for an API without operations.
pub(crate) fn usage(api: &Api, lib_name: &str) -> String {
    let Some(op) = api.operations.first() else {
        return String::new();
    };
    let method = op.name.strip_prefix("r#").unwrap_or(&op.name);
    let input = &op.input_name;
    let response = &op.response_name;
    let secured = !op.security.is_empty();
    let credentials_arg = if secured {
        ", _credentials: Credentials"
    } else {
        ""
    };
    let credentials_use = if secured { ", Credentials" } else { "" };
    let base = api
        .servers
        .first()
        .map_or("https://api.example.com", |s| s.url.as_str());
    format!(
        "## Use\n\
         \n\
         A client call (feature `client`; every model has `new(required…)`, and inputs with\n\
         nothing required have `Default`):\n\
         \n\
         ```rust,ignore\n\
         use {lib_name}::client::Client;\n\
         use {lib_name}::operations::{input};\n\
         \n\
         async fn call(input: {input}) -> Result<(), Box<dyn std::error::Error>> {{\n\
         \x20   let client = Client::builder().base_url(\"{base}\").build()?;\n\
         \x20   input.validate()?; // every broken constraint at once, with its JSON pointer\n\
         \x20   let response = client.{method}(&input).await?;\n\
         \x20   println!(\"{{}}: {{response:?}}\", response.status());\n\
         \x20   Ok(())\n\
         }}\n\
         ```\n\
         \n\
         A server (feature `server`): implement `server::Api`, one `async fn` per operation,\n\
         and serve `server::router(api)` with `axum`:\n\
         \n\
         ```rust,ignore\n\
         use {lib_name}::operations::{{{input}, {response}{credentials_use}}};\n\
         use {lib_name}::server::{{Api, HandlerError}};\n\
         \n\
         struct Service;\n\
         \n\
         impl Api for Service {{\n\
         \x20   async fn {method}(&self, input: {input}{credentials_arg}) -> Result<{response}, HandlerError> {{\n\
         \x20       let _ = input;\n\
         \x20       Err(HandlerError::NotFound)\n\
         \x20   }}\n\
         \x20   // … one method per operation\n\
         }}\n\
         ```\n"
    )
}

#[cfg(test)]
mod unit_tests {
    use super::*;
    use crate::testing::{api, PETS, SHOP};

    #[test]
    fn the_usage_calls_the_first_operation() {
        let usage = usage(&api(SHOP), "shop");
        assert!(
            usage.contains("use shop::operations::ListItemsInput;"),
            "{usage}"
        );
        assert!(
            usage.contains("base_url(\"https://shop.example/v2\")"),
            "{usage}"
        );
        assert!(
            usage.contains("client.list_items(&input).await?"),
            "{usage}"
        );
        // A secured operation takes the credentials.
        assert!(usage.contains("_credentials: Credentials"), "{usage}");
        assert!(
            usage.contains("{ListItemsInput, ListItemsResponse, Credentials}"),
            "{usage}"
        );
    }

    #[test]
    fn an_open_operation_takes_no_credentials_and_no_operation_no_usage() {
        let mut api = api(PETS);
        let usage = usage(&api, "pets");
        assert!(
            usage.contains("async fn get_pet(&self, input: GetPetInput)"),
            "{usage}"
        );
        assert!(!usage.contains("Credentials"), "{usage}");
        // A relative-less spec without servers shows a placeholder URL.
        assert!(usage.contains("https://api.example.com"), "{usage}");
        api.operations.clear();
        assert_eq!(super::usage(&api, "pets"), "");
    }
}

//! The usage section of a generated crate's `README.md` (a short client call and a server
//! implementation, written with the API's own first operation) and `examples/usage.rs`, the
//! same code as a whole program that `cargo build --examples` compiles.

use oasforge_ir::{Api, Operation};

/// The base URL the examples send to: the spec's first server, else a placeholder.
fn base_url(api: &Api) -> &str {
    api.servers
        .first()
        .map_or("https://api.example.com", |s| s.url.as_str())
}

/// The client function of both examples: build a client, check the input, call.
fn client_fn(api: &Api, op: &Operation) -> String {
    let method = &op.name;
    let input = &op.input_name;
    let base = base_url(api).replace('\\', "\\\\").replace('"', "\\\"");
    format!(
        "async fn call(input: {input}) -> Result<(), Box<dyn std::error::Error>> {{\n\
         \x20   let client = Client::builder().base_url(\"{base}\").build()?;\n\
         \x20   input.validate()?; // every broken constraint at once, with its JSON pointer\n\
         \x20   let response = client.{method}(&input).await?;\n\
         \x20   println!(\"{{}}: {{response:?}}\", response.status());\n\
         \x20   Ok(())\n\
         }}\n"
    )
}

/// One method of the server example's `impl Api`: answers `404` until implemented.
fn server_method(op: &Operation) -> String {
    let method = &op.name;
    let input = &op.input_name;
    let response = &op.response_name;
    let credentials = if op.security.is_empty() {
        ""
    } else {
        "        _credentials: Credentials,\n"
    };
    format!(
        "    async fn {method}(\n\
         \x20       &self,\n\
         \x20       _input: {input},\n\
         {credentials}\
         \x20       _request: Parts,\n\
         \x20   ) -> Result<{response}, HandlerError> {{\n\
         \x20       Err(HandlerError::NotFound)\n\
         \x20   }}\n"
    )
}

/// The usage section (Markdown), or an empty string for an API without operations.
/// `example` says whether the crate has `examples/usage.rs` (client and server generated).
pub(crate) fn usage(api: &Api, lib_name: &str, example: bool) -> String {
    let Some(op) = api.operations.first() else {
        return String::new();
    };
    let input = &op.input_name;
    let response = &op.response_name;
    let credentials_use = if op.security.is_empty() {
        ""
    } else {
        ", Credentials"
    };
    let client = client_fn(api, op);
    let method = server_method(op);
    let more = if api.operations.len() > 1 {
        "    // … one method per operation\n"
    } else {
        ""
    };
    let whole = if example {
        "\nThe whole program, every operation included, is `examples/usage.rs`; \
         `cargo build --examples` compiles it.\n"
    } else {
        ""
    };
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
         {client}\
         ```\n\
         \n\
         A server (feature `server`): implement `server::Api`, one `async fn` per operation,\n\
         and serve `server::router(api)` with `axum`:\n\
         \n\
         ```rust,ignore\n\
         use axum::http::request::Parts;\n\
         use {lib_name}::operations::{{{input}, {response}{credentials_use}}};\n\
         use {lib_name}::server::{{Api, HandlerError}};\n\
         \n\
         struct Service;\n\
         \n\
         impl Api for Service {{\n\
         {method}\
         {more}\
         }}\n\
         ```\n\
         {whole}"
    )
}

/// `examples/usage.rs`: the README's client call and a server implementing every operation
/// (each answering `404`), or `None` for an API without operations.
pub(crate) fn example(api: &Api, lib_name: &str, allow_deprecated: bool) -> Option<String> {
    let op = api.operations.first()?;
    let client = client_fn(api, op);
    let methods: String = api.operations.iter().map(server_method).collect();
    let allow = if allow_deprecated || api.operations.iter().any(|o| o.deprecated) {
        "#![allow(deprecated)]\n\n"
    } else {
        ""
    };
    Some(format!(
        "//! The usage of README.md as a whole program: a client call, and a server that\n\
         //! implements every operation. `cargo build --examples` compiles it.\n\
         \n\
         {allow}\
         use axum::http::request::Parts;\n\
         use {lib_name}::client::Client;\n\
         use {lib_name}::operations::*;\n\
         use {lib_name}::server::{{router, Api, HandlerError}};\n\
         \n\
         /// Calls `{method}` once.\n\
         {client}\
         \n\
         /// The server: every operation answers `404` until it is implemented.\n\
         struct Service;\n\
         \n\
         impl Api for Service {{\n\
         {methods}\
         }}\n\
         \n\
         fn main() {{\n\
         \x20   // Serve it with `axum::serve` on a `tokio` runtime; here it is only built.\n\
         \x20   let _router: axum::Router = router(Service);\n\
         \x20   // `call` runs on a runtime too, e.g. `runtime.block_on(call(input))`.\n\
         \x20   let _ = call;\n\
         }}\n",
        method = op.name.strip_prefix("r#").unwrap_or(&op.name),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{api, PETS};

    #[test]
    fn the_example_implements_every_operation_and_the_readme_shows_the_first() {
        let api = api(PETS);
        let example = example(&api, "pets", false).expect("an example");
        for op in &api.operations {
            assert!(
                example.contains(&format!("async fn {}(", op.name)),
                "{example}"
            );
        }
        assert!(example.contains("fn main()"), "{example}");
        assert!(!example.contains("allow(deprecated)"), "{example}");
        let readme = usage(&api, "pets", true);
        let first = &api.operations[0];
        assert!(readme.contains(&server_method(first)), "{readme}");
        assert!(readme.contains(&client_fn(&api, first)), "{readme}");
        assert!(example.contains(&client_fn(&api, first)), "{example}");
        assert!(readme.contains("examples/usage.rs"), "{readme}");
        assert!(!usage(&api, "pets", false).contains("examples/usage.rs"));
    }
}

#[cfg(test)]
mod unit_tests {
    use super::*;
    use crate::testing::{api, PETS, SHOP};

    #[test]
    fn the_usage_calls_the_first_operation() {
        let usage = usage(&api(SHOP), "shop", false);
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
        let usage = usage(&api, "pets", false);
        assert!(
            usage.contains("async fn get_pet(\n        &self,\n        _input: GetPetInput,\n        _request: Parts,"),
            "{usage}"
        );
        assert!(!usage.contains("Credentials"), "{usage}");
        // A relative-less spec without servers shows a placeholder URL.
        assert!(usage.contains("https://api.example.com"), "{usage}");
        api.operations.clear();
        assert_eq!(super::usage(&api, "pets", false), "");
        assert!(example(&api, "pets", false).is_none());
    }
}

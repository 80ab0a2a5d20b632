//! `specs/routes.yaml`: the generated router starts and routes every path template OpenAPI
//! allows, including those axum cannot route as written (custom methods, suffixes, adjacent
//! parameters, literal `:` and `*` segments, a missing leading `/`, templates that differ
//! only in parameter names, an unbalanced brace, a parameter named twice), decoding the
//! parameters.

use std::net::SocketAddr;

use seed_http::routes::models::Echo;
use seed_http::routes::operations::*;
use seed_http::routes::server::{Api, HandlerError};

struct Echoes;

fn echo(op: &str, args: &[&dyn ToString]) -> Echo {
    Echo {
        op: op.to_owned(),
        args: args.iter().map(|a| a.to_string()).collect(),
        additional_properties: Default::default(),
    }
}

impl Api for Echoes {
    async fn get_thing(
        &self,
        input: GetThingInput,
        _request: axum::http::request::Parts,
    ) -> Result<GetThingResponse, HandlerError> {
        Ok(GetThingResponse::Ok(echo("getThing", &[&input.name])))
    }
    async fn cancel_thing(
        &self,
        input: CancelThingInput,
        _request: axum::http::request::Parts,
    ) -> Result<CancelThingResponse, HandlerError> {
        Ok(CancelThingResponse::Ok(echo("cancelThing", &[&input.name])))
    }
    async fn get_json_file(
        &self,
        input: GetJsonFileInput,
        _request: axum::http::request::Parts,
    ) -> Result<GetJsonFileResponse, HandlerError> {
        Ok(GetJsonFileResponse::Ok(echo("getJsonFile", &[&input.name])))
    }
    async fn get_file(
        &self,
        input: GetFileInput,
        _request: axum::http::request::Parts,
    ) -> Result<GetFileResponse, HandlerError> {
        Ok(GetFileResponse::Ok(echo("getFile", &[&input.name])))
    }
    async fn adjacent(
        &self,
        input: AdjacentInput,
        _request: axum::http::request::Parts,
    ) -> Result<AdjacentResponse, HandlerError> {
        Ok(AdjacentResponse::Ok(echo(
            "adjacent",
            &[&input.x, &input.y],
        )))
    }
    async fn colon(
        &self,
        _input: ColonInput,
        _request: axum::http::request::Parts,
    ) -> Result<ColonResponse, HandlerError> {
        Ok(ColonResponse::Ok(echo("colon", &[])))
    }
    async fn star(
        &self,
        _input: StarInput,
        _request: axum::http::request::Parts,
    ) -> Result<StarResponse, HandlerError> {
        Ok(StarResponse::Ok(echo("star", &[])))
    }
    async fn no_slash(
        &self,
        input: NoSlashInput,
        _request: axum::http::request::Parts,
    ) -> Result<NoSlashResponse, HandlerError> {
        Ok(NoSlashResponse::Ok(echo("noSlash", &[&input.id])))
    }
    async fn get_d(
        &self,
        input: GetDInput,
        _request: axum::http::request::Parts,
    ) -> Result<GetDResponse, HandlerError> {
        Ok(GetDResponse::Ok(echo("getD", &[&input.x])))
    }
    async fn delete_d(
        &self,
        input: DeleteDInput,
        _request: axum::http::request::Parts,
    ) -> Result<DeleteDResponse, HandlerError> {
        Ok(DeleteDResponse::Ok(echo("deleteD", &[&input.y])))
    }
    async fn get_d_again(
        &self,
        input: GetDAgainInput,
        _request: axum::http::request::Parts,
    ) -> Result<GetDAgainResponse, HandlerError> {
        Ok(GetDAgainResponse::Ok(echo("getDAgain", &[&input.z])))
    }
    async fn twice(
        &self,
        input: TwiceInput,
        _request: axum::http::request::Parts,
    ) -> Result<TwiceResponse, HandlerError> {
        Ok(TwiceResponse::Ok(echo("twice", &[&input.id])))
    }
    async fn unbalanced(
        &self,
        input: UnbalancedInput,
        _request: axum::http::request::Parts,
    ) -> Result<UnbalancedResponse, HandlerError> {
        Ok(UnbalancedResponse::Ok(echo("unbalanced", &[&input.id])))
    }
}

async fn serve() -> SocketAddr {
    let app = seed_http::routes::server::router(Echoes);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    addr
}

/// A request (method, path), the operation and arguments expected, and the status.
type Case = (
    &'static str,
    &'static str,
    Option<(&'static str, &'static [&'static str])>,
    u16,
);

#[tokio::test]
async fn every_template_routes_to_its_operation_with_decoded_parameters() {
    let addr = serve().await;
    let http = reqwest::Client::new();
    let cases: &[Case] = &[
        ("GET", "/v1/abc", Some(("getThing", &["abc"])), 200),
        (
            "POST",
            "/v1/abc:cancel",
            Some(("cancelThing", &["abc"])),
            200,
        ),
        (
            "POST",
            "/v1/a%20b:cancel",
            Some(("cancelThing", &["a b"])),
            200,
        ),
        // `GET` of a custom method's path is the plain template, whose value has the colon.
        (
            "GET",
            "/v1/abc:cancel",
            Some(("getThing", &["abc:cancel"])),
            200,
        ),
        ("POST", "/v1/abc", None, 405),
        (
            "GET",
            "/files/report.json",
            Some(("getJsonFile", &["report"])),
            200,
        ),
        (
            "GET",
            "/files/a.json.json",
            Some(("getJsonFile", &["a.json"])),
            200,
        ),
        (
            "GET",
            "/files/report.txt",
            Some(("getFile", &["report.txt"])),
            200,
        ),
        ("GET", "/a/q42", Some(("adjacent", &["q", "42"])), 200),
        // `y` is an integer: `x` takes the shortest value, `y` then does not decode.
        ("GET", "/a/qq", None, 400),
        ("GET", "/b/:colon", Some(("colon", &[])), 200),
        ("GET", "/b/*star", Some(("star", &[])), 200),
        ("GET", "/b/other", None, 404),
        ("GET", "/c/7", Some(("noSlash", &["7"])), 200),
        // `GET /d/{z}` repeats `GET /d/{x}`: the first is routed (the lowering warns).
        ("GET", "/d/one", Some(("getD", &["one"])), 200),
        ("DELETE", "/d/two", Some(("deleteD", &["two"])), 200),
        ("PUT", "/d/two", None, 405),
        ("GET", "/e/9/f{", Some(("unbalanced", &["9"])), 200),
        ("GET", "/e/9/f%7B", Some(("unbalanced", &["9"])), 200),
        ("GET", "/g/5/h.5", Some(("twice", &["5"])), 200),
        ("GET", "/nowhere", None, 404),
        ("GET", "/v1/%FF", None, 400),
    ];
    for (method, path, expected, status) in cases {
        let response = http
            .request(method.parse().unwrap(), format!("http://{addr}{path}"))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), *status, "{method} {path}");
        if *status == 405 {
            assert!(
                response.headers().contains_key("allow"),
                "{method} {path}: 405 names the allowed methods"
            );
        }
        if let Some((op, args)) = expected {
            let echo: Echo = response.json().await.unwrap();
            assert_eq!(
                (
                    echo.op.as_str(),
                    echo.args.iter().map(String::as_str).collect::<Vec<_>>()
                ),
                (*op, args.to_vec()),
                "{method} {path}"
            );
        }
    }
}

#[tokio::test]
async fn the_generated_client_reaches_the_same_operations() {
    let addr = serve().await;
    let client = seed_http::routes::client::Client::builder()
        .base_url(format!("http://{addr}"))
        .build()
        .unwrap();
    let GetThingResponse::Ok(echo) = client
        .get_thing(&GetThingInput {
            name: "x/y".to_owned(),
        })
        .await
        .unwrap();
    assert_eq!(
        (echo.op.as_str(), echo.args),
        ("getThing", vec!["x/y".to_owned()])
    );
    let CancelThingResponse::Ok(echo) = client
        .cancel_thing(&CancelThingInput {
            name: "x y".to_owned(),
        })
        .await
        .unwrap();
    assert_eq!(echo.args, ["x y"]);
    let NoSlashResponse::Ok(echo) = client.no_slash(&NoSlashInput { id: 3 }).await.unwrap();
    assert_eq!(
        (echo.op.as_str(), echo.args),
        ("noSlash", vec!["3".to_owned()])
    );
}

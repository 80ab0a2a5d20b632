//! Generates models, client and server of both seed specs, and of `specs/features.yaml`
//! and `specs/paging.yaml` (the constructs the seed specs lack), `specs/webhooks.yaml`,
//! `specs/dfns-errors.yaml` (Dfns with documented error statuses),
//! `specs/idempotency.yaml` (a declared idempotency key), `specs/strict-requests.yaml`
//! (types both a request and a response carry) and the repository's
//! `specs/streams.yaml` and `specs/uploads.yaml` (multipart bodies), into `OUT_DIR` with
//! oasforge;
//! and `specs/routes.yaml` (path templates axum cannot route as written) and the fixtures
//! that have operations, whose warnings are expected (their routers must start).

use std::path::Path;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for (module, file) in [
        ("dfns", root.join("../../specs/dfns-permissions.yaml")),
        ("authentik", root.join("../../specs/authentik-rbac.yaml")),
        ("dfns_errors", root.join("specs/dfns-errors.yaml")),
        ("orders", root.join("specs/idempotency.yaml")),
        ("features", root.join("specs/features.yaml")),
        ("paging", root.join("specs/paging.yaml")),
        ("events", root.join("specs/webhooks.yaml")),
        ("streams", root.join("../../specs/streams.yaml")),
        ("strict", root.join("specs/strict-requests.yaml")),
        ("uploads", root.join("../../specs/uploads.yaml")),
    ] {
        if let Err(error) = oasforge::Config::new()
            .module_name(module)
            .deny_warnings(true)
            .client(true)
            .server(true)
            .generate(&file)
        {
            eprintln!("oasforge failed on {}: {error}", file.display());
            std::process::exit(1);
        }
    }
    let fixtures = root.join("../../crates/oasforge/tests/fixtures");
    for (module, file) in [
        ("routes", root.join("specs/routes.yaml")),
        ("bundled", fixtures.join("bundled.yaml")),
        ("nullable_3_0", fixtures.join("nullable-3-0.yaml")),
        ("multi_file", fixtures.join("multi-file/openapi.yaml")),
        ("read_only", fixtures.join("read-only.yaml")),
        ("form_encoding", fixtures.join("form-encoding.yaml")),
    ] {
        if let Err(error) = oasforge::Config::new()
            .module_name(module)
            .client(true)
            .server(true)
            .generate(&file)
        {
            eprintln!("oasforge failed on {}: {error}", file.display());
            std::process::exit(1);
        }
    }
}

//! Generates the client (and server) of both seed specs into `OUT_DIR` with oasforge.

use std::path::Path;

fn main() {
    let specs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../specs");
    for (module, file) in [
        ("dfns", "dfns-permissions.yaml"),
        ("authentik", "authentik-rbac.yaml"),
    ] {
        if let Err(error) = oasforge::Config::new()
            .module_name(module)
            .deny_warnings(true)
            .client(true)
            .server(true)
            .generate(specs.join(file))
        {
            eprintln!("oasforge failed on {file}: {error}");
            std::process::exit(1);
        }
    }
}

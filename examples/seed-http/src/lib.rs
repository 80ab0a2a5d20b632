//! The Dfns and authentik specs generated with their HTTP parts by oasforge from `build.rs`:
//! models, operations, the `reqwest` client and the `axum` server.

/// `specs/dfns-permissions.yaml`.
pub mod dfns {
    include!(concat!(env!("OUT_DIR"), "/dfns/mod.rs"));
}

/// `specs/authentik-rbac.yaml`.
pub mod authentik {
    include!(concat!(env!("OUT_DIR"), "/authentik/mod.rs"));
}

pub mod memory;

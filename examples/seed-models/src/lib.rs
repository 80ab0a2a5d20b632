//! Models for the two seed APIs, generated at build time by oasforge (see `build.rs`).

/// Dfns permission assignments (`specs/dfns-permissions.yaml`).
pub mod dfns {
    include!(concat!(env!("OUT_DIR"), "/dfns/mod.rs"));
}

/// authentik RBAC permission assignment (`specs/authentik-rbac.yaml`).
pub mod authentik {
    include!(concat!(env!("OUT_DIR"), "/authentik/mod.rs"));
}

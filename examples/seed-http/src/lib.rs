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

/// `specs/dfns-errors.yaml` of this example: the Dfns spec with documented error statuses
/// (`400`, `401`, `403`), whose refusals the generated server answers in the documented schema.
pub mod dfns_errors {
    include!(concat!(env!("OUT_DIR"), "/dfns_errors/mod.rs"));
}

/// `specs/idempotency.yaml` of this example: an operation that declares an `Idempotency-Key`.
pub mod orders {
    include!(concat!(env!("OUT_DIR"), "/orders/mod.rs"));
}

/// `specs/features.yaml` of this example: parameter styles, form, multipart and text
/// bodies, basic, query and cookie credentials, response headers, ranges and `default`.
pub mod features {
    include!(concat!(env!("OUT_DIR"), "/features/mod.rs"));
}

/// `specs/paging.yaml` of this example: listings paged by offset and by page number.
pub mod paging {
    include!(concat!(env!("OUT_DIR"), "/paging/mod.rs"));
}

/// `specs/webhooks.yaml` of this example: webhooks and a callback, received and sent.
pub mod events {
    include!(concat!(env!("OUT_DIR"), "/events/mod.rs"));
}

/// `specs/streams.yaml` of the repository: server-sent events and JSON lines.
pub mod streams {
    include!(concat!(env!("OUT_DIR"), "/streams/mod.rs"));
}

/// `specs/strict-requests.yaml` of this example: types both a request and a response carry,
/// read strictly by the router and leniently by the client.
pub mod strict {
    include!(concat!(env!("OUT_DIR"), "/strict/mod.rs"));
}

/// `specs/uploads.yaml` of the repository: multipart bodies of every shape the router reads.
pub mod uploads {
    include!(concat!(env!("OUT_DIR"), "/uploads/mod.rs"));
}

/// `specs/routes.yaml` of this example: path templates axum cannot route as written.
pub mod routes {
    include!(concat!(env!("OUT_DIR"), "/routes/mod.rs"));
}

/// oasforge's fixtures that have operations: their routers must start.
pub mod fixtures {
    /// `fixtures/bundled.yaml`.
    pub mod bundled {
        include!(concat!(env!("OUT_DIR"), "/bundled/mod.rs"));
    }
    /// `fixtures/nullable-3-0.yaml`.
    pub mod nullable_3_0 {
        include!(concat!(env!("OUT_DIR"), "/nullable_3_0/mod.rs"));
    }
    /// `fixtures/multi-file/openapi.yaml`.
    pub mod multi_file {
        include!(concat!(env!("OUT_DIR"), "/multi_file/mod.rs"));
    }
    /// `fixtures/read-only.yaml`.
    pub mod read_only {
        include!(concat!(env!("OUT_DIR"), "/read_only/mod.rs"));
    }
    /// `fixtures/form-encoding.yaml`.
    pub mod form_encoding {
        include!(concat!(env!("OUT_DIR"), "/form_encoding/mod.rs"));
    }
}

pub mod memory;
pub mod serve;

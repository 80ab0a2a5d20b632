//! The construct fixtures of oasforge, generated at build time (see `build.rs`); the tests
//! in `tests/` read and write sample JSON with them.

/// `oneOf` / `anyOf`: discriminated and untagged unions, null branches, recursion.
pub mod unions {
    include!(concat!(env!("OUT_DIR"), "/unions/mod.rs"));
}

/// OpenAPI 3.0 `nullable` with required and optional properties.
pub mod nullable_3_0 {
    include!(concat!(env!("OUT_DIR"), "/nullable_3_0/mod.rs"));
}

/// OpenAPI 3.1 type lists with `null`.
pub mod nullable_3_1 {
    include!(concat!(env!("OUT_DIR"), "/nullable_3_1/mod.rs"));
}

/// String enums with awkward values, integer enums, nullable enums, `const`.
pub mod enums {
    include!(concat!(env!("OUT_DIR"), "/enums/mod.rs"));
}

/// The enum fixture again, with open enums.
pub mod open_enums {
    include!(concat!(env!("OUT_DIR"), "/open_enums/mod.rs"));
}

/// String and number formats.
pub mod formats {
    include!(concat!(env!("OUT_DIR"), "/formats/mod.rs"));
}

/// `allOf`, maps, read/write-only, deprecated, defaults, recursion, tuples, `$defs`.
pub mod objects {
    include!(concat!(env!("OUT_DIR"), "/objects/mod.rs"));
}

/// Checks beyond the field types: unions, tuples, property counts through `$ref`, formats.
pub mod validation {
    include!(concat!(env!("OUT_DIR"), "/validation/mod.rs"));
}

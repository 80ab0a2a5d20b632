//! Naming: Rust identifiers from wire names, and stable names for inline schemas.
//!
//! Every name is a pure function of where a schema or operation sits in the document, so
//! adding an unrelated schema never renames an existing type.
//!
//! Every name decided here is a valid Rust identifier that the convention lints accept, so
//! the emitter only reads names and never has to repair one:
//!
//! - only ASCII letters, digits and `_` are kept; any other character separates words
//!   (`ñcd` → `Cd`, never the lower-case `cd` a type must not be called);
//! - a name that would begin with a digit gets a letter in front: `n` for snake_case names
//!   (`302_redirects_n_times` → `n302_redirects_n_times`), `N` for types
//!   (`N302RedirectsNTimes`) and `V` for enum variants of values (`10` → `V10`);
//! - an empty name becomes a word (`field`, `Unnamed`, `Empty`, `operation`);
//! - a keyword becomes a raw identifier where Rust allows one (`type` → `r#type`) and takes
//!   a `_` otherwise (`self` → `self_`, `Self` → `Self_`); operation names are never raw
//!   (`move` → `move_`), because generated code builds other names from them;
//! - names are joined with [`compose`], which never doubles an underscore (`self_` and
//!   `param` → `self_param`, not the `self__param` the snake-case lint refuses), and made
//!   unique with [`unique`], which never puts `_` before the number (`Self_` → `Self2`).

use std::collections::HashSet;

use heck::{ToSnakeCase, ToUpperCamelCase};

use crate::Status;

const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut",
    "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "type",
    "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "try", "typeof", "unsized", "virtual", "yield",
];

/// Keywords that cannot be raw identifiers.
const NOT_RAW: &[&str] = &["crate", "self", "Self", "super"];

/// Names that types must not take: every type and trait of Rust's prelude (generated code
/// writes `impl From<&str> for …`, `TryFrom`, `Default`, …, and a model named like one would
/// shadow it in its module and in every module that imports the models), and the names that
/// models and validators use for themselves.
const RESERVED_TYPES: &[&str] = &[
    // Rust's prelude (2021 and 2024 editions).
    "AsMut",
    "AsRef",
    "Box",
    "Clone",
    "Copy",
    "Default",
    "DoubleEndedIterator",
    "Drop",
    "Eq",
    "Err",
    "ExactSizeIterator",
    "Extend",
    "Fn",
    "FnMut",
    "FnOnce",
    "From",
    "FromIterator",
    "Future",
    "Into",
    "IntoFuture",
    "IntoIterator",
    "Iterator",
    "None",
    "Ok",
    "Option",
    "Ord",
    "PartialEq",
    "PartialOrd",
    "Result",
    "Send",
    "Sized",
    "Some",
    "String",
    "Sync",
    "ToOwned",
    "ToString",
    "TryFrom",
    "TryInto",
    "Unpin",
    "Vec",
    // What models and validators import or define beside the API's types.
    "DateTime",
    "Deserialize",
    "Deserializer",
    "FieldKey",
    "FromFields",
    "Map",
    "MapAccess",
    "Serialize",
    "SerializeMap",
    "Serializer",
    "Utc",
    "Valid",
    "Validate",
    "ValidationErrors",
    "Value",
    "Violation",
];

/// Replaces characters that case conversion would silently drop with words.
fn spell_symbols(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '+' => out.push_str(" plus "),
            '-' if s.len() == 1 => out.push_str("minus"),
            '*' => out.push_str(" star "),
            '@' => out.push_str(" at "),
            '<' => out.push_str(" lt "),
            '>' => out.push_str(" gt "),
            '=' => out.push_str(" eq "),
            '!' => out.push_str(" not "),
            '&' => out.push_str(" and "),
            '%' => out.push_str(" percent "),
            '#' => out.push_str(" hash "),
            '$' => out.push_str(" dollar "),
            // Other scripts separate words: case conversion must not see a letter it would
            // keep upper-case and `ascii_only` then drop.
            c if c.is_ascii_alphanumeric() => out.push(c),
            _ => out.push(' '),
        }
    }
    out
}

fn ascii_only(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect()
}

/// A snake_case Rust identifier for a wire name: `identityId` → `identity_id`,
/// `type` → `r#type`, `1st` → `n1st`.
pub fn field_name(wire: &str) -> String {
    escape_keyword(snake(wire, "field"))
}

/// The snake_case name of an operation's method: like [`field_name`], but never a raw
/// identifier (`move` → `move_`, `self` → `self_`), since generated code derives other
/// names from it (`move__items_stream` would not be snake case, `r#move_stream` not valid).
pub fn method_name(wire: &str) -> String {
    let name = snake(wire, "operation");
    if KEYWORDS.contains(&name.as_str()) {
        format!("{name}_")
    } else {
        name
    }
}

/// snake_case, ASCII only, never empty, never beginning with a digit or `_`.
fn snake(wire: &str, empty: &str) -> String {
    let name = ascii_only(&spell_symbols(wire).to_snake_case());
    let mut name = name.trim_matches('_').to_owned();
    if name.is_empty() {
        name = empty.to_owned();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, 'n');
    }
    name
}

/// Joins a snake_case name and a suffix into one identifier: `self_` and `param` →
/// `self_param`, `r#type` and `segment` → `type_segment`. The result is never raw; when it
/// is a keyword (only possible for an empty suffix) it takes a `_`.
pub fn compose(base: &str, suffix: &str) -> String {
    let base = base
        .strip_prefix("r#")
        .unwrap_or(base)
        .trim_end_matches('_');
    let suffix = suffix
        .strip_prefix("r#")
        .unwrap_or(suffix)
        .trim_start_matches('_');
    let name = match (base.is_empty(), suffix.is_empty()) {
        (true, true) => "value".to_owned(),
        (true, false) => suffix.to_owned(),
        (false, true) => base.to_owned(),
        (false, false) => format!("{base}_{suffix}"),
    };
    if KEYWORDS.contains(&name.as_str()) {
        format!("{name}_")
    } else {
        name
    }
}

/// An UpperCamelCase Rust identifier: `permission_assign_request` → `PermissionAssignRequest`.
pub fn type_name(wire: &str) -> String {
    reserve(camel_part(wire))
}

/// One UpperCamelCase part of a composed type name (`from` → `From`), not yet checked against
/// the reserved names: [`reserve`] checks the whole name once the parts are joined, so
/// `UnitConverterFrom` stays as it is while a type named just `From` becomes `FromType`.
pub fn camel_part(wire: &str) -> String {
    let mut name = ascii_only(&spell_symbols(wire).to_upper_camel_case());
    if name.is_empty() {
        name = "Unnamed".to_owned();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, 'N');
    }
    name
}

/// `name` with `Type` appended when it is a reserved name (see `RESERVED_TYPES`) or a keyword.
pub fn reserve(mut name: String) -> String {
    if RESERVED_TYPES.contains(&name.as_str()) || KEYWORDS.contains(&name.as_str()) {
        name.push_str("Type");
    }
    name
}

/// An enum variant name for a wire value; empty strings become `Empty`.
pub fn variant_name(wire: &str) -> String {
    if wire.is_empty() {
        return "Empty".to_owned();
    }
    let mut name = ascii_only(&spell_symbols(wire).to_upper_camel_case());
    if name.is_empty() {
        name = "Value".to_owned();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, 'V');
    }
    if name == "Self" {
        name.push('_');
    }
    name
}

/// Whether `name` is a valid Rust identifier (raw or not) that generated code may use as
/// is: what every name the IR decides must satisfy.
pub fn is_identifier(name: &str) -> bool {
    let (raw, bare) = match name.strip_prefix("r#") {
        Some(bare) => (true, bare),
        None => (false, name),
    };
    let mut chars = bare.chars();
    let starts_well = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_');
    starts_well
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && bare != "_"
        && if raw {
            !NOT_RAW.contains(&bare)
        } else {
            !KEYWORDS.contains(&bare)
        }
}

fn escape_keyword(name: String) -> String {
    if NOT_RAW.contains(&name.as_str()) {
        format!("{name}_")
    } else if KEYWORDS.contains(&name.as_str()) {
        format!("r#{name}")
    } else {
        name
    }
}

/// Makes `name` unique among `taken` by appending 2, 3, … and records it.
pub fn unique(name: String, taken: &mut HashSet<String>) -> String {
    if taken.insert(name.clone()) {
        return name;
    }
    // `Self_` → `Self2`: an underscore before the number would trip the case lints.
    let base = name
        .strip_prefix("r#")
        .unwrap_or(&name)
        .trim_end_matches('_')
        .to_owned();
    let base = if base.is_empty() {
        "value".to_owned()
    } else {
        base
    };
    (2..)
        .map(|i| format!("{base}{i}"))
        .find(|candidate| taken.insert(candidate.clone()))
        .unwrap_or(base)
}

/// A crude English singular for naming array items: `items` → `item`, `policies` → `policy`.
/// Returns `None` when the word does not look plural.
pub fn singular(word: &str) -> Option<String> {
    let lower = word.to_ascii_lowercase();
    if lower.ends_with("ies") && word.len() > 3 {
        Some(format!("{}y", &word[..word.len() - 3]))
    } else if lower.ends_with("sses")
        || lower.ends_with("xes")
        || lower.ends_with("ches")
        || lower.ends_with("shes")
    {
        Some(word[..word.len() - 2].to_owned())
    } else if lower.ends_with('s')
        && !lower.ends_with("ss")
        && !lower.ends_with("us")
        && word.len() > 1
    {
        Some(word[..word.len() - 1].to_owned())
    } else {
        None
    }
}

/// A word for a response status, used in type and variant names: `202` → `Accepted`.
pub fn status_name(status: Status) -> String {
    let word = match status {
        Status::Default => "Default",
        Status::Range(1) => "Informational",
        Status::Range(2) => "Success",
        Status::Range(3) => "Redirection",
        Status::Range(4) => "ClientError",
        Status::Range(5) => "ServerError",
        Status::Range(n) => return format!("Status{n}xx"),
        Status::Code(code) => match code {
            100 => "Continue",
            101 => "SwitchingProtocols",
            200 => "Ok",
            201 => "Created",
            202 => "Accepted",
            203 => "NonAuthoritativeInformation",
            204 => "NoContent",
            205 => "ResetContent",
            206 => "PartialContent",
            207 => "MultiStatus",
            300 => "MultipleChoices",
            301 => "MovedPermanently",
            302 => "Found",
            303 => "SeeOther",
            304 => "NotModified",
            307 => "TemporaryRedirect",
            308 => "PermanentRedirect",
            400 => "BadRequest",
            401 => "Unauthorized",
            402 => "PaymentRequired",
            403 => "Forbidden",
            404 => "NotFound",
            405 => "MethodNotAllowed",
            406 => "NotAcceptable",
            407 => "ProxyAuthenticationRequired",
            408 => "RequestTimeout",
            409 => "Conflict",
            410 => "Gone",
            411 => "LengthRequired",
            412 => "PreconditionFailed",
            413 => "PayloadTooLarge",
            414 => "UriTooLong",
            415 => "UnsupportedMediaType",
            416 => "RangeNotSatisfiable",
            417 => "ExpectationFailed",
            418 => "ImATeapot",
            421 => "MisdirectedRequest",
            422 => "UnprocessableEntity",
            423 => "Locked",
            424 => "FailedDependency",
            425 => "TooEarly",
            426 => "UpgradeRequired",
            428 => "PreconditionRequired",
            429 => "TooManyRequests",
            431 => "RequestHeaderFieldsTooLarge",
            451 => "UnavailableForLegalReasons",
            500 => "InternalServerError",
            501 => "NotImplemented",
            502 => "BadGateway",
            503 => "ServiceUnavailable",
            504 => "GatewayTimeout",
            505 => "HttpVersionNotSupported",
            507 => "InsufficientStorage",
            511 => "NetworkAuthenticationRequired",
            other => return format!("Status{other}"),
        },
    };
    word.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers() {
        assert_eq!(field_name("identityId"), "identity_id");
        assert_eq!(field_name("object_pk"), "object_pk");
        assert_eq!(field_name("type"), "r#type");
        assert_eq!(field_name("self"), "self_");
        assert_eq!(field_name("1st"), "n1st");
        assert_eq!(field_name("@id"), "at_id");
        assert_eq!(
            type_name("permission assign request"),
            "PermissionAssignRequest"
        );
        assert_eq!(type_name("Option"), "OptionType");
        assert_eq!(type_name("from"), "FromType");
        assert_eq!(type_name("Violation"), "ViolationType");
        assert_eq!(camel_part("from"), "From");
        assert_eq!(
            reserve(format!("{}{}", camel_part("unit"), camel_part("from"))),
            "UnitFrom"
        );
        assert_eq!(type_name("2fa"), "N2fa");
        assert_eq!(
            variant_name("authentik_tenants.domain"),
            "AuthentikTenantsDomain"
        );
        assert_eq!(variant_name(""), "Empty");
        assert_eq!(variant_name("+1"), "Plus1");
        assert_eq!(variant_name("-"), "Minus");
        assert_eq!(variant_name("10"), "V10");
    }

    #[test]
    fn names_beginning_with_digits_keywords_and_other_scripts() {
        assert_eq!(
            method_name("302_redirects_n_times"),
            "n302_redirects_n_times"
        );
        assert_eq!(type_name("302_redirects_n_times"), "N302RedirectsNTimes");
        assert_eq!(
            method_name("5476362a281d830c946a3d71"),
            "n5476362a281d830c946a3d71"
        );
        assert_eq!(method_name("move"), "move_");
        assert_eq!(method_name("match"), "match_");
        assert_eq!(method_name("Self"), "self_");
        assert_eq!(method_name(""), "operation");
        assert_eq!(method_name("_private_"), "private");
        assert_eq!(field_name("crate"), "crate_");
        assert_eq!(field_name("super"), "super_");
        assert_eq!(field_name("__"), "field");
        assert_eq!(field_name("名前"), "field");
        assert_eq!(field_name("a_ñ_b"), "a_b");
        // A first letter of another script must not leave a lower-case type name.
        assert_eq!(type_name("ñcd"), "Cd");
        assert_eq!(type_name("Ñcd"), "Cd");
        assert_eq!(type_name("Self"), "SelfType");
        assert_eq!(type_name("crate"), "Crate");
        assert_eq!(variant_name("Self"), "Self_");
        assert_eq!(variant_name("été"), "T");
    }

    #[test]
    fn composed_names_never_double_an_underscore() {
        assert_eq!(compose("self_", "param"), "self_param");
        assert_eq!(compose("r#type", "segment"), "type_segment");
        assert_eq!(compose("move_", "items_stream"), "move_items_stream");
        assert_eq!(compose("r#match", ""), "match_");
        assert_eq!(compose("get_a", "r#type"), "get_a_type");
        assert_eq!(compose("", ""), "value");
        let mut taken = HashSet::new();
        assert_eq!(unique("Self_".into(), &mut taken), "Self_");
        assert_eq!(unique("Self_".into(), &mut taken), "Self2");
        assert_eq!(unique("self_".into(), &mut taken), "self_");
        assert_eq!(unique("self_".into(), &mut taken), "self2");
        assert_eq!(unique("r#type".into(), &mut taken), "r#type");
        assert_eq!(unique("r#type".into(), &mut taken), "type2");
    }

    #[test]
    fn every_decided_name_is_an_identifier() {
        let samples = [
            "",
            "_",
            "__",
            "0",
            "302_redirects",
            "move",
            "match",
            "self",
            "Self",
            "crate",
            "super",
            "type",
            "r#type",
            "名前",
            "ñcd",
            "é1",
            "-",
            "+",
            "a b c",
            "$ref",
            "@id",
            "x-y_z",
            "A__B",
            "_1",
            "1_",
            "async",
            "gen",
            "union",
            "Option",
            "dyn",
        ];
        for wire in samples {
            for name in [
                field_name(wire),
                method_name(wire),
                type_name(wire),
                variant_name(wire),
                compose(&field_name(wire), "param"),
                compose(&method_name(wire), ""),
            ] {
                assert!(is_identifier(&name), "{wire:?} gave {name:?}");
                assert!(!name.contains("__"), "{wire:?} gave {name:?}");
            }
        }
        assert!(!is_identifier("302_x"));
        assert!(!is_identifier("move"));
        assert!(!is_identifier("r#self"));
        assert!(is_identifier("r#move"));
        assert!(!is_identifier(""));
    }

    #[test]
    fn uniqueness_and_plurals() {
        let mut taken = HashSet::new();
        assert_eq!(unique("Pet".into(), &mut taken), "Pet");
        assert_eq!(unique("Pet".into(), &mut taken), "Pet2");
        assert_eq!(singular("items").as_deref(), Some("item"));
        assert_eq!(singular("policies").as_deref(), Some("policy"));
        assert_eq!(singular("addresses").as_deref(), Some("address"));
        assert_eq!(singular("status"), None);
        assert_eq!(singular("data"), None);
        assert_eq!(status_name(Status::Code(202)), "Accepted");
        assert_eq!(status_name(Status::Range(4)), "ClientError");
    }
}

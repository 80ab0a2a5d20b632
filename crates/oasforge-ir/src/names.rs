//! Naming: Rust identifiers from wire names, and stable names for inline schemas.
//!
//! Every name is a pure function of where a schema or operation sits in the document, so
//! adding an unrelated schema never renames an existing type.

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

/// Names that generated code uses for itself and that types must not take.
const RESERVED_TYPES: &[&str] = &[
    "Option",
    "Result",
    "Vec",
    "Box",
    "String",
    "Some",
    "None",
    "Ok",
    "Err",
    "Default",
    "Value",
    "Map",
    "Serialize",
    "Deserialize",
    "DateTime",
    "Utc",
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
            c if c.is_alphanumeric() => out.push(c),
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
/// `type` → `r#type`, `1st` → `_1st`.
pub fn field_name(wire: &str) -> String {
    let mut name = ascii_only(&spell_symbols(wire).to_snake_case());
    if name.is_empty() {
        name = "field".to_owned();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, '_');
    }
    escape_keyword(name)
}

/// An UpperCamelCase Rust identifier: `permission_assign_request` → `PermissionAssignRequest`.
pub fn type_name(wire: &str) -> String {
    let mut name = ascii_only(&spell_symbols(wire).to_upper_camel_case());
    if name.is_empty() {
        name = "Unnamed".to_owned();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, 'N');
    }
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
    let base = name.strip_prefix("r#").unwrap_or(&name).to_owned();
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
        assert_eq!(field_name("1st"), "_1st");
        assert_eq!(field_name("@id"), "at_id");
        assert_eq!(
            type_name("permission assign request"),
            "PermissionAssignRequest"
        );
        assert_eq!(type_name("Option"), "OptionType");
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

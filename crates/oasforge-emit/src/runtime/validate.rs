//! The fixed items of a generated `validate.rs`, as Rust source.
//!
//! This file is compiled only in this crate's tests and read as text at generation time:
//! `crate::runtime` emits the items an API uses, each named by a [`Helper`](super::Helper)
//! (the violation types, `Validate` and `Valid<T>` always; the check helpers when a check
//! calls them). `use` lines and the `tests` module are never emitted; ordinary comments are
//! dropped.

use std::fmt;

/// One broken rule: where it broke, which rule, the rule's limit and the value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// JSON pointer of the offending value (`/items/3/id`); empty for the value
    /// that was validated.
    pub pointer: String,
    /// The schema keyword: `pattern`, `maxLength`, `minimum`, ….
    pub rule: &'static str,
    /// The keyword's value in the spec.
    pub limit: String,
    /// The offending value as shown in messages.
    pub value: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let at = if self.pointer.is_empty() {
            "(root)"
        } else {
            &self.pointer
        };
        write!(
            f,
            "{at}: {} violates {} {}",
            self.value, self.rule, self.limit
        )
    }
}

/// Every violation found in a value; never empty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidationErrors(Vec<Violation>);

impl ValidationErrors {
    /// `Ok` when `violations` is empty, the errors otherwise.
    pub fn result(violations: Vec<Violation>) -> Result<(), Self> {
        if violations.is_empty() {
            Ok(())
        } else {
            Err(Self(violations))
        }
    }

    /// The violations, in the order of the value's fields and items.
    pub fn violations(&self) -> &[Violation] {
        &self.0
    }

    /// The violations, owned.
    pub fn into_violations(self) -> Vec<Violation> {
        self.0
    }
}

impl fmt::Display for ValidationErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, violation) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{violation}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ValidationErrors {}

impl From<Violation> for ValidationErrors {
    fn from(violation: Violation) -> Self {
        Self(vec![violation])
    }
}

/// Checks every constraint the spec states on a value, all the way down.
pub trait Validate {
    /// Every violation in this value at once; pointers are relative to it.
    fn validate(&self) -> Result<(), ValidationErrors> {
        let mut errors = Vec::new();
        self.validate_at(&mut String::new(), &mut errors);
        ValidationErrors::result(errors)
    }

    /// Appends the violations of this value, which sits at `pointer`, to
    /// `errors`. `pointer` is restored before returning.
    fn validate_at(&self, pointer: &mut String, errors: &mut Vec<Violation>);

    /// Appends the violations of this value, which sits at `segment` (`/name`, already
    /// escaped) below `pointer`, to `errors`. `pointer` is restored before returning.
    fn validate_field(&self, pointer: &mut String, segment: &str, errors: &mut Vec<Violation>) {
        let mark = pointer.len();
        pointer.push_str(segment);
        self.validate_at(pointer, errors);
        pointer.truncate(mark);
    }
}

impl<T: Validate> Validate for [T] {
    fn validate_at(&self, pointer: &mut String, errors: &mut Vec<Violation>) {
        for (index, item) in self.iter().enumerate() {
            let mark = pointer.len();
            push_index(pointer, index);
            item.validate_at(pointer, errors);
            pointer.truncate(mark);
        }
    }
}

impl<T: Validate> Validate for Vec<T> {
    fn validate_at(&self, pointer: &mut String, errors: &mut Vec<Violation>) {
        self.as_slice().validate_at(pointer, errors);
    }
}

impl<T: Validate> Validate for Option<T> {
    fn validate_at(&self, pointer: &mut String, errors: &mut Vec<Violation>) {
        if let Some(value) = self {
            value.validate_at(pointer, errors);
        }
    }
}

impl<T: Validate> Validate for Box<T> {
    fn validate_at(&self, pointer: &mut String, errors: &mut Vec<Violation>) {
        (**self).validate_at(pointer, errors);
    }
}

/// A value known to satisfy every constraint: it can only be built by
/// [`Valid::new`] or by deserializing, and both check with [`Validate`].
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(transparent)]
pub struct Valid<T>(T);

impl<T: Validate> Valid<T> {
    /// Checks `value`; every violation is returned at once.
    pub fn new(value: T) -> Result<Self, ValidationErrors> {
        value.validate()?;
        Ok(Self(value))
    }
}

impl<T> Valid<T> {
    /// The checked value.
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T> std::ops::Deref for Valid<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}

impl<'de, T: serde::Deserialize<'de> + Validate> serde::Deserialize<'de> for Valid<T> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = T::deserialize(deserializer)?;
        value.validate().map_err(serde::de::Error::custom)?;
        Ok(Self(value))
    }
}

/// Appends `/index` to a JSON pointer.
fn push_index(pointer: &mut String, index: usize) {
    use fmt::Write;
    // Writing to a `String` cannot fail.
    let _ = write!(pointer, "/{index}");
}

// The helpers below are emitted only when a check calls them.

/// Records one violation.
fn report(
    errors: &mut Vec<Violation>,
    pointer: &str,
    rule: &'static str,
    limit: impl fmt::Display,
    value: impl fmt::Display,
) {
    errors.push(Violation {
        pointer: pointer.to_owned(),
        rule,
        limit: limit.to_string(),
        value: value.to_string(),
    });
}

/// `minLength`: `value` has at least `min` characters.
fn min_length(errors: &mut Vec<Violation>, pointer: &str, value: &str, min: usize) {
    let length = value.chars().count();
    if length < min {
        let shown = format_args!("{value:?} ({length} characters)");
        report(errors, pointer, "minLength", min, shown);
    }
}

/// `maxLength`: `value` has at most `max` characters.
fn max_length(errors: &mut Vec<Violation>, pointer: &str, value: &str, max: usize) {
    let length = value.chars().count();
    if length > max {
        let shown = format_args!("{value:?} ({length} characters)");
        report(errors, pointer, "maxLength", max, shown);
    }
}

/// `minItems`: an array of `items` items holds at least `min`.
fn min_items(errors: &mut Vec<Violation>, pointer: &str, items: usize, min: usize) {
    if items < min {
        report(
            errors,
            pointer,
            "minItems",
            min,
            format_args!("{items} items"),
        );
    }
}

/// `maxItems`: an array of `items` items holds at most `max`.
fn max_items(errors: &mut Vec<Violation>, pointer: &str, items: usize, max: usize) {
    if items > max {
        report(
            errors,
            pointer,
            "maxItems",
            max,
            format_args!("{items} items"),
        );
    }
}

/// `minProperties`: an object of `count` properties has at least `min`.
fn min_properties(errors: &mut Vec<Violation>, pointer: &str, count: usize, min: usize) {
    if count < min {
        let shown = format_args!("{count} properties");
        report(errors, pointer, "minProperties", min, shown);
    }
}

/// `maxProperties`: an object of `count` properties has at most `max`.
fn max_properties(errors: &mut Vec<Violation>, pointer: &str, count: usize, max: usize) {
    if count > max {
        let shown = format_args!("{count} properties");
        report(errors, pointer, "maxProperties", max, shown);
    }
}

/// `minimum`: `number` is at least `limit`.
fn minimum<N: PartialOrd + fmt::Display>(
    errors: &mut Vec<Violation>,
    pointer: &str,
    number: N,
    limit: N,
) {
    if number < limit {
        report(errors, pointer, "minimum", limit, number);
    }
}

/// `exclusiveMinimum`: `number` is above `limit`.
fn exclusive_minimum<N: PartialOrd + fmt::Display>(
    errors: &mut Vec<Violation>,
    pointer: &str,
    number: N,
    limit: N,
) {
    if number <= limit {
        report(errors, pointer, "exclusiveMinimum", limit, number);
    }
}

/// `maximum`: `number` is at most `limit`.
fn maximum<N: PartialOrd + fmt::Display>(
    errors: &mut Vec<Violation>,
    pointer: &str,
    number: N,
    limit: N,
) {
    if number > limit {
        report(errors, pointer, "maximum", limit, number);
    }
}

/// `exclusiveMaximum`: `number` is below `limit`.
fn exclusive_maximum<N: PartialOrd + fmt::Display>(
    errors: &mut Vec<Violation>,
    pointer: &str,
    number: N,
    limit: N,
) {
    if number >= limit {
        report(errors, pointer, "exclusiveMaximum", limit, number);
    }
}

/// `pattern`: `matched` tells whether `value` matches `pattern`.
fn pattern(errors: &mut Vec<Violation>, pointer: &str, value: &str, matched: bool, pattern: &str) {
    if !matched {
        report(
            errors,
            pointer,
            "pattern",
            pattern,
            format_args!("{value:?}"),
        );
    }
}

/// `format`: `value` is accepted by `check`, the check of format `name`.
fn format(
    errors: &mut Vec<Violation>,
    pointer: &str,
    value: &str,
    name: &str,
    check: fn(&str) -> bool,
) {
    if !check(value) {
        report(errors, pointer, "format", name, format_args!("{value:?}"));
    }
}

/// Appends `/key` to a JSON pointer, escaping `~` and `/`.
fn push_key(pointer: &mut String, key: &str) {
    pointer.push('/');
    for c in key.chars() {
        match c {
            '~' => pointer.push_str("~0"),
            '/' => pointer.push_str("~1"),
            c => pointer.push(c),
        }
    }
}

/// `multipleOf` for numbers that are not both integers: the quotient must be a
/// whole number, up to floating-point rounding.
fn is_multiple_of(value: f64, divisor: f64) -> bool {
    let quotient = value / divisor;
    quotient.is_finite() && (quotient - quotient.round()).abs() <= 1e-9 * quotient.abs().max(1.0)
}

/// Equality of JSON values as JSON Schema defines it (`1` equals `1.0`).
fn json_eq(a: &serde_json::Value, b: &serde_json::Value) -> bool {
    use serde_json::Value;
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => match (x.as_i64(), y.as_i64()) {
            (Some(x), Some(y)) => x == y,
            _ => match (x.as_u64(), y.as_u64()) {
                (Some(x), Some(y)) => x == y,
                _ => x.as_f64() == y.as_f64(),
            },
        },
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| json_eq(x, y))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| json_eq(v, w)))
        }
        _ => a == b,
    }
}

/// The indexes of the first two equal items, if any.
fn first_duplicate<T>(items: &[T], eq: impl Fn(&T, &T) -> bool) -> Option<(usize, usize)> {
    for (second, item) in items.iter().enumerate() {
        for (first, earlier) in items[..second].iter().enumerate() {
            if eq(earlier, item) {
                return Some((first, second));
            }
        }
    }
    None
}

/// `format: date`: `YYYY-MM-DD` naming a real day.
#[rustfmt::skip] // rustfmt would drop the braces of `number`
fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' || !digits(0..4) || !digits(5..7) || !digits(8..10) {
        return false;
    }
    let number = |r: std::ops::Range<usize>| {
        b[r].iter().fold(0u32, |n, d| n * 10 + u32::from(d - b'0'))
    };
    let (year, month, day) = (number(0..4), number(5..7), number(8..10));
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&day)
}

/// `format: email` (RFC 5321 addresses, without comments): a dot-atom or
/// quoted local part, then a host name or an `[IPv4]` / `[IPv6:…]` literal.
fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.rsplit_once('@') else {
        return false;
    };
    let atom = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+-/=?^_`{|}~".contains(c);
    let local_ok = if local.len() >= 2 && local.starts_with('"') && local.ends_with('"') {
        let inner = &local[1..local.len() - 1];
        !inner.contains(['"', '\\']) && inner.chars().all(|c| c == ' ' || c.is_ascii_graphic())
    } else {
        !local.is_empty()
            && local
                .split('.')
                .all(|part| !part.is_empty() && part.chars().all(atom))
    };
    let domain_ok = match domain.strip_prefix('[').and_then(|d| d.strip_suffix(']')) {
        Some(literal) => match literal.strip_prefix("IPv6:") {
            Some(v6) => v6.parse::<std::net::Ipv6Addr>().is_ok(),
            None => literal.parse::<std::net::Ipv4Addr>().is_ok(),
        },
        None => is_hostname(domain),
    };
    local_ok && domain_ok
}

/// `format: hostname` (RFC 1123): dot-separated labels of 1 to 63 letters, digits
/// and inner hyphens, at most 253 characters in all.
fn is_hostname(s: &str) -> bool {
    s.len() <= 253
        && s.split('.').all(|label| {
            (1..=63).contains(&label.len())
                && label
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-')
                && !label.starts_with('-')
                && !label.ends_with('-')
        })
}

/// `format: ipv4`: dotted quad.
fn is_ipv4(s: &str) -> bool {
    s.parse::<std::net::Ipv4Addr>().is_ok()
}

/// `format: ipv6`.
fn is_ipv6(s: &str) -> bool {
    s.parse::<std::net::Ipv6Addr>().is_ok()
}

/// `format: uri` (RFC 3986): a scheme, `:`, then only URI characters and
/// well-formed `%` escapes.
fn is_uri(s: &str) -> bool {
    match s.split_once(':') {
        Some((scheme, rest)) => uri_scheme(scheme) && uri_chars(rest),
        None => false,
    }
}

/// `format: uri-reference` (RFC 3986): a URI, or a relative reference whose first
/// segment has no `:`; only URI characters and well-formed `%` escapes.
fn is_uri_reference(s: &str) -> bool {
    let head = s.split(['/', '?', '#']).next().unwrap_or_default();
    match head.split_once(':') {
        Some((scheme, _)) => uri_scheme(scheme) && uri_chars(&s[scheme.len() + 1..]),
        None => uri_chars(s),
    }
}

/// `format: uuid`: 8-4-4-4-12 hexadecimal digits.
fn is_uuid(s: &str) -> bool {
    s.len() == 36
        && s.char_indices().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => c == '-',
            _ => c.is_ascii_hexdigit(),
        })
}

/// An RFC 3986 scheme: a letter, then letters, digits, `+`, `-` or `.`.
fn uri_scheme(scheme: &str) -> bool {
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
}

/// Only RFC 3986 characters (unreserved, reserved, `%` followed by two hex
/// digits).
fn uri_chars(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c == b'%' {
            if !(i + 2 < b.len() && b[i + 1].is_ascii_hexdigit() && b[i + 2].is_ascii_hexdigit()) {
                return false;
            }
            i += 3;
            continue;
        }
        if !(c.is_ascii_alphanumeric() || b"-._~:/?#[]@!$&'()*+,;=".contains(&c)) {
            return false;
        }
        i += 1;
    }
    true
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    struct Positive(i64);

    impl Validate for Positive {
        fn validate_at(&self, pointer: &mut String, errors: &mut Vec<Violation>) {
            if self.0 <= 0 {
                report(errors, pointer, "minimum", 1, self.0);
            }
        }
    }

    #[test]
    fn violations_carry_their_pointer() {
        let errors = vec![Positive(1), Positive(0), Positive(-2)]
            .validate()
            .expect_err("two items break the rule");
        let text: Vec<String> = errors
            .violations()
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            text,
            ["/1: 0 violates minimum 1", "/2: -2 violates minimum 1"]
        );
        assert_eq!(errors.to_string(), text.join("\n"));
        assert_eq!(errors.clone().into_violations().len(), 2);
        assert!(Some(Box::new(Positive(1))).validate().is_ok());
        // A slice (a parameter's `&[T]`) checks as its `Vec` does.
        let items = [Positive(3), Positive(-1)];
        let slice: &[Positive] = &items;
        let mut pointer = String::from("/ids");
        let mut found = Vec::new();
        slice.validate_at(&mut pointer, &mut found);
        assert_eq!(pointer, "/ids");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].pointer, "/ids/1");
        let root = Positive(0).validate().expect_err("breaks");
        assert_eq!(root.to_string(), "(root): 0 violates minimum 1");
        assert!(ValidationErrors::result(Vec::new()).is_ok());
    }

    #[test]
    fn each_keyword_helper_reports_only_a_broken_rule_with_its_limit_and_value() {
        let mut errors = Vec::new();
        min_length(&mut errors, "/a", "héllo", 5);
        min_length(&mut errors, "/a", "héllo", 6);
        max_length(&mut errors, "/b", "héllo", 5);
        max_length(&mut errors, "/b", "héllo", 4);
        min_items(&mut errors, "/c", 2, 2);
        min_items(&mut errors, "/c", 1, 2);
        max_items(&mut errors, "/d", 2, 2);
        max_items(&mut errors, "/d", 3, 2);
        min_properties(&mut errors, "/e", 0, 1);
        max_properties(&mut errors, "/f", 4, 3);
        max_properties(&mut errors, "/f", 3, 3);
        minimum(&mut errors, "/g", 3, 3);
        minimum(&mut errors, "/g", 2, 3);
        exclusive_minimum(&mut errors, "/h", 3.5, 3.0);
        exclusive_minimum(&mut errors, "/h", 3.0, 3.0);
        maximum(&mut errors, "/i", 10_i128, 10);
        maximum(&mut errors, "/i", 11_i128, 10);
        exclusive_maximum(&mut errors, "/j", 9.5, 10.0);
        exclusive_maximum(&mut errors, "/j", 10.0, 10.0);
        pattern(&mut errors, "/k", "ab", true, "^a");
        pattern(&mut errors, "/k", "ba", false, "^a");
        format(&mut errors, "/l", "127.0.0.1", "ipv4", is_ipv4);
        format(&mut errors, "/l", "x", "ipv4", is_ipv4);
        let shown: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert_eq!(
            shown,
            [
                "/a: \"héllo\" (5 characters) violates minLength 6",
                "/b: \"héllo\" (5 characters) violates maxLength 4",
                "/c: 1 items violates minItems 2",
                "/d: 3 items violates maxItems 2",
                "/e: 0 properties violates minProperties 1",
                "/f: 4 properties violates maxProperties 3",
                "/g: 2 violates minimum 3",
                "/h: 3 violates exclusiveMinimum 3",
                "/i: 11 violates maximum 10",
                "/j: 10 violates exclusiveMaximum 10",
                "/k: \"ba\" violates pattern ^a",
                "/l: \"x\" violates format ipv4",
            ]
        );
    }

    #[test]
    fn a_field_is_checked_below_its_segment_and_the_pointer_restored() {
        let mut pointer = "/outer".to_owned();
        let mut errors = Vec::new();
        let field: Option<Vec<Positive>> = Some(vec![Positive(5), Positive(-1)]);
        field.validate_field(&mut pointer, "/a~1b", &mut errors);
        assert_eq!(pointer, "/outer");
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].pointer, "/outer/a~1b/1");
        let absent: Option<Positive> = None;
        absent.validate_field(&mut pointer, "/c", &mut errors);
        assert_eq!((pointer.as_str(), errors.len()), ("/outer", 1));
    }

    #[test]
    fn valid_checks_on_construction_and_deserialization() {
        assert_eq!(Valid::new(vec![Positive(2)]).map(|v| v.len()).ok(), Some(1));
        assert!(Valid::new(Positive(0)).is_err());
        assert_eq!(
            Valid::new(Positive(3)).map(|v| v.into_inner().0).ok(),
            Some(3)
        );
    }

    #[test]
    fn pointers_escape_keys() {
        let mut pointer = String::new();
        push_key(&mut pointer, "a/b~c");
        push_index(&mut pointer, 3);
        assert_eq!(pointer, "/a~1b~0c/3");
    }

    #[test]
    fn numbers_and_json_values() {
        assert!(is_multiple_of(0.3, 0.1));
        assert!(!is_multiple_of(0.35, 0.1));
        assert!(!is_multiple_of(1.0, 0.0));
        assert!(json_eq(&json!(1), &json!(1.0)));
        assert!(json_eq(&json!({"a": [1, 2]}), &json!({"a": [1.0, 2]})));
        assert!(!json_eq(&json!([1]), &json!([1, 2])));
        assert!(!json_eq(&json!("1"), &json!(1)));
        assert_eq!(first_duplicate(&[1, 2, 3, 2], |a, b| a == b), Some((1, 3)));
        assert_eq!(first_duplicate(&[1, 2], |a, b| a == b), None);
    }

    #[test]
    fn formats() {
        assert!(is_date("2024-02-29"));
        assert!(!is_date("2023-02-29"));
        assert!(!is_date("2024-13-01"));
        assert!(!is_date("2024-1-01"));
        assert!(is_email("a.b@example.com"));
        assert!(is_email("\"a b\"@[127.0.0.1]"));
        assert!(is_email("x@[IPv6:::1]"));
        assert!(!is_email("a..b@example.com"));
        assert!(!is_email("a@-example.com"));
        assert!(is_hostname("a-b.example"));
        assert!(!is_hostname(&"a".repeat(64)));
        assert!(is_ipv4("10.0.0.1"));
        assert!(!is_ipv4("10.0.0.256"));
        assert!(is_ipv6("::1"));
        assert!(!is_ipv6("1::2::3"));
        assert!(is_uri("https://example.com/a?b=%20#c"));
        assert!(!is_uri("/relative"));
        assert!(!is_uri("http://a b"));
        assert!(!is_uri("1http://a"));
        assert!(is_uri_reference("/relative/path?x"));
        assert!(is_uri_reference("mailto:a@b"));
        assert!(!is_uri_reference("%zz"));
        assert!(is_uuid("123e4567-e89b-12d3-a456-426614174000"));
        assert!(!is_uuid("123e4567e89b12d3a456426614174000"));
        assert!(uri_scheme("a+b.c-d"));
        assert!(uri_chars("a%2Fb"));
    }
}

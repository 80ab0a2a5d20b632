//! Which constraints the generated validators turn into checks.
//!
//! The emitter (`oasforge-emit/src/validate/`) writes the checks; the IR needs the same
//! answer to decide which inline scalars become constrained newtypes, so the facts live here.

use crate::pattern::{engine, PatternEngine};
use crate::{Bound, Constraints, Scalar};

/// The `format` values with a check of their own; the others are documentation only.
pub const CHECKED_FORMATS: &[&str] = &[
    "date",
    "email",
    "hostname",
    "ipv4",
    "ipv6",
    "uri",
    "uri-reference",
    "uuid",
];

impl Constraints {
    /// Whether a string value with these constraints has anything to check: a length bound
    /// that can fail, a pattern some engine compiles, a checked format, `enum` or `const`.
    pub fn checks_string(&self) -> bool {
        self.checks_json()
            || self.min_length.is_some_and(|n| n > 0)
            || self.max_length.is_some()
            || self
                .pattern
                .as_deref()
                .is_some_and(|p| !matches!(engine(p), PatternEngine::Unsupported(_)))
            || self
                .format
                .as_deref()
                .is_some_and(|f| CHECKED_FORMATS.contains(&f))
    }

    /// Whether a number with these constraints has anything to check: a finite bound, a
    /// positive finite `multipleOf`, `enum` or `const`.
    pub fn checks_number(&self) -> bool {
        self.checks_json()
            || self.minimum.is_some_and(|b| b.value.is_finite())
            || self.maximum.is_some_and(|b| b.value.is_finite())
            || self.multiple_of.is_some_and(|m| m > 0.0 && m.is_finite())
    }

    /// `enum` or `const`, which apply to values of any type.
    pub fn checks_json(&self) -> bool {
        self.enum_values.is_some() || self.const_value.is_some()
    }

    /// Whether a value of `scalar` with these constraints has anything to check. Typed
    /// scalars (dates, UUIDs, addresses, booleans) are checked by their Rust type and get
    /// `false`, as do constraints that only carry a `default`; an unsigned integer has
    /// something to check only beyond the range of its type (see [`bound_implied`]).
    pub fn checks_scalar(&self, scalar: Scalar) -> bool {
        match scalar {
            Scalar::String | Scalar::Binary | Scalar::Byte => self.checks_string(),
            Scalar::I32 | Scalar::I64 | Scalar::F32 | Scalar::F64 => self.checks_number(),
            Scalar::U32 | Scalar::U64 => self.without_implied(scalar).checks_number(),
            _ => false,
        }
    }

    /// These constraints without the bounds that every value of `scalar` meets.
    pub fn without_implied(&self, scalar: Scalar) -> Constraints {
        let mut c = self.clone();
        c.minimum = c.minimum.filter(|b| !bound_implied(scalar, b, true));
        c.maximum = c.maximum.filter(|b| !bound_implied(scalar, b, false));
        c
    }
}

/// Whether `bound` (a lower one when `lower`) holds for every value of `scalar`: a lower
/// bound at or below 0 for an unsigned integer, an upper bound at or above its largest value.
pub fn bound_implied(scalar: Scalar, bound: &Bound, lower: bool) -> bool {
    let (min, max) = match scalar {
        Scalar::U32 => (0.0, f64::from(u32::MAX)),
        // `u64::MAX` rounds up to 2^64 as a float; a bound written as 18446744073709551615
        // reads as the same float.
        Scalar::U64 => (0.0, u64::MAX as f64),
        _ => return false,
    };
    if lower {
        bound.value < min || (bound.value == min && !bound.exclusive)
    } else {
        bound.value > max || (bound.value == max && !bound.exclusive)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_failing_constraints_count() {
        let mut c = Constraints {
            min_length: Some(0),
            format: Some("password".into()),
            ..Constraints::default()
        };
        assert!(!c.checks_string());
        c.format = Some("hostname".into());
        assert!(c.checks_string());
        let n = Constraints {
            minimum: Some(Bound {
                value: 1.0,
                exclusive: false,
            }),
            ..Constraints::default()
        };
        assert!(n.checks_scalar(Scalar::I64));
        assert!(n.checks_scalar(Scalar::U64));
        assert!(!n.checks_scalar(Scalar::String));
        // What the type already enforces is not a check.
        let zero = Constraints {
            minimum: Some(Bound {
                value: 0.0,
                exclusive: false,
            }),
            maximum: Some(Bound {
                value: f64::from(u32::MAX),
                exclusive: false,
            }),
            ..Constraints::default()
        };
        assert!(!zero.checks_scalar(Scalar::U32));
        assert!(zero.checks_scalar(Scalar::I64));
        let below = Constraints {
            maximum: Some(Bound {
                value: 4.0e9,
                exclusive: false,
            }),
            ..zero.clone()
        };
        assert!(below.checks_scalar(Scalar::U32));
        // `u32::MAX` bounds a `u64`; `minimum: 0` alone does not.
        assert!(zero.checks_scalar(Scalar::U64));
        let only_min = Constraints {
            maximum: None,
            ..zero
        };
        assert!(!only_min.checks_scalar(Scalar::U64));
    }
}

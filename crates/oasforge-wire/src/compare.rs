//! When two JSON values count as one: numbers by value (`1` and `1.0`), RFC 3339
//! date-times by instant (`…05.0Z` and `…05Z`). Compiled into the harness and copied beside
//! every driver's `main.rs`, so the driver and the harness judge by the same rules.

use serde_json::Value;

/// The first place where `b` differs from `a` (`at` is the pointer of both), described:
/// `None` when they are equal by the rules above.
pub fn first_difference(a: &Value, b: &Value, at: &str) -> Option<String> {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            (x.as_f64() != y.as_f64()).then(|| format!("{at}: {x} vs {y}"))
        }
        (Value::Object(x), Value::Object(y)) => {
            for (k, v) in x {
                match y.get(k) {
                    Some(w) => {
                        if let Some(d) = first_difference(v, w, &format!("{at}/{k}")) {
                            return Some(d);
                        }
                    }
                    None => return Some(format!("{at}/{k}: sent {v}, lost")),
                }
            }
            y.keys()
                .find(|k| !x.contains_key(*k))
                .map(|k| format!("{at}/{k}: not sent, added {}", y[k]))
        }
        (Value::Array(x), Value::Array(y)) => {
            if x.len() != y.len() {
                return Some(format!("{at}: {} items vs {}", x.len(), y.len()));
            }
            x.iter()
                .zip(y)
                .enumerate()
                .find_map(|(i, (v, w))| first_difference(v, w, &format!("{at}/{i}")))
        }
        (Value::String(x), Value::String(y))
            if instant(x).is_some() && instant(x) == instant(y) =>
        {
            None
        }
        _ => (a != b).then(|| format!("{at}: {a} vs {b}")),
    }
}

/// Whether `a` and `b` are equal by the rules above.
pub fn same(a: &Value, b: &Value) -> bool {
    first_difference(a, b, "").is_none()
}

/// An RFC 3339 date-time in one spelling (upper-case `T`/`Z`, no trailing zeros in the
/// fraction, `Z` for a zero offset): `1.0Z` and `1Z` are one instant, written two ways.
pub fn instant(s: &str) -> Option<String> {
    let b = s.as_bytes();
    if b.len() < 20
        || b[4] != b'-'
        || b[7] != b'-'
        || !matches!(b[10], b'T' | b't')
        || b[13] != b':'
        || b[16] != b':'
    {
        return None;
    }
    let (head, rest) = s.split_at(19);
    let (frac, zone) = match rest.strip_prefix('.') {
        Some(r) => {
            let end = r.find(|c: char| !c.is_ascii_digit()).unwrap_or(r.len());
            (r[..end].trim_end_matches('0'), &r[end..])
        }
        None => ("", rest),
    };
    let zone = match zone {
        "z" | "Z" | "+00:00" | "-00:00" => "Z",
        other => other,
    };
    let dot = if frac.is_empty() { "" } else { "." };
    Some(format!("{}{dot}{frac}{zone}", head.replace('t', "T")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn numbers_by_value_and_date_times_by_instant() {
        assert!(same(&json!({"n": 1}), &json!({"n": 1.0})));
        assert!(!same(&json!({"n": 1}), &json!({"n": 1, "m": 2})));
        assert!(same(
            &json!(["2024-01-02T03:04:05.0Z"]),
            &json!(["2024-01-02t03:04:05+00:00"])
        ));
        assert!(!same(
            &json!("2024-01-02T03:04:05.1Z"),
            &json!("2024-01-02T03:04:05Z")
        ));
        assert_eq!(
            first_difference(&json!({"a": {"b": 1}}), &json!({"a": {}}), ""),
            Some("/a/b: sent 1, lost".to_owned())
        );
        assert_eq!(instant("not a date"), None);
    }
}

//! YAML text → `serde_json::Value`, on the event stream of `saphyr-parser`.
//!
//! Scalars are resolved with the YAML 1.2 core schema; anchors and aliases are expanded;
//! merge keys (`<<`) are applied, explicit keys taking precedence over merged ones.

use std::collections::HashMap;

use saphyr_parser::{Event, Parser, ScalarStyle, Span};
use serde_json::{Map, Number, Value};

/// A YAML error with its 1-based line and column, and the path (unescaped JSON pointer
/// tokens) of the node being read when it happened.
#[derive(Debug)]
pub(crate) struct YamlError {
    pub line: usize,
    pub column: usize,
    pub message: String,
    pub path: Vec<String>,
}

impl YamlError {
    fn at(span: Span, message: impl Into<String>) -> Self {
        Self {
            line: span.start.line(),
            column: span.start.col() + 1,
            message: message.into(),
            path: Vec::new(),
        }
    }
}

/// The most nodes alias expansion may produce, so that a small "billion laughs" document
/// cannot exhaust memory.
const MAX_EXPANDED_NODES: usize = 5_000_000;

/// The deepest nesting of sequences and mappings accepted (as `serde_json` does for JSON):
/// later stages walk the tree recursively, and no schema worth generating is this deep.
pub(crate) const MAX_DEPTH: usize = 128;

/// The bytes a node stands for once expanded: its scalars' text, its keys, and a few bytes
/// per node for the structure. What alias expansion is bounded by.
fn expanded_size(value: &Value) -> (usize, usize) {
    const NODE: usize = 32;
    match value {
        Value::Array(items) => items.iter().fold((1, NODE), |(n, b), v| {
            let (vn, vb) = expanded_size(v);
            (n + vn, b.saturating_add(vb))
        }),
        Value::Object(map) => map.iter().fold((1, NODE), |(n, b), (k, v)| {
            let (vn, vb) = expanded_size(v);
            (n + vn, b.saturating_add(vb).saturating_add(k.len()))
        }),
        Value::String(s) => (1, NODE + s.len()),
        _ => (1, NODE),
    }
}

enum Frame {
    Seq {
        items: Vec<Value>,
        anchor: usize,
    },
    Map {
        map: Map<String, Value>,
        key: Option<String>,
        merges: Vec<Value>,
        anchor: usize,
    },
}

/// Parses the first document of `text`; alias expansion may add at most `max_expanded_bytes`.
pub(crate) fn parse(text: &str, max_expanded_bytes: u64) -> Result<Value, YamlError> {
    let mut stack: Vec<Frame> = Vec::new();
    build(text, &mut stack, max_expanded_bytes).map_err(|mut e| {
        e.path = stack
            .iter()
            .filter_map(|frame| match frame {
                Frame::Seq { items, .. } => Some(items.len().to_string()),
                Frame::Map { key, .. } => key.clone(),
            })
            .collect();
        e
    })
}

fn build(text: &str, stack: &mut Vec<Frame>, max_expanded_bytes: u64) -> Result<Value, YamlError> {
    // Each anchor's value with its expanded size (nodes, bytes), computed once.
    let mut anchors: HashMap<usize, (Value, usize, usize)> = HashMap::new();
    let mut root: Option<Value> = None;
    let mut expanded = 0usize;
    let mut expanded_bytes = 0u64;

    for event in Parser::new_from_str(text) {
        let (event, span) = event.map_err(|e| YamlError {
            line: e.marker().line(),
            column: e.marker().col() + 1,
            message: e.info().to_owned(),
            path: Vec::new(),
        })?;
        let finished: Option<(Value, usize)> = match event {
            Event::StreamStart | Event::DocumentStart(_) | Event::Nothing => None,
            Event::DocumentEnd | Event::StreamEnd => {
                if root.is_some() {
                    break;
                }
                None
            }
            Event::Alias(id) => {
                let (value, nodes, bytes) = anchors
                    .get(&id)
                    .ok_or_else(|| YamlError::at(span, "alias to an unknown anchor"))?;
                // Checked before the copy is made: the copy is what would exhaust memory.
                expanded += nodes;
                expanded_bytes = expanded_bytes.saturating_add(*bytes as u64);
                if expanded > MAX_EXPANDED_NODES {
                    return Err(YamlError::at(span, "aliases expand to too many nodes"));
                }
                if expanded_bytes > max_expanded_bytes {
                    return Err(YamlError::at(
                        span,
                        format!(
                            "aliases expand to more than {max_expanded_bytes} bytes \
                             (the input limit): expected anchors reused a bounded number of times"
                        ),
                    ));
                }
                Some((value.clone(), 0))
            }
            Event::Scalar(text, style, anchor, tag) => {
                // In key position the raw text is the key, whatever it looks like.
                if let Some(Frame::Map {
                    key: key @ None, ..
                }) = stack.last_mut()
                {
                    *key = Some(text.into_owned());
                    if anchor != 0 {
                        anchors.insert(anchor, (Value::Null, 1, 32));
                    }
                    continue;
                }
                let is_str_tag = tag.as_ref().is_some_and(|t| t.suffix == "str");
                let value = if style == ScalarStyle::Plain && !is_str_tag {
                    resolve_plain(&text)
                } else {
                    Value::String(text.into_owned())
                };
                Some((value, anchor))
            }
            Event::SequenceStart(anchor, _) => {
                if let Some(Frame::Map { key: None, .. }) = stack.last() {
                    return Err(YamlError::at(span, "a sequence cannot be a mapping key"));
                }
                if stack.len() >= MAX_DEPTH {
                    return Err(too_deep(span));
                }
                stack.push(Frame::Seq {
                    items: Vec::new(),
                    anchor,
                });
                None
            }
            Event::MappingStart(anchor, _) => {
                if let Some(Frame::Map { key: None, .. }) = stack.last() {
                    return Err(YamlError::at(span, "a mapping cannot be a mapping key"));
                }
                if stack.len() >= MAX_DEPTH {
                    return Err(too_deep(span));
                }
                stack.push(Frame::Map {
                    map: Map::new(),
                    key: None,
                    merges: Vec::new(),
                    anchor,
                });
                None
            }
            Event::SequenceEnd => match stack.pop() {
                Some(Frame::Seq { items, anchor }) => Some((Value::Array(items), anchor)),
                _ => return Err(YamlError::at(span, "unbalanced sequence end")),
            },
            Event::MappingEnd => match stack.pop() {
                Some(Frame::Map {
                    mut map,
                    merges,
                    anchor,
                    ..
                }) => {
                    for merged in merges {
                        apply_merge(&mut map, merged, span)?;
                    }
                    Some((Value::Object(map), anchor))
                }
                _ => return Err(YamlError::at(span, "unbalanced mapping end")),
            },
        };
        let Some((value, anchor)) = finished else {
            continue;
        };
        if anchor != 0 {
            let (nodes, bytes) = expanded_size(&value);
            anchors.insert(anchor, (value.clone(), nodes, bytes));
        }
        match stack.last_mut() {
            None => root = Some(value),
            Some(Frame::Seq { items, .. }) => items.push(value),
            Some(Frame::Map {
                map, key, merges, ..
            }) => {
                let Some(k) = key.take() else {
                    return Err(YamlError::at(span, "unexpected value in mapping"));
                };
                if k == "<<" {
                    merges.push(value);
                } else if map.contains_key(&k) {
                    let message = format!("duplicate key `{k}`: expected each key once");
                    *key = Some(k);
                    return Err(YamlError::at(span, message));
                } else {
                    map.insert(k, value);
                }
            }
        }
    }
    Ok(root.unwrap_or(Value::Null))
}

fn apply_merge(map: &mut Map<String, Value>, merged: Value, span: Span) -> Result<(), YamlError> {
    match merged {
        Value::Object(source) => {
            for (k, v) in source {
                map.entry(k).or_insert(v);
            }
            Ok(())
        }
        Value::Array(sources) => {
            for source in sources {
                apply_merge(map, source, span)?;
            }
            Ok(())
        }
        _ => Err(YamlError::at(
            span,
            "a merge key (<<) must name a mapping or a list of mappings",
        )),
    }
}

fn too_deep(span: Span) -> YamlError {
    YamlError::at(
        span,
        format!("nested more than {MAX_DEPTH} levels deep: expected at most {MAX_DEPTH}"),
    )
}

/// Resolves a plain scalar with the YAML 1.2 core schema.
fn resolve_plain(text: &str) -> Value {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        "true" | "True" | "TRUE" => return Value::Bool(true),
        "false" | "False" | "FALSE" => return Value::Bool(false),
        _ => {}
    }
    if let Some(n) = parse_int(text) {
        return Value::Number(n);
    }
    if looks_like_float(text) {
        if let Some(n) = text.parse::<f64>().ok().and_then(Number::from_f64) {
            return Value::Number(n);
        }
    }
    Value::String(text.to_owned())
}

fn parse_int(text: &str) -> Option<Number> {
    let (digits, radix) = if let Some(hex) = text.strip_prefix("0x") {
        (hex, 16)
    } else if let Some(oct) = text.strip_prefix("0o") {
        (oct, 8)
    } else {
        let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
        if unsigned.is_empty() || !unsigned.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        return match text.parse::<i64>() {
            Ok(i) => Some(Number::from(i)),
            Err(_) => match text.strip_prefix('+').unwrap_or(text).parse::<u64>() {
                Ok(u) => Some(Number::from(u)),
                Err(_) => text.parse::<f64>().ok().and_then(Number::from_f64),
            },
        };
    };
    if digits.is_empty() {
        return None;
    }
    u64::from_str_radix(digits, radix).ok().map(Number::from)
}

fn looks_like_float(text: &str) -> bool {
    let t = text.strip_prefix(['-', '+']).unwrap_or(text);
    let (mantissa, exponent) = match t.find(['e', 'E']) {
        Some(i) => (&t[..i], Some(&t[i + 1..])),
        None => (t, None),
    };
    let mut parts = mantissa.splitn(2, '.');
    let int_part = parts.next().unwrap_or("");
    let frac_part = parts.next();
    let digits_ok = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok = match frac_part {
        Some(frac) => {
            digits_ok(int_part) && digits_ok(frac) && !(int_part.is_empty() && frac.is_empty())
        }
        None => !int_part.is_empty() && digits_ok(int_part),
    };
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['-', '+']).unwrap_or(e);
        !e.is_empty() && digits_ok(e)
    });
    mantissa_ok && exponent_ok
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn scalars_follow_the_core_schema() {
        let v = parse(
            "a: 1\nb: '1'\nc: 1.5\nd: true\ne: ~\nf: 0x1F\ng: 1e3\nh: v1.2\n200: ok\n",
            u64::MAX,
        )
        .unwrap();
        assert_eq!(
            v,
            json!({"a": 1, "b": "1", "c": 1.5, "d": true, "e": null, "f": 31, "g": 1000.0, "h": "v1.2", "200": "ok"})
        );
    }

    #[test]
    fn anchors_aliases_and_merge_keys() {
        let v = parse(
            "base: &b\n  x: 1\n  y: 2\nother:\n  <<: *b\n  y: 3\nlist: [*b]\n",
            u64::MAX,
        )
        .unwrap();
        assert_eq!(
            v,
            json!({"base": {"x": 1, "y": 2}, "other": {"y": 3, "x": 1}, "list": [{"x": 1, "y": 2}]})
        );
    }

    #[test]
    fn syntax_errors_carry_a_line() {
        let err = parse("a: 1\nb: [1, 2\nc: 3\n", u64::MAX).unwrap_err();
        assert!(err.line >= 2, "{err:?}");
    }

    #[test]
    fn errors_name_the_node_being_read() {
        let err = parse("a:\n  b:\n    - 1\n    - [2, 3\n", u64::MAX).unwrap_err();
        assert_eq!(err.path, ["a", "b", "1", "2"], "{err:?}");
        let err = parse("a:\n  b: 1\n  c: 2\n  b: 3\n", u64::MAX).unwrap_err();
        assert!(err.message.contains("duplicate key `b`"), "{err:?}");
        assert_eq!(
            (err.line, err.path.clone()),
            (4, vec!["a".to_owned(), "b".to_owned()])
        );
    }

    #[test]
    fn alias_bombs_are_refused() {
        let mut doc = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..10 {
            let p = i - 1;
            doc.push_str(&format!("a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"));
        }
        assert!(parse(&doc, u64::MAX).is_err());
    }

    #[test]
    fn alias_expansion_is_bounded_by_bytes() {
        // Few nodes, many bytes: one 100 KB string multiplied by aliases, 10× per level.
        let mut doc = format!("a0: &a0 \"{}\"\n", "x".repeat(100_000));
        for i in 1..6 {
            let p = i - 1;
            let items = vec![format!("*a{p}"); 10].join(", ");
            doc.push_str(&format!("a{i}: &a{i} [{items}]\n"));
        }
        let err = parse(&doc, 64 * 1024 * 1024).unwrap_err();
        assert!(err.message.contains("bytes"), "{err:?}");
        assert_eq!(err.line, 4, "{err:?}");
        // Two levels (10 MB) are within the limit.
        let small: String = doc.lines().take(3).map(|l| format!("{l}\n")).collect();
        assert!(parse(&small, 64 * 1024 * 1024).is_ok());
    }

    #[test]
    fn nesting_is_bounded() {
        let deep = format!(
            "{}1{}",
            "[".repeat(MAX_DEPTH + 1),
            "]".repeat(MAX_DEPTH + 1)
        );
        let err = parse(&deep, u64::MAX).unwrap_err();
        assert!(err.message.contains("nested"), "{err:?}");
        let ok = format!("{}1{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert!(parse(&ok, u64::MAX).is_ok());
    }
}

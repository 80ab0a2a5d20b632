//! Maps a JSON pointer back to the line and column where its node starts.
//!
//! Only diagnostics need this, so it re-reads the source text on demand instead of keeping a
//! position for every node of every document. JSON text is read by the same YAML event parser
//! (JSON is valid YAML 1.2 flow syntax).

use std::collections::HashMap;

use saphyr_parser::{Event, Parser};

enum Level {
    Seq(usize),
    Map {
        key: Option<String>,
        expecting_key: bool,
    },
}

/// The 1-based line and column of the node at `segments` (unescaped tokens), or of its
/// deepest ancestor present in the text.
pub(crate) fn locate(text: &str, segments: &[String]) -> Option<(usize, usize)> {
    let mut stack: Vec<Level> = Vec::new();
    let mut best: Option<(usize, (usize, usize))> = None;

    for event in Parser::new_from_str(text) {
        let Ok((event, span)) = event else { break };
        let pos = (span.start.line(), span.start.col() + 1);
        let is_node_start = matches!(
            event,
            Event::Scalar(..)
                | Event::SequenceStart(..)
                | Event::MappingStart(..)
                | Event::Alias(_)
        );
        if is_node_start {
            // A scalar in key position only records the key.
            if let Some(Level::Map { key, expecting_key }) = stack.last_mut() {
                if *expecting_key {
                    if let Event::Scalar(k, ..) = &event {
                        *key = Some(k.to_string());
                        *expecting_key = false;
                        continue;
                    }
                }
            }
            let depth = matching_depth(&stack, segments);
            if depth == stack.len() && best.is_none_or(|(d, _)| depth > d) {
                best = Some((depth, pos));
                if depth == segments.len() {
                    return Some(pos);
                }
            }
        }
        match event {
            Event::SequenceStart(..) => stack.push(Level::Seq(0)),
            Event::MappingStart(..) => stack.push(Level::Map {
                key: None,
                expecting_key: true,
            }),
            Event::SequenceEnd | Event::MappingEnd => {
                stack.pop();
                advance(&mut stack);
            }
            Event::Scalar(..) | Event::Alias(_) => advance(&mut stack),
            _ => {}
        }
    }
    best.map(|(_, pos)| pos)
}

/// [`locate`] for many pointers in one pass over the text: for each entry of `wanted`, the
/// position of its node or of its deepest ancestor present in the text.
pub(crate) fn locate_all(text: &str, wanted: &[Vec<String>]) -> Vec<Option<(usize, usize)>> {
    // Every prefix of every wanted path, so missing nodes fall back to an ancestor.
    let mut prefixes: HashMap<&[String], Option<(usize, usize)>> = HashMap::new();
    for path in wanted {
        for cut in 0..=path.len() {
            prefixes.insert(&path[..cut], None);
        }
    }
    let mut stack: Vec<Level> = Vec::new();
    let mut path: Vec<String> = Vec::new();
    for event in Parser::new_from_str(text) {
        let Ok((event, span)) = event else { break };
        let pos = (span.start.line(), span.start.col() + 1);
        let is_node_start = matches!(
            event,
            Event::Scalar(..)
                | Event::SequenceStart(..)
                | Event::MappingStart(..)
                | Event::Alias(_)
        );
        if is_node_start {
            if let Some(Level::Map { key, expecting_key }) = stack.last_mut() {
                if *expecting_key {
                    if let Event::Scalar(k, ..) = &event {
                        *key = Some(k.to_string());
                        *expecting_key = false;
                        continue;
                    }
                }
            }
            path.clear();
            path.extend(stack.iter().map(|level| match level {
                Level::Seq(i) => i.to_string(),
                Level::Map { key, .. } => key.clone().unwrap_or_default(),
            }));
            if let Some(slot) = prefixes.get_mut(path.as_slice()) {
                slot.get_or_insert(pos);
            }
        }
        match event {
            Event::SequenceStart(..) => stack.push(Level::Seq(0)),
            Event::MappingStart(..) => stack.push(Level::Map {
                key: None,
                expecting_key: true,
            }),
            Event::SequenceEnd | Event::MappingEnd => {
                stack.pop();
                advance(&mut stack);
            }
            Event::Scalar(..) | Event::Alias(_) => advance(&mut stack),
            _ => {}
        }
    }
    wanted
        .iter()
        .map(|path| {
            (0..=path.len())
                .rev()
                .find_map(|cut| prefixes.get(&path[..cut]).copied().flatten())
        })
        .collect()
}

/// The path (unescaped tokens) of the innermost JSON value open at the 1-based `line` and
/// `column` (in characters): the node a JSON parser was reading when it stopped there.
/// A small scanner of its own, since a JSON syntax error also stops the YAML event parser
/// before it has reported any node.
pub(crate) fn json_path_at(text: &str, line: usize, column: usize) -> Vec<String> {
    let mut stack: Vec<Level> = Vec::new();
    let (mut at_line, mut at_col) = (1, 1);
    let mut chars = text.chars();
    let mut string: Option<String> = None;
    while let Some(c) = chars.next() {
        if (at_line, at_col) >= (line, column) {
            break;
        }
        if c == '\n' {
            (at_line, at_col) = (at_line + 1, 1);
        } else {
            at_col += 1;
        }
        if let Some(s) = string.as_mut() {
            match c {
                '"' => {
                    let done = string.take().unwrap_or_default();
                    if let Some(Level::Map { key, expecting_key }) = stack.last_mut() {
                        if *expecting_key {
                            *key = Some(done);
                            *expecting_key = false;
                        }
                    }
                }
                '\\' => {
                    if let Some(escaped) = chars.next() {
                        at_col += 1;
                        s.push(escaped);
                    }
                }
                _ => s.push(c),
            }
            continue;
        }
        match c {
            '"' => string = Some(String::new()),
            '{' => stack.push(Level::Map {
                key: None,
                expecting_key: true,
            }),
            '[' => stack.push(Level::Seq(0)),
            '}' | ']' => {
                stack.pop();
            }
            ',' => match stack.last_mut() {
                Some(Level::Seq(i)) => *i += 1,
                Some(Level::Map { expecting_key, .. }) => *expecting_key = true,
                None => {}
            },
            _ => {}
        }
    }
    stack
        .iter()
        .filter_map(|level| match level {
            Level::Seq(i) => Some(i.to_string()),
            Level::Map {
                key,
                expecting_key: false,
            } => key.clone(),
            Level::Map { .. } => None,
        })
        .collect()
}

/// After a value ends: the next sequence index, or back to expecting a key.
fn advance(stack: &mut [Level]) {
    match stack.last_mut() {
        Some(Level::Seq(i)) => *i += 1,
        Some(Level::Map { expecting_key, .. }) => *expecting_key = true,
        None => {}
    }
}

/// How many levels of the current path agree with `segments`.
fn matching_depth(stack: &[Level], segments: &[String]) -> usize {
    let mut depth = 0;
    for (level, segment) in stack.iter().zip(segments) {
        let same = match level {
            Level::Seq(i) => segment.parse::<usize>().ok() == Some(*i),
            Level::Map { key, .. } => key.as_deref() == Some(segment.as_str()),
        };
        if !same {
            break;
        }
        depth += 1;
    }
    depth
}

#[cfg(test)]
mod tests {
    use super::*;

    fn segs(p: &[&str]) -> Vec<String> {
        p.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn finds_yaml_nodes() {
        let text = "openapi: 3.1.0\npaths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\nlist:\n  - x\n  - y: 1\n";
        assert_eq!(locate(text, &segs(&["paths", "/a", "get"])), Some((5, 7)));
        assert_eq!(locate(text, &segs(&["list", "1", "y"])), Some((10, 8)));
        assert_eq!(
            locate(
                text,
                &segs(&["paths", "/a", "get", "responses", "200", "description"])
            ),
            Some((7, 24))
        );
        // A missing node falls back to its deepest ancestor.
        assert_eq!(locate(text, &segs(&["paths", "/a", "nope"])), Some((4, 5)));
    }

    #[test]
    fn locates_many_pointers_in_one_pass_like_one_by_one() {
        let text = "openapi: 3.1.0\npaths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\nlist:\n  - x\n  - y: 1\n";
        let wanted = vec![
            segs(&["paths", "/a", "get"]),
            segs(&["list", "1", "y"]),
            segs(&["paths", "/a", "nope", "deeper"]),
            segs(&[]),
            segs(&["missing"]),
        ];
        let one_by_one: Vec<_> = wanted.iter().map(|w| locate(text, w)).collect();
        assert_eq!(locate_all(text, &wanted), one_by_one);
        assert_eq!(one_by_one[0], Some((5, 7)));
        assert_eq!(one_by_one[2], Some((4, 5)));
    }

    #[test]
    fn finds_the_node_open_at_a_position() {
        let text = "{\n  \"a\": {\"b\": 1 \"c\": 2},\n  \"d\": [1, {\"e\\\"\": x}]\n}\n";
        assert_eq!(json_path_at(text, 2, 17), segs(&["a", "b"]));
        assert_eq!(json_path_at(text, 3, 19), segs(&["d", "1", "e\""]));
        assert_eq!(json_path_at(text, 1, 1), segs(&[]));
    }

    #[test]
    fn finds_json_nodes() {
        let text = "{\n  \"a\": {\n    \"b\": [1,\n      {\"c\": true}]\n  }\n}\n";
        assert_eq!(locate(text, &segs(&["a", "b", "1", "c"])), Some((4, 13)));
    }
}

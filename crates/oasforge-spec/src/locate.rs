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

/// [`locate_all`] for text known to be valid JSON (it was parsed by `serde_json`): a byte
/// scanner of its own, many times faster than the YAML event parser on large documents, with
/// the same positions (1-based line, 1-based column in characters). Only the containers on
/// the way to a wanted node have their keys read, so most of the text is just skipped.
pub(crate) fn locate_all_json(text: &str, wanted: &[Vec<String>]) -> Vec<Option<(usize, usize)>> {
    let mut prefixes: HashMap<&[String], Option<(usize, usize)>> = HashMap::new();
    for path in wanted {
        for cut in 0..=path.len() {
            prefixes.insert(&path[..cut], None);
        }
    }
    JsonScanner {
        bytes: text.as_bytes(),
        text,
        at: 0,
        line: 1,
        column: 1,
    }
    .run(&mut prefixes);
    wanted
        .iter()
        .map(|path| {
            (0..=path.len())
                .rev()
                .find_map(|cut| prefixes.get(&path[..cut]).copied().flatten())
        })
        .collect()
}

/// One open container while scanning JSON.
struct Frame {
    /// A map (else an array).
    map: bool,
    /// The next element's index (arrays).
    index: usize,
    /// The current key (maps whose path is wanted).
    key: Option<String>,
    /// Whether a key comes next (maps).
    expecting_key: bool,
    /// Whether the container's own path is a prefix of a wanted path; only then are its
    /// elements looked up.
    live: bool,
}

struct JsonScanner<'t> {
    text: &'t str,
    bytes: &'t [u8],
    at: usize,
    line: usize,
    column: usize,
}

impl JsonScanner<'_> {
    /// Moves past one byte, keeping line and column (columns count characters, so UTF-8
    /// continuation bytes do not advance them).
    fn bump(&mut self) {
        match self.bytes[self.at] {
            b'\n' => {
                self.line += 1;
                self.column = 1;
            }
            // A lone carriage return also ends a line (as in YAML); before `\n` it is
            // part of that break.
            b'\r' if self.bytes.get(self.at + 1) != Some(&b'\n') => {
                self.line += 1;
                self.column = 1;
            }
            b'\r' => {}
            b if b & 0xC0 != 0x80 => self.column += 1,
            _ => {}
        }
        self.at += 1;
    }

    /// Moves past a string starting at the opening quote; returns its raw contents.
    fn string(&mut self) -> &str {
        self.bump();
        let start = self.at;
        while self.at < self.bytes.len() {
            match self.bytes[self.at] {
                b'"' => break,
                b'\\' => {
                    self.bump();
                    if self.at < self.bytes.len() {
                        self.bump();
                    }
                }
                _ => self.bump(),
            }
        }
        let raw = &self.text[start..self.at.min(self.bytes.len())];
        if self.at < self.bytes.len() {
            self.bump();
        }
        raw
    }

    fn run(mut self, prefixes: &mut HashMap<&[String], Option<(usize, usize)>>) {
        let mut stack: Vec<Frame> = Vec::new();
        // The segments of the innermost live container (live containers are a prefix of
        // the stack, since a wanted path's prefixes are all wanted).
        let mut path: Vec<String> = Vec::new();
        while self.at < self.bytes.len() {
            let byte = self.bytes[self.at];
            match byte {
                b' ' | b'\t' | b'\n' | b'\r' | b':' => self.bump(),
                b',' => {
                    match stack.last_mut() {
                        Some(frame) if frame.map => frame.expecting_key = true,
                        Some(frame) => frame.index += 1,
                        None => {}
                    }
                    self.bump();
                }
                b'}' | b']' => {
                    if let Some(frame) = stack.pop() {
                        if frame.live && !stack.is_empty() {
                            path.pop();
                        }
                    }
                    self.bump();
                }
                b'"' if stack.last().is_some_and(|f| f.map && f.expecting_key) => {
                    let live = stack.last().is_some_and(|f| f.live);
                    let raw = self.string();
                    let key = live.then(|| unescape(raw));
                    if let Some(frame) = stack.last_mut() {
                        frame.key = key;
                        frame.expecting_key = false;
                    }
                }
                _ => {
                    // A value starts here.
                    let pos = (self.line, self.column);
                    let live = match stack.last() {
                        None => {
                            let hit = prefixes.get_mut(&[][..]);
                            let found = hit.is_some();
                            if let Some(slot) = hit {
                                slot.get_or_insert(pos);
                            }
                            found
                        }
                        Some(frame) if frame.live => {
                            path.push(if frame.map {
                                frame.key.clone().unwrap_or_default()
                            } else {
                                frame.index.to_string()
                            });
                            let hit = prefixes.get_mut(path.as_slice());
                            let found = hit.is_some();
                            if let Some(slot) = hit {
                                slot.get_or_insert(pos);
                            }
                            found
                        }
                        Some(_) => false,
                    };
                    let container = byte == b'{' || byte == b'[';
                    let pushed = stack.last().is_some_and(|f| f.live);
                    if container {
                        if pushed && !live {
                            path.pop();
                        }
                        stack.push(Frame {
                            map: byte == b'{',
                            index: 0,
                            key: None,
                            expecting_key: byte == b'{',
                            live,
                        });
                        self.bump();
                        continue;
                    }
                    if pushed {
                        path.pop();
                    }
                    if byte == b'"' {
                        self.string();
                    } else {
                        while self.at < self.bytes.len()
                            && !matches!(
                                self.bytes[self.at],
                                b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r'
                            )
                        {
                            self.bump();
                        }
                    }
                }
            }
        }
    }
}

/// The text of a JSON string's raw contents, escapes resolved.
fn unescape(raw: &str) -> String {
    if !raw.contains('\\') {
        return raw.to_owned();
    }
    serde_json::from_str::<String>(&format!("\"{raw}\"")).unwrap_or_else(|_| raw.to_owned())
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
    fn the_json_scanner_agrees_with_the_yaml_parser() {
        let text = "{\r\n  \"a\": {\"b\": [1, -2.5e3, {\"c\": true}, [], {}], \"é\\u00e9\": \"ü\", \"x\\\"y\": null},\n\t\"d\": [\"s,]}\", {\"e\": {\"f\": [[0], \"g\"]}}],\n  \"\": {\"k\": 1}\n}\n";
        assert!(serde_json::from_str::<serde_json::Value>(text).is_ok());
        let wanted = vec![
            segs(&[]),
            segs(&["a"]),
            segs(&["a", "b"]),
            segs(&["a", "b", "1"]),
            segs(&["a", "b", "2", "c"]),
            segs(&["a", "b", "3"]),
            segs(&["a", "b", "4"]),
            segs(&["a", "éé"]),
            segs(&["a", "x\"y"]),
            segs(&["d", "0"]),
            segs(&["d", "1", "e", "f", "0", "0"]),
            segs(&["d", "1", "e", "f", "1"]),
            segs(&["d", "1", "e", "missing", "deeper"]),
            segs(&["d", "7"]),
            segs(&["", "k"]),
            segs(&["nope"]),
        ];
        let json = locate_all_json(text, &wanted);
        assert_eq!(json, locate_all(text, &wanted));
        assert_eq!(json[4], Some((2, 32)));
        assert_eq!(json[7], Some((2, 59)));
        assert_eq!(json[8], Some((2, 72)));
        assert_eq!(json[12], Some((3, 22)));
    }

    #[test]
    fn finds_json_nodes() {
        let text = "{\n  \"a\": {\n    \"b\": [1,\n      {\"c\": true}]\n  }\n}\n";
        assert_eq!(locate(text, &segs(&["a", "b", "1", "c"])), Some((4, 13)));
    }
}

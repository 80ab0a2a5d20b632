//! Stable names for inline schemas, derived from where they sit.
//!
//! `#/paths/~1permissions~1{permissionId}~1assignments/post/requestBody/content/application~1json/schema`
//! is `AssignPermissionRequest`; its property `identityId` would be
//! `AssignPermissionRequestIdentityId`; the items of a `roles` array property are `…Role`.

use oasforge_spec::NodeRef;
use serde_json::Value;

use super::{Lowerer, NodeExt};
use std::collections::HashSet;

use crate::names::{singular, status_name, type_name, unique};
use crate::{Api, BodyKind, HttpMethod, Status};

impl Lowerer<'_> {
    /// The name (before uniqueness) of the inline schema at `node`.
    pub(super) fn inline_name(&self, node: &NodeRef) -> String {
        // Named from where the schema stands in the document as a whole, whichever file
        // holds it.
        let segments = self.logical(node).pointer.segments();
        let segs: Vec<&str> = segments.iter().map(String::as_str).collect();
        let mut parts: Vec<String> = Vec::new();
        let mut rest: &[&str] = &segs;
        let mut last_was_property = false;

        match segs.as_slice() {
            ["components", "schemas", name, tail @ ..] => {
                parts.push(type_name(name));
                rest = tail;
            }
            ["components", _, name, tail @ ..] => {
                parts.push(type_name(name));
                rest = self.operation_part(node, &segs[..3], tail, &mut parts);
            }
            ["paths", path, method, "callbacks", callback, _expression, _method, tail @ ..]
                if HttpMethod::from_key(method).is_some() =>
            {
                let op = self
                    .op_names
                    .get(&(path.to_string(), method.to_string()))
                    .cloned()
                    .unwrap_or_else(|| type_name(&format!("{method} {path}")));
                parts.push(op);
                parts.push(type_name(callback));
                parts.push("Callback".into());
                rest = self.operation_part(node, &segs[..7], tail, &mut parts);
            }
            ["paths", path, method, tail @ ..] if HttpMethod::from_key(method).is_some() => {
                let op = self
                    .op_names
                    .get(&(path.to_string(), method.to_string()))
                    .cloned()
                    .unwrap_or_else(|| type_name(&format!("{method} {path}")));
                parts.push(op);
                rest = self.operation_part(node, &segs[..3], tail, &mut parts);
            }
            ["webhooks", name, _method, tail @ ..] => {
                parts.push(type_name(name));
                parts.push("Webhook".into());
                rest = self.operation_part(node, &segs[..3], tail, &mut parts);
            }
            [] => {
                let path = &self.spec.file(node.file).path;
                let stem = path
                    .file_stem()
                    .and_then(|s| s.to_str())
                    .unwrap_or("Schema");
                parts.push(type_name(stem));
            }
            _ => {}
        }

        let mut i = 0;
        while i < rest.len() {
            let seg = rest[i];
            match seg {
                "properties" if i + 1 < rest.len() => {
                    parts.push(type_name(rest[i + 1]));
                    last_was_property = true;
                    i += 2;
                    continue;
                }
                "items" => match (last_was_property, parts.last().and_then(|p| singular(p))) {
                    (true, Some(one)) => {
                        parts.pop();
                        parts.push(type_name(&one));
                    }
                    _ => parts.push("Item".into()),
                },
                "additionalProperties" => parts.push("Value".into()),
                "allOf" | "oneOf" | "anyOf" | "prefixItems" if i + 1 < rest.len() => {
                    // The alternative itself: a schema nested inside it is named after it,
                    // so `EventClick` holds `EventClickType`. (`allOf` branches only name
                    // themselves: their contents are merged into the parent.)
                    let whole = i + 2 == rest.len();
                    let branch_value = if seg == "allOf" {
                        whole.then(|| self.value(node))
                    } else {
                        let depth = segs.len() - rest.len() + i + 2;
                        let mut branch = NodeRef {
                            file: node.file,
                            pointer: oasforge_spec::JsonPointer::root(),
                        };
                        for s in &segs[..depth] {
                            branch = branch.child(s);
                        }
                        Some(self.value(&branch))
                    };
                    let title = branch_value
                        .and_then(|v| v.get("title"))
                        .and_then(Value::as_str);
                    // An untitled object alternative is named after the property that sets
                    // it apart (its first required one, else its first one).
                    let key = branch_value
                        .filter(|_| seg != "allOf")
                        .and_then(distinguishing_property);
                    match title {
                        Some(t) => parts.push(type_name(t)),
                        None if seg == "allOf" => {}
                        None if key.is_some() => parts.push(type_name(key.unwrap_or_default())),
                        None => parts.push(format!(
                            "Option{}",
                            rest[i + 1].parse::<usize>().map_or(1, |n| n + 1)
                        )),
                    }
                    i += 2;
                    last_was_property = false;
                    continue;
                }
                "$defs" | "definitions" if i + 1 < rest.len() => {
                    parts.push(type_name(rest[i + 1]));
                    i += 2;
                    continue;
                }
                "schema" | "content" => {}
                other => parts.push(type_name(other)),
            }
            last_was_property = false;
            i += 1;
        }
        if parts.is_empty() {
            parts.push("Schema".into());
        }
        parts.concat()
    }

    /// Names the part of an operation (or component response/body/parameter) a schema is in,
    /// and returns the segments that remain inside the schema.
    fn operation_part<'a>(
        &self,
        node: &NodeRef,
        head: &[&str],
        tail: &'a [&'a str],
        parts: &mut Vec<String>,
    ) -> &'a [&'a str] {
        match tail {
            ["requestBody", "content", _media, "schema", rest @ ..] => {
                parts.push("Request".into());
                rest
            }
            ["content", _media, "schema", rest @ ..] => rest,
            ["schema", rest @ ..] => rest,
            ["responses", status, rest @ ..] => {
                parts.push(status_name(parse_status(status).unwrap_or(Status::Default)));
                match rest {
                    ["content", _media, "schema", rest @ ..] => rest,
                    ["content", _media, "itemSchema", rest @ ..] => {
                        parts.push("Item".into());
                        rest
                    }
                    ["headers", header, "schema", rest @ ..] => {
                        parts.push(type_name(header));
                        rest
                    }
                    other => other,
                }
            }
            ["parameters", index, "schema", rest @ ..]
            | ["parameters", index, "content", _, "schema", rest @ ..] => {
                // The parameter object: found from the schema's own pointer when the
                // parameter sits in another file, else by its place in the root document.
                let inside = &tail[2..];
                let physical = node.pointer.segments();
                let param = match physical.len().checked_sub(inside.len()) {
                    Some(cut) if physical[cut..].iter().zip(inside).all(|(a, b)| a == b) => {
                        NodeRef {
                            file: node.file,
                            pointer: physical[..cut]
                                .iter()
                                .fold(oasforge_spec::JsonPointer::root(), |p, s| p.join(s)),
                        }
                    }
                    _ => head
                        .iter()
                        .fold(super::root_node(), |p, s| p.child(s))
                        .child("parameters")
                        .child(index),
                };
                let name = self
                    .spec
                    .get(&param)
                    .and_then(|p| p.get("name"))
                    .and_then(Value::as_str);
                parts.push(type_name(name.unwrap_or("Param")));
                rest
            }
            other => other,
        }
    }
}

/// `200` → `Code(200)`, `2XX` → `Range(2)`, `default` → `Default`.
pub(crate) fn parse_status(key: &str) -> Option<Status> {
    if key == "default" {
        return Some(Status::Default);
    }
    let bytes = key.as_bytes();
    if bytes.len() == 3 && bytes[0].is_ascii_digit() && bytes[1..].eq_ignore_ascii_case(b"xx") {
        return Some(Status::Range(bytes[0] - b'0'));
    }
    key.parse::<u16>()
        .ok()
        .filter(|c| (100..=599).contains(c))
        .map(Status::Code)
}

/// The property that sets an object schema apart from its siblings, for naming it: its first
/// required property, else its first property.
pub(super) fn distinguishing_property(schema: &Value) -> Option<&str> {
    schema
        .get("required")
        .and_then(Value::as_array)
        .and_then(|r| r.first())
        .and_then(Value::as_str)
        .or_else(|| {
            schema
                .get("properties")
                .and_then(Value::as_object)
                .and_then(|p| p.keys().next())
                .map(String::as_str)
        })
}

/// Type names `operations.rs` defines itself, which no operation item may take.
const OPERATIONS_RESERVED: &[&str] = &["Credentials", "BasicCredentials", "Violation"];

/// Names the items each operation adds beside the models, once every model is named: its
/// input struct (`…Input`), response enum (`…Response`) and, for a multipart body, form
/// struct (`…Form`), unique among all type names; and each response's variant, from its
/// status, unique in the operation.
pub(super) fn name_operation_items(api: &mut Api) {
    let mut taken: HashSet<String> = api.types.iter().map(|t| t.name.clone()).collect();
    taken.extend(OPERATIONS_RESERVED.iter().map(|n| (*n).to_owned()));
    for op in &mut api.operations {
        op.input_name = unique(format!("{}Input", op.type_name), &mut taken);
        op.response_name = unique(format!("{}Response", op.type_name), &mut taken);
        let mut variants = HashSet::new();
        for response in &mut op.responses {
            response.variant = unique(status_name(response.status), &mut variants);
        }
        if let Some(body) = &mut op.body {
            if body.kind == BodyKind::Multipart {
                body.form_name = Some(unique(format!("{}Form", op.type_name), &mut taken));
            }
        }
    }
}

//! Document-level constructs the generator does not turn into code. Schema-level ones (`not`,
//! `if`, `patternProperties`, `xml`, …) are reported by the lowering where it meets them;
//! this pass reports what lives outside schemas, so that nothing is dropped silently.

use oasforge_spec::{FileId, JsonPointer, NodeRef, Spec};
use serde_json::Value;

use crate::error::Finding;

const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Findings for unsupported constructs outside schemas.
pub(super) fn scan(spec: &Spec) -> Vec<Finding> {
    let mut out = Vec::new();
    let root = NodeRef {
        file: FileId(0),
        pointer: JsonPointer::root(),
    };
    let child = |n: &NodeRef, s: &str| NodeRef {
        file: n.file,
        pointer: n.pointer.join(s),
    };
    if let Some(hooks) = spec.root().get("webhooks").and_then(Value::as_object) {
        if !hooks.is_empty() {
            out.push(Finding {
                node: child(&root, "webhooks"),
                message: format!(
                    "{} webhook(s) not generated: only `paths` become operations",
                    hooks.len()
                ),
            });
        }
    }
    let components = child(&root, "components");
    for (key, what) in [
        ("callbacks", "callbacks are not generated"),
        ("links", "links are not generated"),
        (
            "pathItems",
            "path items under `components` are generated only where `paths` refer to them",
        ),
    ] {
        let node = child(&components, key);
        if spec
            .get(&node)
            .and_then(Value::as_object)
            .is_some_and(|m| !m.is_empty())
        {
            out.push(Finding {
                node,
                message: format!("`components/{key}`: {what}"),
            });
        }
    }
    let paths = child(&root, "paths");
    let Some(map) = spec.get(&paths).and_then(Value::as_object) else {
        return out;
    };
    for path in map.keys() {
        let item = deref(spec, child(&paths, path));
        let Some(ops) = spec.get(&item).and_then(Value::as_object) else {
            continue;
        };
        for method in ops.keys().filter(|m| METHODS.contains(&m.as_str())) {
            let op = child(&item, method);
            if spec.get(&child(&op, "callbacks")).is_some() {
                out.push(Finding {
                    node: child(&op, "callbacks"),
                    message: format!(
                        "callbacks of `{} {path}` are not generated",
                        method.to_uppercase()
                    ),
                });
            }
            let responses = child(&op, "responses");
            let Some(responses_map) = spec.get(&responses).and_then(Value::as_object) else {
                continue;
            };
            for status in responses_map.keys() {
                let response = deref(spec, child(&responses, status));
                let links = child(&response, "links");
                if spec.get(&links).is_some() {
                    out.push(Finding {
                        node: links,
                        message: format!(
                            "links of the `{status}` response of `{} {path}` are not generated",
                            method.to_uppercase()
                        ),
                    });
                }
            }
        }
    }
    out
}

/// Follows `$ref`s (a bounded number of hops) to the node they name.
fn deref(spec: &Spec, mut node: NodeRef) -> NodeRef {
    for _ in 0..16 {
        let Some(reference) = spec
            .get(&node)
            .and_then(|v| v.get("$ref"))
            .and_then(Value::as_str)
        else {
            break;
        };
        match spec.resolve(node.file, reference) {
            Ok(next) => node = next,
            Err(_) => break,
        }
    }
    node
}

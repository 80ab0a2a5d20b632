//! `gen report`: what was generated from a document and what was not.

use oasforge::stages::ir::{Additional, TypeDef, TypeKind, Webhook, WebhookSource};
use oasforge::{Generated, Warning};
use serde_json::{json, Value};

/// One line describing a type: its kind and size.
fn describe(def: &TypeDef) -> String {
    match &def.kind {
        TypeKind::Struct(s) => {
            let extra = match s.additional {
                Additional::Forbidden => ", no other properties",
                Additional::Map(_) => ", plus a map of other properties",
                _ => "",
            };
            format!("struct, {} field(s){extra}", s.fields.len())
        }
        TypeKind::Enum(e) => format!("enum, {} variant(s)", e.variants.len()),
        TypeKind::Alias(_) => "type alias".to_owned(),
        TypeKind::IntEnum(e) => format!("integer enum, {} variant(s)", e.variants.len()),
        TypeKind::Union(u) => match &u.tag {
            Some(tag) => format!(
                "tagged union on `{}`, {} variant(s)",
                tag.property,
                u.variants.len()
            ),
            None => format!("untagged union, {} variant(s)", u.variants.len()),
        },
        TypeKind::Tuple(items) => format!("tuple, {} element(s)", items.len()),
    }
}

/// Where a type comes from: its JSON pointer, prefixed by the file (relative to the root
/// document's folder) when it is not the root document.
fn origin(generated: &Generated, def: &TypeDef) -> String {
    let Some(rest) = def.origin.strip_prefix("file") else {
        return def.origin.clone();
    };
    let digits = rest.chars().take_while(char::is_ascii_digit).count();
    let (Ok(index), pointer) = (rest[..digits].parse::<usize>(), &rest[digits..]) else {
        return def.origin.clone();
    };
    let (Some(root), Some(file)) = (generated.inputs.first(), generated.inputs.get(index)) else {
        return def.origin.clone();
    };
    let base = root.parent().unwrap_or(root);
    let shown = file.strip_prefix(base).unwrap_or(file);
    format!("{}{pointer}", shown.display())
}

fn warning_json(w: &Warning) -> Value {
    json!({
        "file": w.location.file.display().to_string(),
        "line": w.location.line,
        "column": w.location.column,
        "pointer": w.location.pointer.to_string(),
        "message": w.message,
    })
}

/// The report as JSON: `api`, `inputs`, `types`, `operations`, `webhooks` and
/// `not_generated`.
pub(crate) fn json(generated: &Generated) -> Value {
    let api = &generated.api;
    json!({
        "api": {
            "title": api.title,
            "version": api.version,
            "openapi": api.openapi_version,
        },
        "inputs": generated.inputs.iter().map(|p| p.display().to_string()).collect::<Vec<_>>(),
        "types": api.types.iter().map(|t| json!({
            "name": t.name,
            "kind": describe(t),
            "origin": origin(generated, t),
        })).collect::<Vec<_>>(),
        "operations": api.operations.iter().map(|o| json!({
            "name": o.name,
            "method": o.method.as_str(),
            "path": o.path,
            "operation_id": o.operation_id,
        })).collect::<Vec<_>>(),
        "webhooks": api.webhooks.iter().map(|w| json!({
            "name": w.name,
            "method": w.method.as_str(),
            "route": w.route,
            "declared_at": declared_at(w),
        })).collect::<Vec<_>>(),
        "files": generated.files.iter().map(|f| f.path.display().to_string()).collect::<Vec<_>>(),
        "not_generated": generated.warnings.iter().map(warning_json).collect::<Vec<_>>(),
        "left_out": {
            "operations": generated.left_out.operations,
            "types": generated.left_out.types,
            "security_schemes": generated.left_out.security_schemes,
            "unmatched": generated.left_out.unmatched,
        },
    })
}

/// The report as text for a terminal.
pub(crate) fn text(generated: &Generated) -> String {
    use std::fmt::Write;
    let api = &generated.api;
    let mut out = String::new();
    // Writing to a String cannot fail.
    let _ = writeln!(
        out,
        "{} {} (OpenAPI {}), read from {} file(s)",
        api.title,
        api.version,
        api.openapi_version,
        generated.inputs.len()
    );
    let _ = writeln!(out, "\nGenerated {} type(s):", api.types.len());
    let width = api.types.iter().map(|t| t.name.len()).max().unwrap_or(0);
    for t in &api.types {
        let _ = writeln!(
            out,
            "  {:width$}  {:40}  {}",
            t.name,
            describe(t),
            origin(generated, t)
        );
    }
    let _ = writeln!(out, "\nGenerated {} operation(s):", api.operations.len());
    let width = api
        .operations
        .iter()
        .map(|o| o.path.len())
        .max()
        .unwrap_or(0);
    for o in &api.operations {
        let _ = writeln!(
            out,
            "  {:7} {:width$}  {}{}",
            o.method,
            o.path,
            o.name,
            streams(o)
        );
    }
    if !api.webhooks.is_empty() {
        let _ = writeln!(
            out,
            "\nGenerated {} webhook(s) and callback(s):",
            api.webhooks.len()
        );
        let width = api
            .webhooks
            .iter()
            .map(|w| w.route.len())
            .max()
            .unwrap_or(0);
        for w in &api.webhooks {
            let _ = writeln!(
                out,
                "  {:7} {:width$}  {}  ({})",
                w.method,
                w.route,
                w.name,
                declared_at(w)
            );
        }
    }
    left_out_text(&mut out, generated);
    if generated.warnings.is_empty() {
        let _ = writeln!(
            out,
            "\nNot generated: nothing; every construct was generated."
        );
    } else {
        let _ = writeln!(
            out,
            "\nNot generated, or generated approximately ({}):",
            generated.warnings.len()
        );
        for w in &generated.warnings {
            let _ = writeln!(out, "  {w}");
        }
    }
    out
}

/// Where a webhook is declared: `webhooks/{key}`, or the callback and its operation.
/// `  (streams: 200 server-sent events)` for an operation whose responses stream.
fn streams(op: &oasforge::stages::ir::Operation) -> String {
    let kinds: Vec<String> = op
        .responses
        .iter()
        .filter_map(|r| {
            let kind = match r.body.as_ref()?.stream? {
                oasforge::stages::ir::StreamKind::Sse => "server-sent events",
                oasforge::stages::ir::StreamKind::Lines => "JSON lines",
                oasforge::stages::ir::StreamKind::JsonSeq => "JSON text sequence",
            };
            let status = match r.status {
                oasforge::stages::ir::Status::Code(c) => c.to_string(),
                oasforge::stages::ir::Status::Range(n) => format!("{n}XX"),
                oasforge::stages::ir::Status::Default => "default".to_owned(),
            };
            Some(format!("{status} {kind}"))
        })
        .collect();
    if kinds.is_empty() {
        String::new()
    } else {
        format!("  (streams: {})", kinds.join(", "))
    }
}

fn declared_at(w: &Webhook) -> String {
    match &w.source {
        WebhookSource::Webhook { key } => format!("webhooks/{key}"),
        WebhookSource::Callback {
            operation,
            callback,
            ..
        } => format!("callback `{callback}` of {operation}"),
    }
}

/// The part of the text report about what the operation selection left out (nothing
/// without a selection).
fn left_out_text(out: &mut String, generated: &Generated) {
    use std::fmt::Write;
    let left = &generated.left_out;
    if left.operations.is_empty() && left.unmatched.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "\nLeft out by the selection: {} operation(s), {} type(s), {} security scheme(s):",
        left.operations.len(),
        left.types.len(),
        left.security_schemes.len()
    );
    for op in &left.operations {
        let _ = writeln!(out, "  operation {op}");
    }
    for name in &left.types {
        let _ = writeln!(out, "  type {name}");
    }
    for key in &left.security_schemes {
        let _ = writeln!(out, "  security scheme {key}");
    }
    for unmatched in &left.unmatched {
        let _ = writeln!(out, "  the selection's {unmatched} matched no operation");
    }
}

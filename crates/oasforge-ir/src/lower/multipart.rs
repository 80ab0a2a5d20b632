//! The `encoding` of a `multipart/form-data` body's properties ([`PropertyEncoding`]).
//!
//! Applied: `contentType` (its first media type when it lists several): a JSON type sends
//! the value as one JSON part of that type; a file part (`format: binary`) takes the type
//! when its [`FilePart`](crate) names none; a scalar or an array of scalars sends each value
//! as a text part of that type (a string or integer enum too). `headers` whose value the spec fixes (`const`, a single
//! `enum` value, `default`) are sent with each part (`Content-Type` there is ignored, as the
//! specification says). Not applied, each a located warning: `style`, `explode` and
//! `allowReserved` (the specification defines them for multipart bodies only in 3.1, as
//! for a form body, which is not generated here), a non-JSON type for an object, a wildcard
//! type for a text part, and a header without a fixed value.

use serde_json::Value;

use oasforge_spec::NodeRef;

use super::{Lowerer, NodeExt};
use crate::{PartEncoding, PropertyEncoding, Scalar, TyKind, TypeKind};

impl Lowerer<'_> {
    /// What a multipart property's `encoding` (at `node`, the Encoding Object `e`) generates;
    /// `None` when it is written the default way (with a warning for what is not applied).
    /// `kind` is the property's type.
    pub(super) fn multipart_encoding(
        &mut self,
        node: &NodeRef,
        property: &str,
        e: &Value,
        kind: &TyKind,
    ) -> Option<PropertyEncoding> {
        for key in ["style", "explode", "allowReserved"] {
            if e.get(key).is_some() {
                self.warn(
                    &node.child(key),
                    format!("`{key}` of the multipart part `{property}` is not applied; the part is written the default way"),
                );
            }
        }
        let headers = self.part_headers(node, property, e);
        let is_file = matches!(kind, TyKind::Scalar(Scalar::Binary));
        let is_text = match kind {
            TyKind::Array(item) => self.is_scalar(&item.kind),
            other => self.is_scalar(other),
        };
        let media = e
            .get("contentType")
            .and_then(Value::as_str)
            .and_then(|t| t.split(',').next())
            .map(str::trim)
            .filter(|t| !t.is_empty());
        let how = match media {
            None => PartEncoding::Plain,
            Some(t) if is_file => {
                if t.contains('*') {
                    // A range (`image/*`): the file part's own type is sent.
                    PartEncoding::Plain
                } else {
                    PartEncoding::Media(t.to_owned())
                }
            }
            Some(t) if is_json(t) => PartEncoding::Json(t.to_owned()),
            Some(t) if is_text && !t.contains('*') => PartEncoding::Media(t.to_owned()),
            Some(t) => {
                self.warn(
                    &node.child("contentType"),
                    format!("the multipart part `{property}` is not sent as `{t}` (only JSON types, a file's type and a concrete type for text values are generated); it is written the default way"),
                );
                PartEncoding::Plain
            }
        };
        if how == PartEncoding::Plain && headers.is_empty() {
            return None;
        }
        Some(PropertyEncoding {
            property: property.to_owned(),
            how,
            headers,
        })
    }

    /// A value written as one text: a scalar or a string or integer enum.
    fn is_scalar(&self, kind: &TyKind) -> bool {
        match kind {
            TyKind::Scalar(_) => true,
            TyKind::Named(id) => matches!(
                self.types
                    .get(id.0)
                    .and_then(Option::as_ref)
                    .map(|d| &d.kind),
                Some(TypeKind::Enum(_) | TypeKind::IntEnum(_))
            ),
            _ => false,
        }
    }

    /// The part headers of an Encoding Object whose value the spec fixes; a warning for
    /// each other one.
    fn part_headers(&mut self, node: &NodeRef, property: &str, e: &Value) -> Vec<(String, String)> {
        let Some(map) = e.get("headers").and_then(Value::as_object) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for name in map.keys() {
            if name.eq_ignore_ascii_case("content-type") {
                continue;
            }
            let at = node.child("headers").child(name);
            let header = self.deref(&at).unwrap_or(at.clone());
            let schema = self.value(&header).get("schema").cloned();
            let schema = match schema
                .as_ref()
                .and_then(|s| s.get("$ref"))
                .and_then(Value::as_str)
            {
                Some(r) => self
                    .spec
                    .resolve(header.file, r)
                    .ok()
                    .map(|t| self.value(&t).clone())
                    .or(schema),
                None => schema,
            };
            let fixed = schema.as_ref().and_then(|s| {
                s.get("const")
                    .or_else(|| {
                        s.get("enum")
                            .and_then(Value::as_array)
                            .filter(|v| v.len() == 1)
                            .and_then(|v| v.first())
                    })
                    .or_else(|| s.get("default"))
            });
            let text = match fixed {
                Some(Value::String(s)) => Some(s.clone()),
                Some(v @ (Value::Number(_) | Value::Bool(_))) => Some(v.to_string()),
                _ => None,
            };
            match text.filter(|t| is_header_value(t) && is_token(name)) {
                Some(text) => out.push((name.clone(), text)),
                None => self.warn(
                    &at,
                    format!("the header `{name}` of the multipart part `{property}` is not sent (the spec fixes no value for it: no `const`, single `enum` value or `default`)"),
                ),
            }
        }
        out
    }
}

/// `application/json` and the `+json` types.
fn is_json(media: &str) -> bool {
    media == "application/json" || media.ends_with("+json")
}

/// A header name: an HTTP token.
fn is_token(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// A header value sent as is: visible ASCII and spaces.
fn is_header_value(text: &str) -> bool {
    text.bytes()
        .all(|b| b == b' ' || b == b'\t' || (0x21..0x7f).contains(&b))
}

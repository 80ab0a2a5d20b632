//! The documented examples of response bodies and headers ([`crate::ResponseBody::examples`],
//! [`ResponseHeader::examples`](crate::ResponseHeader)): read where a response is lowered,
//! and kept only where they fit the type once every type is known; each one left out is a
//! located warning.

use oasforge_spec::NodeRef;
use serde_json::Value;

use super::schema::origin;
use super::{Lowerer, NodeExt};
use crate::synth::{conforms, Direction};
use crate::{Api, Example, LowerError, Ty};

impl Lowerer<'_> {
    /// The examples documented for a response body, in order: the media type's `example`,
    /// the `value` of each of its `examples` (following `$ref`s; an `externalValue` is not
    /// fetched), then the schema's own `example` and 3.1 `examples`. For a stream only the
    /// item schema's examples count: a media type's example shows the whole stream.
    pub(super) fn body_examples(
        &mut self,
        media: &NodeRef,
        schema: &NodeRef,
        stream: bool,
    ) -> Result<Vec<Example>, LowerError> {
        let mut out = Vec::new();
        if !stream {
            self.object_examples(media, &mut out)?;
        }
        self.schema_examples(schema, &mut out)?;
        Ok(out)
    }

    /// The examples documented for a response header (the Header Object at `header`): its
    /// `example`, the `value` of each of its `examples`, then its schema's own.
    pub(super) fn header_examples(&mut self, header: &NodeRef) -> Result<Vec<Example>, LowerError> {
        let mut out = Vec::new();
        self.object_examples(header, &mut out)?;
        self.schema_examples(&header.child("schema"), &mut out)?;
        Ok(out)
    }

    /// The `example` and each `examples` entry's `value` of a Media Type or Header Object.
    fn object_examples(&mut self, at: &NodeRef, out: &mut Vec<Example>) -> Result<(), LowerError> {
        if self.value(at).get("example").is_some() {
            self.push_example(&at.child("example"), out);
        }
        let named = at.child("examples");
        let keys: Vec<String> = self
            .value(&named)
            .as_object()
            .map(|map| map.keys().cloned().collect())
            .unwrap_or_default();
        for key in keys {
            let node = self.deref(&named.child(&key))?;
            if self.value(&node).get("value").is_some() {
                self.push_example(&node.child("value"), out);
            }
        }
        Ok(())
    }

    /// A schema's own `example` and 3.1 `examples`.
    fn schema_examples(
        &mut self,
        schema: &NodeRef,
        out: &mut Vec<Example>,
    ) -> Result<(), LowerError> {
        if self.spec.get(schema).is_none() {
            return Ok(());
        }
        let node = self.deref(schema)?;
        let value = self.value(&node);
        if value.get("example").is_some() {
            self.push_example(&node.child("example"), out);
        }
        let count = value
            .get("examples")
            .and_then(Value::as_array)
            .map_or(0, Vec::len);
        for i in 0..count {
            self.push_example(&node.child("examples").child(i.to_string()), out);
        }
        Ok(())
    }

    /// Adds the example at `node` unless the same value is already listed, remembering
    /// where it is written for a warning should it not fit.
    fn push_example(&mut self, node: &NodeRef, out: &mut Vec<Example>) {
        let value = self.value(node);
        if out.iter().any(|e| e.value == *value) {
            return;
        }
        let at = origin(node);
        self.example_nodes.insert(at.clone(), node.clone());
        out.push(Example {
            value: value.clone(),
            origin: at,
        });
    }

    /// Drops every response example that does not fit its body's or header's type as a
    /// server sends it (a misfit would be refused by a strict reader, or be a value the mock
    /// could not answer with), warning at the example. Run before
    /// [`super::lenient::relax_responses`], so an example must fit the schema as written,
    /// not only as a lenient client reads it.
    pub(super) fn keep_fitting(&mut self, api: &mut Api) {
        let mut misfits: Vec<(String, String)> = Vec::new();
        // Whether each example fits, in the order the second walk meets them.
        let mut fits: Vec<bool> = Vec::new();
        for response in api.operations.iter().flat_map(|op| &op.responses) {
            if let Some(b) = &response.body {
                for e in &b.examples {
                    fits.push(fits_type(api, &b.ty, e, "body", &mut misfits));
                }
            }
            for h in &response.headers {
                let what = format!("header `{}`", h.wire_name);
                for e in &h.examples {
                    fits.push(fits_type(api, &h.ty, e, &what, &mut misfits));
                }
            }
        }
        let mut fits = fits.into_iter();
        for response in api.operations.iter_mut().flat_map(|op| &mut op.responses) {
            if let Some(b) = &mut response.body {
                b.examples.retain(|_| fits.next().unwrap_or(true));
            }
            for h in &mut response.headers {
                h.examples.retain(|_| fits.next().unwrap_or(true));
            }
        }
        for (at, message) in misfits {
            if let Some(node) = self.example_nodes.get(&at).cloned() {
                self.warn(&node, message);
            }
        }
    }
}

/// Whether `example` fits `ty`; a misfit is recorded as (origin, message).
fn fits_type(
    api: &Api,
    ty: &Ty,
    example: &Example,
    what: &str,
    misfits: &mut Vec<(String, String)>,
) -> bool {
    let Err(misfit) = conforms(api, ty, &example.value, Direction::Response) else {
        return true;
    };
    let at = if misfit.pointer.is_empty() {
        String::new()
    } else {
        format!(" at `{}`", misfit.pointer)
    };
    misfits.push((
        example.origin.clone(),
        format!(
            "this example does not fit the response {what} (`{}` fails{at}); it is left out, and mock servers do not answer with it",
            misfit.rule
        ),
    ));
    false
}

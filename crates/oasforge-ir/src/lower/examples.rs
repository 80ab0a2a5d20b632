//! The documented examples of response bodies ([`ResponseBody::examples`]): read where a
//! response is lowered, and kept only where they fit the body's type once every type is
//! known.

use oasforge_spec::NodeRef;
use serde_json::Value;

use super::{Lowerer, NodeExt};
use crate::synth::{conforms, Direction};
use crate::{Api, LowerError, ResponseBody};

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
    ) -> Result<Vec<Value>, LowerError> {
        let mut out: Vec<Value> = Vec::new();
        let mut push = |value: &Value| {
            if !out.contains(value) {
                out.push(value.clone());
            }
        };
        if !stream {
            let media_value = self.value(media);
            if let Some(example) = media_value.get("example") {
                push(example);
            }
            let named = media.child("examples");
            let keys: Vec<String> = self
                .value(&named)
                .as_object()
                .map(|map| map.keys().cloned().collect())
                .unwrap_or_default();
            for key in keys {
                let node = self.deref(&named.child(&key))?;
                if let Some(value) = self.value(&node).get("value") {
                    push(value);
                }
            }
        }
        if self.spec.get(schema).is_some() {
            let node = self.deref(schema)?;
            let schema_value = self.value(&node);
            if let Some(example) = schema_value.get("example") {
                push(example);
            }
            if let Some(list) = schema_value.get("examples").and_then(Value::as_array) {
                list.iter().for_each(&mut push);
            }
        }
        Ok(out)
    }
}

/// Drops every response example that does not fit its body's type as a server sends it (a
/// misfit would be refused by a strict reader, or be a value the mock could not answer
/// with). Run before [`super::lenient::relax_responses`], so an example must fit the
/// schema as written, not only as a lenient client reads it.
pub(super) fn keep_fitting(api: &mut Api) {
    let mut kept: Vec<Vec<Vec<Value>>> = Vec::with_capacity(api.operations.len());
    for op in &api.operations {
        kept.push(
            op.responses
                .iter()
                .map(|r| r.body.as_ref().map_or_else(Vec::new, |b| fitting(api, b)))
                .collect(),
        );
    }
    for (op, kept) in api.operations.iter_mut().zip(kept) {
        for (response, kept) in op.responses.iter_mut().zip(kept) {
            if let Some(body) = &mut response.body {
                body.examples = kept;
            }
        }
    }
}

fn fitting(api: &Api, body: &ResponseBody) -> Vec<Value> {
    body.examples
        .iter()
        .filter(|v| conforms(api, &body.ty, v, Direction::Response).is_ok())
        .cloned()
        .collect()
}

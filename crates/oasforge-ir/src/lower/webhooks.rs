//! `webhooks` (3.1) and operations' `callbacks` → [`Webhook`]s.

use std::collections::HashSet;

use oasforge_spec::NodeRef;
use serde_json::Value;

use super::naming::parse_status;
use super::{root_node, Lowerer, NodeExt};
use crate::names::{method_name, unique};
use crate::{BodyKind, Docs, HttpMethod, LowerError, Operation, Status, Webhook, WebhookSource};

/// Method names the generated `Sender` has of its own.
const SENDER_METHODS: &[&str] = &["new", "signing", "deliver"];

/// One webhook or callback operation found in the document.
struct Found {
    source: WebhookSource,
    /// The operation object.
    node: NodeRef,
    method: HttpMethod,
    /// What names it when it has no `operationId`.
    fallback: String,
}

impl Lowerer<'_> {
    /// Every webhook, then every callback of `operations`, in document order.
    pub(super) fn lower_webhooks(
        &mut self,
        operations: &[Operation],
    ) -> Result<Vec<Webhook>, LowerError> {
        let mut found = Vec::new();
        let hooks = root_node().child("webhooks");
        if let Some(map) = self.value(&hooks).as_object() {
            let keys: Vec<String> = map
                .keys()
                .filter(|k| !k.starts_with("x-"))
                .cloned()
                .collect();
            for key in keys {
                let item = self.deref(&hooks.child(&key))?;
                let methods = self.methods(&item);
                let several = methods.len() > 1;
                for method in methods {
                    found.push(Found {
                        source: WebhookSource::Webhook { key: key.clone() },
                        node: item.child(method.key()),
                        method,
                        fallback: if several {
                            format!("{key} {}", method.key())
                        } else {
                            key.clone()
                        },
                    });
                }
            }
        }
        for op in operations {
            let callbacks = root_node()
                .child("paths")
                .child(&op.path)
                .child(op.method.key())
                .child("callbacks");
            let names: Vec<String> = match self.value(&callbacks).as_object() {
                Some(map) => map
                    .keys()
                    .filter(|k| !k.starts_with("x-"))
                    .cloned()
                    .collect(),
                None => continue,
            };
            for callback in names {
                let node = self.deref(&callbacks.child(&callback))?;
                let expressions: Vec<String> = match self.value(&node).as_object() {
                    Some(map) => map
                        .keys()
                        .filter(|k| !k.starts_with("x-"))
                        .cloned()
                        .collect(),
                    None => continue,
                };
                let several_expressions = expressions.len() > 1;
                for (i, expression) in expressions.iter().enumerate() {
                    let item = self.deref(&node.child(expression))?;
                    let methods = self.methods(&item);
                    let several = methods.len() > 1;
                    for method in methods {
                        let mut fallback = format!("{} {callback}", op.name);
                        if several_expressions {
                            fallback.push_str(&format!(" {}", i + 1));
                        }
                        if several {
                            fallback.push_str(&format!(" {}", method.key()));
                        }
                        found.push(Found {
                            source: WebhookSource::Callback {
                                operation: op.name.clone(),
                                callback: callback.clone(),
                                expression: expression.clone(),
                            },
                            node: item.child(method.key()),
                            method,
                            fallback,
                        });
                    }
                }
            }
        }

        let mut taken: HashSet<String> = SENDER_METHODS.iter().map(|s| s.to_string()).collect();
        let mut out = Vec::with_capacity(found.len());
        let mut routes: HashSet<String> = HashSet::new();
        for f in found {
            let op = self.value(&f.node);
            if !op.is_object() {
                return Err(self.invalid(&f.node, "an operation (a mapping)"));
            }
            let text = |k: &str| op.get(k).and_then(Value::as_str).map(str::to_owned);
            let base = text("operationId").unwrap_or_else(|| f.fallback.clone());
            let name = unique(method_name(&base), &mut taken);
            let docs = Docs {
                title: text("summary"),
                description: text("description"),
            };
            let deprecated = op.get("deprecated") == Some(&Value::Bool(true));
            let status = self.success_status(&f.node.child("responses"));
            if op.get("parameters").is_some() {
                self.warn(
                    &f.node.child("parameters"),
                    "the parameters of a webhook are not decoded: the handler reads them from the event's `headers`",
                );
            }
            let payload = match op.get("requestBody") {
                Some(_) => self.lower_request_body(&f.node.child("requestBody"))?,
                None => None,
            };
            let payload = match payload {
                Some(body) if body.kind != BodyKind::Json => {
                    self.warn(
                        &f.node.child("requestBody"),
                        format!(
                            "the `{}` payload of this webhook is not decoded: the handler gets the event without it",
                            body.content_type
                        ),
                    );
                    None
                }
                other => other,
            };
            // A webhook's key is its route when it is one path segment of plain characters
            // (`pet.created`); otherwise, and for callbacks, the method name is.
            let route = match &f.source {
                WebhookSource::Webhook { key } if f.fallback == *key && is_segment(key) => {
                    format!("/{key}")
                }
                _ => format!("/{name}"),
            };
            let route = if routes.insert(route.clone()) {
                route
            } else {
                // Method names are unique and have no `.`, `-` or `~`, so this route is free.
                let route = format!("/{name}");
                routes.insert(route.clone());
                route
            };
            out.push(Webhook {
                route,
                name,
                source: f.source,
                method: f.method,
                docs,
                deprecated,
                payload,
                status,
            });
        }
        Ok(out)
    }

    /// The methods of a path item, in the order of its fields.
    fn methods(&self, item: &NodeRef) -> Vec<HttpMethod> {
        match self.value(item).as_object() {
            Some(map) => map.keys().filter_map(|k| HttpMethod::from_key(k)).collect(),
            None => Vec::new(),
        }
    }

    /// The first documented `2XX` code of `responses`, else `200`.
    fn success_status(&self, responses: &NodeRef) -> u16 {
        self.value(responses)
            .as_object()
            .into_iter()
            .flat_map(|map| map.keys())
            .find_map(|key| match parse_status(key) {
                Some(Status::Code(code)) if (200..300).contains(&code) => Some(code),
                _ => None,
            })
            .unwrap_or(200)
    }
}

/// Whether `key` is a path segment of unreserved characters only.
fn is_segment(key: &str) -> bool {
    !key.is_empty()
        && key != "."
        && key != ".."
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~'))
}

//! Paths and operations → [`Operation`]s.

use std::collections::{HashMap, HashSet};

use oasforge_spec::NodeRef;
use serde_json::Value;

use super::naming::parse_status;
use super::{docs_of, root_node, Lowerer, NodeExt};
use crate::names::{camel_part, field_name, method_name, unique};
use crate::path_template::PathTemplate;
use crate::{
    Body, BodyKind, Docs, HttpMethod, LowerError, Operation, Param, ParamLocation, ParamStyle,
    PartEncoding, PropertyEncoding, Response, ResponseBody, ResponseHeader, StreamKind, Ty, TyKind,
};

/// One operation found while walking `paths`.
struct Found {
    path: String,
    /// The path parsed.
    template: PathTemplate,
    method: String,
    /// The method, as the IR names it.
    http: HttpMethod,
    /// The path item (after following a `$ref`).
    item: NodeRef,
    /// The operation object.
    node: NodeRef,
}

impl Lowerer<'_> {
    pub(super) fn lower_operations(
        &mut self,
        schemes: &[crate::SecurityScheme],
    ) -> Result<Vec<Operation>, LowerError> {
        let found = self.find_operations()?;
        let names = self.operation_names(&found);
        // A repeated `operationId` is renamed (the spec requires them unique): say so.
        let mut ids: HashMap<&str, usize> = HashMap::new();
        for (i, f) in found.iter().enumerate() {
            let Some(id) = self
                .value(&f.node)
                .get("operationId")
                .and_then(Value::as_str)
            else {
                continue;
            };
            if let Some(&first) = ids.get(id) {
                let message = format!(
                    "operationId `{id}` is also the operationId of {} {}: this operation's method is named `{}`",
                    found[first].http,
                    found[first].path,
                    names[i].0
                );
                self.warn(&f.node.child("operationId"), message);
            } else {
                ids.insert(id, i);
            }
        }
        for (f, (_, type_name)) in found.iter().zip(&names) {
            self.op_names
                .insert((f.path.clone(), f.method.clone()), type_name.clone());
        }
        let mut out = Vec::with_capacity(found.len());
        for (f, (name, type_name)) in found.iter().zip(names) {
            out.push(self.lower_operation(f, name, type_name, schemes)?);
        }
        Ok(out)
    }

    fn find_operations(&mut self) -> Result<Vec<Found>, LowerError> {
        let paths = root_node().child("paths");
        let Some(map) = self.value(&paths).as_object() else {
            if !self.value(&paths).is_null() {
                return Err(self.invalid(&paths, "a mapping of paths"));
            }
            return Ok(Vec::new());
        };
        let mut found = Vec::new();
        // Each route shape (parameter names erased) with its methods and the first template.
        let mut routes: HashMap<String, (String, Vec<String>)> = HashMap::new();
        // `x-` keys beside the paths are extensions, not paths.
        for path in map.keys().filter(|k| !k.starts_with("x-")) {
            let (template, notes) =
                PathTemplate::parse(path).map_err(|problem| LowerError::Invalid {
                    node: paths.child(path),
                    expected: "a path template whose parameters each have a name".into(),
                    found: problem.to_string(),
                })?;
            if notes.added_slash {
                self.warn(
                    &paths.child(path),
                    format!("the path `{path}` does not start with `/`: routed as `/{path}`"),
                );
            }
            for name in &notes.repeated {
                self.warn(
                    &paths.child(path),
                    format!(
                        "the path `{path}` names the parameter `{name}` more than once: the server decodes it from its first place"
                    ),
                );
            }
            if notes.unbalanced_brace {
                self.warn(
                    &paths.child(path),
                    format!(
                        "the path `{path}` has a brace without its partner: matched as literal text"
                    ),
                );
            }
            let item = self.deref(&paths.child(path))?;
            let Some(ops) = self.value(&item).as_object() else {
                return Err(self.invalid(&item, "a path item (a mapping)"));
            };
            let (first, methods) = routes
                .entry(template.shape())
                .or_insert_with(|| (path.clone(), Vec::new()));
            for (method, http) in ops
                .keys()
                .filter_map(|k| HttpMethod::from_key(k).map(|m| (k, m)))
            {
                if methods.contains(method) {
                    self.warn(
                        &item.child(method),
                        format!(
                            "`{method}` is also under `{first}`, a template that differs only in parameter names: the server routes such requests to that operation (this one is reachable from the client only)"
                        ),
                    );
                }
                methods.push(method.clone());
                found.push(Found {
                    template: template.clone(),
                    path: path.clone(),
                    method: method.clone(),
                    http,
                    node: item.child(method),
                    item: item.clone(),
                });
            }
        }
        Ok(found)
    }

    /// Method names (snake_case) and type stems (UpperCamelCase) for every operation, from
    /// `operationId`, else `summary`, else method and path; unique across the API.
    fn operation_names(&self, found: &[Found]) -> Vec<(String, String)> {
        let mut taken = HashSet::new();
        let candidates: Vec<String> = found
            .iter()
            .map(|f| {
                let op = self.value(&f.node);
                let text = |k: &str| {
                    op.get(k)
                        .and_then(Value::as_str)
                        .map(str::trim)
                        .filter(|s| !s.is_empty())
                };
                let from_summary = text("summary").filter(|s| s.split_whitespace().count() <= 8);
                match (text("operationId"), from_summary) {
                    (Some(id), _) => id.to_owned(),
                    (None, Some(summary)) => summary.to_owned(),
                    (None, None) => format!("{} {}", f.method, f.path.replace(['{', '}'], " ")),
                }
            })
            .collect();
        // A summary shared by several operations does not name any of them.
        let mut counts = std::collections::HashMap::new();
        for c in &candidates {
            *counts.entry(field_name(c)).or_insert(0) += 1;
        }
        found
            .iter()
            .zip(candidates)
            .map(|(f, candidate)| {
                let op = self.value(&f.node);
                let has_id = op.get("operationId").and_then(Value::as_str).is_some();
                let base = if !has_id && counts[&field_name(&candidate)] > 1 {
                    format!("{} {}", f.method, f.path.replace(['{', '}'], " "))
                } else {
                    candidate
                };
                let mut snake = method_name(&base);
                // The generated client's own methods keep their names.
                if CLIENT_METHODS.contains(&snake.as_str()) {
                    snake.push_str("_operation");
                }
                let snake = unique(snake, &mut taken);
                // Only ever a prefix (`…Input`, `…Response`, inline types), so not reserved.
                let camel = camel_part(&snake);
                (snake, camel)
            })
            .collect()
    }

    fn lower_operation(
        &mut self,
        f: &Found,
        name: String,
        type_name: String,
        schemes: &[crate::SecurityScheme],
    ) -> Result<Operation, LowerError> {
        let op = self.value(&f.node);
        if !op.is_object() {
            return Err(self.invalid(&f.node, "an operation (a mapping)"));
        }
        let text = |k: &str| op.get(k).and_then(Value::as_str).map(str::to_owned);

        // Path-level parameters first, replaced by operation-level ones of the same name and place.
        let mut params: Vec<Param> = Vec::new();
        for (owner, list) in [(&f.item, "parameters"), (&f.node, "parameters")] {
            let list_node = owner.child(list);
            let count = self.value(&list_node).as_array().map_or(0, Vec::len);
            for i in 0..count {
                let param = self.lower_param(&list_node.child(i.to_string()))?;
                params
                    .retain(|p| !(p.wire_name == param.wire_name && p.location == param.location));
                params.push(param);
            }
        }
        // The input struct holds the parameters and, under `body`, the request body.
        let has_body = op.get("requestBody").is_some();
        let mut taken = HashSet::new();
        for p in &mut params {
            if has_body && p.name == "body" {
                p.name = format!("body_{}", p.location.as_str());
            }
            p.name = unique(std::mem::take(&mut p.name), &mut taken);
        }

        let body = match op.get("requestBody") {
            Some(_) => self.lower_request_body(&f.node.child("requestBody"))?,
            None => None,
        };

        let mut responses = Vec::new();
        let responses_node = f.node.child("responses");
        if let Some(map) = self.value(&responses_node).as_object() {
            for key in map.keys() {
                let Some(status) = parse_status(key) else {
                    if !key.starts_with("x-") {
                        self.warn(
                            &responses_node.child(key),
                            format!("`{key}` is not a status code and is ignored"),
                        );
                    }
                    continue;
                };
                let node = self.deref(&responses_node.child(key))?;
                let value = self.value(&node);
                let body = match self.pick_content(&node.child("content")) {
                    Some((content_type, schema)) => {
                        let stream = StreamKind::of(&content_type);
                        let media = node.child("content").child(&content_type);
                        let schema = match stream {
                            Some(kind) => self.item_schema(&media, schema, kind)?,
                            None => schema,
                        };
                        Some(ResponseBody {
                            ty: self.lower_optional_schema(&schema)?,
                            examples: self.body_examples(&media, &schema, stream.is_some())?,
                            content_type,
                            stream,
                        })
                    }
                    None => None,
                };
                let headers = self.lower_response_headers(&node.child("headers"))?;
                responses.push(Response {
                    headers,
                    status,
                    description: value
                        .get("description")
                        .and_then(Value::as_str)
                        .map(str::to_owned)
                        .filter(|s| !s.is_empty()),
                    body,
                    // Named with the other items of the operations (naming.rs).
                    variant: String::new(),
                });
            }
        }

        let security_node = if op.get("security").is_some() {
            f.node.child("security")
        } else {
            root_node().child("security")
        };
        let security = self.lower_security(&security_node, schemes)?;

        Ok(Operation {
            name,
            type_name,
            // Named once every model is (naming.rs).
            input_name: String::new(),
            response_name: String::new(),
            method: f.http,
            path: f.path.clone(),
            template: f.template.clone(),
            operation_id: text("operationId"),
            docs: Docs {
                title: text("summary"),
                description: text("description"),
            },
            tags: op
                .get("tags")
                .and_then(Value::as_array)
                .map(|t| {
                    t.iter()
                        .filter_map(Value::as_str)
                        .map(str::to_owned)
                        .collect()
                })
                .unwrap_or_default(),
            deprecated: op.get("deprecated") == Some(&Value::Bool(true)),
            params,
            body,
            responses,
            security,
            pagination: None,
        })
    }

    /// The alternatives of a `security` list, each the keys of the schemes it needs. A key
    /// that names no declared scheme is an error; `mutualTLS` schemes are left out (the HTTP
    /// client is configured for them). An alternative left empty makes credentials optional,
    /// unless every alternative is empty: then none are needed.
    fn lower_security(
        &mut self,
        node: &NodeRef,
        schemes: &[crate::SecurityScheme],
    ) -> Result<Vec<Vec<String>>, LowerError> {
        let value = self.value(node);
        let Some(alternatives) = value.as_array() else {
            if !value.is_null() {
                self.warn(
                    node,
                    format!("`security` should be a list of requirements, found {}; no credentials are generated", super::describe(value)),
                );
            }
            return Ok(Vec::new());
        };
        let mut out: Vec<Vec<String>> = Vec::with_capacity(alternatives.len());
        for (i, requirement) in alternatives.iter().enumerate() {
            let at = node.child(i.to_string());
            let Some(map) = requirement.as_object() else {
                self.warn(
                    &at,
                    format!(
                        "a security requirement should be a mapping, found {}; it is ignored",
                        super::describe(requirement)
                    ),
                );
                continue;
            };
            let mut keys = Vec::with_capacity(map.len());
            for key in map.keys() {
                if self.mutual_tls.contains(key) {
                    continue;
                }
                if !schemes.iter().any(|s| &s.key == key) {
                    return Err(LowerError::UndeclaredScheme {
                        node: at.child(key),
                        scheme: key.clone(),
                    });
                }
                keys.push(key.clone());
            }
            if !out.contains(&keys) {
                out.push(keys);
            }
        }
        // No alternative needs credentials: none are needed.
        if out.iter().all(Vec::is_empty) {
            out.clear();
        }
        Ok(out)
    }

    fn lower_param(&mut self, node: &NodeRef) -> Result<Param, LowerError> {
        let node = self.deref(node)?;
        let value = self.value(&node);
        let Some(wire_name) = value.get("name").and_then(Value::as_str) else {
            return Err(self.invalid(&node.child("name"), "the parameter's name"));
        };
        let location = match value.get("in").and_then(Value::as_str) {
            Some("path") => ParamLocation::Path,
            Some("query") => ParamLocation::Query,
            Some("header") => ParamLocation::Header,
            Some("cookie") => ParamLocation::Cookie,
            _ => {
                return Err(self.invalid(&node.child("in"), "`path`, `query`, `header` or `cookie`"))
            }
        };
        if matches!(location, ParamLocation::Header | ParamLocation::Cookie) && !is_token(wire_name)
        {
            return Err(LowerError::Invalid {
                node: node.child("name"),
                expected: format!(
                    "a {} name without control characters (no line break)",
                    location.as_str()
                ),
                found: format!("{wire_name:?}"),
            });
        }
        let ty = if value.get("schema").is_some() {
            self.lower_schema(&node.child("schema"))?
        } else if let Some((_, schema)) = self.pick_content(&node.child("content")) {
            self.lower_optional_schema(&schema)?
        } else {
            Ty::plain(TyKind::Scalar(crate::Scalar::String))
        };
        let style = match value.get("style").and_then(Value::as_str) {
            Some("simple") => ParamStyle::Simple,
            Some("form") => ParamStyle::Form,
            Some("label") => ParamStyle::Label,
            Some("matrix") => ParamStyle::Matrix,
            Some("spaceDelimited") => ParamStyle::SpaceDelimited,
            Some("pipeDelimited") => ParamStyle::PipeDelimited,
            Some("deepObject") => ParamStyle::DeepObject,
            Some(other) => {
                self.warn(
                    &node.child("style"),
                    format!("unknown style `{other}`; the location's default is used"),
                );
                default_style(location)
            }
            None => default_style(location),
        };
        let explode = value
            .get("explode")
            .and_then(Value::as_bool)
            .unwrap_or(style == ParamStyle::Form);
        // Exploded matrix arrays and objects (`;id=3;id=4`) are written unexploded.
        if style == ParamStyle::Matrix
            && explode
            && matches!(
                ty.kind,
                TyKind::Array(_) | TyKind::Named(_) | TyKind::Map(_)
            )
        {
            self.warn(
                &node.child("explode"),
                "an exploded `matrix` parameter is written unexploded (`;name=a,b`)",
            );
        }
        if style == ParamStyle::DeepObject && location != ParamLocation::Query {
            self.warn(
                &node.child("style"),
                "`deepObject` applies to query parameters only; the value is written in the `simple` style",
            );
        }
        Ok(Param {
            style,
            explode,
            name: field_name(wire_name),
            wire_name: wire_name.to_owned(),
            location,
            required: location == ParamLocation::Path
                || value.get("required") == Some(&Value::Bool(true)),
            ty,
            docs: docs_of(value),
            deprecated: value.get("deprecated") == Some(&Value::Bool(true)),
        })
    }

    pub(super) fn lower_request_body(
        &mut self,
        node: &NodeRef,
    ) -> Result<Option<Body>, LowerError> {
        let node = self.deref(node)?;
        let value = self.value(&node);
        let Some((content_type, schema)) = self.pick_content(&node.child("content")) else {
            return Ok(None);
        };
        let kind = BodyKind::of(&content_type);
        let ty = self.lower_optional_schema(&schema)?;
        let encoding = self.body_encoding(&node, &content_type, kind, &ty);
        Ok(Some(Body {
            kind,
            ty,
            content_type,
            required: value.get("required") == Some(&Value::Bool(true)),
            description: value
                .get("description")
                .and_then(Value::as_str)
                .map(str::to_owned),
            // Named once every model is (naming.rs).
            form_name: None,
            encoding,
        }))
    }

    /// The `encoding` of a form body's properties: what a form body generates (arrays of
    /// scalars joined by the style's delimiter when not exploded, JSON text for a JSON
    /// `contentType`), and a located warning for the rest, which is written the default way
    /// (form style, exploded; objects with deepObject keys; multipart text parts).
    fn body_encoding(
        &mut self,
        node: &NodeRef,
        content_type: &str,
        kind: BodyKind,
        ty: &Ty,
    ) -> Vec<PropertyEncoding> {
        let encoding = node.child("content").child(content_type).child("encoding");
        let Some(map) = self.value(&encoding).as_object().cloned() else {
            return Vec::new();
        };
        let fields: Vec<(String, TyKind)> = match &ty.kind {
            TyKind::Named(id) => match self
                .types
                .get(id.0)
                .and_then(Option::as_ref)
                .map(|d| &d.kind)
            {
                Some(crate::TypeKind::Struct(s)) => s
                    .fields
                    .iter()
                    .map(|f| (f.wire_name.clone(), f.ty.kind.clone()))
                    .collect(),
                _ => Vec::new(),
            },
            _ => Vec::new(),
        };
        let mut out = Vec::new();
        for (property, e) in &map {
            if kind == BodyKind::Multipart {
                let part = fields.iter().find(|(name, _)| name == property);
                match part {
                    Some((_, part)) => {
                        let found = self.multipart_encoding(
                            &encoding.child(property),
                            property,
                            e,
                            part,
                        );
                        out.extend(found);
                    }
                    None => self.warn(
                        &encoding.child(property),
                        format!("the `encoding` of `{property}` is not applied: the body's schema declares no such property (the part, if sent, is written the default way)"),
                    ),
                }
                continue;
            }
            let style = e.get("style").and_then(Value::as_str).unwrap_or("form");
            let explode = e
                .get("explode")
                .and_then(Value::as_bool)
                .unwrap_or(style == "form");
            let json = e
                .get("contentType")
                .and_then(Value::as_str)
                .is_some_and(|t| t == "application/json" || t.ends_with("+json"));
            let scalar_array = fields.iter().any(|(name, kind)| {
                name == property
                    && matches!(kind, TyKind::Array(item) if matches!(item.kind, TyKind::Scalar(_)))
            });
            let delimiter = match style {
                "form" if !explode => Some(','),
                "spaceDelimited" => Some(' '),
                "pipeDelimited" => Some('|'),
                _ => None,
            };
            let reserved = e.get("allowReserved") == Some(&Value::Bool(true));
            let how = match (kind, json, delimiter) {
                (BodyKind::Form, true, _) if !reserved => Some(Some(PartEncoding::Json(
                    e.get("contentType")
                        .and_then(Value::as_str)
                        .unwrap_or("application/json")
                        .to_owned(),
                ))),
                (BodyKind::Form, false, Some(d)) if scalar_array && !reserved => {
                    Some(Some(PartEncoding::Delimited(d)))
                }
                // The default: form style, exploded (objects with deepObject keys).
                (BodyKind::Form, false, None)
                    if !reserved
                        && e.get("contentType").is_none()
                        && matches!(style, "form" | "deepObject") =>
                {
                    Some(None)
                }
                _ => None,
            };
            match how {
                Some(Some(how)) => out.push(PropertyEncoding {
                    property: property.clone(),
                    how,
                    headers: Vec::new(),
                }),
                Some(None) => {}
                None => {
                    self.warn(
                        &encoding.child(property),
                        format!("the `encoding` of `{property}` is not applied; the property is written the default way (form style, exploded; objects with deepObject keys)"),
                    );
                }
            }
        }
        out
    }

    fn lower_response_headers(
        &mut self,
        node: &NodeRef,
    ) -> Result<Vec<ResponseHeader>, LowerError> {
        let names: Vec<String> = match self.value(node).as_object() {
            Some(map) => map.keys().cloned().collect(),
            None => return Ok(Vec::new()),
        };
        let mut taken = HashSet::new();
        let mut out = Vec::new();
        for wire_name in names {
            if !is_token(&wire_name) {
                return Err(LowerError::Invalid {
                    node: node.child(&wire_name),
                    expected: "a header name without control characters (no line break)".into(),
                    found: format!("{wire_name:?}"),
                });
            }
            let header = self.deref(&node.child(&wire_name))?;
            let value = self.value(&header);
            let required = value.get("required") == Some(&Value::Bool(true));
            let description = value
                .get("description")
                .and_then(Value::as_str)
                .map(str::to_owned);
            let ty = if value.get("schema").is_some() {
                self.lower_schema(&header.child("schema"))?
            } else {
                Ty::plain(TyKind::Scalar(crate::Scalar::String))
            };
            let examples = self.header_examples(&header)?;
            out.push(ResponseHeader {
                examples,
                name: unique(field_name(&wire_name), &mut taken),
                wire_name,
                required,
                ty,
                description,
            });
        }
        Ok(out)
    }

    /// The media type to generate for, JSON first, with the node of its `schema`. The other
    /// media types of the map are not generated, and each gets a warning.
    fn pick_content(&mut self, content: &NodeRef) -> Option<(String, NodeRef)> {
        let map = self.value(content).as_object()?;
        let is_json = |m: &str| {
            let m = m.split(';').next().unwrap_or(m).trim();
            m == "application/json" || m.ends_with("+json") || m == "*/*"
        };
        let chosen = map
            .keys()
            .find(|m| is_json(m))
            .or_else(|| map.keys().next())?
            .clone();
        let others: Vec<String> = map.keys().filter(|m| **m != chosen).cloned().collect();
        for other in others {
            self.warn(
                &content.child(&other),
                format!("media type `{other}` is not generated; `{chosen}` is used"),
            );
        }
        let schema = content.child(&chosen).child("schema");
        Some((chosen, schema))
    }

    /// The schema of each item of a streamed response: OpenAPI 3.2's `itemSchema` when the
    /// media type has one, else `schema`. For server-sent events, a schema of the event
    /// object itself (a `data` property beside only `id`, `event` and `retry`) gives its
    /// `data`'s schema (`contentSchema` when `data` is JSON carried as a string).
    fn item_schema(
        &mut self,
        media: &NodeRef,
        schema: NodeRef,
        kind: StreamKind,
    ) -> Result<NodeRef, LowerError> {
        let item = media.child("itemSchema");
        let item = if self.spec.get(&item).is_some() {
            item
        } else {
            schema
        };
        if kind != StreamKind::Sse || self.spec.get(&item).is_none() {
            return Ok(item);
        }
        let resolved = self.deref(&item)?;
        let Some(properties) = self
            .value(&resolved)
            .get("properties")
            .and_then(Value::as_object)
        else {
            return Ok(item);
        };
        let is_event = properties.contains_key("data")
            && properties
                .keys()
                .all(|k| matches!(k.as_str(), "data" | "id" | "event" | "retry"));
        if !is_event {
            return Ok(item);
        }
        let data = resolved.child("properties").child("data");
        let content = self.deref(&data)?.child("contentSchema");
        Ok(if self.spec.get(&content).is_some() {
            content
        } else {
            data
        })
    }

    /// A schema that may be absent: absent means any value.
    fn lower_optional_schema(&mut self, node: &NodeRef) -> Result<Ty, LowerError> {
        if self.spec.get(node).is_none() {
            return Ok(Ty::plain(TyKind::Any));
        }
        self.lower_schema(node)
    }
}

/// Methods of the generated `Client` besides the operations' own.
const CLIENT_METHODS: &[&str] = &["builder", "base_url", "send", "authorize"];

/// The style a location uses when `style` is absent.
fn default_style(location: ParamLocation) -> ParamStyle {
    match location {
        ParamLocation::Path | ParamLocation::Header => ParamStyle::Simple,
        ParamLocation::Query | ParamLocation::Cookie => ParamStyle::Form,
    }
}

/// Whether `name` can be sent as a header or cookie name without changing the message's
/// framing: no control character (a CR/LF would inject a header).
pub(crate) fn is_token(name: &str) -> bool {
    !name.chars().any(char::is_control)
}

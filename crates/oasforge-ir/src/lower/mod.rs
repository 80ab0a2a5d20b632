//! Lowering: the JSON tree of a [`Spec`] → [`Api`].

mod examples;
mod keywords;
mod lenient;
mod multipart;
mod naming;
mod nesting;
mod newtype;
mod operations;
mod pagination;
mod schema;
mod shape;
mod shared_names;
mod tags;
mod union;
mod unsupported;
mod webhooks;

use std::collections::{HashMap, HashSet};

use oasforge_spec::{FileId, JsonPointer, NodeRef, OpenApiVersion, Spec};
use serde_json::Value;

use crate::error::Finding;
use crate::{
    cycles, Api, Docs, LowerError, SecurityKind, SecurityScheme, Server, TypeDef, TypeId, Warning,
};

/// The result of lowering: the API and what could not be represented faithfully.
#[derive(Debug)]
pub struct Lowered {
    /// The API.
    pub api: Api,
    /// Constructs that were approximated or not generated, each located (file, pointer,
    /// line and column), in the order lowering met them, each reported once.
    pub warnings: Vec<Warning>,
}

/// Lowers a loaded document into the IR.
pub fn lower(spec: &Spec) -> Result<Lowered, LowerError> {
    let mut lowerer = Lowerer::new(spec);
    lowerer.register_components()?;
    lowerer.lower_components()?;
    let security_schemes = lowerer.lower_security_schemes()?;
    let operations = lowerer.lower_operations(&security_schemes)?;
    let webhooks = lowerer.lower_webhooks(&operations)?;
    let root = spec.root();
    let info = root.get("info");
    let text = |v: Option<&Value>, key: &str| {
        v.and_then(|v| v.get(key))
            .and_then(Value::as_str)
            .map(str::to_owned)
    };
    let mut api = Api {
        title: text(info, "title").unwrap_or_else(|| "API".to_owned()),
        version: text(info, "version").unwrap_or_default(),
        description: text(info, "description"),
        openapi_version: spec.version_text().to_owned(),
        servers: lower_servers(root),
        security_schemes,
        types: Vec::new(),
        operations,
        webhooks,
    };
    api.types = lowerer.finish_types()?;
    lowerer.check_nesting(&api)?;
    lowerer.final_type_names(&mut api);
    tags::tag_variant_structs(&mut api);
    naming::name_operation_items(&mut api);
    cycles::mark_boxed(&mut api);
    lowerer.keep_fitting(&mut api);
    lenient::relax_responses(&mut api);
    let paging = pagination::detect(&mut api, root);
    lowerer.warnings.extend(paging);
    lowerer.warnings.extend(unsupported::scan(spec));
    Ok(Lowered {
        api,
        warnings: locate(spec, lowerer.warnings),
    })
}

/// Locates findings in one pass over each file, each reported once (a schema read from
/// several places, an `allOf` base say, is met more than once).
fn locate(spec: &Spec, mut findings: Vec<Finding>) -> Vec<Warning> {
    let mut seen = HashSet::new();
    findings.retain(|f| seen.insert(f.clone()));
    let nodes: Vec<NodeRef> = findings.iter().map(|f| f.node.clone()).collect();
    spec.locate_many(&nodes)
        .into_iter()
        .zip(findings)
        .map(|(location, f)| Warning {
            location,
            message: f.message,
        })
        .collect()
}

/// The lowering state shared by the schema and operation passes.
pub(crate) struct Lowerer<'s> {
    spec: &'s Spec,
    version: OpenApiVersion,
    /// Slots for named types; `None` while a type is being built.
    types: Vec<Option<TypeDef>>,
    /// The unique name reserved for each slot.
    type_names: Vec<String>,
    /// Names reserved so far, for uniqueness.
    taken: HashSet<String>,
    /// The node each type slot was reserved for (the schema it is built from).
    reserved_at: Vec<NodeRef>,
    /// Nodes that became named types.
    by_node: HashMap<NodeRef, TypeId>,
    /// Inline schemas by content (as if by their exact text), so identical inline schemas
    /// share one type.
    by_shape: HashMap<(FileId, shape::Shape<'s>), TypeId>,
    /// Operation type names by (path, method), for naming inline schemas.
    op_names: HashMap<(String, String), String>,
    /// Nodes whose `allOf`/`$ref` chain is being followed, to detect cycles.
    resolving: Vec<NodeRef>,
    /// `$ref` targets being lowered in place (not named), to detect cycles through them.
    following: Vec<NodeRef>,
    /// Nodes of other files reached through a `$ref`, with the place in the root document
    /// they stand for; inline schemas under them are named from that place, so names do
    /// not depend on how the document is split into files.
    mounts: HashMap<NodeRef, NodeRef>,
    /// The merged view of each `allOf` branch read so far (see `collect_object`).
    branch_views: HashMap<NodeRef, std::rc::Rc<schema::ObjectView>>,
    /// Keys of `mutualTLS` security schemes: declared, but not generated.
    mutual_tls: HashSet<String>,
    /// Where each documented response example is written, by its [`crate::Example::origin`].
    example_nodes: HashMap<String, NodeRef>,
    warnings: Vec<Finding>,
}

impl<'s> Lowerer<'s> {
    fn new(spec: &'s Spec) -> Self {
        Self {
            spec,
            version: spec.version(),
            types: Vec::new(),
            type_names: Vec::new(),
            taken: HashSet::new(),
            reserved_at: Vec::new(),
            by_node: HashMap::new(),
            by_shape: HashMap::new(),
            op_names: HashMap::new(),
            resolving: Vec::new(),
            following: Vec::new(),
            mounts: HashMap::new(),
            branch_views: HashMap::new(),
            mutual_tls: HashSet::new(),
            example_nodes: HashMap::new(),
            warnings: Vec::new(),
        }
    }

    /// The value at a node that is known to exist (it was reached by walking the tree).
    fn value(&self, node: &NodeRef) -> &'s Value {
        static NULL: Value = Value::Null;
        self.spec.get(node).unwrap_or(&NULL)
    }

    fn warn(&mut self, node: &NodeRef, message: impl Into<String>) {
        self.warnings.push(Finding {
            node: node.clone(),
            message: message.into(),
        });
    }

    /// Follows `$ref`s until a node that is not a pure reference.
    fn deref(&mut self, node: &NodeRef) -> Result<NodeRef, LowerError> {
        let mut current = node.clone();
        for _ in 0..64 {
            let Some(reference) = self.value(&current).get("$ref").and_then(Value::as_str) else {
                return Ok(current);
            };
            current = self.spec.resolve(current.file, reference)?;
            self.mount(&current, node);
        }
        Err(LowerError::Cycle { node: node.clone() })
    }

    /// Records that `target`, in another file, is used at `at` (the first use counts).
    fn mount(&mut self, target: &NodeRef, at: &NodeRef) {
        if target.file != FileId(0) && !self.mounts.contains_key(target) {
            let logical = self.logical(at);
            if logical.file == FileId(0) {
                self.mounts.insert(target.clone(), logical);
            }
        }
    }

    /// Where `node` would sit if every file were bundled into the root document: under
    /// `components/schemas` for schemas of other files that became named types, else under
    /// the place that first referenced it. Nodes of the root document stay where they are.
    pub(crate) fn logical(&self, node: &NodeRef) -> NodeRef {
        if node.file == FileId(0) {
            return node.clone();
        }
        let segments = node.pointer.segments();
        for cut in (0..=segments.len()).rev() {
            let prefix = NodeRef {
                file: node.file,
                pointer: segments[..cut]
                    .iter()
                    .fold(JsonPointer::root(), |p, s| p.join(s)),
            };
            let base = if let Some(name) = self.external_schema_name(&prefix) {
                root_node().child("components").child("schemas").child(name)
            } else if let Some(base) = self.mounts.get(&prefix) {
                base.clone()
            } else {
                continue;
            };
            return segments[cut..].iter().fold(base, |n, s| n.child(s));
        }
        node.clone()
    }

    fn invalid(&self, node: &NodeRef, expected: &str) -> LowerError {
        LowerError::Invalid {
            node: node.clone(),
            expected: expected.to_owned(),
            found: describe(self.value(node)),
        }
    }

    fn lower_security_schemes(&mut self) -> Result<Vec<SecurityScheme>, LowerError> {
        let base = root_node().child("components").child("securitySchemes");
        let Some(map) = self.value(&base).as_object() else {
            return Ok(Vec::new());
        };
        let mut out = Vec::new();
        let mut taken = HashSet::new();
        let mut variants = HashSet::new();
        for key in map.keys() {
            let node = self.deref(&base.child(key))?;
            let v = self.value(&node);
            let text = |k: &str| v.get(k).and_then(Value::as_str).map(str::to_owned);
            let kind = match text("type").as_deref() {
                Some("http") => match text("scheme").map(|s| s.to_ascii_lowercase()).as_deref() {
                    Some("bearer") => SecurityKind::Bearer { format: text("bearerFormat") },
                    Some("basic") => SecurityKind::Basic,
                    Some(other) => SecurityKind::OtherHttp { scheme: other.to_owned() },
                    None => return Err(self.invalid(&node.child("scheme"), "an HTTP auth scheme such as `bearer`")),
                },
                Some("apiKey") => {
                    let location = match text("in").as_deref() {
                        Some("header") => crate::ParamLocation::Header,
                        Some("query") => crate::ParamLocation::Query,
                        Some("cookie") => crate::ParamLocation::Cookie,
                        _ => return Err(self.invalid(&node.child("in"), "`header`, `query` or `cookie`")),
                    };
                    let Some(name) = text("name") else {
                        return Err(self.invalid(&node.child("name"), "the name of the API key"));
                    };
                    if location != crate::ParamLocation::Query && !operations::is_token(&name) {
                        return Err(LowerError::Invalid {
                            node: node.child("name"),
                            expected: format!("a {} name without control characters (no line break)", location.as_str()),
                            found: format!("{name:?}"),
                        });
                    }
                    SecurityKind::ApiKey { location, name }
                }
                Some("oauth2") | Some("openIdConnect") => SecurityKind::OAuth2,
                Some("mutualTLS") => {
                    self.warn(&node, "mutualTLS is configured on the HTTP client, not generated");
                    self.mutual_tls.insert(key.clone());
                    continue;
                }
                _ => {
                    return Err(self.invalid(
                        &node.child("type"),
                        "a security scheme type (`http`, `apiKey`, `oauth2`, `openIdConnect`, `mutualTLS`)",
                    ))
                }
            };
            out.push(SecurityScheme {
                key: key.clone(),
                name: crate::names::unique(crate::names::field_name(key), &mut taken),
                variant: crate::names::unique(crate::names::type_name(key), &mut variants),
                description: text("description"),
                kind,
            });
        }
        Ok(out)
    }

    fn finish_types(&mut self) -> Result<Vec<TypeDef>, LowerError> {
        let mut out = Vec::with_capacity(self.types.len());
        let slots = std::mem::take(&mut self.types);
        for (i, slot) in slots.into_iter().enumerate() {
            match slot {
                Some(def) => out.push(def),
                None => {
                    return Err(LowerError::Cycle {
                        node: self.node_of(TypeId(i)),
                    })
                }
            }
        }
        // `A = B`, `B = A`: aliases that never reach a type.
        for start in 0..out.len() {
            let mut current = start;
            for _ in 0..out.len() {
                let crate::TypeKind::Alias(ty) = &out[current].kind else {
                    break;
                };
                let crate::TyKind::Named(next) = ty.kind else {
                    break;
                };
                current = next.0;
                if current == start {
                    return Err(LowerError::Cycle {
                        node: self.node_of(TypeId(start)),
                    });
                }
            }
        }
        Ok(out)
    }

    /// The smallest node (by file, then pointer) that became type `id`: the same node
    /// whatever the order of the hash map.
    fn node_of(&self, id: TypeId) -> NodeRef {
        self.by_node
            .iter()
            .filter(|(_, t)| **t == id)
            .map(|(n, _)| n.clone())
            .min()
            .unwrap_or_else(root_node)
    }
}

fn lower_servers(root: &Value) -> Vec<Server> {
    root.get("servers")
        .and_then(Value::as_array)
        .map(|servers| {
            servers
                .iter()
                .filter_map(|s| {
                    Some(Server {
                        url: s.get("url")?.as_str()?.to_owned(),
                        description: s
                            .get("description")
                            .and_then(Value::as_str)
                            .map(str::to_owned),
                        variables: lower_server_variables(s),
                    })
                })
                .collect()
        })
        .unwrap_or_default()
}

fn lower_server_variables(server: &Value) -> Vec<crate::ServerVariable> {
    let Some(map) = server.get("variables").and_then(Value::as_object) else {
        return Vec::new();
    };
    map.iter()
        .map(|(name, v)| {
            let text = |k: &str| v.get(k).and_then(Value::as_str).map(str::to_owned);
            crate::ServerVariable {
                name: name.clone(),
                default: text("default").unwrap_or_default(),
                values: v
                    .get("enum")
                    .and_then(Value::as_array)
                    .map(|a| {
                        a.iter()
                            .filter_map(Value::as_str)
                            .map(str::to_owned)
                            .collect()
                    })
                    .unwrap_or_default(),
                description: text("description"),
            }
        })
        .collect()
}

pub(crate) fn root_node() -> NodeRef {
    NodeRef {
        file: FileId(0),
        pointer: JsonPointer::root(),
    }
}

/// Small helpers on node references.
pub(crate) trait NodeExt {
    fn child(&self, segment: impl AsRef<str>) -> NodeRef;
}

impl NodeExt for NodeRef {
    fn child(&self, segment: impl AsRef<str>) -> NodeRef {
        NodeRef {
            file: self.file,
            pointer: self.pointer.join(segment),
        }
    }
}

pub(crate) fn docs_of(value: &Value) -> Docs {
    let text = |k: &str| {
        value
            .get(k)
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
    };
    Docs {
        title: text("title"),
        description: text("description"),
    }
}

pub(crate) fn describe(value: &Value) -> String {
    match value {
        Value::Null => "null".into(),
        Value::Bool(b) => format!("the boolean {b}"),
        Value::Number(n) => format!("the number {n}"),
        Value::String(s) if s.len() > 40 => {
            format!("a string (\"{}…\")", s.chars().take(40).collect::<String>())
        }
        Value::String(s) => format!("the string \"{s}\""),
        Value::Array(a) => format!("a list of {} items", a.len()),
        Value::Object(_) => "a mapping".into(),
    }
}

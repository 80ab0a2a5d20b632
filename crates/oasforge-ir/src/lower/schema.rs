//! Schemas → types.

use std::rc::Rc;
use std::sync::Arc;

use indexmap::{IndexMap, IndexSet};
use oasforge_spec::{NodeRef, OpenApiVersion};
use serde_json::{Map, Value};

use super::{docs_of, root_node, Lowerer, NodeExt};
use crate::names::{field_name, unique};
use crate::{
    Additional, Bound, Constraints, EnumVariant, Field, IntEnum, IntVariant, LowerError, Scalar,
    StringEnum, Struct, Ty, TyKind, TypeDef, TypeId, TypeKind,
};

mod kinds;
mod object;

use kinds::*;
pub(super) use kinds::{origin, string_scalar, type_list, type_union_list, union_branches};
use object::*;

/// Keywords the generator does not turn into types or checks; each use is reported.
const UNSUPPORTED: &[(&str, &str)] = &[
    ("not", "`not` is not enforced"),
    ("if", "`if`/`then`/`else` is not enforced"),
    (
        "patternProperties",
        "`patternProperties` is not enforced; such properties are kept untyped",
    ),
    ("dependentSchemas", "`dependentSchemas` is not enforced"),
    ("dependentRequired", "`dependentRequired` is not enforced"),
    (
        "unevaluatedProperties",
        "`unevaluatedProperties` is not enforced",
    ),
    ("unevaluatedItems", "`unevaluatedItems` is not enforced"),
    ("propertyNames", "`propertyNames` is not enforced"),
    ("contains", "`contains` is not enforced"),
    (
        "xml",
        "`xml` hints are ignored; bodies are generated for JSON",
    ),
];

/// An object schema with `allOf` branches merged in.
#[derive(Default)]
pub(crate) struct ObjectView {
    properties: IndexMap<String, NodeRef>,
    /// Properties whose `allOf` branches disagree on the type: every definition.
    conflicts: IndexMap<String, Vec<NodeRef>>,
    required: IndexSet<String>,
    forbid_additional: bool,
    additional: Option<NodeRef>,
    additional_any: bool,
    min_properties: Option<u64>,
    max_properties: Option<u64>,
}

impl Lowerer<'_> {
    /// Reserves a type for every `components/schemas` entry, so references and recursion
    /// resolve before any body is lowered.
    pub(super) fn register_components(&mut self) -> Result<(), LowerError> {
        let base = root_node().child("components").child("schemas");
        let Some(map) = self.value(&base).as_object() else {
            return Ok(());
        };
        for key in map.keys() {
            let node = base.child(key);
            let name = crate::names::type_name(key);
            let id = self.reserve(node.clone(), name);
            // `X: {$ref: other.yaml}` names the schema of the other file `X`, as if it were
            // written here, instead of making `X` an alias of a type named after the file.
            if let Some(target) = self.external_target(&node) {
                self.by_node.entry(target).or_insert(id);
            }
        }
        Ok(())
    }

    /// The target of a component that is nothing but a `$ref` into another file.
    fn external_target(&self, node: &NodeRef) -> Option<NodeRef> {
        let obj = self.value(node).as_object()?;
        let reference = obj.get("$ref").and_then(Value::as_str)?;
        let target = self.spec.resolve(node.file, reference).ok()?;
        (obj.len() == 1 && target.file != node.file).then_some(target)
    }

    /// Lowers the body of every component schema.
    pub(super) fn lower_components(&mut self) -> Result<(), LowerError> {
        let base = root_node().child("components").child("schemas");
        let Some(map) = self.value(&base).as_object() else {
            return Ok(());
        };
        for key in map.keys() {
            let node = base.child(key);
            let id = self.by_node[&node];
            let source = self
                .external_target(&node)
                .filter(|target| self.by_node.get(target) == Some(&id))
                .unwrap_or(node);
            self.build_named(id, &source)?;
        }
        Ok(())
    }

    /// The type of the schema at `node`.
    pub(crate) fn lower_schema(&mut self, node: &NodeRef) -> Result<Ty, LowerError> {
        let value = self.value(node);
        if let Value::Bool(allowed) = value {
            if !allowed {
                self.warn(
                    node,
                    "the schema `false` accepts nothing; generated as any JSON value",
                );
            }
            return Ok(Ty::plain(TyKind::Any));
        }
        if value.is_null() && self.spec.get(node).is_some() {
            self.warn_null_schema(node);
            return Ok(Ty::plain(TyKind::Any));
        }
        let Some(obj) = value.as_object() else {
            return Err(self.invalid(node, "a schema (a mapping)"));
        };
        if let Some(reference) = obj.get("$ref").and_then(Value::as_str) {
            if self.version == OpenApiVersion::V3_1 {
                self.warn_ref_siblings(node, obj);
            }
            let target = self.spec.resolve(node.file, reference)?;
            if self.non_schema_target(node, &target) {
                return Ok(Ty::plain(TyKind::Any));
            }
            let mut ty = self.lower_ref_target(&target, node)?;
            ty.nullable |= self.named_nullable(&target);
            if self.version == OpenApiVersion::V3_1 {
                ty.nullable |= obj
                    .get("type")
                    .is_some_and(|t| type_list(t).contains(&"null"));
            }
            ty.nullable |= obj.get("nullable") == Some(&Value::Bool(true));
            return Ok(ty);
        }
        self.warn_unsupported(node, obj);
        self.check_keywords(node, obj)?;
        let nullable = self.is_nullable(obj);
        let mut constraints = self.constraints(node, obj);

        if let Some(branches) = obj.get("allOf").and_then(Value::as_array) {
            // `allOf: [$ref]` with nothing structural beside it (documentation, `type`,
            // flags) is that type.
            // Branches that only annotate (`{description: …}`) do not count: `allOf:
            // [{description}, {$ref: Currency}]` is `Currency`, whatever its type.
            let only_docs = !obj.keys().any(|k| STRUCTURAL.contains(&k.as_str()));
            if let (Some(one), true) = (single_branch(branches), only_docs) {
                let annotated_null = branches
                    .iter()
                    .any(|b| b.get("nullable") == Some(&Value::Bool(true)));
                let mut ty = self.lower_schema(&node.child("allOf").child(one.to_string()))?;
                ty.nullable |= nullable || annotated_null;
                if constraints.default.is_some() {
                    Arc::make_mut(&mut ty.constraints).default = constraints.default.take();
                }
                return Ok(ty);
            }
            let id = self.inline_type(node)?;
            return Ok(Ty {
                kind: TyKind::Named(id),
                nullable,
                constraints: Constraints::none(),
            });
        }
        if let Some((keyword, non_null, has_null)) = union_branches(obj) {
            if !self.has_properties(obj) {
                let nullable = nullable || has_null;
                match non_null.as_slice() {
                    // `[X, {type: null}]` is a nullable X; `[X]` is X.
                    [one] => {
                        let mut ty =
                            self.lower_schema(&node.child(keyword).child(one.to_string()))?;
                        ty.nullable |= nullable;
                        return Ok(ty);
                    }
                    [] => {
                        return Ok(Ty {
                            kind: TyKind::Any,
                            nullable,
                            constraints: Constraints::none(),
                        })
                    }
                    _ => {
                        let id = self.inline_type(node)?;
                        return Ok(Ty {
                            kind: TyKind::Named(id),
                            nullable,
                            constraints: Constraints::none(),
                        });
                    }
                }
            }
        }
        if self.is_string_enum(obj) || self.is_int_enum(obj) {
            let id = self.inline_type(node)?;
            return Ok(Ty {
                kind: TyKind::Named(id),
                nullable,
                constraints: constraints.shared(),
            });
        }
        let types: Vec<&str> = obj.get("type").map(type_list).unwrap_or_default();
        let non_null: Vec<&str> = types.iter().copied().filter(|t| *t != "null").collect();
        let kind = match non_null.as_slice() {
            // Without `type`, object keywords make it an object (as `properties` always did).
            [] if obj.contains_key("properties")
                || has_required(obj)
                || obj
                    .get("additionalProperties")
                    .is_some_and(Value::is_object) =>
            {
                return self.object_use(node, obj, nullable, constraints)
            }
            [] if obj.contains_key("items") => self.array_kind(node, obj)?,
            [] => TyKind::Any,
            ["object"] => return self.object_use(node, obj, nullable, constraints),
            ["array"] if is_tuple(obj) => {
                let id = self.inline_type(node)?;
                return Ok(Ty {
                    kind: TyKind::Named(id),
                    nullable,
                    constraints: Constraints::none(),
                });
            }
            ["array"] => self.array_kind(node, obj)?,
            ["string"] => TyKind::Scalar(string_scalar(obj)),
            ["integer"] => TyKind::Scalar(integer_scalar(obj, &constraints)),
            ["number"] => TyKind::Scalar(match obj.get("format").and_then(Value::as_str) {
                Some("float") => Scalar::F32,
                _ => Scalar::F64,
            }),
            ["boolean"] => TyKind::Scalar(Scalar::Bool),
            [single] => {
                return Err(self.invalid(
                    &node.child("type"),
                    &format!("a JSON Schema type, not `{single}`"),
                ))
            }
            several => {
                if several.iter().all(|t| JSON_TYPES.contains(t)) {
                    // `type: [string, integer]`: an untagged enum of the listed types.
                    let id = self.inline_type(node)?;
                    return Ok(Ty {
                        kind: TyKind::Named(id),
                        nullable,
                        constraints: Constraints::none(),
                    });
                }
                return Err(self.invalid(&node.child("type"), "a list of JSON Schema types"));
            }
        };
        // Constraints stay on `Any`: the validators apply each one to values of its JSON type.
        Ok(Ty {
            kind,
            nullable,
            constraints: constraints.shared(),
        })
    }

    fn array_kind(
        &mut self,
        node: &NodeRef,
        obj: &Map<String, Value>,
    ) -> Result<TyKind, LowerError> {
        if obj.contains_key("prefixItems") {
            self.warn(
                &node.child("prefixItems"),
                "`prefixItems` without `items: false` is generated as a list; the positions are not typed",
            );
        }
        Ok(match obj.get("items") {
            Some(Value::Object(_) | Value::Bool(_) | Value::Null) => {
                TyKind::Array(Box::new(self.lower_schema(&node.child("items"))?))
            }
            Some(Value::Array(_)) => {
                self.warn(
                    &node.child("items"),
                    "tuple `items` is generated as a list of any JSON value",
                );
                TyKind::Array(Box::new(Ty::plain(TyKind::Any)))
            }
            _ => TyKind::Array(Box::new(Ty::plain(TyKind::Any))),
        })
    }

    /// An object schema: a struct when it declares properties, otherwise a map.
    fn object_use(
        &mut self,
        node: &NodeRef,
        obj: &Map<String, Value>,
        nullable: bool,
        constraints: Constraints,
    ) -> Result<Ty, LowerError> {
        let has_properties = obj
            .get("properties")
            .and_then(Value::as_object)
            .is_some_and(|p| !p.is_empty())
            || has_required(obj);
        if !has_properties {
            let value_ty = match obj.get("additionalProperties") {
                Some(Value::Object(o)) if !o.is_empty() => {
                    self.lower_schema(&node.child("additionalProperties"))?
                }
                _ => Ty::plain(TyKind::Any),
            };
            return Ok(Ty {
                kind: TyKind::Map(Box::new(value_ty)),
                nullable,
                constraints: object_constraints(constraints).shared(),
            });
        }
        let id = self.inline_type(node)?;
        // The struct checks its own property counts (see `Struct::min_properties`).
        let constraints = Constraints {
            min_properties: None,
            max_properties: None,
            ..object_constraints(constraints)
        };
        Ok(Ty {
            kind: TyKind::Named(id),
            nullable,
            constraints: constraints.shared(),
        })
    }

    /// Reports each keyword of [`UNSUPPORTED`] in the schema `obj` at `node`.
    /// `null` written where a schema belongs: read as the empty schema (any value).
    fn warn_null_schema(&mut self, node: &NodeRef) {
        self.warn(
            node,
            "`null` where a schema is expected: generated as any JSON value",
        );
    }

    fn warn_unsupported(&mut self, node: &NodeRef, obj: &Map<String, Value>) {
        for (key, message) in UNSUPPORTED {
            if obj.contains_key(*key) {
                self.warn(&node.child(key), *message);
            }
        }
    }

    /// 3.1 applies keywords beside a `$ref` too; those that only document the use, or that
    /// the field or type already honours, are fine, the others are reported.
    fn warn_ref_siblings(&mut self, node: &NodeRef, obj: &Map<String, Value>) {
        let ignored: Vec<&str> = obj
            .keys()
            .map(String::as_str)
            .filter(|k| {
                !k.starts_with("x-")
                    && !matches!(
                        *k,
                        "$ref"
                            | "$comment"
                            | "description"
                            | "summary"
                            | "title"
                            | "nullable"
                            | "type"
                            | "deprecated"
                            | "readOnly"
                            | "writeOnly"
                            | "default"
                            | "example"
                            | "examples"
                    )
            })
            .collect();
        if !ignored.is_empty() {
            self.warn(
                node,
                format!(
                    "keywords beside `$ref` are not applied: `{}`",
                    ignored.join("`, `")
                ),
            );
        }
    }

    /// The type for a `$ref` target: components and other named places are named types;
    /// anything else is lowered where it stands.
    fn lower_ref_target(&mut self, target: &NodeRef, from: &NodeRef) -> Result<Ty, LowerError> {
        if let Some(id) = self.by_node.get(target) {
            return Ok(Ty::plain(TyKind::Named(*id)));
        }
        if self.following.contains(target) {
            return Err(LowerError::Cycle {
                node: target.clone(),
            });
        }
        if self.is_definition_site(target) {
            let name = self.inline_name(target);
            let id = self.reserve(target.clone(), name);
            self.build_named(id, target)?;
            return Ok(Ty::plain(TyKind::Named(id)));
        }
        self.mount(target, from);
        self.following.push(target.clone());
        let ty = self.lower_schema(target);
        self.following.pop();
        ty
    }

    /// Places where a schema is defined to be referenced: `components/schemas/X` of any file,
    /// `$defs`/`definitions` entries, top-level entries of another file, or a whole file.
    pub(super) fn is_definition_site(&self, node: &NodeRef) -> bool {
        let segments = node.pointer.segments();
        let segments: Vec<&str> = segments.iter().map(String::as_str).collect();
        match segments.as_slice() {
            ["components", "schemas", _] => true,
            [.., "$defs", _] | [.., "definitions", _] => true,
            [] | [_] => node.file.0 != 0,
            _ => false,
        }
    }

    /// The type name of a schema of another file that became a named type at a place where
    /// schemas are defined (a whole file, a top-level entry, `components/schemas/X`).
    pub(super) fn external_schema_name(&self, node: &NodeRef) -> Option<String> {
        let id = self.by_node.get(node)?;
        (node.file.0 != 0 && self.is_definition_site(node)).then(|| self.type_names[id.0].clone())
    }

    /// A named type for an inline struct or enum schema, shared with identical inline schemas.
    fn inline_type(&mut self, node: &NodeRef) -> Result<TypeId, LowerError> {
        if let Some(id) = self.by_node.get(node) {
            return Ok(*id);
        }
        // `$ref`s are relative to their file, so only schemas without any are shared across
        // files (as they would be in the bundled document).
        let (shape, mentions_ref) = super::shape::Shape::of(self.value(node));
        let file = if mentions_ref {
            node.file
        } else {
            oasforge_spec::FileId(0)
        };
        let shape = (file, shape);
        if let Some(id) = self.by_shape.get(&shape) {
            let id = *id;
            self.by_node.insert(node.clone(), id);
            return Ok(id);
        }
        let name = self.inline_name(node);
        let id = self.reserve(node.clone(), name);
        self.by_shape.insert(shape, id);
        self.build_named(id, node)?;
        Ok(id)
    }

    /// Reserves a type id and a unique name for the schema at `node`.
    pub(super) fn reserve(&mut self, node: NodeRef, name: String) -> TypeId {
        let id = TypeId(self.types.len());
        self.types.push(None);
        self.type_names.push(unique(name, &mut self.taken));
        self.reserved_at.push(node.clone());
        self.by_node.insert(node, id);
        id
    }

    /// Fills the slot of a reserved type from the schema at `node`.
    fn build_named(&mut self, id: TypeId, node: &NodeRef) -> Result<(), LowerError> {
        let name = self.type_names[id.0].clone();
        let value = self.value(node);
        let docs = docs_of(value);
        let deprecated = value.get("deprecated") == Some(&Value::Bool(true));
        let obj = value.as_object();
        if let Some(obj) = obj.filter(|o| o.get("$ref").is_none()) {
            self.check_keywords(node, obj)?;
        }
        let kind = match obj {
            Some(obj) if obj.get("$ref").is_none() && self.is_string_enum(obj) => {
                TypeKind::Enum(self.string_enum(node, obj)?)
            }
            Some(obj) if obj.get("$ref").is_none() && self.is_int_enum(obj) => {
                TypeKind::IntEnum(self.int_enum(node, obj))
            }
            Some(obj) if obj.get("$ref").is_none() && self.is_struct_schema(obj) => {
                // Uses of an inline object check its `const` and `enum`; a referenced one
                // carries no constraints to its uses.
                for key in ["const", "enum"] {
                    if obj.contains_key(key)
                        && !(key == "const" && self.is_3_0())
                        && self.is_definition_site(node)
                    {
                        self.warn(
                            &node.child(key),
                            format!("`{key}` on an object type is not checked: values of the generated struct are not compared with it"),
                        );
                    }
                }
                let children = self.polymorphic_children(node, obj);
                let parent = match children.is_empty() {
                    true => None,
                    false => self.parent_union(id, node, obj, children)?,
                };
                match parent {
                    Some(union) => TypeKind::Union(union),
                    None => TypeKind::Struct(self.build_struct(node)?),
                }
            }
            Some(obj)
                if obj.get("$ref").is_none()
                    && obj.get("allOf").is_none()
                    && union_branches(obj).is_some_and(|(_, n, _)| n.len() > 1) =>
            {
                TypeKind::Union(self.build_union(node, obj)?)
            }
            Some(obj) if obj.get("$ref").is_none() && is_tuple(obj) => {
                let mut items = Vec::new();
                let count = obj
                    .get("prefixItems")
                    .and_then(Value::as_array)
                    .map_or(0, Vec::len);
                for i in 0..count {
                    items.push(self.lower_schema(&node.child("prefixItems").child(i.to_string()))?);
                }
                TypeKind::Tuple(items)
            }
            Some(obj) if obj.get("$ref").is_none() && type_union_list(obj).len() > 1 => {
                TypeKind::Union(self.type_list_union(node, obj)?)
            }
            _ => {
                self.resolving.push(node.clone());
                let ty = self.lower_schema(node);
                // `A: {$ref: B}`, `B: {$ref: A}` (in any files) names no schema at all.
                let cycle = matches!(&ty, Ok(Ty { kind: TyKind::Named(target), .. })
                    if self.resolving.iter().any(|n| self.by_node.get(n) == Some(target)));
                self.resolving.pop();
                if cycle {
                    return Err(LowerError::Cycle { node: node.clone() });
                }
                TypeKind::Alias(Box::new(ty?))
            }
        };
        self.types[id.0] = Some(TypeDef {
            name,
            docs,
            origin: origin(node),
            deprecated,
            kind,
        });
        Ok(())
    }
}

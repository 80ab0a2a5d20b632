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
                // `type: number, format: int32`: the format allows whole numbers only, so
                // it is an integer (a float would send `1.5`, which the format refuses).
                Some(f) if INTEGER_FORMATS.contains(&f) => integer_scalar(obj, &constraints),
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

    fn is_struct_schema(&self, obj: &Map<String, Value>) -> bool {
        if obj.contains_key("allOf") {
            let only_one = obj
                .get("allOf")
                .and_then(Value::as_array)
                .is_some_and(|b| single_branch(b).is_some());
            return !only_one || obj.keys().any(|k| STRUCTURAL.contains(&k.as_str()));
        }
        if (obj.contains_key("oneOf") || obj.contains_key("anyOf")) && !self.has_properties(obj) {
            return false;
        }
        let types = obj.get("type").map(type_list).unwrap_or_default();
        let object_typed = types.contains(&"object")
            || (types.is_empty() && (obj.contains_key("properties") || has_required(obj)));
        object_typed
            && (obj
                .get("properties")
                .and_then(Value::as_object)
                .is_some_and(|p| !p.is_empty())
                || has_required(obj))
    }

    fn has_properties(&self, obj: &Map<String, Value>) -> bool {
        obj.get("properties")
            .and_then(Value::as_object)
            .is_some_and(|p| !p.is_empty())
    }

    fn is_int_enum(&self, obj: &Map<String, Value>) -> bool {
        let Some(values) = enum_values(obj) else {
            return false;
        };
        let types = obj.get("type").map(type_list).unwrap_or_default();
        types.contains(&"integer")
            && types.iter().all(|t| *t == "integer" || *t == "null")
            && values.iter().any(|v| v.as_i64().is_some())
            && values.iter().all(|v| v.as_i64().is_some() || v.is_null())
    }

    fn int_enum(&mut self, node: &NodeRef, obj: &Map<String, Value>) -> IntEnum {
        let values = enum_values(obj).unwrap_or_default();
        let numbers: Vec<i64> = values.iter().filter_map(Value::as_i64).collect();
        // `x-enum-varnames` (a common extension) names the values when it lists all of them.
        let given: Option<Vec<&str>> = obj
            .get("x-enum-varnames")
            .and_then(Value::as_array)
            .map(|names| names.iter().filter_map(Value::as_str).collect())
            .filter(|names: &Vec<&str>| names.len() == numbers.len());
        let mut taken = std::collections::HashSet::new();
        let mut seen = std::collections::HashSet::new();
        let mut variants = Vec::new();
        for (i, value) in numbers.iter().enumerate() {
            if !seen.insert(*value) {
                self.warn(
                    &node.child("enum"),
                    format!("duplicate enum value {value} ignored"),
                );
                continue;
            }
            let name = match &given {
                Some(names) => crate::names::variant_name(names[i]),
                None if *value < 0 => format!("Minus{}", value.unsigned_abs()),
                None => format!("V{value}"),
            };
            variants.push(IntVariant {
                name: unique(name, &mut taken),
                value: *value,
            });
        }
        IntEnum {
            variants,
            open: false,
        }
    }

    fn is_string_enum(&self, obj: &Map<String, Value>) -> bool {
        let Some(values) = enum_values(obj) else {
            return false;
        };
        let types = obj.get("type").map(type_list).unwrap_or_default();
        let typed_string = types.iter().all(|t| *t == "string" || *t == "null");
        typed_string
            && values.iter().any(Value::is_string)
            && values.iter().all(|v| v.is_string() || v.is_null())
    }

    fn string_enum(
        &mut self,
        node: &NodeRef,
        obj: &Map<String, Value>,
    ) -> Result<StringEnum, LowerError> {
        self.warn_unsupported(node, obj);
        let mut taken = std::collections::HashSet::new();
        let mut variants = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for value in enum_values(obj).unwrap_or_default().iter() {
            let Some(wire) = value.as_str() else { continue };
            if !seen.insert(wire.to_owned()) {
                self.warn(
                    &node.child("enum"),
                    format!("duplicate enum value \"{wire}\" ignored"),
                );
                continue;
            }
            variants.push(EnumVariant {
                name: unique(crate::names::variant_name(wire), &mut taken),
                wire_value: wire.to_owned(),
            });
        }
        Ok(StringEnum {
            variants,
            open: false,
            discriminator: false,
        })
    }

    /// Whether a boolean keyword (`readOnly`, `writeOnly`) is set on the schema at `node`
    /// or on what it refers to (`$ref`, `allOf` branches): a property that refers to a
    /// read-only schema is read-only.
    fn flag_through(&self, node: &NodeRef, key: &str, depth: usize) -> bool {
        let value = self.value(node);
        if value.get(key) == Some(&Value::Bool(true)) {
            return true;
        }
        if depth > 16 {
            return false;
        }
        if let Some(r) = value.get("$ref").and_then(Value::as_str) {
            return self
                .spec
                .resolve(node.file, r)
                .is_ok_and(|t| self.flag_through(&t, key, depth + 1));
        }
        value
            .get("allOf")
            .and_then(Value::as_array)
            .is_some_and(|branches| {
                (0..branches.len()).any(|i| {
                    self.flag_through(&node.child("allOf").child(i.to_string()), key, depth + 1)
                })
            })
    }

    pub(super) fn build_struct(&mut self, node: &NodeRef) -> Result<Struct, LowerError> {
        let mut view = ObjectView::default();
        self.collect_object(node, &mut view, true)?;
        let mut fields = Vec::with_capacity(view.properties.len());
        let mut taken = std::collections::HashSet::new();
        for (wire, prop) in &view.properties {
            let ty = match view.conflicts.get(wire) {
                Some(all) => self.merged_property(wire, all)?,
                None => self.lower_schema(prop)?,
            };
            let ty = self.property_newtype(prop, ty);
            let value = self.value(prop);
            let flag = |k: &str| value.get(k) == Some(&Value::Bool(true));
            fields.push(Field {
                name: unique(field_name(wire), &mut taken),
                wire_name: wire.clone(),
                required: view.required.contains(wire),
                undeclared: false,
                boxed: false,
                docs: docs_of(value),
                read_only: self.flag_through(prop, "readOnly", 0),
                write_only: self.flag_through(prop, "writeOnly", 0),
                deprecated: flag("deprecated"),
                examples: examples_of(value),
                ty,
            });
        }
        for name in &view.required {
            if !view.properties.contains_key(name) && !view.forbid_additional {
                // A required property without a schema: keep it as an untyped field.
                fields.push(Field {
                    name: unique(field_name(name), &mut taken),
                    wire_name: name.clone(),
                    ty: Ty::plain(TyKind::Any),
                    required: true,
                    undeclared: true,
                    boxed: false,
                    docs: Default::default(),
                    read_only: false,
                    write_only: false,
                    deprecated: false,
                    examples: Vec::new(),
                });
            }
        }
        let additional = if view.forbid_additional {
            Additional::Forbidden
        } else if let Some(additional) = view.additional {
            Additional::Map(Box::new(self.lower_schema(&additional)?))
        } else if view.additional_any {
            Additional::Map(Box::new(Ty::plain(TyKind::Any)))
        } else {
            Additional::Ignored
        };
        Ok(Struct {
            fields,
            additional,
            min_properties: view.min_properties,
            max_properties: view.max_properties,
            lenient: false,
        })
    }

    /// Gathers properties, `required` and `additionalProperties` of `node` and its `allOf`
    /// branches (following references).
    ///
    /// At the `top` schema, a property it declares itself overrides a disagreeing definition
    /// from one of its branches (with a warning): the schema's own word is the most specific.
    /// Branches that disagree with each other are recorded in `conflicts` and merged later
    /// (see [`Self::merged_property`]).
    ///
    /// Each branch's own view is computed once and kept: an `allOf` graph where schemas share
    /// branches (a diamond) is read in time linear in its size, not exponential in its depth.
    fn collect_object(
        &mut self,
        node: &NodeRef,
        view: &mut ObjectView,
        top: bool,
    ) -> Result<(), LowerError> {
        let node = self.deref(node)?;
        if self.resolving.contains(&node) {
            return Err(LowerError::Cycle { node });
        }
        self.resolving.push(node.clone());
        let result = self.collect_object_inner(&node, view, top);
        self.resolving.pop();
        result
    }

    /// The view of one `allOf` branch on its own, computed once per node.
    fn branch_view(&mut self, node: &NodeRef) -> Result<Rc<ObjectView>, LowerError> {
        let node = self.deref(node)?;
        if let Some(view) = self.branch_views.get(&node) {
            return Ok(Rc::clone(view));
        }
        let mut view = ObjectView::default();
        self.collect_object(&node, &mut view, false)?;
        let view = Rc::new(view);
        self.branch_views.insert(node, Rc::clone(&view));
        Ok(view)
    }

    /// Adds one definition of property `name` to `view`.
    fn merge_property(&mut self, view: &mut ObjectView, name: &str, prop: &NodeRef, top: bool) {
        let Some(existing) = view.properties.get(name).cloned() else {
            view.properties.insert(name.to_owned(), prop.clone());
            return;
        };
        if &existing == prop {
            return;
        }
        let existing_value = self.value(&existing);
        let value = self.value(prop);
        let (a, b) = (
            schema_type(self.spec, &existing, existing_value),
            schema_type(self.spec, prop, value),
        );
        if let (Some(a), Some(b)) = (&a, &b) {
            if a != b && top {
                self.warn(
                    prop,
                    format!("property `{name}` is `{b}` here but `{a}` in an `allOf` branch; this definition is used"),
                );
                view.properties.insert(name.to_owned(), prop.clone());
                view.conflicts.shift_remove(name);
                return;
            }
            // `integer` and nullable `integer` agree on the type, not on `null`: merged too.
            let nulls_differ = schema_nullable(self.spec, &existing, existing_value)
                != schema_nullable(self.spec, prop, value);
            if a != b || nulls_differ {
                let all = view
                    .conflicts
                    .entry(name.to_owned())
                    .or_insert_with(|| vec![existing.clone()]);
                if !all.contains(prop) {
                    all.push(prop.clone());
                }
                return;
            }
        }
        // The later, more specific definition wins when it says more.
        if value.as_object().map_or(0, Map::len) > existing_value.as_object().map_or(0, Map::len) {
            view.properties.insert(name.to_owned(), prop.clone());
        }
    }

    /// Adds everything a branch's view says to `view`.
    fn merge_view(&mut self, view: &mut ObjectView, branch: &ObjectView) {
        for (name, prop) in &branch.properties {
            match branch.conflicts.get(name) {
                Some(all) => {
                    for p in all {
                        self.merge_property(view, name, p, false);
                    }
                }
                None => self.merge_property(view, name, prop, false),
            }
        }
        view.required.extend(branch.required.iter().cloned());
        view.forbid_additional |= branch.forbid_additional;
        if branch.additional.is_some() {
            view.additional.clone_from(&branch.additional);
        }
        view.additional_any |= branch.additional_any;
        if let Some(min) = branch.min_properties {
            view.min_properties = Some(view.min_properties.map_or(min, |m| m.max(min)));
        }
        if let Some(max) = branch.max_properties {
            view.max_properties = Some(view.max_properties.map_or(max, |m| m.min(max)));
        }
    }

    /// The type of a property whose `allOf` branches disagree: the narrowest type that
    /// accepts every definition (`i64` and `Option<i64>` → `Option<i64>`, `i64` and `f64` →
    /// `f64`), else any JSON value; with a warning at the last definition.
    fn merged_property(&mut self, name: &str, nodes: &[NodeRef]) -> Result<Ty, LowerError> {
        let mut tys = Vec::with_capacity(nodes.len());
        for node in nodes {
            tys.push(self.lower_schema(node)?);
        }
        let nullable = tys.iter().any(|t| t.nullable);
        let numeric = |k: &TyKind| match k {
            TyKind::Scalar(s @ (Scalar::I32 | Scalar::I64 | Scalar::U32 | Scalar::U64)) => {
                Some((*s, false))
            }
            TyKind::Scalar(s @ (Scalar::F32 | Scalar::F64)) => Some((*s, true)),
            _ => None,
        };
        if tys.iter().all(|t| t.kind == tys[0].kind) {
            // Only nullability differs: the fullest definition, nullable.
            let fullest = (0..nodes.len())
                .max_by_key(|i| self.value(&nodes[*i]).as_object().map_or(0, Map::len))
                .unwrap_or(0);
            let mut ty = tys.swap_remove(fullest);
            ty.nullable = nullable;
            return Ok(ty);
        }
        let kind = if let Some(nums) = tys
            .iter()
            .map(|t| numeric(&t.kind))
            .collect::<Option<Vec<_>>>()
        {
            if nums.iter().any(|(_, float)| *float) {
                TyKind::Scalar(Scalar::F64)
            } else {
                TyKind::Scalar(Scalar::I64)
            }
        } else {
            TyKind::Any
        };
        let types: Vec<String> = nodes
            .iter()
            .map(|n| schema_type(self.spec, n, self.value(n)).unwrap_or_else(|| "any".into()))
            .collect();
        let chosen = match &kind {
            TyKind::Any => "any JSON value".to_owned(),
            TyKind::Scalar(Scalar::F64) => "a number (`f64`)".to_owned(),
            TyKind::Scalar(Scalar::I64) => "an integer (`i64`)".to_owned(),
            _ => "their common type".to_owned(),
        };
        let last = nodes.last().cloned().unwrap_or_else(root_node);
        self.warn(
            &last,
            format!(
                "`allOf` branches disagree on property `{name}` ({}); generated as {chosen}{}, which accepts every definition",
                types.join(" vs "),
                if nullable && kind != TyKind::Any { ", nullable" } else { "" },
            ),
        );
        Ok(Ty {
            nullable: nullable && kind != TyKind::Any,
            kind,
            constraints: Constraints::none(),
        })
    }

    fn collect_object_inner(
        &mut self,
        node: &NodeRef,
        view: &mut ObjectView,
        top: bool,
    ) -> Result<(), LowerError> {
        let value = self.value(node);
        if value.is_null() && self.spec.get(node).is_some() {
            // Any value: nothing to merge.
            self.warn_null_schema(node);
            return Ok(());
        }
        let Some(obj) = value.as_object() else {
            return Err(self.invalid(node, "a schema (a mapping)"));
        };
        // Struct schemas and their `allOf` branches are read here, not by `lower_schema`.
        self.warn_unsupported(node, obj);
        if let Some(branches) = obj.get("allOf").and_then(Value::as_array) {
            for i in 0..branches.len() {
                let branch = self.branch_view(&node.child("allOf").child(i.to_string()))?;
                self.merge_view(view, &branch);
            }
        }
        if let Some(props) = obj.get("properties").and_then(Value::as_object) {
            for name in props.keys() {
                let prop = node.child("properties").child(name);
                self.merge_property(view, name, &prop, top);
            }
        }
        // Every branch's count bounds apply to the whole object: the tightest wins.
        let count = |key: &str| {
            let v = obj.get(key)?;
            // `2.0` is a count too (JSON Schema compares numbers by value).
            v.as_u64().or_else(|| {
                v.as_f64()
                    .filter(|f| f.fract() == 0.0 && *f >= 0.0 && *f <= u64::MAX as f64)
                    .map(|f| f as u64)
            })
        };
        if let Some(min) = count("minProperties") {
            view.min_properties = Some(view.min_properties.map_or(min, |m| m.max(min)));
        }
        if let Some(max) = count("maxProperties") {
            view.max_properties = Some(view.max_properties.map_or(max, |m| m.min(max)));
        }
        if let Some(required) = obj.get("required").and_then(Value::as_array) {
            view.required
                .extend(required.iter().filter_map(Value::as_str).map(str::to_owned));
        }
        match obj.get("additionalProperties") {
            Some(Value::Bool(false)) => view.forbid_additional = true,
            Some(Value::Bool(true)) => view.additional_any = true,
            Some(Value::Object(o)) if o.is_empty() => view.additional_any = true,
            Some(Value::Object(_)) => view.additional = Some(node.child("additionalProperties")),
            _ => {}
        }
        if let Some((keyword, branches, _)) = union_branches(obj) {
            if !branches.is_empty() && view.additional.is_none() {
                // The alternatives' own properties are not fields; keep them, do not drop them.
                view.additional_any = true;
                self.warn(
                    &node.child(keyword),
                    format!("`{keyword}` beside object properties: the alternatives' properties are kept in `additional_properties`"),
                );
            }
        }
        Ok(())
    }

    /// Whether a referenced schema that becomes a named struct, enum or union allows `null`.
    /// Such a type cannot hold the `null` itself, so every use of it is nullable instead.
    /// (A schema that becomes an alias carries its `Option` in the alias.)
    fn named_nullable(&self, target: &NodeRef) -> bool {
        let Some(obj) = self.value(target).as_object() else {
            return false;
        };
        if obj.contains_key("$ref") || obj.contains_key("allOf") {
            return false;
        }
        let multi_union = union_branches(obj).is_some_and(|(_, n, _)| n.len() > 1);
        let named = self.is_string_enum(obj)
            || self.is_int_enum(obj)
            || self.is_struct_schema(obj)
            || (multi_union && !self.has_properties(obj))
            || type_union_list(obj).len() > 1;
        named
            && (self.is_nullable(obj)
                || union_branches(obj).is_some_and(|(_, _, has_null)| has_null))
    }

    fn is_nullable(&self, obj: &Map<String, Value>) -> bool {
        obj.get("nullable") == Some(&Value::Bool(true))
            || obj
                .get("type")
                .is_some_and(|t| type_list(t).contains(&"null"))
            || obj
                .get("enum")
                .and_then(Value::as_array)
                .is_some_and(|v| v.iter().any(Value::is_null))
    }

    fn constraints(&mut self, node: &NodeRef, obj: &Map<String, Value>) -> Constraints {
        // A count may be written `2.0`; only whole non-negative numbers count.
        let uint = |k: &str| {
            let v = obj.get(k)?;
            v.as_u64().or_else(|| {
                v.as_f64()
                    .filter(|f| f.fract() == 0.0 && *f >= 0.0 && *f <= u64::MAX as f64)
                    .map(|f| f as u64)
            })
        };
        let num = |k: &str| obj.get(k).and_then(Value::as_f64);
        let flag = |k: &str| obj.get(k) == Some(&Value::Bool(true));
        // 3.0 (draft 4): boolean `exclusiveMinimum` modifies `minimum`; 3.1: a number of its own.
        let bound = |limit: &str, exclusive: &str| -> Option<Bound> {
            let inclusive = num(limit).map(|value| Bound {
                value,
                exclusive: flag(exclusive),
            });
            let exclusive = num(exclusive).map(|value| Bound {
                value,
                exclusive: true,
            });
            match (inclusive, exclusive) {
                (Some(a), Some(b)) => Some(if limit == "minimum" {
                    if b.value >= a.value {
                        b
                    } else {
                        a
                    }
                } else if b.value <= a.value {
                    b
                } else {
                    a
                }),
                (a, b) => a.or(b),
            }
        };
        if let Some(pattern) = obj.get("pattern") {
            if !pattern.is_string() {
                self.warn(
                    &node.child("pattern"),
                    "`pattern` is not a string and is ignored",
                );
            }
        }
        if let Some(pattern) = obj.get("pattern").and_then(Value::as_str) {
            match crate::pattern::engine(pattern) {
                crate::pattern::PatternEngine::Regex => {}
                crate::pattern::PatternEngine::Fancy => self.warn(
                    &node.child("pattern"),
                    "`pattern` uses lookaround or backreferences, which the `regex` crate cannot express; it is checked with `fancy-regex` (backtracking) instead",
                ),
                crate::pattern::PatternEngine::Unsupported(error) => self.warn(
                    &node.child("pattern"),
                    format!("`pattern` does not compile as a Rust regex and is not enforced: {error}"),
                ),
            }
        }
        let enum_values = if self.is_string_enum(obj) {
            None
        } else {
            obj.get("enum").and_then(Value::as_array).cloned()
        };
        Constraints {
            min_properties: uint("minProperties"),
            max_properties: uint("maxProperties"),
            enum_values,
            const_value: if self.version == OpenApiVersion::V3_1 {
                obj.get("const").cloned()
            } else {
                None
            },
            min_length: uint("minLength"),
            max_length: uint("maxLength"),
            pattern: obj
                .get("pattern")
                .and_then(Value::as_str)
                .map(str::to_owned),
            minimum: bound("minimum", "exclusiveMinimum"),
            maximum: bound("maximum", "exclusiveMaximum"),
            multiple_of: num("multipleOf"),
            min_items: uint("minItems"),
            max_items: uint("maxItems"),
            unique_items: flag("uniqueItems"),
            format: obj.get("format").and_then(Value::as_str).map(str::to_owned),
            default: self.checked_default(node, obj),
        }
    }
}

/// The constraints that apply to an object as a whole (the rest belong to its properties).
fn object_constraints(all: Constraints) -> Constraints {
    Constraints {
        default: all.default,
        min_properties: all.min_properties,
        max_properties: all.max_properties,
        enum_values: all.enum_values,
        const_value: all.const_value,
        ..Constraints::default()
    }
}

/// Whether `required` names at least one property (a struct even without `properties`).
fn has_required(obj: &Map<String, Value>) -> bool {
    obj.get("required")
        .and_then(Value::as_array)
        .is_some_and(|r| !r.is_empty())
}

/// The `type` keyword as a list (3.1 allows an array).
pub(super) fn type_list(value: &Value) -> Vec<&str> {
    match value {
        Value::String(s) => vec![s.as_str()],
        Value::Array(items) => items.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

/// A 3.1 tuple: `prefixItems` with no items allowed beyond them.
fn is_tuple(obj: &Map<String, Value>) -> bool {
    obj.get("prefixItems")
        .and_then(Value::as_array)
        .is_some_and(|p| !p.is_empty())
        && obj.get("items") == Some(&Value::Bool(false))
        && obj
            .get("type")
            .map(type_list)
            .unwrap_or_default()
            .contains(&"array")
}

/// The one `allOf` branch that is more than an annotation (documentation, flags,
/// examples, extensions), when there is exactly one.
fn single_branch(branches: &[Value]) -> Option<usize> {
    const ANNOTATIONS: &[&str] = &[
        "description",
        "title",
        "example",
        "examples",
        "deprecated",
        "readOnly",
        "writeOnly",
        "nullable",
        "externalDocs",
        "$comment",
    ];
    let annotation = |b: &Value| {
        b.as_object().is_some_and(|o| {
            o.keys()
                .all(|k| ANNOTATIONS.contains(&k.as_str()) || k.starts_with("x-"))
        })
    };
    let mut effective = branches.iter().enumerate().filter(|(_, b)| !annotation(b));
    match (effective.next(), effective.next()) {
        (Some((i, _)), None) => Some(i),
        _ => None,
    }
}

/// Keywords that give a schema a shape of its own beside a single `allOf` branch.
const STRUCTURAL: &[&str] = &[
    "properties",
    "required",
    "additionalProperties",
    "oneOf",
    "anyOf",
    "enum",
    "const",
    "items",
    "prefixItems",
    "patternProperties",
];

/// `example` and the entries of `examples` (3.1 JSON Schema: a list of values).
fn examples_of(value: &Value) -> Vec<Value> {
    let mut out: Vec<Value> = value.get("example").cloned().into_iter().collect();
    if let Some(list) = value.get("examples").and_then(Value::as_array) {
        out.extend(
            list.iter()
                .filter(|v| !out.contains(v))
                .cloned()
                .collect::<Vec<_>>(),
        );
    }
    out
}

/// The JSON Schema type names.
const JSON_TYPES: &[&str] = &["string", "integer", "number", "boolean", "array", "object"];

/// `enum`, or `const` as a one-value enum.
fn enum_values(obj: &Map<String, Value>) -> Option<Vec<Value>> {
    if let Some(values) = obj.get("enum").and_then(Value::as_array) {
        return Some(values.clone());
    }
    obj.get("const").map(|v| vec![v.clone()])
}

/// The non-null types of a 3.1 `type` list with more than one of them.
pub(super) fn type_union_list(obj: &Map<String, Value>) -> Vec<&str> {
    let types: Vec<&str> = obj
        .get("type")
        .map(type_list)
        .unwrap_or_default()
        .into_iter()
        .filter(|t| *t != "null" && JSON_TYPES.contains(t))
        .collect();
    if types.len() > 1 && !obj.contains_key("enum") {
        types
    } else {
        Vec::new()
    }
}

/// The `oneOf`/`anyOf` keyword of a schema, the indexes of its non-null branches, and
/// whether a `null` branch was among them.
pub(super) fn union_branches(obj: &Map<String, Value>) -> Option<(&'static str, Vec<usize>, bool)> {
    for keyword in ["oneOf", "anyOf"] {
        if let Some(branches) = obj.get(keyword).and_then(Value::as_array) {
            let non_null: Vec<usize> = (0..branches.len())
                .filter(|i| !is_null_schema(&branches[*i]))
                .collect();
            let has_null = non_null.len() < branches.len();
            return Some((keyword, non_null, has_null));
        }
    }
    None
}

/// The scalar for `type: string` and its `format`.
pub(super) fn string_scalar(obj: &Map<String, Value>) -> Scalar {
    match obj.get("format").and_then(Value::as_str) {
        Some("date-time") => Scalar::DateTime,
        Some("date") => Scalar::Date,
        Some("uuid") => Scalar::Uuid,
        Some("ipv4") => Scalar::Ipv4,
        Some("ipv6") => Scalar::Ipv6,
        Some("binary") => Scalar::Binary,
        Some("byte") => Scalar::Byte,
        _ => Scalar::String,
    }
}

/// The scalar for `type: integer`: from `format`, or narrower when the bounds allow it.
/// The `format`s that make a `number` a whole number.
const INTEGER_FORMATS: &[&str] = &[
    "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64", "uint",
];

fn integer_scalar(obj: &Map<String, Value>, constraints: &Constraints) -> Scalar {
    let format = obj.get("format").and_then(Value::as_str);
    match format {
        Some("int32" | "int16" | "int8") => return Scalar::I32,
        Some("uint32" | "uint16" | "uint8") => return Scalar::U32,
        Some("uint64" | "uint") => return Scalar::U64,
        _ => {}
    }
    // The smallest and largest whole numbers the bounds allow.
    let low = constraints.minimum.map(|b| {
        if b.exclusive {
            b.value.floor() + 1.0
        } else {
            b.value.ceil()
        }
    });
    let high = constraints.maximum.map(|b| {
        if b.exclusive {
            b.value.ceil() - 1.0
        } else {
            b.value.floor()
        }
    });
    match (low, high) {
        (Some(low), Some(high)) if low >= f64::from(i32::MIN) && high <= f64::from(i32::MAX) => {
            Scalar::I32
        }
        (Some(low), Some(high)) if low >= 0.0 && high <= f64::from(u32::MAX) => Scalar::U32,
        _ => Scalar::I64,
    }
}

fn is_null_schema(value: &Value) -> bool {
    value.get("type").is_some_and(|t| type_list(t) == ["null"])
        || value
            .get("enum")
            .and_then(Value::as_array)
            .is_some_and(|v| v.len() == 1 && v[0].is_null())
}

/// The declared `type` of a property schema, following one `$ref`, for conflict checks.
fn schema_type(spec: &oasforge_spec::Spec, node: &NodeRef, value: &Value) -> Option<String> {
    let value = match value.get("$ref").and_then(Value::as_str) {
        Some(r) => spec.resolve(node.file, r).ok().and_then(|n| spec.get(&n))?,
        None => value,
    };
    let types: Vec<&str> = value
        .get("type")
        .map(type_list)?
        .into_iter()
        .filter(|t| *t != "null")
        .collect();
    Some(types.join("|"))
}

/// Whether a property schema allows `null` (`nullable: true` or a `null` type), following
/// one `$ref`, for conflict checks.
fn schema_nullable(spec: &oasforge_spec::Spec, node: &NodeRef, value: &Value) -> bool {
    let value = match value.get("$ref").and_then(Value::as_str) {
        Some(r) => match spec.resolve(node.file, r).ok().and_then(|n| spec.get(&n)) {
            Some(target) => target,
            None => return false,
        },
        None => value,
    };
    value.get("nullable") == Some(&Value::Bool(true))
        || value
            .get("type")
            .is_some_and(|t| type_list(t).contains(&"null"))
}

pub(super) fn origin(node: &NodeRef) -> String {
    if node.file.0 == 0 {
        node.pointer.to_string()
    } else {
        format!("file{}{}", node.file.0, node.pointer)
    }
}

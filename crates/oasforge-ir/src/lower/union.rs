//! `oneOf` / `anyOf` and 3.1 type lists → [`Union`] types.

use std::collections::HashSet;

use oasforge_spec::NodeRef;
use serde_json::{Map, Value};

use super::{docs_of, Lowerer, NodeExt};
use crate::names::{type_name, unique};
use crate::{LowerError, Scalar, TagStyle, Ty, TyKind, TypeKind, Union, UnionTag, UnionVariant};

impl Lowerer<'_> {
    /// A union from the non-null branches of `oneOf`/`anyOf`.
    pub(super) fn build_union(
        &mut self,
        node: &NodeRef,
        obj: &Map<String, Value>,
    ) -> Result<Union, LowerError> {
        let (keyword, non_null, _) =
            super::schema::union_branches(obj).unwrap_or(("oneOf", Vec::new(), false));
        let mut variants = Vec::with_capacity(non_null.len());
        // For each variant: the branch's schema (the `$ref` target, else the branch itself),
        // and the referenced component's key.
        let mut targets: Vec<(NodeRef, Option<String>)> = Vec::new();
        let mut taken = HashSet::new();
        for i in non_null {
            let branch = node.child(keyword).child(i.to_string());
            let ty = self.lower_schema(&branch)?;
            let value = self.value(&branch);
            let target = match value.get("$ref").and_then(Value::as_str) {
                Some(r) => Some(self.spec.resolve(branch.file, r)?),
                None => None,
            };
            let name = self.variant_name(&ty, value, target.as_ref());
            let docs = match &target {
                Some(t) => docs_of(self.value(t)),
                None => docs_of(value),
            };
            let key = target
                .as_ref()
                .and_then(|t| t.pointer.segments().last().cloned());
            variants.push(UnionVariant {
                name: unique(name, &mut taken),
                ty,
                boxed: false,
                tags: Vec::new(),
                docs,
            });
            targets.push((target.unwrap_or(branch), key));
        }
        let tag = match obj.get("discriminator") {
            Some(discriminator) => self.discriminate(node, discriminator, &mut variants, &targets),
            None => None,
        };
        if tag.is_none() {
            order_for_untagged(self, &mut variants);
        }
        Ok(Union {
            variants,
            tag,
            exclusive: keyword == "oneOf",
            fallback: None,
        })
    }

    /// The children of a component that declares a `discriminator` beside its own
    /// properties (no `oneOf`/`anyOf`): the components that extend it through `allOf`, and
    /// the `mapping` targets, each with the tag values that select it. Empty when the
    /// schema is not such a parent.
    pub(super) fn polymorphic_children(
        &self,
        node: &NodeRef,
        obj: &Map<String, Value>,
    ) -> Vec<(NodeRef, Vec<String>)> {
        let Some(discriminator) = obj.get("discriminator") else {
            return Vec::new();
        };
        if super::schema::union_branches(obj).is_some() {
            return Vec::new();
        }
        let Some(property) = discriminator.get("propertyName").and_then(Value::as_str) else {
            return Vec::new();
        };
        let base = super::root_node().child("components").child("schemas");
        let Some(components) = self.value(&base).as_object() else {
            return Vec::new();
        };
        let mapping = discriminator.get("mapping").and_then(Value::as_object);
        let resolve_mapped = |to: &str| {
            if to.contains('#') || to.contains('/') {
                self.spec.resolve(node.file, to).ok()
            } else {
                self.spec
                    .resolve(node.file, &format!("#/components/schemas/{to}"))
                    .ok()
            }
        };
        let mut children: Vec<NodeRef> = Vec::new();
        for (key, value) in components {
            let child = base.child(key);
            if &child == node {
                continue;
            }
            let extends = value
                .get("allOf")
                .and_then(Value::as_array)
                .is_some_and(|branches| {
                    branches.iter().any(|b| {
                        b.get("$ref")
                            .and_then(Value::as_str)
                            .and_then(|r| self.spec.resolve(child.file, r).ok())
                            .as_ref()
                            == Some(node)
                    })
                });
            if extends {
                children.push(child);
            }
        }
        for to in mapping.into_iter().flat_map(|m| m.values()) {
            if let Some(target) = to.as_str().and_then(resolve_mapped) {
                if &target != node
                    && !children.contains(&target)
                    && self.by_node.contains_key(&target)
                {
                    children.push(target);
                }
            }
        }
        children
            .into_iter()
            .map(|child| {
                let mut tags: Vec<String> = mapping
                    .into_iter()
                    .flatten()
                    .filter(|(_, to)| to.as_str().and_then(resolve_mapped).as_ref() == Some(&child))
                    .map(|(tag, _)| tag.clone())
                    .collect();
                if tags.is_empty() {
                    if let Some(value) = self.single_value(&child, property, 0) {
                        tags.push(value);
                    } else if let Some(key) = child.pointer.segments().last() {
                        tags.push(key.clone());
                    }
                }
                (child, tags)
            })
            .collect()
    }

    /// The union that stands for a parent schema with a discriminator (`Pet`) and the
    /// children that extend it through `allOf` (`Cat`, `Dog`): one variant per child, read
    /// by the tag, plus the parent's own struct (`PetBase`, selected by the parent's name or
    /// its mapping keys) which also reads values whose tag names no child. `None` (with a
    /// warning) when two kinds share a tag.
    pub(super) fn parent_union(
        &mut self,
        id: crate::TypeId,
        node: &NodeRef,
        obj: &Map<String, Value>,
        children: Vec<(NodeRef, Vec<String>)>,
    ) -> Result<Option<Union>, LowerError> {
        let property = obj
            .get("discriminator")
            .and_then(|d| d.get("propertyName"))
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        let own_key = node.pointer.segments().last().cloned().unwrap_or_default();
        let mut own_tags: Vec<String> = obj
            .get("discriminator")
            .and_then(|d| d.get("mapping"))
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
            .filter(|(_, to)| {
                to.as_str().is_some_and(|to| {
                    to == own_key || self.spec.resolve(node.file, to).ok().as_ref() == Some(node)
                })
            })
            .map(|(tag, _)| tag.clone())
            .collect();
        if own_tags.is_empty() {
            own_tags.push(own_key);
        }
        let mut seen = HashSet::new();
        if children
            .iter()
            .flat_map(|(_, tags)| tags)
            .chain(&own_tags)
            .any(|t| !seen.insert(t.clone()))
        {
            self.warn(
                &node.child("discriminator"),
                "two kinds of this parent share a discriminator value; generated as the parent's struct only (children read through it lose their own fields)",
            );
            return Ok(None);
        }
        let mut taken: HashSet<String> = HashSet::new();
        let mut variants = Vec::new();
        for (child, tags) in children {
            let child_id = self.by_node[&child];
            variants.push(UnionVariant {
                name: unique(self.type_names[child_id.0].clone(), &mut taken),
                ty: Ty::plain(TyKind::Named(child_id)),
                boxed: false,
                tags,
                docs: docs_of(self.value(&child)),
            });
        }
        // The parent's own struct, in a slot of its own (its node stays the union's).
        let base_id = crate::TypeId(self.types.len());
        let base_name = unique(format!("{}Base", self.type_names[id.0]), &mut self.taken);
        self.types.push(None);
        self.type_names.push(base_name.clone());
        let base = self.build_struct(node)?;
        self.types[base_id.0] = Some(crate::TypeDef {
            name: base_name,
            docs: docs_of(self.value(node)),
            origin: super::schema::origin(node),
            deprecated: false,
            kind: TypeKind::Struct(base),
        });
        let fallback = variants.len();
        variants.push(UnionVariant {
            name: unique(self.type_names[id.0].clone(), &mut taken),
            ty: Ty::plain(TyKind::Named(base_id)),
            boxed: false,
            tags: own_tags,
            docs: Default::default(),
        });
        let style = if self.declares_property(node, &property, 0) {
            TagStyle::Declared
        } else {
            TagStyle::Added
        };
        Ok(Some(Union {
            variants,
            tag: Some(UnionTag { property, style }),
            exclusive: true,
            fallback: Some(fallback),
        }))
    }

    /// A union from a 3.1 `type: [string, integer, …]` list.
    pub(super) fn type_list_union(
        &mut self,
        node: &NodeRef,
        obj: &Map<String, Value>,
    ) -> Result<Union, LowerError> {
        let mut variants = Vec::new();
        let mut taken = HashSet::new();
        for t in super::schema::type_union_list(obj) {
            let kind = match t {
                "string" => TyKind::Scalar(super::schema::string_scalar(obj)),
                "integer" => TyKind::Scalar(Scalar::I64),
                "number" => TyKind::Scalar(Scalar::F64),
                "boolean" => TyKind::Scalar(Scalar::Bool),
                "array" => match obj.get("items") {
                    Some(Value::Object(_)) => {
                        TyKind::Array(Box::new(self.lower_schema(&node.child("items"))?))
                    }
                    _ => TyKind::Array(Box::new(Ty::plain(TyKind::Any))),
                },
                _ => TyKind::Map(Box::new(Ty::plain(TyKind::Any))),
            };
            let ty = Ty::plain(kind);
            let name = kind_word(self, &ty);
            variants.push(UnionVariant {
                name: unique(name, &mut taken),
                ty,
                boxed: false,
                tags: Vec::new(),
                docs: Default::default(),
            });
        }
        order_for_untagged(self, &mut variants);
        Ok(Union {
            variants,
            tag: None,
            exclusive: true,
            fallback: None,
        })
    }

    /// The variant name of a branch: its schema's name, its `title`, or a word for its type.
    fn variant_name(&self, ty: &Ty, value: &Value, target: Option<&NodeRef>) -> String {
        if let (Some(_), TyKind::Named(id)) = (target, &ty.kind) {
            return self.type_names[id.0].clone();
        }
        if let Some(target) = target {
            if let Some(title) = self.value(target).get("title").and_then(Value::as_str) {
                return type_name(title);
            }
            if let Some(last) = target.pointer.segments().last() {
                return type_name(last);
            }
        }
        if let Some(title) = value.get("title").and_then(Value::as_str) {
            return type_name(title);
        }
        if let TyKind::Named(_) = ty.kind {
            // An inline object: name it after the property that sets it apart.
            if let Some(key) = super::naming::distinguishing_property(value) {
                return type_name(key);
            }
        }
        kind_word(self, ty)
    }

    /// Applies `discriminator` to the variants; `None` (with a warning) when the variants
    /// cannot carry the tag.
    ///
    /// A variant's tag values are the `mapping` keys that point at its schema; else the
    /// single value its schema allows for the property (`enum: [x]` or `const: x`); else
    /// the name of the component it refers to.
    fn discriminate(
        &mut self,
        node: &NodeRef,
        discriminator: &Value,
        variants: &mut [UnionVariant],
        targets: &[(NodeRef, Option<String>)],
    ) -> Option<UnionTag> {
        let property = discriminator.get("propertyName").and_then(Value::as_str)?;
        let mapping = discriminator.get("mapping").and_then(Value::as_object);
        for (variant, (target, key)) in variants.iter_mut().zip(targets) {
            if let Some(mapping) = mapping {
                for (tag, to) in mapping {
                    let Some(to) = to.as_str() else { continue };
                    let resolved = if to.contains('#') || to.contains('/') {
                        self.spec.resolve(node.file, to).ok()
                    } else {
                        self.spec
                            .resolve(node.file, &format!("#/components/schemas/{to}"))
                            .ok()
                    };
                    if resolved.as_ref() == Some(target) {
                        variant.tags.push(tag.clone());
                    }
                }
            }
            if variant.tags.is_empty() {
                if let Some(value) = self.single_value(target, property, 0) {
                    variant.tags.push(value);
                } else if let Some(key) = key {
                    variant.tags.push(key.clone());
                }
            }
        }
        if variants.iter().any(|v| v.tags.is_empty()) {
            self.warn(
                &node.child("discriminator"),
                "an inline alternative has no discriminator value (no mapping, no single `enum`/`const`); generated as an untagged enum",
            );
            return None;
        }
        let mut seen = HashSet::new();
        if variants
            .iter()
            .flat_map(|v| &v.tags)
            .any(|t| !seen.insert(t))
        {
            self.warn(
                &node.child("discriminator"),
                "two alternatives share a discriminator value; generated as an untagged enum",
            );
            return None;
        }
        let declared: Vec<bool> = targets
            .iter()
            .map(|(t, _)| self.declares_property(t, property, 0))
            .collect();
        let style = if declared.iter().all(|d| *d) {
            TagStyle::Declared
        } else if declared.iter().all(|d| !d) && variants.iter().all(|v| self.is_object_like(&v.ty))
        {
            TagStyle::Added
        } else {
            self.warn(
                &node.child("discriminator"),
                format!(
                    "only some alternatives declare `{property}`; generated as an untagged enum"
                ),
            );
            return None;
        };
        Some(UnionTag {
            property: property.to_owned(),
            style,
        })
    }

    /// The one string value the schema at `node` allows for `property` (`enum: [x]` or
    /// `const: x`), following `$ref` and `allOf`.
    fn single_value(&self, node: &NodeRef, property: &str, depth: usize) -> Option<String> {
        if depth > 16 {
            return None;
        }
        let value = self.value(node);
        if let Some(r) = value.get("$ref").and_then(Value::as_str) {
            let target = self.spec.resolve(node.file, r).ok()?;
            return self.single_value(&target, property, depth + 1);
        }
        if value
            .get("properties")
            .and_then(|p| p.get(property))
            .is_some()
        {
            let prop = node.child("properties").child(property);
            let prop = match self.value(&prop).get("$ref").and_then(Value::as_str) {
                Some(r) => self.spec.resolve(prop.file, r).ok()?,
                None => prop,
            };
            let schema = self.value(&prop);
            let single = match schema.get("enum").and_then(Value::as_array) {
                Some(values) if values.len() == 1 => values[0].as_str(),
                _ => schema.get("const").and_then(Value::as_str),
            };
            return single.map(str::to_owned);
        }
        let branches = value.get("allOf").and_then(Value::as_array)?;
        (0..branches.len()).find_map(|i| {
            self.single_value(
                &node.child("allOf").child(i.to_string()),
                property,
                depth + 1,
            )
        })
    }

    /// Whether the schema at `node` (following `$ref` and `allOf`) declares `property`.
    fn declares_property(&self, node: &NodeRef, property: &str, depth: usize) -> bool {
        if depth > 16 {
            return false;
        }
        let value = self.value(node);
        if let Some(r) = value.get("$ref").and_then(Value::as_str) {
            return self
                .spec
                .resolve(node.file, r)
                .is_ok_and(|t| self.declares_property(&t, property, depth + 1));
        }
        if value
            .get("properties")
            .and_then(Value::as_object)
            .is_some_and(|p| p.contains_key(property))
        {
            return true;
        }
        value
            .get("allOf")
            .and_then(Value::as_array)
            .is_some_and(|branches| {
                (0..branches.len()).any(|i| {
                    self.declares_property(
                        &node.child("allOf").child(i.to_string()),
                        property,
                        depth + 1,
                    )
                })
            })
    }

    /// Whether a type is written as a JSON object (so a tag can be added to it).
    fn is_object_like(&self, ty: &Ty) -> bool {
        if ty.nullable {
            return false;
        }
        match &ty.kind {
            TyKind::Map(_) => true,
            TyKind::Named(id) => match self.types.get(id.0).and_then(Option::as_ref) {
                Some(def) => match &def.kind {
                    TypeKind::Struct(_) => true,
                    TypeKind::Alias(inner) => self.is_object_like(inner),
                    _ => false,
                },
                // Still being built: only structs can be on a cycle through a union.
                None => true,
            },
            _ => false,
        }
    }
}

/// A word for a type, used as a variant name when nothing better is known.
fn kind_word(lowerer: &Lowerer<'_>, ty: &Ty) -> String {
    match &ty.kind {
        TyKind::Named(id) => lowerer.type_names[id.0].clone(),
        TyKind::Scalar(s) => match s {
            Scalar::String | Scalar::Binary | Scalar::Byte => "String",
            Scalar::DateTime => "DateTime",
            Scalar::Date => "Date",
            Scalar::Uuid => "Uuid",
            Scalar::Ipv4 => "Ipv4",
            Scalar::Ipv6 => "Ipv6",
            Scalar::Bool => "Boolean",
            Scalar::I32 | Scalar::I64 | Scalar::U32 | Scalar::U64 => "Integer",
            Scalar::F32 | Scalar::F64 => "Number",
        }
        .to_owned(),
        TyKind::Array(item) => format!("{}List", kind_word(lowerer, item)),
        TyKind::Map(_) => "Object".to_owned(),
        TyKind::Any => "Value".to_owned(),
    }
}

/// An untagged enum is read by trying variants in order, so the most specific come first:
/// integers before numbers (an integer is also a number), formatted strings before plain
/// ones, structs with more required fields before those with fewer, anything last.
fn order_for_untagged(lowerer: &Lowerer<'_>, variants: &mut [UnionVariant]) {
    let rank = |v: &UnionVariant| -> (u8, usize) {
        match &v.ty.kind {
            TyKind::Scalar(Scalar::F32 | Scalar::F64) => (1, 0),
            TyKind::Scalar(Scalar::String | Scalar::Binary | Scalar::Byte) => (2, 0),
            TyKind::Scalar(_) => (0, 0),
            TyKind::Named(id) => match lowerer.types.get(id.0).and_then(Option::as_ref) {
                Some(def) => match &def.kind {
                    TypeKind::Enum(_) | TypeKind::IntEnum(_) => (0, 0),
                    TypeKind::Struct(s) => {
                        let required = s.fields.iter().filter(|f| f.required).count();
                        (3, usize::MAX - required)
                    }
                    _ => (3, usize::MAX),
                },
                None => (3, usize::MAX),
            },
            TyKind::Array(_) => (3, usize::MAX),
            TyKind::Map(_) => (4, 0),
            TyKind::Any => (5, 0),
        }
    };
    variants.sort_by_key(|v| rank(v));
}

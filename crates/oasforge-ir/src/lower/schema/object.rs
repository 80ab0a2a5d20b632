//! Object schemas with their `allOf` branches merged into one [`ObjectView`]: properties,
//! `required`, `additionalProperties` and the conflicts between branches.

use super::*;

impl Lowerer<'_> {
    /// Whether a boolean keyword (`readOnly`, `writeOnly`) is set on the schema at `node`
    /// or on what it refers to (`$ref`, `allOf` branches): a property that refers to a
    /// read-only schema is read-only.
    pub(in crate::lower) fn flag_through(&self, node: &NodeRef, key: &str, depth: usize) -> bool {
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

    pub(in crate::lower) fn build_struct(&mut self, node: &NodeRef) -> Result<Struct, LowerError> {
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
    pub(in crate::lower) fn collect_object(
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
    pub(in crate::lower) fn branch_view(
        &mut self,
        node: &NodeRef,
    ) -> Result<Rc<ObjectView>, LowerError> {
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
    pub(in crate::lower) fn merge_property(
        &mut self,
        view: &mut ObjectView,
        name: &str,
        prop: &NodeRef,
        top: bool,
    ) {
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
    pub(in crate::lower) fn merge_view(&mut self, view: &mut ObjectView, branch: &ObjectView) {
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
    pub(in crate::lower) fn merged_property(
        &mut self,
        name: &str,
        nodes: &[NodeRef],
    ) -> Result<Ty, LowerError> {
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

    pub(in crate::lower) fn collect_object_inner(
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
}

/// The constraints that apply to an object as a whole (the rest belong to its properties).
pub(in crate::lower) fn object_constraints(all: Constraints) -> Constraints {
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
pub(in crate::lower) fn has_required(obj: &Map<String, Value>) -> bool {
    obj.get("required")
        .and_then(Value::as_array)
        .is_some_and(|r| !r.is_empty())
}

/// The one `allOf` branch that is more than an annotation (documentation, flags,
/// examples, extensions), when there is exactly one.
pub(in crate::lower) fn single_branch(branches: &[Value]) -> Option<usize> {
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
pub(in crate::lower) const STRUCTURAL: &[&str] = &[
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

/// The declared `type` of a property schema, following one `$ref`, for conflict checks.
pub(in crate::lower) fn schema_type(
    spec: &oasforge_spec::Spec,
    node: &NodeRef,
    value: &Value,
) -> Option<String> {
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
pub(in crate::lower) fn schema_nullable(
    spec: &oasforge_spec::Spec,
    node: &NodeRef,
    value: &Value,
) -> bool {
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

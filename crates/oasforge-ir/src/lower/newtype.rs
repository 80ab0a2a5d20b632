//! Constrained newtypes for inline scalar properties.
//!
//! A property written inline as a constrained string or number (`id: {type: string,
//! pattern: ^as-…$, maxLength: 64}`) becomes a named alias of the constrained scalar,
//! which the emitters turn into a newtype whose constructors check the constraints (as
//! they do for a named `components/schemas` scalar). The name comes from where the
//! property sits (`AssignPermissionOkId`), and identical inline schemas share one type,
//! as inline structs do.

use super::{docs_of, Lowerer};
use crate::{Constraints, Ty, TyKind, TypeDef, TypeKind};
use oasforge_spec::{FileId, NodeRef};

impl Lowerer<'_> {
    /// The type of the property at `node`, whose schema lowered to `ty`: a use of a
    /// constrained newtype when the property is an inline constrained scalar without a
    /// `default` (a defaulted field keeps its plain type, whose default needs no check at
    /// run time), `ty` unchanged otherwise.
    pub(super) fn property_newtype(&mut self, node: &NodeRef, ty: Ty) -> Ty {
        let TyKind::Scalar(scalar) = ty.kind else {
            return ty;
        };
        let value = self.value(node);
        let inline = value.as_object().is_some_and(|o| !o.contains_key("$ref"));
        if !inline || ty.constraints.default.is_some() || !ty.constraints.checks_scalar(scalar) {
            return ty;
        }
        let id = if let Some(id) = self.by_node.get(node) {
            *id
        } else {
            // Shared with identical inline schemas, keyed as `inline_type` keys them (a
            // scalar schema never has the shape of a struct or enum schema; it has no `$ref`).
            let shape = (FileId(0), super::shape::Shape::of(value).0);
            match self.by_shape.get(&shape) {
                Some(id) => {
                    let id = *id;
                    self.by_node.insert(node.clone(), id);
                    id
                }
                None => {
                    let name = self.inline_name(node);
                    let id = self.reserve(node.clone(), name);
                    self.by_shape.insert(shape, id);
                    self.types[id.0] = Some(TypeDef {
                        name: self.type_names[id.0].clone(),
                        docs: docs_of(value),
                        origin: super::schema::origin(node),
                        // The field carries `deprecated`; the value type is not deprecated.
                        deprecated: false,
                        kind: TypeKind::Alias(Box::new(Ty {
                            kind: ty.kind.clone(),
                            nullable: false,
                            constraints: ty.constraints.clone(),
                        })),
                    });
                    id
                }
            }
        };
        Ty {
            kind: TyKind::Named(id),
            nullable: ty.nullable,
            constraints: Constraints::none(),
        }
    }
}

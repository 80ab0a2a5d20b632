//! Nesting depth consistent with what compiles: a Rust type expression nested deeper than
//! rustc's trait solver follows (the `Deserialize` of `Vec<Vec<…>>` is solved one level at a
//! time, within `recursion_limit`) is a located error instead of code that does not build.

use oasforge_spec::{FileId, JsonPointer, NodeRef};

use super::Lowerer;
use crate::{Api, LowerError, Ty, TyKind, TypeId, TypeKind};

/// The deepest type expression accepted: `Vec`, map and `Option` wrappers, and aliases
/// expanded in place, each count one. Well below rustc's default `recursion_limit` (128).
pub(crate) const MAX_TYPE_NESTING: usize = 64;

/// The nesting of `ty`, counted up to `MAX_TYPE_NESTING + 1` (so the walk stays short
/// whatever the document).
fn depth(api: &Api, ty: &Ty, used: usize) -> usize {
    let used = used + usize::from(ty.nullable);
    if used > MAX_TYPE_NESTING {
        return used;
    }
    match &ty.kind {
        TyKind::Array(inner) | TyKind::Map(inner) => depth(api, inner, used + 1),
        TyKind::Named(id) => match &api.types.get(id.0).map(|t| &t.kind) {
            Some(TypeKind::Alias(inner)) => depth(api, inner, used + 1),
            _ => used,
        },
        _ => used,
    }
}

impl Lowerer<'_> {
    /// A located error for the first type (then operation) whose Rust type is nested more
    /// than [`MAX_TYPE_NESTING`] levels.
    pub(super) fn check_nesting(&self, api: &Api) -> Result<(), LowerError> {
        let too_deep = |node: NodeRef, found: usize| {
            LowerError::Invalid {
            node,
            expected: format!(
                "types nested at most {MAX_TYPE_NESTING} levels (lists, maps, nullables and aliases of them), as rustc compiles them"
            ),
            found: format!("more than {}", found.min(MAX_TYPE_NESTING)),
        }
        };
        for (i, def) in api.types.iter().enumerate() {
            let tys: Vec<&Ty> = match &def.kind {
                TypeKind::Struct(s) => s.fields.iter().map(|f| &f.ty).collect(),
                TypeKind::Alias(inner) => vec![inner.as_ref()],
                TypeKind::Union(u) => u.variants.iter().map(|v| &v.ty).collect(),
                TypeKind::Tuple(items) => items.iter().collect(),
                TypeKind::Enum(_) | TypeKind::IntEnum(_) => Vec::new(),
            };
            for ty in tys {
                let found = depth(api, ty, 0);
                if found > MAX_TYPE_NESTING {
                    return Err(too_deep(self.node_of(TypeId(i)), found));
                }
            }
        }
        for op in &api.operations {
            let tys = op
                .params
                .iter()
                .map(|p| &p.ty)
                .chain(op.body.iter().map(|b| &b.ty))
                .chain(
                    op.responses
                        .iter()
                        .filter_map(|r| r.body.as_ref().map(|b| &b.ty)),
                );
            for ty in tys {
                let found = depth(api, ty, 0);
                if found > MAX_TYPE_NESTING {
                    let node = NodeRef {
                        file: FileId(0),
                        pointer: JsonPointer::root()
                            .join("paths")
                            .join(&op.path)
                            .join(op.method.key()),
                    };
                    return Err(too_deep(node, found));
                }
            }
        }
        Ok(())
    }
}

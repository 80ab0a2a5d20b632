//! Operation selection: a pass over a lowered [`Api`] that keeps the operations a user asked
//! for (by tag, `operationId` or path glob) and only the named types they reach.
//!
//! Names were decided over the whole document before selection, so a selection renames
//! nothing: a type or operation has the same name whether or not its neighbours are kept.

use std::collections::BTreeSet;

use crate::{Additional, Api, Operation, Ty, TyKind, TypeId, TypeKind};

/// Which operations to generate. An operation is kept when it matches any of the lists (a
/// tag it carries, its `operationId`, or its path against a glob); an empty selection keeps
/// everything.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    /// Tags, as written in the document.
    pub tags: Vec<String>,
    /// `operationId`s as written (an operation without one is matched by its generated
    /// method name).
    pub operations: Vec<String>,
    /// Path globs over the path template as written: `*` matches within one segment (no
    /// `/`), `**` matches anything, every other character itself (`/pets/*`, `/admin/**`).
    pub paths: Vec<String>,
}

impl Selection {
    /// Whether nothing is selected, which keeps every operation.
    pub fn is_empty(&self) -> bool {
        self.tags.is_empty() && self.operations.is_empty() && self.paths.is_empty()
    }

    /// Whether `op` is selected (always, for an empty selection).
    pub fn matches(&self, op: &Operation) -> bool {
        self.is_empty()
            || op.tags.iter().any(|t| self.tags.contains(t))
            || self.operations.iter().any(|id| match &op.operation_id {
                Some(op_id) => op_id == id,
                None => op.name == *id,
            })
            || self.paths.iter().any(|glob| glob_matches(glob, &op.path))
    }
}

/// What a selection left out of an [`Api`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LeftOut {
    /// The operations not selected, as `METHOD /path` lines, in document order.
    pub operations: Vec<String>,
    /// The names of the types no selected operation reaches, in type order.
    pub types: Vec<String>,
    /// The security schemes no selected operation uses.
    pub security_schemes: Vec<String>,
    /// Entries of the selection that matched no operation (`tag x`, `operation y`,
    /// `path z`): most likely misspelt.
    pub unmatched: Vec<String>,
}

/// Keeps the operations `selection` matches, the named types they reach (through
/// parameters, bodies, responses and response headers, then through the types' own fields,
/// variants and items), and the security schemes they use; renumbers the kept types in their
/// original order. Returns what was left out. An empty selection changes nothing.
pub fn select(api: &mut Api, selection: &Selection) -> LeftOut {
    let mut left_out = LeftOut::default();
    if selection.is_empty() {
        return left_out;
    }
    for tag in &selection.tags {
        if !api.operations.iter().any(|op| op.tags.contains(tag)) {
            left_out.unmatched.push(format!("tag `{tag}`"));
        }
    }
    for id in &selection.operations {
        let only = Selection {
            operations: vec![id.clone()],
            ..Selection::default()
        };
        if !api.operations.iter().any(|op| only.matches(op)) {
            left_out.unmatched.push(format!("operation `{id}`"));
        }
    }
    for glob in &selection.paths {
        if !api.operations.iter().any(|op| glob_matches(glob, &op.path)) {
            left_out.unmatched.push(format!("path `{glob}`"));
        }
    }
    let (kept, dropped): (Vec<Operation>, Vec<Operation>) = std::mem::take(&mut api.operations)
        .into_iter()
        .partition(|op| selection.matches(op));
    left_out.operations = dropped
        .iter()
        .map(|op| format!("{} {}", op.method, op.path))
        .collect();
    api.operations = kept;
    // Webhooks stay; a callback goes with the operation that registers it.
    let kept_names: BTreeSet<&str> = api.operations.iter().map(|op| op.name.as_str()).collect();
    api.webhooks.retain(|w| match &w.source {
        crate::WebhookSource::Webhook { .. } => true,
        crate::WebhookSource::Callback { operation, .. } => kept_names.contains(operation.as_str()),
    });

    // The named types reached, found by a walk from the operations' types.
    let mut reached = vec![false; api.types.len()];
    let mut pending: Vec<TypeId> = Vec::new();
    for op in &api.operations {
        let tys = op
            .params
            .iter()
            .map(|p| &p.ty)
            .chain(op.body.as_ref().map(|b| &b.ty))
            .chain(op.responses.iter().flat_map(|r| {
                r.body
                    .as_ref()
                    .map(|b| &b.ty)
                    .into_iter()
                    .chain(r.headers.iter().map(|h| &h.ty))
            }));
        for ty in tys {
            named_in(ty, &mut pending);
        }
    }
    for w in &api.webhooks {
        if let Some(b) = &w.payload {
            named_in(&b.ty, &mut pending);
        }
    }
    while let Some(id) = pending.pop() {
        if std::mem::replace(&mut reached[id.0], true) {
            continue;
        }
        for ty in type_uses(&api.types[id.0].kind) {
            named_in(ty, &mut pending);
        }
    }

    // Renumber: old index → new index, in the original order.
    let mut new_index = vec![None; api.types.len()];
    let mut next = 0;
    for (old, keep) in reached.iter().enumerate() {
        if *keep {
            new_index[old] = Some(TypeId(next));
            next += 1;
        }
    }
    let types = std::mem::take(&mut api.types);
    for (def, keep) in types.into_iter().zip(&reached) {
        if *keep {
            api.types.push(def);
        } else {
            left_out.types.push(def.name);
        }
    }
    let renumber = |ty: &mut Ty| renumber_ty(ty, &new_index);
    for def in &mut api.types {
        for_each_use_mut(&mut def.kind, &mut |ty| renumber(ty));
    }
    for op in &mut api.operations {
        for p in &mut op.params {
            renumber(&mut p.ty);
        }
        if let Some(b) = &mut op.body {
            renumber(&mut b.ty);
        }
        for r in &mut op.responses {
            if let Some(b) = &mut r.body {
                renumber(&mut b.ty);
            }
            for h in &mut r.headers {
                renumber(&mut h.ty);
            }
        }
    }

    for w in &mut api.webhooks {
        if let Some(b) = &mut w.payload {
            renumber(&mut b.ty);
        }
    }

    let used: BTreeSet<&str> = api
        .operations
        .iter()
        .flat_map(|op| op.security.iter().flatten())
        .map(String::as_str)
        .collect();
    let (schemes, unused): (Vec<_>, Vec<_>) = std::mem::take(&mut api.security_schemes)
        .into_iter()
        .partition(|s| used.contains(s.key.as_str()));
    left_out.security_schemes = unused.into_iter().map(|s| s.key).collect();
    api.security_schemes = schemes;
    left_out
}

/// Pushes the named types `ty` refers to (through arrays and maps).
fn named_in(ty: &Ty, out: &mut Vec<TypeId>) {
    match &ty.kind {
        TyKind::Named(id) => out.push(*id),
        TyKind::Array(inner) | TyKind::Map(inner) => named_in(inner, out),
        TyKind::Scalar(_) | TyKind::Any => {}
    }
}

/// The uses of other types in a type's definition.
fn type_uses(kind: &TypeKind) -> Vec<&Ty> {
    match kind {
        TypeKind::Struct(s) => {
            let mut uses: Vec<&Ty> = s.fields.iter().map(|f| &f.ty).collect();
            if let Additional::Map(ty) = &s.additional {
                uses.push(ty);
            }
            uses
        }
        TypeKind::Alias(ty) => vec![ty],
        TypeKind::Union(u) => u.variants.iter().map(|v| &v.ty).collect(),
        TypeKind::Tuple(items) => items.iter().collect(),
        TypeKind::Enum(_) | TypeKind::IntEnum(_) => Vec::new(),
    }
}

/// Calls `f` on every use of another type in a type's definition.
fn for_each_use_mut(kind: &mut TypeKind, f: &mut dyn FnMut(&mut Ty)) {
    match kind {
        TypeKind::Struct(s) => {
            for field in &mut s.fields {
                f(&mut field.ty);
            }
            if let Additional::Map(ty) = &mut s.additional {
                f(ty);
            }
        }
        TypeKind::Alias(ty) => f(ty),
        TypeKind::Union(u) => {
            for v in &mut u.variants {
                f(&mut v.ty);
            }
        }
        TypeKind::Tuple(items) => items.iter_mut().for_each(f),
        TypeKind::Enum(_) | TypeKind::IntEnum(_) => {}
    }
}

/// Points a use at the renumbered type. Every type a kept use names was reached, so it has
/// a new index.
fn renumber_ty(ty: &mut Ty, new_index: &[Option<TypeId>]) {
    match &mut ty.kind {
        TyKind::Named(id) => {
            if let Some(new) = new_index[id.0] {
                *id = new;
            }
        }
        TyKind::Array(inner) | TyKind::Map(inner) => renumber_ty(inner, new_index),
        TyKind::Scalar(_) | TyKind::Any => {}
    }
}

/// Whether `path` matches `glob`: `**` matches any text, `*` any text without `/`, every
/// other character itself.
pub fn glob_matches(glob: &str, path: &str) -> bool {
    fn go(glob: &[u8], path: &[u8]) -> bool {
        match glob {
            [] => path.is_empty(),
            [b'*', b'*', rest @ ..] => (0..=path.len()).any(|i| go(rest, &path[i..])),
            [b'*', rest @ ..] => {
                let segment = path.iter().position(|&c| c == b'/').unwrap_or(path.len());
                (0..=segment).any(|i| go(rest, &path[i..]))
            }
            [c, rest @ ..] => path.first() == Some(c) && go(rest, &path[1..]),
        }
    }
    go(glob.as_bytes(), path.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::glob_matches;

    #[test]
    fn globs_match_segments_and_subtrees() {
        assert!(glob_matches("/pets", "/pets"));
        assert!(!glob_matches("/pets", "/pets/{id}"));
        assert!(glob_matches("/pets/*", "/pets/{id}"));
        assert!(!glob_matches("/pets/*", "/pets/{id}/photos"));
        assert!(glob_matches("/pets/**", "/pets/{id}/photos"));
        assert!(glob_matches("/*/{id}", "/pets/{id}"));
        assert!(glob_matches("**photos", "/pets/{id}/photos"));
        assert!(!glob_matches("/users/**", "/pets/{id}"));
    }
}

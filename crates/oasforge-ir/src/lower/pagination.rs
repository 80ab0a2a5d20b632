//! Token pagination: which operations page through a listing, and with which fields.

use serde_json::Value;

use crate::{Api, Operation, Pagination, ParamLocation, Status, TyKind, TypeKind};

/// The extension that names the pair explicitly on an operation.
const EXTENSION: &str = "x-oasforge-pagination";

/// Query parameters that carry the token of the page to fetch.
const TOKEN_PARAMS: &[&str] = &[
    "paginationtoken",
    "pagetoken",
    "page_token",
    "nextpagetoken",
    "cursor",
    "after",
    "continuationtoken",
    "continuation_token",
    "starting_after",
];

/// Response fields that carry the token of the next page.
const NEXT_FIELDS: &[&str] = &[
    "nextpagetoken",
    "next_page_token",
    "nextcursor",
    "next_cursor",
    "nexttoken",
    "next_token",
    "continuationtoken",
    "continuation_token",
    "next",
];

/// Response fields that carry the items of a page.
const ITEM_FIELDS: &[&str] = &["items", "data", "results", "values", "entries"];

/// Sets [`Operation::pagination`] on every operation that pages: named by the extension
/// (`{tokenParam, nextToken, items}`, wire names), else found by the common names above.
pub(super) fn detect(api: &mut Api, root: &Value) {
    let found: Vec<Option<Pagination>> = api
        .operations
        .iter()
        .map(|op| {
            let named = root
                .get("paths")
                .and_then(|p| p.get(&op.path))
                .and_then(|item| item.get(op.method.to_ascii_lowercase()))
                .and_then(|o| o.get(EXTENSION));
            find(api, op, named)
        })
        .collect();
    for (op, pagination) in api.operations.iter_mut().zip(found) {
        op.pagination = pagination;
    }
}

fn find(api: &Api, op: &Operation, named: Option<&Value>) -> Option<Pagination> {
    let named_text = |key: &str| named.and_then(|n| n.get(key)).and_then(Value::as_str);
    let matches = |wire: &str, explicit: Option<&str>, candidates: &[&str]| match explicit {
        Some(e) => wire == e,
        None => named.is_none() && candidates.contains(&wire.to_ascii_lowercase().as_str()),
    };
    let token_param = op.params.iter().position(|p| {
        p.location == ParamLocation::Query
            && matches!(p.ty.kind, TyKind::Scalar(crate::Scalar::String))
            && matches(&p.wire_name, named_text("tokenParam"), TOKEN_PARAMS)
    })?;
    // The first success response with a body.
    let response = op.responses.iter().position(|r| {
        r.body.is_some() && matches!(r.status, Status::Code(200..=299) | Status::Range(2))
    })?;
    let body = op.responses[response].body.as_ref()?;
    let TyKind::Named(id) = body.ty.kind else {
        return None;
    };
    let TypeKind::Struct(s) = &api.type_def(id).kind else {
        return None;
    };
    let next_token_field = s.fields.iter().position(|f| {
        matches!(f.ty.kind, TyKind::Scalar(crate::Scalar::String))
            && matches(&f.wire_name, named_text("nextToken"), NEXT_FIELDS)
    })?;
    let items_field = s.fields.iter().position(|f| {
        matches!(f.ty.kind, TyKind::Array(_))
            && matches(&f.wire_name, named_text("items"), ITEM_FIELDS)
    })?;
    Some(Pagination {
        token_param,
        response,
        next_token_field,
        items_field,
    })
}

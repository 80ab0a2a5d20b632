//! Pagination: which operations page through a listing, and how the next page is asked for.

use oasforge_spec::{FileId, JsonPointer, NodeRef};
use serde_json::Value;

use crate::error::Finding;
use crate::{
    Api, HttpMethod, Operation, PageKind, Pagination, Param, ParamLocation, Scalar, Status, Struct,
    Ty, TyKind, TypeKind,
};

/// The extension that names the parameters and fields explicitly on an operation.
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

/// Query parameters that carry the number of items to skip.
const OFFSET_PARAMS: &[&str] = &[
    "offset",
    "skip",
    "$skip",
    "start",
    "startindex",
    "start_index",
];

/// Query parameters that carry the number of the page to fetch.
const PAGE_PARAMS: &[&str] = &["page", "pagenumber", "page_number", "pagenum", "page_num"];

/// Query parameters that carry the page size.
const LIMIT_PARAMS: &[&str] = &[
    "limit",
    "pagesize",
    "page_size",
    "per_page",
    "perpage",
    "size",
    "count",
    "$top",
    "top",
    "maxresults",
    "max_results",
];

/// Response fields that carry the total number of items.
const TOTAL_FIELDS: &[&str] = &[
    "total",
    "totalcount",
    "total_count",
    "totalitems",
    "total_items",
    "totalresults",
    "total_results",
    "totalsize",
    "total_size",
];

/// Response fields that carry the items of a page.
const ITEM_FIELDS: &[&str] = &["items", "data", "results", "values", "entries"];

/// The keys `x-oasforge-pagination` may have.
const KEYS: &[&str] = &[
    "tokenParam",
    "nextToken",
    "offsetParam",
    "limitParam",
    "total",
    "pageParam",
    "items",
];

/// Sets [`Operation::pagination`] on every operation that pages: named by the extension,
/// else found by the common names above (offset and page numbers only on `GET`, where
/// re-sending a request is harmless). Returns a warning for each extension whose shape is
/// not one of those documented, or that names nothing the operation has.
pub(super) fn detect(api: &mut Api, root: &Value) -> Vec<Finding> {
    let mut warnings = Vec::new();
    let found: Vec<Option<Pagination>> = api
        .operations
        .iter()
        .map(|op| {
            let method = op.method.key();
            let named = root
                .get("paths")
                .and_then(|p| p.get(&op.path))
                .and_then(|item| item.get(method))
                .and_then(|o| o.get(EXTENSION));
            let node = || NodeRef {
                file: FileId(0),
                pointer: JsonPointer::root()
                    .join("paths")
                    .join(&op.path)
                    .join(method)
                    .join(EXTENSION),
            };
            let named = match named {
                Some(Value::Object(map)) => {
                    let unknown: Vec<&str> = map
                        .iter()
                        .filter(|(k, v)| !KEYS.contains(&k.as_str()) || !v.is_string())
                        .map(|(k, _)| k.as_str())
                        .collect();
                    if !unknown.is_empty() {
                        warnings.push(Finding {
                            node: node(),
                            message: format!(
                                "`{EXTENSION}`: {} not understood (expected string values for {}); the rest is used",
                                unknown.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", "),
                                KEYS.join(", ")
                            ),
                        });
                    }
                    named
                }
                Some(other) => {
                    warnings.push(Finding {
                        node: node(),
                        message: format!(
                            "`{EXTENSION}` is {} instead of a mapping of {}: ignored",
                            super::describe(other),
                            KEYS.join(", ")
                        ),
                    });
                    None
                }
                None => None,
            };
            let pagination = find(api, op, named);
            if named.is_some() && pagination.is_none() {
                warnings.push(Finding {
                    node: node(),
                    message: format!(
                        "`{EXTENSION}` names no paging this operation has (its query parameters and response fields do not match); no stream is generated"
                    ),
                });
            }
            pagination
        })
        .collect();
    for (op, pagination) in api.operations.iter_mut().zip(found) {
        op.pagination = pagination;
    }
    warnings
}

/// How a parameter or field is recognised: by the name the extension gives, or (without the
/// extension) by one of the common names.
struct Names<'v> {
    named: Option<&'v Value>,
}

impl Names<'_> {
    /// Whether `wire` is the one the extension names under `key`, or, when there is no
    /// extension, one of `common` (case-insensitive).
    fn matches(&self, wire: &str, key: &str, common: &[&str]) -> bool {
        match self.named {
            Some(named) => named.get(key).and_then(Value::as_str) == Some(wire),
            None => common.contains(&wire.to_ascii_lowercase().as_str()),
        }
    }
}

fn find(api: &Api, op: &Operation, named: Option<&Value>) -> Option<Pagination> {
    let names = Names { named };
    // The first success response with a body.
    let response = op.responses.iter().position(|r| {
        r.body.is_some() && matches!(r.status, Status::Code(200..=299) | Status::Range(2))
    })?;
    let body = &op.responses[response].body.as_ref()?.ty;
    let page: Option<&Struct> = match body.kind {
        TyKind::Named(id) => match &api.type_def(id).kind {
            TypeKind::Struct(s) => Some(s),
            _ => None,
        },
        _ => None,
    };
    let items_field =
        match page {
            Some(s) => Some(s.fields.iter().position(|f| {
                is_array(&f.ty) && names.matches(&f.wire_name, "items", ITEM_FIELDS)
            })?),
            // A body that is the array of items itself.
            None if is_array(body) => None,
            None => return None,
        };
    let query = |key: &str, common: &[&str], fits: fn(&Ty) -> bool| {
        op.params
            .iter()
            .position(|p| is_query(p) && fits(&p.ty) && names.matches(&p.wire_name, key, common))
    };
    let limit_param = || query("limitParam", LIMIT_PARAMS, is_integer);
    let token = page.and_then(|s| {
        let token_param = query("tokenParam", TOKEN_PARAMS, is_string)?;
        let next_token_field = s.fields.iter().position(|f| {
            is_string(&f.ty) && names.matches(&f.wire_name, "nextToken", NEXT_FIELDS)
        })?;
        Some(PageKind::Token {
            token_param,
            next_token_field,
        })
    });
    // Guessing offsets and page numbers is for reads only.
    let guessable = named.is_some() || op.method == HttpMethod::Get;
    let kind = token
        .or_else(|| {
            let offset_param = query("offsetParam", OFFSET_PARAMS, is_integer)?;
            Some(PageKind::Offset {
                offset_param,
                limit_param: limit_param(),
                total_field: page.and_then(|s| {
                    s.fields.iter().position(|f| {
                        is_integer(&f.ty) && names.matches(&f.wire_name, "total", TOTAL_FIELDS)
                    })
                }),
            })
        })
        .or_else(|| {
            let page_param = query("pageParam", PAGE_PARAMS, is_integer)?;
            Some(PageKind::Page {
                page_param,
                limit_param: limit_param(),
            })
        })
        .filter(|kind| guessable || matches!(kind, PageKind::Token { .. }))?;
    if matches!(kind, PageKind::Token { .. }) && items_field.is_none() {
        return None;
    }
    Some(Pagination {
        response,
        items_field,
        kind,
    })
}

fn is_query(p: &Param) -> bool {
    p.location == ParamLocation::Query
}

fn is_array(ty: &Ty) -> bool {
    matches!(ty.kind, TyKind::Array(_))
}

fn is_string(ty: &Ty) -> bool {
    matches!(ty.kind, TyKind::Scalar(s) if s.is_text())
}

fn is_integer(ty: &Ty) -> bool {
    matches!(
        ty.kind,
        TyKind::Scalar(Scalar::I32 | Scalar::I64 | Scalar::U32 | Scalar::U64)
    )
}

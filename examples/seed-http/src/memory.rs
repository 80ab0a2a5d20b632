//! In-memory implementations of the generated server traits, for the example server, the
//! round-trip tests and the conformance run.

use std::collections::BTreeMap;
use std::sync::Mutex;

use chrono::Utc;

use crate::authentik::models::{GenericError, PermissionAssignResult, ValidationError};
use crate::authentik::operations::{
    RbacPermissionsAssignedByUsersAssignInput, RbacPermissionsAssignedByUsersAssignResponse,
};
use crate::dfns::models::{
    AssignPermissionOk, AssignPermissionOkId, AssignPermissionOkPermissionId,
    ChangeRequestRequester, ListPermissionAssignmentsOk, ListPermissionAssignmentsOkItem,
    ListPermissionAssignmentsOkItemPendingChangeRequest,
    ListPermissionAssignmentsOkItemPendingChangeRequestBody,
    ListPermissionAssignmentsOkItemPendingChangeRequestKind,
    ListPermissionAssignmentsOkItemPendingChangeRequestOperationKind,
    ListPermissionAssignmentsOkItemPendingChangeRequestStatus,
};
use crate::dfns::operations::{
    AssignPermissionInput, AssignPermissionResponse, ListPermissionAssignmentsInput,
    ListPermissionAssignmentsResponse,
};

/// A permission whose assignments need approval: assigning it answers `202` with a pending
/// change request.
pub const APPROVAL_PERMISSION: &str = "pm-4pprv-00000-00000000000001";

/// A Dfns-shaped ID from a counter (`as-00000-00000-00000000000042`), as the generated ID
/// type, whose constructor checks the documented pattern.
fn dfns_id<T: std::str::FromStr>(prefix: &str, n: u64) -> Result<T, T::Err> {
    format!("{prefix}-00000-00000-{n:014}").parse()
}

#[derive(Default)]
struct DfnsState {
    /// Assignments in creation order.
    assignments: Vec<AssignPermissionOk>,
    /// Pending change requests.
    changes: Vec<ListPermissionAssignmentsOkItemPendingChangeRequest>,
    counter: u64,
}

/// The Dfns permission assignments, in memory. Every permission ID of the documented shape
/// (`pm-xxxxx-xxxxx-xxxxxxxxxxxxxx`) exists; [`APPROVAL_PERMISSION`] needs approval. Requests
/// must carry the store's bearer token (else `401`).
pub struct DfnsStore {
    token: String,
    state: Mutex<DfnsState>,
}

impl DfnsStore {
    /// An empty store that accepts the bearer token `token`.
    pub fn new(token: impl Into<String>) -> Self {
        Self {
            token: token.into(),
            state: Mutex::default(),
        }
    }

    fn check(
        &self,
        credentials: &crate::dfns::operations::Credentials,
    ) -> Result<(), crate::dfns::server::HandlerError> {
        match credentials.authentication_token.as_deref() {
            Some(token) if token == self.token => Ok(()),
            _ => Err(crate::dfns::server::HandlerError::Unauthorized),
        }
    }

    fn state(&self) -> std::sync::MutexGuard<'_, DfnsState> {
        // A panic while holding the lock leaves consistent data (every change is one push).
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

fn violation(pointer: &str, rule: &'static str, value: &str) -> crate::dfns::operations::Violation {
    crate::dfns::operations::Violation {
        pointer: pointer.to_owned(),
        rule,
        limit: "true".to_owned(),
        value: value.to_owned(),
    }
}

impl crate::dfns::server::Api for DfnsStore {
    async fn assign_permission(
        &self,
        input: AssignPermissionInput,
        credentials: crate::dfns::operations::Credentials,
        _request: axum::http::request::Parts,
    ) -> Result<AssignPermissionResponse, crate::dfns::server::HandlerError> {
        use crate::dfns::server::HandlerError;
        self.check(&credentials)?;
        let Some(body) = input.body else {
            return Err(HandlerError::Invalid(vec![violation(
                "/body",
                "required",
                "no identity to assign to",
            )]));
        };
        // Every ID of the documented shape exists; the ID type checks the shape.
        let Ok(permission_id) = input
            .permission_id
            .parse::<AssignPermissionOkPermissionId>()
        else {
            return Err(HandlerError::NotFound);
        };
        let mut state = self.state();
        state.counter += 1;
        let n = state.counter;
        let now = Utc::now();
        if input.permission_id == APPROVAL_PERMISSION {
            let change = ListPermissionAssignmentsOkItemPendingChangeRequest {
                id: dfns_id("cr", n)?,
                requester: ChangeRequestRequester {
                    user_id: "us-memory".to_owned(),
                    token_id: None,
                    app_id: None,
                    additional_properties: Default::default(),
                },
                status: ListPermissionAssignmentsOkItemPendingChangeRequestStatus::Pending,
                entity_id: dfns_id::<AssignPermissionOkId>("as", n)?.to_string(),
                date_created: now,
                date_resolved: None,
                approval_id: Some(dfns_id("ap", n)?),
                kind: ListPermissionAssignmentsOkItemPendingChangeRequestKind::Assignment,
                operation_kind:
                    ListPermissionAssignmentsOkItemPendingChangeRequestOperationKind::Create,
                body: ListPermissionAssignmentsOkItemPendingChangeRequestBody {
                    id: dfns_id("as", n)?,
                    permission_id,
                    identity_id: body.identity_id.into(),
                    is_immutable: false,
                },
            };
            state.changes.push(change.clone());
            return Ok(AssignPermissionResponse::Accepted(change));
        }
        let assignment = AssignPermissionOk {
            id: dfns_id("as", n)?,
            permission_id,
            identity_id: body.identity_id.into(),
            is_immutable: false,
            date_created: now,
            date_updated: now,
        };
        state.assignments.push(assignment.clone());
        Ok(AssignPermissionResponse::Ok(assignment))
    }

    async fn list_permission_assignments(
        &self,
        input: ListPermissionAssignmentsInput,
        credentials: crate::dfns::operations::Credentials,
        _request: axum::http::request::Parts,
    ) -> Result<ListPermissionAssignmentsResponse, crate::dfns::server::HandlerError> {
        self.check(&credentials)?;
        // The page token is the offset of the page, written `o<offset>`; a token this server
        // did not issue points past the end (an empty page).
        let offset = match input.pagination_token.as_deref() {
            None => 0,
            Some(token) => token
                .strip_prefix('o')
                .and_then(|n| n.parse().ok())
                .unwrap_or(usize::MAX),
        };
        let limit = usize::try_from(input.limit.unwrap_or(50)).unwrap_or(50);
        let state = self.state();
        let all: Vec<&AssignPermissionOk> = state
            .assignments
            .iter()
            .filter(|a| a.permission_id.as_str() == input.permission_id)
            .collect();
        let items = all
            .iter()
            .skip(offset)
            .take(limit)
            .map(|a| ListPermissionAssignmentsOkItem {
                id: a.id.clone(),
                permission_id: a.permission_id.clone(),
                identity_id: a.identity_id.clone(),
                is_immutable: a.is_immutable,
                date_created: a.date_created,
                date_updated: a.date_updated,
                pending_change_request: None,
            })
            .collect();
        let next = offset.saturating_add(limit);
        Ok(ListPermissionAssignmentsResponse::Ok(
            ListPermissionAssignmentsOk {
                items,
                next_page_token: (next < all.len()).then(|| format!("o{next}")),
                additional_properties: Default::default(),
            },
        ))
    }
}

/// authentik's permission assignments to users, in memory. Every positive user ID exists.
/// Requests must carry the store's bearer token (else `401`), or the read-only token, which
/// gets `403`.
pub struct AuthentikStore {
    token: String,
    read_only_token: String,
    /// Permissions assigned, by user ID.
    assigned: Mutex<BTreeMap<i64, Vec<String>>>,
}

impl AuthentikStore {
    /// An empty store that accepts the bearer token `token`, and `read_only_token` for
    /// nothing but a `403`.
    pub fn new(token: impl Into<String>, read_only_token: impl Into<String>) -> Self {
        Self {
            token: token.into(),
            read_only_token: read_only_token.into(),
            assigned: Mutex::default(),
        }
    }

    /// The permissions assigned to a user so far.
    pub fn assigned(&self, user: i64) -> Vec<String> {
        let assigned = self.assigned.lock().unwrap_or_else(|e| e.into_inner());
        assigned.get(&user).cloned().unwrap_or_default()
    }
}

impl crate::authentik::server::Api for AuthentikStore {
    async fn rbac_permissions_assigned_by_users_assign(
        &self,
        input: RbacPermissionsAssignedByUsersAssignInput,
        credentials: crate::authentik::operations::Credentials,
        _request: axum::http::request::Parts,
    ) -> Result<RbacPermissionsAssignedByUsersAssignResponse, crate::authentik::server::HandlerError>
    {
        use RbacPermissionsAssignedByUsersAssignResponse as Response;
        let token = credentials.authentik.as_deref().unwrap_or_default();
        if token != self.token && token != self.read_only_token {
            return Err(crate::authentik::server::HandlerError::Unauthorized);
        }
        if token == self.read_only_token {
            return Ok(Response::Forbidden(GenericError {
                detail: "You do not have permission to perform this action.".to_owned(),
                code: Some("permission_denied".to_owned()),
                additional_properties: Default::default(),
            }));
        }
        if input.id < 1 {
            return Err(crate::authentik::server::HandlerError::NotFound);
        }
        let body = input.body;
        let mut problems = BTreeMap::new();
        if body.permissions.is_empty() {
            problems.insert(
                "permissions".to_owned(),
                serde_json::json!(["This list may not be empty."]),
            );
        }
        if body.object_pk.is_some() && body.model.is_none() {
            problems.insert(
                "model".to_owned(),
                serde_json::json!(["A model is required with object_pk."]),
            );
        }
        if !problems.is_empty() {
            return Ok(Response::BadRequest(ValidationError {
                non_field_errors: None,
                code: Some("invalid".to_owned()),
                additional_properties: problems,
            }));
        }
        let mut assigned = self.assigned.lock().unwrap_or_else(|e| e.into_inner());
        let list = assigned.entry(input.id).or_default();
        let mut results = Vec::new();
        for permission in body.permissions {
            list.push(permission);
            results.push(PermissionAssignResult {
                id: list.len().to_string(),
                additional_properties: Default::default(),
            });
        }
        Ok(Response::Ok(results))
    }
}

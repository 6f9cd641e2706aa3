//! What the kit needs to know about a request: which operation it is, and its body in a comparable form.

use crate::cassette::{canonical, redact};
use bytes::Bytes;
use detective_ops::codec::client::OperationName;
use detective_ops::operations::*;
use detective_ops::{Operation, OperationId};
use serde_json::Value;

/// The model name of the operation `request` belongs to.
///
/// The client tags every request with [`OperationName`]; a request built by
/// hand is routed by its method and path instead.
pub(crate) fn operation_name(request: &http::Request<Bytes>) -> Option<&'static str> {
    request
        .extensions()
        .get::<OperationName>()
        .map(|name| name.0)
        .or_else(|| {
            OperationId::route(request.method(), request.uri().path()).map(|id| id.info().name)
        })
}

/// A request body parsed as JSON: an empty body is `{}`, anything unparseable is `None`.
pub(crate) fn body_json(body: &[u8]) -> Option<Value> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Some(Value::Object(serde_json::Map::new()));
    }
    serde_json::from_slice(body).ok()
}

fn through_input<O: Operation>(body: &Value) -> Option<Value> {
    let input: O::Input = serde_json::from_value(body.clone()).ok()?;
    serde_json::to_value(&input).ok()
}

/// `body` as operation `operation` understands it, redacted and with sorted keys.
///
/// The body goes through the operation's typed input and back, so members
/// this version does not know are dropped, missing optional members stay
/// missing and timestamps are written one way: a request recorded by an
/// older or newer version compares equal to the same request sent today.
/// Bodies that do not fit the input, or unknown operations, are compared as
/// they are.
pub(crate) fn normalized_body(operation: &str, body: &Value) -> Value {
    let body = if body.is_null() {
        Value::Object(serde_json::Map::new())
    } else {
        body.clone()
    };
    let typed = match OperationId::from_name(operation) {
        Some(id) => match id {
            OperationId::AcceptInvitation => through_input::<AcceptInvitation>(&body),
            OperationId::CreateGraph => through_input::<CreateGraph>(&body),
            OperationId::CreateMembers => through_input::<CreateMembers>(&body),
            OperationId::DeleteGraph => through_input::<DeleteGraph>(&body),
            OperationId::DeleteMembers => through_input::<DeleteMembers>(&body),
            OperationId::DisassociateMembership => through_input::<DisassociateMembership>(&body),
            OperationId::GetMembers => through_input::<GetMembers>(&body),
            OperationId::ListGraphs => through_input::<ListGraphs>(&body),
            OperationId::ListInvitations => through_input::<ListInvitations>(&body),
            OperationId::ListMembers => through_input::<ListMembers>(&body),
            OperationId::RejectInvitation => through_input::<RejectInvitation>(&body),
            OperationId::BatchGetGraphMemberDatasources => {
                through_input::<BatchGetGraphMemberDatasources>(&body)
            }
            OperationId::BatchGetMembershipDatasources => {
                through_input::<BatchGetMembershipDatasources>(&body)
            }
            OperationId::DescribeOrganizationConfiguration => {
                through_input::<DescribeOrganizationConfiguration>(&body)
            }
            OperationId::DisableOrganizationAdminAccount => {
                through_input::<DisableOrganizationAdminAccount>(&body)
            }
            OperationId::EnableOrganizationAdminAccount => {
                through_input::<EnableOrganizationAdminAccount>(&body)
            }
            OperationId::GetInvestigation => through_input::<GetInvestigation>(&body),
            OperationId::ListDatasourcePackages => through_input::<ListDatasourcePackages>(&body),
            OperationId::ListIndicators => through_input::<ListIndicators>(&body),
            OperationId::ListInvestigations => through_input::<ListInvestigations>(&body),
            OperationId::ListOrganizationAdminAccounts => {
                through_input::<ListOrganizationAdminAccounts>(&body)
            }
            OperationId::ListTagsForResource => through_input::<ListTagsForResource>(&body),
            OperationId::StartInvestigation => through_input::<StartInvestigation>(&body),
            OperationId::StartMonitoringMember => through_input::<StartMonitoringMember>(&body),
            OperationId::TagResource => through_input::<TagResource>(&body),
            OperationId::UntagResource => through_input::<UntagResource>(&body),
            OperationId::UpdateDatasourcePackages => {
                through_input::<UpdateDatasourcePackages>(&body)
            }
            OperationId::UpdateInvestigationState => {
                through_input::<UpdateInvestigationState>(&body)
            }
            OperationId::UpdateOrganizationConfiguration => {
                through_input::<UpdateOrganizationConfiguration>(&body)
            }
        },
        None => None,
    };
    let mut value = typed.unwrap_or(body);
    redact(&mut value);
    canonical(value)
}

/// A one-line, redacted rendering of a request body for messages.
pub(crate) fn show_body(body: &Value) -> String {
    let mut body = body.clone();
    redact(&mut body);
    canonical(body).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn unknown_members_drop_and_sensitive_members_redact() {
        let recorded = json!({"GraphArn": "g", "AccountIds": ["1"], "FutureMember": true});
        let live = json!({"AccountIds": ["1"], "GraphArn": "g"});
        assert_eq!(
            normalized_body("GetMembers", &recorded),
            normalized_body("GetMembers", &live)
        );
        let with_email = json!({"Accounts": [{"AccountId": "1", "EmailAddress": "a@example.com"}], "Message": "hi"});
        let redacted = normalized_body("CreateMembers", &with_email);
        assert!(!redacted.to_string().contains("example.com"));
        assert!(!redacted.to_string().contains("hi"));
    }

    #[test]
    fn empty_and_null_bodies_are_empty_objects() {
        assert_eq!(normalized_body("ListGraphs", &Value::Null), json!({}));
        assert_eq!(body_json(b""), Some(json!({})));
        assert_eq!(body_json(b"not json"), None);
    }
}

//! Cross-account isolation: every operation, called by every account that must not have access.
//!
//! One graph `G` (administrator `ADMIN`, organization graph) with an
//! `ENABLED` member, an `INVITED` member, tags and an investigation; a
//! stranger who administers a graph of their own; an outsider with nothing;
//! the organization's management account. Every one of the 29 operations is
//! called by each account that the contract keeps out, once naming `G` and
//! once naming `U`, a graph ARN of the same shape that was never issued:
//!
//! - operations for the graph's administrator: `G` is 403
//!   `AccessDeniedException` "Account A is not the administrator of the
//!   behavior graph G." and `U` is 404 `ResourceNotFoundException`, as
//!   `detective-semantics.md` says ("404 unknown graph, 403 not the
//!   administrator"). That distinction is the contract's (and the service's),
//!   so it is kept; what the test makes sure of is that the 403 says nothing
//!   else: its body is the `Message` alone, naming only the caller and the
//!   ARN the caller sent;
//! - operations on the caller's own membership, where the contract says 404
//!   for both: the same status, code and message for `G` and `U` (with the
//!   ARN swapped), so a stranger cannot tell whether `G` exists;
//! - `BatchGetMembershipDatasources`: the same unprocessed reason for both;
//! - organization operations: the same 403 for both (they never look the graph up for a stranger);
//! - `ListGraphs`, `ListInvitations`: nothing of `G` in any stranger's answer.
//!
//! Nothing any of these calls does changes the emulator's state.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{call, graph_arn, Answer, Harness, Signer, Target, ADMIN, MEMBER, REGION};
use detective_local::config::CredentialsFile;
use detective_local::EmulatorConfig;
use detective_ops::OperationId;
use serde_json::{json, Value};
use std::collections::BTreeSet;

const INVITEE: &str = "333333333333";
const STRANGER: &str = "444444444444";
const OUTSIDER: &str = "555555555555";
const MANAGEMENT: &str = "999999999999";

/// Who may call an operation on `G`, and so who must be kept out.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    /// Administrator only: 403 for an existing graph, 404 for an unknown one.
    Administrator,
    /// The caller's own membership: the same 404 whether the graph exists or not.
    Membership,
    /// Several graphs at once: unprocessed with the same reason whether the graph exists or not.
    MembershipBatch,
    /// The organization's delegated administrator only: the same 403 for any graph.
    DelegatedAdministrator,
    /// The organization's management account only: 403 for anyone else.
    Management,
    /// Anyone: answers about the caller's own graphs and memberships only.
    Anyone,
}

/// Every operation: how it is guarded and a valid input naming graph `{arn}`.
fn operations(investigation: &str) -> Vec<(OperationId, Kind, Value)> {
    use Kind::*;
    use OperationId as Op;
    let member = |extra: Value| {
        let mut body = json!({"GraphArn": "{arn}"});
        body.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        body
    };
    vec![
        (Op::CreateGraph, Anyone, json!({})),
        (Op::ListGraphs, Anyone, json!({})),
        (Op::ListInvitations, Anyone, json!({})),
        (Op::ListOrganizationAdminAccounts, Management, json!({})),
        (
            Op::EnableOrganizationAdminAccount,
            Management,
            json!({"AccountId": STRANGER}),
        ),
        (Op::DisableOrganizationAdminAccount, Management, json!({})),
        (
            Op::DescribeOrganizationConfiguration,
            DelegatedAdministrator,
            member(json!({})),
        ),
        (
            Op::UpdateOrganizationConfiguration,
            DelegatedAdministrator,
            member(json!({"AutoEnable": true})),
        ),
        (Op::DeleteGraph, Administrator, member(json!({}))),
        (
            Op::CreateMembers,
            Administrator,
            member(json!({"Accounts": [{"AccountId": OUTSIDER, "EmailAddress": "o@example.com"}]})),
        ),
        (
            Op::GetMembers,
            Administrator,
            member(json!({"AccountIds": [MEMBER]})),
        ),
        (Op::ListMembers, Administrator, member(json!({}))),
        (
            Op::DeleteMembers,
            Administrator,
            member(json!({"AccountIds": [MEMBER]})),
        ),
        (
            Op::StartMonitoringMember,
            Administrator,
            member(json!({"AccountId": MEMBER})),
        ),
        (Op::ListDatasourcePackages, Administrator, member(json!({}))),
        (
            Op::UpdateDatasourcePackages,
            Administrator,
            member(json!({"DatasourcePackages": ["EKS_AUDIT"]})),
        ),
        (
            Op::BatchGetGraphMemberDatasources,
            Administrator,
            member(json!({"AccountIds": [MEMBER]})),
        ),
        (
            Op::StartInvestigation,
            Administrator,
            member(
                json!({"EntityArn": "arn:aws:iam::111111111111:user/alice", "ScopeStartTime": "2025-12-01T00:00:00Z", "ScopeEndTime": "2025-12-02T00:00:00Z"}),
            ),
        ),
        (
            Op::GetInvestigation,
            Administrator,
            member(json!({"InvestigationId": investigation})),
        ),
        (Op::ListInvestigations, Administrator, member(json!({}))),
        (
            Op::ListIndicators,
            Administrator,
            member(json!({"InvestigationId": investigation})),
        ),
        (
            Op::UpdateInvestigationState,
            Administrator,
            member(json!({"InvestigationId": investigation, "State": "ARCHIVED"})),
        ),
        // The tag operations name the graph in the path ({arn} there), not in the body.
        (
            Op::TagResource,
            Administrator,
            json!({"Tags": {"stolen": "yes"}}),
        ),
        (Op::UntagResource, Administrator, json!({})),
        (Op::ListTagsForResource, Administrator, json!({})),
        (Op::AcceptInvitation, Membership, member(json!({}))),
        (Op::RejectInvitation, Membership, member(json!({}))),
        (Op::DisassociateMembership, Membership, member(json!({}))),
        (
            Op::BatchGetMembershipDatasources,
            MembershipBatch,
            json!({"GraphArns": ["{arn}"]}),
        ),
    ]
}

/// The accounts an operation of `kind` on `G` must keep out.
fn outsiders(kind: Kind) -> Vec<&'static str> {
    match kind {
        Kind::Administrator => vec![MEMBER, INVITEE, STRANGER, OUTSIDER, MANAGEMENT],
        Kind::Membership | Kind::MembershipBatch => vec![STRANGER, OUTSIDER, MANAGEMENT],
        Kind::DelegatedAdministrator => vec![MEMBER, INVITEE, STRANGER, OUTSIDER, MANAGEMENT],
        Kind::Management => vec![ADMIN, MEMBER, INVITEE, STRANGER, OUTSIDER],
        Kind::Anyone => vec![STRANGER, OUTSIDER, MANAGEMENT],
    }
}

/// Calls `operation` as `caller` with `body`, `{arn}` replaced by `arn` (in the path for the tag operations).
async fn invoke(
    harness: &Harness,
    target: &Target,
    caller: &str,
    operation: OperationId,
    body: &Value,
    arn: &str,
) -> Answer {
    let info = operation.info();
    let body_text = body.to_string().replace("{arn}", arn);
    let encoded = arn.replace(':', "%3A").replace('/', "%2F");
    let mut path = info.path.replace("{ResourceArn}", &encoded);
    if operation == OperationId::UntagResource {
        path.push_str("?tagKeys=team");
    }
    let body = if info.input_has_body {
        body_text
    } else {
        String::new()
    };
    call(
        harness,
        target,
        &Signer::account(caller),
        info.method.as_str(),
        &path,
        body,
    )
    .await
}

fn body_keys(answer: &Answer) -> BTreeSet<String> {
    answer
        .body
        .as_object()
        .map(|o| o.keys().cloned().collect())
        .unwrap_or_default()
}

#[tokio::test]
async fn no_account_reaches_or_learns_about_a_graph_it_has_no_part_in() {
    let credentials = CredentialsFile::from_toml_str(&format!(
        "[organization]\nmanagement_account = \"{MANAGEMENT}\"\nmember_accounts = [\"{ADMIN}\", \"{MEMBER}\", \"{STRANGER}\"]\n"
    ))
    .unwrap();
    let harness = Harness::new(EmulatorConfig {
        credentials,
        ..EmulatorConfig::default()
    });
    let target = Target::InProcess(harness.emulator.transport());
    let setup = |caller: &'static str, operation: OperationId, body: Value| {
        let (harness, target) = (&harness, &target);
        async move {
            let answer = invoke(harness, target, caller, operation, &body, "").await;
            assert!(
                answer.status < 300,
                "setup {operation:?} by {caller}: {answer:?}"
            );
            answer.body
        }
    };

    // G: the organization graph of ADMIN, with an enabled member, an invited one, tags and an investigation.
    setup(
        MANAGEMENT,
        OperationId::EnableOrganizationAdminAccount,
        json!({"AccountId": ADMIN}),
    )
    .await;
    let g = graph_arn(ADMIN, 1);
    assert_eq!(
        harness.emulator.snapshot().regions().collect::<Vec<_>>(),
        [REGION]
    );
    let accounts = json!([{"AccountId": MEMBER, "EmailAddress": "m@example.com"}, {"AccountId": INVITEE, "EmailAddress": "i@example.com"}]);
    setup(
        ADMIN,
        OperationId::CreateMembers,
        json!({"GraphArn": g, "Accounts": accounts}),
    )
    .await;
    // MEMBER is an organization account and joins ENABLED; INVITEE is not, and is INVITED.
    let listed = setup(ADMIN, OperationId::ListMembers, json!({"GraphArn": g})).await;
    let statuses: Vec<(String, String)> = listed["MemberDetails"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["AccountId"].as_str().unwrap().to_owned(),
                d["Status"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        statuses,
        [
            (MEMBER.to_owned(), "ENABLED".to_owned()),
            (INVITEE.to_owned(), "INVITED".to_owned())
        ]
    );
    let tag = invoke(
        &harness,
        &target,
        ADMIN,
        OperationId::TagResource,
        &json!({"Tags": {"team": "blue"}}),
        &g,
    )
    .await;
    assert!(tag.status < 300, "{tag:?}");
    let started = setup(ADMIN, OperationId::StartInvestigation, json!({"GraphArn": g, "EntityArn": "arn:aws:iam::111111111111:user/bob", "ScopeStartTime": "2025-12-01T00:00:00Z", "ScopeEndTime": "2025-12-02T00:00:00Z"})).await;
    let investigation = started["InvestigationId"].as_str().unwrap().to_owned();
    setup(STRANGER, OperationId::CreateGraph, json!({})).await;
    let stranger_graph = graph_arn(STRANGER, 2);
    // U: shaped like G, never issued.
    let u = format!(
        "arn:aws:detective:{REGION}:{ADMIN}:graph:{}",
        "f".repeat(32)
    );

    let operations = operations(&investigation);
    let covered: BTreeSet<&str> = operations.iter().map(|(op, _, _)| op.info().name).collect();
    let all: BTreeSet<&str> = OperationId::ALL.iter().map(|op| op.info().name).collect();
    assert_eq!(covered, all, "every operation is called");

    let before = harness.emulator.snapshot();
    let mut calls = 0;
    for (operation, kind, body) in &operations {
        let name = operation.info().name;
        for caller in outsiders(*kind) {
            // CreateGraph makes the caller's own graph: only a caller that has one already leaves the state alone.
            if *operation == OperationId::CreateGraph && caller != STRANGER {
                continue;
            }
            let on_g = invoke(&harness, &target, caller, *operation, body, &g).await;
            let on_u = invoke(&harness, &target, caller, *operation, body, &u).await;
            calls += 2;
            let what = format!("{name} by {caller}: G {on_g:?} / U {on_u:?}");
            match kind {
                Kind::Administrator => {
                    assert_eq!(
                        (on_g.status, on_g.error_type.as_deref()),
                        (403, Some("AccessDeniedException")),
                        "{what}"
                    );
                    assert_eq!(
                        on_g.message(),
                        format!(
                            "Account {caller} is not the administrator of the behavior graph {g}."
                        ),
                        "{what}"
                    );
                    assert_eq!(
                        (on_u.status, on_u.error_type.as_deref()),
                        (404, Some("ResourceNotFoundException")),
                        "{what}"
                    );
                    assert_eq!(
                        on_u.message(),
                        format!("The behavior graph {u} does not exist in region {REGION}."),
                        "{what}"
                    );
                }
                Kind::Membership | Kind::DelegatedAdministrator => {
                    let expected = if *kind == Kind::Membership {
                        (404, "ResourceNotFoundException")
                    } else {
                        (403, "AccessDeniedException")
                    };
                    assert_eq!(
                        (on_g.status, on_g.error_type.as_deref()),
                        (expected.0, Some(expected.1)),
                        "{what}"
                    );
                    assert_eq!(
                        (on_u.status, on_u.error_type.clone()),
                        (on_g.status, on_g.error_type.clone()),
                        "{what}"
                    );
                    assert_eq!(
                        on_g.message().replace(&g, "<arn>"),
                        on_u.message().replace(&u, "<arn>"),
                        "{what}"
                    );
                }
                Kind::MembershipBatch => {
                    assert_eq!((on_g.status, on_u.status), (200, 200), "{what}");
                    assert_eq!(on_g.body["MembershipDatasources"], json!([]), "{what}");
                    let reason = |a: &Answer, arn: &str| {
                        a.body["UnprocessedGraphs"][0]["Reason"]
                            .as_str()
                            .unwrap()
                            .replace(arn, "<arn>")
                    };
                    assert_eq!(reason(&on_g, &g), reason(&on_u, &u), "{what}");
                }
                Kind::Management => {
                    assert_eq!(
                        (on_g.status, on_g.error_type.as_deref()),
                        (403, Some("AccessDeniedException")),
                        "{what}"
                    );
                    assert_eq!(on_g.message(), on_u.message(), "{what}");
                }
                Kind::Anyone => {
                    for answer in [&on_g, &on_u] {
                        assert!(answer.status < 300, "{what}");
                        assert!(!answer.body.to_string().contains(&g), "{what}: G shows");
                    }
                }
            }
            // An error says nothing but its message, and names no third account.
            for answer in [&on_g, &on_u] {
                if answer.status >= 400 {
                    assert_eq!(
                        body_keys(answer),
                        BTreeSet::from(["Message".to_owned()]),
                        "{what}"
                    );
                    for other in [MEMBER, INVITEE] {
                        if other != caller {
                            assert!(!answer.message().contains(other), "{what}: names {other}");
                        }
                    }
                }
            }
        }
    }
    // CreateGraph by a stranger returns their own graph; nothing else changed.
    let after = harness.emulator.snapshot();
    assert!(
        before == after,
        "outsiders changed something: {:?}",
        before.first_difference(&after)
    );
    let stranger_graphs = invoke(
        &harness,
        &target,
        STRANGER,
        OperationId::ListGraphs,
        &json!({}),
        "",
    )
    .await;
    assert_eq!(
        stranger_graphs.body["GraphList"].as_array().unwrap().len(),
        1
    );
    assert_eq!(
        stranger_graphs.body["GraphList"][0]["Arn"],
        json!(stranger_graph)
    );
    println!(
        "isolation: {} operations, {calls} calls by accounts without access, all refused or blind",
        operations.len()
    );
}

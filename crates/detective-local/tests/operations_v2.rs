//! The 18 operations added since the preview through the emulator's HTTP
//! front, in process and over HTTP/1.1 and HTTP/2: every one is routed and
//! answered (none is 501 any more), and the tag operations read the graph
//! ARN from a percent-encoded path segment and the tag keys from a repeated
//! query parameter, answering 204 with no body.

// Panicking on setup failure is the point of a test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use bytes::Bytes;
use common::*;
use detective_local::{CredentialsFile, EmulatorConfig};
use detective_ops::OperationId;
use serde_json::{json, Value};

/// A graph ARN as one path segment, as the SDKs send it.
fn encoded(arn: &str) -> String {
    arn.replace(':', "%3A").replace('/', "%2F")
}

/// Sends a request with no body and no content type (GET, DELETE), signed by `signer`.
async fn call_bare(
    harness: &Harness,
    target: &Target,
    signer: &Signer,
    method: &str,
    path: &str,
) -> Answer {
    let mut req = http::Request::builder()
        .method(method)
        .uri(format!("{}{path}", target.base()))
        .body(Bytes::new())
        .unwrap();
    signer.sign(&mut req, harness.now());
    Answer::from_response(&target.send(req).await)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tag_operations_read_the_encoded_arn_and_repeated_keys_on_every_transport() {
    let harness = Harness::default_config();
    let (targets, _server) = all_targets(&harness.emulator);
    let admin = Signer::account(ADMIN);
    for target in &targets {
        let label = target.label();
        let created = call(&harness, target, &admin, "POST", "/graph", "{}")
            .await
            .ok();
        let arn = created["GraphArn"].as_str().unwrap().to_owned();
        let path = format!("/tags/{}", encoded(&arn));

        let tagged = call(
            &harness,
            target,
            &admin,
            "POST",
            &path,
            json!({"Tags": {"Team": "Blue", "cost:center/eu": "42", "a+b=c": "x"}}).to_string(),
        )
        .await;
        assert_eq!(
            (tagged.status, &tagged.body),
            (204, &Value::Null),
            "{label}: 204 without a body"
        );

        let listed = call_bare(&harness, target, &admin, "GET", &path).await.ok();
        assert_eq!(
            listed,
            json!({"Tags": {"Team": "Blue", "cost:center/eu": "42", "a+b=c": "x"}}),
            "{label}"
        );

        let query = "tagKeys=cost%3Acenter%2Feu&tagKeys=a%2Bb%3Dc&tagKeys=absent";
        let untagged = call_bare(
            &harness,
            target,
            &admin,
            "DELETE",
            &format!("{path}?{query}"),
        )
        .await;
        assert_eq!(
            (untagged.status, &untagged.body),
            (204, &Value::Null),
            "{label}"
        );
        let listed = call_bare(&harness, target, &admin, "GET", &path).await.ok();
        assert_eq!(
            listed,
            json!({"Tags": {"Team": "Blue"}}),
            "{label}: a literal '+' is a '+'"
        );

        // The administrator's graph, seen by another account: 403; an unknown graph: 404.
        let other = call_bare(&harness, target, &Signer::account(MEMBER), "GET", &path).await;
        assert_eq!(other.status, 403, "{label}: {other:?}");
        let unknown = call_bare(
            &harness,
            target,
            &admin,
            "GET",
            &format!("/tags/{}", encoded(&graph_arn(ADMIN, 999))),
        )
        .await;
        assert_eq!(unknown.status, 404, "{label}: {unknown:?}");
        assert_eq!(
            unknown.error_type.as_deref(),
            Some("ResourceNotFoundException")
        );
        // A label that is not a graph ARN is refused before the state is asked.
        let bad = call_bare(&harness, target, &admin, "GET", "/tags/not-an-arn").await;
        assert_eq!(bad.status, 400, "{label}: {bad:?}");
        // UntagResource without tagKeys: TagKeys is required.
        let no_keys = call_bare(&harness, target, &admin, "DELETE", &path).await;
        assert_eq!(no_keys.status, 400, "{label}: {no_keys:?}");
        assert!(
            no_keys.message().contains("TagKeys"),
            "{label}: {no_keys:?}"
        );

        call(
            &harness,
            target,
            &admin,
            "POST",
            "/graph/removal",
            json!({"GraphArn": arn}).to_string(),
        )
        .await
        .ok();
    }
}

/// A minimal valid request body for each operation (graph operations on `arn`).
fn body_for(id: OperationId, arn: &str) -> Value {
    match id {
        OperationId::CreateMembers => {
            json!({"GraphArn": arn, "Accounts": [{"AccountId": MEMBER, "EmailAddress": "m@example.com"}]})
        }
        OperationId::GetMembers
        | OperationId::DeleteMembers
        | OperationId::BatchGetGraphMemberDatasources => {
            json!({"GraphArn": arn, "AccountIds": [MEMBER]})
        }
        OperationId::BatchGetMembershipDatasources => json!({"GraphArns": [arn]}),
        OperationId::StartMonitoringMember => json!({"GraphArn": arn, "AccountId": MEMBER}),
        OperationId::UpdateDatasourcePackages => {
            json!({"GraphArn": arn, "DatasourcePackages": ["EKS_AUDIT"]})
        }
        OperationId::EnableOrganizationAdminAccount => json!({"AccountId": ADMIN}),
        OperationId::UpdateOrganizationConfiguration => {
            json!({"GraphArn": arn, "AutoEnable": true})
        }
        OperationId::StartInvestigation => json!({
            "GraphArn": arn, "EntityArn": "arn:aws:iam::111111111111:role/R",
            "ScopeStartTime": "2025-12-01T00:00:00Z", "ScopeEndTime": "2025-12-02T00:00:00Z"
        }),
        OperationId::GetInvestigation | OperationId::ListIndicators => {
            json!({"GraphArn": arn, "InvestigationId": "000000000000000000001"})
        }
        OperationId::UpdateInvestigationState => {
            json!({"GraphArn": arn, "InvestigationId": "000000000000000000001", "State": "ARCHIVED"})
        }
        OperationId::TagResource => json!({"Tags": {"k": "v"}}),
        OperationId::CreateGraph
        | OperationId::ListGraphs
        | OperationId::ListInvitations
        | OperationId::ListOrganizationAdminAccounts
        | OperationId::DisableOrganizationAdminAccount => json!({}),
        _ => json!({"GraphArn": arn}),
    }
}

#[tokio::test]
async fn every_operation_is_routed_and_answered_by_the_state_machine() {
    let org = CredentialsFile::from_toml_str(
        "[organization]\nmanagement_account = \"111111111111\"\nmember_accounts = [\"222222222222\"]",
    )
    .unwrap();
    let harness = Harness::new(EmulatorConfig {
        credentials: org,
        ..EmulatorConfig::default()
    });
    let target = Target::InProcess(harness.emulator.transport());
    let admin = Signer::account(ADMIN);
    let arn = call(&harness, &target, &admin, "POST", "/graph", "{}")
        .await
        .ok()["GraphArn"]
        .as_str()
        .unwrap()
        .to_owned();
    // DeleteGraph last, so the others find the graph.
    let order = OperationId::ALL
        .iter()
        .copied()
        .filter(|id| *id != OperationId::DeleteGraph)
        .chain([OperationId::DeleteGraph]);
    let mut succeeded = 0;
    for id in order {
        let info = id.info();
        let path = info.path.replace("{ResourceArn}", &encoded(&arn));
        let path = if id == OperationId::UntagResource {
            format!("{path}?tagKeys=k")
        } else {
            path
        };
        let answer = if info.input_has_body {
            call(
                &harness,
                &target,
                &admin,
                info.method.as_str(),
                &path,
                body_for(id, &arn).to_string(),
            )
            .await
        } else {
            call_bare(&harness, &target, &admin, info.method.as_str(), &path).await
        };
        match answer.error_type.as_deref() {
            None => {
                assert_eq!(
                    answer.status, info.success_status,
                    "{}: {answer:?}",
                    info.name
                );
                succeeded += 1;
            }
            // Not 501 nor UnknownOperation: an error the model lists for the operation.
            Some(code) => assert!(info.errors.contains(&code), "{}: {answer:?}", info.name),
        }
    }
    // The other 9 need what this walk never sets up, and answer with the model's error: a
    // membership of the caller (Accept/Reject/DisassociateMembership 404), an
    // ACCEPTED_BUT_DISABLED member (StartMonitoringMember 409), an investigation before
    // StartInvestigation (GetInvestigation, ListIndicators 404), a delegated administrator
    // before EnableOrganizationAdminAccount (Describe 403, Disable 400), and DeleteGraph
    // refuses the organization graph (400).
    assert_eq!(succeeded, 20);
}

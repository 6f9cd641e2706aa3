//! Every operation on the wire, against a wiremock server: the exact method
//! and path, the JSON content type, a SigV4 signature for `eu-west-2` /
//! `detective`, the body (unset members omitted), and the typed output read
//! from a canned response (ISO-8601 and epoch timestamps, unknown enum values
//! kept, unknown members ignored).

// Panicking on setup failure is the point of a test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use detective_client::types::{
    DatasourcePackage, DatasourcePackageIngestState, DatasourcePackageUsageInfo, InvitationType,
    MemberDetail, MemberDisabledReason, MemberStatus, Timestamp, UnprocessedAccount,
};
use serde_json::{json, Value};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

#[path = "common/wire.rs"]
mod wire;
use wire::{client_for, the_request};

const GRAPH_ARN: &str =
    "arn:aws:detective:eu-west-2:111122223333:graph:027c7c4610ea4aacaf0b883093cab899";
const OTHER_GRAPH_ARN: &str =
    "arn:aws:detective:eu-west-2:111122223333:graph:1234567890abcdef1234567890abcdef";
const MEMBER: &str = "444455556666";
const OTHER_MEMBER: &str = "777788889999";
const ADMIN: &str = "111122223333";

/// A server that answers any request once with `status` and `body`.
async fn server_answering(status: u16, body: &str) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(status)
                .insert_header("content-type", "application/json")
                .insert_header("x-amzn-RequestId", "req-ok-1")
                .set_body_string(body),
        )
        .expect(1)
        .mount(&server)
        .await;
    server
}

fn header<'a>(request: &'a Request, name: &str) -> &'a str {
    request
        .headers
        .get(name)
        .unwrap_or_else(|| panic!("request has no {name} header"))
        .to_str()
        .expect("header is ASCII")
}

/// Asserts method, path, content type, SigV4 headers and the body as JSON.
fn assert_wire(request: &Request, method: &str, path: &str, body: Value) {
    assert_eq!(request.method.as_str(), method, "method");
    assert_eq!(request.url.path(), path, "path");
    assert_eq!(request.url.query(), None, "no query string");
    assert_eq!(header(request, "content-type"), "application/json");

    let amz_date = header(request, "x-amz-date");
    assert_eq!(
        amz_date.len(),
        16,
        "X-Amz-Date is yyyymmddThhmmssZ: {amz_date}"
    );
    assert!(
        amz_date.ends_with('Z') && amz_date.as_bytes()[8] == b'T',
        "X-Amz-Date format: {amz_date}"
    );
    let day = &amz_date[..8];
    assert!(day.bytes().all(|b| b.is_ascii_digit()), "{amz_date}");

    let authorization = header(request, "authorization");
    let prefix =
        format!("AWS4-HMAC-SHA256 Credential=AKID/{day}/eu-west-2/detective/aws4_request, ");
    assert!(
        authorization.starts_with(&prefix),
        "Authorization {authorization:?} should start with {prefix:?}"
    );
    let signed_headers = authorization
        .split(", ")
        .find_map(|part| part.strip_prefix("SignedHeaders="))
        .expect("SignedHeaders present");
    let signed: Vec<&str> = signed_headers.split(';').collect();
    for required in ["content-type", "host", "x-amz-date"] {
        assert!(
            signed.contains(&required),
            "{required} not signed: {signed_headers}"
        );
    }
    let signature = authorization
        .split(", ")
        .find_map(|part| part.strip_prefix("Signature="))
        .expect("Signature present");
    assert_eq!(signature.len(), 64);
    assert!(signature.bytes().all(|b| b.is_ascii_hexdigit()));
    assert!(
        !authorization.contains("SECRETKEY"),
        "the secret must never travel"
    );

    let sent: Value = serde_json::from_slice(&request.body).expect("body is JSON");
    assert_eq!(sent, body, "request body");
    // Unset members are omitted, never sent as null.
    assert!(
        !String::from_utf8_lossy(&request.body).contains("null"),
        "no nulls on the wire"
    );
}

fn ts(text: &str) -> Timestamp {
    Timestamp::parse_iso8601(text).expect("valid timestamp")
}

/// A `MemberDetail` with every member of the model set, timestamps in both
/// encodings, an unknown data source package and an unknown member.
fn full_member_json() -> Value {
    json!({
        "AccountId": MEMBER,
        "AdministratorId": ADMIN,
        "DatasourcePackageIngestStates": {
            "DETECTIVE_CORE": "STARTED",
            "EKS_AUDIT": "STOPPED",
            "FUTURE_PACKAGE": "PAUSED_FOR_NOW"
        },
        "DisabledReason": "VOLUME_TOO_HIGH",
        "EmailAddress": "member@example.com",
        "GraphArn": GRAPH_ARN,
        "InvitationType": "INVITATION",
        "InvitedTime": "2026-11-26T02:20:21.123Z",
        "MasterId": ADMIN,
        "PercentOfGraphUtilization": 12.5,
        "PercentOfGraphUtilizationUpdatedTime": 1795659621,
        "Status": "ACCEPTED_BUT_DISABLED",
        "UpdatedTime": 1795659621.5,
        "VolumeUsageByDatasourcePackage": {
            "DETECTIVE_CORE": {
                "VolumeUsageInBytes": 1024,
                "VolumeUsageUpdateTime": "2026-11-26T02:20:21Z",
                "SomethingNew": "ignored"
            }
        },
        "VolumeUsageInBytes": 2048,
        "VolumeUsageUpdatedTime": "2026-11-26T04:20:21+02:00",
        "SomeFutureMember": {"nested": [1, 2, 3]}
    })
}

/// A member whose enums carry values this version does not know.
fn future_member_json() -> Value {
    json!({
        "AccountId": OTHER_MEMBER,
        "GraphArn": GRAPH_ARN,
        "Status": "SUSPENDED_BY_SOMETHING_NEW",
        "DisabledReason": "SOME_NEW_REASON",
        "InvitationType": "DELEGATED",
        "InvitedTime": 1795659621.25
    })
}

fn assert_full_member(member: &MemberDetail) {
    assert_eq!(member.account_id.as_deref(), Some(MEMBER));
    assert_eq!(member.administrator_id.as_deref(), Some(ADMIN));
    let states = member
        .datasource_package_ingest_states
        .as_ref()
        .expect("DatasourcePackageIngestStates");
    assert_eq!(states.len(), 3);
    assert_eq!(
        states.get(&DatasourcePackage::DetectiveCore),
        Some(&DatasourcePackageIngestState::Started)
    );
    assert_eq!(
        states.get(&DatasourcePackage::EksAudit),
        Some(&DatasourcePackageIngestState::Stopped)
    );
    assert_eq!(
        states.get(&DatasourcePackage::Unknown("FUTURE_PACKAGE".into())),
        Some(&DatasourcePackageIngestState::Unknown(
            "PAUSED_FOR_NOW".into()
        ))
    );
    assert_eq!(
        member.disabled_reason,
        Some(MemberDisabledReason::VolumeTooHigh)
    );
    assert_eq!(
        member.email_address.as_ref().map(|e| e.expose().as_str()),
        Some("member@example.com")
    );
    assert_eq!(member.graph_arn.as_deref(), Some(GRAPH_ARN));
    assert_eq!(member.invitation_type, Some(InvitationType::Invitation));
    assert_eq!(member.invited_time, Some(ts("2026-11-26T02:20:21.123Z")));
    assert_eq!(member.master_id.as_deref(), Some(ADMIN));
    assert_eq!(member.percent_of_graph_utilization, Some(12.5));
    // Epoch seconds as an integer.
    assert_eq!(
        member.percent_of_graph_utilization_updated_time,
        Some(ts("2026-11-26T02:20:21Z"))
    );
    assert_eq!(member.status, Some(MemberStatus::AcceptedButDisabled));
    // Epoch seconds with a fraction.
    assert_eq!(member.updated_time, Some(ts("2026-11-26T02:20:21.5Z")));
    assert_eq!(
        member
            .updated_time
            .map(|t| t.to_iso8601())
            .unwrap_or_default(),
        "2026-11-26T02:20:21.5Z"
    );
    let volume = member
        .volume_usage_by_datasource_package
        .as_ref()
        .expect("VolumeUsageByDatasourcePackage");
    assert_eq!(
        volume.get(&DatasourcePackage::DetectiveCore),
        Some(&DatasourcePackageUsageInfo {
            volume_usage_in_bytes: Some(1024),
            volume_usage_update_time: Some(ts("2026-11-26T02:20:21Z")),
        })
    );
    assert_eq!(member.volume_usage_in_bytes, Some(2048));
    // An offset is normalised to UTC.
    assert_eq!(
        member.volume_usage_updated_time,
        Some(ts("2026-11-26T02:20:21Z"))
    );
}

fn assert_future_member(member: &MemberDetail) {
    assert_eq!(member.account_id.as_deref(), Some(OTHER_MEMBER));
    assert_eq!(
        member.status,
        Some(MemberStatus::Unknown("SUSPENDED_BY_SOMETHING_NEW".into()))
    );
    assert_eq!(
        member.status.as_ref().map(MemberStatus::as_str),
        Some("SUSPENDED_BY_SOMETHING_NEW")
    );
    assert_eq!(
        member.disabled_reason,
        Some(MemberDisabledReason::Unknown("SOME_NEW_REASON".into()))
    );
    assert_eq!(
        member.invitation_type,
        Some(InvitationType::Unknown("DELEGATED".into()))
    );
    assert_eq!(member.invited_time, Some(ts("2026-11-26T02:20:21.25Z")));
    assert_eq!(member.email_address, None);
}

#[tokio::test]
async fn accept_invitation_is_put_invitation_with_graph_arn() {
    let server = server_answering(200, r#"{"SomethingNew": 1}"#).await;
    let client = client_for(&server);
    client
        .accept_invitation()
        .graph_arn(GRAPH_ARN)
        .send()
        .await
        .expect("AcceptInvitation succeeds");
    let request = the_request(&server).await;
    assert_wire(
        &request,
        "PUT",
        "/invitation",
        json!({"GraphArn": GRAPH_ARN}),
    );
}

#[tokio::test]
async fn create_graph_is_post_graph_with_tags_and_reads_graph_arn() {
    let server = server_answering(
        200,
        &json!({"GraphArn": GRAPH_ARN, "UnknownMember": {"a": 1}}).to_string(),
    )
    .await;
    let client = client_for(&server);
    let output = client
        .create_graph()
        .tag("Team", "security")
        .tag("cost-center", "42")
        .send()
        .await
        .expect("CreateGraph succeeds");
    assert_eq!(output.graph_arn.as_deref(), Some(GRAPH_ARN));
    let request = the_request(&server).await;
    assert_wire(
        &request,
        "POST",
        "/graph",
        json!({"Tags": {"Team": "security", "cost-center": "42"}}),
    );
}

#[tokio::test]
async fn create_graph_without_tags_sends_an_empty_object() {
    let server = server_answering(200, &json!({"GraphArn": GRAPH_ARN}).to_string()).await;
    let client = client_for(&server);
    let output = client.create_graph().await.expect("CreateGraph succeeds");
    assert_eq!(output.graph_arn.as_deref(), Some(GRAPH_ARN));
    assert_wire(&the_request(&server).await, "POST", "/graph", json!({}));
}

#[tokio::test]
async fn create_members_is_post_graph_members_and_reads_members_and_unprocessed() {
    let body = json!({
        "Members": [full_member_json(), future_member_json()],
        "UnprocessedAccounts": [
            {"AccountId": ADMIN, "Reason": "The request is from the administrator account.", "Extra": 1}
        ],
        "SomethingElse": "ignored"
    });
    let server = server_answering(200, &body.to_string()).await;
    let client = client_for(&server);
    let output = client
        .create_members()
        .graph_arn(GRAPH_ARN)
        .account(MEMBER, "member@example.com")
        .account(OTHER_MEMBER, "other@example.org")
        .message("Please join our behavior graph.")
        .disable_email_notification(true)
        .send()
        .await
        .expect("CreateMembers succeeds");

    let members = output.members.expect("Members");
    assert_eq!(members.len(), 2);
    assert_full_member(&members[0]);
    assert_future_member(&members[1]);
    assert_eq!(
        output.unprocessed_accounts,
        Some(vec![UnprocessedAccount {
            account_id: Some(ADMIN.into()),
            reason: Some("The request is from the administrator account.".into()),
        }])
    );

    // The sensitive members travel in clear on the wire (only Debug hides them).
    assert_wire(
        &the_request(&server).await,
        "POST",
        "/graph/members",
        json!({
            "Accounts": [
                {"AccountId": MEMBER, "EmailAddress": "member@example.com"},
                {"AccountId": OTHER_MEMBER, "EmailAddress": "other@example.org"}
            ],
            "DisableEmailNotification": true,
            "GraphArn": GRAPH_ARN,
            "Message": "Please join our behavior graph."
        }),
    );
}

#[tokio::test]
async fn create_members_omits_unset_message_and_notification_flag() {
    let server = server_answering(200, "{}").await;
    let client = client_for(&server);
    let output = client
        .create_members()
        .graph_arn(GRAPH_ARN)
        .account(MEMBER, "member@example.com")
        .send()
        .await
        .expect("CreateMembers succeeds");
    assert_eq!(output.members, None);
    assert_eq!(output.unprocessed_accounts, None);
    assert_wire(
        &the_request(&server).await,
        "POST",
        "/graph/members",
        json!({
            "Accounts": [{"AccountId": MEMBER, "EmailAddress": "member@example.com"}],
            "GraphArn": GRAPH_ARN
        }),
    );
}

#[tokio::test]
async fn delete_graph_is_post_graph_removal_and_accepts_an_empty_body() {
    let server = server_answering(200, "").await;
    let client = client_for(&server);
    client
        .delete_graph()
        .graph_arn(GRAPH_ARN)
        .send()
        .await
        .expect("DeleteGraph succeeds");
    assert_wire(
        &the_request(&server).await,
        "POST",
        "/graph/removal",
        json!({"GraphArn": GRAPH_ARN}),
    );
}

#[tokio::test]
async fn delete_members_is_post_graph_members_removal_and_reads_both_lists() {
    let body = json!({
        "AccountIds": [MEMBER],
        "UnprocessedAccounts": [{"AccountId": OTHER_MEMBER, "Reason": "not a member"}],
        "Whatever": [1]
    });
    let server = server_answering(200, &body.to_string()).await;
    let client = client_for(&server);
    let output = client
        .delete_members()
        .graph_arn(GRAPH_ARN)
        .account_ids([MEMBER, OTHER_MEMBER])
        .send()
        .await
        .expect("DeleteMembers succeeds");
    assert_eq!(output.account_ids, Some(vec![MEMBER.to_owned()]));
    assert_eq!(
        output.unprocessed_accounts,
        Some(vec![UnprocessedAccount {
            account_id: Some(OTHER_MEMBER.into()),
            reason: Some("not a member".into()),
        }])
    );
    assert_wire(
        &the_request(&server).await,
        "POST",
        "/graph/members/removal",
        json!({"AccountIds": [MEMBER, OTHER_MEMBER], "GraphArn": GRAPH_ARN}),
    );
}

#[tokio::test]
async fn disassociate_membership_is_post_membership_removal() {
    let server = server_answering(200, "{}").await;
    let client = client_for(&server);
    client
        .disassociate_membership()
        .graph_arn(GRAPH_ARN)
        .send()
        .await
        .expect("DisassociateMembership succeeds");
    assert_wire(
        &the_request(&server).await,
        "POST",
        "/membership/removal",
        json!({"GraphArn": GRAPH_ARN}),
    );
}

#[tokio::test]
async fn get_members_is_post_graph_members_get_and_reads_every_member_detail_field() {
    let body = json!({
        "MemberDetails": [full_member_json(), future_member_json()],
        "UnprocessedAccounts": [{"AccountId": "999999999999", "Reason": "not found"}],
        "NotInTheModel": true
    });
    let server = server_answering(200, &body.to_string()).await;
    let client = client_for(&server);
    let output = client
        .get_members()
        .graph_arn(GRAPH_ARN)
        .account_ids([MEMBER, OTHER_MEMBER, "999999999999"])
        .send()
        .await
        .expect("GetMembers succeeds");
    let details = output.member_details.expect("MemberDetails");
    assert_eq!(details.len(), 2);
    assert_full_member(&details[0]);
    assert_future_member(&details[1]);
    assert_eq!(
        output.unprocessed_accounts,
        Some(vec![UnprocessedAccount {
            account_id: Some("999999999999".into()),
            reason: Some("not found".into()),
        }])
    );
    assert_wire(
        &the_request(&server).await,
        "POST",
        "/graph/members/get",
        json!({"AccountIds": [MEMBER, OTHER_MEMBER, "999999999999"], "GraphArn": GRAPH_ARN}),
    );
}

#[tokio::test]
async fn list_graphs_is_post_graphs_list_and_reads_both_timestamp_encodings() {
    let body = json!({
        "GraphList": [
            {"Arn": GRAPH_ARN, "CreatedTime": "2026-11-26T02:20:21.123Z", "Extra": "x"},
            {"Arn": OTHER_GRAPH_ARN, "CreatedTime": 1795659621}
        ],
        "NextToken": "next-page"
    });
    let server = server_answering(200, &body.to_string()).await;
    let client = client_for(&server);
    let output = client
        .list_graphs()
        .max_results(5)
        .next_token("this-page")
        .send()
        .await
        .expect("ListGraphs succeeds");
    let graphs = output.graph_list.expect("GraphList");
    assert_eq!(graphs.len(), 2);
    assert_eq!(graphs[0].arn.as_deref(), Some(GRAPH_ARN));
    assert_eq!(graphs[0].created_time, Some(ts("2026-11-26T02:20:21.123Z")));
    assert_eq!(graphs[1].arn.as_deref(), Some(OTHER_GRAPH_ARN));
    assert_eq!(graphs[1].created_time, Some(ts("2026-11-26T02:20:21Z")));
    assert_eq!(output.next_token.as_deref(), Some("next-page"));
    assert_wire(
        &the_request(&server).await,
        "POST",
        "/graphs/list",
        json!({"MaxResults": 5, "NextToken": "this-page"}),
    );
}

#[tokio::test]
async fn list_graphs_with_nothing_set_sends_an_empty_object() {
    let server = server_answering(200, r#"{"GraphList": []}"#).await;
    let client = client_for(&server);
    let output = client
        .list_graphs()
        .send()
        .await
        .expect("ListGraphs succeeds");
    assert_eq!(output.graph_list, Some(vec![]));
    assert_eq!(output.next_token, None);
    assert_wire(
        &the_request(&server).await,
        "POST",
        "/graphs/list",
        json!({}),
    );
}

#[tokio::test]
async fn list_invitations_is_post_invitations_list_and_reads_invitations() {
    let body = json!({"Invitations": [full_member_json(), future_member_json()]});
    let server = server_answering(200, &body.to_string()).await;
    let client = client_for(&server);
    let output = client
        .list_invitations()
        .max_results(10)
        .send()
        .await
        .expect("ListInvitations succeeds");
    let invitations = output.invitations.expect("Invitations");
    assert_eq!(invitations.len(), 2);
    assert_full_member(&invitations[0]);
    assert_future_member(&invitations[1]);
    assert_eq!(output.next_token, None);
    assert_wire(
        &the_request(&server).await,
        "POST",
        "/invitations/list",
        json!({"MaxResults": 10}),
    );
}

#[tokio::test]
async fn list_members_is_post_graph_members_list_and_reads_member_details() {
    let body = json!({
        "MemberDetails": [full_member_json()],
        "NextToken": "more"
    });
    let server = server_answering(200, &body.to_string()).await;
    let client = client_for(&server);
    let output = client
        .list_members()
        .graph_arn(GRAPH_ARN)
        .max_results(200)
        .next_token("tok-1")
        .send()
        .await
        .expect("ListMembers succeeds");
    let details = output.member_details.expect("MemberDetails");
    assert_eq!(details.len(), 1);
    assert_full_member(&details[0]);
    assert_eq!(output.next_token.as_deref(), Some("more"));
    assert_wire(
        &the_request(&server).await,
        "POST",
        "/graph/members/list",
        json!({"GraphArn": GRAPH_ARN, "MaxResults": 200, "NextToken": "tok-1"}),
    );
}

#[tokio::test]
async fn list_members_omits_unset_page_members() {
    let server = server_answering(200, "{}").await;
    let client = client_for(&server);
    let output = client
        .list_members()
        .graph_arn(GRAPH_ARN)
        .send()
        .await
        .expect("ListMembers succeeds");
    assert_eq!(output.member_details, None);
    assert_wire(
        &the_request(&server).await,
        "POST",
        "/graph/members/list",
        json!({"GraphArn": GRAPH_ARN}),
    );
}

#[tokio::test]
async fn reject_invitation_is_post_invitation_removal() {
    let server = server_answering(200, "").await;
    let client = client_for(&server);
    client
        .reject_invitation()
        .graph_arn(GRAPH_ARN)
        .await
        .expect("RejectInvitation succeeds");
    assert_wire(
        &the_request(&server).await,
        "POST",
        "/invitation/removal",
        json!({"GraphArn": GRAPH_ARN}),
    );
}

#[tokio::test]
async fn every_request_carries_user_agent_and_host_of_the_endpoint() {
    let server = server_answering(200, "{}").await;
    let client = client_for(&server);
    client
        .list_graphs()
        .send()
        .await
        .expect("ListGraphs succeeds");
    let request = the_request(&server).await;
    assert!(header(&request, "user-agent").starts_with("detective-rs/"));
    let address = server.address();
    assert_eq!(header(&request, "host"), address.to_string());
}

#[tokio::test]
async fn each_call_is_signed_anew_with_its_own_date_header() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_string("{}"))
        .expect(2)
        .mount(&server)
        .await;
    let client = client_for(&server);
    client.list_graphs().send().await.expect("first call");
    client
        .list_graphs()
        .max_results(3)
        .send()
        .await
        .expect("second call");
    let requests = server.received_requests().await.expect("recording on");
    assert_eq!(requests.len(), 2);
    let first = header(&requests[0], "authorization");
    let second = header(&requests[1], "authorization");
    // Different bodies, so different signatures, each over its own request.
    assert_ne!(first, second);
    assert_wire(&requests[0], "POST", "/graphs/list", json!({}));
    assert_wire(
        &requests[1],
        "POST",
        "/graphs/list",
        json!({"MaxResults": 3}),
    );
}

#[tokio::test]
async fn unknown_members_and_unknown_values_do_not_break_an_empty_output() {
    // AcceptInvitation has no output members: anything the service adds is ignored.
    let server = server_answering(
        200,
        &json!({"Status": "NEW", "Nested": {"Deep": [null, 1, "x"]}}).to_string(),
    )
    .await;
    let client = client_for(&server);
    let output = client
        .disassociate_membership()
        .graph_arn(GRAPH_ARN)
        .send()
        .await;
    assert!(output.is_ok(), "{output:?}");
    let _ = the_request(&server).await;
}

//! The 18 operations added since the preview on the wire, against a wiremock
//! server: the exact method, path (with the percent-encoded ARN label of the
//! tag operations) and query string (`tagKeys` repeated), the body or its
//! absence (GET, DELETE and the member-less POST send none, and no
//! `Content-Type`), a SigV4 signature, 204 answers without a body, and the
//! typed output read from a canned response. Then the paginators of the four
//! new list operations, walked across pages, and `can_paginate` for all 29.

// Panicking on setup failure is the point of a test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use detective_client::ops::OperationId;
use detective_client::types::{
    Administrator, DatasourcePackage, DatasourcePackageIngestState, DateFilter, EntityType,
    FilterCriteria, FlaggedIpAddressReason, IndicatorType, InvestigationState, InvestigationStatus,
    Severity, SortCriteria, SortField, SortOrder, StringFilter, Timestamp,
};
use detective_client::{can_paginate, Client};
use futures_util::StreamExt;
use serde_json::{json, Value};
use wiremock::matchers::{any, method, path};
use wiremock::{Match, Mock, MockServer, Request, ResponseTemplate};

#[path = "common/wire.rs"]
mod wire;
use wire::{client_for, the_request};

const GRAPH_ARN: &str =
    "arn:aws:detective:eu-west-2:111122223333:graph:027c7c4610ea4aacaf0b883093cab899";
/// [`GRAPH_ARN`] as one path segment: every `:` is `%3A`.
const ENCODED_GRAPH_ARN: &str =
    "arn%3Aaws%3Adetective%3Aeu-west-2%3A111122223333%3Agraph%3A027c7c4610ea4aacaf0b883093cab899";
const OTHER_GRAPH_ARN: &str =
    "arn:aws:detective:eu-west-2:999988887777:graph:1234567890abcdef1234567890abcdef";
const MEMBER: &str = "444455556666";
const OTHER_MEMBER: &str = "777788889999";
const ADMIN: &str = "111122223333";
const ENTITY_ARN: &str = "arn:aws:iam::111122223333:role/Incident/Responder";
const INVESTIGATION_ID: &str = "000000000000000000042";

// ------------------------------------------------------------------ helpers

/// A server that answers any request once with `status` and `body` (JSON, or nothing when empty).
async fn server_answering(status: u16, body: &str) -> MockServer {
    let server = MockServer::start().await;
    let mut template = ResponseTemplate::new(status).insert_header("x-amzn-RequestId", "req-v2-1");
    if !body.is_empty() {
        template = template
            .insert_header("content-type", "application/json")
            .set_body_string(body);
    }
    Mock::given(any())
        .respond_with(template)
        .expect(1)
        .mount(&server)
        .await;
    server
}

fn header<'a>(request: &'a Request, name: &str) -> Option<&'a str> {
    request
        .headers
        .get(name)
        .map(|v| v.to_str().expect("header is ASCII"))
}

/// Asserts the SigV4 `Authorization` header for AKID / eu-west-2 / detective, signing host and date.
fn assert_signed(request: &Request) {
    let amz_date = header(request, "x-amz-date").expect("X-Amz-Date");
    assert_eq!(amz_date.len(), 16, "X-Amz-Date is yyyymmddThhmmssZ");
    let day = &amz_date[..8];
    let authorization = header(request, "authorization").expect("Authorization");
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
    for required in ["host", "x-amz-date"] {
        assert!(signed.contains(&required), "{required} not signed");
    }
    let signature = authorization
        .split(", ")
        .find_map(|part| part.strip_prefix("Signature="))
        .expect("Signature present");
    assert_eq!(signature.len(), 64);
    assert!(signature.bytes().all(|b| b.is_ascii_hexdigit()));
}

/// Asserts a request with a JSON body: method, raw (still encoded) path, no query, content type, signature, body.
fn assert_json_request(request: &Request, verb: &str, raw_path: &str, body: Value) {
    assert_eq!(request.method.as_str(), verb, "method");
    assert_eq!(request.url.path(), raw_path, "path");
    assert_eq!(request.url.query(), None, "no query string");
    assert_eq!(header(request, "content-type"), Some("application/json"));
    assert_signed(request);
    let sent: Value = serde_json::from_slice(&request.body).expect("body is JSON");
    assert_eq!(sent, body, "request body");
    assert!(
        !String::from_utf8_lossy(&request.body).contains("null"),
        "no nulls on the wire"
    );
}

/// Asserts a request without a body: method, raw path, raw query, signature, no body, no content type.
fn assert_bodiless_request(request: &Request, verb: &str, raw_path: &str, query: Option<&str>) {
    assert_eq!(request.method.as_str(), verb, "method");
    assert_eq!(request.url.path(), raw_path, "path");
    assert_eq!(request.url.query(), query, "query string");
    assert!(request.body.is_empty(), "no body: {:?}", request.body);
    assert_eq!(header(request, "content-type"), None, "no Content-Type");
    assert_signed(request);
}

fn ts(text: &str) -> Timestamp {
    Timestamp::parse_iso8601(text).expect("valid timestamp")
}

// --------------------------------------------------------------------- tags

#[tokio::test]
async fn tag_resource_is_post_to_the_encoded_arn_with_tags_in_the_body_and_reads_a_204() {
    let server = server_answering(204, "").await;
    let client = client_for(&server);
    let output = client
        .tag_resource()
        .resource_arn(GRAPH_ARN)
        .tag("Team", "Blue")
        .tag("cost:center/eu", "42")
        .send()
        .await
        .expect("TagResource succeeds on 204");
    assert_eq!(output, Default::default());
    let request = the_request(&server).await;
    assert_json_request(
        &request,
        "POST",
        &format!("/tags/{ENCODED_GRAPH_ARN}"),
        // ResourceArn travels in the path only, never in the body.
        json!({"Tags": {"Team": "Blue", "cost:center/eu": "42"}}),
    );
}

#[tokio::test]
async fn tag_resource_tags_setter_replaces_the_whole_map() {
    let server = server_answering(204, "").await;
    let client = client_for(&server);
    client
        .tag_resource()
        .resource_arn(GRAPH_ARN)
        .tag("Dropped", "x")
        .tags([("A", "1"), ("B", "2")])
        .send()
        .await
        .expect("TagResource succeeds");
    let request = the_request(&server).await;
    let sent: Value = serde_json::from_slice(&request.body).expect("JSON");
    assert_eq!(sent, json!({"Tags": {"A": "1", "B": "2"}}));
}

#[tokio::test]
async fn untag_resource_is_delete_with_tag_keys_repeated_and_encoded_in_the_query_and_no_body() {
    let server = server_answering(204, "").await;
    let client = client_for(&server);
    let output = client
        .untag_resource()
        .resource_arn(GRAPH_ARN)
        .tag_keys(["Team", "cost:center/eu", "a+b=c"])
        .send()
        .await
        .expect("UntagResource succeeds on 204");
    assert_eq!(output, Default::default());
    let request = the_request(&server).await;
    assert_bodiless_request(
        &request,
        "DELETE",
        &format!("/tags/{ENCODED_GRAPH_ARN}"),
        // In order, one parameter per key; `:` `/` `+` `=` all encoded (a `+` is never a space).
        Some("tagKeys=Team&tagKeys=cost%3Acenter%2Feu&tagKeys=a%2Bb%3Dc"),
    );
}

#[tokio::test]
async fn list_tags_for_resource_is_get_on_the_encoded_arn_without_body_and_reads_tags() {
    let server = server_answering(
        200,
        &json!({"Tags": {"Team": "Blue", "Env": "prod"}, "Future": true}).to_string(),
    )
    .await;
    let client = client_for(&server);
    let output = client
        .list_tags_for_resource()
        .resource_arn(GRAPH_ARN)
        .send()
        .await
        .expect("ListTagsForResource succeeds");
    let tags = output.tags.expect("Tags");
    assert_eq!(tags.len(), 2);
    assert_eq!(tags.get("Team").map(String::as_str), Some("Blue"));
    assert_eq!(tags.get("Env").map(String::as_str), Some("prod"));
    let request = the_request(&server).await;
    assert_bodiless_request(&request, "GET", &format!("/tags/{ENCODED_GRAPH_ARN}"), None);
}

#[tokio::test]
async fn a_204_with_a_stray_body_still_reads_as_the_empty_output() {
    // HTTP says a 204 has no content; whatever a proxy left there is not the output.
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(204).set_body_string("not json"))
        .expect(1)
        .mount(&server)
        .await;
    let output = client_for(&server)
        .untag_resource()
        .resource_arn(GRAPH_ARN)
        .tag_keys(["Team"])
        .send()
        .await;
    assert_eq!(output.ok(), Some(Default::default()));
}

// -------------------------------------------------------------- data sources

#[tokio::test]
async fn list_datasource_packages_is_post_graph_datasources_list_and_reads_ingest_details() {
    let server = server_answering(
        200,
        &json!({
            "DatasourcePackages": {
                "DETECTIVE_CORE": {
                    "DatasourcePackageIngestState": "STARTED",
                    "LastIngestStateChange": {
                        "STARTED": {"Timestamp": "2026-11-26T02:20:21Z"}
                    }
                },
                "EKS_AUDIT": {
                    "DatasourcePackageIngestState": "DISABLED",
                    "LastIngestStateChange": {
                        "STARTED": {"Timestamp": 1795659621},
                        "DISABLED": {"Timestamp": 1795663221.5}
                    }
                }
            },
            "NextToken": "page-2"
        })
        .to_string(),
    )
    .await;
    let client = client_for(&server);
    let output = client
        .list_datasource_packages()
        .graph_arn(GRAPH_ARN)
        .max_results(2)
        .next_token("page-1")
        .send()
        .await
        .expect("ListDatasourcePackages succeeds");
    assert_eq!(output.next_token.as_deref(), Some("page-2"));
    let packages = output.datasource_packages.expect("DatasourcePackages");
    let core = packages
        .get(&DatasourcePackage::DetectiveCore)
        .expect("DETECTIVE_CORE");
    assert_eq!(
        core.datasource_package_ingest_state,
        Some(DatasourcePackageIngestState::Started)
    );
    let eks = packages
        .get(&DatasourcePackage::EksAudit)
        .expect("EKS_AUDIT");
    let changes = eks.last_ingest_state_change.as_ref().expect("changes");
    assert_eq!(
        changes
            .get(&DatasourcePackageIngestState::Started)
            .and_then(|c| c.timestamp),
        Some(ts("2026-11-26T02:20:21Z"))
    );
    assert_eq!(
        changes
            .get(&DatasourcePackageIngestState::Disabled)
            .and_then(|c| c.timestamp),
        Some(ts("2026-11-26T03:20:21.5Z"))
    );
    assert_json_request(
        &the_request(&server).await,
        "POST",
        "/graph/datasources/list",
        json!({"GraphArn": GRAPH_ARN, "MaxResults": 2, "NextToken": "page-1"}),
    );
}

#[tokio::test]
async fn update_datasource_packages_is_post_graph_datasources_update_with_the_package_names() {
    let server = server_answering(200, "").await;
    let client = client_for(&server);
    client
        .update_datasource_packages()
        .graph_arn(GRAPH_ARN)
        .datasource_packages([
            DatasourcePackage::EksAudit,
            DatasourcePackage::from("ASFF_SECURITYHUB_FINDING"),
        ])
        .send()
        .await
        .expect("UpdateDatasourcePackages succeeds on an empty 200");
    assert_json_request(
        &the_request(&server).await,
        "POST",
        "/graph/datasources/update",
        json!({
            "DatasourcePackages": ["EKS_AUDIT", "ASFF_SECURITYHUB_FINDING"],
            "GraphArn": GRAPH_ARN
        }),
    );
}

#[tokio::test]
async fn batch_get_graph_member_datasources_reads_member_history_and_unprocessed_accounts() {
    let server = server_answering(
        200,
        &json!({
            "MemberDatasources": [{
                "AccountId": MEMBER,
                "GraphArn": GRAPH_ARN,
                "DatasourcePackageIngestHistory": {
                    "DETECTIVE_CORE": {"STARTED": {"Timestamp": "2026-11-26T02:20:21Z"}},
                    "EKS_AUDIT": {"DISABLED": {"Timestamp": "2026-11-26T02:20:21Z"}}
                }
            }],
            "UnprocessedAccounts": [{"AccountId": OTHER_MEMBER, "Reason": "not a member"}]
        })
        .to_string(),
    )
    .await;
    let client = client_for(&server);
    let output = client
        .batch_get_graph_member_datasources()
        .graph_arn(GRAPH_ARN)
        .account_ids([MEMBER, OTHER_MEMBER])
        .send()
        .await
        .expect("BatchGetGraphMemberDatasources succeeds");
    let members = output.member_datasources.expect("MemberDatasources");
    assert_eq!(members.len(), 1);
    assert_eq!(members[0].account_id.as_deref(), Some(MEMBER));
    assert_eq!(members[0].graph_arn.as_deref(), Some(GRAPH_ARN));
    let history = members[0]
        .datasource_package_ingest_history
        .as_ref()
        .expect("history");
    assert_eq!(
        history
            .get(&DatasourcePackage::DetectiveCore)
            .and_then(|h| h.get(&DatasourcePackageIngestState::Started))
            .and_then(|t| t.timestamp),
        Some(ts("2026-11-26T02:20:21Z"))
    );
    assert!(history
        .get(&DatasourcePackage::EksAudit)
        .is_some_and(|h| h.contains_key(&DatasourcePackageIngestState::Disabled)));
    let unprocessed = output.unprocessed_accounts.expect("UnprocessedAccounts");
    assert_eq!(unprocessed.len(), 1);
    assert_eq!(unprocessed[0].account_id.as_deref(), Some(OTHER_MEMBER));
    assert_eq!(unprocessed[0].reason.as_deref(), Some("not a member"));
    assert_json_request(
        &the_request(&server).await,
        "POST",
        "/graph/datasources/get",
        json!({"AccountIds": [MEMBER, OTHER_MEMBER], "GraphArn": GRAPH_ARN}),
    );
}

#[tokio::test]
async fn batch_get_membership_datasources_reads_memberships_and_unprocessed_graphs() {
    let server = server_answering(
        200,
        &json!({
            "MembershipDatasources": [{
                "AccountId": MEMBER,
                "GraphArn": GRAPH_ARN,
                "DatasourcePackageIngestHistory": {
                    "DETECTIVE_CORE": {"STARTED": {"Timestamp": 1795659621}}
                }
            }],
            "UnprocessedGraphs": [{"GraphArn": OTHER_GRAPH_ARN, "Reason": "not a member"}]
        })
        .to_string(),
    )
    .await;
    let client = client_for(&server);
    let output = client
        .batch_get_membership_datasources()
        .graph_arns([GRAPH_ARN, OTHER_GRAPH_ARN])
        .send()
        .await
        .expect("BatchGetMembershipDatasources succeeds");
    let memberships = output
        .membership_datasources
        .expect("MembershipDatasources");
    assert_eq!(memberships.len(), 1);
    assert_eq!(memberships[0].graph_arn.as_deref(), Some(GRAPH_ARN));
    let unprocessed = output.unprocessed_graphs.expect("UnprocessedGraphs");
    assert_eq!(unprocessed.len(), 1);
    assert_eq!(unprocessed[0].graph_arn.as_deref(), Some(OTHER_GRAPH_ARN));
    assert_eq!(unprocessed[0].reason.as_deref(), Some("not a member"));
    assert_json_request(
        &the_request(&server).await,
        "POST",
        "/membership/datasources/get",
        json!({"GraphArns": [GRAPH_ARN, OTHER_GRAPH_ARN]}),
    );
}

#[tokio::test]
async fn start_monitoring_member_is_post_graph_member_monitoringstate() {
    let server = server_answering(200, "{}").await;
    let client = client_for(&server);
    client
        .start_monitoring_member()
        .graph_arn(GRAPH_ARN)
        .account_id(MEMBER)
        .send()
        .await
        .expect("StartMonitoringMember succeeds");
    assert_json_request(
        &the_request(&server).await,
        "POST",
        "/graph/member/monitoringstate",
        json!({"AccountId": MEMBER, "GraphArn": GRAPH_ARN}),
    );
}

// ------------------------------------------------------------- organizations

#[tokio::test]
async fn enable_organization_admin_account_is_post_orgs_enable_admin_account() {
    let server = server_answering(200, "").await;
    client_for(&server)
        .enable_organization_admin_account()
        .account_id(ADMIN)
        .send()
        .await
        .expect("EnableOrganizationAdminAccount succeeds");
    assert_json_request(
        &the_request(&server).await,
        "POST",
        "/orgs/enableAdminAccount",
        json!({"AccountId": ADMIN}),
    );
}

#[tokio::test]
async fn disable_organization_admin_account_is_a_post_without_body_or_content_type() {
    let server = server_answering(200, "").await;
    client_for(&server)
        .disable_organization_admin_account()
        .send()
        .await
        .expect("DisableOrganizationAdminAccount succeeds");
    assert_bodiless_request(
        &the_request(&server).await,
        "POST",
        "/orgs/disableAdminAccount",
        None,
    );
}

#[tokio::test]
async fn list_organization_admin_accounts_is_post_orgs_admin_accountslist_and_reads_administrators()
{
    let server = server_answering(
        200,
        &json!({
            "Administrators": [{
                "AccountId": ADMIN,
                "GraphArn": GRAPH_ARN,
                "DelegationTime": "2026-11-26T02:20:21Z"
            }],
            "NextToken": "more"
        })
        .to_string(),
    )
    .await;
    let output = client_for(&server)
        .list_organization_admin_accounts()
        .max_results(1)
        .send()
        .await
        .expect("ListOrganizationAdminAccounts succeeds");
    assert_eq!(
        output.administrators,
        Some(vec![Administrator {
            account_id: Some(ADMIN.into()),
            delegation_time: Some(ts("2026-11-26T02:20:21Z")),
            graph_arn: Some(GRAPH_ARN.into()),
        }])
    );
    assert_eq!(output.next_token.as_deref(), Some("more"));
    assert_json_request(
        &the_request(&server).await,
        "POST",
        "/orgs/adminAccountslist",
        json!({"MaxResults": 1}),
    );
}

#[tokio::test]
async fn describe_organization_configuration_reads_auto_enable() {
    let server = server_answering(200, r#"{"AutoEnable": true}"#).await;
    let output = client_for(&server)
        .describe_organization_configuration()
        .graph_arn(GRAPH_ARN)
        .send()
        .await
        .expect("DescribeOrganizationConfiguration succeeds");
    assert_eq!(output.auto_enable, Some(true));
    assert_json_request(
        &the_request(&server).await,
        "POST",
        "/orgs/describeOrganizationConfiguration",
        json!({"GraphArn": GRAPH_ARN}),
    );
}

#[tokio::test]
async fn update_organization_configuration_sends_auto_enable_false_explicitly() {
    let server = server_answering(200, "").await;
    client_for(&server)
        .update_organization_configuration()
        .graph_arn(GRAPH_ARN)
        .auto_enable(false)
        .send()
        .await
        .expect("UpdateOrganizationConfiguration succeeds");
    assert_json_request(
        &the_request(&server).await,
        "POST",
        "/orgs/updateOrganizationConfiguration",
        json!({"AutoEnable": false, "GraphArn": GRAPH_ARN}),
    );
}

// ------------------------------------------------------------ investigations

#[tokio::test]
async fn start_investigation_sends_the_scope_as_iso_8601_and_reads_the_id() {
    let server = server_answering(
        200,
        &json!({"InvestigationId": INVESTIGATION_ID}).to_string(),
    )
    .await;
    let output = client_for(&server)
        .start_investigation()
        .graph_arn(GRAPH_ARN)
        .entity_arn(ENTITY_ARN)
        .scope_start_time(ts("2026-11-01T00:00:00Z"))
        .scope_end_time(ts("2026-11-26T02:20:21.5Z"))
        .send()
        .await
        .expect("StartInvestigation succeeds");
    assert_eq!(output.investigation_id.as_deref(), Some(INVESTIGATION_ID));
    assert_json_request(
        &the_request(&server).await,
        "POST",
        "/investigations/startInvestigation",
        json!({
            "EntityArn": ENTITY_ARN,
            "GraphArn": GRAPH_ARN,
            "ScopeEndTime": "2026-11-26T02:20:21.5Z",
            "ScopeStartTime": "2026-11-01T00:00:00Z"
        }),
    );
}

#[tokio::test]
async fn get_investigation_reads_every_member() {
    let server = server_answering(
        200,
        &json!({
            "CreatedTime": "2026-11-26T02:20:21Z",
            "EntityArn": ENTITY_ARN,
            "EntityType": "IAM_ROLE",
            "GraphArn": GRAPH_ARN,
            "InvestigationId": INVESTIGATION_ID,
            "ScopeEndTime": 1795659621,
            "ScopeStartTime": "2026-11-01T00:00:00Z",
            "Severity": "HIGH",
            "State": "ACTIVE",
            "Status": "RUNNING"
        })
        .to_string(),
    )
    .await;
    let output = client_for(&server)
        .get_investigation()
        .graph_arn(GRAPH_ARN)
        .investigation_id(INVESTIGATION_ID)
        .send()
        .await
        .expect("GetInvestigation succeeds");
    assert_eq!(output.created_time, Some(ts("2026-11-26T02:20:21Z")));
    assert_eq!(output.entity_arn.as_deref(), Some(ENTITY_ARN));
    assert_eq!(output.entity_type, Some(EntityType::IamRole));
    assert_eq!(output.graph_arn.as_deref(), Some(GRAPH_ARN));
    assert_eq!(output.investigation_id.as_deref(), Some(INVESTIGATION_ID));
    assert_eq!(output.scope_end_time, Some(ts("2026-11-26T02:20:21Z")));
    assert_eq!(output.scope_start_time, Some(ts("2026-11-01T00:00:00Z")));
    assert_eq!(output.severity, Some(Severity::High));
    assert_eq!(output.state, Some(InvestigationState::Active));
    assert_eq!(output.status, Some(InvestigationStatus::Running));
    assert_json_request(
        &the_request(&server).await,
        "POST",
        "/investigations/getInvestigation",
        json!({"GraphArn": GRAPH_ARN, "InvestigationId": INVESTIGATION_ID}),
    );
}

#[tokio::test]
async fn list_investigations_sends_filter_and_sort_criteria_and_reads_details() {
    let server = server_answering(
        200,
        &json!({
            "InvestigationDetails": [{
                "CreatedTime": "2026-11-26T02:20:21Z",
                "EntityArn": ENTITY_ARN,
                "EntityType": "IAM_ROLE",
                "InvestigationId": INVESTIGATION_ID,
                "Severity": "CRITICAL",
                "State": "ARCHIVED",
                "Status": "SUCCESSFUL"
            }],
            "NextToken": "n2"
        })
        .to_string(),
    )
    .await;
    let output = client_for(&server)
        .list_investigations()
        .graph_arn(GRAPH_ARN)
        .filter_criteria(FilterCriteria {
            created_time: Some(DateFilter {
                start_inclusive: Some(ts("2026-11-01T00:00:00Z")),
                end_inclusive: Some(ts("2026-12-01T00:00:00Z")),
            }),
            status: Some(StringFilter {
                value: Some("SUCCESSFUL".into()),
            }),
            ..Default::default()
        })
        .sort_criteria(SortCriteria {
            field: Some(SortField::CreatedTime),
            sort_order: Some(SortOrder::Desc),
        })
        .max_results(10)
        .send()
        .await
        .expect("ListInvestigations succeeds");
    let details = output.investigation_details.expect("InvestigationDetails");
    assert_eq!(details.len(), 1);
    assert_eq!(
        details[0].investigation_id.as_deref(),
        Some(INVESTIGATION_ID)
    );
    assert_eq!(details[0].severity, Some(Severity::Critical));
    assert_eq!(details[0].state, Some(InvestigationState::Archived));
    assert_eq!(details[0].status, Some(InvestigationStatus::Successful));
    assert_eq!(details[0].entity_type, Some(EntityType::IamRole));
    assert_eq!(output.next_token.as_deref(), Some("n2"));
    assert_json_request(
        &the_request(&server).await,
        "POST",
        "/investigations/listInvestigations",
        json!({
            "FilterCriteria": {
                "CreatedTime": {
                    "EndInclusive": "2026-12-01T00:00:00Z",
                    "StartInclusive": "2026-11-01T00:00:00Z"
                },
                "Status": {"Value": "SUCCESSFUL"}
            },
            "GraphArn": GRAPH_ARN,
            "MaxResults": 10,
            "SortCriteria": {"Field": "CREATED_TIME", "SortOrder": "DESC"}
        }),
    );
}

#[tokio::test]
async fn list_indicators_sends_the_type_and_reads_each_kind_of_detail() {
    let server = server_answering(
        200,
        &json!({
            "GraphArn": GRAPH_ARN,
            "InvestigationId": INVESTIGATION_ID,
            "Indicators": [
                {
                    "IndicatorType": "TTP_OBSERVED",
                    "IndicatorDetail": {"TTPsObservedDetail": {
                        "APIName": "ListBuckets", "APISuccessCount": 3, "APIFailureCount": 1,
                        "IpAddress": "198.51.100.7", "Tactic": "Discovery",
                        "Technique": "Cloud Storage Object Discovery", "Procedure": "s3:ListBuckets"
                    }}
                },
                {
                    "IndicatorType": "FLAGGED_IP_ADDRESS",
                    "IndicatorDetail": {"FlaggedIpAddressDetail": {
                        "IpAddress": "203.0.113.9", "Reason": "AWS_THREAT_INTELLIGENCE"
                    }}
                },
                {"IndicatorType": "SOMETHING_NEW", "IndicatorDetail": {"Future": {}}}
            ],
            "NextToken": "i2"
        })
        .to_string(),
    )
    .await;
    let output = client_for(&server)
        .list_indicators()
        .graph_arn(GRAPH_ARN)
        .investigation_id(INVESTIGATION_ID)
        .indicator_type(IndicatorType::TtpObserved)
        .max_results(3)
        .next_token("i1")
        .send()
        .await
        .expect("ListIndicators succeeds");
    assert_eq!(output.graph_arn.as_deref(), Some(GRAPH_ARN));
    assert_eq!(output.investigation_id.as_deref(), Some(INVESTIGATION_ID));
    assert_eq!(output.next_token.as_deref(), Some("i2"));
    let indicators = output.indicators.expect("Indicators");
    assert_eq!(indicators.len(), 3);
    assert_eq!(
        indicators[0].indicator_type,
        Some(IndicatorType::TtpObserved)
    );
    let ttp = indicators[0]
        .indicator_detail
        .as_ref()
        .and_then(|d| d.ttps_observed_detail.as_ref())
        .expect("TTPsObservedDetail");
    assert_eq!(ttp.api_name.as_deref(), Some("ListBuckets"));
    assert_eq!(ttp.api_success_count, Some(3));
    assert_eq!(ttp.api_failure_count, Some(1));
    assert_eq!(ttp.tactic.as_deref(), Some("Discovery"));
    let flagged = indicators[1]
        .indicator_detail
        .as_ref()
        .and_then(|d| d.flagged_ip_address_detail.as_ref())
        .expect("FlaggedIpAddressDetail");
    assert_eq!(flagged.ip_address.as_deref(), Some("203.0.113.9"));
    assert_eq!(
        flagged.reason,
        Some(FlaggedIpAddressReason::AwsThreatIntelligence)
    );
    // A kind this version does not know is kept, not an error.
    assert_eq!(
        indicators[2].indicator_type,
        Some(IndicatorType::Unknown("SOMETHING_NEW".into()))
    );
    assert_json_request(
        &the_request(&server).await,
        "POST",
        "/investigations/listIndicators",
        json!({
            "GraphArn": GRAPH_ARN,
            "IndicatorType": "TTP_OBSERVED",
            "InvestigationId": INVESTIGATION_ID,
            "MaxResults": 3,
            "NextToken": "i1"
        }),
    );
}

#[tokio::test]
async fn update_investigation_state_accepts_the_state_by_its_wire_text() {
    let server = server_answering(200, "").await;
    client_for(&server)
        .update_investigation_state()
        .graph_arn(GRAPH_ARN)
        .investigation_id(INVESTIGATION_ID)
        .state("ARCHIVED")
        .send()
        .await
        .expect("UpdateInvestigationState succeeds");
    assert_json_request(
        &the_request(&server).await,
        "POST",
        "/investigations/updateInvestigationState",
        json!({
            "GraphArn": GRAPH_ARN,
            "InvestigationId": INVESTIGATION_ID,
            "State": "ARCHIVED"
        }),
    );
}

// --------------------------------------------------------------- paginators

/// Matches a request whose JSON body has this `NextToken` (`None`: no `NextToken` member).
struct NextToken(Option<&'static str>);

impl Match for NextToken {
    fn matches(&self, request: &Request) -> bool {
        let Ok(body) = serde_json::from_slice::<Value>(&request.body) else {
            return false;
        };
        match (body.get("NextToken"), self.0) {
            (None, None) => true,
            (Some(Value::String(sent)), Some(expected)) => sent == expected,
            _ => false,
        }
    }
}

/// Mounts one page: the request to `route` with `token` is answered with `body`, once.
async fn page(server: &MockServer, route: &str, token: Option<&'static str>, body: Value) {
    Mock::given(method("POST"))
        .and(path(route))
        .and(NextToken(token))
        .respond_with(ResponseTemplate::new(200).set_body_string(body.to_string()))
        .expect(1)
        .mount(server)
        .await;
}

/// The `MaxResults` of every request the server received, in order.
async fn page_sizes(server: &MockServer) -> Vec<Option<i64>> {
    server
        .received_requests()
        .await
        .expect("recording on")
        .iter()
        .map(|r| {
            serde_json::from_slice::<Value>(&r.body).expect("JSON body")["MaxResults"].as_i64()
        })
        .collect()
}

#[tokio::test]
async fn list_datasource_packages_paginator_yields_every_package_across_pages() {
    let server = MockServer::start().await;
    let route = "/graph/datasources/list";
    let started = json!({"DatasourcePackageIngestState": "STARTED"});
    let disabled = json!({"DatasourcePackageIngestState": "DISABLED"});
    page(
        &server,
        route,
        None,
        json!({"DatasourcePackages": {"DETECTIVE_CORE": started, "EKS_AUDIT": disabled}, "NextToken": "t1"}),
    )
    .await;
    page(
        &server,
        route,
        Some("t1"),
        json!({"DatasourcePackages": {"ASFF_SECURITYHUB_FINDING": disabled}}),
    )
    .await;
    let items: Vec<_> = client_for(&server)
        .list_datasource_packages()
        .graph_arn(GRAPH_ARN)
        .into_paginator()
        .page_size(2)
        .items()
        .collect()
        .await;
    let packages: Vec<(String, Option<DatasourcePackageIngestState>)> = items
        .into_iter()
        .map(|item| {
            let (package, detail) = item.expect("every page succeeds");
            (
                package.as_str().to_owned(),
                detail.datasource_package_ingest_state,
            )
        })
        .collect();
    assert_eq!(
        packages,
        [
            (
                "DETECTIVE_CORE".to_owned(),
                Some(DatasourcePackageIngestState::Started)
            ),
            (
                "EKS_AUDIT".to_owned(),
                Some(DatasourcePackageIngestState::Disabled)
            ),
            (
                "ASFF_SECURITYHUB_FINDING".to_owned(),
                Some(DatasourcePackageIngestState::Disabled)
            ),
        ]
    );
    assert_eq!(page_sizes(&server).await, [Some(2), Some(2)]);
}

#[tokio::test]
async fn list_organization_admin_accounts_paginator_yields_every_administrator() {
    let server = MockServer::start().await;
    let route = "/orgs/adminAccountslist";
    page(
        &server,
        route,
        None,
        json!({"Administrators": [{"AccountId": "000000000001"}], "NextToken": "t1"}),
    )
    .await;
    page(
        &server,
        route,
        Some("t1"),
        json!({"Administrators": [{"AccountId": "000000000002"}]}),
    )
    .await;
    let items: Vec<_> = client_for(&server)
        .list_organization_admin_accounts()
        .into_paginator()
        .page_size(1)
        .items()
        .collect()
        .await;
    let accounts: Vec<String> = items
        .into_iter()
        .map(|i| i.expect("page").account_id.unwrap_or_default())
        .collect();
    assert_eq!(accounts, ["000000000001", "000000000002"]);
    assert_eq!(page_sizes(&server).await, [Some(1), Some(1)]);
}

#[tokio::test]
async fn list_investigations_paginator_yields_every_investigation_and_keeps_the_criteria() {
    let server = MockServer::start().await;
    let route = "/investigations/listInvestigations";
    let investigation = |n: u32| json!({"InvestigationId": format!("{n:021}")});
    page(
        &server,
        route,
        None,
        json!({"InvestigationDetails": [investigation(1), investigation(2)], "NextToken": "t1"}),
    )
    .await;
    page(
        &server,
        route,
        Some("t1"),
        json!({"InvestigationDetails": [investigation(3)]}),
    )
    .await;
    let items: Vec<_> = client_for(&server)
        .list_investigations()
        .graph_arn(GRAPH_ARN)
        .sort_criteria(SortCriteria {
            field: Some(SortField::Severity),
            sort_order: Some(SortOrder::Asc),
        })
        .into_paginator()
        .page_size(2)
        .items()
        .collect()
        .await;
    let ids: Vec<String> = items
        .into_iter()
        .map(|i| i.expect("page").investigation_id.unwrap_or_default())
        .collect();
    assert_eq!(
        ids,
        [
            "000000000000000000001",
            "000000000000000000002",
            "000000000000000000003"
        ]
    );
    // Every page request repeats the criteria, as the token is only valid with them.
    for request in server.received_requests().await.expect("recording on") {
        let body: Value = serde_json::from_slice(&request.body).expect("JSON");
        assert_eq!(
            body["SortCriteria"],
            json!({"Field": "SEVERITY", "SortOrder": "ASC"})
        );
    }
}

#[tokio::test]
async fn list_indicators_paginator_yields_every_indicator_of_the_type() {
    let server = MockServer::start().await;
    let route = "/investigations/listIndicators";
    let indicator = |ip: &str| {
        json!({"IndicatorType": "NEW_GEOLOCATION",
               "IndicatorDetail": {"NewGeolocationDetail": {"IpAddress": ip}}})
    };
    page(
        &server,
        route,
        None,
        json!({"Indicators": [indicator("192.0.2.1")], "NextToken": "t1"}),
    )
    .await;
    page(
        &server,
        route,
        Some("t1"),
        json!({"Indicators": [indicator("192.0.2.2")], "NextToken": "t2"}),
    )
    .await;
    page(&server, route, Some("t2"), json!({"Indicators": []})).await;
    let items: Vec<_> = client_for(&server)
        .list_indicators()
        .graph_arn(GRAPH_ARN)
        .investigation_id(INVESTIGATION_ID)
        .indicator_type(IndicatorType::NewGeolocation)
        .into_paginator()
        .items()
        .collect()
        .await;
    let ips: Vec<String> = items
        .into_iter()
        .map(|i| {
            i.expect("page")
                .indicator_detail
                .and_then(|d| d.new_geolocation_detail)
                .and_then(|g| g.ip_address)
                .unwrap_or_default()
        })
        .collect();
    assert_eq!(ips, ["192.0.2.1", "192.0.2.2"]);
    let requests = server.received_requests().await.expect("recording on");
    assert_eq!(requests.len(), 3);
    for request in requests {
        let body: Value = serde_json::from_slice(&request.body).expect("JSON");
        assert_eq!(body["IndicatorType"], "NEW_GEOLOCATION");
        assert_eq!(body["InvestigationId"], INVESTIGATION_ID);
    }
}

#[test]
fn can_paginate_is_true_exactly_for_the_seven_list_operations() {
    let paginated = [
        "list_datasource_packages",
        "list_graphs",
        "list_indicators",
        "list_investigations",
        "list_invitations",
        "list_members",
        "list_organization_admin_accounts",
    ];
    for id in OperationId::ALL {
        let name = id.info().snake_name;
        assert_eq!(can_paginate(name), paginated.contains(&name), "{name}");
    }
    assert_eq!(OperationId::ALL.len(), 29);
    // Not a list although its name starts like one: the tags come whole.
    assert!(!can_paginate("list_tags_for_resource"));
}

/// Turns a call of `id` into a paginator; `false` when there is none for it.
fn paginator_for(client: &Client, id: OperationId) -> bool {
    match id {
        OperationId::ListDatasourcePackages => {
            drop(client.list_datasource_packages().into_paginator())
        }
        OperationId::ListGraphs => drop(client.list_graphs().into_paginator()),
        OperationId::ListIndicators => drop(client.list_indicators().into_paginator()),
        OperationId::ListInvestigations => drop(client.list_investigations().into_paginator()),
        OperationId::ListInvitations => drop(client.list_invitations().into_paginator()),
        OperationId::ListMembers => drop(client.list_members().into_paginator()),
        OperationId::ListOrganizationAdminAccounts => {
            drop(client.list_organization_admin_accounts().into_paginator())
        }
        _ => return false,
    }
    true
}

#[test]
fn every_operation_the_model_pages_has_a_paginator_and_no_other() {
    let client = Client::builder()
        .region("eu-west-2")
        .static_credentials("AKID", "SECRETKEY")
        .endpoint_url("http://127.0.0.1:9")
        .build()
        .expect("client builds");
    for id in OperationId::ALL.iter().copied() {
        assert_eq!(paginator_for(&client, id), id.info().paginated, "{id:?}");
    }
}

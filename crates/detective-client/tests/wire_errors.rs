//! Error responses on the wire: for every operation, every error code its
//! model lists becomes `Error::Service` with that code, the message and the
//! request id, whether the code travels in the `x-amzn-ErrorType` header
//! (plain or with a `:http://...` suffix) or in the body (`__type` with a
//! namespace, or `code`); and `Display` says all three.

// Panicking on setup failure is the point of a test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use detective_client::ops::OperationId;
use detective_client::types::{
    DatasourcePackage, ErrorCode, InvestigationState, ServiceErrorCode, Timestamp,
};
use detective_client::{Client, Error};
use serde_json::{json, Value};
use std::collections::BTreeSet;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

const GRAPH_ARN: &str =
    "arn:aws:detective:eu-west-2:111122223333:graph:027c7c4610ea4aacaf0b883093cab899";
const MEMBER: &str = "444455556666";
const ENTITY_ARN: &str = "arn:aws:iam::111122223333:role/Admin";
const INVESTIGATION_ID: &str = "000000000000000000001";

// This binary uses only `client_for` (retries off, so no backoff to pin down).
#[allow(dead_code)]
#[path = "common/wire.rs"]
mod wire;
use wire::client_for;

/// Sends a valid call of operation `id`, discarding the output.
async fn call(client: &Client, id: OperationId) -> Result<(), Error> {
    match id {
        OperationId::AcceptInvitation => client
            .accept_invitation()
            .graph_arn(GRAPH_ARN)
            .send()
            .await
            .map(drop),
        OperationId::CreateGraph => client.create_graph().send().await.map(drop),
        OperationId::CreateMembers => client
            .create_members()
            .graph_arn(GRAPH_ARN)
            .account(MEMBER, "member@example.com")
            .send()
            .await
            .map(drop),
        OperationId::DeleteGraph => client
            .delete_graph()
            .graph_arn(GRAPH_ARN)
            .send()
            .await
            .map(drop),
        OperationId::DeleteMembers => client
            .delete_members()
            .graph_arn(GRAPH_ARN)
            .account_ids([MEMBER])
            .send()
            .await
            .map(drop),
        OperationId::DisassociateMembership => client
            .disassociate_membership()
            .graph_arn(GRAPH_ARN)
            .send()
            .await
            .map(drop),
        OperationId::GetMembers => client
            .get_members()
            .graph_arn(GRAPH_ARN)
            .account_ids([MEMBER])
            .send()
            .await
            .map(drop),
        OperationId::ListGraphs => client.list_graphs().send().await.map(drop),
        OperationId::ListInvitations => client.list_invitations().send().await.map(drop),
        OperationId::ListMembers => client
            .list_members()
            .graph_arn(GRAPH_ARN)
            .send()
            .await
            .map(drop),
        OperationId::RejectInvitation => client
            .reject_invitation()
            .graph_arn(GRAPH_ARN)
            .send()
            .await
            .map(drop),
        OperationId::TagResource => client
            .tag_resource()
            .resource_arn(GRAPH_ARN)
            .tag("Team", "Blue")
            .send()
            .await
            .map(drop),
        OperationId::UntagResource => client
            .untag_resource()
            .resource_arn(GRAPH_ARN)
            .tag_keys(["Team"])
            .send()
            .await
            .map(drop),
        OperationId::ListTagsForResource => client
            .list_tags_for_resource()
            .resource_arn(GRAPH_ARN)
            .send()
            .await
            .map(drop),
        OperationId::ListDatasourcePackages => client
            .list_datasource_packages()
            .graph_arn(GRAPH_ARN)
            .send()
            .await
            .map(drop),
        OperationId::UpdateDatasourcePackages => client
            .update_datasource_packages()
            .graph_arn(GRAPH_ARN)
            .datasource_packages([DatasourcePackage::EksAudit])
            .send()
            .await
            .map(drop),
        OperationId::BatchGetGraphMemberDatasources => client
            .batch_get_graph_member_datasources()
            .graph_arn(GRAPH_ARN)
            .account_ids([MEMBER])
            .send()
            .await
            .map(drop),
        OperationId::BatchGetMembershipDatasources => client
            .batch_get_membership_datasources()
            .graph_arns([GRAPH_ARN])
            .send()
            .await
            .map(drop),
        OperationId::StartMonitoringMember => client
            .start_monitoring_member()
            .graph_arn(GRAPH_ARN)
            .account_id(MEMBER)
            .send()
            .await
            .map(drop),
        OperationId::EnableOrganizationAdminAccount => client
            .enable_organization_admin_account()
            .account_id(MEMBER)
            .send()
            .await
            .map(drop),
        OperationId::DisableOrganizationAdminAccount => client
            .disable_organization_admin_account()
            .send()
            .await
            .map(drop),
        OperationId::ListOrganizationAdminAccounts => client
            .list_organization_admin_accounts()
            .send()
            .await
            .map(drop),
        OperationId::DescribeOrganizationConfiguration => client
            .describe_organization_configuration()
            .graph_arn(GRAPH_ARN)
            .send()
            .await
            .map(drop),
        OperationId::UpdateOrganizationConfiguration => client
            .update_organization_configuration()
            .graph_arn(GRAPH_ARN)
            .auto_enable(true)
            .send()
            .await
            .map(drop),
        OperationId::StartInvestigation => client
            .start_investigation()
            .graph_arn(GRAPH_ARN)
            .entity_arn(ENTITY_ARN)
            .scope_start_time(Timestamp::UNIX_EPOCH)
            .scope_end_time(Timestamp::from_epoch_millis(86_400_000).expect("in range"))
            .send()
            .await
            .map(drop),
        OperationId::GetInvestigation => client
            .get_investigation()
            .graph_arn(GRAPH_ARN)
            .investigation_id(INVESTIGATION_ID)
            .send()
            .await
            .map(drop),
        OperationId::ListInvestigations => client
            .list_investigations()
            .graph_arn(GRAPH_ARN)
            .send()
            .await
            .map(drop),
        OperationId::ListIndicators => client
            .list_indicators()
            .graph_arn(GRAPH_ARN)
            .investigation_id(INVESTIGATION_ID)
            .send()
            .await
            .map(drop),
        OperationId::UpdateInvestigationState => client
            .update_investigation_state()
            .graph_arn(GRAPH_ARN)
            .investigation_id(INVESTIGATION_ID)
            .state(InvestigationState::Archived)
            .send()
            .await
            .map(drop),
    }
}

/// The request path `call` sends for `path_template`: `{ResourceArn}` is
/// [`GRAPH_ARN`] with every `:` and `/` percent-encoded, as the tag
/// operations put it; other paths have no labels.
fn sent_path(path_template: &str) -> String {
    let encoded = GRAPH_ARN.replace(':', "%3A").replace('/', "%2F");
    path_template.replace("{ResourceArn}", &encoded)
}

/// How the error code travels.
#[derive(Debug, Clone, Copy)]
enum Carrier {
    /// `x-amzn-ErrorType: Code`.
    Header,
    /// `x-amzn-ErrorType: Code:http://internal.amazon.com/...`.
    HeaderWithSuffix,
    /// Body `{"__type": "com.amazonaws.detective#Code"}`.
    BodyType,
    /// Body `{"code": "Code"}`.
    BodyCode,
}

const CARRIERS: [Carrier; 4] = [
    Carrier::Header,
    Carrier::HeaderWithSuffix,
    Carrier::BodyType,
    Carrier::BodyCode,
];

fn error_response(
    code: &str,
    carrier: Carrier,
    message: &str,
    request_id: &str,
) -> ResponseTemplate {
    let status = ServiceErrorCode::from(code).http_status();
    let template = ResponseTemplate::new(status)
        .insert_header("content-type", "application/json")
        .insert_header("x-amzn-RequestId", request_id);
    match carrier {
        Carrier::Header => template
            .insert_header("x-amzn-ErrorType", code)
            .set_body_string(json!({"Message": message}).to_string()),
        Carrier::HeaderWithSuffix => template
            .insert_header(
                "x-amzn-ErrorType",
                format!("{code}:http://internal.amazon.com/coral/com.amazon.coral.service/")
                    .as_str(),
            )
            .set_body_string(json!({"message": message}).to_string()),
        Carrier::BodyType => template.set_body_string(
            json!({"__type": format!("com.amazonaws.detective#{code}"), "Message": message})
                .to_string(),
        ),
        Carrier::BodyCode => {
            template.set_body_string(json!({"code": code, "message": message}).to_string())
        }
    }
}

fn service_error(
    result: Result<(), Error>,
    context: &str,
) -> (Error, detective_client::ops::ServiceError) {
    match result {
        Err(Error::Service(e)) => (Error::Service(e.clone()), e),
        other => panic!("{context}: expected Error::Service, got {other:?}"),
    }
}

#[tokio::test]
async fn every_modeled_error_of_every_operation_maps_to_a_service_error() {
    let server = MockServer::start().await;
    let client = client_for(&server);
    let mut checked = 0;
    for id in OperationId::ALL.iter().copied() {
        let info = id.info();
        assert!(!info.errors.is_empty(), "{} lists no errors", info.name);
        for code in info.errors {
            let expected_code = ServiceErrorCode::from(*code);
            assert!(
                !matches!(expected_code, ServiceErrorCode::Unknown(_)),
                "{code} of {} is not a known ServiceErrorCode",
                info.name
            );
            for carrier in CARRIERS {
                let context = format!("{} {code} via {carrier:?}", info.name);
                let message = format!("{code} happened during {}", info.name);
                let request_id = format!("req-{}-{code}-{carrier:?}", info.snake_name);
                server.reset().await;
                Mock::given(any())
                    .respond_with(error_response(code, carrier, &message, &request_id))
                    .expect(1)
                    .mount(&server)
                    .await;

                let (error, service) = service_error(call(&client, id).await, &context);
                assert_eq!(service.code, expected_code, "{context}");
                assert_eq!(
                    service.message.as_deref(),
                    Some(message.as_str()),
                    "{context}"
                );
                assert_eq!(
                    service.request_id.as_deref(),
                    Some(request_id.as_str()),
                    "{context}"
                );
                assert_eq!(service.status, expected_code.http_status(), "{context}");
                assert_eq!(error.code(), Some(&expected_code), "{context}");
                assert_eq!(error.request_id(), Some(request_id.as_str()), "{context}");

                let shown = error.to_string();
                for part in [*code, message.as_str(), request_id.as_str()] {
                    assert!(shown.contains(part), "{context}: {shown:?} lacks {part:?}");
                }
                let received = server.received_requests().await.expect("recording on");
                assert_eq!(received.len(), 1, "{context}: one request, no retry");
                assert_eq!(received[0].url.path(), sent_path(info.path), "{context}");
                checked += 1;
            }
        }
    }
    // 29 operations, 127 modeled (operation, code) pairs, 4 carriers each.
    assert_eq!(checked, 127 * 4);
}

#[tokio::test]
async fn the_errors_lists_match_the_api_model() {
    let model_path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/data/detective-2018-10-26.json"
    );
    let model: Value =
        serde_json::from_str(&std::fs::read_to_string(model_path).expect("model readable"))
            .expect("model is JSON");
    for id in OperationId::ALL {
        let info = id.info();
        let operation = &model["operations"][info.name];
        let in_model: BTreeSet<&str> = operation["errors"]
            .as_array()
            .expect("errors listed")
            .iter()
            .map(|e| e["shape"].as_str().expect("shape name"))
            .collect();
        let in_code: BTreeSet<&str> = info.errors.iter().copied().collect();
        assert_eq!(in_code, in_model, "{}", info.name);
        assert_eq!(
            operation["http"]["method"].as_str(),
            Some(info.method.as_str()),
            "{}",
            info.name
        );
        assert_eq!(
            operation["http"]["requestUri"].as_str(),
            Some(info.path),
            "{}",
            info.name
        );
    }
}

#[tokio::test]
async fn validation_exception_keeps_error_code_and_reason() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(400)
                .insert_header("x-amzn-ErrorType", "ValidationException")
                .insert_header("x-amzn-RequestId", "req-val")
                .set_body_string(
                    json!({
                        "Message": "The request body is invalid.",
                        "ErrorCode": "INVALID_REQUEST_BODY",
                        "ErrorCodeReason": "AccountIds too long"
                    })
                    .to_string(),
                ),
        )
        .expect(1)
        .mount(&server)
        .await;
    let client = client_for(&server);
    let (error, service) =
        service_error(call(&client, OperationId::GetMembers).await, "GetMembers");
    assert_eq!(service.code, ServiceErrorCode::ValidationException);
    assert_eq!(service.error_code, Some(ErrorCode::InvalidRequestBody));
    assert_eq!(
        service.error_code_reason.as_deref(),
        Some("AccountIds too long")
    );
    let shown = error.to_string();
    assert!(shown.contains("INVALID_REQUEST_BODY"), "{shown}");
    assert!(shown.contains("req-val"), "{shown}");
}

#[tokio::test]
async fn service_quota_exceeded_keeps_its_resources() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(402)
                .insert_header(
                    "x-amzn-ErrorType",
                    "ServiceQuotaExceededException:http://internal.amazon.com/",
                )
                .insert_header("x-amzn-RequestId", "req-quota")
                .set_body_string(
                    json!({"message": "too many members", "Resources": ["Members"]}).to_string(),
                ),
        )
        .expect(1)
        .mount(&server)
        .await;
    let client = client_for(&server);
    let (_, service) = service_error(
        call(&client, OperationId::CreateMembers).await,
        "CreateMembers",
    );
    assert_eq!(
        service.code,
        ServiceErrorCode::ServiceQuotaExceededException
    );
    assert_eq!(service.status, 402);
    assert_eq!(service.resources, Some(vec!["Members".to_owned()]));
    assert_eq!(service.message.as_deref(), Some("too many members"));
}

#[tokio::test]
async fn the_header_code_wins_over_the_body_code() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(409)
                .insert_header("x-amzn-ErrorType", "ConflictException")
                .insert_header("x-amzn-RequestId", "req-both")
                .set_body_string(
                    json!({"__type": "aws#ValidationException", "Message": "not invited"})
                        .to_string(),
                ),
        )
        .expect(1)
        .mount(&server)
        .await;
    let client = client_for(&server);
    let (_, service) = service_error(
        call(&client, OperationId::AcceptInvitation).await,
        "AcceptInvitation",
    );
    assert_eq!(service.code, ServiceErrorCode::ConflictException);
    assert_eq!(service.message.as_deref(), Some("not invited"));
}

#[tokio::test]
async fn an_unknown_error_code_is_kept_verbatim() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(400)
                .insert_header("x-amzn-RequestId", "req-new")
                .set_body_string(
                    json!({"__type": "com.amazonaws.detective#BrandNewException", "message": "new"})
                        .to_string(),
                ),
        )
        .expect(1)
        .mount(&server)
        .await;
    let client = client_for(&server);
    let (error, service) =
        service_error(call(&client, OperationId::ListGraphs).await, "ListGraphs");
    assert_eq!(
        service.code,
        ServiceErrorCode::Unknown("BrandNewException".into())
    );
    assert_eq!(service.status, 400);
    assert!(error.to_string().contains("BrandNewException"));
    assert!(!error.is_retryable());
}

#[tokio::test]
async fn an_error_without_a_code_is_unparseable_with_body_and_request_id() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(400)
                .insert_header("x-amzn-RequestId", "req-html")
                .set_body_string("<html>Bad Request</html>"),
        )
        .expect(1)
        .mount(&server)
        .await;
    let client = client_for(&server);
    let error = call(&client, OperationId::ListGraphs)
        .await
        .expect_err("a 400 is an error");
    assert!(matches!(error, Error::Unparseable(_)), "{error:?}");
    assert_eq!(error.request_id(), Some("req-html"));
    assert_eq!(
        error.raw_body().map(|b| b.to_vec()),
        Some(b"<html>Bad Request</html>".to_vec())
    );
    assert!(error.to_string().contains("req-html"), "{error}");
}

#[tokio::test]
async fn a_success_with_a_malformed_body_is_unparseable() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("x-amzn-RequestId", "req-bad")
                .set_body_string(r#"{"GraphList": 5}"#),
        )
        .expect(1)
        .mount(&server)
        .await;
    let client = client_for(&server);
    let error = call(&client, OperationId::ListGraphs)
        .await
        .expect_err("malformed output");
    assert!(matches!(error, Error::Unparseable(_)), "{error:?}");
    assert_eq!(error.request_id(), Some("req-bad"));
    assert!(error.to_string().contains("ListGraphs"), "{error}");
}

#[tokio::test]
async fn an_error_type_header_with_namespace_and_suffix_is_reduced_to_the_code() {
    let server = MockServer::start().await;
    let client = client_for(&server);
    for header in [
        "com.amazonaws.detective#ConflictException:http://internal.amazon.com/coral/com.amazon.coral.validate/",
        // Smithy: take what is before the first ':', then what is after the '#'.
        "ConflictException:http://internal.amazon.com/coral/doc.html#section",
        " ConflictException ",
    ] {
        server.reset().await;
        Mock::given(any())
            .respond_with(
                ResponseTemplate::new(409)
                    .insert_header("x-amzn-ErrorType", header)
                    .insert_header("x-amzn-RequestId", "req-ns")
                    .set_body_string(r#"{"message":"not invited"}"#),
            )
            .expect(1)
            .mount(&server)
            .await;
        let (_, service) = service_error(
            call(&client, OperationId::RejectInvitation).await,
            header,
        );
        assert_eq!(service.code, ServiceErrorCode::ConflictException, "{header}");
        assert_eq!(service.request_id.as_deref(), Some("req-ns"), "{header}");
    }
}

//! What happens before anything is sent: local validation (the mock server
//! sees no request), redaction of secrets and personal data in `Debug`, and
//! the client's settings (missing ones, and those read from the environment).

// Panicking on setup failure is the point of a test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use aws_credential_types::provider::ProvideCredentials;
use detective_client::ops::OperationId;
use detective_client::types::{
    Constraint, CreateMembersInput, DatasourcePackage, InvestigationState, Timestamp,
    ValidationError, REDACTED,
};
use detective_client::{Client, ClientBuilder, ConfigError, Credentials, Error};
use std::collections::HashMap;
use std::time::Duration;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

const GRAPH_ARN: &str =
    "arn:aws:detective:eu-west-2:111122223333:graph:027c7c4610ea4aacaf0b883093cab899";
const BAD_GRAPH_ARN: &str = "arn:aws:detective:eu-west-2:111122223333:graph:NOT-A-GRAPH-ID";
const MEMBER: &str = "444455556666";
const ENTITY_ARN: &str = "arn:aws:iam::111122223333:role/Admin";
const INVESTIGATION_ID: &str = "000000000000000000001";
const SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYSECRETKEY";
const SESSION_TOKEN: &str = "FwoGZXIvYXdzEXAMPLESESSIONTOKEN";
const EMAIL: &str = "private.person@example.com";
const MESSAGE: &str = "Confidential: join the incident response graph";

/// A server that must not receive anything.
async fn silent_server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_string("{}"))
        .expect(0)
        .mount(&server)
        .await;
    server
}

fn client_for(server: &MockServer) -> Client {
    Client::builder()
        .region("eu-west-2")
        .static_credentials("AKID", SECRET)
        .endpoint_url(server.uri())
        .max_attempts(1)
        .attempt_timeout(Duration::from_secs(10))
        .build()
        .expect("client builds")
}

async fn assert_nothing_sent(server: &MockServer) {
    let received = server.received_requests().await.expect("recording on");
    assert!(received.is_empty(), "{} request(s) sent", received.len());
}

/// The validation error of a failed call, after checking its `Display`.
fn validation(result: Result<(), Error>, context: &str) -> ValidationError {
    match result {
        Err(Error::Validation(e)) => {
            let shown = Error::Validation(e.clone()).to_string();
            assert!(shown.contains("nothing was sent"), "{context}: {shown}");
            assert!(shown.contains(e.member()), "{context}: {shown}");
            assert!(
                shown.contains(&e.constraint().to_string()),
                "{context}: {shown}"
            );
            e
        }
        other => panic!("{context}: expected Error::Validation, got {other:?}"),
    }
}

/// Calls operation `id` with `arn` as its `GraphArn`; `None` when it takes no `GraphArn`.
async fn call_with_graph_arn(
    client: &Client,
    id: OperationId,
    arn: &str,
) -> Option<Result<(), Error>> {
    Some(match id {
        OperationId::AcceptInvitation => client
            .accept_invitation()
            .graph_arn(arn)
            .send()
            .await
            .map(drop),
        OperationId::CreateMembers => client
            .create_members()
            .graph_arn(arn)
            .account(MEMBER, "member@example.com")
            .send()
            .await
            .map(drop),
        OperationId::DeleteGraph => client.delete_graph().graph_arn(arn).send().await.map(drop),
        OperationId::DeleteMembers => client
            .delete_members()
            .graph_arn(arn)
            .account_ids([MEMBER])
            .send()
            .await
            .map(drop),
        OperationId::DisassociateMembership => client
            .disassociate_membership()
            .graph_arn(arn)
            .send()
            .await
            .map(drop),
        OperationId::GetMembers => client
            .get_members()
            .graph_arn(arn)
            .account_ids([MEMBER])
            .send()
            .await
            .map(drop),
        OperationId::ListMembers => client.list_members().graph_arn(arn).send().await.map(drop),
        OperationId::RejectInvitation => client
            .reject_invitation()
            .graph_arn(arn)
            .send()
            .await
            .map(drop),
        OperationId::ListDatasourcePackages => client
            .list_datasource_packages()
            .graph_arn(arn)
            .send()
            .await
            .map(drop),
        OperationId::UpdateDatasourcePackages => client
            .update_datasource_packages()
            .graph_arn(arn)
            .datasource_packages([DatasourcePackage::EksAudit])
            .send()
            .await
            .map(drop),
        OperationId::BatchGetGraphMemberDatasources => client
            .batch_get_graph_member_datasources()
            .graph_arn(arn)
            .account_ids([MEMBER])
            .send()
            .await
            .map(drop),
        OperationId::StartMonitoringMember => client
            .start_monitoring_member()
            .graph_arn(arn)
            .account_id(MEMBER)
            .send()
            .await
            .map(drop),
        OperationId::DescribeOrganizationConfiguration => client
            .describe_organization_configuration()
            .graph_arn(arn)
            .send()
            .await
            .map(drop),
        OperationId::UpdateOrganizationConfiguration => client
            .update_organization_configuration()
            .graph_arn(arn)
            .auto_enable(true)
            .send()
            .await
            .map(drop),
        OperationId::StartInvestigation => client
            .start_investigation()
            .graph_arn(arn)
            .entity_arn(ENTITY_ARN)
            .scope_start_time(Timestamp::UNIX_EPOCH)
            .scope_end_time(Timestamp::from_epoch_millis(86_400_000).expect("in range"))
            .send()
            .await
            .map(drop),
        OperationId::GetInvestigation => client
            .get_investigation()
            .graph_arn(arn)
            .investigation_id(INVESTIGATION_ID)
            .send()
            .await
            .map(drop),
        OperationId::ListInvestigations => client
            .list_investigations()
            .graph_arn(arn)
            .send()
            .await
            .map(drop),
        OperationId::ListIndicators => client
            .list_indicators()
            .graph_arn(arn)
            .investigation_id(INVESTIGATION_ID)
            .send()
            .await
            .map(drop),
        OperationId::UpdateInvestigationState => client
            .update_investigation_state()
            .graph_arn(arn)
            .investigation_id(INVESTIGATION_ID)
            .state(InvestigationState::Archived)
            .send()
            .await
            .map(drop),
        // No `GraphArn` member: none at all, or the graph under another name
        // (`ResourceArn`, `GraphArns`), which the error would name instead.
        OperationId::CreateGraph
        | OperationId::ListGraphs
        | OperationId::ListInvitations
        | OperationId::TagResource
        | OperationId::UntagResource
        | OperationId::ListTagsForResource
        | OperationId::BatchGetMembershipDatasources
        | OperationId::EnableOrganizationAdminAccount
        | OperationId::DisableOrganizationAdminAccount
        | OperationId::ListOrganizationAdminAccounts => return None,
    })
}

// ---------------------------------------------------------------- validation

#[tokio::test]
async fn a_bad_graph_arn_is_refused_before_sending_for_every_operation() {
    let server = silent_server().await;
    let client = client_for(&server);
    let mut checked = 0;
    for id in OperationId::ALL.iter().copied() {
        let Some(result) = call_with_graph_arn(&client, id, BAD_GRAPH_ARN).await else {
            continue;
        };
        let e = validation(result, id.info().name);
        assert_eq!(e.member(), "GraphArn", "{id:?}");
        assert!(
            matches!(e.constraint(), Constraint::Pattern(p) if p.contains("detective")),
            "{id:?}: {e}"
        );
        assert!(e.is_graph_arn());
        checked += 1;
    }
    // The 8 original operations with a `GraphArn` and 11 of the 18 added since.
    assert_eq!(checked, 19);
    assert_nothing_sent(&server).await;
}

#[tokio::test]
async fn a_missing_graph_arn_is_refused_before_sending() {
    let server = silent_server().await;
    let client = client_for(&server);
    let e = validation(client.delete_graph().send().await.map(drop), "DeleteGraph");
    assert_eq!(e.member(), "GraphArn");
    assert_eq!(e.constraint(), &Constraint::Required);
    assert_nothing_sent(&server).await;
}

#[tokio::test]
async fn an_11_digit_account_id_is_refused_before_sending() {
    let server = silent_server().await;
    let client = client_for(&server);
    let eleven = "44445555666";
    let length = Constraint::Length {
        min: Some(12),
        max: Some(12),
        actual: 11,
    };

    let e = validation(
        client
            .create_members()
            .graph_arn(GRAPH_ARN)
            .account(eleven, "member@example.com")
            .send()
            .await
            .map(drop),
        "CreateMembers",
    );
    assert_eq!(e.member(), "Accounts[0].AccountId");
    assert_eq!(e.constraint(), &length);
    assert_eq!(
        e.to_string(),
        "Accounts[0].AccountId must be exactly 12 characters long, got 11"
    );

    let e = validation(
        client
            .get_members()
            .graph_arn(GRAPH_ARN)
            .account_ids([MEMBER, eleven])
            .send()
            .await
            .map(drop),
        "GetMembers",
    );
    assert_eq!(e.member(), "AccountIds[1]");
    assert_eq!(e.constraint(), &length);

    let e = validation(
        client
            .delete_members()
            .graph_arn(GRAPH_ARN)
            .account_ids([eleven])
            .send()
            .await
            .map(drop),
        "DeleteMembers",
    );
    assert_eq!(e.member(), "AccountIds[0]");
    assert_eq!(e.constraint(), &length);
    assert_nothing_sent(&server).await;
}

#[tokio::test]
async fn fifty_one_accounts_are_refused_before_sending() {
    let server = silent_server().await;
    let client = client_for(&server);
    let ids: Vec<String> = (0..51)
        .map(|i| format!("{:012}", 100_000_000_000u64 + i))
        .collect();
    let count = Constraint::Count {
        min: Some(1),
        max: Some(50),
        actual: 51,
    };

    let mut call = client.create_members().graph_arn(GRAPH_ARN);
    for id in &ids {
        call = call.account(id, format!("user{id}@example.com"));
    }
    let e = validation(call.send().await.map(drop), "CreateMembers");
    assert_eq!(e.member(), "Accounts");
    assert_eq!(e.constraint(), &count);
    assert_eq!(e.to_string(), "Accounts must have 1 to 50 items, got 51");

    let e = validation(
        client
            .get_members()
            .graph_arn(GRAPH_ARN)
            .account_ids(ids.clone())
            .send()
            .await
            .map(drop),
        "GetMembers",
    );
    assert_eq!(e.member(), "AccountIds");
    assert_eq!(e.constraint(), &count);

    let e = validation(
        client
            .delete_members()
            .graph_arn(GRAPH_ARN)
            .account_ids(ids)
            .send()
            .await
            .map(drop),
        "DeleteMembers",
    );
    assert_eq!(e.member(), "AccountIds");
    assert_eq!(e.constraint(), &count);

    // And none at all is too few.
    let e = validation(
        client
            .get_members()
            .graph_arn(GRAPH_ARN)
            .account_ids(Vec::<String>::new())
            .send()
            .await
            .map(drop),
        "GetMembers",
    );
    assert_eq!(e.member(), "AccountIds");
    assert_eq!(
        e.constraint(),
        &Constraint::Count {
            min: Some(1),
            max: Some(50),
            actual: 0
        }
    );
    assert_nothing_sent(&server).await;
}

#[tokio::test]
async fn max_results_201_is_refused_before_sending() {
    let server = silent_server().await;
    let client = client_for(&server);
    let range = |actual| Constraint::Range {
        min: 1,
        max: 200,
        actual,
    };
    for (name, result) in [
        (
            "ListGraphs",
            client.list_graphs().max_results(201).send().await.map(drop),
        ),
        (
            "ListInvitations",
            client
                .list_invitations()
                .max_results(201)
                .send()
                .await
                .map(drop),
        ),
        (
            "ListMembers",
            client
                .list_members()
                .graph_arn(GRAPH_ARN)
                .max_results(201)
                .send()
                .await
                .map(drop),
        ),
    ] {
        let e = validation(result, name);
        assert_eq!(e.member(), "MaxResults", "{name}");
        assert_eq!(e.constraint(), &range(201), "{name}");
        assert_eq!(
            e.to_string(),
            "MaxResults must be between 1 and 200, got 201"
        );
    }
    let e = validation(
        client.list_graphs().max_results(0).send().await.map(drop),
        "ListGraphs",
    );
    assert_eq!(e.constraint(), &range(0));
    assert_nothing_sent(&server).await;
}

#[tokio::test]
async fn a_bad_email_message_or_tag_is_refused_without_echoing_the_value() {
    let server = silent_server().await;
    let client = client_for(&server);

    let bad_email = "private.person@localhost";
    let result = client
        .create_members()
        .graph_arn(GRAPH_ARN)
        .account(MEMBER, bad_email)
        .send()
        .await
        .map(drop);
    let shown = format!("{result:?}");
    let e = validation(result, "CreateMembers");
    assert_eq!(e.member(), "Accounts[0].EmailAddress");
    assert!(matches!(e.constraint(), Constraint::Pattern(_)), "{e}");
    assert!(!e.to_string().contains(bad_email), "{e}");
    assert!(!shown.contains(bad_email), "{shown}");

    let long_message = "x".repeat(1001);
    let e = validation(
        client
            .create_members()
            .graph_arn(GRAPH_ARN)
            .account(MEMBER, "member@example.com")
            .message(long_message)
            .send()
            .await
            .map(drop),
        "CreateMembers",
    );
    assert_eq!(e.member(), "Message");
    assert_eq!(
        e.constraint(),
        &Constraint::Length {
            min: Some(1),
            max: Some(1000),
            actual: 1001
        }
    );

    let e = validation(
        client
            .create_graph()
            .tag("aws:reserved", "x")
            .send()
            .await
            .map(drop),
        "CreateGraph",
    );
    assert!(e.member().starts_with("Tags"), "{e}");
    assert!(matches!(e.constraint(), Constraint::Pattern(_)), "{e}");
    assert_nothing_sent(&server).await;
}

// ----------------------------------------------------------------- redaction

fn assert_hides_secrets(what: &str, shown: &str) {
    for secret in [SECRET, SESSION_TOKEN, EMAIL, MESSAGE] {
        assert!(!shown.contains(secret), "{what} shows {secret:?}: {shown}");
    }
    // Not even a recognisable fragment of the secret key.
    assert!(!shown.contains("SECRETKEY"), "{what}: {shown}");
    assert!(!shown.contains("private.person"), "{what}: {shown}");
}

fn credentials() -> Credentials {
    Credentials::new("AKID", SECRET, Some(SESSION_TOKEN.to_owned()), None, "test")
}

#[tokio::test]
async fn debug_of_a_create_members_call_and_input_hides_email_and_message() {
    let server = silent_server().await;
    let client = client_for(&server);
    let call = client
        .create_members()
        .graph_arn(GRAPH_ARN)
        .account(MEMBER, EMAIL)
        .message(MESSAGE)
        .disable_email_notification(true);
    for shown in [format!("{call:?}"), format!("{call:#?}")] {
        assert_hides_secrets("Call<CreateMembers>", &shown);
        assert!(shown.contains("CreateMembers"), "{shown}");
        assert!(
            shown.contains(MEMBER),
            "the account id is not sensitive: {shown}"
        );
        assert!(shown.contains(REDACTED), "{shown}");
    }
    let input: &CreateMembersInput = call.as_input();
    for shown in [format!("{input:?}"), format!("{input:#?}")] {
        assert_hides_secrets("CreateMembersInput", &shown);
        assert!(shown.contains(REDACTED), "{shown}");
    }
    // The values are still there to be sent.
    assert_eq!(
        input.message.as_ref().map(|m| m.expose().as_str()),
        Some(MESSAGE)
    );
    assert_nothing_sent(&server).await;
}

#[tokio::test]
async fn debug_of_client_builder_and_credentials_hides_secrets() {
    let builder = Client::builder()
        .region("eu-west-2")
        .credentials(credentials())
        .endpoint_url("http://127.0.0.1:9");
    for shown in [format!("{builder:?}"), format!("{builder:#?}")] {
        assert_hides_secrets("ClientBuilder", &shown);
        assert!(shown.contains("eu-west-2"), "{shown}");
    }

    let client = builder.build().expect("client builds");
    for shown in [
        format!("{client:?}"),
        format!("{client:#?}"),
        format!("{:?}", client.config()),
    ] {
        assert_hides_secrets("Client", &shown);
        assert!(shown.contains("eu-west-2"), "{shown}");
    }

    let creds = credentials();
    for shown in [format!("{creds:?}"), format!("{creds:#?}")] {
        assert_hides_secrets("Credentials", &shown);
        assert!(
            shown.contains("AKID"),
            "the access key id is not secret: {shown}"
        );
    }

    let static_builder = Client::builder()
        .region("eu-west-2")
        .static_credentials("AKID", SECRET);
    assert_hides_secrets("ClientBuilder", &format!("{static_builder:?}"));

    let env = env_of(&[
        ("AWS_REGION", "eu-west-2"),
        ("AWS_ACCESS_KEY_ID", "AKIDENV"),
        ("AWS_SECRET_ACCESS_KEY", SECRET),
        ("AWS_SESSION_TOKEN", SESSION_TOKEN),
    ]);
    let from_env = ClientBuilder::from_env_with(&|name| env.get(name).cloned());
    assert_hides_secrets("ClientBuilder::from_env_with", &format!("{from_env:?}"));
}

// ------------------------------------------------------------------ settings

fn env_of(pairs: &[(&str, &str)]) -> HashMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

#[tokio::test]
async fn building_without_a_region_is_missing_region() {
    let error = Client::builder().build().expect_err("no region");
    assert_eq!(error, ConfigError::MissingRegion);
    assert!(error.to_string().contains("AWS_REGION"), "{error}");

    let error = Client::builder()
        .static_credentials("AKID", SECRET)
        .build()
        .expect_err("no region");
    assert_eq!(error, ConfigError::MissingRegion);

    let error = Client::builder()
        .region("")
        .static_credentials("AKID", SECRET)
        .build()
        .expect_err("empty region");
    assert_eq!(error, ConfigError::MissingRegion);
}

#[tokio::test]
async fn building_without_credentials_is_missing_credentials() {
    let error = Client::builder()
        .region("eu-west-2")
        .build()
        .expect_err("no credentials");
    assert_eq!(error, ConfigError::MissingCredentials);
    assert!(error.to_string().contains("AWS_ACCESS_KEY_ID"), "{error}");

    // From an environment with a region but only half the credentials.
    let env = env_of(&[("AWS_REGION", "eu-west-2"), ("AWS_ACCESS_KEY_ID", "AKID")]);
    let error = ClientBuilder::from_env_with(&|name| env.get(name).cloned())
        .build()
        .expect_err("no secret key");
    assert_eq!(error, ConfigError::MissingCredentials);

    // From an empty environment the region is reported first.
    let error = ClientBuilder::from_env_with(&|_| None)
        .build()
        .expect_err("nothing set");
    assert_eq!(error, ConfigError::MissingRegion);
}

#[tokio::test]
async fn invalid_settings_are_config_errors() {
    let error = Client::builder()
        .region("eu-west-2")
        .static_credentials("AKID", SECRET)
        .endpoint_url("127.0.0.1:4566")
        .build()
        .expect_err("no scheme");
    assert!(
        matches!(error, ConfigError::InvalidEndpoint(_)),
        "{error:?}"
    );

    let error = Client::builder()
        .region("eu-west-2")
        .static_credentials("AKID", SECRET)
        .max_attempts(0)
        .build()
        .expect_err("zero attempts");
    assert!(
        matches!(
            error,
            ConfigError::Invalid {
                setting: "max_attempts",
                ..
            }
        ),
        "{error:?}"
    );
}

#[tokio::test]
async fn from_env_with_picks_up_region_credentials_and_endpoint() {
    let env = env_of(&[
        ("AWS_REGION", "eu-west-2"),
        ("AWS_DEFAULT_REGION", "us-east-1"),
        ("AWS_ACCESS_KEY_ID", "AKIDENV"),
        ("AWS_SECRET_ACCESS_KEY", SECRET),
        ("AWS_SESSION_TOKEN", SESSION_TOKEN),
        ("AWS_ENDPOINT_URL", "http://127.0.0.1:1111"),
        ("AWS_ENDPOINT_URL_DETECTIVE", "http://127.0.0.1:2222/"),
    ]);
    let client = ClientBuilder::from_env_with(&|name| env.get(name).cloned())
        .build()
        .expect("client builds");
    assert_eq!(client.config().region(), "eu-west-2", "AWS_REGION wins");
    assert_eq!(
        client.config().endpoint().to_string(),
        "http://127.0.0.1:2222",
        "AWS_ENDPOINT_URL_DETECTIVE wins over AWS_ENDPOINT_URL"
    );
    let creds = client
        .config()
        .credentials_provider()
        .provide_credentials()
        .await
        .expect("credentials");
    assert_eq!(creds.access_key_id(), "AKIDENV");
    assert_eq!(creds.secret_access_key(), SECRET);
    assert_eq!(creds.session_token(), Some(SESSION_TOKEN));
}

#[tokio::test]
async fn from_env_with_falls_back_to_default_region_and_generic_endpoint() {
    let env = env_of(&[
        ("AWS_DEFAULT_REGION", "ap-southeast-2"),
        ("AWS_ACCESS_KEY_ID", "AKIDENV"),
        ("AWS_SECRET_ACCESS_KEY", SECRET),
        ("AWS_ENDPOINT_URL", "http://127.0.0.1:1111"),
    ]);
    let client = ClientBuilder::from_env_with(&|name| env.get(name).cloned())
        .build()
        .expect("client builds");
    assert_eq!(client.config().region(), "ap-southeast-2");
    assert_eq!(
        client.config().endpoint().to_string(),
        "http://127.0.0.1:1111"
    );

    // Without any endpoint variable: the regional AWS endpoint.
    let env = env_of(&[
        ("AWS_REGION", "eu-west-2"),
        ("AWS_ACCESS_KEY_ID", "AKIDENV"),
        ("AWS_SECRET_ACCESS_KEY", SECRET),
    ]);
    let client = ClientBuilder::from_env_with(&|name| env.get(name).cloned())
        .build()
        .expect("client builds");
    assert_eq!(
        client.config().endpoint().to_string(),
        "https://api.detective.eu-west-2.amazonaws.com"
    );
}

#[tokio::test]
async fn later_builder_calls_override_the_environment() {
    let env = env_of(&[
        ("AWS_REGION", "eu-west-2"),
        ("AWS_ACCESS_KEY_ID", "AKIDENV"),
        ("AWS_SECRET_ACCESS_KEY", SECRET),
        ("AWS_ENDPOINT_URL_DETECTIVE", "http://127.0.0.1:2222"),
    ]);
    let client = ClientBuilder::from_env_with(&|name| env.get(name).cloned())
        .region("us-west-2")
        .endpoint_url("http://127.0.0.1:3333")
        .build()
        .expect("client builds");
    assert_eq!(client.config().region(), "us-west-2");
    assert_eq!(
        client.config().endpoint().to_string(),
        "http://127.0.0.1:3333"
    );
}

#[tokio::test]
async fn a_client_from_the_environment_sends_signed_requests_to_the_env_endpoint() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_string(r#"{"GraphList":[]}"#))
        .expect(1)
        .mount(&server)
        .await;
    let env = env_of(&[
        ("AWS_REGION", "eu-west-2"),
        ("AWS_ACCESS_KEY_ID", "AKIDENV"),
        ("AWS_SECRET_ACCESS_KEY", SECRET),
        ("AWS_SESSION_TOKEN", SESSION_TOKEN),
        // Nothing listens on port 9 here: were it used, the call would fail.
        ("AWS_ENDPOINT_URL", "http://127.0.0.1:9"),
        ("AWS_ENDPOINT_URL_DETECTIVE", &server.uri()),
    ]);
    let client = ClientBuilder::from_env_with(&|name| env.get(name).cloned())
        .max_attempts(1)
        .build()
        .expect("client builds");
    client
        .list_graphs()
        .send()
        .await
        .expect("ListGraphs succeeds");

    let requests = server.received_requests().await.expect("recording on");
    assert_eq!(requests.len(), 1);
    let header = |name: &str| {
        requests[0]
            .headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    assert!(
        header("authorization").starts_with("AWS4-HMAC-SHA256 Credential=AKIDENV/"),
        "{}",
        header("authorization")
    );
    assert!(header("authorization").contains("/eu-west-2/detective/aws4_request"));
    assert_eq!(header("x-amz-security-token"), SESSION_TOKEN);
    assert!(header("authorization").contains("x-amz-security-token"));
}

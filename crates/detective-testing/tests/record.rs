//! RecordingTransport: what reaches the cassette, and what does not.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use bytes::Bytes;
use common::{assert_sorted_jsonl, temp_path, GRAPH};
use detective_client::{Client, Credentials};
use detective_ops::codec::server::{error_response, output_response};
use detective_ops::operations::CreateMembers;
use detective_ops::ServiceError;
use detective_testing::{Cassette, RecordingTransport, SharedBuffer};
use detective_transport::FnTransport;
use detective_types::{CreateMembersOutput, MemberDetail, ServiceErrorCode, REDACTED};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

const SECRET: &str = "SECRET-DO-NOT-LEAK";
const TOKEN: &str = "SESSION-TOKEN-DO-NOT-LEAK";
const EMAIL: &str = "alice.secret@example.com";
const MESSAGE: &str = "Private invitation text for Alice";

/// A stand-in service that checks the request really was signed and echoes the e-mail back.
fn signed_service(seen: Arc<AtomicUsize>) -> FnTransport {
    FnTransport::new(move |request: http::Request<Bytes>| {
        let auth = request.headers()["authorization"].to_str().unwrap();
        assert!(auth.starts_with("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/"));
        assert_eq!(request.headers()["x-amz-security-token"], TOKEN);
        assert!(request.headers().contains_key("x-amz-date"));
        let body = String::from_utf8_lossy(request.body());
        assert!(body.contains(EMAIL) && body.contains(MESSAGE));
        seen.fetch_add(1, Ordering::SeqCst);
        let output = CreateMembersOutput {
            members: Some(vec![MemberDetail {
                account_id: Some("444455556666".into()),
                email_address: Some(EMAIL.into()),
                graph_arn: Some(GRAPH.into()),
                ..Default::default()
            }]),
            unprocessed_accounts: Some(vec![]),
        };
        Ok(output_response::<CreateMembers>(&output, "req-create-1"))
    })
}

fn signed_client(transport: RecordingTransport<FnTransport>) -> Client {
    Client::builder()
        .region("us-east-1")
        .credentials(Credentials::new(
            "AKIDEXAMPLE",
            SECRET,
            Some(TOKEN.to_owned()),
            None,
            "test",
        ))
        .transport(transport)
        .build()
        .unwrap()
}

#[tokio::test]
async fn recorded_cassette_contains_no_secret() {
    let path = temp_path("no-secret");
    let seen = Arc::new(AtomicUsize::new(0));
    let recorder = RecordingTransport::to_file(signed_service(seen.clone()), &path).unwrap();
    let client = signed_client(recorder.clone());

    let out = client
        .create_members()
        .graph_arn(GRAPH)
        .account("444455556666", EMAIL)
        .message(MESSAGE)
        .await
        .unwrap();
    recorder.flush().unwrap();

    // The caller gets the real, unredacted response.
    let members = out.members.unwrap();
    assert_eq!(
        members[0]
            .email_address
            .as_ref()
            .map(|e| e.expose().as_str()),
        Some(EMAIL)
    );
    assert_eq!(seen.load(Ordering::SeqCst), 1);

    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::remove_file(&path).ok();
    for secret in [
        SECRET,
        TOKEN,
        EMAIL,
        MESSAGE,
        "AWS4-HMAC-SHA256",
        "AKIDEXAMPLE",
        "x-amz-date",
        "authorization",
        "x-amz-security-token",
    ] {
        assert!(
            !text.to_lowercase().contains(&secret.to_lowercase()),
            "{secret:?} leaked into the cassette:\n{text}"
        );
    }
    assert_sorted_jsonl(&text);
    assert_eq!(text.lines().count(), 1);

    let cassette = Cassette::from_jsonl(&text).unwrap();
    let interaction = &cassette.interactions()[0];
    assert_eq!(interaction.operation, "CreateMembers");
    assert_eq!(interaction.request.method, "POST");
    assert_eq!(interaction.request.path, "/graph/members");
    assert_eq!(
        interaction.request.body["Accounts"][0]["AccountId"],
        "444455556666"
    );
    assert_eq!(
        interaction.request.body["Accounts"][0]["EmailAddress"],
        REDACTED
    );
    assert_eq!(interaction.request.body["Message"], REDACTED);
    assert_eq!(interaction.request.body["GraphArn"], GRAPH);
    assert_eq!(
        interaction.request.headers.keys().collect::<Vec<_>>(),
        ["content-type"]
    );
    assert_eq!(interaction.response.status, 200);
    assert_eq!(
        interaction.response.headers["x-amzn-requestid"],
        "req-create-1"
    );
    assert_eq!(
        interaction.response.body["Members"][0]["EmailAddress"],
        REDACTED
    );
    assert_eq!(recorder.interactions(), cassette.interactions());
}

#[tokio::test]
async fn error_responses_are_recorded_with_their_code() {
    let inner = FnTransport::new(|_request| {
        Ok(error_response(
            &ServiceError::new(ServiceErrorCode::ResourceNotFoundException, "gone"),
            "req-404",
        ))
    });
    let buffer = SharedBuffer::new();
    let recorder = RecordingTransport::new(inner, buffer.clone());
    let client = common::client(recorder.clone());

    let err = client.delete_graph().graph_arn(GRAPH).await.unwrap_err();
    assert_eq!(
        err.code(),
        Some(&ServiceErrorCode::ResourceNotFoundException)
    );
    assert_eq!(
        err.service_error().and_then(|e| e.message.as_deref()),
        Some("gone")
    );

    let cassette = recorder.finish().unwrap();
    let text = buffer.contents();
    assert_eq!(cassette.to_jsonl(), text);
    assert_sorted_jsonl(&text);
    let interaction = &cassette.interactions()[0];
    assert_eq!(interaction.operation, "DeleteGraph");
    assert_eq!(interaction.response.status, 404);
    assert_eq!(
        interaction.response.headers["x-amzn-errortype"],
        "ResourceNotFoundException"
    );
    // Error messages are redacted too (a message may quote the input).
    assert_eq!(interaction.response.body["Message"], REDACTED);
}

#[tokio::test]
async fn transport_failures_pass_through_unrecorded() {
    let inner = FnTransport::new(|_request| {
        Err(detective_transport::TransportError::from_kind(
            detective_transport::TransportErrorKind::InvalidRequest,
        ))
    });
    let recorder = RecordingTransport::new(inner, SharedBuffer::new());
    let client = common::client(recorder.clone());
    let err = client.list_graphs().await.unwrap_err();
    assert!(
        matches!(err, detective_client::Error::Transport(_)),
        "{err:?}"
    );
    assert!(recorder.interactions().is_empty());
    recorder.flush().unwrap();
}

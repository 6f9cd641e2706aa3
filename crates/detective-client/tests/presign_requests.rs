//! Presigned requests: their shape, their validation, their redaction, and
//! that the in-process emulator accepts them as they are and refuses them changed.
//!
//! The emulator is called directly (`Emulator::handle`), with no signing
//! layer in between: what it receives is exactly what `presign` produced.

// Panicking on setup failure is the point of a test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use aws_credential_types::provider::error::CredentialsError;
use aws_credential_types::provider::{future, ProvideCredentials};
use bytes::Bytes;
use detective_client::ops::operations::{CreateGraph, GetMembers, ListGraphs};
use detective_client::presign::MAX_EXPIRES_IN;
use detective_client::types::{
    CreateGraphInput, GetMembersInput, ListGraphsInput, ListGraphsOutput,
};
use detective_client::{Client, Credentials, Error, PresignedRequest};
use detective_local::{Emulator, EmulatorConfig};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

const ENDPOINT: &str = "http://127.0.0.1:4566";

fn client_with(credentials: Credentials) -> Client {
    Client::builder()
        .region("us-east-1")
        .credentials(credentials)
        .endpoint_url(ENDPOINT)
        .build()
        .unwrap()
}

fn client() -> Client {
    client_with(Credentials::new("111111111111", "test", None, None, "test"))
}

/// The query parameters of a URL, still percent-encoded, in order.
fn query(url: &str) -> Vec<(String, String)> {
    url.split_once('?')
        .map(|(_, q)| q)
        .unwrap_or_default()
        .split('&')
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap();
            (k.to_owned(), v.to_owned())
        })
        .collect()
}

fn param<'a>(params: &'a [(String, String)], name: &str) -> Option<&'a str> {
    params
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// 2026-11-26T04:30:00Z.
fn fixed_time() -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(1_795_667_400)
}

#[tokio::test]
async fn presigned_url_carries_every_sigv4_query_parameter() {
    let input = ListGraphsInput {
        max_results: Some(5),
        next_token: None,
    };
    let presigned = client()
        .presign_at::<ListGraphs>(input, Duration::from_secs(300), fixed_time())
        .await
        .unwrap();
    assert_eq!(presigned.method, http::Method::POST);
    assert!(
        presigned
            .url
            .starts_with("http://127.0.0.1:4566/graphs/list?"),
        "{}",
        presigned.url
    );
    let params = query(&presigned.url);
    let names: Vec<&str> = params.iter().map(|(k, _)| k.as_str()).collect();
    // The order botocore writes them in, signature last.
    assert_eq!(
        names,
        [
            "X-Amz-Algorithm",
            "X-Amz-Credential",
            "X-Amz-Date",
            "X-Amz-Expires",
            "X-Amz-SignedHeaders",
            "X-Amz-Signature"
        ]
    );
    assert_eq!(param(&params, "X-Amz-Algorithm"), Some("AWS4-HMAC-SHA256"));
    assert_eq!(
        param(&params, "X-Amz-Credential"),
        Some("111111111111%2F20261126%2Fus-east-1%2Fdetective%2Faws4_request")
    );
    assert_eq!(param(&params, "X-Amz-Date"), Some("20261126T043000Z"));
    assert_eq!(param(&params, "X-Amz-Expires"), Some("300"));
    assert_eq!(
        param(&params, "X-Amz-SignedHeaders"),
        Some("content-type%3Bhost")
    );
    let signature = param(&params, "X-Amz-Signature").unwrap();
    assert_eq!(signature.len(), 64);
    assert!(signature.bytes().all(|b| b.is_ascii_hexdigit()));
    // The sender must send the signed content-type; the user-agent is its own business.
    assert_eq!(
        presigned.headers,
        [("content-type".to_owned(), "application/json".to_owned())]
    );
    assert_eq!(&presigned.body[..], br#"{"MaxResults":5}"#);

    // Signing is deterministic: same input, time and credentials, same URL.
    let again = client()
        .presign_at::<ListGraphs>(
            ListGraphsInput {
                max_results: Some(5),
                next_token: None,
            },
            Duration::from_secs(300),
            fixed_time(),
        )
        .await
        .unwrap();
    assert_eq!(again, presigned);
    // The body is signed: another input gives another signature.
    let other = client()
        .presign_at::<ListGraphs>(
            ListGraphsInput {
                max_results: Some(6),
                next_token: None,
            },
            Duration::from_secs(300),
            fixed_time(),
        )
        .await
        .unwrap();
    assert_ne!(
        param(&query(&other.url), "X-Amz-Signature"),
        Some(signature)
    );
}

#[tokio::test]
async fn temporary_credentials_add_the_security_token_and_debug_hides_it() {
    let client = client_with(Credentials::new(
        "111111111111",
        "test",
        Some("session+token/==".to_owned()),
        None,
        "test",
    ));
    let presigned = client
        .presign::<ListGraphs>(ListGraphsInput::default(), Duration::from_secs(60))
        .await
        .unwrap();
    let params = query(&presigned.url);
    assert_eq!(
        param(&params, "X-Amz-Security-Token"),
        Some("session%2Btoken%2F%3D%3D")
    );
    let signature = param(&params, "X-Amz-Signature").unwrap().to_owned();
    let debug = format!("{presigned:?}");
    assert!(!debug.contains("session"), "{debug}");
    assert!(!debug.contains(&signature), "{debug}");
    assert!(
        debug.contains("X-Amz-Signature=<redacted>")
            && debug.contains("X-Amz-Security-Token=<redacted>"),
        "{debug}"
    );
    assert!(debug.contains("X-Amz-Credential=111111111111"), "{debug}");
    assert!(debug.contains("<2 bytes>"), "{debug}");
}

#[tokio::test]
async fn invalid_input_and_expiry_are_refused_before_signing() {
    let client = client();
    let no_graph = client
        .presign::<GetMembers>(
            GetMembersInput {
                account_ids: Some(vec!["222222222222".into()]),
                graph_arn: None,
            },
            Duration::from_secs(60),
        )
        .await
        .unwrap_err();
    assert!(matches!(no_graph, Error::Validation(_)), "{no_graph:?}");
    for expires_in in [
        Duration::ZERO,
        Duration::from_millis(500),
        MAX_EXPIRES_IN + Duration::from_secs(1),
        Duration::from_secs(8 * 24 * 3600),
    ] {
        let err = client
            .presign::<ListGraphs>(ListGraphsInput::default(), expires_in)
            .await
            .unwrap_err();
        assert!(matches!(err, Error::Signing(_)), "{expires_in:?}: {err:?}");
        assert!(err.to_string().contains("7 days"), "{err}");
    }
    let longest = client
        .presign::<ListGraphs>(ListGraphsInput::default(), MAX_EXPIRES_IN)
        .await
        .unwrap();
    assert_eq!(param(&query(&longest.url), "X-Amz-Expires"), Some("604800"));
}

#[derive(Debug)]
struct NoCredentials;

impl ProvideCredentials for NoCredentials {
    fn provide_credentials<'a>(&'a self) -> future::ProvideCredentials<'a>
    where
        Self: 'a,
    {
        future::ProvideCredentials::ready(Err(CredentialsError::not_loaded("nothing configured")))
    }
}

#[tokio::test]
async fn a_credentials_failure_is_reported() {
    let client = Client::builder()
        .region("us-east-1")
        .credentials_provider(NoCredentials)
        .endpoint_url(ENDPOINT)
        .build()
        .unwrap();
    let err = client
        .presign::<ListGraphs>(ListGraphsInput::default(), Duration::from_secs(60))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Credentials(_)), "{err:?}");
}

/// A provider set after fixed credentials replaces them for calls too (the
/// signing layer's fixed-credentials path must not keep the old ones).
#[tokio::test]
async fn a_provider_set_after_fixed_credentials_replaces_them() {
    let emulator = Emulator::new(EmulatorConfig::default());
    let client = Client::builder()
        .region("us-east-1")
        .static_credentials("111111111111", "test")
        .credentials_provider(NoCredentials)
        .transport(emulator.transport())
        .build()
        .unwrap();
    let err = client
        .send::<ListGraphs>(ListGraphsInput::default())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Credentials(_)), "{err:?}");
    let fixed = Client::builder()
        .region("us-east-1")
        .credentials_provider(NoCredentials)
        .static_credentials("111111111111", "test")
        .transport(emulator.transport())
        .build()
        .unwrap();
    assert!(fixed
        .send::<ListGraphs>(ListGraphsInput::default())
        .await
        .is_ok());
}

fn send(emulator: &Emulator, presigned: PresignedRequest) -> http::Response<Bytes> {
    emulator.handle_sync(presigned.into_http_request().unwrap())
}

fn error_type(response: &http::Response<Bytes>) -> &str {
    response.headers()["x-amzn-errortype"].to_str().unwrap()
}

#[tokio::test]
async fn the_emulator_accepts_presigned_requests_unchanged_and_refuses_them_changed() {
    let emulator = Emulator::new(EmulatorConfig::default());
    let client = client();
    let create = client
        .presign::<CreateGraph>(CreateGraphInput::default(), Duration::from_secs(60))
        .await
        .unwrap();
    let created = send(&emulator, create.clone());
    assert_eq!(created.status(), 200, "{:?}", created.body());
    // Before it expires, a presigned request may be sent again (CreateGraph is idempotent).
    assert_eq!(send(&emulator, create.clone()).status(), 200);

    let list = client
        .presign::<ListGraphs>(ListGraphsInput::default(), Duration::from_secs(60))
        .await
        .unwrap();
    let listed = send(&emulator, list.clone());
    assert_eq!(listed.status(), 200);
    let graphs: ListGraphsOutput = serde_json::from_slice(listed.body()).unwrap();
    assert_eq!(graphs.graph_list.map(|g| g.len()), Some(1));

    let mut other_body = list.clone();
    other_body.body = Bytes::from_static(br#"{"MaxResults":1}"#);
    let refused = send(&emulator, other_body);
    assert_eq!(refused.status(), 403);
    assert_eq!(error_type(&refused), "InvalidSignatureException");

    let mut longer = list.clone();
    longer.url = longer.url.replace("X-Amz-Expires=60", "X-Amz-Expires=3600");
    let refused = send(&emulator, longer);
    assert_eq!(refused.status(), 403);
    assert_eq!(error_type(&refused), "InvalidSignatureException");

    let mut no_content_type = list;
    no_content_type.headers.clear();
    let refused = send(&emulator, no_content_type);
    assert_eq!(refused.status(), 403);
    assert_eq!(error_type(&refused), "InvalidSignatureException");
}

#[test]
fn into_http_request_keeps_method_url_headers_and_body() {
    let presigned = PresignedRequest {
        method: http::Method::PUT,
        url: "http://127.0.0.1:4566/invitation?X-Amz-Signature=00".to_owned(),
        headers: vec![("content-type".to_owned(), "application/json".to_owned())],
        body: Bytes::from_static(b"{}"),
    };
    let request: http::Request<Bytes> = presigned.clone().try_into().unwrap();
    assert_eq!(request.method(), http::Method::PUT);
    assert_eq!(request.uri().to_string(), presigned.url);
    assert_eq!(request.headers()["content-type"], "application/json");
    assert_eq!(&request.body()[..], b"{}");
    let mut broken = presigned;
    broken.url = "not a url".to_owned();
    assert!(broken.into_http_request().is_err());
}

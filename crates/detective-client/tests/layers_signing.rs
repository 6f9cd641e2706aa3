//! The SigV4 signing layer, alone and inside the retry layer.

// Panicking on setup failure is the point of a test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use aws_credential_types::provider::error::CredentialsError;
use aws_credential_types::provider::{future, ProvideCredentials, SharedCredentialsProvider};
use aws_credential_types::Credentials;
use bytes::Bytes;
use detective_client::layer::retry::{RetryConfig, RetryLayer};
use detective_client::layer::signing::SigningLayer;
use detective_client::Error;
use detective_transport::{FnTransport, TransportError};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use tower::util::MapErr;
use tower::{Layer, ServiceExt};

type Transport = MapErr<FnTransport, fn(TransportError) -> Error>;

const ACCESS_KEY: &str = "AKIDEXAMPLE";
const SECRET_KEY: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

/// 2023-11-14T22:13:20Z.
const EPOCH_SECS: u64 = 1_700_000_000;

/// A transport recording the headers of every request, answering with `status`.
fn recording(status: u16) -> (Transport, Arc<Mutex<Vec<http::HeaderMap>>>) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let recorder = Arc::clone(&seen);
    let transport = FnTransport::new(move |request: http::Request<Bytes>| {
        recorder.lock().unwrap().push(request.headers().clone());
        Ok(http::Response::builder()
            .status(status)
            .body(Bytes::new())
            .unwrap())
    });
    (
        transport.map_err(Error::Transport as fn(TransportError) -> Error),
        seen,
    )
}

fn fixed_credentials(session_token: Option<&str>) -> Credentials {
    Credentials::new(
        ACCESS_KEY,
        SECRET_KEY,
        session_token.map(str::to_owned),
        None,
        "test",
    )
}

fn credentials(session_token: Option<&str>) -> SharedCredentialsProvider {
    SharedCredentialsProvider::new(fixed_credentials(session_token))
}

fn fixed_clock() -> Arc<dyn Fn() -> SystemTime + Send + Sync> {
    Arc::new(|| UNIX_EPOCH + Duration::from_secs(EPOCH_SECS))
}

fn request() -> http::Request<Bytes> {
    http::Request::post("https://api.detective.eu-west-1.amazonaws.com/graph/members")
        .header("content-type", "application/json")
        .body(Bytes::from_static(
            br#"{"GraphArn":"arn:aws:detective:eu-west-1:111111111111:graph:abc"}"#,
        ))
        .unwrap()
}

fn header<'a>(headers: &'a http::HeaderMap, name: &str) -> &'a str {
    headers
        .get(name)
        .unwrap_or_else(|| panic!("no {name} header"))
        .to_str()
        .unwrap()
}

/// The `SignedHeaders=` list of an Authorization value.
fn signed_headers(authorization: &str) -> Vec<&str> {
    let list = authorization
        .split(", ")
        .find_map(|part| part.strip_prefix("SignedHeaders="))
        .unwrap();
    list.split(';').collect()
}

#[tokio::test]
async fn authorization_has_the_detective_scope_and_signed_headers() {
    let (transport, seen) = recording(200);
    SigningLayer::new(credentials(None), "eu-west-1")
        .with_clock(fixed_clock())
        .layer(transport)
        .oneshot(request())
        .await
        .unwrap();
    let seen = seen.lock().unwrap();
    assert_eq!(seen.len(), 1);
    let headers = &seen[0];
    let authorization = header(headers, "authorization");
    assert!(
        authorization.starts_with(&format!(
            "AWS4-HMAC-SHA256 Credential={ACCESS_KEY}/20231114/eu-west-1/detective/aws4_request, "
        )),
        "{authorization}"
    );
    let signed = signed_headers(authorization);
    assert!(signed.contains(&"host"), "{signed:?}");
    assert!(signed.contains(&"x-amz-date"), "{signed:?}");
    assert!(signed.contains(&"content-type"), "{signed:?}");
    let signature = authorization.rsplit_once("Signature=").unwrap().1;
    assert_eq!(signature.len(), 64);
    assert!(signature.bytes().all(|b| b.is_ascii_hexdigit()));
    assert_eq!(header(headers, "x-amz-date"), "20231114T221320Z");
    assert!(headers.get("x-amz-security-token").is_none());
    assert!(headers.get("authorization").unwrap().is_sensitive());
    // The secret itself never travels.
    assert!(!authorization.contains(SECRET_KEY));
}

#[tokio::test]
async fn signing_is_deterministic_for_a_fixed_clock() {
    let (transport, seen) = recording(200);
    let service = SigningLayer::new(credentials(None), "eu-west-1")
        .with_clock(fixed_clock())
        .layer(transport);
    service.clone().oneshot(request()).await.unwrap();
    service.oneshot(request()).await.unwrap();
    let seen = seen.lock().unwrap();
    assert_eq!(
        header(&seen[0], "authorization"),
        header(&seen[1], "authorization")
    );
}

#[tokio::test]
async fn session_token_is_sent_and_signed() {
    let (transport, seen) = recording(200);
    SigningLayer::new(credentials(Some("SESSION-TOKEN-123")), "us-east-1")
        .with_clock(fixed_clock())
        .layer(transport)
        .oneshot(request())
        .await
        .unwrap();
    let seen = seen.lock().unwrap();
    let headers = &seen[0];
    assert_eq!(header(headers, "x-amz-security-token"), "SESSION-TOKEN-123");
    assert!(headers.get("x-amz-security-token").unwrap().is_sensitive());
    let authorization = header(headers, "authorization");
    assert!(authorization.contains("/20231114/us-east-1/detective/aws4_request"));
    assert!(signed_headers(authorization).contains(&"x-amz-security-token"));
}

#[tokio::test]
async fn service_name_can_be_changed() {
    let (transport, seen) = recording(200);
    let layer = SigningLayer::new(credentials(None), "eu-west-1")
        .with_service_name("execute-api")
        .with_clock(fixed_clock());
    assert_eq!(layer.service_name(), "execute-api");
    assert_eq!(layer.region(), "eu-west-1");
    layer.layer(transport).oneshot(request()).await.unwrap();
    let seen = seen.lock().unwrap();
    assert!(header(&seen[0], "authorization").contains("/eu-west-1/execute-api/aws4_request"));
}

#[tokio::test(start_paused = true)]
async fn each_retry_attempt_is_signed_again() {
    let (transport, seen) = recording(503);
    // Every signature is dated one second after the previous one.
    let ticks = Arc::new(AtomicU64::new(0));
    let clock: Arc<dyn Fn() -> SystemTime + Send + Sync> = Arc::new(move || {
        UNIX_EPOCH + Duration::from_secs(EPOCH_SECS + ticks.fetch_add(1, Ordering::SeqCst))
    });
    let signing = SigningLayer::new(credentials(None), "eu-west-1").with_clock(clock);
    let response = RetryLayer::new(RetryConfig::default())
        .with_jitter(Arc::new(|| 0.0))
        .layer(signing.layer(transport))
        .oneshot(request())
        .await
        .unwrap();
    assert_eq!(response.status(), 503);
    let seen = seen.lock().unwrap();
    let dates: Vec<&str> = seen.iter().map(|h| header(h, "x-amz-date")).collect();
    assert_eq!(
        dates,
        ["20231114T221320Z", "20231114T221321Z", "20231114T221322Z"]
    );
    let authorizations: Vec<&str> = seen.iter().map(|h| header(h, "authorization")).collect();
    assert_ne!(authorizations[0], authorizations[1]);
    assert_ne!(authorizations[1], authorizations[2]);
    // One signature per request, never an accumulation.
    for headers in seen.iter() {
        assert_eq!(headers.get_all("authorization").iter().count(), 1);
    }
}

#[tokio::test]
async fn a_stale_signature_is_replaced() {
    let (transport, seen) = recording(200);
    let mut stale = request();
    stale
        .headers_mut()
        .insert("authorization", "AWS4-HMAC-SHA256 stale".parse().unwrap());
    stale
        .headers_mut()
        .insert("x-amz-date", "20000101T000000Z".parse().unwrap());
    SigningLayer::new(credentials(None), "eu-west-1")
        .with_clock(fixed_clock())
        .layer(transport)
        .oneshot(stale)
        .await
        .unwrap();
    let seen = seen.lock().unwrap();
    assert_eq!(seen[0].get_all("authorization").iter().count(), 1);
    assert!(!header(&seen[0], "authorization").contains("stale"));
    assert_eq!(header(&seen[0], "x-amz-date"), "20231114T221320Z");
}

#[derive(Debug)]
struct NoCredentials;

impl ProvideCredentials for NoCredentials {
    fn provide_credentials<'a>(&'a self) -> future::ProvideCredentials<'a>
    where
        Self: 'a,
    {
        future::ProvideCredentials::ready(Err(CredentialsError::not_loaded(
            "no credentials configured",
        )))
    }
}

#[tokio::test]
async fn failing_credentials_provider_sends_nothing() {
    let (transport, seen) = recording(200);
    let err = SigningLayer::new(SharedCredentialsProvider::new(NoCredentials), "eu-west-1")
        .layer(transport)
        .oneshot(request())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Credentials(_)), "{err:?}");
    assert!(!err.is_retryable());
    assert!(seen.lock().unwrap().is_empty());
}

/// A request that cannot be signed fails the call, with a provider as with
/// fixed credentials (signed in `call`), and reaches no transport.
#[tokio::test]
async fn a_request_without_host_is_a_signing_error_and_is_not_sent() {
    for layer in [
        SigningLayer::new(credentials(None), "eu-west-1"),
        SigningLayer::from_credentials(fixed_credentials(None), "eu-west-1"),
    ] {
        let (transport, seen) = recording(200);
        let request = http::Request::post("/graph/members")
            .body(Bytes::new())
            .unwrap();
        let err = layer.layer(transport).oneshot(request).await.unwrap_err();
        assert!(matches!(err, Error::Signing(_)), "{err:?}");
        assert!(seen.lock().unwrap().is_empty());
    }
}

#[test]
fn debug_output_hides_credentials() {
    let layer = SigningLayer::new(credentials(Some("SESSION-TOKEN-123")), "eu-west-1");
    let debug = format!("{layer:?}");
    assert!(debug.contains("eu-west-1"));
    assert!(!debug.contains(SECRET_KEY));
    assert!(!debug.contains("SESSION-TOKEN-123"));
}

/// Fixed credentials are signed with in `call`, without a provider future;
/// the headers are the ones a provider of the same credentials gives.
#[tokio::test]
async fn fixed_credentials_sign_as_a_provider_of_them_does() {
    for token in [None, Some("session-token")] {
        let (transport, seen) = recording(200);
        SigningLayer::from_credentials(fixed_credentials(token), "eu-west-1")
            .with_clock(fixed_clock())
            .layer(transport)
            .oneshot(request())
            .await
            .unwrap();
        let (transport, seen_provider) = recording(200);
        SigningLayer::new(credentials(token), "eu-west-1")
            .with_clock(fixed_clock())
            .layer(transport)
            .oneshot(request())
            .await
            .unwrap();
        let fixed_headers = seen.lock().unwrap()[0].clone();
        let provider_headers = seen_provider.lock().unwrap()[0].clone();
        assert_eq!(fixed_headers, provider_headers, "{token:?}");
        assert!(header(&fixed_headers, "authorization")
            .starts_with("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/"));
    }
}

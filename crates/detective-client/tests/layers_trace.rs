//! The tracing layer: what it logs, and what it must never log.

// Panicking on setup failure is the point of a test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use aws_credential_types::provider::SharedCredentialsProvider;
use aws_credential_types::Credentials;
use bytes::Bytes;
use detective_client::layer::retry::{RetryConfig, RetryLayer};
use detective_client::layer::signing::SigningLayer;
use detective_client::layer::trace::TraceLayer;
use detective_client::Error;
use detective_ops::codec::client::OperationName;
use detective_transport::{FnTransport, TransportError, TransportErrorKind};
use std::io;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use tower::util::MapErr;
use tower::{Layer, ServiceExt};

type Transport = MapErr<FnTransport, fn(TransportError) -> Error>;

const SECRET_KEY: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
const SESSION_TOKEN: &str = "SESSION-TOKEN-SECRET-42";
const EMAIL: &str = "member@example.com";

/// Everything a `fmt` subscriber writes, as one string.
#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<u8>>>);

impl Capture {
    fn text(&self) -> String {
        String::from_utf8(self.0.lock().unwrap().clone()).unwrap()
    }
}

impl io::Write for Capture {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Installs a TRACE-level subscriber for this thread, writing into the returned capture.
fn capture_logs() -> (Capture, tracing::subscriber::DefaultGuard) {
    capture_logs_at(tracing::Level::TRACE)
}

/// Installs a subscriber logging `level` and above for this thread.
fn capture_logs_at(level: tracing::Level) -> (Capture, tracing::subscriber::DefaultGuard) {
    let capture = Capture::default();
    let writer = capture.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(level)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let guard = tracing::subscriber::set_default(subscriber);
    (capture, guard)
}

/// A transport answering request `n` with `answer(n)`, recording each request's Authorization.
fn transport(
    answer: impl Fn(u32) -> Result<http::Response<Bytes>, TransportError> + Send + Sync + 'static,
) -> (Transport, Arc<Mutex<Vec<String>>>) {
    let authorizations = Arc::new(Mutex::new(Vec::new()));
    let recorder = Arc::clone(&authorizations);
    let counter = AtomicU32::new(0);
    let transport = FnTransport::new(move |request: http::Request<Bytes>| {
        if let Some(value) = request.headers().get("authorization") {
            recorder
                .lock()
                .unwrap()
                .push(value.to_str().unwrap().to_owned());
        }
        answer(counter.fetch_add(1, Ordering::SeqCst) + 1)
    });
    (
        transport.map_err(Error::Transport as fn(TransportError) -> Error),
        authorizations,
    )
}

fn response(status: u16, error_type: Option<&str>) -> http::Response<Bytes> {
    let mut builder = http::Response::builder()
        .status(status)
        .header("x-amzn-requestid", "req-7f3a")
        .header("content-type", "application/json");
    if let Some(code) = error_type {
        builder = builder.header("x-amzn-errortype", code);
    }
    builder
        .body(Bytes::from(format!(
            r#"{{"Members":[{{"AccountId":"222222222222","EmailAddress":"{EMAIL}"}}],"Message":"about {EMAIL}"}}"#
        )))
        .unwrap()
}

fn request() -> http::Request<Bytes> {
    let mut request =
        http::Request::post("https://api.detective.us-east-1.amazonaws.com/graph/members")
            .header("content-type", "application/json")
            .body(Bytes::from(format!(
                r#"{{"GraphArn":"arn:aws:detective:us-east-1:111111111111:graph:abc","Accounts":[{{"AccountId":"222222222222","EmailAddress":"{EMAIL}"}}]}}"#
            )))
            .unwrap();
    request
        .extensions_mut()
        .insert(OperationName("CreateMembers"));
    request
}

fn signing() -> SigningLayer {
    SigningLayer::new(
        SharedCredentialsProvider::new(Credentials::new(
            "AKIDEXAMPLE",
            SECRET_KEY,
            Some(SESSION_TOKEN.to_owned()),
            None,
            "test",
        )),
        "us-east-1",
    )
}

fn assert_no_secrets(logs: &str, authorizations: &[String]) {
    assert!(!logs.contains(SECRET_KEY), "secret key logged:\n{logs}");
    assert!(
        !logs.contains(SESSION_TOKEN),
        "session token logged:\n{logs}"
    );
    assert!(!logs.contains(EMAIL), "e-mail address logged:\n{logs}");
    assert!(!authorizations.is_empty());
    for authorization in authorizations {
        let signature = authorization.rsplit_once("Signature=").unwrap().1;
        assert!(
            !logs.contains(authorization.as_str()),
            "Authorization logged:\n{logs}"
        );
        assert!(!logs.contains(signature), "signature logged:\n{logs}");
    }
}

#[tokio::test]
async fn success_is_logged_with_operation_status_and_request_id_but_no_secrets() {
    let (capture, _guard) = capture_logs();
    let (transport, authorizations) = transport(|_| Ok(response(200, None)));
    let service = TraceLayer::new().layer(signing().layer(transport));
    let response = service.oneshot(request()).await.unwrap();
    assert_eq!(response.status(), 200);

    let logs = capture.text();
    assert!(logs.contains("detective"), "{logs}");
    assert!(logs.contains("CreateMembers"), "{logs}");
    assert!(logs.contains("status=200"), "{logs}");
    assert!(logs.contains("req-7f3a"), "{logs}");
    assert!(logs.contains("/graph/members"), "{logs}");
    assert!(logs.contains("DEBUG"), "{logs}");
    assert_no_secrets(&logs, &authorizations.lock().unwrap());
}

#[tokio::test(start_paused = true)]
async fn failure_is_a_warning_with_code_and_attempt_count() {
    let (capture, _guard) = capture_logs();
    let (transport, authorizations) =
        transport(|_| Ok(response(503, Some("ServiceUnavailableException"))));
    let service = TraceLayer::new().layer(
        RetryLayer::new(RetryConfig::default())
            .with_jitter(Arc::new(|| 0.0))
            .layer(signing().layer(transport)),
    );
    let response = service.oneshot(request()).await.unwrap();
    assert_eq!(response.status(), 503);

    let logs = capture.text();
    assert!(logs.contains("WARN"), "{logs}");
    assert!(logs.contains("CreateMembers"), "{logs}");
    assert!(logs.contains("status=503"), "{logs}");
    assert!(logs.contains("ServiceUnavailableException"), "{logs}");
    assert!(logs.contains("attempt=3"), "{logs}");
    assert_eq!(authorizations.lock().unwrap().len(), 3);
    assert_no_secrets(&logs, &authorizations.lock().unwrap());
}

#[tokio::test]
async fn errors_are_warnings_and_the_path_names_an_unnamed_operation() {
    let (capture, _guard) = capture_logs();
    let (transport, _) = transport(|_| {
        Err(TransportError::from_kind(
            TransportErrorKind::InvalidRequest,
        ))
    });
    let mut request = request();
    request.extensions_mut().remove::<OperationName>();
    let err = TraceLayer::new()
        .layer(transport)
        .oneshot(request)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Transport(_)));

    let logs = capture.text();
    assert!(logs.contains("WARN"), "{logs}");
    assert!(logs.contains("operation=/graph/members"), "{logs}");
    assert!(logs.contains("invalid request"), "{logs}");
    assert!(!logs.contains(EMAIL), "{logs}");
}

#[tokio::test(start_paused = true)]
async fn a_warn_only_filter_still_names_operation_status_and_request_id() {
    let (capture, _guard) = capture_logs_at(tracing::Level::WARN);
    let (transport, authorizations) =
        transport(|_| Ok(response(429, Some("TooManyRequestsException"))));
    let service = TraceLayer::new().layer(
        RetryLayer::new(RetryConfig::default())
            .with_jitter(Arc::new(|| 0.0))
            .layer(signing().layer(transport)),
    );
    let response = service.oneshot(request()).await.unwrap();
    assert_eq!(response.status(), 429);

    let logs = capture.text();
    // The span is filtered out, so the one warning carries the fields itself.
    assert_eq!(logs.lines().count(), 1, "{logs}");
    assert!(logs.contains("WARN"), "{logs}");
    assert!(logs.contains("operation=CreateMembers"), "{logs}");
    assert!(logs.contains("status=429"), "{logs}");
    assert!(logs.contains("req-7f3a"), "{logs}");
    assert!(logs.contains("TooManyRequestsException"), "{logs}");
    assert!(logs.contains("attempt=3"), "{logs}");
    assert_no_secrets(&logs, &authorizations.lock().unwrap());
}

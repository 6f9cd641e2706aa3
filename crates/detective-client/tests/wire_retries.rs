//! Retries and timeouts through the client's default stack, against real
//! sockets: which answers are retried and how often, a dropped connection,
//! the retry token bucket, and the attempt and operation deadlines. Backoff
//! jitter is fixed at 0, so no test sleeps between attempts; no test asserts
//! on how fast anything ran.

// Panicking on setup failure is the point of a test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use detective_client::layer::retry::{RetryConfig, TokenBucket};
use detective_client::types::ServiceErrorCode;
use detective_client::{Client, ClientBuilder, Error, TimeoutKind};
use detective_transport::TransportErrorKind;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};
use wiremock::matchers::{any, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const GRAPH_ARN: &str =
    "arn:aws:detective:eu-west-2:111122223333:graph:027c7c4610ea4aacaf0b883093cab899";

/// Three attempts, no real backoff.
fn retry_config() -> RetryConfig {
    RetryConfig {
        max_attempts: 3,
        initial_backoff: Duration::from_millis(1),
        max_backoff: Duration::from_millis(5),
    }
}

fn builder(endpoint: &str) -> ClientBuilder {
    Client::builder()
        .region("eu-west-2")
        .static_credentials("AKID", "SECRETKEY")
        .endpoint_url(endpoint)
        .retry_config(retry_config())
        .jitter(|| 0.0)
        .connect_timeout(Duration::from_secs(5))
        .attempt_timeout(Duration::from_secs(10))
        .operation_timeout(Duration::from_secs(30))
}

fn client_for(server: &MockServer) -> Client {
    builder(&server.uri()).build().expect("client builds")
}

async fn request_count(server: &MockServer) -> usize {
    server
        .received_requests()
        .await
        .expect("recording on")
        .len()
}

/// A server answering 200 after `delay`, without expectations (a timed-out
/// attempt may be cut before the server has read it).
async fn slow_server(delay: Duration) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_string("{}")
                .set_delay(delay),
        )
        .mount(&server)
        .await;
    server
}

/// The request count once it reaches `expected` (or after a bounded wait,
/// whatever it is then): a request abandoned by a timeout is recorded when
/// the server has read it, which may be a moment after the client gave up.
async fn settled_count(server: &MockServer, expected: usize) -> usize {
    let deadline = Instant::now() + Duration::from_secs(5);
    while request_count(server).await < expected && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    // A little longer, so that an unexpected extra request would show.
    tokio::time::sleep(Duration::from_millis(50)).await;
    request_count(server).await
}

fn answer(status: u16, error_type: Option<&str>) -> ResponseTemplate {
    let template = ResponseTemplate::new(status)
        .insert_header("x-amzn-RequestId", format!("req-{status}").as_str())
        .set_body_string(r#"{"Message":"canned"}"#);
    match error_type {
        Some(code) => template.insert_header("x-amzn-ErrorType", code),
        None => template,
    }
}

/// A server answering every request with `template`, expecting exactly `expected` requests.
async fn always(template: ResponseTemplate, expected: u64) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(template)
        .expect(expected)
        .mount(&server)
        .await;
    server
}

async fn assert_retried_to_the_limit(status: u16, error_type: Option<&str>) -> Error {
    let server = always(answer(status, error_type), 3).await;
    let client = client_for(&server);
    let error = client
        .list_graphs()
        .send()
        .await
        .expect_err("every attempt fails");
    assert_eq!(request_count(&server).await, 3, "HTTP {status}: 3 attempts");
    match &error {
        Error::Service(e) => {
            assert_eq!(e.status, status);
            assert_eq!(
                e.request_id.as_deref(),
                Some(format!("req-{status}").as_str())
            );
        }
        other => panic!("HTTP {status}: expected Error::Service, got {other:?}"),
    }
    assert!(error.is_retryable());
    error
}

#[tokio::test]
async fn http_500_is_retried_up_to_the_limit_then_reported() {
    let error = assert_retried_to_the_limit(500, Some("InternalServerException")).await;
    assert_eq!(
        error.code(),
        Some(&ServiceErrorCode::InternalServerException)
    );
}

#[tokio::test]
async fn http_503_without_a_code_is_retried_up_to_the_limit_then_reported() {
    let error = assert_retried_to_the_limit(503, None).await;
    assert_eq!(
        error.code(),
        Some(&ServiceErrorCode::Unknown("Http503".into()))
    );
}

#[tokio::test]
async fn http_429_is_retried_up_to_the_limit_then_reported() {
    let error = assert_retried_to_the_limit(429, Some("TooManyRequestsException")).await;
    assert_eq!(
        error.code(),
        Some(&ServiceErrorCode::TooManyRequestsException)
    );
}

#[tokio::test]
async fn http_502_and_504_are_retried_up_to_the_limit() {
    assert_retried_to_the_limit(502, None).await;
    assert_retried_to_the_limit(504, None).await;
}

#[tokio::test]
async fn throttling_exception_with_status_400_is_retried() {
    let error = assert_retried_to_the_limit(400, Some("ThrottlingException")).await;
    assert_eq!(error.code(), Some(&ServiceErrorCode::ThrottlingException));
}

#[tokio::test]
async fn client_errors_are_not_retried() {
    for (status, code) in [
        (400, "ValidationException"),
        (402, "ServiceQuotaExceededException"),
        (403, "AccessDeniedException"),
        (404, "ResourceNotFoundException"),
        (409, "ConflictException"),
    ] {
        let server = always(answer(status, Some(code)), 1).await;
        let client = client_for(&server);
        let error = client
            .accept_invitation()
            .graph_arn(GRAPH_ARN)
            .send()
            .await
            .expect_err("a 4xx is an error");
        assert_eq!(
            request_count(&server).await,
            1,
            "HTTP {status} is not retried"
        );
        assert_eq!(
            error.code(),
            Some(&ServiceErrorCode::from(code)),
            "{status}"
        );
        assert!(!error.is_retryable(), "{status}");
    }
}

#[tokio::test]
async fn a_retried_failure_that_then_succeeds_returns_the_output() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/graphs/list"))
        .respond_with(answer(500, Some("InternalServerException")))
        .up_to_n_times(2)
        .with_priority(1)
        .expect(2)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/graphs/list"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_string(format!(r#"{{"GraphList":[{{"Arn":"{GRAPH_ARN}"}}]}}"#)),
        )
        .with_priority(2)
        .expect(1)
        .mount(&server)
        .await;
    let client = client_for(&server);
    let output = client
        .list_graphs()
        .send()
        .await
        .expect("third attempt succeeds");
    let graphs = output.graph_list.unwrap_or_default();
    assert_eq!(graphs.len(), 1);
    assert_eq!(graphs[0].arn.as_deref(), Some(GRAPH_ARN));
    let requests = server.received_requests().await.expect("recording on");
    assert_eq!(requests.len(), 3);
    // Every attempt is signed anew and carries the same body.
    for request in &requests {
        assert!(request.headers.contains_key("authorization"));
        assert!(request.headers.contains_key("x-amz-date"));
        assert_eq!(request.body, requests[0].body);
    }
}

#[tokio::test]
async fn max_attempts_1_disables_retries() {
    let server = always(answer(500, Some("InternalServerException")), 1).await;
    let client = builder(&server.uri())
        .max_attempts(1)
        .build()
        .expect("client builds");
    let error = client.list_graphs().send().await.expect_err("fails");
    assert_eq!(
        error.code(),
        Some(&ServiceErrorCode::InternalServerException)
    );
    assert_eq!(request_count(&server).await, 1);
}

/// What the raw server does with each connection, in order.
#[derive(Clone, Copy, Debug)]
enum Conn {
    /// Accept and close at once, without answering.
    Drop,
    /// Read the request and answer 200 with a small ListGraphs body.
    Answer,
}

/// A raw HTTP/1.1 server on 127.0.0.1:0 following `script`, one connection per step.
/// Returns its URL, the number of connections accepted so far, and the thread.
/// Bounded: it gives up after 10 s without a connection.
fn scripted_server(script: Vec<Conn>) -> (String, Arc<AtomicUsize>, thread::JoinHandle<()>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
    listener.set_nonblocking(true).expect("non-blocking accept");
    let url = format!("http://{}", listener.local_addr().expect("address"));
    let accepted = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&accepted);
    let handle = thread::spawn(move || {
        for step in script {
            let deadline = Instant::now() + Duration::from_secs(10);
            let stream = loop {
                match listener.accept() {
                    Ok((stream, _)) => break stream,
                    Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                        if Instant::now() > deadline {
                            return;
                        }
                        thread::sleep(Duration::from_millis(5));
                    }
                    Err(_) => return,
                }
            };
            counter.fetch_add(1, Ordering::SeqCst);
            match step {
                Conn::Drop => drop(stream),
                Conn::Answer => answer_one(stream),
            }
        }
    });
    (url, accepted, handle)
}

/// Reads one request (headers and a Content-Length body) and answers it.
fn answer_one(mut stream: TcpStream) {
    stream.set_nonblocking(false).ok();
    stream.set_read_timeout(Some(Duration::from_secs(5))).ok();
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 4096];
    let header_end = loop {
        if let Some(at) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break at + 4;
        }
        match stream.read(&mut chunk) {
            Ok(0) | Err(_) => return,
            Ok(n) => buffer.extend_from_slice(&chunk[..n]),
        }
    };
    let head = String::from_utf8_lossy(&buffer[..header_end]).to_ascii_lowercase();
    let length: usize = head
        .lines()
        .find_map(|line| line.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0);
    while buffer.len() < header_end + length {
        match stream.read(&mut chunk) {
            Ok(0) | Err(_) => return,
            Ok(n) => buffer.extend_from_slice(&chunk[..n]),
        }
    }
    let body = format!(r#"{{"GraphList":[{{"Arn":"{GRAPH_ARN}"}}]}}"#);
    let response = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nx-amzn-RequestId: req-raw\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(response.as_bytes()).ok();
    stream.flush().ok();
}

#[tokio::test]
async fn a_dropped_connection_is_retried_on_a_new_one() {
    let (url, accepted, handle) = scripted_server(vec![Conn::Drop, Conn::Answer]);
    let client = builder(&url).build().expect("client builds");
    let output = tokio::time::timeout(Duration::from_secs(20), client.list_graphs().send())
        .await
        .expect("bounded")
        .expect("the retry on a fresh connection succeeds");
    assert_eq!(
        output.graph_list.unwrap_or_default()[0].arn.as_deref(),
        Some(GRAPH_ARN)
    );
    assert_eq!(accepted.load(Ordering::SeqCst), 2);
    handle.join().expect("server thread");
}

#[tokio::test]
async fn a_dropped_connection_without_retries_is_a_retryable_transport_error() {
    let (url, accepted, handle) = scripted_server(vec![Conn::Drop]);
    let client = builder(&url)
        .max_attempts(1)
        .build()
        .expect("client builds");
    let error = tokio::time::timeout(Duration::from_secs(20), client.list_graphs().send())
        .await
        .expect("bounded")
        .expect_err("the connection was dropped");
    match &error {
        Error::Transport(e) => assert_eq!(e.kind(), TransportErrorKind::Io, "{e}"),
        other => panic!("expected Error::Transport, got {other:?}"),
    }
    assert!(error.is_retryable());
    assert_eq!(accepted.load(Ordering::SeqCst), 1);
    handle.join().expect("server thread");
}

#[tokio::test]
async fn a_refused_connection_is_a_connect_error_after_retries() {
    // Bind and release a port so nothing listens there.
    let port = TcpListener::bind("127.0.0.1:0")
        .expect("bind")
        .local_addr()
        .expect("address")
        .port();
    let client = builder(&format!("http://127.0.0.1:{port}"))
        .build()
        .expect("client builds");
    let error = tokio::time::timeout(Duration::from_secs(20), client.list_graphs().send())
        .await
        .expect("bounded")
        .expect_err("nothing listens");
    match &error {
        Error::Transport(e) => assert_eq!(e.kind(), TransportErrorKind::Connect, "{e}"),
        other => panic!("expected Error::Transport, got {other:?}"),
    }
}

#[tokio::test]
async fn a_drained_token_bucket_stops_retries() {
    let server = always(answer(500, Some("InternalServerException")), 3).await;
    // Exactly one retry's worth of tokens.
    let bucket = TokenBucket::new(TokenBucket::RETRY_COST);
    let client = builder(&server.uri())
        .token_bucket(bucket.clone())
        .build()
        .expect("client builds");

    // First call: attempt, one paid retry, then the bucket is empty.
    let error = client.list_graphs().send().await.expect_err("fails");
    assert_eq!(
        error.code(),
        Some(&ServiceErrorCode::InternalServerException)
    );
    assert_eq!(request_count(&server).await, 2, "one retry, then no tokens");
    assert_eq!(bucket.available(), 0);

    // Second call: no tokens, no retry at all.
    let error = client.list_graphs().send().await.expect_err("fails");
    assert_eq!(
        error.code(),
        Some(&ServiceErrorCode::InternalServerException)
    );
    assert_eq!(
        request_count(&server).await,
        3,
        "no retry with an empty bucket"
    );
    assert_eq!(bucket.available(), 0);
}

#[tokio::test]
async fn a_shared_token_bucket_drained_by_one_client_stops_the_others_retries() {
    let server = always(answer(503, None), 4).await;
    let bucket = TokenBucket::new(TokenBucket::RETRY_COST * 2);
    let first = builder(&server.uri())
        .token_bucket(bucket.clone())
        .build()
        .expect("client builds");
    let second = builder(&server.uri())
        .token_bucket(bucket.clone())
        .build()
        .expect("client builds");

    first.list_graphs().send().await.expect_err("fails");
    assert_eq!(request_count(&server).await, 3, "two paid retries");
    assert_eq!(bucket.available(), 0);

    second.list_graphs().send().await.expect_err("fails");
    assert_eq!(request_count(&server).await, 4, "second client: no retry");
}

#[tokio::test]
async fn successes_refill_the_token_bucket() {
    let server = always(ResponseTemplate::new(200).set_body_string("{}"), 2).await;
    let bucket = TokenBucket::new(10);
    assert!(bucket.try_acquire(3));
    let client = builder(&server.uri())
        .token_bucket(bucket.clone())
        .build()
        .expect("client builds");
    client.list_graphs().send().await.expect("ok");
    client.list_graphs().send().await.expect("ok");
    assert_eq!(bucket.available(), 7 + 2 * TokenBucket::SUCCESS_REFILL);
}

#[tokio::test]
async fn attempt_timeout_fires_on_every_attempt_then_is_reported() {
    let server = slow_server(Duration::from_millis(200)).await;
    let client = builder(&server.uri())
        .attempt_timeout(Duration::from_millis(50))
        .build()
        .expect("client builds");
    let error = client.list_graphs().send().await.expect_err("times out");
    match error {
        Error::Timeout { kind, after } => {
            assert_eq!(kind, TimeoutKind::Attempt);
            assert_eq!(after, Duration::from_millis(50));
        }
        other => panic!("expected an attempt timeout, got {other:?}"),
    }
    assert_eq!(
        settled_count(&server, 3).await,
        3,
        "timed-out attempts are retried"
    );
}

#[tokio::test]
async fn attempt_timeout_with_retries_disabled_is_one_attempt() {
    let server = slow_server(Duration::from_millis(200)).await;
    let client = builder(&server.uri())
        .max_attempts(1)
        .attempt_timeout(Duration::from_millis(50))
        .build()
        .expect("client builds");
    let error = client.list_graphs().send().await.expect_err("times out");
    assert!(
        matches!(
            error,
            Error::Timeout {
                kind: TimeoutKind::Attempt,
                ..
            }
        ),
        "{error:?}"
    );
    assert!(error.is_retryable());
    assert!(error.to_string().contains("timed out"), "{error}");
    assert_eq!(settled_count(&server, 1).await, 1, "retries disabled");
}

#[tokio::test]
async fn attempt_timeouts_cost_more_tokens_than_other_retries() {
    let server = slow_server(Duration::from_millis(200)).await;
    // Enough for an ordinary retry, not for one after a timeout.
    let bucket = TokenBucket::new(TokenBucket::TIMEOUT_RETRY_COST - 1);
    let client = builder(&server.uri())
        .attempt_timeout(Duration::from_millis(50))
        .token_bucket(bucket.clone())
        .build()
        .expect("client builds");
    let error = client.list_graphs().send().await.expect_err("times out");
    assert!(
        matches!(
            error,
            Error::Timeout {
                kind: TimeoutKind::Attempt,
                ..
            }
        ),
        "{error:?}"
    );
    assert_eq!(bucket.available(), TokenBucket::TIMEOUT_RETRY_COST - 1);
    assert_eq!(
        settled_count(&server, 1).await,
        1,
        "no tokens for a timeout retry"
    );
}

#[tokio::test]
async fn operation_timeout_bounds_the_whole_call() {
    let server = slow_server(Duration::from_millis(200)).await;
    let client = builder(&server.uri())
        .operation_timeout(Duration::from_millis(50))
        .build()
        .expect("client builds");
    let error = client.list_graphs().send().await.expect_err("times out");
    match &error {
        Error::Timeout { kind, after } => {
            assert_eq!(*kind, TimeoutKind::Operation);
            assert_eq!(*after, Duration::from_millis(50));
        }
        other => panic!("expected an operation timeout, got {other:?}"),
    }
    assert!(!error.is_retryable());
    assert!(error.to_string().contains("retries included"), "{error}");
}

#[tokio::test]
async fn operation_timeout_cuts_short_a_series_of_attempt_timeouts() {
    let server = slow_server(Duration::from_millis(300)).await;
    let client = builder(&server.uri())
        .max_attempts(50)
        .attempt_timeout(Duration::from_millis(40))
        .operation_timeout(Duration::from_millis(150))
        .build()
        .expect("client builds");
    let error = client.list_graphs().send().await.expect_err("times out");
    assert!(
        matches!(
            error,
            Error::Timeout {
                kind: TimeoutKind::Operation,
                ..
            }
        ),
        "{error:?}"
    );
}

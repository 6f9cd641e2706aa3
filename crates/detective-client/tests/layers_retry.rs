//! The retry and timeout layers against a counting in-process transport,
//! on a paused Tokio clock so backoff sleeps take no real time.

// Panicking on setup failure is the point of a test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use bytes::Bytes;
use detective_client::layer::retry::{Attempt, RetryConfig, RetryLayer, TokenBucket};
use detective_client::layer::timeout::TimeoutLayer;
use detective_client::{Error, TimeoutKind};
use detective_transport::{FnTransport, TransportError, TransportErrorKind};
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::time::Instant;
use tower::util::MapErr;
use tower::{Layer, ServiceExt};

type Transport = MapErr<FnTransport, fn(TransportError) -> Error>;
type Outcome = Result<http::Response<Bytes>, TransportError>;

/// What the transport saw: when each request arrived, and its `Attempt`.
#[derive(Clone, Default)]
struct Seen {
    at: Arc<Mutex<Vec<Instant>>>,
    attempts: Arc<Mutex<Vec<Option<u32>>>>,
    bodies: Arc<Mutex<Vec<Bytes>>>,
}

impl Seen {
    fn count(&self) -> usize {
        self.at.lock().unwrap().len()
    }

    /// The gaps between consecutive requests.
    fn gaps(&self) -> Vec<Duration> {
        let at = self.at.lock().unwrap();
        at.windows(2).map(|w| w[1] - w[0]).collect()
    }
}

/// A transport answering request `n` (1-based) with `answer(n)`.
fn transport(answer: impl Fn(u32) -> Outcome + Send + Sync + 'static) -> (Transport, Seen) {
    let seen = Seen::default();
    let recorder = seen.clone();
    let counter = AtomicU32::new(0);
    let transport = FnTransport::new(move |request: http::Request<Bytes>| {
        let n = counter.fetch_add(1, Ordering::SeqCst) + 1;
        recorder.at.lock().unwrap().push(Instant::now());
        recorder
            .attempts
            .lock()
            .unwrap()
            .push(request.extensions().get::<Attempt>().map(|a| a.0));
        recorder.bodies.lock().unwrap().push(request.body().clone());
        answer(n)
    });
    (
        transport.map_err(Error::Transport as fn(TransportError) -> Error),
        seen,
    )
}

/// A transport whose every answer takes `delay` (on Tokio's clock) and is then 200.
fn slow_transport(delay: Duration) -> (Transport, Seen) {
    let seen = Seen::default();
    let recorder = seen.clone();
    let transport = FnTransport::from_async(move |_request: http::Request<Bytes>| {
        recorder.at.lock().unwrap().push(Instant::now());
        async move {
            tokio::time::sleep(delay).await;
            Ok(response(200, None, "ok"))
        }
    });
    (
        transport.map_err(Error::Transport as fn(TransportError) -> Error),
        seen,
    )
}

fn response(status: u16, error_type: Option<&str>, body: &str) -> http::Response<Bytes> {
    let mut builder = http::Response::builder()
        .status(status)
        .header("x-amzn-requestid", "req-1");
    if let Some(code) = error_type {
        builder = builder.header("x-amzn-errortype", code);
    }
    builder.body(Bytes::from(body.to_owned())).unwrap()
}

fn request() -> http::Request<Bytes> {
    http::Request::post("https://api.detective.us-east-1.amazonaws.com/graphs/list")
        .body(Bytes::from_static(br#"{"MaxResults":5}"#))
        .unwrap()
}

fn fixed_jitter(value: f64) -> Arc<dyn Fn() -> f64 + Send + Sync> {
    Arc::new(move || value)
}

/// A retry layer with the default config and jitter 1.0.
fn retry(config: RetryConfig) -> RetryLayer {
    RetryLayer::new(config).with_jitter(fixed_jitter(1.0))
}

fn transport_error(kind: TransportErrorKind) -> TransportError {
    TransportError::from_kind(kind)
}

#[tokio::test(start_paused = true)]
async fn retryable_statuses_are_retried_up_to_max_attempts() {
    for (status, code) in [
        (500, None),
        (502, None),
        (503, Some("ServiceUnavailableException")),
        (504, None),
        (429, Some("TooManyRequestsException")),
        (400, Some("ThrottlingException")),
    ] {
        let (transport, seen) =
            transport(move |n| Ok(response(status, code, &format!("answer to attempt {n}"))));
        let layer = retry(RetryConfig::default());
        let bucket = layer.token_bucket().clone();
        let response = layer.layer(transport).oneshot(request()).await.unwrap();
        assert_eq!(seen.count(), 3, "HTTP {status} should be tried 3 times");
        assert_eq!(response.status().as_u16(), status);
        // The caller gets the last response, bytes untouched.
        assert_eq!(&response.body()[..], b"answer to attempt 3");
        assert_eq!(response.headers().get("x-amzn-requestid").unwrap(), "req-1");
        assert_eq!(response.extensions().get::<Attempt>(), Some(&Attempt(3)));
        assert_eq!(bucket.available(), 500 - 2 * TokenBucket::RETRY_COST);
    }
}

#[tokio::test(start_paused = true)]
async fn client_errors_are_never_retried() {
    for (status, code) in [
        (400, Some("ValidationException")),
        (400, None),
        (403, Some("AccessDeniedException")),
        (404, Some("ResourceNotFoundException")),
        (409, Some("ConflictException")),
        (402, Some("ServiceQuotaExceededException")),
    ] {
        let body = r#"{"Message":"no","ErrorCode":"INVALID_REQUEST_BODY"}"#;
        let (transport, seen) = transport(move |_| Ok(response(status, code, body)));
        let response = retry(RetryConfig::default())
            .layer(transport)
            .oneshot(request())
            .await
            .unwrap();
        assert_eq!(
            seen.count(),
            1,
            "HTTP {status} {code:?} must not be retried"
        );
        assert_eq!(response.status().as_u16(), status);
        assert_eq!(&response.body()[..], body.as_bytes());
    }
}

#[tokio::test(start_paused = true)]
async fn success_is_not_retried_and_refills_the_bucket() {
    let (transport, seen) = transport(|_| Ok(response(200, None, "{}")));
    let bucket = TokenBucket::new(10);
    assert!(bucket.try_acquire(3));
    let service = retry(RetryConfig::default())
        .with_token_bucket(bucket.clone())
        .layer(transport);
    service.clone().oneshot(request()).await.unwrap();
    assert_eq!(seen.count(), 1);
    assert_eq!(bucket.available(), 8);
    for _ in 0..5 {
        service.clone().oneshot(request()).await.unwrap();
    }
    // Capped at the capacity.
    assert_eq!(bucket.available(), 10);
    assert_eq!(bucket.capacity(), 10);
}

#[tokio::test(start_paused = true)]
async fn dropped_connection_is_retried_then_succeeds() {
    let (transport, seen) = transport(|n| {
        if n == 1 {
            Err(TransportError::new(
                TransportErrorKind::Io,
                std::io::Error::new(std::io::ErrorKind::ConnectionReset, "connection reset"),
            ))
        } else {
            Ok(response(200, None, "{}"))
        }
    });
    let layer = retry(RetryConfig::default());
    let bucket = layer.token_bucket().clone();
    let response = layer.layer(transport).oneshot(request()).await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(seen.count(), 2);
    assert_eq!(response.extensions().get::<Attempt>(), Some(&Attempt(2)));
    assert_eq!(bucket.available(), 500 - TokenBucket::RETRY_COST + 1);
}

#[tokio::test(start_paused = true)]
async fn transport_errors_are_reported_after_the_last_attempt() {
    let (transport, seen) = transport(|_| Err(transport_error(TransportErrorKind::Connect)));
    let err = retry(RetryConfig::default())
        .layer(transport)
        .oneshot(request())
        .await
        .unwrap_err();
    assert_eq!(seen.count(), 3);
    assert!(matches!(err, Error::Transport(ref e) if e.kind() == TransportErrorKind::Connect));
}

#[tokio::test(start_paused = true)]
async fn non_transient_transport_errors_are_not_retried() {
    let (transport, seen) = transport(|_| Err(transport_error(TransportErrorKind::InvalidRequest)));
    let err = retry(RetryConfig::default())
        .layer(transport)
        .oneshot(request())
        .await
        .unwrap_err();
    assert_eq!(seen.count(), 1);
    assert!(
        matches!(err, Error::Transport(ref e) if e.kind() == TransportErrorKind::InvalidRequest)
    );
}

#[tokio::test(start_paused = true)]
async fn connect_timeout_retries_cost_ten_tokens() {
    let (transport, seen) = transport(|_| Err(transport_error(TransportErrorKind::ConnectTimeout)));
    let bucket = TokenBucket::new(100);
    let err = retry(RetryConfig::default())
        .with_token_bucket(bucket.clone())
        .layer(transport)
        .oneshot(request())
        .await
        .unwrap_err();
    assert_eq!(seen.count(), 3);
    assert!(
        matches!(err, Error::Transport(ref e) if e.kind() == TransportErrorKind::ConnectTimeout)
    );
    assert_eq!(
        bucket.available(),
        100 - 2 * TokenBucket::TIMEOUT_RETRY_COST
    );
}

#[tokio::test(start_paused = true)]
async fn attempt_timeouts_are_retried_at_cost_ten() {
    let (transport, seen) = slow_transport(Duration::from_secs(10));
    let layer = retry(RetryConfig::default());
    let bucket = layer.token_bucket().clone();
    let service = layer.layer(TimeoutLayer::attempt(Duration::from_secs(1)).layer(transport));
    let start = Instant::now();
    let err = service.oneshot(request()).await.unwrap_err();
    assert!(
        matches!(err, Error::Timeout { kind: TimeoutKind::Attempt, after } if after == Duration::from_secs(1)),
        "{err:?}"
    );
    assert_eq!(seen.count(), 3);
    // Three 1 s attempts plus backoffs of 1 s and 2 s.
    assert_eq!(start.elapsed(), Duration::from_secs(6));
    assert_eq!(
        seen.gaps(),
        [Duration::from_secs(2), Duration::from_secs(3)]
    );
    assert_eq!(
        bucket.available(),
        500 - 2 * TokenBucket::TIMEOUT_RETRY_COST
    );
}

#[tokio::test(start_paused = true)]
async fn attempt_timeout_fires_per_attempt() {
    // A 1.5 s answer against a 1 s attempt deadline times out every time...
    let (transport, _) = slow_transport(Duration::from_millis(1500));
    let start = Instant::now();
    let err = TimeoutLayer::attempt(Duration::from_secs(1))
        .layer(transport)
        .oneshot(request())
        .await
        .unwrap_err();
    assert!(matches!(
        err,
        Error::Timeout {
            kind: TimeoutKind::Attempt,
            ..
        }
    ));
    assert_eq!(start.elapsed(), Duration::from_secs(1));
    assert!(err.is_retryable());

    // ...while a 0.5 s answer gets through, however many attempts it takes in total.
    let (transport, _) = slow_transport(Duration::from_millis(500));
    let response = TimeoutLayer::attempt(Duration::from_secs(1))
        .layer(transport)
        .oneshot(request())
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
}

#[tokio::test(start_paused = true)]
async fn operation_timeout_covers_the_whole_retried_call() {
    let (transport, seen) = transport(|_| Ok(response(503, None, "busy")));
    let config = RetryConfig {
        max_attempts: 5,
        ..RetryConfig::default()
    };
    let service =
        TimeoutLayer::operation(Duration::from_secs(4)).layer(retry(config).layer(transport));
    let start = Instant::now();
    let err = service.oneshot(request()).await.unwrap_err();
    assert!(
        matches!(err, Error::Timeout { kind: TimeoutKind::Operation, after } if after == Duration::from_secs(4)),
        "{err:?}"
    );
    assert!(!err.is_retryable());
    // Attempts at 0 s, 1 s and 3 s; the deadline passes during the 4 s backoff that follows.
    assert_eq!(seen.count(), 3);
    assert_eq!(start.elapsed(), Duration::from_secs(4));
}

#[tokio::test(start_paused = true)]
async fn attempt_and_operation_timeouts_together() {
    let (transport, seen) = slow_transport(Duration::from_secs(60));
    let config = RetryConfig {
        max_attempts: 10,
        ..RetryConfig::default()
    };
    let service = TimeoutLayer::operation(Duration::from_secs(6))
        .layer(retry(config).layer(TimeoutLayer::attempt(Duration::from_secs(2)).layer(transport)));
    let start = Instant::now();
    let err = service.oneshot(request()).await.unwrap_err();
    assert!(matches!(
        err,
        Error::Timeout {
            kind: TimeoutKind::Operation,
            ..
        }
    ));
    // Attempts start at 0 s and 3 s (2 s timeout + 1 s backoff); the deadline passes
    // during the 2 s backoff after the second.
    assert_eq!(seen.count(), 2);
    assert_eq!(start.elapsed(), Duration::from_secs(6));
}

#[tokio::test(start_paused = true)]
async fn drained_bucket_stops_retries_and_successes_refill_it() {
    let failing = Arc::new(AtomicBool::new(true));
    let switch = Arc::clone(&failing);
    let (transport, seen) = transport(move |_| {
        if switch.load(Ordering::SeqCst) {
            Ok(response(500, None, "oops"))
        } else {
            Ok(response(200, None, "{}"))
        }
    });
    let bucket = TokenBucket::new(12);
    let service = retry(RetryConfig::default())
        .with_token_bucket(bucket.clone())
        .layer(transport);

    // Two retries affordable: 12 → 7 → 2.
    let response = service.clone().oneshot(request()).await.unwrap();
    assert_eq!(response.status(), 500);
    assert_eq!(seen.count(), 3);
    assert_eq!(bucket.available(), 2);

    // No retry affordable: one request, the failure is returned as is.
    let response = service.clone().oneshot(request()).await.unwrap();
    assert_eq!(response.status(), 500);
    assert_eq!(&response.body()[..], b"oops");
    assert_eq!(seen.count(), 4);
    assert_eq!(bucket.available(), 2);

    // Three successes give three tokens back.
    failing.store(false, Ordering::SeqCst);
    for _ in 0..3 {
        service.clone().oneshot(request()).await.unwrap();
    }
    assert_eq!(seen.count(), 7);
    assert_eq!(bucket.available(), 5);

    // Enough for exactly one retry again.
    failing.store(true, Ordering::SeqCst);
    let response = service.clone().oneshot(request()).await.unwrap();
    assert_eq!(response.status(), 500);
    assert_eq!(seen.count(), 9);
    assert_eq!(bucket.available(), 0);
}

#[tokio::test(start_paused = true)]
async fn clones_of_a_layer_share_one_bucket() {
    let (transport, _) = transport(|_| Ok(response(500, None, "")));
    let layer = retry(RetryConfig::default()).with_token_bucket(TokenBucket::new(50));
    let a = layer.layer(transport.clone());
    let b = layer.clone().layer(transport);
    a.oneshot(request()).await.unwrap();
    b.oneshot(request()).await.unwrap();
    assert_eq!(
        layer.token_bucket().available(),
        50 - 4 * TokenBucket::RETRY_COST
    );
}

fn secs(values: &[f64]) -> Vec<Duration> {
    values.iter().map(|s| Duration::from_secs_f64(*s)).collect()
}

#[tokio::test(start_paused = true)]
async fn backoff_doubles_up_to_the_cap_with_full_jitter() {
    let config = RetryConfig {
        max_attempts: 8,
        ..RetryConfig::default()
    };
    for (jitter, expected) in [
        (1.0, secs(&[1.0, 2.0, 4.0, 8.0, 16.0, 20.0, 20.0])),
        (0.5, secs(&[0.5, 1.0, 2.0, 4.0, 8.0, 10.0, 10.0])),
        (0.0, secs(&[0.0; 7])),
    ] {
        let (transport, seen) = transport(|_| Ok(response(503, None, "")));
        RetryLayer::new(config.clone())
            .with_jitter(fixed_jitter(jitter))
            .layer(transport)
            .oneshot(request())
            .await
            .unwrap();
        assert_eq!(seen.count(), 8);
        assert_eq!(seen.gaps(), expected, "jitter {jitter}");
    }
}

#[tokio::test(start_paused = true)]
async fn random_jitter_stays_under_the_ceiling() {
    let (transport, seen) = transport(|_| Ok(response(503, None, "")));
    RetryLayer::new(RetryConfig {
        max_attempts: 6,
        ..RetryConfig::default()
    })
    .layer(transport)
    .oneshot(request())
    .await
    .unwrap();
    let ceilings = secs(&[1.0, 2.0, 4.0, 8.0, 16.0]);
    for (gap, ceiling) in seen.gaps().iter().zip(&ceilings) {
        assert!(gap <= ceiling, "{gap:?} > {ceiling:?}");
    }
}

#[test]
fn backoff_arithmetic() {
    let config = RetryConfig::default();
    assert_eq!(config.max_attempts, 3);
    assert_eq!(config.initial_backoff, Duration::from_secs(1));
    assert_eq!(config.max_backoff, Duration::from_secs(20));
    assert_eq!(config.backoff_ceiling(1), Duration::from_secs(1));
    assert_eq!(config.backoff_ceiling(3), Duration::from_secs(4));
    assert_eq!(config.backoff_ceiling(6), Duration::from_secs(20));
    // No overflow for absurd retry numbers.
    assert_eq!(config.backoff_ceiling(200), Duration::from_secs(20));
    assert_eq!(config.backoff(3, 0.25), Duration::from_secs(1));
    // Out-of-range jitter is clamped.
    assert_eq!(config.backoff(1, 7.0), Duration::from_secs(1));
    assert_eq!(config.backoff(1, -1.0), Duration::ZERO);
    assert_eq!(config.backoff(1, f64::NAN), Duration::ZERO);
    assert_eq!(RetryConfig::disabled().max_attempts, 1);
}

#[tokio::test(start_paused = true)]
async fn every_attempt_gets_a_fresh_copy_with_its_number() {
    let (transport, seen) = transport(|_| Ok(response(502, None, "")));
    retry(RetryConfig::default())
        .layer(transport)
        .oneshot(request())
        .await
        .unwrap();
    assert_eq!(*seen.attempts.lock().unwrap(), [Some(1), Some(2), Some(3)]);
    for body in seen.bodies.lock().unwrap().iter() {
        assert_eq!(&body[..], br#"{"MaxResults":5}"#);
    }
}

#[tokio::test(start_paused = true)]
async fn max_attempts_one_disables_retries() {
    let (transport, seen) = transport(|_| Ok(response(503, None, "")));
    RetryLayer::new(RetryConfig::disabled())
        .layer(transport)
        .oneshot(request())
        .await
        .unwrap();
    assert_eq!(seen.count(), 1);
}

//! [`FaultTransport`]: a seeded, deterministic fault injector in front of any transport.
//!
//! A client that runs inside other people's services must survive the
//! network and the service misbehaving: refused and reset connections,
//! answers that never come, 5xx and throttling answers, bodies that arrive
//! cut, corrupted or late. Waiting for those to happen is no test plan, so
//! [`FaultTransport`] makes them happen on purpose, in front of any transport
//! (the in-process emulator, a mock, the real network), following a
//! [`FaultPlan`]: a script of faults by request index, then pass, always the
//! same fault, or faults drawn at random from a generator seeded with the
//! seed you give — the same seed and the same order of requests give the
//! same faults, so a failure found with one seed can be replayed.
//!
//! What each fault does, and whether the request reaches the wrapped
//! transport (the "service") — which is what decides whether a retry can
//! repeat a side effect:
//!
//! | [`Fault`]            | caller sees                                | reaches the service |
//! |----------------------|--------------------------------------------|---------------------|
//! | `Refuse`             | `TransportError` kind `Connect`            | no                  |
//! | `ResetBeforeWrite`   | `TransportError` kind `Io`                 | no                  |
//! | `ResetAfterWrite`    | `TransportError` kind `Io`                 | **yes** (answer lost) |
//! | `Stall`              | a future that never completes              | no                  |
//! | `Status(code)`       | `code` with a restJson1 error body         | no                  |
//! | `TruncatedBody`      | 200, the service's body cut in half        | yes                 |
//! | `GarbledBody`        | 200, `0xFF` then the service's body        | yes                 |
//! | `SlowBody(d)`        | the service's answer, `d` later            | yes                 |
//!
//! Every request is counted ([`FaultStats`]: seen, forwarded, faults by
//! kind) and logged ([`FaultEvent`]: index, operation, fault, time on the
//! Tokio clock). Clones of a transport, and every transport made by one
//! [`FaultLayer`], share the plan, the generator and the counters.
//!
//! Slow bodies sleep on the Tokio clock, so tests with a paused clock
//! (`#[tokio::test(start_paused = true)]`) run them without waiting.
//!
//! # Example
//!
//! ```
//! use detective_client::{Client, Error};
//! use detective_local::{Emulator, EmulatorConfig};
//! use detective_testing::fault::{Fault, FaultKind, FaultPlan, FaultTransport};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let emulator = Emulator::new(EmulatorConfig::default());
//! // The first request is refused, the second answered 503; then all is well.
//! let faults = FaultTransport::new(emulator.transport(), 42)
//!     .with_plan(FaultPlan::new().fault(Fault::Refuse).fault(Fault::Status(503)));
//! let client = Client::builder()
//!     .region("us-east-1")
//!     .static_credentials("111111111111", "test")
//!     .transport(faults.clone())
//!     .jitter(|| 0.0)
//!     .build()?;
//!
//! let graph = client.create_graph().send().await?;
//! assert!(graph.graph_arn.is_some());
//! let stats = faults.stats();
//! assert_eq!((stats.requests, stats.forwarded), (3, 1));
//! assert_eq!(stats.count(FaultKind::Refuse), 1);
//! assert_eq!(stats.count(FaultKind::Status(503)), 1);
//! # Ok(())
//! # }
//! ```

mod plan;

pub use plan::{Fault, FaultKind, FaultPlan};

use crate::record::lock;
use crate::request::operation_name;
use bytes::Bytes;
use detective_ops::codec::server::error_response;
use detective_ops::ServiceError;
use detective_transport::{TransportError, TransportErrorKind};
use detective_types::ServiceErrorCode;
use futures_util::future::BoxFuture;
use std::collections::BTreeMap;
use std::fmt;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use tower_service::Service;

/// What a fault transport has seen and done so far.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FaultStats {
    /// Requests received.
    pub requests: u64,
    /// Requests handed to the wrapped transport (the service saw them).
    pub forwarded: u64,
    /// Faults injected, by kind.
    pub injected: BTreeMap<FaultKind, u64>,
}

impl FaultStats {
    /// Faults of `kind` injected.
    pub fn count(&self, kind: FaultKind) -> u64 {
        self.injected.get(&kind).copied().unwrap_or(0)
    }

    /// Faults injected, all kinds together.
    pub fn injected_total(&self) -> u64 {
        self.injected.values().sum()
    }

    /// Requests the service processed whose answer the caller never got
    /// ([`Fault::ResetAfterWrite`]): the ones a retry may repeat.
    pub fn lost_responses(&self) -> u64 {
        self.count(FaultKind::ResetAfterWrite)
    }
}

/// One request a fault transport received.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FaultEvent {
    /// 0-based, in the order requests arrived.
    pub index: u64,
    /// The operation's model name, if the request could be told apart.
    pub operation: Option<&'static str>,
    /// The fault injected, if any.
    pub fault: Option<FaultKind>,
    /// When it arrived, on the Tokio clock (paused in tests that pause it).
    pub at: tokio::time::Instant,
}

struct State {
    plan: FaultPlan,
    /// How many requests the current plan applied to: the position in its script.
    position: usize,
    rng: fastrand::Rng,
    stats: FaultStats,
    events: Vec<FaultEvent>,
}

struct Shared {
    seed: u64,
    state: Mutex<State>,
}

impl Shared {
    fn new(seed: u64) -> Arc<Self> {
        Arc::new(Shared {
            seed,
            state: Mutex::new(State {
                plan: FaultPlan::new(),
                position: 0,
                rng: fastrand::Rng::with_seed(seed),
                stats: FaultStats::default(),
                events: Vec::new(),
            }),
        })
    }

    fn set_plan(&self, plan: FaultPlan) {
        let mut state = lock(&self.state);
        state.plan = plan;
        state.position = 0;
    }

    /// Counts the request and decides its fault; returns its index too.
    fn decide(&self, operation: Option<&'static str>) -> (u64, Option<Fault>) {
        let mut state = lock(&self.state);
        let state = &mut *state;
        let index = state.stats.requests;
        state.stats.requests += 1;
        let fault = if state.plan.applies_to(operation) {
            let fault = state.plan.pick(state.position, &mut state.rng);
            state.position += 1;
            fault
        } else {
            None
        };
        if let Some(fault) = &fault {
            *state.stats.injected.entry(fault.kind()).or_insert(0) += 1;
        }
        state.events.push(FaultEvent {
            index,
            operation,
            fault: fault.as_ref().map(Fault::kind),
            at: tokio::time::Instant::now(),
        });
        (index, fault)
    }

    fn forwarded(&self) {
        lock(&self.state).stats.forwarded += 1;
    }

    fn stats(&self) -> FaultStats {
        lock(&self.state).stats.clone()
    }

    fn events(&self) -> Vec<FaultEvent> {
        lock(&self.state).events.clone()
    }

    fn describe(&self, f: &mut fmt::DebugStruct<'_, '_>) {
        let state = lock(&self.state);
        f.field("seed", &self.seed)
            .field("plan", &state.plan)
            .field("stats", &state.stats);
    }
}

/// A transport that injects faults into the exchanges of the transport it wraps, following a [`FaultPlan`].
///
/// See the [module documentation](self) for what each fault does. The
/// wrapped transport may fail with any error that a [`TransportError`]
/// converts into, so the same injector works below a client (as its
/// transport) and around any other `http::Request<Bytes>` service.
#[derive(Clone)]
pub struct FaultTransport<S> {
    inner: S,
    shared: Arc<Shared>,
}

impl<S> FaultTransport<S> {
    /// Wraps `inner`; random faults are drawn from a generator seeded with `seed`.
    /// The plan starts empty (every request passes): set one with [`with_plan`](Self::with_plan).
    pub fn new(inner: S, seed: u64) -> Self {
        FaultTransport {
            inner,
            shared: Shared::new(seed),
        }
    }

    /// Follows `plan` from the next request on.
    pub fn with_plan(self, plan: FaultPlan) -> Self {
        self.set_plan(plan);
        self
    }

    /// Replaces the plan of this transport and of its clones; the new plan's
    /// script starts at the next request. The generator and the counters go on.
    pub fn set_plan(&self, plan: FaultPlan) {
        self.shared.set_plan(plan);
    }

    /// The counters so far.
    pub fn stats(&self) -> FaultStats {
        self.shared.stats()
    }

    /// Every request received so far, in order.
    pub fn events(&self) -> Vec<FaultEvent> {
        self.shared.events()
    }

    /// The seed of the generator random faults are drawn from.
    pub fn seed(&self) -> u64 {
        self.shared.seed
    }

    /// The wrapped transport.
    pub fn get_ref(&self) -> &S {
        &self.inner
    }
}

impl<S> fmt::Debug for FaultTransport<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut debug = f.debug_struct("FaultTransport");
        self.shared.describe(&mut debug);
        debug.finish_non_exhaustive()
    }
}

/// Makes [`FaultTransport`]s that share one plan, generator and set of counters.
///
/// ```
/// use detective_testing::fault::{Fault, FaultLayer, FaultPlan};
/// use detective_transport::FnTransport;
/// use tower_layer::Layer;
///
/// let layer = FaultLayer::new(7).with_plan(FaultPlan::always(Fault::Status(503)));
/// let transport = layer.layer(FnTransport::new(|req| Ok(http::Response::new(req.into_body()))));
/// # let _ = transport;
/// assert_eq!(layer.stats().requests, 0);
/// ```
#[derive(Clone)]
pub struct FaultLayer {
    shared: Arc<Shared>,
}

impl FaultLayer {
    /// A layer whose transports draw random faults from a generator seeded with `seed`; the plan starts empty.
    pub fn new(seed: u64) -> Self {
        FaultLayer {
            shared: Shared::new(seed),
        }
    }

    /// Follows `plan` from the next request on.
    pub fn with_plan(self, plan: FaultPlan) -> Self {
        self.set_plan(plan);
        self
    }

    /// Replaces the plan of every transport made by this layer (see [`FaultTransport::set_plan`]).
    pub fn set_plan(&self, plan: FaultPlan) {
        self.shared.set_plan(plan);
    }

    /// The counters of every transport made by this layer, together.
    pub fn stats(&self) -> FaultStats {
        self.shared.stats()
    }

    /// Every request the transports made by this layer received, in order.
    pub fn events(&self) -> Vec<FaultEvent> {
        self.shared.events()
    }
}

impl fmt::Debug for FaultLayer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut debug = f.debug_struct("FaultLayer");
        self.shared.describe(&mut debug);
        debug.finish_non_exhaustive()
    }
}

impl<S> tower_layer::Layer<S> for FaultLayer {
    type Service = FaultTransport<S>;

    fn layer(&self, inner: S) -> Self::Service {
        FaultTransport {
            inner,
            shared: Arc::clone(&self.shared),
        }
    }
}

/// The error code an injected error answer carries, by status.
fn status_code(status: u16) -> ServiceErrorCode {
    match status {
        429 => ServiceErrorCode::TooManyRequestsException,
        500 => ServiceErrorCode::InternalServerException,
        502 => ServiceErrorCode::Unknown("BadGatewayException".to_owned()),
        503 => ServiceErrorCode::Unknown("ServiceUnavailableException".to_owned()),
        504 => ServiceErrorCode::Unknown("GatewayTimeoutException".to_owned()),
        _ => ServiceErrorCode::Unknown(format!("InjectedHttp{status}Exception")),
    }
}

/// The restJson1 error answer of [`Fault::Status`].
fn status_response(status: u16, index: u64) -> http::Response<Bytes> {
    let mut error = ServiceError::new(
        status_code(status),
        format!("Injected fault: HTTP {status} for request #{index}."),
    );
    error.status = status;
    error_response(&error, &format!("fault-{index}"))
}

fn injected_error(kind: TransportErrorKind, fault: FaultKind, index: u64) -> TransportError {
    TransportError::new(kind, format!("injected fault: {fault} (request #{index})"))
}

/// `body` cut to half its length; a body too short to cut becomes `{`, which is not JSON either.
fn truncate(body: Bytes) -> Bytes {
    if body.len() < 2 {
        Bytes::from_static(b"{")
    } else {
        body.slice(..body.len() / 2)
    }
}

/// `body` behind a `0xFF` byte: never valid JSON (nor UTF-8), and the real body is still there to compare.
fn garble(body: &Bytes) -> Bytes {
    let mut garbled = Vec::with_capacity(body.len() + 1);
    garbled.push(0xFF);
    garbled.extend_from_slice(body);
    Bytes::from(garbled)
}

/// Answers `response` with status 200 and the body `f` makes of the service's.
fn rewrite(
    response: http::Response<Bytes>,
    f: impl FnOnce(Bytes) -> Bytes,
) -> http::Response<Bytes> {
    let (mut parts, body) = response.into_parts();
    parts.status = http::StatusCode::OK;
    // The length changed; a stale Content-Length would describe another body.
    parts.headers.remove(http::header::CONTENT_LENGTH);
    http::Response::from_parts(parts, f(body))
}

impl<S> Service<http::Request<Bytes>> for FaultTransport<S>
where
    S: Service<http::Request<Bytes>, Response = http::Response<Bytes>> + Clone + Send + 'static,
    S::Error: From<TransportError> + Send + 'static,
    S::Future: Send + 'static,
{
    type Response = http::Response<Bytes>;
    type Error = S::Error;
    type Future = BoxFuture<'static, Result<http::Response<Bytes>, S::Error>>;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        // Most requests under a fault never reach the inner service, so its
        // readiness is awaited only when the request is forwarded.
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: http::Request<Bytes>) -> Self::Future {
        let (index, fault) = self.shared.decide(operation_name(&request));
        let shared = Arc::clone(&self.shared);
        let mut inner = self.inner.clone();
        let forward = async move {
            futures_util::future::poll_fn(|cx| inner.poll_ready(cx)).await?;
            shared.forwarded();
            inner.call(request).await
        };
        Box::pin(async move {
            let Some(fault) = fault else {
                return forward.await;
            };
            let kind = fault.kind();
            match fault {
                Fault::Refuse => {
                    Err(injected_error(TransportErrorKind::Connect, kind, index).into())
                }
                Fault::ResetBeforeWrite => {
                    Err(injected_error(TransportErrorKind::Io, kind, index).into())
                }
                Fault::ResetAfterWrite => {
                    // The service processes the request to the end; only then is its answer lost.
                    let _lost = forward.await;
                    Err(injected_error(TransportErrorKind::Io, kind, index).into())
                }
                Fault::Stall => std::future::pending().await,
                Fault::Status(status) => Ok(status_response(status, index)),
                Fault::TruncatedBody => Ok(rewrite(forward.await?, truncate)),
                Fault::GarbledBody => Ok(rewrite(forward.await?, |body| garble(&body))),
                Fault::SlowBody(delay) => {
                    let response = forward.await?;
                    tokio::time::sleep(delay).await;
                    Ok(response)
                }
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use detective_ops::codec::client::parse_error_response;
    use detective_ops::ResponseError;

    #[test]
    fn status_answers_are_restjson1_errors_the_client_parses() {
        for status in [429, 500, 502, 503, 504] {
            let response = status_response(status, 3);
            assert_eq!(response.status().as_u16(), status);
            let ResponseError::Service(error) = parse_error_response(response) else {
                panic!("HTTP {status} not parsed as a service error");
            };
            assert_eq!(error.status, status);
            assert_eq!(error.code, status_code(status));
            assert!(error.is_retryable(), "HTTP {status}");
            assert_eq!(error.request_id.as_deref(), Some("fault-3"));
        }
    }

    #[test]
    fn truncated_and_garbled_bodies_are_not_json() {
        for body in [
            &b""[..],
            b"{}",
            br#"{"GraphArn":"arn:aws:detective:us-east-1:111111111111:graph:abc"}"#,
        ] {
            let body = Bytes::copy_from_slice(body);
            let cut = truncate(body.clone());
            assert!(
                serde_json::from_slice::<serde_json::Value>(&cut).is_err(),
                "{cut:?}"
            );
            let garbled = garble(&body);
            assert!(serde_json::from_slice::<serde_json::Value>(&garbled).is_err());
            assert_eq!(&garbled[1..], &body[..]);
        }
    }

    #[test]
    fn rewrite_sets_200_and_drops_the_stale_length() {
        let response = http::Response::builder()
            .status(201)
            .header(http::header::CONTENT_LENGTH, "2")
            .header("x-amzn-requestid", "r-1")
            .body(Bytes::from_static(b"{}"))
            .unwrap_or_default();
        let rewritten = rewrite(response, truncate);
        assert_eq!(rewritten.status(), http::StatusCode::OK);
        assert!(!rewritten
            .headers()
            .contains_key(http::header::CONTENT_LENGTH));
        assert_eq!(rewritten.headers()["x-amzn-requestid"], "r-1");
        assert_eq!(rewritten.body().as_ref(), b"{");
    }
}

//! [`MockTransport`]: answers calls from typed rules or a closure, and checks afterwards that the test went as planned.

mod rule;

pub use rule::{RuleBuilder, Times};

use crate::record::lock;
use crate::request::{body_json, operation_name, show_body};
use bytes::Bytes;
use detective_ops::Operation;
use detective_transport::{TransportError, TransportErrorKind};
use futures_util::future::{self, BoxFuture, FutureExt};
use rule::Rule;
use serde_json::Value;
use std::fmt;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use tower_service::Service;

type Fallback =
    dyn Fn(http::Request<Bytes>) -> Result<http::Response<Bytes>, TransportError> + Send + Sync;

/// One call the mock received.
///
/// `Debug` and `Display` redact sensitive members; [`input_json`](Self::input_json)
/// holds the body as sent, for assertions.
#[derive(Clone, PartialEq)]
pub struct RecordedCall {
    /// The operation's model name, if the request could be told apart.
    pub operation: Option<&'static str>,
    /// The HTTP method.
    pub method: http::Method,
    /// The path and query.
    pub path: String,
    /// The body as JSON, as sent (not redacted); a JSON string holds a body that was not JSON.
    pub input_json: Value,
    /// Which rule answered (0-based, in the order added); `None` for the fallback or no answer.
    pub rule: Option<usize>,
}

impl RecordedCall {
    /// The call's input, if it is a call of `O`.
    pub fn input<O: Operation>(&self) -> Option<O::Input> {
        if self.operation != Some(O::NAME) {
            return None;
        }
        serde_json::from_value(self.input_json.clone()).ok()
    }
}

impl fmt::Display for RecordedCall {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {} {} {}",
            self.operation.unwrap_or("(unknown operation)"),
            self.method,
            self.path,
            show_body(&self.input_json)
        )
    }
}

impl fmt::Debug for RecordedCall {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RecordedCall")
            .field("operation", &self.operation)
            .field("method", &self.method)
            .field("path", &self.path)
            .field(
                "input_json",
                &format_args!("{}", show_body(&self.input_json)),
            )
            .field("rule", &self.rule)
            .finish()
    }
}

/// A call no rule answered (and no fallback was set), with why each rule of its operation passed.
#[derive(Debug, Clone, PartialEq)]
pub struct UnmatchedCall {
    /// The call, body redacted when shown.
    pub call: RecordedCall,
    /// For each rule of the same operation, why it did not answer.
    pub reasons: Vec<String>,
}

impl fmt::Display for UnmatchedCall {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.call)?;
        if self.reasons.is_empty() {
            write!(f, "\n    no rule for this operation")?;
        }
        for reason in &self.reasons {
            write!(f, "\n    {reason}")?;
        }
        Ok(())
    }
}

/// The error a [`MockTransport`] answers an unmatched call with (inside a
/// [`TransportError`] of kind `Other`, which the client does not retry).
#[derive(Debug, Clone, PartialEq)]
pub struct MockError {
    /// The call and why no rule answered it.
    pub unmatched: UnmatchedCall,
}

impl fmt::Display for MockError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "no mock rule answers {}", self.unmatched)
    }
}

impl std::error::Error for MockError {}

/// A rule that answered fewer calls than it expected.
#[derive(Debug, Clone, PartialEq)]
pub struct UnhitRule {
    /// 0-based position, in the order rules were added.
    pub index: usize,
    /// Operation, name, answer, limit and where it was added.
    pub description: String,
    /// The limit set.
    pub expected: Times,
    /// Calls answered.
    pub hits: usize,
}

impl fmt::Display for UnhitRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: answered {} call(s)", self.description, self.hits)
    }
}

/// What [`MockTransport::verify`] found wrong.
#[derive(Debug, Clone, PartialEq)]
pub struct MockReport {
    /// Rules that answered fewer calls than expected (`Always` rules: none).
    pub unhit_rules: Vec<UnhitRule>,
    /// Calls no rule answered.
    pub unmatched_calls: Vec<UnmatchedCall>,
}

impl fmt::Display for MockReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "mock expectations not met: {} rule(s) not hit as expected, {} call(s) matched no rule",
            self.unhit_rules.len(),
            self.unmatched_calls.len()
        )?;
        for rule in &self.unhit_rules {
            write!(f, "\n- {rule}")?;
        }
        for call in &self.unmatched_calls {
            write!(f, "\n- unmatched call: {call}")?;
        }
        Ok(())
    }
}

impl std::error::Error for MockReport {}

pub(crate) struct State {
    pub(crate) rules: Vec<Rule>,
    calls: Vec<RecordedCall>,
    unmatched: Vec<UnmatchedCall>,
    fallback: Option<Arc<Fallback>>,
    requests: u64,
}

impl State {
    fn report(&self) -> Result<(), MockReport> {
        let unhit_rules: Vec<UnhitRule> = self
            .rules
            .iter()
            .enumerate()
            .filter(|(_, rule)| !rule.is_satisfied())
            .map(|(index, rule)| UnhitRule {
                index,
                description: rule.describe(index),
                expected: rule.times,
                hits: rule.hits,
            })
            .collect();
        if unhit_rules.is_empty() && self.unmatched.is_empty() {
            Ok(())
        } else {
            Err(MockReport {
                unhit_rules,
                unmatched_calls: self.unmatched.clone(),
            })
        }
    }
}

pub(crate) struct Shared {
    pub(crate) state: Mutex<State>,
    strict: AtomicBool,
}

impl Drop for Shared {
    fn drop(&mut self) {
        if !self.strict.load(Ordering::SeqCst) || std::thread::panicking() {
            return;
        }
        let state = self
            .state
            .get_mut()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Err(report) = state.report() {
            panic!("{report}");
        }
    }
}

/// A transport that answers from typed rules (or a closure) and remembers every call.
///
/// Rules are tried in the order they were added; the first rule of the
/// call's operation whose conditions hold and that has uses left answers.
/// A call no rule answers goes to the [fallback](Self::fallback) if there is
/// one; otherwise it fails with a [`TransportError`] of kind `Other` (not
/// retried by the client) whose source is a [`MockError`] showing the request
/// and why each rule passed, and it is reported by [`verify`](Self::verify).
///
/// Clones share rules and calls, so give the client a clone and keep one to
/// check. Answers are built with the operation's own server codec, so the
/// client parses them exactly like the service's.
///
/// # Strict mode
///
/// With [`strict(true)`](Self::strict), dropping the last clone panics with
/// the [`MockReport`] when [`verify`](Self::verify) would fail — unless the
/// thread is already panicking (a failed assertion is not buried under a
/// second panic). The last clone may be the one inside a client, so drop the
/// client before the end of the test if it lives on another thread.
#[derive(Clone)]
pub struct MockTransport {
    pub(crate) shared: Arc<Shared>,
}

impl Default for MockTransport {
    fn default() -> Self {
        MockTransport {
            shared: Arc::new(Shared {
                state: Mutex::new(State {
                    rules: Vec::new(),
                    calls: Vec::new(),
                    unmatched: Vec::new(),
                    fallback: None,
                    requests: 0,
                }),
                strict: AtomicBool::new(false),
            }),
        }
    }
}

impl fmt::Debug for MockTransport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = lock(&self.shared.state);
        f.debug_struct("MockTransport")
            .field("rules", &state.rules.len())
            .field("calls", &state.calls.len())
            .field("unmatched", &state.unmatched.len())
            .field("strict", &self.shared.strict.load(Ordering::SeqCst))
            .finish()
    }
}

impl MockTransport {
    /// A mock with no rules: every call is unmatched until rules are added.
    pub fn new() -> Self {
        MockTransport::default()
    }

    /// A mock that answers every call with `f` (rules added later are tried first).
    pub fn from_fn<F>(f: F) -> Self
    where
        F: Fn(http::Request<Bytes>) -> Result<http::Response<Bytes>, TransportError>
            + Send
            + Sync
            + 'static,
    {
        MockTransport::new().fallback(f)
    }

    /// Answers calls no rule matches with `f`; such calls are recorded but not reported.
    pub fn fallback<F>(self, f: F) -> Self
    where
        F: Fn(http::Request<Bytes>) -> Result<http::Response<Bytes>, TransportError>
            + Send
            + Sync
            + 'static,
    {
        lock(&self.shared.state).fallback = Some(Arc::new(f));
        self
    }

    /// In strict mode, dropping the last clone panics if [`verify`](Self::verify) would fail.
    pub fn strict(self, strict: bool) -> Self {
        self.shared.strict.store(strict, Ordering::SeqCst);
        self
    }

    /// Adds a rule for operation `O`: see [`RuleBuilder`].
    #[track_caller]
    pub fn on<O: Operation>(&self) -> RuleBuilder<O> {
        RuleBuilder::new(self, std::panic::Location::caller())
    }

    /// Every call received so far, in order.
    pub fn calls(&self) -> Vec<RecordedCall> {
        lock(&self.shared.state).calls.clone()
    }

    /// The inputs of the calls of `O` received so far, in order.
    pub fn calls_of<O: Operation>(&self) -> Vec<O::Input> {
        lock(&self.shared.state)
            .calls
            .iter()
            .filter_map(RecordedCall::input::<O>)
            .collect()
    }

    /// Ok when every rule answered as many calls as expected and every call was answered.
    pub fn verify(&self) -> Result<(), MockReport> {
        lock(&self.shared.state).report()
    }

    fn handle(
        &self,
        request: http::Request<Bytes>,
    ) -> Result<http::Response<Bytes>, TransportError> {
        let operation = operation_name(&request);
        let body = request.body().clone();
        let call = |rule| RecordedCall {
            operation,
            method: request.method().clone(),
            path: request.uri().path_and_query().map_or_else(
                || request.uri().path().to_owned(),
                |p| p.as_str().to_owned(),
            ),
            input_json: body_json(&body)
                .unwrap_or_else(|| Value::String(String::from_utf8_lossy(&body).into_owned())),
            rule,
        };

        let mut state = lock(&self.shared.state);
        state.requests += 1;
        let request_id = format!("mock-request-{}", state.requests);
        let mut reasons = Vec::new();
        let mut chosen = None;
        for (index, rule) in state.rules.iter().enumerate() {
            match rule.check(operation, &body) {
                Ok(()) => {
                    chosen = Some(index);
                    break;
                }
                Err(miss) => reasons.extend(rule.explain(index, &miss)),
            }
        }
        if let Some(index) = chosen {
            let answer = {
                let rule = &mut state.rules[index];
                rule.hits += 1;
                Arc::clone(&rule.answer)
            };
            state.calls.push(call(Some(index)));
            // The answer may be a user closure: run it without holding the lock.
            drop(state);
            return answer(&body, &request_id).map_err(|reason| {
                TransportError::new(
                    TransportErrorKind::Other,
                    format!("mock rule #{} could not answer: {reason}", index + 1),
                )
            });
        }
        let recorded = call(None);
        state.calls.push(recorded.clone());
        if let Some(fallback) = state.fallback.clone() {
            drop(state);
            return fallback(request);
        }
        let unmatched = UnmatchedCall {
            call: recorded,
            reasons,
        };
        state.unmatched.push(unmatched.clone());
        Err(TransportError::new(
            TransportErrorKind::Other,
            MockError { unmatched },
        ))
    }
}

impl Service<http::Request<Bytes>> for MockTransport {
    type Response = http::Response<Bytes>;
    type Error = TransportError;
    type Future = BoxFuture<'static, Result<http::Response<Bytes>, TransportError>>;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: http::Request<Bytes>) -> Self::Future {
        future::ready(self.handle(request)).boxed()
    }
}

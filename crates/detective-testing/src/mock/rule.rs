//! Rules: "when operation O is called with an input like this, answer that", typed.

use super::{MockTransport, Shared};
use crate::record::lock;
use bytes::Bytes;
use detective_ops::codec::server::{error_response, output_response};
use detective_ops::{Operation, ServiceError};
use std::fmt;
use std::marker::PhantomData;
use std::panic::Location;
use std::sync::Arc;

/// How many calls a rule answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Times {
    /// Exactly this many; [`MockTransport::verify`] reports the rule if it answered fewer.
    Exactly(usize),
    /// Any number; reported only if it answered none.
    Always,
}

impl fmt::Display for Times {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Times::Exactly(1) => f.write_str("once"),
            Times::Exactly(n) => write!(f, "{n} times"),
            Times::Always => f.write_str("always"),
        }
    }
}

/// A condition on the raw request body: `Ok(true)` when it holds, `Err` when the body is not the operation's input.
pub(crate) type Condition = Arc<dyn Fn(&[u8]) -> Result<bool, String> + Send + Sync>;

/// Builds the response for a matched call from the body and the request id to use.
pub(crate) type Answer =
    Arc<dyn Fn(&[u8], &str) -> Result<http::Response<Bytes>, String> + Send + Sync>;

/// A rule, with its types erased so rules of every operation share one list.
pub(crate) struct Rule {
    pub(crate) operation: &'static str,
    pub(crate) name: Option<String>,
    pub(crate) location: &'static Location<'static>,
    pub(crate) conditions: Vec<Condition>,
    pub(crate) answer: Answer,
    pub(crate) answer_kind: &'static str,
    pub(crate) times: Times,
    pub(crate) hits: usize,
}

/// Why a rule did not answer a call.
pub(crate) enum Miss {
    OtherOperation,
    Exhausted,
    ConditionFalse(usize),
    NotTheInput(String),
}

impl Rule {
    pub(crate) fn new<O: Operation>(location: &'static Location<'static>) -> Self {
        Rule {
            operation: O::NAME,
            name: None,
            location,
            conditions: Vec::new(),
            answer: respond_answer::<O>(O::Output::default()),
            answer_kind: "default output",
            times: Times::Exactly(1),
            hits: 0,
        }
    }

    pub(crate) fn has_uses_left(&self) -> bool {
        match self.times {
            Times::Exactly(n) => self.hits < n,
            Times::Always => true,
        }
    }

    pub(crate) fn is_satisfied(&self) -> bool {
        match self.times {
            Times::Exactly(n) => self.hits >= n,
            Times::Always => self.hits > 0,
        }
    }

    /// Whether this rule answers a call of `operation` with `body`.
    pub(crate) fn check(&self, operation: Option<&str>, body: &[u8]) -> Result<(), Miss> {
        if operation != Some(self.operation) {
            return Err(Miss::OtherOperation);
        }
        if !self.has_uses_left() {
            return Err(Miss::Exhausted);
        }
        for (i, condition) in self.conditions.iter().enumerate() {
            match condition(body) {
                Ok(true) => {}
                Ok(false) => return Err(Miss::ConditionFalse(i + 1)),
                Err(e) => return Err(Miss::NotTheInput(e)),
            }
        }
        Ok(())
    }

    /// `rule #2 GetMembers "name" (respond, once, added at tests/x.rs:10:5)`.
    pub(crate) fn describe(&self, index: usize) -> String {
        let mut text = format!("rule #{} {}", index + 1, self.operation);
        if let Some(name) = &self.name {
            text.push_str(&format!(" {name:?}"));
        }
        if !self.conditions.is_empty() {
            text.push_str(&format!(" when {} condition(s)", self.conditions.len()));
        }
        text.push_str(&format!(
            " ({}, {}, added at {})",
            self.answer_kind, self.times, self.location
        ));
        text
    }

    pub(crate) fn explain(&self, index: usize, miss: &Miss) -> Option<String> {
        let why = match miss {
            Miss::OtherOperation => return None,
            Miss::Exhausted => format!("already answered {} time(s), its limit", self.hits),
            Miss::ConditionFalse(i) => format!("condition {i} is false"),
            Miss::NotTheInput(e) => format!("the body is not a {} input: {e}", self.operation),
        };
        Some(format!("{}: {why}", self.describe(index)))
    }
}

fn parse<O: Operation>(body: &[u8]) -> Result<O::Input, String> {
    let body: &[u8] = if body.iter().all(u8::is_ascii_whitespace) {
        b"{}"
    } else {
        body
    };
    serde_json::from_slice(body).map_err(|e| e.to_string())
}

fn respond_answer<O: Operation>(output: O::Output) -> Answer {
    Arc::new(move |_body, request_id| Ok(output_response::<O>(&output, request_id)))
}

fn fail_response(error: &ServiceError, request_id: &str) -> http::Response<Bytes> {
    error_response(error, error.request_id.as_deref().unwrap_or(request_id))
}

/// Sets up one rule for operation `O`; made by [`MockTransport::on`].
///
/// The rule is registered as soon as it is created and each method updates
/// it in place, so the builder can be dropped at any point in the chain.
/// Without an answer the rule responds with `O::Output::default()`; without
/// a limit it answers [once](Self::once).
pub struct RuleBuilder<O: Operation> {
    shared: Arc<Shared>,
    index: usize,
    _operation: PhantomData<fn() -> O>,
}

impl<O: Operation> fmt::Debug for RuleBuilder<O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = lock(&self.shared.state);
        let description = state
            .rules
            .get(self.index)
            .map(|rule| rule.describe(self.index));
        f.debug_struct("RuleBuilder")
            .field("rule", &description)
            .finish()
    }
}

impl<O: Operation> RuleBuilder<O> {
    pub(crate) fn new(mock: &MockTransport, location: &'static Location<'static>) -> Self {
        let mut state = lock(&mock.shared.state);
        state.rules.push(Rule::new::<O>(location));
        let index = state.rules.len() - 1;
        drop(state);
        RuleBuilder {
            shared: Arc::clone(&mock.shared),
            index,
            _operation: PhantomData,
        }
    }

    fn update(self, f: impl FnOnce(&mut Rule)) -> Self {
        if let Some(rule) = lock(&self.shared.state).rules.get_mut(self.index) {
            f(rule);
        }
        self
    }

    /// Only calls whose input satisfies `predicate` match. Several conditions must all hold.
    pub fn when(self, predicate: impl Fn(&O::Input) -> bool + Send + Sync + 'static) -> Self {
        let condition: Condition = Arc::new(move |body| parse::<O>(body).map(|i| predicate(&i)));
        self.update(|rule| rule.conditions.push(condition))
    }

    /// Only calls whose input equals `input` (compared as JSON) match.
    pub fn with_input(self, input: O::Input) -> Self {
        let expected = serde_json::to_value(&input).map_err(|e| e.to_string());
        let condition: Condition = Arc::new(move |body| {
            let got = serde_json::to_value(parse::<O>(body)?).map_err(|e| e.to_string())?;
            match &expected {
                Ok(expected) => Ok(*expected == got),
                Err(e) => Err(format!("the expected input does not serialize: {e}")),
            }
        });
        self.update(|rule| rule.conditions.push(condition))
    }

    /// Answers with `output`.
    pub fn respond(self, output: O::Output) -> Self {
        let answer = respond_answer::<O>(output);
        self.update(|rule| {
            rule.answer = answer;
            rule.answer_kind = "respond";
        })
    }

    /// Answers with the output `f` makes from the call's input.
    pub fn respond_with(self, f: impl Fn(&O::Input) -> O::Output + Send + Sync + 'static) -> Self {
        let answer: Answer = Arc::new(move |body, request_id| {
            let input = parse::<O>(body)?;
            Ok(output_response::<O>(&f(&input), request_id))
        });
        self.update(|rule| {
            rule.answer = answer;
            rule.answer_kind = "respond_with";
        })
    }

    /// Answers with the output or service error `f` makes from the call's input.
    pub fn answer_with(
        self,
        f: impl Fn(&O::Input) -> Result<O::Output, ServiceError> + Send + Sync + 'static,
    ) -> Self {
        let answer: Answer = Arc::new(move |body, request_id| {
            let input = parse::<O>(body)?;
            Ok(match f(&input) {
                Ok(output) => output_response::<O>(&output, request_id),
                Err(error) => fail_response(&error, request_id),
            })
        });
        self.update(|rule| {
            rule.answer = answer;
            rule.answer_kind = "answer_with";
        })
    }

    /// Answers with the service error `error`, exactly as the service would send it
    /// (status, `x-amzn-ErrorType`, JSON body), so the client reports
    /// `Error::Service` with its code and message.
    ///
    /// The client retries throttling and internal errors: give such a rule
    /// [`times`](Self::times) or [`always`](Self::always), or build the
    /// client with one attempt.
    pub fn fail(self, error: ServiceError) -> Self {
        let answer: Answer =
            Arc::new(move |_body, request_id| Ok(fail_response(&error, request_id)));
        self.update(|rule| {
            rule.answer = answer;
            rule.answer_kind = "fail";
        })
    }

    /// Answers exactly `n` calls; [`MockTransport::verify`] reports it if it answered fewer.
    pub fn times(self, n: usize) -> Self {
        self.update(|rule| rule.times = Times::Exactly(n))
    }

    /// Answers one call (the default).
    pub fn once(self) -> Self {
        self.times(1)
    }

    /// Answers every matching call; reported only if it answered none.
    pub fn always(self) -> Self {
        self.update(|rule| rule.times = Times::Always)
    }

    /// A name for reports.
    pub fn named(self, name: impl Into<String>) -> Self {
        let name = name.into();
        self.update(|rule| rule.name = Some(name))
    }

    /// How many calls this rule has answered so far.
    pub fn hits(&self) -> usize {
        lock(&self.shared.state)
            .rules
            .get(self.index)
            .map_or(0, |rule| rule.hits)
    }
}

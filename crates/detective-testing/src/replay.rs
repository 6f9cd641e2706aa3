//! [`ReplayTransport`]: answers requests from a cassette, without a network.

use crate::cassette::{Cassette, CassetteError, Interaction};
use crate::diff::{diff, Difference};
use crate::record::lock;
use crate::request::{body_json, normalized_body, operation_name, show_body};
use bytes::Bytes;
use detective_transport::{TransportError, TransportErrorKind};
use futures_util::future::{self, BoxFuture, FutureExt};
use serde_json::Value;
use std::fmt;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use tower_service::Service;

/// How a [`ReplayTransport`] picks the interaction that answers a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ReplayMode {
    /// Requests must come in the recorded order: each must match the next unused interaction.
    #[default]
    InOrder,
    /// Each request is answered by the first unused interaction it matches, wherever it is.
    AnyOrder,
}

/// A recorded interaction that no request used.
#[derive(Debug, Clone, PartialEq)]
pub struct UnusedInteraction {
    /// Its 0-based position in the cassette.
    pub index: usize,
    /// The interaction.
    pub interaction: Interaction,
}

impl fmt::Display for UnusedInteraction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let request = &self.interaction.request;
        write!(
            f,
            "#{} {} {} {} {}",
            self.index,
            self.interaction.operation,
            request.method,
            request.path,
            show_body(&request.body)
        )
    }
}

/// Why a request could not be answered from the cassette: what was sent, and what came closest.
///
/// Carried as the source of the [`TransportError`] the transport returns
/// (kind `Other`, which the client does not retry), and kept for
/// [`ReplayTransport::verify`].
#[derive(Debug, Clone, PartialEq)]
pub struct ReplayError {
    /// The operation of the request sent (`Unknown` if it could not be told).
    pub operation: String,
    /// The method of the request sent.
    pub method: String,
    /// The path of the request sent.
    pub path: String,
    /// The body sent, normalized and redacted.
    pub body: Value,
    /// Why nothing matched.
    pub reason: String,
    /// The closest recorded interaction and its position, if the cassette has any.
    pub closest: Option<UnusedInteraction>,
    /// How the closest interaction differs from the request sent.
    pub differences: Vec<Difference>,
}

impl fmt::Display for ReplayError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "no recorded interaction matches {} {} {}: {}",
            self.operation, self.method, self.path, self.reason
        )?;
        write!(f, "  sent:    {}", show_body(&self.body))?;
        if let Some(closest) = &self.closest {
            write!(f, "\n  closest: {closest}")?;
            if !self.differences.is_empty() {
                write!(f, "\n  differences:")?;
                for difference in &self.differences {
                    write!(f, "\n    {difference}")?;
                }
            }
        }
        Ok(())
    }
}

impl std::error::Error for ReplayError {}

/// What a replay left undone: requests that matched nothing and interactions never used.
#[derive(Debug, Clone, PartialEq)]
pub struct ReplayReport {
    /// Requests that no interaction answered, in order.
    pub mismatches: Vec<ReplayError>,
    /// Interactions no request used, in cassette order.
    pub unused: Vec<UnusedInteraction>,
}

impl fmt::Display for ReplayReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "replay incomplete: {} request(s) matched nothing, {} interaction(s) unused",
            self.mismatches.len(),
            self.unused.len()
        )?;
        for mismatch in &self.mismatches {
            write!(f, "\n- {}", mismatch.to_string().replace('\n', "\n  "))?;
        }
        for unused in &self.unused {
            write!(f, "\n- unused interaction {unused}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ReplayReport {}

struct Entry {
    interaction: Interaction,
    /// The recorded request body, normalized and redacted once.
    body: Value,
    used: bool,
}

struct State {
    entries: Vec<Entry>,
    mismatches: Vec<ReplayError>,
}

/// A transport that answers from a [`Cassette`].
///
/// A request matches an interaction when the operation is the same and the
/// bodies are equal once both are normalized: parsed into the operation's
/// typed input and written back (so members unknown to this version are
/// ignored and missing optional members are simply absent), with sensitive
/// members redacted on both sides (the cassette holds them redacted).
/// Headers — signature, date, token — are not compared. Each interaction
/// answers once; the answer is rebuilt from the recorded status, headers and
/// body, identically on every replay.
///
/// A request that matches nothing fails with a [`TransportError`] of kind
/// `Other` whose source is a [`ReplayError`] showing the closest recorded
/// request and the differences. [`verify`](Self::verify) reports those and
/// the interactions left unused.
///
/// Clones share the cassette and its progress.
#[derive(Clone)]
pub struct ReplayTransport {
    state: Arc<Mutex<State>>,
    mode: ReplayMode,
}

impl fmt::Debug for ReplayTransport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = lock(&self.state);
        f.debug_struct("ReplayTransport")
            .field("mode", &self.mode)
            .field("interactions", &state.entries.len())
            .field("used", &state.entries.iter().filter(|e| e.used).count())
            .finish()
    }
}

impl ReplayTransport {
    /// Replays `cassette` in `mode`.
    pub fn new(cassette: Cassette, mode: ReplayMode) -> Self {
        let entries = cassette
            .into_interactions()
            .into_iter()
            .map(|interaction| Entry {
                body: normalized_body(&interaction.operation, &interaction.request.body),
                interaction,
                used: false,
            })
            .collect();
        ReplayTransport {
            state: Arc::new(Mutex::new(State {
                entries,
                mismatches: Vec::new(),
            })),
            mode,
        }
    }

    /// Loads the cassette at `path` and replays it in `mode`.
    pub fn load(path: impl AsRef<Path>, mode: ReplayMode) -> Result<Self, CassetteError> {
        Ok(Self::new(Cassette::load(path)?, mode))
    }

    /// The replay mode.
    pub fn mode(&self) -> ReplayMode {
        self.mode
    }

    /// Interactions no request has used yet, in cassette order.
    pub fn unused(&self) -> Vec<UnusedInteraction> {
        lock(&self.state)
            .entries
            .iter()
            .enumerate()
            .filter(|(_, entry)| !entry.used)
            .map(|(index, entry)| UnusedInteraction {
                index,
                interaction: entry.interaction.clone(),
            })
            .collect()
    }

    /// Requests that matched nothing so far.
    pub fn mismatches(&self) -> Vec<ReplayError> {
        lock(&self.state).mismatches.clone()
    }

    /// Ok when every request was answered and every interaction used.
    pub fn verify(&self) -> Result<(), ReplayReport> {
        let report = ReplayReport {
            mismatches: self.mismatches(),
            unused: self.unused(),
        };
        if report.mismatches.is_empty() && report.unused.is_empty() {
            Ok(())
        } else {
            Err(report)
        }
    }

    fn answer(&self, request: &http::Request<Bytes>) -> Result<Interaction, ReplayError> {
        let operation = operation_name(request).unwrap_or("Unknown");
        let body = match body_json(request.body()) {
            Some(json) => normalized_body(operation, &json),
            None => Value::String(String::from_utf8_lossy(request.body()).into_owned()),
        };
        let mut state = lock(&self.state);
        let matches =
            |entry: &Entry| entry.interaction.operation == operation && entry.body == body;
        let found = match self.mode {
            ReplayMode::InOrder => state
                .entries
                .iter()
                .position(|entry| !entry.used)
                .filter(|&index| matches(&state.entries[index])),
            ReplayMode::AnyOrder => state
                .entries
                .iter()
                .position(|entry| !entry.used && matches(entry)),
        };
        if let Some(index) = found {
            let entry = &mut state.entries[index];
            entry.used = true;
            return Ok(entry.interaction.clone());
        }
        let error = self.mismatch(&state.entries, operation, request, body);
        state.mismatches.push(error.clone());
        Err(error)
    }

    fn mismatch(
        &self,
        entries: &[Entry],
        operation: &str,
        request: &http::Request<Bytes>,
        body: Value,
    ) -> ReplayError {
        let unused_count = entries.iter().filter(|e| !e.used).count();
        let distance = |entry: &Entry| {
            let operation_penalty = if entry.interaction.operation == operation {
                0
            } else {
                1000
            };
            operation_penalty + diff(&entry.body, &body).len()
        };
        let (reason, closest) = if entries.is_empty() {
            ("the cassette is empty".to_owned(), None)
        } else if unused_count == 0 {
            let closest = entries.iter().enumerate().min_by_key(|(_, e)| distance(e));
            (
                format!(
                    "all {} recorded interactions have been used; the closest was used already",
                    entries.len()
                ),
                closest,
            )
        } else {
            match self.mode {
                ReplayMode::InOrder => (
                    "replaying in order, and it differs from the next recorded interaction"
                        .to_owned(),
                    entries.iter().enumerate().find(|(_, e)| !e.used),
                ),
                ReplayMode::AnyOrder => (
                    format!("none of the {unused_count} unused interactions has the same operation and body"),
                    entries
                        .iter()
                        .enumerate()
                        .filter(|(_, e)| !e.used)
                        .min_by_key(|(_, e)| distance(e)),
                ),
            }
        };
        let differences = closest.map_or_else(Vec::new, |(_, entry)| {
            let mut differences = Vec::new();
            if entry.interaction.operation != operation {
                differences.push(Difference {
                    path: "(operation)".to_owned(),
                    recorded: Some(Value::String(entry.interaction.operation.clone())),
                    actual: Some(Value::String(operation.to_owned())),
                });
            }
            differences.extend(diff(&entry.body, &body));
            differences
        });
        ReplayError {
            operation: operation.to_owned(),
            method: request.method().as_str().to_owned(),
            path: request.uri().path_and_query().map_or_else(
                || request.uri().path().to_owned(),
                |p| p.as_str().to_owned(),
            ),
            body,
            reason,
            closest: closest.map(|(index, entry)| UnusedInteraction {
                index,
                interaction: Interaction {
                    operation: entry.interaction.operation.clone(),
                    request: crate::cassette::RecordedRequest {
                        body: entry.body.clone(),
                        ..entry.interaction.request.clone()
                    },
                    response: entry.interaction.response.clone(),
                },
            }),
            differences,
        }
    }
}

impl Service<http::Request<Bytes>> for ReplayTransport {
    type Response = http::Response<Bytes>;
    type Error = TransportError;
    type Future = BoxFuture<'static, Result<http::Response<Bytes>, TransportError>>;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: http::Request<Bytes>) -> Self::Future {
        let answer = self
            .answer(&request)
            .map_err(|e| TransportError::new(TransportErrorKind::Other, e))
            .and_then(|interaction| {
                interaction
                    .response
                    .to_http()
                    .map_err(|e| TransportError::new(TransportErrorKind::Other, e))
            });
        future::ready(answer).boxed()
    }
}

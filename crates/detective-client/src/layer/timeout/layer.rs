//! [`TimeoutLayer`]: makes [`Timeout`] services.

use super::Timeout;
use crate::TimeoutKind;
use std::time::Duration;
use tower_layer::Layer;

/// Applies a deadline of one [`TimeoutKind`] to every call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TimeoutLayer {
    kind: TimeoutKind,
    after: Duration,
}

impl TimeoutLayer {
    /// A deadline for one attempt; place it inside the retry layer so a timed-out attempt is retried.
    pub fn attempt(after: Duration) -> Self {
        TimeoutLayer {
            kind: TimeoutKind::Attempt,
            after,
        }
    }

    /// A deadline for the whole call, retries and backoff included; place it outside the retry layer.
    pub fn operation(after: Duration) -> Self {
        TimeoutLayer {
            kind: TimeoutKind::Operation,
            after,
        }
    }

    /// Which deadline this is.
    pub fn kind(&self) -> TimeoutKind {
        self.kind
    }

    /// Its length.
    pub fn after(&self) -> Duration {
        self.after
    }
}

impl<S> Layer<S> for TimeoutLayer {
    type Service = Timeout<S>;

    fn layer(&self, inner: S) -> Self::Service {
        Timeout::new(inner, self.kind, self.after)
    }
}

//! Deadlines for one attempt or for a whole call.
//!
//! Two deadlines matter and they sit at different places in the stack: an
//! *attempt* timeout, inside the retry layer, abandons one slow HTTP exchange
//! (a hung connection, a stalled server) and lets the retry layer try again,
//! since [`Error::Timeout`] with [`TimeoutKind::Attempt`] is retryable; an
//! *operation* timeout, outside the retry layer, bounds what the caller
//! waits in total, backoff sleeps included, and is never retried.
//!
//! The deadline is a [`tokio::time::Sleep`] started when the service is
//! called, so the service must be called inside a Tokio runtime with the time
//! driver enabled. Because it uses Tokio's clock, tests with a paused clock
//! (`tokio::time::pause`) drive it without waiting in real time.

mod future;
mod layer;

pub use self::future::ResponseFuture;
pub use self::layer::TimeoutLayer;

use crate::{Error, TimeoutKind};
use std::task::{Context, Poll};
use std::time::Duration;
use tower_service::Service;

/// A service whose calls fail with [`Error::Timeout`] when they take longer than a deadline.
///
/// Made by [`TimeoutLayer::attempt`] or [`TimeoutLayer::operation`]. Works for
/// any request type whose inner service fails with [`crate::Error`].
#[derive(Clone, Debug)]
pub struct Timeout<S> {
    inner: S,
    kind: TimeoutKind,
    after: Duration,
}

impl<S> Timeout<S> {
    /// Wraps `inner` with a deadline of `after`, reported as `kind`.
    pub fn new(inner: S, kind: TimeoutKind, after: Duration) -> Self {
        Timeout { inner, kind, after }
    }

    /// Which deadline this is.
    pub fn kind(&self) -> TimeoutKind {
        self.kind
    }

    /// Its length.
    pub fn after(&self) -> Duration {
        self.after
    }

    /// The wrapped service.
    pub fn get_ref(&self) -> &S {
        &self.inner
    }
}

impl<S, R> Service<R> for Timeout<S>
where
    S: Service<R, Error = Error>,
{
    type Response = S::Response;
    type Error = Error;
    type Future = ResponseFuture<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: R) -> Self::Future {
        ResponseFuture::new(self.inner.call(request), self.kind, self.after)
    }
}

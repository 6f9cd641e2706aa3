//! [`ResponseFuture`]: the inner call raced against a deadline.

use crate::{Error, TimeoutKind};
use pin_project_lite::pin_project;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::time::{Instant, Sleep};

pin_project! {
    /// The future of a [`Timeout`](super::Timeout) call: the inner response,
    /// or [`Error::Timeout`] if the deadline passes first.
    #[derive(Debug)]
    pub struct ResponseFuture<F> {
        #[pin]
        inner: F,
        // Armed only once the inner future is pending: a timer costs a
        // runtime-handle lookup and a timer-wheel entry, and a call answered
        // in its first poll (an in-process or mock transport) never needs one.
        #[pin]
        sleep: Option<Sleep>,
        deadline: Instant,
        kind: TimeoutKind,
        after: Duration,
    }
}

impl<F> ResponseFuture<F> {
    /// Starts the deadline now; needs a Tokio runtime with time enabled
    /// once the inner future has to wait.
    pub(super) fn new(inner: F, kind: TimeoutKind, after: Duration) -> Self {
        ResponseFuture {
            inner,
            sleep: None,
            deadline: Instant::now() + after,
            kind,
            after,
        }
    }
}

impl<F, T> Future for ResponseFuture<F>
where
    F: Future<Output = Result<T, Error>>,
{
    type Output = Result<T, Error>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let mut this = self.project();
        // The inner future first: a response that is ready wins a tie.
        if let Poll::Ready(result) = this.inner.poll(cx) {
            return Poll::Ready(result);
        }
        if this.sleep.is_none() {
            this.sleep
                .set(Some(tokio::time::sleep_until(*this.deadline)));
        }
        let Some(sleep) = this.sleep.as_pin_mut() else {
            return Poll::Pending;
        };
        match sleep.poll(cx) {
            Poll::Ready(()) => Poll::Ready(Err(Error::Timeout {
                kind: *this.kind,
                after: *this.after,
            })),
            Poll::Pending => Poll::Pending,
        }
    }
}

//! [`ResponseFuture`]: the inner call raced against a deadline.

use crate::{Error, TimeoutKind};
use pin_project_lite::pin_project;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::time::Sleep;

pin_project! {
    /// The future of a [`Timeout`](super::Timeout) call: the inner response,
    /// or [`Error::Timeout`] if the deadline passes first.
    #[derive(Debug)]
    pub struct ResponseFuture<F> {
        #[pin]
        inner: F,
        #[pin]
        sleep: Sleep,
        kind: TimeoutKind,
        after: Duration,
    }
}

impl<F> ResponseFuture<F> {
    /// Starts the deadline now; needs a Tokio runtime with time enabled.
    pub(super) fn new(inner: F, kind: TimeoutKind, after: Duration) -> Self {
        ResponseFuture {
            inner,
            sleep: tokio::time::sleep(after),
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
        let this = self.project();
        // The inner future first: a response that is ready wins a tie.
        if let Poll::Ready(result) = this.inner.poll(cx) {
            return Poll::Ready(result);
        }
        match this.sleep.poll(cx) {
            Poll::Ready(()) => Poll::Ready(Err(Error::Timeout {
                kind: *this.kind,
                after: *this.after,
            })),
            Poll::Pending => Poll::Pending,
        }
    }
}

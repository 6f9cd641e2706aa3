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

#[cfg(test)]
mod tests {
    use super::*;

    /// Polls `future` once, with a waker that does nothing.
    fn poll_once<F: Future>(future: Pin<&mut F>) -> Poll<F::Output> {
        future.poll(&mut Context::from_waker(std::task::Waker::noop()))
    }

    #[test]
    fn a_call_answered_in_its_first_poll_arms_no_timer() {
        // No Tokio runtime here: arming the timer would panic.
        let future = ResponseFuture::new(
            std::future::ready(Ok::<u8, Error>(7)),
            TimeoutKind::Attempt,
            Duration::from_secs(1),
        );
        let mut future = std::pin::pin!(future);
        assert!(matches!(poll_once(future.as_mut()), Poll::Ready(Ok(7))));
        assert!(future.sleep.is_none());
    }

    #[tokio::test(start_paused = true)]
    async fn a_pending_call_times_out_from_when_it_started() {
        let future = ResponseFuture::new(
            std::future::pending::<Result<u8, Error>>(),
            TimeoutKind::Attempt,
            Duration::from_secs(5),
        );
        let mut future = std::pin::pin!(future);
        // Three seconds pass before the first poll; the deadline still counts from the call.
        tokio::time::advance(Duration::from_secs(3)).await;
        assert!(poll_once(future.as_mut()).is_pending());
        assert!(future.sleep.is_some());
        tokio::time::advance(Duration::from_secs(2)).await;
        assert!(matches!(
            poll_once(future.as_mut()),
            Poll::Ready(Err(Error::Timeout {
                kind: TimeoutKind::Attempt,
                ..
            }))
        ));
    }
}

//! [`ResponseFuture`]: the retry loop as a state machine.
//!
//! Written out by hand rather than as an `async` block in a `Box`: every call
//! goes through this loop, and the boxed block was the largest allocation of
//! a call (about 1 KiB, copied into place). Here the states live inline in
//! the caller's future; only the backoff sleep, which a successful call never
//! reaches, is boxed.

use super::{classify, describe, Attempt, Jitter, RetryConfig, TokenBucket, Verdict};
use crate::Error;
use bytes::Bytes;
use pin_project_lite::pin_project;
use std::future::Future;
use std::pin::Pin;
use std::task::{ready, Context, Poll};
use tokio::time::Sleep;
use tower_service::Service;

pin_project! {
    /// The future of a [`Retry`](super::Retry) call: attempts until one
    /// succeeds, fails for good, or the attempts or retry tokens run out.
    pub struct ResponseFuture<S>
    where
        S: Service<http::Request<Bytes>>,
    {
        #[pin]
        state: State<S::Future>,
        inner: S,
        // The request as the caller sent it; each attempt sends a copy.
        request: http::Request<Bytes>,
        config: RetryConfig,
        jitter: Jitter,
        bucket: TokenBucket,
        attempt: u32,
    }
}

pin_project! {
    #[project = StateProj]
    enum State<F> {
        // Waiting for the inner service to take attempt `attempt`.
        Ready,
        // Attempt `attempt` is under way.
        Calling {
            #[pin]
            future: F,
        },
        // Backing off before attempt `attempt + 1`.
        Backoff {
            sleep: Pin<Box<Sleep>>,
        },
    }
}

impl<S> ResponseFuture<S>
where
    S: Service<http::Request<Bytes>, Response = http::Response<Bytes>, Error = Error>,
{
    /// The loop for `request` on `inner` (which has been driven ready).
    pub(super) fn new(
        inner: S,
        request: http::Request<Bytes>,
        config: RetryConfig,
        jitter: Jitter,
        bucket: TokenBucket,
    ) -> Self {
        ResponseFuture {
            state: State::Ready,
            inner,
            request,
            config,
            jitter,
            bucket,
            attempt: 1,
        }
    }
}

impl<S> Future for ResponseFuture<S>
where
    S: Service<http::Request<Bytes>, Response = http::Response<Bytes>, Error = Error>,
{
    type Output = Result<http::Response<Bytes>, Error>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let mut this = self.project();
        loop {
            let outcome = match this.state.as_mut().project() {
                StateProj::Ready => match ready!(this.inner.poll_ready(cx)) {
                    Ok(()) => {
                        let future = this
                            .inner
                            .call(attempt_request(this.request, *this.attempt));
                        this.state.set(State::Calling { future });
                        continue;
                    }
                    Err(e) => Err(e),
                },
                StateProj::Calling { future } => ready!(future.poll(cx)),
                StateProj::Backoff { sleep } => {
                    ready!(sleep.as_mut().poll(cx));
                    *this.attempt += 1;
                    this.state.set(State::Ready);
                    continue;
                }
            };
            let attempt = *this.attempt;
            let cost = match classify(&outcome) {
                Verdict::Success => {
                    this.bucket.refill(TokenBucket::SUCCESS_REFILL);
                    return Poll::Ready(finish(outcome, attempt));
                }
                Verdict::Final => return Poll::Ready(finish(outcome, attempt)),
                Verdict::Retry { cost } => cost,
            };
            if attempt >= this.config.max_attempts.max(1) {
                tracing::debug!(
                    attempt,
                    outcome = %describe(&outcome),
                    "not retrying: attempts exhausted"
                );
                return Poll::Ready(finish(outcome, attempt));
            }
            if !this.bucket.try_acquire(cost) {
                tracing::debug!(
                    attempt,
                    outcome = %describe(&outcome),
                    cost,
                    available = this.bucket.available(),
                    "not retrying: retry token bucket exhausted"
                );
                return Poll::Ready(finish(outcome, attempt));
            }
            let delay = this.config.backoff(attempt, (this.jitter)());
            tracing::debug!(
                attempt,
                outcome = %describe(&outcome),
                delay = ?delay,
                "retrying"
            );
            // Nothing of a failed attempt is kept across the backoff.
            drop(outcome);
            this.state.set(State::Backoff {
                sleep: Box::pin(tokio::time::sleep(delay)),
            });
        }
    }
}

/// Headers a signing layer inside this one adds to each attempt:
/// `x-amz-date`, `authorization` and, with temporary credentials,
/// `x-amz-security-token`.
const SIGNING_HEADERS: usize = 3;

/// Attempt `attempt`'s copy of `request`, numbered by an [`Attempt`] extension.
///
/// Not `request.clone()`: a cloned header map is exactly as large as its
/// headers, so the first header the signing layer added regrew it (a
/// reallocation and copy on every call). This copy has room for them.
fn attempt_request(request: &http::Request<Bytes>, attempt: u32) -> http::Request<Bytes> {
    let mut copy = http::Request::new(request.body().clone());
    *copy.method_mut() = request.method().clone();
    *copy.uri_mut() = request.uri().clone();
    *copy.version_mut() = request.version();
    let headers = copy.headers_mut();
    headers.reserve(request.headers().len() + SIGNING_HEADERS);
    for (name, value) in request.headers() {
        headers.append(name.clone(), value.clone());
    }
    *copy.extensions_mut() = request.extensions().clone();
    copy.extensions_mut().insert(Attempt(attempt));
    copy
}

/// The call's result after `attempts` attempts: recorded once, at the end
/// (some subscribers append rather than replace re-recorded fields), and put
/// on the response.
fn finish(
    outcome: Result<http::Response<Bytes>, Error>,
    attempts: u32,
) -> Result<http::Response<Bytes>, Error> {
    tracing::Span::current().record("attempt", attempts);
    outcome.map(|mut response| {
        response.extensions_mut().insert(Attempt(attempts));
        response
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Clone, PartialEq)]
    struct Marker(&'static str);

    #[test]
    fn an_attempt_request_is_the_request_with_its_number_and_room_for_signing() {
        let mut request = http::Request::new(Bytes::from_static(b"{\"a\":1}"));
        *request.method_mut() = http::Method::PUT;
        *request.uri_mut() = http::Uri::from_static("http://localhost:4566/graph/members/get");
        *request.version_mut() = http::Version::HTTP_2;
        let headers = request.headers_mut();
        headers.insert(
            http::header::CONTENT_TYPE,
            http::HeaderValue::from_static("application/json"),
        );
        headers.append("x-multi", http::HeaderValue::from_static("one"));
        headers.append("x-multi", http::HeaderValue::from_static("two"));
        request.extensions_mut().insert(Marker("kept"));

        let copy = attempt_request(&request, 2);

        assert_eq!(copy.method(), request.method());
        assert_eq!(copy.uri(), request.uri());
        assert_eq!(copy.version(), request.version());
        assert_eq!(copy.body(), request.body());
        assert_eq!(copy.headers(), request.headers());
        let multi: Vec<_> = copy.headers().get_all("x-multi").iter().collect();
        assert_eq!(multi, ["one", "two"]);
        assert_eq!(copy.extensions().get::<Marker>(), Some(&Marker("kept")));
        assert_eq!(copy.extensions().get::<Attempt>().map(|a| a.0), Some(2));
        // The original is untouched, and the copy takes the signing headers without regrowing.
        assert_eq!(request.extensions().get::<Attempt>(), None);
        assert!(copy.headers().capacity() >= request.headers().len() + SIGNING_HEADERS);
    }
}

//! One `tracing` span per call, and one event saying how it ended.
//!
//! When something goes wrong in production the first questions are which
//! operation, which attempt, what status, and which request id to quote to
//! AWS support. This layer answers them with a span named `detective`
//! (level INFO) carrying the fields `operation` (from the
//! [`OperationName`] extension, else the path), `method`, `path`, `attempt`,
//! `status`, `request_id` (`x-amzn-RequestId`) and `error`, and then logs
//! one event: DEBUG for a 2xx response, WARN for any other response or an
//! error. When a filter disables the span (say, a WARN-only filter), the
//! event carries those fields itself so a warning still names the operation,
//! status and request id.
//!
//! Placed outside the retry layer, the span covers the whole call and the
//! retry layer records the number of the last attempt into its `attempt`
//! field; placed inside, there is one span per attempt, numbered from the
//! [`Attempt`] extension.
//!
//! It deliberately records neither headers nor bodies: headers carry the
//! `Authorization` signature and session tokens, and Detective bodies carry
//! member e-mail addresses. For error responses only the error code from
//! the `x-amzn-ErrorType` header is recorded, never the message.

mod layer;

pub use self::layer::TraceLayer;

use crate::layer::retry::Attempt;
use crate::Error;
use bytes::Bytes;
use detective_ops::codec::client::{request_id, OperationName};
use detective_ops::codec::ERROR_TYPE_HEADER;
use futures_util::future::{BoxFuture, Either};
use std::borrow::Cow;
use std::task::{Context, Poll};
use tower_service::Service;
use tracing::field::{display, Empty};
use tracing::Instrument;

/// The name of the span every call runs in.
pub const SPAN_NAME: &str = "detective";

/// The future of a [`Trace`] call: the inner future as it is when nobody
/// listens (no box), else the inner future inside its span, boxed.
pub type ResponseFuture<F> = Either<F, BoxFuture<'static, Result<http::Response<Bytes>, Error>>>;

/// A service that runs each call in a `detective` span and logs its outcome.
///
/// Made by [`TraceLayer`].
#[derive(Clone, Debug)]
pub struct Trace<S> {
    inner: S,
}

impl<S> Trace<S> {
    /// Wraps `inner`.
    pub fn new(inner: S) -> Self {
        Trace { inner }
    }

    /// The wrapped service.
    pub fn get_ref(&self) -> &S {
        &self.inner
    }
}

/// The bare error code of an error response's `x-amzn-ErrorType` header.
fn error_type(headers: &http::HeaderMap) -> Option<&str> {
    let raw = headers.get(ERROR_TYPE_HEADER)?.to_str().ok()?;
    let after_hash = raw.rsplit_once('#').map_or(raw, |(_, code)| code);
    let code = after_hash
        .split_once(':')
        .map_or(after_hash, |(code, _)| code)
        .trim();
    (!code.is_empty()).then_some(code)
}

/// A summary of an error that is safe to log: no service messages, no bodies.
fn summarize(error: &Error) -> String {
    match error {
        Error::Service(e) => format!("service error {} (HTTP {})", e.code, e.status),
        Error::Unparseable(e) => format!("unparseable response (HTTP {})", e.status),
        other => other.to_string(),
    }
}

impl<S> Service<http::Request<Bytes>> for Trace<S>
where
    S: Service<http::Request<Bytes>, Response = http::Response<Bytes>, Error = Error>,
    S::Future: Send + 'static,
{
    type Response = http::Response<Bytes>;
    type Error = Error;
    type Future = ResponseFuture<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: http::Request<Bytes>) -> Self::Future {
        let operation: Cow<'static, str> = match request.extensions().get::<OperationName>() {
            Some(OperationName(name)) => Cow::Borrowed(name),
            None => Cow::Owned(request.uri().path().to_owned()),
        };
        let span = tracing::info_span!(
            SPAN_NAME,
            operation = %operation,
            method = %request.method(),
            path = %request.uri().path(),
            attempt = Empty,
            status = Empty,
            request_id = Empty,
            error = Empty,
        );
        if span.is_disabled()
            && !tracing::enabled!(tracing::Level::WARN)
            && !tracing::enabled!(tracing::Level::DEBUG)
        {
            // Nobody listens (no subscriber, or one that filters all of this out): skip the
            // clock read, the span bookkeeping and the outcome's fields, which showed up in
            // profiles of the default client.
            return Either::Left(self.inner.call(request));
        }
        if let Some(Attempt(attempt)) = request.extensions().get::<Attempt>() {
            span.record("attempt", attempt);
        }
        let future = {
            let _entered = span.enter();
            self.inner.call(request)
        };
        let start = tokio::time::Instant::now();
        let outer = span.clone();
        Either::Right(Box::pin(
            async move {
                let result = future.await;
                let elapsed = start.elapsed();
                // The span holds the fields; when a filter disables it, the event carries them.
                let in_span = !span.is_disabled();
                match &result {
                    Ok(response) => {
                        let status = response.status().as_u16();
                        let request_id = request_id(response.headers());
                        let request_id = request_id.as_deref();
                        let code = error_type(response.headers());
                        span.record("status", status);
                        // Recording a `None` leaves a stray separator in some formatters; skip it.
                        if let Some(id) = request_id {
                            span.record("request_id", id);
                        }
                        if let Some(code) = code {
                            span.record("error", code);
                        }
                        let attempt = response.extensions().get::<Attempt>().map(|a| a.0);
                        match (response.status().is_success(), in_span) {
                            (true, true) => {
                                tracing::debug!(?elapsed, "detective call succeeded");
                            }
                            (true, false) => tracing::debug!(
                                operation = %operation,
                                attempt,
                                status,
                                request_id,
                                ?elapsed,
                                "detective call succeeded"
                            ),
                            (false, true) => {
                                tracing::warn!(?elapsed, "detective call failed");
                            }
                            (false, false) => tracing::warn!(
                                operation = %operation,
                                attempt,
                                status,
                                request_id,
                                error = code,
                                ?elapsed,
                                "detective call failed"
                            ),
                        }
                    }
                    Err(error) => {
                        let summary = summarize(error);
                        span.record("error", display(&summary));
                        if in_span {
                            tracing::warn!(?elapsed, "detective call failed");
                        } else {
                            tracing::warn!(
                                operation = %operation,
                                error = %summary,
                                ?elapsed,
                                "detective call failed"
                            );
                        }
                    }
                }
                result
            }
            .instrument(outer),
        ))
    }
}

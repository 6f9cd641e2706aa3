//! The AWS "standard" retry mode.
//!
//! Some failures are worth another try because the next attempt can succeed
//! without anything changing on the caller's side: throttling (429,
//! `ThrottlingException`, `TooManyRequestsException`), server-side trouble
//! (500, 502, 503, 504), a connection that broke or could not be made, an
//! attempt that timed out. Everything else (validation, access denied, not
//! found, conflict: the other 4xx) fails the same way every time, so
//! retrying would only add load and delay; it is never retried.
//!
//! The mode, as the AWS SDKs implement it:
//!
//! - at most [`RetryConfig::max_attempts`] attempts (default 3);
//! - before retry *n* (1 for the first retry) sleep
//!   `jitter * min(initial_backoff * 2^(n-1), max_backoff)` with a jitter
//!   drawn uniformly from `[0, 1)` ("full jitter"), so that clients which
//!   failed together do not retry together;
//! - each retry is paid from a client-wide [`TokenBucket`] (5 tokens, 10
//!   after a timeout, one back per success); an empty bucket means the
//!   service is struggling and the client stops retrying.
//!
//! Error *responses* are parsed here only to classify them: the caller gets
//! the original response, untouched, when it is not retried or when the
//! attempts or tokens run out. Each attempt sends a fresh copy of the
//! request with an [`Attempt`] extension, so a signing layer inside this one
//! signs every attempt anew and inner layers can tell attempts apart. The
//! number of attempts made is recorded, when the call ends, as the `attempt`
//! field of the current `tracing` span (see [`crate::layer::trace`]) and put
//! on the returned response as an [`Attempt`] extension.

mod config;
mod future;
mod layer;
mod token_bucket;

pub use self::config::RetryConfig;
pub use self::future::ResponseFuture;
pub use self::layer::RetryLayer;
pub use self::token_bucket::TokenBucket;

use crate::{Error, TimeoutKind};
use bytes::Bytes;
use detective_ops::codec::client::parse_error_response;
use detective_ops::ResponseError;
use detective_transport::TransportErrorKind;
use std::fmt;
use std::sync::Arc;
use std::task::{Context, Poll};
use tower_service::Service;

/// Draws a jitter factor in `[0, 1)`.
pub(crate) type Jitter = Arc<dyn Fn() -> f64 + Send + Sync>;

/// The number of the attempt a request is (1 for the first), in its extensions.
///
/// The retry layer puts it on every request it sends and on the response it
/// returns, so layers inside it (and tracing) can tell attempts apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Attempt(pub u32);

/// A service that retries failed attempts in the standard retry mode.
///
/// Made by [`RetryLayer`].
#[derive(Clone)]
pub struct Retry<S> {
    inner: S,
    config: RetryConfig,
    jitter: Jitter,
    bucket: TokenBucket,
}

impl<S> Retry<S> {
    /// Wraps `inner` with the settings (and the shared bucket) of `layer`.
    pub fn new(inner: S, layer: &RetryLayer) -> Self {
        Retry {
            inner,
            config: layer.config.clone(),
            jitter: Arc::clone(&layer.jitter),
            bucket: layer.bucket.clone(),
        }
    }

    /// The wrapped service.
    pub fn get_ref(&self) -> &S {
        &self.inner
    }

    /// The bucket retries are paid from.
    pub fn token_bucket(&self) -> &TokenBucket {
        &self.bucket
    }
}

impl<S: fmt::Debug> fmt::Debug for Retry<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Retry")
            .field("inner", &self.inner)
            .field("config", &self.config)
            .field("bucket", &self.bucket)
            .finish_non_exhaustive()
    }
}

/// What an attempt's outcome means for the retry loop.
enum Verdict {
    /// A 2xx response: refills the bucket.
    Success,
    /// A failure retrying cannot fix.
    Final,
    /// A failure worth retrying, at this token cost.
    Retry { cost: usize },
}

/// Classifies one attempt's outcome.
fn classify(outcome: &Result<http::Response<Bytes>, Error>) -> Verdict {
    match outcome {
        Ok(response) if response.status().is_success() => Verdict::Success,
        Ok(response) => {
            // Parse a cheap copy (headers and a refcounted body) so the caller's response stays untouched.
            let mut probe = http::Response::new(response.body().clone());
            *probe.status_mut() = response.status();
            *probe.headers_mut() = response.headers().clone();
            match parse_error_response(probe) {
                ResponseError::Service(e) if e.is_retryable() => Verdict::Retry {
                    cost: TokenBucket::RETRY_COST,
                },
                _ => Verdict::Final,
            }
        }
        Err(error) if error.is_retryable() => {
            let timeout = match error {
                Error::Timeout { .. } => true,
                Error::Transport(e) => e.kind() == TransportErrorKind::ConnectTimeout,
                _ => false,
            };
            Verdict::Retry {
                cost: if timeout {
                    TokenBucket::TIMEOUT_RETRY_COST
                } else {
                    TokenBucket::RETRY_COST
                },
            }
        }
        Err(_) => Verdict::Final,
    }
}

/// Describes an outcome for logs: status or error kind only, never a body.
fn describe(outcome: &Result<http::Response<Bytes>, Error>) -> String {
    match outcome {
        Ok(response) => format!("HTTP {}", response.status().as_u16()),
        Err(Error::Timeout { kind, after }) => match kind {
            TimeoutKind::Attempt => format!("attempt timed out after {after:?}"),
            TimeoutKind::Operation => format!("call timed out after {after:?}"),
        },
        Err(Error::Transport(e)) => format!("transport error: {}", e.kind()),
        Err(_) => "error".to_owned(),
    }
}

impl<S> Service<http::Request<Bytes>> for Retry<S>
where
    S: Service<http::Request<Bytes>, Response = http::Response<Bytes>, Error = Error>
        + Clone
        + Send
        + 'static,
    S::Future: Send,
{
    type Response = http::Response<Bytes>;
    type Error = Error;
    type Future = ResponseFuture<S>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: http::Request<Bytes>) -> Self::Future {
        // Keep the service that was driven to readiness; leave a fresh clone behind.
        let clone = self.inner.clone();
        let inner = std::mem::replace(&mut self.inner, clone);
        ResponseFuture::new(
            inner,
            request,
            self.config.clone(),
            Arc::clone(&self.jitter),
            self.bucket.clone(),
        )
    }
}

//! The middleware of the default client stack, one module per concern.
//!
//! Every piece is an ordinary [`tower`] layer over the HTTP level
//! (`http::Request<Bytes>` in, `http::Response<Bytes>` out, [`crate::Error`]
//! on failure), so each can be used, tested and reordered on its own, and a
//! user can slot their own layers in between. The pieces:
//!
//! - [`signing`]: SigV4-signs each request with freshly provided credentials;
//! - [`timeout`]: a deadline per attempt or over the whole call;
//! - [`retry`]: the AWS "standard" retry mode (classification, exponential
//!   backoff with full jitter, a shared retry token bucket);
//! - [`trace`]: one `tracing` span per call that names the operation and
//!   outcome but never records headers or bodies.
//!
//! # Why this order
//!
//! The intended stack, outermost first, is
//! `Trace → Timeout::operation → Retry → Timeout::attempt → Signing → transport`:
//!
//! - tracing outermost sees the whole call, including the number of attempts
//!   (the retry layer records it into the current span);
//! - the operation timeout bounds everything, backoff sleeps included;
//! - the attempt timeout sits inside the retry so that a slow attempt is
//!   abandoned and retried rather than failing the call;
//! - signing sits inside the retry so that every attempt is signed again with
//!   a fresh `X-Amz-Date` (and fresh credentials): a retry after a long
//!   backoff must not reuse a stale signature.
//!
//! Non-2xx responses travel through the stack as *responses*: the retry layer
//! parses them only to decide whether to retry, and turning them into
//! [`crate::Error::Service`] is left to the typed layer above.

pub mod retry;
pub mod signing;
pub mod timeout;
pub mod trace;

//! [`FnTransport`]: a transport answered by a closure.

use std::fmt;
use std::future::Future;
use std::sync::Arc;
use std::task::{Context, Poll};

use bytes::Bytes;
use futures_util::future::{self, BoxFuture, FutureExt};

use crate::error::TransportError;

type Handler = dyn Fn(http::Request<Bytes>) -> BoxFuture<'static, Result<http::Response<Bytes>, TransportError>>
    + Send
    + Sync;

/// A transport answered by a closure, for tests and for wiring in-process handlers.
///
/// Clones share the same closure, so state captured by it (counters,
/// recorded requests, an in-process emulator) is seen by every clone.
#[derive(Clone)]
pub struct FnTransport {
    handler: Arc<Handler>,
}

impl FnTransport {
    /// Answer every request synchronously.
    pub fn new<F>(f: F) -> Self
    where
        F: Fn(http::Request<Bytes>) -> Result<http::Response<Bytes>, TransportError>
            + Send
            + Sync
            + 'static,
    {
        FnTransport {
            handler: Arc::new(move |req| future::ready(f(req)).boxed()),
        }
    }

    /// Answer every request with an async closure.
    pub fn from_async<F, Fut>(f: F) -> Self
    where
        F: Fn(http::Request<Bytes>) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<http::Response<Bytes>, TransportError>> + Send + 'static,
    {
        FnTransport {
            handler: Arc::new(move |req| f(req).boxed()),
        }
    }
}

impl fmt::Debug for FnTransport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FnTransport").finish_non_exhaustive()
    }
}

impl tower_service::Service<http::Request<Bytes>> for FnTransport {
    type Response = http::Response<Bytes>;
    type Error = TransportError;
    type Future = BoxFuture<'static, Result<http::Response<Bytes>, TransportError>>;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, req: http::Request<Bytes>) -> Self::Future {
        (self.handler)(req)
    }
}

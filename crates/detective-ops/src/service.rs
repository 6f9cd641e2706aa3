//! Each operation as a tower `Service` from its input to its output.

use crate::codec::client::{build_request, parse_response};
use crate::error::{BuildError, ResponseError};
use crate::{Endpoint, Operation};
use bytes::Bytes;
use std::fmt;
use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll};
use tower_service::Service;

/// Why an [`OperationService`] call failed.
#[derive(Debug)]
pub enum OperationError<E> {
    /// The input was invalid or could not be encoded; nothing was sent.
    Build(BuildError),
    /// The transport failed.
    Transport(E),
    /// The service answered with an error, or with something unreadable.
    Response(ResponseError),
}

impl<E: fmt::Display> fmt::Display for OperationError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OperationError::Build(e) => e.fmt(f),
            OperationError::Transport(e) => write!(f, "transport error: {e}"),
            OperationError::Response(e) => e.fmt(f),
        }
    }
}

impl<E: std::error::Error + 'static> std::error::Error for OperationError<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            OperationError::Build(e) => Some(e),
            OperationError::Transport(e) => Some(e),
            OperationError::Response(e) => Some(e),
        }
    }
}

/// Operation `O` over an HTTP service `S`: input in, output out.
///
/// `S` is anything that moves `http::Request<Bytes>` to `http::Response<Bytes>`:
/// a bare transport, or a transport wrapped in signing and retry layers.
pub struct OperationService<O, S> {
    inner: S,
    endpoint: Endpoint,
    _operation: PhantomData<fn() -> O>,
}

impl<O, S: Clone> Clone for OperationService<O, S> {
    fn clone(&self) -> Self {
        OperationService {
            inner: self.inner.clone(),
            endpoint: self.endpoint.clone(),
            _operation: PhantomData,
        }
    }
}

impl<O: Operation, S> OperationService<O, S> {
    /// Operation `O` sent to `endpoint` through `inner`.
    pub fn new(inner: S, endpoint: Endpoint) -> Self {
        OperationService {
            inner,
            endpoint,
            _operation: PhantomData,
        }
    }
}

impl<O, S> Service<O::Input> for OperationService<O, S>
where
    O: Operation,
    S: Service<http::Request<Bytes>, Response = http::Response<Bytes>>,
    S::Future: Send + 'static,
    S::Error: Send + 'static,
{
    type Response = O::Output;
    type Error = OperationError<S::Error>;
    type Future = Pin<Box<dyn Future<Output = Result<O::Output, Self::Error>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx).map_err(OperationError::Transport)
    }

    fn call(&mut self, input: O::Input) -> Self::Future {
        let request = build_request::<O>(&input, &self.endpoint);
        let sent = request.map(|request| self.inner.call(request));
        Box::pin(async move {
            let response = sent
                .map_err(OperationError::Build)?
                .await
                .map_err(OperationError::Transport)?;
            parse_response::<O>(response).map_err(OperationError::Response)
        })
    }
}

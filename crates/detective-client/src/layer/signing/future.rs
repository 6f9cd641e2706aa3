//! [`ResponseFuture`]: a signed call.

use crate::Error;
use bytes::Bytes;
use futures_util::future::BoxFuture;
use pin_project_lite::pin_project;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

pin_project! {
    /// The future of a [`SigningService`](super::SigningService) call.
    ///
    /// With fixed credentials the request is signed when it is sent and this
    /// is the inner call itself, with nothing boxed; with a provider it is a
    /// boxed future that first awaits the credentials.
    pub struct ResponseFuture<F> {
        #[pin]
        state: State<F>,
    }
}

pin_project! {
    #[project = StateProj]
    enum State<F> {
        // Signed and sent: the inner call.
        Sent {
            #[pin]
            future: F,
        },
        // Signing failed; the error is handed out once.
        Failed {
            error: Option<Error>,
        },
        // Waiting for a credentials provider, then signing and sending.
        Fetching {
            future: BoxFuture<'static, Result<http::Response<Bytes>, Error>>,
        },
    }
}

impl<F> ResponseFuture<F> {
    pub(super) fn sent(future: F) -> Self {
        ResponseFuture {
            state: State::Sent { future },
        }
    }

    pub(super) fn failed(error: Error) -> Self {
        ResponseFuture {
            state: State::Failed { error: Some(error) },
        }
    }

    pub(super) fn fetching(
        future: BoxFuture<'static, Result<http::Response<Bytes>, Error>>,
    ) -> Self {
        ResponseFuture {
            state: State::Fetching { future },
        }
    }
}

impl<F> Future for ResponseFuture<F>
where
    F: Future<Output = Result<http::Response<Bytes>, Error>>,
{
    type Output = Result<http::Response<Bytes>, Error>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match self.project().state.project() {
            StateProj::Sent { future } => future.poll(cx),
            StateProj::Failed { error } => Poll::Ready(Err(error.take().unwrap_or_else(|| {
                Error::Signing("the signing future was polled after it completed".to_owned())
            }))),
            StateProj::Fetching { future } => future.as_mut().poll(cx),
        }
    }
}

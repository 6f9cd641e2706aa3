//! The byte movers of detective-rs.
//!
//! A transport takes an `http::Request<Bytes>` and returns the whole
//! `http::Response<Bytes>`, or a [`TransportError`] saying why the bytes did
//! not make it. This crate knows nothing about AWS: signing, retries,
//! endpoints and error parsing live in the crates above it.
//!
//! Transports are plain [`tower_service::Service`]s rather than a bespoke
//! trait so that everything a client needs around them — timeouts, retries,
//! signing, tracing — can be written as ordinary tower layers and stacked in
//! any order, and so that swapping the real network ([`HyperTransport`]) for
//! an in-process handler ([`FnTransport`], e.g. the local emulator or a test
//! double) changes one type and nothing else. Buffered `Bytes` bodies keep
//! the services `Clone`-able and requests replayable for retries; Detective
//! payloads are small JSON documents, so streaming would buy nothing.
//!
//! # Example
//!
//! ```
//! use bytes::Bytes;
//! use detective_transport::{BoxError, FnTransport};
//! use tower_service::Service;
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), BoxError> {
//! // Echo the request body back with a 200.
//! let mut transport = FnTransport::new(|req: http::Request<Bytes>| {
//!     Ok(http::Response::new(req.into_body()))
//! });
//!
//! let request = http::Request::post("http://127.0.0.1:8080/graphs/list")
//!     .body(Bytes::from_static(b"{}"))?;
//! futures_util::future::poll_fn(|cx| transport.poll_ready(cx)).await?;
//! let response = transport.call(request).await?;
//!
//! assert_eq!(response.status(), http::StatusCode::OK);
//! assert_eq!(response.body().as_ref(), b"{}");
//! # Ok(())
//! # }
//! ```

mod error;
mod function;
mod hyper;

pub use crate::error::{BoxError, TransportError, TransportErrorKind};
pub use crate::function::FnTransport;
pub use crate::hyper::{HyperTransport, HyperTransportBuilder};

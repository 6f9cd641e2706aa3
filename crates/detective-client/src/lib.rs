//! An Amazon Detective client over a plain tower stack.
//!
//! [`Client`] has one method per operation, each returning a fluent
//! [`Call`](fluent::Call) that you `.send().await` (or just `.await`). Every
//! call is validated locally first (a bad `GraphArn` never leaves the
//! process), then runs through tracing, an operation deadline, your own
//! layers, standard-mode retries, a per-attempt deadline and SigV4 signing
//! before reaching the transport — hyper over rustls by default, or any
//! `tower::Service<http::Request<Bytes>>` you supply (a mock, a cassette, the
//! in-process emulator). Errors are one type, [`Error`], whose `Display`
//! always says what happened.
//!
//! ```no_run
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! use detective_client::Client;
//!
//! let client = Client::builder()
//!     .region("us-east-1")
//!     .static_credentials("111111111111", "test")
//!     .endpoint_url("http://127.0.0.1:4566")
//!     .build()?;
//! let graph = client.create_graph().tag("team", "security").send().await?;
//! let arn = graph.graph_arn.unwrap_or_default();
//! client
//!     .create_members()
//!     .graph_arn(&arn)
//!     .account("222222222222", "member@example.com")
//!     .send()
//!     .await?;
//! # Ok(()) }
//! ```

mod client;
pub mod config;
pub mod error;
pub mod fluent;
pub mod layer;
pub mod paginator;
pub mod presign;
pub mod reconcile;
pub mod waiter;

pub use aws_credential_types::Credentials;
pub use client::{can_paginate, Client, ClientBuilder, HttpService};
pub use config::{Config, ConfigError, Timeouts};
pub use error::{Error, TimeoutKind};
pub use paginator::{Paginated, Paginator};
pub use presign::PresignedRequest;
pub use reconcile::create_members_reconciled;
pub use waiter::{Waiter, WaiterError, WaiterKind};

pub use detective_ops as ops;
pub use detective_types as types;

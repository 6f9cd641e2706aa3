//! A test kit for code that uses the Amazon Detective client.
//!
//! Code that calls Detective needs tests that do not reach AWS: they must be
//! fast, deterministic, run offline and in CI without credentials, and yet
//! exercise the real client — its request building, signing, retries and
//! error parsing — rather than a hand-written stand-in. The client accepts
//! any transport (a tower `Service` from `http::Request<Bytes>` to
//! `http::Response<Bytes>`), so this crate provides three, each swapped in
//! with `ClientBuilder::transport`:
//!
//! - [`MockTransport`] answers from typed rules: "when `GetMembers` is called
//!   with this graph, answer this output (or this [`ServiceError`]), once, n
//!   times or always". Answers go through the operation's own server codec,
//!   so the client parses them exactly like the service's. Afterwards
//!   [`MockTransport::verify`] (or dropping a strict mock) reports rules that
//!   were not hit and calls no rule answered, showing the request.
//! - [`RecordingTransport`] wraps any transport — the real network, the local
//!   emulator — and writes every interaction to a [`Cassette`], a JSON Lines
//!   file with sorted keys that diffs well in review. Credentials never reach
//!   it: only three headers are kept and the members the model marks
//!   sensitive are redacted on the way in.
//! - [`ReplayTransport`] answers from a cassette, in recorded order or any
//!   order, matching on the operation and the request body (never the
//!   signature or date). A request that matches nothing fails with the
//!   closest recorded request and the differences; leftovers are reported.
//!
//! Unmatched calls fail with a [`TransportError`](detective_transport::TransportError)
//! of kind `Other`, which the client surfaces as `Error::Transport` without
//! retrying; its source is a [`MockError`] or a [`ReplayError`].
//!
//! [`ServiceError`]: detective_ops::ServiceError
//!
//! # Example
//!
//! ```
//! use detective_client::Client;
//! use detective_ops::operations::GetMembers;
//! use detective_ops::ServiceError;
//! use detective_testing::MockTransport;
//! use detective_types::{GetMembersOutput, MemberDetail, ServiceErrorCode};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! const GRAPH: &str = "arn:aws:detective:us-east-1:111122223333:graph:027c7c4610ea4aacaf0b883093cab899";
//!
//! let mock = MockTransport::new();
//! mock.on::<GetMembers>()
//!     .when(|input| input.graph_arn.as_deref() == Some(GRAPH))
//!     .respond(GetMembersOutput {
//!         member_details: Some(vec![MemberDetail {
//!             account_id: Some("444455556666".into()),
//!             ..Default::default()
//!         }]),
//!         ..Default::default()
//!     });
//! mock.on::<GetMembers>()
//!     .fail(ServiceError::new(ServiceErrorCode::ResourceNotFoundException, "no such graph"));
//!
//! let client = Client::builder()
//!     .region("us-east-1")
//!     .static_credentials("AKIDEXAMPLE", "secret")
//!     .transport(mock.clone())
//!     .build()?;
//!
//! let out = client.get_members().graph_arn(GRAPH).account_ids(["444455556666"]).send().await?;
//! assert_eq!(out.member_details.map(|m| m.len()), Some(1));
//!
//! let err = client.get_members().graph_arn(GRAPH).account_ids(["444455556666"]).send().await;
//! assert_eq!(err.err().and_then(|e| e.code().cloned()), Some(ServiceErrorCode::ResourceNotFoundException));
//!
//! mock.verify()?;
//! # Ok(())
//! # }
//! ```

pub mod cassette;
mod diff;
pub mod fault;
pub mod mock;
mod record;
mod replay;
mod request;

pub use cassette::{
    redact, Cassette, CassetteError, Interaction, RecordedRequest, RecordedResponse,
    RECORDED_HEADERS, SENSITIVE_MEMBERS,
};
pub use diff::Difference;
pub use fault::{Fault, FaultKind, FaultLayer, FaultPlan, FaultStats, FaultTransport};
pub use mock::{
    MockError, MockReport, MockTransport, RecordedCall, RuleBuilder, Times, UnhitRule,
    UnmatchedCall,
};
pub use record::{RecordingTransport, SharedBuffer};
pub use replay::{ReplayError, ReplayMode, ReplayReport, ReplayTransport, UnusedInteraction};

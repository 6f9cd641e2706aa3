//! Amazon Detective's operations, each defined once.
//!
//! An operation is a marker type implementing [`Operation`]: its name, HTTP
//! method and path, input and output shapes (from `detective-types`) and the
//! error codes the model lists. Around that sit two sans-I/O codecs —
//! [`codec::client`] (input → request, response → output or error) and
//! [`codec::server`] (its mirror, for the emulator) — and
//! [`OperationService`], which makes any operation a tower `Service` from its
//! input to its output over any HTTP service.
//!
//! ```
//! use detective_ops::{codec::client::build_request, operations::GetMembers, Endpoint};
//! use detective_types::GetMembersInput;
//!
//! let endpoint = Endpoint::regional("us-east-1").unwrap();
//! let input = GetMembersInput {
//!     graph_arn: Some("arn:aws:detective:us-east-1:111122223333:graph:027c7c4610ea4aacaf0b883093cab899".into()),
//!     account_ids: Some(vec!["444455556666".into()]),
//! };
//! let request = build_request::<GetMembers>(&input, &endpoint).unwrap();
//! assert_eq!(request.method(), "POST");
//! assert_eq!(request.uri(), "https://api.detective.us-east-1.amazonaws.com/graph/members/get");
//! assert_eq!(&request.body()[..], br#"{"AccountIds":["444455556666"],"GraphArn":"arn:aws:detective:us-east-1:111122223333:graph:027c7c4610ea4aacaf0b883093cab899"}"#);
//! ```

pub mod binding;
pub mod codec;
mod endpoint;
pub mod error;
mod operation;
pub mod operations;
mod path;
mod service;
pub mod signing;

pub use binding::Binding;
pub use endpoint::{Endpoint, InvalidEndpoint};
pub use error::{BuildError, RequestError, ResponseError, ServiceError, UnparseableResponse};
pub use operation::Operation;
pub use operations::{OperationId, OperationInfo};
pub use service::{OperationError, OperationService};

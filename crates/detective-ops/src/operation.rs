//! The [`Operation`] trait: everything about one API operation, written once.

use crate::Binding;
use detective_types::Validate;
use serde::{de::DeserializeOwned, Serialize};
use std::fmt::Debug;

/// One Detective operation: its name, HTTP binding, shapes and modeled errors.
///
/// Implemented by a zero-sized marker type per operation (see
/// [`crate::operations`]). The client builds requests and parses responses
/// from it, the emulator routes and answers by it, and the conformance test
/// checks it against the API model, so the facts live in exactly one place.
pub trait Operation: Send + Sync + 'static {
    /// The operation's name in the model, e.g. `GetMembers`.
    const NAME: &'static str;
    /// The name as the seed reference and boto3 spell it, e.g. `get_members`.
    const SNAKE_NAME: &'static str;
    /// The HTTP method.
    const METHOD: http::Method;
    /// The request URI template, e.g. `/graph/members/get` or `/tags/{ResourceArn}`.
    const PATH: &'static str;
    /// Input members the model puts in the path or query string instead of the body.
    ///
    /// The codec moves them (see [`crate::binding`]); every `{Label}` of
    /// [`Self::PATH`] has one. Empty for most operations.
    const BINDINGS: &'static [Binding] = &[];
    /// Whether the request has a JSON body: false when the model's input has
    /// no member outside the URI (or no input at all). Such requests are sent
    /// with no body and no `Content-Type`, as the AWS SDKs send them, and the
    /// server ignores whatever body they carry.
    const INPUT_HAS_BODY: bool = true;
    /// The HTTP status of a successful response (204: no body).
    const SUCCESS_STATUS: u16 = 200;
    /// The error codes the model lists for this operation.
    const ERRORS: &'static [&'static str];
    /// Whether the operation pages its results with `NextToken`.
    const PAGINATED: bool = false;

    /// The request shape.
    type Input: Validate + Serialize + DeserializeOwned + Clone + Debug + Send + Sync + 'static;
    /// The response shape.
    type Output: Serialize + DeserializeOwned + Default + Clone + Debug + Send + Sync + 'static;
}

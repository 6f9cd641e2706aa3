//! The one error type every client call returns.
//!
//! It tells apart what went wrong, because what to do differs: fix the input
//! ([`Error::Validation`], nothing was sent), fix the credentials, handle the
//! service's answer ([`Error::Service`], with code, message, request id and
//! status), or treat it as infrastructure trouble (timeouts, transport).
//! `Display` always says which, and the message of the service: never just
//! "service error".

use aws_credential_types::provider::error::CredentialsError;
use bytes::Bytes;
use detective_ops::{BuildError, ResponseError, ServiceError, UnparseableResponse};
use detective_transport::TransportError;
use detective_types::{ServiceErrorCode, ValidationError};
use std::fmt;
use std::time::Duration;

/// Which deadline a call missed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeoutKind {
    /// One attempt (one HTTP exchange) took too long; it may be retried.
    Attempt,
    /// The whole call, retries included, took too long.
    Operation,
}

/// Why a Detective call failed.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The input breaks a model constraint; nothing was sent.
    Validation(ValidationError),
    /// The service answered with an error.
    Service(ServiceError),
    /// No usable credentials.
    Credentials(CredentialsError),
    /// The request could not be signed.
    Signing(String),
    /// A deadline passed.
    Timeout {
        /// Which deadline.
        kind: TimeoutKind,
        /// Its length.
        after: Duration,
    },
    /// The bytes did not get there and back.
    Transport(TransportError),
    /// The response could not be understood; the raw body is kept.
    Unparseable(UnparseableResponse),
    /// A paginator stopped because the service repeated a `NextToken`.
    RepeatedToken {
        /// The operation being paged.
        operation: &'static str,
        /// The repeated token.
        token: String,
    },
    /// The input could not be serialized, or the endpoint and path do not form a URI.
    Request(String),
}

impl Error {
    /// The service error, if the service answered with one.
    pub fn service_error(&self) -> Option<&ServiceError> {
        match self {
            Error::Service(e) => Some(e),
            _ => None,
        }
    }

    /// The service's error code, if the service answered with an error.
    pub fn code(&self) -> Option<&ServiceErrorCode> {
        self.service_error().map(|e| &e.code)
    }

    /// The request id of the response, when there was one.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Service(e) => e.request_id.as_deref(),
            Error::Unparseable(e) => e.request_id.as_deref(),
            _ => None,
        }
    }

    /// The raw body of a response that could not be parsed.
    pub fn raw_body(&self) -> Option<&Bytes> {
        match self {
            Error::Unparseable(e) => Some(&e.body),
            _ => None,
        }
    }

    /// True when the AWS standard retry mode would retry this: throttling,
    /// 5xx, transient I/O, an attempt timeout.
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Service(e) => e.is_retryable(),
            Error::Transport(e) => e.is_retryable(),
            Error::Timeout { kind, .. } => *kind == TimeoutKind::Attempt,
            _ => false,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Validation(e) => write!(f, "invalid input, nothing was sent: {e}"),
            Error::Service(e) => write!(f, "service error: {e}"),
            Error::Credentials(e) => write!(f, "no usable credentials: {e}"),
            Error::Signing(e) => write!(f, "could not sign the request: {e}"),
            Error::Timeout { kind, after } => match kind {
                TimeoutKind::Attempt => write!(f, "an attempt timed out after {after:?}"),
                TimeoutKind::Operation => {
                    write!(f, "the call timed out after {after:?} (retries included)")
                }
            },
            Error::Transport(e) => write!(f, "transport error: {e}"),
            Error::Unparseable(e) => e.fmt(f),
            Error::RepeatedToken { operation, .. } => write!(
                f,
                "{operation} returned a NextToken it had already returned; stopped paging to avoid a loop"
            ),
            Error::Request(e) => write!(f, "could not build the request: {e}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Validation(e) => Some(e),
            Error::Service(e) => Some(e),
            Error::Credentials(e) => Some(e),
            Error::Transport(e) => Some(e),
            Error::Unparseable(e) => Some(e),
            _ => None,
        }
    }
}

impl From<TransportError> for Error {
    fn from(e: TransportError) -> Self {
        Error::Transport(e)
    }
}

impl From<ValidationError> for Error {
    fn from(e: ValidationError) -> Self {
        Error::Validation(e)
    }
}

impl From<ResponseError> for Error {
    fn from(e: ResponseError) -> Self {
        match e {
            ResponseError::Service(e) => Error::Service(e),
            ResponseError::Unparseable(e) => Error::Unparseable(e),
        }
    }
}

impl From<BuildError> for Error {
    fn from(e: BuildError) -> Self {
        match e {
            BuildError::Validation(e) => Error::Validation(e),
            other => Error::Request(other.to_string()),
        }
    }
}

impl From<detective_ops::OperationError<Error>> for Error {
    fn from(e: detective_ops::OperationError<Error>) -> Self {
        match e {
            detective_ops::OperationError::Build(e) => e.into(),
            detective_ops::OperationError::Transport(e) => e,
            detective_ops::OperationError::Response(e) => e.into(),
        }
    }
}

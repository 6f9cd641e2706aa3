//! What can go wrong between a typed input and a typed output, on either side of the wire.

use bytes::Bytes;
use detective_types::{Constraint, ErrorCode, ServiceErrorCode, ValidationError};
use std::fmt;

/// An error the service answered with: code, message, request id, HTTP status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceError {
    /// The error code (`ConflictException`, ...); unknown codes are kept.
    pub code: ServiceErrorCode,
    /// The service's message.
    pub message: Option<String>,
    /// The `x-amzn-RequestId` of the response: quote it to AWS support.
    pub request_id: Option<String>,
    /// The HTTP status.
    pub status: u16,
    /// For `ValidationException`: which kind of validation failed.
    pub error_code: Option<ErrorCode>,
    /// For `ValidationException`/`AccessDeniedException`: the reason text.
    pub error_code_reason: Option<String>,
    /// For `ServiceQuotaExceededException`: the resources over quota.
    pub resources: Option<Vec<String>>,
}

impl ServiceError {
    /// A service error with a code and message; other fields empty, status from the code.
    pub fn new(code: ServiceErrorCode, message: impl Into<String>) -> Self {
        ServiceError {
            status: code.http_status(),
            code,
            message: Some(message.into()),
            request_id: None,
            error_code: None,
            error_code_reason: None,
            resources: None,
        }
    }

    /// True when the AWS standard retry mode retries this error (throttling, 5xx).
    pub fn is_retryable(&self) -> bool {
        self.code.is_retryable() || matches!(self.status, 429 | 500 | 502 | 503 | 504)
    }

    /// True when the error is throttling (these use a different retry cost).
    pub fn is_throttling(&self) -> bool {
        matches!(
            self.code,
            ServiceErrorCode::TooManyRequestsException | ServiceErrorCode::ThrottlingException
        ) || self.status == 429
    }
}

impl fmt::Display for ServiceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.code)?;
        if let Some(message) = &self.message {
            write!(f, ": {message}")?;
        }
        write!(f, " (HTTP {}", self.status)?;
        if let Some(code) = &self.error_code {
            write!(f, ", {code}")?;
        }
        if let Some(id) = &self.request_id {
            write!(f, ", request id {id}")?;
        }
        f.write_str(")")
    }
}

impl std::error::Error for ServiceError {}

/// A response that is neither a valid output nor a recognisable error.
#[derive(Clone, PartialEq, Eq)]
pub struct UnparseableResponse {
    /// The HTTP status.
    pub status: u16,
    /// The request id, if the response had one.
    pub request_id: Option<String>,
    /// Why parsing failed.
    pub reason: String,
    /// The raw body, for debugging.
    pub body: Bytes,
}

impl fmt::Debug for UnparseableResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The body can be large and can hold member data; show its size only.
        f.debug_struct("UnparseableResponse")
            .field("status", &self.status)
            .field("request_id", &self.request_id)
            .field("reason", &self.reason)
            .field("body_len", &self.body.len())
            .finish()
    }
}

impl fmt::Display for UnparseableResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "could not parse the HTTP {} response ({} bytes): {}",
            self.status,
            self.body.len(),
            self.reason
        )?;
        if let Some(id) = &self.request_id {
            write!(f, " (request id {id})")?;
        }
        Ok(())
    }
}

impl std::error::Error for UnparseableResponse {}

/// Why a response did not yield the operation's output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResponseError {
    /// The service answered with an error.
    Service(ServiceError),
    /// The response could not be understood.
    Unparseable(UnparseableResponse),
}

impl fmt::Display for ResponseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ResponseError::Service(e) => e.fmt(f),
            ResponseError::Unparseable(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for ResponseError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ResponseError::Service(e) => Some(e),
            ResponseError::Unparseable(e) => Some(e),
        }
    }
}

/// Why a typed input could not become an HTTP request.
#[derive(Debug)]
pub enum BuildError {
    /// The input breaks a model constraint; nothing was sent.
    Validation(ValidationError),
    /// The input could not be serialized.
    Serialize(serde_json::Error),
    /// The endpoint and path do not form a URI.
    Uri(crate::InvalidEndpoint),
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BuildError::Validation(e) => write!(f, "invalid input: {e}"),
            BuildError::Serialize(e) => write!(f, "could not serialize the input: {e}"),
            BuildError::Uri(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for BuildError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            BuildError::Validation(e) => Some(e),
            BuildError::Serialize(e) => Some(e),
            BuildError::Uri(e) => Some(e),
        }
    }
}

/// Why a request received by a server is invalid: answered with 400 `ValidationException`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestError {
    /// `INVALID_GRAPH_ARN` or `INVALID_REQUEST_BODY`.
    pub error_code: ErrorCode,
    /// What is wrong, naming the member.
    pub message: String,
}

impl RequestError {
    /// An `INVALID_REQUEST_BODY` error.
    pub fn body(message: impl Into<String>) -> Self {
        RequestError {
            error_code: ErrorCode::InvalidRequestBody,
            message: message.into(),
        }
    }
}

impl From<ValidationError> for RequestError {
    fn from(e: ValidationError) -> Self {
        RequestError {
            // The spec: INVALID_GRAPH_ARN whenever a GraphArn breaks its *pattern*;
            // a missing GraphArn is an ordinary INVALID_REQUEST_BODY.
            error_code: if e.is_graph_arn() && matches!(e.constraint(), Constraint::Pattern(_)) {
                ErrorCode::InvalidGraphArn
            } else {
                ErrorCode::InvalidRequestBody
            },
            message: e.to_string(),
        }
    }
}

impl fmt::Display for RequestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.error_code, self.message)
    }
}

impl std::error::Error for RequestError {}

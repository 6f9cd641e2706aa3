//! The errors the state machine answers with.
//!
//! An [`ApiError`] is already the service's wire-level answer (code, message
//! and, for validation failures, the `ErrorCode`), so the HTTP front only has
//! to serialize it; no second mapping exists that could drift from the spec.

use detective_types::{ErrorCode, ServiceErrorCode};
use std::fmt;

/// The service's answer when a call fails: code, message, and for `ValidationException` the `ErrorCode`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// The error code (`x-amzn-ErrorType`).
    pub code: ServiceErrorCode,
    /// A human-readable explanation, sent as the body's `Message`.
    pub message: String,
    /// The body's `ErrorCode`; set only for `ValidationException`.
    pub validation_code: Option<ErrorCode>,
}

impl ApiError {
    fn new(code: ServiceErrorCode, message: impl Into<String>) -> Self {
        ApiError {
            code,
            message: message.into(),
            validation_code: None,
        }
    }

    /// 400 `ValidationException` with its `ErrorCode`.
    pub fn validation(code: ErrorCode, message: impl Into<String>) -> Self {
        ApiError {
            validation_code: Some(code),
            ..Self::new(ServiceErrorCode::ValidationException, message)
        }
    }

    /// 404 `ResourceNotFoundException`: the graph or membership does not exist.
    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(ServiceErrorCode::ResourceNotFoundException, message)
    }

    /// 403 `AccessDeniedException`: the graph exists but the caller may not do this to it.
    pub fn access_denied(message: impl Into<String>) -> Self {
        Self::new(ServiceErrorCode::AccessDeniedException, message)
    }

    /// 409 `ConflictException`: the membership is not in a state that allows this.
    pub fn conflict(message: impl Into<String>) -> Self {
        Self::new(ServiceErrorCode::ConflictException, message)
    }

    /// 402 `ServiceQuotaExceededException`: the request would exceed a quota.
    pub fn quota_exceeded(message: impl Into<String>) -> Self {
        Self::new(ServiceErrorCode::ServiceQuotaExceededException, message)
    }

    /// 500 `InternalServerException`: the emulator itself is misconfigured (e.g. an id source that repeats).
    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(ServiceErrorCode::InternalServerException, message)
    }

    /// 400 `ValidationException` for a missing required member, as the service reports it.
    pub(crate) fn missing(member: &str) -> Self {
        Self::validation(
            ErrorCode::InvalidRequestBody,
            format!("{member} is required but was not provided"),
        )
    }

    /// The HTTP status this error is sent with.
    pub fn http_status(&self) -> u16 {
        self.code.http_status()
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code, self.message)?;
        if let Some(code) = &self.validation_code {
            write!(f, " ({code})")?;
        }
        Ok(())
    }
}

impl std::error::Error for ApiError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constructors_carry_the_right_code_and_status() {
        let cases = [
            (ApiError::not_found("x"), 404),
            (ApiError::access_denied("x"), 403),
            (ApiError::conflict("x"), 409),
            (ApiError::quota_exceeded("x"), 402),
            (ApiError::internal("x"), 500),
            (
                ApiError::validation(ErrorCode::InvalidRequestBody, "x"),
                400,
            ),
        ];
        for (error, status) in cases {
            assert_eq!(error.http_status(), status, "{error}");
            assert_eq!(
                error.validation_code.is_some(),
                error.code == ServiceErrorCode::ValidationException
            );
        }
        assert_eq!(
            ApiError::validation(ErrorCode::InvalidGraphArn, "bad arn").to_string(),
            "ValidationException: bad arn (INVALID_GRAPH_ARN)"
        );
    }
}

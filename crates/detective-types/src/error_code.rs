//! The error codes of the service and the reasons it gives for validation failures.

use crate::enums::string_enum;

string_enum! {
    /// Why a request failed validation (`ErrorCode` in a `ValidationException` body).
    ErrorCode {
        /// The `GraphArn` is malformed.
        InvalidGraphArn => "INVALID_GRAPH_ARN",
        /// Any other validation failure.
        InvalidRequestBody => "INVALID_REQUEST_BODY",
        /// The service failed internally.
        InternalError => "INTERNAL_ERROR",
    }
}

string_enum! {
    /// The code of an error the service returned (`x-amzn-ErrorType`, `__type` or `code`).
    ///
    /// Includes the model's exceptions and the protocol-level codes every AWS
    /// JSON service may send (authentication, throttling, unknown operation).
    ServiceErrorCode {
        /// 400: the request broke a model constraint.
        ValidationException => "ValidationException",
        /// 403: the caller may not do this.
        AccessDeniedException => "AccessDeniedException",
        /// 404: the graph or membership does not exist.
        ResourceNotFoundException => "ResourceNotFoundException",
        /// 409: the resource is not in a state that allows this.
        ConflictException => "ConflictException",
        /// 402: the request would exceed a quota.
        ServiceQuotaExceededException => "ServiceQuotaExceededException",
        /// 429: too many requests.
        TooManyRequestsException => "TooManyRequestsException",
        /// 500: the service failed.
        InternalServerException => "InternalServerException",
        /// 400/429: throttled by the AWS front door.
        ThrottlingException => "ThrottlingException",
        /// 403: no `Authorization` header.
        MissingAuthenticationTokenException => "MissingAuthenticationTokenException",
        /// 403: unknown access key.
        UnrecognizedClientException => "UnrecognizedClientException",
        /// 403: the signature does not match, or the request time is too far off.
        InvalidSignatureException => "InvalidSignatureException",
        /// 404: no operation at this method and path.
        UnknownOperationException => "UnknownOperationException",
    }
}

impl ServiceErrorCode {
    /// The HTTP status the model (or, for protocol errors, the AWS front door) gives this code.
    pub fn http_status(&self) -> u16 {
        match self {
            ServiceErrorCode::ValidationException => 400,
            ServiceErrorCode::AccessDeniedException
            | ServiceErrorCode::MissingAuthenticationTokenException
            | ServiceErrorCode::UnrecognizedClientException
            | ServiceErrorCode::InvalidSignatureException => 403,
            ServiceErrorCode::ResourceNotFoundException
            | ServiceErrorCode::UnknownOperationException => 404,
            ServiceErrorCode::ConflictException => 409,
            ServiceErrorCode::ServiceQuotaExceededException => 402,
            ServiceErrorCode::TooManyRequestsException | ServiceErrorCode::ThrottlingException => {
                429
            }
            ServiceErrorCode::InternalServerException | ServiceErrorCode::Unknown(_) => 500,
        }
    }

    /// True for codes the spec calls retryable (throttling and internal errors).
    pub fn is_retryable(&self) -> bool {
        matches!(
            self,
            ServiceErrorCode::TooManyRequestsException
                | ServiceErrorCode::ThrottlingException
                | ServiceErrorCode::InternalServerException
        )
    }
}

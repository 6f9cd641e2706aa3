//! The server's half, used by the emulator: read an input from a request, write an output or error.

use super::{ERROR_TYPE_HEADER, JSON_CONTENT_TYPE, REQUEST_ID_HEADER};
use crate::error::{RequestError, ServiceError};
use crate::Operation;
use bytes::Bytes;
use detective_types::Validate;

/// Reads and validates operation `O`'s input from a request body.
///
/// An empty body counts as `{}`, unknown members are ignored, and anything
/// that is not a JSON object of the right types, or breaks a model
/// constraint, is a [`RequestError`] naming what is wrong.
pub fn parse_request<O: Operation>(body: &[u8]) -> Result<O::Input, RequestError> {
    let input: O::Input = if body.iter().all(u8::is_ascii_whitespace) {
        serde_json::from_slice(b"{}")
    } else {
        serde_json::from_slice(body)
    }
    .map_err(|e| RequestError::body(describe_json_error(O::NAME, &e)))?;
    input.validate()?;
    Ok(input)
}

fn describe_json_error(operation: &str, e: &serde_json::Error) -> String {
    use serde_json::error::Category;
    match e.classify() {
        Category::Syntax | Category::Eof | Category::Io => {
            format!("the request body is not valid JSON: {e}")
        }
        Category::Data => format!("the request body does not fit {operation}: {e}"),
    }
}

fn base_response(status: u16, request_id: &str, body: Bytes) -> http::Response<Bytes> {
    let mut response = http::Response::new(body);
    *response.status_mut() =
        http::StatusCode::from_u16(status).unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR);
    let headers = response.headers_mut();
    headers.insert(
        http::header::CONTENT_TYPE,
        http::HeaderValue::from_static(JSON_CONTENT_TYPE),
    );
    if let Ok(id) = http::HeaderValue::from_str(request_id) {
        headers.insert(REQUEST_ID_HEADER, id);
    }
    response
}

/// The success response carrying operation `O`'s output.
pub fn output_response<O: Operation>(
    output: &O::Output,
    request_id: &str,
) -> http::Response<Bytes> {
    if O::SUCCESS_STATUS == 204 {
        return base_response(204, request_id, Bytes::new());
    }
    match serde_json::to_vec(output) {
        Ok(body) => base_response(O::SUCCESS_STATUS, request_id, Bytes::from(body)),
        Err(e) => error_response(
            &ServiceError::new(
                detective_types::ServiceErrorCode::InternalServerException,
                format!("could not serialize the {} output: {e}", O::NAME),
            ),
            request_id,
        ),
    }
}

/// The restJson1 error response: status, `x-amzn-ErrorType`, and a JSON body with `Message`.
pub fn error_response(error: &ServiceError, request_id: &str) -> http::Response<Bytes> {
    let mut body = serde_json::Map::new();
    if let Some(message) = &error.message {
        body.insert("Message".into(), message.clone().into());
    }
    if let Some(code) = &error.error_code {
        body.insert("ErrorCode".into(), code.as_str().into());
    }
    if let Some(reason) = &error.error_code_reason {
        body.insert("ErrorCodeReason".into(), reason.clone().into());
    }
    if let Some(resources) = &error.resources {
        body.insert("Resources".into(), resources.clone().into());
    }
    let bytes = serde_json::to_vec(&body).unwrap_or_default();
    let mut response = base_response(error.status, request_id, Bytes::from(bytes));
    if let Ok(code) = http::HeaderValue::from_str(error.code.as_str()) {
        response.headers_mut().insert(ERROR_TYPE_HEADER, code);
    }
    response
}

/// The 400 `ValidationException` for a [`RequestError`].
pub fn request_error_response(error: &RequestError, request_id: &str) -> http::Response<Bytes> {
    let mut service_error = ServiceError::new(
        detective_types::ServiceErrorCode::ValidationException,
        error.message.clone(),
    );
    service_error.error_code = Some(error.error_code.clone());
    error_response(&service_error, request_id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codec::client;
    use crate::error::ResponseError;
    use crate::operations::{CreateMembers, GetMembers};
    use detective_types::{ErrorCode, ServiceErrorCode};

    #[test]
    fn empty_body_is_an_empty_object_and_then_fails_required() {
        let err = parse_request::<GetMembers>(b"").err();
        assert_eq!(
            err.map(|e| e.message),
            Some("GraphArn is required but missing".to_owned())
        );
    }

    #[test]
    fn graph_arn_errors_are_invalid_graph_arn() {
        let err =
            parse_request::<GetMembers>(br#"{"GraphArn":"nope","AccountIds":["111111111111"]}"#)
                .err();
        assert_eq!(err.map(|e| e.error_code), Some(ErrorCode::InvalidGraphArn));
    }

    #[test]
    fn a_missing_graph_arn_is_an_invalid_body_not_an_invalid_arn() {
        let err = parse_request::<GetMembers>(br#"{"AccountIds":["111111111111"]}"#).err();
        assert_eq!(
            err.map(|e| e.error_code),
            Some(ErrorCode::InvalidRequestBody)
        );
    }

    #[test]
    fn wrong_types_and_garbage_are_invalid_request_body() {
        for body in [&b"[1,2]"[..], b"{not json", br#"{"GraphArn": 7}"#] {
            let err = parse_request::<CreateMembers>(body).err();
            assert_eq!(
                err.map(|e| e.error_code),
                Some(ErrorCode::InvalidRequestBody)
            );
        }
    }

    #[test]
    fn error_response_round_trips_through_the_client_parser() {
        let mut error = ServiceError::new(ServiceErrorCode::ValidationException, "bad arn");
        error.error_code = Some(ErrorCode::InvalidGraphArn);
        let response = error_response(&error, "req-9");
        let parsed = client::parse_response::<GetMembers>(response);
        let Err(ResponseError::Service(parsed)) = parsed else {
            panic!("expected a service error");
        };
        error.request_id = Some("req-9".into());
        assert_eq!(parsed, error);
    }
}

//! The client's half: build a request from an input, read an output or error from a response.

use super::{ERROR_TYPE_HEADER, JSON_CONTENT_TYPE, REQUEST_ID_HEADER};
use crate::binding::request_target;
use crate::error::{BuildError, ResponseError, ServiceError, UnparseableResponse};
use crate::{Endpoint, Operation};
use bytes::Bytes;
use detective_types::{ErrorCode, ServiceErrorCode, Validate};
use serde_json::Value;

/// The `User-Agent` every request carries.
pub const USER_AGENT: &str = concat!("detective-rs/", env!("CARGO_PKG_VERSION"));

/// The operation a request belongs to, carried in its extensions so that
/// layers (tracing, retries, recording, mocks) can name it without parsing
/// the path again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OperationName(pub &'static str);

/// Validates `input` and builds the HTTP request for operation `O`.
///
/// Fails with [`BuildError::Validation`] before anything is serialized when
/// the input breaks a model constraint. Members bound to the URI
/// ([`Operation::BINDINGS`]) go into the path and query string,
/// percent-encoded, and not into the body; an operation without body members
/// ([`Operation::INPUT_HAS_BODY`]) sends no body and no `Content-Type`.
pub fn build_request<O: Operation>(
    input: &O::Input,
    endpoint: &Endpoint,
) -> Result<http::Request<Bytes>, BuildError> {
    input.validate().map_err(BuildError::Validation)?;
    let (uri, body) = if O::BINDINGS.is_empty() {
        // Nothing to move: serialize the input itself, keeping its member order byte for byte.
        let body = serde_json::to_vec(input).map_err(BuildError::Serialize)?;
        (endpoint.uri_for_static(O::PATH), body)
    } else {
        let mut members = match serde_json::to_value(input).map_err(BuildError::Serialize)? {
            Value::Object(members) => members,
            other => {
                return Err(BuildError::Serialize(serde::ser::Error::custom(format!(
                    "{} input is not a JSON object but {other}",
                    O::NAME
                ))))
            }
        };
        let target =
            request_target(O::PATH, O::BINDINGS, &mut members).map_err(BuildError::Validation)?;
        let body = serde_json::to_vec(&members).map_err(BuildError::Serialize)?;
        (endpoint.uri_for(&target), body)
    };
    let uri = uri.map_err(BuildError::Uri)?;
    let body = if O::INPUT_HAS_BODY {
        Bytes::from(body)
    } else {
        Bytes::new()
    };
    let mut request = http::Request::new(body);
    *request.method_mut() = O::METHOD;
    *request.uri_mut() = uri;
    request.extensions_mut().insert(OperationName(O::NAME));
    let headers = request.headers_mut();
    if O::INPUT_HAS_BODY {
        headers.insert(
            http::header::CONTENT_TYPE,
            http::HeaderValue::from_static(JSON_CONTENT_TYPE),
        );
    }
    headers.insert(
        http::header::USER_AGENT,
        http::HeaderValue::from_static(USER_AGENT),
    );
    Ok(request)
}

/// The request id of a response, from `x-amzn-RequestId` (or `x-amz-request-id`).
pub fn request_id(headers: &http::HeaderMap) -> Option<String> {
    headers
        .get(REQUEST_ID_HEADER)
        .or_else(|| headers.get("x-amz-request-id"))
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

/// Reads operation `O`'s output, or the typed error, from a response.
pub fn parse_response<O: Operation>(
    response: http::Response<Bytes>,
) -> Result<O::Output, ResponseError> {
    let status = response.status().as_u16();
    if !(200..300).contains(&status) {
        return Err(parse_error_response(response));
    }
    let (parts, body) = response.into_parts();
    // 204 has no content by definition (HTTP): whatever a proxy left there is not the output.
    if status == 204 || body.iter().all(u8::is_ascii_whitespace) {
        return Ok(O::Output::default());
    }
    super::json::from_body(&body).map_err(|e| {
        ResponseError::Unparseable(UnparseableResponse {
            status,
            // Read only on failure: on the success path it would be a wasted allocation per call.
            request_id: request_id(&parts.headers),
            reason: format!("{} output: {e}", O::NAME),
            body,
        })
    })
}

/// Strips a code to its bare name: `aws.protocoltests#FooError:http://...` becomes `FooError`.
fn bare_code(raw: &str) -> &str {
    // As Smithy says: cut at the first ':' first (the suffix is a URL that may hold a '#').
    let before_colon = raw.split_once(':').map_or(raw, |(code, _)| code);
    before_colon
        .rsplit_once('#')
        .map_or(before_colon, |(_, code)| code)
        .trim()
}

/// Builds the [`ResponseError`] for an error response (status outside 2xx).
pub fn parse_error_response(response: http::Response<Bytes>) -> ResponseError {
    let status = response.status().as_u16();
    let request_id = request_id(response.headers());
    let header_code = response
        .headers()
        .get(ERROR_TYPE_HEADER)
        .and_then(|v| v.to_str().ok())
        .map(|h| bare_code(h).to_owned());
    parse_error(status, request_id, header_code, response.into_body())
}

fn parse_error(
    status: u16,
    request_id: Option<String>,
    header_code: Option<String>,
    body: Bytes,
) -> ResponseError {
    // The body may be empty, HTML from a proxy, or JSON; only JSON objects carry fields.
    let json: Option<serde_json::Map<String, Value>> = serde_json::from_slice(&body).ok();
    let field = |names: &[&str]| -> Option<String> {
        let json = json.as_ref()?;
        names
            .iter()
            .find_map(|n| json.get(*n).and_then(Value::as_str))
            .map(str::to_owned)
    };
    let code = header_code
        .filter(|c| !c.is_empty())
        .or_else(|| field(&["__type", "code", "Code"]).map(|c| bare_code(&c).to_owned()))
        .filter(|c| !c.is_empty());
    let Some(code) = code else {
        if status >= 500 || status == 429 {
            // A gateway or proxy answered: still a (retryable) service error, named by status.
            let mut error = ServiceError::new(
                ServiceErrorCode::Unknown(format!("Http{status}")),
                String::from_utf8_lossy(&body)
                    .chars()
                    .take(200)
                    .collect::<String>(),
            );
            error.status = status;
            error.request_id = request_id;
            return ResponseError::Service(error);
        }
        return ResponseError::Unparseable(UnparseableResponse {
            status,
            request_id,
            reason: "error response without an error code".to_owned(),
            body,
        });
    };
    ResponseError::Service(ServiceError {
        code: ServiceErrorCode::from(code),
        message: field(&["Message", "message"]),
        request_id,
        status,
        error_code: field(&["ErrorCode"]).map(ErrorCode::from),
        error_code_reason: field(&["ErrorCodeReason"]),
        resources: json
            .as_ref()
            .and_then(|j| j.get("Resources"))
            .and_then(|r| serde_json::from_value(r.clone()).ok()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::operations::{GetMembers, ListGraphs};

    fn response(status: u16, headers: &[(&str, &str)], body: &str) -> http::Response<Bytes> {
        let mut builder = http::Response::builder().status(status);
        for (k, v) in headers {
            builder = builder.header(*k, *v);
        }
        builder
            .body(Bytes::from(body.to_owned()))
            .unwrap_or_default()
    }

    #[test]
    fn error_code_from_header_with_suffix() {
        let err = parse_response::<GetMembers>(response(
            409,
            &[
                (
                    "x-amzn-ErrorType",
                    "ConflictException:http://internal.amazon.com/",
                ),
                ("x-amzn-RequestId", "req-1"),
            ],
            r#"{"Message":"not invited"}"#,
        ));
        let Err(ResponseError::Service(e)) = err else {
            panic!("expected a service error, got {err:?}");
        };
        assert_eq!(e.code, ServiceErrorCode::ConflictException);
        assert_eq!(e.message.as_deref(), Some("not invited"));
        assert_eq!(e.request_id.as_deref(), Some("req-1"));
        assert_eq!(e.status, 409);
        assert!(!e.is_retryable());
        assert_eq!(
            e.to_string(),
            "ConflictException: not invited (HTTP 409, request id req-1)"
        );
    }

    #[test]
    fn error_code_from_body_type_or_code() {
        let from_type = parse_response::<GetMembers>(response(
            400,
            &[],
            r#"{"__type":"aws#ValidationException","message":"bad","ErrorCode":"INVALID_GRAPH_ARN"}"#,
        ));
        let Err(ResponseError::Service(e)) = from_type else {
            panic!("expected a service error");
        };
        assert_eq!(e.code, ServiceErrorCode::ValidationException);
        assert_eq!(e.error_code, Some(ErrorCode::InvalidGraphArn));
        let from_code = parse_response::<GetMembers>(response(
            404,
            &[],
            r#"{"code":"ResourceNotFoundException"}"#,
        ));
        assert!(matches!(
            from_code,
            Err(ResponseError::Service(ServiceError {
                code: ServiceErrorCode::ResourceNotFoundException,
                ..
            }))
        ));
    }

    #[test]
    fn gateway_errors_without_code_are_retryable_service_errors() {
        let err = parse_response::<GetMembers>(response(503, &[], "<html>busy</html>"));
        let Err(ResponseError::Service(e)) = err else {
            panic!("expected a service error");
        };
        assert!(e.is_retryable());
        assert_eq!(e.status, 503);
    }

    #[test]
    fn unparseable_success_keeps_the_body() {
        let err = parse_response::<ListGraphs>(response(200, &[], r#"{"GraphList": 5}"#));
        let Err(ResponseError::Unparseable(e)) = err else {
            panic!("expected unparseable");
        };
        assert_eq!(&e.body[..], br#"{"GraphList": 5}"#);
    }

    #[test]
    fn empty_success_body_is_the_default_output() {
        let out = parse_response::<crate::operations::AcceptInvitation>(response(200, &[], ""));
        assert!(out.is_ok());
    }

    #[test]
    fn a_204_body_is_ignored() {
        // 204 has no content; a proxy's leftovers must not fail the call.
        let out = parse_response::<crate::operations::TagResource>(response(204, &[], "junk"));
        assert_eq!(out.ok(), Some(Default::default()));
    }
}

//! The server's half, used by the emulator: read an input from a request, write an output or error.

use super::{ERROR_TYPE_HEADER, JSON_CONTENT_TYPE, REQUEST_ID_HEADER};
use crate::binding::merge_request_target;
use crate::error::{RequestError, ServiceError};
use crate::Operation;
use bytes::Bytes;
use detective_types::Validate;
use serde_json::{Map, Value};

/// [`REQUEST_ID_HEADER`] as a ready name: inserting by `&str` copies a
/// non-standard name into a new allocation on every response.
const REQUEST_ID: http::HeaderName = http::HeaderName::from_static(REQUEST_ID_HEADER);
/// [`ERROR_TYPE_HEADER`] as a ready name, for the same reason.
const ERROR_TYPE: http::HeaderName = http::HeaderName::from_static(ERROR_TYPE_HEADER);

/// Reads and validates operation `O`'s input from a request body alone.
///
/// An empty body counts as `{}`, unknown members are ignored, and anything
/// that is not a JSON object of the right types, or breaks a model
/// constraint, is a [`RequestError`] naming what is wrong.
///
/// Members the model binds to the URI ([`Operation::BINDINGS`]) are never
/// read from a body, so for the operations that have some (the tag
/// operations) this reports them missing: use [`parse_http_request`], which
/// reads them from the request URI.
pub fn parse_request<O: Operation>(body: &[u8]) -> Result<O::Input, RequestError> {
    let input = read_input::<O>(None, body)?;
    input.validate()?;
    Ok(input)
}

/// Reads and validates operation `O`'s input from a whole request: the body, and the path and query of `uri`.
///
/// Members bound to a path label are percent-decoded from their segment,
/// members bound to the query string from their parameters (see
/// [`crate::binding`]); the rest come from the body as in
/// [`parse_request`]. The input is validated after all of them are in place,
/// so a missing label or query member is reported like any missing member.
pub fn parse_http_request<O: Operation>(
    uri: &http::Uri,
    body: &[u8],
) -> Result<O::Input, RequestError> {
    let input = read_input::<O>(Some((uri.path(), uri.query())), body)?;
    input.validate()?;
    Ok(input)
}

/// Reads `O`'s input without validating it; `target` is the request's path and query, when known.
fn read_input<O: Operation>(
    target: Option<(&str, Option<&str>)>,
    body: &[u8],
) -> Result<O::Input, RequestError> {
    // Without body members there is nothing to read there: SDKs send none, a stray one is ignored.
    let body: &[u8] = if !O::INPUT_HAS_BODY || body.iter().all(u8::is_ascii_whitespace) {
        b"{}"
    } else {
        body
    };
    let describe = |e: serde_json::Error| RequestError::body(describe_json_error(O::NAME, &e));
    if O::BINDINGS.is_empty() {
        // Straight from the bytes, so that a type error names its line and column in the body.
        return super::json::from_body(body).map_err(describe);
    }
    let mut members: Map<String, Value> = super::json::from_body(body).map_err(describe)?;
    match target {
        Some((path, query)) => {
            merge_request_target(O::PATH, O::BINDINGS, path, query, &mut members)?;
        }
        // No URI: bound members cannot come from anywhere, and never from the body.
        None => {
            for binding in O::BINDINGS {
                members.remove(binding.member());
            }
        }
    }
    serde_json::from_value(Value::Object(members)).map_err(describe)
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
    let has_body = !response.body().is_empty();
    let headers = response.headers_mut();
    // An empty body (204) has no content, so no content type either.
    if has_body {
        headers.insert(
            http::header::CONTENT_TYPE,
            http::HeaderValue::from_static(JSON_CONTENT_TYPE),
        );
    }
    if let Ok(id) = http::HeaderValue::from_str(request_id) {
        headers.insert(REQUEST_ID, id);
    }
    response
}

/// The buffer a paginated output body starts in (bytes): room for a page of
/// members, where serde_json's own 128 bytes would be copied into a bigger
/// buffer six times.
const PAGE_OUTPUT_CAPACITY: usize = 8 * 1024;

/// The buffer any other output body starts in (bytes): a `GetMembers` of one
/// member fits. Under 1 KiB on purpose: glibc's malloc consolidates its free
/// lists before every request from 1 KiB up, which an 8 KiB buffer per
/// response paid each call.
const OUTPUT_CAPACITY: usize = 1000;

/// The success response carrying operation `O`'s output.
pub fn output_response<O: Operation>(
    output: &O::Output,
    request_id: &str,
) -> http::Response<Bytes> {
    if O::SUCCESS_STATUS == 204 {
        return base_response(204, request_id, Bytes::new());
    }
    let mut body = Vec::with_capacity(if O::PAGINATED {
        PAGE_OUTPUT_CAPACITY
    } else {
        OUTPUT_CAPACITY
    });
    match serde_json::to_writer(&mut body, output) {
        Ok(()) => base_response(O::SUCCESS_STATUS, request_id, Bytes::from(body)),
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
        response.headers_mut().insert(ERROR_TYPE, code);
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

    mod uri_bindings {
        use super::*;
        use crate::operations::{
            DisableOrganizationAdminAccount, ListTagsForResource, TagResource, UntagResource,
        };
        use crate::Endpoint;
        use detective_types::{
            DisableOrganizationAdminAccountInput, ListTagsForResourceInput, TagResourceInput, Tags,
            UntagResourceInput,
        };

        const ARN: &str =
            "arn:aws:detective:us-east-1:111122223333:graph:027c7c4610ea4aacaf0b883093cab899";
        const ENCODED_ARN: &str = "arn%3Aaws%3Adetective%3Aus-east-1%3A111122223333%3Agraph%3A027c7c4610ea4aacaf0b883093cab899";

        fn endpoint() -> Endpoint {
            Endpoint::from_url("http://localhost:4566").expect("a valid endpoint")
        }

        fn content_type(request: &http::Request<Bytes>) -> Option<&str> {
            request
                .headers()
                .get(http::header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
        }

        #[test]
        fn tag_resource_puts_the_arn_in_the_path_and_only_tags_in_the_body() {
            let input = TagResourceInput {
                resource_arn: Some(ARN.into()),
                tags: Some(Tags::from([("cost/centre".to_owned(), "a b".to_owned())])),
            };
            let request = client::build_request::<TagResource>(&input, &endpoint())
                .expect("a valid input builds");
            assert_eq!(request.method(), http::Method::POST);
            assert_eq!(request.uri().path(), format!("/tags/{ENCODED_ARN}"));
            assert_eq!(request.uri().query(), None);
            assert_eq!(&request.body()[..], br#"{"Tags":{"cost/centre":"a b"}}"#);
            assert_eq!(content_type(&request), Some(JSON_CONTENT_TYPE));
            let back = parse_http_request::<TagResource>(request.uri(), request.body())
                .expect("the server reads it back");
            assert_eq!(back, input);
        }

        #[test]
        fn untag_resource_is_a_delete_with_repeated_tag_keys_and_no_body() {
            let keys = vec![
                "team/a".to_owned(),
                "c+d".to_owned(),
                "e=f".to_owned(),
                "x:y".to_owned(),
            ];
            let input = UntagResourceInput {
                resource_arn: Some(ARN.into()),
                tag_keys: Some(keys),
            };
            let request = client::build_request::<UntagResource>(&input, &endpoint())
                .expect("a valid input builds");
            assert_eq!(request.method(), http::Method::DELETE);
            assert_eq!(
                request.uri().query(),
                Some("tagKeys=team%2Fa&tagKeys=c%2Bd&tagKeys=e%3Df&tagKeys=x%3Ay")
            );
            assert!(request.body().is_empty());
            assert_eq!(content_type(&request), None);
            let back = parse_http_request::<UntagResource>(request.uri(), request.body())
                .expect("the server reads it back");
            assert_eq!(back, input);
        }

        #[test]
        fn a_tag_key_with_a_space_is_refused_before_any_encoding() {
            let input = UntagResourceInput {
                resource_arn: Some(ARN.into()),
                tag_keys: Some(vec!["has space".into()]),
            };
            let err = client::build_request::<UntagResource>(&input, &endpoint()).err();
            assert!(
                matches!(&err, Some(crate::BuildError::Validation(e)) if e.member() == "TagKeys[0]"),
                "{err:?}"
            );
        }

        #[test]
        fn get_and_body_less_post_requests_carry_no_body_and_no_content_type() {
            let list = ListTagsForResourceInput {
                resource_arn: Some(ARN.into()),
            };
            let request = client::build_request::<ListTagsForResource>(&list, &endpoint())
                .expect("a valid input builds");
            assert_eq!(request.method(), http::Method::GET);
            assert_eq!(request.uri().path(), format!("/tags/{ENCODED_ARN}"));
            assert!(request.body().is_empty());
            assert_eq!(content_type(&request), None);

            let disable = client::build_request::<DisableOrganizationAdminAccount>(
                &DisableOrganizationAdminAccountInput {},
                &endpoint(),
            )
            .expect("the empty input builds");
            assert_eq!(disable.method(), http::Method::POST);
            assert_eq!(disable.uri().path(), "/orgs/disableAdminAccount");
            assert!(disable.body().is_empty());
            assert_eq!(content_type(&disable), None);
        }

        #[test]
        fn the_server_ignores_a_body_on_operations_without_body_members() {
            let uri: http::Uri = format!("/tags/{ENCODED_ARN}").parse().expect("a URI");
            let input = parse_http_request::<ListTagsForResource>(&uri, b"not json at all")
                .expect("the body is not read");
            assert_eq!(input.resource_arn.as_deref(), Some(ARN));
        }

        #[test]
        fn bound_members_never_come_from_the_body() {
            let body = format!(r#"{{"ResourceArn":"{ARN}","Tags":{{"a":"b"}}}}"#);
            let err = parse_request::<TagResource>(body.as_bytes()).err();
            assert_eq!(
                err.map(|e| e.message),
                Some("ResourceArn is required but missing".to_owned())
            );
            let uri: http::Uri = "/tags/arn%3Aaws%3Aiam%3A%3A111122223333%3Arole%2Fx"
                .parse()
                .expect("a URI");
            let err = parse_http_request::<TagResource>(&uri, body.as_bytes()).err();
            // The label wins over the body, and an ARN of another service breaks the pattern.
            assert!(
                err.as_ref()
                    .is_some_and(|e| e.message.starts_with("ResourceArn must match")),
                "{err:?}"
            );
        }

        #[test]
        fn a_missing_tag_keys_parameter_is_a_missing_member() {
            let uri: http::Uri = format!("/tags/{ENCODED_ARN}?other=1")
                .parse()
                .expect("a URI");
            let err = parse_http_request::<UntagResource>(&uri, b"").err();
            assert_eq!(
                err.map(|e| e.message),
                Some("TagKeys is required but missing".to_owned())
            );
        }

        #[test]
        fn a_204_answer_has_no_body_and_no_content_type_and_reads_as_the_empty_output() {
            let response = output_response::<TagResource>(&Default::default(), "req-204");
            assert_eq!(response.status(), 204);
            assert!(response.body().is_empty());
            assert!(!response.headers().contains_key(http::header::CONTENT_TYPE));
            assert_eq!(response.headers()[REQUEST_ID_HEADER], "req-204");
            let output = client::parse_response::<UntagResource>(output_response::<UntagResource>(
                &Default::default(),
                "req",
            ));
            assert_eq!(output.ok(), Some(Default::default()));
        }

        #[test]
        fn a_200_answer_keeps_its_content_type() {
            let response = output_response::<ListTagsForResource>(&Default::default(), "req");
            assert_eq!(response.status(), 200);
            assert_eq!(&response.body()[..], b"{}");
            assert_eq!(
                response.headers()[http::header::CONTENT_TYPE],
                JSON_CONTENT_TYPE
            );
        }
    }
}

//! MockTransport: typed rules, limits, verification, strict mode, through the real client.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use bytes::Bytes;
use common::{client, GRAPH, OTHER_GRAPH};
use detective_client::Error;
use detective_ops::operations::{CreateMembers, DeleteGraph, GetMembers, ListGraphs};
use detective_ops::ServiceError;
use detective_testing::{MockError, MockTransport};
use detective_transport::TransportErrorKind;
use detective_types::{
    CreateMembersOutput, ErrorCode, GetMembersInput, GetMembersOutput, Graph, ListGraphsOutput,
    MemberDetail, ServiceErrorCode,
};
use std::error::Error as _;
use std::panic::{catch_unwind, AssertUnwindSafe};
use tower_service::Service;

fn members(ids: &[&str]) -> GetMembersOutput {
    GetMembersOutput {
        member_details: Some(
            ids.iter()
                .map(|id| MemberDetail {
                    account_id: Some((*id).to_owned()),
                    graph_arn: Some(GRAPH.to_owned()),
                    ..Default::default()
                })
                .collect(),
        ),
        unprocessed_accounts: None,
    }
}

fn mock_error(err: &Error) -> &MockError {
    let Error::Transport(transport) = err else {
        panic!("expected a transport error, got {err:?}");
    };
    assert_eq!(transport.kind(), TransportErrorKind::Other);
    transport
        .source()
        .and_then(|s| s.downcast_ref::<MockError>())
        .expect("the source is a MockError")
}

#[tokio::test]
async fn rule_answers_typed_output_and_verify_passes() {
    let mock = MockTransport::new();
    mock.on::<GetMembers>()
        .when(|input| input.graph_arn.as_deref() == Some(GRAPH))
        .respond(members(&["444455556666"]));
    let client = client(mock.clone());

    let out = client
        .get_members()
        .graph_arn(GRAPH)
        .account_ids(["444455556666"])
        .await
        .unwrap();

    assert_eq!(out, members(&["444455556666"]));
    mock.verify().unwrap();
    let calls = mock.calls();
    assert_eq!(calls.len(), 1);
    assert_eq!(calls[0].operation, Some("GetMembers"));
    assert_eq!(calls[0].path, "/graph/members/get");
    assert_eq!(calls[0].rule, Some(0));
    assert_eq!(
        mock.calls_of::<GetMembers>(),
        [GetMembersInput {
            graph_arn: Some(GRAPH.into()),
            account_ids: Some(vec!["444455556666".into()]),
        }]
    );
}

#[tokio::test]
async fn unhit_rules_are_reported_with_where_they_were_added() {
    let mock = MockTransport::new();
    mock.on::<ListGraphs>().respond(ListGraphsOutput::default());
    mock.on::<DeleteGraph>().named("cleanup").times(2);
    let client = client(mock.clone());
    client.list_graphs().await.unwrap();

    let report = mock.verify().unwrap_err();
    assert_eq!(report.unhit_rules.len(), 1);
    assert!(report.unmatched_calls.is_empty());
    let text = report.to_string();
    assert!(
        text.contains("rule #2 DeleteGraph \"cleanup\" (default output, 2 times, added at"),
        "{text}"
    );
    assert!(text.contains("tests/mock.rs"), "{text}");
    assert!(text.contains("answered 0 call(s)"), "{text}");
}

#[tokio::test]
async fn times_n_is_exhausted_then_calls_are_unmatched() {
    let mock = MockTransport::new();
    let rule = mock
        .on::<ListGraphs>()
        .respond(ListGraphsOutput {
            graph_list: Some(vec![Graph {
                arn: Some(GRAPH.into()),
                created_time: None,
            }]),
            next_token: None,
        })
        .times(2);
    let client = client(mock.clone());

    for _ in 0..2 {
        let out = client.list_graphs().await.unwrap();
        assert_eq!(out.graph_list.map(|g| g.len()), Some(1));
    }
    assert_eq!(rule.hits(), 2);
    let err = client.list_graphs().max_results(5).await.unwrap_err();

    let unmatched = &mock_error(&err).unmatched;
    assert_eq!(unmatched.call.operation, Some("ListGraphs"));
    let message = err.to_string();
    assert!(
        message.contains("no mock rule answers ListGraphs POST /graphs/list {\"MaxResults\":5}"),
        "{message}"
    );
    assert!(
        message.contains("already answered 2 time(s), its limit"),
        "{message}"
    );
    // The client does not retry a mock miss.
    assert_eq!(mock.calls().len(), 3);

    let report = mock.verify().unwrap_err();
    assert!(report.unhit_rules.is_empty());
    assert_eq!(report.unmatched_calls.len(), 1);
    assert!(report
        .to_string()
        .contains("unmatched call: ListGraphs POST /graphs/list {\"MaxResults\":5}"));
}

#[tokio::test]
async fn always_answers_every_call_and_rules_are_tried_in_order() {
    let mock = MockTransport::new();
    mock.on::<GetMembers>()
        .when(|input| input.graph_arn.as_deref() == Some(OTHER_GRAPH))
        .respond(members(&["999999999999"]))
        .always();
    mock.on::<GetMembers>()
        .respond(members(&["111111111111"]))
        .once();
    mock.on::<GetMembers>()
        .respond_with(|input| {
            members(
                &input
                    .account_ids
                    .iter()
                    .flatten()
                    .map(String::as_str)
                    .collect::<Vec<_>>(),
            )
        })
        .always();
    let client = client(mock.clone());
    let get = |graph: &'static str, id: &'static str| {
        let client = client.clone();
        async move {
            client
                .get_members()
                .graph_arn(graph)
                .account_ids([id])
                .await
                .unwrap()
                .member_details
                .unwrap()[0]
                .account_id
                .clone()
                .unwrap()
        }
    };

    assert_eq!(get(GRAPH, "222222222222").await, "111111111111");
    assert_eq!(get(GRAPH, "222222222222").await, "222222222222");
    assert_eq!(get(GRAPH, "333333333333").await, "333333333333");
    for _ in 0..3 {
        assert_eq!(get(OTHER_GRAPH, "222222222222").await, "999999999999");
    }
    let rules: Vec<_> = mock.calls().iter().map(|c| c.rule).collect();
    assert_eq!(
        rules,
        [Some(1), Some(2), Some(2), Some(0), Some(0), Some(0)]
    );
    mock.verify().unwrap();
}

#[tokio::test]
async fn typed_errors_reach_the_client_as_service_errors() {
    let mock = MockTransport::new();
    let mut error = ServiceError::new(ServiceErrorCode::ValidationException, "bad account list");
    error.error_code = Some(ErrorCode::InvalidRequestBody);
    mock.on::<GetMembers>()
        .with_input(GetMembersInput {
            graph_arn: Some(GRAPH.into()),
            account_ids: Some(vec!["444455556666".into()]),
        })
        .fail(error);
    mock.on::<DeleteGraph>().answer_with(|input| {
        Err(ServiceError::new(
            ServiceErrorCode::ResourceNotFoundException,
            format!("no graph {}", input.graph_arn.as_deref().unwrap_or("?")),
        ))
    });
    let client = client(mock.clone());

    let err = client
        .get_members()
        .graph_arn(GRAPH)
        .account_ids(["444455556666"])
        .await
        .unwrap_err();
    let Error::Service(service) = &err else {
        panic!("expected a service error, got {err:?}");
    };
    assert_eq!(service.code, ServiceErrorCode::ValidationException);
    assert_eq!(service.message.as_deref(), Some("bad account list"));
    assert_eq!(service.error_code, Some(ErrorCode::InvalidRequestBody));
    assert_eq!(service.status, 400);
    assert_eq!(service.request_id.as_deref(), Some("mock-request-1"));

    let err = client.delete_graph().graph_arn(GRAPH).await.unwrap_err();
    assert_eq!(
        err.code(),
        Some(&ServiceErrorCode::ResourceNotFoundException)
    );
    assert_eq!(
        err.service_error().and_then(|e| e.message.clone()),
        Some(format!("no graph {GRAPH}"))
    );
    mock.verify().unwrap();
}

#[test]
fn strict_mock_panics_on_drop_when_expectations_are_not_met() {
    let result = catch_unwind(|| {
        let mock = MockTransport::new().strict(true);
        mock.on::<ListGraphs>().named("never called");
        drop(mock);
    });
    let panic = result.expect_err("dropping an unmet strict mock panics");
    let message = panic.downcast_ref::<String>().cloned().unwrap_or_default();
    assert!(message.contains("mock expectations not met"), "{message}");
    assert!(message.contains("\"never called\""), "{message}");
}

#[tokio::test]
async fn strict_mock_is_quiet_when_expectations_are_met() {
    let mock = MockTransport::new().strict(true);
    mock.on::<ListGraphs>();
    let client = client(mock.clone());
    client.list_graphs().await.unwrap();
    drop(client);
    drop(mock);
}

#[test]
fn strict_mock_does_not_panic_again_while_a_test_is_failing() {
    let result = catch_unwind(AssertUnwindSafe(|| {
        let mock = MockTransport::new().strict(true);
        mock.on::<ListGraphs>();
        panic!("the test's own assertion failed");
    }));
    let panic = result.expect_err("the test panicked");
    assert_eq!(
        panic.downcast_ref::<&str>().copied(),
        Some("the test's own assertion failed")
    );
}

#[tokio::test]
async fn reports_redact_sensitive_members_but_calls_keep_them() {
    let mock = MockTransport::new();
    mock.on::<CreateMembers>()
        .when(|input| input.graph_arn.as_deref() == Some(OTHER_GRAPH))
        .respond(CreateMembersOutput::default());
    let client = client(mock.clone());

    let err = client
        .create_members()
        .graph_arn(GRAPH)
        .account("444455556666", "alice@example.com")
        .message("Join our graph, Alice")
        .await
        .unwrap_err();

    let message = err.to_string();
    assert!(message.contains("condition 1 is false"), "{message}");
    let report = mock.verify().unwrap_err().to_string();
    for text in [&message, &report, &format!("{:?}", mock.calls())] {
        assert!(!text.contains("alice@example.com"), "{text}");
        assert!(!text.contains("Join our graph"), "{text}");
        assert!(text.contains(detective_types::REDACTED), "{text}");
    }
    let raw = &mock.calls()[0].input_json;
    assert_eq!(raw["Accounts"][0]["EmailAddress"], "alice@example.com");
    let typed = &mock.calls_of::<CreateMembers>()[0];
    assert_eq!(
        typed.message.as_ref().map(|m| m.expose().as_str()),
        Some("Join our graph, Alice")
    );
}

#[tokio::test]
async fn closure_mock_and_fallback_answer_what_rules_do_not() {
    let mock = MockTransport::from_fn(|request| {
        assert!(request.headers().contains_key("authorization"));
        Ok(http::Response::builder()
            .status(200)
            .body(Bytes::from_static(br#"{"GraphList":[]}"#))
            .unwrap())
    });
    mock.on::<GetMembers>().respond(members(&["444455556666"]));
    let client = client(mock.clone());

    let graphs = client.list_graphs().await.unwrap();
    assert_eq!(graphs.graph_list, Some(vec![]));
    let found = client
        .get_members()
        .graph_arn(GRAPH)
        .account_ids(["444455556666"])
        .await
        .unwrap();
    assert_eq!(found, members(&["444455556666"]));
    assert_eq!(mock.calls().len(), 2);
    assert_eq!(mock.calls()[0].rule, None);
    mock.verify().unwrap();
}

#[tokio::test]
async fn works_without_the_client_routing_by_method_and_path() {
    let mut mock = MockTransport::new();
    mock.on::<ListGraphs>().respond(ListGraphsOutput::default());
    let request = http::Request::post("http://localhost/graphs/list")
        .body(Bytes::new())
        .unwrap();
    let response = mock.call(request).await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["x-amzn-requestid"], "mock-request-1");
    let unknown = http::Request::get("http://localhost/nope")
        .body(Bytes::new())
        .unwrap();
    let err = mock.call(unknown).await.unwrap_err();
    assert!(
        err.to_string().contains("(unknown operation) GET /nope"),
        "{err}"
    );
}

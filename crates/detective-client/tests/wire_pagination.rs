//! Paginators against a wiremock server that answers by the `NextToken` in
//! the request body: every item in order across pages, the page size sent on
//! every request, a repeated token ending the walk with
//! `Error::RepeatedToken`, an error mid-walk ending it, and `can_paginate`.

// Panicking on setup failure is the point of a test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use detective_client::types::ServiceErrorCode;
use detective_client::{can_paginate, Client, Error};
use futures_util::StreamExt;
use serde_json::{json, Value};
use wiremock::matchers::{method, path};
use wiremock::{Match, Mock, MockServer, Request, ResponseTemplate};

const GRAPH_ARN: &str =
    "arn:aws:detective:eu-west-2:111122223333:graph:027c7c4610ea4aacaf0b883093cab899";

/// Matches a request whose JSON body has this `NextToken` (`None`: no `NextToken` member).
struct NextToken(Option<&'static str>);

impl Match for NextToken {
    fn matches(&self, request: &Request) -> bool {
        let Ok(body) = serde_json::from_slice::<Value>(&request.body) else {
            return false;
        };
        match (body.get("NextToken"), self.0) {
            (None, None) => true,
            (Some(Value::String(sent)), Some(expected)) => sent == expected,
            _ => false,
        }
    }
}

// This binary uses only `client_for`.
#[allow(dead_code)]
#[path = "common/wire.rs"]
mod wire;
use wire::client_for;

/// Mounts one page: the request with `token` is answered with `body`, once.
async fn page(server: &MockServer, route: &str, token: Option<&'static str>, body: Value) {
    Mock::given(method("POST"))
        .and(path(route))
        .and(NextToken(token))
        .respond_with(ResponseTemplate::new(200).set_body_string(body.to_string()))
        .expect(1)
        .mount(server)
        .await;
}

fn member(account: &str) -> Value {
    json!({"AccountId": account, "GraphArn": GRAPH_ARN, "Status": "ENABLED"})
}

fn graph(n: u32) -> Value {
    json!({"Arn": format!("arn:aws:detective:eu-west-2:111122223333:graph:{n:032x}")})
}

async fn bodies(server: &MockServer) -> Vec<Value> {
    server
        .received_requests()
        .await
        .expect("recording on")
        .iter()
        .map(|r| serde_json::from_slice(&r.body).expect("JSON body"))
        .collect()
}

#[tokio::test]
async fn list_members_items_come_in_order_across_pages() {
    let server = MockServer::start().await;
    let route = "/graph/members/list";
    page(
        &server,
        route,
        None,
        json!({"MemberDetails": [member("000000000001"), member("000000000002")], "NextToken": "t1"}),
    )
    .await;
    page(
        &server,
        route,
        Some("t1"),
        json!({"MemberDetails": [member("000000000003"), member("000000000004")], "NextToken": "t2"}),
    )
    .await;
    page(
        &server,
        route,
        Some("t2"),
        json!({"MemberDetails": [member("000000000005")]}),
    )
    .await;

    let client = client_for(&server);
    let items: Vec<_> = client
        .list_members()
        .graph_arn(GRAPH_ARN)
        .into_paginator()
        .page_size(2)
        .items()
        .collect()
        .await;
    let accounts: Vec<String> = items
        .into_iter()
        .map(|item| {
            item.expect("every page succeeds")
                .account_id
                .unwrap_or_default()
        })
        .collect();
    assert_eq!(
        accounts,
        [
            "000000000001",
            "000000000002",
            "000000000003",
            "000000000004",
            "000000000005"
        ]
    );
    assert_eq!(
        bodies(&server).await,
        [
            json!({"GraphArn": GRAPH_ARN, "MaxResults": 2}),
            json!({"GraphArn": GRAPH_ARN, "MaxResults": 2, "NextToken": "t1"}),
            json!({"GraphArn": GRAPH_ARN, "MaxResults": 2, "NextToken": "t2"}),
        ]
    );
}

#[tokio::test]
async fn list_graphs_pages_come_in_order_and_end_without_a_token() {
    let server = MockServer::start().await;
    let route = "/graphs/list";
    page(
        &server,
        route,
        None,
        json!({"GraphList": [graph(1), graph(2), graph(3)], "NextToken": "a"}),
    )
    .await;
    page(
        &server,
        route,
        Some("a"),
        json!({"GraphList": [], "NextToken": "b"}),
    )
    .await;
    page(&server, route, Some("b"), json!({"GraphList": [graph(4)]})).await;

    let client = client_for(&server);
    let pages: Vec<_> = client
        .list_graphs()
        .into_paginator()
        .page_size(3)
        .pages()
        .collect()
        .await;
    assert_eq!(pages.len(), 3);
    let pages: Vec<_> = pages
        .into_iter()
        .map(|p| p.expect("every page succeeds"))
        .collect();
    assert_eq!(pages[0].next_token.as_deref(), Some("a"));
    assert_eq!(pages[1].next_token.as_deref(), Some("b"));
    assert_eq!(pages[2].next_token, None);
    let arns: Vec<String> = pages
        .into_iter()
        .flat_map(|p| p.graph_list.unwrap_or_default())
        .map(|g| g.arn.unwrap_or_default())
        .collect();
    let expected: Vec<String> = [1u32, 2, 3, 4]
        .iter()
        .map(|n| format!("arn:aws:detective:eu-west-2:111122223333:graph:{n:032x}"))
        .collect();
    assert_eq!(arns, expected);
}

#[tokio::test]
async fn list_invitations_items_come_in_order_across_pages() {
    let server = MockServer::start().await;
    let route = "/invitations/list";
    page(
        &server,
        route,
        None,
        json!({"Invitations": [member("000000000011")], "NextToken": "p2"}),
    )
    .await;
    page(
        &server,
        route,
        Some("p2"),
        json!({"Invitations": [member("000000000012"), member("000000000013")]}),
    )
    .await;

    let client = client_for(&server);
    let accounts: Vec<String> = client
        .list_invitations()
        .into_paginator()
        .items()
        .map(|item| {
            item.expect("every page succeeds")
                .account_id
                .unwrap_or_default()
        })
        .collect()
        .await;
    assert_eq!(accounts, ["000000000011", "000000000012", "000000000013"]);
    // No page size set: MaxResults is omitted.
    assert_eq!(
        bodies(&server).await,
        [json!({}), json!({"NextToken": "p2"})]
    );
}

#[tokio::test]
async fn a_repeated_token_ends_the_walk_with_repeated_token() {
    let server = MockServer::start().await;
    let route = "/graphs/list";
    page(
        &server,
        route,
        None,
        json!({"GraphList": [graph(1)], "NextToken": "t1"}),
    )
    .await;
    page(
        &server,
        route,
        Some("t1"),
        json!({"GraphList": [graph(2)], "NextToken": "t2"}),
    )
    .await;
    // The service goes back to a token the walk has already followed.
    page(
        &server,
        route,
        Some("t2"),
        json!({"GraphList": [graph(3)], "NextToken": "t1"}),
    )
    .await;

    let client = client_for(&server);
    let mut stream = client.list_graphs().into_paginator().pages();
    let first = stream.next().await.expect("a first page").expect("ok");
    assert_eq!(first.next_token.as_deref(), Some("t1"));
    let second = stream.next().await.expect("a second page").expect("ok");
    assert_eq!(second.next_token.as_deref(), Some("t2"));
    // The page that repeats a token is still delivered (as botocore does), then the error.
    let third = stream.next().await.expect("a third page").expect("ok");
    assert_eq!(third.graph_list.map(|g| g.len()), Some(1));
    let fourth = stream.next().await.expect("a fourth element");
    match fourth {
        Err(Error::RepeatedToken { operation, token }) => {
            assert_eq!(operation, "ListGraphs");
            assert_eq!(token, "t1");
        }
        other => panic!("expected Error::RepeatedToken, got {other:?}"),
    }
    assert!(
        stream.next().await.is_none(),
        "the walk ends after the error"
    );
    assert_eq!(
        bodies(&server).await.len(),
        3,
        "no request after the loop is seen"
    );
}

#[tokio::test]
async fn a_page_that_repeats_its_own_token_ends_the_item_stream_with_an_error() {
    let server = MockServer::start().await;
    let route = "/graph/members/list";
    page(
        &server,
        route,
        None,
        json!({"MemberDetails": [member("000000000001")], "NextToken": "same"}),
    )
    .await;
    page(
        &server,
        route,
        Some("same"),
        json!({"MemberDetails": [member("000000000002")], "NextToken": "same"}),
    )
    .await;

    let client = client_for(&server);
    let items: Vec<_> = client
        .list_members()
        .graph_arn(GRAPH_ARN)
        .into_paginator()
        .items()
        .collect()
        .await;
    let last = items.last().expect("some items");
    assert!(
        matches!(last, Err(Error::RepeatedToken { operation: "ListMembers", token }) if token == "same"),
        "{last:?}"
    );
    assert_eq!(
        items[0].as_ref().ok().and_then(|m| m.account_id.as_deref()),
        Some("000000000001")
    );
    assert_eq!(
        items[1].as_ref().ok().and_then(|m| m.account_id.as_deref()),
        Some("000000000002"),
        "the repeating page's items are delivered before the error"
    );
    assert_eq!(
        items.iter().filter(|i| i.is_err()).count(),
        1,
        "exactly one error, at the end"
    );
    assert_eq!(bodies(&server).await.len(), 2);
}

#[tokio::test]
async fn an_error_mid_walk_ends_the_stream_with_that_error() {
    let server = MockServer::start().await;
    let route = "/graph/members/list";
    page(
        &server,
        route,
        None,
        json!({"MemberDetails": [member("000000000001")], "NextToken": "t1"}),
    )
    .await;
    Mock::given(method("POST"))
        .and(path(route))
        .and(NextToken(Some("t1")))
        .respond_with(
            ResponseTemplate::new(404)
                .insert_header("x-amzn-ErrorType", "ResourceNotFoundException")
                .insert_header("x-amzn-RequestId", "req-gone")
                .set_body_string(r#"{"Message":"The graph was deleted"}"#),
        )
        .expect(1)
        .mount(&server)
        .await;

    let client = client_for(&server);
    let items: Vec<_> = client
        .list_members()
        .graph_arn(GRAPH_ARN)
        .into_paginator()
        .items()
        .collect()
        .await;
    assert_eq!(items.len(), 2);
    assert!(items[0].is_ok());
    let error = items[1].as_ref().expect_err("second page failed");
    assert_eq!(
        error.code(),
        Some(&ServiceErrorCode::ResourceNotFoundException)
    );
    assert_eq!(error.request_id(), Some("req-gone"));
}

#[tokio::test]
async fn an_invalid_page_size_fails_the_walk_before_sending() {
    let server = MockServer::start().await;
    let client = client_for(&server);
    let pages: Vec<_> = client
        .list_graphs()
        .into_paginator()
        .page_size(201)
        .pages()
        .collect()
        .await;
    assert_eq!(pages.len(), 1);
    match &pages[0] {
        Err(Error::Validation(e)) => assert_eq!(e.member(), "MaxResults"),
        other => panic!("expected Error::Validation, got {other:?}"),
    }
    assert!(server
        .received_requests()
        .await
        .expect("recording on")
        .is_empty());
}

#[tokio::test]
async fn can_paginate_is_true_exactly_for_the_three_list_operations() {
    let paginated = ["list_graphs", "list_invitations", "list_members"];
    let not_paginated = [
        "accept_invitation",
        "create_graph",
        "create_members",
        "delete_graph",
        "delete_members",
        "disassociate_membership",
        "get_members",
        "reject_invitation",
    ];
    let client = Client::builder()
        .region("eu-west-2")
        .static_credentials("AKID", "SECRETKEY")
        .endpoint_url("http://127.0.0.1:9")
        .build()
        .expect("client builds");
    for name in paginated {
        assert!(can_paginate(name), "{name}");
        assert!(client.can_paginate(name), "{name}");
    }
    for name in not_paginated {
        assert!(!can_paginate(name), "{name}");
        assert!(!client.can_paginate(name), "{name}");
    }
    for name in [
        "",
        "ListGraphs",
        "list_tags_for_resource",
        "no_such_operation",
        "list_graphs ",
    ] {
        assert!(!can_paginate(name), "{name:?}");
    }
}

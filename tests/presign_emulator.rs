//! Presigned requests over a socket: the client presigns, a plain HTTP client
//! (hyper through `detective_transport::HyperTransport`, no signing layer)
//! sends, `detective_local::Server` verifies the query-string signature.
//!
//! The emulator runs on a `ManualClock` started at the wall-clock time, so a
//! test moves it past a request's expiry instead of waiting.

// Panicking on setup failure is the point of a test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use bytes::Bytes;
use detective_client::ops::operations::{CreateGraph, ListGraphs};
use detective_client::types::{
    CreateGraphInput, CreateGraphOutput, ListGraphsInput, ListGraphsOutput, Timestamp,
};
use detective_client::{Client, PresignedRequest};
use detective_local::state::{ManualClock, RandomIds};
use detective_local::{Emulator, EmulatorConfig, Server, ServerHandle};
use detective_transport::HyperTransport;
use std::future::poll_fn;
use std::net::SocketAddr;
use std::process::Command;
use std::sync::Arc;
use std::time::Duration;
use tower_service::Service;

struct Setup {
    addr: SocketAddr,
    clock: Arc<ManualClock>,
    client: Client,
    http: HyperTransport,
    _server: ServerHandle,
}

fn setup() -> Setup {
    let clock = Arc::new(ManualClock::new(Timestamp::now()));
    let emulator = Emulator::with_clock_and_ids(
        EmulatorConfig::default(),
        Arc::clone(&clock) as Arc<dyn detective_local::state::Clock>,
        Arc::new(RandomIds),
    );
    let (addr, server) = Server::spawn(emulator, "127.0.0.1:0".parse().unwrap()).unwrap();
    let client = Client::builder()
        .region("us-east-1")
        .static_credentials("111111111111", "test")
        .endpoint_url(format!("http://{addr}"))
        .max_attempts(1)
        .build()
        .unwrap();
    Setup {
        addr,
        clock,
        client,
        http: HyperTransport::new().unwrap(),
        _server: server,
    }
}

impl Setup {
    /// Sends a request as it is, with no signing.
    async fn send(&self, request: http::Request<Bytes>) -> http::Response<Bytes> {
        let mut http = self.http.clone();
        poll_fn(|cx| http.poll_ready(cx)).await.unwrap();
        http.call(request).await.unwrap()
    }

    async fn send_presigned(&self, presigned: &PresignedRequest) -> http::Response<Bytes> {
        self.send(presigned.clone().into_http_request().unwrap())
            .await
    }
}

/// The `x-amzn-ErrorType` and message of an error response.
fn error_of(response: &http::Response<Bytes>) -> (String, String) {
    let code = response
        .headers()
        .get("x-amzn-errortype")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let body: serde_json::Value = serde_json::from_slice(response.body()).unwrap();
    let message = body["Message"].as_str().unwrap_or_default().to_owned();
    (code, message)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn presigned_requests_work_over_plain_http_until_they_expire() {
    let s = setup();
    let create = s
        .client
        .presign::<CreateGraph>(CreateGraphInput::default(), Duration::from_secs(60))
        .await
        .unwrap();
    let created = s.send_presigned(&create).await;
    assert_eq!(created.status(), 200, "{:?}", created.body());
    let arn = serde_json::from_slice::<CreateGraphOutput>(created.body())
        .unwrap()
        .graph_arn
        .unwrap();
    assert!(arn.starts_with("arn:aws:detective:us-east-1:111111111111:graph:"));

    let list = s
        .client
        .presign::<ListGraphs>(ListGraphsInput::default(), Duration::from_secs(60))
        .await
        .unwrap();
    for _ in 0..2 {
        // Until it expires, a presigned request can be sent again.
        let listed = s.send_presigned(&list).await;
        assert_eq!(listed.status(), 200, "{:?}", listed.body());
        let graphs = serde_json::from_slice::<ListGraphsOutput>(listed.body()).unwrap();
        let arns: Vec<String> = graphs
            .graph_list
            .unwrap_or_default()
            .into_iter()
            .filter_map(|g| g.arn)
            .collect();
        assert_eq!(arns, std::slice::from_ref(&arn));
    }

    // Exactly at X-Amz-Date + 60 s it is still valid; a second later it is not.
    s.clock.advance(Duration::from_secs(59));
    assert_eq!(s.send_presigned(&list).await.status(), 200);
    s.clock.advance(Duration::from_secs(3));
    for request in [&list, &create] {
        let expired = s.send_presigned(request).await;
        assert_eq!(expired.status(), 403);
        let (code, message) = error_of(&expired);
        assert_eq!(code, "InvalidSignatureException");
        assert!(message.starts_with("Signature expired"), "{message}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tampered_presigned_requests_are_refused() {
    let s = setup();
    let list = s
        .client
        .presign::<ListGraphs>(
            ListGraphsInput {
                max_results: Some(10),
                next_token: None,
            },
            Duration::from_secs(300),
        )
        .await
        .unwrap();
    assert_eq!(s.send_presigned(&list).await.status(), 200);

    let mut longer = list.clone();
    longer.url = longer.url.replace("X-Amz-Expires=300", "X-Amz-Expires=600");
    let mut added_param = list.clone();
    added_param.url.push_str("&MaxResults=1");
    let mut other_body = list.clone();
    other_body.body = Bytes::from_static(br#"{"MaxResults":1}"#);
    let mut other_path = list.clone();
    other_path.url = other_path.url.replace("/graphs/list", "/invitations/list");
    let mut other_content_type = list.clone();
    other_content_type.headers = vec![(
        "content-type".to_owned(),
        "application/x-amz-json-1.1".to_owned(),
    )];
    let signature_at = list.url.find("X-Amz-Signature=").unwrap() + "X-Amz-Signature=".len();
    let mut flipped = list.clone();
    let digit = if &list.url[signature_at..=signature_at] == "0" {
        "1"
    } else {
        "0"
    };
    flipped
        .url
        .replace_range(signature_at..=signature_at, digit);
    for (what, tampered) in [
        ("a longer X-Amz-Expires", longer),
        ("an added query parameter", added_param),
        ("another body", other_body),
        ("another path", other_path),
        ("another content-type", other_content_type),
        ("another signature", flipped),
    ] {
        let refused = s.send_presigned(&tampered).await;
        assert_eq!(refused.status(), 403, "{what}");
        let (code, message) = error_of(&refused);
        assert_eq!(code, "InvalidSignatureException", "{what}");
        assert!(
            message.starts_with("The request signature we calculated does not match"),
            "{what}: {message}"
        );
    }

    // Both forms at once are refused too.
    let mut both = list.clone().into_http_request().unwrap();
    both.headers_mut().insert(
        "authorization",
        http::HeaderValue::from_static(
            "AWS4-HMAC-SHA256 Credential=111111111111/20261126/us-east-1/detective/aws4_request, \
             SignedHeaders=host;x-amz-date, Signature=0000000000000000000000000000000000000000000000000000000000000000",
        ),
    );
    let refused = s.send(both).await;
    assert_eq!(refused.status(), 403);
    let (code, message) = error_of(&refused);
    assert_eq!(code, "InvalidSignatureException");
    assert!(message.starts_with("Only one auth mechanism"), "{message}");

    // Header signing is unchanged: the client's own calls still go through.
    let graphs = s.client.list_graphs().send().await.unwrap();
    assert!(graphs.graph_list.unwrap_or_default().is_empty());
}

const BOTOCORE_SCRIPT: &str = r#"
import json, sys
import botocore.session

endpoint = sys.argv[1]
session = botocore.session.get_session()

def client(token=None):
    return session.create_client(
        "detective", region_name="us-east-1", endpoint_url=endpoint,
        aws_access_key_id="111111111111", aws_secret_access_key="test",
        aws_session_token=token,
    )

print(json.dumps({
    "create": client().generate_presigned_url("create_graph", Params={}, ExpiresIn=120),
    "list": client().generate_presigned_url("list_graphs", Params={}, ExpiresIn=120),
    "list_with_token": client("a-session-token").generate_presigned_url(
        "list_graphs", Params={}, ExpiresIn=120),
}))
"#;

fn python_has_botocore() -> bool {
    Command::new("python3")
        .args(["-c", "import botocore"])
        .output()
        .is_ok_and(|o| o.status.success())
}

/// botocore's request for a presigned URL: the operation's method, botocore's
/// `content-type` (signed), and an empty body (botocore moved the `{}` body
/// into the query string, where it leaves nothing for an input-less operation).
fn botocore_request(url: &str) -> http::Request<Bytes> {
    http::Request::post(url)
        .header("content-type", "application/json")
        .body(Bytes::new())
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn botocore_presigned_urls_are_accepted() {
    if !python_has_botocore() {
        eprintln!("skipped: python3 with botocore is not available");
        return;
    }
    let s = setup();
    let endpoint = format!("http://{}", s.addr);
    let run = tokio::task::spawn_blocking(move || {
        Command::new("python3")
            .args(["-c", BOTOCORE_SCRIPT, &endpoint])
            .env("AWS_CONFIG_FILE", "/dev/null")
            .env("AWS_SHARED_CREDENTIALS_FILE", "/dev/null")
            .output()
    });
    let output = tokio::time::timeout(Duration::from_secs(60), run)
        .await
        .unwrap()
        .unwrap()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let urls: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let url = |name: &str| urls[name].as_str().unwrap().to_owned();
    assert!(url("list").contains("X-Amz-Signature="), "{}", url("list"));
    assert!(url("list_with_token").contains("X-Amz-Security-Token=a-session-token"));

    let created = s.send(botocore_request(&url("create"))).await;
    assert_eq!(created.status(), 200, "{:?}", created.body());
    let arn = serde_json::from_slice::<CreateGraphOutput>(created.body())
        .unwrap()
        .graph_arn
        .unwrap();
    for name in ["list", "list_with_token"] {
        let listed = s.send(botocore_request(&url(name))).await;
        assert_eq!(listed.status(), 200, "{name}: {:?}", listed.body());
        let graphs = serde_json::from_slice::<ListGraphsOutput>(listed.body()).unwrap();
        let arns: Vec<String> = graphs
            .graph_list
            .unwrap_or_default()
            .into_iter()
            .filter_map(|g| g.arn)
            .collect();
        assert_eq!(arns, std::slice::from_ref(&arn), "{name}");
    }

    let tampered = url("list").replace("X-Amz-Expires=120", "X-Amz-Expires=1200");
    let refused = s.send(botocore_request(&tampered)).await;
    assert_eq!(refused.status(), 403);
    assert_eq!(error_of(&refused).0, "InvalidSignatureException");

    s.clock.advance(Duration::from_secs(180));
    let expired = s.send(botocore_request(&url("list"))).await;
    assert_eq!(expired.status(), 403);
    let (code, message) = error_of(&expired);
    assert_eq!(code, "InvalidSignatureException");
    assert!(message.starts_with("Signature expired"), "{message}");
}

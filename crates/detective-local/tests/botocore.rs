//! botocore (boto3, the AWS CLI) drives the server unchanged; skipped when Python has no botocore.

// Panicking on setup failure is the point of a test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use detective_local::server::Server;
use detective_local::{Emulator, EmulatorConfig};
use std::process::Command;
use std::time::Duration;

const SCRIPT: &str = r#"
import json, sys
import botocore.session
from botocore.config import Config
from botocore.exceptions import ClientError

endpoint = sys.argv[1]
session = botocore.session.get_session()

def client(key, secret, token=None, region="us-east-1"):
    return session.create_client(
        "detective", region_name=region, endpoint_url=endpoint,
        aws_access_key_id=key, aws_secret_access_key=secret, aws_session_token=token,
        config=Config(retries={"max_attempts": 1}),
    )

def code(call):
    try:
        call()
        return "ok"
    except ClientError as e:
        return e.response["Error"]["Code"]

out = {}
admin = client("111111111111", "test")
arn = admin.create_graph(Tags={"team": "blue"})["GraphArn"]
out["arn"] = arn
out["graphs"] = [g["Arn"] for g in admin.list_graphs()["GraphList"]]
created = admin.create_members(GraphArn=arn, Message="hello", Accounts=[
    {"AccountId": "222222222222", "EmailAddress": "member@example.com"}])
out["status"] = created["Members"][0]["Status"]
member = client("222222222222", "test", token="a-session-token")
out["invitations"] = len(member.list_invitations()["Invitations"])
member.accept_invitation(GraphArn=arn)
out["after_accept"] = admin.get_members(GraphArn=arn, AccountIds=["222222222222"])["MemberDetails"][0]["Status"]
out["wrong_secret"] = code(lambda: client("111111111111", "nope").list_graphs())
out["unknown_key"] = code(lambda: client("AKIANOBODY", "test").list_graphs())
out["validation"] = code(lambda: admin.list_members(GraphArn=arn, NextToken="forged"))
out["west"] = client("111111111111", "test", region="eu-west-1").list_graphs()["GraphList"]
print(json.dumps(out))
"#;

fn python_has_botocore() -> bool {
    Command::new("python3")
        .args(["-c", "import botocore"])
        .output()
        .is_ok_and(|o| o.status.success())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn botocore_signed_requests_are_accepted() {
    if !python_has_botocore() {
        eprintln!("skipped: python3 with botocore is not available");
        return;
    }
    let emulator = Emulator::new(EmulatorConfig::default());
    let (addr, server) = Server::spawn(emulator, "127.0.0.1:0".parse().unwrap()).unwrap();
    let endpoint = format!("http://{addr}");
    let run = tokio::task::spawn_blocking(move || {
        Command::new("python3")
            .args(["-c", SCRIPT, &endpoint])
            .env("AWS_CONFIG_FILE", "/dev/null")
            .env("AWS_SHARED_CREDENTIALS_FILE", "/dev/null")
            .output()
    });
    let output = tokio::time::timeout(Duration::from_secs(60), run)
        .await
        .unwrap()
        .unwrap()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "botocore script failed: {}\n{stdout}",
        String::from_utf8_lossy(&output.stderr)
    );
    let out: serde_json::Value = serde_json::from_str(stdout.trim()).unwrap();
    let arn = out["arn"].as_str().unwrap();
    assert!(
        arn.starts_with("arn:aws:detective:us-east-1:111111111111:graph:"),
        "{out}"
    );
    assert_eq!(out["graphs"], serde_json::json!([arn]));
    assert_eq!(out["status"], "INVITED");
    assert_eq!(out["invitations"], 1);
    assert_eq!(out["after_accept"], "ENABLED");
    assert_eq!(out["wrong_secret"], "InvalidSignatureException");
    assert_eq!(out["unknown_key"], "UnrecognizedClientException");
    assert_eq!(out["validation"], "ValidationException");
    assert_eq!(out["west"], serde_json::json!([]));
    tokio::time::timeout(Duration::from_secs(10), server.shutdown())
        .await
        .unwrap()
        .unwrap();
}

//! The socket server: parity with the in-process transport, body limits, graceful shutdown, credentials.

// Panicking on setup failure is the point of a test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use detective_local::server::Server;
use detective_local::{CredentialsFile, Emulator, EmulatorConfig};
use serde_json::json;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::time::timeout;

const STEP: Duration = Duration::from_secs(10);

/// A whole scenario; returns every answer in order.
async fn scenario(harness: &Harness, target: &Target) -> Vec<Answer> {
    let admin = Signer::account(ADMIN);
    let member = Signer::account(MEMBER);
    let arn = graph_arn(ADMIN, 1);
    let graph = json!({ "GraphArn": arn }).to_string();
    let steps: Vec<(&Signer, &str, &str, String)> = vec![
        (
            &admin,
            "POST",
            "/graph",
            json!({"Tags": {"team": "blue"}}).to_string(),
        ),
        (&admin, "POST", "/graph", "{}".to_owned()),
        (
            &admin,
            "POST",
            "/graphs/list",
            r#"{"MaxResults":1}"#.to_owned(),
        ),
        (
            &admin,
            "POST",
            "/graph/members",
            json!({"GraphArn": arn, "Message": "hi", "Accounts": [
                {"AccountId": MEMBER, "EmailAddress": "member@example.com"},
                {"AccountId": "333333333333", "EmailAddress": "third@example.com"},
                {"AccountId": ADMIN, "EmailAddress": "admin@example.com"},
            ]})
            .to_string(),
        ),
        (
            &admin,
            "POST",
            "/graph/members/list",
            json!({"GraphArn": arn, "MaxResults": 1}).to_string(),
        ),
        (&member, "POST", "/invitations/list", "{}".to_owned()),
        (&member, "PUT", "/invitation", graph.clone()),
        (&member, "PUT", "/invitation", graph.clone()),
        (
            &admin,
            "POST",
            "/graph/members/get",
            json!({"GraphArn": arn, "AccountIds": [MEMBER, "444444444444"]}).to_string(),
        ),
        (&member, "POST", "/membership/removal", graph.clone()),
        (
            &admin,
            "POST",
            "/graph/members/removal",
            json!({"GraphArn": arn, "AccountIds": ["333333333333", ADMIN]}).to_string(),
        ),
        (&admin, "POST", "/graph/removal", graph.clone()),
        (&admin, "POST", "/graph/removal", graph),
        (&admin, "POST", "/graphs/list", "{}".to_owned()),
    ];
    let mut answers = Vec::new();
    for (i, (signer, method, path, body)) in steps.into_iter().enumerate() {
        answers.push(call(harness, target, signer, method, path, body).await);
        harness.clock.advance(Duration::from_secs(1));
        if i == 4 {
            // Page 2 of ListMembers, with the token of page 1.
            let token = answers[4].body["NextToken"].as_str().unwrap().to_owned();
            let body = json!({"GraphArn": arn, "MaxResults": 1, "NextToken": token});
            let page = call(
                harness,
                target,
                &admin,
                "POST",
                "/graph/members/list",
                body.to_string(),
            )
            .await;
            answers.push(page);
        }
    }
    // Tokens are opaque and signed with a per-emulator key: compare only their presence.
    for answer in &mut answers {
        if let Some(token) = answer.body.get_mut("NextToken") {
            *token = json!("<token>");
        }
    }
    answers
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn in_process_http1_and_http2_give_the_same_answers() {
    let mut results = Vec::new();
    let mut servers = Vec::new();
    for which in 0..3 {
        // A fresh emulator per target, so each sees the same clock and ids.
        let harness = Harness::default_config();
        let (mut targets, server) = all_targets(&harness.emulator);
        let target = targets.swap_remove(which);
        results.push((target.label(), scenario(&harness, &target).await));
        servers.push(server);
    }
    let (_, reference) = &results[0];
    assert_eq!(reference[0].status, 200);
    let page2 = &reference[5].body;
    assert_eq!(
        page2["MemberDetails"][0]["AccountId"], "333333333333",
        "{page2}"
    );
    assert!(page2.get("NextToken").is_none(), "{page2}");
    assert_eq!(reference[7].status, 200, "{:?}", reference[7]);
    assert_eq!(reference[8].status, 409, "{:?}", reference[8]);
    assert_eq!(reference[13].status, 404, "{:?}", reference[13]);
    for (label, answers) in &results[1..] {
        assert_eq!(answers, reference, "{label} differs from in-process");
    }
    for server in servers {
        timeout(STEP, server.shutdown()).await.unwrap().unwrap();
    }
}

/// Reads from `stream` until the end of the response headers (or EOF) and returns the head.
async fn read_head(stream: &mut TcpStream) -> String {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    while !buf.windows(4).any(|w| w == b"\r\n\r\n") {
        let n = timeout(STEP, stream.read(&mut chunk))
            .await
            .expect("the server answers in time")
            .expect("the connection is readable");
        if n == 0 {
            break;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    String::from_utf8_lossy(&buf).into_owned()
}

#[tokio::test]
async fn oversized_content_length_is_refused_without_reading_the_body() {
    let harness = Harness::default_config();
    let (addr, server) =
        Server::spawn(harness.emulator.clone(), "127.0.0.1:0".parse().unwrap()).unwrap();
    let mut stream = timeout(STEP, TcpStream::connect(addr))
        .await
        .unwrap()
        .unwrap();
    // Announce 2 MiB but send only a few bytes: the answer must not wait for the rest.
    let head = format!(
        "POST /graph HTTP/1.1\r\nhost: {addr}\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{{\"Tags\":",
        2 * 1024 * 1024
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    let response = read_head(&mut stream).await;
    assert!(response.starts_with("HTTP/1.1 400"), "{response}");
    let lower = response.to_ascii_lowercase();
    assert!(
        lower.contains("x-amzn-errortype: validationexception"),
        "{response}"
    );
    assert!(lower.contains("x-amzn-requestid: "), "{response}");
    drop(stream);

    // Nothing was created, and the server still serves.
    let target = Target::Http {
        transport: detective_transport::HyperTransport::new().unwrap(),
        addr,
        label: "http/1.1",
    };
    let listed = call(
        &harness,
        &target,
        &Signer::account(ADMIN),
        "POST",
        "/graphs/list",
        "{}",
    )
    .await
    .ok();
    assert_eq!(listed["GraphList"], json!([]));
    timeout(STEP, server.shutdown()).await.unwrap().unwrap();
}

#[tokio::test]
async fn oversized_chunked_body_is_refused_after_the_limit() {
    let harness = Harness::default_config();
    let (addr, server) =
        Server::spawn(harness.emulator.clone(), "127.0.0.1:0".parse().unwrap()).unwrap();
    let stream = timeout(STEP, TcpStream::connect(addr))
        .await
        .unwrap()
        .unwrap();
    let (mut read, mut write) = stream.into_split();
    let head = format!(
        "POST /graph HTTP/1.1\r\nhost: {addr}\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n"
    );
    // 20 chunks of 64 KiB (1.25 MiB) and no final chunk: only the limit can end the read.
    let writer = tokio::spawn(async move {
        write.write_all(head.as_bytes()).await?;
        let chunk = vec![b' '; 64 * 1024];
        for _ in 0..20 {
            write
                .write_all(format!("{:x}\r\n", chunk.len()).as_bytes())
                .await?;
            write.write_all(&chunk).await?;
            write.write_all(b"\r\n").await?;
        }
        // Keep the connection open until the test is done reading.
        tokio::time::sleep(Duration::from_secs(30)).await;
        Ok::<_, std::io::Error>(())
    });
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    while !buf.windows(4).any(|w| w == b"\r\n\r\n") {
        let n = timeout(STEP, read.read(&mut chunk)).await.unwrap().unwrap();
        assert!(n > 0, "connection closed before an answer");
        buf.extend_from_slice(&chunk[..n]);
    }
    let response = String::from_utf8_lossy(&buf).to_ascii_lowercase();
    assert!(response.starts_with("http/1.1 400"), "{response}");
    assert!(
        response.contains("x-amzn-errortype: validationexception"),
        "{response}"
    );
    writer.abort();
    timeout(STEP, server.shutdown()).await.unwrap().unwrap();
}

#[tokio::test]
async fn graceful_shutdown_finishes_the_request_in_flight() {
    let harness = Harness::default_config();
    let (addr, mut server) =
        Server::spawn(harness.emulator.clone(), "127.0.0.1:0".parse().unwrap()).unwrap();
    // A signed CreateGraph, sent in two parts around the shutdown.
    let target = Target::Http {
        transport: detective_transport::HyperTransport::new().unwrap(),
        addr,
        label: "http/1.1",
    };
    let mut req = request(
        &target,
        "POST",
        "/graph",
        r#"{"Tags":{"phase":"shutdown"}}"#,
    );
    Signer::account(ADMIN).sign(&mut req, harness.now());
    let mut head = format!(
        "POST /graph HTTP/1.1\r\ncontent-length: {}\r\n",
        req.body().len()
    );
    for (name, value) in req.headers() {
        head.push_str(&format!("{name}: {}\r\n", value.to_str().unwrap()));
    }
    head.push_str(&format!("host: {addr}\r\n\r\n"));
    let body = req.body().clone();

    let mut stream = timeout(STEP, TcpStream::connect(addr))
        .await
        .unwrap()
        .unwrap();
    stream.write_all(head.as_bytes()).await.unwrap();
    stream.write_all(&body[..5]).await.unwrap();
    // Let the server start reading the request before it is told to stop.
    tokio::time::sleep(Duration::from_millis(200)).await;
    server.trigger_shutdown();
    let stopped = tokio::spawn(server.wait());
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(
        !stopped.is_finished(),
        "the server stopped with a request in flight"
    );
    // New connections are no longer served.
    let late = timeout(STEP, TcpStream::connect(addr)).await.unwrap();
    if let Ok(mut late) = late {
        late.write_all(b"POST /graphs/list HTTP/1.1\r\nhost: x\r\ncontent-length: 2\r\n\r\n{}")
            .await
            .ok();
        let mut buf = [0u8; 64];
        let n = timeout(STEP, late.read(&mut buf))
            .await
            .unwrap()
            .unwrap_or(0);
        assert_eq!(n, 0, "a connection made after shutdown was served");
    }

    stream.write_all(&body[5..]).await.unwrap();
    let response = read_head(&mut stream).await;
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    timeout(STEP, stopped).await.unwrap().unwrap().unwrap();

    // The request took effect.
    let in_process = Target::InProcess(harness.emulator.transport());
    let listed = call(
        &harness,
        &in_process,
        &Signer::account(ADMIN),
        "POST",
        "/graphs/list",
        "{}",
    )
    .await
    .ok();
    assert_eq!(listed["GraphList"][0]["Arn"], json!(graph_arn(ADMIN, 1)));
}

#[tokio::test]
async fn configured_keys_from_a_toml_file() {
    let path = std::env::temp_dir().join(format!(
        "detective-local-credentials-{}-{}.toml",
        std::process::id(),
        fastrand::u64(..)
    ));
    std::fs::write(
        &path,
        r#"
            [[accounts]]
            account_id = "111111111111"
            email = "admin@example.com"
            [[accounts.keys]]
            access_key_id = "AKIAADMIN"
            secret_access_key = "admin-secret"

            [[accounts]]
            account_id = "222222222222"
            email = "member@example.com"
            [[accounts.keys]]
            access_key_id = "222222222222"
            secret_access_key = "member-secret"
        "#,
    )
    .unwrap();
    let credentials = CredentialsFile::load(&path);
    std::fs::remove_file(&path).ok();
    let harness = Harness::new(EmulatorConfig {
        credentials: credentials.unwrap(),
        ..Default::default()
    });
    let (targets, server) = all_targets(&harness.emulator);
    let target = &targets[1];

    let named = Signer::key("AKIAADMIN", "admin-secret");
    let arn = call(&harness, target, &named, "POST", "/graph", "{}")
        .await
        .ok()["GraphArn"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(arn, graph_arn(ADMIN, 1));
    // The 12-digit convention still holds for the same account.
    let listed = call(
        &harness,
        target,
        &Signer::account(ADMIN),
        "POST",
        "/graphs/list",
        "{}",
    )
    .await
    .ok();
    assert_eq!(listed["GraphList"][0]["Arn"], json!(arn));

    let wrong = call(
        &harness,
        target,
        &Signer::key("AKIAADMIN", "test"),
        "POST",
        "/graphs/list",
        "{}",
    )
    .await;
    assert_eq!(
        (wrong.status, wrong.error_type.as_deref()),
        (403, Some("InvalidSignatureException"))
    );
    // A file key replaces the `test` secret of a 12-digit key.
    let member_test = call(
        &harness,
        target,
        &Signer::account(MEMBER),
        "POST",
        "/invitations/list",
        "{}",
    )
    .await;
    assert_eq!(member_test.status, 403, "{member_test:?}");
    let member = Signer::key(MEMBER, "member-secret");
    call(&harness, target, &member, "POST", "/invitations/list", "{}")
        .await
        .ok();

    // Root e-mail addresses from the file decide verification.
    let body = json!({"GraphArn": arn, "Accounts": [
        {"AccountId": MEMBER, "EmailAddress": "member@example.com"},
        {"AccountId": "333333333333", "EmailAddress": "anyone@example.com"},
    ]});
    let created = call(
        &harness,
        target,
        &named,
        "POST",
        "/graph/members",
        body.to_string(),
    )
    .await
    .ok();
    assert_eq!(created["Members"][0]["Status"], "INVITED", "{created}");
    timeout(STEP, server.shutdown()).await.unwrap().unwrap();
}

#[tokio::test]
async fn wrong_root_email_fails_verification() {
    let harness = Harness::new(EmulatorConfig {
        credentials: CredentialsFile::new().with_email(MEMBER, "member@example.com"),
        ..Default::default()
    });
    let target = Target::InProcess(harness.emulator.transport());
    let admin = Signer::account(ADMIN);
    let arn = call(&harness, &target, &admin, "POST", "/graph", "{}")
        .await
        .ok()["GraphArn"]
        .clone();
    let body = json!({"GraphArn": arn, "Accounts": [{"AccountId": MEMBER, "EmailAddress": "wrong@example.com"}]});
    let created = call(
        &harness,
        &target,
        &admin,
        "POST",
        "/graph/members",
        body.to_string(),
    )
    .await
    .ok();
    assert_eq!(
        created["Members"][0]["Status"], "VERIFICATION_FAILED",
        "{created}"
    );
}

#[tokio::test]
async fn session_tokens_and_regions_are_honoured() {
    let harness = Harness::default_config();
    let (targets, server) = all_targets(&harness.emulator);
    for target in &targets {
        let signer = Signer::account(ADMIN).session_token("a-session-token");
        call(&harness, target, &signer, "POST", "/graphs/list", "{}")
            .await
            .ok();
    }
    // Each region has its own graphs, named in the ARN.
    let target = &targets[2];
    let west = Signer::account(ADMIN).region("eu-west-1");
    let created = call(&harness, target, &west, "POST", "/graph", "{}")
        .await
        .ok();
    assert!(
        created["GraphArn"]
            .as_str()
            .unwrap()
            .starts_with("arn:aws:detective:eu-west-1:111111111111:graph:"),
        "{created}"
    );
    let east = call(
        &harness,
        target,
        &Signer::account(ADMIN),
        "POST",
        "/graphs/list",
        "{}",
    )
    .await
    .ok();
    assert_eq!(east["GraphList"], json!([]));
    timeout(STEP, server.shutdown()).await.unwrap().unwrap();
}

#[tokio::test]
async fn permissive_mode_takes_the_caller_from_the_credential() {
    let harness = Harness::new(EmulatorConfig {
        verify_signatures: false,
        region: "eu-central-1".into(),
        ..Default::default()
    });
    let target = Target::InProcess(harness.emulator.transport());
    // Unsigned: the default account in the configured region.
    let req = request(&target, "POST", "/graph", "{}");
    let created = Answer::from_response(&target.send(req).await).ok();
    assert_eq!(
        created["GraphArn"].as_str().unwrap(),
        "arn:aws:detective:eu-central-1:000000000000:graph:00000000000000000000000000000001"
    );
    // A bad signature still names its account and region.
    let wrong = Signer::key(MEMBER, "not-the-secret").region("ap-south-1");
    let created = call(&harness, &target, &wrong, "POST", "/graph", "{}")
        .await
        .ok();
    assert!(
        created["GraphArn"]
            .as_str()
            .unwrap()
            .starts_with("arn:aws:detective:ap-south-1:222222222222:graph:"),
        "{created}"
    );
}

#[tokio::test]
async fn bind_reports_the_port_and_run_until_stops() {
    let emulator = Emulator::new(EmulatorConfig::default());
    let server = Server::bind(emulator, "127.0.0.1:0".parse().unwrap()).unwrap();
    let addr = server.local_addr();
    assert_ne!(addr.port(), 0);
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let task = tokio::spawn(server.run_until(async move {
        let _ = stopped.await;
    }));
    let mut stream = timeout(STEP, TcpStream::connect(addr))
        .await
        .unwrap()
        .unwrap();
    stream
        .write_all(b"GET /nothing HTTP/1.1\r\nhost: x\r\n\r\n")
        .await
        .unwrap();
    let head = read_head(&mut stream).await;
    assert!(head.starts_with("HTTP/1.1 404"), "{head}");
    drop(stream);
    stop.send(()).unwrap();
    timeout(STEP, task).await.unwrap().unwrap().unwrap();
}

//! Server limits: bounded connections (a clear 503 past them), slow headers and slow bodies cut off.
//!
//! Every wait has a deadline, and no assertion is about speed: a limit
//! either ends the connection (or answers) before a generous deadline, or
//! the test fails.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{call, Harness, Signer, Target, ADMIN};
use detective_local::server::{Server, ServerLimits};
use serde_json::{json, Value};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::time::timeout;

const STEP: Duration = Duration::from_secs(20);

/// Reads until EOF (or `STEP` passes, which fails the test) and returns everything read.
async fn read_to_end(stream: &mut TcpStream) -> String {
    let mut buf = Vec::new();
    timeout(STEP, stream.read_to_end(&mut buf))
        .await
        .expect("the server closes the connection in time")
        .ok();
    String::from_utf8_lossy(&buf).into_owned()
}

fn limits(max_connections: usize) -> ServerLimits {
    ServerLimits {
        max_connections,
        header_read_timeout: Duration::from_millis(500),
        body_read_timeout: Duration::from_millis(500),
    }
}

#[tokio::test]
async fn past_the_connection_limit_a_clear_503_then_service_again_when_a_slot_frees() {
    let harness = Harness::default_config();
    let (addr, server) = Server::spawn_with_limits(
        harness.emulator.clone(),
        "127.0.0.1:0".parse().unwrap(),
        ServerLimits {
            // Long enough that the two held connections stay open for the whole test.
            header_read_timeout: Duration::from_secs(30),
            ..limits(2)
        },
    )
    .unwrap();
    // Two connections take both slots (a partial request head keeps each open).
    let mut held = Vec::new();
    for _ in 0..2 {
        let mut stream = timeout(STEP, TcpStream::connect(addr))
            .await
            .unwrap()
            .unwrap();
        stream
            .write_all(b"POST /graphs/list HTTP/1.1\r\nhost: x\r\n")
            .await
            .unwrap();
        held.push(stream);
    }
    // The third is told why, in the restJson1 error shape, and closed.
    let mut third = timeout(STEP, TcpStream::connect(addr))
        .await
        .unwrap()
        .unwrap();
    third
        .write_all(b"POST /graphs/list HTTP/1.1\r\nhost: x\r\ncontent-length: 2\r\n\r\n{}")
        .await
        .unwrap();
    let answer = read_to_end(&mut third).await;
    let (head, body) = answer.split_once("\r\n\r\n").unwrap();
    let head = head.to_ascii_lowercase();
    assert!(head.starts_with("http/1.1 503"), "{answer}");
    assert!(
        head.contains("x-amzn-errortype: serviceunavailableexception"),
        "{answer}"
    );
    assert!(head.contains("connection: close"), "{answer}");
    assert!(head.contains("x-amzn-requestid: "), "{answer}");
    let body: Value = serde_json::from_str(body).unwrap();
    assert_eq!(
        body,
        json!({"Message": "The emulator is already serving its maximum of 2 connections; retry later."})
    );

    // A slot frees: the server serves again (bounded retries while it notices the close).
    drop(held.pop());
    let target = Target::Http {
        transport: detective_transport::HyperTransport::new().unwrap(),
        addr,
        label: "http/1.1",
    };
    let mut served = None;
    for _ in 0..100 {
        let answer = call(
            &harness,
            &target,
            &Signer::account(ADMIN),
            "POST",
            "/graphs/list",
            "{}",
        )
        .await;
        if answer.status == 200 {
            served = Some(answer);
            break;
        }
        assert_eq!(answer.status, 503, "{answer:?}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(
        served.expect("served once a slot is free").body["GraphList"],
        json!([])
    );
    drop(held);
    drop(target);
    timeout(STEP, server.shutdown()).await.unwrap().unwrap();
}

#[tokio::test]
async fn a_client_that_never_finishes_its_headers_is_disconnected() {
    let harness = Harness::default_config();
    let (addr, server) = Server::spawn_with_limits(
        harness.emulator.clone(),
        "127.0.0.1:0".parse().unwrap(),
        limits(8),
    )
    .unwrap();
    let mut stream = timeout(STEP, TcpStream::connect(addr))
        .await
        .unwrap()
        .unwrap();
    stream
        .write_all(b"POST /graphs/list HTTP/1.1\r\nhost: x\r\nx-slow: ")
        .await
        .unwrap();
    // No answer is owed; the connection must simply end rather than stay open.
    let answer = read_to_end(&mut stream).await;
    assert!(!answer.contains(" 200 "), "{answer}");
    timeout(STEP, server.shutdown()).await.unwrap().unwrap();
}

#[tokio::test]
async fn a_body_that_never_arrives_is_a_400_not_a_connection_held_forever() {
    let harness = Harness::default_config();
    let (addr, server) = Server::spawn_with_limits(
        harness.emulator.clone(),
        "127.0.0.1:0".parse().unwrap(),
        limits(8),
    )
    .unwrap();
    let mut stream = timeout(STEP, TcpStream::connect(addr))
        .await
        .unwrap()
        .unwrap();
    stream
        .write_all(b"POST /graphs/list HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{\"Max")
        .await
        .unwrap();
    let mut buf = vec![0u8; 4096];
    let n = timeout(STEP, stream.read(&mut buf))
        .await
        .expect("an answer in time")
        .unwrap();
    let answer = String::from_utf8_lossy(&buf[..n]).to_ascii_lowercase();
    assert!(answer.starts_with("http/1.1 400"), "{answer}");
    assert!(
        answer.contains("x-amzn-errortype: validationexception"),
        "{answer}"
    );
    assert!(answer.contains("did not arrive within"), "{answer}");
    drop(stream);
    timeout(STEP, server.shutdown()).await.unwrap().unwrap();
}

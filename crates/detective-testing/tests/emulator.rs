//! Recording a session against the in-process emulator, then replaying it without it.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{assert_sorted_jsonl, client};
use detective_client::{Client, Error};
use detective_local::{Emulator, EmulatorConfig};
use detective_testing::{RecordingTransport, ReplayMode, ReplayTransport, SharedBuffer};

const EMAIL: &str = "member.private@example.com";
const MESSAGE: &str = "Please join, this text is private";

/// Administrator creates a graph, invites a member, lists and removes it; returns what it saw.
async fn session(client: &Client) -> Result<Vec<String>, Error> {
    let graph = client.create_graph().tag("team", "sec").await?;
    let arn = graph.graph_arn.clone().unwrap_or_default();
    let created = client
        .create_members()
        .graph_arn(&arn)
        .account("222222222222", EMAIL)
        .message(MESSAGE)
        .await?;
    let listed = client.list_members().graph_arn(&arn).await?;
    let deleted = client
        .delete_members()
        .graph_arn(&arn)
        .account_ids(["222222222222"])
        .await?;
    Ok(vec![
        format!("{graph:?}"),
        format!("{created:?}"),
        format!("{listed:?}"),
        format!("{deleted:?}"),
    ])
}

#[tokio::test]
async fn a_session_recorded_against_the_emulator_replays_without_it() {
    let emulator = Emulator::new(EmulatorConfig::default());
    let buffer = SharedBuffer::new();
    let recorder = RecordingTransport::new(emulator.transport(), buffer.clone());
    // The emulator verifies signatures: 12-digit keys act as that account with secret "test".
    let recording_client = Client::builder()
        .region("us-east-1")
        .static_credentials("111111111111", "test")
        .transport(recorder.clone())
        .build()
        .unwrap();
    let live = session(&recording_client).await.unwrap();
    let cassette = recorder.finish().unwrap();
    assert_eq!(cassette.len(), 4);

    let text = buffer.contents();
    assert_sorted_jsonl(&text);
    assert!(!text.contains(EMAIL) && !text.contains(MESSAGE), "{text}");
    assert!(!text.contains("AWS4-HMAC-SHA256"), "{text}");

    // Replayed with other credentials and no emulator: the same outputs, in order.
    let replay = ReplayTransport::new(cassette, ReplayMode::InOrder);
    let replayed = session(&client(replay.clone())).await.unwrap();
    assert_eq!(replayed, live);
    replay.verify().unwrap();
}

//! ReplayTransport: answering from cassettes, in order and in any order, and explaining misses.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{client, temp_path, GRAPH, OTHER_GRAPH};
use detective_client::{Client, Error};
use detective_ops::operations::{CreateGraph, CreateMembers, GetMembers};
use detective_testing::{
    Cassette, CassetteError, MockTransport, RecordingTransport, ReplayError, ReplayMode,
    ReplayTransport, SharedBuffer,
};
use detective_transport::TransportErrorKind;
use detective_types::{
    CreateGraphOutput, CreateMembersOutput, GetMembersOutput, MemberDetail, MemberStatus,
    Timestamp, REDACTED,
};
use std::error::Error as _;

const ALICE: &str = "444455556666";
const BOB: &str = "777788889999";

fn invited(account_id: &str, email: Option<&str>) -> MemberDetail {
    MemberDetail {
        account_id: Some(account_id.to_owned()),
        email_address: email.map(Into::into),
        graph_arn: Some(GRAPH.to_owned()),
        status: Some(MemberStatus::Invited),
        invited_time: Timestamp::parse_iso8601("2026-01-02T03:04:05.678Z").ok(),
        ..Default::default()
    }
}

/// The calls of the session, in recorded order; outputs as `Debug` (which hides sensitive members).
async fn run_session(client: &Client) -> Result<Vec<String>, Error> {
    Ok(vec![
        format!("{:?}", client.create_graph().tag("team", "sec").await?),
        format!(
            "{:?}",
            client
                .create_members()
                .graph_arn(GRAPH)
                .account(ALICE, "alice@example.com")
                .message("welcome")
                .await?
        ),
        format!(
            "{:?}",
            client
                .get_members()
                .graph_arn(GRAPH)
                .account_ids([ALICE])
                .await?
        ),
        format!(
            "{:?}",
            client
                .get_members()
                .graph_arn(GRAPH)
                .account_ids([BOB])
                .await?
        ),
    ])
}

/// Records the session against a mock; returns the cassette and the outputs seen.
async fn record_session() -> (Cassette, Vec<String>) {
    let mock = MockTransport::new();
    mock.on::<CreateGraph>().respond(CreateGraphOutput {
        graph_arn: Some(GRAPH.into()),
    });
    mock.on::<CreateMembers>()
        .respond_with(|input| CreateMembersOutput {
            members: Some(
                input
                    .accounts
                    .iter()
                    .flatten()
                    .map(|a| {
                        invited(
                            a.account_id.as_deref().unwrap_or_default(),
                            a.email_address.as_ref().map(|e| e.expose().as_str()),
                        )
                    })
                    .collect(),
            ),
            unprocessed_accounts: Some(vec![]),
        });
    mock.on::<GetMembers>()
        .respond_with(|input| GetMembersOutput {
            member_details: Some(
                input
                    .account_ids
                    .iter()
                    .flatten()
                    .map(|id| invited(id, Some("someone@example.com")))
                    .collect(),
            ),
            unprocessed_accounts: None,
        })
        .always();
    let recorder = RecordingTransport::new(mock.clone(), SharedBuffer::new());
    let outputs = run_session(&client(recorder.clone())).await.unwrap();
    mock.verify().unwrap();
    (recorder.finish().unwrap(), outputs)
}

fn replay_error(err: &Error) -> &ReplayError {
    let Error::Transport(transport) = err else {
        panic!("expected a transport error, got {err:?}");
    };
    assert_eq!(transport.kind(), TransportErrorKind::Other);
    transport
        .source()
        .and_then(|s| s.downcast_ref::<ReplayError>())
        .expect("the source is a ReplayError")
}

#[tokio::test]
async fn in_order_replay_gives_the_recorded_answers_byte_for_byte() {
    let (cassette, recorded_outputs) = record_session().await;
    assert_eq!(cassette.len(), 4);

    let replay = ReplayTransport::new(cassette.clone(), ReplayMode::InOrder);
    // Record the replay itself: the same cassette must come out, byte for byte.
    let rerecorder = RecordingTransport::new(replay.clone(), SharedBuffer::new());
    let replayed_outputs = run_session(&client(rerecorder.clone())).await.unwrap();

    assert_eq!(replayed_outputs, recorded_outputs);
    replay.verify().unwrap();
    assert_eq!(rerecorder.finish().unwrap().to_jsonl(), cassette.to_jsonl());

    // And a second replay answers identically again.
    let again = ReplayTransport::new(cassette, ReplayMode::InOrder);
    assert_eq!(
        run_session(&client(again.clone())).await.unwrap(),
        recorded_outputs
    );
    again.verify().unwrap();
}

#[tokio::test]
async fn replayed_sensitive_members_read_as_redacted() {
    let (cassette, _) = record_session().await;
    let client = client(ReplayTransport::new(cassette, ReplayMode::AnyOrder));
    let out = client
        .create_members()
        .graph_arn(GRAPH)
        // Sensitive members are redacted on both sides, so another address still matches.
        .account(ALICE, "another@example.com")
        .message("a different message")
        .await
        .unwrap();
    let email = out.members.unwrap()[0].email_address.clone().unwrap();
    assert_eq!(email.expose(), REDACTED);
}

#[tokio::test]
async fn any_order_replay_answers_out_of_order_calls() {
    let (cassette, _) = record_session().await;
    let replay = ReplayTransport::new(cassette, ReplayMode::AnyOrder);
    let client = client(replay.clone());

    let bob = client
        .get_members()
        .graph_arn(GRAPH)
        .account_ids([BOB])
        .await
        .unwrap();
    assert_eq!(
        bob.member_details.unwrap()[0].account_id.as_deref(),
        Some(BOB)
    );
    client
        .get_members()
        .graph_arn(GRAPH)
        .account_ids([ALICE])
        .await
        .unwrap();
    client
        .create_members()
        .graph_arn(GRAPH)
        .account(ALICE, "alice@example.com")
        .message("welcome")
        .await
        .unwrap();
    client.create_graph().tag("team", "sec").await.unwrap();
    replay.verify().unwrap();
}

#[tokio::test]
async fn in_order_replay_rejects_a_call_out_of_order() {
    let (cassette, _) = record_session().await;
    let replay = ReplayTransport::new(cassette, ReplayMode::InOrder);
    let client = client(replay.clone());

    let err = client
        .get_members()
        .graph_arn(GRAPH)
        .account_ids([ALICE])
        .await
        .unwrap_err();
    let miss = replay_error(&err);
    assert_eq!(miss.closest.as_ref().map(|c| c.index), Some(0));
    let message = err.to_string();
    assert!(message.contains("replaying in order"), "{message}");
    assert!(
        message.contains("closest: #0 CreateGraph POST /graph {\"Tags\":{\"team\":\"sec\"}}"),
        "{message}"
    );
    assert!(
        message.contains("(operation): recorded \"CreateGraph\", sent \"GetMembers\""),
        "{message}"
    );
}

#[tokio::test]
async fn a_mismatch_shows_the_closest_recorded_request_and_the_difference() {
    let (cassette, _) = record_session().await;
    let replay = ReplayTransport::new(cassette, ReplayMode::AnyOrder);
    let client = client(replay.clone());

    let err = client
        .get_members()
        .graph_arn(OTHER_GRAPH)
        .account_ids([ALICE])
        .await
        .unwrap_err();

    let miss = replay_error(&err);
    assert_eq!(miss.operation, "GetMembers");
    assert_eq!(miss.closest.as_ref().map(|c| c.index), Some(2));
    assert_eq!(miss.differences.len(), 1);
    assert_eq!(miss.differences[0].path, "GraphArn");
    let message = err.to_string();
    assert!(
        message.contains(&format!(
            "sent:    {{\"AccountIds\":[\"{ALICE}\"],\"GraphArn\":\"{OTHER_GRAPH}\"}}"
        )),
        "{message}"
    );
    assert!(
        message.contains(&format!(
            "closest: #2 GetMembers POST /graph/members/get {{\"AccountIds\":[\"{ALICE}\"],\"GraphArn\":\"{GRAPH}\"}}"
        )),
        "{message}"
    );
    assert!(
        message.contains(&format!(
            "GraphArn: recorded \"{GRAPH}\", sent \"{OTHER_GRAPH}\""
        )),
        "{message}"
    );

    let report = replay.verify().unwrap_err();
    assert_eq!(report.mismatches.len(), 1);
    assert_eq!(report.unused.len(), 4);
}

#[tokio::test]
async fn unused_interactions_are_reported() {
    let (cassette, _) = record_session().await;
    let replay = ReplayTransport::new(cassette, ReplayMode::InOrder);
    let client = client(replay.clone());
    client.create_graph().tag("team", "sec").await.unwrap();
    client
        .create_members()
        .graph_arn(GRAPH)
        .account(ALICE, "alice@example.com")
        .message("welcome")
        .await
        .unwrap();

    let unused: Vec<usize> = replay.unused().iter().map(|u| u.index).collect();
    assert_eq!(unused, [2, 3]);
    let report = replay.verify().unwrap_err();
    assert!(report.mismatches.is_empty());
    let text = report.to_string();
    assert!(
        text.contains("0 request(s) matched nothing, 2 interaction(s) unused"),
        "{text}"
    );
    assert!(
        text.contains(&format!(
            "unused interaction #3 GetMembers POST /graph/members/get {{\"AccountIds\":[\"{BOB}\"]"
        )),
        "{text}"
    );
}

#[tokio::test]
async fn each_interaction_answers_once() {
    let (cassette, _) = record_session().await;
    let only_alice = Cassette::from_interactions(vec![cassette.interactions()[2].clone()]);
    let client = client(ReplayTransport::new(only_alice, ReplayMode::AnyOrder));
    let get = || client.get_members().graph_arn(GRAPH).account_ids([ALICE]);
    get().await.unwrap();
    let err = get().await.unwrap_err();
    let message = err.to_string();
    assert!(
        message.contains("all 1 recorded interactions have been used"),
        "{message}"
    );
    assert!(message.contains("closest: #0 GetMembers"), "{message}");
}

/// Written by hand as an older (or newer) version might have: unsorted keys, an unknown
/// top-level key, no request headers, an unknown request member, unknown and missing
/// response members.
const OLD_CASSETTE: &str = r#"
{"recorded_by":"detective-testing 0.0.1","operation":"ListMembers","request":{"method":"POST","path":"/graph/members/list","body":{"GraphArn":"arn:aws:detective:us-east-1:111122223333:graph:027c7c4610ea4aacaf0b883093cab899","LegacyFilter":"x"}},"response":{"status":200,"headers":{"content-type":"application/json"},"body":{"MemberDetails":[{"AccountId":"444455556666","Status":"ENABLED","FutureMember":{"a":1}}],"ExtraTopLevel":true}}}
"#;

#[tokio::test]
async fn a_cassette_from_another_version_loads_and_replays() {
    let path = temp_path("old-version");
    std::fs::write(&path, OLD_CASSETTE).unwrap();
    let replay = ReplayTransport::load(&path, ReplayMode::InOrder).unwrap();
    std::fs::remove_file(&path).ok();
    let client = client(replay.clone());

    let out = client.list_members().graph_arn(GRAPH).await.unwrap();

    let members = out.member_details.unwrap();
    assert_eq!(members.len(), 1);
    assert_eq!(members[0].account_id.as_deref(), Some(ALICE));
    assert_eq!(members[0].status, Some(MemberStatus::Enabled));
    assert_eq!(members[0].email_address, None);
    assert_eq!(out.next_token, None);
    replay.verify().unwrap();
}

#[test]
fn a_broken_cassette_names_the_file_and_line() {
    let path = temp_path("broken");
    std::fs::write(
        &path,
        format!(
            "{}\n{{\"operation\":\"ListGraphs\"}}\n",
            OLD_CASSETTE.trim()
        ),
    )
    .unwrap();
    let err = Cassette::load(&path).unwrap_err();
    std::fs::remove_file(&path).ok();
    let CassetteError::Line { line, .. } = &err else {
        panic!("expected a line error, got {err:?}");
    };
    assert_eq!(*line, 2);
    let text = err.to_string();
    assert!(
        text.contains(&format!("{}, line 2", path.display())),
        "{text}"
    );
    assert!(text.contains("missing field `request`"), "{text}");
}

//! The administrator/member workflow, recorded once from the emulator and replayed through the real client.
//!
//! `tests/cassettes/admin_member_workflow.jsonl` holds the whole life of a
//! behavior graph: the administrator creates it and invites three accounts
//! (one fails verification), the members list their invitations, one
//! accepts, one rejects, the administrator reads and lists the members a
//! page at a time, the member that accepted leaves, the administrator
//! deletes the rest and the graph, and two calls fail (a second accept, a
//! read of the deleted graph).
//!
//! The normal tests replay it through `Client` with a `ReplayTransport`: no
//! network, no emulator. Recording it is deterministic — a `ManualClock`,
//! `SequentialIds` for graph ids and `SequentialRequestIds` for request ids
//! — except for two things the test takes care of:
//!
//! - the emulator signs `NextToken`s with a random per-instance key, so the
//!   recording replaces each distinct token with `page-token-N` (in request
//!   and response alike, so the replayed client sends back what it got);
//! - the client signs with the wall clock (it exposes no signing clock), so
//!   the emulator runs with signature verification off (its manual clock is
//!   far from the wall clock); signatures and dates never reach a cassette.
//!
//! Re-record (after a deliberate change of the emulator or of the workflow) with
//!
//! ```sh
//! DETECTIVE_RECORD=1 cargo test -p detective-tests --test cassette_workflow
//! ```
//!
//! Without the variable, `the_emulator_still_records_the_checked_in_cassette`
//! records the workflow in memory and requires it to equal the file byte for
//! byte, so a stale cassette is noticed.

// Test code: a failed unwrap is a failed test (clippy.toml only covers #[test] functions).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use bytes::Bytes;
use detective_client::{Client, Error};
use detective_local::front::SequentialRequestIds;
use detective_local::state::{ManualClock, SequentialIds};
use detective_local::{CredentialsFile, Emulator, EmulatorConfig};
use detective_testing::{Cassette, RecordingTransport, ReplayMode, ReplayTransport, SharedBuffer};
use detective_transport::TransportError;
use detective_types::{MemberDetail, MemberStatus, ServiceErrorCode, Timestamp, REDACTED};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use tower_service::Service;

const ADMIN: &str = "111111111111";
/// Known to the emulator as alice@example.com; invited with that address.
const ALICE: &str = "222222222222";
/// Unknown to the emulator: nothing contradicts the address, so invited.
const BOB: &str = "333333333333";
/// Known to the emulator as mallory@example.com; invited with another address, so verification fails.
const MALLORY: &str = "444444444444";

const ALICE_EMAIL: &str = "alice@example.com";
const BOB_EMAIL: &str = "bob@example.com";
const MALLORY_WRONG_EMAIL: &str = "mallory@example.net";
const INVITATION: &str = "Please join the security team's behavior graph";

/// The first graph id `SequentialIds` gives.
const GRAPH: &str =
    "arn:aws:detective:us-east-1:111111111111:graph:00000000000000000000000000000001";

/// 2026-01-01T00:00:00Z, where `ManualClock::default()` starts.
const T0_MILLIS: i64 = 1_767_225_600_000;
/// The clock moves one minute at each tick of the workflow.
const TICK: Duration = Duration::from_secs(60);

/// The environment variable that makes the recording test write the cassette.
const RECORD_VAR: &str = "DETECTIVE_RECORD";

/// How many interactions the workflow has.
const INTERACTIONS: usize = 18;

fn cassette_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("cassettes/admin_member_workflow.jsonl")
}

fn checked_in() -> String {
    std::fs::read_to_string(cassette_path()).expect(
        "tests/cassettes/admin_member_workflow.jsonl is missing: \
         record it with DETECTIVE_RECORD=1 cargo test -p detective-tests --test cassette_workflow",
    )
}

/// `T0` plus `minutes`.
fn at(minutes: i64) -> Timestamp {
    Timestamp::from_epoch_millis(T0_MILLIS + minutes * 60_000).expect("a valid instant")
}

/// The `n`th request id `SequentialRequestIds` gives (1-based).
fn request_id(n: u64) -> String {
    format!("00000000-0000-4000-8000-{n:012x}")
}

/// Where the workflow runs: against the emulator (real e-mails and messages
/// come back) or from the cassette (they read `REDACTED`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Source {
    Emulator,
    Cassette,
}

impl Source {
    /// What a sensitive value that was `real` when recorded reads like from here.
    fn sensitive(self, real: &str) -> &str {
        match self {
            Source::Emulator => real,
            Source::Cassette => REDACTED,
        }
    }
}

/// A client for `account` over `transport`: one attempt per call, fixed jitter.
fn client<T>(account: &str, transport: T) -> Client
where
    T: Service<http::Request<Bytes>, Response = http::Response<Bytes>, Error = TransportError>
        + Clone
        + Send
        + Sync
        + 'static,
    T::Future: Send + 'static,
{
    Client::builder()
        .region("us-east-1")
        .static_credentials(account, "test")
        .endpoint_url("http://detective.local")
        .max_attempts(1)
        .jitter(|| 0.0)
        .transport(transport)
        .build()
        .expect("client builds")
}

/// The administrator's and the members' clients over one transport.
struct Accounts {
    admin: Client,
    alice: Client,
    bob: Client,
    mallory: Client,
}

impl Accounts {
    fn over<T>(transport: T) -> Accounts
    where
        T: Service<http::Request<Bytes>, Response = http::Response<Bytes>, Error = TransportError>
            + Clone
            + Send
            + Sync
            + 'static,
        T::Future: Send + 'static,
    {
        Accounts {
            admin: client(ADMIN, transport.clone()),
            alice: client(ALICE, transport.clone()),
            bob: client(BOB, transport.clone()),
            mallory: client(MALLORY, transport),
        }
    }
}

fn member(details: &[MemberDetail], account_id: &str) -> MemberDetail {
    details
        .iter()
        .find(|d| d.account_id.as_deref() == Some(account_id))
        .cloned()
        .unwrap_or_else(|| panic!("no member {account_id} in {details:?}"))
}

fn ids(details: &[MemberDetail]) -> Vec<&str> {
    details
        .iter()
        .map(|d| d.account_id.as_deref().unwrap_or_default())
        .collect()
}

/// Checks one member's details: graph, administrator, status, e-mail (as `source` shows it) and times.
fn check_member(
    detail: &MemberDetail,
    source: Source,
    email: &str,
    status: MemberStatus,
    updated: Timestamp,
) {
    let account = detail.account_id.as_deref().unwrap_or_default();
    assert_eq!(detail.graph_arn.as_deref(), Some(GRAPH), "{account}");
    assert_eq!(detail.administrator_id.as_deref(), Some(ADMIN), "{account}");
    assert_eq!(detail.status, Some(status), "{account}");
    assert_eq!(
        detail.email_address.as_ref().map(|e| e.expose().as_str()),
        Some(source.sensitive(email)),
        "{account}"
    );
    assert_eq!(detail.invited_time, Some(at(1)), "{account}");
    assert_eq!(detail.updated_time, Some(updated), "{account}");
}

/// Checks a failed call: the service error's code, HTTP status, request id and (as `source` shows it) message.
fn check_error<T: std::fmt::Debug>(
    result: Result<T, Error>,
    source: Source,
    code: ServiceErrorCode,
    status: u16,
    request: u64,
    message: &str,
) {
    let error = match result {
        Err(Error::Service(error)) => error,
        other => panic!("expected a {code} service error, got {other:?}"),
    };
    assert_eq!(error.code, code);
    assert_eq!(error.status, status);
    assert_eq!(error.request_id, Some(request_id(request)));
    assert_eq!(error.error_code, None);
    assert_eq!(error.message.as_deref(), Some(source.sensitive(message)));
}

/// The whole workflow, checking every answer. `tick` moves the emulator's clock (a no-op on replay).
async fn workflow(accounts: &Accounts, source: Source, tick: &dyn Fn()) {
    let Accounts {
        admin,
        alice,
        bob,
        mallory,
    } = accounts;

    // 1. The administrator creates the graph (request 1).
    let created = admin.create_graph().tag("team", "security").await.unwrap();
    assert_eq!(created.graph_arn.as_deref(), Some(GRAPH));

    // 2. ... and invites three accounts; Mallory's address does not match (request 2).
    tick();
    let invited = admin
        .create_members()
        .graph_arn(GRAPH)
        .account(ALICE, ALICE_EMAIL)
        .account(BOB, BOB_EMAIL)
        .account(MALLORY, MALLORY_WRONG_EMAIL)
        .message(INVITATION)
        .await
        .unwrap();
    let members = invited.members.unwrap_or_default();
    assert_eq!(ids(&members), [ALICE, BOB, MALLORY]);
    check_member(
        &members[0],
        source,
        ALICE_EMAIL,
        MemberStatus::Invited,
        at(1),
    );
    check_member(&members[1], source, BOB_EMAIL, MemberStatus::Invited, at(1));
    check_member(
        &members[2],
        source,
        MALLORY_WRONG_EMAIL,
        MemberStatus::VerificationFailed,
        at(1),
    );
    assert_eq!(invited.unprocessed_accounts, Some(vec![]));

    // 3. Two pages of two members at most (requests 3 and 4).
    let page1 = admin
        .list_members()
        .graph_arn(GRAPH)
        .max_results(2)
        .await
        .unwrap();
    let details = page1.member_details.unwrap_or_default();
    assert_eq!(ids(&details), [ALICE, BOB]);
    check_member(
        &details[0],
        source,
        ALICE_EMAIL,
        MemberStatus::Invited,
        at(1),
    );
    let token = page1.next_token.expect("a second page");
    let page2 = admin
        .list_members()
        .graph_arn(GRAPH)
        .max_results(2)
        .next_token(token)
        .await
        .unwrap();
    let details = page2.member_details.unwrap_or_default();
    assert_eq!(ids(&details), [MALLORY]);
    assert_eq!(
        details[0].status,
        Some(MemberStatus::VerificationFailed),
        "{details:?}"
    );
    assert_eq!(page2.next_token, None);

    // 4. The members look at their invitations (requests 5, 6, 7); a failed verification is no invitation.
    for (who, account) in [(alice, ALICE), (bob, BOB)] {
        let listed = who.list_invitations().await.unwrap();
        let invitations = listed.invitations.unwrap_or_default();
        assert_eq!(ids(&invitations), [account]);
        assert_eq!(invitations[0].graph_arn.as_deref(), Some(GRAPH));
        assert_eq!(invitations[0].administrator_id.as_deref(), Some(ADMIN));
        assert_eq!(invitations[0].status, Some(MemberStatus::Invited));
        assert_eq!(invitations[0].invited_time, Some(at(1)));
        assert_eq!(listed.next_token, None);
    }
    let listed = mallory.list_invitations().await.unwrap();
    assert_eq!(listed.invitations, Some(vec![]));
    assert_eq!(listed.next_token, None);

    // 5. Alice accepts, Bob rejects (requests 8, 9).
    tick();
    alice.accept_invitation().graph_arn(GRAPH).await.unwrap();
    bob.reject_invitation().graph_arn(GRAPH).await.unwrap();

    // 6. Accepting twice is a conflict (request 10).
    check_error(
        alice.accept_invitation().graph_arn(GRAPH).await,
        source,
        ServiceErrorCode::ConflictException,
        409,
        10,
        "Cannot accept the invitation: the membership of account 222222222222 is ENABLED, not INVITED.",
    );

    // 7. The administrator reads the three accounts: Bob is gone (request 11).
    let got = admin
        .get_members()
        .graph_arn(GRAPH)
        .account_ids([ALICE, BOB, MALLORY])
        .await
        .unwrap();
    let details = got.member_details.unwrap_or_default();
    assert_eq!(ids(&details), [ALICE, MALLORY]);
    check_member(
        &member(&details, ALICE),
        source,
        ALICE_EMAIL,
        MemberStatus::Enabled,
        at(2),
    );
    check_member(
        &member(&details, MALLORY),
        source,
        MALLORY_WRONG_EMAIL,
        MemberStatus::VerificationFailed,
        at(1),
    );
    let unprocessed = got.unprocessed_accounts.unwrap_or_default();
    assert_eq!(unprocessed.len(), 1, "{unprocessed:?}");
    assert_eq!(unprocessed[0].account_id.as_deref(), Some(BOB));
    assert!(
        unprocessed[0]
            .reason
            .as_deref()
            .is_some_and(|r| !r.is_empty()),
        "{unprocessed:?}"
    );

    // 8. One member a page: two pages (requests 12, 13).
    let page1 = admin
        .list_members()
        .graph_arn(GRAPH)
        .max_results(1)
        .await
        .unwrap();
    assert_eq!(ids(&page1.member_details.unwrap_or_default()), [ALICE]);
    let token = page1.next_token.expect("a second page");
    let page2 = admin
        .list_members()
        .graph_arn(GRAPH)
        .max_results(1)
        .next_token(token)
        .await
        .unwrap();
    assert_eq!(ids(&page2.member_details.unwrap_or_default()), [MALLORY]);
    assert_eq!(page2.next_token, None);

    // 9. Alice leaves (request 14).
    tick();
    alice
        .disassociate_membership()
        .graph_arn(GRAPH)
        .await
        .unwrap();

    // 10. The administrator deletes Mallory; Alice is no longer a member (request 15).
    let deleted = admin
        .delete_members()
        .graph_arn(GRAPH)
        .account_ids([MALLORY, ALICE])
        .await
        .unwrap();
    assert_eq!(deleted.account_ids, Some(vec![MALLORY.to_owned()]));
    let unprocessed = deleted.unprocessed_accounts.unwrap_or_default();
    assert_eq!(unprocessed.len(), 1, "{unprocessed:?}");
    assert_eq!(unprocessed[0].account_id.as_deref(), Some(ALICE));

    // 11. ... and the graph (request 16); reading it now is a 404 (request 17).
    admin.delete_graph().graph_arn(GRAPH).await.unwrap();
    check_error(
        admin
            .get_members()
            .graph_arn(GRAPH)
            .account_ids([ALICE])
            .await,
        source,
        ServiceErrorCode::ResourceNotFoundException,
        404,
        17,
        &format!("The behavior graph {GRAPH} does not exist in region us-east-1."),
    );

    // 12. No graph is left (request 18).
    let graphs = admin.list_graphs().await.unwrap();
    assert_eq!(graphs.graph_list, Some(vec![]));
    assert_eq!(graphs.next_token, None);
}

/// Replaces every distinct `NextToken` (request or response) with `page-token-N`, in order of appearance.
fn normalize_tokens(cassette: Cassette) -> Cassette {
    fn rename(body: &mut Value, names: &mut BTreeMap<String, String>) {
        let Some(token) = body.get_mut("NextToken") else {
            return;
        };
        let Some(real) = token.as_str().map(str::to_owned) else {
            return;
        };
        let next = format!("page-token-{}", names.len() + 1);
        *token = Value::String(names.entry(real).or_insert(next).clone());
    }
    let mut names = BTreeMap::new();
    cassette
        .into_interactions()
        .into_iter()
        .map(|mut interaction| {
            rename(&mut interaction.request.body, &mut names);
            rename(&mut interaction.response.body, &mut names);
            interaction
        })
        .collect()
}

/// Runs the workflow against a fresh, deterministic in-process emulator and returns the cassette text.
async fn record_from_emulator() -> String {
    let clock = Arc::new(ManualClock::default());
    let config = EmulatorConfig {
        // The client signs with the wall clock, the emulator's clock is fixed: see the module docs.
        verify_signatures: false,
        credentials: CredentialsFile::default()
            .with_email(ALICE, ALICE_EMAIL)
            .with_email(MALLORY, "mallory@example.com"),
        ..EmulatorConfig::default()
    };
    let emulator = Emulator::with_clock_ids_and_request_ids(
        config,
        clock.clone(),
        Arc::new(SequentialIds::new()),
        Arc::new(SequentialRequestIds::new()),
    );
    let recorder = RecordingTransport::new(emulator.transport(), SharedBuffer::new());
    workflow(&Accounts::over(recorder.clone()), Source::Emulator, &|| {
        clock.advance(TICK)
    })
    .await;
    let cassette = recorder.finish().unwrap();
    assert_eq!(cassette.len(), INTERACTIONS);
    normalize_tokens(cassette).to_jsonl()
}

#[tokio::test]
async fn the_emulator_still_records_the_checked_in_cassette() {
    let recorded = record_from_emulator().await;
    // Recording is deterministic: twice gives the same bytes.
    assert_eq!(record_from_emulator().await, recorded);
    if std::env::var(RECORD_VAR).is_ok_and(|v| v == "1") {
        let path = cassette_path();
        std::fs::create_dir_all(path.parent().expect("cassettes directory")).unwrap();
        // Write then rename, so the replay tests running alongside never read half a file.
        let partial = path.with_extension("jsonl.partial");
        std::fs::write(&partial, &recorded).unwrap();
        std::fs::rename(&partial, &path).unwrap();
        eprintln!("wrote {} ({INTERACTIONS} interactions)", path.display());
        return;
    }
    assert!(
        recorded == checked_in(),
        "the emulator no longer records tests/cassettes/admin_member_workflow.jsonl; \
         if the change is intended, re-record with \
         DETECTIVE_RECORD=1 cargo test -p detective-tests --test cassette_workflow"
    );
}

#[tokio::test]
async fn the_replayed_workflow_gives_every_recorded_answer_and_uses_every_interaction() {
    let replay = ReplayTransport::new(
        Cassette::from_jsonl(&checked_in()).unwrap(),
        ReplayMode::InOrder,
    );
    workflow(&Accounts::over(replay.clone()), Source::Cassette, &|| {}).await;
    assert!(replay.mismatches().is_empty());
    assert!(replay.unused().is_empty());
    replay.verify().unwrap();
}

#[tokio::test]
async fn recording_the_replayed_workflow_reproduces_the_cassette_byte_for_byte() {
    let text = checked_in();
    let replay = ReplayTransport::new(Cassette::from_jsonl(&text).unwrap(), ReplayMode::InOrder);
    let buffer = SharedBuffer::new();
    let recorder = RecordingTransport::new(replay.clone(), buffer.clone());
    workflow(&Accounts::over(recorder.clone()), Source::Cassette, &|| {}).await;
    recorder.flush().unwrap();
    replay.verify().unwrap();
    assert_eq!(buffer.contents(), text);
}

#[test]
fn the_cassette_holds_the_whole_workflow_and_no_secrets() {
    let text = checked_in();
    let cassette = Cassette::from_jsonl(&text).unwrap();
    let operations: Vec<&str> = cassette
        .interactions()
        .iter()
        .map(|i| i.operation.as_str())
        .collect();
    assert_eq!(
        operations,
        [
            "CreateGraph",
            "CreateMembers",
            "ListMembers",
            "ListMembers",
            "ListInvitations",
            "ListInvitations",
            "ListInvitations",
            "AcceptInvitation",
            "RejectInvitation",
            "AcceptInvitation",
            "GetMembers",
            "ListMembers",
            "ListMembers",
            "DisassociateMembership",
            "DeleteMembers",
            "DeleteGraph",
            "GetMembers",
            "ListGraphs",
        ]
    );
    let statuses: Vec<u16> = cassette
        .interactions()
        .iter()
        .map(|i| i.response.status)
        .collect();
    let mut expected = vec![200; INTERACTIONS];
    expected[9] = 409;
    expected[16] = 404;
    assert_eq!(statuses, expected);
    for (n, interaction) in cassette.interactions().iter().enumerate() {
        assert_eq!(
            interaction.response.headers.get("x-amzn-requestid"),
            Some(&request_id(n as u64 + 1)),
            "interaction #{n}"
        );
    }
    for secret in [
        ALICE_EMAIL,
        BOB_EMAIL,
        MALLORY_WRONG_EMAIL,
        INVITATION,
        "AWS4-HMAC-SHA256",
        "x-amz-date",
        "authorization",
    ] {
        assert!(!text.contains(secret), "the cassette contains {secret:?}");
    }
    assert!(text.contains("page-token-1") && text.contains("page-token-2"));
    // The file is exactly what the cassette writer makes of it.
    assert_eq!(cassette.to_jsonl(), text);
}

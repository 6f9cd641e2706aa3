//! Waiters against a typed mock: what is polled, how often, how long it sleeps, and when it stops.
//!
//! Every test runs on a paused tokio clock, so the waiter's sleeps take no
//! real time and the virtual time that passed can be asserted exactly.

// Panicking on setup failure is the point of a test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use detective_client::ops::operations::GetMembers;
use detective_client::ops::ServiceError;
use detective_client::types::{
    GetMembersOutput, MemberDetail, MemberStatus, ServiceErrorCode, UnprocessedAccount,
};
use detective_client::waiter::{DEFAULT_DELAY, DEFAULT_MAX_ATTEMPTS, WAITER_NAMES};
use detective_client::{Client, Error, WaiterError, WaiterKind};
use detective_testing::MockTransport;
use std::time::Duration;
use tokio::time::Instant;

const GRAPH: &str =
    "arn:aws:detective:us-east-1:111111111111:graph:0123456789abcdef0123456789abcdef";
const A: &str = "222222222222";
const B: &str = "333333333333";

fn client(mock: &MockTransport) -> Client {
    Client::builder()
        .region("us-east-1")
        .static_credentials("111111111111", "test")
        .transport(mock.clone())
        .max_attempts(1)
        .build()
        .unwrap()
}

fn member(account_id: &str, status: MemberStatus) -> MemberDetail {
    MemberDetail {
        account_id: Some(account_id.to_owned()),
        graph_arn: Some(GRAPH.to_owned()),
        status: Some(status),
        ..Default::default()
    }
}

fn output(members: Vec<MemberDetail>, unprocessed: &[&str]) -> GetMembersOutput {
    GetMembersOutput {
        member_details: Some(members),
        unprocessed_accounts: Some(
            unprocessed
                .iter()
                .map(|id| UnprocessedAccount {
                    account_id: Some((*id).to_owned()),
                    reason: Some("not a member".to_owned()),
                })
                .collect(),
        ),
    }
}

#[tokio::test(start_paused = true)]
async fn member_invited_succeeds_once_every_member_is_invited() {
    let mock = MockTransport::new();
    mock.on::<GetMembers>()
        .respond(output(
            vec![
                member(A, MemberStatus::VerificationInProgress),
                member(B, MemberStatus::Invited),
            ],
            &[],
        ))
        .times(2);
    mock.on::<GetMembers>().respond(output(
        vec![
            member(A, MemberStatus::Invited),
            member(B, MemberStatus::Invited),
        ],
        &[],
    ));
    let start = Instant::now();
    let out = client(&mock)
        .wait_until_member_invited()
        .graph_arn(GRAPH)
        .account_ids([A, B])
        .delay(Duration::from_secs(7))
        .wait()
        .await
        .unwrap();
    // Three polls, two sleeps between them, none after the last.
    assert_eq!(start.elapsed(), Duration::from_secs(14));
    let calls = mock.calls_of::<GetMembers>();
    assert_eq!(calls.len(), 3);
    for input in &calls {
        assert_eq!(input.graph_arn.as_deref(), Some(GRAPH));
        assert_eq!(
            input.account_ids.as_deref(),
            Some(&[A.to_owned(), B.to_owned()][..])
        );
    }
    let statuses: Vec<_> = out
        .member_details
        .unwrap()
        .into_iter()
        .map(|m| m.status)
        .collect();
    assert_eq!(
        statuses,
        [Some(MemberStatus::Invited), Some(MemberStatus::Invited)]
    );
    mock.verify().unwrap();
}

#[tokio::test(start_paused = true)]
async fn times_out_after_max_attempts_without_a_last_sleep() {
    let mock = MockTransport::new();
    mock.on::<GetMembers>()
        .respond(output(vec![member(A, MemberStatus::Invited)], &[]))
        .always();
    let start = Instant::now();
    let err = client(&mock)
        .wait_until_member_enabled()
        .graph_arn(GRAPH)
        .account_ids([A])
        .delay(Duration::from_secs(2))
        .max_attempts(4)
        .wait()
        .await
        .unwrap_err();
    assert!(
        matches!(err, WaiterError::TimedOut { attempts: 4 }),
        "{err:?}"
    );
    assert_eq!(mock.calls_of::<GetMembers>().len(), 4);
    assert_eq!(start.elapsed(), Duration::from_secs(6));
    assert!(err.to_string().contains("4 GetMembers attempts"), "{err}");
}

#[tokio::test(start_paused = true)]
async fn defaults_are_five_seconds_and_forty_attempts() {
    assert_eq!(DEFAULT_DELAY, Duration::from_secs(5));
    assert_eq!(DEFAULT_MAX_ATTEMPTS, 40);
    let mock = MockTransport::new();
    mock.on::<GetMembers>()
        .respond(output(
            vec![member(A, MemberStatus::VerificationInProgress)],
            &[],
        ))
        .always();
    let start = Instant::now();
    let err = client(&mock)
        .wait_until_member_invited()
        .graph_arn(GRAPH)
        .account_ids([A])
        .wait()
        .await
        .unwrap_err();
    assert!(
        matches!(err, WaiterError::TimedOut { attempts: 40 }),
        "{err:?}"
    );
    assert_eq!(mock.calls_of::<GetMembers>().len(), 40);
    assert_eq!(start.elapsed(), Duration::from_secs(39 * 5));
}

#[tokio::test(start_paused = true)]
async fn zero_max_attempts_still_polls_once() {
    let mock = MockTransport::new();
    mock.on::<GetMembers>()
        .respond(output(vec![member(A, MemberStatus::Invited)], &[]))
        .always();
    let err = client(&mock)
        .wait_until_member_enabled()
        .graph_arn(GRAPH)
        .account_ids([A])
        .max_attempts(0)
        .wait()
        .await
        .unwrap_err();
    assert!(
        matches!(err, WaiterError::TimedOut { attempts: 1 }),
        "{err:?}"
    );
    assert_eq!(mock.calls_of::<GetMembers>().len(), 1);
}

#[tokio::test(start_paused = true)]
async fn verification_failed_fails_fast_for_invited_and_enabled() {
    for kind in [WaiterKind::MemberInvited, WaiterKind::MemberEnabled] {
        let mock = MockTransport::new();
        mock.on::<GetMembers>()
            .respond(output(
                vec![
                    member(A, MemberStatus::Invited),
                    member(B, MemberStatus::VerificationFailed),
                ],
                &[],
            ))
            .always();
        let start = Instant::now();
        let err = client(&mock)
            .get_waiter(kind.name())
            .unwrap()
            .graph_arn(GRAPH)
            .account_ids([A, B])
            .wait()
            .await
            .unwrap_err();
        let WaiterError::Failed { account_id, status } = &err else {
            panic!("{kind}: expected Failed, got {err:?}");
        };
        assert_eq!(account_id, B);
        assert_eq!(status, &Some(MemberStatus::VerificationFailed));
        assert_eq!(mock.calls_of::<GetMembers>().len(), 1, "{kind}");
        assert_eq!(
            start.elapsed(),
            Duration::ZERO,
            "{kind}: no sleep before failing"
        );
        let message = err.to_string();
        assert!(
            message.contains(B) && message.contains("VERIFICATION_FAILED"),
            "{message}"
        );
    }
}

#[tokio::test(start_paused = true)]
async fn a_member_that_is_gone_fails_invited_and_enabled() {
    for kind in [WaiterKind::MemberInvited, WaiterKind::MemberEnabled] {
        let mock = MockTransport::new();
        mock.on::<GetMembers>()
            .respond(output(vec![member(A, MemberStatus::Invited)], &[B]))
            .always();
        let err = client(&mock)
            .get_waiter(kind.name())
            .unwrap()
            .graph_arn(GRAPH)
            .account_ids([A, B])
            .wait()
            .await
            .unwrap_err();
        assert!(
            matches!(&err, WaiterError::Failed { account_id, status: None } if account_id == B),
            "{kind}: {err:?}"
        );
        assert!(err.to_string().contains("not a member"), "{err}");
    }
}

#[tokio::test(start_paused = true)]
async fn an_enabled_member_fails_member_invited() {
    let mock = MockTransport::new();
    mock.on::<GetMembers>()
        .respond(output(vec![member(A, MemberStatus::Enabled)], &[]))
        .always();
    let err = client(&mock)
        .wait_until_member_invited()
        .graph_arn(GRAPH)
        .account_ids([A])
        .wait()
        .await
        .unwrap_err();
    assert!(
        matches!(
            &err,
            WaiterError::Failed {
                status: Some(MemberStatus::Enabled),
                ..
            }
        ),
        "{err:?}"
    );
}

#[tokio::test(start_paused = true)]
async fn accepted_but_disabled_keeps_member_enabled_polling() {
    let mock = MockTransport::new();
    mock.on::<GetMembers>()
        .respond(output(
            vec![member(A, MemberStatus::AcceptedButDisabled)],
            &[],
        ))
        .once();
    mock.on::<GetMembers>()
        .respond(output(vec![member(A, MemberStatus::Enabled)], &[]))
        .once();
    client(&mock)
        .wait_until_member_enabled()
        .graph_arn(GRAPH)
        .account_ids([A])
        .wait()
        .await
        .unwrap();
    mock.verify().unwrap();
}

#[tokio::test(start_paused = true)]
async fn member_removed_succeeds_once_no_account_is_a_member() {
    let mock = MockTransport::new();
    mock.on::<GetMembers>()
        .respond(output(vec![member(A, MemberStatus::Enabled)], &[B]))
        .once();
    mock.on::<GetMembers>()
        .respond(output(vec![], &[A, B]))
        .once();
    let start = Instant::now();
    let out = client(&mock)
        .wait_until_member_removed()
        .graph_arn(GRAPH)
        .account_ids([A, B])
        .wait()
        .await
        .unwrap();
    assert_eq!(start.elapsed(), DEFAULT_DELAY);
    assert_eq!(out.unprocessed_accounts.map(|u| u.len()), Some(2));
    mock.verify().unwrap();
}

#[tokio::test(start_paused = true)]
async fn a_service_error_stops_the_wait() {
    let mock = MockTransport::new();
    mock.on::<GetMembers>().fail(ServiceError::new(
        ServiceErrorCode::ResourceNotFoundException,
        "The request refers to a nonexistent resource.",
    ));
    let err = client(&mock)
        .wait_until_member_removed()
        .graph_arn(GRAPH)
        .account_ids([A])
        .wait()
        .await
        .unwrap_err();
    let WaiterError::Service(inner) = &err else {
        panic!("expected a service error, got {err:?}");
    };
    assert_eq!(
        inner.code(),
        Some(&ServiceErrorCode::ResourceNotFoundException)
    );
    assert!(std::error::Error::source(&err).is_some());
    assert!(
        err.to_string().contains("ResourceNotFoundException"),
        "{err}"
    );
}

#[tokio::test(start_paused = true)]
async fn an_invalid_input_sends_nothing() {
    let mock = MockTransport::new();
    let client = client(&mock);
    let no_accounts = client
        .wait_until_member_invited()
        .graph_arn(GRAPH)
        .wait()
        .await
        .unwrap_err();
    assert!(
        matches!(no_accounts, WaiterError::Service(Error::Validation(_))),
        "{no_accounts:?}"
    );
    let no_graph = client
        .wait_until_member_invited()
        .account_ids([A])
        .wait()
        .await
        .unwrap_err();
    assert!(
        matches!(no_graph, WaiterError::Service(Error::Validation(_))),
        "{no_graph:?}"
    );
    assert!(mock.calls().is_empty());
}

#[tokio::test(start_paused = true)]
async fn repeated_accounts_are_asked_for_once() {
    let mock = MockTransport::new();
    mock.on::<GetMembers>()
        .respond(output(vec![member(A, MemberStatus::Invited)], &[]))
        .once();
    client(&mock)
        .wait_until_member_invited()
        .graph_arn(GRAPH)
        .account_ids([A, A])
        .account_id(A)
        .wait()
        .await
        .unwrap();
    let calls = mock.calls_of::<GetMembers>();
    assert_eq!(calls[0].account_ids.as_deref(), Some(&[A.to_owned()][..]));
}

#[test]
fn get_waiter_answers_for_the_three_names_in_each_spelling() {
    let mock = MockTransport::new();
    let client = client(&mock);
    let expected = [
        ("member_invited", WaiterKind::MemberInvited),
        ("member-invited", WaiterKind::MemberInvited),
        ("MemberInvited", WaiterKind::MemberInvited),
        ("member_enabled", WaiterKind::MemberEnabled),
        ("member-enabled", WaiterKind::MemberEnabled),
        ("member_removed", WaiterKind::MemberRemoved),
        ("member-removed", WaiterKind::MemberRemoved),
    ];
    for (name, kind) in expected {
        assert_eq!(
            client.get_waiter(name).map(|w| w.kind()),
            Some(kind),
            "{name}"
        );
    }
    for name in ["member_deleted", "graph_exists", "", "MEMBER_INVITED"] {
        assert!(client.get_waiter(name).is_none(), "{name}");
    }
    assert_eq!(
        client.waiter_names(),
        ["member_enabled", "member_invited", "member_removed"]
    );
    assert_eq!(WAITER_NAMES, client.waiter_names());
    assert_eq!(
        client.wait_until_member_removed().kind(),
        WaiterKind::MemberRemoved
    );
}

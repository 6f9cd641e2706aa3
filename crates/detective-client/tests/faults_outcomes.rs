//! Every fault of the testing kit's `FaultTransport`, in front of the
//! in-process emulator, through the client's whole default stack: how each
//! call ends (retried and succeeded, or a typed error after exactly the
//! configured attempts), how many requests reached the service, where
//! stalls end, what a corrupted body gives, and a seeded random storm of
//! faults that must end every call without a panic or a lost acknowledged
//! change.
//!
//! The Tokio clock is paused: attempt timeouts, operation timeouts and slow
//! answers pass in virtual time, so the durations asserted are exact and no
//! test waits in real time.

// Panicking on setup failure is the point of a test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use detective_client::layer::retry::{RetryConfig, TokenBucket};
use detective_client::{Client, Error, TimeoutKind};
use detective_local::{Emulator, EmulatorConfig, InProcessTransport};
use detective_testing::fault::{Fault, FaultKind, FaultPlan, FaultTransport};
use detective_transport::TransportErrorKind;
use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;
use tokio::time::Instant;

const ATTEMPTS: u32 = 3;
const ATTEMPT_TIMEOUT: Duration = Duration::from_secs(2);
const OPERATION_TIMEOUT: Duration = Duration::from_secs(120);
/// Longer than the attempt timeout: a slow answer that no attempt waits for.
const TOO_SLOW: Duration = Duration::from_secs(5);

fn faulty(seed: u64) -> (Emulator, FaultTransport<InProcessTransport>) {
    let emulator = Emulator::new(EmulatorConfig::default());
    let faults = FaultTransport::new(emulator.transport(), seed);
    (emulator, faults)
}

/// Account `account` (12 digits, secret `test` by the emulator's convention),
/// 3 attempts, a fixed mid-range jitter, and a bucket too large to matter here.
fn client_as(account: &str, faults: &FaultTransport<InProcessTransport>) -> Client {
    Client::builder()
        .region("us-east-1")
        .static_credentials(account, "test")
        .transport(faults.clone())
        .retry_config(RetryConfig {
            max_attempts: ATTEMPTS,
            ..RetryConfig::default()
        })
        .token_bucket(TokenBucket::new(1_000_000))
        .jitter(|| 0.5)
        .attempt_timeout(ATTEMPT_TIMEOUT)
        .operation_timeout(OPERATION_TIMEOUT)
        .build()
        .unwrap()
}

fn client(faults: &FaultTransport<InProcessTransport>) -> Client {
    client_as("111111111111", faults)
}

/// `fault` hits the first request only: the call is retried once and succeeds.
async fn survives_once(fault: Fault) {
    let (_emulator, faults) = faulty(1);
    let client = client(&faults);
    faults.set_plan(FaultPlan::new().fault(fault.clone()));

    let out = client.list_graphs().send().await;

    assert!(out.is_ok(), "{fault:?}: {out:?}");
    let stats = faults.stats();
    assert_eq!(
        stats.requests, 2,
        "{fault:?}: one failed attempt, one retry"
    );
    assert_eq!(stats.count(fault.kind()), 1, "{fault:?}");
    let reached = u64::from(fault.reaches_service());
    assert_eq!(stats.forwarded, 1 + reached, "{fault:?}");
}

/// `fault` hits every request: the call fails after exactly `ATTEMPTS` attempts;
/// returns the error and checks the counts.
async fn exhausts(fault: Fault) -> Error {
    let (_emulator, faults) = faulty(2);
    let client = client(&faults);
    faults.set_plan(FaultPlan::always(fault.clone()));

    let err = client.list_graphs().send().await.unwrap_err();

    let stats = faults.stats();
    assert_eq!(stats.requests, u64::from(ATTEMPTS), "{fault:?}: {err}");
    assert_eq!(stats.count(fault.kind()), u64::from(ATTEMPTS), "{fault:?}");
    let reached = if fault.reaches_service() { ATTEMPTS } else { 0 };
    assert_eq!(stats.forwarded, u64::from(reached), "{fault:?}");
    err
}

fn transport_kind(err: &Error) -> Option<TransportErrorKind> {
    match err {
        Error::Transport(e) => Some(e.kind()),
        _ => None,
    }
}

#[tokio::test(start_paused = true)]
async fn a_refused_connection_is_retried_and_succeeds() {
    survives_once(Fault::Refuse).await;
}

#[tokio::test(start_paused = true)]
async fn always_refused_ends_in_a_connect_error_after_three_attempts() {
    let err = exhausts(Fault::Refuse).await;
    assert_eq!(
        transport_kind(&err),
        Some(TransportErrorKind::Connect),
        "{err}"
    );
}

#[tokio::test(start_paused = true)]
async fn a_reset_before_the_request_is_written_is_retried_and_succeeds() {
    survives_once(Fault::ResetBeforeWrite).await;
}

#[tokio::test(start_paused = true)]
async fn always_reset_before_write_ends_in_an_io_error_after_three_attempts() {
    let err = exhausts(Fault::ResetBeforeWrite).await;
    assert_eq!(transport_kind(&err), Some(TransportErrorKind::Io), "{err}");
}

#[tokio::test(start_paused = true)]
async fn a_reset_after_the_request_is_written_is_retried_and_succeeds() {
    survives_once(Fault::ResetAfterWrite).await;
}

#[tokio::test(start_paused = true)]
async fn always_reset_after_write_ends_in_an_io_error_and_the_service_saw_every_attempt() {
    let err = exhausts(Fault::ResetAfterWrite).await;
    assert_eq!(transport_kind(&err), Some(TransportErrorKind::Io), "{err}");
}

#[tokio::test(start_paused = true)]
async fn a_create_graph_whose_answer_was_lost_is_retried_into_the_same_graph() {
    let (emulator, faults) = faulty(3);
    let client = client(&faults);
    faults.set_plan(FaultPlan::new().fault(Fault::ResetAfterWrite));

    let created = client.create_graph().send().await.unwrap();

    // Both attempts reached the service; CreateGraph is idempotent, so there is one graph.
    assert_eq!(faults.stats().forwarded, 2);
    let listed = client
        .list_graphs()
        .send()
        .await
        .unwrap()
        .graph_list
        .unwrap_or_default();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].arn, created.graph_arn);
    drop(emulator);
}

#[tokio::test(start_paused = true)]
async fn a_stall_is_cut_by_the_attempt_timeout_retried_and_succeeds() {
    let (_emulator, faults) = faulty(4);
    let client = client(&faults);
    faults.set_plan(FaultPlan::new().fault(Fault::Stall));
    let start = Instant::now();

    client.list_graphs().send().await.unwrap();

    let events = faults.events();
    assert_eq!(events.len(), 2);
    // The retry came once the attempt timeout had passed, plus the jittered backoff (0.5 * 1 s).
    assert_eq!(
        events[1].at - start,
        ATTEMPT_TIMEOUT + Duration::from_millis(500)
    );
    assert_eq!(faults.stats().forwarded, 1);
}

#[tokio::test(start_paused = true)]
async fn always_stalled_ends_in_an_attempt_timeout_after_three_attempts() {
    let err = exhausts(Fault::Stall).await;
    assert!(
        matches!(
            err,
            Error::Timeout {
                kind: TimeoutKind::Attempt,
                after: ATTEMPT_TIMEOUT
            }
        ),
        "{err}"
    );
}

#[tokio::test(start_paused = true)]
async fn a_stalled_attempt_ends_exactly_at_its_attempt_timeout() {
    let (_emulator, faults) = faulty(5);
    let client = Client::builder()
        .region("us-east-1")
        .static_credentials("111111111111", "test")
        .transport(faults.clone())
        .max_attempts(1)
        .attempt_timeout(ATTEMPT_TIMEOUT)
        .operation_timeout(OPERATION_TIMEOUT)
        .build()
        .unwrap();
    faults.set_plan(FaultPlan::always(Fault::Stall));
    let start = Instant::now();

    let err = client.list_graphs().send().await.unwrap_err();

    assert!(
        matches!(
            err,
            Error::Timeout {
                kind: TimeoutKind::Attempt,
                ..
            }
        ),
        "{err}"
    );
    // Tokio timers tick in whole milliseconds, so the deadline may land up to one tick late.
    let elapsed = start.elapsed();
    assert!(
        elapsed >= ATTEMPT_TIMEOUT && elapsed <= ATTEMPT_TIMEOUT + Duration::from_millis(1),
        "{elapsed:?}"
    );
    assert_eq!(faults.stats().requests, 1);
}

#[tokio::test(start_paused = true)]
async fn stalled_attempts_end_at_the_operation_timeout() {
    let (_emulator, faults) = faulty(6);
    let operation_timeout = Duration::from_secs(5);
    let client = Client::builder()
        .region("us-east-1")
        .static_credentials("111111111111", "test")
        .transport(faults.clone())
        .max_attempts(10)
        .jitter(|| 0.0)
        .attempt_timeout(ATTEMPT_TIMEOUT)
        .operation_timeout(operation_timeout)
        .build()
        .unwrap();
    faults.set_plan(FaultPlan::always(Fault::Stall));
    let start = Instant::now();

    let err = client.list_graphs().send().await.unwrap_err();

    assert!(
        matches!(
            err,
            Error::Timeout {
                kind: TimeoutKind::Operation,
                after
            } if after == operation_timeout
        ),
        "{err}"
    );
    let elapsed = start.elapsed();
    assert!(
        elapsed >= operation_timeout && elapsed <= operation_timeout + Duration::from_millis(1),
        "{elapsed:?}"
    );
    // Attempts started at 0 s, 2 s and 4 s; the third was cut by the 5 s deadline.
    let starts: Vec<Duration> = faults.events().iter().map(|e| e.at - start).collect();
    assert_eq!(
        starts,
        [0, 2, 4].map(Duration::from_secs).to_vec(),
        "{starts:?}"
    );
}

#[tokio::test(start_paused = true)]
async fn each_retryable_status_is_retried_and_succeeds() {
    for status in [500, 502, 503, 504, 429] {
        survives_once(Fault::Status(status)).await;
    }
}

#[tokio::test(start_paused = true)]
async fn each_retryable_status_every_time_ends_in_that_service_error_after_three_attempts() {
    for status in [500, 502, 503, 504, 429] {
        let err = exhausts(Fault::Status(status)).await;
        let service = err
            .service_error()
            .unwrap_or_else(|| panic!("HTTP {status}: {err}"));
        assert_eq!(service.status, status);
        assert_eq!(
            service.request_id.as_deref(),
            Some("fault-2"),
            "the last attempt's answer"
        );
    }
}

#[tokio::test(start_paused = true)]
async fn a_slow_answer_within_the_attempt_timeout_is_waited_for() {
    let (_emulator, faults) = faulty(7);
    let client = client(&faults);
    let delay = Duration::from_millis(1500);
    faults.set_plan(FaultPlan::new().fault(Fault::SlowBody(delay)));
    let start = Instant::now();

    client.list_graphs().send().await.unwrap();

    let elapsed = start.elapsed();
    assert!(
        elapsed >= delay && elapsed <= delay + Duration::from_millis(1),
        "{elapsed:?}"
    );
    let stats = faults.stats();
    assert_eq!((stats.requests, stats.forwarded), (1, 1));
}

#[tokio::test(start_paused = true)]
async fn a_slow_answer_past_the_attempt_timeout_is_retried_and_succeeds() {
    survives_once(Fault::SlowBody(TOO_SLOW)).await;
}

#[tokio::test(start_paused = true)]
async fn always_too_slow_ends_in_an_attempt_timeout_and_the_service_saw_every_attempt() {
    let err = exhausts(Fault::SlowBody(TOO_SLOW)).await;
    assert!(
        matches!(
            err,
            Error::Timeout {
                kind: TimeoutKind::Attempt,
                ..
            }
        ),
        "{err}"
    );
}

/// The emulator's graph of account 111111111111, read without faults.
async fn only_graph(faults: &FaultTransport<InProcessTransport>) -> String {
    faults.set_plan(FaultPlan::new());
    let graphs = client(faults)
        .list_graphs()
        .send()
        .await
        .unwrap()
        .graph_list
        .unwrap_or_default();
    assert_eq!(graphs.len(), 1, "{graphs:?}");
    graphs[0].arn.clone().unwrap()
}

#[tokio::test(start_paused = true)]
async fn a_garbled_200_body_is_unparseable_with_the_raw_body_and_not_retried() {
    let (_emulator, faults) = faulty(8);
    let client = client(&faults);
    faults.set_plan(FaultPlan::new().fault(Fault::GarbledBody));

    let err = client.create_graph().send().await.unwrap_err();

    let stats = faults.stats();
    assert_eq!((stats.requests, stats.forwarded), (1, 1), "not retried");
    let Error::Unparseable(unparseable) = &err else {
        panic!("expected Error::Unparseable, got {err}");
    };
    assert_eq!(unparseable.status, 200);
    // The graph was created; the raw body is the garbling byte and then the service's answer.
    let arn = only_graph(&faults).await;
    let expected = format!(r#"{{"GraphArn":"{arn}"}}"#);
    let raw = err.raw_body().unwrap();
    assert_eq!(raw[0], 0xFF);
    assert_eq!(&raw[1..], expected.as_bytes());
}

#[tokio::test(start_paused = true)]
async fn a_truncated_200_body_is_unparseable_with_the_raw_body_and_not_retried() {
    let (_emulator, faults) = faulty(9);
    let client = client(&faults);
    faults.set_plan(FaultPlan::new().fault(Fault::TruncatedBody));

    let err = client.create_graph().send().await.unwrap_err();

    assert_eq!(faults.stats().forwarded, 1, "not retried");
    assert!(matches!(err, Error::Unparseable(_)), "{err}");
    let arn = only_graph(&faults).await;
    let full = format!(r#"{{"GraphArn":"{arn}"}}"#);
    let raw = err.raw_body().unwrap();
    assert_eq!(raw.as_ref(), &full.as_bytes()[..full.len() / 2]);
}

/// What an account is, as far as acknowledged answers tell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Known {
    Member,
    NotMember,
    /// A call touching it failed, or it came back unprocessed: it may be either.
    Unknown,
}

/// Seeded random faults of every kind on a third of the requests, through
/// create/list/get/delete calls: every call ends (success or typed error),
/// nothing panics, and every acknowledged membership change is what the
/// service holds at the end. Prints the figures.
#[tokio::test(start_paused = true)]
async fn a_seeded_storm_of_every_fault_ends_every_call_and_loses_no_acknowledged_change() {
    const SEEDS: [u64; 4] = [11, 12, 13, 14];
    const ROUNDS: usize = 60;
    let mut totals: BTreeMap<FaultKind, u64> = BTreeMap::new();
    let (mut calls, mut succeeded, mut failed, mut lost_responses) = (0u64, 0u64, 0u64, 0u64);
    // Accounts whose final state the acknowledged answers pin down, and which were checked.
    let mut checked = 0u64;

    for seed in SEEDS {
        let (_emulator, faults) = faulty(seed);
        let client = client(&faults);
        let storm = FaultPlan::random([
            (Fault::Refuse, 0.04),
            (Fault::ResetBeforeWrite, 0.04),
            (Fault::ResetAfterWrite, 0.06),
            (Fault::Stall, 0.03),
            (Fault::Status(500), 0.03),
            (Fault::Status(502), 0.02),
            (Fault::Status(503), 0.03),
            (Fault::Status(504), 0.02),
            (Fault::Status(429), 0.03),
            (Fault::TruncatedBody, 0.01),
            (Fault::GarbledBody, 0.01),
            (Fault::SlowBody(Duration::from_millis(300)), 0.02),
            (Fault::SlowBody(TOO_SLOW), 0.01),
        ]);
        faults.set_plan(FaultPlan::new());
        let arn = client
            .create_graph()
            .send()
            .await
            .unwrap()
            .graph_arn
            .unwrap();
        faults.set_plan(storm);

        let accounts: Vec<String> = (0..8).map(|i| format!("2222222222{i:02}")).collect();
        let mut known: BTreeMap<String, Known> = accounts
            .iter()
            .map(|a| (a.clone(), Known::NotMember))
            .collect();
        let mut rng = fastrand::Rng::with_seed(seed);
        for _ in 0..ROUNDS {
            let account = accounts[rng.usize(..accounts.len())].clone();
            calls += 1;
            let ok = match rng.u8(..4) {
                0 => match client
                    .create_members()
                    .graph_arn(&arn)
                    .account(&account, format!("{account}@example.com"))
                    .send()
                    .await
                {
                    Ok(out) => {
                        let created = out
                            .members
                            .unwrap_or_default()
                            .iter()
                            .any(|m| m.account_id.as_deref() == Some(&account));
                        let state = known.get_mut(&account).unwrap();
                        // Unprocessed after a lost answer: a member, but the answer does not say so.
                        *state = if created {
                            Known::Member
                        } else {
                            Known::Unknown
                        };
                        true
                    }
                    Err(_) => {
                        known.insert(account, Known::Unknown);
                        false
                    }
                },
                1 => match client
                    .delete_members()
                    .graph_arn(&arn)
                    .account_ids([account.clone()])
                    .send()
                    .await
                {
                    Ok(out) => {
                        let deleted = out.account_ids.unwrap_or_default().contains(&account);
                        let state = known.get_mut(&account).unwrap();
                        *state = if deleted || *state == Known::NotMember {
                            Known::NotMember
                        } else {
                            Known::Unknown
                        };
                        true
                    }
                    Err(_) => {
                        known.insert(account, Known::Unknown);
                        false
                    }
                },
                2 => client
                    .get_members()
                    .graph_arn(&arn)
                    .account_ids([account])
                    .send()
                    .await
                    .is_ok(),
                _ => client.list_members().graph_arn(&arn).send().await.is_ok(),
            };
            if ok {
                succeeded += 1;
            } else {
                failed += 1;
            }
        }

        // Read back without faults: every acknowledged change holds.
        faults.set_plan(FaultPlan::new());
        let members: BTreeSet<String> = client
            .list_members()
            .graph_arn(&arn)
            .send()
            .await
            .unwrap()
            .member_details
            .unwrap_or_default()
            .into_iter()
            .filter_map(|m| m.account_id)
            .collect();
        for (account, state) in &known {
            match state {
                Known::Member => assert!(members.contains(account), "seed {seed}: {account}"),
                Known::NotMember => assert!(!members.contains(account), "seed {seed}: {account}"),
                Known::Unknown => continue,
            }
            checked += 1;
        }

        let stats = faults.stats();
        assert!(stats.injected_total() > 0, "seed {seed} injected nothing");
        lost_responses += stats.lost_responses();
        for (kind, n) in stats.injected {
            *totals.entry(kind).or_insert(0) += n;
        }
    }

    let injected: u64 = totals.values().sum();
    println!(
        "fault storm: {calls} calls over {} seeds, {succeeded} succeeded, {failed} failed with a typed error, \
         {injected} faults injected ({lost_responses} responses lost after the service processed the request), by kind: {totals:?}; \
         {checked} acknowledged final memberships checked, none lost",
        SEEDS.len()
    );
    assert!(checked > 0, "no acknowledged change was left to check");
    // Every call ended one way or the other; with 3 attempts most survive their faults.
    assert_eq!(succeeded + failed, calls);
    assert!(succeeded > failed, "{succeeded} vs {failed}");
}

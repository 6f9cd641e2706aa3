//! Backoff and the retry quota under injected faults, through the client's
//! whole default stack in front of the in-process emulator.
//!
//! - The gap between attempt n and n+1 is the standard mode's full-jitter
//!   backoff: within `[0, min(1 s * 2^(n-1), 20 s)]`, measured on the paused
//!   Tokio clock from the arrival times the fault transport logs.
//! - With a service failing every request, the retry token bucket caps what
//!   the client sends: a bucket of 500 pays for 100 retries at 5 tokens (50
//!   after timeouts, at 10), so N failing calls send at most N + 100 requests
//!   (counted), and successes earn retries back at one token each.

// Panicking on setup failure is the point of a test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use detective_client::layer::retry::TokenBucket;
use detective_client::{Client, ClientBuilder, Error, TimeoutKind};
use detective_local::{Emulator, EmulatorConfig, InProcessTransport};
use detective_testing::fault::{Fault, FaultPlan, FaultTransport};
use std::time::Duration;

fn faulty(seed: u64) -> (Emulator, FaultTransport<InProcessTransport>) {
    let emulator = Emulator::new(EmulatorConfig::default());
    let faults = FaultTransport::new(emulator.transport(), seed);
    (emulator, faults)
}

fn builder(faults: &FaultTransport<InProcessTransport>) -> ClientBuilder {
    Client::builder()
        .region("us-east-1")
        .static_credentials("111111111111", "test")
        .transport(faults.clone())
        .attempt_timeout(Duration::from_secs(2))
        .operation_timeout(Duration::from_secs(3600))
}

/// The standard mode's ceiling before retry `n` (1 for the first retry).
fn ceiling(n: u32) -> Duration {
    (Duration::from_secs(1) * 2u32.pow(n - 1)).min(Duration::from_secs(20))
}

/// Runs `calls` calls against an always-503 service with `max_attempts`
/// attempts each and returns, per call, the gaps between its attempts.
async fn gaps_per_call(
    faults: &FaultTransport<InProcessTransport>,
    client: &Client,
    calls: usize,
    max_attempts: usize,
) -> Vec<Vec<Duration>> {
    faults.set_plan(FaultPlan::always(Fault::Status(503)));
    let mut per_call = Vec::new();
    for _ in 0..calls {
        let before = faults.events().len();
        let err = client.list_graphs().send().await.unwrap_err();
        assert_eq!(err.service_error().map(|e| e.status), Some(503), "{err}");
        let events = faults.events();
        let attempts = &events[before..];
        assert_eq!(attempts.len(), max_attempts);
        per_call.push(attempts.windows(2).map(|w| w[1].at - w[0].at).collect());
    }
    per_call
}

#[tokio::test(start_paused = true)]
async fn random_backoff_between_attempts_stays_within_the_standard_bounds() {
    const CALLS: usize = 40;
    // 8 attempts: the ceilings 1, 2, 4, 8, 16 s and then the 20 s cap twice.
    const ATTEMPTS: u32 = 8;
    let (_emulator, faults) = faulty(21);
    let client = builder(&faults)
        .max_attempts(ATTEMPTS)
        // Large enough that the quota never stops a retry here.
        .token_bucket(TokenBucket::new(1_000_000))
        .build()
        .unwrap();

    let per_call = gaps_per_call(&faults, &client, CALLS, ATTEMPTS as usize).await;

    let mut all = Vec::new();
    for gaps in &per_call {
        for (i, gap) in gaps.iter().enumerate() {
            let retry = i as u32 + 1;
            assert!(
                *gap <= ceiling(retry),
                "retry {retry}: waited {gap:?}, ceiling {:?}",
                ceiling(retry)
            );
        }
        all.extend(gaps.iter().copied());
    }
    // Full jitter: the waits are spread out, not one fixed value per retry.
    for retry in 1..ATTEMPTS {
        let waits: Vec<Duration> = per_call.iter().map(|g| g[retry as usize - 1]).collect();
        let distinct: std::collections::BTreeSet<Duration> = waits.iter().copied().collect();
        assert!(distinct.len() > CALLS / 2, "retry {retry}: {waits:?}");
        // Over 40 draws some land in the upper half of the range (chance of none: 2^-40).
        assert!(
            waits.iter().any(|w| *w > ceiling(retry) / 2),
            "retry {retry}: {waits:?}"
        );
    }
    assert_eq!(all.len(), CALLS * (ATTEMPTS as usize - 1));
}

#[tokio::test(start_paused = true)]
async fn backoff_with_the_largest_jitter_follows_the_ceiling_to_its_cap() {
    const ATTEMPTS: u32 = 8;
    let (_emulator, faults) = faulty(22);
    let client = builder(&faults)
        .max_attempts(ATTEMPTS)
        .jitter(|| 1.0)
        .build()
        .unwrap();

    let per_call = gaps_per_call(&faults, &client, 1, ATTEMPTS as usize).await;

    let expected: Vec<Duration> = [1, 2, 4, 8, 16, 20, 20].map(Duration::from_secs).to_vec();
    assert_eq!(per_call[0], expected);
}

#[tokio::test(start_paused = true)]
async fn an_always_failing_service_gets_at_most_n_plus_100_requests_from_a_500_token_bucket() {
    const CALLS: u64 = 150;
    let (_emulator, faults) = faulty(23);
    let bucket = TokenBucket::new(500);
    let client = builder(&faults)
        .max_attempts(3)
        .jitter(|| 0.0)
        .token_bucket(bucket.clone())
        .build()
        .unwrap();
    faults.set_plan(FaultPlan::always(Fault::Status(500)));

    for _ in 0..CALLS {
        let err = client.list_graphs().send().await.unwrap_err();
        assert_eq!(err.service_error().map(|e| e.status), Some(500), "{err}");
    }

    // The first 50 calls retry twice each (100 retries x 5 tokens = 500); the other 100 cannot.
    let stats = faults.stats();
    assert_eq!(stats.requests, CALLS + 100);
    assert_eq!(stats.forwarded, 0);
    assert_eq!(bucket.available(), 0);
}

#[tokio::test(start_paused = true)]
async fn concurrent_calls_to_an_always_failing_service_share_the_same_cap() {
    const CALLS: u64 = 200;
    let (_emulator, faults) = faulty(24);
    let bucket = TokenBucket::new(500);
    let client = builder(&faults)
        .max_attempts(3)
        .token_bucket(bucket.clone())
        .build()
        .unwrap();
    faults.set_plan(FaultPlan::always(Fault::Status(503)));

    let calls = (0..CALLS).map(|_| {
        let client = client.clone();
        async move { client.list_graphs().send().await }
    });
    let results = futures_util::future::join_all(calls).await;

    assert!(results.iter().all(Result::is_err));
    // 400 retries were wanted; exactly the 100 the bucket pays for were sent.
    assert_eq!(faults.stats().requests, CALLS + 100);
    assert_eq!(bucket.available(), 0);
}

#[tokio::test(start_paused = true)]
async fn timed_out_attempts_cost_ten_tokens_so_a_500_bucket_pays_for_50_retries() {
    const CALLS: u64 = 40;
    let (_emulator, faults) = faulty(25);
    let bucket = TokenBucket::new(500);
    let client = builder(&faults)
        .max_attempts(3)
        .jitter(|| 0.0)
        .token_bucket(bucket.clone())
        .build()
        .unwrap();
    faults.set_plan(FaultPlan::always(Fault::Stall));

    for _ in 0..CALLS {
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
    }

    assert_eq!(faults.stats().requests, CALLS + 50);
    assert_eq!(bucket.available(), 0);
}

#[tokio::test(start_paused = true)]
async fn an_emptied_bucket_earns_retries_back_with_successes() {
    let (_emulator, faults) = faulty(26);
    let bucket = TokenBucket::new(500);
    let client = builder(&faults)
        .max_attempts(3)
        .jitter(|| 0.0)
        .token_bucket(bucket.clone())
        .build()
        .unwrap();

    // An outage: the bucket empties and calls fail fast, one request each.
    faults.set_plan(FaultPlan::always(Fault::Status(503)));
    for _ in 0..60 {
        let _ = client.list_graphs().send().await.unwrap_err();
    }
    assert_eq!(bucket.available(), 0);
    let before = faults.stats().requests;
    let _ = client.list_graphs().send().await.unwrap_err();
    assert_eq!(faults.stats().requests - before, 1, "no retry while empty");

    // Recovery: 50 successes give back 50 tokens, 10 retries' worth.
    faults.set_plan(FaultPlan::new());
    for _ in 0..50 {
        client.list_graphs().send().await.unwrap();
    }
    assert_eq!(bucket.available(), 50);

    // Another outage: the 10 earned retries are spent, then calls fail fast again.
    faults.set_plan(FaultPlan::always(Fault::Status(503)));
    let before = faults.stats().requests;
    for _ in 0..20 {
        let _ = client.list_graphs().send().await.unwrap_err();
    }
    assert_eq!(faults.stats().requests - before, 20 + 10);
    assert_eq!(bucket.available(), 0);

    // A retry that succeeds pays its tokens and earns one back.
    faults.set_plan(FaultPlan::new().pass(10));
    for _ in 0..10 {
        client.list_graphs().send().await.unwrap();
    }
    assert_eq!(bucket.available(), 10);
    faults.set_plan(FaultPlan::new().fault(Fault::Status(503)));
    client.list_graphs().send().await.unwrap();
    assert_eq!(bucket.available(), 10 - 5 + 1);
}

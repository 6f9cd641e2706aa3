//! Waiters against the in-process emulator and its verification delay.
//!
//! The emulator's clock here follows tokio's clock, which the tests pause:
//! the waiter's sleeps advance both at once, so a 30-second verification
//! delay passes in no real time and the membership changes exactly when the
//! waiter's virtual time says it should. Signatures are still verified.

// Panicking on setup failure is the point of a test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use detective_client::types::{MemberStatus, Timestamp};
use detective_client::{Client, WaiterError};
use detective_local::state::{Clock, RandomIds};
use detective_local::{CredentialsFile, Emulator, EmulatorConfig};
use std::sync::Arc;
use std::time::Duration;
use tokio::time::Instant;

const ADMIN: &str = "111111111111";
const MEMBER: &str = "222222222222";

/// The wall-clock time at creation, moved on by tokio's (pausable) clock.
struct TokioClock {
    origin_millis: i64,
    start: Instant,
}

impl TokioClock {
    fn new() -> Self {
        TokioClock {
            origin_millis: Timestamp::now().epoch_millis(),
            start: Instant::now(),
        }
    }
}

impl Clock for TokioClock {
    fn now(&self) -> Timestamp {
        let elapsed = i64::try_from(self.start.elapsed().as_millis()).unwrap();
        Timestamp::from_epoch_millis(self.origin_millis + elapsed).unwrap()
    }
}

fn emulator(verification_delay: Duration, credentials: CredentialsFile) -> Emulator {
    let config = EmulatorConfig {
        verification_delay,
        credentials,
        ..EmulatorConfig::default()
    };
    Emulator::with_clock_and_ids(config, Arc::new(TokioClock::new()), Arc::new(RandomIds))
}

fn client(emulator: &Emulator, account: &str) -> Client {
    Client::builder()
        .region("us-east-1")
        .static_credentials(account, "test")
        .transport(emulator.transport())
        .max_attempts(1)
        .build()
        .unwrap()
}

/// A graph administered by ADMIN with MEMBER invited (root e-mail `member@example.com`).
async fn graph_with_member(emulator: &Emulator) -> String {
    let admin = client(emulator, ADMIN);
    let arn = admin
        .create_graph()
        .send()
        .await
        .unwrap()
        .graph_arn
        .unwrap();
    admin
        .create_members()
        .graph_arn(&arn)
        .account(MEMBER, "member@example.com")
        .send()
        .await
        .unwrap();
    arn
}

#[tokio::test(start_paused = true)]
async fn member_invited_succeeds_after_the_verification_delay() {
    let emulator = emulator(Duration::from_secs(30), CredentialsFile::default());
    let arn = graph_with_member(&emulator).await;
    let admin = client(&emulator, ADMIN);
    let first = admin
        .get_members()
        .graph_arn(&arn)
        .account_ids([MEMBER])
        .send()
        .await
        .unwrap();
    assert_eq!(
        first.member_details.unwrap()[0].status,
        Some(MemberStatus::VerificationInProgress)
    );
    let start = Instant::now();
    let out = admin
        .wait_until_member_invited()
        .graph_arn(&arn)
        .account_ids([MEMBER])
        .delay(Duration::from_secs(5))
        .wait()
        .await
        .unwrap();
    // Polls at 0, 5, ..., 30 s: the seventh sees the verification done.
    assert_eq!(start.elapsed(), Duration::from_secs(30));
    assert_eq!(
        out.member_details.unwrap()[0].status,
        Some(MemberStatus::Invited)
    );
}

#[tokio::test(start_paused = true)]
async fn member_invited_times_out_when_verification_outlasts_the_attempts() {
    let emulator = emulator(Duration::from_secs(300), CredentialsFile::default());
    let arn = graph_with_member(&emulator).await;
    let start = Instant::now();
    let err = client(&emulator, ADMIN)
        .get_waiter("member-invited")
        .unwrap()
        .graph_arn(&arn)
        .account_ids([MEMBER])
        .delay(Duration::from_secs(5))
        .max_attempts(6)
        .wait()
        .await
        .unwrap_err();
    assert!(
        matches!(err, WaiterError::TimedOut { attempts: 6 }),
        "{err:?}"
    );
    assert_eq!(start.elapsed(), Duration::from_secs(25));
}

#[tokio::test(start_paused = true)]
async fn verification_failed_fails_fast_once_the_delay_has_passed() {
    let credentials = CredentialsFile::default().with_email(MEMBER, "x@example.com");
    let emulator = emulator(Duration::from_secs(12), credentials);
    let arn = graph_with_member(&emulator).await;
    let start = Instant::now();
    let err = client(&emulator, ADMIN)
        .wait_until_member_invited()
        .graph_arn(&arn)
        .account_ids([MEMBER])
        .delay(Duration::from_secs(4))
        .wait()
        .await
        .unwrap_err();
    let WaiterError::Failed { account_id, status } = &err else {
        panic!("expected Failed, got {err:?}");
    };
    assert_eq!(account_id, MEMBER);
    assert_eq!(status, &Some(MemberStatus::VerificationFailed));
    // The first poll after the 12-second delay fails; the 40 attempts are not used up.
    assert_eq!(start.elapsed(), Duration::from_secs(12));

    let enabled = client(&emulator, ADMIN)
        .wait_until_member_enabled()
        .graph_arn(&arn)
        .account_ids([MEMBER])
        .wait()
        .await
        .unwrap_err();
    assert!(
        matches!(
            enabled,
            WaiterError::Failed {
                status: Some(MemberStatus::VerificationFailed),
                ..
            }
        ),
        "{enabled:?}"
    );
}

#[tokio::test(start_paused = true)]
async fn member_enabled_succeeds_when_the_member_accepts_meanwhile() {
    let emulator = emulator(Duration::ZERO, CredentialsFile::default());
    let arn = graph_with_member(&emulator).await;
    let member = client(&emulator, MEMBER);
    let start = Instant::now();
    let accept = async {
        tokio::time::sleep(Duration::from_secs(12)).await;
        member.accept_invitation().graph_arn(&arn).send().await
    };
    let wait = client(&emulator, ADMIN)
        .wait_until_member_enabled()
        .graph_arn(&arn)
        .account_ids([MEMBER])
        .wait();
    let (accepted, waited) = tokio::join!(accept, wait);
    accepted.unwrap();
    let out = waited.unwrap();
    assert_eq!(
        out.member_details.unwrap()[0].status,
        Some(MemberStatus::Enabled)
    );
    // Polls at 0, 5 and 10 s see INVITED; the one at 15 s sees ENABLED.
    assert_eq!(start.elapsed(), Duration::from_secs(15));
}

#[tokio::test(start_paused = true)]
async fn member_enabled_fails_fast_when_the_member_declines() {
    let emulator = emulator(Duration::ZERO, CredentialsFile::default());
    let arn = graph_with_member(&emulator).await;
    let member = client(&emulator, MEMBER);
    let reject = async {
        tokio::time::sleep(Duration::from_secs(7)).await;
        member.reject_invitation().graph_arn(&arn).send().await
    };
    let wait = client(&emulator, ADMIN)
        .wait_until_member_enabled()
        .graph_arn(&arn)
        .account_ids([MEMBER])
        .wait();
    let (rejected, waited) = tokio::join!(reject, wait);
    rejected.unwrap();
    let err = waited.unwrap_err();
    assert!(
        matches!(&err, WaiterError::Failed { account_id, status: None } if account_id == MEMBER),
        "{err:?}"
    );
}

#[tokio::test(start_paused = true)]
async fn member_removed_succeeds_after_delete_members() {
    let emulator = emulator(Duration::ZERO, CredentialsFile::default());
    let arn = graph_with_member(&emulator).await;
    let admin = client(&emulator, ADMIN);
    let delete = async {
        tokio::time::sleep(Duration::from_secs(3)).await;
        admin
            .delete_members()
            .graph_arn(&arn)
            .account_ids([MEMBER])
            .send()
            .await
    };
    let start = Instant::now();
    let wait = admin
        .wait_until_member_removed()
        .graph_arn(&arn)
        .account_ids([MEMBER])
        .wait();
    let (deleted, waited) = tokio::join!(delete, wait);
    deleted.unwrap();
    let out = waited.unwrap();
    assert_eq!(start.elapsed(), Duration::from_secs(5));
    assert!(out.member_details.unwrap_or_default().is_empty());
    let unprocessed = out.unprocessed_accounts.unwrap();
    assert_eq!(unprocessed[0].account_id.as_deref(), Some(MEMBER));
}

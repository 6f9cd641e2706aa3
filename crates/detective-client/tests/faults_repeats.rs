//! What each operation answers when its first attempt was processed but its
//! answer lost (a reset after the request was written) and the client
//! retried it: the table of `docs/retries.md`, checked against the
//! in-process emulator.

// Panicking on setup failure is the point of a test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use detective_client::types::ServiceErrorCode;
use detective_client::{Client, Error};
use detective_local::{Emulator, EmulatorConfig, InProcessTransport};
use detective_testing::fault::{Fault, FaultPlan, FaultTransport};

const ADMIN: &str = "111111111111";
const MEMBER: &str = "222222222222";

struct World {
    faults: FaultTransport<InProcessTransport>,
    admin: Client,
    member: Client,
    arn: String,
}

fn client(account: &str, faults: &FaultTransport<InProcessTransport>) -> Client {
    Client::builder()
        .region("us-east-1")
        .static_credentials(account, "test")
        .transport(faults.clone())
        .jitter(|| 0.0)
        .build()
        .unwrap()
}

/// A graph with MEMBER invited (or enabled), built without faults.
async fn world(enabled: bool) -> World {
    let emulator = Emulator::new(EmulatorConfig::default());
    let faults = FaultTransport::new(emulator.transport(), 61);
    let admin = client(ADMIN, &faults);
    let member = client(MEMBER, &faults);
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
    if enabled {
        member
            .accept_invitation()
            .graph_arn(&arn)
            .send()
            .await
            .unwrap();
    }
    World {
        faults,
        admin,
        member,
        arn,
    }
}

impl World {
    /// The next request of `operation` is processed and its answer lost.
    fn lose_next(&self, operation: &str) {
        self.faults.set_plan(
            FaultPlan::new()
                .fault(Fault::ResetAfterWrite)
                .only(operation),
        );
    }

    /// The next request, whatever it is, is processed and its answer lost.
    fn lose_next_any(&self) {
        self.faults
            .set_plan(FaultPlan::new().fault(Fault::ResetAfterWrite));
    }

    /// The service saw the operation twice: the lost attempt and the retry.
    fn assert_processed_twice(&self) {
        assert_eq!(self.faults.stats().lost_responses(), 1);
    }
}

fn code(err: &Error) -> Option<(ServiceErrorCode, u16)> {
    err.service_error().map(|e| (e.code.clone(), e.status))
}

#[tokio::test(start_paused = true)]
async fn create_graph_repeated_answers_the_same_graph() {
    let w = world(false).await;
    w.lose_next("CreateGraph");
    let out = w.admin.create_graph().send().await.unwrap();
    w.assert_processed_twice();
    assert_eq!(out.graph_arn.as_deref(), Some(w.arn.as_str()));
}

#[tokio::test(start_paused = true)]
async fn create_members_repeated_reports_the_accounts_unprocessed_as_already_members() {
    let w = world(false).await;
    w.lose_next("CreateMembers");
    let out = w
        .admin
        .create_members()
        .graph_arn(&w.arn)
        .account("333333333333", "third@example.com")
        .send()
        .await
        .unwrap();
    w.assert_processed_twice();
    assert_eq!(out.members.map(|m| m.len()), Some(0));
    let unprocessed = out.unprocessed_accounts.unwrap();
    assert_eq!(unprocessed[0].account_id.as_deref(), Some("333333333333"));
    assert!(unprocessed[0]
        .reason
        .as_deref()
        .unwrap()
        .contains("already a member"));
}

#[tokio::test(start_paused = true)]
async fn delete_members_repeated_reports_the_accounts_unprocessed_as_not_members() {
    let w = world(false).await;
    w.lose_next("DeleteMembers");
    let out = w
        .admin
        .delete_members()
        .graph_arn(&w.arn)
        .account_ids([MEMBER])
        .send()
        .await
        .unwrap();
    w.assert_processed_twice();
    assert_eq!(out.account_ids.map(|a| a.len()), Some(0));
    let unprocessed = out.unprocessed_accounts.unwrap();
    assert_eq!(unprocessed[0].account_id.as_deref(), Some(MEMBER));
    assert!(unprocessed[0]
        .reason
        .as_deref()
        .unwrap()
        .contains("not a member"));
}

#[tokio::test(start_paused = true)]
async fn delete_graph_repeated_fails_with_404() {
    let w = world(false).await;
    w.lose_next("DeleteGraph");
    let err = w
        .admin
        .delete_graph()
        .graph_arn(&w.arn)
        .send()
        .await
        .unwrap_err();
    w.assert_processed_twice();
    assert_eq!(
        code(&err),
        Some((ServiceErrorCode::ResourceNotFoundException, 404)),
        "{err}"
    );
}

#[tokio::test(start_paused = true)]
async fn accept_invitation_repeated_fails_with_409() {
    let w = world(false).await;
    w.lose_next("AcceptInvitation");
    let err = w
        .member
        .accept_invitation()
        .graph_arn(&w.arn)
        .send()
        .await
        .unwrap_err();
    w.assert_processed_twice();
    assert_eq!(
        code(&err),
        Some((ServiceErrorCode::ConflictException, 409)),
        "{err}"
    );
}

#[tokio::test(start_paused = true)]
async fn reject_invitation_repeated_fails_with_404() {
    let w = world(false).await;
    w.lose_next("RejectInvitation");
    let err = w
        .member
        .reject_invitation()
        .graph_arn(&w.arn)
        .send()
        .await
        .unwrap_err();
    w.assert_processed_twice();
    assert_eq!(
        code(&err),
        Some((ServiceErrorCode::ResourceNotFoundException, 404)),
        "{err}"
    );
}

#[tokio::test(start_paused = true)]
async fn disassociate_membership_repeated_fails_with_404() {
    let w = world(true).await;
    w.lose_next("DisassociateMembership");
    let err = w
        .member
        .disassociate_membership()
        .graph_arn(&w.arn)
        .send()
        .await
        .unwrap_err();
    w.assert_processed_twice();
    assert_eq!(
        code(&err),
        Some((ServiceErrorCode::ResourceNotFoundException, 404)),
        "{err}"
    );
}

/// The four reads, in order; `before_each` runs before each one.
async fn reads(
    w: &World,
    before_each: impl Fn(),
) -> (
    detective_client::types::ListGraphsOutput,
    detective_client::types::GetMembersOutput,
    detective_client::types::ListMembersOutput,
    detective_client::types::ListInvitationsOutput,
) {
    before_each();
    let graphs = w.admin.list_graphs().send().await.unwrap();
    before_each();
    let members = w
        .admin
        .get_members()
        .graph_arn(&w.arn)
        .account_ids([MEMBER])
        .send()
        .await
        .unwrap();
    before_each();
    let listed = w
        .admin
        .list_members()
        .graph_arn(&w.arn)
        .send()
        .await
        .unwrap();
    before_each();
    let invitations = w.member.list_invitations().send().await.unwrap();
    (graphs, members, listed, invitations)
}

#[tokio::test(start_paused = true)]
async fn reads_repeated_answer_as_if_asked_once() {
    let w = world(true).await;
    let once = reads(&w, || {}).await;

    // Each read's first attempt is processed and its answer lost; the retry answers.
    let repeated = reads(&w, || w.lose_next_any()).await;

    assert_eq!(w.faults.stats().lost_responses(), 4);
    assert_eq!(once, repeated);
}

//! `CreateMembers` retried after its answer was lost, against the in-process
//! emulator: the connection resets *after* the request was written (the
//! service invited the accounts), the client retries, and the retry finds
//! the accounts already invited. Plain `CreateMembers` then reports them as
//! unprocessed; `create_members_reconciled` reports them as created members,
//! as the lost first answer would have.

// Panicking on setup failure is the point of a test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use detective_client::layer::retry::RetryConfig;
use detective_client::reconcile::create_members_reconciled;
use detective_client::types::{Account, CreateMembersInput, MemberStatus};
use detective_client::Client;
use detective_local::{Emulator, EmulatorConfig, InProcessTransport};
use detective_testing::fault::{Fault, FaultKind, FaultPlan, FaultTransport};

const ADMIN: &str = "111111111111";
const MEMBERS: [(&str, &str); 2] = [
    ("222222222222", "first.member@example.com"),
    ("333333333333", "second.member@example.com"),
];

/// An emulator, a fault transport in front of it, a client, and a graph made without faults.
async fn setup(seed: u64) -> (FaultTransport<InProcessTransport>, Client, String) {
    let emulator = Emulator::new(EmulatorConfig::default());
    let faults = FaultTransport::new(emulator.transport(), seed);
    let client = Client::builder()
        .region("us-east-1")
        .static_credentials(ADMIN, "test")
        .transport(faults.clone())
        .retry_config(RetryConfig::default())
        .jitter(|| 0.0)
        .build()
        .unwrap();
    let arn = client
        .create_graph()
        .send()
        .await
        .unwrap()
        .graph_arn
        .unwrap();
    // The next CreateMembers is processed by the service, and its answer lost.
    faults.set_plan(
        FaultPlan::new()
            .fault(Fault::ResetAfterWrite)
            .only("CreateMembers"),
    );
    (faults, client, arn)
}

fn input(arn: &str, accounts: &[(&str, &str)]) -> CreateMembersInput {
    CreateMembersInput {
        graph_arn: Some(arn.to_owned()),
        accounts: Some(
            accounts
                .iter()
                .map(|(id, email)| Account::new(*id, *email))
                .collect(),
        ),
        ..Default::default()
    }
}

fn ids<T>(items: Option<Vec<T>>, id: impl Fn(&T) -> Option<&String>) -> Vec<String> {
    items
        .unwrap_or_default()
        .iter()
        .filter_map(|item| id(item).cloned())
        .collect()
}

#[tokio::test(start_paused = true)]
async fn plain_create_members_retried_after_a_lost_answer_reports_the_accounts_unprocessed() {
    let (faults, client, arn) = setup(41).await;

    let out = client
        .create_members()
        .input(input(&arn, &MEMBERS))
        .send()
        .await
        .unwrap();

    // Two CreateMembers reached the service: the first invited, the retry found them invited.
    let stats = faults.stats();
    assert_eq!(stats.count(FaultKind::ResetAfterWrite), 1);
    assert_eq!(stats.lost_responses(), 1);
    assert_eq!(
        stats.forwarded,
        1 + 2,
        "CreateGraph, then CreateMembers twice"
    );
    assert!(
        out.members.clone().unwrap_or_default().is_empty(),
        "{out:?}"
    );
    let unprocessed = out.unprocessed_accounts.unwrap_or_default();
    assert_eq!(
        unprocessed
            .iter()
            .filter_map(|u| u.account_id.as_deref())
            .collect::<Vec<_>>(),
        MEMBERS.map(|(id, _)| id)
    );
    for account in &unprocessed {
        let reason = account.reason.as_deref().unwrap_or_default();
        assert!(reason.contains("already a member"), "{reason}");
    }
    // Yet they are members: the invitations went out.
    let listed = client.list_members().graph_arn(&arn).send().await.unwrap();
    assert_eq!(
        ids(listed.member_details, |m| m.account_id.as_ref()),
        MEMBERS.map(|(id, _)| id)
    );
}

#[tokio::test(start_paused = true)]
async fn reconciled_create_members_retried_after_a_lost_answer_reports_the_accounts_as_members() {
    let (faults, client, arn) = setup(42).await;

    let out = create_members_reconciled(&client, input(&arn, &MEMBERS))
        .await
        .unwrap();

    assert_eq!(faults.stats().lost_responses(), 1);
    assert_eq!(
        out.unprocessed_accounts.as_deref(),
        Some(&[][..]),
        "{out:?}"
    );
    let members = out.members.unwrap();
    assert_eq!(members.len(), MEMBERS.len());
    for (member, (id, email)) in members.iter().zip(MEMBERS) {
        assert_eq!(member.account_id.as_deref(), Some(id));
        assert_eq!(
            member.email_address.as_ref().map(|e| e.expose().as_str()),
            Some(email)
        );
        assert_eq!(member.graph_arn.as_deref(), Some(arn.as_str()));
        assert_eq!(member.administrator_id.as_deref(), Some(ADMIN));
        assert_eq!(member.status, Some(MemberStatus::Invited));
    }
}

#[tokio::test(start_paused = true)]
async fn the_reconciled_answer_after_a_lost_answer_equals_the_answer_without_faults() {
    let (_faults, client, arn) = setup(43).await;
    let reconciled = create_members_reconciled(&client, input(&arn, &MEMBERS))
        .await
        .unwrap();

    let (clean_faults, clean_client, clean_arn) = setup(44).await;
    clean_faults.set_plan(FaultPlan::new());
    let clean = clean_client
        .create_members()
        .input(input(&clean_arn, &MEMBERS))
        .send_reconciled()
        .await
        .unwrap();

    // Same shape, same accounts, same addresses and statuses; only the graph differs.
    let strip = |out: detective_client::types::CreateMembersOutput| {
        let members: Vec<_> = out
            .members
            .unwrap_or_default()
            .into_iter()
            .map(|m| (m.account_id, m.email_address, m.status, m.administrator_id))
            .collect();
        (members, out.unprocessed_accounts)
    };
    assert_eq!(strip(reconciled), strip(clean));
}

#[tokio::test(start_paused = true)]
async fn reconciling_leaves_truly_unprocessed_accounts_unprocessed() {
    let (faults, client, arn) = setup(45).await;
    // Beforehand, without faults, one account is invited under another address.
    faults.set_plan(FaultPlan::new());
    let (moved_id, _) = MEMBERS[1];
    client
        .create_members()
        .graph_arn(&arn)
        .account(moved_id, "previous.address@example.com")
        .send()
        .await
        .unwrap();
    // Then the call under test loses its first answer; it also asks to invite
    // the administrator itself, which the service always refuses.
    faults.set_plan(
        FaultPlan::new()
            .fault(Fault::ResetAfterWrite)
            .only("CreateMembers"),
    );
    let accounts = [MEMBERS[0], MEMBERS[1], (ADMIN, "admin@example.com")];

    let out = create_members_reconciled(&client, input(&arn, &accounts))
        .await
        .unwrap();

    assert_eq!(ids(out.members, |m| m.account_id.as_ref()), [MEMBERS[0].0]);
    assert_eq!(
        ids(out.unprocessed_accounts, |u| u.account_id.as_ref()),
        [moved_id, ADMIN]
    );
}

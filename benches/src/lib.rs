//! Benchmarks for detective-rs. Run them with `cargo bench -p detective-benches`.
//!
//! - `emulator_load`: `detective serve` (a release build, in its own process,
//!   signature verification on) driven over loopback by the project's client
//!   at 64 concurrent callers; reports requests per second and the server's
//!   CPU time per 1,000 requests, for a small state and a large one.
//! - `codec` (criterion): validate + serialize each of the 11 original
//!   operations' inputs into a request; parse a `ListMembers` page of 200
//!   members and a `GetMembers` answer of 50.
//! - `signing` (criterion): SigV4-signing a typical `GetMembers` request with
//!   the client's `SigningLayer`.
//! - `in_process` (criterion): whole calls (client stack + emulator front, no
//!   socket) for `GetMembers` and `ListMembers`.
//!
//! The side-by-side comparison with the official SDK is a separate workspace,
//! `benches/compare` (`cargo xtask bench`), so that SDK never enters this one.
//!
//! This library holds the fixtures the benchmarks share (and that
//! `benches/compare` uses for its canned answers), so every benchmark reads
//! and writes the same bodies.

use detective_types::{
    AcceptInvitationInput, Account, CreateGraphInput, CreateMembersInput, DatasourcePackage,
    DatasourcePackageIngestState, DatasourcePackageUsageInfo, DeleteGraphInput, DeleteMembersInput,
    DisassociateMembershipInput, GetMembersInput, GetMembersOutput, InvitationType,
    ListGraphsInput, ListInvitationsInput, ListMembersInput, ListMembersOutput, MemberDetail,
    MemberStatus, RejectInvitationInput, Sensitive, Timestamp,
};
use std::collections::BTreeMap;

/// The graph every fixture talks about.
pub const GRAPH_ARN: &str =
    "arn:aws:detective:us-east-1:111111111111:graph:027c7c4610ea4aacaf0b883093cab899";

/// The administrator account of [`GRAPH_ARN`].
pub const ADMIN_ACCOUNT: &str = "111111111111";

/// The `n`-th member account id (12 digits).
pub fn account_id(n: usize) -> String {
    format!("{:012}", 200_000_000_000u64 + n as u64)
}

/// A fixed point in time (2026-01-02T03:04:05.678Z), so bodies are the same on every run.
fn at(offset_seconds: i64) -> Timestamp {
    Timestamp::from_epoch_millis(1_767_323_045_678 + offset_seconds * 1000)
        .unwrap_or(Timestamp::UNIX_EPOCH)
}

/// A member as the service describes it: every field the model has filled in.
pub fn member_detail(n: usize) -> MemberDetail {
    let account = account_id(n);
    let mut ingest = BTreeMap::new();
    ingest.insert(
        DatasourcePackage::DetectiveCore,
        DatasourcePackageIngestState::Started,
    );
    ingest.insert(
        DatasourcePackage::EksAudit,
        DatasourcePackageIngestState::Disabled,
    );
    let mut volume = BTreeMap::new();
    volume.insert(
        DatasourcePackage::DetectiveCore,
        DatasourcePackageUsageInfo {
            volume_usage_in_bytes: Some(1_234_567 + n as i64),
            volume_usage_update_time: Some(at(60)),
        },
    );
    MemberDetail {
        email_address: Some(Sensitive(format!("owner{account}@example.com"))),
        account_id: Some(account),
        administrator_id: Some(ADMIN_ACCOUNT.to_owned()),
        datasource_package_ingest_states: Some(ingest),
        disabled_reason: None,
        graph_arn: Some(GRAPH_ARN.to_owned()),
        invitation_type: Some(InvitationType::Invitation),
        invited_time: Some(at(0)),
        master_id: Some(ADMIN_ACCOUNT.to_owned()),
        percent_of_graph_utilization: Some(0.25),
        percent_of_graph_utilization_updated_time: Some(at(30)),
        status: Some(MemberStatus::Enabled),
        updated_time: Some(at(30)),
        volume_usage_by_datasource_package: Some(volume),
        volume_usage_in_bytes: Some(1_234_567 + n as i64),
        volume_usage_updated_time: Some(at(60)),
    }
}

/// A `GetMembers` input naming `n` members.
pub fn get_members_input(n: usize) -> GetMembersInput {
    GetMembersInput {
        account_ids: Some((0..n).map(account_id).collect()),
        graph_arn: Some(GRAPH_ARN.to_owned()),
    }
}

/// The `GetMembers` answer for [`get_members_input`]`(n)`: `n` members found.
pub fn get_members_output(n: usize) -> GetMembersOutput {
    GetMembersOutput {
        member_details: Some((0..n).map(member_detail).collect()),
        unprocessed_accounts: Some(Vec::new()),
    }
}

/// A `ListMembers` input asking for pages of `page` members.
pub fn list_members_input(page: i32) -> ListMembersInput {
    ListMembersInput {
        graph_arn: Some(GRAPH_ARN.to_owned()),
        max_results: Some(page),
        next_token: None,
    }
}

/// A `ListMembers` page of `n` members, with a token for the next page.
pub fn list_members_output(n: usize) -> ListMembersOutput {
    ListMembersOutput {
        member_details: Some((0..n).map(member_detail).collect()),
        next_token: Some("AAAAAQAAAAEAAAAAAAAAyDAwMDAwMDAwMDIwMA==".to_owned()),
    }
}

/// JSON of a value (the fixtures always serialize).
pub fn to_json<T: serde::Serialize>(value: &T) -> Vec<u8> {
    serde_json::to_vec(value).unwrap_or_default()
}

/// Typical inputs of the 11 original operations, each valid.
pub struct OriginalInputs {
    /// `AcceptInvitation`.
    pub accept_invitation: AcceptInvitationInput,
    /// `CreateGraph` with two tags.
    pub create_graph: CreateGraphInput,
    /// `CreateMembers` inviting 10 accounts with a message.
    pub create_members: CreateMembersInput,
    /// `DeleteGraph`.
    pub delete_graph: DeleteGraphInput,
    /// `DeleteMembers` of 10 accounts.
    pub delete_members: DeleteMembersInput,
    /// `DisassociateMembership`.
    pub disassociate_membership: DisassociateMembershipInput,
    /// `GetMembers` of 50 accounts.
    pub get_members: GetMembersInput,
    /// `ListGraphs`, a page of 100.
    pub list_graphs: ListGraphsInput,
    /// `ListInvitations`, a page of 100.
    pub list_invitations: ListInvitationsInput,
    /// `ListMembers`, a page of 200, resuming from a token.
    pub list_members: ListMembersInput,
    /// `RejectInvitation`.
    pub reject_invitation: RejectInvitationInput,
}

/// The [`OriginalInputs`].
pub fn original_inputs() -> OriginalInputs {
    let graph = || Some(GRAPH_ARN.to_owned());
    let ten: Vec<String> = (0..10).map(account_id).collect();
    let mut tags = BTreeMap::new();
    tags.insert("team".to_owned(), "security".to_owned());
    tags.insert("cost-center".to_owned(), "1234".to_owned());
    OriginalInputs {
        accept_invitation: AcceptInvitationInput { graph_arn: graph() },
        create_graph: CreateGraphInput { tags: Some(tags) },
        create_members: CreateMembersInput {
            accounts: Some(
                ten.iter()
                    .map(|a| Account::new(a.clone(), format!("owner{a}@example.com")))
                    .collect(),
            ),
            disable_email_notification: Some(false),
            graph_arn: graph(),
            message: Some(Sensitive(
                "Please join our behavior graph for the security team.".to_owned(),
            )),
        },
        delete_graph: DeleteGraphInput { graph_arn: graph() },
        delete_members: DeleteMembersInput {
            account_ids: Some(ten),
            graph_arn: graph(),
        },
        disassociate_membership: DisassociateMembershipInput { graph_arn: graph() },
        get_members: get_members_input(50),
        list_graphs: ListGraphsInput {
            max_results: Some(100),
            next_token: None,
        },
        list_invitations: ListInvitationsInput {
            max_results: Some(100),
            next_token: None,
        },
        list_members: ListMembersInput {
            graph_arn: graph(),
            max_results: Some(200),
            next_token: Some("AAAAAQAAAAEAAAAAAAAAyDAwMDAwMDAwMDIwMA==".to_owned()),
        },
        reject_invitation: RejectInvitationInput { graph_arn: graph() },
    }
}

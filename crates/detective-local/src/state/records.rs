//! What the state machine stores, and how it is shown as model shapes.
//!
//! Records are kept separate from the model types because the model's shapes
//! are all-optional wire views, while a stored graph or membership always
//! has every field; converting at the edge means no operation has to cope
//! with a half-filled record.

use detective_types::{
    DatasourcePackage, DatasourcePackageIngestState, DatasourcePackageIngestStates, Graph,
    InvitationType, MemberDetail, MemberStatus, Sensitive, Tags, Timestamp,
};
use std::collections::{BTreeMap, BTreeSet};

/// One region's graphs.
#[derive(Debug, Clone, Default)]
pub(crate) struct RegionState {
    /// Graphs by ARN; the map order is the listing order.
    pub(crate) graphs: BTreeMap<String, GraphRecord>,
    /// Every ARN ever issued here, so a deleted graph's ARN is never reused.
    pub(crate) issued_arns: BTreeSet<String>,
}

impl RegionState {
    /// The graph `account` administers here, if any.
    pub(crate) fn graph_of(&self, account: &str) -> Option<&GraphRecord> {
        self.graphs
            .values()
            .find(|graph| graph.administrator == account)
    }
}

/// A behavior graph.
#[derive(Debug, Clone)]
pub(crate) struct GraphRecord {
    pub(crate) arn: String,
    pub(crate) administrator: String,
    pub(crate) created_time: Timestamp,
    pub(crate) tags: Tags,
    /// Members by account id; the map order is the listing order. Never holds the administrator.
    pub(crate) members: BTreeMap<String, Membership>,
}

impl GraphRecord {
    /// The graph as `ListGraphs` shows it.
    pub(crate) fn to_model(&self) -> Graph {
        Graph {
            arn: Some(self.arn.clone()),
            created_time: Some(self.created_time),
        }
    }

    /// A membership as the administrator (and the member, in `ListInvitations`) sees it.
    pub(crate) fn member_detail(&self, membership: &Membership) -> MemberDetail {
        MemberDetail {
            account_id: Some(membership.account_id.clone()),
            administrator_id: Some(self.administrator.clone()),
            master_id: Some(self.administrator.clone()),
            graph_arn: Some(self.arn.clone()),
            email_address: Some(Sensitive(membership.email.clone())),
            invitation_type: Some(InvitationType::Invitation),
            invited_time: Some(membership.invited_time),
            updated_time: Some(membership.updated_time),
            status: Some(membership.status.clone()),
            datasource_package_ingest_states: Some(core_ingest_started()),
            ..MemberDetail::default()
        }
    }
}

/// The core package is always ingested for a member; the others need opting in, which this API version cannot do.
fn core_ingest_started() -> DatasourcePackageIngestStates {
    DatasourcePackageIngestStates::from([(
        DatasourcePackage::DetectiveCore,
        DatasourcePackageIngestState::Started,
    )])
}

/// An account's membership in a graph.
#[derive(Debug, Clone)]
pub(crate) struct Membership {
    pub(crate) account_id: String,
    pub(crate) email: String,
    pub(crate) status: MemberStatus,
    pub(crate) invited_time: Timestamp,
    pub(crate) updated_time: Timestamp,
    /// Set while `VERIFICATION_IN_PROGRESS`: what the verification will conclude, and when.
    pub(crate) pending: Option<PendingVerification>,
}

/// A verification decided at creation but revealed only once its delay has passed.
#[derive(Debug, Clone)]
pub(crate) struct PendingVerification {
    /// When the outcome becomes visible; `None` if the delay overflows time itself (never).
    pub(crate) due: Option<Timestamp>,
    /// `INVITED` or `VERIFICATION_FAILED`.
    pub(crate) outcome: MemberStatus,
}

impl Membership {
    /// Applies a verification that has come due by `now`.
    pub(crate) fn settle(&mut self, now: Timestamp) {
        let Some(pending) = &self.pending else {
            return;
        };
        if let Some(due) = pending.due.filter(|&due| now >= due) {
            self.status = pending.outcome.clone();
            self.updated_time = due;
            self.pending = None;
        }
    }
}

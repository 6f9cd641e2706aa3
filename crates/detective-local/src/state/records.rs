//! What the state machine stores, and how it is shown as model shapes.
//!
//! Records are kept separate from the model types because the model's shapes
//! are all-optional wire views, while a stored graph or membership always
//! has every field; converting at the edge means no operation has to cope
//! with a half-filled record.

use detective_types::{
    DatasourcePackage, DatasourcePackageIngestDetail, DatasourcePackageIngestHistory,
    DatasourcePackageIngestState, DatasourcePackageIngestStates, EntityType, Graph, Indicator,
    InvestigationState, InvitationType, LastIngestStateChangeDates, MemberDetail,
    MemberDisabledReason, MemberStatus, Sensitive, Severity, Tags, Timestamp,
    TimestampForCollection,
};
use std::collections::{BTreeMap, BTreeSet};

/// One region's graphs.
#[derive(Debug, Clone, Default)]
pub(crate) struct RegionState {
    /// Graphs by ARN; the map order is the listing order.
    pub(crate) graphs: BTreeMap<String, GraphRecord>,
    /// Every ARN ever issued here, so a deleted graph's ARN is never reused.
    pub(crate) issued_arns: BTreeSet<String>,
    /// The organization's Detective administrator in this region, if the management account named one.
    pub(crate) organization_admin: Option<OrganizationAdmin>,
}

/// The delegated Detective administrator of the organization in one region.
#[derive(Debug, Clone)]
pub(crate) struct OrganizationAdmin {
    pub(crate) account_id: String,
    pub(crate) graph_arn: String,
    pub(crate) delegation_time: Timestamp,
    /// Whether organization accounts become members of the administrator's graph on their own.
    pub(crate) auto_enable: bool,
}

/// The data source packages every graph has, in the model's order (which is also their `Ord`).
pub(crate) const PACKAGES: [DatasourcePackage; 3] = [
    DatasourcePackage::DetectiveCore,
    DatasourcePackage::EksAudit,
    DatasourcePackage::AsffSecurityhubFinding,
];

/// One package's ingest state in a graph and when it last entered each state.
#[derive(Debug, Clone)]
pub(crate) struct PackageRecord {
    pub(crate) state: DatasourcePackageIngestState,
    pub(crate) changes: BTreeMap<DatasourcePackageIngestState, Timestamp>,
}

impl PackageRecord {
    /// A package that entered `state` at `at`.
    pub(crate) fn new(state: DatasourcePackageIngestState, at: Timestamp) -> Self {
        PackageRecord {
            changes: BTreeMap::from([(state.clone(), at)]),
            state,
        }
    }

    /// Moves to `state` at `at`, recording the change.
    pub(crate) fn enter(&mut self, state: DatasourcePackageIngestState, at: Timestamp) {
        self.changes.insert(state.clone(), at);
        self.state = state;
    }

    /// The package as `ListDatasourcePackages` shows it.
    pub(crate) fn to_model(&self) -> DatasourcePackageIngestDetail {
        DatasourcePackageIngestDetail {
            datasource_package_ingest_state: Some(self.state.clone()),
            last_ingest_state_change: Some(change_dates(&self.changes)),
        }
    }
}

/// Per-package ingest history: when each package entered each state.
pub(crate) type IngestHistory =
    BTreeMap<DatasourcePackage, BTreeMap<DatasourcePackageIngestState, Timestamp>>;

fn change_dates(
    changes: &BTreeMap<DatasourcePackageIngestState, Timestamp>,
) -> LastIngestStateChangeDates {
    changes
        .iter()
        .map(|(state, &at)| {
            (
                state.clone(),
                TimestampForCollection {
                    timestamp: Some(at),
                },
            )
        })
        .collect()
}

/// An ingest history as the `BatchGet*Datasources` operations show it.
pub(crate) fn history_to_model(history: &IngestHistory) -> DatasourcePackageIngestHistory {
    history
        .iter()
        .map(|(package, changes)| (package.clone(), change_dates(changes)))
        .collect()
}

/// An investigation of an IAM entity in a graph.
#[derive(Debug, Clone)]
pub(crate) struct InvestigationRecord {
    pub(crate) id: String,
    pub(crate) entity_arn: String,
    pub(crate) entity_type: EntityType,
    pub(crate) scope_start_time: Timestamp,
    pub(crate) scope_end_time: Timestamp,
    pub(crate) created_time: Timestamp,
    /// When the analysis finishes (`RUNNING` before, `SUCCESSFUL` from then on); `None`: never (time overflow).
    pub(crate) done_at: Option<Timestamp>,
    pub(crate) severity: Severity,
    pub(crate) state: InvestigationState,
    /// Fixed at the start, shown once the analysis has finished.
    pub(crate) indicators: Vec<Indicator>,
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
    /// Ingest state of every package in [`PACKAGES`].
    pub(crate) packages: BTreeMap<DatasourcePackage, PackageRecord>,
    /// Investigations by id; the map order is the id order.
    pub(crate) investigations: BTreeMap<String, InvestigationRecord>,
}

impl GraphRecord {
    /// A new graph: the core package started, the optional ones disabled, all as of `created_time`.
    pub(crate) fn new(
        arn: String,
        administrator: String,
        created_time: Timestamp,
        tags: Tags,
    ) -> Self {
        let packages = PACKAGES
            .iter()
            .map(|package| {
                let state = if *package == DatasourcePackage::DetectiveCore {
                    DatasourcePackageIngestState::Started
                } else {
                    DatasourcePackageIngestState::Disabled
                };
                (package.clone(), PackageRecord::new(state, created_time))
            })
            .collect();
        GraphRecord {
            arn,
            administrator,
            created_time,
            tags,
            members: BTreeMap::new(),
            packages,
            investigations: BTreeMap::new(),
        }
    }

    /// The packages this graph ingests (state `STARTED`).
    pub(crate) fn started_packages(&self) -> Vec<DatasourcePackage> {
        self.packages
            .iter()
            .filter(|(_, record)| record.state == DatasourcePackageIngestState::Started)
            .map(|(package, _)| package.clone())
            .collect()
    }

    /// The administrator's own ingest history: the graph's, since the administrator's data is always ingested.
    pub(crate) fn administrator_history(&self) -> IngestHistory {
        self.packages
            .iter()
            .map(|(package, record)| (package.clone(), record.changes.clone()))
            .collect()
    }

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
            invitation_type: Some(membership.invitation_type.clone()),
            invited_time: Some(membership.invited_time),
            updated_time: Some(membership.updated_time),
            status: Some(membership.status.clone()),
            disabled_reason: membership.disabled_reason.clone(),
            datasource_package_ingest_states: Some(ingest_states(membership)),
            ..MemberDetail::default()
        }
    }
}

/// The core package is always shown started for a member (as before the optional packages
/// existed); an optional package shows once the member's ingest of it has started.
fn ingest_states(membership: &Membership) -> DatasourcePackageIngestStates {
    let mut states = DatasourcePackageIngestStates::from([(
        DatasourcePackage::DetectiveCore,
        DatasourcePackageIngestState::Started,
    )]);
    for package in membership.ingest.keys() {
        states.insert(package.clone(), DatasourcePackageIngestState::Started);
    }
    states
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
    /// `INVITATION`, or `ORGANIZATION` for organization accounts the delegated administrator enabled.
    pub(crate) invitation_type: InvitationType,
    /// Why the membership is `ACCEPTED_BUT_DISABLED`.
    pub(crate) disabled_reason: Option<MemberDisabledReason>,
    /// When the member's ingest of each package started; empty until the membership is first `ENABLED`.
    pub(crate) ingest: IngestHistory,
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
    /// A membership by invitation, with nothing ingested yet.
    pub(crate) fn invited(
        account_id: &str,
        email: &str,
        status: MemberStatus,
        now: Timestamp,
        pending: Option<PendingVerification>,
    ) -> Self {
        Membership {
            account_id: account_id.to_owned(),
            email: email.to_owned(),
            status,
            invited_time: now,
            updated_time: now,
            pending,
            invitation_type: InvitationType::Invitation,
            disabled_reason: None,
            ingest: IngestHistory::new(),
        }
    }

    /// Becomes `ENABLED` at `now`: ingest starts for every package the graph ingests.
    pub(crate) fn enable(&mut self, started_packages: &[DatasourcePackage], now: Timestamp) {
        self.status = MemberStatus::Enabled;
        self.disabled_reason = None;
        self.updated_time = now;
        for package in started_packages {
            self.start_ingest(package, now);
        }
    }

    /// Becomes `ACCEPTED_BUT_DISABLED` at `now` because the graph has no room for its data volume.
    pub(crate) fn disable_for_volume(&mut self, now: Timestamp) {
        self.status = MemberStatus::AcceptedButDisabled;
        self.disabled_reason = Some(MemberDisabledReason::VolumeTooHigh);
        self.updated_time = now;
    }

    /// Records that the member's ingest of `package` started at `now`.
    pub(crate) fn start_ingest(&mut self, package: &DatasourcePackage, now: Timestamp) {
        self.ingest
            .entry(package.clone())
            .or_default()
            .insert(DatasourcePackageIngestState::Started, now);
    }

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

//! The emulator's behaviour: behavior graphs, their members and invitations, as a pure state machine.
//!
//! [`State`] holds every region's graphs and answers the Detective
//! operations: the eleven original ones with exactly the semantics of the
//! project's behaviour contract (`detective-semantics.md`, "State and
//! transitions" and "Pagination"), and the eighteen added since (tags, data
//! source packages, organizations, investigations) as `docs/emulator.md`
//! describes, simplifications included. It takes already-parsed model inputs and returns model
//! outputs or an [`ApiError`] that is the service's wire-level answer.
//!
//! It is deliberately pure and synchronous: no I/O, no async, no HTTP, no
//! hidden clock or randomness. That keeps every rule of the contract testable
//! exactly, at unit-test speed, including against a reference model with
//! property tests; and it lets the HTTP front decide how to share it (a
//! `Mutex<State>` is enough, since each call is short and never waits).
//! Time comes from a [`Clock`] and graph ids from an [`IdSource`], so tests
//! pin both.
//!
//! Two rules hold for every operation:
//! - a call that fails changes nothing: each operation checks everything
//!   first and only then mutates;
//! - nothing panics, whatever the input: missing required members give a
//!   `ValidationException`, unknown or malformed ARNs a 404.
//!
//! Member verification is evaluated lazily: a membership created
//! `VERIFICATION_IN_PROGRESS` (when [`StateConfig::verification_delay`] is
//! non-zero) becomes `INVITED` or `VERIFICATION_FAILED` at
//! `InvitedTime + verification_delay`, and the next call that looks at the
//! region applies that transition, stamping `UpdatedTime` with the moment it
//! was due rather than the moment it was noticed, so the result does not
//! depend on when anyone asked.
//!
//! ```
//! use detective_local::state::{Caller, ManualClock, SequentialIds, State, StateConfig};
//! use detective_types::{Account, AcceptInvitationInput, CreateGraphInput, CreateMembersInput, MemberStatus};
//! use std::sync::Arc;
//!
//! let mut state = State::new(
//!     StateConfig::default(),
//!     Arc::new(ManualClock::default()),
//!     Arc::new(SequentialIds::new()),
//!     Default::default(),
//! );
//! let admin = Caller::new("111111111111", "us-east-1");
//! let member = Caller::new("222222222222", "us-east-1");
//! let arn = state.create_graph(&admin, CreateGraphInput::default())?.graph_arn;
//! assert_eq!(
//!     arn.as_deref(),
//!     Some("arn:aws:detective:us-east-1:111111111111:graph:00000000000000000000000000000001")
//! );
//! let created = state.create_members(&admin, CreateMembersInput {
//!     graph_arn: arn.clone(),
//!     accounts: Some(vec![Account::new("222222222222", "member@example.com")]),
//!     ..Default::default()
//! })?;
//! assert_eq!(created.members.unwrap_or_default()[0].status, Some(MemberStatus::Invited));
//! state.accept_invitation(&member, AcceptInvitationInput { graph_arn: arn })?;
//! # Ok::<(), detective_local::state::ApiError>(())
//! ```

mod clock;
mod datasources;
mod error;
mod graphs;
mod investigations;
mod invitations;
mod members;
mod organizations;
mod pagination;
mod records;
mod snapshot;
mod tags;

#[cfg(test)]
mod tests;

pub use clock::{Clock, IdSource, ManualClock, RandomIds, SequentialIds, SystemClock};
pub use error::ApiError;
pub use investigations::{EntityFixture, FixtureError, IndicatorFixtures};
pub use snapshot::Snapshot;

use records::{GraphRecord, RegionState};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

/// Who is calling: their account and the region of the request's credential scope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    /// The caller's 12-digit account id.
    pub account_id: String,
    /// The region of the request's credential scope; every region has its own graphs.
    pub region: String,
}

impl Caller {
    /// A caller from an account and a region.
    pub fn new(account_id: impl Into<String>, region: impl Into<String>) -> Self {
        Caller {
            account_id: account_id.into(),
            region: region.into(),
        }
    }
}

/// Root e-mail addresses known per account (from the emulator's credentials file); used for member verification.
pub type AccountDirectory = BTreeMap<String, String>;

/// An AWS organization, as the emulator's credentials file declares it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Organization {
    /// The management account: the only one that may name or remove the Detective administrator.
    pub management_account: String,
    /// The other accounts of the organization.
    pub member_accounts: BTreeSet<String>,
}

impl Organization {
    /// True for the management account and every member account.
    pub fn contains(&self, account_id: &str) -> bool {
        self.management_account == account_id || self.member_accounts.contains(account_id)
    }

    /// Every account of the organization, the management account included, in account order.
    pub fn accounts(&self) -> BTreeSet<&str> {
        self.member_accounts
            .iter()
            .map(String::as_str)
            .chain(std::iter::once(self.management_account.as_str()))
            .collect()
    }
}

/// The data volume limit of a behavior graph the service states: 10 TB per day.
pub const DEFAULT_GRAPH_VOLUME_LIMIT_BYTES: u64 = 10_000_000_000_000;

/// The emulator's tunables.
#[derive(Clone)]
pub struct StateConfig {
    /// The most members a graph may have (the service's default quota is 1,200).
    pub member_quota: usize,
    /// How long a new membership stays `VERIFICATION_IN_PROGRESS`; zero decides at creation.
    pub verification_delay: Duration,
    /// The HMAC key that signs `NextToken`s, so clients cannot forge or alter them.
    pub token_key: Vec<u8>,
    /// The organization, if the credentials file declares one.
    pub organization: Option<Organization>,
    /// Each account's daily data volume in bytes; accounts not listed have none.
    ///
    /// A member whose volume would take its graph (administrator plus enabled
    /// members) past [`graph_volume_limit_bytes`](Self::graph_volume_limit_bytes)
    /// becomes `ACCEPTED_BUT_DISABLED` (`VOLUME_TOO_HIGH`) instead of `ENABLED`.
    pub account_volumes: BTreeMap<String, u64>,
    /// The most data a graph ingests per day.
    pub graph_volume_limit_bytes: u64,
    /// How long an investigation stays `RUNNING` before it is `SUCCESSFUL`; zero finishes at once.
    pub investigation_delay: Duration,
    /// What investigations find, per entity.
    pub indicator_fixtures: Arc<IndicatorFixtures>,
}

impl Default for StateConfig {
    /// The service's defaults, with a fresh random token key: tokens do not survive a restart, as with a real service.
    fn default() -> Self {
        StateConfig {
            member_quota: 1200,
            verification_delay: Duration::ZERO,
            token_key: std::iter::repeat_with(|| fastrand::u8(..))
                .take(32)
                .collect(),
            organization: None,
            account_volumes: BTreeMap::new(),
            graph_volume_limit_bytes: DEFAULT_GRAPH_VOLUME_LIMIT_BYTES,
            investigation_delay: Duration::ZERO,
            indicator_fixtures: Arc::new(IndicatorFixtures::default()),
        }
    }
}

impl fmt::Debug for StateConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The key signs pagination tokens; it has no business in a log.
        f.debug_struct("StateConfig")
            .field("member_quota", &self.member_quota)
            .field("verification_delay", &self.verification_delay)
            .field("token_key", &detective_types::REDACTED)
            .field("organization", &self.organization)
            .field("account_volumes", &self.account_volumes)
            .field("graph_volume_limit_bytes", &self.graph_volume_limit_bytes)
            .field("investigation_delay", &self.investigation_delay)
            .field("indicator_fixtures", &self.indicator_fixtures)
            .finish()
    }
}

/// Every region's behavior graphs, memberships and invitations.
pub struct State {
    config: StateConfig,
    clock: Arc<dyn Clock>,
    ids: Arc<dyn IdSource>,
    directory: AccountDirectory,
    regions: BTreeMap<String, RegionState>,
    /// Investigations started so far, in every region: the next id is this plus one.
    investigations_started: u64,
}

impl fmt::Debug for State {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let graphs: BTreeMap<&str, usize> = self
            .regions
            .iter()
            .map(|(region, state)| (region.as_str(), state.graphs.len()))
            .collect();
        f.debug_struct("State")
            .field("config", &self.config)
            .field("accounts_in_directory", &self.directory.len())
            .field("graphs_per_region", &graphs)
            .finish_non_exhaustive()
    }
}

impl State {
    /// An empty emulator: no graphs in any region.
    pub fn new(
        config: StateConfig,
        clock: Arc<dyn Clock>,
        ids: Arc<dyn IdSource>,
        directory: AccountDirectory,
    ) -> Self {
        State {
            config,
            clock,
            ids,
            directory,
            regions: BTreeMap::new(),
            investigations_started: 0,
        }
    }

    /// Applies every verification that has come due in `region`.
    fn settle(&mut self, region: &str) {
        if self.config.verification_delay.is_zero() {
            // Verification is then decided at creation; nothing can be pending.
            return;
        }
        let now = self.clock.now();
        if let Some(region) = self.regions.get_mut(region) {
            for graph in region.graphs.values_mut() {
                for membership in graph.members.values_mut() {
                    membership.settle(now);
                }
            }
        }
    }

    /// The graph named by `graph_arn` in the caller's region, or 404.
    fn graph(&self, caller: &Caller, graph_arn: &str) -> Result<&GraphRecord, ApiError> {
        self.regions
            .get(&caller.region)
            .and_then(|region| region.graphs.get(graph_arn))
            .ok_or_else(|| {
                ApiError::not_found(format!(
                    "The behavior graph {graph_arn} does not exist in region {}.",
                    caller.region
                ))
            })
    }

    /// The graph named by `graph_arn`, which the caller must administer: 404 if unknown, 403 if not theirs.
    fn administered_graph(
        &self,
        caller: &Caller,
        graph_arn: &str,
    ) -> Result<&GraphRecord, ApiError> {
        let graph = self.graph(caller, graph_arn)?;
        if graph.administrator != caller.account_id {
            return Err(ApiError::access_denied(format!(
                "Account {} is not the administrator of the behavior graph {graph_arn}.",
                caller.account_id
            )));
        }
        Ok(graph)
    }

    /// The graph for a mutation that has already passed every check.
    fn graph_mut(
        &mut self,
        caller: &Caller,
        graph_arn: &str,
    ) -> Result<&mut GraphRecord, ApiError> {
        self.regions
            .get_mut(&caller.region)
            .and_then(|region| region.graphs.get_mut(graph_arn))
            .ok_or_else(|| {
                ApiError::not_found(format!(
                    "The behavior graph {graph_arn} does not exist in region {}.",
                    caller.region
                ))
            })
    }
}

/// The value of a required member, or the `ValidationException` the service gives when it is missing.
fn required<'a, T>(member: &str, value: &'a Option<T>) -> Result<&'a T, ApiError> {
    value.as_ref().ok_or_else(|| ApiError::missing(member))
}

//! Waiters: poll `GetMembers` until named members reach a state.
//!
//! Inviting a member is not instant: the service first verifies the
//! account's root e-mail address (`VERIFICATION_IN_PROGRESS`), and the member
//! answers the invitation whenever they like. A waiter saves every caller the
//! same polling loop. It asks `GetMembers` about the named accounts, and
//!
//! - succeeds, returning that last `GetMembers` output, once every account is
//!   in the awaited state;
//! - fails at once ([`WaiterError::Failed`]) when an account is in a state
//!   from which the awaited one can no longer be reached, rather than polling
//!   until the attempts run out;
//! - otherwise sleeps for the delay (default 5 s, with `tokio::time`, so
//!   tests on a paused clock run instantly) and asks again, at most
//!   `max_attempts` times in all (default 40) before giving up with
//!   [`WaiterError::TimedOut`].
//!
//! | waiter | success | fails fast on |
//! |---|---|---|
//! | `member_invited` | every account `INVITED` | `VERIFICATION_FAILED`, `ENABLED`, `ACCEPTED_BUT_DISABLED`, or not a member |
//! | `member_enabled` | every account `ENABLED` | `VERIFICATION_FAILED`, or not a member |
//! | `member_removed` | no account is a member any more | nothing |
//!
//! "Not a member" means absent from `MemberDetails` (the service lists such
//! accounts in `UnprocessedAccounts`): never invited, declined, resigned or
//! removed. A member that is `ENABLED` or `ACCEPTED_BUT_DISABLED` has left
//! `INVITED` for good, so `member_invited` fails on it. `ACCEPTED_BUT_DISABLED`
//! does not fail `member_enabled`, because the administrator can enable the
//! member again. A status this crate does not know keeps the waiter polling.
//! Any error from `GetMembers` (after the client's own retries) ends the
//! wait as [`WaiterError::Service`]. A graph that no longer exists is such an
//! error (`ResourceNotFoundException`), even for `member_removed`.
//!
//! ```no_run
//! # async fn demo(client: detective_client::Client, arn: &str) -> Result<(), Box<dyn std::error::Error>> {
//! use std::time::Duration;
//!
//! let members = client
//!     .wait_until_member_enabled()
//!     .graph_arn(arn)
//!     .account_ids(["222222222222", "333333333333"])
//!     .delay(Duration::from_secs(10))
//!     .max_attempts(30)
//!     .wait()
//!     .await?;
//! # let _ = members; Ok(()) }
//! ```

use crate::{Client, Error};
use detective_ops::operations::GetMembers;
use detective_types::{GetMembersInput, GetMembersOutput, MemberStatus};
use std::fmt;
use std::time::Duration;

/// The names [`Client::get_waiter`] answers for, in snake_case (kebab-case
/// and the PascalCase of the service's waiter model are accepted as well).
pub const WAITER_NAMES: &[&str] = &["member_enabled", "member_invited", "member_removed"];

/// How long a waiter sleeps between polls unless told otherwise.
pub const DEFAULT_DELAY: Duration = Duration::from_secs(5);

/// How many times a waiter polls unless told otherwise.
pub const DEFAULT_MAX_ATTEMPTS: u32 = 40;

/// Which condition a [`Waiter`] waits for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum WaiterKind {
    /// Every named account is a member with status `INVITED`.
    MemberInvited,
    /// Every named account is a member with status `ENABLED`.
    MemberEnabled,
    /// No named account is a member of the graph.
    MemberRemoved,
}

impl WaiterKind {
    /// Every waiter, in the order of [`WAITER_NAMES`].
    pub const ALL: [WaiterKind; 3] = [
        WaiterKind::MemberEnabled,
        WaiterKind::MemberInvited,
        WaiterKind::MemberRemoved,
    ];

    /// The waiter called `name`: `member_invited`, `member-invited` or
    /// `MemberInvited` (and likewise for the others); `None` for any other name.
    pub fn from_name(name: &str) -> Option<WaiterKind> {
        // Only the documented spellings count, not every mix of case and separators.
        Self::ALL.into_iter().find(|kind| {
            let snake = kind.name();
            name == snake || name == kind.kebab_name() || name == kind.pascal_name()
        })
    }

    /// The snake_case name, as boto3's `get_waiter` spells it.
    pub fn name(self) -> &'static str {
        match self {
            WaiterKind::MemberInvited => "member_invited",
            WaiterKind::MemberEnabled => "member_enabled",
            WaiterKind::MemberRemoved => "member_removed",
        }
    }

    fn kebab_name(self) -> &'static str {
        match self {
            WaiterKind::MemberInvited => "member-invited",
            WaiterKind::MemberEnabled => "member-enabled",
            WaiterKind::MemberRemoved => "member-removed",
        }
    }

    fn pascal_name(self) -> &'static str {
        match self {
            WaiterKind::MemberInvited => "MemberInvited",
            WaiterKind::MemberEnabled => "MemberEnabled",
            WaiterKind::MemberRemoved => "MemberRemoved",
        }
    }

    /// What one account's standing means for this waiter; `status` is `None`
    /// when the account is not a member.
    fn judge(self, status: Option<&MemberStatus>) -> Verdict {
        match (self, status) {
            (WaiterKind::MemberRemoved, None) => Verdict::Reached,
            (WaiterKind::MemberRemoved, Some(_)) => Verdict::Pending,
            (WaiterKind::MemberInvited | WaiterKind::MemberEnabled, None) => Verdict::Unreachable,
            (WaiterKind::MemberInvited, Some(status)) => match status {
                MemberStatus::Invited => Verdict::Reached,
                MemberStatus::VerificationFailed
                | MemberStatus::Enabled
                | MemberStatus::AcceptedButDisabled => Verdict::Unreachable,
                _ => Verdict::Pending,
            },
            (WaiterKind::MemberEnabled, Some(status)) => match status {
                MemberStatus::Enabled => Verdict::Reached,
                MemberStatus::VerificationFailed => Verdict::Unreachable,
                _ => Verdict::Pending,
            },
        }
    }
}

impl fmt::Display for WaiterKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One account's standing against a waiter's condition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Verdict {
    Reached,
    Pending,
    Unreachable,
}

/// Why a waiter stopped without success.
#[derive(Debug)]
pub enum WaiterError {
    /// Every attempt was used and some account had not reached the state.
    TimedOut {
        /// How many times `GetMembers` was called.
        attempts: u32,
    },
    /// An account is in a state from which the awaited one cannot be reached.
    Failed {
        /// The account.
        account_id: String,
        /// Its status, or `None` when it is not a member of the graph.
        status: Option<MemberStatus>,
    },
    /// `GetMembers` failed (invalid input, service error, transport, ...).
    Service(Error),
}

impl fmt::Display for WaiterError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WaiterError::TimedOut { attempts } => write!(
                f,
                "waiter timed out: some members had not reached the awaited state after {attempts} GetMembers attempts"
            ),
            WaiterError::Failed {
                account_id,
                status: Some(status),
            } => write!(
                f,
                "waiter failed: account {account_id} is {status}, from which the awaited state cannot be reached"
            ),
            WaiterError::Failed {
                account_id,
                status: None,
            } => write!(
                f,
                "waiter failed: account {account_id} is not a member of the graph (never invited, declined, resigned or removed), so the awaited state cannot be reached"
            ),
            WaiterError::Service(e) => write!(f, "waiter stopped: GetMembers failed: {e}"),
        }
    }
}

impl std::error::Error for WaiterError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            WaiterError::Service(e) => Some(e),
            _ => None,
        }
    }
}

impl From<Error> for WaiterError {
    fn from(e: Error) -> Self {
        WaiterError::Service(e)
    }
}

/// Polls `GetMembers` until named members reach a state; see the [module docs](self).
///
/// Made by [`Client::get_waiter`] or the `wait_until_*` methods. Set the
/// graph and the accounts, optionally the delay and attempts, then
/// [`wait`](Waiter::wait).
#[derive(Debug, Clone)]
pub struct Waiter {
    client: Client,
    kind: WaiterKind,
    graph_arn: Option<String>,
    account_ids: Vec<String>,
    delay: Duration,
    max_attempts: u32,
}

impl Waiter {
    /// A waiter of `kind` with the default delay and attempts.
    pub fn new(client: Client, kind: WaiterKind) -> Self {
        Waiter {
            client,
            kind,
            graph_arn: None,
            account_ids: Vec::new(),
            delay: DEFAULT_DELAY,
            max_attempts: DEFAULT_MAX_ATTEMPTS,
        }
    }

    /// Which condition this waiter waits for.
    pub fn kind(&self) -> WaiterKind {
        self.kind
    }

    /// The graph whose members are watched (required).
    pub fn graph_arn(mut self, graph_arn: impl Into<String>) -> Self {
        self.graph_arn = Some(graph_arn.into());
        self
    }

    /// The accounts that must all reach the state (1 to 50, as `GetMembers` takes),
    /// replacing any set before. A repeated account counts once.
    pub fn account_ids<I, S>(mut self, account_ids: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.account_ids.clear();
        for id in account_ids {
            self = self.account_id(id);
        }
        self
    }

    /// Adds one account to those that must reach the state.
    pub fn account_id(mut self, account_id: impl Into<String>) -> Self {
        let account_id = account_id.into();
        // GetMembers reports a repeat as unprocessed, which would read as "not a member".
        if !self.account_ids.contains(&account_id) {
            self.account_ids.push(account_id);
        }
        self
    }

    /// How long to sleep between polls (default 5 s).
    pub fn delay(mut self, delay: Duration) -> Self {
        self.delay = delay;
        self
    }

    /// How many times to call `GetMembers` at most, the first call included
    /// (default 40; 0 counts as 1, since a waiter that never looks cannot succeed).
    pub fn max_attempts(mut self, max_attempts: u32) -> Self {
        self.max_attempts = max_attempts;
        self
    }

    /// Polls until every account reaches the state, one fails fast, or the attempts run out.
    ///
    /// Returns the last `GetMembers` output. An input `GetMembers` refuses
    /// (no graph, no accounts, a malformed id) fails at once with
    /// [`WaiterError::Service`] wrapping [`Error::Validation`]; nothing is sent.
    pub async fn wait(self) -> Result<GetMembersOutput, WaiterError> {
        let input = GetMembersInput {
            account_ids: Some(self.account_ids.clone()),
            graph_arn: self.graph_arn.clone(),
        };
        let attempts = self.max_attempts.max(1);
        for attempt in 1..=attempts {
            let output = self.client.send::<GetMembers>(input.clone()).await?;
            let mut pending = 0usize;
            for account_id in &self.account_ids {
                let status = status_of(&output, account_id);
                match self.kind.judge(status.as_ref().and_then(Option::as_ref)) {
                    Verdict::Reached => {}
                    Verdict::Pending => pending += 1,
                    Verdict::Unreachable => {
                        return Err(WaiterError::Failed {
                            account_id: account_id.clone(),
                            status: status.flatten(),
                        })
                    }
                }
            }
            tracing::debug!(
                waiter = self.kind.name(),
                attempt,
                max_attempts = attempts,
                pending,
                "waiter polled GetMembers"
            );
            if pending == 0 {
                return Ok(output);
            }
            if attempt < attempts {
                tokio::time::sleep(self.delay).await;
            }
        }
        Err(WaiterError::TimedOut { attempts })
    }
}

/// The standing of `account_id` in a `GetMembers` output: `None` when it is
/// not among the members, `Some(status)` when it is (the status itself may be
/// missing from a sparse response, which keeps the waiter polling).
fn status_of(output: &GetMembersOutput, account_id: &str) -> Option<Option<MemberStatus>> {
    output
        .member_details
        .iter()
        .flatten()
        .find(|detail| detail.account_id.as_deref() == Some(account_id))
        .map(|detail| detail.status.clone())
}

impl Client {
    /// The waiter called `name` (see [`WAITER_NAMES`]; `member-invited` and
    /// `MemberInvited` spell `member_invited` too), or `None` if there is none.
    pub fn get_waiter(&self, name: &str) -> Option<Waiter> {
        WaiterKind::from_name(name).map(|kind| Waiter::new(self.clone(), kind))
    }

    /// The names of the waiters this client has, snake_case, sorted.
    pub fn waiter_names(&self) -> &'static [&'static str] {
        WAITER_NAMES
    }

    /// Waits until every named account is a member with status `INVITED`.
    pub fn wait_until_member_invited(&self) -> Waiter {
        Waiter::new(self.clone(), WaiterKind::MemberInvited)
    }

    /// Waits until every named account is a member with status `ENABLED`.
    pub fn wait_until_member_enabled(&self) -> Waiter {
        Waiter::new(self.clone(), WaiterKind::MemberEnabled)
    }

    /// Waits until no named account is a member of the graph.
    pub fn wait_until_member_removed(&self) -> Waiter {
        Waiter::new(self.clone(), WaiterKind::MemberRemoved)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_in_every_documented_spelling() {
        for kind in WaiterKind::ALL {
            let snake = kind.name();
            assert_eq!(WaiterKind::from_name(snake), Some(kind));
            assert_eq!(WaiterKind::from_name(&snake.replace('_', "-")), Some(kind));
            assert_eq!(WaiterKind::from_name(kind.pascal_name()), Some(kind));
        }
        for other in [
            "",
            "member",
            "memberinvited",
            "MEMBER_INVITED",
            "member_Invited",
            "member_invited ",
        ] {
            assert_eq!(WaiterKind::from_name(other), None, "{other:?}");
        }
        let names: Vec<&str> = WaiterKind::ALL.iter().map(|k| k.name()).collect();
        assert_eq!(names, WAITER_NAMES);
    }

    #[test]
    fn verdicts_follow_the_table() {
        use MemberStatus::*;
        use Verdict::*;
        let cases = [
            (WaiterKind::MemberInvited, None, Unreachable),
            (WaiterKind::MemberInvited, Some(Invited), Reached),
            (
                WaiterKind::MemberInvited,
                Some(VerificationInProgress),
                Pending,
            ),
            (
                WaiterKind::MemberInvited,
                Some(VerificationFailed),
                Unreachable,
            ),
            (WaiterKind::MemberInvited, Some(Enabled), Unreachable),
            (
                WaiterKind::MemberInvited,
                Some(AcceptedButDisabled),
                Unreachable,
            ),
            (
                WaiterKind::MemberInvited,
                Some(Unknown("NEW".into())),
                Pending,
            ),
            (WaiterKind::MemberEnabled, None, Unreachable),
            (WaiterKind::MemberEnabled, Some(Enabled), Reached),
            (WaiterKind::MemberEnabled, Some(Invited), Pending),
            (
                WaiterKind::MemberEnabled,
                Some(VerificationInProgress),
                Pending,
            ),
            (
                WaiterKind::MemberEnabled,
                Some(AcceptedButDisabled),
                Pending,
            ),
            (
                WaiterKind::MemberEnabled,
                Some(VerificationFailed),
                Unreachable,
            ),
            (WaiterKind::MemberRemoved, None, Reached),
            (WaiterKind::MemberRemoved, Some(Enabled), Pending),
            (WaiterKind::MemberRemoved, Some(VerificationFailed), Pending),
        ];
        for (kind, status, verdict) in cases {
            assert_eq!(kind.judge(status.as_ref()), verdict, "{kind} {status:?}");
        }
    }

    #[test]
    fn errors_say_what_happened() {
        let timed_out = WaiterError::TimedOut { attempts: 3 }.to_string();
        assert!(
            timed_out.contains("timed out") && timed_out.contains("3"),
            "{timed_out}"
        );
        let failed = WaiterError::Failed {
            account_id: "222222222222".into(),
            status: Some(MemberStatus::VerificationFailed),
        }
        .to_string();
        assert!(
            failed.contains("222222222222") && failed.contains("VERIFICATION_FAILED"),
            "{failed}"
        );
        let gone = WaiterError::Failed {
            account_id: "222222222222".into(),
            status: None,
        }
        .to_string();
        assert!(gone.contains("not a member"), "{gone}");
    }
}

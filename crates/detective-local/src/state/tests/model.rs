//! A property test: random operation sequences applied to `State` and to a
//! small reference model that is obviously correct (flat lists, linear scans,
//! the spec's table transcribed rule by rule). Both must give the same
//! answer to every call (success or error code, and the accounts and
//! statuses returned) and end in the same state.

use super::*;
use detective_types::{
    AcceptInvitationInput, DeleteGraphInput, DeleteMembersInput, DisassociateMembershipInput,
    GetMembersInput, ListGraphsInput, RejectInvitationInput,
};
use proptest::prelude::*;
use std::time::Duration;

const ACCOUNTS: [&str; 4] = [ADMIN, BOB, CAROL, DAVE];
/// Small enough that a graph of four accounts can hit it.
const QUOTA: usize = 2;
const DELAY_SECS: u64 = 10;
/// Accounts at these indexes have a root e-mail in the directory; the others verify whatever is sent.
const IN_DIRECTORY: [usize; 2] = [2, 3];

fn email(account: usize, right: bool) -> String {
    if right {
        format!("{}@example.com", ACCOUNTS[account])
    } else {
        "someone-else@example.com".to_owned()
    }
}

fn model_arn(owner: usize, n: u64) -> String {
    format!(
        "arn:aws:detective:{REGION}:{}:graph:{n:032x}",
        ACCOUNTS[owner]
    )
}

/// Which graph an operation names.
#[derive(Debug, Clone)]
enum Target {
    /// The caller's own current graph.
    Own,
    /// Account k's current graph.
    Current(usize),
    /// The graph account k most recently deleted.
    Stale(usize),
    /// A graph that never existed.
    Unknown,
}

#[derive(Debug, Clone)]
enum Op {
    CreateGraph(usize),
    DeleteGraph(usize, Target),
    ListGraphs(usize),
    CreateMembers(usize, Target, Vec<(usize, bool)>),
    GetMembers(usize, Target, Vec<usize>),
    DeleteMembers(usize, Target, Vec<usize>),
    ListMembers(usize, Target, Option<i32>),
    ListInvitations(usize, Option<i32>),
    Accept(usize, Target),
    Reject(usize, Target),
    Disassociate(usize, Target),
    Advance(u64),
}

/// What a call answered, reduced to what the two sides must agree on.
#[derive(Debug, Clone, PartialEq)]
enum Resp {
    Err(ServiceErrorCode),
    Done,
    Arn(String),
    Arns(Vec<String>),
    Members(Vec<(String, MemberStatus)>),
    Invitations(Vec<(String, MemberStatus)>),
    Sorted {
        processed: Vec<(String, MemberStatus)>,
        unprocessed: Vec<String>,
    },
    Deleted {
        removed: Vec<String>,
        unprocessed: Vec<String>,
    },
}

#[derive(Debug, Clone)]
struct MMember {
    arn: String,
    account: usize,
    status: MemberStatus,
    /// When verification is pending: when it completes, and with which status.
    pending: Option<(u64, MemberStatus)>,
}

#[derive(Debug, Default)]
struct Model {
    delay: u64,
    now: u64,
    graphs_created: u64,
    /// (owner, ARN) of current graphs.
    graphs: Vec<(usize, String)>,
    /// (owner, ARN) of deleted graphs, oldest first.
    deleted: Vec<(usize, String)>,
    members: Vec<MMember>,
}

impl Model {
    fn resolve(&self, caller: usize, target: &Target) -> String {
        let unknown = model_arn(0, u64::MAX);
        let current = |k: usize| {
            self.graphs
                .iter()
                .find(|(owner, _)| *owner == k)
                .map(|(_, arn)| arn.clone())
        };
        match target {
            Target::Own => current(caller),
            Target::Current(k) => current(*k),
            Target::Stale(k) => self
                .deleted
                .iter()
                .rev()
                .find(|(owner, _)| owner == k)
                .map(|(_, arn)| arn.clone()),
            Target::Unknown => None,
        }
        .unwrap_or(unknown)
    }

    fn owner(&self, arn: &str) -> Option<usize> {
        self.graphs
            .iter()
            .find(|(_, a)| a == arn)
            .map(|(owner, _)| *owner)
    }

    fn administered(&self, caller: usize, arn: &str) -> Result<(), ServiceErrorCode> {
        match self.owner(arn) {
            None => Err(ServiceErrorCode::ResourceNotFoundException),
            Some(owner) if owner != caller => Err(ServiceErrorCode::AccessDeniedException),
            Some(_) => Ok(()),
        }
    }

    fn member(&self, arn: &str, account: usize) -> Option<&MMember> {
        self.members
            .iter()
            .find(|m| m.arn == arn && m.account == account)
    }

    fn remove(&mut self, arn: &str, account: usize) {
        self.members
            .retain(|m| !(m.arn == arn && m.account == account));
    }

    fn settle(&mut self) {
        for m in &mut self.members {
            if let Some((due, outcome)) = m.pending.clone() {
                if self.now >= due {
                    m.status = outcome;
                    m.pending = None;
                }
            }
        }
    }

    /// Splits requested accounts into members (first occurrences) and the rest, for Get/DeleteMembers.
    fn sort_out(&self, caller: usize, arn: &str, accounts: &[usize]) -> (Vec<usize>, Vec<String>) {
        let mut found = Vec::new();
        let mut unprocessed = Vec::new();
        for &a in accounts {
            if a == caller || self.member(arn, a).is_none() || found.contains(&a) {
                unprocessed.push(ACCOUNTS[a].to_owned());
            } else {
                found.push(a);
            }
        }
        (found, unprocessed)
    }

    fn apply(&mut self, op: &Op) -> Resp {
        self.settle();
        match op {
            Op::Advance(secs) => {
                self.now += secs;
                Resp::Done
            }
            Op::CreateGraph(w) => {
                if let Some((_, arn)) = self.graphs.iter().find(|(owner, _)| owner == w) {
                    return Resp::Arn(arn.clone());
                }
                self.graphs_created += 1;
                let arn = model_arn(*w, self.graphs_created);
                self.graphs.push((*w, arn.clone()));
                Resp::Arn(arn)
            }
            Op::ListGraphs(w) => {
                let mut arns: Vec<String> = self
                    .graphs
                    .iter()
                    .filter(|(owner, _)| owner == w)
                    .map(|(_, arn)| arn.clone())
                    .collect();
                arns.sort();
                Resp::Arns(arns)
            }
            Op::DeleteGraph(w, t) => {
                let arn = self.resolve(*w, t);
                if let Err(code) = self.administered(*w, &arn) {
                    return Resp::Err(code);
                }
                self.graphs.retain(|(_, a)| *a != arn);
                self.members.retain(|m| m.arn != arn);
                self.deleted.push((*w, arn));
                Resp::Done
            }
            Op::CreateMembers(w, t, accounts) => {
                let arn = self.resolve(*w, t);
                if let Err(code) = self.administered(*w, &arn) {
                    return Resp::Err(code);
                }
                let mut new: Vec<(usize, bool)> = Vec::new();
                let mut unprocessed = Vec::new();
                for &(a, right) in accounts {
                    if a == *w || self.member(&arn, a).is_some() || new.iter().any(|(n, _)| *n == a)
                    {
                        unprocessed.push(ACCOUNTS[a].to_owned());
                    } else {
                        new.push((a, right));
                    }
                }
                let count = self.members.iter().filter(|m| m.arn == arn).count();
                if count + new.len() > QUOTA {
                    return Resp::Err(ServiceErrorCode::ServiceQuotaExceededException);
                }
                let mut processed = Vec::new();
                for (a, right) in new {
                    let outcome = if IN_DIRECTORY.contains(&a) && !right {
                        MemberStatus::VerificationFailed
                    } else {
                        MemberStatus::Invited
                    };
                    let (status, pending) = if self.delay == 0 {
                        (outcome, None)
                    } else {
                        (
                            MemberStatus::VerificationInProgress,
                            Some((self.now + self.delay, outcome)),
                        )
                    };
                    processed.push((ACCOUNTS[a].to_owned(), status.clone()));
                    self.members.push(MMember {
                        arn: arn.clone(),
                        account: a,
                        status,
                        pending,
                    });
                }
                Resp::Sorted {
                    processed,
                    unprocessed,
                }
            }
            Op::GetMembers(w, t, accounts) => {
                let arn = self.resolve(*w, t);
                if let Err(code) = self.administered(*w, &arn) {
                    return Resp::Err(code);
                }
                let (found, unprocessed) = self.sort_out(*w, &arn, accounts);
                let processed = found
                    .into_iter()
                    .filter_map(|a| self.member(&arn, a))
                    .map(|m| (ACCOUNTS[m.account].to_owned(), m.status.clone()))
                    .collect();
                Resp::Sorted {
                    processed,
                    unprocessed,
                }
            }
            Op::DeleteMembers(w, t, accounts) => {
                let arn = self.resolve(*w, t);
                if let Err(code) = self.administered(*w, &arn) {
                    return Resp::Err(code);
                }
                let (found, unprocessed) = self.sort_out(*w, &arn, accounts);
                for &a in &found {
                    self.remove(&arn, a);
                }
                Resp::Deleted {
                    removed: found.iter().map(|&a| ACCOUNTS[a].to_owned()).collect(),
                    unprocessed,
                }
            }
            Op::ListMembers(w, t, _) => {
                let arn = self.resolve(*w, t);
                if let Err(code) = self.administered(*w, &arn) {
                    return Resp::Err(code);
                }
                let mut members: Vec<(String, MemberStatus)> = self
                    .members
                    .iter()
                    .filter(|m| m.arn == arn)
                    .map(|m| (ACCOUNTS[m.account].to_owned(), m.status.clone()))
                    .collect();
                members.sort();
                Resp::Members(members)
            }
            Op::ListInvitations(w, _) => {
                let mut invitations: Vec<(String, MemberStatus)> = self
                    .members
                    .iter()
                    .filter(|m| m.account == *w && self.owner(&m.arn) != Some(*w))
                    .filter(|m| {
                        matches!(
                            m.status,
                            MemberStatus::Invited
                                | MemberStatus::Enabled
                                | MemberStatus::AcceptedButDisabled
                        )
                    })
                    .map(|m| (m.arn.clone(), m.status.clone()))
                    .collect();
                invitations.sort();
                Resp::Invitations(invitations)
            }
            Op::Accept(w, t) | Op::Reject(w, t) => {
                let arn = self.resolve(*w, t);
                if self.owner(&arn).is_none() {
                    return Resp::Err(ServiceErrorCode::ResourceNotFoundException);
                }
                let Some(member) = self.member(&arn, *w) else {
                    return Resp::Err(ServiceErrorCode::ResourceNotFoundException);
                };
                if member.status != MemberStatus::Invited {
                    return Resp::Err(ServiceErrorCode::ConflictException);
                }
                if matches!(op, Op::Accept(..)) {
                    for m in &mut self.members {
                        if m.arn == arn && m.account == *w {
                            m.status = MemberStatus::Enabled;
                        }
                    }
                } else {
                    self.remove(&arn, *w);
                }
                Resp::Done
            }
            Op::Disassociate(w, t) => {
                let arn = self.resolve(*w, t);
                match self.owner(&arn) {
                    None => return Resp::Err(ServiceErrorCode::ResourceNotFoundException),
                    Some(owner) if owner == *w => {
                        return Resp::Err(ServiceErrorCode::ConflictException)
                    }
                    Some(_) => {}
                }
                let Some(member) = self.member(&arn, *w) else {
                    return Resp::Err(ServiceErrorCode::ResourceNotFoundException);
                };
                if member.status != MemberStatus::Enabled {
                    return Resp::Err(ServiceErrorCode::ConflictException);
                }
                self.remove(&arn, *w);
                Resp::Done
            }
        }
    }
}

/// Runs a list operation to the end, page by page, or returns the first error.
fn walk<T>(
    mut call: impl FnMut(Option<String>) -> Result<(Vec<T>, Option<String>), ApiError>,
) -> Result<Vec<T>, ServiceErrorCode> {
    let mut all = Vec::new();
    let mut token = None;
    loop {
        let (items, next) = call(token).map_err(|e| e.code)?;
        all.extend(items);
        token = next;
        if token.is_none() {
            return Ok(all);
        }
    }
}

fn ids(ids: &[usize]) -> Option<Vec<String>> {
    Some(ids.iter().map(|&a| ACCOUNTS[a].to_owned()).collect())
}

fn unprocessed_of(list: Option<Vec<UnprocessedAccount>>) -> Vec<String> {
    list.unwrap_or_default()
        .into_iter()
        .map(|u| u.account_id.unwrap_or_default())
        .collect()
}

fn run(env: &mut Env, op: &Op, arn: String) -> Resp {
    let s = &mut env.state;
    let result: Result<Resp, ApiError> = match op {
        Op::Advance(secs) => {
            env.clock.advance(Duration::from_secs(*secs));
            Ok(Resp::Done)
        }
        Op::CreateGraph(w) => s
            .create_graph(&at(ACCOUNTS[*w]), CreateGraphInput::default())
            .map(|out| Resp::Arn(out.graph_arn.unwrap_or_default())),
        Op::ListGraphs(w) => s
            .list_graphs(&at(ACCOUNTS[*w]), ListGraphsInput::default())
            .map(|out| {
                Resp::Arns(
                    out.graph_list
                        .unwrap_or_default()
                        .into_iter()
                        .map(|g| g.arn.unwrap_or_default())
                        .collect(),
                )
            }),
        Op::DeleteGraph(w, _) => s
            .delete_graph(
                &at(ACCOUNTS[*w]),
                DeleteGraphInput {
                    graph_arn: Some(arn),
                },
            )
            .map(|_| Resp::Done),
        Op::CreateMembers(w, _, accounts) => s
            .create_members(
                &at(ACCOUNTS[*w]),
                CreateMembersInput {
                    graph_arn: Some(arn),
                    accounts: Some(
                        accounts
                            .iter()
                            .map(|&(a, right)| Account::new(ACCOUNTS[a], email(a, right)))
                            .collect(),
                    ),
                    ..Default::default()
                },
            )
            .map(|out| Resp::Sorted {
                processed: statuses(&out.members.unwrap_or_default()),
                unprocessed: unprocessed_of(out.unprocessed_accounts),
            }),
        Op::GetMembers(w, _, accounts) => s
            .get_members(
                &at(ACCOUNTS[*w]),
                GetMembersInput {
                    graph_arn: Some(arn),
                    account_ids: ids(accounts),
                },
            )
            .map(|out| Resp::Sorted {
                processed: statuses(&out.member_details.unwrap_or_default()),
                unprocessed: unprocessed_of(out.unprocessed_accounts),
            }),
        Op::DeleteMembers(w, _, accounts) => s
            .delete_members(
                &at(ACCOUNTS[*w]),
                DeleteMembersInput {
                    graph_arn: Some(arn),
                    account_ids: ids(accounts),
                },
            )
            .map(|out| Resp::Deleted {
                removed: out.account_ids.unwrap_or_default(),
                unprocessed: unprocessed_of(out.unprocessed_accounts),
            }),
        Op::ListMembers(w, _, max_results) => {
            let walked = walk(|next_token| {
                s.list_members(
                    &at(ACCOUNTS[*w]),
                    ListMembersInput {
                        graph_arn: Some(arn.clone()),
                        max_results: *max_results,
                        next_token,
                    },
                )
                .map(|out| (out.member_details.unwrap_or_default(), out.next_token))
            });
            return walked.map_or_else(Resp::Err, |details| Resp::Members(statuses(&details)));
        }
        Op::ListInvitations(w, max_results) => {
            let walked = walk(|next_token| {
                s.list_invitations(
                    &at(ACCOUNTS[*w]),
                    ListInvitationsInput {
                        max_results: *max_results,
                        next_token,
                    },
                )
                .map(|out| (out.invitations.unwrap_or_default(), out.next_token))
            });
            return walked.map_or_else(Resp::Err, |details| {
                Resp::Invitations(
                    details
                        .into_iter()
                        .map(|d| (d.graph_arn.unwrap_or_default(), d.status.unwrap()))
                        .collect(),
                )
            });
        }
        Op::Accept(w, _) => s
            .accept_invitation(
                &at(ACCOUNTS[*w]),
                AcceptInvitationInput {
                    graph_arn: Some(arn),
                },
            )
            .map(|_| Resp::Done),
        Op::Reject(w, _) => s
            .reject_invitation(
                &at(ACCOUNTS[*w]),
                RejectInvitationInput {
                    graph_arn: Some(arn),
                },
            )
            .map(|_| Resp::Done),
        Op::Disassociate(w, _) => s
            .disassociate_membership(
                &at(ACCOUNTS[*w]),
                DisassociateMembershipInput {
                    graph_arn: Some(arn),
                },
            )
            .map(|_| Resp::Done),
    };
    result.unwrap_or_else(|error| Resp::Err(error.code))
}

fn caller_and_target(op: &Op) -> (usize, Target) {
    match op {
        Op::DeleteGraph(w, t)
        | Op::CreateMembers(w, t, _)
        | Op::GetMembers(w, t, _)
        | Op::DeleteMembers(w, t, _)
        | Op::ListMembers(w, t, _)
        | Op::Accept(w, t)
        | Op::Reject(w, t)
        | Op::Disassociate(w, t) => (*w, t.clone()),
        Op::CreateGraph(w) | Op::ListGraphs(w) | Op::ListInvitations(w, _) => (*w, Target::Unknown),
        Op::Advance(_) => (0, Target::Unknown),
    }
}

fn account() -> impl Strategy<Value = usize> {
    0..ACCOUNTS.len()
}

/// Any graph, mostly a current one.
fn target() -> impl Strategy<Value = Target> {
    prop_oneof![
        6 => account().prop_map(Target::Current),
        1 => account().prop_map(Target::Stale),
        1 => Just(Target::Unknown),
    ]
}

/// The caller's own graph most of the time, so administrator operations mostly get past the 403.
fn admin_target() -> impl Strategy<Value = Target> {
    prop_oneof![3 => Just(Target::Own), 1 => target()]
}

fn page_size() -> impl Strategy<Value = Option<i32>> {
    prop_oneof![Just(None), (1..=3i32).prop_map(Some)]
}

fn accounts() -> impl Strategy<Value = Vec<usize>> {
    prop::collection::vec(account(), 1..5)
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => account().prop_map(Op::CreateGraph),
        1 => (account(), admin_target()).prop_map(|(w, t)| Op::DeleteGraph(w, t)),
        1 => account().prop_map(Op::ListGraphs),
        5 => (account(), admin_target(), prop::collection::vec((account(), prop::bool::weighted(0.8)), 1..5))
            .prop_map(|(w, t, a)| Op::CreateMembers(w, t, a)),
        2 => (account(), admin_target(), accounts()).prop_map(|(w, t, a)| Op::GetMembers(w, t, a)),
        2 => (account(), admin_target(), accounts()).prop_map(|(w, t, a)| Op::DeleteMembers(w, t, a)),
        2 => (account(), admin_target(), page_size()).prop_map(|(w, t, p)| Op::ListMembers(w, t, p)),
        2 => (account(), page_size()).prop_map(|(w, p)| Op::ListInvitations(w, p)),
        4 => (account(), target()).prop_map(|(w, t)| Op::Accept(w, t)),
        2 => (account(), target()).prop_map(|(w, t)| Op::Reject(w, t)),
        2 => (account(), target()).prop_map(|(w, t)| Op::Disassociate(w, t)),
        1 => (1..=12u64).prop_map(Op::Advance),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn state_agrees_with_the_reference_model(
        delayed in any::<bool>(),
        ops in prop::collection::vec(op(), 1..=40),
    ) {
        let delay = if delayed { DELAY_SECS } else { 0 };
        let directory: AccountDirectory = IN_DIRECTORY
            .iter()
            .map(|&a| (ACCOUNTS[a].to_owned(), email(a, true)))
            .collect();
        let mut env = env_with(
            StateConfig {
                member_quota: QUOTA,
                verification_delay: Duration::from_secs(delay),
                ..config()
            },
            directory,
        );
        let mut model = Model { delay, ..Model::default() };

        for (step, op) in ops.iter().enumerate() {
            let (caller, target) = caller_and_target(op);
            let arn = model.resolve(caller, &target);
            let expected = model.apply(op);
            let actual = run(&mut env, op, arn);
            prop_assert_eq!(actual, expected, "step {}: {:?}", step, op);
        }

        // The final state, as every account sees it.
        for w in 0..ACCOUNTS.len() {
            for op in [
                Op::ListGraphs(w),
                Op::ListMembers(w, Target::Own, Some(1)),
                Op::ListInvitations(w, Some(1)),
            ] {
                let (caller, target) = caller_and_target(&op);
                let arn = model.resolve(caller, &target);
                let expected = model.apply(&op);
                prop_assert_eq!(run(&mut env, &op, arn), expected, "final {:?}", op);
            }
        }
    }
}

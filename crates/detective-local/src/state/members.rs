//! `CreateMembers`, `GetMembers`, `ListMembers`, `DeleteMembers`: the administrator managing a graph's members.

use super::clock::add_duration;
use super::pagination::{paginate, TokenScope};
use super::records::{GraphRecord, Membership, PendingVerification};
use super::{required, ApiError, Caller, State};
use detective_types::{
    CreateMembersInput, CreateMembersOutput, DeleteMembersInput, DeleteMembersOutput,
    GetMembersInput, GetMembersOutput, ListMembersInput, ListMembersOutput, MemberStatus,
    UnprocessedAccount,
};
use std::collections::BTreeSet;

fn unprocessed(account_id: &str, reason: String) -> UnprocessedAccount {
    UnprocessedAccount {
        account_id: Some(account_id.to_owned()),
        reason: Some(reason),
    }
}

fn repeated(account_id: &str) -> UnprocessedAccount {
    unprocessed(
        account_id,
        format!(
            "Account {account_id} appears more than once in the request; only its first occurrence was processed."
        ),
    )
}

/// Why `account_id` cannot be read or removed as a member of `graph`, if it cannot.
fn not_a_member(graph: &GraphRecord, account_id: &str) -> Option<UnprocessedAccount> {
    if account_id == graph.administrator {
        Some(unprocessed(
            account_id,
            format!("Account {account_id} is the administrator of the behavior graph, not a member of it."),
        ))
    } else if !graph.members.contains_key(account_id) {
        Some(unprocessed(
            account_id,
            format!("Account {account_id} is not a member of the behavior graph."),
        ))
    } else {
        None
    }
}

/// Splits requested account ids into members (first occurrences, request order) and unprocessed accounts.
fn sort_out_members<'a>(
    graph: &GraphRecord,
    account_ids: &'a [String],
) -> (Vec<&'a str>, Vec<UnprocessedAccount>) {
    // `found` is the set of ids seen so far: a request names at most 50
    // accounts (the model's limit, validated before the state is reached),
    // so a scan of it costs less than building a set for every request.
    let mut found: Vec<&str> = Vec::with_capacity(account_ids.len());
    let mut refused = Vec::new();
    for account_id in account_ids {
        if let Some(reason) = not_a_member(graph, account_id) {
            refused.push(reason);
        } else if found.contains(&account_id.as_str()) {
            refused.push(repeated(account_id));
        } else {
            found.push(account_id.as_str());
        }
    }
    (found, refused)
}

impl State {
    /// What verifying `email` as the root address of `account_id` concludes.
    fn verify(&self, account_id: &str, email: &str) -> MemberStatus {
        match self.directory.get(account_id) {
            // E-mail addresses are compared case-insensitively, as mail systems do in practice.
            Some(known) if known.to_lowercase() != email.to_lowercase() => {
                MemberStatus::VerificationFailed
            }
            // An account the emulator knows nothing about has nothing to contradict the request.
            _ => MemberStatus::Invited,
        }
    }

    /// Invites accounts to the caller's graph; a request past the member quota fails whole.
    pub fn create_members(
        &mut self,
        caller: &Caller,
        input: CreateMembersInput,
    ) -> Result<CreateMembersOutput, ApiError> {
        let graph_arn = required("GraphArn", &input.graph_arn)?;
        let accounts = required("Accounts", &input.accounts)?;
        let mut requested = Vec::with_capacity(accounts.len());
        for (i, account) in accounts.iter().enumerate() {
            let account_id = required(&format!("Accounts[{i}].AccountId"), &account.account_id)?;
            let email = required(
                &format!("Accounts[{i}].EmailAddress"),
                &account.email_address,
            )?;
            requested.push((account_id.as_str(), email.expose().as_str()));
        }
        self.settle(&caller.region);
        let graph = self.administered_graph(caller, graph_arn)?;

        let mut seen = BTreeSet::new();
        let mut new_members = Vec::new();
        let mut refused = Vec::new();
        for &(account_id, email) in &requested {
            if account_id == graph.administrator {
                refused.push(unprocessed(
                    account_id,
                    format!("Account {account_id} is the administrator of the behavior graph and cannot be invited as a member."),
                ));
            } else if let Some(existing) = graph.members.get(account_id) {
                refused.push(unprocessed(
                    account_id,
                    format!(
                        "Account {account_id} is already a member of the behavior graph (status {}).",
                        existing.status
                    ),
                ));
            } else if !seen.insert(account_id) {
                refused.push(repeated(account_id));
            } else {
                new_members.push((account_id, email));
            }
        }
        let total = graph.members.len().saturating_add(new_members.len());
        if total > self.config.member_quota {
            return Err(ApiError::quota_exceeded(format!(
                "Inviting {} more accounts would give the behavior graph {total} members; its quota is {}.",
                new_members.len(),
                self.config.member_quota
            )));
        }

        let now = self.clock.now();
        let delay = self.config.verification_delay;
        // The delegated administrator enables organization accounts directly, without an invitation.
        let organization_graph = self.is_organization_graph(&caller.region, graph_arn);
        let mut joining_volume = 0u64;
        let mut memberships = Vec::with_capacity(new_members.len());
        for &(account_id, email) in &new_members {
            if organization_graph && self.is_organization_account(account_id) {
                let membership =
                    self.organization_membership(graph, account_id, email, joining_volume, now);
                if membership.status == MemberStatus::Enabled {
                    joining_volume = joining_volume.saturating_add(self.volume_of(account_id));
                }
                memberships.push(membership);
                continue;
            }
            let outcome = self.verify(account_id, email);
            let (status, pending) = if delay.is_zero() {
                (outcome, None)
            } else {
                let due = add_duration(now, delay);
                (
                    MemberStatus::VerificationInProgress,
                    Some(PendingVerification { due, outcome }),
                )
            };
            memberships.push(Membership::invited(account_id, email, status, now, pending));
        }
        let graph = self.graph_mut(caller, graph_arn)?;
        let members = memberships
            .into_iter()
            .map(|membership| {
                let detail = graph.member_detail(&membership);
                graph
                    .members
                    .insert(membership.account_id.clone(), membership);
                detail
            })
            .collect();
        Ok(CreateMembersOutput {
            members: Some(members),
            unprocessed_accounts: Some(refused),
        })
    }

    /// Details of the named members of the caller's graph, in request order.
    pub fn get_members(
        &mut self,
        caller: &Caller,
        input: GetMembersInput,
    ) -> Result<GetMembersOutput, ApiError> {
        let graph_arn = required("GraphArn", &input.graph_arn)?;
        let account_ids = required("AccountIds", &input.account_ids)?;
        self.settle(&caller.region);
        let graph = self.administered_graph(caller, graph_arn)?;
        let (found, refused) = sort_out_members(graph, account_ids);
        // Sized up front: collecting from a filter starts at four details
        // (1.4 KB), past glibc's per-thread cache, for the usual one.
        let mut details = Vec::with_capacity(found.len());
        details.extend(
            found
                .into_iter()
                .filter_map(|account_id| graph.members.get(account_id))
                .map(|membership| graph.member_detail(membership)),
        );
        Ok(GetMembersOutput {
            member_details: Some(details),
            unprocessed_accounts: Some(refused),
        })
    }

    /// Every member of the caller's graph, whatever its status, by account id, paginated.
    pub fn list_members(
        &mut self,
        caller: &Caller,
        input: ListMembersInput,
    ) -> Result<ListMembersOutput, ApiError> {
        let graph_arn = required("GraphArn", &input.graph_arn)?;
        self.settle(&caller.region);
        let graph = self.administered_graph(caller, graph_arn)?;
        let scope = TokenScope::for_caller("ListMembers", caller, &[&graph.arn]);
        let members: Vec<_> = graph.members.values().collect();
        let page = paginate(
            &self.config.token_key,
            &scope,
            input.max_results,
            input.next_token.as_deref(),
            members,
            |membership| membership.account_id.as_str(),
        )?;
        Ok(ListMembersOutput {
            member_details: Some(
                page.items
                    .into_iter()
                    .map(|membership| graph.member_detail(membership))
                    .collect(),
            ),
            next_token: page.next_token,
        })
    }

    /// Removes the named members from the caller's graph, whatever their status.
    pub fn delete_members(
        &mut self,
        caller: &Caller,
        input: DeleteMembersInput,
    ) -> Result<DeleteMembersOutput, ApiError> {
        let graph_arn = required("GraphArn", &input.graph_arn)?;
        let account_ids = required("AccountIds", &input.account_ids)?;
        self.settle(&caller.region);
        let graph = self.administered_graph(caller, graph_arn)?;
        let (found, refused) = sort_out_members(graph, account_ids);
        let removed: Vec<String> = found.into_iter().map(str::to_owned).collect();
        let graph = self.graph_mut(caller, graph_arn)?;
        for account_id in &removed {
            graph.members.remove(account_id);
        }
        Ok(DeleteMembersOutput {
            account_ids: Some(removed),
            unprocessed_accounts: Some(refused),
        })
    }
}

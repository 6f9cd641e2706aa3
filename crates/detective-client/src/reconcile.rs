//! `CreateMembers` that reads the same after a retry as the first time.
//!
//! The client retries `CreateMembers` like any other call when a connection
//! breaks or the service answers 5xx. Usually that is harmless, but when the
//! connection breaks *after* the service processed the request, the answer
//! that listed the new members is lost and the retry finds them already
//! invited: it succeeds, yet reports those accounts under
//! `UnprocessedAccounts` ("already a member") and not under `Members`. A
//! caller that treats unprocessed accounts as failures would then report an
//! invitation as failed that in fact went out.
//!
//! [`create_members_reconciled`] (also [`Call::send_reconciled`]) sends the
//! call and, when accounts of the request come back unprocessed, asks
//! `GetMembers` about them: every one that is a member of the graph *under
//! the e-mail address the request gave* is moved to `Members`, with the
//! details `GetMembers` returned. Accounts that are not members (the
//! administrator itself, an account over the quota), or that are members
//! under another address, stay unprocessed with their original reason.
//!
//! The helper cannot tell "invited by an attempt of this call whose answer
//! was lost" from "invited earlier, with the same address": in both cases
//! the account ends up a member of the graph under that address, which is
//! what the call asked for, and the member's `InvitedTime` says when. An
//! account that appeared twice in the request is reported once.
//!
//! See `docs/retries.md` for which operations are safe to retry and what the
//! others answer to a repeated request.

use crate::fluent::Call;
use crate::{Client, Error};
use detective_ops::operations::{CreateMembers, GetMembers};
use detective_types::{
    CreateMembersInput, CreateMembersOutput, GetMembersInput, MemberDetail, UnprocessedAccount,
};
use std::collections::{BTreeMap, BTreeSet};

/// The most account ids one `GetMembers` request may name.
const GET_MEMBERS_BATCH: usize = 50;

/// Sends `CreateMembers` and reports the requested accounts that are already
/// members of the graph (under the requested address) as created members,
/// so that a call retried after its answer was lost looks like the first one.
///
/// Errors of the `CreateMembers` call are returned as they are. If the
/// follow-up `GetMembers` fails, its error is returned: the invitations were
/// sent, and calling the helper again is safe (it sends `CreateMembers`
/// again, which changes nothing for existing members, and reconciles).
///
/// ```no_run
/// # async fn demo(client: detective_client::Client, arn: &str) -> Result<(), detective_client::Error> {
/// use detective_client::reconcile::create_members_reconciled;
/// use detective_client::types::{Account, CreateMembersInput};
///
/// let input = CreateMembersInput {
///     graph_arn: Some(arn.to_owned()),
///     accounts: Some(vec![Account::new("444455556666", "member@example.com")]),
///     ..Default::default()
/// };
/// let out = create_members_reconciled(&client, input).await?;
/// // Members now lists the account even if a retried attempt found it already invited.
/// # let _ = out;
/// # Ok(()) }
/// ```
pub async fn create_members_reconciled(
    client: &Client,
    input: CreateMembersInput,
) -> Result<CreateMembersOutput, Error> {
    let graph_arn = input.graph_arn.clone();
    let requested = requested_emails(&input);
    let output = client.send::<CreateMembers>(input).await?;

    let candidates = candidates(&output, &requested);
    if candidates.is_empty() {
        return Ok(output);
    }
    let mut found = Vec::new();
    for batch in candidates.chunks(GET_MEMBERS_BATCH) {
        let members = client
            .send::<GetMembers>(GetMembersInput {
                graph_arn: graph_arn.clone(),
                account_ids: Some(batch.to_vec()),
            })
            .await?;
        found.extend(members.member_details.unwrap_or_default());
    }
    Ok(merge(output, &requested, found))
}

impl Call<CreateMembers> {
    /// Validates and sends the call like [`send`](Call::send), then reconciles
    /// accounts already invited: see [`create_members_reconciled`].
    pub async fn send_reconciled(self) -> Result<CreateMembersOutput, Error> {
        create_members_reconciled(&self.client, self.input).await
    }
}

/// Each requested account id with the e-mail address of its first occurrence.
fn requested_emails(input: &CreateMembersInput) -> BTreeMap<String, Option<String>> {
    let mut requested = BTreeMap::new();
    for account in input.accounts.iter().flatten() {
        if let Some(id) = &account.account_id {
            requested
                .entry(id.clone())
                .or_insert_with(|| account.email_address.as_ref().map(|e| e.expose().clone()));
        }
    }
    requested
}

/// Requested accounts that came back unprocessed and not also as members, in answer order, once each.
fn candidates(
    output: &CreateMembersOutput,
    requested: &BTreeMap<String, Option<String>>,
) -> Vec<String> {
    let created: BTreeSet<&str> = output
        .members
        .iter()
        .flatten()
        .filter_map(|m| m.account_id.as_deref())
        .collect();
    let mut seen = BTreeSet::new();
    output
        .unprocessed_accounts
        .iter()
        .flatten()
        .filter_map(|u| u.account_id.as_deref())
        .filter(|id| requested.contains_key(*id) && !created.contains(id))
        .filter(|id| seen.insert(*id))
        .map(str::to_owned)
        .collect()
}

/// True when `member` is the account as requested: same id, and the same
/// address (compared case-insensitively, as mail systems do) unless the
/// service did not say which address it has.
fn matches_request(member: &MemberDetail, requested: &BTreeMap<String, Option<String>>) -> bool {
    let Some(id) = member.account_id.as_deref() else {
        return false;
    };
    let Some(wanted) = requested.get(id) else {
        return false;
    };
    match (wanted, &member.email_address) {
        (Some(wanted), Some(actual)) => wanted.to_lowercase() == actual.expose().to_lowercase(),
        _ => true,
    }
}

/// Moves the `found` members that match the request from `UnprocessedAccounts` to `Members`.
fn merge(
    mut output: CreateMembersOutput,
    requested: &BTreeMap<String, Option<String>>,
    found: Vec<MemberDetail>,
) -> CreateMembersOutput {
    let mut reconciled = BTreeSet::new();
    let mut members = output.members.take().unwrap_or_default();
    for member in found {
        if !matches_request(&member, requested) {
            continue;
        }
        if let Some(id) = member.account_id.clone() {
            if reconciled.insert(id) {
                members.push(member);
            }
        }
    }
    let unprocessed: Vec<UnprocessedAccount> = output
        .unprocessed_accounts
        .take()
        .unwrap_or_default()
        .into_iter()
        .filter(|u| {
            u.account_id
                .as_deref()
                .is_none_or(|id| !reconciled.contains(id))
        })
        .collect();
    output.members = Some(members);
    output.unprocessed_accounts = Some(unprocessed);
    output
}

#[cfg(test)]
mod tests {
    use super::*;
    use detective_types::{Account, Sensitive};

    fn input(accounts: &[(&str, &str)]) -> CreateMembersInput {
        CreateMembersInput {
            graph_arn: Some("arn".into()),
            accounts: Some(
                accounts
                    .iter()
                    .map(|(id, e)| Account::new(*id, *e))
                    .collect(),
            ),
            ..Default::default()
        }
    }

    fn member(id: &str, email: &str) -> MemberDetail {
        MemberDetail {
            account_id: Some(id.into()),
            email_address: Some(Sensitive(email.into())),
            ..Default::default()
        }
    }

    fn unprocessed(id: &str, reason: &str) -> UnprocessedAccount {
        UnprocessedAccount {
            account_id: Some(id.into()),
            reason: Some(reason.into()),
        }
    }

    #[test]
    fn only_requested_unprocessed_accounts_not_already_created_are_candidates() {
        let requested = requested_emails(&input(&[("1", "a@x"), ("2", "b@x"), ("3", "c@x")]));
        let output = CreateMembersOutput {
            members: Some(vec![member("1", "a@x")]),
            unprocessed_accounts: Some(vec![
                unprocessed("1", "repeated"),
                unprocessed("2", "already"),
                unprocessed("2", "repeated"),
                unprocessed("9", "not asked for"),
                unprocessed("3", "already"),
            ]),
        };
        assert_eq!(candidates(&output, &requested), ["2", "3"]);
    }

    #[test]
    fn members_under_the_requested_address_move_to_members() {
        let requested = requested_emails(&input(&[("2", "B@x"), ("3", "c@x"), ("4", "d@x")]));
        let output = CreateMembersOutput {
            members: Some(vec![]),
            unprocessed_accounts: Some(vec![
                unprocessed("2", "already"),
                unprocessed("3", "already"),
                unprocessed("4", "administrator"),
            ]),
        };
        // 2 matches (case differs), 3 is a member under another address, 4 is not a member.
        let found = vec![member("2", "b@X"), member("3", "other@x")];
        let merged = merge(output, &requested, found);
        let ids: Vec<_> = merged
            .members
            .unwrap()
            .into_iter()
            .filter_map(|m| m.account_id)
            .collect();
        assert_eq!(ids, ["2"]);
        let left: Vec<_> = merged
            .unprocessed_accounts
            .unwrap()
            .into_iter()
            .filter_map(|u| u.account_id)
            .collect();
        assert_eq!(left, ["3", "4"]);
    }

    #[test]
    fn a_member_without_an_address_matches_by_id() {
        let requested = requested_emails(&input(&[("2", "b@x")]));
        let mut found = member("2", "b@x");
        found.email_address = None;
        assert!(matches_request(&found, &requested));
        assert!(!matches_request(&member("5", "b@x"), &requested));
    }
}

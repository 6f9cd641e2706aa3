//! `ListInvitations`, `AcceptInvitation`, `RejectInvitation`, `DisassociateMembership`: the member's side.

use super::pagination::{paginate, TokenScope};
use super::records::Membership;
use super::{required, ApiError, Caller, State};
use detective_types::{
    AcceptInvitationInput, AcceptInvitationOutput, DisassociateMembershipInput,
    DisassociateMembershipOutput, ListInvitationsInput, ListInvitationsOutput, MemberStatus,
    RejectInvitationInput, RejectInvitationOutput,
};

/// Statuses a member sees in `ListInvitations`; an unverified membership is not yet an invitation.
fn is_listed_invitation(status: &MemberStatus) -> bool {
    matches!(
        status,
        MemberStatus::Invited | MemberStatus::Enabled | MemberStatus::AcceptedButDisabled
    )
}

/// Why `caller` cannot act on its membership in `graph_arn`: one text whether or not the graph exists.
pub(crate) fn no_membership(caller: &Caller, graph_arn: &str) -> String {
    format!(
        "Account {} has no membership in a behavior graph {graph_arn} in region {}.",
        caller.account_id, caller.region
    )
}

impl State {
    /// The caller's membership in a graph of their region: 404 if the graph or the membership does not exist.
    ///
    /// Both 404s are the same answer, word for word: an account outside a
    /// graph must not learn from the message whether someone else's graph exists.
    fn own_membership(&self, caller: &Caller, graph_arn: &str) -> Result<&Membership, ApiError> {
        // The administrator is never stored as a member, so they get the 404 the service gives.
        self.graph(caller, graph_arn)
            .ok()
            .and_then(|graph| graph.members.get(&caller.account_id))
            .ok_or_else(|| ApiError::not_found(no_membership(caller, graph_arn)))
    }

    /// 409 unless the caller's membership has `expected` status.
    fn require_status(
        membership: &Membership,
        expected: MemberStatus,
        action: &str,
    ) -> Result<(), ApiError> {
        if membership.status == expected {
            return Ok(());
        }
        Err(ApiError::conflict(format!(
            "Cannot {action}: the membership of account {} is {}, not {expected}.",
            membership.account_id, membership.status
        )))
    }

    /// The caller's memberships in other accounts' graphs of their region, by graph ARN, paginated.
    pub fn list_invitations(
        &mut self,
        caller: &Caller,
        input: ListInvitationsInput,
    ) -> Result<ListInvitationsOutput, ApiError> {
        self.settle(&caller.region);
        let invitations: Vec<_> = self
            .regions
            .get(&caller.region)
            .map(|region| {
                region
                    .graphs
                    .values()
                    .filter(|graph| graph.administrator != caller.account_id)
                    .filter_map(|graph| {
                        let membership = graph.members.get(&caller.account_id)?;
                        is_listed_invitation(&membership.status)
                            .then(|| graph.member_detail(membership))
                    })
                    .collect()
            })
            .unwrap_or_default();
        let scope = TokenScope::for_caller("ListInvitations", caller, &[]);
        let page = paginate(
            &self.config.token_key,
            &scope,
            input.max_results,
            input.next_token.as_deref(),
            invitations,
            |detail| detail.graph_arn.as_deref().unwrap_or_default(),
        )?;
        Ok(ListInvitationsOutput {
            invitations: Some(page.items),
            next_token: page.next_token,
        })
    }

    /// Accepts an invitation: `INVITED` becomes `ENABLED`, or `ACCEPTED_BUT_DISABLED` when the
    /// member's data volume would take the graph past its limit.
    pub fn accept_invitation(
        &mut self,
        caller: &Caller,
        input: AcceptInvitationInput,
    ) -> Result<AcceptInvitationOutput, ApiError> {
        let graph_arn = required("GraphArn", &input.graph_arn)?;
        self.settle(&caller.region);
        let membership = self.own_membership(caller, graph_arn)?;
        Self::require_status(membership, MemberStatus::Invited, "accept the invitation")?;
        let now = self.clock.now();
        let graph = self.graph(caller, graph_arn)?;
        // Over the graph's data volume limit, the member joins but nothing is ingested yet.
        let fits = self.volume_fits(graph, 0, &caller.account_id);
        let started = graph.started_packages();
        let graph = self.graph_mut(caller, graph_arn)?;
        if let Some(membership) = graph.members.get_mut(&caller.account_id) {
            if fits {
                membership.enable(&started, now);
            } else {
                membership.disable_for_volume(now);
            }
        }
        Ok(AcceptInvitationOutput {})
    }

    /// Declines an invitation: the `INVITED` membership is gone.
    pub fn reject_invitation(
        &mut self,
        caller: &Caller,
        input: RejectInvitationInput,
    ) -> Result<RejectInvitationOutput, ApiError> {
        let graph_arn = required("GraphArn", &input.graph_arn)?;
        self.settle(&caller.region);
        let membership = self.own_membership(caller, graph_arn)?;
        Self::require_status(membership, MemberStatus::Invited, "reject the invitation")?;
        self.graph_mut(caller, graph_arn)?
            .members
            .remove(&caller.account_id);
        Ok(RejectInvitationOutput {})
    }

    /// Resigns from a graph: the `ENABLED` membership is gone.
    pub fn disassociate_membership(
        &mut self,
        caller: &Caller,
        input: DisassociateMembershipInput,
    ) -> Result<DisassociateMembershipOutput, ApiError> {
        let graph_arn = required("GraphArn", &input.graph_arn)?;
        self.settle(&caller.region);
        // An unknown graph falls through to own_membership's 404, the same one a foreign graph gets.
        if self
            .graph(caller, graph_arn)
            .is_ok_and(|graph| graph.administrator == caller.account_id)
        {
            return Err(ApiError::conflict(format!(
                "Account {} is the administrator of the behavior graph {graph_arn} and cannot leave it; delete the graph instead.",
                caller.account_id
            )));
        }
        let membership = self.own_membership(caller, graph_arn)?;
        Self::require_status(membership, MemberStatus::Enabled, "disassociate")?;
        self.graph_mut(caller, graph_arn)?
            .members
            .remove(&caller.account_id);
        Ok(DisassociateMembershipOutput {})
    }
}

//! Valid operation inputs: every value passes `validate()`.

use super::shapes::{any_account, any_tags};
use super::text::{any_account_id, any_graph_arn, any_max_results, any_message, any_next_token};
use crate::{
    AcceptInvitationInput, CreateGraphInput, CreateMembersInput, DeleteGraphInput,
    DeleteMembersInput, DisassociateMembershipInput, GetMembersInput, ListGraphsInput,
    ListInvitationsInput, ListMembersInput, RejectInvitationInput, Sensitive,
};
use proptest::collection::vec;
use proptest::option;
use proptest::prelude::*;

/// A valid `AccountIdList` or `AccountList` length: 1 to 50, the bounds more often than chance would pick them.
pub(crate) fn list_len() -> impl Strategy<Value = usize> {
    prop_oneof![1 => Just(1usize), 1 => Just(50usize), 2 => 1usize..=5, 2 => 1usize..=50]
}

/// A valid `CreateGraphInput` (with or without tags).
pub fn valid_create_graph_input() -> impl Strategy<Value = CreateGraphInput> {
    option::of(any_tags()).prop_map(|tags| CreateGraphInput { tags })
}

/// A valid `DeleteGraphInput`.
pub fn valid_delete_graph_input() -> impl Strategy<Value = DeleteGraphInput> {
    any_graph_arn().prop_map(|arn| DeleteGraphInput {
        graph_arn: Some(arn),
    })
}

/// A valid `ListGraphsInput`.
pub fn valid_list_graphs_input() -> impl Strategy<Value = ListGraphsInput> {
    (option::of(any_max_results()), option::of(any_next_token())).prop_map(
        |(max_results, next_token)| ListGraphsInput {
            max_results,
            next_token,
        },
    )
}

/// A valid `AcceptInvitationInput`.
pub fn valid_accept_invitation_input() -> impl Strategy<Value = AcceptInvitationInput> {
    any_graph_arn().prop_map(|arn| AcceptInvitationInput {
        graph_arn: Some(arn),
    })
}

/// A valid `RejectInvitationInput`.
pub fn valid_reject_invitation_input() -> impl Strategy<Value = RejectInvitationInput> {
    any_graph_arn().prop_map(|arn| RejectInvitationInput {
        graph_arn: Some(arn),
    })
}

/// A valid `DisassociateMembershipInput`.
pub fn valid_disassociate_membership_input() -> impl Strategy<Value = DisassociateMembershipInput> {
    any_graph_arn().prop_map(|arn| DisassociateMembershipInput {
        graph_arn: Some(arn),
    })
}

/// A valid `ListInvitationsInput`.
pub fn valid_list_invitations_input() -> impl Strategy<Value = ListInvitationsInput> {
    (option::of(any_max_results()), option::of(any_next_token())).prop_map(
        |(max_results, next_token)| ListInvitationsInput {
            max_results,
            next_token,
        },
    )
}

/// A valid `CreateMembersInput`: 1 to 50 valid accounts, an optional message of 1 to 1000 characters.
pub fn valid_create_members_input() -> impl Strategy<Value = CreateMembersInput> {
    (
        any_graph_arn(),
        list_len().prop_flat_map(|n| vec(any_account(), n)),
        option::of(any::<bool>()),
        option::of(any_message()),
    )
        .prop_map(
            |(graph_arn, accounts, disable_email_notification, message)| CreateMembersInput {
                accounts: Some(accounts),
                disable_email_notification,
                graph_arn: Some(graph_arn),
                message: message.map(Sensitive),
            },
        )
}

/// A valid `GetMembersInput`: 1 to 50 account ids.
pub fn valid_get_members_input() -> impl Strategy<Value = GetMembersInput> {
    (
        any_graph_arn(),
        list_len().prop_flat_map(|n| vec(any_account_id(), n)),
    )
        .prop_map(|(graph_arn, account_ids)| GetMembersInput {
            account_ids: Some(account_ids),
            graph_arn: Some(graph_arn),
        })
}

/// A valid `ListMembersInput`.
pub fn valid_list_members_input() -> impl Strategy<Value = ListMembersInput> {
    (
        any_graph_arn(),
        option::of(any_max_results()),
        option::of(any_next_token()),
    )
        .prop_map(|(graph_arn, max_results, next_token)| ListMembersInput {
            graph_arn: Some(graph_arn),
            max_results,
            next_token,
        })
}

/// A valid `DeleteMembersInput`: 1 to 50 account ids.
pub fn valid_delete_members_input() -> impl Strategy<Value = DeleteMembersInput> {
    (
        any_graph_arn(),
        list_len().prop_flat_map(|n| vec(any_account_id(), n)),
    )
        .prop_map(|(graph_arn, account_ids)| DeleteMembersInput {
            account_ids: Some(account_ids),
            graph_arn: Some(graph_arn),
        })
}

//! Valid operation inputs: every value passes `validate()`.

use super::shapes::any_timestamp;
use super::shapes::{any_account, any_filter_criteria, any_sort_criteria, any_tags};
use super::text::{
    any_account_id, any_ai_max_results, any_ai_next_token, any_entity_arn, any_graph_arn,
    any_investigation_id, any_max_results, any_message, any_next_token, any_tag_key,
};
use crate::{
    AcceptInvitationInput, BatchGetGraphMemberDatasourcesInput, BatchGetMembershipDatasourcesInput,
    CreateGraphInput, CreateMembersInput, DatasourcePackage, DeleteGraphInput, DeleteMembersInput,
    DescribeOrganizationConfigurationInput, DisableOrganizationAdminAccountInput,
    DisassociateMembershipInput, EnableOrganizationAdminAccountInput, GetInvestigationInput,
    GetMembersInput, IndicatorType, InvestigationState, ListDatasourcePackagesInput,
    ListGraphsInput, ListIndicatorsInput, ListInvestigationsInput, ListInvitationsInput,
    ListMembersInput, ListOrganizationAdminAccountsInput, ListTagsForResourceInput,
    RejectInvitationInput, Sensitive, StartInvestigationInput, StartMonitoringMemberInput,
    TagResourceInput, UntagResourceInput, UpdateDatasourcePackagesInput,
    UpdateInvestigationStateInput, UpdateOrganizationConfigurationInput,
};
use proptest::collection::vec;
use proptest::option;
use proptest::prelude::*;
use proptest::sample::select;

/// A valid `AccountIdList` or `AccountList` length: 1 to 50, the bounds more often than chance would pick them.
pub(crate) fn list_len() -> impl Strategy<Value = usize> {
    list_len_up_to(50)
}

/// A valid length of a list of 1 to `max` items, the bounds more often than chance would pick them.
pub(crate) fn list_len_up_to(max: usize) -> impl Strategy<Value = usize> {
    prop_oneof![1 => Just(1usize), 1 => Just(max), 2 => 1usize..=5.min(max), 2 => 1usize..=max]
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

/// A valid `TagResourceInput`: a graph ARN and 1 to 50 valid tags.
pub fn valid_tag_resource_input() -> impl Strategy<Value = TagResourceInput> {
    (any_graph_arn(), any_tags()).prop_map(|(arn, tags)| TagResourceInput {
        resource_arn: Some(arn),
        tags: Some(tags),
    })
}

/// A valid `TagKeyList`: 1 to 50 valid tag keys (repeats allowed: the model does not forbid them).
pub(crate) fn valid_tag_keys() -> impl Strategy<Value = Vec<String>> {
    list_len().prop_flat_map(|n| vec(any_tag_key(), n))
}

/// A valid `UntagResourceInput`: a graph ARN and 1 to 50 valid tag keys.
pub fn valid_untag_resource_input() -> impl Strategy<Value = UntagResourceInput> {
    (any_graph_arn(), valid_tag_keys()).prop_map(|(arn, keys)| UntagResourceInput {
        resource_arn: Some(arn),
        tag_keys: Some(keys),
    })
}

/// A valid `ListTagsForResourceInput`.
pub fn valid_list_tags_for_resource_input() -> impl Strategy<Value = ListTagsForResourceInput> {
    any_graph_arn().prop_map(|arn| ListTagsForResourceInput {
        resource_arn: Some(arn),
    })
}

/// A valid `ListDatasourcePackagesInput`.
pub fn valid_list_datasource_packages_input() -> impl Strategy<Value = ListDatasourcePackagesInput>
{
    (
        any_graph_arn(),
        option::of(any_max_results()),
        option::of(any_next_token()),
    )
        .prop_map(
            |(graph_arn, max_results, next_token)| ListDatasourcePackagesInput {
                graph_arn: Some(graph_arn),
                max_results,
                next_token,
            },
        )
}

/// A valid `DatasourcePackageList`: 1 to 25 packages the model defines (repeats allowed).
pub(crate) fn valid_datasource_packages() -> impl Strategy<Value = Vec<DatasourcePackage>> {
    list_len_up_to(25).prop_flat_map(|n| vec(select(DatasourcePackage::values()), n))
}

/// A valid `UpdateDatasourcePackagesInput`: 1 to 25 known packages.
pub fn valid_update_datasource_packages_input(
) -> impl Strategy<Value = UpdateDatasourcePackagesInput> {
    (any_graph_arn(), valid_datasource_packages()).prop_map(|(graph_arn, packages)| {
        UpdateDatasourcePackagesInput {
            datasource_packages: Some(packages),
            graph_arn: Some(graph_arn),
        }
    })
}

/// A valid `AccountIdExtendedList`: 1 to 200 account ids.
pub(crate) fn valid_extended_account_ids() -> impl Strategy<Value = Vec<String>> {
    list_len_up_to(200).prop_flat_map(|n| vec(any_account_id(), n))
}

/// A valid `BatchGetGraphMemberDatasourcesInput`: 1 to 200 account ids.
pub fn valid_batch_get_graph_member_datasources_input(
) -> impl Strategy<Value = BatchGetGraphMemberDatasourcesInput> {
    (any_graph_arn(), valid_extended_account_ids()).prop_map(|(graph_arn, account_ids)| {
        BatchGetGraphMemberDatasourcesInput {
            account_ids: Some(account_ids),
            graph_arn: Some(graph_arn),
        }
    })
}

/// A valid `GraphArnList`: 1 to 50 graph ARNs.
pub(crate) fn valid_graph_arns() -> impl Strategy<Value = Vec<String>> {
    list_len().prop_flat_map(|n| vec(any_graph_arn(), n))
}

/// A valid `BatchGetMembershipDatasourcesInput`: 1 to 50 graph ARNs.
pub fn valid_batch_get_membership_datasources_input(
) -> impl Strategy<Value = BatchGetMembershipDatasourcesInput> {
    valid_graph_arns().prop_map(|arns| BatchGetMembershipDatasourcesInput {
        graph_arns: Some(arns),
    })
}

/// A valid `StartMonitoringMemberInput`.
pub fn valid_start_monitoring_member_input() -> impl Strategy<Value = StartMonitoringMemberInput> {
    (any_graph_arn(), any_account_id()).prop_map(|(graph_arn, account_id)| {
        StartMonitoringMemberInput {
            account_id: Some(account_id),
            graph_arn: Some(graph_arn),
        }
    })
}

/// A valid `EnableOrganizationAdminAccountInput`.
pub fn valid_enable_organization_admin_account_input(
) -> impl Strategy<Value = EnableOrganizationAdminAccountInput> {
    any_account_id().prop_map(|id| EnableOrganizationAdminAccountInput {
        account_id: Some(id),
    })
}

/// The `DisableOrganizationAdminAccountInput` (it has no members, so it is always valid).
pub fn valid_disable_organization_admin_account_input(
) -> impl Strategy<Value = DisableOrganizationAdminAccountInput> {
    Just(DisableOrganizationAdminAccountInput {})
}

/// A valid `ListOrganizationAdminAccountsInput`.
pub fn valid_list_organization_admin_accounts_input(
) -> impl Strategy<Value = ListOrganizationAdminAccountsInput> {
    (option::of(any_max_results()), option::of(any_next_token())).prop_map(
        |(max_results, next_token)| ListOrganizationAdminAccountsInput {
            max_results,
            next_token,
        },
    )
}

/// A valid `DescribeOrganizationConfigurationInput`.
pub fn valid_describe_organization_configuration_input(
) -> impl Strategy<Value = DescribeOrganizationConfigurationInput> {
    any_graph_arn().prop_map(|arn| DescribeOrganizationConfigurationInput {
        graph_arn: Some(arn),
    })
}

/// A valid `UpdateOrganizationConfigurationInput`.
pub fn valid_update_organization_configuration_input(
) -> impl Strategy<Value = UpdateOrganizationConfigurationInput> {
    (any_graph_arn(), option::of(any::<bool>())).prop_map(|(arn, auto_enable)| {
        UpdateOrganizationConfigurationInput {
            auto_enable,
            graph_arn: Some(arn),
        }
    })
}

/// A valid `StartInvestigationInput` (the scope's order is the service's business, not the model's).
pub fn valid_start_investigation_input() -> impl Strategy<Value = StartInvestigationInput> {
    (
        any_graph_arn(),
        any_entity_arn(),
        any_timestamp(),
        any_timestamp(),
    )
        .prop_map(
            |(graph_arn, entity_arn, start, end)| StartInvestigationInput {
                entity_arn: Some(entity_arn),
                graph_arn: Some(graph_arn),
                scope_end_time: Some(end),
                scope_start_time: Some(start),
            },
        )
}

/// A valid `GetInvestigationInput`.
pub fn valid_get_investigation_input() -> impl Strategy<Value = GetInvestigationInput> {
    (any_graph_arn(), any_investigation_id()).prop_map(|(graph_arn, id)| GetInvestigationInput {
        graph_arn: Some(graph_arn),
        investigation_id: Some(id),
    })
}

/// A valid `ListInvestigationsInput`: optional valid filters and sort, `MaxResults` 1 to 100, `NextToken` 1 to 2048 characters.
pub fn valid_list_investigations_input() -> impl Strategy<Value = ListInvestigationsInput> {
    (
        option::of(any_filter_criteria()),
        any_graph_arn(),
        option::of(any_ai_max_results()),
        option::of(any_ai_next_token()),
        option::of(any_sort_criteria()),
    )
        .prop_map(
            |(filter_criteria, graph_arn, max_results, next_token, sort_criteria)| {
                ListInvestigationsInput {
                    filter_criteria,
                    graph_arn: Some(graph_arn),
                    max_results,
                    next_token,
                    sort_criteria,
                }
            },
        )
        // Boxed: nested in the broken strategies, the full type overflows a debug build's test-thread stack.
        .boxed()
}

/// A valid `ListIndicatorsInput`: an optional known `IndicatorType`, `MaxResults` 1 to 100, `NextToken` 1 to 2048 characters.
pub fn valid_list_indicators_input() -> impl Strategy<Value = ListIndicatorsInput> {
    (
        any_graph_arn(),
        option::of(select(IndicatorType::values())),
        any_investigation_id(),
        option::of(any_ai_max_results()),
        option::of(any_ai_next_token()),
    )
        .prop_map(
            |(graph_arn, indicator_type, investigation_id, max_results, next_token)| {
                ListIndicatorsInput {
                    graph_arn: Some(graph_arn),
                    indicator_type,
                    investigation_id: Some(investigation_id),
                    max_results,
                    next_token,
                }
            },
        )
}

/// A valid `UpdateInvestigationStateInput`: a known `State`.
pub fn valid_update_investigation_state_input(
) -> impl Strategy<Value = UpdateInvestigationStateInput> {
    (
        any_graph_arn(),
        any_investigation_id(),
        select(InvestigationState::values()),
    )
        .prop_map(|(graph_arn, id, state)| UpdateInvestigationStateInput {
            graph_arn: Some(graph_arn),
            investigation_id: Some(id),
            state: Some(state),
        })
}

//! Enums, timestamps, nested shapes and operation outputs.

use super::text::{
    any_account_id, any_ai_next_token, any_email_address, any_entity_arn, any_filter_value,
    any_graph_arn, any_investigation_id, any_next_token, any_tag_key, any_tag_value,
};
use crate::{
    AcceptInvitationOutput, Account, CreateGraphOutput, CreateMembersOutput, DatasourcePackage,
    DatasourcePackageIngestState, DatasourcePackageIngestStates, DatasourcePackageUsageInfo,
    DeleteGraphOutput, DeleteMembersOutput, DisassociateMembershipOutput, ErrorCode,
    GetMembersOutput, Graph, InvitationType, ListGraphsOutput, ListInvitationsOutput,
    ListMembersOutput, MemberDetail, MemberDisabledReason, MemberStatus, RejectInvitationOutput,
    Sensitive, ServiceErrorCode, Tags, Timestamp, UnprocessedAccount,
    VolumeUsageByDatasourcePackage,
};
use crate::{
    Administrator, BatchGetGraphMemberDatasourcesOutput, BatchGetMembershipDatasourcesOutput,
    DatasourcePackageIngestDetail, DatasourcePackageIngestDetails, DatasourcePackageIngestHistory,
    DateFilter, DescribeOrganizationConfigurationOutput, DisableOrganizationAdminAccountOutput,
    EnableOrganizationAdminAccountOutput, EntityType, FilterCriteria, FlaggedIpAddressDetail,
    FlaggedIpAddressReason, GetInvestigationOutput, ImpossibleTravelDetail, Indicator,
    IndicatorDetail, IndicatorType, InvestigationDetail, InvestigationState, InvestigationStatus,
    LastIngestStateChangeDates, ListDatasourcePackagesOutput, ListIndicatorsOutput,
    ListInvestigationsOutput, ListOrganizationAdminAccountsOutput, ListTagsForResourceOutput,
    MembershipDatasources, NewAsoDetail, NewGeolocationDetail, NewUserAgentDetail,
    RelatedFindingDetail, RelatedFindingGroupDetail, Severity, SortCriteria, SortField, SortOrder,
    StartInvestigationOutput, StartMonitoringMemberOutput, StringFilter, TagResourceOutput,
    TimestampForCollection, TtpsObservedDetail, UnprocessedGraph, UntagResourceOutput,
    UpdateDatasourcePackagesOutput, UpdateInvestigationStateOutput,
    UpdateOrganizationConfigurationOutput,
};
use proptest::collection::{btree_map, vec};
use proptest::option;
use proptest::prelude::*;
use proptest::sample::select;
use std::fmt::Debug;
use time::OffsetDateTime;

/// How many items the generated output lists hold at most (the model sets no limit; small keeps cases fast).
const OUTPUT_LIST_MAX: usize = 4;

/// Enum values the model does not define: `known` holds the values to avoid (an enum's `KNOWN`).
///
/// Mostly upper-case values like the model's own (`FUTURE_STATUS_2`), sometimes
/// other spellings, including case variants of known values (`invited`).
pub fn unknown_enum_value(known: &'static [&'static str]) -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "[A-Z][A-Z0-9_]{0,24}",
        1 => "[a-z][a-zA-Z0-9 ._-]{0,16}",
        1 => select(known).prop_map(str::to_lowercase),
    ]
    .prop_filter("a value the model does not define", move |v| {
        !known.contains(&v.as_str())
    })
}

/// A known value nine times in ten, an `Unknown(..)` one otherwise.
fn open_enum<E>(known: Vec<E>, known_text: &'static [&'static str]) -> impl Strategy<Value = E>
where
    E: From<String> + Clone + Debug + 'static,
{
    prop_oneof![
        9 => select(known),
        1 => unknown_enum_value(known_text).prop_map(E::from),
    ]
}

/// Any `MemberStatus`, now and then an unknown one.
pub fn any_member_status() -> impl Strategy<Value = MemberStatus> {
    open_enum(MemberStatus::values(), MemberStatus::KNOWN)
}

/// Any `MemberDisabledReason`, now and then an unknown one.
pub fn any_member_disabled_reason() -> impl Strategy<Value = MemberDisabledReason> {
    open_enum(MemberDisabledReason::values(), MemberDisabledReason::KNOWN)
}

/// Any `InvitationType`, now and then an unknown one.
pub fn any_invitation_type() -> impl Strategy<Value = InvitationType> {
    open_enum(InvitationType::values(), InvitationType::KNOWN)
}

/// Any `DatasourcePackage`, now and then an unknown one.
pub fn any_datasource_package() -> impl Strategy<Value = DatasourcePackage> {
    open_enum(DatasourcePackage::values(), DatasourcePackage::KNOWN)
}

/// Any `DatasourcePackageIngestState`, now and then an unknown one.
pub fn any_datasource_package_ingest_state() -> impl Strategy<Value = DatasourcePackageIngestState>
{
    open_enum(
        DatasourcePackageIngestState::values(),
        DatasourcePackageIngestState::KNOWN,
    )
}

/// Any `ErrorCode`, now and then an unknown one.
pub fn any_error_code() -> impl Strategy<Value = ErrorCode> {
    open_enum(ErrorCode::values(), ErrorCode::KNOWN)
}

/// Any `ServiceErrorCode`, now and then an unknown one.
pub fn any_service_error_code() -> impl Strategy<Value = ServiceErrorCode> {
    open_enum(ServiceErrorCode::values(), ServiceErrorCode::KNOWN)
}

/// Seconds since the epoch of `9999-12-31T23:59:59Z`, the last second ISO-8601 (RFC 3339) can write.
const LAST_RFC3339_SECOND: i64 = 253_402_300_799;

/// Any timestamp in the years 1970 to 9999, so that ISO-8601 round-trips it exactly.
///
/// Whole seconds, milliseconds or nanoseconds; mostly in this century, sometimes anywhere in range.
pub fn any_timestamp() -> impl Strategy<Value = Timestamp> {
    let seconds = prop_oneof![
        3 => 1_500_000_000i64..2_100_000_000,
        1 => 0..=LAST_RFC3339_SECOND,
        1 => select(vec![0, LAST_RFC3339_SECOND]),
    ];
    let nanos = prop_oneof![
        1 => Just(0u32),
        2 => (0u32..1000).prop_map(|ms| ms * 1_000_000),
        1 => 0u32..1_000_000_000,
    ];
    (seconds, nanos).prop_filter_map("a representable date-time", |(s, n)| {
        let total = i128::from(s) * 1_000_000_000 + i128::from(n);
        OffsetDateTime::from_unix_timestamp_nanos(total)
            .ok()
            .map(Timestamp::from_offset_date_time)
    })
}

/// A valid `TagMap`: 1 to 50 valid keys with values of at most 256 characters.
pub fn any_tags() -> impl Strategy<Value = Tags> {
    prop_oneof![
        3 => btree_map(any_tag_key(), any_tag_value(), 1..=5),
        1 => btree_map(any_tag_key(), any_tag_value(), 1..=50),
    ]
}

/// A valid `Account`: a 12-digit id and a valid e-mail address.
pub fn any_account() -> impl Strategy<Value = Account> {
    (any_account_id(), any_email_address()).prop_map(|(id, email)| Account::new(id, email))
}

/// Any `UnprocessedAccount`.
pub fn any_unprocessed_account() -> impl Strategy<Value = UnprocessedAccount> {
    let reason = prop_oneof![
        3 => "[A-Za-z0-9 .,'()-]{0,80}",
        1 => any::<String>(),
    ];
    (option::of(any_account_id()), option::of(reason))
        .prop_map(|(account_id, reason)| UnprocessedAccount { account_id, reason })
}

/// Any `Graph`.
pub fn any_graph() -> impl Strategy<Value = Graph> {
    (option::of(any_graph_arn()), option::of(any_timestamp()))
        .prop_map(|(arn, created_time)| Graph { arn, created_time })
}

/// Any `DatasourcePackageUsageInfo`.
pub fn any_datasource_package_usage_info() -> impl Strategy<Value = DatasourcePackageUsageInfo> {
    (option::of(any_byte_value()), option::of(any_timestamp())).prop_map(
        |(volume_usage_in_bytes, volume_usage_update_time)| DatasourcePackageUsageInfo {
            volume_usage_in_bytes,
            volume_usage_update_time,
        },
    )
}

/// Any `DatasourcePackageIngestStates` map (including unknown packages and states).
pub fn any_datasource_package_ingest_states() -> impl Strategy<Value = DatasourcePackageIngestStates>
{
    btree_map(
        any_datasource_package(),
        any_datasource_package_ingest_state(),
        0..=3,
    )
}

/// Any `VolumeUsageByDatasourcePackage` map (including unknown packages).
pub fn any_volume_usage_by_datasource_package(
) -> impl Strategy<Value = VolumeUsageByDatasourcePackage> {
    btree_map(
        any_datasource_package(),
        any_datasource_package_usage_info(),
        0..=3,
    )
}

/// A `ByteValue` (a `long`): mostly realistic sizes, sometimes any `i64`.
fn any_byte_value() -> impl Strategy<Value = i64> {
    prop_oneof![3 => 0i64..1 << 40, 1 => any::<i64>()]
}

/// A `Percentage` (a `double`): finite, so that JSON can carry it.
fn any_percentage() -> impl Strategy<Value = f64> {
    use proptest::num::f64::{NEGATIVE, NORMAL, POSITIVE, SUBNORMAL, ZERO};
    prop_oneof![
        3 => 0.0f64..=100.0,
        1 => POSITIVE | NEGATIVE | NORMAL | SUBNORMAL | ZERO,
    ]
}

/// Any `MemberDetail` whose members respect the model (ids of 12 digits, valid ARN and e-mail...).
pub fn any_member_detail() -> impl Strategy<Value = MemberDetail> {
    let ids = (
        option::of(any_account_id()),
        option::of(any_account_id()),
        option::of(any_account_id()),
        option::of(any_email_address()),
        option::of(any_graph_arn()),
    );
    let kinds = (
        option::of(any_member_status()),
        option::of(any_member_disabled_reason()),
        option::of(any_invitation_type()),
        option::of(any_datasource_package_ingest_states()),
    );
    let times = (
        option::of(any_timestamp()),
        option::of(any_timestamp()),
        option::of(any_timestamp()),
        option::of(any_timestamp()),
    );
    let volumes = (
        option::of(any_percentage()),
        option::of(any_byte_value()),
        option::of(any_volume_usage_by_datasource_package()),
    );
    (ids, kinds, times, volumes).prop_map(
        |(
            (account_id, administrator_id, master_id, email_address, graph_arn),
            (status, disabled_reason, invitation_type, datasource_package_ingest_states),
            (
                invited_time,
                updated_time,
                percent_of_graph_utilization_updated_time,
                volume_usage_updated_time,
            ),
            (
                percent_of_graph_utilization,
                volume_usage_in_bytes,
                volume_usage_by_datasource_package,
            ),
        )| MemberDetail {
            account_id,
            administrator_id,
            datasource_package_ingest_states,
            disabled_reason,
            email_address: email_address.map(Sensitive),
            graph_arn,
            invitation_type,
            invited_time,
            master_id,
            percent_of_graph_utilization,
            percent_of_graph_utilization_updated_time,
            status,
            updated_time,
            volume_usage_by_datasource_package,
            volume_usage_in_bytes,
            volume_usage_updated_time,
        },
    )
}

fn member_details() -> impl Strategy<Value = Option<Vec<MemberDetail>>> {
    option::of(vec(any_member_detail(), 0..=OUTPUT_LIST_MAX))
}

fn unprocessed_accounts() -> impl Strategy<Value = Option<Vec<UnprocessedAccount>>> {
    option::of(vec(any_unprocessed_account(), 0..=OUTPUT_LIST_MAX))
}

/// Any `CreateGraphOutput`.
pub fn any_create_graph_output() -> impl Strategy<Value = CreateGraphOutput> {
    option::of(any_graph_arn()).prop_map(|graph_arn| CreateGraphOutput { graph_arn })
}

/// The `DeleteGraphOutput` (empty).
pub fn any_delete_graph_output() -> impl Strategy<Value = DeleteGraphOutput> {
    Just(DeleteGraphOutput {})
}

/// Any `ListGraphsOutput`.
pub fn any_list_graphs_output() -> impl Strategy<Value = ListGraphsOutput> {
    (
        option::of(vec(any_graph(), 0..=OUTPUT_LIST_MAX)),
        option::of(any_next_token()),
    )
        .prop_map(|(graph_list, next_token)| ListGraphsOutput {
            graph_list,
            next_token,
        })
}

/// The `AcceptInvitationOutput` (empty).
pub fn any_accept_invitation_output() -> impl Strategy<Value = AcceptInvitationOutput> {
    Just(AcceptInvitationOutput {})
}

/// The `RejectInvitationOutput` (empty).
pub fn any_reject_invitation_output() -> impl Strategy<Value = RejectInvitationOutput> {
    Just(RejectInvitationOutput {})
}

/// The `DisassociateMembershipOutput` (empty).
pub fn any_disassociate_membership_output() -> impl Strategy<Value = DisassociateMembershipOutput> {
    Just(DisassociateMembershipOutput {})
}

/// Any `ListInvitationsOutput`.
pub fn any_list_invitations_output() -> impl Strategy<Value = ListInvitationsOutput> {
    (member_details(), option::of(any_next_token())).prop_map(|(invitations, next_token)| {
        ListInvitationsOutput {
            invitations,
            next_token,
        }
    })
}

/// Any `CreateMembersOutput`.
pub fn any_create_members_output() -> impl Strategy<Value = CreateMembersOutput> {
    (member_details(), unprocessed_accounts()).prop_map(|(members, unprocessed_accounts)| {
        CreateMembersOutput {
            members,
            unprocessed_accounts,
        }
    })
}

/// Any `GetMembersOutput`.
pub fn any_get_members_output() -> impl Strategy<Value = GetMembersOutput> {
    (member_details(), unprocessed_accounts()).prop_map(|(member_details, unprocessed_accounts)| {
        GetMembersOutput {
            member_details,
            unprocessed_accounts,
        }
    })
}

/// Any `ListMembersOutput`.
pub fn any_list_members_output() -> impl Strategy<Value = ListMembersOutput> {
    (member_details(), option::of(any_next_token())).prop_map(|(member_details, next_token)| {
        ListMembersOutput {
            member_details,
            next_token,
        }
    })
}

/// Any `DeleteMembersOutput` (`AccountIds`, when present, is a valid `AccountIdList` of 1 to 50).
pub fn any_delete_members_output() -> impl Strategy<Value = DeleteMembersOutput> {
    (
        option::of(vec(any_account_id(), 1..=50)),
        unprocessed_accounts(),
    )
        .prop_map(|(account_ids, unprocessed_accounts)| DeleteMembersOutput {
            account_ids,
            unprocessed_accounts,
        })
}

// ---- Enums of the later operations ------------------------------------------

/// Any `EntityType`, now and then an unknown one.
pub fn any_entity_type() -> impl Strategy<Value = EntityType> {
    open_enum(EntityType::values(), EntityType::KNOWN)
}

/// Any `Severity`, now and then an unknown one.
pub fn any_severity() -> impl Strategy<Value = Severity> {
    open_enum(Severity::values(), Severity::KNOWN)
}

/// Any `InvestigationState` (model `State`), now and then an unknown one.
pub fn any_investigation_state() -> impl Strategy<Value = InvestigationState> {
    open_enum(InvestigationState::values(), InvestigationState::KNOWN)
}

/// Any `InvestigationStatus` (model `Status`), now and then an unknown one.
pub fn any_investigation_status() -> impl Strategy<Value = InvestigationStatus> {
    open_enum(InvestigationStatus::values(), InvestigationStatus::KNOWN)
}

/// Any `SortField` (model `Field`), now and then an unknown one.
pub fn any_sort_field() -> impl Strategy<Value = SortField> {
    open_enum(SortField::values(), SortField::KNOWN)
}

/// Any `SortOrder`, now and then an unknown one.
pub fn any_sort_order() -> impl Strategy<Value = SortOrder> {
    open_enum(SortOrder::values(), SortOrder::KNOWN)
}

/// Any `IndicatorType`, now and then an unknown one.
pub fn any_indicator_type() -> impl Strategy<Value = IndicatorType> {
    open_enum(IndicatorType::values(), IndicatorType::KNOWN)
}

/// Any `FlaggedIpAddressReason` (model `Reason`), now and then an unknown one.
pub fn any_flagged_ip_address_reason() -> impl Strategy<Value = FlaggedIpAddressReason> {
    open_enum(
        FlaggedIpAddressReason::values(),
        FlaggedIpAddressReason::KNOWN,
    )
}

// ---- Nested shapes of the later operations ----------------------------------

/// Free text the model leaves unconstrained (`IpAddress`, `Location`, `Tactic`, ...): mostly plain, sometimes anything.
fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "[A-Za-z0-9 .:/_-]{0,24}",
        1 => any::<String>(),
    ]
}

/// Any `TimestampForCollection`.
pub fn any_timestamp_for_collection() -> impl Strategy<Value = TimestampForCollection> {
    option::of(any_timestamp()).prop_map(|timestamp| TimestampForCollection { timestamp })
}

/// Any `LastIngestStateChangeDates` map (including unknown states).
pub fn any_last_ingest_state_change_dates() -> impl Strategy<Value = LastIngestStateChangeDates> {
    btree_map(
        any_datasource_package_ingest_state(),
        any_timestamp_for_collection(),
        0..=3,
    )
}

/// Any `DatasourcePackageIngestHistory` map (including unknown packages).
pub fn any_datasource_package_ingest_history(
) -> impl Strategy<Value = DatasourcePackageIngestHistory> {
    btree_map(
        any_datasource_package(),
        any_last_ingest_state_change_dates(),
        0..=3,
    )
}

/// Any `DatasourcePackageIngestDetail`.
pub fn any_datasource_package_ingest_detail() -> impl Strategy<Value = DatasourcePackageIngestDetail>
{
    (
        option::of(any_datasource_package_ingest_state()),
        option::of(any_last_ingest_state_change_dates()),
    )
        .prop_map(
            |(datasource_package_ingest_state, last_ingest_state_change)| {
                DatasourcePackageIngestDetail {
                    datasource_package_ingest_state,
                    last_ingest_state_change,
                }
            },
        )
}

/// Any `DatasourcePackageIngestDetails` map (including unknown packages).
pub fn any_datasource_package_ingest_details(
) -> impl Strategy<Value = DatasourcePackageIngestDetails> {
    btree_map(
        any_datasource_package(),
        any_datasource_package_ingest_detail(),
        0..=3,
    )
}

/// Any `MembershipDatasources`.
pub fn any_membership_datasources() -> impl Strategy<Value = MembershipDatasources> {
    (
        option::of(any_account_id()),
        option::of(any_datasource_package_ingest_history()),
        option::of(any_graph_arn()),
    )
        .prop_map(
            |(account_id, datasource_package_ingest_history, graph_arn)| MembershipDatasources {
                account_id,
                datasource_package_ingest_history,
                graph_arn,
            },
        )
}

/// Any `UnprocessedGraph`.
pub fn any_unprocessed_graph() -> impl Strategy<Value = UnprocessedGraph> {
    (option::of(any_graph_arn()), option::of(any_text()))
        .prop_map(|(graph_arn, reason)| UnprocessedGraph { graph_arn, reason })
}

/// Any `Administrator`.
pub fn any_administrator() -> impl Strategy<Value = Administrator> {
    (
        option::of(any_account_id()),
        option::of(any_timestamp()),
        option::of(any_graph_arn()),
    )
        .prop_map(|(account_id, delegation_time, graph_arn)| Administrator {
            account_id,
            delegation_time,
            graph_arn,
        })
}

/// A valid `DateFilter`: both ends set (their order is the service's business, not the model's).
pub fn any_date_filter() -> impl Strategy<Value = DateFilter> {
    (any_timestamp(), any_timestamp()).prop_map(|(start, end)| DateFilter {
        end_inclusive: Some(end),
        start_inclusive: Some(start),
    })
}

/// A valid `StringFilter`: a `Value` of 1 to 500 characters.
pub fn any_string_filter() -> impl Strategy<Value = StringFilter> {
    any_filter_value().prop_map(|value| StringFilter { value: Some(value) })
}

/// A valid `FilterCriteria`: any of its filters, each valid.
pub fn any_filter_criteria() -> impl Strategy<Value = FilterCriteria> {
    (
        option::of(any_date_filter()),
        option::of(any_string_filter()),
        option::of(any_string_filter()),
        option::of(any_string_filter()),
        option::of(any_string_filter()),
    )
        .prop_map(
            |(created_time, entity_arn, severity, state, status)| FilterCriteria {
                created_time,
                entity_arn,
                severity,
                state,
                status,
            },
        )
}

/// A valid `SortCriteria`: only values the model defines (an input's enums are checked).
pub fn any_sort_criteria() -> impl Strategy<Value = SortCriteria> {
    (
        option::of(select(SortField::values())),
        option::of(select(SortOrder::values())),
    )
        .prop_map(|(field, sort_order)| SortCriteria { field, sort_order })
}

/// Any `InvestigationDetail`.
pub fn any_investigation_detail() -> impl Strategy<Value = InvestigationDetail> {
    (
        option::of(any_timestamp()),
        option::of(any_entity_arn()),
        option::of(any_entity_type()),
        option::of(any_investigation_id()),
        option::of(any_severity()),
        option::of(any_investigation_state()),
        option::of(any_investigation_status()),
    )
        .prop_map(
            |(created_time, entity_arn, entity_type, investigation_id, severity, state, status)| {
                InvestigationDetail {
                    created_time,
                    entity_arn,
                    entity_type,
                    investigation_id,
                    severity,
                    state,
                    status,
                }
            },
        )
}

/// Any `FlaggedIpAddressDetail`.
pub fn any_flagged_ip_address_detail() -> impl Strategy<Value = FlaggedIpAddressDetail> {
    (
        option::of(any_text()),
        option::of(any_flagged_ip_address_reason()),
    )
        .prop_map(|(ip_address, reason)| FlaggedIpAddressDetail { ip_address, reason })
}

/// Any `ImpossibleTravelDetail`.
pub fn any_impossible_travel_detail() -> impl Strategy<Value = ImpossibleTravelDetail> {
    (
        option::of(any_text()),
        option::of(any_text()),
        option::of(any::<i32>()),
        option::of(any_text()),
        option::of(any_text()),
    )
        .prop_map(
            |(
                ending_ip_address,
                ending_location,
                hourly_time_delta,
                starting_ip_address,
                starting_location,
            )| ImpossibleTravelDetail {
                ending_ip_address,
                ending_location,
                hourly_time_delta,
                starting_ip_address,
                starting_location,
            },
        )
}

/// Any `NewAsoDetail`.
pub fn any_new_aso_detail() -> impl Strategy<Value = NewAsoDetail> {
    (option::of(any_text()), option::of(any::<bool>())).prop_map(
        |(aso, is_new_for_entire_account)| NewAsoDetail {
            aso,
            is_new_for_entire_account,
        },
    )
}

/// Any `NewGeolocationDetail`.
pub fn any_new_geolocation_detail() -> impl Strategy<Value = NewGeolocationDetail> {
    (
        option::of(any_text()),
        option::of(any::<bool>()),
        option::of(any_text()),
    )
        .prop_map(
            |(ip_address, is_new_for_entire_account, location)| NewGeolocationDetail {
                ip_address,
                is_new_for_entire_account,
                location,
            },
        )
}

/// Any `NewUserAgentDetail`.
pub fn any_new_user_agent_detail() -> impl Strategy<Value = NewUserAgentDetail> {
    (option::of(any::<bool>()), option::of(any_text())).prop_map(
        |(is_new_for_entire_account, user_agent)| NewUserAgentDetail {
            is_new_for_entire_account,
            user_agent,
        },
    )
}

/// Any `RelatedFindingDetail`.
pub fn any_related_finding_detail() -> impl Strategy<Value = RelatedFindingDetail> {
    (
        option::of(any_entity_arn()),
        option::of(any_text()),
        option::of(any_text()),
    )
        .prop_map(|(arn, ip_address, r#type)| RelatedFindingDetail {
            arn,
            ip_address,
            r#type,
        })
}

/// Any `RelatedFindingGroupDetail`.
pub fn any_related_finding_group_detail() -> impl Strategy<Value = RelatedFindingGroupDetail> {
    option::of(any_text()).prop_map(|id| RelatedFindingGroupDetail { id })
}

/// Any `TtpsObservedDetail` (model `TTPsObservedDetail`).
pub fn any_ttps_observed_detail() -> impl Strategy<Value = TtpsObservedDetail> {
    (
        option::of(any::<i64>()),
        option::of(any_text()),
        option::of(any::<i64>()),
        option::of(any_text()),
        option::of(any_text()),
        option::of(any_text()),
        option::of(any_text()),
    )
        .prop_map(
            |(
                api_failure_count,
                api_name,
                api_success_count,
                ip_address,
                procedure,
                tactic,
                technique,
            )| TtpsObservedDetail {
                api_failure_count,
                api_name,
                api_success_count,
                ip_address,
                procedure,
                tactic,
                technique,
            },
        )
}

/// Any `IndicatorDetail`: any combination of its details (the service sets the one matching the type).
pub fn any_indicator_detail() -> impl Strategy<Value = IndicatorDetail> {
    let a = (
        option::of(any_flagged_ip_address_detail()),
        option::of(any_impossible_travel_detail()),
        option::of(any_new_aso_detail()),
        option::of(any_new_geolocation_detail()),
    );
    let b = (
        option::of(any_new_user_agent_detail()),
        option::of(any_related_finding_detail()),
        option::of(any_related_finding_group_detail()),
        option::of(any_ttps_observed_detail()),
    );
    (a, b).prop_map(
        |(
            (
                flagged_ip_address_detail,
                impossible_travel_detail,
                new_aso_detail,
                new_geolocation_detail,
            ),
            (
                new_user_agent_detail,
                related_finding_detail,
                related_finding_group_detail,
                ttps_observed_detail,
            ),
        )| IndicatorDetail {
            flagged_ip_address_detail,
            impossible_travel_detail,
            new_aso_detail,
            new_geolocation_detail,
            new_user_agent_detail,
            related_finding_detail,
            related_finding_group_detail,
            ttps_observed_detail,
        },
    )
}

/// Any `Indicator`.
pub fn any_indicator() -> impl Strategy<Value = Indicator> {
    (
        option::of(any_indicator_detail()),
        option::of(any_indicator_type()),
    )
        .prop_map(|(indicator_detail, indicator_type)| Indicator {
            indicator_detail,
            indicator_type,
        })
}

// ---- Outputs of the later operations ----------------------------------------

/// The `TagResourceOutput` (empty).
pub fn any_tag_resource_output() -> impl Strategy<Value = TagResourceOutput> {
    Just(TagResourceOutput {})
}

/// The `UntagResourceOutput` (empty).
pub fn any_untag_resource_output() -> impl Strategy<Value = UntagResourceOutput> {
    Just(UntagResourceOutput {})
}

/// Any `ListTagsForResourceOutput`.
pub fn any_list_tags_for_resource_output() -> impl Strategy<Value = ListTagsForResourceOutput> {
    option::of(any_tags()).prop_map(|tags| ListTagsForResourceOutput { tags })
}

/// Any `ListDatasourcePackagesOutput`.
pub fn any_list_datasource_packages_output() -> impl Strategy<Value = ListDatasourcePackagesOutput>
{
    (
        option::of(any_datasource_package_ingest_details()),
        option::of(any_next_token()),
    )
        .prop_map(
            |(datasource_packages, next_token)| ListDatasourcePackagesOutput {
                datasource_packages,
                next_token,
            },
        )
}

/// The `UpdateDatasourcePackagesOutput` (empty).
pub fn any_update_datasource_packages_output(
) -> impl Strategy<Value = UpdateDatasourcePackagesOutput> {
    Just(UpdateDatasourcePackagesOutput {})
}

fn membership_datasources() -> impl Strategy<Value = Option<Vec<MembershipDatasources>>> {
    option::of(vec(any_membership_datasources(), 0..=OUTPUT_LIST_MAX))
}

/// Any `BatchGetGraphMemberDatasourcesOutput`.
pub fn any_batch_get_graph_member_datasources_output(
) -> impl Strategy<Value = BatchGetGraphMemberDatasourcesOutput> {
    (membership_datasources(), unprocessed_accounts()).prop_map(
        |(member_datasources, unprocessed_accounts)| BatchGetGraphMemberDatasourcesOutput {
            member_datasources,
            unprocessed_accounts,
        },
    )
}

/// Any `BatchGetMembershipDatasourcesOutput`.
pub fn any_batch_get_membership_datasources_output(
) -> impl Strategy<Value = BatchGetMembershipDatasourcesOutput> {
    (
        membership_datasources(),
        option::of(vec(any_unprocessed_graph(), 0..=OUTPUT_LIST_MAX)),
    )
        .prop_map(|(membership_datasources, unprocessed_graphs)| {
            BatchGetMembershipDatasourcesOutput {
                membership_datasources,
                unprocessed_graphs,
            }
        })
}

/// The `StartMonitoringMemberOutput` (empty).
pub fn any_start_monitoring_member_output() -> impl Strategy<Value = StartMonitoringMemberOutput> {
    Just(StartMonitoringMemberOutput {})
}

/// The `EnableOrganizationAdminAccountOutput` (empty).
pub fn any_enable_organization_admin_account_output(
) -> impl Strategy<Value = EnableOrganizationAdminAccountOutput> {
    Just(EnableOrganizationAdminAccountOutput {})
}

/// The `DisableOrganizationAdminAccountOutput` (empty).
pub fn any_disable_organization_admin_account_output(
) -> impl Strategy<Value = DisableOrganizationAdminAccountOutput> {
    Just(DisableOrganizationAdminAccountOutput {})
}

/// Any `ListOrganizationAdminAccountsOutput`.
pub fn any_list_organization_admin_accounts_output(
) -> impl Strategy<Value = ListOrganizationAdminAccountsOutput> {
    (
        option::of(vec(any_administrator(), 0..=OUTPUT_LIST_MAX)),
        option::of(any_next_token()),
    )
        .prop_map(
            |(administrators, next_token)| ListOrganizationAdminAccountsOutput {
                administrators,
                next_token,
            },
        )
}

/// Any `DescribeOrganizationConfigurationOutput`.
pub fn any_describe_organization_configuration_output(
) -> impl Strategy<Value = DescribeOrganizationConfigurationOutput> {
    option::of(any::<bool>())
        .prop_map(|auto_enable| DescribeOrganizationConfigurationOutput { auto_enable })
}

/// The `UpdateOrganizationConfigurationOutput` (empty).
pub fn any_update_organization_configuration_output(
) -> impl Strategy<Value = UpdateOrganizationConfigurationOutput> {
    Just(UpdateOrganizationConfigurationOutput {})
}

/// Any `StartInvestigationOutput`.
pub fn any_start_investigation_output() -> impl Strategy<Value = StartInvestigationOutput> {
    option::of(any_investigation_id())
        .prop_map(|investigation_id| StartInvestigationOutput { investigation_id })
}

/// Any `GetInvestigationOutput`.
pub fn any_get_investigation_output() -> impl Strategy<Value = GetInvestigationOutput> {
    let ids = (
        option::of(any_entity_arn()),
        option::of(any_entity_type()),
        option::of(any_graph_arn()),
        option::of(any_investigation_id()),
    );
    let times = (
        option::of(any_timestamp()),
        option::of(any_timestamp()),
        option::of(any_timestamp()),
    );
    let kinds = (
        option::of(any_severity()),
        option::of(any_investigation_state()),
        option::of(any_investigation_status()),
    );
    (ids, times, kinds).prop_map(
        |(
            (entity_arn, entity_type, graph_arn, investigation_id),
            (created_time, scope_end_time, scope_start_time),
            (severity, state, status),
        )| GetInvestigationOutput {
            created_time,
            entity_arn,
            entity_type,
            graph_arn,
            investigation_id,
            scope_end_time,
            scope_start_time,
            severity,
            state,
            status,
        },
    )
}

/// Any `ListInvestigationsOutput`.
pub fn any_list_investigations_output() -> impl Strategy<Value = ListInvestigationsOutput> {
    (
        option::of(vec(any_investigation_detail(), 0..=OUTPUT_LIST_MAX)),
        option::of(any_ai_next_token()),
    )
        .prop_map(
            |(investigation_details, next_token)| ListInvestigationsOutput {
                investigation_details,
                next_token,
            },
        )
}

/// Any `ListIndicatorsOutput`.
pub fn any_list_indicators_output() -> impl Strategy<Value = ListIndicatorsOutput> {
    (
        option::of(any_graph_arn()),
        option::of(vec(any_indicator(), 0..=OUTPUT_LIST_MAX)),
        option::of(any_investigation_id()),
        option::of(any_ai_next_token()),
    )
        .prop_map(|(graph_arn, indicators, investigation_id, next_token)| {
            ListIndicatorsOutput {
                graph_arn,
                indicators,
                investigation_id,
                next_token,
            }
        })
}

/// The `UpdateInvestigationStateOutput` (empty).
pub fn any_update_investigation_state_output(
) -> impl Strategy<Value = UpdateInvestigationStateOutput> {
    Just(UpdateInvestigationStateOutput {})
}

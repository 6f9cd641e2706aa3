//! Enums, timestamps, nested shapes and operation outputs.

use super::text::{
    any_account_id, any_email_address, any_graph_arn, any_next_token, any_tag_key, any_tag_value,
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

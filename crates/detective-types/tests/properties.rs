//! Properties of the shapes, over values drawn from `detective_types::strategies`:
//!
//! 1. `json_round_trip::*`: serialize → deserialize is the identity for every
//!    input, output and nested shape, and serializing again gives the same bytes.
//! 2. `validation::*`: every valid input passes `validate()`; every input that
//!    breaks one constraint fails naming exactly that member, for that reason.
//! 3. `forward_compatibility::*`: unknown enum values are kept and written back
//!    verbatim, unknown members are ignored (the spec's "Protocol" section).
//! 4. `patterns_agree_with_regex::*`: the hand-written matchers in
//!    `validate::patterns` accept exactly what the model's regexes accept,
//!    checked with a real regex engine on valid strings and near misses.
//! 5. `timestamps_agree_with_time::*`: `Timestamp` writes its text by hand;
//!    for every time RFC 3339 can write it is exactly what the `time` crate's
//!    RFC 3339 formatter gives, fraction widths included.
//!
//! Needs the `proptest` feature: `cargo test -p detective-types --features proptest`.

#![cfg(feature = "proptest")]
// Panicking on setup failure is the point of a test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use detective_types::strategies::*;
use detective_types::Validate;
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::fmt::Debug;

/// 256 cases per property: enough to hit every branch of every strategy many times, cheap enough for a 2-core CI box.
fn config() -> ProptestConfig {
    ProptestConfig::with_cases(256)
}

fn fail(e: impl std::fmt::Display) -> TestCaseError {
    TestCaseError::fail(e.to_string())
}

/// serialize → deserialize gives the value back, and serializing that gives the same bytes.
fn round_trip<T>(value: &T) -> Result<(), TestCaseError>
where
    T: Serialize + DeserializeOwned + PartialEq + Debug,
{
    let json = serde_json::to_string(value).map_err(fail)?;
    let back: T = serde_json::from_str(&json).map_err(fail)?;
    let again = serde_json::to_string(&back).map_err(fail)?;
    // Compare the JSON first: `Debug` redacts sensitive members, the JSON shows them.
    prop_assert_eq!(&again, &json);
    prop_assert_eq!(&back, value, "{}", json);
    Ok(())
}

mod json_round_trip {
    use super::*;

    macro_rules! round_trips {
        ($($name:ident: $strategy:expr;)+) => {
            proptest! {
                #![proptest_config(config())]
                $(
                    #[test]
                    fn $name(value in $strategy) {
                        round_trip(&value)?;
                    }
                )+
            }
        };
    }

    round_trips! {
        // Inputs, valid and invalid (serde does not validate).
        create_graph_input: valid_create_graph_input();
        delete_graph_input: valid_delete_graph_input();
        list_graphs_input: valid_list_graphs_input();
        accept_invitation_input: valid_accept_invitation_input();
        reject_invitation_input: valid_reject_invitation_input();
        disassociate_membership_input: valid_disassociate_membership_input();
        list_invitations_input: valid_list_invitations_input();
        create_members_input: valid_create_members_input();
        get_members_input: valid_get_members_input();
        list_members_input: valid_list_members_input();
        delete_members_input: valid_delete_members_input();
        create_graph_input_when_invalid: invalid_create_graph_input().prop_map(|(v, _)| v);
        delete_graph_input_when_invalid: invalid_delete_graph_input().prop_map(|(v, _)| v);
        list_graphs_input_when_invalid: invalid_list_graphs_input().prop_map(|(v, _)| v);
        accept_invitation_input_when_invalid: invalid_accept_invitation_input().prop_map(|(v, _)| v);
        reject_invitation_input_when_invalid: invalid_reject_invitation_input().prop_map(|(v, _)| v);
        disassociate_membership_input_when_invalid:
            invalid_disassociate_membership_input().prop_map(|(v, _)| v);
        list_invitations_input_when_invalid: invalid_list_invitations_input().prop_map(|(v, _)| v);
        create_members_input_when_invalid: invalid_create_members_input().prop_map(|(v, _)| v);
        get_members_input_when_invalid: invalid_get_members_input().prop_map(|(v, _)| v);
        list_members_input_when_invalid: invalid_list_members_input().prop_map(|(v, _)| v);
        delete_members_input_when_invalid: invalid_delete_members_input().prop_map(|(v, _)| v);
        // Inputs of the later operations, valid and invalid.
        tag_resource_input: valid_tag_resource_input();
        untag_resource_input: valid_untag_resource_input();
        list_tags_for_resource_input: valid_list_tags_for_resource_input();
        list_datasource_packages_input: valid_list_datasource_packages_input();
        update_datasource_packages_input: valid_update_datasource_packages_input();
        batch_get_graph_member_datasources_input: valid_batch_get_graph_member_datasources_input();
        batch_get_membership_datasources_input: valid_batch_get_membership_datasources_input();
        start_monitoring_member_input: valid_start_monitoring_member_input();
        enable_organization_admin_account_input: valid_enable_organization_admin_account_input();
        disable_organization_admin_account_input: valid_disable_organization_admin_account_input();
        list_organization_admin_accounts_input: valid_list_organization_admin_accounts_input();
        describe_organization_configuration_input: valid_describe_organization_configuration_input();
        update_organization_configuration_input: valid_update_organization_configuration_input();
        start_investigation_input: valid_start_investigation_input();
        get_investigation_input: valid_get_investigation_input();
        list_investigations_input: valid_list_investigations_input();
        list_indicators_input: valid_list_indicators_input();
        update_investigation_state_input: valid_update_investigation_state_input();
        tag_resource_input_when_invalid: invalid_tag_resource_input().prop_map(|(v, _)| v);
        untag_resource_input_when_invalid: invalid_untag_resource_input().prop_map(|(v, _)| v);
        list_tags_for_resource_input_when_invalid: invalid_list_tags_for_resource_input().prop_map(|(v, _)| v);
        list_datasource_packages_input_when_invalid: invalid_list_datasource_packages_input().prop_map(|(v, _)| v);
        update_datasource_packages_input_when_invalid: invalid_update_datasource_packages_input().prop_map(|(v, _)| v);
        batch_get_graph_member_datasources_input_when_invalid: invalid_batch_get_graph_member_datasources_input().prop_map(|(v, _)| v);
        batch_get_membership_datasources_input_when_invalid: invalid_batch_get_membership_datasources_input().prop_map(|(v, _)| v);
        start_monitoring_member_input_when_invalid: invalid_start_monitoring_member_input().prop_map(|(v, _)| v);
        enable_organization_admin_account_input_when_invalid: invalid_enable_organization_admin_account_input().prop_map(|(v, _)| v);
        list_organization_admin_accounts_input_when_invalid: invalid_list_organization_admin_accounts_input().prop_map(|(v, _)| v);
        describe_organization_configuration_input_when_invalid: invalid_describe_organization_configuration_input().prop_map(|(v, _)| v);
        update_organization_configuration_input_when_invalid: invalid_update_organization_configuration_input().prop_map(|(v, _)| v);
        start_investigation_input_when_invalid: invalid_start_investigation_input().prop_map(|(v, _)| v);
        get_investigation_input_when_invalid: invalid_get_investigation_input().prop_map(|(v, _)| v);
        list_investigations_input_when_invalid: invalid_list_investigations_input().prop_map(|(v, _)| v);
        list_indicators_input_when_invalid: invalid_list_indicators_input().prop_map(|(v, _)| v);
        update_investigation_state_input_when_invalid: invalid_update_investigation_state_input().prop_map(|(v, _)| v);
        // Outputs.
        create_graph_output: any_create_graph_output();
        delete_graph_output: any_delete_graph_output();
        list_graphs_output: any_list_graphs_output();
        accept_invitation_output: any_accept_invitation_output();
        reject_invitation_output: any_reject_invitation_output();
        disassociate_membership_output: any_disassociate_membership_output();
        list_invitations_output: any_list_invitations_output();
        create_members_output: any_create_members_output();
        get_members_output: any_get_members_output();
        list_members_output: any_list_members_output();
        delete_members_output: any_delete_members_output();
        tag_resource_output: any_tag_resource_output();
        untag_resource_output: any_untag_resource_output();
        list_tags_for_resource_output: any_list_tags_for_resource_output();
        list_datasource_packages_output: any_list_datasource_packages_output();
        update_datasource_packages_output: any_update_datasource_packages_output();
        batch_get_graph_member_datasources_output: any_batch_get_graph_member_datasources_output();
        batch_get_membership_datasources_output: any_batch_get_membership_datasources_output();
        start_monitoring_member_output: any_start_monitoring_member_output();
        enable_organization_admin_account_output: any_enable_organization_admin_account_output();
        disable_organization_admin_account_output: any_disable_organization_admin_account_output();
        list_organization_admin_accounts_output: any_list_organization_admin_accounts_output();
        describe_organization_configuration_output: any_describe_organization_configuration_output();
        update_organization_configuration_output: any_update_organization_configuration_output();
        start_investigation_output: any_start_investigation_output();
        get_investigation_output: any_get_investigation_output();
        list_investigations_output: any_list_investigations_output();
        list_indicators_output: any_list_indicators_output();
        update_investigation_state_output: any_update_investigation_state_output();
        // Nested shapes, maps, enums and timestamps.
        account: any_account();
        member_detail: any_member_detail();
        unprocessed_account: any_unprocessed_account();
        graph: any_graph();
        datasource_package_usage_info: any_datasource_package_usage_info();
        datasource_package_ingest_states: any_datasource_package_ingest_states();
        volume_usage_by_datasource_package: any_volume_usage_by_datasource_package();
        tags: any_tags();
        timestamp: any_timestamp();
        member_status: any_member_status();
        member_disabled_reason: any_member_disabled_reason();
        invitation_type: any_invitation_type();
        datasource_package: any_datasource_package();
        datasource_package_ingest_state: any_datasource_package_ingest_state();
        error_code: any_error_code();
        service_error_code: any_service_error_code();
        administrator: any_administrator();
        datasource_package_ingest_detail: any_datasource_package_ingest_detail();
        datasource_package_ingest_details: any_datasource_package_ingest_details();
        datasource_package_ingest_history: any_datasource_package_ingest_history();
        last_ingest_state_change_dates: any_last_ingest_state_change_dates();
        timestamp_for_collection: any_timestamp_for_collection();
        membership_datasources: any_membership_datasources();
        unprocessed_graph: any_unprocessed_graph();
        date_filter: any_date_filter();
        string_filter: any_string_filter();
        filter_criteria: any_filter_criteria();
        sort_criteria: any_sort_criteria();
        investigation_detail: any_investigation_detail();
        indicator: any_indicator();
        indicator_detail: any_indicator_detail();
        flagged_ip_address_detail: any_flagged_ip_address_detail();
        impossible_travel_detail: any_impossible_travel_detail();
        new_aso_detail: any_new_aso_detail();
        new_geolocation_detail: any_new_geolocation_detail();
        new_user_agent_detail: any_new_user_agent_detail();
        related_finding_detail: any_related_finding_detail();
        related_finding_group_detail: any_related_finding_group_detail();
        ttps_observed_detail: any_ttps_observed_detail();
        entity_type: any_entity_type();
        severity: any_severity();
        investigation_state: any_investigation_state();
        investigation_status: any_investigation_status();
        sort_field: any_sort_field();
        sort_order: any_sort_order();
        indicator_type: any_indicator_type();
        flagged_ip_address_reason: any_flagged_ip_address_reason();
    }

    proptest! {
        #![proptest_config(config())]

        /// Timestamps are written as ISO-8601 and read back to the nanosecond.
        #[test]
        fn timestamp_is_written_as_iso8601(t in any_timestamp()) {
            let json = serde_json::to_value(t).map_err(fail)?;
            let text = json.as_str().unwrap_or_default();
            prop_assert!(text.ends_with('Z') && text.len() >= 20, "{}", text);
            prop_assert_eq!(detective_types::Timestamp::parse_iso8601(text).map_err(fail)?, t);
        }
    }
}

mod validation {
    use super::*;

    fn passes<T: Validate + Debug>(value: &T) -> Result<(), TestCaseError> {
        match value.validate() {
            Ok(()) => Ok(()),
            Err(e) => Err(fail(format!("a valid input was rejected: {e}"))),
        }
    }

    /// Fails, and names `member`.
    fn fails_naming<T: Validate>(value: &T, member: &str) -> Result<(), TestCaseError> {
        let Err(err) = value.validate() else {
            return Err(fail(format!("passed, but {member} is broken")));
        };
        prop_assert_eq!(err.member(), member, "{}", err);
        // INVALID_GRAPH_ARN exactly when the broken member is the GraphArn.
        prop_assert_eq!(err.is_graph_arn(), member == "GraphArn");
        Ok(())
    }

    /// Fails, naming the member, for the kind of reason the strategy claims.
    fn fails_for<T: Validate + Debug>(broken: &Broken<T>) -> Result<(), TestCaseError> {
        let Err(err) = broken.value.validate() else {
            return Err(fail(format!("passed, but {} is broken", broken.member)));
        };
        prop_assert_eq!(err.member(), broken.member.as_str());
        prop_assert!(
            broken.kind.matches(err.constraint()),
            "{:?} expected, got: {}",
            broken.kind,
            err
        );
        Ok(())
    }

    macro_rules! validation {
        ($($input:ident: $valid:ident, $invalid:ident, $broken:ident;)+) => {
            mod valid_inputs_pass {
                use super::*;
                proptest! {
                    #![proptest_config(config())]
                    $(
                        #[test]
                        fn $input(value in $valid()) {
                            passes(&value)?;
                        }
                    )+
                }
            }

            mod invalid_inputs_name_the_broken_member {
                use super::*;
                proptest! {
                    #![proptest_config(config())]
                    $(
                        #[test]
                        fn $input((value, member) in $invalid()) {
                            fails_naming(&value, &member)?;
                        }
                    )+
                }
            }

            mod invalid_inputs_break_the_claimed_constraint {
                use super::*;
                proptest! {
                    #![proptest_config(config())]
                    $(
                        #[test]
                        fn $input(broken in $broken()) {
                            fails_for(&broken)?;
                        }
                    )+
                }
            }
        };
    }

    validation! {
        create_graph_input: valid_create_graph_input, invalid_create_graph_input, broken_create_graph_input;
        delete_graph_input: valid_delete_graph_input, invalid_delete_graph_input, broken_delete_graph_input;
        list_graphs_input: valid_list_graphs_input, invalid_list_graphs_input, broken_list_graphs_input;
        accept_invitation_input:
            valid_accept_invitation_input, invalid_accept_invitation_input, broken_accept_invitation_input;
        reject_invitation_input:
            valid_reject_invitation_input, invalid_reject_invitation_input, broken_reject_invitation_input;
        disassociate_membership_input:
            valid_disassociate_membership_input,
            invalid_disassociate_membership_input,
            broken_disassociate_membership_input;
        list_invitations_input:
            valid_list_invitations_input, invalid_list_invitations_input, broken_list_invitations_input;
        create_members_input:
            valid_create_members_input, invalid_create_members_input, broken_create_members_input;
        get_members_input: valid_get_members_input, invalid_get_members_input, broken_get_members_input;
        list_members_input: valid_list_members_input, invalid_list_members_input, broken_list_members_input;
        delete_members_input:
            valid_delete_members_input, invalid_delete_members_input, broken_delete_members_input;
        tag_resource_input:
            valid_tag_resource_input, invalid_tag_resource_input, broken_tag_resource_input;
        untag_resource_input:
            valid_untag_resource_input, invalid_untag_resource_input, broken_untag_resource_input;
        list_tags_for_resource_input:
            valid_list_tags_for_resource_input, invalid_list_tags_for_resource_input, broken_list_tags_for_resource_input;
        list_datasource_packages_input:
            valid_list_datasource_packages_input, invalid_list_datasource_packages_input, broken_list_datasource_packages_input;
        update_datasource_packages_input:
            valid_update_datasource_packages_input, invalid_update_datasource_packages_input, broken_update_datasource_packages_input;
        batch_get_graph_member_datasources_input:
            valid_batch_get_graph_member_datasources_input, invalid_batch_get_graph_member_datasources_input, broken_batch_get_graph_member_datasources_input;
        batch_get_membership_datasources_input:
            valid_batch_get_membership_datasources_input, invalid_batch_get_membership_datasources_input, broken_batch_get_membership_datasources_input;
        start_monitoring_member_input:
            valid_start_monitoring_member_input, invalid_start_monitoring_member_input, broken_start_monitoring_member_input;
        enable_organization_admin_account_input:
            valid_enable_organization_admin_account_input, invalid_enable_organization_admin_account_input, broken_enable_organization_admin_account_input;
        list_organization_admin_accounts_input:
            valid_list_organization_admin_accounts_input, invalid_list_organization_admin_accounts_input, broken_list_organization_admin_accounts_input;
        describe_organization_configuration_input:
            valid_describe_organization_configuration_input, invalid_describe_organization_configuration_input, broken_describe_organization_configuration_input;
        update_organization_configuration_input:
            valid_update_organization_configuration_input, invalid_update_organization_configuration_input, broken_update_organization_configuration_input;
        start_investigation_input:
            valid_start_investigation_input, invalid_start_investigation_input, broken_start_investigation_input;
        get_investigation_input:
            valid_get_investigation_input, invalid_get_investigation_input, broken_get_investigation_input;
        list_investigations_input:
            valid_list_investigations_input, invalid_list_investigations_input, broken_list_investigations_input;
        list_indicators_input:
            valid_list_indicators_input, invalid_list_indicators_input, broken_list_indicators_input;
        update_investigation_state_input:
            valid_update_investigation_state_input, invalid_update_investigation_state_input, broken_update_investigation_state_input;
    }

    proptest! {
        #![proptest_config(config())]

        /// `DisableOrganizationAdminAccount` has no input members, so nothing can break; it always passes.
        #[test]
        fn disable_organization_admin_account_input_always_passes(
            value in valid_disable_organization_admin_account_input(),
        ) {
            passes(&value)?;
        }
    }
}

mod forward_compatibility {
    use super::*;
    use detective_types::{
        DatasourcePackage, DatasourcePackageIngestState, EntityType, ErrorCode,
        FlaggedIpAddressReason, IndicatorType, InvestigationState, InvestigationStatus,
        InvitationType, MemberDetail, MemberDisabledReason, MemberStatus, ServiceErrorCode,
        Severity, SortField, SortOrder,
    };
    use serde_json::{Map, Value};

    /// Any JSON value, nested a little.
    fn json_value() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::from),
            (-1e9f64..1e9).prop_map(Value::from),
            "[ -~]{0,12}".prop_map(Value::String),
        ];
        leaf.prop_recursive(3, 16, 4, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
                prop::collection::btree_map("[A-Za-z]{1,8}", inner, 0..4)
                    .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    /// Members no shape has: shapes' members are PascalCase words and none starts with `X` or `_`.
    fn unknown_members() -> impl Strategy<Value = Vec<(String, Value)>> {
        let name = prop_oneof![
            "X[A-Za-z0-9]{0,12}",
            "[a-z][A-Za-z0-9]{0,12}",
            "__[a-z]{1,8}",
        ];
        prop::collection::vec((name, json_value()), 1..=4)
    }

    /// The value's JSON object with `extra` members added reads back as the value.
    fn ignores_unknown_members<T>(
        value: &T,
        extra: Vec<(String, Value)>,
    ) -> Result<(), TestCaseError>
    where
        T: Serialize + DeserializeOwned + PartialEq + Debug,
    {
        let mut object: Map<String, Value> = match serde_json::to_value(value).map_err(fail)? {
            Value::Object(object) => object,
            other => return Err(fail(format!("not an object: {other}"))),
        };
        object.extend(extra);
        let json = Value::Object(object);
        let back: T = serde_json::from_value(json.clone()).map_err(fail)?;
        prop_assert_eq!(&back, value, "{}", json);
        Ok(())
    }

    macro_rules! ignore_unknown_members {
        ($($name:ident: $strategy:expr;)+) => {
            mod unknown_members_are_ignored {
                use super::*;
                proptest! {
                    #![proptest_config(config())]
                    $(
                        #[test]
                        fn $name(value in $strategy, extra in unknown_members()) {
                            ignores_unknown_members(&value, extra)?;
                        }
                    )+
                }
            }
        };
    }

    ignore_unknown_members! {
        create_graph_input: valid_create_graph_input();
        delete_graph_input: valid_delete_graph_input();
        list_graphs_input: valid_list_graphs_input();
        accept_invitation_input: valid_accept_invitation_input();
        reject_invitation_input: valid_reject_invitation_input();
        disassociate_membership_input: valid_disassociate_membership_input();
        list_invitations_input: valid_list_invitations_input();
        create_members_input: valid_create_members_input();
        get_members_input: valid_get_members_input();
        list_members_input: valid_list_members_input();
        delete_members_input: valid_delete_members_input();
        create_graph_output: any_create_graph_output();
        delete_graph_output: any_delete_graph_output();
        list_graphs_output: any_list_graphs_output();
        accept_invitation_output: any_accept_invitation_output();
        reject_invitation_output: any_reject_invitation_output();
        disassociate_membership_output: any_disassociate_membership_output();
        list_invitations_output: any_list_invitations_output();
        create_members_output: any_create_members_output();
        get_members_output: any_get_members_output();
        list_members_output: any_list_members_output();
        delete_members_output: any_delete_members_output();
        account: any_account();
        member_detail: any_member_detail();
        unprocessed_account: any_unprocessed_account();
        graph: any_graph();
        datasource_package_usage_info: any_datasource_package_usage_info();
        tag_resource_input: valid_tag_resource_input();
        untag_resource_input: valid_untag_resource_input();
        list_tags_for_resource_input: valid_list_tags_for_resource_input();
        list_datasource_packages_input: valid_list_datasource_packages_input();
        update_datasource_packages_input: valid_update_datasource_packages_input();
        batch_get_graph_member_datasources_input: valid_batch_get_graph_member_datasources_input();
        batch_get_membership_datasources_input: valid_batch_get_membership_datasources_input();
        start_monitoring_member_input: valid_start_monitoring_member_input();
        enable_organization_admin_account_input: valid_enable_organization_admin_account_input();
        disable_organization_admin_account_input: valid_disable_organization_admin_account_input();
        list_organization_admin_accounts_input: valid_list_organization_admin_accounts_input();
        describe_organization_configuration_input: valid_describe_organization_configuration_input();
        update_organization_configuration_input: valid_update_organization_configuration_input();
        start_investigation_input: valid_start_investigation_input();
        get_investigation_input: valid_get_investigation_input();
        list_investigations_input: valid_list_investigations_input();
        list_indicators_input: valid_list_indicators_input();
        update_investigation_state_input: valid_update_investigation_state_input();
        tag_resource_output: any_tag_resource_output();
        untag_resource_output: any_untag_resource_output();
        list_tags_for_resource_output: any_list_tags_for_resource_output();
        list_datasource_packages_output: any_list_datasource_packages_output();
        update_datasource_packages_output: any_update_datasource_packages_output();
        batch_get_graph_member_datasources_output: any_batch_get_graph_member_datasources_output();
        batch_get_membership_datasources_output: any_batch_get_membership_datasources_output();
        start_monitoring_member_output: any_start_monitoring_member_output();
        enable_organization_admin_account_output: any_enable_organization_admin_account_output();
        disable_organization_admin_account_output: any_disable_organization_admin_account_output();
        list_organization_admin_accounts_output: any_list_organization_admin_accounts_output();
        describe_organization_configuration_output: any_describe_organization_configuration_output();
        update_organization_configuration_output: any_update_organization_configuration_output();
        start_investigation_output: any_start_investigation_output();
        get_investigation_output: any_get_investigation_output();
        list_investigations_output: any_list_investigations_output();
        list_indicators_output: any_list_indicators_output();
        update_investigation_state_output: any_update_investigation_state_output();
        administrator: any_administrator();
        datasource_package_ingest_detail: any_datasource_package_ingest_detail();
        timestamp_for_collection: any_timestamp_for_collection();
        membership_datasources: any_membership_datasources();
        unprocessed_graph: any_unprocessed_graph();
        date_filter: any_date_filter();
        string_filter: any_string_filter();
        filter_criteria: any_filter_criteria();
        sort_criteria: any_sort_criteria();
        investigation_detail: any_investigation_detail();
        indicator: any_indicator();
        indicator_detail: any_indicator_detail();
        flagged_ip_address_detail: any_flagged_ip_address_detail();
        impossible_travel_detail: any_impossible_travel_detail();
        new_aso_detail: any_new_aso_detail();
        new_geolocation_detail: any_new_geolocation_detail();
        new_user_agent_detail: any_new_user_agent_detail();
        related_finding_detail: any_related_finding_detail();
        related_finding_group_detail: any_related_finding_group_detail();
        ttps_observed_detail: any_ttps_observed_detail();
    }

    proptest! {
        #![proptest_config(config())]

        /// A `MemberDetail` whose `Status` this version does not know keeps it, and writes it back.
        #[test]
        fn member_detail_keeps_an_unknown_status(
            detail in any_member_detail(),
            status in unknown_enum_value(MemberStatus::KNOWN),
            extra in unknown_members(),
        ) {
            let mut json = serde_json::to_value(&detail).map_err(fail)?;
            json["Status"] = Value::String(status.clone());
            if let Value::Object(object) = &mut json {
                object.extend(extra);
            }
            let read: MemberDetail = serde_json::from_value(json).map_err(fail)?;
            prop_assert_eq!(read.status.as_ref(), Some(&MemberStatus::Unknown(status.clone())));
            prop_assert_eq!(&read, &MemberDetail { status: Some(MemberStatus::Unknown(status.clone())), ..detail });
            let written = serde_json::to_value(&read).map_err(fail)?;
            prop_assert_eq!(&written["Status"], &Value::String(status));
            let again: MemberDetail = serde_json::from_value(written).map_err(fail)?;
            prop_assert_eq!(again, read);
        }
    }

    macro_rules! unknown_values_round_trip {
        ($($name:ident: $enum:ty;)+) => {
            mod unknown_enum_values_round_trip {
                use super::*;
                proptest! {
                    #![proptest_config(config())]
                    $(
                        #[test]
                        fn $name(raw in unknown_enum_value(<$enum>::KNOWN)) {
                            let json = serde_json::to_string(&raw).map_err(fail)?;
                            let value: $enum = serde_json::from_str(&json).map_err(fail)?;
                            prop_assert_eq!(&value, &<$enum>::Unknown(raw.clone()));
                            prop_assert_eq!(value.as_str(), raw.as_str());
                            prop_assert_eq!(serde_json::to_string(&value).map_err(fail)?, json);
                        }
                    )+
                }
            }
        };
    }

    unknown_values_round_trip! {
        member_status: MemberStatus;
        member_disabled_reason: MemberDisabledReason;
        invitation_type: InvitationType;
        datasource_package: DatasourcePackage;
        datasource_package_ingest_state: DatasourcePackageIngestState;
        error_code: ErrorCode;
        service_error_code: ServiceErrorCode;
        entity_type: EntityType;
        severity: Severity;
        investigation_state: InvestigationState;
        investigation_status: InvestigationStatus;
        sort_field: SortField;
        sort_order: SortOrder;
        indicator_type: IndicatorType;
        flagged_ip_address_reason: FlaggedIpAddressReason;
    }
}

/// The hand-written matchers against the model's own regexes, run by fancy_regex (it has look-ahead).
///
/// The model's patterns are Java regexes. Three constructs mean something else
/// in fancy_regex, so [`java_to_fancy`] rewrites them, and only them, to keep
/// Java's meaning: `\d` and `\w` are ASCII in Java (no `UNICODE_CHARACTER_CLASS`)
/// but Unicode in fancy_regex, so they become `[0-9]` and `[A-Za-z0-9_]`
/// (inside a class, `0-9` and `A-Za-z0-9_`); and Java's `.` excludes every
/// line terminator (`\n`, `\r`, U+0085, U+2028, U+2029) where fancy_regex's
/// excludes only `\n`. Everything else means the same in both: `^`, the lazy
/// `{m,n}?` quantifiers, `(?!...)`, and `+-=` in a class (the range `+`..=`=`).
/// `$` is end of input in fancy_regex; Java's `$` also matches before a final
/// line terminator, which only matters for `find()`, not for the whole-string
/// match a constraint check is, so it stays as it is. That whole-string match
/// (Java's `matches()`) is what [`compile`] builds, by anchoring the
/// translation at both ends: a no-op for the patterns that end in `$`, and
/// what makes `^arn:.*` (`EntityArn`) reject a line terminator after `arn:`
/// instead of matching only a prefix.
///
/// With that translation the generated strings need not be ASCII: the near
/// misses include Unicode digits, letters and line terminators on purpose.
mod patterns_agree_with_regex {
    use super::*;
    use detective_types::validate::patterns;
    use fancy_regex::Regex;
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    use std::sync::LazyLock;

    /// The minimal rewrite of a model (Java) pattern for fancy_regex; see the module docs.
    fn java_to_fancy(java: &str) -> String {
        let mut out = String::new();
        let mut in_class = false;
        let mut chars = java.chars();
        while let Some(c) = chars.next() {
            match c {
                '\\' => {
                    let escaped = chars.next().expect("a pattern ends with a lone backslash");
                    match (escaped, in_class) {
                        ('d', false) => out.push_str("[0-9]"),
                        ('d', true) => out.push_str("0-9"),
                        ('w', false) => out.push_str("[A-Za-z0-9_]"),
                        ('w', true) => out.push_str("A-Za-z0-9_"),
                        // Escaped punctuation means the same everywhere.
                        (p, _) if p.is_ascii_punctuation() => {
                            out.push('\\');
                            out.push(p);
                        }
                        (other, _) => panic!("\\{other} needs a translation rule"),
                    }
                }
                '[' if !in_class => {
                    in_class = true;
                    out.push(c);
                }
                ']' if in_class => {
                    in_class = false;
                    out.push(c);
                }
                '.' if !in_class => out.push_str("[^\n\r\u{85}\u{2028}\u{2029}]"),
                _ => out.push(c),
            }
        }
        out
    }

    /// The whole-string matcher for a model pattern; see the module docs.
    fn compile(java: &str) -> Regex {
        Regex::new(&format!("^(?:{})$", java_to_fancy(java)))
            .expect("the translated pattern compiles")
    }

    static GRAPH_ARN: LazyLock<Regex> = LazyLock::new(|| compile(patterns::GRAPH_ARN));
    static ACCOUNT_ID: LazyLock<Regex> = LazyLock::new(|| compile(patterns::ACCOUNT_ID));
    static EMAIL_ADDRESS: LazyLock<Regex> = LazyLock::new(|| compile(patterns::EMAIL_ADDRESS));
    static TAG_KEY: LazyLock<Regex> = LazyLock::new(|| compile(patterns::TAG_KEY));
    static ENTITY_ARN: LazyLock<Regex> = LazyLock::new(|| compile(patterns::ENTITY_ARN));
    static INVESTIGATION_ID: LazyLock<Regex> =
        LazyLock::new(|| compile(patterns::INVESTIGATION_ID));

    fn graph_arns() -> impl Strategy<Value = String> {
        prop_oneof![
            1 => any_graph_arn(),
            4 => near_miss(any_graph_arn()),
            1 => mismatching_graph_arn(),
            1 => near_miss(mismatching_graph_arn()),
        ]
    }

    fn account_ids() -> impl Strategy<Value = String> {
        prop_oneof![
            1 => any_account_id(),
            4 => near_miss(any_account_id()),
            1 => mismatching_account_id(),
            1 => near_miss("[0-9]{0,3}"),
        ]
    }

    fn email_addresses() -> impl Strategy<Value = String> {
        prop_oneof![
            1 => any_email_address(),
            4 => near_miss(any_email_address()),
            1 => mismatching_email_address(),
            1 => near_miss(mismatching_email_address()),
        ]
    }

    fn tag_keys() -> impl Strategy<Value = String> {
        prop_oneof![
            1 => any_tag_key(),
            4 => near_miss(any_tag_key()),
            1 => mismatching_tag_key(),
            1 => near_miss(prop_oneof![Just("aws:".to_owned()), "aws[:a-z]{0,3}"]),
        ]
    }

    fn entity_arns() -> impl Strategy<Value = String> {
        prop_oneof![
            1 => any_entity_arn(),
            4 => near_miss(any_entity_arn()),
            1 => mismatching_entity_arn(),
            1 => near_miss(mismatching_entity_arn()),
        ]
    }

    fn investigation_ids() -> impl Strategy<Value = String> {
        prop_oneof![
            1 => any_investigation_id(),
            4 => near_miss(any_investigation_id()),
            1 => mismatching_investigation_id(),
            1 => near_miss("[0-9]{0,3}"),
        ]
    }

    /// Same verdict from the matcher and the regex.
    fn agree(matcher: fn(&str) -> bool, regex: &Regex, s: &str) -> Result<(), TestCaseError> {
        let by_regex = regex.is_match(s).map_err(fail)?;
        prop_assert_eq!(matcher(s), by_regex, "{:?}: matcher and regex disagree", s);
        Ok(())
    }

    proptest! {
        // Cheap cases: four times the usual number.
        #![proptest_config(ProptestConfig::with_cases(1024))]

        #[test]
        fn graph_arn(s in graph_arns()) {
            agree(patterns::is_graph_arn, &GRAPH_ARN, &s)?;
        }

        #[test]
        fn account_id(s in account_ids()) {
            agree(patterns::is_account_id_text, &ACCOUNT_ID, &s)?;
        }

        #[test]
        fn email_address(s in email_addresses()) {
            agree(patterns::is_email_address, &EMAIL_ADDRESS, &s)?;
        }

        #[test]
        fn tag_key(s in tag_keys()) {
            agree(patterns::is_tag_key, &TAG_KEY, &s)?;
        }

        #[test]
        fn entity_arn(s in entity_arns()) {
            agree(patterns::is_entity_arn, &ENTITY_ARN, &s)?;
        }

        #[test]
        fn investigation_id(s in investigation_ids()) {
            agree(patterns::is_investigation_id_text, &INVESTIGATION_ID, &s)?;
        }
    }

    /// The constants the matchers sit beside are the model's patterns, verbatim.
    #[test]
    fn pattern_constants_are_the_models() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../tests/data/detective-2018-10-26.json"
        );
        let model: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(path).expect("the model")).expect("JSON");
        for (shape, constant) in [
            ("GraphArn", patterns::GRAPH_ARN),
            ("AccountId", patterns::ACCOUNT_ID),
            ("EmailAddress", patterns::EMAIL_ADDRESS),
            ("TagKey", patterns::TAG_KEY),
            ("EntityArn", patterns::ENTITY_ARN),
            ("InvestigationId", patterns::INVESTIGATION_ID),
        ] {
            assert_eq!(model["shapes"][shape]["pattern"], constant, "{shape}");
        }
    }

    /// The translation does what the module docs say, and nothing else.
    #[test]
    fn translation_is_minimal() {
        assert_eq!(java_to_fancy(patterns::ACCOUNT_ID), patterns::ACCOUNT_ID);
        assert_eq!(java_to_fancy(patterns::TAG_KEY), patterns::TAG_KEY);
        assert_eq!(
            java_to_fancy(patterns::INVESTIGATION_ID),
            patterns::INVESTIGATION_ID
        );
        assert_eq!(
            java_to_fancy(patterns::ENTITY_ARN),
            "^arn:[^\n\r\u{85}\u{2028}\u{2029}]*"
        );
        assert_eq!(
            java_to_fancy(patterns::GRAPH_ARN),
            "^arn:aws[-A-Za-z0-9_]{0,10}?:detective:[-A-Za-z0-9_]{2,20}?:[0-9]{12}?:graph:[abcdef0-9]{32}?$"
        );
        assert_eq!(
            java_to_fancy(patterns::EMAIL_ADDRESS),
            "^[^\n\r\u{85}\u{2028}\u{2029}]+@(?:(?:(?!-)[A-Za-z0-9-]{1,62})?[A-Za-z0-9]{1}\\.)+[A-Za-z]{2,63}$"
        );
    }

    /// The properties above are not vacuous: each mix holds strings both matched and not.
    #[test]
    fn generated_strings_fall_on_both_sides() {
        fn both_sides(strategy: impl Strategy<Value = String>, matcher: fn(&str) -> bool) {
            let mut runner = TestRunner::deterministic();
            let verdicts: Vec<bool> = (0..500)
                .map(|_| matcher(&strategy.new_tree(&mut runner).unwrap().current()))
                .collect();
            let matched = verdicts.iter().filter(|v| **v).count();
            assert!((50..=450).contains(&matched), "{matched} of 500 match");
        }
        both_sides(graph_arns(), patterns::is_graph_arn);
        both_sides(account_ids(), patterns::is_account_id_text);
        both_sides(email_addresses(), patterns::is_email_address);
        both_sides(tag_keys(), patterns::is_tag_key);
        both_sides(entity_arns(), patterns::is_entity_arn);
        both_sides(investigation_ids(), patterns::is_investigation_id_text);
    }
}

/// `Timestamp` writes its text by hand: it must match `time`'s RFC 3339 formatter.
mod timestamps_agree_with_time {
    use super::*;
    use detective_types::Timestamp;
    use time::format_description::well_known::Rfc3339;
    use time::OffsetDateTime;

    /// 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z in Unix seconds: RFC 3339's years.
    const FIRST_SECOND: i64 = -62_167_219_200;
    const LAST_SECOND: i64 = 253_402_300_799;

    /// Nanoseconds with 0 to 9 trailing zeros, so every fraction width is written.
    fn nanoseconds() -> impl Strategy<Value = u32> {
        (0u32..1_000_000_000, 0u32..=9).prop_map(|(nanos, zeros)| {
            let unit = 10u32.pow(zeros);
            nanos / unit * unit
        })
    }

    proptest! {
        #![proptest_config(config())]

        #[test]
        fn written_text_is_times(seconds in FIRST_SECOND..=LAST_SECOND, nanos in nanoseconds()) {
            let nanos = i128::from(seconds) * 1_000_000_000 + i128::from(nanos);
            let value = OffsetDateTime::from_unix_timestamp_nanos(nanos).map_err(fail)?;
            let expected = value.format(&Rfc3339).map_err(fail)?;
            let timestamp = Timestamp::from(value);
            prop_assert_eq!(timestamp.to_iso8601(), expected.clone());
            prop_assert_eq!(timestamp.to_string(), expected.clone());
            prop_assert_eq!(serde_json::to_string(&timestamp).map_err(fail)?, format!("\"{expected}\""));
        }
    }
}

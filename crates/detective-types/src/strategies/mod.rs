//! proptest strategies for every shape: valid values, and inputs that break exactly one constraint.
//!
//! Enabled by the `proptest` feature. Everything is a plain function
//! returning `impl Strategy`, named after the shape it generates:
//!
//! | name | generates |
//! |---|---|
//! | `valid_<input>()` | an operation input that passes [`Validate::validate`](crate::Validate::validate), e.g. [`valid_get_members_input`] |
//! | `invalid_<input>()` | `(input, member path)`: an input breaking exactly one model constraint, and the member `validate()` must name, e.g. [`invalid_create_members_input`] giving `"Accounts[3].AccountId"` |
//! | `broken_<input>()` | the same as a [`Broken`], which also says how the member is broken ([`BrokenKind`]) |
//! | `any_<shape>()` | any value of an output, a nested shape, an enum, a timestamp or a member-level string, respecting every model constraint, e.g. [`any_member_detail`], [`any_graph_arn`] |
//! | `mismatching_<member>()` | strings of allowed length that do not match the member's pattern, e.g. [`mismatching_graph_arn`] |
//!
//! plus [`near_miss`] (small edits of any string strategy) and
//! [`unknown_enum_value`]. Functions rather than `Arbitrary` impls: most
//! shapes have several useful distributions (valid, broken, any), and a
//! named function says which one a test draws from.
//!
//! What "valid" covers: `GraphArn`s matching the pattern, account ids of 12
//! ASCII digits, e-mail addresses of at most 64 characters matching the
//! pattern, 1 to 50 accounts or account ids, `MaxResults` 1 to 200,
//! `NextToken` 1 to 1024 characters, `Message` 1 to 1000, 1 to 50 tags whose
//! keys match the pattern (never `aws:`) with values of at most 256
//! characters; for the later operations also `InvestigationId`s of 21 ASCII
//! digits, `EntityArn`s of `arn:` and no Java line terminator, 1 to 50 tag
//! keys, 1 to 25 data source packages, 1 to 200 account ids
//! (`AccountIdExtendedList`), 1 to 50 graph ARNs, `MaxResults` 1 to 100 and
//! `NextToken` 1 to 2048 characters for the investigation lists, filter
//! `Value`s of 1 to 500 characters, and in inputs only enum values the model
//! defines. Length limits count characters, so strings of two-byte
//! characters right at a limit are generated on purpose. Enums are known
//! values nine times in ten and `Unknown(..)` otherwise; timestamps have whole
//! second, millisecond or nanosecond precision within the years 1970 to 9999,
//! so that ISO-8601 round-trips them exactly. Output lists are kept short
//! (the model sets no limit) so that cases stay fast.
//!
//! What "broken" covers, for every input member that has a constraint:
//! a required member missing, a string too short or too long, a list or map
//! with too few or too many entries, a number below or above its range, and
//! a string of allowed length that does not match its pattern, and an input
//! enum holding a value the model does not define. Every other member stays
//! valid, so the first error `validate()` reports is the broken one.
//! `DisableOrganizationAdminAccountInput` has no members, hence no
//! `broken_`/`invalid_` strategy.
//!
//! ```
//! use detective_types::strategies::invalid_create_members_input;
//! use detective_types::Validate;
//! use proptest::prelude::*;
//! use proptest::test_runner::TestRunner;
//!
//! let mut runner = TestRunner::deterministic();
//! runner
//!     .run(&invalid_create_members_input(), |(input, member)| {
//!         let err = input.validate().expect_err("broken input passed");
//!         prop_assert_eq!(err.member(), member.as_str());
//!         Ok(())
//!     })
//!     .expect("validate() named another member");
//! ```

mod inputs;
mod invalid;
mod shapes;
mod text;

pub use inputs::{
    valid_accept_invitation_input, valid_batch_get_graph_member_datasources_input,
    valid_batch_get_membership_datasources_input, valid_create_graph_input,
    valid_create_members_input, valid_delete_graph_input, valid_delete_members_input,
    valid_describe_organization_configuration_input,
    valid_disable_organization_admin_account_input, valid_disassociate_membership_input,
    valid_enable_organization_admin_account_input, valid_get_investigation_input,
    valid_get_members_input, valid_list_datasource_packages_input, valid_list_graphs_input,
    valid_list_indicators_input, valid_list_investigations_input, valid_list_invitations_input,
    valid_list_members_input, valid_list_organization_admin_accounts_input,
    valid_list_tags_for_resource_input, valid_reject_invitation_input,
    valid_start_investigation_input, valid_start_monitoring_member_input, valid_tag_resource_input,
    valid_untag_resource_input, valid_update_datasource_packages_input,
    valid_update_investigation_state_input, valid_update_organization_configuration_input,
};
pub use invalid::{
    broken_accept_invitation_input, broken_batch_get_graph_member_datasources_input,
    broken_batch_get_membership_datasources_input, broken_create_graph_input,
    broken_create_members_input, broken_delete_graph_input, broken_delete_members_input,
    broken_describe_organization_configuration_input, broken_disassociate_membership_input,
    broken_enable_organization_admin_account_input, broken_get_investigation_input,
    broken_get_members_input, broken_list_datasource_packages_input, broken_list_graphs_input,
    broken_list_indicators_input, broken_list_investigations_input, broken_list_invitations_input,
    broken_list_members_input, broken_list_organization_admin_accounts_input,
    broken_list_tags_for_resource_input, broken_reject_invitation_input,
    broken_start_investigation_input, broken_start_monitoring_member_input,
    broken_tag_resource_input, broken_untag_resource_input,
    broken_update_datasource_packages_input, broken_update_investigation_state_input,
    broken_update_organization_configuration_input, invalid_accept_invitation_input,
    invalid_batch_get_graph_member_datasources_input,
    invalid_batch_get_membership_datasources_input, invalid_create_graph_input,
    invalid_create_members_input, invalid_delete_graph_input, invalid_delete_members_input,
    invalid_describe_organization_configuration_input, invalid_disassociate_membership_input,
    invalid_enable_organization_admin_account_input, invalid_get_investigation_input,
    invalid_get_members_input, invalid_list_datasource_packages_input, invalid_list_graphs_input,
    invalid_list_indicators_input, invalid_list_investigations_input,
    invalid_list_invitations_input, invalid_list_members_input,
    invalid_list_organization_admin_accounts_input, invalid_list_tags_for_resource_input,
    invalid_reject_invitation_input, invalid_start_investigation_input,
    invalid_start_monitoring_member_input, invalid_tag_resource_input,
    invalid_untag_resource_input, invalid_update_datasource_packages_input,
    invalid_update_investigation_state_input, invalid_update_organization_configuration_input,
    Broken, BrokenKind,
};
pub use shapes::{
    any_accept_invitation_output, any_account, any_administrator,
    any_batch_get_graph_member_datasources_output, any_batch_get_membership_datasources_output,
    any_create_graph_output, any_create_members_output, any_datasource_package,
    any_datasource_package_ingest_detail, any_datasource_package_ingest_details,
    any_datasource_package_ingest_history, any_datasource_package_ingest_state,
    any_datasource_package_ingest_states, any_datasource_package_usage_info, any_date_filter,
    any_delete_graph_output, any_delete_members_output,
    any_describe_organization_configuration_output, any_disable_organization_admin_account_output,
    any_disassociate_membership_output, any_enable_organization_admin_account_output,
    any_entity_type, any_error_code, any_filter_criteria, any_flagged_ip_address_detail,
    any_flagged_ip_address_reason, any_get_investigation_output, any_get_members_output, any_graph,
    any_impossible_travel_detail, any_indicator, any_indicator_detail, any_indicator_type,
    any_investigation_detail, any_investigation_state, any_investigation_status,
    any_invitation_type, any_last_ingest_state_change_dates, any_list_datasource_packages_output,
    any_list_graphs_output, any_list_indicators_output, any_list_investigations_output,
    any_list_invitations_output, any_list_members_output,
    any_list_organization_admin_accounts_output, any_list_tags_for_resource_output,
    any_member_detail, any_member_disabled_reason, any_member_status, any_membership_datasources,
    any_new_aso_detail, any_new_geolocation_detail, any_new_user_agent_detail,
    any_reject_invitation_output, any_related_finding_detail, any_related_finding_group_detail,
    any_service_error_code, any_severity, any_sort_criteria, any_sort_field, any_sort_order,
    any_start_investigation_output, any_start_monitoring_member_output, any_string_filter,
    any_tag_resource_output, any_tags, any_timestamp, any_timestamp_for_collection,
    any_ttps_observed_detail, any_unprocessed_account, any_unprocessed_graph,
    any_untag_resource_output, any_update_datasource_packages_output,
    any_update_investigation_state_output, any_update_organization_configuration_output,
    any_volume_usage_by_datasource_package, unknown_enum_value,
};
pub use text::{
    any_account_id, any_ai_max_results, any_ai_next_token, any_email_address, any_entity_arn,
    any_filter_value, any_graph_arn, any_investigation_id, any_max_results, any_message,
    any_next_token, any_tag_key, any_tag_value, mismatching_account_id, mismatching_email_address,
    mismatching_entity_arn, mismatching_graph_arn, mismatching_investigation_id,
    mismatching_tag_key, near_miss,
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Validate;
    use proptest::prelude::*;
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    use std::collections::BTreeSet;

    /// Draws `n` values and checks each is rejected for the right member and reason; returns the kinds seen.
    fn kinds_of<T, S>(strategy: S, n: usize) -> BTreeSet<BrokenKind>
    where
        T: Validate + std::fmt::Debug,
        S: Strategy<Value = Broken<T>>,
    {
        let mut runner = TestRunner::deterministic();
        let mut kinds = BTreeSet::new();
        for _ in 0..n {
            let broken = strategy
                .new_tree(&mut runner)
                .map(|tree| tree.current())
                .unwrap_or_else(|e| panic!("cannot generate: {e:?}"));
            let err = broken
                .value
                .validate()
                .expect_err("a broken input passed validation");
            assert_eq!(err.member(), broken.member, "{broken:?}");
            assert!(broken.kind.matches(err.constraint()), "{broken:?}: {err}");
            kinds.insert(broken.kind);
        }
        kinds
    }

    fn set(kinds: &[BrokenKind]) -> BTreeSet<BrokenKind> {
        kinds.iter().copied().collect()
    }

    #[test]
    fn every_kind_of_breakage_is_generated() {
        use BrokenKind::*;
        let arn_only = set(&[Required, Pattern]);
        let page = set(&[TooShort, TooLong, Below, Above]);
        let mut arn_and_page = page.clone();
        arn_and_page.extend(&arn_only);
        let members = set(&[Required, TooShort, TooLong, TooFew, TooMany, Pattern]);
        assert_eq!(
            kinds_of(broken_create_graph_input(), 300),
            set(&[TooShort, TooLong, TooFew, TooMany, Pattern])
        );
        assert_eq!(kinds_of(broken_delete_graph_input(), 100), arn_only);
        assert_eq!(kinds_of(broken_accept_invitation_input(), 100), arn_only);
        assert_eq!(kinds_of(broken_reject_invitation_input(), 100), arn_only);
        assert_eq!(
            kinds_of(broken_disassociate_membership_input(), 100),
            arn_only
        );
        assert_eq!(kinds_of(broken_list_graphs_input(), 200), page);
        assert_eq!(kinds_of(broken_list_invitations_input(), 200), page);
        assert_eq!(kinds_of(broken_list_members_input(), 300), arn_and_page);
        assert_eq!(kinds_of(broken_create_members_input(), 400), members);
        assert_eq!(kinds_of(broken_get_members_input(), 300), members);
        assert_eq!(kinds_of(broken_delete_members_input(), 300), members);
    }

    #[test]
    fn every_kind_of_breakage_is_generated_for_the_later_operations() {
        use BrokenKind::*;
        let arn_only = set(&[Required, Pattern]);
        let page = set(&[TooShort, TooLong, Below, Above]);
        let mut arn_and_page = page.clone();
        arn_and_page.extend(&arn_only);
        let id = set(&[Required, TooShort, TooLong, Pattern]);
        let lists = set(&[Required, TooShort, TooLong, TooFew, TooMany, Pattern]);
        assert_eq!(kinds_of(broken_tag_resource_input(), 400), lists);
        assert_eq!(kinds_of(broken_untag_resource_input(), 400), lists);
        assert_eq!(
            kinds_of(broken_list_tags_for_resource_input(), 100),
            arn_only
        );
        assert_eq!(
            kinds_of(broken_list_datasource_packages_input(), 300),
            arn_and_page
        );
        assert_eq!(
            kinds_of(broken_update_datasource_packages_input(), 300),
            set(&[Required, TooFew, TooMany, Pattern, Enum])
        );
        assert_eq!(
            kinds_of(broken_batch_get_graph_member_datasources_input(), 400),
            lists
        );
        assert_eq!(
            kinds_of(broken_batch_get_membership_datasources_input(), 200),
            set(&[Required, TooFew, TooMany, Pattern])
        );
        assert_eq!(kinds_of(broken_start_monitoring_member_input(), 300), id);
        assert_eq!(
            kinds_of(broken_enable_organization_admin_account_input(), 200),
            id
        );
        assert_eq!(
            kinds_of(broken_list_organization_admin_accounts_input(), 200),
            page
        );
        assert_eq!(
            kinds_of(broken_describe_organization_configuration_input(), 100),
            arn_only
        );
        assert_eq!(
            kinds_of(broken_update_organization_configuration_input(), 100),
            arn_only
        );
        assert_eq!(kinds_of(broken_start_investigation_input(), 200), arn_only);
        assert_eq!(kinds_of(broken_get_investigation_input(), 300), id);
        let mut listing = arn_and_page.clone();
        listing.extend([Enum]);
        assert_eq!(kinds_of(broken_list_investigations_input(), 500), listing);
        listing.extend([TooShort, TooLong]);
        assert_eq!(kinds_of(broken_list_indicators_input(), 400), listing);
        assert_eq!(
            kinds_of(broken_update_investigation_state_input(), 300),
            set(&[Required, TooShort, TooLong, Pattern, Enum])
        );
    }

    #[test]
    fn kinds_match_only_their_own_constraint() {
        use crate::Constraint;
        let short = Constraint::Length {
            min: Some(1),
            max: Some(10),
            actual: 0,
        };
        assert!(BrokenKind::TooShort.matches(&short));
        assert!(!BrokenKind::TooLong.matches(&short));
        assert!(!BrokenKind::TooFew.matches(&short));
        let above = Constraint::Range {
            min: 1,
            max: 200,
            actual: 201,
        };
        assert!(BrokenKind::Above.matches(&above));
        assert!(!BrokenKind::Below.matches(&above));
        let outside = Constraint::Enum(&["ACTIVE", "ARCHIVED"]);
        assert!(BrokenKind::Enum.matches(&outside));
        assert!(!BrokenKind::Pattern.matches(&outside));
    }
}

//! Inputs that break exactly one model constraint, with the member `validate()` must name.

use super::inputs::{
    list_len, valid_create_members_input, valid_datasource_packages, valid_extended_account_ids,
    valid_graph_arns, valid_list_indicators_input, valid_list_investigations_input,
    valid_list_members_input, valid_start_investigation_input, valid_tag_keys,
};
use super::shapes::{any_account, any_tags, unknown_enum_value};
use super::text::{
    any_account_id, any_ai_max_results, any_ai_next_token, any_graph_arn, any_investigation_id,
    any_max_results, any_next_token, any_tag_key, any_tag_value, mismatching_account_id,
    mismatching_email_address, mismatching_entity_arn, mismatching_graph_arn,
    mismatching_investigation_id, mismatching_tag_key,
};
use crate::validate::Constraint;
use crate::{
    AcceptInvitationInput, Account, BatchGetGraphMemberDatasourcesInput,
    BatchGetMembershipDatasourcesInput, CreateGraphInput, CreateMembersInput, DatasourcePackage,
    DateFilter, DeleteGraphInput, DeleteMembersInput, DescribeOrganizationConfigurationInput,
    DisassociateMembershipInput, EnableOrganizationAdminAccountInput, FilterCriteria,
    GetInvestigationInput, GetMembersInput, IndicatorType, InvestigationState,
    ListDatasourcePackagesInput, ListGraphsInput, ListIndicatorsInput, ListInvestigationsInput,
    ListInvitationsInput, ListMembersInput, ListOrganizationAdminAccountsInput,
    ListTagsForResourceInput, RejectInvitationInput, Sensitive, SortCriteria, SortField, SortOrder,
    StartInvestigationInput, StartMonitoringMemberInput, StringFilter, TagResourceInput, Tags,
    UntagResourceInput, UpdateDatasourcePackagesInput, UpdateInvestigationStateInput,
    UpdateOrganizationConfigurationInput,
};
use proptest::collection::{btree_map, vec};
use proptest::option;
use proptest::prelude::*;
use proptest::sample::{select, Index};

/// Which kind of constraint a generated invalid value breaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum BrokenKind {
    /// A required member is missing.
    Required,
    /// A string is shorter than its `min` length.
    TooShort,
    /// A string is longer than its `max` length.
    TooLong,
    /// A list or map has fewer entries than its `min`.
    TooFew,
    /// A list or map has more entries than its `max`.
    TooMany,
    /// A number is below its `min`.
    Below,
    /// A number is above its `max`.
    Above,
    /// A string of allowed length does not match its `pattern`.
    Pattern,
    /// An input's enum member holds a value the model does not define.
    Enum,
}

impl BrokenKind {
    /// Every kind, in declaration order.
    pub const ALL: [BrokenKind; 9] = [
        BrokenKind::Required,
        BrokenKind::TooShort,
        BrokenKind::TooLong,
        BrokenKind::TooFew,
        BrokenKind::TooMany,
        BrokenKind::Below,
        BrokenKind::Above,
        BrokenKind::Pattern,
        BrokenKind::Enum,
    ];

    /// True when `constraint` (from a [`ValidationError`](crate::ValidationError)) reports this kind of breakage.
    pub fn matches(self, constraint: &Constraint) -> bool {
        match (self, constraint) {
            (BrokenKind::Required, Constraint::Required)
            | (BrokenKind::Pattern, Constraint::Pattern(_))
            | (BrokenKind::Enum, Constraint::Enum(_)) => true,
            (BrokenKind::TooShort, Constraint::Length { min, actual, .. })
            | (BrokenKind::TooFew, Constraint::Count { min, actual, .. }) => {
                min.is_some_and(|min| *actual < min)
            }
            (BrokenKind::TooLong, Constraint::Length { max, actual, .. })
            | (BrokenKind::TooMany, Constraint::Count { max, actual, .. }) => {
                max.is_some_and(|max| *actual > max)
            }
            (BrokenKind::Below, Constraint::Range { min, actual, .. }) => actual < min,
            (BrokenKind::Above, Constraint::Range { max, actual, .. }) => actual > max,
            _ => false,
        }
    }
}

/// A value that breaks exactly one model constraint.
#[derive(Debug, Clone, PartialEq)]
pub struct Broken<T> {
    /// The invalid value; every other constraint holds.
    pub value: T,
    /// The path `validate()` must name, e.g. `Accounts[3].AccountId` or `Tags.keys["aws:x"]`.
    pub member: String,
    /// How the member is broken.
    pub kind: BrokenKind,
}

impl<T> Broken<T> {
    fn new(value: T, member: impl Into<String>, kind: BrokenKind) -> Self {
        Broken {
            value,
            member: member.into(),
            kind,
        }
    }

    /// The value and the member path, dropping the kind.
    pub fn into_pair(self) -> (T, String) {
        (self.value, self.member)
    }
}

// ---- Broken members -------------------------------------------------------

/// A `GraphArn` that is missing or does not match the pattern.
fn broken_graph_arn() -> impl Strategy<Value = (Option<String>, BrokenKind)> {
    prop_oneof![
        1 => Just((None, BrokenKind::Required)),
        4 => mismatching_graph_arn().prop_map(|arn| (Some(arn), BrokenKind::Pattern)),
    ]
}

/// An `AccountId` of digits that is too short or too long, or of 12 characters not all digits.
fn broken_account_id() -> impl Strategy<Value = (String, BrokenKind)> {
    prop_oneof![
        1 => prop_oneof![Just(String::new()), "[0-9]{11}", "[0-9]{1,10}"]
            .prop_map(|id| (id, BrokenKind::TooShort)),
        1 => prop_oneof!["[0-9]{13}", "[0-9]{14,20}"].prop_map(|id| (id, BrokenKind::TooLong)),
        2 => mismatching_account_id().prop_map(|id| (id, BrokenKind::Pattern)),
    ]
}

/// An `EmailAddress` that is empty, longer than 64 characters but otherwise well formed, or does not match the pattern.
fn broken_email_address() -> impl Strategy<Value = (String, BrokenKind)> {
    let too_long = (
        "[a-z0-9.]{53,80}",
        select(vec!["example.com", "mail.example.org"]),
    )
        .prop_map(|(local, domain)| format!("{local}@{domain}"));
    prop_oneof![
        1 => Just((String::new(), BrokenKind::TooShort)),
        1 => too_long.prop_map(|e| (e, BrokenKind::TooLong)),
        3 => mismatching_email_address().prop_map(|e| (e, BrokenKind::Pattern)),
    ]
}

/// `n` characters, ASCII or two-byte, so that a limit counted in bytes shows.
fn chars(n: std::ops::RangeInclusive<usize>) -> impl Strategy<Value = String> {
    (n, select(vec!['x', 'é', '名'])).prop_map(|(n, c)| std::iter::repeat_n(c, n).collect())
}

/// A `NextToken` that is empty or longer than 1024 characters.
fn broken_next_token() -> impl Strategy<Value = (String, BrokenKind)> {
    prop_oneof![
        Just((String::new(), BrokenKind::TooShort)),
        chars(1025..=1100).prop_map(|t| (t, BrokenKind::TooLong)),
    ]
}

/// A `MaxResults` below 1 or above 200.
fn broken_max_results() -> impl Strategy<Value = (i32, BrokenKind)> {
    prop_oneof![
        prop_oneof![Just(0), Just(-1), Just(i32::MIN), i32::MIN..=0]
            .prop_map(|n| (n, BrokenKind::Below)),
        prop_oneof![Just(201), Just(i32::MAX), 201..=i32::MAX].prop_map(|n| (n, BrokenKind::Above)),
    ]
}

/// A page (`MaxResults`, `NextToken`) with one of the two broken.
fn broken_page() -> impl Strategy<Value = (Option<i32>, Option<String>, &'static str, BrokenKind)> {
    prop_oneof![
        (broken_max_results(), option::of(any_next_token())).prop_map(|((max, kind), token)| (
            Some(max),
            token,
            "MaxResults",
            kind
        )),
        (option::of(any_max_results()), broken_next_token()).prop_map(|(max, (token, kind))| (
            max,
            Some(token),
            "NextToken",
            kind
        )),
    ]
}

/// A valid `AccountIdList`: 1 to 50 ids.
fn valid_account_ids() -> impl Strategy<Value = Vec<String>> {
    list_len().prop_flat_map(|n| vec(any_account_id(), n))
}

/// An `AccountIds` list (1 to 50 ids) with one constraint broken: missing, empty, too long, or one bad id.
fn broken_account_ids() -> impl Strategy<Value = (Option<Vec<String>>, String, BrokenKind)> {
    let one_bad = (valid_account_ids(), any::<Index>(), broken_account_id()).prop_map(
        |(mut ids, at, (bad, kind))| {
            let i = at.index(ids.len());
            ids[i] = bad;
            (Some(ids), format!("AccountIds[{i}]"), kind)
        },
    );
    prop_oneof![
        1 => Just((None, "AccountIds".to_owned(), BrokenKind::Required)),
        1 => Just((Some(Vec::new()), "AccountIds".to_owned(), BrokenKind::TooFew)),
        1 => vec(any_account_id(), 51..=60)
            .prop_map(|ids| (Some(ids), "AccountIds".to_owned(), BrokenKind::TooMany)),
        4 => one_bad,
    ]
}

/// An `Accounts` list (1 to 50 accounts) with one constraint broken somewhere in it.
fn broken_accounts() -> impl Strategy<Value = (Option<Vec<Account>>, String, BrokenKind)> {
    let valid = || list_len().prop_flat_map(|n| vec(any_account(), n));
    let bad_id = prop_oneof![
        1 => Just((None, BrokenKind::Required)),
        3 => broken_account_id().prop_map(|(id, kind)| (Some(id), kind)),
    ];
    let one_bad_id =
        (valid(), any::<Index>(), bad_id).prop_map(|(mut accounts, at, (id, kind))| {
            let i = at.index(accounts.len());
            accounts[i].account_id = id;
            (Some(accounts), format!("Accounts[{i}].AccountId"), kind)
        });
    let bad_email = prop_oneof![
        1 => Just((None, BrokenKind::Required)),
        3 => broken_email_address().prop_map(|(e, kind)| (Some(e), kind)),
    ];
    let one_bad_email =
        (valid(), any::<Index>(), bad_email).prop_map(|(mut accounts, at, (email, kind))| {
            let i = at.index(accounts.len());
            accounts[i].email_address = email.map(Sensitive);
            (Some(accounts), format!("Accounts[{i}].EmailAddress"), kind)
        });
    prop_oneof![
        1 => Just((None, "Accounts".to_owned(), BrokenKind::Required)),
        1 => Just((Some(Vec::new()), "Accounts".to_owned(), BrokenKind::TooFew)),
        1 => vec(any_account(), 51..=60)
            .prop_map(|a| (Some(a), "Accounts".to_owned(), BrokenKind::TooMany)),
        3 => one_bad_id,
        3 => one_bad_email,
    ]
}

/// A `TagKey` that is empty, too long (but of allowed characters), or does not match the pattern.
fn broken_tag_key() -> impl Strategy<Value = (String, BrokenKind)> {
    let too_long = "[a-zA-Z+-=._:/]{129,160}"
        .prop_filter("only the length broken", |k| !k.starts_with("aws:"));
    prop_oneof![
        1 => Just((String::new(), BrokenKind::TooShort)),
        1 => too_long.prop_map(|k| (k, BrokenKind::TooLong)),
        3 => mismatching_tag_key().prop_map(|k| (k, BrokenKind::Pattern)),
    ]
}

/// A `TagMap` with one constraint broken: empty, over 50 entries, one bad key or one value too long.
fn broken_tags() -> impl Strategy<Value = (Tags, String, BrokenKind)> {
    // The broken key replaces an existing one, so the count stays valid.
    let one_bad_key =
        (any_tags(), any::<Index>(), broken_tag_key()).prop_map(|(mut tags, at, (bad, kind))| {
            let old = tags.keys().nth(at.index(tags.len())).cloned();
            let value = old.and_then(|k| tags.remove(&k)).unwrap_or_default();
            let member = format!("Tags.keys[{bad:?}]");
            tags.insert(bad, value);
            (tags, member, kind)
        });
    let one_long_value =
        (any_tags(), any::<Index>(), chars(257..=300)).prop_map(|(mut tags, at, long)| {
            let key = tags
                .keys()
                .nth(at.index(tags.len()))
                .cloned()
                .unwrap_or_default();
            let member = format!("Tags[{key:?}]");
            tags.insert(key, long);
            (tags, member, BrokenKind::TooLong)
        });
    prop_oneof![
        1 => Just((Tags::new(), "Tags".to_owned(), BrokenKind::TooFew)),
        1 => btree_map(any_tag_key(), any_tag_value(), 51..=60)
            .prop_map(|tags| (tags, "Tags".to_owned(), BrokenKind::TooMany)),
        4 => one_bad_key,
        2 => one_long_value,
    ]
}

// ---- Broken inputs --------------------------------------------------------

/// A `CreateGraphInput` whose `Tags` break one constraint (the only member with constraints).
pub fn broken_create_graph_input() -> impl Strategy<Value = Broken<CreateGraphInput>> {
    broken_tags().prop_map(|(tags, member, kind)| {
        Broken::new(CreateGraphInput { tags: Some(tags) }, member, kind)
    })
}

/// A `DeleteGraphInput` whose `GraphArn` is missing or malformed.
pub fn broken_delete_graph_input() -> impl Strategy<Value = Broken<DeleteGraphInput>> {
    broken_graph_arn()
        .prop_map(|(graph_arn, kind)| Broken::new(DeleteGraphInput { graph_arn }, "GraphArn", kind))
}

/// A `ListGraphsInput` with `MaxResults` out of range or `NextToken` of a bad length.
pub fn broken_list_graphs_input() -> impl Strategy<Value = Broken<ListGraphsInput>> {
    broken_page().prop_map(|(max_results, next_token, member, kind)| {
        Broken::new(
            ListGraphsInput {
                max_results,
                next_token,
            },
            member,
            kind,
        )
    })
}

/// An `AcceptInvitationInput` whose `GraphArn` is missing or malformed.
pub fn broken_accept_invitation_input() -> impl Strategy<Value = Broken<AcceptInvitationInput>> {
    broken_graph_arn().prop_map(|(graph_arn, kind)| {
        Broken::new(AcceptInvitationInput { graph_arn }, "GraphArn", kind)
    })
}

/// A `RejectInvitationInput` whose `GraphArn` is missing or malformed.
pub fn broken_reject_invitation_input() -> impl Strategy<Value = Broken<RejectInvitationInput>> {
    broken_graph_arn().prop_map(|(graph_arn, kind)| {
        Broken::new(RejectInvitationInput { graph_arn }, "GraphArn", kind)
    })
}

/// A `DisassociateMembershipInput` whose `GraphArn` is missing or malformed.
pub fn broken_disassociate_membership_input(
) -> impl Strategy<Value = Broken<DisassociateMembershipInput>> {
    broken_graph_arn().prop_map(|(graph_arn, kind)| {
        Broken::new(DisassociateMembershipInput { graph_arn }, "GraphArn", kind)
    })
}

/// A `ListInvitationsInput` with `MaxResults` out of range or `NextToken` of a bad length.
pub fn broken_list_invitations_input() -> impl Strategy<Value = Broken<ListInvitationsInput>> {
    broken_page().prop_map(|(max_results, next_token, member, kind)| {
        let value = ListInvitationsInput {
            max_results,
            next_token,
        };
        Broken::new(value, member, kind)
    })
}

/// A `CreateMembersInput` with one constraint broken: `GraphArn`, `Accounts` (the list or one account's id or e-mail) or `Message`.
pub fn broken_create_members_input() -> impl Strategy<Value = Broken<CreateMembersInput>> {
    let arn = (valid_create_members_input(), broken_graph_arn()).prop_map(
        |(valid, (graph_arn, kind))| {
            Broken::new(CreateMembersInput { graph_arn, ..valid }, "GraphArn", kind)
        },
    );
    let accounts = (valid_create_members_input(), broken_accounts()).prop_map(
        |(valid, (accounts, member, kind))| {
            Broken::new(CreateMembersInput { accounts, ..valid }, member, kind)
        },
    );
    let message = prop_oneof![
        Just((String::new(), BrokenKind::TooShort)),
        chars(1001..=1100).prop_map(|m| (m, BrokenKind::TooLong)),
    ];
    let message = (valid_create_members_input(), message).prop_map(|(valid, (message, kind))| {
        let value = CreateMembersInput {
            message: Some(Sensitive(message)),
            ..valid
        };
        Broken::new(value, "Message", kind)
    });
    prop_oneof![1 => arn, 4 => accounts, 1 => message]
}

/// A `GetMembersInput` with one constraint broken: `GraphArn` or `AccountIds` (the list or one id).
pub fn broken_get_members_input() -> impl Strategy<Value = Broken<GetMembersInput>> {
    prop_oneof![
        1 => (broken_graph_arn(), valid_account_ids()).prop_map(|((graph_arn, kind), ids)| {
            let value = GetMembersInput { account_ids: Some(ids), graph_arn };
            Broken::new(value, "GraphArn", kind)
        }),
        3 => (any_graph_arn(), broken_account_ids()).prop_map(|(arn, (account_ids, member, kind))| {
            let value = GetMembersInput { account_ids, graph_arn: Some(arn) };
            Broken::new(value, member, kind)
        }),
    ]
}

/// A `ListMembersInput` with one constraint broken: `GraphArn`, `MaxResults` or `NextToken`.
pub fn broken_list_members_input() -> impl Strategy<Value = Broken<ListMembersInput>> {
    prop_oneof![
        (valid_list_members_input(), broken_graph_arn()).prop_map(|(valid, (graph_arn, kind))| {
            Broken::new(ListMembersInput { graph_arn, ..valid }, "GraphArn", kind)
        }),
        (any_graph_arn(), broken_page()).prop_map(
            |(arn, (max_results, next_token, member, kind))| {
                let value = ListMembersInput {
                    graph_arn: Some(arn),
                    max_results,
                    next_token,
                };
                Broken::new(value, member, kind)
            }
        ),
    ]
}

/// A `DeleteMembersInput` with one constraint broken: `GraphArn` or `AccountIds` (the list or one id).
pub fn broken_delete_members_input() -> impl Strategy<Value = Broken<DeleteMembersInput>> {
    prop_oneof![
        1 => (broken_graph_arn(), valid_account_ids()).prop_map(|((graph_arn, kind), ids)| {
            let value = DeleteMembersInput { account_ids: Some(ids), graph_arn };
            Broken::new(value, "GraphArn", kind)
        }),
        3 => (any_graph_arn(), broken_account_ids()).prop_map(|(arn, (account_ids, member, kind))| {
            let value = DeleteMembersInput { account_ids, graph_arn: Some(arn) };
            Broken::new(value, member, kind)
        }),
    ]
}

// ---- Broken members of the later operations --------------------------------

/// A `ResourceArn` (shape `GraphArn`) that is missing or does not match the pattern.
fn broken_resource_arn() -> impl Strategy<Value = (Option<String>, BrokenKind)> {
    broken_graph_arn()
}

/// An `AccountId` that is missing, of the wrong length, or not all digits.
fn broken_required_account_id() -> impl Strategy<Value = (Option<String>, BrokenKind)> {
    prop_oneof![
        1 => Just((None, BrokenKind::Required)),
        3 => broken_account_id().prop_map(|(id, kind)| (Some(id), kind)),
    ]
}

/// An `InvestigationId` that is missing, of digits but too short or too long, or of 21 characters not all digits.
fn broken_investigation_id() -> impl Strategy<Value = (Option<String>, BrokenKind)> {
    prop_oneof![
        1 => Just((None, BrokenKind::Required)),
        1 => prop_oneof![Just(String::new()), "[0-9]{20}", "[0-9]{1,19}"]
            .prop_map(|id| (Some(id), BrokenKind::TooShort)),
        1 => prop_oneof!["[0-9]{22}", "[0-9]{23,40}"]
            .prop_map(|id| (Some(id), BrokenKind::TooLong)),
        2 => mismatching_investigation_id().prop_map(|id| (Some(id), BrokenKind::Pattern)),
    ]
}

/// A `MaxResults` (investigation lists: 1 to 100) below 1 or above 100.
fn broken_ai_max_results() -> impl Strategy<Value = (i32, BrokenKind)> {
    prop_oneof![
        prop_oneof![Just(0), Just(-1), Just(i32::MIN), i32::MIN..=0]
            .prop_map(|n| (n, BrokenKind::Below)),
        prop_oneof![Just(101), Just(201), Just(i32::MAX), 101..=i32::MAX]
            .prop_map(|n| (n, BrokenKind::Above)),
    ]
}

/// An `AiPaginationToken` that is empty or longer than 2048 characters.
fn broken_ai_next_token() -> impl Strategy<Value = (String, BrokenKind)> {
    prop_oneof![
        Just((String::new(), BrokenKind::TooShort)),
        chars(2049..=2100).prop_map(|t| (t, BrokenKind::TooLong)),
    ]
}

/// An investigation list's page (`MaxResults`, `NextToken`) with one of the two broken.
fn broken_ai_page() -> impl Strategy<Value = (Option<i32>, Option<String>, &'static str, BrokenKind)>
{
    prop_oneof![
        (broken_ai_max_results(), option::of(any_ai_next_token()))
            .prop_map(|((max, kind), token)| (Some(max), token, "MaxResults", kind)),
        (option::of(any_ai_max_results()), broken_ai_next_token())
            .prop_map(|(max, (token, kind))| (max, Some(token), "NextToken", kind)),
    ]
}

/// An enum value the model does not define, as an `Unknown(..)` of `E`.
fn unknown<E: From<String> + std::fmt::Debug>(
    known: &'static [&'static str],
) -> impl Strategy<Value = E> {
    unknown_enum_value(known).prop_map(E::from)
}

/// A `TagKeyList` with one constraint broken: missing, empty, over 50 keys, or one bad key.
fn broken_tag_keys() -> impl Strategy<Value = (Option<Vec<String>>, String, BrokenKind)> {
    let one_bad = (valid_tag_keys(), any::<Index>(), broken_tag_key()).prop_map(
        |(mut keys, at, (bad, kind))| {
            let i = at.index(keys.len());
            keys[i] = bad;
            (Some(keys), format!("TagKeys[{i}]"), kind)
        },
    );
    prop_oneof![
        1 => Just((None, "TagKeys".to_owned(), BrokenKind::Required)),
        1 => Just((Some(Vec::new()), "TagKeys".to_owned(), BrokenKind::TooFew)),
        1 => vec(any_tag_key(), 51..=60)
            .prop_map(|keys| (Some(keys), "TagKeys".to_owned(), BrokenKind::TooMany)),
        4 => one_bad,
    ]
}

/// A `StringFilter` at `member` whose `Value` is missing, empty or longer than 500 characters.
fn broken_string_filter(
    member: &'static str,
) -> impl Strategy<Value = (StringFilter, String, BrokenKind)> {
    let path = format!("FilterCriteria.{member}.Value");
    prop_oneof![
        Just((None, BrokenKind::Required)),
        Just((Some(String::new()), BrokenKind::TooShort)),
        chars(501..=560).prop_map(|v| (Some(v), BrokenKind::TooLong)),
    ]
    .prop_map(move |(value, kind)| (StringFilter { value }, path.clone(), kind))
}

/// `FilterCriteria` with one constraint broken: a `CreatedTime` end missing, or one `StringFilter`'s `Value`.
fn broken_filter_criteria() -> impl Strategy<Value = (FilterCriteria, String, BrokenKind)> {
    let date = (super::shapes::any_timestamp(), any::<bool>()).prop_map(|(t, drop_start)| {
        let (filter, end) = if drop_start {
            (
                DateFilter {
                    end_inclusive: Some(t),
                    start_inclusive: None,
                },
                "StartInclusive",
            )
        } else {
            (
                DateFilter {
                    end_inclusive: None,
                    start_inclusive: Some(t),
                },
                "EndInclusive",
            )
        };
        let criteria = FilterCriteria {
            created_time: Some(filter),
            ..FilterCriteria::default()
        };
        (
            criteria,
            format!("FilterCriteria.CreatedTime.{end}"),
            BrokenKind::Required,
        )
    });
    let string = prop_oneof![
        broken_string_filter("EntityArn").prop_map(|(f, m, k)| (
            FilterCriteria {
                entity_arn: Some(f),
                ..FilterCriteria::default()
            },
            m,
            k
        )),
        broken_string_filter("Severity").prop_map(|(f, m, k)| (
            FilterCriteria {
                severity: Some(f),
                ..FilterCriteria::default()
            },
            m,
            k
        )),
        broken_string_filter("State").prop_map(|(f, m, k)| (
            FilterCriteria {
                state: Some(f),
                ..FilterCriteria::default()
            },
            m,
            k
        )),
        broken_string_filter("Status").prop_map(|(f, m, k)| (
            FilterCriteria {
                status: Some(f),
                ..FilterCriteria::default()
            },
            m,
            k
        )),
    ];
    // Boxed: the nested strategy types are deep enough to overflow a debug build's test-thread stack.
    prop_oneof![1 => date.boxed(), 4 => string.boxed()]
}

/// `SortCriteria` whose `Field` or `SortOrder` is a value the model does not define.
fn broken_sort_criteria() -> impl Strategy<Value = (SortCriteria, String, BrokenKind)> {
    prop_oneof![
        (
            unknown::<SortField>(SortField::KNOWN),
            option::of(select(SortOrder::values()))
        )
            .prop_map(|(field, sort_order)| (
                SortCriteria {
                    field: Some(field),
                    sort_order
                },
                "SortCriteria.Field".to_owned(),
                BrokenKind::Enum
            )),
        (
            option::of(select(SortField::values())),
            unknown::<SortOrder>(SortOrder::KNOWN)
        )
            .prop_map(|(field, order)| (
                SortCriteria {
                    field,
                    sort_order: Some(order)
                },
                "SortCriteria.SortOrder".to_owned(),
                BrokenKind::Enum
            )),
    ]
}

// ---- Broken inputs of the later operations ---------------------------------

/// A `TagResourceInput` with one constraint broken: `ResourceArn` or `Tags` (missing, or the map broken).
pub fn broken_tag_resource_input() -> impl Strategy<Value = Broken<TagResourceInput>> {
    prop_oneof![
        1 => (broken_resource_arn(), any_tags()).prop_map(|((resource_arn, kind), tags)| {
            let value = TagResourceInput { resource_arn, tags: Some(tags) };
            Broken::new(value, "ResourceArn", kind)
        }),
        1 => any_graph_arn().prop_map(|arn| {
            let value = TagResourceInput { resource_arn: Some(arn), tags: None };
            Broken::new(value, "Tags", BrokenKind::Required)
        }),
        3 => (any_graph_arn(), broken_tags()).prop_map(|(arn, (tags, member, kind))| {
            let value = TagResourceInput { resource_arn: Some(arn), tags: Some(tags) };
            Broken::new(value, member, kind)
        }),
    ]
}

/// An `UntagResourceInput` with one constraint broken: `ResourceArn` or `TagKeys` (the list or one key).
pub fn broken_untag_resource_input() -> impl Strategy<Value = Broken<UntagResourceInput>> {
    prop_oneof![
        1 => (broken_resource_arn(), valid_tag_keys()).prop_map(|((resource_arn, kind), keys)| {
            let value = UntagResourceInput { resource_arn, tag_keys: Some(keys) };
            Broken::new(value, "ResourceArn", kind)
        }),
        3 => (any_graph_arn(), broken_tag_keys()).prop_map(|(arn, (tag_keys, member, kind))| {
            let value = UntagResourceInput { resource_arn: Some(arn), tag_keys };
            Broken::new(value, member, kind)
        }),
    ]
}

/// A `ListTagsForResourceInput` whose `ResourceArn` is missing or malformed.
pub fn broken_list_tags_for_resource_input(
) -> impl Strategy<Value = Broken<ListTagsForResourceInput>> {
    broken_resource_arn().prop_map(|(resource_arn, kind)| {
        Broken::new(
            ListTagsForResourceInput { resource_arn },
            "ResourceArn",
            kind,
        )
    })
}

/// A `ListDatasourcePackagesInput` with one constraint broken: `GraphArn`, `MaxResults` or `NextToken`.
pub fn broken_list_datasource_packages_input(
) -> impl Strategy<Value = Broken<ListDatasourcePackagesInput>> {
    prop_oneof![
        (
            broken_graph_arn(),
            option::of(any_max_results()),
            option::of(any_next_token())
        )
            .prop_map(|((graph_arn, kind), max_results, next_token)| {
                let value = ListDatasourcePackagesInput {
                    graph_arn,
                    max_results,
                    next_token,
                };
                Broken::new(value, "GraphArn", kind)
            }),
        (any_graph_arn(), broken_page()).prop_map(
            |(arn, (max_results, next_token, member, kind))| {
                let value = ListDatasourcePackagesInput {
                    graph_arn: Some(arn),
                    max_results,
                    next_token,
                };
                Broken::new(value, member, kind)
            }
        ),
    ]
}

/// An `UpdateDatasourcePackagesInput` with one constraint broken: `GraphArn` or `DatasourcePackages`
/// (missing, empty, over 25, or one package the model does not define).
pub fn broken_update_datasource_packages_input(
) -> impl Strategy<Value = Broken<UpdateDatasourcePackagesInput>> {
    let arn = (broken_graph_arn(), valid_datasource_packages()).prop_map(
        |((graph_arn, kind), packages)| {
            let value = UpdateDatasourcePackagesInput {
                datasource_packages: Some(packages),
                graph_arn,
            };
            Broken::new(value, "GraphArn", kind)
        },
    );
    let one_unknown = (
        valid_datasource_packages(),
        any::<Index>(),
        unknown::<DatasourcePackage>(DatasourcePackage::KNOWN),
    )
        .prop_map(|(mut packages, at, bad)| {
            let i = at.index(packages.len());
            packages[i] = bad;
            (
                Some(packages),
                format!("DatasourcePackages[{i}]"),
                BrokenKind::Enum,
            )
        });
    let packages = prop_oneof![
        1 => Just((None, "DatasourcePackages".to_owned(), BrokenKind::Required)),
        1 => Just((Some(Vec::new()), "DatasourcePackages".to_owned(), BrokenKind::TooFew)),
        1 => vec(select(DatasourcePackage::values()), 26..=30)
            .prop_map(|p| (Some(p), "DatasourcePackages".to_owned(), BrokenKind::TooMany)),
        3 => one_unknown,
    ];
    let packages =
        (any_graph_arn(), packages).prop_map(|(arn, (datasource_packages, member, kind))| {
            let value = UpdateDatasourcePackagesInput {
                datasource_packages,
                graph_arn: Some(arn),
            };
            Broken::new(value, member, kind)
        });
    prop_oneof![1 => arn, 3 => packages]
}

/// A `BatchGetGraphMemberDatasourcesInput` with one constraint broken: `GraphArn` or `AccountIds`
/// (missing, empty, over 200, or one bad id).
pub fn broken_batch_get_graph_member_datasources_input(
) -> impl Strategy<Value = Broken<BatchGetGraphMemberDatasourcesInput>> {
    let arn =
        (broken_graph_arn(), valid_extended_account_ids()).prop_map(|((graph_arn, kind), ids)| {
            let value = BatchGetGraphMemberDatasourcesInput {
                account_ids: Some(ids),
                graph_arn,
            };
            Broken::new(value, "GraphArn", kind)
        });
    let one_bad = (
        valid_extended_account_ids(),
        any::<Index>(),
        broken_account_id(),
    )
        .prop_map(|(mut ids, at, (bad, kind))| {
            let i = at.index(ids.len());
            ids[i] = bad;
            (Some(ids), format!("AccountIds[{i}]"), kind)
        });
    let ids = prop_oneof![
        1 => Just((None, "AccountIds".to_owned(), BrokenKind::Required)),
        1 => Just((Some(Vec::new()), "AccountIds".to_owned(), BrokenKind::TooFew)),
        1 => vec(any_account_id(), 201..=210)
            .prop_map(|ids| (Some(ids), "AccountIds".to_owned(), BrokenKind::TooMany)),
        4 => one_bad,
    ];
    let ids = (any_graph_arn(), ids).prop_map(|(arn, (account_ids, member, kind))| {
        let value = BatchGetGraphMemberDatasourcesInput {
            account_ids,
            graph_arn: Some(arn),
        };
        Broken::new(value, member, kind)
    });
    prop_oneof![1 => arn, 3 => ids]
}

/// A `BatchGetMembershipDatasourcesInput` whose `GraphArns` is missing, empty, over 50, or holds one malformed ARN.
pub fn broken_batch_get_membership_datasources_input(
) -> impl Strategy<Value = Broken<BatchGetMembershipDatasourcesInput>> {
    let one_bad = (valid_graph_arns(), any::<Index>(), mismatching_graph_arn()).prop_map(
        |(mut arns, at, bad)| {
            let i = at.index(arns.len());
            arns[i] = bad;
            (Some(arns), format!("GraphArns[{i}]"), BrokenKind::Pattern)
        },
    );
    prop_oneof![
        1 => Just((None, "GraphArns".to_owned(), BrokenKind::Required)),
        1 => Just((Some(Vec::new()), "GraphArns".to_owned(), BrokenKind::TooFew)),
        1 => vec(any_graph_arn(), 51..=60)
            .prop_map(|arns| (Some(arns), "GraphArns".to_owned(), BrokenKind::TooMany)),
        4 => one_bad,
    ]
    .prop_map(|(graph_arns, member, kind)| {
        Broken::new(
            BatchGetMembershipDatasourcesInput { graph_arns },
            member,
            kind,
        )
    })
}

/// A `StartMonitoringMemberInput` with one constraint broken: `GraphArn` or `AccountId`.
pub fn broken_start_monitoring_member_input(
) -> impl Strategy<Value = Broken<StartMonitoringMemberInput>> {
    prop_oneof![
        (broken_graph_arn(), any_account_id()).prop_map(|((graph_arn, kind), id)| {
            let value = StartMonitoringMemberInput {
                account_id: Some(id),
                graph_arn,
            };
            Broken::new(value, "GraphArn", kind)
        }),
        (any_graph_arn(), broken_required_account_id()).prop_map(|(arn, (account_id, kind))| {
            let value = StartMonitoringMemberInput {
                account_id,
                graph_arn: Some(arn),
            };
            Broken::new(value, "AccountId", kind)
        }),
    ]
}

/// An `EnableOrganizationAdminAccountInput` whose `AccountId` is missing or malformed.
pub fn broken_enable_organization_admin_account_input(
) -> impl Strategy<Value = Broken<EnableOrganizationAdminAccountInput>> {
    broken_required_account_id().prop_map(|(account_id, kind)| {
        Broken::new(
            EnableOrganizationAdminAccountInput { account_id },
            "AccountId",
            kind,
        )
    })
}

/// A `ListOrganizationAdminAccountsInput` with `MaxResults` out of range or `NextToken` of a bad length.
pub fn broken_list_organization_admin_accounts_input(
) -> impl Strategy<Value = Broken<ListOrganizationAdminAccountsInput>> {
    broken_page().prop_map(|(max_results, next_token, member, kind)| {
        let value = ListOrganizationAdminAccountsInput {
            max_results,
            next_token,
        };
        Broken::new(value, member, kind)
    })
}

/// A `DescribeOrganizationConfigurationInput` whose `GraphArn` is missing or malformed.
pub fn broken_describe_organization_configuration_input(
) -> impl Strategy<Value = Broken<DescribeOrganizationConfigurationInput>> {
    broken_graph_arn().prop_map(|(graph_arn, kind)| {
        Broken::new(
            DescribeOrganizationConfigurationInput { graph_arn },
            "GraphArn",
            kind,
        )
    })
}

/// An `UpdateOrganizationConfigurationInput` whose `GraphArn` is missing or malformed (`AutoEnable` has no constraint).
pub fn broken_update_organization_configuration_input(
) -> impl Strategy<Value = Broken<UpdateOrganizationConfigurationInput>> {
    (broken_graph_arn(), option::of(any::<bool>())).prop_map(|((graph_arn, kind), auto_enable)| {
        Broken::new(
            UpdateOrganizationConfigurationInput {
                auto_enable,
                graph_arn,
            },
            "GraphArn",
            kind,
        )
    })
}

/// A `StartInvestigationInput` with one constraint broken: `GraphArn`, `EntityArn` (missing or
/// not matching), or a scope time missing.
pub fn broken_start_investigation_input() -> impl Strategy<Value = Broken<StartInvestigationInput>>
{
    let entity = prop_oneof![
        1 => Just((None, BrokenKind::Required)),
        3 => mismatching_entity_arn().prop_map(|arn| (Some(arn), BrokenKind::Pattern)),
    ];
    prop_oneof![
        (valid_start_investigation_input(), broken_graph_arn()).prop_map(
            |(valid, (graph_arn, kind))| {
                Broken::new(
                    StartInvestigationInput { graph_arn, ..valid },
                    "GraphArn",
                    kind,
                )
            }
        ),
        (valid_start_investigation_input(), entity).prop_map(|(valid, (entity_arn, kind))| {
            Broken::new(
                StartInvestigationInput {
                    entity_arn,
                    ..valid
                },
                "EntityArn",
                kind,
            )
        }),
        valid_start_investigation_input().prop_map(|valid| {
            let value = StartInvestigationInput {
                scope_start_time: None,
                ..valid
            };
            Broken::new(value, "ScopeStartTime", BrokenKind::Required)
        }),
        valid_start_investigation_input().prop_map(|valid| {
            let value = StartInvestigationInput {
                scope_end_time: None,
                ..valid
            };
            Broken::new(value, "ScopeEndTime", BrokenKind::Required)
        }),
    ]
}

/// A `GetInvestigationInput` with one constraint broken: `GraphArn` or `InvestigationId`.
pub fn broken_get_investigation_input() -> impl Strategy<Value = Broken<GetInvestigationInput>> {
    prop_oneof![
        (broken_graph_arn(), any_investigation_id()).prop_map(|((graph_arn, kind), id)| {
            let value = GetInvestigationInput {
                graph_arn,
                investigation_id: Some(id),
            };
            Broken::new(value, "GraphArn", kind)
        }),
        (any_graph_arn(), broken_investigation_id()).prop_map(|(arn, (investigation_id, kind))| {
            let value = GetInvestigationInput {
                graph_arn: Some(arn),
                investigation_id,
            };
            Broken::new(value, "InvestigationId", kind)
        }),
    ]
}

/// A `ListInvestigationsInput` with one constraint broken: `GraphArn`, the page (1 to 100,
/// 1 to 2048 characters), one filter, or the sort's `Field` or `SortOrder`.
pub fn broken_list_investigations_input() -> impl Strategy<Value = Broken<ListInvestigationsInput>>
{
    // Each arm boxed: unboxed, the nested types overflow a debug build's test-thread stack.
    prop_oneof![
        (valid_list_investigations_input(), broken_graph_arn())
            .prop_map(|(valid, (graph_arn, kind))| {
                Broken::new(
                    ListInvestigationsInput { graph_arn, ..valid },
                    "GraphArn",
                    kind,
                )
            })
            .boxed(),
        (valid_list_investigations_input(), broken_ai_page())
            .prop_map(|(valid, (max_results, next_token, member, kind))| {
                let value = ListInvestigationsInput {
                    max_results,
                    next_token,
                    ..valid
                };
                Broken::new(value, member, kind)
            })
            .boxed(),
        (valid_list_investigations_input(), broken_filter_criteria())
            .prop_map(|(valid, (filter, member, kind))| {
                let value = ListInvestigationsInput {
                    filter_criteria: Some(filter),
                    ..valid
                };
                Broken::new(value, member, kind)
            })
            .boxed(),
        (valid_list_investigations_input(), broken_sort_criteria())
            .prop_map(|(valid, (sort, member, kind))| {
                let value = ListInvestigationsInput {
                    sort_criteria: Some(sort),
                    ..valid
                };
                Broken::new(value, member, kind)
            })
            .boxed(),
    ]
}

/// A `ListIndicatorsInput` with one constraint broken: `GraphArn`, `InvestigationId`,
/// `IndicatorType` (a value the model does not define) or the page.
pub fn broken_list_indicators_input() -> impl Strategy<Value = Broken<ListIndicatorsInput>> {
    // Each arm boxed: unboxed, the nested types overflow a debug build's test-thread stack.
    prop_oneof![
        (valid_list_indicators_input(), broken_graph_arn())
            .prop_map(|(valid, (graph_arn, kind))| {
                Broken::new(ListIndicatorsInput { graph_arn, ..valid }, "GraphArn", kind)
            })
            .boxed(),
        (valid_list_indicators_input(), broken_investigation_id())
            .prop_map(|(valid, (investigation_id, kind))| {
                let value = ListIndicatorsInput {
                    investigation_id,
                    ..valid
                };
                Broken::new(value, "InvestigationId", kind)
            })
            .boxed(),
        (
            valid_list_indicators_input(),
            unknown::<IndicatorType>(IndicatorType::KNOWN)
        )
            .prop_map(|(valid, kind)| {
                let value = ListIndicatorsInput {
                    indicator_type: Some(kind),
                    ..valid
                };
                Broken::new(value, "IndicatorType", BrokenKind::Enum)
            })
            .boxed(),
        (valid_list_indicators_input(), broken_ai_page())
            .prop_map(|(valid, (max_results, next_token, member, kind))| {
                let value = ListIndicatorsInput {
                    max_results,
                    next_token,
                    ..valid
                };
                Broken::new(value, member, kind)
            })
            .boxed(),
    ]
}

/// An `UpdateInvestigationStateInput` with one constraint broken: `GraphArn`, `InvestigationId`,
/// or `State` (missing, or a value the model does not define).
pub fn broken_update_investigation_state_input(
) -> impl Strategy<Value = Broken<UpdateInvestigationStateInput>> {
    let state = prop_oneof![
        1 => Just((None, BrokenKind::Required)),
        2 => unknown::<InvestigationState>(InvestigationState::KNOWN)
            .prop_map(|s| (Some(s), BrokenKind::Enum)),
    ];
    prop_oneof![
        (
            broken_graph_arn(),
            any_investigation_id(),
            select(InvestigationState::values())
        )
            .prop_map(|((graph_arn, kind), id, state)| {
                let value = UpdateInvestigationStateInput {
                    graph_arn,
                    investigation_id: Some(id),
                    state: Some(state),
                };
                Broken::new(value, "GraphArn", kind)
            }),
        (
            any_graph_arn(),
            broken_investigation_id(),
            select(InvestigationState::values())
        )
            .prop_map(|(arn, (investigation_id, kind), state)| {
                let value = UpdateInvestigationStateInput {
                    graph_arn: Some(arn),
                    investigation_id,
                    state: Some(state),
                };
                Broken::new(value, "InvestigationId", kind)
            }),
        (any_graph_arn(), any_investigation_id(), state).prop_map(|(arn, id, (state, kind))| {
            let value = UpdateInvestigationStateInput {
                graph_arn: Some(arn),
                investigation_id: Some(id),
                state,
            };
            Broken::new(value, "State", kind)
        }),
    ]
}

/// Defines `invalid_x()` as `broken_x()` without the kind.
macro_rules! invalid_pairs {
    ($($(#[$doc:meta])* $invalid:ident => $broken:ident: $input:ty;)+) => {$(
        $(#[$doc])*
        pub fn $invalid() -> impl Strategy<Value = ($input, String)> {
            $broken().prop_map(Broken::into_pair)
        }
    )+};
}

invalid_pairs! {
    /// A `CreateGraphInput` breaking one constraint, and the member path `validate()` must name.
    invalid_create_graph_input => broken_create_graph_input: CreateGraphInput;
    /// A `DeleteGraphInput` breaking one constraint, and the member path `validate()` must name.
    invalid_delete_graph_input => broken_delete_graph_input: DeleteGraphInput;
    /// A `ListGraphsInput` breaking one constraint, and the member path `validate()` must name.
    invalid_list_graphs_input => broken_list_graphs_input: ListGraphsInput;
    /// An `AcceptInvitationInput` breaking one constraint, and the member path `validate()` must name.
    invalid_accept_invitation_input => broken_accept_invitation_input: AcceptInvitationInput;
    /// A `RejectInvitationInput` breaking one constraint, and the member path `validate()` must name.
    invalid_reject_invitation_input => broken_reject_invitation_input: RejectInvitationInput;
    /// A `DisassociateMembershipInput` breaking one constraint, and the member path `validate()` must name.
    invalid_disassociate_membership_input => broken_disassociate_membership_input: DisassociateMembershipInput;
    /// A `ListInvitationsInput` breaking one constraint, and the member path `validate()` must name.
    invalid_list_invitations_input => broken_list_invitations_input: ListInvitationsInput;
    /// A `CreateMembersInput` breaking one constraint, and the member path `validate()` must name.
    invalid_create_members_input => broken_create_members_input: CreateMembersInput;
    /// A `GetMembersInput` breaking one constraint, and the member path `validate()` must name.
    invalid_get_members_input => broken_get_members_input: GetMembersInput;
    /// A `ListMembersInput` breaking one constraint, and the member path `validate()` must name.
    invalid_list_members_input => broken_list_members_input: ListMembersInput;
    /// A `DeleteMembersInput` breaking one constraint, and the member path `validate()` must name.
    invalid_delete_members_input => broken_delete_members_input: DeleteMembersInput;
    /// A `TagResourceInput` breaking one constraint, and the member path `validate()` must name.
    invalid_tag_resource_input => broken_tag_resource_input: TagResourceInput;
    /// An `UntagResourceInput` breaking one constraint, and the member path `validate()` must name.
    invalid_untag_resource_input => broken_untag_resource_input: UntagResourceInput;
    /// A `ListTagsForResourceInput` breaking one constraint, and the member path `validate()` must name.
    invalid_list_tags_for_resource_input => broken_list_tags_for_resource_input: ListTagsForResourceInput;
    /// A `ListDatasourcePackagesInput` breaking one constraint, and the member path `validate()` must name.
    invalid_list_datasource_packages_input => broken_list_datasource_packages_input: ListDatasourcePackagesInput;
    /// An `UpdateDatasourcePackagesInput` breaking one constraint, and the member path `validate()` must name.
    invalid_update_datasource_packages_input => broken_update_datasource_packages_input: UpdateDatasourcePackagesInput;
    /// A `BatchGetGraphMemberDatasourcesInput` breaking one constraint, and the member path `validate()` must name.
    invalid_batch_get_graph_member_datasources_input => broken_batch_get_graph_member_datasources_input: BatchGetGraphMemberDatasourcesInput;
    /// A `BatchGetMembershipDatasourcesInput` breaking one constraint, and the member path `validate()` must name.
    invalid_batch_get_membership_datasources_input => broken_batch_get_membership_datasources_input: BatchGetMembershipDatasourcesInput;
    /// A `StartMonitoringMemberInput` breaking one constraint, and the member path `validate()` must name.
    invalid_start_monitoring_member_input => broken_start_monitoring_member_input: StartMonitoringMemberInput;
    /// An `EnableOrganizationAdminAccountInput` breaking one constraint, and the member path `validate()` must name.
    invalid_enable_organization_admin_account_input => broken_enable_organization_admin_account_input: EnableOrganizationAdminAccountInput;
    /// A `ListOrganizationAdminAccountsInput` breaking one constraint, and the member path `validate()` must name.
    invalid_list_organization_admin_accounts_input => broken_list_organization_admin_accounts_input: ListOrganizationAdminAccountsInput;
    /// A `DescribeOrganizationConfigurationInput` breaking one constraint, and the member path `validate()` must name.
    invalid_describe_organization_configuration_input => broken_describe_organization_configuration_input: DescribeOrganizationConfigurationInput;
    /// An `UpdateOrganizationConfigurationInput` breaking one constraint, and the member path `validate()` must name.
    invalid_update_organization_configuration_input => broken_update_organization_configuration_input: UpdateOrganizationConfigurationInput;
    /// A `StartInvestigationInput` breaking one constraint, and the member path `validate()` must name.
    invalid_start_investigation_input => broken_start_investigation_input: StartInvestigationInput;
    /// A `GetInvestigationInput` breaking one constraint, and the member path `validate()` must name.
    invalid_get_investigation_input => broken_get_investigation_input: GetInvestigationInput;
    /// A `ListInvestigationsInput` breaking one constraint, and the member path `validate()` must name.
    invalid_list_investigations_input => broken_list_investigations_input: ListInvestigationsInput;
    /// A `ListIndicatorsInput` breaking one constraint, and the member path `validate()` must name.
    invalid_list_indicators_input => broken_list_indicators_input: ListIndicatorsInput;
    /// An `UpdateInvestigationStateInput` breaking one constraint, and the member path `validate()` must name.
    invalid_update_investigation_state_input => broken_update_investigation_state_input: UpdateInvestigationStateInput;
}

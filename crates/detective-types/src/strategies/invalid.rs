//! Inputs that break exactly one model constraint, with the member `validate()` must name.

use super::inputs::{list_len, valid_create_members_input, valid_list_members_input};
use super::shapes::{any_account, any_tags};
use super::text::{
    any_account_id, any_graph_arn, any_max_results, any_next_token, any_tag_key, any_tag_value,
    mismatching_account_id, mismatching_email_address, mismatching_graph_arn, mismatching_tag_key,
};
use crate::validate::Constraint;
use crate::{
    AcceptInvitationInput, Account, CreateGraphInput, CreateMembersInput, DeleteGraphInput,
    DeleteMembersInput, DisassociateMembershipInput, GetMembersInput, ListGraphsInput,
    ListInvitationsInput, ListMembersInput, RejectInvitationInput, Sensitive, Tags,
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
}

impl BrokenKind {
    /// Every kind, in declaration order.
    pub const ALL: [BrokenKind; 8] = [
        BrokenKind::Required,
        BrokenKind::TooShort,
        BrokenKind::TooLong,
        BrokenKind::TooFew,
        BrokenKind::TooMany,
        BrokenKind::Below,
        BrokenKind::Above,
        BrokenKind::Pattern,
    ];

    /// True when `constraint` (from a [`ValidationError`](crate::ValidationError)) reports this kind of breakage.
    pub fn matches(self, constraint: &Constraint) -> bool {
        match (self, constraint) {
            (BrokenKind::Required, Constraint::Required)
            | (BrokenKind::Pattern, Constraint::Pattern(_)) => true,
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
}

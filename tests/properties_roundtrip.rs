//! Client-to-emulator properties, for every operation, on generated inputs.
//!
//! - **Round trip**: a valid input, turned into a request by the client's
//!   codec (`codec::client::build_request`, which validates and serializes)
//!   and read back by the emulator's front parser (`codec::server::parse_request`
//!   on the body, exactly what the emulator runs before calling its state
//!   machine), is the input the caller started with. The request also
//!   carries the operation's method, path and name.
//! - **Refusal**: an input breaking exactly one model constraint, sent as a
//!   client that skips validation would send it (plain `serde_json`), is
//!   refused by the emulator's parser with the `ErrorCode` the spec gives —
//!   `INVALID_GRAPH_ARN` only when a `GraphArn` breaks its pattern,
//!   `INVALID_REQUEST_BODY` otherwise (a missing `GraphArn` included) — and a
//!   message that starts with the broken member's path. The client's own
//!   codec refuses to build it at all, naming the same member.
//!
//! Inputs come from `detective_types::strategies` (feature `proptest`); each
//! property runs 256 cases per operation.

// Test code: a failed unwrap is a failed test (clippy.toml only covers #[test] functions).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use detective_ops::codec::client::{build_request, OperationName};
use detective_ops::codec::server::parse_request;
use detective_ops::error::BuildError;
use detective_ops::operations::*;
use detective_ops::{Endpoint, Operation};
use detective_types::strategies::*;
use detective_types::ErrorCode;
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;

/// Cases per property and operation.
const CASES: u32 = 256;

fn endpoint() -> Endpoint {
    Endpoint::from_url("http://detective.local").unwrap()
}

/// Valid `input` → client request → emulator parser → the same input.
fn round_trip<O: Operation>(input: &O::Input) -> Result<(), TestCaseError>
where
    O::Input: PartialEq,
{
    let request = build_request::<O>(input, &endpoint())
        .map_err(|e| TestCaseError::fail(format!("the client refused a valid input: {e}")))?;
    prop_assert_eq!(request.method(), &O::METHOD);
    prop_assert_eq!(request.uri().path(), O::PATH);
    prop_assert_eq!(
        request.extensions().get::<OperationName>(),
        Some(&OperationName(O::NAME))
    );
    let parsed = parse_request::<O>(request.body()).map_err(|e| {
        TestCaseError::fail(format!(
            "the emulator refused what the client sent: {e}\nbody: {}",
            String::from_utf8_lossy(request.body())
        ))
    })?;
    prop_assert_eq!(&parsed, input);
    Ok(())
}

/// The `ErrorCode` the spec gives for `broken`.
fn expected_code<T>(broken: &Broken<T>) -> ErrorCode {
    if broken.member == "GraphArn" && broken.kind == BrokenKind::Pattern {
        ErrorCode::InvalidGraphArn
    } else {
        ErrorCode::InvalidRequestBody
    }
}

/// An input breaking one constraint is refused by the emulator's parser with the spec's code, naming the member.
fn refused<O: Operation>(broken: &Broken<O::Input>) -> Result<(), TestCaseError> {
    // What a client that does not validate would send.
    let body = serde_json::to_vec(&broken.value).unwrap();
    let error = match parse_request::<O>(&body) {
        Ok(input) => {
            return Err(TestCaseError::fail(format!(
                "the emulator accepted an input with {} broken ({:?}): {input:?}",
                broken.member, broken.kind
            )))
        }
        Err(error) => error,
    };
    prop_assert_eq!(
        &error.error_code,
        &expected_code(broken),
        "{} broken ({:?}): {}",
        broken.member,
        broken.kind,
        error.message
    );
    prop_assert!(
        error.message.starts_with(&broken.member),
        "the message does not name {}: {}",
        broken.member,
        error.message
    );
    // The real client never sends it: it fails before anything is built, naming the same member.
    match build_request::<O>(&broken.value, &endpoint()) {
        Err(BuildError::Validation(e)) => prop_assert_eq!(e.member(), broken.member.as_str()),
        Err(other) => {
            return Err(TestCaseError::fail(format!(
                "not a validation error: {other}"
            )))
        }
        Ok(_) => return Err(TestCaseError::fail("the client built a broken request")),
    }
    Ok(())
}

/// For each operation: `round_trip_<op>` over `valid_<input>()` and `refused_<op>` over `broken_<input>()`.
macro_rules! properties {
    ($($op:ident: $round_trip:ident, $refused:ident <= $valid:ident, $broken:ident;)+) => {
        proptest! {
            #![proptest_config(ProptestConfig::with_cases(CASES))]
            $(
                #[test]
                fn $round_trip(input in $valid()) {
                    round_trip::<$op>(&input)?;
                }

                #[test]
                fn $refused(broken in $broken()) {
                    refused::<$op>(&broken)?;
                }
            )+
        }

        /// The eleven operations of the graph and membership workflow each have both properties.
        #[test]
        fn the_eleven_workflow_operations_are_covered() {
            let covered: std::collections::BTreeSet<&str> = [$($op::NAME),+].into_iter().collect();
            assert_eq!(covered.len(), 11, "{covered:?}");
            for name in covered {
                assert!(detective_ops::OperationId::from_name(name).is_some(), "{name}");
            }
        }
    };
}

properties! {
    AcceptInvitation: round_trip_accept_invitation, refused_accept_invitation
        <= valid_accept_invitation_input, broken_accept_invitation_input;
    CreateGraph: round_trip_create_graph, refused_create_graph
        <= valid_create_graph_input, broken_create_graph_input;
    CreateMembers: round_trip_create_members, refused_create_members
        <= valid_create_members_input, broken_create_members_input;
    DeleteGraph: round_trip_delete_graph, refused_delete_graph
        <= valid_delete_graph_input, broken_delete_graph_input;
    DeleteMembers: round_trip_delete_members, refused_delete_members
        <= valid_delete_members_input, broken_delete_members_input;
    DisassociateMembership: round_trip_disassociate_membership, refused_disassociate_membership
        <= valid_disassociate_membership_input, broken_disassociate_membership_input;
    GetMembers: round_trip_get_members, refused_get_members
        <= valid_get_members_input, broken_get_members_input;
    ListGraphs: round_trip_list_graphs, refused_list_graphs
        <= valid_list_graphs_input, broken_list_graphs_input;
    ListInvitations: round_trip_list_invitations, refused_list_invitations
        <= valid_list_invitations_input, broken_list_invitations_input;
    ListMembers: round_trip_list_members, refused_list_members
        <= valid_list_members_input, broken_list_members_input;
    RejectInvitation: round_trip_reject_invitation, refused_reject_invitation
        <= valid_reject_invitation_input, broken_reject_invitation_input;
}

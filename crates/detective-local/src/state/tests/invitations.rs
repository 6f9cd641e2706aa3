//! ListInvitations, AcceptInvitation, RejectInvitation, DisassociateMembership.

use super::*;
use crate::state::Clock;
use detective_types::{AcceptInvitationInput, DisassociateMembershipInput, RejectInvitationInput};
use std::time::Duration;

fn accept(env: &mut Env, who: &str, arn: Option<&str>) -> Result<(), ApiError> {
    let input = AcceptInvitationInput {
        graph_arn: arn.map(str::to_owned),
    };
    env.state.accept_invitation(&at(who), input).map(|_| ())
}

fn reject(env: &mut Env, who: &str, arn: Option<&str>) -> Result<(), ApiError> {
    let input = RejectInvitationInput {
        graph_arn: arn.map(str::to_owned),
    };
    env.state.reject_invitation(&at(who), input).map(|_| ())
}

fn disassociate(env: &mut Env, who: &str, arn: Option<&str>) -> Result<(), ApiError> {
    let input = DisassociateMembershipInput {
        graph_arn: arn.map(str::to_owned),
    };
    env.state
        .disassociate_membership(&at(who), input)
        .map(|_| ())
}

/// Two graphs: ADMIN's with BOB invited and CAROL enabled, and BOB's with ADMIN invited.
fn two_graphs() -> (Env, String, String) {
    let mut env = env();
    let admin_graph = env.graph(ADMIN);
    let bob_graph = env.graph(BOB);
    env.invite(ADMIN, &admin_graph, &[BOB, CAROL]);
    env.invite(BOB, &bob_graph, &[ADMIN]);
    accept(&mut env, CAROL, Some(&admin_graph)).unwrap();
    (env, admin_graph, bob_graph)
}

#[test]
fn list_invitations_shows_the_callers_memberships_in_other_accounts_graphs() {
    let (mut env, admin_graph, bob_graph) = two_graphs();
    assert_eq!(
        env.invitations(&at(BOB)),
        [(admin_graph.clone(), MemberStatus::Invited)]
    );
    assert_eq!(
        env.invitations(&at(CAROL)),
        [(admin_graph.clone(), MemberStatus::Enabled)]
    );
    assert_eq!(
        env.invitations(&at(ADMIN)),
        [(bob_graph.clone(), MemberStatus::Invited)]
    );
    assert!(env.invitations(&at(DAVE)).is_empty());
    // The detail is the one the administrator sees.
    let page = env
        .state
        .list_invitations(&at(CAROL), Default::default())
        .unwrap();
    let from_admin = env
        .state
        .get_members(
            &at(ADMIN),
            detective_types::GetMembersInput {
                graph_arn: Some(admin_graph),
                account_ids: Some(vec![CAROL.to_owned()]),
            },
        )
        .unwrap();
    assert_eq!(page.invitations, from_admin.member_details);
    assert_eq!(page.next_token, None);
}

#[test]
fn accept_invitation_enables_the_membership_and_stamps_updated_time() {
    let (mut env, admin_graph, _) = two_graphs();
    env.clock.advance(Duration::from_secs(30));
    let now = env.clock.now();
    accept(&mut env, BOB, Some(&admin_graph)).unwrap();
    let bob = env
        .members(ADMIN, &admin_graph)
        .into_iter()
        .find(|m| m.account_id.as_deref() == Some(BOB))
        .unwrap();
    assert_eq!(bob.status, Some(MemberStatus::Enabled));
    assert_eq!(bob.updated_time, Some(now));
    assert_ne!(bob.invited_time, Some(now));
    assert_eq!(
        env.invitations(&at(BOB)),
        [(admin_graph, MemberStatus::Enabled)]
    );
}

#[test]
fn answering_an_invitation_needs_an_existing_graph_and_membership() {
    let (mut env, admin_graph, _) = two_graphs();
    let unknown = arn_for(REGION, ADMIN, 77);
    type Call = fn(&mut Env, &str, Option<&str>) -> Result<(), ApiError>;
    for call in [accept as Call, reject, disassociate] {
        // Unknown, malformed or missing graph.
        assert_eq!(
            code(call(&mut env, BOB, Some(&unknown))),
            ServiceErrorCode::ResourceNotFoundException
        );
        assert_eq!(
            code(call(&mut env, BOB, Some("garbage"))),
            ServiceErrorCode::ResourceNotFoundException
        );
        assert_invalid_body(call(&mut env, BOB, None));
        // No membership.
        assert_eq!(
            code(call(&mut env, DAVE, Some(&admin_graph))),
            ServiceErrorCode::ResourceNotFoundException
        );
    }
    // The administrator has no membership in their own graph...
    for call in [accept as Call, reject] {
        assert_eq!(
            code(call(&mut env, ADMIN, Some(&admin_graph))),
            ServiceErrorCode::ResourceNotFoundException
        );
    }
    // ...and cannot leave it.
    assert_eq!(
        code(disassociate(&mut env, ADMIN, Some(&admin_graph))),
        ServiceErrorCode::ConflictException
    );
    assert_eq!(
        env.member_statuses(ADMIN, &admin_graph),
        [
            (BOB.to_owned(), MemberStatus::Invited),
            (CAROL.to_owned(), MemberStatus::Enabled)
        ]
    );
}

#[test]
fn accept_and_reject_need_an_invited_membership() {
    let (mut env, admin_graph, _) = two_graphs();
    assert_eq!(
        code(accept(&mut env, CAROL, Some(&admin_graph))),
        ServiceErrorCode::ConflictException
    );
    assert_eq!(
        code(reject(&mut env, CAROL, Some(&admin_graph))),
        ServiceErrorCode::ConflictException
    );
    assert_eq!(
        env.invitations(&at(CAROL)),
        [(admin_graph, MemberStatus::Enabled)]
    );
}

#[test]
fn reject_invitation_removes_the_membership() {
    let (mut env, admin_graph, _) = two_graphs();
    reject(&mut env, BOB, Some(&admin_graph)).unwrap();
    assert!(env.invitations(&at(BOB)).is_empty());
    assert_eq!(
        env.member_statuses(ADMIN, &admin_graph),
        [(CAROL.to_owned(), MemberStatus::Enabled)]
    );
    // Gone, so a second answer finds nothing.
    assert_eq!(
        code(reject(&mut env, BOB, Some(&admin_graph))),
        ServiceErrorCode::ResourceNotFoundException
    );
    assert_eq!(
        code(accept(&mut env, BOB, Some(&admin_graph))),
        ServiceErrorCode::ResourceNotFoundException
    );
}

#[test]
fn disassociate_membership_removes_an_enabled_membership_only() {
    let (mut env, admin_graph, _) = two_graphs();
    assert_eq!(
        code(disassociate(&mut env, BOB, Some(&admin_graph))),
        ServiceErrorCode::ConflictException
    );
    disassociate(&mut env, CAROL, Some(&admin_graph)).unwrap();
    assert!(env.invitations(&at(CAROL)).is_empty());
    assert_eq!(
        env.member_statuses(ADMIN, &admin_graph),
        [(BOB.to_owned(), MemberStatus::Invited)]
    );
    assert_eq!(
        code(disassociate(&mut env, CAROL, Some(&admin_graph))),
        ServiceErrorCode::ResourceNotFoundException
    );
    // A member who left can be invited again.
    let again = env.invite(ADMIN, &admin_graph, &[CAROL]);
    assert_eq!(
        statuses(&again.members.unwrap()),
        [(CAROL.to_owned(), MemberStatus::Invited)]
    );
}

//! CreateMembers, GetMembers, ListMembers, DeleteMembers, and member verification.

use super::*;
use crate::state::Clock;
use detective_types::{
    AcceptInvitationInput, DatasourcePackage, DatasourcePackageIngestState, DeleteMembersInput,
    GetMembersInput, InvitationType, Sensitive,
};
use std::time::Duration;

fn get(
    env: &mut Env,
    who: &str,
    arn: &str,
    ids: &[&str],
) -> Result<detective_types::GetMembersOutput, ApiError> {
    env.state.get_members(
        &at(who),
        GetMembersInput {
            graph_arn: Some(arn.to_owned()),
            account_ids: Some(ids.iter().map(|id| (*id).to_owned()).collect()),
        },
    )
}

fn delete(
    env: &mut Env,
    who: &str,
    arn: &str,
    ids: &[&str],
) -> Result<detective_types::DeleteMembersOutput, ApiError> {
    env.state.delete_members(
        &at(who),
        DeleteMembersInput {
            graph_arn: Some(arn.to_owned()),
            account_ids: Some(ids.iter().map(|id| (*id).to_owned()).collect()),
        },
    )
}

fn create(
    env: &mut Env,
    who: &str,
    arn: &str,
    ids: &[&str],
) -> Result<CreateMembersOutput, ApiError> {
    env.state.create_members(
        &at(who),
        CreateMembersInput {
            graph_arn: Some(arn.to_owned()),
            accounts: Some(ids.iter().map(|id| account(id)).collect()),
            ..Default::default()
        },
    )
}

fn accept(env: &mut Env, who: &str, arn: &str) {
    env.state
        .accept_invitation(
            &at(who),
            AcceptInvitationInput {
                graph_arn: Some(arn.to_owned()),
            },
        )
        .unwrap();
}

#[test]
fn create_members_invites_new_accounts_in_request_order() {
    let mut env = env();
    let arn = env.graph(ADMIN);
    env.clock.advance(Duration::from_secs(60));
    let now = env.clock.now();
    let out = env.invite(ADMIN, &arn, &[CAROL, BOB]);
    assert_eq!(out.unprocessed_accounts, Some(vec![]));
    let members = out.members.unwrap();
    assert_eq!(
        statuses(&members),
        [
            (CAROL.to_owned(), MemberStatus::Invited),
            (BOB.to_owned(), MemberStatus::Invited)
        ]
    );
    let carol = &members[0];
    assert_eq!(carol.graph_arn.as_deref(), Some(arn.as_str()));
    assert_eq!(carol.administrator_id.as_deref(), Some(ADMIN));
    assert_eq!(carol.master_id.as_deref(), Some(ADMIN));
    assert_eq!(
        carol.email_address,
        Some(Sensitive(format!("{CAROL}@example.com")))
    );
    assert_eq!(carol.invitation_type, Some(InvitationType::Invitation));
    assert_eq!(carol.invited_time, Some(now));
    assert_eq!(carol.updated_time, Some(now));
    assert_eq!(
        carol.datasource_package_ingest_states,
        Some(
            [(
                DatasourcePackage::DetectiveCore,
                DatasourcePackageIngestState::Started
            )]
            .into()
        )
    );
    // Listed by account id; the administrator is not a member.
    assert_eq!(
        env.member_statuses(ADMIN, &arn),
        [
            (BOB.to_owned(), MemberStatus::Invited),
            (CAROL.to_owned(), MemberStatus::Invited)
        ]
    );
    assert_eq!(env.members(ADMIN, &arn)[1], members[0]);
}

#[test]
fn create_members_sends_the_administrator_members_and_repeats_to_unprocessed() {
    let mut env = env();
    let arn = env.graph(ADMIN);
    env.invite(ADMIN, &arn, &[BOB]);
    accept(&mut env, BOB, &arn);
    let out = env.invite(ADMIN, &arn, &[ADMIN, BOB, CAROL, CAROL, DAVE, BOB, ADMIN]);
    assert_eq!(
        statuses(&out.members.unwrap()),
        [
            (CAROL.to_owned(), MemberStatus::Invited),
            (DAVE.to_owned(), MemberStatus::Invited)
        ]
    );
    assert_eq!(
        unprocessed_ids(&out.unprocessed_accounts),
        [ADMIN, BOB, CAROL, BOB, ADMIN]
    );
    // An existing member is untouched, whatever its status.
    assert_eq!(
        env.member_statuses(ADMIN, &arn),
        [
            (BOB.to_owned(), MemberStatus::Enabled),
            (CAROL.to_owned(), MemberStatus::Invited),
            (DAVE.to_owned(), MemberStatus::Invited)
        ]
    );
    // A request with nothing new succeeds with an empty Members list.
    let out = env.invite(ADMIN, &arn, &[BOB]);
    assert_eq!(out.members, Some(vec![]));
    assert_eq!(unprocessed_ids(&out.unprocessed_accounts), [BOB]);
}

#[test]
fn member_operations_are_for_the_administrator_of_an_existing_graph() {
    let mut env = env();
    let arn = env.graph(ADMIN);
    env.invite(ADMIN, &arn, &[BOB]);
    let unknown = arn_for(REGION, ADMIN, 42);
    for (who, graph, expected) in [
        (BOB, arn.as_str(), ServiceErrorCode::AccessDeniedException),
        (CAROL, arn.as_str(), ServiceErrorCode::AccessDeniedException),
        (
            ADMIN,
            unknown.as_str(),
            ServiceErrorCode::ResourceNotFoundException,
        ),
        (
            ADMIN,
            "arn:aws:detective:us-east-1:111111111111:graph:XYZ",
            ServiceErrorCode::ResourceNotFoundException,
        ),
    ] {
        assert_eq!(code(create(&mut env, who, graph, &[CAROL])), expected);
        assert_eq!(code(get(&mut env, who, graph, &[BOB])), expected);
        assert_eq!(code(delete(&mut env, who, graph, &[BOB])), expected);
        let list = env.state.list_members(
            &at(who),
            ListMembersInput {
                graph_arn: Some(graph.to_owned()),
                ..Default::default()
            },
        );
        assert_eq!(code(list), expected);
    }
    assert_eq!(
        env.member_statuses(ADMIN, &arn),
        [(BOB.to_owned(), MemberStatus::Invited)]
    );
}

#[test]
fn missing_required_members_are_validation_errors_that_change_nothing() {
    let mut env = env();
    let arn = env.graph(ADMIN);
    let some_arn = Some(arn.clone());
    let s = &mut env.state;
    let who = at(ADMIN);
    assert_invalid_body(s.create_members(&who, CreateMembersInput::default()));
    assert_invalid_body(s.create_members(
        &who,
        CreateMembersInput {
            graph_arn: some_arn.clone(),
            ..Default::default()
        },
    ));
    for broken in [
        Account {
            account_id: None,
            ..account(BOB)
        },
        Account {
            email_address: None,
            ..account(BOB)
        },
    ] {
        // The valid account before it is not invited either.
        assert_invalid_body(s.create_members(
            &who,
            CreateMembersInput {
                graph_arn: some_arn.clone(),
                accounts: Some(vec![account(CAROL), broken]),
                ..Default::default()
            },
        ));
    }
    assert_invalid_body(s.get_members(&who, GetMembersInput::default()));
    assert_invalid_body(s.get_members(
        &who,
        GetMembersInput {
            graph_arn: some_arn.clone(),
            account_ids: None,
        },
    ));
    assert_invalid_body(s.delete_members(&who, DeleteMembersInput::default()));
    assert_invalid_body(s.delete_members(
        &who,
        DeleteMembersInput {
            graph_arn: some_arn.clone(),
            account_ids: None,
        },
    ));
    assert_invalid_body(s.list_members(&who, ListMembersInput::default()));
    assert!(env.members(ADMIN, &arn).is_empty());
}

#[test]
fn a_request_past_the_member_quota_fails_whole_and_changes_nothing() {
    let mut env = env_with(
        StateConfig {
            member_quota: 3,
            ..config()
        },
        AccountDirectory::new(),
    );
    let arn = env.graph(ADMIN);
    env.invite(ADMIN, &arn, &[BOB, CAROL]);
    let before = env.members(ADMIN, &arn);
    let too_many = create(&mut env, ADMIN, &arn, &[DAVE, "555555555555"]);
    let error = too_many.unwrap_err();
    assert_eq!(error.code, ServiceErrorCode::ServiceQuotaExceededException);
    assert_eq!(error.http_status(), 402);
    assert!(error.message.contains("quota is 3"), "{}", error.message);
    assert_eq!(env.members(ADMIN, &arn), before);

    // Unprocessed accounts do not count against the quota: exactly reaching it is fine.
    let out = create(&mut env, ADMIN, &arn, &[BOB, ADMIN, DAVE, DAVE]).unwrap();
    assert_eq!(statuses(&out.members.unwrap()).len(), 1);
    assert_eq!(env.members(ADMIN, &arn).len(), 3);
    let full = create(&mut env, ADMIN, &arn, &["555555555555"]);
    assert_eq!(code(full), ServiceErrorCode::ServiceQuotaExceededException);
    // A request of only existing members still succeeds on a full graph.
    assert!(create(&mut env, ADMIN, &arn, &[BOB]).is_ok());
    // Freeing a seat makes room again.
    delete(&mut env, ADMIN, &arn, &[BOB]).unwrap();
    assert!(create(&mut env, ADMIN, &arn, &["555555555555"]).is_ok());
}

#[test]
fn verification_delay_keeps_new_members_in_progress_until_it_has_passed() {
    let mut directory = AccountDirectory::new();
    directory.insert(CAROL.to_owned(), "carol-root@example.com".to_owned());
    let mut env = env_with(
        StateConfig {
            verification_delay: Duration::from_secs(60),
            ..config()
        },
        directory,
    );
    let arn = env.graph(ADMIN);
    let invited = env.clock.now();
    let out = env.invite(ADMIN, &arn, &[BOB, CAROL]);
    assert_eq!(
        statuses(&out.members.unwrap()),
        [
            (BOB.to_owned(), MemberStatus::VerificationInProgress),
            (CAROL.to_owned(), MemberStatus::VerificationInProgress)
        ]
    );
    // Not yet an invitation: not listed, cannot be accepted.
    assert!(env.invitations(&at(BOB)).is_empty());
    let early = env.state.accept_invitation(
        &at(BOB),
        AcceptInvitationInput {
            graph_arn: Some(arn.clone()),
        },
    );
    assert_eq!(code(early), ServiceErrorCode::ConflictException);

    env.clock.advance(Duration::from_secs(59));
    assert_eq!(
        env.member_statuses(ADMIN, &arn),
        [
            (BOB.to_owned(), MemberStatus::VerificationInProgress),
            (CAROL.to_owned(), MemberStatus::VerificationInProgress)
        ]
    );
    // Noticed late, but stamped with the moment it was due.
    env.clock.advance(Duration::from_secs(100));
    let members = env.members(ADMIN, &arn);
    assert_eq!(
        statuses(&members),
        [
            (BOB.to_owned(), MemberStatus::Invited),
            (CAROL.to_owned(), MemberStatus::VerificationFailed)
        ]
    );
    let due = crate::state::clock::add_duration(invited, Duration::from_secs(60));
    assert_eq!(members[0].updated_time, due);
    assert_eq!(members[0].invited_time, Some(invited));
    assert_eq!(
        env.invitations(&at(BOB)),
        [(arn.clone(), MemberStatus::Invited)]
    );
    assert!(env.invitations(&at(CAROL)).is_empty());
    accept(&mut env, BOB, &arn);
}

#[test]
fn verification_fails_only_when_the_directory_disagrees() {
    let mut directory = AccountDirectory::new();
    directory.insert(BOB.to_owned(), "bob-root@example.com".to_owned());
    directory.insert(CAROL.to_owned(), format!("{CAROL}@EXAMPLE.com"));
    let mut env = env_with(config(), directory);
    let arn = env.graph(ADMIN);
    // BOB's address differs, CAROL's differs only in case, DAVE is unknown to the directory.
    let out = env.invite(ADMIN, &arn, &[BOB, CAROL, DAVE]);
    assert_eq!(
        statuses(&out.members.unwrap()),
        [
            (BOB.to_owned(), MemberStatus::VerificationFailed),
            (CAROL.to_owned(), MemberStatus::Invited),
            (DAVE.to_owned(), MemberStatus::Invited)
        ]
    );
    // A failed verification is still a member for the administrator, but no invitation.
    assert!(env.invitations(&at(BOB)).is_empty());
    let accept = env.state.accept_invitation(
        &at(BOB),
        AcceptInvitationInput {
            graph_arn: Some(arn.clone()),
        },
    );
    assert_eq!(code(accept), ServiceErrorCode::ConflictException);
    // The administrator can delete it and invite with the right address.
    delete(&mut env, ADMIN, &arn, &[BOB]).unwrap();
    let retry = env
        .state
        .create_members(
            &at(ADMIN),
            CreateMembersInput {
                graph_arn: Some(arn.clone()),
                accounts: Some(vec![Account::new(BOB, "Bob-Root@Example.com")]),
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(
        statuses(&retry.members.unwrap()),
        [(BOB.to_owned(), MemberStatus::Invited)]
    );
}

#[test]
fn get_members_returns_details_in_request_order_and_the_rest_as_unprocessed() {
    let mut env = env();
    let arn = env.graph(ADMIN);
    env.invite(ADMIN, &arn, &[BOB, CAROL]);
    accept(&mut env, CAROL, &arn);
    let out = get(&mut env, ADMIN, &arn, &[CAROL, DAVE, BOB, ADMIN, CAROL]).unwrap();
    assert_eq!(
        statuses(&out.member_details.unwrap()),
        [
            (CAROL.to_owned(), MemberStatus::Enabled),
            (BOB.to_owned(), MemberStatus::Invited)
        ]
    );
    assert_eq!(
        unprocessed_ids(&out.unprocessed_accounts),
        [DAVE, ADMIN, CAROL]
    );
    let none = get(&mut env, ADMIN, &arn, &[DAVE]).unwrap();
    assert_eq!(none.member_details, Some(vec![]));
    assert_eq!(unprocessed_ids(&none.unprocessed_accounts), [DAVE]);
}

#[test]
fn delete_members_removes_named_members_whatever_their_status() {
    let mut env = env();
    let arn = env.graph(ADMIN);
    env.invite(ADMIN, &arn, &[BOB, CAROL, DAVE]);
    accept(&mut env, BOB, &arn);
    let out = delete(
        &mut env,
        ADMIN,
        &arn,
        &[ADMIN, BOB, "555555555555", CAROL, BOB],
    )
    .unwrap();
    assert_eq!(
        out.account_ids,
        Some(vec![BOB.to_owned(), CAROL.to_owned()])
    );
    assert_eq!(
        unprocessed_ids(&out.unprocessed_accounts),
        [ADMIN, "555555555555", BOB]
    );
    assert_eq!(
        env.member_statuses(ADMIN, &arn),
        [(DAVE.to_owned(), MemberStatus::Invited)]
    );
    // Gone everywhere: the member's invitation and GetMembers.
    assert!(env.invitations(&at(BOB)).is_empty());
    let got = get(&mut env, ADMIN, &arn, &[BOB]).unwrap();
    assert_eq!(unprocessed_ids(&got.unprocessed_accounts), [BOB]);
    // And a deleted member can be invited again, afresh.
    let again = env.invite(ADMIN, &arn, &[BOB]);
    assert_eq!(
        statuses(&again.members.unwrap()),
        [(BOB.to_owned(), MemberStatus::Invited)]
    );
}

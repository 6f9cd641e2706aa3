//! The organization: its Detective administrator, the organization graph, and auto-enable.

use super::*;
use crate::state::{Clock, Organization};
use detective_types::{
    CreateMembersInput, DeleteGraphInput, DescribeOrganizationConfigurationInput,
    DisableOrganizationAdminAccountInput, EnableOrganizationAdminAccountInput, InvitationType,
    ListGraphsInput, ListOrganizationAdminAccountsInput, MemberDisabledReason,
    UpdateOrganizationConfigurationInput,
};
use std::collections::{BTreeMap, BTreeSet};

/// The management account of the test organization.
const MANAGER: &str = "999999999999";
/// An account outside the organization.
const OUTSIDER: &str = "555555555555";

/// An organization of MANAGER with ADMIN, BOB and CAROL (DAVE is not in it).
fn org_env() -> Env {
    org_env_with(config())
}

fn org_env_with(config: StateConfig) -> Env {
    env_with(
        StateConfig {
            organization: Some(Organization {
                management_account: MANAGER.to_owned(),
                member_accounts: BTreeSet::from([
                    ADMIN.to_owned(),
                    BOB.to_owned(),
                    CAROL.to_owned(),
                ]),
            }),
            ..config
        },
        AccountDirectory::from([(BOB.to_owned(), "bob@example.com".to_owned())]),
    )
}

fn enable(env: &mut Env, who: &str, account: &str) -> Result<(), ApiError> {
    env.state
        .enable_organization_admin_account(
            &at(who),
            EnableOrganizationAdminAccountInput {
                account_id: Some(account.to_owned()),
            },
        )
        .map(drop)
}

fn disable(env: &mut Env, who: &str) -> Result<(), ApiError> {
    env.state
        .disable_organization_admin_account(&at(who), DisableOrganizationAdminAccountInput {})
        .map(drop)
}

/// (account, graph ARN) of every administrator listed.
fn admins(env: &mut Env, who: &str) -> Result<Vec<(String, String)>, ApiError> {
    let out = env.state.list_organization_admin_accounts(
        &at(who),
        ListOrganizationAdminAccountsInput::default(),
    )?;
    assert_eq!(out.next_token, None);
    Ok(out
        .administrators
        .unwrap()
        .into_iter()
        .map(|a| (a.account_id.unwrap(), a.graph_arn.unwrap()))
        .collect())
}

fn describe(env: &mut Env, who: &str, arn: &str) -> Result<bool, ApiError> {
    env.state
        .describe_organization_configuration(
            &at(who),
            DescribeOrganizationConfigurationInput {
                graph_arn: Some(arn.to_owned()),
            },
        )
        .map(|out| out.auto_enable.unwrap())
}

fn auto_enable(env: &mut Env, who: &str, arn: &str, on: Option<bool>) -> Result<(), ApiError> {
    env.state
        .update_organization_configuration(
            &at(who),
            UpdateOrganizationConfigurationInput {
                auto_enable: on,
                graph_arn: Some(arn.to_owned()),
            },
        )
        .map(drop)
}

fn graphs_of(env: &mut Env, who: &str) -> Vec<String> {
    env.state
        .list_graphs(&at(who), ListGraphsInput::default())
        .unwrap()
        .graph_list
        .unwrap()
        .into_iter()
        .map(|g| g.arn.unwrap())
        .collect()
}

#[test]
fn the_management_account_names_an_administrator_whose_graph_is_created_if_needed() {
    let mut env = org_env();
    assert_eq!(admins(&mut env, MANAGER).unwrap(), []);
    let delegated = env.clock.now();
    enable(&mut env, MANAGER, ADMIN).unwrap();
    let graphs = graphs_of(&mut env, ADMIN);
    assert_eq!(graphs.len(), 1, "the administrator's graph was created");
    let out = env
        .state
        .list_organization_admin_accounts(
            &at(MANAGER),
            ListOrganizationAdminAccountsInput::default(),
        )
        .unwrap();
    let admin = &out.administrators.unwrap()[0];
    assert_eq!(admin.account_id.as_deref(), Some(ADMIN));
    assert_eq!(admin.graph_arn.as_deref(), Some(graphs[0].as_str()));
    assert_eq!(admin.delegation_time, Some(delegated));
    // Naming it again changes nothing.
    enable(&mut env, MANAGER, ADMIN).unwrap();
    assert_eq!(
        admins(&mut env, MANAGER).unwrap(),
        [(ADMIN.to_owned(), graphs[0].clone())]
    );
}

#[test]
fn an_administrator_with_a_graph_keeps_it_as_the_organization_graph() {
    let mut env = org_env();
    let arn = env.graph(BOB);
    enable(&mut env, MANAGER, BOB).unwrap();
    assert_eq!(
        admins(&mut env, MANAGER).unwrap(),
        [(BOB.to_owned(), arn.clone())]
    );
    assert_eq!(graphs_of(&mut env, BOB), [arn]);
}

#[test]
fn only_the_management_account_may_enable_disable_or_list_administrators() {
    let mut env = org_env();
    for who in [ADMIN, BOB, OUTSIDER] {
        assert_eq!(
            code(enable(&mut env, who, ADMIN)),
            ServiceErrorCode::AccessDeniedException
        );
        assert_eq!(
            code(disable(&mut env, who)),
            ServiceErrorCode::AccessDeniedException
        );
        assert_eq!(
            code(admins(&mut env, who)),
            ServiceErrorCode::AccessDeniedException
        );
    }
    assert_eq!(
        graphs_of(&mut env, ADMIN),
        Vec::<String>::new(),
        "refused: no graph made"
    );
    // Without an organization, nobody is its management account.
    let mut plain = super::env();
    assert_eq!(
        code(enable(&mut plain, MANAGER, ADMIN)),
        ServiceErrorCode::AccessDeniedException
    );
    assert_eq!(
        code(disable(&mut plain, MANAGER)),
        ServiceErrorCode::AccessDeniedException
    );
    assert_eq!(
        code(admins(&mut plain, MANAGER)),
        ServiceErrorCode::AccessDeniedException
    );
}

#[test]
fn enable_refuses_outsiders_a_second_administrator_and_a_missing_account_id() {
    let mut env = org_env();
    assert_invalid_body(enable(&mut env, MANAGER, OUTSIDER));
    assert_invalid_body(env.state.enable_organization_admin_account(
        &at(MANAGER),
        EnableOrganizationAdminAccountInput { account_id: None },
    ));
    assert_eq!(admins(&mut env, MANAGER).unwrap(), []);
    enable(&mut env, MANAGER, ADMIN).unwrap();
    assert_invalid_body(enable(&mut env, MANAGER, BOB));
    assert_eq!(admins(&mut env, MANAGER).unwrap().len(), 1);
    assert_eq!(graphs_of(&mut env, BOB), Vec::<String>::new());
    // The management account may name itself.
    let mut env = org_env();
    enable(&mut env, MANAGER, MANAGER).unwrap();
    assert_eq!(admins(&mut env, MANAGER).unwrap()[0].0, MANAGER);
}

#[test]
fn administrators_are_per_region() {
    let mut env = org_env();
    enable(&mut env, MANAGER, ADMIN).unwrap();
    let elsewhere = Caller::new(MANAGER, "eu-west-1");
    let listed = env
        .state
        .list_organization_admin_accounts(&elsewhere, ListOrganizationAdminAccountsInput::default())
        .unwrap();
    assert_eq!(listed.administrators, Some(vec![]));
    assert_invalid_body(
        env.state.disable_organization_admin_account(
            &elsewhere,
            DisableOrganizationAdminAccountInput {},
        ),
    );
}

#[test]
fn disable_removes_the_administrator_and_deletes_the_organization_graph() {
    let mut env = org_env();
    enable(&mut env, MANAGER, ADMIN).unwrap();
    let arn = graphs_of(&mut env, ADMIN).remove(0);
    env.invite(ADMIN, &arn, &[DAVE]);
    disable(&mut env, MANAGER).unwrap();
    assert_eq!(admins(&mut env, MANAGER).unwrap(), []);
    assert_eq!(graphs_of(&mut env, ADMIN), Vec::<String>::new());
    assert_eq!(env.invitations(&at(DAVE)), []);
    // Nothing left to disable.
    assert_invalid_body(disable(&mut env, MANAGER));
    // A new administrator can be named.
    enable(&mut env, MANAGER, BOB).unwrap();
    assert_eq!(admins(&mut env, MANAGER).unwrap()[0].0, BOB);
}

#[test]
fn the_organization_graph_cannot_be_deleted_by_its_administrator() {
    let mut env = org_env();
    enable(&mut env, MANAGER, ADMIN).unwrap();
    let arn = graphs_of(&mut env, ADMIN).remove(0);
    assert_invalid_body(env.state.delete_graph(
        &at(ADMIN),
        DeleteGraphInput {
            graph_arn: Some(arn.clone()),
        },
    ));
    assert_eq!(graphs_of(&mut env, ADMIN), [arn]);
}

#[test]
fn organization_configuration_is_for_the_delegated_administrator_on_the_organization_graph() {
    let mut env = org_env();
    let bobs = env.graph(BOB);
    // No administrator yet: nobody may read it.
    assert_eq!(
        code(describe(&mut env, BOB, &bobs)),
        ServiceErrorCode::AccessDeniedException
    );
    enable(&mut env, MANAGER, ADMIN).unwrap();
    let arn = graphs_of(&mut env, ADMIN).remove(0);
    assert!(
        !describe(&mut env, ADMIN, &arn).unwrap(),
        "AutoEnable starts off"
    );
    for who in [MANAGER, BOB, OUTSIDER] {
        assert_eq!(
            code(describe(&mut env, who, &arn)),
            ServiceErrorCode::AccessDeniedException
        );
        assert_eq!(
            code(auto_enable(&mut env, who, &arn, Some(true))),
            ServiceErrorCode::AccessDeniedException
        );
    }
    // The administrator, but another graph (existing or not): still 403, the model has no 404 here.
    let unknown = arn_for(REGION, ADMIN, 99);
    assert_eq!(
        code(describe(&mut env, ADMIN, &unknown)),
        ServiceErrorCode::AccessDeniedException
    );
    assert_eq!(
        code(auto_enable(&mut env, ADMIN, &unknown, Some(true))),
        ServiceErrorCode::AccessDeniedException
    );
    assert_invalid_body(env.state.describe_organization_configuration(
        &at(ADMIN),
        DescribeOrganizationConfigurationInput { graph_arn: None },
    ));
    assert_invalid_body(env.state.update_organization_configuration(
        &at(ADMIN),
        UpdateOrganizationConfigurationInput {
            auto_enable: Some(true),
            graph_arn: None,
        },
    ));
    assert!(!describe(&mut env, ADMIN, &arn).unwrap());
    assert_eq!(env.members(ADMIN, &arn), []);
}

#[test]
fn auto_enable_makes_every_organization_account_an_enabled_organization_member() {
    let mut env = org_env();
    // An organization account invited before the graph became the organization graph keeps its invitation.
    let arn = env.graph(ADMIN);
    env.invite(ADMIN, &arn, &[CAROL]);
    enable(&mut env, MANAGER, ADMIN).unwrap();
    assert_eq!(
        admins(&mut env, MANAGER).unwrap(),
        [(ADMIN.to_owned(), arn.clone())]
    );
    let joined = env.clock.now();
    auto_enable(&mut env, ADMIN, &arn, Some(true)).unwrap();
    assert!(describe(&mut env, ADMIN, &arn).unwrap());
    let members = env.members(ADMIN, &arn);
    let summary: Vec<_> = members
        .iter()
        .map(|m| {
            (
                m.account_id.clone().unwrap(),
                m.status.clone().unwrap(),
                m.invitation_type.clone().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            (
                BOB.to_owned(),
                MemberStatus::Enabled,
                InvitationType::Organization
            ),
            (
                CAROL.to_owned(),
                MemberStatus::Invited,
                InvitationType::Invitation
            ),
            (
                MANAGER.to_owned(),
                MemberStatus::Enabled,
                InvitationType::Organization
            ),
        ],
        "DAVE is not in the organization and ADMIN administers the graph"
    );
    assert_eq!(members[0].invited_time, Some(joined));
    assert_eq!(
        members[0]
            .email_address
            .as_ref()
            .map(|e| e.expose().as_str()),
        Some("bob@example.com")
    );
    // Members see it as an enabled membership.
    assert_eq!(
        env.invitations(&at(BOB)),
        [(arn.clone(), MemberStatus::Enabled)]
    );
    // Off again: the configuration changes, the members stay.
    auto_enable(&mut env, ADMIN, &arn, None).unwrap();
    assert!(!describe(&mut env, ADMIN, &arn).unwrap());
    assert_eq!(env.members(ADMIN, &arn).len(), 3);
}

#[test]
fn auto_enable_respects_data_volume_and_the_member_quota() {
    let mut env = org_env_with(StateConfig {
        graph_volume_limit_bytes: 10,
        account_volumes: BTreeMap::from([(BOB.to_owned(), 6), (CAROL.to_owned(), 6)]),
        member_quota: 2,
        ..config()
    });
    enable(&mut env, MANAGER, ADMIN).unwrap();
    let arn = graphs_of(&mut env, ADMIN).remove(0);
    auto_enable(&mut env, ADMIN, &arn, Some(true)).unwrap();
    let members = env.members(ADMIN, &arn);
    assert_eq!(
        statuses(&members),
        [
            (BOB.to_owned(), MemberStatus::Enabled),
            (CAROL.to_owned(), MemberStatus::AcceptedButDisabled),
        ],
        "the quota of 2 leaves MANAGER out"
    );
    assert_eq!(
        members[1].disabled_reason,
        Some(MemberDisabledReason::VolumeTooHigh)
    );
}

#[test]
fn the_delegated_administrator_enables_organization_accounts_directly_with_create_members() {
    let mut env = org_env();
    enable(&mut env, MANAGER, ADMIN).unwrap();
    let arn = graphs_of(&mut env, ADMIN).remove(0);
    let out = env
        .state
        .create_members(
            &at(ADMIN),
            CreateMembersInput {
                graph_arn: Some(arn.clone()),
                accounts: Some(vec![account(BOB), account(DAVE)]),
                ..Default::default()
            },
        )
        .unwrap();
    let members = out.members.unwrap();
    assert_eq!(
        statuses(&members),
        [
            (BOB.to_owned(), MemberStatus::Enabled),
            (DAVE.to_owned(), MemberStatus::Invited)
        ]
    );
    assert_eq!(
        members[0].invitation_type,
        Some(InvitationType::Organization)
    );
    assert_eq!(members[1].invitation_type, Some(InvitationType::Invitation));
    // In any other graph, an organization account is invited as usual.
    let bobs = env.graph(DAVE);
    let out = env.invite(DAVE, &bobs, &[CAROL]);
    assert_eq!(
        statuses(&out.members.unwrap()),
        [(CAROL.to_owned(), MemberStatus::Invited)]
    );
}

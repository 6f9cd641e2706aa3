//! Data source packages per graph, ingest history per member, and data volume with StartMonitoringMember.

use super::*;
use crate::state::Clock;
use detective_types::{
    AcceptInvitationInput, BatchGetGraphMemberDatasourcesInput, BatchGetMembershipDatasourcesInput,
    DatasourcePackage, DatasourcePackageIngestState, DeleteMembersInput, GetMembersInput,
    ListDatasourcePackagesInput, MemberDisabledReason, MembershipDatasources,
    StartMonitoringMemberInput, Timestamp, UpdateDatasourcePackagesInput,
};
use std::collections::BTreeMap;
use std::time::Duration;

use DatasourcePackage::{AsffSecurityhubFinding as ASFF, DetectiveCore as CORE, EksAudit as EKS};
use DatasourcePackageIngestState::{Disabled, Started};

/// Package → (current state, {state → when it was entered}).
type Packages = BTreeMap<
    DatasourcePackage,
    (
        DatasourcePackageIngestState,
        BTreeMap<DatasourcePackageIngestState, Timestamp>,
    ),
>;

fn packages(env: &mut Env, who: &str, arn: &str) -> Result<Packages, ApiError> {
    let out = env.state.list_datasource_packages(
        &at(who),
        ListDatasourcePackagesInput {
            graph_arn: Some(arn.to_owned()),
            ..Default::default()
        },
    )?;
    assert_eq!(out.next_token, None);
    Ok(out
        .datasource_packages
        .unwrap()
        .into_iter()
        .map(|(package, detail)| {
            let changes = detail
                .last_ingest_state_change
                .unwrap()
                .into_iter()
                .map(|(state, at)| (state, at.timestamp.unwrap()))
                .collect();
            (
                package,
                (detail.datasource_package_ingest_state.unwrap(), changes),
            )
        })
        .collect())
}

fn update(env: &mut Env, who: &str, arn: &str, list: &[DatasourcePackage]) -> Result<(), ApiError> {
    env.state
        .update_datasource_packages(
            &at(who),
            UpdateDatasourcePackagesInput {
                graph_arn: Some(arn.to_owned()),
                datasource_packages: Some(list.to_vec()),
            },
        )
        .map(drop)
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

fn monitor(env: &mut Env, who: &str, arn: &str, account: &str) -> Result<(), ApiError> {
    env.state
        .start_monitoring_member(
            &at(who),
            StartMonitoringMemberInput {
                graph_arn: Some(arn.to_owned()),
                account_id: Some(account.to_owned()),
            },
        )
        .map(drop)
}

/// Package → (state → when) of one `MembershipDatasources`.
fn history(
    entry: &MembershipDatasources,
) -> BTreeMap<DatasourcePackage, Vec<(DatasourcePackageIngestState, Timestamp)>> {
    entry
        .datasource_package_ingest_history
        .clone()
        .unwrap()
        .into_iter()
        .map(|(package, changes)| {
            (
                package,
                changes
                    .into_iter()
                    .map(|(state, at)| (state, at.timestamp.unwrap()))
                    .collect(),
            )
        })
        .collect()
}

fn member_history(
    env: &mut Env,
    admin: &str,
    arn: &str,
    ids: &[&str],
) -> Result<(Vec<MembershipDatasources>, Vec<String>), ApiError> {
    let out = env.state.batch_get_graph_member_datasources(
        &at(admin),
        BatchGetGraphMemberDatasourcesInput {
            graph_arn: Some(arn.to_owned()),
            account_ids: Some(ids.iter().map(|s| (*s).to_owned()).collect()),
        },
    )?;
    Ok((
        out.member_datasources.unwrap(),
        unprocessed_ids(&out.unprocessed_accounts),
    ))
}

#[test]
fn a_new_graph_ingests_the_core_package_and_has_the_optional_ones_disabled() {
    let mut env = env();
    let created = env.clock.now();
    let arn = env.graph(ADMIN);
    let listed = packages(&mut env, ADMIN, &arn).unwrap();
    assert_eq!(
        listed.keys().cloned().collect::<Vec<_>>(),
        [CORE, EKS, ASFF],
        "every package of the model, in model order"
    );
    assert_eq!(
        listed[&CORE],
        (Started, BTreeMap::from([(Started, created)]))
    );
    assert_eq!(
        listed[&EKS],
        (Disabled, BTreeMap::from([(Disabled, created)]))
    );
    assert_eq!(
        listed[&ASFF],
        (Disabled, BTreeMap::from([(Disabled, created)]))
    );
}

#[test]
fn list_datasource_packages_pages_one_package_at_a_time_with_tokens_bound_to_the_graph() {
    let mut env = env();
    let arn = env.graph(ADMIN);
    let other = env.graph(BOB);
    let mut seen = Vec::new();
    let mut token = None;
    for _ in 0..4 {
        let out = env
            .state
            .list_datasource_packages(
                &at(ADMIN),
                ListDatasourcePackagesInput {
                    graph_arn: Some(arn.clone()),
                    max_results: Some(1),
                    next_token: token.clone(),
                },
            )
            .unwrap();
        let page = out.datasource_packages.unwrap();
        assert_eq!(page.len(), 1);
        seen.extend(page.into_keys());
        token = out.next_token;
        if token.is_none() {
            break;
        }
        // The same token names this graph only.
        assert_invalid_body(env.state.list_datasource_packages(
            &at(BOB),
            ListDatasourcePackagesInput {
                graph_arn: Some(other.clone()),
                max_results: Some(1),
                next_token: token.clone(),
            },
        ));
    }
    assert_eq!(seen, [CORE, EKS, ASFF]);
    assert_invalid_body(env.state.list_datasource_packages(
        &at(ADMIN),
        ListDatasourcePackagesInput {
            graph_arn: Some(arn),
            max_results: Some(0),
            next_token: None,
        },
    ));
}

#[test]
fn update_starts_optional_packages_once_and_records_when() {
    let mut env = env();
    let created = env.clock.now();
    let arn = env.graph(ADMIN);
    env.clock.advance(Duration::from_secs(60));
    let started = env.clock.now();
    // DETECTIVE_CORE is already started: nothing changes for it.
    update(&mut env, ADMIN, &arn, &[EKS, CORE]).unwrap();
    let listed = packages(&mut env, ADMIN, &arn).unwrap();
    assert_eq!(
        listed[&CORE],
        (Started, BTreeMap::from([(Started, created)]))
    );
    assert_eq!(
        listed[&EKS],
        (
            Started,
            BTreeMap::from([(Disabled, created), (Started, started)])
        )
    );
    assert_eq!(listed[&ASFF].0, Disabled);
    // Starting it again keeps the first start time.
    env.clock.advance(Duration::from_secs(60));
    update(&mut env, ADMIN, &arn, &[EKS]).unwrap();
    assert_eq!(packages(&mut env, ADMIN, &arn).unwrap(), listed);
}

#[test]
fn datasource_package_operations_are_for_the_administrator_of_an_existing_graph() {
    let mut env = env();
    let arn = env.graph(ADMIN);
    let unknown = arn_for(REGION, ADMIN, 42);
    assert_eq!(
        code(packages(&mut env, ADMIN, &unknown)),
        ServiceErrorCode::ResourceNotFoundException
    );
    assert_eq!(
        code(packages(&mut env, BOB, &arn)),
        ServiceErrorCode::AccessDeniedException
    );
    assert_eq!(
        code(update(&mut env, ADMIN, &unknown, &[EKS])),
        ServiceErrorCode::ResourceNotFoundException
    );
    assert_eq!(
        code(update(&mut env, BOB, &arn, &[EKS])),
        ServiceErrorCode::AccessDeniedException
    );
    assert_eq!(
        code(member_history(&mut env, ADMIN, &unknown, &[BOB])),
        ServiceErrorCode::ResourceNotFoundException
    );
    assert_eq!(
        code(member_history(&mut env, BOB, &arn, &[BOB])),
        ServiceErrorCode::AccessDeniedException
    );
    assert_eq!(
        code(monitor(&mut env, ADMIN, &unknown, BOB)),
        ServiceErrorCode::ResourceNotFoundException
    );
    assert_eq!(
        code(monitor(&mut env, BOB, &arn, BOB)),
        ServiceErrorCode::AccessDeniedException
    );
    // Nothing was started by the refused updates.
    assert_eq!(packages(&mut env, ADMIN, &arn).unwrap()[&EKS].0, Disabled);
}

#[test]
fn missing_members_and_unknown_packages_are_validation_errors_that_change_nothing() {
    let mut env = env();
    let arn = env.graph(ADMIN);
    let before = packages(&mut env, ADMIN, &arn).unwrap();
    let who = at(ADMIN);
    assert_invalid_body(
        env.state
            .list_datasource_packages(&who, ListDatasourcePackagesInput::default()),
    );
    assert_invalid_body(env.state.update_datasource_packages(
        &who,
        UpdateDatasourcePackagesInput {
            graph_arn: Some(arn.clone()),
            datasource_packages: None,
        },
    ));
    assert_invalid_body(env.state.update_datasource_packages(
        &who,
        UpdateDatasourcePackagesInput {
            graph_arn: None,
            datasource_packages: Some(vec![EKS]),
        },
    ));
    // One unknown package refuses the whole request, known ones included.
    assert_invalid_body(update(
        &mut env,
        ADMIN,
        &arn,
        &[EKS, DatasourcePackage::from("SOMETHING_NEW")],
    ));
    assert_invalid_body(env.state.batch_get_graph_member_datasources(
        &who,
        BatchGetGraphMemberDatasourcesInput {
            graph_arn: Some(arn.clone()),
            account_ids: None,
        },
    ));
    assert_invalid_body(env.state.batch_get_graph_member_datasources(
        &who,
        BatchGetGraphMemberDatasourcesInput {
            graph_arn: None,
            account_ids: Some(vec![BOB.into()]),
        },
    ));
    assert_invalid_body(env.state.batch_get_membership_datasources(
        &who,
        BatchGetMembershipDatasourcesInput { graph_arns: None },
    ));
    assert_invalid_body(env.state.start_monitoring_member(
        &who,
        StartMonitoringMemberInput {
            graph_arn: Some(arn.clone()),
            account_id: None,
        },
    ));
    assert_invalid_body(env.state.start_monitoring_member(
        &who,
        StartMonitoringMemberInput {
            graph_arn: None,
            account_id: Some(BOB.into()),
        },
    ));
    assert_eq!(packages(&mut env, ADMIN, &arn).unwrap(), before);
}

#[test]
fn member_history_starts_when_enabled_and_follows_packages_the_graph_starts_later() {
    let mut env = env();
    let created = env.clock.now();
    let arn = env.graph(ADMIN);
    env.invite(ADMIN, &arn, &[BOB, CAROL]);
    env.clock.advance(Duration::from_secs(10));
    let accepted = env.clock.now();
    accept(&mut env, BOB, &arn);
    env.clock.advance(Duration::from_secs(10));
    let eks_started = env.clock.now();
    update(&mut env, ADMIN, &arn, &[EKS]).unwrap();

    let (found, unprocessed) =
        member_history(&mut env, ADMIN, &arn, &[BOB, CAROL, DAVE, BOB, ADMIN]).unwrap();
    assert_eq!(unprocessed, [DAVE, BOB], "not a member, then a repeat");
    let accounts: Vec<_> = found
        .iter()
        .map(|m| m.account_id.clone().unwrap())
        .collect();
    assert_eq!(accounts, [BOB, CAROL, ADMIN], "request order");
    assert!(found
        .iter()
        .all(|m| m.graph_arn.as_deref() == Some(arn.as_str())));
    assert_eq!(
        history(&found[0]),
        BTreeMap::from([
            (CORE, vec![(Started, accepted)]),
            (EKS, vec![(Started, eks_started)]),
        ])
    );
    assert_eq!(
        history(&found[1]),
        BTreeMap::new(),
        "invited: nothing ingested yet"
    );
    // The administrator's history is the graph's own.
    assert_eq!(
        history(&found[2]),
        BTreeMap::from([
            (CORE, vec![(Started, created)]),
            (EKS, vec![(Started, eks_started), (Disabled, created)]),
            (ASFF, vec![(Disabled, created)]),
        ])
    );
    // The member detail shows the optional package the member ingests.
    let detail = env
        .state
        .get_members(
            &at(ADMIN),
            GetMembersInput {
                graph_arn: Some(arn.clone()),
                account_ids: Some(vec![BOB.into(), CAROL.into()]),
            },
        )
        .unwrap()
        .member_details
        .unwrap();
    assert_eq!(
        detail[0]
            .datasource_package_ingest_states
            .clone()
            .unwrap()
            .into_keys()
            .collect::<Vec<_>>(),
        [CORE, EKS]
    );
    assert_eq!(
        detail[1]
            .datasource_package_ingest_states
            .clone()
            .unwrap()
            .into_keys()
            .collect::<Vec<_>>(),
        [CORE]
    );
}

#[test]
fn batch_get_membership_datasources_answers_for_the_callers_own_memberships_only() {
    let mut env = env();
    let graph = env.graph(ADMIN);
    let carols = env.graph(CAROL);
    env.invite(ADMIN, &graph, &[BOB]);
    let accepted = env.clock.now();
    accept(&mut env, BOB, &graph);
    let bobs = env.graph(BOB);
    let unknown = arn_for(REGION, DAVE, 77);
    let elsewhere = graph.replace(REGION, "eu-west-1");
    let out = env
        .state
        .batch_get_membership_datasources(
            &at(BOB),
            BatchGetMembershipDatasourcesInput {
                graph_arns: Some(vec![
                    graph.clone(),
                    carols.clone(),
                    unknown.clone(),
                    graph.clone(),
                    bobs.clone(),
                    elsewhere.clone(),
                ]),
            },
        )
        .unwrap();
    let found = out.membership_datasources.unwrap();
    let graphs: Vec<_> = found.iter().map(|m| m.graph_arn.clone().unwrap()).collect();
    assert_eq!(graphs, [graph.clone(), bobs.clone()]);
    assert!(found.iter().all(|m| m.account_id.as_deref() == Some(BOB)));
    assert_eq!(
        history(&found[0]),
        BTreeMap::from([(CORE, vec![(Started, accepted)])])
    );
    let unprocessed: Vec<_> = out
        .unprocessed_graphs
        .unwrap()
        .into_iter()
        .map(|u| {
            let arn = u.graph_arn.unwrap();
            assert!(u.reason.unwrap().contains(&arn));
            arn
        })
        .collect();
    assert_eq!(unprocessed, [carols, unknown, graph, elsewhere]);
}

/// A graph whose data volume limit is 10 bytes a day: BOB and CAROL bring 6 each, DAVE 1.
fn volume_env() -> Env {
    env_with(
        StateConfig {
            graph_volume_limit_bytes: 10,
            account_volumes: BTreeMap::from([
                (BOB.to_owned(), 6),
                (CAROL.to_owned(), 6),
                (DAVE.to_owned(), 1),
            ]),
            ..config()
        },
        AccountDirectory::new(),
    )
}

#[test]
fn a_member_over_the_volume_limit_is_accepted_but_disabled_until_start_monitoring_finds_room() {
    let mut env = volume_env();
    let arn = env.graph(ADMIN);
    env.invite(ADMIN, &arn, &[BOB, CAROL, DAVE]);
    accept(&mut env, BOB, &arn);
    accept(&mut env, CAROL, &arn);
    accept(&mut env, DAVE, &arn);
    assert_eq!(
        env.member_statuses(ADMIN, &arn),
        [
            (BOB.to_owned(), MemberStatus::Enabled),
            (CAROL.to_owned(), MemberStatus::AcceptedButDisabled),
            (DAVE.to_owned(), MemberStatus::Enabled),
        ]
    );
    let carol = env.members(ADMIN, &arn).remove(1);
    assert_eq!(
        carol.disabled_reason,
        Some(MemberDisabledReason::VolumeTooHigh)
    );
    assert_eq!(
        member_history(&mut env, ADMIN, &arn, &[CAROL]).unwrap().0[0]
            .datasource_package_ingest_history,
        Some(BTreeMap::new())
    );

    // Still no room: 402, and nothing changes.
    assert_eq!(
        code(monitor(&mut env, ADMIN, &arn, CAROL)),
        ServiceErrorCode::ServiceQuotaExceededException
    );
    assert_eq!(env.members(ADMIN, &arn)[1], carol);

    env.state
        .delete_members(
            &at(ADMIN),
            DeleteMembersInput {
                graph_arn: Some(arn.clone()),
                account_ids: Some(vec![BOB.into()]),
            },
        )
        .unwrap();
    env.clock.advance(Duration::from_secs(5));
    let enabled = env.clock.now();
    monitor(&mut env, ADMIN, &arn, CAROL).unwrap();
    let carol = env.members(ADMIN, &arn).remove(0);
    assert_eq!(carol.status, Some(MemberStatus::Enabled));
    assert_eq!(carol.disabled_reason, None);
    assert_eq!(carol.updated_time, Some(enabled));
    let (found, _) = member_history(&mut env, ADMIN, &arn, &[CAROL]).unwrap();
    assert_eq!(
        history(&found[0]),
        BTreeMap::from([(CORE, vec![(Started, enabled)])])
    );
}

#[test]
fn start_monitoring_member_is_404_for_non_members_and_409_for_any_other_status() {
    let mut env = volume_env();
    let arn = env.graph(ADMIN);
    env.invite(ADMIN, &arn, &[BOB, DAVE]);
    accept(&mut env, DAVE, &arn);
    assert_eq!(
        code(monitor(&mut env, ADMIN, &arn, CAROL)),
        ServiceErrorCode::ResourceNotFoundException
    );
    assert_eq!(
        code(monitor(&mut env, ADMIN, &arn, ADMIN)),
        ServiceErrorCode::ResourceNotFoundException
    );
    assert_eq!(
        code(monitor(&mut env, ADMIN, &arn, BOB)),
        ServiceErrorCode::ConflictException,
        "INVITED"
    );
    assert_eq!(
        code(monitor(&mut env, ADMIN, &arn, DAVE)),
        ServiceErrorCode::ConflictException,
        "ENABLED"
    );
    assert_eq!(
        env.member_statuses(ADMIN, &arn),
        [
            (BOB.to_owned(), MemberStatus::Invited),
            (DAVE.to_owned(), MemberStatus::Enabled)
        ]
    );
}

//! Investigations: starting one, its lazy RUNNING → SUCCESSFUL, listing with filters and sorts, indicators.

use super::*;
use crate::state::{Clock, IndicatorFixtures};
use detective_types::{
    DateFilter, EntityType, FilterCriteria, GetInvestigationInput, GetInvestigationOutput,
    IndicatorType, InvestigationState, InvestigationStatus, ListIndicatorsInput,
    ListInvestigationsInput, Severity, SortCriteria, SortField, SortOrder, StartInvestigationInput,
    StringFilter, Timestamp, UpdateInvestigationStateInput,
};
use std::sync::Arc;
use std::time::Duration;

const ROLE: &str = "arn:aws:iam::111111111111:role/Responder";
const USER: &str = "arn:aws:iam::222222222222:user/alice";

fn scope(env: &Env) -> (Timestamp, Timestamp) {
    let end = env.clock.now();
    let start = Timestamp::from_epoch_millis(end.epoch_millis() - 86_400_000).unwrap();
    (start, end)
}

fn start_with(
    env: &mut Env,
    who: &str,
    arn: &str,
    entity: &str,
    start: Timestamp,
    end: Timestamp,
) -> Result<String, ApiError> {
    env.state
        .start_investigation(
            &at(who),
            StartInvestigationInput {
                entity_arn: Some(entity.to_owned()),
                graph_arn: Some(arn.to_owned()),
                scope_end_time: Some(end),
                scope_start_time: Some(start),
            },
        )
        .map(|out| out.investigation_id.unwrap())
}

fn start(env: &mut Env, arn: &str, entity: &str) -> String {
    let (from, to) = scope(env);
    start_with(env, ADMIN, arn, entity, from, to).unwrap()
}

fn get(env: &mut Env, who: &str, arn: &str, id: &str) -> Result<GetInvestigationOutput, ApiError> {
    env.state.get_investigation(
        &at(who),
        GetInvestigationInput {
            graph_arn: Some(arn.to_owned()),
            investigation_id: Some(id.to_owned()),
        },
    )
}

fn indicators(
    env: &mut Env,
    who: &str,
    arn: &str,
    id: &str,
    kind: Option<IndicatorType>,
    page: Option<i32>,
) -> Result<Vec<IndicatorType>, ApiError> {
    let mut all = Vec::new();
    let mut token = None;
    for _ in 0..20 {
        let out = env.state.list_indicators(
            &at(who),
            ListIndicatorsInput {
                graph_arn: Some(arn.to_owned()),
                indicator_type: kind.clone(),
                investigation_id: Some(id.to_owned()),
                max_results: page,
                next_token: token,
            },
        )?;
        assert_eq!(out.graph_arn.as_deref(), Some(arn));
        assert_eq!(out.investigation_id.as_deref(), Some(id));
        all.extend(
            out.indicators
                .unwrap()
                .into_iter()
                .map(|i| i.indicator_type.unwrap()),
        );
        token = out.next_token;
        if token.is_none() {
            return Ok(all);
        }
    }
    panic!("more than 20 pages");
}

fn set_state(
    env: &mut Env,
    who: &str,
    arn: &str,
    id: &str,
    state: InvestigationState,
) -> Result<(), ApiError> {
    env.state
        .update_investigation_state(
            &at(who),
            UpdateInvestigationStateInput {
                graph_arn: Some(arn.to_owned()),
                investigation_id: Some(id.to_owned()),
                state: Some(state),
            },
        )
        .map(drop)
}

/// Every investigation id listed, walking pages of `page` items.
fn list(
    env: &mut Env,
    arn: &str,
    filter: Option<FilterCriteria>,
    sort: Option<SortCriteria>,
    page: Option<i32>,
) -> Result<Vec<String>, ApiError> {
    let mut all = Vec::new();
    let mut token = None;
    for _ in 0..20 {
        let out = env.state.list_investigations(
            &at(ADMIN),
            ListInvestigationsInput {
                filter_criteria: filter.clone(),
                graph_arn: Some(arn.to_owned()),
                max_results: page,
                next_token: token,
                sort_criteria: sort.clone(),
            },
        )?;
        all.extend(
            out.investigation_details
                .unwrap()
                .into_iter()
                .map(|d| d.investigation_id.unwrap()),
        );
        token = out.next_token;
        if token.is_none() {
            return Ok(all);
        }
    }
    panic!("more than 20 pages");
}

fn delayed_env(delay: Duration) -> Env {
    env_with(
        StateConfig {
            investigation_delay: delay,
            ..config()
        },
        AccountDirectory::new(),
    )
}

fn id(n: u64) -> String {
    format!("{n:021}")
}

#[test]
fn an_investigation_runs_for_the_delay_then_succeeds_whenever_it_is_read() {
    let mut env = delayed_env(Duration::from_secs(60));
    let arn = env.graph(ADMIN);
    let (from, to) = scope(&env);
    let created = env.clock.now();
    let first = start_with(&mut env, ADMIN, &arn, ROLE, from, to).unwrap();
    assert_eq!(first, id(1));
    let running = get(&mut env, ADMIN, &arn, &first).unwrap();
    assert_eq!(
        running,
        GetInvestigationOutput {
            created_time: Some(created),
            entity_arn: Some(ROLE.to_owned()),
            entity_type: Some(EntityType::IamRole),
            graph_arn: Some(arn.clone()),
            investigation_id: Some(first.clone()),
            scope_end_time: Some(to),
            scope_start_time: Some(from),
            severity: Some(Severity::High),
            state: Some(InvestigationState::Active),
            status: Some(InvestigationStatus::Running),
        }
    );
    assert_eq!(
        indicators(&mut env, ADMIN, &arn, &first, None, None).unwrap(),
        [],
        "none while running"
    );
    env.clock.advance(Duration::from_millis(59_999));
    assert_eq!(
        get(&mut env, ADMIN, &arn, &first).unwrap().status,
        Some(InvestigationStatus::Running)
    );
    env.clock.advance(Duration::from_millis(1));
    assert_eq!(
        get(&mut env, ADMIN, &arn, &first).unwrap().status,
        Some(InvestigationStatus::Successful)
    );
    // Ids count up; a user gets IAM_USER.
    let second = start(&mut env, &arn, USER);
    assert_eq!(second, id(2));
    assert_eq!(
        get(&mut env, ADMIN, &arn, &second).unwrap().entity_type,
        Some(EntityType::IamUser)
    );
}

#[test]
fn without_a_delay_an_investigation_is_successful_at_once() {
    let mut env = env();
    let arn = env.graph(ADMIN);
    let first = start(&mut env, &arn, ROLE);
    assert_eq!(
        get(&mut env, ADMIN, &arn, &first).unwrap().status,
        Some(InvestigationStatus::Successful)
    );
}

#[test]
fn the_scope_must_start_before_it_ends_and_the_entity_must_be_an_iam_user_or_role() {
    let mut env = env();
    let arn = env.graph(ADMIN);
    let (from, to) = scope(&env);
    assert_invalid_body(start_with(&mut env, ADMIN, &arn, ROLE, to, from));
    assert_invalid_body(start_with(&mut env, ADMIN, &arn, ROLE, to, to));
    for entity in [
        "arn:aws:iam::111111111111:group/Admins",
        "arn:aws:s3:::bucket",
        "arn:aws:sts::111111111111:assumed-role/Responder/session",
        "arn:aws:iam::111111111111:role/",
        "arn:",
    ] {
        assert_invalid_body(start_with(&mut env, ADMIN, &arn, entity, from, to));
    }
    let who = at(ADMIN);
    for input in [
        StartInvestigationInput {
            graph_arn: None,
            entity_arn: Some(ROLE.into()),
            scope_start_time: Some(from),
            scope_end_time: Some(to),
        },
        StartInvestigationInput {
            graph_arn: Some(arn.clone()),
            entity_arn: None,
            scope_start_time: Some(from),
            scope_end_time: Some(to),
        },
        StartInvestigationInput {
            graph_arn: Some(arn.clone()),
            entity_arn: Some(ROLE.into()),
            scope_start_time: None,
            scope_end_time: Some(to),
        },
        StartInvestigationInput {
            graph_arn: Some(arn.clone()),
            entity_arn: Some(ROLE.into()),
            scope_start_time: Some(from),
            scope_end_time: None,
        },
    ] {
        assert_invalid_body(env.state.start_investigation(&who, input));
    }
    assert_eq!(
        list(&mut env, &arn, None, None, None).unwrap(),
        Vec::<String>::new(),
        "nothing was started"
    );
    // The refused requests used no id.
    assert_eq!(start(&mut env, &arn, ROLE), id(1));
}

#[test]
fn investigation_operations_are_for_the_administrator_of_an_existing_graph() {
    let mut env = env();
    let arn = env.graph(ADMIN);
    let first = start(&mut env, &arn, ROLE);
    let unknown = arn_for(REGION, ADMIN, 99);
    let (from, to) = scope(&env);
    assert_eq!(
        code(start_with(&mut env, ADMIN, &unknown, ROLE, from, to)),
        ServiceErrorCode::ResourceNotFoundException
    );
    assert_eq!(
        code(start_with(&mut env, BOB, &arn, ROLE, from, to)),
        ServiceErrorCode::AccessDeniedException
    );
    assert_eq!(
        code(get(&mut env, ADMIN, &unknown, &first)),
        ServiceErrorCode::ResourceNotFoundException
    );
    assert_eq!(
        code(get(&mut env, BOB, &arn, &first)),
        ServiceErrorCode::AccessDeniedException
    );
    assert_eq!(
        code(indicators(&mut env, BOB, &arn, &first, None, None)),
        ServiceErrorCode::AccessDeniedException
    );
    assert_eq!(
        code(indicators(&mut env, ADMIN, &unknown, &first, None, None)),
        ServiceErrorCode::ResourceNotFoundException
    );
    assert_eq!(
        code(set_state(
            &mut env,
            BOB,
            &arn,
            &first,
            InvestigationState::Archived
        )),
        ServiceErrorCode::AccessDeniedException
    );
    assert_eq!(
        code(set_state(
            &mut env,
            ADMIN,
            &unknown,
            &first,
            InvestigationState::Archived
        )),
        ServiceErrorCode::ResourceNotFoundException
    );
    let listed = env.state.list_investigations(
        &at(BOB),
        ListInvestigationsInput {
            graph_arn: Some(arn.clone()),
            ..Default::default()
        },
    );
    assert_eq!(code(listed), ServiceErrorCode::AccessDeniedException);
    let listed = env.state.list_investigations(
        &at(ADMIN),
        ListInvestigationsInput {
            graph_arn: Some(unknown),
            ..Default::default()
        },
    );
    assert_eq!(code(listed), ServiceErrorCode::ResourceNotFoundException);
    assert_eq!(list(&mut env, &arn, None, None, None).unwrap(), [first]);
}

#[test]
fn an_unknown_investigation_is_404_and_missing_members_are_validation_errors() {
    let mut env = env();
    let arn = env.graph(ADMIN);
    let first = start(&mut env, &arn, ROLE);
    // An investigation of another graph is unknown in this one.
    let bobs = env.graph(BOB);
    let (from, to) = scope(&env);
    let other = start_with(&mut env, BOB, &bobs, ROLE, from, to).unwrap();
    for missing in [id(42), other] {
        assert_eq!(
            code(get(&mut env, ADMIN, &arn, &missing)),
            ServiceErrorCode::ResourceNotFoundException
        );
        assert_eq!(
            code(indicators(&mut env, ADMIN, &arn, &missing, None, None)),
            ServiceErrorCode::ResourceNotFoundException
        );
        assert_eq!(
            code(set_state(
                &mut env,
                ADMIN,
                &arn,
                &missing,
                InvestigationState::Archived
            )),
            ServiceErrorCode::ResourceNotFoundException
        );
    }
    let who = at(ADMIN);
    assert_invalid_body(env.state.get_investigation(
        &who,
        GetInvestigationInput {
            graph_arn: Some(arn.clone()),
            investigation_id: None,
        },
    ));
    assert_invalid_body(env.state.get_investigation(
        &who,
        GetInvestigationInput {
            graph_arn: None,
            investigation_id: Some(first.clone()),
        },
    ));
    assert_invalid_body(env.state.list_indicators(
        &who,
        ListIndicatorsInput {
            graph_arn: Some(arn.clone()),
            ..Default::default()
        },
    ));
    assert_invalid_body(
        env.state
            .list_investigations(&who, ListInvestigationsInput::default()),
    );
    assert_invalid_body(env.state.update_investigation_state(
        &who,
        UpdateInvestigationStateInput {
            graph_arn: Some(arn.clone()),
            investigation_id: Some(first.clone()),
            state: None,
        },
    ));
    assert_invalid_body(set_state(
        &mut env,
        ADMIN,
        &arn,
        &first,
        InvestigationState::from("CLOSED"),
    ));
    assert_eq!(
        get(&mut env, ADMIN, &arn, &first).unwrap().state,
        Some(InvestigationState::Active)
    );
}

#[test]
fn update_investigation_state_archives_and_reactivates() {
    let mut env = env();
    let arn = env.graph(ADMIN);
    let first = start(&mut env, &arn, ROLE);
    set_state(&mut env, ADMIN, &arn, &first, InvestigationState::Archived).unwrap();
    assert_eq!(
        get(&mut env, ADMIN, &arn, &first).unwrap().state,
        Some(InvestigationState::Archived)
    );
    set_state(&mut env, ADMIN, &arn, &first, InvestigationState::Archived).unwrap();
    set_state(&mut env, ADMIN, &arn, &first, InvestigationState::Active).unwrap();
    assert_eq!(
        get(&mut env, ADMIN, &arn, &first).unwrap().state,
        Some(InvestigationState::Active)
    );
}

/// Three investigations a minute apart: id 1 (ROLE, default HIGH), id 2 (USER, fixture LOW), id 3 (ROLE, HIGH, archived),
/// with a 90 s delay so that at the end id 1 is SUCCESSFUL and the others RUNNING.
fn three(env: &mut Env) -> (String, Timestamp) {
    let arn = env.graph(ADMIN);
    start(env, &arn, ROLE);
    env.clock.advance(Duration::from_secs(60));
    start(env, &arn, USER);
    env.clock.advance(Duration::from_secs(60));
    let third = start(env, &arn, ROLE);
    set_state(env, ADMIN, &arn, &third, InvestigationState::Archived).unwrap();
    (arn, env.clock.now())
}

fn fixture_env() -> Env {
    let fixtures = IndicatorFixtures::from_json_str(&format!(
        r#"{{"Entities": {{"{USER}": {{"Indicators": [
            {{"IndicatorType": "NEW_ASO", "IndicatorDetail": {{"NewAsoDetail": {{"Aso": "AS64500"}}}}}}]}}}}}}"#
    ))
    .unwrap();
    env_with(
        StateConfig {
            investigation_delay: Duration::from_secs(90),
            indicator_fixtures: Arc::new(fixtures),
            ..config()
        },
        AccountDirectory::new(),
    )
}

fn text(value: &str) -> Option<StringFilter> {
    Some(StringFilter {
        value: Some(value.to_owned()),
    })
}

#[test]
fn list_investigations_filters_on_every_criterion() {
    let mut env = fixture_env();
    let (arn, now) = three(&mut env);
    let by = |filter: FilterCriteria| Some(filter);
    let cases = [
        (FilterCriteria::default(), vec![id(3), id(2), id(1)]),
        (
            FilterCriteria {
                status: text("SUCCESSFUL"),
                ..Default::default()
            },
            vec![id(1)],
        ),
        (
            FilterCriteria {
                status: text("RUNNING"),
                ..Default::default()
            },
            vec![id(3), id(2)],
        ),
        (
            FilterCriteria {
                state: text("ARCHIVED"),
                ..Default::default()
            },
            vec![id(3)],
        ),
        (
            FilterCriteria {
                severity: text("LOW"),
                ..Default::default()
            },
            vec![id(2)],
        ),
        (
            FilterCriteria {
                severity: text("low"),
                ..Default::default()
            },
            vec![],
        ),
        (
            FilterCriteria {
                entity_arn: text(ROLE),
                ..Default::default()
            },
            vec![id(3), id(1)],
        ),
        (
            FilterCriteria {
                created_time: Some(DateFilter {
                    start_inclusive: Some(
                        Timestamp::from_epoch_millis(now.epoch_millis() - 60_000).unwrap(),
                    ),
                    end_inclusive: Some(now),
                }),
                ..Default::default()
            },
            vec![id(3), id(2)],
        ),
        (
            FilterCriteria {
                entity_arn: text(ROLE),
                state: text("ACTIVE"),
                ..Default::default()
            },
            vec![id(1)],
        ),
    ];
    for (filter, expected) in cases {
        assert_eq!(
            list(&mut env, &arn, by(filter.clone()), None, None).unwrap(),
            expected,
            "{filter:?}"
        );
    }
}

#[test]
fn list_investigations_sorts_by_any_field_either_way_with_ties_by_id() {
    let mut env = fixture_env();
    let (arn, _) = three(&mut env);
    let sort = |field, order| {
        Some(SortCriteria {
            field,
            sort_order: order,
        })
    };
    let cases = [
        (
            sort(Some(SortField::CreatedTime), Some(SortOrder::Asc)),
            [id(1), id(2), id(3)],
        ),
        (
            sort(Some(SortField::CreatedTime), None),
            [id(3), id(2), id(1)],
        ),
        (
            sort(Some(SortField::Severity), Some(SortOrder::Asc)),
            [id(2), id(1), id(3)],
        ),
        (
            sort(Some(SortField::Severity), Some(SortOrder::Desc)),
            [id(1), id(3), id(2)],
        ),
        (
            sort(Some(SortField::Status), Some(SortOrder::Asc)),
            [id(2), id(3), id(1)],
        ),
        (
            sort(Some(SortField::Status), Some(SortOrder::Desc)),
            [id(1), id(2), id(3)],
        ),
        (sort(None, Some(SortOrder::Asc)), [id(1), id(2), id(3)]),
    ];
    for (criteria, expected) in cases {
        assert_eq!(
            list(&mut env, &arn, None, criteria.clone(), None).unwrap(),
            expected,
            "{criteria:?}"
        );
        // The same order one item per page.
        assert_eq!(
            list(&mut env, &arn, None, criteria.clone(), Some(1)).unwrap(),
            expected,
            "{criteria:?} paged"
        );
    }
}

#[test]
fn a_list_investigations_token_is_only_valid_with_the_criteria_it_was_issued_for() {
    let mut env = fixture_env();
    let (arn, _) = three(&mut env);
    let first = env
        .state
        .list_investigations(
            &at(ADMIN),
            ListInvestigationsInput {
                graph_arn: Some(arn.clone()),
                max_results: Some(1),
                ..Default::default()
            },
        )
        .unwrap();
    let token = first.next_token.unwrap();
    let other_sort = ListInvestigationsInput {
        graph_arn: Some(arn.clone()),
        max_results: Some(1),
        next_token: Some(token.clone()),
        sort_criteria: Some(SortCriteria {
            field: Some(SortField::Severity),
            sort_order: None,
        }),
        ..Default::default()
    };
    assert_invalid_body(env.state.list_investigations(&at(ADMIN), other_sort));
    let other_filter = ListInvestigationsInput {
        graph_arn: Some(arn.clone()),
        max_results: Some(1),
        next_token: Some(token.clone()),
        filter_criteria: Some(FilterCriteria {
            state: text("ACTIVE"),
            ..Default::default()
        }),
        ..Default::default()
    };
    assert_invalid_body(env.state.list_investigations(&at(ADMIN), other_filter));
    let same = ListInvestigationsInput {
        graph_arn: Some(arn),
        max_results: Some(1),
        next_token: Some(token),
        ..Default::default()
    };
    assert!(env.state.list_investigations(&at(ADMIN), same).is_ok());
}

#[test]
fn list_indicators_gives_the_fixtures_or_builtin_indicators_by_type_and_paged() {
    let mut env = fixture_env();
    let (arn, _) = three(&mut env);
    env.clock.advance(Duration::from_secs(90));
    use IndicatorType::*;
    let builtin = [
        TtpObserved,
        TtpObserved,
        FlaggedIpAddress,
        NewGeolocation,
        NewUserAgent,
    ];
    assert_eq!(
        indicators(&mut env, ADMIN, &arn, &id(1), None, None).unwrap(),
        builtin
    );
    assert_eq!(
        indicators(&mut env, ADMIN, &arn, &id(1), None, Some(2)).unwrap(),
        builtin,
        "paged by 2"
    );
    assert_eq!(
        indicators(&mut env, ADMIN, &arn, &id(1), Some(TtpObserved), Some(1)).unwrap(),
        [TtpObserved, TtpObserved]
    );
    assert_eq!(
        indicators(&mut env, ADMIN, &arn, &id(1), Some(NewAso), None).unwrap(),
        []
    );
    assert_eq!(
        indicators(&mut env, ADMIN, &arn, &id(2), None, None).unwrap(),
        [NewAso],
        "the fixture's"
    );
    assert_eq!(
        get(&mut env, ADMIN, &arn, &id(2)).unwrap().severity,
        Some(Severity::Low)
    );
    // A token of one type's listing is refused for another type.
    let out = env
        .state
        .list_indicators(
            &at(ADMIN),
            ListIndicatorsInput {
                graph_arn: Some(arn.clone()),
                investigation_id: Some(id(1)),
                indicator_type: Some(TtpObserved),
                max_results: Some(1),
                next_token: None,
            },
        )
        .unwrap();
    assert_invalid_body(env.state.list_indicators(
        &at(ADMIN),
        ListIndicatorsInput {
            graph_arn: Some(arn),
            investigation_id: Some(id(1)),
            indicator_type: None,
            max_results: Some(1),
            next_token: out.next_token,
        },
    ));
}

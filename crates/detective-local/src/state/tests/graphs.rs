//! CreateGraph, ListGraphs, DeleteGraph, and the separation of regions.

use super::*;
use crate::state::{Clock, IdSource};
use detective_types::{
    AcceptInvitationInput, DeleteGraphInput, GetMembersInput, ListGraphsInput, Tags,
};

fn tags(pairs: &[(&str, &str)]) -> Tags {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

fn list_graphs(env: &mut Env, who: &Caller) -> Vec<String> {
    env.state
        .list_graphs(who, ListGraphsInput::default())
        .unwrap()
        .graph_list
        .unwrap()
        .into_iter()
        .map(|g| g.arn.unwrap())
        .collect()
}

fn delete_graph(env: &mut Env, who: &Caller, arn: Option<&str>) -> Result<(), ApiError> {
    env.state
        .delete_graph(
            who,
            DeleteGraphInput {
                graph_arn: arn.map(str::to_owned),
            },
        )
        .map(|_| ())
}

#[test]
fn create_graph_makes_an_arn_for_the_callers_region_and_account() {
    let mut env = env();
    let created_at = env.clock.now();
    let arn = env.graph(ADMIN);
    assert_eq!(arn, arn_for(REGION, ADMIN, 1));
    assert!(detective_types::validate::patterns::is_graph_arn(&arn));
    let listed = env
        .state
        .list_graphs(&at(ADMIN), ListGraphsInput::default())
        .unwrap();
    let graph = &listed.graph_list.unwrap()[0];
    assert_eq!(graph.arn.as_deref(), Some(arn.as_str()));
    assert_eq!(graph.created_time, Some(created_at));
    assert_eq!(listed.next_token, None);
}

#[test]
fn create_graph_is_idempotent_and_keeps_the_first_tags() {
    let mut env = env();
    let first = env
        .state
        .create_graph(
            &at(ADMIN),
            CreateGraphInput {
                tags: Some(tags(&[("team", "blue")])),
            },
        )
        .unwrap();
    env.clock.advance(std::time::Duration::from_secs(5));
    let again = env
        .state
        .create_graph(
            &at(ADMIN),
            CreateGraphInput {
                tags: Some(tags(&[("team", "red"), ("x", "y")])),
            },
        )
        .unwrap();
    assert_eq!(first, again);
    let arn = first.graph_arn.unwrap();
    assert_eq!(
        env.state.graph_tags(REGION, &arn),
        Some(&tags(&[("team", "blue")]))
    );
    assert_eq!(list_graphs(&mut env, &at(ADMIN)), [arn]);
}

#[test]
fn graph_tags_are_empty_without_tags_and_absent_for_unknown_graphs() {
    let mut env = env();
    let arn = env.graph(ADMIN);
    assert_eq!(env.state.graph_tags(REGION, &arn), Some(&Tags::new()));
    assert_eq!(env.state.graph_tags("eu-west-1", &arn), None);
    assert_eq!(env.state.graph_tags(REGION, "arn:nope"), None);
}

#[test]
fn list_graphs_shows_only_the_callers_graphs() {
    let mut env = env();
    assert!(list_graphs(&mut env, &at(ADMIN)).is_empty());
    let admin_arn = env.graph(ADMIN);
    let bob_arn = env.graph(BOB);
    assert_eq!(list_graphs(&mut env, &at(ADMIN)), [admin_arn]);
    assert_eq!(list_graphs(&mut env, &at(BOB)), [bob_arn]);
    assert!(list_graphs(&mut env, &at(CAROL)).is_empty());
}

#[test]
fn delete_graph_is_for_the_administrator_of_an_existing_graph() {
    let mut env = env();
    let arn = env.graph(ADMIN);
    assert_eq!(
        code(delete_graph(&mut env, &at(BOB), Some(&arn))),
        ServiceErrorCode::AccessDeniedException
    );
    let unknown = arn_for(REGION, ADMIN, 99);
    for missing in [unknown.as_str(), "not an arn", ""] {
        assert_eq!(
            code(delete_graph(&mut env, &at(ADMIN), Some(missing))),
            ServiceErrorCode::ResourceNotFoundException
        );
    }
    assert_invalid_body(delete_graph(&mut env, &at(ADMIN), None));
    // None of that touched the graph.
    assert_eq!(list_graphs(&mut env, &at(ADMIN)), [arn.as_str()]);
    delete_graph(&mut env, &at(ADMIN), Some(&arn)).unwrap();
    assert!(list_graphs(&mut env, &at(ADMIN)).is_empty());
    assert_eq!(
        code(delete_graph(&mut env, &at(ADMIN), Some(&arn))),
        ServiceErrorCode::ResourceNotFoundException
    );
}

#[test]
fn delete_graph_removes_every_membership_and_a_new_graph_gets_a_new_arn() {
    let mut env = env();
    let arn = env.graph(ADMIN);
    env.invite(ADMIN, &arn, &[BOB, CAROL]);
    env.state
        .accept_invitation(
            &at(BOB),
            AcceptInvitationInput {
                graph_arn: Some(arn.clone()),
            },
        )
        .unwrap();
    delete_graph(&mut env, &at(ADMIN), Some(&arn)).unwrap();

    assert!(env.invitations(&at(BOB)).is_empty());
    assert!(env.invitations(&at(CAROL)).is_empty());
    assert_eq!(env.state.graph_tags(REGION, &arn), None);
    for who in [ADMIN, CAROL] {
        let get = env.state.get_members(
            &at(who),
            GetMembersInput {
                graph_arn: Some(arn.clone()),
                account_ids: Some(vec![BOB.to_owned()]),
            },
        );
        assert_eq!(code(get), ServiceErrorCode::ResourceNotFoundException);
    }
    let accept = env.state.accept_invitation(
        &at(CAROL),
        AcceptInvitationInput {
            graph_arn: Some(arn.clone()),
        },
    );
    assert_eq!(code(accept), ServiceErrorCode::ResourceNotFoundException);

    let new_arn = env.graph(ADMIN);
    assert_ne!(new_arn, arn);
    assert_eq!(new_arn, arn_for(REGION, ADMIN, 2));
    assert!(env.members(ADMIN, &new_arn).is_empty());
    assert!(env.invitations(&at(BOB)).is_empty());
}

#[test]
fn regions_are_separate() {
    let mut env = env();
    let east = env.graph(ADMIN);
    let west_caller = Caller::new(ADMIN, "eu-west-1");
    let west = env
        .state
        .create_graph(&west_caller, CreateGraphInput::default())
        .unwrap()
        .graph_arn
        .unwrap();
    assert_eq!(west, arn_for("eu-west-1", ADMIN, 2));
    assert_eq!(list_graphs(&mut env, &at(ADMIN)), [east.as_str()]);
    assert_eq!(list_graphs(&mut env, &west_caller), [west.as_str()]);

    // An ARN only names a graph in its own region.
    assert_eq!(
        code(delete_graph(&mut env, &west_caller, Some(&east))),
        ServiceErrorCode::ResourceNotFoundException
    );
    env.invite(ADMIN, &east, &[BOB]);
    assert_eq!(env.invitations(&at(BOB)).len(), 1);
    assert!(env.invitations(&Caller::new(BOB, "eu-west-1")).is_empty());
    let accept_elsewhere = env.state.accept_invitation(
        &Caller::new(BOB, "eu-west-1"),
        AcceptInvitationInput {
            graph_arn: Some(east.clone()),
        },
    );
    assert_eq!(
        code(accept_elsewhere),
        ServiceErrorCode::ResourceNotFoundException
    );
    assert!(env.members(ADMIN, &east).len() == 1);

    delete_graph(&mut env, &west_caller, Some(&west)).unwrap();
    assert_eq!(list_graphs(&mut env, &at(ADMIN)), [east]);
}

/// An id source that hands out the same id forever.
struct StuckIds(&'static str);

impl IdSource for StuckIds {
    fn next_graph_id(&self) -> String {
        self.0.to_owned()
    }
}

#[test]
fn a_broken_id_source_gives_an_internal_error_never_a_reused_or_malformed_arn() {
    let id = "0123456789abcdef0123456789abcdef";
    let mut state = State::new(
        config(),
        Arc::new(ManualClock::default()),
        Arc::new(StuckIds(id)),
        AccountDirectory::new(),
    );
    let arn = state
        .create_graph(&at(ADMIN), CreateGraphInput::default())
        .unwrap()
        .graph_arn
        .unwrap();
    assert!(arn.ends_with(id));
    state
        .delete_graph(
            &at(ADMIN),
            DeleteGraphInput {
                graph_arn: Some(arn),
            },
        )
        .unwrap();
    let again = state.create_graph(&at(ADMIN), CreateGraphInput::default());
    assert_eq!(code(again), ServiceErrorCode::InternalServerException);
    // Another account in the same region gets a different ARN from the same id.
    assert!(state
        .create_graph(&at(BOB), CreateGraphInput::default())
        .is_ok());

    let mut malformed = State::new(
        config(),
        Arc::new(ManualClock::default()),
        Arc::new(StuckIds("NOT-HEX")),
        AccountDirectory::new(),
    );
    let created = malformed.create_graph(&at(ADMIN), CreateGraphInput::default());
    assert_eq!(code(created), ServiceErrorCode::InternalServerException);
    let listed = malformed
        .list_graphs(&at(ADMIN), ListGraphsInput::default())
        .unwrap();
    assert_eq!(listed.graph_list, Some(vec![]));
}

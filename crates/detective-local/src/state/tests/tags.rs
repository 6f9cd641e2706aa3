//! TagResource, UntagResource, ListTagsForResource: tags on graphs, their limit, and who may touch them.

use super::*;
use detective_types::{ListTagsForResourceInput, TagResourceInput, Tags, UntagResourceInput};

fn tags(pairs: &[(&str, &str)]) -> Tags {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

fn tag(env: &mut Env, who: &str, arn: &str, pairs: &[(&str, &str)]) -> Result<(), ApiError> {
    env.state
        .tag_resource(
            &at(who),
            TagResourceInput {
                resource_arn: Some(arn.to_owned()),
                tags: Some(tags(pairs)),
            },
        )
        .map(drop)
}

fn untag(env: &mut Env, who: &str, arn: &str, keys: &[&str]) -> Result<(), ApiError> {
    env.state
        .untag_resource(
            &at(who),
            UntagResourceInput {
                resource_arn: Some(arn.to_owned()),
                tag_keys: Some(keys.iter().map(|k| (*k).to_owned()).collect()),
            },
        )
        .map(drop)
}

fn list(env: &mut Env, who: &str, arn: &str) -> Result<Tags, ApiError> {
    env.state
        .list_tags_for_resource(
            &at(who),
            ListTagsForResourceInput {
                resource_arn: Some(arn.to_owned()),
            },
        )
        .map(|out| out.tags.expect("Tags is always present"))
}

#[test]
fn tags_given_at_creation_are_listed_and_tag_resource_adds_and_overwrites() {
    let mut env = env();
    let arn = env
        .state
        .create_graph(
            &at(ADMIN),
            CreateGraphInput {
                tags: Some(tags(&[("Team", "Blue")])),
            },
        )
        .unwrap()
        .graph_arn
        .unwrap();
    assert_eq!(
        list(&mut env, ADMIN, &arn).unwrap(),
        tags(&[("Team", "Blue")])
    );
    tag(&mut env, ADMIN, &arn, &[("Team", "Red"), ("Env", "prod")]).unwrap();
    assert_eq!(
        list(&mut env, ADMIN, &arn).unwrap(),
        tags(&[("Env", "prod"), ("Team", "Red")])
    );
    assert_eq!(
        env.state.graph_tags(REGION, &arn),
        Some(&tags(&[("Env", "prod"), ("Team", "Red")]))
    );
}

#[test]
fn untag_removes_the_named_keys_and_ignores_keys_the_graph_does_not_have() {
    let mut env = env();
    let arn = env.graph(ADMIN);
    assert_eq!(
        list(&mut env, ADMIN, &arn).unwrap(),
        Tags::new(),
        "no tags: an empty map"
    );
    tag(&mut env, ADMIN, &arn, &[("a", "1"), ("b", "2"), ("c", "3")]).unwrap();
    untag(&mut env, ADMIN, &arn, &["a", "c", "never-there"]).unwrap();
    assert_eq!(list(&mut env, ADMIN, &arn).unwrap(), tags(&[("b", "2")]));
}

#[test]
fn a_graph_may_carry_at_most_fifty_tags_counted_after_merging() {
    let mut env = env();
    let arn = env.graph(ADMIN);
    let keys: Vec<String> = (0..50).map(|i| format!("k{i:02}")).collect();
    let first: Vec<(&str, &str)> = keys[..40].iter().map(|k| (k.as_str(), "v")).collect();
    tag(&mut env, ADMIN, &arn, &first).unwrap();
    // Overwriting existing keys adds nothing to the count.
    let overwrite: Vec<(&str, &str)> = keys[..40].iter().map(|k| (k.as_str(), "w")).collect();
    tag(&mut env, ADMIN, &arn, &overwrite).unwrap();
    let extra: Vec<String> = (0..11).map(|i| format!("x{i:02}")).collect();
    let too_many: Vec<(&str, &str)> = extra.iter().map(|k| (k.as_str(), "v")).collect();
    let before = list(&mut env, ADMIN, &arn).unwrap();
    assert_invalid_body(tag(&mut env, ADMIN, &arn, &too_many));
    assert_eq!(
        list(&mut env, ADMIN, &arn).unwrap(),
        before,
        "a refused request changes nothing"
    );
    let exactly: Vec<(&str, &str)> = keys[40..].iter().map(|k| (k.as_str(), "v")).collect();
    tag(&mut env, ADMIN, &arn, &exactly).unwrap();
    assert_eq!(list(&mut env, ADMIN, &arn).unwrap().len(), 50);
}

#[test]
fn an_unknown_graph_is_404_for_every_tag_operation() {
    let mut env = env();
    let arn = env.graph(ADMIN);
    let unknown = arn_for(REGION, ADMIN, 99);
    let elsewhere = arn.replace(REGION, "eu-west-1");
    for target in [&unknown, &elsewhere] {
        assert_eq!(
            code(tag(&mut env, ADMIN, target, &[("a", "1")])),
            ServiceErrorCode::ResourceNotFoundException
        );
        assert_eq!(
            code(untag(&mut env, ADMIN, target, &["a"])),
            ServiceErrorCode::ResourceNotFoundException
        );
        assert_eq!(
            code(list(&mut env, ADMIN, target)),
            ServiceErrorCode::ResourceNotFoundException
        );
    }
}

#[test]
fn another_accounts_graph_is_403_for_every_tag_operation_even_for_its_members() {
    let mut env = env();
    let arn = env.graph(ADMIN);
    tag(&mut env, ADMIN, &arn, &[("Team", "Blue")]).unwrap();
    env.invite(ADMIN, &arn, &[BOB]);
    for who in [BOB, CAROL] {
        assert_eq!(
            code(tag(&mut env, who, &arn, &[("a", "1")])),
            ServiceErrorCode::AccessDeniedException
        );
        assert_eq!(
            code(untag(&mut env, who, &arn, &["Team"])),
            ServiceErrorCode::AccessDeniedException
        );
        assert_eq!(
            code(list(&mut env, who, &arn)),
            ServiceErrorCode::AccessDeniedException
        );
    }
    assert_eq!(
        list(&mut env, ADMIN, &arn).unwrap(),
        tags(&[("Team", "Blue")])
    );
}

#[test]
fn missing_required_members_are_validation_errors() {
    let mut env = env();
    let arn = env.graph(ADMIN);
    let who = at(ADMIN);
    assert_invalid_body(env.state.tag_resource(
        &who,
        TagResourceInput {
            resource_arn: None,
            tags: Some(tags(&[("a", "1")])),
        },
    ));
    assert_invalid_body(env.state.tag_resource(
        &who,
        TagResourceInput {
            resource_arn: Some(arn.clone()),
            tags: None,
        },
    ));
    assert_invalid_body(env.state.untag_resource(
        &who,
        UntagResourceInput {
            resource_arn: None,
            tag_keys: Some(vec!["a".into()]),
        },
    ));
    assert_invalid_body(env.state.untag_resource(
        &who,
        UntagResourceInput {
            resource_arn: Some(arn.clone()),
            tag_keys: None,
        },
    ));
    assert_invalid_body(
        env.state
            .list_tags_for_resource(&who, ListTagsForResourceInput { resource_arn: None }),
    );
    assert_eq!(list(&mut env, ADMIN, &arn).unwrap(), Tags::new());
}

#[test]
fn a_deleted_graphs_tags_are_gone_with_it() {
    let mut env = env();
    let arn = env.graph(ADMIN);
    tag(&mut env, ADMIN, &arn, &[("a", "1")]).unwrap();
    env.state
        .delete_graph(
            &at(ADMIN),
            detective_types::DeleteGraphInput {
                graph_arn: Some(arn.clone()),
            },
        )
        .unwrap();
    assert_eq!(
        code(list(&mut env, ADMIN, &arn)),
        ServiceErrorCode::ResourceNotFoundException
    );
    let again = env.graph(ADMIN);
    assert_ne!(again, arn);
    assert_eq!(list(&mut env, ADMIN, &again).unwrap(), Tags::new());
}

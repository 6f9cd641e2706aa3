//! Pagination of ListMembers, ListInvitations and ListGraphs through `State`.

use super::*;
use detective_types::{DeleteMembersInput, ListGraphsInput};
use std::collections::BTreeSet;

fn account_id(i: usize) -> String {
    format!("{:012}", 100_000_000_000 + i)
}

/// A graph of ADMIN with `n` members, invited 50 at a time (the model's limit per request).
fn graph_with_members(n: usize) -> (Env, String) {
    let mut env = env();
    let arn = env.graph(ADMIN);
    let ids: Vec<String> = (0..n).map(account_id).collect();
    for chunk in ids.chunks(50) {
        let chunk: Vec<&str> = chunk.iter().map(String::as_str).collect();
        env.invite(ADMIN, &arn, &chunk);
    }
    (env, arn)
}

fn list_members(
    env: &mut Env,
    who: &Caller,
    arn: &str,
    max_results: Option<i32>,
    next_token: Option<String>,
) -> Result<detective_types::ListMembersOutput, ApiError> {
    env.state.list_members(
        who,
        ListMembersInput {
            graph_arn: Some(arn.to_owned()),
            max_results,
            next_token,
        },
    )
}

#[test]
fn a_walk_over_130_members_never_repeats_or_skips_whatever_the_page_size() {
    let (mut env, arn) = graph_with_members(130);
    let expected: Vec<String> = (0..130).map(account_id).collect();
    for page_size in [1usize, 7, 200] {
        let mut seen = Vec::new();
        let mut token = None;
        let mut pages = 0;
        loop {
            let page =
                list_members(&mut env, &at(ADMIN), &arn, Some(page_size as i32), token).unwrap();
            let details = page.member_details.unwrap();
            pages += 1;
            assert!(!details.is_empty() && details.len() <= page_size);
            seen.extend(details.into_iter().map(|d| d.account_id.unwrap()));
            if let Some(t) = &page.next_token {
                assert!(
                    !t.is_empty() && t.len() <= 1024,
                    "token of {} chars",
                    t.len()
                );
                // Full pages only, until the last one.
                assert_eq!(seen.len() % page_size, 0);
            }
            token = page.next_token;
            if token.is_none() {
                break;
            }
        }
        assert_eq!(seen, expected, "page size {page_size}");
        assert_eq!(pages, 130usize.div_ceil(page_size), "page size {page_size}");
    }
}

#[test]
fn the_default_page_is_100_and_a_page_ending_at_the_last_item_has_no_token() {
    let (mut env, arn) = graph_with_members(130);
    let first = list_members(&mut env, &at(ADMIN), &arn, None, None).unwrap();
    assert_eq!(first.member_details.unwrap().len(), 100);
    let second = list_members(&mut env, &at(ADMIN), &arn, None, first.next_token).unwrap();
    assert_eq!(second.member_details.unwrap().len(), 30);
    assert_eq!(second.next_token, None);

    let exact = list_members(&mut env, &at(ADMIN), &arn, Some(130), None);
    assert_eq!(exact.unwrap().next_token, None);
    let (mut empty, empty_arn) = graph_with_members(0);
    let none = list_members(&mut empty, &at(ADMIN), &empty_arn, Some(1), None).unwrap();
    assert_eq!(none.member_details, Some(vec![]));
    assert_eq!(none.next_token, None);
}

#[test]
fn members_added_or_removed_during_a_walk_do_not_disturb_the_others() {
    let (mut env, arn) = graph_with_members(20);
    let first = list_members(&mut env, &at(ADMIN), &arn, Some(7), None).unwrap();
    let mut seen: Vec<String> = first
        .member_details
        .unwrap()
        .into_iter()
        .map(|d| d.account_id.unwrap())
        .collect();
    // Remove the last one returned and one not yet returned; add one before and one after the cursor.
    env.state
        .delete_members(
            &at(ADMIN),
            DeleteMembersInput {
                graph_arn: Some(arn.clone()),
                account_ids: Some(vec![account_id(6), account_id(10)]),
            },
        )
        .unwrap();
    env.invite(ADMIN, &arn, &["000000000001", "999999999999"]);
    let mut token = first.next_token;
    while token.is_some() {
        let page = list_members(&mut env, &at(ADMIN), &arn, Some(7), token).unwrap();
        seen.extend(
            page.member_details
                .unwrap()
                .into_iter()
                .map(|d| d.account_id.unwrap()),
        );
        token = page.next_token;
    }
    let unique: BTreeSet<&String> = seen.iter().collect();
    assert_eq!(unique.len(), seen.len(), "no repeats");
    for i in (0..20).filter(|i| *i != 10) {
        assert!(seen.contains(&account_id(i)), "{i} was skipped");
    }
    assert!(!seen.contains(&account_id(10)));
    assert!(seen.contains(&"999999999999".to_owned()));
}

#[test]
fn list_invitations_pages_by_graph_arn() {
    let mut env = env();
    let admins = [ADMIN, CAROL, DAVE];
    let mut arns: Vec<String> = admins.iter().map(|a| env.graph(a)).collect();
    for (admin, arn) in admins.iter().zip(&arns) {
        env.invite(admin, arn, &[BOB]);
    }
    arns.sort();
    let mut seen = Vec::new();
    let mut token = None;
    loop {
        let page = env
            .state
            .list_invitations(
                &at(BOB),
                ListInvitationsInput {
                    max_results: Some(1),
                    next_token: token,
                },
            )
            .unwrap();
        let invitations = page.invitations.unwrap();
        assert_eq!(invitations.len(), 1);
        seen.push(invitations[0].graph_arn.clone().unwrap());
        token = page.next_token;
        if token.is_none() {
            break;
        }
    }
    assert_eq!(seen, arns);
}

#[test]
fn list_graphs_pages_too() {
    let mut env = env();
    let arn = env.graph(ADMIN);
    let page = env
        .state
        .list_graphs(
            &at(ADMIN),
            ListGraphsInput {
                max_results: Some(1),
                next_token: None,
            },
        )
        .unwrap();
    assert_eq!(page.graph_list.unwrap()[0].arn, Some(arn));
    assert_eq!(page.next_token, None);
}

#[test]
fn max_results_outside_1_to_200_is_refused_by_every_list() {
    let (mut env, arn) = graph_with_members(3);
    for bad in [0, -5, 201] {
        assert_invalid_body(list_members(&mut env, &at(ADMIN), &arn, Some(bad), None));
        assert_invalid_body(env.state.list_graphs(
            &at(ADMIN),
            ListGraphsInput {
                max_results: Some(bad),
                next_token: None,
            },
        ));
        assert_invalid_body(env.state.list_invitations(
            &at(BOB),
            ListInvitationsInput {
                max_results: Some(bad),
                next_token: None,
            },
        ));
    }
}

#[test]
fn tokens_are_refused_when_tampered_with_or_issued_for_another_operation_graph_or_caller() {
    let (mut env, arn) = graph_with_members(5);
    let token = list_members(&mut env, &at(ADMIN), &arn, Some(2), None)
        .unwrap()
        .next_token
        .unwrap();
    // The genuine token works, repeatedly.
    for _ in 0..2 {
        assert!(list_members(&mut env, &at(ADMIN), &arn, Some(2), Some(token.clone())).is_ok());
    }

    // Tampered: each flipped character, truncated, extended, upper-cased, garbage.
    let mut bad_tokens: Vec<String> = (0..token.len())
        .step_by(7)
        .map(|i| {
            let mut bytes = token.clone().into_bytes();
            bytes[i] = if bytes[i] == b'f' { b'e' } else { b'f' };
            String::from_utf8(bytes).unwrap()
        })
        .collect();
    bad_tokens.push(token[..token.len() - 1].to_owned());
    bad_tokens.push(format!("{token}0"));
    bad_tokens.push(token.to_uppercase());
    bad_tokens.extend(["", "x", "null", "{}", "%%%%"].map(String::from));
    bad_tokens.push("a".repeat(1025));
    for bad in bad_tokens {
        assert_invalid_body(list_members(&mut env, &at(ADMIN), &arn, Some(2), Some(bad)));
    }

    // Another operation.
    assert_invalid_body(env.state.list_invitations(
        &at(ADMIN),
        ListInvitationsInput {
            max_results: None,
            next_token: Some(token.clone()),
        },
    ));
    assert_invalid_body(env.state.list_graphs(
        &at(ADMIN),
        ListGraphsInput {
            max_results: None,
            next_token: Some(token.clone()),
        },
    ));

    // Another caller's invitations token.
    let bob_graph = env.graph(BOB);
    let carol_graph = env.graph(CAROL);
    env.invite(BOB, &bob_graph, &[DAVE]);
    env.invite(CAROL, &carol_graph, &[DAVE]);
    let dave_token = env
        .state
        .list_invitations(
            &at(DAVE),
            ListInvitationsInput {
                max_results: Some(1),
                next_token: None,
            },
        )
        .unwrap()
        .next_token
        .unwrap();
    assert_invalid_body(env.state.list_invitations(
        &at(ADMIN),
        ListInvitationsInput {
            max_results: Some(1),
            next_token: Some(dave_token.clone()),
        },
    ));
    // ... or the same caller in another region.
    assert_invalid_body(env.state.list_invitations(
        &Caller::new(DAVE, "eu-west-1"),
        ListInvitationsInput {
            max_results: Some(1),
            next_token: Some(dave_token),
        },
    ));

    // Another graph: the administrator's new graph after deleting the old one.
    env.state
        .delete_graph(
            &at(ADMIN),
            detective_types::DeleteGraphInput {
                graph_arn: Some(arn.clone()),
            },
        )
        .unwrap();
    let new_arn = env.graph(ADMIN);
    let ids: Vec<String> = (0..5).map(account_id).collect();
    let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
    env.invite(ADMIN, &new_arn, &ids);
    assert_invalid_body(list_members(
        &mut env,
        &at(ADMIN),
        &new_arn,
        Some(2),
        Some(token.clone()),
    ));

    // Another emulator (another key), even for a graph with the very same ARN.
    let mut other = env_with(
        StateConfig {
            token_key: b"another key".to_vec(),
            ..config()
        },
        AccountDirectory::new(),
    );
    let same_arn = other.graph(ADMIN);
    assert_eq!(same_arn, arn);
    assert_invalid_body(list_members(
        &mut other,
        &at(ADMIN),
        &same_arn,
        Some(2),
        Some(token),
    ));
}

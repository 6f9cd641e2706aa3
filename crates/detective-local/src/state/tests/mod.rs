//! Tests of the state machine against the behaviour contract, one file per concern.
//!
//! The fixtures pin time ([`ManualClock`]) and ids ([`SequentialIds`]) so
//! every ARN and timestamp can be asserted exactly.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod datasources;
mod graphs;
mod investigations;
mod invitations;
mod members;
mod model;
mod organizations;
mod pagination;
mod tags;

use super::{AccountDirectory, ApiError, Caller, ManualClock, SequentialIds, State, StateConfig};
use detective_types::{
    Account, CreateGraphInput, CreateMembersInput, CreateMembersOutput, ErrorCode,
    ListInvitationsInput, ListMembersInput, MemberDetail, MemberStatus, ServiceErrorCode,
    UnprocessedAccount,
};
use std::fmt::Debug;
use std::sync::Arc;

const REGION: &str = "us-east-1";
const ADMIN: &str = "111111111111";
const BOB: &str = "222222222222";
const CAROL: &str = "333333333333";
const DAVE: &str = "444444444444";

/// A state with a manual clock the test keeps a handle on.
struct Env {
    state: State,
    clock: Arc<ManualClock>,
}

fn config() -> StateConfig {
    StateConfig {
        token_key: b"unit-test-key".to_vec(),
        ..StateConfig::default()
    }
}

fn env() -> Env {
    env_with(config(), AccountDirectory::new())
}

fn env_with(config: StateConfig, directory: AccountDirectory) -> Env {
    let clock = Arc::new(ManualClock::default());
    let state = State::new(
        config,
        clock.clone(),
        Arc::new(SequentialIds::new()),
        directory,
    );
    Env { state, clock }
}

fn at(account: &str) -> Caller {
    Caller::new(account, REGION)
}

fn account(id: &str) -> Account {
    Account::new(id, format!("{id}@example.com"))
}

/// The ARN `SequentialIds` gives the `n`th graph created.
fn arn_for(region: &str, account: &str, n: u64) -> String {
    format!("arn:aws:detective:{region}:{account}:graph:{n:032x}")
}

/// The error code of a call that must fail.
fn code<T: Debug>(result: Result<T, ApiError>) -> ServiceErrorCode {
    match result {
        Ok(value) => panic!("expected an error, got {value:?}"),
        Err(error) => error.code,
    }
}

/// Asserts a call failed with a `ValidationException` carrying `INVALID_REQUEST_BODY`.
fn assert_invalid_body<T: Debug>(result: Result<T, ApiError>) {
    match result {
        Ok(value) => panic!("expected a ValidationException, got {value:?}"),
        Err(error) => {
            assert_eq!(error.code, ServiceErrorCode::ValidationException, "{error}");
            assert_eq!(error.validation_code, Some(ErrorCode::InvalidRequestBody));
        }
    }
}

fn unprocessed_ids(unprocessed: &Option<Vec<UnprocessedAccount>>) -> Vec<String> {
    let list = unprocessed
        .as_ref()
        .expect("UnprocessedAccounts is always present");
    for entry in list {
        let id = entry.account_id.as_deref().unwrap_or_default();
        let reason = entry.reason.as_deref().unwrap_or_default();
        assert!(
            reason.contains(id) && reason.ends_with('.'),
            "the reason names the account in a sentence: {reason:?}"
        );
    }
    list.iter()
        .map(|u| u.account_id.clone().unwrap_or_default())
        .collect()
}

fn statuses(details: &[MemberDetail]) -> Vec<(String, MemberStatus)> {
    details
        .iter()
        .map(|d| {
            (
                d.account_id.clone().unwrap_or_default(),
                d.status.clone().expect("status is always set"),
            )
        })
        .collect()
}

impl Env {
    fn graph(&mut self, admin: &str) -> String {
        self.state
            .create_graph(&at(admin), CreateGraphInput::default())
            .unwrap()
            .graph_arn
            .unwrap()
    }

    fn invite(&mut self, admin: &str, arn: &str, ids: &[&str]) -> CreateMembersOutput {
        self.state
            .create_members(
                &at(admin),
                CreateMembersInput {
                    graph_arn: Some(arn.to_owned()),
                    accounts: Some(ids.iter().map(|id| account(id)).collect()),
                    ..Default::default()
                },
            )
            .unwrap()
    }

    /// Every member of the graph, walking all pages.
    fn members(&mut self, admin: &str, arn: &str) -> Vec<MemberDetail> {
        let mut all = Vec::new();
        let mut token = None;
        loop {
            let page = self
                .state
                .list_members(
                    &at(admin),
                    ListMembersInput {
                        graph_arn: Some(arn.to_owned()),
                        max_results: None,
                        next_token: token,
                    },
                )
                .unwrap();
            all.extend(page.member_details.unwrap());
            token = page.next_token;
            if token.is_none() {
                return all;
            }
        }
    }

    fn member_statuses(&mut self, admin: &str, arn: &str) -> Vec<(String, MemberStatus)> {
        statuses(&self.members(admin, arn))
    }

    /// Every invitation of the caller, as (graph ARN, status), walking all pages.
    fn invitations(&mut self, who: &Caller) -> Vec<(String, MemberStatus)> {
        let mut all = Vec::new();
        let mut token = None;
        loop {
            let page = self
                .state
                .list_invitations(
                    who,
                    ListInvitationsInput {
                        max_results: None,
                        next_token: token,
                    },
                )
                .unwrap();
            for detail in page.invitations.unwrap() {
                assert_eq!(detail.account_id.as_deref(), Some(who.account_id.as_str()));
                all.push((detail.graph_arn.unwrap(), detail.status.unwrap()));
            }
            token = page.next_token;
            if token.is_none() {
                return all;
            }
        }
    }
}

#[test]
fn default_config_has_the_service_quota_no_delay_and_a_secret_random_key() {
    let a = StateConfig::default();
    let b = StateConfig::default();
    assert_eq!(a.member_quota, 1200);
    assert!(a.verification_delay.is_zero());
    assert_eq!(a.token_key.len(), 32);
    assert_ne!(a.token_key, b.token_key);
    let shown = format!("{a:?}");
    assert!(shown.contains("1200") && shown.contains(detective_types::REDACTED));
    let state = State::new(
        a,
        Arc::new(super::SystemClock),
        Arc::new(super::RandomIds),
        AccountDirectory::new(),
    );
    assert!(format!("{state:?}").starts_with("State"));
}

//! The project's client against the emulator, in-process and over a loopback socket.
//!
//! Every scenario runs twice — once through the in-process transport (the
//! emulator's HTTP handler called without a socket) and once against a
//! `Server` on 127.0.0.1:0 through the default hyper transport — so the two
//! ways of running the emulator are shown to answer identically.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use detective_client::{Client, Error};
use detective_local::{CredentialsFile, Emulator, EmulatorConfig, Server, ServerHandle};
use detective_types::{ErrorCode, MemberStatus, ServiceErrorCode};
use futures_util::TryStreamExt;
use std::collections::BTreeSet;
use std::net::SocketAddr;

const ADMIN: &str = "111111111111";
const ALICE: &str = "222222222222";
const BOB: &str = "333333333333";
const MALLORY: &str = "999999999999";

#[derive(Clone, Copy, Debug)]
enum Mode {
    InProcess,
    Loopback,
}

struct Harness {
    emulator: Emulator,
    server: Option<(SocketAddr, ServerHandle)>,
}

impl Harness {
    fn start(mode: Mode, quota: usize) -> Harness {
        let credentials = CredentialsFile::default()
            .with_email(ALICE, "alice@example.com")
            .with_email(MALLORY, "mallory@example.com");
        let config = EmulatorConfig {
            member_quota: quota,
            credentials,
            ..EmulatorConfig::default()
        };
        let emulator = Emulator::new(config);
        let server = match mode {
            Mode::InProcess => None,
            Mode::Loopback => Some(
                Server::spawn(emulator.clone(), SocketAddr::from(([127, 0, 0, 1], 0)))
                    .expect("bind loopback"),
            ),
        };
        Harness { emulator, server }
    }

    fn client(&self, account: &str) -> Client {
        let builder = Client::builder()
            .region("us-east-1")
            .static_credentials(account, "test")
            .jitter(|| 0.0);
        match &self.server {
            Some((addr, _)) => builder.endpoint_url(format!("http://{addr}")),
            None => builder
                .endpoint_url("http://detective.local")
                .transport(self.emulator.transport()),
        }
        .build()
        .expect("client builds")
    }

    async fn stop(self) {
        if let Some((_, handle)) = self.server {
            handle.shutdown().await.expect("clean shutdown");
        }
    }
}

fn code(result: Result<impl std::fmt::Debug, Error>) -> ServiceErrorCode {
    match result {
        Err(Error::Service(e)) => {
            assert!(
                e.request_id.is_some(),
                "every error carries a request id: {e}"
            );
            e.code
        }
        other => panic!("expected a service error, got {other:?}"),
    }
}

async fn every_operation_and_error(mode: Mode) {
    let h = Harness::start(mode, 1200);
    let (admin, alice, bob) = (h.client(ADMIN), h.client(ALICE), h.client(BOB));

    let graph = admin
        .create_graph()
        .tag("env", "test")
        .await
        .unwrap()
        .graph_arn
        .unwrap();
    let same = admin.create_graph().await.unwrap().graph_arn.unwrap();
    assert_eq!(graph, same, "CreateGraph is idempotent");
    let graphs = admin
        .list_graphs()
        .await
        .unwrap()
        .graph_list
        .unwrap_or_default();
    assert_eq!(graphs.len(), 1);
    assert!(bob
        .list_graphs()
        .await
        .unwrap()
        .graph_list
        .unwrap_or_default()
        .is_empty());

    let created = admin
        .create_members()
        .graph_arn(&graph)
        .account(ALICE, "alice@example.com")
        .account(BOB, "bob@example.com")
        .account(MALLORY, "not-mallory@example.com")
        .account(BOB, "bob@example.com")
        .account(ADMIN, "admin@example.com")
        .await
        .unwrap();
    let statuses: Vec<_> = created
        .members
        .unwrap()
        .into_iter()
        .map(|m| (m.account_id.unwrap(), m.status.unwrap()))
        .collect();
    assert_eq!(
        statuses,
        vec![
            (ALICE.to_owned(), MemberStatus::Invited),
            (BOB.to_owned(), MemberStatus::Invited),
            (MALLORY.to_owned(), MemberStatus::VerificationFailed),
        ]
    );
    let unprocessed: Vec<_> = created
        .unprocessed_accounts
        .unwrap()
        .into_iter()
        .map(|u| u.account_id.unwrap())
        .collect();
    assert_eq!(unprocessed, vec![BOB.to_owned(), ADMIN.to_owned()]);

    // Administrator-only operations refuse members (403) and unknown graphs (404).
    let unknown = "arn:aws:detective:us-east-1:111111111111:graph:00000000000000000000000000000000";
    assert_eq!(
        code(
            alice
                .get_members()
                .graph_arn(&graph)
                .account_ids([ALICE])
                .await
        ),
        ServiceErrorCode::AccessDeniedException
    );
    assert_eq!(
        code(alice.list_members().graph_arn(&graph).await),
        ServiceErrorCode::AccessDeniedException
    );
    assert_eq!(
        code(
            alice
                .delete_members()
                .graph_arn(&graph)
                .account_ids([BOB])
                .await
        ),
        ServiceErrorCode::AccessDeniedException
    );
    assert_eq!(
        code(alice.delete_graph().graph_arn(&graph).await),
        ServiceErrorCode::AccessDeniedException
    );
    assert_eq!(
        code(admin.list_members().graph_arn(unknown).await),
        ServiceErrorCode::ResourceNotFoundException
    );
    assert_eq!(
        code(
            admin
                .create_members()
                .graph_arn(unknown)
                .account(ALICE, "alice@example.com")
                .await
        ),
        ServiceErrorCode::ResourceNotFoundException
    );

    // Invitations from the member's side.
    let invitations = alice.list_invitations().await.unwrap().invitations.unwrap();
    assert_eq!(invitations.len(), 1);
    assert_eq!(invitations[0].graph_arn.as_deref(), Some(graph.as_str()));
    assert_eq!(invitations[0].administrator_id.as_deref(), Some(ADMIN));
    assert_eq!(invitations[0].master_id.as_deref(), Some(ADMIN));
    let mallory = h.client(MALLORY);
    assert!(mallory
        .list_invitations()
        .await
        .unwrap()
        .invitations
        .unwrap_or_default()
        .is_empty());

    // Disassociating before accepting is a conflict; accepting works once.
    assert_eq!(
        code(alice.disassociate_membership().graph_arn(&graph).await),
        ServiceErrorCode::ConflictException
    );
    alice.accept_invitation().graph_arn(&graph).await.unwrap();
    assert_eq!(
        code(alice.accept_invitation().graph_arn(&graph).await),
        ServiceErrorCode::ConflictException
    );
    assert_eq!(
        code(alice.reject_invitation().graph_arn(&graph).await),
        ServiceErrorCode::ConflictException
    );
    assert_eq!(
        code(admin.accept_invitation().graph_arn(&graph).await),
        ServiceErrorCode::ResourceNotFoundException
    );
    assert_eq!(
        code(admin.disassociate_membership().graph_arn(&graph).await),
        ServiceErrorCode::ConflictException
    );
    assert_eq!(
        code(alice.accept_invitation().graph_arn(unknown).await),
        ServiceErrorCode::ResourceNotFoundException
    );

    bob.reject_invitation().graph_arn(&graph).await.unwrap();
    assert_eq!(
        code(bob.accept_invitation().graph_arn(&graph).await),
        ServiceErrorCode::ResourceNotFoundException
    );

    let got = admin
        .get_members()
        .graph_arn(&graph)
        .account_ids([ALICE, BOB])
        .await
        .unwrap();
    let details = got.member_details.unwrap();
    assert_eq!(details.len(), 1);
    assert_eq!(details[0].status, Some(MemberStatus::Enabled));
    assert_eq!(
        got.unprocessed_accounts.unwrap()[0].account_id.as_deref(),
        Some(BOB)
    );

    alice
        .disassociate_membership()
        .graph_arn(&graph)
        .await
        .unwrap();
    let deleted = admin
        .delete_members()
        .graph_arn(&graph)
        .account_ids([MALLORY, ALICE, ADMIN])
        .await
        .unwrap();
    assert_eq!(deleted.account_ids.unwrap(), vec![MALLORY.to_owned()]);
    assert_eq!(deleted.unprocessed_accounts.unwrap().len(), 2);

    // Server-side validation: the emulator runs the same validate(); send raw JSON to reach it.
    let raw = h.emulator.handle_sync(
        http::Request::post("/graph/members/get")
            .body(bytes::Bytes::from_static(b"{}"))
            .unwrap(),
    );
    assert_eq!(raw.status(), 403, "unsigned requests are refused first");

    admin.delete_graph().graph_arn(&graph).await.unwrap();
    assert_eq!(
        code(admin.list_members().graph_arn(&graph).await),
        ServiceErrorCode::ResourceNotFoundException
    );
    let again = admin.create_graph().await.unwrap().graph_arn.unwrap();
    assert_ne!(again, graph, "a new graph gets a new ARN");
    h.stop().await;
}

async fn pagination_and_tokens(mode: Mode) {
    let h = Harness::start(mode, 1200);
    let admin = h.client(ADMIN);
    let graph = admin.create_graph().await.unwrap().graph_arn.unwrap();
    let accounts: Vec<String> = (0..135)
        .map(|i| format!("{:012}", 700_000_000_000u64 + i))
        .collect();
    for chunk in accounts.chunks(50) {
        let mut call = admin.create_members().graph_arn(&graph);
        for a in chunk {
            call = call.account(a, format!("o{a}@example.com"));
        }
        call.await.unwrap();
    }
    for page_size in [1, 7, 200] {
        let pages = admin
            .list_members()
            .graph_arn(&graph)
            .into_paginator()
            .page_size(page_size)
            .pages()
            .try_collect::<Vec<_>>()
            .await
            .unwrap();
        let items: Vec<String> = pages
            .iter()
            .flat_map(|p| p.member_details.clone().unwrap_or_default())
            .map(|m| m.account_id.unwrap())
            .collect();
        assert_eq!(
            items, accounts,
            "page size {page_size}: all, in order, no repeats"
        );
        let expected_pages = accounts.len().div_ceil(page_size as usize);
        assert_eq!(pages.len(), expected_pages, "page size {page_size}");
        assert!(pages.last().unwrap().next_token.is_none());
        assert!(pages[..pages.len() - 1]
            .iter()
            .all(|p| p.next_token.is_some()));
    }

    let first = admin
        .list_members()
        .graph_arn(&graph)
        .max_results(5)
        .await
        .unwrap();
    let token = first.next_token.unwrap();
    let mut tampered = token.clone();
    let last = tampered.pop().unwrap();
    tampered.push(if last == '0' { '1' } else { '0' });
    let err = admin
        .list_members()
        .graph_arn(&graph)
        .next_token(tampered)
        .await;
    match err {
        Err(Error::Service(e)) => {
            assert_eq!(e.code, ServiceErrorCode::ValidationException);
            assert_eq!(e.error_code, Some(ErrorCode::InvalidRequestBody));
        }
        other => panic!("tampered token accepted: {other:?}"),
    }
    // A token of ListMembers is not a token of ListGraphs or of another caller.
    assert_eq!(
        code(admin.list_graphs().next_token(token.clone()).await),
        ServiceErrorCode::ValidationException
    );
    let other_admin = h.client(BOB);
    let other_graph = other_admin.create_graph().await.unwrap().graph_arn.unwrap();
    other_admin
        .create_members()
        .graph_arn(&other_graph)
        .account(ALICE, "alice@example.com")
        .await
        .unwrap();
    assert_eq!(
        code(
            other_admin
                .list_members()
                .graph_arn(&other_graph)
                .next_token(token)
                .await
        ),
        ServiceErrorCode::ValidationException
    );
    let unique: BTreeSet<_> = accounts.iter().collect();
    assert_eq!(unique.len(), accounts.len());
    h.stop().await;
}

async fn quota_fails_whole(mode: Mode) {
    let h = Harness::start(mode, 3);
    let admin = h.client(ADMIN);
    let graph = admin.create_graph().await.unwrap().graph_arn.unwrap();
    admin
        .create_members()
        .graph_arn(&graph)
        .account(ALICE, "alice@example.com")
        .await
        .unwrap();
    let over = admin
        .create_members()
        .graph_arn(&graph)
        .account(BOB, "bob@example.com")
        .account("555555555555", "c@example.com")
        .account("666666666666", "d@example.com")
        .await;
    assert_eq!(code(over), ServiceErrorCode::ServiceQuotaExceededException);
    let members = admin
        .list_members()
        .graph_arn(&graph)
        .await
        .unwrap()
        .member_details
        .unwrap();
    assert_eq!(members.len(), 1, "a request over quota changes nothing");
    h.stop().await;
}

async fn client_validation_matches_emulator(mode: Mode) {
    // The client refuses bad input before sending; the emulator, reached with the
    // same input through a request the client did not validate, refuses it too.
    let h = Harness::start(mode, 1200);
    let admin = h.client(ADMIN);
    let bad = admin
        .get_members()
        .graph_arn("arn:aws:detective:us-east-1:1:graph:x")
        .account_ids([ALICE])
        .await;
    assert!(
        matches!(bad, Err(Error::Validation(ref e)) if e.member() == "GraphArn"),
        "{bad:?}"
    );
    h.stop().await;
}

macro_rules! both_modes {
    ($($name:ident),+) => {
        mod in_process {
            $( #[tokio::test] async fn $name() { super::$name(super::Mode::InProcess).await } )+
        }
        mod loopback {
            $( #[tokio::test] async fn $name() { super::$name(super::Mode::Loopback).await } )+
        }
    };
}

both_modes!(
    every_operation_and_error,
    pagination_and_tokens,
    quota_fails_whole,
    client_validation_matches_emulator
);

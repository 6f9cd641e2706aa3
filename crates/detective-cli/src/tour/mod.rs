//! `detective tour`: the whole life of a behavior graph, checked step by step.
//!
//! The tour is both a demonstration and an end-to-end test: it uses the real
//! client (HTTP, SigV4, retries) against the emulator it starts on a free
//! loopback port, or against any endpoint given with `--endpoint-url`, and
//! compares every answer with what the service's specification says must
//! happen. Any difference is printed and makes the command exit non-zero.

mod table;

use clap::Args;
use detective_client::{Client, Error};
use detective_local::{CredentialsFile, Emulator, EmulatorConfig, Server};
use detective_types::{MemberDetail, MemberStatus, ServiceErrorCode};
use futures_util::TryStreamExt;
use std::collections::BTreeSet;
use std::fmt::Debug;
use std::net::SocketAddr;
use std::process::ExitCode;
use table::members_table;

const ADMIN: &str = "111111111111";
const ALICE: &str = "222222222222";
const BOB: &str = "333333333333";
const CAROL: &str = "444444444444";
/// The accounts file of the embedded emulator: it gives Carol a root e-mail the tour gets wrong.
const TOUR_ACCOUNTS: &str = include_str!("../../tour-accounts.toml");
/// How many extra members the pagination step invites.
const BULK_MEMBERS: u64 = 130;

/// Options of `detective tour`.
#[derive(Debug, Args)]
pub struct TourArgs {
    /// Run against this endpoint instead of an embedded emulator (start it with
    /// `--credentials-file crates/detective-cli/tour-accounts.toml`).
    #[arg(long, value_name = "URL")]
    endpoint_url: Option<String>,
    /// Region to sign requests for.
    #[arg(long, default_value = "us-east-1")]
    region: String,
}

/// Runs the tour; exit code 0 when every step behaved as specified.
pub async fn run(args: TourArgs) -> Result<ExitCode, String> {
    let (endpoint, server) = match args.endpoint_url {
        Some(url) => (url, None),
        None => {
            let credentials =
                CredentialsFile::from_toml_str(TOUR_ACCOUNTS).map_err(|e| e.to_string())?;
            let config = EmulatorConfig {
                region: args.region.clone(),
                credentials,
                ..EmulatorConfig::default()
            };
            let (addr, handle) =
                Server::spawn(Emulator::new(config), SocketAddr::from(([127, 0, 0, 1], 0)))
                    .map_err(|e| format!("could not start the emulator: {e}"))?;
            (format!("http://{addr}"), Some(handle))
        }
    };
    println!(
        "Detective tour against {endpoint} (region {})\n",
        args.region
    );
    let mut tour = Tour::new(&endpoint, &args.region)?;
    tour.walk().await;
    if let Some(handle) = server {
        let _ = handle.shutdown().await;
    }
    if tour.failures.is_empty() {
        println!("\nAll {} checks passed.", tour.checks);
        Ok(ExitCode::SUCCESS)
    } else {
        println!(
            "\n{} of {} checks FAILED:",
            tour.failures.len(),
            tour.checks
        );
        for failure in &tour.failures {
            println!("  - {failure}");
        }
        Ok(ExitCode::from(1))
    }
}

struct Tour {
    admin: Client,
    alice: Client,
    bob: Client,
    carol: Client,
    step: usize,
    checks: usize,
    failures: Vec<String>,
}

fn client(endpoint: &str, region: &str, account: &str) -> Result<Client, String> {
    Client::builder()
        .region(region)
        .endpoint_url(endpoint)
        .static_credentials(account, "test")
        .build()
        .map_err(|e| e.to_string())
}

fn accounts_of(members: &[MemberDetail]) -> Vec<String> {
    members
        .iter()
        .filter_map(|m| m.account_id.clone())
        .collect()
}

impl Tour {
    fn new(endpoint: &str, region: &str) -> Result<Tour, String> {
        Ok(Tour {
            admin: client(endpoint, region, ADMIN)?,
            alice: client(endpoint, region, ALICE)?,
            bob: client(endpoint, region, BOB)?,
            carol: client(endpoint, region, CAROL)?,
            step: 0,
            checks: 0,
            failures: Vec::new(),
        })
    }

    fn heading(&mut self, title: &str) {
        self.step += 1;
        println!("{}. {title}", self.step);
    }

    fn check<T: PartialEq + Debug>(&mut self, what: &str, got: T, want: T) {
        self.checks += 1;
        if got == want {
            println!("   ok   {what}");
        } else {
            println!("   FAIL {what}: got {got:?}, expected {want:?}");
            self.failures.push(format!(
                "step {}: {what}: got {got:?}, expected {want:?}",
                self.step
            ));
        }
    }

    /// Records a call that failed unexpectedly; returns the value when it succeeded.
    fn ok<T>(&mut self, what: &str, result: Result<T, Error>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(e) => {
                self.checks += 1;
                println!("   FAIL {what}: {e}");
                self.failures
                    .push(format!("step {}: {what}: {e}", self.step));
                None
            }
        }
    }

    fn expect_error<T: Debug>(
        &mut self,
        what: &str,
        result: Result<T, Error>,
        code: ServiceErrorCode,
    ) {
        match result {
            Err(Error::Service(e)) => {
                println!("   -> {e}");
                self.check(what, e.code, code);
            }
            other => self.check(what, format!("{other:?}"), format!("Err({code})")),
        }
    }

    async fn members(&mut self, graph: &str) -> Vec<MemberDetail> {
        let listed = self
            .admin
            .list_members()
            .graph_arn(graph)
            .into_paginator()
            .items()
            .try_collect::<Vec<_>>()
            .await;
        self.ok("ListMembers", listed).unwrap_or_default()
    }

    async fn show_members(&mut self, graph: &str) -> Vec<MemberDetail> {
        let members = self.members(graph).await;
        print!("{}", members_table(&members));
        members
    }

    fn status_of(members: &[MemberDetail], account: &str) -> Option<MemberStatus> {
        members
            .iter()
            .find(|m| m.account_id.as_deref() == Some(account))
            .and_then(|m| m.status.clone())
    }

    async fn walk(&mut self) {
        self.heading("The administrator creates a behavior graph");
        let created = self.admin.create_graph().tag("team", "security").await;
        let Some(graph) = self.ok("CreateGraph", created).and_then(|o| o.graph_arn) else {
            return;
        };
        println!("   graph {graph}");
        let again = self.admin.create_graph().await;
        let again = self
            .ok("CreateGraph again", again)
            .and_then(|o| o.graph_arn);
        self.check(
            "CreateGraph is idempotent (same ARN)",
            again.as_deref(),
            Some(graph.as_str()),
        );
        let graphs = self.admin.list_graphs().await;
        let listed = self
            .ok("ListGraphs", graphs)
            .and_then(|o| o.graph_list)
            .unwrap_or_default();
        self.check("ListGraphs shows one graph", listed.len(), 1);

        self.heading("The administrator invites Alice, Bob and Carol (with a wrong address)");
        let invited = self
            .admin
            .create_members()
            .graph_arn(&graph)
            .message("Join our investigation graph")
            .account(ALICE, "alice@example.com")
            .account(BOB, "bob@example.com")
            .account(CAROL, "mallory@example.com")
            .account(ADMIN, "admin@example.com")
            .await;
        if let Some(out) = self.ok("CreateMembers", invited) {
            let created = accounts_of(&out.members.unwrap_or_default());
            self.check(
                "three members created",
                created,
                vec![ALICE.into(), BOB.into(), CAROL.into()],
            );
            let unprocessed: Vec<_> = out
                .unprocessed_accounts
                .unwrap_or_default()
                .into_iter()
                .filter_map(|u| {
                    println!(
                        "   unprocessed {}: {}",
                        u.account_id.as_deref().unwrap_or("?"),
                        u.reason.as_deref().unwrap_or("")
                    );
                    u.account_id
                })
                .collect();
            self.check(
                "the administrator's own account is unprocessed",
                unprocessed,
                vec![ADMIN.to_owned()],
            );
        }
        let members = self.show_members(&graph).await;
        self.check(
            "Alice is INVITED",
            Self::status_of(&members, ALICE),
            Some(MemberStatus::Invited),
        );
        self.check(
            "Bob is INVITED",
            Self::status_of(&members, BOB),
            Some(MemberStatus::Invited),
        );
        self.check(
            "Carol failed verification",
            Self::status_of(&members, CAROL),
            Some(MemberStatus::VerificationFailed),
        );

        self.heading("The members list their invitations");
        for (name, account) in [("Alice", ALICE), ("Bob", BOB), ("Carol", CAROL)] {
            let member = match account {
                ALICE => self.alice.clone(),
                BOB => self.bob.clone(),
                _ => self.carol.clone(),
            };
            let listed = member
                .list_invitations()
                .into_paginator()
                .items()
                .try_collect::<Vec<_>>()
                .await;
            let invitations = self.ok("ListInvitations", listed).unwrap_or_default();
            let graphs: Vec<_> = invitations
                .iter()
                .filter_map(|i| i.graph_arn.clone())
                .collect();
            let want = if account == CAROL {
                vec![]
            } else {
                vec![graph.clone()]
            };
            self.check(
                &format!("{name} sees {} invitation(s)", want.len()),
                graphs,
                want,
            );
        }

        self.heading("Alice accepts; Bob declines");
        let accepted = self.alice.accept_invitation().graph_arn(&graph).await;
        self.ok("Alice AcceptInvitation", accepted);
        let rejected = self.bob.reject_invitation().graph_arn(&graph).await;
        self.ok("Bob RejectInvitation", rejected);
        let members = self.show_members(&graph).await;
        self.check(
            "Alice is ENABLED",
            Self::status_of(&members, ALICE),
            Some(MemberStatus::Enabled),
        );
        self.check("Bob is gone", Self::status_of(&members, BOB), None);
        let twice = self.alice.accept_invitation().graph_arn(&graph).await;
        self.expect_error(
            "accepting twice is a conflict",
            twice,
            ServiceErrorCode::ConflictException,
        );
        let gone = self.bob.accept_invitation().graph_arn(&graph).await;
        self.expect_error(
            "Bob can no longer accept",
            gone,
            ServiceErrorCode::ResourceNotFoundException,
        );
        let not_admin = self
            .alice
            .get_members()
            .graph_arn(&graph)
            .account_ids([ALICE])
            .await;
        self.expect_error(
            "a member cannot read the graph's members",
            not_admin,
            ServiceErrorCode::AccessDeniedException,
        );

        self.heading("Alice leaves the graph");
        let left = self.alice.disassociate_membership().graph_arn(&graph).await;
        self.ok("Alice DisassociateMembership", left);
        let members = self.show_members(&graph).await;
        self.check("Alice is gone", Self::status_of(&members, ALICE), None);
        let admin_leaves = self.admin.disassociate_membership().graph_arn(&graph).await;
        self.expect_error(
            "the administrator cannot disassociate",
            admin_leaves,
            ServiceErrorCode::ConflictException,
        );

        self.heading(&format!(
            "The administrator invites {BULK_MEMBERS} more accounts and pages through them"
        ));
        let bulk: Vec<String> = (0..BULK_MEMBERS)
            .map(|i| format!("{:012}", 500_000_000_000 + i))
            .collect();
        for chunk in bulk.chunks(50) {
            let mut call = self
                .admin
                .create_members()
                .graph_arn(&graph)
                .disable_email_notification(true);
            for account in chunk {
                call = call.account(account, format!("owner-{account}@example.com"));
            }
            let created = call.await;
            let count = self
                .ok("CreateMembers (bulk)", created)
                .and_then(|o| o.members)
                .map(|m| m.len());
            self.check(
                "every account of the chunk invited",
                count,
                Some(chunk.len()),
            );
        }
        for page_size in [1, 7, 200] {
            let pages = self
                .admin
                .list_members()
                .graph_arn(&graph)
                .into_paginator()
                .page_size(page_size)
                .pages()
                .try_collect::<Vec<_>>()
                .await;
            let Some(pages) = self.ok("ListMembers pages", pages) else {
                continue;
            };
            let items: Vec<String> = pages
                .iter()
                .flat_map(|p| accounts_of(p.member_details.as_deref().unwrap_or_default()))
                .collect();
            let unique: BTreeSet<&String> = items.iter().collect();
            println!(
                "   page size {page_size}: {} pages, {} members",
                pages.len(),
                items.len()
            );
            self.check(
                &format!("page size {page_size}: no repeats"),
                unique.len(),
                items.len(),
            );
            self.check(
                &format!("page size {page_size}: every member once (Carol + {BULK_MEMBERS})"),
                items.len(),
                bulk.len() + 1,
            );
        }
        let some: Vec<String> = bulk.iter().take(10).cloned().collect();
        let got = self
            .admin
            .get_members()
            .graph_arn(&graph)
            .account_ids(some.clone())
            .await;
        if let Some(out) = self.ok("GetMembers", got) {
            self.check(
                "GetMembers returns the ten asked for",
                accounts_of(&out.member_details.unwrap_or_default()),
                some,
            );
        }

        self.heading("The administrator removes every member");
        let mut everyone = bulk.clone();
        everyone.push(CAROL.to_owned());
        for chunk in everyone.chunks(50) {
            let deleted = self
                .admin
                .delete_members()
                .graph_arn(&graph)
                .account_ids(chunk.to_vec())
                .await;
            let count = self
                .ok("DeleteMembers", deleted)
                .and_then(|o| o.account_ids)
                .map(|a| a.len());
            self.check(
                "every account of the chunk removed",
                count,
                Some(chunk.len()),
            );
        }
        let members = self.show_members(&graph).await;
        self.check("no members remain", members.len(), 0);

        self.heading("The administrator deletes the graph");
        let deleted = self.admin.delete_graph().graph_arn(&graph).await;
        self.ok("DeleteGraph", deleted);
        let graphs = self.admin.list_graphs().await;
        let remaining = self
            .ok("ListGraphs", graphs)
            .and_then(|o| o.graph_list)
            .unwrap_or_default();
        self.check("no graphs remain", remaining.len(), 0);
        let after = self.admin.list_members().graph_arn(&graph).await;
        self.expect_error(
            "the deleted graph is gone",
            after,
            ServiceErrorCode::ResourceNotFoundException,
        );
    }
}

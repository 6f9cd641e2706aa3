//! The emulator under concurrent load: 64 clients over 16 accounts, over loopback, against `Server::spawn`.
//!
//! Each client is the real `detective_client::Client` (no retries, so one
//! call is one request) acting as one of 16 accounts, four clients per
//! account, doing a seeded random mix of valid and invalid calls on graphs
//! that all of them share: creating and deleting graphs, inviting and
//! removing members, accepting, rejecting and leaving, reading, and calls
//! that must fail (another account's graph, a graph that does not exist, a
//! membership in the wrong state, a member quota of 5 that many invitations
//! would pass, inputs the client refuses before sending).
//!
//! The emulator logs, through its journal hook, every change it applied in
//! the order it applied them, with the request id it answered with. Then:
//! - every change a client saw acknowledged is in the log, once;
//! - folding the log in order through a small reference model of the
//!   contract gives what each client was told at the time (the ARN of each
//!   new graph, the accounts each `CreateMembers` invited) and the final
//!   state the emulator shows through the API: so every acknowledged change
//!   is visible unless a later acknowledged change undid it;
//! - the invariants hold: one membership per account and graph, no
//!   administrator among its own members, member counts within the quota, no
//!   invitation to a graph that no longer exists;
//! - replaying the log into a fresh emulator gives exactly the same state.
//!
//! Bounded: 64 x 40 calls, each with a 20 s deadline, the whole run 180 s.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use bytes::Bytes;
use detective_client::{Client, Error};
use detective_local::persist::{AppliedOperation, MemoryJournal};
use detective_local::server::Server;
use detective_local::state::{RandomIds, SystemClock};
use detective_local::{Emulator, EmulatorConfig};
use detective_transport::{FnTransport, HyperTransport, TransportError};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tower_service::Service;

const CLIENTS: usize = 64;
const ACCOUNTS: usize = 16;
const CALLS_PER_CLIENT: usize = 40;
const MEMBER_QUOTA: usize = 5;
const SEED: u64 = 0x5eed_0008;
const REGION: &str = "us-east-1";

fn account(i: usize) -> String {
    format!("{:012}", 100_000_000_000u64 + i as u64)
}

/// xorshift64*: enough randomness for choosing calls, and the same run for the same seed.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        Rng(seed.max(1))
    }
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// What one call came to.
#[derive(Debug, Clone)]
enum Outcome {
    /// 2xx, with the request id of the answer.
    Ok(String),
    /// A service error: status and code.
    Service(u16, String),
    /// Refused by the client before anything was sent.
    Local,
    /// No answer (must not happen on loopback).
    Transport(#[allow(dead_code)] String),
}

/// What a client was told by an acknowledged change, to check against the log.
#[derive(Debug, Clone, PartialEq)]
enum Told {
    Graph(String),
    Invited(Vec<String>),
    Nothing,
}

#[derive(Default)]
struct Tally {
    calls: usize,
    ok: usize,
    refused_locally: usize,
    transport_errors: usize,
    by_code: BTreeMap<String, usize>,
    /// Request id -> (operation, account, what the client was told).
    acknowledged: BTreeMap<String, (String, String, Told)>,
}

const MUTATING: [&str; 7] = [
    "CreateGraph",
    "DeleteGraph",
    "CreateMembers",
    "DeleteMembers",
    "AcceptInvitation",
    "RejectInvitation",
    "DisassociateMembership",
];

fn outcome<T>(result: &Result<T, Error>, last_request_id: &Mutex<Option<String>>) -> Outcome {
    match result {
        Ok(_) => Outcome::Ok(last_request_id.lock().unwrap().take().unwrap_or_default()),
        Err(Error::Service(e)) => Outcome::Service(e.status, e.code.as_str().to_owned()),
        Err(Error::Validation(_)) => Outcome::Local,
        Err(other) => Outcome::Transport(other.to_string()),
    }
}

/// A client for `account` whose transport notes the request id of each answer.
fn client(addr: std::net::SocketAddr, account: &str) -> (Client, Arc<Mutex<Option<String>>>) {
    let last = Arc::new(Mutex::new(None::<String>));
    let hyper = HyperTransport::new().unwrap();
    let noted = Arc::clone(&last);
    let transport = FnTransport::from_async(move |request: http::Request<Bytes>| {
        let mut hyper = hyper.clone();
        let noted = Arc::clone(&noted);
        async move {
            std::future::poll_fn(|cx| hyper.poll_ready(cx)).await?;
            let response = hyper.call(request).await?;
            let id = response
                .headers()
                .get("x-amzn-requestid")
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned);
            *noted.lock().unwrap() = id;
            Ok::<_, TransportError>(response)
        }
    });
    let client = Client::builder()
        .region(REGION)
        .static_credentials(account, "test")
        .endpoint_url(format!("http://{addr}"))
        .max_attempts(1)
        .operation_timeout(Duration::from_secs(20))
        .transport(transport)
        .build()
        .unwrap();
    (client, last)
}

fn random_graph(rng: &mut Rng, known: &Mutex<Vec<String>>) -> Option<String> {
    let known = known.lock().unwrap();
    (!known.is_empty()).then(|| known[rng.below(known.len())].clone())
}

fn some_accounts(rng: &mut Rng) -> Vec<String> {
    (0..1 + rng.below(3))
        .map(|_| account(rng.below(ACCOUNTS)))
        .collect()
}

/// One client's run: `CALLS_PER_CLIENT` seeded random calls.
async fn run_client(
    index: usize,
    addr: std::net::SocketAddr,
    known: Arc<Mutex<Vec<String>>>,
) -> Tally {
    let me = account(index % ACCOUNTS);
    let (client, last) = client(addr, &me);
    let mut rng = Rng::new(SEED ^ (index as u64 + 1).wrapping_mul(0x9e37_79b9_7f4a_7c15));
    let mut tally = Tally::default();
    let mut mine: Option<String> = None;
    for _ in 0..CALLS_PER_CLIENT {
        let roll = rng.below(100);
        let (operation, result): (&str, Outcome) = match roll {
            0..=9 => {
                let r = client.create_graph().send().await;
                let o = outcome(&r, &last);
                if let Ok(out) = &r {
                    let arn = out.graph_arn.clone().unwrap_or_default();
                    known.lock().unwrap().push(arn.clone());
                    mine = Some(arn.clone());
                    record(&mut tally, "CreateGraph", &me, &o, Told::Graph(arn));
                }
                ("CreateGraph", o)
            }
            10..=13 => {
                let target = if rng.below(4) == 0 {
                    random_graph(&mut rng, &known)
                } else {
                    mine.clone()
                };
                let Some(arn) = target else { continue };
                let r = client.delete_graph().graph_arn(&arn).send().await;
                let o = outcome(&r, &last);
                record(&mut tally, "DeleteGraph", &me, &o, Told::Nothing);
                ("DeleteGraph", o)
            }
            14..=35 => {
                let target = if rng.below(5) == 0 {
                    random_graph(&mut rng, &known)
                } else {
                    mine.clone()
                };
                let Some(arn) = target else { continue };
                let mut call = client.create_members().graph_arn(&arn);
                for id in some_accounts(&mut rng) {
                    call = call.account(id.clone(), format!("a{id}@example.com"));
                }
                let r = call.send().await;
                let o = outcome(&r, &last);
                let invited = r
                    .as_ref()
                    .ok()
                    .and_then(|out| out.members.clone())
                    .unwrap_or_default()
                    .into_iter()
                    .filter_map(|m| m.account_id)
                    .collect();
                record(&mut tally, "CreateMembers", &me, &o, Told::Invited(invited));
                ("CreateMembers", o)
            }
            36..=45 => {
                let Some(arn) = mine.clone() else { continue };
                let r = client
                    .delete_members()
                    .graph_arn(&arn)
                    .account_ids(some_accounts(&mut rng))
                    .send()
                    .await;
                let o = outcome(&r, &last);
                record(&mut tally, "DeleteMembers", &me, &o, Told::Nothing);
                ("DeleteMembers", o)
            }
            46..=51 => {
                let Some(arn) = mine.clone() else { continue };
                let r = client.list_members().graph_arn(&arn).send().await;
                ("ListMembers", outcome(&r, &last))
            }
            52..=69 => {
                // Answer an invitation the member actually has: accept, reject or leave.
                let r = client.list_invitations().send().await;
                let o = outcome(&r, &last);
                tally.count("ListInvitations", &o);
                let invitations = r.ok().and_then(|out| out.invitations).unwrap_or_default();
                if invitations.is_empty() {
                    continue;
                }
                let arn = invitations[rng.below(invitations.len())]
                    .graph_arn
                    .clone()
                    .unwrap_or_default();
                answer_invitation(&client, &last, &mut tally, &me, &arn, rng.below(3)).await
            }
            70..=77 => {
                // Answer for a graph picked at random: mostly 404 (no membership) or 409 (wrong status).
                let Some(arn) = random_graph(&mut rng, &known) else {
                    continue;
                };
                answer_invitation(&client, &last, &mut tally, &me, &arn, rng.below(3)).await
            }
            78..=83 => {
                let r = client.list_graphs().send().await;
                ("ListGraphs", outcome(&r, &last))
            }
            84..=89 => {
                // Invalid input: the client refuses it, or the service answers 404 for a graph that never was.
                if rng.below(2) == 0 {
                    let r = client
                        .create_members()
                        .graph_arn(mine.clone().unwrap_or_default())
                        .account("12345", "not-an-address")
                        .send()
                        .await;
                    ("CreateMembers(invalid)", outcome(&r, &last))
                } else {
                    let arn = format!(
                        "arn:aws:detective:{REGION}:{me}:graph:{:016x}{:016x}",
                        rng.next(),
                        rng.next()
                    );
                    let r = client.delete_graph().graph_arn(arn).send().await;
                    ("DeleteGraph(unknown)", outcome(&r, &last))
                }
            }
            _ => {
                // Another account's graph: 403 while it exists, 404 once deleted.
                let Some(arn) = random_graph(&mut rng, &known) else {
                    continue;
                };
                let r = client
                    .get_members()
                    .graph_arn(&arn)
                    .account_ids([account(rng.below(ACCOUNTS))])
                    .send()
                    .await;
                ("GetMembers", outcome(&r, &last))
            }
        };
        tally.count(operation, &result);
    }
    tally
}

async fn answer_invitation(
    client: &Client,
    last: &Mutex<Option<String>>,
    tally: &mut Tally,
    me: &str,
    arn: &str,
    which: usize,
) -> (&'static str, Outcome) {
    let (operation, o) = match which {
        0 => (
            "AcceptInvitation",
            outcome(
                &client.accept_invitation().graph_arn(arn).send().await,
                last,
            ),
        ),
        1 => (
            "RejectInvitation",
            outcome(
                &client.reject_invitation().graph_arn(arn).send().await,
                last,
            ),
        ),
        _ => (
            "DisassociateMembership",
            outcome(
                &client.disassociate_membership().graph_arn(arn).send().await,
                last,
            ),
        ),
    };
    record(tally, operation, me, &o, Told::Nothing);
    (operation, o)
}

fn record(tally: &mut Tally, operation: &str, me: &str, o: &Outcome, told: Told) {
    if let Outcome::Ok(id) = o {
        assert!(MUTATING.contains(&operation));
        let previous = tally
            .acknowledged
            .insert(id.clone(), (operation.to_owned(), me.to_owned(), told));
        assert!(previous.is_none(), "request id {id} answered twice");
    }
}

impl Tally {
    fn count(&mut self, _operation: &str, o: &Outcome) {
        self.calls += 1;
        match o {
            Outcome::Ok(_) => self.ok += 1,
            Outcome::Service(status, code) => {
                *self.by_code.entry(format!("{status} {code}")).or_default() += 1
            }
            Outcome::Local => self.refused_locally += 1,
            Outcome::Transport(_) => self.transport_errors += 1,
        }
    }

    fn merge(&mut self, other: Tally) {
        self.calls += other.calls;
        self.ok += other.ok;
        self.refused_locally += other.refused_locally;
        self.transport_errors += other.transport_errors;
        for (code, n) in other.by_code {
            *self.by_code.entry(code).or_default() += n;
        }
        for (id, entry) in other.acknowledged {
            assert!(
                self.acknowledged.insert(id.clone(), entry).is_none(),
                "request id {id} answered twice"
            );
        }
    }
}

/// The contract's state, as far as these operations go: graphs by ARN, with their administrator and members.
#[derive(Debug, Default, Clone, PartialEq)]
struct Model {
    graphs: BTreeMap<String, ModelGraph>,
}

#[derive(Debug, Default, Clone, PartialEq)]
struct ModelGraph {
    admin: String,
    /// Account -> status.
    members: BTreeMap<String, String>,
}

fn strings(value: &Value) -> Vec<String> {
    value
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

impl Model {
    /// Applies one logged change; returns what the caller must have been told. Panics where the log contradicts the contract.
    fn apply(&mut self, entry: &AppliedOperation) -> Told {
        let me = entry.account_id.as_str();
        let arn = entry.input["GraphArn"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        let at = format!("entry {} ({} by {me})", entry.seq, entry.operation);
        match entry.operation.as_str() {
            "CreateGraph" => {
                if let Some((arn, _)) = self.graphs.iter().find(|(_, g)| g.admin == me) {
                    return Told::Graph(arn.clone());
                }
                let arn = format!("arn:aws:detective:{REGION}:{me}:graph:{}", entry.ids[0]);
                self.graphs.insert(
                    arn.clone(),
                    ModelGraph {
                        admin: me.to_owned(),
                        members: BTreeMap::new(),
                    },
                );
                Told::Graph(arn)
            }
            "DeleteGraph" => {
                let graph = self
                    .graphs
                    .remove(&arn)
                    .unwrap_or_else(|| panic!("{at}: no such graph"));
                assert_eq!(graph.admin, me, "{at}");
                Told::Nothing
            }
            "CreateMembers" => {
                let graph = self
                    .graphs
                    .get_mut(&arn)
                    .unwrap_or_else(|| panic!("{at}: no such graph"));
                assert_eq!(graph.admin, me, "{at}");
                let mut new = Vec::new();
                for account in entry.input["Accounts"].as_array().unwrap() {
                    let id = account["AccountId"].as_str().unwrap().to_owned();
                    if id != graph.admin && !graph.members.contains_key(&id) && !new.contains(&id) {
                        new.push(id);
                    }
                }
                assert!(
                    graph.members.len() + new.len() <= MEMBER_QUOTA,
                    "{at}: past the quota yet acknowledged"
                );
                for id in &new {
                    graph.members.insert(id.clone(), "INVITED".to_owned());
                }
                Told::Invited(new)
            }
            "DeleteMembers" => {
                let graph = self
                    .graphs
                    .get_mut(&arn)
                    .unwrap_or_else(|| panic!("{at}: no such graph"));
                assert_eq!(graph.admin, me, "{at}");
                for id in strings(&entry.input["AccountIds"]) {
                    graph.members.remove(&id);
                }
                Told::Nothing
            }
            "AcceptInvitation" | "RejectInvitation" | "DisassociateMembership" => {
                let graph = self
                    .graphs
                    .get_mut(&arn)
                    .unwrap_or_else(|| panic!("{at}: no such graph"));
                let status = graph
                    .members
                    .get(me)
                    .cloned()
                    .unwrap_or_else(|| panic!("{at}: no membership"));
                let needed = if entry.operation == "DisassociateMembership" {
                    "ENABLED"
                } else {
                    "INVITED"
                };
                assert_eq!(status, needed, "{at}");
                if entry.operation == "AcceptInvitation" {
                    graph.members.insert(me.to_owned(), "ENABLED".to_owned());
                } else {
                    graph.members.remove(me);
                }
                Told::Nothing
            }
            other => panic!("{at}: unexpected operation {other} in the log"),
        }
    }
}

/// The state as the API shows it to each account at the end.
async fn observe(addr: std::net::SocketAddr) -> (Model, BTreeMap<String, BTreeSet<String>>) {
    let mut model = Model::default();
    let mut invitations = BTreeMap::new();
    for i in 0..ACCOUNTS {
        let me = account(i);
        let (client, _) = client(addr, &me);
        let graphs = client
            .list_graphs()
            .send()
            .await
            .unwrap()
            .graph_list
            .unwrap_or_default();
        assert!(
            graphs.len() <= 1,
            "{me} administers {} graphs",
            graphs.len()
        );
        for graph in graphs {
            let arn = graph.arn.unwrap();
            let members = client
                .list_members()
                .graph_arn(&arn)
                .max_results(200)
                .send()
                .await
                .unwrap();
            assert!(members.next_token.is_none());
            let mut seen = BTreeMap::new();
            for member in members.member_details.unwrap_or_default() {
                let id = member.account_id.unwrap();
                assert_ne!(id, me, "the administrator of {arn} is listed as its member");
                let status = member.status.unwrap().to_string();
                assert!(
                    seen.insert(id.clone(), status).is_none(),
                    "{id} is a member of {arn} twice"
                );
            }
            assert!(
                seen.len() <= MEMBER_QUOTA,
                "{arn} has {} members",
                seen.len()
            );
            model.graphs.insert(
                arn,
                ModelGraph {
                    admin: me.clone(),
                    members: seen,
                },
            );
        }
        let listed = client
            .list_invitations()
            .max_results(200)
            .send()
            .await
            .unwrap();
        let arns: BTreeSet<String> = listed
            .invitations
            .unwrap_or_default()
            .into_iter()
            .filter_map(|d| d.graph_arn)
            .collect();
        invitations.insert(me, arns);
    }
    (model, invitations)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sixty_four_clients_over_sixteen_accounts_keep_every_acknowledged_change() {
    let config = EmulatorConfig {
        member_quota: MEMBER_QUOTA,
        ..EmulatorConfig::default()
    };
    let journal = Arc::new(MemoryJournal::new());
    let emulator = Emulator::with_journal(
        config.clone(),
        Arc::new(SystemClock),
        Arc::new(RandomIds),
        Arc::new(detective_local::front::RandomRequestIds::new()),
        journal.clone(),
    )
    .unwrap();
    let (addr, server) = Server::spawn(emulator.clone(), "127.0.0.1:0".parse().unwrap()).unwrap();
    let known = Arc::new(Mutex::new(Vec::new()));

    let run = async {
        let tasks: Vec<_> = (0..CLIENTS)
            .map(|i| tokio::spawn(run_client(i, addr, Arc::clone(&known))))
            .collect();
        let mut tally = Tally::default();
        for task in tasks {
            tally.merge(task.await.unwrap());
        }
        tally
    };
    let tally = tokio::time::timeout(Duration::from_secs(180), run)
        .await
        .expect("the load finishes within 180 s");

    // Loopback: every request got an answer.
    assert_eq!(tally.transport_errors, 0);
    let log = journal.snapshot();
    let logged: BTreeMap<&str, &AppliedOperation> =
        log.iter().map(|e| (e.request_id.as_str(), e)).collect();
    assert_eq!(logged.len(), log.len(), "request ids are unique in the log");

    // Every acknowledged change is in the log, as the operation and caller that was acknowledged.
    let mut lost = 0usize;
    for (id, (operation, caller, _)) in &tally.acknowledged {
        match logged.get(id.as_str()) {
            Some(entry) => {
                assert_eq!(&entry.operation, operation, "{id}");
                assert_eq!(&entry.account_id, caller, "{id}");
            }
            None => lost += 1,
        }
    }
    assert_eq!(lost, 0, "acknowledged changes missing from the log");
    // And nothing was applied that no client was told about.
    assert_eq!(log.len(), tally.acknowledged.len());

    // The log, folded in order, explains what every client was told and the final state.
    let mut model = Model::default();
    for entry in &log {
        let told = model.apply(entry);
        let (_, _, client_told) = &tally.acknowledged[&entry.request_id];
        if *client_told != Told::Nothing {
            assert_eq!(
                &told, client_told,
                "entry {} ({})",
                entry.seq, entry.operation
            );
        }
    }
    let (observed, invitations) = observe(addr).await;
    assert_eq!(observed, model, "the final state is the log's");
    for (account, arns) in &invitations {
        for arn in arns {
            let graph = observed
                .graphs
                .get(arn)
                .unwrap_or_else(|| panic!("{account} is invited to deleted graph {arn}"));
            assert!(
                graph.members.contains_key(account),
                "{account} listed {arn} without a membership"
            );
        }
        let expected: BTreeSet<String> = observed
            .graphs
            .iter()
            .filter(|(_, g)| {
                g.members
                    .get(account)
                    .is_some_and(|s| s == "INVITED" || s == "ENABLED")
            })
            .map(|(arn, _)| arn.clone())
            .collect();
        assert_eq!(arns, &expected, "{account}'s invitations");
    }

    // Replaying the log in its order into a fresh emulator gives the same state.
    let replayed = Emulator::with_journal(
        config,
        Arc::new(SystemClock),
        Arc::new(RandomIds),
        Arc::new(detective_local::front::RandomRequestIds::new()),
        Arc::new(MemoryJournal::with_entries(log.clone())),
    )
    .unwrap();
    let (live, again) = (emulator.snapshot(), replayed.snapshot());
    assert!(
        live == again,
        "replay differs: {:?}",
        live.first_difference(&again)
    );

    let bad: usize = tally.by_code.values().sum::<usize>() + tally.refused_locally;
    println!(
        "load: {} calls by {CLIENTS} clients over {ACCOUNTS} accounts; {} succeeded, {} acknowledged changes, \
         all {} in the log, 0 lost; {} graphs and {} memberships at the end; bad inputs: {bad} \
         ({} refused by the client, answered: {:?})",
        tally.calls,
        tally.ok,
        tally.acknowledged.len(),
        log.len(),
        observed.graphs.len(),
        observed.graphs.values().map(|g| g.members.len()).sum::<usize>(),
        tally.refused_locally,
        tally.by_code,
    );
    assert!(
        tally.acknowledged.len() > CLIENTS,
        "the load changed too little to prove anything"
    );
    tokio::time::timeout(Duration::from_secs(20), server.shutdown())
        .await
        .unwrap()
        .unwrap();
}

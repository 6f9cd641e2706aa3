//! `detective serve --data-dir`: killed with SIGKILL at a random moment under load, restarted on the same directory.
//!
//! Each cycle starts the real binary on one data directory, checks that the
//! state it serves is exactly what its journal holds, runs concurrent
//! clients doing changes (noting the request id of every change
//! acknowledged), kills the process with SIGKILL at a seeded random moment
//! (after a random number of acknowledged changes, plus a random delay), and
//! then reads the journal straight from the directory:
//! - every change acknowledged in any cycle so far is in it;
//! - every entry nobody saw acknowledged was in flight at the kill (at most one per client);
//! - folding the entries in order through a reference model of the contract
//!   never contradicts it (every change applies whole: an invitation of three
//!   accounts is three memberships or none) and gives what each client was told.
//!
//! The next start must then show, through the API, exactly that folded
//! state: nothing acknowledged lost, nothing half-applied. Bounded: 8
//! cycles, each client at most 400 calls, every wait with a deadline.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use detective_client::{Client, Error};
use detective_local::persist::{AppliedOperation, Journal, Store};
use detective_transport::{FnTransport, HyperTransport, TransportError};
use serde_json::Value;
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{mpsc, Arc, Mutex};
use std::time::{Duration, Instant};
use tower_service::Service;

const BIN: &str = env!("CARGO_BIN_EXE_detective");
const CYCLES: usize = 8;
const CLIENTS: usize = 8;
const ACCOUNTS: usize = 6;
const MEMBER_QUOTA: usize = 4;
const MAX_CALLS_PER_CLIENT: usize = 400;
const SEED: u64 = 0xc0ff_ee05;
const REGION: &str = "us-east-1";

fn account(i: usize) -> String {
    format!("{:012}", 300_000_000_000u64 + i as u64)
}

/// xorshift64*, so the same seed gives the same kills.
struct Rng(u64);

impl Rng {
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

/// A running `detective serve`; killed (SIGKILL) when dropped, so a failing test leaves no process behind.
struct ServeProcess {
    child: Child,
    addr: SocketAddr,
}

impl ServeProcess {
    fn start(dir: &Path) -> ServeProcess {
        let mut child = Command::new(BIN)
            .args(["serve", "--port", "0", "--member-quota"])
            .arg(MEMBER_QUOTA.to_string())
            .arg("--data-dir")
            .arg(dir)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if let Some(addr) = line.strip_prefix("listening on http://") {
                    let _ = tx.send(addr.to_owned());
                }
            }
        });
        let addr = rx
            .recv_timeout(Duration::from_secs(60))
            .expect("detective serve prints its address within 60 s");
        ServeProcess {
            child,
            addr: addr.parse().unwrap(),
        }
    }

    /// SIGKILL, and wait until the process is gone.
    fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for ServeProcess {
    fn drop(&mut self) {
        self.kill();
    }
}

/// A client for `account` whose transport notes the request id of each answer; no retries.
fn client(addr: SocketAddr, account: &str) -> (Client, Arc<Mutex<Option<String>>>) {
    let last = Arc::new(Mutex::new(None::<String>));
    let hyper = HyperTransport::new().unwrap();
    let noted = Arc::clone(&last);
    let transport = FnTransport::from_async(move |request| {
        let mut hyper = hyper.clone();
        let noted = Arc::clone(&noted);
        async move {
            std::future::poll_fn(|cx| hyper.poll_ready(cx)).await?;
            let response = hyper.call(request).await?;
            *noted.lock().unwrap() = response
                .headers()
                .get("x-amzn-requestid")
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned);
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

/// What a client was told by an acknowledged change.
#[derive(Debug, Clone, PartialEq)]
enum Told {
    Graph(String),
    Invited(Vec<String>),
    Nothing,
}

/// Acknowledged changes: request id -> (operation, caller, what the caller was told).
type Acknowledged = BTreeMap<String, (String, String, Told)>;

enum Step {
    Go,
    Stop,
}

/// Notes an acknowledged change; a transport error means the server is gone: stop.
fn note<T>(
    result: &Result<T, Error>,
    last: &Mutex<Option<String>>,
    acked: &Mutex<Acknowledged>,
    counter: &AtomicUsize,
    what: (&str, &str, Told),
) -> Step {
    match result {
        Ok(_) => {
            let id = last.lock().unwrap().take().unwrap();
            let (operation, caller, told) = what;
            let previous = acked
                .lock()
                .unwrap()
                .insert(id.clone(), (operation.to_owned(), caller.to_owned(), told));
            assert!(previous.is_none(), "request id {id} acknowledged twice");
            counter.fetch_add(1, Ordering::SeqCst);
            Step::Go
        }
        Err(Error::Service(_) | Error::Validation(_)) => Step::Go,
        Err(_) => Step::Stop,
    }
}

/// One client's changes until the server dies (or its call budget runs out).
async fn run_client(
    index: usize,
    seed: u64,
    addr: SocketAddr,
    acked: Arc<Mutex<Acknowledged>>,
    counter: Arc<AtomicUsize>,
    killed: Arc<AtomicBool>,
) -> usize {
    let me = account(index % ACCOUNTS);
    let (client, last) = client(addr, &me);
    let mut rng = Rng(seed.wrapping_mul(31).wrapping_add(index as u64 + 1) | 1);
    let mut mine: Option<String> = None;
    let mut calls = 0;
    while calls < MAX_CALLS_PER_CLIENT && !killed.load(Ordering::SeqCst) {
        calls += 1;
        let step = match rng.below(100) {
            0..=14 => {
                let r = client.create_graph().send().await;
                let arn = r
                    .as_ref()
                    .ok()
                    .and_then(|o| o.graph_arn.clone())
                    .unwrap_or_default();
                if r.is_ok() {
                    mine = Some(arn.clone());
                }
                note(
                    &r,
                    &last,
                    &acked,
                    &counter,
                    ("CreateGraph", &me, Told::Graph(arn)),
                )
            }
            15..=17 => {
                let Some(arn) = mine.take() else { continue };
                let r = client.delete_graph().graph_arn(&arn).send().await;
                note(
                    &r,
                    &last,
                    &acked,
                    &counter,
                    ("DeleteGraph", &me, Told::Nothing),
                )
            }
            18..=49 => {
                let Some(arn) = mine.clone() else { continue };
                let mut call = client.create_members().graph_arn(&arn);
                for _ in 0..1 + rng.below(3) {
                    let id = account(rng.below(ACCOUNTS));
                    call = call.account(id.clone(), format!("m{id}@example.com"));
                }
                let r = call.send().await;
                let invited = r
                    .as_ref()
                    .ok()
                    .and_then(|o| o.members.clone())
                    .unwrap_or_default()
                    .into_iter()
                    .filter_map(|m| m.account_id)
                    .collect();
                note(
                    &r,
                    &last,
                    &acked,
                    &counter,
                    ("CreateMembers", &me, Told::Invited(invited)),
                )
            }
            50..=59 => {
                let Some(arn) = mine.clone() else { continue };
                let ids = vec![account(rng.below(ACCOUNTS)), account(rng.below(ACCOUNTS))];
                let r = client
                    .delete_members()
                    .graph_arn(&arn)
                    .account_ids(ids)
                    .send()
                    .await;
                note(
                    &r,
                    &last,
                    &acked,
                    &counter,
                    ("DeleteMembers", &me, Told::Nothing),
                )
            }
            60..=89 => {
                let listed = client.list_invitations().send().await;
                let Ok(listed) = listed else { break };
                let invitations = listed.invitations.unwrap_or_default();
                if invitations.is_empty() {
                    continue;
                }
                let arn = invitations[rng.below(invitations.len())]
                    .graph_arn
                    .clone()
                    .unwrap_or_default();
                let (operation, r) = match rng.below(3) {
                    0 => (
                        "AcceptInvitation",
                        client
                            .accept_invitation()
                            .graph_arn(&arn)
                            .send()
                            .await
                            .map(|_| ()),
                    ),
                    1 => (
                        "RejectInvitation",
                        client
                            .reject_invitation()
                            .graph_arn(&arn)
                            .send()
                            .await
                            .map(|_| ()),
                    ),
                    _ => (
                        "DisassociateMembership",
                        client
                            .disassociate_membership()
                            .graph_arn(&arn)
                            .send()
                            .await
                            .map(|_| ()),
                    ),
                };
                note(&r, &last, &acked, &counter, (operation, &me, Told::Nothing))
            }
            _ => match client.list_graphs().send().await {
                Ok(_) => Step::Go,
                Err(Error::Service(_)) => Step::Go,
                Err(_) => Step::Stop,
            },
        };
        if matches!(step, Step::Stop) {
            break;
        }
    }
    calls
}

/// Graphs by ARN: administrator and members (account -> status).
type Model = BTreeMap<String, (String, BTreeMap<String, String>)>;

/// Applies one journal entry to the model, whole; panics where the journal contradicts the contract.
fn apply(model: &mut Model, entry: &AppliedOperation) -> Told {
    let me = entry.account_id.as_str();
    let arn = entry.input["GraphArn"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let at = format!("entry {} ({} by {me})", entry.seq, entry.operation);
    let ids = |v: &Value| -> Vec<String> {
        v.as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|x| x.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    };
    match entry.operation.as_str() {
        "CreateGraph" => {
            if let Some((arn, _)) = model.iter().find(|(_, (admin, _))| admin == me) {
                return Told::Graph(arn.clone());
            }
            let arn = format!("arn:aws:detective:{REGION}:{me}:graph:{}", entry.ids[0]);
            model.insert(arn.clone(), (me.to_owned(), BTreeMap::new()));
            Told::Graph(arn)
        }
        "DeleteGraph" => {
            let (admin, _) = model
                .remove(&arn)
                .unwrap_or_else(|| panic!("{at}: no such graph"));
            assert_eq!(admin, me, "{at}");
            Told::Nothing
        }
        "CreateMembers" => {
            let (admin, members) = model
                .get_mut(&arn)
                .unwrap_or_else(|| panic!("{at}: no such graph"));
            assert_eq!(admin, me, "{at}");
            let mut new: Vec<String> = Vec::new();
            for account in entry.input["Accounts"].as_array().unwrap() {
                let id = account["AccountId"].as_str().unwrap().to_owned();
                if id != *admin && !members.contains_key(&id) && !new.contains(&id) {
                    new.push(id);
                }
            }
            assert!(
                members.len() + new.len() <= MEMBER_QUOTA,
                "{at}: past the quota"
            );
            for id in &new {
                members.insert(id.clone(), "INVITED".to_owned());
            }
            Told::Invited(new)
        }
        "DeleteMembers" => {
            let (admin, members) = model
                .get_mut(&arn)
                .unwrap_or_else(|| panic!("{at}: no such graph"));
            assert_eq!(admin, me, "{at}");
            for id in ids(&entry.input["AccountIds"]) {
                members.remove(&id);
            }
            Told::Nothing
        }
        "AcceptInvitation" | "RejectInvitation" | "DisassociateMembership" => {
            let (_, members) = model
                .get_mut(&arn)
                .unwrap_or_else(|| panic!("{at}: no such graph"));
            let status = members
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
                members.insert(me.to_owned(), "ENABLED".to_owned());
            } else {
                members.remove(me);
            }
            Told::Nothing
        }
        other => panic!("{at}: unexpected operation {other}"),
    }
}

/// What the server shows through the API, as a model.
async fn observe(addr: SocketAddr) -> Model {
    let mut model = Model::new();
    for i in 0..ACCOUNTS {
        let me = account(i);
        let (client, _) = client(addr, &me);
        for graph in client
            .list_graphs()
            .send()
            .await
            .unwrap()
            .graph_list
            .unwrap_or_default()
        {
            let arn = graph.arn.unwrap();
            let listed = client
                .list_members()
                .graph_arn(&arn)
                .max_results(200)
                .send()
                .await
                .unwrap();
            let members = listed
                .member_details
                .unwrap_or_default()
                .into_iter()
                .map(|m| (m.account_id.unwrap(), m.status.unwrap().to_string()))
                .collect();
            model.insert(arn, (me.clone(), members));
        }
    }
    model
}

fn temp_dir() -> PathBuf {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    std::env::temp_dir().join(format!(
        "detective-persistence-{}-{nanos}",
        std::process::id()
    ))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigkill_at_a_random_moment_loses_no_acknowledged_change_and_half_applies_nothing() {
    let dir = temp_dir();
    let mut rng = Rng(SEED);
    let all_acked = Arc::new(Mutex::new(Acknowledged::new()));
    // The state the journal holds after the last kill; the next start must serve exactly it.
    let mut expected = Model::new();
    let mut cycles_passed = 0;
    let mut calls = 0;
    let mut in_flight_applied = 0;
    let started = Instant::now();

    for cycle in 0..CYCLES {
        let mut server = ServeProcess::start(&dir);
        let restored = observe(server.addr).await;
        assert_eq!(
            restored, expected,
            "cycle {cycle}: the restarted server does not serve its journal's state"
        );

        let counter = Arc::new(AtomicUsize::new(0));
        let killed = Arc::new(AtomicBool::new(false));
        let cycle_acked = Arc::new(Mutex::new(Acknowledged::new()));
        let seed = rng.next();
        let clients: Vec<_> = (0..CLIENTS)
            .map(|i| {
                tokio::spawn(run_client(
                    i,
                    seed,
                    server.addr,
                    Arc::clone(&cycle_acked),
                    Arc::clone(&counter),
                    Arc::clone(&killed),
                ))
            })
            .collect();
        // The random moment: after 5 to 80 acknowledged changes, plus 0 to 20 ms.
        let kill_after = 5 + rng.below(76);
        let extra = Duration::from_millis(rng.below(21) as u64);
        let deadline = Instant::now() + Duration::from_secs(60);
        while counter.load(Ordering::SeqCst) < kill_after && Instant::now() < deadline {
            if clients.iter().all(|c| c.is_finished()) {
                break;
            }
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
        tokio::time::sleep(extra).await;
        server.kill();
        killed.store(true, Ordering::SeqCst);
        for c in clients {
            calls += tokio::time::timeout(Duration::from_secs(60), c)
                .await
                .unwrap()
                .unwrap();
        }

        // Read the journal the killed server left.
        let entries = {
            let store = Store::open(&dir).unwrap();
            store.entries().unwrap()
        };
        let cycle_acked = std::mem::take(&mut *cycle_acked.lock().unwrap());
        let mut all = all_acked.lock().unwrap();
        all.extend(cycle_acked.clone());
        let journaled: BTreeMap<&str, &AppliedOperation> =
            entries.iter().map(|e| (e.request_id.as_str(), e)).collect();
        assert_eq!(
            journaled.len(),
            entries.len(),
            "request ids are unique in the journal"
        );
        let lost: Vec<&String> = all
            .keys()
            .filter(|id| !journaled.contains_key(id.as_str()))
            .collect();
        assert!(
            lost.is_empty(),
            "cycle {cycle}: acknowledged changes lost: {lost:?}"
        );
        let unacknowledged = entries.len() - all.len();
        assert!(
            unacknowledged <= in_flight_applied + CLIENTS,
            "cycle {cycle}: {unacknowledged} journaled changes nobody was told about"
        );
        in_flight_applied = unacknowledged;

        // Fold the journal: consistent with the contract, and with what each client was told.
        let mut model = Model::new();
        for entry in &entries {
            let told = apply(&mut model, entry);
            if let Some((operation, caller, client_told)) = all.get(&entry.request_id) {
                assert_eq!((operation, caller), (&entry.operation, &entry.account_id));
                if *client_told != Told::Nothing {
                    assert_eq!(&told, client_told, "entry {}", entry.seq);
                }
            }
        }
        expected = model;
        cycles_passed += 1;
        println!(
            "cycle {cycle}: killed after {} acknowledged changes (+{} ms); journal holds {} entries, {} acknowledged in all, {} applied but unanswered",
            cycle_acked.len(),
            extra.as_millis(),
            entries.len(),
            all.len(),
            unacknowledged
        );
    }

    // One more start: the last crash's state is served too; then stop it.
    let server = ServeProcess::start(&dir);
    assert_eq!(observe(server.addr).await, expected, "after the last crash");
    drop(server);
    let acknowledged = all_acked.lock().unwrap().len();
    println!(
        "persistence: {cycles_passed} crash-restart cycles passed, {calls} calls, {acknowledged} acknowledged changes, 0 lost, in {:?}",
        started.elapsed()
    );
    assert_eq!(cycles_passed, CYCLES);
    assert!(
        acknowledged > CYCLES * 5,
        "too few changes to prove anything"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

//! `detective serve` under load: requests per second and server CPU per 1,000 requests.
//!
//! The server runs as its own process (a release build of `detective`), so
//! its CPU time is read from `/proc/PID/stat` (what getrusage reports for that
//! process) without counting the client's work. Each scenario is bounded in
//! request count and time. Run: `cargo bench -p detective-benches --bench emulator_load`.

// A benchmark harness: any setup failure should stop it loudly.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use detective_client::Client;
use futures_util::future::join_all;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

const CALLERS: usize = 64;
const REQUESTS: usize = 20_000;
const TIME_LIMIT: Duration = Duration::from_secs(60);

struct Server {
    child: Child,
    url: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start_server() -> Server {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
    let status = Command::new("cargo")
        .args(["build", "--release", "--quiet", "-p", "detective-cli"])
        .current_dir(root)
        .status()
        .expect("cargo build");
    assert!(status.success(), "release build of detective failed");
    let mut child = Command::new(format!("{root}/target/release/detective"))
        .args(["serve", "--port", "0", "--member-quota", "2000"])
        .stdout(Stdio::piped())
        .spawn()
        .expect("start detective serve");
    let stdout = child.stdout.take().expect("stdout");
    let mut line = String::new();
    BufReader::new(stdout)
        .read_line(&mut line)
        .expect("read the listening line");
    let url = line
        .trim()
        .strip_prefix("listening on ")
        .expect("listening line")
        .to_owned();
    Server { child, url }
}

/// User + system CPU seconds of a process, from /proc/PID/stat (fields 14 and 15, in clock ticks).
fn cpu_seconds(pid: u32) -> f64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    let after_name = stat.rsplit_once(')').map(|(_, rest)| rest).unwrap_or("");
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    let ticks: f64 = fields.get(11..13).map_or(0.0, |f| {
        f.iter().filter_map(|v| v.parse::<f64>().ok()).sum()
    });
    // USER_HZ is 100 on Linux.
    ticks / 100.0
}

fn client(url: &str, account: &str) -> Client {
    Client::builder()
        .region("us-east-1")
        .endpoint_url(url)
        .static_credentials(account, "test")
        .build()
        .expect("client")
}

async fn populate(admin: &Client, members: usize, first_account: u64) -> String {
    let graph = admin
        .create_graph()
        .await
        .expect("graph")
        .graph_arn
        .expect("arn");
    let accounts: Vec<String> = (0..members as u64)
        .map(|i| format!("{:012}", first_account + i))
        .collect();
    for chunk in accounts.chunks(50) {
        let mut call = admin
            .create_members()
            .graph_arn(&graph)
            .disable_email_notification(true);
        for account in chunk {
            call = call.account(account, format!("o{account}@example.com"));
        }
        call.await.expect("create members");
    }
    graph
}

async fn drive<F, Fut>(server: &Server, name: &str, call: F)
where
    F: Fn() -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = bool> + Send,
{
    let call = Arc::new(call);
    let next = Arc::new(AtomicUsize::new(0));
    let failures = Arc::new(AtomicUsize::new(0));
    let cpu_before = cpu_seconds(server.child.id());
    let started = Instant::now();
    let workers = (0..CALLERS).map(|_| {
        let (call, next, failures) = (call.clone(), next.clone(), failures.clone());
        tokio::spawn(async move {
            while next.fetch_add(1, Ordering::Relaxed) < REQUESTS && started.elapsed() < TIME_LIMIT
            {
                if !call().await {
                    failures.fetch_add(1, Ordering::Relaxed);
                }
            }
        })
    });
    join_all(workers).await;
    let elapsed = started.elapsed();
    let done = next.load(Ordering::Relaxed).min(REQUESTS);
    let cpu = cpu_seconds(server.child.id()) - cpu_before;
    println!(
        "{name:<48} {done:>6} req  {:>8.0} req/s  server CPU {:>6.1} ms / 1,000 req  failures {}",
        done as f64 / elapsed.as_secs_f64(),
        cpu * 1000.0 / (done as f64 / 1000.0),
        failures.load(Ordering::Relaxed)
    );
}

async fn scenarios(server: &Server, label: &str, admin: Client, graph: String, first_account: u64) {
    let ids: Vec<String> = (0..10)
        .map(|i| format!("{:012}", first_account + i * 97))
        .collect();
    let (a, g) = (admin.clone(), graph.clone());
    drive(
        server,
        &format!("GetMembers (10 accounts), {label}"),
        move || {
            let (a, g, ids) = (a.clone(), g.clone(), ids.clone());
            async move { a.get_members().graph_arn(g).account_ids(ids).await.is_ok() }
        },
    )
    .await;
    drive(
        server,
        &format!("ListMembers (page of 100), {label}"),
        move || {
            let (a, g) = (admin.clone(), graph.clone());
            async move { a.list_members().graph_arn(g).max_results(100).await.is_ok() }
        },
    )
    .await;
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let large = std::env::args().all(|a| a != "--small-only");
    runtime.block_on(async {
        let server = start_server();
        println!("detective serve at {} ({CALLERS} callers, up to {REQUESTS} requests or {TIME_LIMIT:?} per row)", server.url);
        let admin = client(&server.url, "111111111111");
        let graph = populate(&admin, 1200, 200_000_000_000).await;
        scenarios(&server, "1 graph of 1,200 members", admin.clone(), graph.clone(), 200_000_000_000).await;
        if large {
            // 1,000 more graphs of 1,000 members each, one administrator per graph.
            let started = Instant::now();
            for g in 0..1000u64 {
                let other = client(&server.url, &format!("{:012}", 300_000_000_000 + g));
                populate(&other, 1000, 400_000_000_000).await;
            }
            println!("populated 1,000 graphs x 1,000 members in {:?}", started.elapsed());
            scenarios(&server, "plus 1,000 graphs x 1,000 members", admin, graph, 200_000_000_000).await;
        }
    });
}

//! Nothing is left behind after a client is dropped: no task, no connection.
//!
//! The client talks to the emulator's real hyper server on loopback through
//! a small TCP proxy that counts the connections open through it, so what
//! is counted is sockets, not anybody's bookkeeping. The proxy can also
//! swallow requests without answering, which makes the client's attempt
//! timeout cancel a request that is really in flight on a real connection.
//! Tasks are counted with the runtime's own metric
//! (`Handle::metrics().num_alive_tasks()`).
//!
//! These tests use real sockets and therefore the real clock (a paused clock
//! would fire every timeout the moment the runtime waits on the network).
//! They assert no durations: they wait, bounded in time and count, for the
//! counts to settle, and assert the counts.

// Panicking on setup failure is the point of a test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use detective_client::{Client, ClientBuilder, Error, TimeoutKind};
use detective_local::{Emulator, EmulatorConfig, ServerHandle};
use detective_testing::fault::{Fault, FaultPlan, FaultTransport};
use detective_transport::HyperTransport;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::io::AsyncReadExt;
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

/// At most this many connections are accepted by one proxy: plenty for a test, and a bound on its loop.
const MAX_CONNECTIONS: usize = 1000;

/// A loopback TCP proxy in front of `backend` that counts open connections.
struct Proxy {
    addr: SocketAddr,
    open: Arc<AtomicUsize>,
    accepted: Arc<AtomicUsize>,
    /// While set, new connections are read and never answered nor forwarded.
    swallow: Arc<AtomicBool>,
    task: JoinHandle<()>,
}

/// Decrements the open count however the connection's task ends.
struct OpenGuard(Arc<AtomicUsize>);

impl Drop for OpenGuard {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

async fn proxy(backend: SocketAddr) -> Proxy {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let open = Arc::new(AtomicUsize::new(0));
    let accepted = Arc::new(AtomicUsize::new(0));
    let swallow = Arc::new(AtomicBool::new(false));
    let task = tokio::spawn({
        let (open, accepted, swallow) = (open.clone(), accepted.clone(), swallow.clone());
        async move {
            for _ in 0..MAX_CONNECTIONS {
                let Ok((mut client, _)) = listener.accept().await else {
                    return;
                };
                open.fetch_add(1, Ordering::SeqCst);
                accepted.fetch_add(1, Ordering::SeqCst);
                let guard = OpenGuard(open.clone());
                let swallow = swallow.load(Ordering::SeqCst);
                tokio::spawn(async move {
                    let _guard = guard;
                    if swallow {
                        // Read whatever comes until the client hangs up; answer nothing.
                        let mut buf = [0u8; 4096];
                        for _ in 0..10_000 {
                            match client.read(&mut buf).await {
                                Ok(0) | Err(_) => break,
                                Ok(_) => {}
                            }
                        }
                    } else if let Ok(mut server) = TcpStream::connect(backend).await {
                        let _ = tokio::io::copy_bidirectional(&mut client, &mut server).await;
                    }
                });
            }
        }
    });
    Proxy {
        addr,
        open,
        accepted,
        swallow,
        task,
    }
}

/// The emulator's hyper server on loopback, and a counting proxy in front of it.
async fn backend() -> (ServerHandle, Proxy) {
    let emulator = Emulator::new(EmulatorConfig::default());
    let (addr, handle) =
        detective_local::Server::spawn(emulator, "127.0.0.1:0".parse().unwrap()).unwrap();
    let proxy = proxy(addr).await;
    (handle, proxy)
}

fn builder(proxy: &Proxy) -> ClientBuilder {
    Client::builder()
        .region("us-east-1")
        .static_credentials("111111111111", "test")
        .endpoint_url(format!("http://{}", proxy.addr))
        .max_attempts(3)
        .jitter(|| 0.0)
        .attempt_timeout(Duration::from_millis(300))
        .operation_timeout(Duration::from_secs(30))
}

fn alive_tasks() -> usize {
    tokio::runtime::Handle::current()
        .metrics()
        .num_alive_tasks()
}

/// Polls `value` every 10 ms until it equals `target`, for at most 10 s; returns the last value.
async fn settle(target: usize, value: impl Fn() -> usize) -> usize {
    for _ in 0..1000 {
        let now = value();
        if now == target {
            return now;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    value()
}

/// A graph, members, concurrent reads (several pooled connections), and one
/// call whose requests the proxy swallows until the attempt timeout cancels them.
async fn workload(client: &Client, proxy: &Proxy) {
    let arn = client
        .create_graph()
        .send()
        .await
        .unwrap()
        .graph_arn
        .unwrap();
    client
        .create_members()
        .graph_arn(&arn)
        .account("222222222222", "member@example.com")
        .send()
        .await
        .unwrap();
    let reads = (0..8).map(|_| {
        let client = client.clone();
        let arn = arn.clone();
        async move { client.list_members().graph_arn(arn).send().await }
    });
    for result in futures_util::future::join_all(reads).await {
        result.unwrap();
    }

    proxy.swallow.store(true, Ordering::SeqCst);
    // A pooled connection would carry the request to the backend as usual, so
    // a fresh client (its own pool) makes the swallowed connections.
    let fresh = builder(proxy).build().unwrap();
    let err = fresh.list_graphs().send().await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::Timeout {
                kind: TimeoutKind::Attempt,
                ..
            }
        ),
        "{err}"
    );
    drop(fresh);
    proxy.swallow.store(false, Ordering::SeqCst);
}

async fn assert_nothing_left(
    proxy: &Proxy,
    baseline_tasks: usize,
    run: impl Future<Output = ()>,
) -> (usize, usize) {
    run.await;
    let open = settle(0, || proxy.open.load(Ordering::SeqCst)).await;
    assert_eq!(
        open, 0,
        "connections still open after the client was dropped"
    );
    let tasks = settle(baseline_tasks, alive_tasks).await;
    assert_eq!(
        tasks, baseline_tasks,
        "tasks still alive after the client was dropped"
    );
    (proxy.accepted.load(Ordering::SeqCst), tasks)
}

#[tokio::test]
async fn a_dropped_client_leaves_no_connection_and_no_task_behind() {
    let (server, proxy) = backend().await;
    let baseline = alive_tasks();

    let (accepted, _) = assert_nothing_left(&proxy, baseline, async {
        let client = builder(&proxy).build().unwrap();
        workload(&client, &proxy).await;
        // While the client lives, its pool holds connections open: the count is live.
        assert!(proxy.open.load(Ordering::SeqCst) > 0);
        assert!(alive_tasks() > baseline);
        drop(client);
    })
    .await;

    // At least one pooled connection, and one per swallowed attempt (a
    // cancelled request's connection cannot be reused): 3.
    assert!(accepted > 3, "{accepted}");
    println!("connections accepted: {accepted}");
    proxy.task.abort();
    server.shutdown().await.unwrap();
}

#[tokio::test]
async fn injected_faults_over_real_sockets_leave_no_connection_and_no_task_behind() {
    let (server, proxy) = backend().await;
    let baseline = alive_tasks();

    let (_, _) = assert_nothing_left(&proxy, baseline, async {
        let hyper = HyperTransport::builder().build().unwrap();
        let faults = FaultTransport::new(hyper, 31).with_plan(
            FaultPlan::new()
                .fault(Fault::Stall)
                .fault(Fault::ResetAfterWrite)
                .fault(Fault::SlowBody(Duration::from_millis(50)))
                .fault(Fault::Refuse)
                .fault(Fault::Status(503))
                .fault(Fault::ResetBeforeWrite)
                .pass(1)
                .fault(Fault::GarbledBody)
                .then_random([
                    (Fault::ResetAfterWrite, 0.1),
                    (Fault::Status(500), 0.1),
                    (Fault::SlowBody(Duration::from_millis(20)), 0.1),
                ]),
        );
        let client = builder(&proxy).transport(faults.clone()).build().unwrap();

        // Attempts 1-3: stall (cut by the timeout), reset after write, slow: a graph.
        client.create_graph().send().await.unwrap();
        // Refused, 503, reset before write: three failures, the call's attempts are spent.
        let err = client.list_graphs().send().await.unwrap_err();
        assert!(matches!(err, Error::Transport(_)), "{err}");
        // A pass, then a garbled answer.
        client.list_graphs().send().await.unwrap();
        let err = client.list_graphs().send().await.unwrap_err();
        assert!(matches!(err, Error::Unparseable(_)), "{err}");
        for _ in 0..20 {
            let _ = client.list_graphs().send().await;
        }
        // The workload expects every call to succeed: no more faults.
        faults.set_plan(FaultPlan::new());
        workload(&client, &proxy).await;

        let stats = faults.stats();
        assert!(stats.injected_total() >= 8, "{stats:?}");
        assert!(stats.forwarded > 0);
        assert!(proxy.open.load(Ordering::SeqCst) > 0);
        drop(client);
        drop(faults);
    })
    .await;

    proxy.task.abort();
    server.shutdown().await.unwrap();
}

#[tokio::test(start_paused = true)]
async fn in_process_faults_leave_no_task_behind() {
    let emulator = Emulator::new(EmulatorConfig::default());
    let baseline = alive_tasks();
    let faults = FaultTransport::new(emulator.transport(), 32).with_plan(FaultPlan::random([
        (Fault::Stall, 0.2),
        (Fault::SlowBody(Duration::from_secs(60)), 0.2),
        (Fault::ResetAfterWrite, 0.2),
    ]));
    let client = Client::builder()
        .region("us-east-1")
        .static_credentials("111111111111", "test")
        .transport(faults.clone())
        .attempt_timeout(Duration::from_secs(1))
        .build()
        .unwrap();

    let calls = (0..50).map(|_| {
        let client = client.clone();
        async move { client.list_graphs().send().await }
    });
    let results = futures_util::future::join_all(calls).await;
    drop(client);

    assert_eq!(results.len(), 50);
    assert!(faults.stats().injected_total() > 0);
    assert_eq!(alive_tasks(), baseline);
}

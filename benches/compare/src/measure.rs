//! One scenario in this process: one client, one operation, N concurrent callers.
//!
//! Runs in a process of its own (started by the orchestrator) so that the
//! getrusage figures and the peak RSS belong to that one client alone. CPU
//! time is the RUSAGE_SELF difference (user + system, all threads) around
//! the measured calls only: client construction and warm-up are outside it.

use crate::fixtures::Fixtures;
use crate::variants::{Client, Kind, Op};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// What to run.
#[derive(Debug, Clone)]
pub struct Scenario {
    /// Which client.
    pub kind: Kind,
    /// Which call.
    pub op: Op,
    /// Concurrent callers (1: a current-thread runtime, calls made one after the other).
    pub callers: usize,
    /// Measured calls.
    pub calls: usize,
    /// Unmeasured calls first (connections, caches, lazy statics).
    pub warmup: usize,
    /// The server.
    pub endpoint: String,
    /// Stop measuring after this long even if fewer calls were made.
    pub time_limit: Duration,
}

/// User and system CPU seconds and peak RSS of `who` (RUSAGE_SELF or RUSAGE_CHILDREN).
pub fn rusage(who: libc::c_int) -> (f64, f64, i64) {
    // SAFETY: getrusage only writes into the struct we hand it; a zeroed rusage is a valid value.
    let usage = unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        libc::getrusage(who, &mut usage);
        usage
    };
    let secs = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    (
        secs(usage.ru_utime),
        secs(usage.ru_stime),
        usage.ru_maxrss as i64,
    )
}

/// Runs `scenario` and prints one `result` line of `key=value` pairs.
pub fn run(scenario: &Scenario) -> Result<(), String> {
    let fixtures = Arc::new(Fixtures::new());
    let runtime = if scenario.callers <= 1 {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
    } else {
        tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()
    }
    .map_err(|e| format!("runtime: {e}"))?;
    let s = scenario.clone();
    let outcome = runtime.block_on(async move {
        let client = Client::new(s.kind, &s.endpoint)?;
        let expected = match s.op {
            Op::GetMembers => crate::fixtures::GET_MEMBERS,
            Op::ListMembers => crate::fixtures::LIST_PAGE,
        };
        // Warm-up, at the same concurrency, so every caller has a pooled connection.
        drive(
            &client,
            &s,
            &fixtures,
            s.warmup,
            expected,
            Duration::from_secs(30),
        )
        .await?;
        let (user0, sys0, _) = rusage(libc::RUSAGE_SELF);
        let started = Instant::now();
        let latencies = drive(&client, &s, &fixtures, s.calls, expected, s.time_limit).await?;
        let wall = started.elapsed();
        let (user1, sys1, maxrss) = rusage(libc::RUSAGE_SELF);
        Ok::<_, String>((latencies, wall, user1 - user0, sys1 - sys0, maxrss))
    })?;
    let (mut latencies, wall, user, sys, maxrss_kb) = outcome;
    latencies.sort_unstable();
    let pct = |p: f64| -> f64 {
        if latencies.is_empty() {
            return 0.0;
        }
        let i = ((latencies.len() as f64 * p).ceil() as usize).clamp(1, latencies.len()) - 1;
        latencies[i] as f64 / 1000.0
    };
    println!(
        "result variant={} op={} callers={} calls={} wall_s={:.6} user_s={:.6} sys_s={:.6} maxrss_kb={} p50_us={:.1} p99_us={:.1}",
        scenario.kind.name(),
        scenario.op.name(),
        scenario.callers,
        latencies.len(),
        wall.as_secs_f64(),
        user,
        sys,
        maxrss_kb,
        pct(0.50),
        pct(0.99),
    );
    Ok(())
}

/// Makes `calls` calls with `scenario.callers` callers; the latency of each, in nanoseconds.
///
/// Any failed call, or an answer with the wrong number of members, fails the
/// whole run: a benchmark of error paths would compare nothing.
async fn drive(
    client: &Client,
    scenario: &Scenario,
    fixtures: &Arc<Fixtures>,
    calls: usize,
    expected: usize,
    limit: Duration,
) -> Result<Vec<u64>, String> {
    let started = Instant::now();
    if scenario.callers <= 1 {
        let mut latencies = Vec::with_capacity(calls);
        while latencies.len() < calls && started.elapsed() < limit {
            let t = Instant::now();
            let n = client.call(scenario.op, fixtures).await?;
            latencies.push(t.elapsed().as_nanos() as u64);
            if n != expected {
                return Err(format!("{n} members in the answer, expected {expected}"));
            }
        }
        return Ok(latencies);
    }
    let next = Arc::new(AtomicUsize::new(0));
    let tasks: Vec<_> = (0..scenario.callers)
        .map(|_| {
            let (client, fixtures, next) =
                (client.clone(), Arc::clone(fixtures), Arc::clone(&next));
            let op = scenario.op;
            tokio::spawn(async move {
                let mut latencies = Vec::with_capacity(calls / 32 + 16);
                while next.fetch_add(1, Ordering::Relaxed) < calls && started.elapsed() < limit {
                    let t = Instant::now();
                    let n = client.call(op, &fixtures).await?;
                    latencies.push(t.elapsed().as_nanos() as u64);
                    if n != expected {
                        return Err(format!("{n} members in the answer, expected {expected}"));
                    }
                }
                Ok::<_, String>(latencies)
            })
        })
        .collect();
    let mut all = Vec::with_capacity(calls);
    for task in tasks {
        all.extend(task.await.map_err(|e| format!("caller task: {e}"))??);
    }
    Ok(all)
}

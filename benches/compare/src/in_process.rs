//! The in-process round trip: detective-client over the emulator's in-process
//! transport (client stack + emulator front, no socket), on one core.
//!
//! The client is built as a user builds it (`.transport(emulator.transport())`),
//! so each call pays validation, serialization, tracing, both deadlines,
//! retry bookkeeping, SigV4 signing, the emulator's routing, its signature
//! check (on, as by default; `--no-verify` turns it off to show its share),
//! the state machine, the answer's serialization and its parse. The graph
//! holds the members that `GetMembers` names, so every call succeeds with
//! [`GET_MEMBERS`] member(s), as against the fixed-response server.

use crate::fixtures::GET_MEMBERS;
use crate::measure::rusage;
use detective_benches::{account_id, ADMIN_ACCOUNT};
use detective_client::Client;
use detective_local::{Emulator, EmulatorConfig};
use detective_types::{Account, GetMembersInput};
use std::time::Instant;

/// Runs `warmup` then `calls` GetMembers calls on a current-thread runtime
/// and prints one `inproc key=value...` line: wall and CPU of the measured
/// calls, and the machine-speed [probe](crate::probe) timed right before and
/// right after them.
pub fn run(calls: usize, warmup: usize, verify_signatures: bool) -> Result<(), String> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .map_err(|e| format!("runtime: {e}"))?;
    let config = EmulatorConfig {
        verify_signatures,
        ..EmulatorConfig::default()
    };
    let emulator = Emulator::new(config);
    let client = Client::builder()
        .region("us-east-1")
        .static_credentials(ADMIN_ACCOUNT, "test")
        .transport(emulator.transport())
        .build()
        .map_err(|e| format!("client: {e}"))?;
    runtime.block_on(async {
        let graph = client
            .create_graph()
            .await
            .map_err(|e| format!("CreateGraph: {e}"))?
            .graph_arn
            .ok_or("CreateGraph gave no GraphArn")?;
        let accounts =
            (0..GET_MEMBERS).map(|n| Account::new(account_id(n), format!("owner{n}@example.com")));
        client
            .create_members()
            .graph_arn(graph.clone())
            .accounts(accounts)
            .disable_email_notification(true)
            .await
            .map_err(|e| format!("CreateMembers: {e}"))?;
        let input = GetMembersInput {
            account_ids: Some((0..GET_MEMBERS).map(account_id).collect()),
            graph_arn: Some(graph),
        };
        let call = || async {
            let out = client
                .send::<detective_ops::operations::GetMembers>(input.clone())
                .await
                .map_err(|e| format!("GetMembers: {e}"))?;
            match out.member_details.as_ref().map(Vec::len) {
                Some(n) if n == GET_MEMBERS => Ok(()),
                other => Err(format!("GetMembers gave {other:?} members")),
            }
        };
        for _ in 0..warmup {
            call().await?;
        }
        let probe_before = crate::probe::passes_per_cpu_s();
        let (user0, sys0, _) = rusage(libc::RUSAGE_SELF);
        let started = Instant::now();
        for _ in 0..calls {
            call().await?;
        }
        let wall = started.elapsed().as_secs_f64();
        let (user1, sys1, _) = rusage(libc::RUSAGE_SELF);
        let probe_after = crate::probe::passes_per_cpu_s();
        println!(
            "inproc calls={calls} wall_s={wall:.6} cpu_s={:.6} verify={verify_signatures} \
             probe_before={probe_before:.1} probe_after={probe_after:.1}",
            (user1 - user0) + (sys1 - sys0)
        );
        Ok(())
    })
}

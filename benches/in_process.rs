//! Criterion: whole calls through the client stack and the emulator front, no socket.
//!
//! The client is built exactly as a user builds it, with the in-process
//! emulator as its transport (`Client::builder().transport(emulator.transport())`),
//! so each call pays validation, serialization, tracing, both deadlines,
//! retries' bookkeeping, SigV4 signing, the emulator's routing, signature
//! verification (on, as by default), its state machine and the parse of the
//! answer. One call per iteration on a current-thread runtime: the result,
//! as elements per second, is calls per second on one core.
//!
//! Run: `cargo bench -p detective-benches --bench in_process`.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use detective_benches::{account_id, ADMIN_ACCOUNT};
use detective_client::Client;
use detective_local::{Emulator, EmulatorConfig};
use detective_ops::operations::{GetMembers, ListMembers};
use detective_types::{Account, CreateMembersInput, GetMembersInput, ListMembersInput};
use std::hint::black_box;

/// Members in the graph; `ListMembers` reads a page of them all.
const MEMBERS: usize = 100;
/// Accounts each `GetMembers` names.
const GET: usize = 10;

fn setup(runtime: &tokio::runtime::Runtime) -> (Client, String) {
    let emulator = Emulator::new(EmulatorConfig::default());
    let client = match Client::builder()
        .region("us-east-1")
        .static_credentials(ADMIN_ACCOUNT, "test")
        .transport(emulator.transport())
        .build()
    {
        Ok(c) => c,
        Err(e) => panic!("client: {e}"),
    };
    let graph = runtime.block_on(async {
        let graph = match client.create_graph().await {
            Ok(out) => out.graph_arn.unwrap_or_default(),
            Err(e) => panic!("create graph: {e}"),
        };
        for chunk in (0..MEMBERS).collect::<Vec<_>>().chunks(50) {
            let input = CreateMembersInput {
                accounts: Some(
                    chunk
                        .iter()
                        .map(|&n| Account::new(account_id(n), format!("o{n}@example.com")))
                        .collect(),
                ),
                disable_email_notification: Some(true),
                graph_arn: Some(graph.clone()),
                message: None,
            };
            if let Err(e) = client
                .send::<detective_ops::operations::CreateMembers>(input)
                .await
            {
                panic!("create members: {e}");
            }
        }
        graph
    });
    (client, graph)
}

fn in_process(c: &mut Criterion) {
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
    {
        Ok(r) => r,
        Err(e) => panic!("runtime: {e}"),
    };
    let (client, graph) = setup(&runtime);
    let get = GetMembersInput {
        account_ids: Some((0..GET).map(account_id).collect()),
        graph_arn: Some(graph.clone()),
    };
    let list = ListMembersInput {
        graph_arn: Some(graph),
        max_results: Some(MEMBERS as i32),
        next_token: None,
    };
    // Check once that the calls succeed, so the loop measures the success path.
    runtime.block_on(async {
        match client.send::<GetMembers>(get.clone()).await {
            Ok(out) if out.member_details.as_ref().map(Vec::len) == Some(GET) => {}
            other => panic!("GetMembers: {other:?}"),
        }
        match client.send::<ListMembers>(list.clone()).await {
            Ok(out) if out.member_details.as_ref().map(Vec::len) == Some(MEMBERS) => {}
            other => panic!("ListMembers: {other:?}"),
        }
    });

    let mut group = c.benchmark_group("in_process");
    group.throughput(Throughput::Elements(1));
    group.bench_function(format!("GetMembers ({GET} accounts)"), |b| {
        b.iter(|| runtime.block_on(client.send::<GetMembers>(black_box(get.clone()))))
    });
    group.bench_function(format!("ListMembers (page of {MEMBERS})"), |b| {
        b.iter(|| runtime.block_on(client.send::<ListMembers>(black_box(list.clone()))))
    });
    group.finish();
}

criterion_group!(benches, in_process);
criterion_main!(benches);

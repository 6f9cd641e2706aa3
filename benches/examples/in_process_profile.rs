//! Runs N in-process GetMembers calls, for `valgrind --tool=callgrind`.
use detective_benches::{account_id, ADMIN_ACCOUNT};
use detective_client::Client;
use detective_local::{Emulator, EmulatorConfig};
use detective_ops::operations::GetMembers;
use detective_types::{Account, CreateMembersInput, GetMembersInput};

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(1000);
    let k: usize = std::env::args()
        .nth(2)
        .and_then(|s| s.parse().ok())
        .unwrap_or(10);
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .unwrap();
    let emulator = Emulator::new(EmulatorConfig::default());
    let client = Client::builder()
        .region("us-east-1")
        .static_credentials(ADMIN_ACCOUNT, "test")
        .transport(emulator.transport())
        .build()
        .unwrap();
    let graph = rt.block_on(async {
        let graph = client.create_graph().await.unwrap().graph_arn.unwrap();
        let input = CreateMembersInput {
            accounts: Some(
                (0..10)
                    .map(|n| Account::new(account_id(n), format!("o{n}@example.com")))
                    .collect(),
            ),
            disable_email_notification: Some(true),
            graph_arn: Some(graph.clone()),
            message: None,
        };
        client
            .send::<detective_ops::operations::CreateMembers>(input)
            .await
            .unwrap();
        graph
    });
    let get = GetMembersInput {
        account_ids: Some((0..k).map(account_id).collect()),
        graph_arn: Some(graph),
    };
    let start = std::time::Instant::now();
    for _ in 0..n {
        rt.block_on(client.send::<GetMembers>(get.clone())).unwrap();
    }
    let el = start.elapsed();
    eprintln!("{n} calls in {el:?}: {:.0}/s", n as f64 / el.as_secs_f64());
}

//! The smallest useful program with detective-client: list the caller's
//! behavior graphs, configured from the environment (`AWS_REGION`,
//! `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, optionally
//! `AWS_ENDPOINT_URL`). Its clean build time and stripped size are the
//! build-cost figures of `cargo xtask bench`.

use std::process::ExitCode;

fn main() -> ExitCode {
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(async {
        let client = match detective_client::Client::from_env() {
            Ok(client) => client,
            Err(e) => {
                eprintln!("configuration: {e}");
                return ExitCode::FAILURE;
            }
        };
        match client.list_graphs().send().await {
            Ok(out) => {
                println!("{} graph(s)", out.graph_list.map_or(0, |g| g.len()));
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("ListGraphs: {e}");
                ExitCode::FAILURE
            }
        }
    })
}

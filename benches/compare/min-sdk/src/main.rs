//! The smallest useful program with the official aws-sdk-detective (default
//! features): list the caller's behavior graphs, configured from the same
//! environment variables as `min-ours`. It reads them itself rather than
//! through aws-config, which would only add to the SDK's build cost.

use aws_sdk_detective::config::{BehaviorVersion, Credentials, Region};
use std::process::ExitCode;

fn env(name: &str) -> String {
    std::env::var(name).unwrap_or_default()
}

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
        let mut config = aws_sdk_detective::Config::builder()
            .behavior_version(BehaviorVersion::latest())
            .region(Region::new(env("AWS_REGION")))
            .credentials_provider(Credentials::new(
                env("AWS_ACCESS_KEY_ID"),
                env("AWS_SECRET_ACCESS_KEY"),
                std::env::var("AWS_SESSION_TOKEN").ok(),
                None,
                "environment",
            ));
        if let Ok(url) = std::env::var("AWS_ENDPOINT_URL") {
            config = config.endpoint_url(url);
        }
        let client = aws_sdk_detective::Client::from_conf(config.build());
        match client.list_graphs().send().await {
            Ok(out) => {
                println!("{} graph(s)", out.graph_list().len());
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!(
                    "ListGraphs: {}",
                    aws_sdk_detective::error::DisplayErrorContext(e)
                );
                ExitCode::FAILURE
            }
        }
    })
}

//! `detective`: the local Amazon Detective emulator and tools around it.
//!
//! - `detective serve` runs the emulator on loopback, speaking the real wire
//!   protocol, so boto3, the AWS CLI and the AWS SDKs work against it.
//! - `detective tour` walks an administrator and three members through the
//!   whole life of a behavior graph with the real client, printing each step
//!   and checking every result against the service's specified behaviour.

mod duration;
mod serve;
mod tour;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// The local Amazon Detective, and a guided tour of it.
#[derive(Debug, Parser)]
#[command(name = "detective", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run the Detective emulator: `detective serve --port 0` picks a free port.
    ///
    /// Example: detective serve --port 4566 --credentials-file accounts.toml
    Serve(serve::ServeArgs),
    /// Walk an administrator and three members through a graph's whole life.
    ///
    /// Example: detective tour   (starts its own emulator on a free loopback port)
    Tour(tour::TourArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("detective: could not start the async runtime: {e}");
            return ExitCode::from(255);
        }
    };
    let result = runtime.block_on(async {
        match cli.command {
            Command::Serve(args) => serve::run(args).await,
            Command::Tour(args) => tour::run(args).await,
        }
    });
    match result {
        Ok(code) => code,
        Err(message) => {
            eprintln!("detective: {message}");
            ExitCode::from(255)
        }
    }
}

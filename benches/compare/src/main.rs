//! `detective-compare`: detective-client (A) vs aws-sdk-detective (B) vs the floor (C).
//!
//! Run it through `cargo xtask bench` (from the detective-rs root), which
//! builds this workspace in release mode and runs `all`. Subcommands:
//!
//! - `all [--rounds N] [--calls-1 N] [--calls-64 N] [--callgrind-calls N]
//!   [--inproc-calls N] [--cli-runs N] [--detective PATH] [--aws PATH]
//!   [--time-limit S] [--skip-callgrind] [--skip-build-cost] [--out DIR] [--root DIR]`:
//!   the whole comparison and the report (`report.md`, `results.tsv`,
//!   `chart.svg` under `--out`, default `<root>/target/bench-report`); with
//!   `--detective` (a release `detective` binary) and `--aws` (the AWS CLI)
//!   it also times both CLIs' cold `list-graphs` (`cargo xtask bench` passes both);
//! - `serve`: the fixed-response server alone (prints `listening on URL`,
//!   stops when its standard input closes);
//! - `inproc --calls N [--warmup N] [--no-verify]`: GetMembers through
//!   detective-client and the in-process emulator, printing one `inproc` line
//!   (with the machine-speed probe timed before and after the measured calls);
//! - `run --variant ours|sdk|floor --op GetMembers|ListMembers --callers N
//!   --calls N --warmup N --endpoint URL [--time-limit S]`: one scenario in
//!   this process, printing one `result key=value...` line.

mod cold_start;
mod fixtures;
mod in_process;
mod measure;
mod orchestrate;
mod probe;
mod report;
mod server;
mod variants;

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

fn value<'a>(args: &'a [String], name: &str) -> Option<&'a str> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .map(String::as_str)
}

fn number(args: &[String], name: &str, default: usize) -> Result<usize, String> {
    match value(args, name) {
        Some(v) => v.parse().map_err(|_| format!("{name}: not a number: {v}")),
        None => Ok(default),
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("serve") => server::serve(&fixtures::Fixtures::new()),
        Some("run") => run(&args[1..]),
        Some("inproc") => inproc(&args[1..]),
        Some("all") => all(&args[1..]),
        _ => Err(
            "usage: detective-compare <all|serve|run|inproc> [options] (see the crate docs)"
                .to_owned(),
        ),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("detective-compare: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: &[String]) -> Result<(), String> {
    let scenario = measure::Scenario {
        kind: value(args, "--variant")
            .and_then(variants::Kind::parse)
            .ok_or("--variant ours|sdk|floor")?,
        op: value(args, "--op")
            .and_then(variants::Op::parse)
            .ok_or("--op GetMembers|ListMembers")?,
        callers: number(args, "--callers", 1)?,
        calls: number(args, "--calls", 1000)?,
        warmup: number(args, "--warmup", 100)?,
        endpoint: value(args, "--endpoint")
            .ok_or("--endpoint URL")?
            .to_owned(),
        time_limit: Duration::from_secs(number(args, "--time-limit", 15)? as u64),
    };
    measure::run(&scenario)
}

fn inproc(args: &[String]) -> Result<(), String> {
    in_process::run(
        number(args, "--calls", 10_000)?,
        number(args, "--warmup", 200)?,
        !args.iter().any(|a| a == "--no-verify"),
    )
}

fn all(args: &[String]) -> Result<(), String> {
    let root = value(args, "--root")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../..")));
    let out = value(args, "--out")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target/bench-report"));
    let settings = orchestrate::Settings {
        rounds: number(args, "--rounds", 3)?,
        calls_1: number(args, "--calls-1", 3000)?,
        calls_64: number(args, "--calls-64", 20000)?,
        callgrind_calls: number(args, "--callgrind-calls", 200)?,
        inproc_calls: number(args, "--inproc-calls", 20_000)?,
        cli_runs: number(args, "--cli-runs", 10)?,
        detective: value(args, "--detective").map(PathBuf::from),
        aws: value(args, "--aws").map(PathBuf::from),
        time_limit: Duration::from_secs(number(args, "--time-limit", 15)? as u64),
        skip_callgrind: args.iter().any(|a| a == "--skip-callgrind"),
        skip_build_cost: args.iter().any(|a| a == "--skip-build-cost"),
        out,
        root,
    };
    orchestrate::all(&settings)
}

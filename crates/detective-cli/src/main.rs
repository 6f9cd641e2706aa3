//! `detective`: Amazon Detective from the command line, and a local emulator of it.
//!
//! - `detective <operation> [options]`: one subcommand per Detective
//!   operation, named and optioned as `aws detective` names them
//!   (`detective create-members --graph-arn ARN --accounts AccountId=...`),
//!   with the AWS CLI's global options, output formats and exit codes.
//! - `detective serve` runs the emulator on loopback, speaking the real wire
//!   protocol, so boto3, the AWS CLI and the AWS SDKs work against it.
//! - `detective tour` walks an administrator and three members through the
//!   whole life of a behavior graph with the real client, printing each step
//!   and checking every result against the service's specified behaviour.
//! - `detective wait member-invited|member-enabled|member-removed` polls
//!   `GetMembers` until the named members reach the state.
//! - `detective presign <operation> [options] --expires-in SECONDS` prints a
//!   SigV4 query-signed request that any HTTP client can send later.
//! - `detective completion bash|zsh|fish` prints a shell completion script.

mod api;
mod duration;
mod serve;
mod tour;

use api::error::{CliError, EXIT_OTHER, EXIT_USAGE};
use clap::{Arg, ArgMatches, Args, Command, FromArgMatches};
use std::io::Write;
use std::process::ExitCode;

const ABOUT: &str =
    "Amazon Detective from the command line, in the AWS CLI's style, and a local emulator of it.";

const AFTER_HELP: &str = "\
Examples:
  detective serve --port 4566                       # the emulator, in another terminal
  export AWS_ACCESS_KEY_ID=111111111111 AWS_SECRET_ACCESS_KEY=test AWS_REGION=us-east-1
  detective --endpoint-url http://127.0.0.1:4566 create-graph --tags Team=Security
  detective --endpoint-url http://127.0.0.1:4566 list-graphs --query 'GraphList[].Arn' --output text
  detective wait member-enabled --graph-arn ARN --account-ids 222222222222 --delay 2
  detective presign list-graphs --expires-in 300 --query Url --output text

Every operation subcommand takes the global options too, before or after its name.
Exit codes: 0 success, 252 bad command line or input, 253 missing configuration
(region, credentials, profile), 254 the service answered with an error, 255 anything else.";

/// The whole command tree.
pub fn command() -> Command {
    let mut command = Command::new("detective")
        .version(env!("CARGO_PKG_VERSION"))
        .about(ABOUT)
        .after_help(AFTER_HELP)
        .subcommand_required(true)
        .arg_required_else_help(true)
        .subcommand(
            // augment_args sets `about` from the struct's doc comment, so set ours afterwards.
            serve::ServeArgs::augment_args(Command::new("serve"))
                .about("Run the Detective emulator: `detective serve --port 0` picks a free port")
                .after_help("Example:\n  detective serve --port 4566 --credentials-file accounts.toml --verification-delay 2s"),
        )
        .subcommand(
            tour::TourArgs::augment_args(Command::new("tour"))
                .about("Walk an administrator and three members through a graph's whole life")
                .after_help("Example:\n  detective tour   (starts its own emulator on a free loopback port)"),
        )
        .subcommand(
            Command::new("completion")
                .about("Print a shell completion script")
                .arg(
                    Arg::new("shell")
                        .required(true)
                        .value_parser(["bash", "zsh", "fish"])
                        .help("The shell"),
                )
                .after_help("Examples:\n  detective completion bash > /etc/bash_completion.d/detective\n  detective completion zsh > \"${fpath[1]}/_detective\"\n  detective completion fish > ~/.config/fish/completions/detective.fish"),
        );
    for arg in api::config::global_args() {
        command = command.arg(arg);
    }
    command = command.subcommand(api::wait::command());
    match api::model::model() {
        Ok(model) => {
            command = command.subcommand(api::presign_command(model));
            for sub in api::commands(model, api::Mode::Call) {
                command = command.subcommand(sub);
            }
        }
        // Without the model only serve, tour and completion exist; say why once.
        Err(e) => eprintln!("detective: the API model could not be read: {e}"),
    }
    command
}

fn completion(matches: &ArgMatches) -> Result<(), CliError> {
    let shell = match matches.get_one::<String>("shell").map(String::as_str) {
        Some("bash") => clap_complete::Shell::Bash,
        Some("zsh") => clap_complete::Shell::Zsh,
        Some("fish") => clap_complete::Shell::Fish,
        other => {
            return Err(CliError::Usage(format!(
                "unsupported shell {other:?}: use bash, zsh or fish"
            )))
        }
    };
    let mut command = command();
    // Generate into memory: clap_complete panics when its writer fails (say, a closed pipe).
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command, "detective", &mut script);
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(&script)
        .and_then(|()| stdout.flush())
        .map_err(|e| CliError::Other(format!("could not write the completion script: {e}")))
}

fn main() -> ExitCode {
    let matches = match command().try_get_matches() {
        Ok(matches) => matches,
        Err(e) => {
            let _ = e.print();
            return match e.kind() {
                clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion => {
                    ExitCode::SUCCESS
                }
                // Every other parse failure is bad command-line input, as in the AWS CLI.
                _ => ExitCode::from(EXIT_USAGE),
            };
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("detective: could not start the async runtime: {e}");
            return ExitCode::from(EXIT_OTHER);
        }
    };
    let Some((name, sub)) = matches.subcommand() else {
        return ExitCode::from(EXIT_USAGE);
    };
    let result: Result<ExitCode, CliError> = runtime.block_on(async {
        match name {
            "serve" => {
                let args = serve::ServeArgs::from_arg_matches(sub)
                    .map_err(|e| CliError::Usage(e.to_string()))?;
                serve::run(args)
                    .await
                    .map_err(|e| CliError::Other(format!("detective: {e}")))
            }
            "tour" => {
                let args = tour::TourArgs::from_arg_matches(sub)
                    .map_err(|e| CliError::Usage(e.to_string()))?;
                tour::run(args)
                    .await
                    .map_err(|e| CliError::Other(format!("detective: {e}")))
            }
            "completion" => completion(sub).map(|()| ExitCode::SUCCESS),
            "wait" => match sub.subcommand() {
                Some((waiter, leaf)) => api::wait::run(&matches, waiter, leaf)
                    .await
                    .map(|()| ExitCode::SUCCESS),
                None => Err(CliError::Usage("wait needs a waiter name".to_owned())),
            },
            "presign" => match sub.subcommand() {
                Some((operation, leaf)) => api::run(&matches, operation, leaf, api::Mode::Presign)
                    .await
                    .map(|()| ExitCode::SUCCESS),
                None => Err(CliError::Usage("presign needs an operation".to_owned())),
            },
            operation => api::run(&matches, operation, sub, api::Mode::Call)
                .await
                .map(|()| ExitCode::SUCCESS),
        }
    });
    match result {
        Ok(code) => code,
        Err(error) => {
            eprintln!("{error}");
            error.exit_code()
        }
    }
}

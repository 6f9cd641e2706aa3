//! `detective wait member-invited|member-enabled|member-removed`: the client's
//! waiters, as `aws detective wait ...` would offer them.
//!
//! Success prints nothing and exits 0, as in the AWS CLI. A waiter that runs
//! out of attempts or meets a state from which the awaited one cannot be
//! reached exits 255 with `Waiter MemberInvited failed: ...`; a service error
//! while polling exits 254 and bad input 252, like any other call.

use super::config::{global_args, process_env, Globals, Settings};
use super::error::CliError;
use super::init_debug;
use crate::duration::parse_duration;
use clap::{Arg, ArgAction, ArgMatches, Command};
use detective_client::waiter::{WaiterError, DEFAULT_DELAY, DEFAULT_MAX_ATTEMPTS, WAITER_NAMES};
use std::time::Duration;

const SAMPLE_GRAPH_ARN: &str =
    "arn:aws:detective:us-east-1:111122223333:graph:027c7c4610ea4aacaf0b883093cab899";

/// `member_invited` → `MemberInvited`, the waiter's name in the AWS CLI's messages.
fn pascal(snake: &str) -> String {
    snake
        .split('_')
        .map(|word| {
            let mut chars = word.chars();
            chars
                .next()
                .map(|first| first.to_ascii_uppercase().to_string() + chars.as_str())
                .unwrap_or_default()
        })
        .collect()
}

fn describe(snake: &str) -> &'static str {
    match snake {
        "member_invited" => "Wait until every named account is a member with status INVITED (fails fast on VERIFICATION_FAILED, ENABLED, ACCEPTED_BUT_DISABLED or not a member)",
        "member_enabled" => "Wait until every named account is a member with status ENABLED (fails fast on VERIFICATION_FAILED or not a member)",
        "member_removed" => "Wait until no named account is a member of the graph",
        _ => "Wait until the named members reach a state",
    }
}

/// The `wait` command and one subcommand per waiter the client has.
pub fn command() -> Command {
    let mut wait = Command::new("wait")
        .about("Wait until members of a graph reach a state, polling GetMembers")
        .subcommand_required(true)
        .after_help(format!(
            "Example:\n  detective wait member-enabled --graph-arn {SAMPLE_GRAPH_ARN} --account-ids 444455556666 --delay 2 --max-attempts 30"
        ));
    for snake in WAITER_NAMES {
        let name = snake.replace('_', "-");
        let mut sub = Command::new(name.clone())
            .about(describe(snake))
            .after_help(format!(
                "Example:\n  detective wait {name} --graph-arn {SAMPLE_GRAPH_ARN} --account-ids 444455556666 555566667777\n\nSuccess prints nothing (exit 0). A timeout or a state that cannot lead to success exits 255."
            ))
            .arg(
                Arg::new("graph-arn")
                    .long("graph-arn")
                    .value_name("GraphArn")
                    .required(true)
                    .help("[required] The graph whose members are watched"),
            )
            .arg(
                Arg::new("account-ids")
                    .long("account-ids")
                    .value_name("AccountId")
                    .required(true)
                    .num_args(1..)
                    .action(ArgAction::Append)
                    .help("[required] The accounts that must all reach the state (1 to 50)"),
            )
            .arg(
                Arg::new("delay")
                    .long("delay")
                    .value_name("SECONDS")
                    .value_parser(parse_duration)
                    .help(format!(
                        "Time between polls: seconds, or 500ms, 2s, 1m (default {}s)",
                        DEFAULT_DELAY.as_secs()
                    )),
            )
            .arg(
                Arg::new("max-attempts")
                    .long("max-attempts")
                    .value_name("N")
                    .value_parser(clap::value_parser!(u32).range(1..))
                    .help(format!(
                        "Most GetMembers calls before giving up (default {DEFAULT_MAX_ATTEMPTS})"
                    )),
            );
        for arg in global_args() {
            sub = sub.arg(arg);
        }
        wait = wait.subcommand(sub);
    }
    wait
}

/// Runs `detective wait <name>`.
pub async fn run(top: &ArgMatches, name: &str, matches: &ArgMatches) -> Result<(), CliError> {
    let globals = Globals::from_matches(top, matches);
    if globals.debug {
        init_debug();
    }
    let settings = Settings::resolve(globals, &process_env)?;
    let client = settings.client(&process_env)?;
    let waiter_name = pascal(&name.replace('-', "_"));
    let mut waiter = client
        .get_waiter(name)
        .ok_or_else(|| CliError::Usage(format!("there is no waiter named {name:?}")))?;
    let graph_arn = matches
        .get_one::<String>("graph-arn")
        .cloned()
        .unwrap_or_default();
    let account_ids: Vec<String> = matches
        .get_occurrences::<String>("account-ids")
        .and_then(|mut occurrences| occurrences.next_back())
        .map(|values| values.cloned().collect())
        .unwrap_or_default();
    waiter = waiter.graph_arn(graph_arn).account_ids(account_ids);
    if let Some(delay) = matches.get_one::<Duration>("delay") {
        waiter = waiter.delay(*delay);
    }
    if let Some(attempts) = matches.get_one::<u32>("max-attempts") {
        waiter = waiter.max_attempts(*attempts);
    }
    match waiter.wait().await {
        Ok(_) => Ok(()),
        Err(WaiterError::TimedOut { attempts }) => Err(CliError::Other(format!(
            "Waiter {waiter_name} failed: Max attempts exceeded ({attempts} GetMembers calls)"
        ))),
        Err(WaiterError::Failed { account_id, status }) => {
            let state = status.map_or_else(
                || "not a member of the graph".to_owned(),
                |s| format!("in status {s}"),
            );
            Err(CliError::Other(format!(
                "Waiter {waiter_name} failed: Waiter encountered a terminal failure state: account {account_id} is {state}"
            )))
        }
        Err(WaiterError::Service(error)) => Err(CliError::Call {
            operation: "GetMembers".to_owned(),
            error,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use detective_client::Error as ClientError;

    #[test]
    fn waiter_names_read_as_in_the_aws_cli() {
        assert_eq!(pascal("member_invited"), "MemberInvited");
        let wait = command();
        let names: Vec<&str> = wait.get_subcommands().map(Command::get_name).collect();
        assert_eq!(
            names,
            ["member-enabled", "member-invited", "member-removed"]
        );
    }

    #[test]
    fn client_errors_keep_their_exit_codes() {
        let err = CliError::Call {
            operation: "GetMembers".into(),
            error: ClientError::Timeout {
                kind: detective_client::TimeoutKind::Operation,
                after: Duration::from_secs(1),
            },
        };
        assert_eq!(err.code(), super::super::error::EXIT_OTHER);
    }
}

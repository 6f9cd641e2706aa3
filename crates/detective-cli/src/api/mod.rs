//! One subcommand per Detective operation, in the AWS CLI's style.
//!
//! The table is generic: every [`OperationId`] becomes a subcommand named
//! as `aws detective` names it (`CreateMembers` → `create-members`), whose
//! options are its input members in kebab-case, typed by the API model
//! (see [`model`]). Options become the input as JSON, serde makes it the
//! typed input, the client sends it, and the output is printed as
//! `--output` and `--query` say. List operations are paged automatically.

pub mod config;
pub mod dispatch;
pub mod error;
pub mod input;
pub mod model;
pub mod output;
pub mod paginate;
pub mod shorthand;
pub mod wait;

use clap::{Arg, ArgMatches, Command};
use config::{global_args, process_env, Globals, Settings};
use detective_client::ops::OperationId;
use error::CliError;
use model::{kebab_case, Kind, Member, Model};
use serde_json::{Map, Value};
use std::io::Write;

/// One operation's subcommand.
#[derive(Debug, Clone)]
pub struct OperationCommand {
    /// The operation.
    pub id: OperationId,
    /// Its model name, e.g. `CreateMembers`.
    pub name: &'static str,
    /// The subcommand, e.g. `create-members`.
    pub command: String,
    /// Its input members, as options.
    pub members: Vec<Member>,
}

/// Every operation's subcommand, in `OperationId::ALL` order.
pub fn operations(model: &Model) -> Vec<OperationCommand> {
    OperationId::ALL
        .iter()
        .map(|id| {
            let name = id.info().name;
            OperationCommand {
                id: *id,
                name,
                command: kebab_case(name),
                members: model.input_members(name),
            }
        })
        .collect()
}

/// A one-line summary of each operation for `--help`; `None` for operations
/// added since (they still get a generated description).
fn summary(operation: &str) -> Option<&'static str> {
    Some(match operation {
        "AcceptInvitation" => "Accept an invitation to become a member of a behavior graph.",
        "BatchGetGraphMemberDatasources" => {
            "Get data source package information for member accounts of a graph."
        }
        "BatchGetMembershipDatasources" => {
            "Get data source package information for the graphs the caller is a member of."
        }
        "CreateGraph" => "Create a behavior graph for the calling account (the administrator).",
        "CreateMembers" => "Invite accounts to become members of the caller's behavior graph.",
        "DeleteGraph" => "Disable Detective and delete the caller's behavior graph.",
        "DeleteMembers" => "Remove member accounts from the caller's behavior graph.",
        "DescribeOrganizationConfiguration" => {
            "Show the organization configuration of a behavior graph."
        }
        "DisableOrganizationAdminAccount" => {
            "Remove the Detective administrator account of the organization."
        }
        "DisassociateMembership" => "Leave a behavior graph the caller is a member of.",
        "EnableOrganizationAdminAccount" => {
            "Designate the Detective administrator account of the organization."
        }
        "GetInvestigation" => "Get the details of an investigation.",
        "GetMembers" => "Get the membership details of accounts in the caller's behavior graph.",
        "ListDatasourcePackages" => "List the data source packages of a behavior graph.",
        "ListGraphs" => "List the behavior graphs the caller administers.",
        "ListIndicators" => "List the indicators of an investigation.",
        "ListInvestigations" => "List the investigations of a behavior graph.",
        "ListInvitations" => "List the caller's open and accepted invitations to behavior graphs.",
        "ListMembers" => "List the member accounts of the caller's behavior graph.",
        "ListOrganizationAdminAccounts" => {
            "List the organization's Detective administrator accounts."
        }
        "ListTagsForResource" => "List the tags of a behavior graph.",
        "RejectInvitation" => "Reject an invitation to become a member of a behavior graph.",
        "StartInvestigation" => "Start an investigation of an entity.",
        "StartMonitoringMember" => "Retry enabling a member whose data volume was too high.",
        "TagResource" => "Add tags to a behavior graph.",
        "UntagResource" => "Remove tags from a behavior graph.",
        "UpdateDatasourcePackages" => "Start ingesting data source packages into a behavior graph.",
        "UpdateInvestigationState" => "Change the state of an investigation.",
        "UpdateOrganizationConfiguration" => {
            "Change the organization configuration of a behavior graph."
        }
        _ => return None,
    })
}

const SAMPLE_GRAPH_ARN: &str =
    "arn:aws:detective:us-east-1:111122223333:graph:027c7c4610ea4aacaf0b883093cab899";

/// A plausible command-line value for a shape, for the examples in `--help`.
fn sample(model: &Model, shape_name: &str, depth: usize) -> String {
    let known = match shape_name {
        "GraphArn" | "ResourceArn" => Some(SAMPLE_GRAPH_ARN),
        "AccountId" => Some("444455556666"),
        "EmailAddress" => Some("member@example.com"),
        "EmailMessage" => Some("'Please join my behavior graph.'"),
        "EntityArn" => Some("arn:aws:iam::111122223333:role/example"),
        "InvestigationId" => Some("000000000000000000001"),
        _ => None,
    };
    if let Some(known) = known {
        return known.to_owned();
    }
    let Some(shape) = model.shape(shape_name) else {
        return "VALUE".to_owned();
    };
    match &shape.kind {
        Kind::String { values, .. } => values
            .first()
            .cloned()
            .unwrap_or_else(|| "example".to_owned()),
        Kind::Integer { min, max } => (*min).or(*max).unwrap_or(10).max(1).to_string(),
        Kind::Boolean => "true".to_owned(),
        Kind::Double => "1.5".to_owned(),
        Kind::Timestamp => "2024-01-31T12:00:00Z".to_owned(),
        Kind::Blob => "file://data.bin".to_owned(),
        Kind::Map { .. } => "Team=Security".to_owned(),
        Kind::List { member, .. } => {
            let one = sample(model, member, depth + 1);
            if member == "AccountId" {
                format!("{one} 555566667777")
            } else if depth == 0 {
                one
            } else {
                format!("[{one}]")
            }
        }
        Kind::Structure { members, required } if depth < 3 => {
            let parts: Vec<String> = members
                .iter()
                .filter(|(name, _)| required.is_empty() || required.contains(name))
                .map(|(name, shape)| {
                    let value = sample(model, shape, depth + 1);
                    let value = value.trim_matches('\'').to_owned();
                    if model
                        .shape(shape)
                        .is_some_and(|s| matches!(s.kind, Kind::Structure { .. }))
                    {
                        format!("{name}={{{value}}}")
                    } else {
                        format!("{name}={value}")
                    }
                })
                .collect();
            parts.join(",")
        }
        Kind::Structure { .. } => "{}".to_owned(),
    }
}

fn is_paging_member(member: &Member) -> bool {
    member.name == "NextToken" || member.name == "MaxResults"
}

/// The `--help` example: the required options (or, when none are, the optional
/// non-paging ones) with sample values.
fn example(model: &Model, operation: &OperationCommand, paginated: bool) -> String {
    let required: Vec<&Member> = operation.members.iter().filter(|m| m.required).collect();
    let mut shown: Vec<&Member> = if required.is_empty() {
        operation
            .members
            .iter()
            .filter(|m| !is_paging_member(m))
            .collect()
    } else {
        required
    };
    // The graph first, as people read it: "in this graph, do this".
    shown.sort_by_key(|m| m.name != "GraphArn");
    let mut line = format!("detective {}", operation.command);
    for member in shown {
        if member.shape.kind == Kind::Boolean {
            line.push_str(&format!(" --{}", member.option));
        } else {
            line.push_str(&format!(
                " --{} {}",
                member.option,
                sample(model, &member.shape.name, 0)
            ));
        }
    }
    let mut text = format!("Example:\n  {line}\n");
    if paginated {
        let result_key = paging_keys(model, operation.name)
            .into_iter()
            .next()
            .unwrap_or_default();
        text.push_str(&format!(
            "\nEvery page is fetched and merged unless --no-paginate, --max-results or\n--next-token is given; --max-items N stops after N results:\n  {line} --max-items 10 --query '{result_key}' --output text\n"
        ));
    }
    text.push_str(
        "\nCredentials come from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY or --profile.\nAgainst the emulator: add --endpoint-url http://127.0.0.1:4566 (see `detective serve`).",
    );
    text
}

/// The output members that hold results, concatenated across pages.
fn paging_keys(model: &Model, operation: &str) -> Vec<String> {
    let members = model.output_members(operation);
    let of_kind = |is_kind: fn(&Kind) -> bool| {
        members
            .iter()
            .filter(move |m| m.name != "NextToken" && is_kind(&m.shape.kind))
            .map(|m| m.name.clone())
    };
    // Lists first; an operation whose results are a map (ListDatasourcePackages) pages that.
    of_kind(|k| matches!(k, Kind::List { .. }))
        .chain(of_kind(|k| matches!(k, Kind::Map { .. })))
        .collect()
}

/// What an operation subcommand does with its input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Send the call and print its output (`detective list-members ...`).
    Call,
    /// Print a presigned request for it (`detective presign list-members ...`).
    Presign,
}

/// The longest validity `--expires-in` accepts: 7 days, as SigV4 allows.
const MAX_EXPIRES_IN: u64 = 604_800;

/// The subcommand of one operation.
pub fn operation_command(model: &Model, operation: &OperationCommand, mode: Mode) -> Command {
    let info = operation.id.info();
    let about = summary(operation.name)
        .map(str::to_owned)
        .unwrap_or_else(|| format!("Call the {} operation.", operation.name));
    let long_about = format!(
        "{about}\n\nCalls the Detective {} operation ({} {}).",
        operation.name, info.method, info.path
    );
    let (about, long_about, after_help) = match mode {
        Mode::Call => (about, long_about, example(model, operation, info.paginated)),
        Mode::Presign => (
            format!("Presign {}: {about}", operation.name),
            format!("{long_about}\n\nPrints the request signed with SigV4 query parameters (Method, Url, Headers, Body) instead of sending it; any HTTP client can send it, unchanged, until it expires."),
            presign_example(model, operation),
        ),
    };
    let mut command = Command::new(operation.command.clone())
        .about(about)
        .long_about(long_about)
        .after_help(after_help);
    let mut ids: Vec<String> = Vec::new();
    for member in &operation.members {
        for arg in input::member_args(model, member) {
            ids.push(arg.get_id().to_string());
            command = command.arg(arg);
        }
    }
    if mode == Mode::Presign {
        command = command.arg(
            Arg::new("expires-in")
                .long("expires-in")
                .value_name("SECONDS")
                .default_value("3600")
                .value_parser(clap::value_parser!(u64).range(1..=MAX_EXPIRES_IN))
                .help("How long the presigned request stays valid, in seconds (1 to 604800)"),
        );
    }
    command = command
        .arg(
            Arg::new("cli-input-json")
                .long("cli-input-json")
                .value_name("JSON")
                .help("The whole input as JSON with the API's member names (or file://path); options given as well override its members"),
        );
    if mode == Mode::Call {
        command = command.arg(
            Arg::new("generate-cli-skeleton")
                .long("generate-cli-skeleton")
                .value_name("input")
                .num_args(0..=1)
                .default_missing_value("input")
                .value_parser(["input"])
                .help("Print a JSON skeleton of the input for --cli-input-json, and send nothing"),
        );
    }
    if info.paginated && mode == Mode::Call {
        let heading = "Pagination Options";
        for arg in [
            Arg::new("starting-token")
                .long("starting-token")
                .value_name("TOKEN")
                .help("Resume from a NextToken printed by an earlier --max-items run"),
            Arg::new("page-size")
                .long("page-size")
                .value_name("N")
                .value_parser(clap::value_parser!(i64))
                .help("Results per call (MaxResults); every page is still fetched"),
            Arg::new("max-items")
                .long("max-items")
                .value_name("N")
                .value_parser(clap::value_parser!(usize))
                .help("Stop after N results and print a NextToken to resume from"),
        ] {
            if !ids.iter().any(|id| id == arg.get_id().as_str()) {
                command = command.arg(arg.help_heading(heading));
            }
        }
    }
    for arg in global_args() {
        // A member named like a global option wins; the global one still works before the subcommand.
        if !ids.iter().any(|id| id == arg.get_id().as_str()) {
            command = command.arg(arg);
        }
    }
    command
}

/// Every operation's subcommand.
pub fn commands(model: &Model, mode: Mode) -> Vec<Command> {
    operations(model)
        .iter()
        .map(|op| operation_command(model, op, mode))
        .collect()
}

/// `detective presign <operation>`: every operation, presigned.
pub fn presign_command(model: &Model) -> Command {
    Command::new("presign")
        .about("Print a presigned request for any operation, to be sent later by any HTTP client")
        .long_about("Signs an operation's request with SigV4 query parameters (as boto3's generate_presigned_url does) and prints its Method, Url, Headers and Body. Whoever holds it can send it, unchanged, until it expires: treat it as a credential.")
        .subcommand_required(true)
        .after_help(format!(
            "Example:\n  detective presign list-members --graph-arn {SAMPLE_GRAPH_ARN} --expires-in 300\n  detective presign list-graphs --query Url --output text"
        ))
        .subcommands(commands(model, Mode::Presign))
}

fn presign_example(model: &Model, operation: &OperationCommand) -> String {
    let call = example(model, operation, false);
    let line = call
        .lines()
        .nth(1)
        .map(str::trim)
        .unwrap_or_default()
        .replacen("detective ", "detective presign ", 1);
    format!(
        "Example:\n  {line} --expires-in 300\n\nSend it later with any HTTP client, e.g. with the URL only:\n  detective presign {} ... --query Url --output text",
        operation.command
    )
}

/// An input skeleton for `--generate-cli-skeleton`, as the AWS CLI prints it.
fn skeleton(model: &Model, shape_name: &str, depth: usize) -> Value {
    let Some(shape) = model.shape(shape_name) else {
        return Value::Null;
    };
    match &shape.kind {
        Kind::String { values, .. } => Value::String(values.first().cloned().unwrap_or_default()),
        Kind::Integer { .. } => Value::from(0),
        Kind::Boolean => Value::Bool(true),
        Kind::Double => Value::from(0.0),
        Kind::Timestamp => Value::String("1970-01-01T00:00:00".to_owned()),
        Kind::Blob => Value::Null,
        Kind::List { member, .. } => Value::Array(vec![skeleton(model, member, depth + 1)]),
        Kind::Map { key, value } => {
            let mut map = Map::new();
            let key = skeleton(model, key, depth + 1)
                .as_str()
                .map(str::to_owned)
                .filter(|k| !k.is_empty())
                .unwrap_or_else(|| "KeyName".to_owned());
            map.insert(key, skeleton(model, value, depth + 1));
            Value::Object(map)
        }
        Kind::Structure { members, .. } if depth < 5 => Value::Object(
            members
                .iter()
                .map(|(name, shape)| (name.clone(), skeleton(model, shape, depth + 1)))
                .collect(),
        ),
        Kind::Structure { .. } => Value::Object(Map::new()),
    }
}

/// Whether `id` was typed on the command line (not defaulted, not absent).
fn on_command_line(matches: &ArgMatches, id: &str) -> bool {
    matches!(matches.try_contains_id(id), Ok(true))
        && matches.value_source(id) == Some(clap::parser::ValueSource::CommandLine)
}

/// Prints `result` as the settings say.
pub fn print_result(result: &Value, settings: &Settings, title: &str) -> Result<(), CliError> {
    let shown = match &settings.query {
        Some(query) => output::apply_query(&output::compile_query(query)?, result)?,
        None => result.clone(),
    };
    let width = process_env("COLUMNS")
        .and_then(|c| c.parse().ok())
        .unwrap_or(80);
    let text = output::render(&shown, settings.format, title, width);
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
        .map_err(|e| CliError::Other(format!("could not write the output: {e}")))
}

/// Sets up `--debug` logging to stderr (once per process).
pub fn init_debug() {
    use std::io::IsTerminal;
    // The client's trace layer never records headers or bodies, and aws-sigv4
    // logs (redacted) canonical requests only at TRACE, so DEBUG is safe.
    let filter = tracing_subscriber::EnvFilter::new(
        "debug,hyper=info,hyper_util=info,h2=info,rustls=info,tower=info,aws_sigv4=debug",
    );
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .try_init();
}

/// Runs the operation subcommand `name` (sending it, or presigning it in
/// [`Mode::Presign`]). `top` holds the options given before it.
pub async fn run(
    top: &ArgMatches,
    name: &str,
    matches: &ArgMatches,
    mode: Mode,
) -> Result<(), CliError> {
    let model = model::model().map_err(CliError::Other)?;
    let operation = operations(model)
        .into_iter()
        .find(|op| op.command == name)
        .ok_or_else(|| CliError::Usage(format!("unknown command {name:?}")))?;
    let globals = Globals::from_matches(top, matches);
    if globals.debug {
        init_debug();
    }
    let settings = Settings::resolve(globals, &process_env)?;
    if let Some(query) = &settings.query {
        output::compile_query(query)?;
    }
    if matches
        .try_get_one::<String>("generate-cli-skeleton")
        .ok()
        .flatten()
        .is_some()
    {
        let input = model
            .operation(operation.name)
            .and_then(|op| op.input.clone())
            .map(|input| skeleton(model, &input, 0))
            .unwrap_or_else(|| Value::Object(Map::new()));
        let mut stdout = std::io::stdout().lock();
        let text = output::json(&input);
        return stdout
            .write_all(if text.is_empty() {
                b"{}\n"
            } else {
                text.as_bytes()
            })
            .map_err(|e| CliError::Other(format!("could not write the output: {e}")));
    }
    let runner = dispatch::runner(operation.id).ok_or_else(|| {
        CliError::Other(format!(
            "{} is not wired into this build of detective yet",
            operation.name
        ))
    })?;
    let input = input::build(model, &operation.members, matches)?;
    let input_value = Value::Object(input.clone());
    runner.check(&input_value)?;
    tracing::debug!(
        operation = operation.name,
        input = %runner.debug_input(&input_value),
        ?mode,
        "prepared the input"
    );
    let client = settings.client(&process_env)?;

    if mode == Mode::Presign {
        let seconds = matches
            .try_get_one::<u64>("expires-in")
            .ok()
            .flatten()
            .copied()
            .unwrap_or(3600);
        let presigned = runner
            .presign(
                &client,
                input_value,
                std::time::Duration::from_secs(seconds),
            )
            .await?;
        return print_result(&presigned, &settings, operation.name);
    }

    let info = operation.id.info();
    // As in the AWS CLI, giving the service's own paging options means "just this page".
    let explicit_paging = operation
        .members
        .iter()
        .filter(|m| is_paging_member(m))
        .any(|m| on_command_line(matches, &m.option));
    let result = if info.paginated && !settings.no_paginate && !explicit_paging {
        let paging = paginate::Paging {
            result_keys: paging_keys(model, operation.name),
            starting_token: matches
                .try_get_one::<String>("starting-token")
                .ok()
                .flatten()
                .cloned(),
            page_size: matches
                .try_get_one::<i64>("page-size")
                .ok()
                .flatten()
                .copied(),
            max_items: matches
                .try_get_one::<usize>("max-items")
                .ok()
                .flatten()
                .copied(),
        };
        paginate::walk(runner, &client, input, &paging).await?
    } else {
        runner.call(&client, input_value).await?
    };
    print_result(&result, &settings, operation.name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_operation_has_a_subcommand_with_its_members_as_options() {
        let model = model::model().unwrap();
        let commands = commands(model, Mode::Call);
        assert_eq!(commands.len(), OperationId::ALL.len());
        let create_members = commands
            .iter()
            .find(|c| c.get_name() == "create-members")
            .unwrap();
        for option in [
            "graph-arn",
            "accounts",
            "message",
            "disable-email-notification",
            "no-disable-email-notification",
            "cli-input-json",
            "region",
            "query",
        ] {
            assert!(
                create_members
                    .get_arguments()
                    .any(|a| a.get_long() == Some(option)),
                "create-members lacks --{option}"
            );
        }
        let list_members = commands
            .iter()
            .find(|c| c.get_name() == "list-members")
            .unwrap();
        assert!(list_members
            .get_arguments()
            .any(|a| a.get_long() == Some("max-items")));
    }

    #[test]
    fn examples_use_every_required_option() {
        let model = model::model().unwrap();
        let op = operations(model)
            .into_iter()
            .find(|o| o.name == "CreateMembers")
            .unwrap();
        let text = example(model, &op, false);
        assert!(
            text.contains(&format!("--graph-arn {SAMPLE_GRAPH_ARN}")),
            "{text}"
        );
        assert!(
            text.contains("--accounts AccountId=444455556666,EmailAddress=member@example.com"),
            "{text}"
        );
    }

    #[test]
    fn list_results_are_the_list_members() {
        let model = model::model().unwrap();
        assert_eq!(paging_keys(model, "ListMembers"), ["MemberDetails"]);
        assert_eq!(paging_keys(model, "ListGraphs"), ["GraphList"]);
        assert_eq!(paging_keys(model, "ListInvitations"), ["Invitations"]);
        assert_eq!(paging_keys(model, "ListIndicators"), ["Indicators"]);
        assert_eq!(
            paging_keys(model, "ListDatasourcePackages"),
            ["DatasourcePackages"]
        );
    }

    #[test]
    fn skeletons_mirror_the_input_shape() {
        let model = model::model().unwrap();
        let value = skeleton(model, "CreateMembersRequest", 0);
        assert_eq!(
            value,
            serde_json::json!({
                "Accounts": [{"AccountId": "", "EmailAddress": ""}],
                "DisableEmailNotification": true,
                "GraphArn": "",
                "Message": ""
            })
        );
    }
}

//! The `detective` binary as a user runs it: every operation subcommand
//! against `detective serve`, the output formats, `--query`, pagination,
//! exit codes, input syntaxes, validation messages, `--debug`, profiles and
//! completions.
//!
//! Each test starts its own emulator (`detective serve --port 0`, a child
//! process) or, where the exact request matters, a tiny recording HTTP
//! server on 127.0.0.1:0, and runs the built binary with a clean
//! environment. Every process has a deadline.

// This whole file is test code (clippy.toml's allowance covers only #[test] functions).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_detective");
const ADMIN: &str = "111111111111";
const ALICE: &str = "222222222222";
const BOB: &str = "333333333333";
const SECRET: &str = "test";
/// Longest any one `detective` command may take.
const COMMAND_DEADLINE: Duration = Duration::from_secs(60);

/// The 29 operations, as `aws detective` names them.
const SUBCOMMANDS: &[&str] = &[
    "accept-invitation",
    "batch-get-graph-member-datasources",
    "batch-get-membership-datasources",
    "create-graph",
    "create-members",
    "delete-graph",
    "delete-members",
    "describe-organization-configuration",
    "disable-organization-admin-account",
    "disassociate-membership",
    "enable-organization-admin-account",
    "get-investigation",
    "get-members",
    "list-datasource-packages",
    "list-graphs",
    "list-indicators",
    "list-investigations",
    "list-invitations",
    "list-members",
    "list-organization-admin-accounts",
    "list-tags-for-resource",
    "reject-invitation",
    "start-investigation",
    "start-monitoring-member",
    "tag-resource",
    "untag-resource",
    "update-datasource-packages",
    "update-investigation-state",
    "update-organization-configuration",
];

/// A finished `detective` run.
#[derive(Debug)]
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    fn json(&self) -> Value {
        assert_eq!(self.code, 0, "detective failed: {}", self.stderr);
        if self.stdout.trim().is_empty() {
            return json!({});
        }
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {}", self.stdout))
    }

    fn ok(&self) -> &Self {
        assert_eq!(self.code, 0, "detective failed: {}", self.stderr);
        self
    }
}

/// Runs `child` to completion within the deadline, collecting its output.
fn finish(mut child: Child, deadline: Duration) -> Run {
    let stdout = child.stdout.take();
    let stderr = child.stderr.take();
    let out = thread::spawn(move || {
        let mut s = String::new();
        if let Some(mut pipe) = stdout {
            let _ = pipe.read_to_string(&mut s);
        }
        s
    });
    let err = thread::spawn(move || {
        let mut s = String::new();
        if let Some(mut pipe) = stderr {
            let _ = pipe.read_to_string(&mut s);
        }
        s
    });
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("detective did not finish within {deadline:?}");
        }
        thread::sleep(Duration::from_millis(10));
    };
    Run {
        code: status.code().unwrap_or(-1),
        stdout: out.join().unwrap(),
        stderr: err.join().unwrap(),
    }
}

/// A `detective` command with an environment of our own: no AWS settings of
/// the machine leak in, and nothing is retried so failures are quick.
fn detective() -> Command {
    let mut command = Command::new(BIN);
    command
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("HOME", std::env::temp_dir())
        .env("AWS_CONFIG_FILE", "/dev/null")
        .env("AWS_SHARED_CREDENTIALS_FILE", "/dev/null")
        .env("AWS_MAX_ATTEMPTS", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    command
}

fn run_command(mut command: Command) -> Run {
    finish(command.spawn().unwrap(), COMMAND_DEADLINE)
}

/// `detective serve --port 0` as a child process, stopped on drop.
struct Emulator {
    child: Child,
    url: String,
}

impl Emulator {
    fn start() -> Emulator {
        Self::start_with(&[])
    }

    fn start_with(extra: &[&str]) -> Emulator {
        let mut child = Command::new(BIN)
            .args(["serve", "--host", "127.0.0.1", "--port", "0"])
            .args(extra)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = mpsc::channel();
        thread::spawn(move || {
            let mut lines = BufReader::new(stdout).lines();
            if let Some(Ok(line)) = lines.next() {
                let _ = tx.send(line);
            }
            // Keep draining so the server never blocks on a full pipe.
            for _ in lines {}
        });
        let line = match rx.recv_timeout(Duration::from_secs(30)) {
            Ok(line) => line,
            Err(e) => {
                let _ = child.kill();
                panic!("detective serve did not start: {e}");
            }
        };
        let url = line
            .strip_prefix("listening on ")
            .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
            .trim()
            .to_owned();
        Emulator { child, url }
    }

    /// Runs `detective --endpoint-url URL <args>` acting as `account`.
    fn run(&self, account: &str, args: &[&str]) -> Run {
        let mut command = detective();
        command
            .env("AWS_ACCESS_KEY_ID", account)
            .env("AWS_SECRET_ACCESS_KEY", SECRET)
            .env("AWS_REGION", "us-east-1")
            .args(["--endpoint-url", &self.url])
            .args(args);
        run_command(command)
    }

    fn create_graph(&self, account: &str) -> String {
        let out = self.run(account, &["create-graph"]).json();
        out["GraphArn"].as_str().unwrap().to_owned()
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One request as the recording server received it.
#[derive(Debug, Clone, PartialEq)]
struct Recorded {
    method: String,
    path: String,
    body: String,
}

/// An HTTP server on 127.0.0.1:0 that records each request and answers `200 {}`.
/// It stops accepting when dropped, or after two minutes at the latest.
struct Recorder {
    url: String,
    requests: Arc<Mutex<Vec<Recorded>>>,
    stop: Arc<AtomicBool>,
}

impl Recorder {
    fn start() -> Recorder {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let requests = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let (log, flag) = (requests.clone(), stop.clone());
        thread::spawn(move || {
            let deadline = Instant::now() + Duration::from_secs(120);
            while !flag.load(Ordering::Relaxed) && Instant::now() < deadline {
                match listener.accept() {
                    Ok((stream, _)) => {
                        if let Some(request) = serve_one(stream) {
                            log.lock().unwrap().push(request);
                        }
                    }
                    Err(_) => thread::sleep(Duration::from_millis(5)),
                }
            }
        });
        Recorder {
            url,
            requests,
            stop,
        }
    }

    fn run(&self, args: &[&str]) -> Run {
        let mut command = detective();
        command
            .env("AWS_ACCESS_KEY_ID", ADMIN)
            .env("AWS_SECRET_ACCESS_KEY", SECRET)
            .env("AWS_REGION", "us-east-1")
            .args(["--endpoint-url", &self.url])
            .args(args);
        run_command(command)
    }

    fn take(&self) -> Vec<Recorded> {
        std::mem::take(&mut *self.requests.lock().unwrap())
    }
}

impl Drop for Recorder {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

fn serve_one(mut stream: TcpStream) -> Option<Recorded> {
    stream.set_nonblocking(false).ok()?;
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .ok()?;
    let mut reader = BufReader::new(stream.try_clone().ok()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line).ok()?;
    let mut parts = request_line.split_whitespace();
    let method = parts.next()?.to_owned();
    let path = parts.next()?.to_owned();
    let mut length = 0usize;
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).ok()?;
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            if name.eq_ignore_ascii_case("content-length") {
                length = value.trim().parse().ok()?;
            }
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).ok()?;
    let answer = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\nx-amzn-RequestId: recorded\r\nConnection: close\r\n\r\n{}";
    stream.write_all(answer.as_bytes()).ok()?;
    Some(Recorded {
        method,
        path,
        body: String::from_utf8(body).ok()?,
    })
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "detective-cli-{name}-{}-{}",
        std::process::id(),
        fastrand_suffix()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A suffix unique within this process, so parallel tests get their own directories.
fn fastrand_suffix() -> u64 {
    use std::sync::atomic::AtomicU64;
    static NEXT: AtomicU64 = AtomicU64::new(0);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.to_string_lossy().into_owned()
}

fn ids(list: &Value) -> Vec<String> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|m| m["AccountId"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn every_subcommand_is_listed_and_has_help_with_an_example() {
    let help = run_command({
        let mut c = detective();
        c.arg("--help");
        c
    });
    assert_eq!(help.code, 0, "{}", help.stderr);
    for sub in SUBCOMMANDS
        .iter()
        .chain(&["serve", "tour", "completion", "wait", "presign"])
    {
        assert!(
            help.stdout.contains(&format!("  {sub} ")),
            "`detective --help` does not list {sub}"
        );
        let run = run_command({
            let mut c = detective();
            c.args([sub, "--help"]);
            c
        });
        assert_eq!(run.code, 0, "{sub} --help: {}", run.stderr);
        assert!(
            run.stdout.contains("Example"),
            "{sub} --help has no example:\n{}",
            run.stdout
        );
        assert!(
            run.stdout.contains(&format!("detective {sub}")),
            "{sub}'s example does not run it:\n{}",
            run.stdout
        );
    }
}

#[test]
fn the_graph_lifecycle_through_every_original_subcommand_in_json() {
    let emulator = Emulator::start();
    let created = emulator
        .run(ADMIN, &["create-graph", "--tags", "Team=Security,Env=test"])
        .json();
    let arn = created["GraphArn"].as_str().unwrap().to_owned();
    assert!(arn.starts_with(&format!("arn:aws:detective:us-east-1:{ADMIN}:graph:")));

    let graphs = emulator.run(ADMIN, &["list-graphs"]).json();
    assert_eq!(graphs["GraphList"][0]["Arn"], json!(arn));
    assert!(graphs.get("NextToken").is_none());

    let members = emulator
        .run(
            ADMIN,
            &[
                "create-members",
                "--graph-arn",
                &arn,
                "--accounts",
                &format!("AccountId={ALICE},EmailAddress=alice@example.com"),
                &format!("AccountId={BOB},EmailAddress=bob@example.com"),
                "--message",
                "Please join",
                "--disable-email-notification",
            ],
        )
        .json();
    assert_eq!(ids(&members["Members"]), [ALICE, BOB]);
    assert_eq!(members["Members"][0]["Status"], "INVITED");
    assert_eq!(members["Members"][0]["EmailAddress"], "alice@example.com");
    assert_eq!(members["UnprocessedAccounts"], json!([]));

    let listed = emulator
        .run(ADMIN, &["list-members", "--graph-arn", &arn])
        .json();
    assert_eq!(ids(&listed["MemberDetails"]), [ALICE, BOB]);

    let got = emulator
        .run(
            ADMIN,
            &[
                "get-members",
                "--graph-arn",
                &arn,
                "--account-ids",
                ALICE,
                BOB,
            ],
        )
        .json();
    assert_eq!(ids(&got["MemberDetails"]), [ALICE, BOB]);
    assert_eq!(got["MemberDetails"][1]["AdministratorId"], ADMIN);

    let invitations = emulator.run(ALICE, &["list-invitations"]).json();
    assert_eq!(invitations["Invitations"][0]["GraphArn"], json!(arn));
    assert_eq!(invitations["Invitations"][0]["Status"], "INVITED");

    // Operations without output print nothing, as the AWS CLI does.
    let accepted = emulator.run(ALICE, &["accept-invitation", "--graph-arn", &arn]);
    accepted.ok();
    assert_eq!(accepted.stdout, "");
    emulator
        .run(BOB, &["reject-invitation", "--graph-arn", &arn])
        .ok();
    let after = emulator
        .run(ADMIN, &["list-members", "--graph-arn", &arn])
        .json();
    assert_eq!(ids(&after["MemberDetails"]), [ALICE]);
    assert_eq!(after["MemberDetails"][0]["Status"], "ENABLED");

    emulator
        .run(ALICE, &["disassociate-membership", "--graph-arn", &arn])
        .ok();
    let gone = emulator
        .run(
            ADMIN,
            &["get-members", "--graph-arn", &arn, "--account-ids", ALICE],
        )
        .json();
    assert_eq!(gone["MemberDetails"], json!([]));
    assert_eq!(ids(&gone["UnprocessedAccounts"]), [ALICE]);

    emulator
        .run(
            ADMIN,
            &[
                "create-members",
                "--graph-arn",
                &arn,
                "--accounts",
                &format!("AccountId={BOB},EmailAddress=bob@example.com"),
            ],
        )
        .ok();
    let deleted = emulator
        .run(
            ADMIN,
            &["delete-members", "--graph-arn", &arn, "--account-ids", BOB],
        )
        .json();
    assert_eq!(deleted["AccountIds"], json!([BOB]));

    emulator
        .run(ADMIN, &["delete-graph", "--graph-arn", &arn])
        .ok();
    assert_eq!(
        emulator.run(ADMIN, &["list-graphs"]).json(),
        json!({"GraphList": []})
    );
}

/// Valid arguments for the operations the emulator added later, by subcommand.
fn sample_args(arn: &str) -> Vec<(&'static str, Vec<String>)> {
    let s = |v: &[&str]| v.iter().map(|x| (*x).to_owned()).collect::<Vec<_>>();
    vec![
        (
            "batch-get-graph-member-datasources",
            s(&["--graph-arn", arn, "--account-ids", ALICE]),
        ),
        (
            "batch-get-membership-datasources",
            s(&["--graph-arns", arn]),
        ),
        (
            "describe-organization-configuration",
            s(&["--graph-arn", arn]),
        ),
        ("disable-organization-admin-account", s(&[])),
        (
            "enable-organization-admin-account",
            s(&["--account-id", ALICE]),
        ),
        (
            "get-investigation",
            s(&[
                "--graph-arn",
                arn,
                "--investigation-id",
                "000000000000000000001",
            ]),
        ),
        ("list-datasource-packages", s(&["--graph-arn", arn])),
        (
            "list-indicators",
            s(&[
                "--graph-arn",
                arn,
                "--investigation-id",
                "000000000000000000001",
            ]),
        ),
        ("list-investigations", s(&["--graph-arn", arn])),
        ("list-organization-admin-accounts", s(&[])),
        ("list-tags-for-resource", s(&["--resource-arn", arn])),
        (
            "start-investigation",
            s(&[
                "--graph-arn",
                arn,
                "--entity-arn",
                "arn:aws:iam::111111111111:role/example",
                "--scope-start-time",
                "2024-01-01T00:00:00Z",
                "--scope-end-time",
                "2024-01-02T00:00:00Z",
            ]),
        ),
        (
            "start-monitoring-member",
            s(&["--graph-arn", arn, "--account-id", ALICE]),
        ),
        (
            "tag-resource",
            s(&["--resource-arn", arn, "--tags", "Team=Blue"]),
        ),
        (
            "untag-resource",
            s(&["--resource-arn", arn, "--tag-keys", "Team"]),
        ),
        (
            "update-datasource-packages",
            s(&["--graph-arn", arn, "--datasource-packages", "EKS_AUDIT"]),
        ),
        (
            "update-investigation-state",
            s(&[
                "--graph-arn",
                arn,
                "--investigation-id",
                "000000000000000000001",
                "--state",
                "ARCHIVED",
            ]),
        ),
        (
            "update-organization-configuration",
            s(&["--graph-arn", arn, "--auto-enable"]),
        ),
    ]
}

#[test]
fn every_other_subcommand_reaches_the_emulator_and_reports_its_answer() {
    let emulator = Emulator::start();
    let arn = emulator.create_graph(ADMIN);
    let samples = sample_args(&arn);
    // Together with the lifecycle test, every subcommand is exercised.
    let mut covered: Vec<&str> = samples.iter().map(|(name, _)| *name).collect();
    covered.extend([
        "accept-invitation",
        "create-graph",
        "create-members",
        "delete-graph",
        "delete-members",
        "disassociate-membership",
        "get-members",
        "list-graphs",
        "list-invitations",
        "list-members",
        "reject-invitation",
    ]);
    covered.sort_unstable();
    assert_eq!(covered, SUBCOMMANDS);
    for (name, args) in samples {
        let mut all = vec![name];
        all.extend(args.iter().map(String::as_str));
        let run = emulator.run(ADMIN, &all);
        // The request was built and sent: the emulator either answers it, or
        // says it does not implement it yet, in the AWS CLI's words.
        match run.code {
            0 => {
                if !run.stdout.trim().is_empty() {
                    let _: Value = serde_json::from_str(&run.stdout)
                        .unwrap_or_else(|e| panic!("{name}: stdout is not JSON ({e})"));
                }
            }
            254 => assert!(
                run.stderr.contains("An error occurred (") && run.stderr.contains("operation: "),
                "{name}: {}",
                run.stderr
            ),
            other => panic!("{name} exited {other}: {}", run.stderr),
        }
    }
}

#[test]
fn text_and_table_outputs_follow_the_aws_cli_layouts() {
    let emulator = Emulator::start();
    let arn = emulator.create_graph(ADMIN);
    emulator
        .run(
            ADMIN,
            &[
                "create-members",
                "--graph-arn",
                &arn,
                "--accounts",
                &format!("AccountId={ALICE},EmailAddress=alice@example.com"),
            ],
        )
        .ok();

    let text = emulator.run(
        ADMIN,
        &["list-members", "--graph-arn", &arn, "--output", "text"],
    );
    text.ok();
    let lines: Vec<&str> = text.stdout.lines().collect();
    // One line per member: its name in capitals, then the scalar members in key order.
    let member: Vec<&str> = lines[0].split('\t').collect();
    assert_eq!(member[0], "MEMBERDETAILS");
    assert_eq!(member[1], ALICE, "AccountId sorts first: {lines:?}");
    assert_eq!(member[2], ADMIN, "then AdministratorId: {lines:?}");
    assert_eq!(member[3], "alice@example.com");
    assert!(member.contains(&"INVITED"));
    // Nested maps follow on their own line.
    assert_eq!(lines[1], "DATASOURCEPACKAGEINGESTSTATES\tSTARTED");

    let table = emulator.run(ADMIN, &["list-graphs", "--output", "table"]);
    table.ok();
    let lines: Vec<&str> = table.stdout.lines().collect();
    assert!(lines[0].chars().all(|c| c == '-'), "{}", table.stdout);
    assert!(lines[1].starts_with('|') && lines[1].contains("ListGraphs"));
    assert!(table.stdout.contains("||  ") && table.stdout.contains(&arn));
    assert!(table.stdout.contains("GraphList"));
    let width = lines[0].chars().count();
    assert!(
        lines.iter().all(|l| l.chars().count() == width),
        "{}",
        table.stdout
    );

    // The format may also come from the environment.
    let mut command = detective();
    command
        .env("AWS_ACCESS_KEY_ID", ADMIN)
        .env("AWS_SECRET_ACCESS_KEY", SECRET)
        .env("AWS_REGION", "us-east-1")
        .env("AWS_DEFAULT_OUTPUT", "text")
        .args(["--endpoint-url", &emulator.url, "list-graphs"]);
    let run = run_command(command);
    assert_eq!(run.stdout.trim_end().split('\t').next(), Some("GRAPHLIST"));
}

#[test]
fn query_selects_from_the_merged_pages_and_max_items_resumes() {
    let emulator = Emulator::start();
    let arn = emulator.create_graph(ADMIN);
    let accounts: Vec<String> = (1..=5).map(|i| format!("55555555000{i}")).collect();
    let specs: Vec<String> = accounts
        .iter()
        .map(|a| format!("AccountId={a},EmailAddress={a}@example.com"))
        .collect();
    let mut args = vec!["create-members", "--graph-arn", &arn, "--accounts"];
    args.extend(specs.iter().map(String::as_str));
    emulator.run(ADMIN, &args).ok();

    // Two per page, three calls, one merged list.
    let all = emulator
        .run(
            ADMIN,
            &[
                "list-members",
                "--graph-arn",
                &arn,
                "--page-size",
                "2",
                "--query",
                "MemberDetails[].AccountId",
            ],
        )
        .json();
    assert_eq!(all, json!(accounts));

    let text = emulator.run(
        ADMIN,
        &[
            "list-members",
            "--graph-arn",
            &arn,
            "--query",
            "length(MemberDetails)",
            "--output",
            "text",
        ],
    );
    assert_eq!(text.stdout, "5\n");

    let first = emulator
        .run(
            ADMIN,
            &[
                "list-members",
                "--graph-arn",
                &arn,
                "--page-size",
                "2",
                "--max-items",
                "3",
            ],
        )
        .json();
    assert_eq!(ids(&first["MemberDetails"]), accounts[..3]);
    let token = first["NextToken"].as_str().unwrap();
    let rest = emulator
        .run(
            ADMIN,
            &[
                "list-members",
                "--graph-arn",
                &arn,
                "--page-size",
                "2",
                "--starting-token",
                token,
            ],
        )
        .json();
    assert_eq!(ids(&rest["MemberDetails"]), accounts[3..]);
    assert!(rest.get("NextToken").is_none());

    // A bad query is a command-line error, found before anything is sent.
    let bad = emulator.run(ADMIN, &["list-graphs", "--query", "GraphList["]);
    assert_eq!(bad.code, 252);
    assert!(bad.stderr.contains("--query"), "{}", bad.stderr);
}

#[test]
fn no_paginate_or_an_explicit_max_results_prints_one_page_with_its_token() {
    let emulator = Emulator::start();
    let arn = emulator.create_graph(ADMIN);
    emulator
        .run(
            ADMIN,
            &[
                "create-members",
                "--graph-arn",
                &arn,
                "--accounts",
                &format!("AccountId={ALICE},EmailAddress=a@example.com"),
                &format!("AccountId={BOB},EmailAddress=b@example.com"),
            ],
        )
        .ok();
    let page = emulator
        .run(
            ADMIN,
            &["list-members", "--graph-arn", &arn, "--max-results", "1"],
        )
        .json();
    assert_eq!(ids(&page["MemberDetails"]), [ALICE]);
    let token = page["NextToken"].as_str().unwrap();
    let next = emulator
        .run(
            ADMIN,
            &[
                "list-members",
                "--graph-arn",
                &arn,
                "--max-results",
                "1",
                "--next-token",
                token,
            ],
        )
        .json();
    assert_eq!(ids(&next["MemberDetails"]), [BOB]);

    let unpaged = emulator
        .run(
            ADMIN,
            &[
                "--no-paginate",
                "list-members",
                "--graph-arn",
                &arn,
                "--cli-input-json",
                r#"{"MaxResults": 1}"#,
            ],
        )
        .json();
    assert_eq!(ids(&unpaged["MemberDetails"]), [ALICE]);
    assert!(unpaged["NextToken"].is_string());
}

#[test]
fn exit_codes_follow_the_aws_cli() {
    let emulator = Emulator::start();
    // 0: success.
    assert_eq!(emulator.run(ADMIN, &["list-graphs"]).code, 0);

    // 254: the service said no, in the AWS CLI's words, nothing on stdout.
    let missing = format!(
        "arn:aws:detective:us-east-1:{ADMIN}:graph:{}",
        "0".repeat(32)
    );
    let run = emulator.run(ADMIN, &["delete-graph", "--graph-arn", &missing]);
    assert_eq!(run.code, 254, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("An error occurred (ResourceNotFoundException) when calling the DeleteGraph operation: "),
        "{}",
        run.stderr
    );
    assert_eq!(run.stdout, "");
    let arn = emulator.create_graph(ADMIN);
    let run = emulator.run(ALICE, &["accept-invitation", "--graph-arn", &arn]);
    assert_eq!(run.code, 254);
    assert!(run
        .stderr
        .contains("when calling the AcceptInvitation operation"));

    // 252: bad command lines, whether clap or the model finds the problem.
    for args in [
        vec!["list-graphs", "--bogus"],
        vec!["no-such-command"],
        vec!["list-members"],
        vec!["list-graphs", "--output", "yaml-ish"],
        vec!["list-graphs", "--max-results", "many"],
        vec!["get-members", "--graph-arn", &arn, "--account-ids", "12"],
        vec!["create-graph", "--tags", "{not json"],
        vec![
            "create-graph",
            "--cli-input-json",
            "file:///no/such/file.json",
        ],
    ] {
        let run = emulator.run(ADMIN, &args);
        assert_eq!(run.code, 252, "{args:?}: {}", run.stderr);
        assert_eq!(run.stdout, "", "{args:?}");
    }
    // Bare `detective` shows help and still says the command line was incomplete.
    assert_eq!(
        run_command({
            let mut c = detective();
            c.stdout(Stdio::null());
            c
        })
        .code,
        252
    );

    // 255: the endpoint is not there.
    let closed = TcpListener::bind("127.0.0.1:0").unwrap();
    let dead = format!("http://{}", closed.local_addr().unwrap());
    drop(closed);
    let mut command = detective();
    command
        .env("AWS_ACCESS_KEY_ID", ADMIN)
        .env("AWS_SECRET_ACCESS_KEY", SECRET)
        .env("AWS_REGION", "us-east-1")
        .args([
            "--endpoint-url",
            &dead,
            "--cli-connect-timeout",
            "5",
            "list-graphs",
        ]);
    let run = run_command(command);
    assert_eq!(run.code, 255, "{}", run.stderr);
    assert!(run.stderr.contains("ListGraphs"), "{}", run.stderr);

    // 253: no credentials anywhere (the AWS CLI v2's configuration error).
    let mut command = detective();
    command
        .env("AWS_REGION", "us-east-1")
        .args(["--endpoint-url", &emulator.url, "list-graphs"]);
    let run = run_command(command);
    assert_eq!(run.code, 253, "{}", run.stderr);
    assert!(run.stderr.contains("Unable to locate credentials"));
}

#[test]
fn shorthand_json_and_file_inputs_send_identical_requests() {
    let recorder = Recorder::start();
    let dir = temp_dir("inputs");
    let arn = format!(
        "arn:aws:detective:us-east-1:{ADMIN}:graph:{}",
        "a".repeat(32)
    );
    let accounts_json = format!(
        r#"[{{"AccountId": "{ALICE}", "EmailAddress": "alice@example.com"}}, {{"AccountId": "{BOB}", "EmailAddress": "bob@example.com"}}]"#
    );
    let accounts_file = write(&dir, "accounts.json", &accounts_json);
    let input_file = write(
        &dir,
        "input.json",
        &format!(r#"{{"GraphArn": "{arn}", "Accounts": {accounts_json}}}"#),
    );
    let alice = format!("AccountId={ALICE},EmailAddress=alice@example.com");
    let bob = format!("AccountId={BOB},EmailAddress=bob@example.com");
    let file_arg = format!("file://{accounts_file}");
    let input_arg = format!("file://{input_file}");
    let forms: Vec<Vec<&str>> = vec![
        vec![
            "create-members",
            "--graph-arn",
            &arn,
            "--accounts",
            &alice,
            &bob,
        ],
        vec![
            "create-members",
            "--graph-arn",
            &arn,
            "--accounts",
            &accounts_json,
        ],
        vec![
            "create-members",
            "--graph-arn",
            &arn,
            "--accounts",
            &file_arg,
        ],
        // One JSON object per element works too.
        vec![
            "create-members",
            "--graph-arn",
            &arn,
            "--accounts",
            r#"{"AccountId": "222222222222", "EmailAddress": "alice@example.com"}"#,
            r#"{"AccountId": "333333333333", "EmailAddress": "bob@example.com"}"#,
        ],
        vec!["create-members", "--cli-input-json", &input_arg],
    ];
    for form in &forms {
        recorder.run(form).ok();
    }
    let requests = recorder.take();
    assert_eq!(requests.len(), forms.len());
    for request in &requests {
        assert_eq!(request, &requests[0]);
    }
    assert_eq!(requests[0].method, "POST");
    assert_eq!(requests[0].path, "/graph/members");
    let body: Value = serde_json::from_str(&requests[0].body).unwrap();
    assert_eq!(
        body,
        json!({"GraphArn": arn, "Accounts": [
            {"AccountId": ALICE, "EmailAddress": "alice@example.com"},
            {"AccountId": BOB, "EmailAddress": "bob@example.com"}
        ]})
    );

    // Maps: shorthand, JSON and a file, for --tags.
    let tags_file = write(&dir, "tags.json", r#"{"Team": "Security", "Env": "prod"}"#);
    let tags_file_arg = format!("file://{tags_file}");
    for tags in [
        "Team=Security,Env=prod",
        r#"{"Team": "Security", "Env": "prod"}"#,
        &tags_file_arg,
    ] {
        recorder.run(&["create-graph", "--tags", tags]).ok();
    }
    let requests = recorder.take();
    assert_eq!(requests.len(), 3);
    assert!(requests.iter().all(|r| r == &requests[0]), "{requests:?}");
    assert_eq!(
        serde_json::from_str::<Value>(&requests[0].body).unwrap(),
        json!({"Tags": {"Team": "Security", "Env": "prod"}})
    );

    // Lists of strings: space-separated, JSON, a file.
    let ids_file = write(&dir, "ids.json", &format!(r#"["{ALICE}", "{BOB}"]"#));
    let ids_json = format!(r#"["{ALICE}", "{BOB}"]"#);
    let ids_file_arg = format!("file://{ids_file}");
    for form in [
        vec![
            "get-members",
            "--graph-arn",
            &arn,
            "--account-ids",
            ALICE,
            BOB,
        ],
        vec![
            "get-members",
            "--graph-arn",
            &arn,
            "--account-ids",
            &ids_json,
        ],
        vec![
            "get-members",
            "--graph-arn",
            &arn,
            "--account-ids",
            &ids_file_arg,
        ],
    ] {
        recorder.run(&form).ok();
    }
    let requests = recorder.take();
    assert_eq!(requests.len(), 3);
    assert!(requests.iter().all(|r| r == &requests[0]), "{requests:?}");

    // Options given with --cli-input-json override its members.
    let input = format!(r#"{{"GraphArn": "{arn}", "MaxResults": 5}}"#);
    recorder
        .run(&[
            "list-members",
            "--cli-input-json",
            &input,
            "--max-results",
            "7",
        ])
        .ok();
    let requests = recorder.take();
    assert_eq!(
        serde_json::from_str::<Value>(&requests[0].body).unwrap(),
        json!({"GraphArn": arn, "MaxResults": 7})
    );

    // Booleans: --flag and --no-flag.
    recorder
        .run(&[
            "create-members",
            "--graph-arn",
            &arn,
            "--accounts",
            &alice,
            "--disable-email-notification",
        ])
        .ok();
    recorder
        .run(&[
            "create-members",
            "--graph-arn",
            &arn,
            "--accounts",
            &alice,
            "--no-disable-email-notification",
        ])
        .ok();
    let requests = recorder.take();
    let flags: Vec<Value> = requests
        .iter()
        .map(|r| {
            serde_json::from_str::<Value>(&r.body).unwrap()["DisableEmailNotification"].clone()
        })
        .collect();
    assert_eq!(flags, [json!(true), json!(false)]);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn validation_errors_name_the_option_and_the_constraint_and_send_nothing() {
    let recorder = Recorder::start();
    let arn = format!(
        "arn:aws:detective:us-east-1:{ADMIN}:graph:{}",
        "a".repeat(32)
    );
    let cases: Vec<(Vec<&str>, &[&str])> = vec![
        (
            vec!["get-members", "--graph-arn", &arn, "--account-ids", "1234"],
            &["--account-ids[0]", "exactly 12 characters", "got 4"],
        ),
        (
            vec![
                "create-members",
                "--graph-arn",
                &arn,
                "--accounts",
                "AccountId=12,EmailAddress=x@example.com",
            ],
            &["--accounts[0].AccountId", "exactly 12 characters"],
        ),
        (
            vec!["list-members", "--graph-arn", &arn, "--max-results", "500"],
            &["--max-results", "between 1 and 200"],
        ),
        (
            vec!["delete-graph", "--graph-arn", "not-an-arn"],
            &["--graph-arn", "pattern"],
        ),
        (
            vec!["create-members", "--graph-arn", &arn],
            &["required", "--accounts"],
        ),
        (
            vec![
                "create-members",
                "--graph-arn",
                &arn,
                "--accounts",
                "AccountID=111111111111",
            ],
            &["--accounts[0]", "AccountID", "AccountId, EmailAddress"],
        ),
        (
            vec!["list-graphs", "--max-results", "ten"],
            &["--max-results", "integer"],
        ),
    ];
    for (args, expected) in cases {
        let run = recorder.run(&args);
        assert_eq!(run.code, 252, "{args:?}: {}", run.stderr);
        for needle in expected {
            assert!(
                run.stderr.contains(needle),
                "{args:?}: stderr lacks {needle:?}: {}",
                run.stderr
            );
        }
    }
    assert_eq!(
        recorder.take(),
        [],
        "validation failures must not send anything"
    );
}

#[test]
fn debug_logs_each_call_to_stderr_without_secrets_or_emails() {
    let emulator = Emulator::start_with(&["--credentials-file", &{
        let dir = temp_dir("debug");
        write(
            &dir,
            "accounts.toml",
            "[[accounts]]\naccount_id = \"111111111111\"\n\n[[accounts.keys]]\naccess_key_id = \"AKIADEBUGTEST\"\nsecret_access_key = \"very-secret-value-42\"\n",
        )
    }]);
    let mut command = detective();
    command
        .env("AWS_ACCESS_KEY_ID", "AKIADEBUGTEST")
        .env("AWS_SECRET_ACCESS_KEY", "very-secret-value-42")
        .env("AWS_SESSION_TOKEN", "session-token-secret-43")
        .env("AWS_REGION", "us-east-1")
        .args(["--endpoint-url", &emulator.url, "--debug", "create-graph"]);
    let run = run_command(command);
    // The emulator refuses the session token it does not know, or accepts; either way the call was logged.
    let arn = format!(
        "arn:aws:detective:us-east-1:{ADMIN}:graph:{}",
        "b".repeat(32)
    );
    let mut command = detective();
    command
        .env("AWS_ACCESS_KEY_ID", "AKIADEBUGTEST")
        .env("AWS_SECRET_ACCESS_KEY", "very-secret-value-42")
        .env("AWS_REGION", "us-east-1")
        .args([
            "--endpoint-url",
            &emulator.url,
            "--debug",
            "create-members",
            "--graph-arn",
            &arn,
            "--accounts",
            "AccountId=222222222222,EmailAddress=hidden-address@example.com",
            "--message",
            "a private invitation text",
        ]);
    let members = run_command(command);
    for run in [&run, &members] {
        assert!(run.stderr.contains("DEBUG"), "{}", run.stderr);
        for secret in [
            "very-secret-value-42",
            "session-token-secret-43",
            "hidden-address@example.com",
            "a private invitation text",
        ] {
            assert!(
                !run.stderr.contains(secret),
                "--debug printed {secret:?}: {}",
                run.stderr
            );
        }
    }
    assert!(run.stderr.contains("CreateGraph"), "{}", run.stderr);
    assert!(
        members.stderr.contains("CreateMembers"),
        "{}",
        members.stderr
    );
    assert!(members.stderr.contains("status=404"), "{}", members.stderr);
}

#[test]
fn profiles_supply_credentials_region_and_output() {
    let emulator = Emulator::start();
    let dir = temp_dir("profile");
    let credentials = write(
        &dir,
        "credentials",
        &format!("[default]\naws_access_key_id = {ALICE}\naws_secret_access_key = {SECRET}\n\n[dev]\naws_access_key_id = {BOB}\naws_secret_access_key = {SECRET}\n"),
    );
    let config = write(
        &dir,
        "config",
        "[default]\nregion = us-east-1\n\n[profile dev]\nregion = eu-west-1\noutput = text\n",
    );
    let with_files = |args: &[&str]| {
        let mut command = detective();
        command
            .env("AWS_SHARED_CREDENTIALS_FILE", &credentials)
            .env("AWS_CONFIG_FILE", &config)
            .args(["--endpoint-url", &emulator.url])
            .args(args);
        run_command(command)
    };
    let default = with_files(&["create-graph"]).json();
    assert!(default["GraphArn"]
        .as_str()
        .unwrap()
        .starts_with(&format!("arn:aws:detective:us-east-1:{ALICE}:")));
    let dev = with_files(&["--profile", "dev", "create-graph"]);
    dev.ok();
    assert!(
        dev.stdout
            .trim()
            .starts_with(&format!("arn:aws:detective:eu-west-1:{BOB}:")),
        "text output and the profile's region: {}",
        dev.stdout
    );
    let missing = with_files(&["--profile", "nope", "list-graphs"]);
    assert_eq!(missing.code, 253);
    assert!(missing.stderr.contains("(nope) could not be found"));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn completion_scripts_cover_every_subcommand() {
    for shell in ["bash", "zsh", "fish"] {
        let run = run_command({
            let mut c = detective();
            c.args(["completion", shell]);
            c
        });
        assert_eq!(run.code, 0, "{shell}: {}", run.stderr);
        for sub in [
            "create-members",
            "list-members",
            "serve",
            "update-organization-configuration",
        ] {
            assert!(run.stdout.contains(sub), "{shell} completion lacks {sub}");
        }
        // fish spells options `-l graph-arn`, the others `--graph-arn`.
        assert!(
            run.stdout.contains("graph-arn"),
            "{shell} completion lacks options"
        );
    }
    let bad = run_command({
        let mut c = detective();
        c.args(["completion", "powershell-ish"]);
        c
    });
    assert_eq!(bad.code, 252);
}

#[test]
fn generate_cli_skeleton_prints_the_input_shape_without_sending() {
    let recorder = Recorder::start();
    let run = recorder.run(&["create-members", "--generate-cli-skeleton"]);
    let skeleton: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(
        skeleton,
        json!({"Accounts": [{"AccountId": "", "EmailAddress": ""}], "DisableEmailNotification": true, "GraphArn": "", "Message": ""})
    );
    assert_eq!(recorder.take(), []);
}

#[test]
fn tour_still_passes() {
    let run = run_command({
        let mut c = detective();
        c.arg("tour");
        c
    });
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("checks passed"), "{}", run.stdout);
}

/// Invites `members` (id, e-mail) to `arn` as `admin`.
fn invite(emulator: &Emulator, admin: &str, arn: &str, members: &[(&str, &str)]) {
    let specs: Vec<String> = members
        .iter()
        .map(|(id, email)| format!("AccountId={id},EmailAddress={email}"))
        .collect();
    let mut args = vec!["create-members", "--graph-arn", arn, "--accounts"];
    args.extend(specs.iter().map(String::as_str));
    emulator.run(admin, &args).ok();
}

fn timed(f: impl FnOnce() -> Run) -> (Run, Duration) {
    let start = Instant::now();
    let run = f();
    (run, start.elapsed())
}

#[test]
fn wait_member_invited_succeeds_once_verification_ends() {
    let emulator = Emulator::start_with(&["--verification-delay", "1s"]);
    let arn = emulator.create_graph(ADMIN);
    invite(&emulator, ADMIN, &arn, &[(ALICE, "alice@example.com")]);
    let status = emulator
        .run(
            ADMIN,
            &["get-members", "--graph-arn", &arn, "--account-ids", ALICE],
        )
        .json();
    assert_eq!(
        status["MemberDetails"][0]["Status"], "VERIFICATION_IN_PROGRESS",
        "the wait below must have something to wait for"
    );
    let (run, elapsed) = timed(|| {
        emulator.run(
            ADMIN,
            &[
                "wait",
                "member-invited",
                "--graph-arn",
                &arn,
                "--account-ids",
                ALICE,
                "--delay",
                "100ms",
                "--max-attempts",
                "100",
            ],
        )
    });
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout, "", "a successful wait prints nothing");
    assert!(
        elapsed >= Duration::from_millis(500),
        "returned after {elapsed:?}"
    );
    let status = emulator
        .run(
            ADMIN,
            &["get-members", "--graph-arn", &arn, "--account-ids", ALICE],
        )
        .json();
    assert_eq!(status["MemberDetails"][0]["Status"], "INVITED");
}

#[test]
fn wait_times_out_when_the_attempts_run_out() {
    let emulator = Emulator::start_with(&["--verification-delay", "60s"]);
    let arn = emulator.create_graph(ADMIN);
    invite(&emulator, ADMIN, &arn, &[(ALICE, "alice@example.com")]);
    let (run, elapsed) = timed(|| {
        emulator.run(
            ADMIN,
            &[
                "wait",
                "member-invited",
                "--graph-arn",
                &arn,
                "--account-ids",
                ALICE,
                "--delay",
                "50ms",
                "--max-attempts",
                "3",
            ],
        )
    });
    assert_eq!(run.code, 255, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("Waiter MemberInvited failed: Max attempts exceeded (3 GetMembers calls)"),
        "{}",
        run.stderr
    );
    assert!(elapsed < Duration::from_secs(20), "took {elapsed:?}");
}

#[test]
fn wait_fails_fast_on_a_state_that_cannot_lead_to_success() {
    let dir = temp_dir("verify");
    let accounts = write(
        &dir,
        "accounts.toml",
        &format!("[[accounts]]\naccount_id = \"{BOB}\"\nemail = \"bob@example.com\"\n"),
    );
    let emulator = Emulator::start_with(&[
        "--verification-delay",
        "300ms",
        "--credentials-file",
        &accounts,
    ]);
    let arn = emulator.create_graph(ADMIN);
    // The wrong root e-mail: verification fails after the delay.
    invite(&emulator, ADMIN, &arn, &[(BOB, "not-bob@example.com")]);
    let (run, elapsed) = timed(|| {
        emulator.run(
            ADMIN,
            &[
                "wait",
                "member-invited",
                "--graph-arn",
                &arn,
                "--account-ids",
                BOB,
                "--delay",
                "100ms",
                "--max-attempts",
                "600",
            ],
        )
    });
    assert_eq!(run.code, 255, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("Waiter MemberInvited failed: Waiter encountered a terminal failure state")
            && run.stderr.contains("VERIFICATION_FAILED"),
        "{}",
        run.stderr
    );
    // 600 attempts would take a minute; failing fast takes about the verification delay.
    assert!(elapsed < Duration::from_secs(15), "took {elapsed:?}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn wait_member_enabled_and_member_removed_follow_the_membership() {
    let emulator = Emulator::start();
    let arn = emulator.create_graph(ADMIN);
    invite(&emulator, ADMIN, &arn, &[(ALICE, "alice@example.com")]);
    emulator
        .run(ALICE, &["accept-invitation", "--graph-arn", &arn])
        .ok();
    let enabled = emulator.run(
        ADMIN,
        &[
            "wait",
            "member-enabled",
            "--graph-arn",
            &arn,
            "--account-ids",
            ALICE,
            "--delay",
            "50ms",
        ],
    );
    assert_eq!(enabled.code, 0, "{}", enabled.stderr);
    emulator
        .run(
            ADMIN,
            &[
                "delete-members",
                "--graph-arn",
                &arn,
                "--account-ids",
                ALICE,
            ],
        )
        .ok();
    let removed = emulator.run(
        ADMIN,
        &[
            "wait",
            "member-removed",
            "--graph-arn",
            &arn,
            "--account-ids",
            ALICE,
            "--delay",
            "50ms",
        ],
    );
    assert_eq!(removed.code, 0, "{}", removed.stderr);

    // Input errors name the option; service errors read as any call's.
    let bad = emulator.run(
        ADMIN,
        &[
            "wait",
            "member-removed",
            "--graph-arn",
            &arn,
            "--account-ids",
            "12",
        ],
    );
    assert_eq!(bad.code, 252, "{}", bad.stderr);
    assert!(bad.stderr.contains("--account-ids[0]"), "{}", bad.stderr);
    let missing = format!(
        "arn:aws:detective:us-east-1:{ADMIN}:graph:{}",
        "0".repeat(32)
    );
    let gone = emulator.run(
        ADMIN,
        &[
            "wait",
            "member-enabled",
            "--graph-arn",
            &missing,
            "--account-ids",
            ALICE,
        ],
    );
    assert_eq!(gone.code, 254, "{}", gone.stderr);
    assert!(gone.stderr.contains(
        "An error occurred (ResourceNotFoundException) when calling the GetMembers operation"
    ));
}

/// Sends a presigned request as printed by `detective presign`, with a plain
/// HTTP/1.1 exchange over a TCP socket; returns the status and body.
fn send_presigned(presigned: &Value, body_override: Option<&str>) -> (u16, String) {
    let url = presigned["Url"].as_str().unwrap();
    let rest = url.strip_prefix("http://").unwrap();
    let (authority, target) = rest.split_at(rest.find('/').unwrap());
    let body = body_override.unwrap_or_else(|| presigned["Body"].as_str().unwrap());
    let mut request = format!(
        "{} {target} HTTP/1.1\r\nHost: {authority}\r\nContent-Length: {}\r\nConnection: close\r\n",
        presigned["Method"].as_str().unwrap(),
        body.len()
    );
    for (name, value) in presigned["Headers"].as_object().unwrap() {
        request.push_str(&format!("{name}: {}\r\n", value.as_str().unwrap()));
    }
    request.push_str("\r\n");
    request.push_str(body);
    let mut stream = TcpStream::connect(authority).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let status = response
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap();
    let body = response
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_owned())
        .unwrap_or_default();
    (status, body)
}

#[test]
fn presigned_requests_work_when_sent_and_fail_after_expiry_or_tampering() {
    let emulator = Emulator::start();
    let arn = emulator.create_graph(ADMIN);
    invite(&emulator, ADMIN, &arn, &[(ALICE, "alice@example.com")]);

    let listed = emulator
        .run(ADMIN, &["presign", "list-graphs", "--expires-in", "60"])
        .json();
    assert_eq!(listed["Method"], "POST");
    let url = listed["Url"].as_str().unwrap();
    for param in [
        "X-Amz-Algorithm=AWS4-HMAC-SHA256",
        "X-Amz-Expires=60",
        "X-Amz-Signature=",
    ] {
        assert!(url.contains(param), "{url}");
    }
    let (status, body) = send_presigned(&listed, None);
    assert_eq!(status, 200, "{body}");
    assert!(body.contains(&arn), "{body}");

    let got = emulator
        .run(
            ADMIN,
            &[
                "presign",
                "get-members",
                "--graph-arn",
                &arn,
                "--account-ids",
                ALICE,
            ],
        )
        .json();
    let (status, body) = send_presigned(&got, None);
    assert_eq!(status, 200, "{body}");
    assert!(body.contains(ALICE), "{body}");

    // Another input in the body breaks the signature (its hash is signed).
    let tampered = got["Body"].as_str().unwrap().replace(ALICE, BOB);
    let (status, _) = send_presigned(&got, Some(&tampered));
    assert_eq!(status, 403);
    // So does a changed signature.
    let mut forged = got.clone();
    let got_url = got["Url"].as_str().unwrap();
    let at = got_url.find("X-Amz-Signature=").unwrap() + "X-Amz-Signature=".len();
    let flipped = if got_url[at..].starts_with('0') {
        "1"
    } else {
        "0"
    };
    forged["Url"] = json!(format!("{}{flipped}{}", &got_url[..at], &got_url[at + 1..]));
    assert_eq!(send_presigned(&forged, None).0, 403);

    // `--query Url --output text` prints just the URL.
    let only_url = emulator.run(
        ADMIN,
        &[
            "presign",
            "list-graphs",
            "--query",
            "Url",
            "--output",
            "text",
        ],
    );
    assert!(only_url.stdout.trim().starts_with("http://127.0.0.1:"));

    let short = emulator
        .run(ADMIN, &["presign", "list-graphs", "--expires-in", "1"])
        .json();
    thread::sleep(Duration::from_millis(2500));
    let (status, body) = send_presigned(&short, None);
    assert_eq!(status, 403, "{body}");
    assert!(body.to_lowercase().contains("expired"), "{body}");

    // Validity outside 1 s to 7 days, and bad input, are command-line errors.
    assert_eq!(
        emulator
            .run(ADMIN, &["presign", "list-graphs", "--expires-in", "0"])
            .code,
        252
    );
    assert_eq!(
        emulator
            .run(ADMIN, &["presign", "list-graphs", "--expires-in", "604801"])
            .code,
        252
    );
    let bad = emulator.run(ADMIN, &["presign", "delete-graph", "--graph-arn", "nope"]);
    assert_eq!(bad.code, 252);
    assert!(bad.stderr.contains("--graph-arn"), "{}", bad.stderr);
}

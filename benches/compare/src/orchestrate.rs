//! `detective-compare all`: the whole comparison, then the report.
//!
//! 1. start the fixed-response server (its own process);
//! 2. for each round, each scenario (operation x 1 or 64 callers), run A B C,
//!    each in a fresh process (so getrusage and peak RSS are per variant),
//!    alternating so that drift of a shared machine hits all three alike;
//! 3. count instructions per call under callgrind: the 1-caller scenario
//!    with `--calls K` minus the same run with `--calls 0` (setup and
//!    warm-up only), divided by K;
//! 4. the in-process round trip (client + emulator, no socket), with and
//!    without the emulator's signature check, three runs of each per round
//!    (alternating), and under callgrind;
//! 5. CLI cold start, `detective list-graphs` vs `aws detective list-graphs`;
//! 6. build cost: a clean release build (its own target directory) of the
//!    minimal one-call program with each client, timed, and its stripped size;
//! 7. write `report.md`, `results.tsv` and `chart.svg`.

use crate::measure::rusage;
use crate::report::{BuildCost, InProcessRun, Report, RunResult};
use crate::variants::{Kind, Op};
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// In-process runs of each kind (signature check on, off) per round.
const IN_PROCESS_RUNS_PER_ROUND: usize = 3;

/// Settings of a whole comparison.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Rounds of A B C per scenario.
    pub rounds: usize,
    /// Measured calls at 1 caller.
    pub calls_1: usize,
    /// Measured calls at 64 callers.
    pub calls_64: usize,
    /// Measured calls under callgrind.
    pub callgrind_calls: usize,
    /// Time limit of one measured scenario.
    pub time_limit: Duration,
    /// Measured calls of the in-process round trip.
    pub inproc_calls: usize,
    /// Runs of each CLI for the cold-start comparison.
    pub cli_runs: usize,
    /// A release `detective` binary (the cold-start comparison needs it).
    pub detective: Option<PathBuf>,
    /// The AWS CLI (the cold-start comparison needs it).
    pub aws: Option<PathBuf>,
    /// Skip the callgrind counts.
    pub skip_callgrind: bool,
    /// Skip the clean builds.
    pub skip_build_cost: bool,
    /// Where the report goes.
    pub out: PathBuf,
    /// The detective-rs checkout (for the build-cost programs).
    pub root: PathBuf,
}

/// The fixed-response server process; stopped (stdin closed, then killed) on drop.
struct ServerProcess {
    child: Child,
    url: String,
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        drop(self.child.stdin.take());
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start_server(exe: &Path) -> Result<ServerProcess, String> {
    let mut child = Command::new(exe)
        .arg("serve")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("start the server: {e}"))?;
    let stdout = child.stdout.take().ok_or("server stdout")?;
    let url = listening_url(stdout, "the fixed-response server")?;
    Ok(ServerProcess { child, url })
}

/// The URL of a server that announces itself with `listening on URL` as its
/// first line (the fixed-response server and `detective serve` both do).
pub fn listening_url(stdout: impl std::io::Read, server: &str) -> Result<String, String> {
    let mut line = String::new();
    BufReader::new(stdout)
        .read_line(&mut line)
        .map_err(|e| format!("read the address of {server}: {e}"))?;
    line.trim()
        .strip_prefix("listening on ")
        .map(str::to_owned)
        .ok_or_else(|| format!("unexpected first line from {server}: {line:?}"))
}

/// The 1-minute load average and the number of runnable entities, from /proc/loadavg.
pub fn loadavg() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|l| l.split_whitespace().next().map(str::to_owned))
        .unwrap_or_else(|| "?".to_owned())
}

fn run_args(
    kind: Kind,
    op: Op,
    callers: usize,
    calls: usize,
    warmup: usize,
    url: &str,
    limit: Duration,
) -> Vec<String> {
    vec![
        "run".into(),
        "--variant".into(),
        kind.name().into(),
        "--op".into(),
        op.name().into(),
        "--callers".into(),
        callers.to_string(),
        "--calls".into(),
        calls.to_string(),
        "--warmup".into(),
        warmup.to_string(),
        "--endpoint".into(),
        url.into(),
        "--time-limit".into(),
        limit.as_secs().to_string(),
    ]
}

/// The `key=value` fields of the first line of a child's output that starts with `tag`.
struct Fields<'a> {
    line: &'a str,
    values: BTreeMap<&'a str, &'a str>,
}

impl<'a> Fields<'a> {
    fn of(stdout: &'a str, tag: &str) -> Result<Self, String> {
        let line = stdout
            .lines()
            .find(|l| {
                l.strip_prefix(tag)
                    .is_some_and(|rest| rest.starts_with(' '))
            })
            .ok_or_else(|| format!("no {tag} line in {stdout:?}"))?;
        let values = line
            .split_whitespace()
            .skip(1)
            .filter_map(|kv| kv.split_once('='))
            .collect();
        Ok(Fields { line, values })
    }

    fn text(&self, key: &str) -> Option<&'a str> {
        self.values.get(key).copied()
    }

    fn num(&self, key: &str) -> Result<f64, String> {
        self.text(key)
            .and_then(|v| v.parse::<f64>().ok())
            .ok_or_else(|| format!("no {key} in {:?}", self.line))
    }
}

fn parse_result(stdout: &str) -> Result<RunResult, String> {
    let fields = Fields::of(stdout, "result")?;
    let num = |k: &str| fields.num(k);
    Ok(RunResult {
        // Set by the caller, which knows the round.
        round: 0,
        kind: fields
            .text("variant")
            .and_then(Kind::parse)
            .ok_or("variant")?,
        op: fields.text("op").and_then(Op::parse).ok_or("op")?,
        callers: num("callers")? as usize,
        calls: num("calls")? as usize,
        wall_s: num("wall_s")?,
        cpu_s: num("user_s")? + num("sys_s")?,
        maxrss_kb: num("maxrss_kb")? as i64,
        p50_us: num("p50_us")?,
        p99_us: num("p99_us")?,
        load: loadavg(),
    })
}

/// Parses the `inproc` line of [`crate::in_process::run`].
fn parse_inproc(stdout: &str) -> Result<InProcessRun, String> {
    let fields = Fields::of(stdout, "inproc")?;
    let num = |k: &str| fields.num(k);
    Ok(InProcessRun {
        verify_signatures: fields.text("verify") == Some("true"),
        calls: num("calls")? as usize,
        wall_s: num("wall_s")?,
        cpu_s: num("cpu_s")?,
        probe_before: num("probe_before")?,
        probe_after: num("probe_after")?,
    })
}

fn inproc_args(calls: usize, verify: bool) -> Vec<String> {
    let mut args = vec!["inproc".to_owned(), "--calls".to_owned(), calls.to_string()];
    if !verify {
        args.push("--no-verify".to_owned());
    }
    args
}

fn run_child(exe: &Path, args: &[String]) -> Result<String, String> {
    let output = Command::new(exe)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("run {args:?}: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "{args:?} failed ({}): {}",
            output.status,
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

/// Total instructions (Ir) of one callgrind run of `args`.
fn callgrind_total(exe: &Path, args: &[String], out_file: &Path) -> Result<u64, String> {
    let output = Command::new("valgrind")
        .arg("--tool=callgrind")
        .arg(format!("--callgrind-out-file={}", out_file.display()))
        .arg(exe)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("valgrind: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "callgrind {args:?} failed ({}): {}",
            output.status,
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    let text = std::fs::read_to_string(out_file)
        .map_err(|e| format!("read {}: {e}", out_file.display()))?;
    text.lines()
        .find_map(|l| {
            l.strip_prefix("summary:")
                .or_else(|| l.strip_prefix("totals:"))
        })
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .ok_or_else(|| format!("no summary in {}", out_file.display()))
}

/// A clean release build of `package` (a member of benches/compare) in a target directory of its own.
fn build_cost(settings: &Settings, package: &str) -> Result<BuildCost, String> {
    let manifest = settings.root.join("benches/compare/Cargo.toml");
    let target = settings.root.join("target/bench-build").join(package);
    if target.exists() {
        std::fs::remove_dir_all(&target).map_err(|e| format!("clean {}: {e}", target.display()))?;
    }
    let load_before = loadavg();
    let (u0, s0, _) = rusage(libc::RUSAGE_CHILDREN);
    let started = Instant::now();
    let status = Command::new("cargo")
        .args([
            "build",
            "--release",
            "--quiet",
            "-p",
            package,
            "--manifest-path",
        ])
        .arg(&manifest)
        .env("CARGO_TARGET_DIR", &target)
        .status()
        .map_err(|e| format!("cargo build {package}: {e}"))?;
    let wall = started.elapsed().as_secs_f64();
    let (u1, s1, _) = rusage(libc::RUSAGE_CHILDREN);
    if !status.success() {
        return Err(format!("cargo build {package} failed: {status}"));
    }
    let binary = target.join("release").join(package);
    let stripped = settings.out.join(format!("{package}.stripped"));
    std::fs::copy(&binary, &stripped).map_err(|e| format!("copy {}: {e}", binary.display()))?;
    let strip = Command::new("strip")
        .arg(&stripped)
        .status()
        .map_err(|e| format!("strip: {e}"))?;
    if !strip.success() {
        return Err(format!("strip {} failed", stripped.display()));
    }
    let size = std::fs::metadata(&stripped)
        .map_err(|e| format!("size of {}: {e}", stripped.display()))?
        .len();
    let _ = std::fs::remove_file(&stripped);
    Ok(BuildCost {
        package: package.to_owned(),
        wall_s: wall,
        cpu_s: (u1 - u0) + (s1 - s0),
        stripped_bytes: size,
        load: format!("{load_before} -> {}", loadavg()),
    })
}

/// Runs everything and writes the report.
pub fn all(settings: &Settings) -> Result<(), String> {
    let exe = std::env::current_exe().map_err(|e| format!("current exe: {e}"))?;
    std::fs::create_dir_all(&settings.out)
        .map_err(|e| format!("create {}: {e}", settings.out.display()))?;
    let started = Instant::now();
    let cpus = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut report = Report {
        machine: format!("{cpus} CPUs; 1-min load average at start {}", loadavg()),
        ..Report::default()
    };
    let server = start_server(&exe)?;
    eprintln!("compare: fixed-response server at {}", server.url);

    for round in 1..=settings.rounds {
        for op in Op::ALL {
            for (callers, calls, warmup) in
                [(1, settings.calls_1, 200), (64, settings.calls_64, 640)]
            {
                for kind in Kind::ALL {
                    let args = run_args(
                        kind,
                        op,
                        callers,
                        calls,
                        warmup,
                        &server.url,
                        settings.time_limit,
                    );
                    let result = RunResult {
                        round,
                        ..parse_result(&run_child(&exe, &args)?)?
                    };
                    eprintln!(
                        "compare: round {round} {:<11} {callers:>2} caller(s) {:<6} {:>6} calls  {:>8.1} ms CPU/1k  p50 {:>8.1} us  p99 {:>8.1} us  load {}",
                        op.name(),
                        kind.name(),
                        result.calls,
                        result.cpu_ms_per_1000(),
                        result.p50_us,
                        result.p99_us,
                        result.load,
                    );
                    report.runs.push(result);
                }
            }
        }
    }

    // A run is well under a second, so each round takes several, alternating
    // on and off: the median then rests on more than one sample of a
    // machine whose speed drifts by tens of percent from one second to the next.
    for round in 1..=settings.rounds {
        for verify in [true, false].repeat(IN_PROCESS_RUNS_PER_ROUND) {
            let run = parse_inproc(&run_child(
                &exe,
                &inproc_args(settings.inproc_calls, verify),
            )?)?;
            eprintln!(
                "compare: round {round} in-process GetMembers (signature check {}): {:>8.0} calls/s, {:.1} µs CPU per call, probe {:.0} / {:.0} passes per CPU second before / after",
                if verify { "on" } else { "off" },
                run.calls_per_s(),
                run.cpu_us_per_call(),
                run.probe_before,
                run.probe_after
            );
            report.in_process.push(run);
        }
    }

    if let (Some(detective), Some(aws)) = (&settings.detective, &settings.aws) {
        match crate::cold_start::measure(detective, aws, settings.cli_runs) {
            Ok(cold) => {
                eprintln!(
                    "compare: cold list-graphs: detective {:.1} ms, aws {:.1} ms",
                    cold.ours_ms, cold.aws_ms
                );
                report.cold_start = Some(cold);
            }
            Err(e) => {
                eprintln!("compare: cold start not measured: {e}");
                report.cold_start_note = Some(e);
            }
        }
    } else {
        report.cold_start_note = Some(
            "not measured: pass --detective PATH and --aws PATH (cargo xtask bench does)"
                .to_owned(),
        );
    }

    if !settings.skip_callgrind {
        let k = settings.callgrind_calls;
        let with = inproc_args(k, true);
        let without = inproc_args(0, true);
        let total = callgrind_total(
            &exe,
            &with,
            &settings.out.join(format!("callgrind.inproc.{k}.out")),
        )?;
        let warm = callgrind_total(&exe, &without, &settings.out.join("callgrind.inproc.0.out"))?;
        let per_call = total.saturating_sub(warm) as f64 / k.max(1) as f64;
        eprintln!(
            "compare: callgrind in-process GetMembers {per_call:>10.0} instructions per call"
        );
        report.in_process_instructions = Some(per_call);
        // At 64 callers callgrind runs the threads one at a time, so the
        // count is the work of the multi-thread runtime and the client
        // without the noise of scheduling; more calls, so each caller makes several.
        for (callers, calls, warmup) in [(1, k, 50), (64, 5 * k, 640)] {
            for op in Op::ALL {
                for kind in Kind::ALL {
                    let limit = Duration::from_secs(600);
                    let with = run_args(kind, op, callers, calls, warmup, &server.url, limit);
                    let without = run_args(kind, op, callers, 0, warmup, &server.url, limit);
                    let base = format!("callgrind.{}.{}.{callers}", kind.name(), op.name());
                    let total = callgrind_total(
                        &exe,
                        &with,
                        &settings.out.join(format!("{base}.{calls}.out")),
                    )?;
                    let warm = callgrind_total(
                        &exe,
                        &without,
                        &settings.out.join(format!("{base}.0.out")),
                    )?;
                    let per_call = total.saturating_sub(warm) as f64 / calls.max(1) as f64;
                    eprintln!(
                        "compare: callgrind {:<11} {callers:>2} caller(s) {:<6} {per_call:>10.0} instructions per call",
                        op.name(),
                        kind.name()
                    );
                    report
                        .instructions
                        .insert((op.name(), kind.name(), callers), per_call);
                }
            }
        }
    }
    drop(server);

    if !settings.skip_build_cost {
        // Download first, so the timed builds measure compiling only.
        let fetch = Command::new("cargo")
            .args(["fetch", "--manifest-path"])
            .arg(settings.root.join("benches/compare/Cargo.toml"))
            .status()
            .map_err(|e| format!("cargo fetch: {e}"))?;
        if !fetch.success() {
            return Err("cargo fetch failed".to_owned());
        }
        for package in ["min-ours", "min-sdk"] {
            let cost = build_cost(settings, package)?;
            eprintln!(
                "compare: build {package}: {:.0} s wall, {:.0} s CPU, {:.2} MB stripped",
                cost.wall_s,
                cost.cpu_s,
                cost.stripped_bytes as f64 / 1e6
            );
            report.builds.push(cost);
        }
    }
    report.machine.push_str(&format!(
        ", at end {}; {:.0} s in all",
        loadavg(),
        started.elapsed().as_secs_f64()
    ));
    report.settings = format!(
        "{} rounds; {} calls at 1 caller, {} at 64 (each run at most {} s); callgrind: {} calls minus a warm-up-only run",
        settings.rounds,
        settings.calls_1,
        settings.calls_64,
        settings.time_limit.as_secs(),
        settings.callgrind_calls
    );
    report.write(&settings.out)
}

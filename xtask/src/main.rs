//! Project automation, so that CI is one command anyone can run.
//!
//! `cargo xtask ci` runs exactly what `.ci/run` runs: formatting, clippy,
//! every test of the workspace (doctests included), and the interop tests
//! in which boto3 and the AWS CLI drive `detective serve`.
//!
//! `cargo xtask bench [OPTIONS]` runs the side-by-side load benchmark of
//! `benches/compare` (detective-client vs the official aws-sdk-detective vs a
//! hyper-util + aws-sigv4 floor) and writes its report under
//! `target/bench-report/`. It is not part of `ci`: it takes minutes, needs
//! valgrind, and its numbers depend on the machine.

use std::env;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

type Result<T = ()> = std::result::Result<T, String>;

fn main() -> ExitCode {
    let args: Vec<String> = env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("ci") => ci(),
        Some("lint") => lint(),
        Some("test") => test(),
        Some("interop") => interop(),
        Some("fuzz-smoke") => fuzz_smoke(args.get(1).map(String::as_str)),
        Some("bench") => bench(&args[1..]),
        _ => Err(
            "usage: cargo xtask <ci|lint|test|interop|fuzz-smoke [SECONDS]|bench [OPTIONS]>"
                .to_owned(),
        ),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::FAILURE
        }
    }
}

fn root() -> PathBuf {
    // xtask lives one level below the workspace root.
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

fn run(program: &str, args: &[&str]) -> Result {
    eprintln!("xtask: $ {program} {}", args.join(" "));
    let status = Command::new(program)
        .args(args)
        .current_dir(root())
        .status()
        .map_err(|e| format!("could not start {program}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{program} {} failed: {status}", args.join(" ")))
    }
}

fn ci() -> Result {
    lint()?;
    test()?;
    interop()?;
    fuzz_smoke(Some("10"))
}

fn lint() -> Result {
    run("cargo", &["fmt", "--all", "--", "--check"])?;
    run(
        "cargo",
        &[
            "clippy",
            "--workspace",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ],
    )?;
    // The optional aws-config credential chain must keep compiling too.
    run(
        "cargo",
        &[
            "clippy",
            "--package",
            "detective-client",
            "--features",
            "aws-config",
            "--",
            "-D",
            "warnings",
        ],
    )
}

fn test() -> Result {
    run("cargo", &["test", "--workspace"])
}

/// The Python virtualenv with boto3, the AWS CLI and pytest, created on first use.
fn venv() -> Result<PathBuf> {
    let venv = root().join(".venv");
    let python = venv.join("bin").join("python");
    if !python.exists() {
        run("python3", &["-m", "venv", ".venv"])?;
    }
    let pip = venv.join("bin").join("pip");
    run(
        &pip.to_string_lossy(),
        &[
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "boto3",
            "awscli",
            "pytest",
        ],
    )?;
    Ok(python)
}

/// A `detective serve` on a free loopback port, stopped on drop.
struct Emulator {
    child: Child,
    url: String,
}

impl Drop for Emulator {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start_emulator(extra: &[&str]) -> Result<Emulator> {
    run("cargo", &["build", "--quiet", "--package", "detective-cli"])?;
    let binary = root().join("target").join("debug").join("detective");
    let mut child = Command::new(&binary)
        .args(["serve", "--host", "127.0.0.1", "--port", "0"])
        .args(extra)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .map_err(|e| format!("could not start {}: {e}", binary.display()))?;
    let stdout = child
        .stdout
        .take()
        .ok_or("no stdout from detective serve")?;
    let mut lines = BufReader::new(stdout).lines();
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        match lines.next() {
            Some(Ok(line)) => {
                if let Some(url) = line.strip_prefix("listening on ") {
                    // Keep draining stdout so the server never blocks on a full pipe.
                    std::thread::spawn(move || for _ in lines {});
                    return Ok(Emulator {
                        child,
                        url: url.trim().to_owned(),
                    });
                }
            }
            _ => break,
        }
    }
    let _ = child.kill();
    Err("detective serve did not print `listening on ...`".to_owned())
}

fn interop() -> Result {
    let python = venv()?;
    let emulator = start_emulator(&["--credentials-file", "tests/interop/credentials.toml"])?;
    eprintln!("xtask: emulator at {}", emulator.url);
    let bin = python.parent().map(Path::to_path_buf).unwrap_or_default();
    let path = format!("{}:{}", bin.display(), env::var("PATH").unwrap_or_default());
    let status = Command::new(&python)
        .args(["-m", "pytest", "-q", "tests/interop"])
        .current_dir(root())
        .env("DETECTIVE_ENDPOINT", &emulator.url)
        .env("PATH", path)
        .env("AWS_CONFIG_FILE", "/dev/null")
        .env("AWS_SHARED_CREDENTIALS_FILE", "/dev/null")
        .env_remove("AWS_PROFILE")
        .status()
        .map_err(|e| format!("could not run pytest: {e}"))?;
    drop(emulator);
    if status.success() {
        Ok(())
    } else {
        Err(format!("interop tests failed: {status}"))
    }
}

fn fuzz_smoke(seconds: Option<&str>) -> Result {
    let seconds = seconds.unwrap_or("30");
    if !root().join("fuzz").join("Cargo.toml").exists() {
        eprintln!("xtask: no fuzz/ crate yet; skipping the fuzz smoke");
        return Ok(());
    }
    run("bash", &["fuzz/smoke.sh", seconds])
}

/// The side-by-side load benchmark: builds `benches/compare` (its own
/// workspace, so the official SDK never enters ours) in release mode in
/// `target/compare`, then runs its `all` command, which writes `report.md`,
/// `results.tsv` and `chart.svg` to `target/bench-report/`. Options are passed
/// on, e.g. `--rounds 3`, `--skip-build-cost`, `--skip-callgrind`.
///
/// For the CLI cold-start row it also builds the release `detective` binary
/// and installs the AWS CLI into `.venv` (as `cargo xtask interop` does).
fn bench(options: &[String]) -> Result {
    let python = venv()?;
    let aws = python.with_file_name("aws");
    run(
        "cargo",
        &[
            "build",
            "--release",
            "--quiet",
            "--package",
            "detective-cli",
        ],
    )?;
    let detective = root().join("target").join("release").join("detective");
    run(
        "cargo",
        &[
            "build",
            "--release",
            "--manifest-path",
            "benches/compare/Cargo.toml",
            "--target-dir",
            "target/compare",
            "--package",
            "detective-compare",
        ],
    )?;
    let root = root();
    let exe = root
        .join("target")
        .join("compare")
        .join("release")
        .join("detective-compare");
    eprintln!("xtask: $ {} all {}", exe.display(), options.join(" "));
    let status = Command::new(&exe)
        .arg("all")
        .arg("--root")
        .arg(&root)
        .arg("--out")
        .arg(root.join("target").join("bench-report"))
        .arg("--detective")
        .arg(&detective)
        .arg("--aws")
        .arg(&aws)
        .args(options)
        .current_dir(&root)
        .status()
        .map_err(|e| format!("could not start {}: {e}", exe.display()))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("the benchmark failed: {status}"))
    }
}

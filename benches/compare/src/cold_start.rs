//! CLI cold start: `detective list-graphs` vs `aws detective list-graphs`,
//! each a fresh process, against the same `detective serve`.
//!
//! Wall time from spawn to exit, so it includes what a user waits for:
//! loading the program, reading configuration, one signed call and printing.
//! The two commands alternate so that drift of a shared machine hits both.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Instant;

/// Median wall milliseconds of each command.
#[derive(Debug, Clone, Copy)]
pub struct ColdStart {
    /// `detective list-graphs`.
    pub ours_ms: f64,
    /// `aws detective list-graphs`.
    pub aws_ms: f64,
    /// Runs of each.
    pub runs: usize,
}

/// The emulator process; killed on drop.
struct Serve(Child);

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn start_serve(detective: &Path) -> Result<(Serve, String), String> {
    let mut child = Command::new(detective)
        .args(["serve", "--host", "127.0.0.1", "--port", "0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("start {}: {e}", detective.display()))?;
    let stdout = child.stdout.take().ok_or("detective serve: no stdout")?;
    let serve = Serve(child);
    let url = crate::orchestrate::listening_url(stdout, "detective serve")?;
    Ok((serve, url))
}

/// One run of `program args`, with static credentials and no user config; wall seconds.
fn time_one(program: &Path, args: &[&str]) -> Result<f64, String> {
    let started = Instant::now();
    let status = Command::new(program)
        .args(args)
        .env("AWS_ACCESS_KEY_ID", "111111111111")
        .env("AWS_SECRET_ACCESS_KEY", "test")
        .env("AWS_REGION", "us-east-1")
        .env("AWS_DEFAULT_REGION", "us-east-1")
        .env("AWS_CONFIG_FILE", "/dev/null")
        .env("AWS_SHARED_CREDENTIALS_FILE", "/dev/null")
        .env_remove("AWS_PROFILE")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .map_err(|e| format!("run {}: {e}", program.display()))?;
    let wall = started.elapsed().as_secs_f64();
    if !status.success() {
        return Err(format!("{} {args:?} failed: {status}", program.display()));
    }
    Ok(wall)
}

/// Runs each command `runs` times, alternating, after one unmeasured run of
/// each (so both read their files from the page cache, as a user's second command does).
pub fn measure(detective: &Path, aws: &Path, runs: usize) -> Result<ColdStart, String> {
    let (serve, url) = start_serve(detective)?;
    let ours = ["--endpoint-url", url.as_str(), "list-graphs"];
    let theirs = ["detective", "list-graphs", "--endpoint-url", url.as_str()];
    time_one(detective, &ours)?;
    time_one(aws, &theirs)?;
    let (mut a, mut b) = (Vec::with_capacity(runs), Vec::with_capacity(runs));
    for _ in 0..runs {
        a.push(time_one(detective, &ours)?);
        b.push(time_one(aws, &theirs)?);
    }
    drop(serve);
    Ok(ColdStart {
        ours_ms: crate::report::median(a) * 1e3,
        aws_ms: crate::report::median(b) * 1e3,
        runs,
    })
}

//! `detective serve`: the emulator as a server on loopback.

use crate::duration::parse_duration;
use clap::Args;
use detective_local::state::IndicatorFixtures;
use detective_local::{CredentialsFile, Emulator, EmulatorConfig, Server, ServerLimits};
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

/// Options of `detective serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1")]
    host: IpAddr,
    /// Port to listen on; 0 picks a free one (printed on start).
    #[arg(long, default_value_t = 4566)]
    port: u16,
    /// Region reported when a request names none.
    #[arg(long, default_value = "us-east-1")]
    region: String,
    /// TOML file of access keys, secrets, accounts, root e-mail addresses, data volumes and the organization.
    #[arg(long, value_name = "FILE")]
    credentials_file: Option<PathBuf>,
    /// Most members a graph may have.
    #[arg(long, default_value_t = 1200)]
    member_quota: usize,
    /// How long new members stay VERIFICATION_IN_PROGRESS (e.g. 2s, 500ms).
    #[arg(long, value_parser = parse_duration, default_value = "0s")]
    verification_delay: Duration,
    /// Accept requests without checking their signatures (never the default).
    #[arg(long)]
    no_verify_signatures: bool,
    /// Keep every region's state in this directory across restarts; each change is on disk before it is answered.
    #[arg(long, value_name = "DIR")]
    data_dir: Option<PathBuf>,
    /// JSON file of what investigations find per entity (Entities / Default, in the model's shapes).
    #[arg(long, value_name = "FILE")]
    investigation_fixtures: Option<PathBuf>,
    /// How long investigations stay RUNNING before they are SUCCESSFUL (e.g. 30s).
    #[arg(long, value_parser = parse_duration, default_value = "0s")]
    investigation_delay: Duration,
    /// Most connections served at once; more are answered 503 and closed.
    #[arg(long, default_value_t = detective_local::server::DEFAULT_MAX_CONNECTIONS)]
    max_connections: usize,
}

/// Runs the server until Ctrl-C or SIGTERM.
pub async fn run(args: ServeArgs) -> Result<ExitCode, String> {
    let credentials = match &args.credentials_file {
        Some(path) => CredentialsFile::load(path).map_err(|e| e.to_string())?,
        None => CredentialsFile::default(),
    };
    let investigation_fixtures = match &args.investigation_fixtures {
        Some(path) => IndicatorFixtures::load(path).map_err(|e| e.to_string())?,
        None => IndicatorFixtures::default(),
    };
    let config = EmulatorConfig {
        region: args.region,
        member_quota: args.member_quota,
        verification_delay: args.verification_delay,
        verify_signatures: !args.no_verify_signatures,
        credentials,
        data_dir: args.data_dir,
        investigation_fixtures: Arc::new(investigation_fixtures),
        investigation_delay: args.investigation_delay,
        // Settings serve has no option for keep the emulator's defaults.
        ..EmulatorConfig::default()
    };
    // A data directory that cannot be restored stops the start, rather than serve an empty state.
    let emulator = Emulator::open(config).map_err(|e| e.to_string())?;
    let limits = ServerLimits {
        max_connections: args.max_connections.max(1),
        ..ServerLimits::default()
    };
    let server = Server::bind(emulator, SocketAddr::new(args.host, args.port))
        .map_err(|e| format!("could not listen on {}:{}: {e}", args.host, args.port))?
        .with_limits(limits);
    // Tools wait for exactly this line, so print it once the socket is bound.
    println!("listening on http://{}", server.local_addr());
    server
        .run_until(shutdown_signal())
        .await
        .map_err(|e| format!("server failed: {e}"))?;
    eprintln!("detective: stopped");
    Ok(ExitCode::SUCCESS)
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}

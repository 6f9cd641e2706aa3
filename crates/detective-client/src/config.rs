//! Client configuration: region, credentials, endpoint, timeouts, retries.
//!
//! Everything is resolved when [`ClientBuilder::build`](crate::ClientBuilder::build) runs, so a missing
//! setting is an error you get at start-up, naming the setting and where it
//! can come from, rather than a panic or a hang at the first call.

use crate::layer::retry::RetryConfig;
use aws_credential_types::provider::SharedCredentialsProvider;
use aws_credential_types::Credentials;
use detective_ops::Endpoint;
use std::fmt;
use std::time::Duration;

/// Deadlines for a call. Unlike the official SDK, every one has a default.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timeouts {
    /// Establishing a TCP/TLS connection (default 3.1 s).
    pub connect: Duration,
    /// One HTTP exchange, from sending to the whole response body (default 30 s).
    pub attempt: Duration,
    /// The whole call, retries and backoff included (default 90 s).
    pub operation: Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        Timeouts {
            connect: Duration::from_millis(3100),
            attempt: Duration::from_secs(30),
            operation: Duration::from_secs(90),
        }
    }
}

/// A setting the client cannot start without, or one that is invalid.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ConfigError {
    /// No region was set.
    MissingRegion,
    /// No credentials were set.
    MissingCredentials,
    /// The endpoint URL is invalid.
    InvalidEndpoint(String),
    /// The default HTTP transport could not be created.
    Transport(String),
    /// A setting has a value that cannot work.
    Invalid {
        /// The setting.
        setting: &'static str,
        /// Why.
        reason: String,
    },
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConfigError::MissingRegion => f.write_str(
                "no region: call ClientBuilder::region, or set AWS_REGION (or AWS_DEFAULT_REGION) and use ClientBuilder::from_env",
            ),
            ConfigError::MissingCredentials => f.write_str(
                "no credentials: call ClientBuilder::credentials / static_credentials / credentials_provider, or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY and use ClientBuilder::from_env",
            ),
            ConfigError::InvalidEndpoint(e) => write!(f, "{e}"),
            ConfigError::Transport(e) => write!(f, "could not create the HTTP transport: {e}"),
            ConfigError::Invalid { setting, reason } => write!(f, "invalid {setting}: {reason}"),
        }
    }
}

impl std::error::Error for ConfigError {}

/// The resolved configuration of a [`crate::Client`].
#[derive(Clone)]
pub struct Config {
    pub(crate) region: String,
    pub(crate) endpoint: Endpoint,
    pub(crate) credentials: SharedCredentialsProvider,
    pub(crate) timeouts: Timeouts,
    pub(crate) retry: RetryConfig,
}

impl Config {
    /// The region requests are signed for.
    pub fn region(&self) -> &str {
        &self.region
    }

    /// Where requests go.
    pub fn endpoint(&self) -> &Endpoint {
        &self.endpoint
    }

    /// The credentials provider (asked before each attempt).
    pub fn credentials_provider(&self) -> &SharedCredentialsProvider {
        &self.credentials
    }

    /// The deadlines.
    pub fn timeouts(&self) -> Timeouts {
        self.timeouts
    }

    /// The retry settings.
    pub fn retry(&self) -> &RetryConfig {
        &self.retry
    }
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The provider's Debug never shows secrets, but say so explicitly by not printing it.
        f.debug_struct("Config")
            .field("region", &self.region)
            .field("endpoint", &self.endpoint)
            .field("credentials", &"<provider>")
            .field("timeouts", &self.timeouts)
            .field("retry", &self.retry)
            .finish()
    }
}

/// Reads an environment variable; injectable so configuration tests need not touch the process environment.
pub type EnvReader<'a> = &'a dyn Fn(&str) -> Option<String>;

/// The process environment.
pub fn process_env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

/// Credentials from `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and optional `AWS_SESSION_TOKEN`.
pub fn credentials_from_env(env: EnvReader<'_>) -> Option<Credentials> {
    let access_key = env("AWS_ACCESS_KEY_ID")?;
    let secret_key = env("AWS_SECRET_ACCESS_KEY")?;
    Some(Credentials::new(
        access_key,
        secret_key,
        env("AWS_SESSION_TOKEN"),
        None,
        "environment",
    ))
}

/// The region from `AWS_REGION`, then `AWS_DEFAULT_REGION`.
pub fn region_from_env(env: EnvReader<'_>) -> Option<String> {
    env("AWS_REGION").or_else(|| env("AWS_DEFAULT_REGION"))
}

/// The endpoint URL from `AWS_ENDPOINT_URL_DETECTIVE`, then `AWS_ENDPOINT_URL`.
pub fn endpoint_url_from_env(env: EnvReader<'_>) -> Option<String> {
    env("AWS_ENDPOINT_URL_DETECTIVE").or_else(|| env("AWS_ENDPOINT_URL"))
}

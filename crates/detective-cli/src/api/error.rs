//! How a command fails, and the exit code each failure gets (the AWS CLI v2's codes).

use detective_client::Error as ClientError;
use std::fmt;
use std::process::ExitCode;

/// Exit code when the command line is wrong: unknown option, bad value, failed validation.
pub const EXIT_USAGE: u8 = 252;
/// Exit code when the environment or configuration is unusable: no region, no credentials, unknown profile.
pub const EXIT_CONFIG: u8 = 253;
/// Exit code when the service answered with an error.
pub const EXIT_SERVICE: u8 = 254;
/// Exit code for anything else: the network, a timeout, an unreadable answer.
pub const EXIT_OTHER: u8 = 255;

/// A failed command, with the message for stderr.
#[derive(Debug)]
pub enum CliError {
    /// The command line is wrong; nothing was sent (exit 252).
    Usage(String),
    /// A required setting (region, credentials, profile) is missing or unusable (exit 253).
    Config(String),
    /// A call failed (exit 254 for service errors, 252 for local validation, 255 otherwise).
    Call {
        /// The operation's model name, e.g. `AcceptInvitation`.
        operation: String,
        /// What went wrong.
        error: ClientError,
    },
    /// Any other failure (exit 255).
    Other(String),
}

impl CliError {
    /// The process exit code for this failure.
    pub fn exit_code(&self) -> ExitCode {
        ExitCode::from(self.code())
    }

    /// The numeric exit code.
    pub fn code(&self) -> u8 {
        match self {
            CliError::Usage(_) => EXIT_USAGE,
            CliError::Config(_) => EXIT_CONFIG,
            CliError::Call { error, .. } => match error {
                ClientError::Service(_) => EXIT_SERVICE,
                ClientError::Validation(_) => EXIT_USAGE,
                ClientError::Credentials(_) => EXIT_CONFIG,
                _ => EXIT_OTHER,
            },
            CliError::Other(_) => EXIT_OTHER,
        }
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CliError::Usage(message) | CliError::Config(message) | CliError::Other(message) => {
                f.write_str(message)
            }
            CliError::Call { operation, error } => match error {
                // The AWS CLI's wording, which scripts and people grep for.
                ClientError::Service(e) => write!(
                    f,
                    "\nAn error occurred ({}) when calling the {operation} operation: {}",
                    e.code,
                    e.message.as_deref().unwrap_or("")
                ),
                ClientError::Validation(e) => write!(
                    f,
                    "Parameter validation failed:\nInvalid value for parameter {}: {}",
                    super::input::option_path(e.member()),
                    e.constraint()
                ),
                other => write!(f, "\n{other} (while calling the {operation} operation)"),
            },
        }
    }
}

impl std::error::Error for CliError {}

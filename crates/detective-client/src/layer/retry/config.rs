//! [`RetryConfig`]: how many attempts and how long to wait between them.

use std::time::Duration;

/// Settings of the standard retry mode.
///
/// ```
/// use detective_client::layer::retry::RetryConfig;
/// use std::time::Duration;
///
/// let config = RetryConfig { max_attempts: 5, ..RetryConfig::default() };
/// assert_eq!(config.initial_backoff, Duration::from_secs(1));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryConfig {
    /// Attempts in total, the first included; 1 disables retries (0 is treated as 1). Default 3.
    pub max_attempts: u32,
    /// The backoff ceiling before the first retry; it doubles for each further retry. Default 1 s.
    pub initial_backoff: Duration,
    /// The largest backoff ceiling. Default 20 s.
    pub max_backoff: Duration,
}

impl Default for RetryConfig {
    fn default() -> Self {
        RetryConfig {
            max_attempts: 3,
            initial_backoff: Duration::from_secs(1),
            max_backoff: Duration::from_secs(20),
        }
    }
}

impl RetryConfig {
    /// A configuration that never retries.
    pub fn disabled() -> Self {
        RetryConfig {
            max_attempts: 1,
            ..RetryConfig::default()
        }
    }

    /// The backoff ceiling before retry `retry` (1 for the first retry):
    /// `min(initial_backoff * 2^(retry - 1), max_backoff)`.
    pub fn backoff_ceiling(&self, retry: u32) -> Duration {
        let exponent = retry.saturating_sub(1);
        2u32.checked_pow(exponent)
            .and_then(|factor| self.initial_backoff.checked_mul(factor))
            .map_or(self.max_backoff, |backoff| backoff.min(self.max_backoff))
    }

    /// The backoff before retry `retry` with full jitter: `jitter * backoff_ceiling(retry)`,
    /// `jitter` clamped to `[0, 1]` (a non-finite value counts as 0).
    pub fn backoff(&self, retry: u32, jitter: f64) -> Duration {
        let jitter = if jitter.is_finite() {
            jitter.clamp(0.0, 1.0)
        } else {
            0.0
        };
        self.backoff_ceiling(retry).mul_f64(jitter)
    }
}

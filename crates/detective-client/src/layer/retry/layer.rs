//! [`RetryLayer`]: makes [`Retry`] services.

use super::{Jitter, Retry, RetryConfig, TokenBucket};
use std::fmt;
use std::sync::Arc;
use tower_layer::Layer;

/// Retries failed attempts in the AWS standard retry mode.
///
/// Every service made by one layer shares its [`TokenBucket`], so build the
/// layer once per client.
#[derive(Clone)]
pub struct RetryLayer {
    pub(super) config: RetryConfig,
    pub(super) jitter: Jitter,
    pub(super) bucket: TokenBucket,
}

impl RetryLayer {
    /// Retries with `config`, random jitter and a fresh bucket of default capacity.
    pub fn new(config: RetryConfig) -> Self {
        RetryLayer {
            config,
            jitter: Arc::new(fastrand::f64),
            bucket: TokenBucket::default(),
        }
    }

    /// Draws the jitter factor from `jitter` (expected in `[0, 1)`) instead of at random, for tests.
    pub fn with_jitter(mut self, jitter: Arc<dyn Fn() -> f64 + Send + Sync>) -> Self {
        self.jitter = jitter;
        self
    }

    /// Pays for retries from `bucket`, e.g. one shared with other clients.
    pub fn with_token_bucket(mut self, bucket: TokenBucket) -> Self {
        self.bucket = bucket;
        self
    }

    /// The configuration.
    pub fn config(&self) -> &RetryConfig {
        &self.config
    }

    /// The bucket retries are paid from.
    pub fn token_bucket(&self) -> &TokenBucket {
        &self.bucket
    }
}

impl Default for RetryLayer {
    /// [`RetryLayer::new`] with [`RetryConfig::default`].
    fn default() -> Self {
        RetryLayer::new(RetryConfig::default())
    }
}

impl fmt::Debug for RetryLayer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RetryLayer")
            .field("config", &self.config)
            .field("bucket", &self.bucket)
            .finish_non_exhaustive()
    }
}

impl<S> Layer<S> for RetryLayer {
    type Service = Retry<S>;

    fn layer(&self, inner: S) -> Self::Service {
        Retry::new(inner, self)
    }
}

//! [`HyperTransportBuilder`]: the knobs of [`HyperTransport`].

use std::sync::Arc;
use std::time::Duration;

use hyper_rustls::ConfigBuilderExt;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::Client;
use hyper_util::rt::{TokioExecutor, TokioTimer};

use super::HyperTransport;
use crate::error::{TransportError, TransportErrorKind};

/// Matches the AWS SDKs' default connect timeout, so behaviour lines up with
/// what users of other SDKs expect.
const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_millis(3100);
/// hyper's own default; long enough to reuse connections across bursts of
/// calls, short enough to drop them before typical load-balancer idle cut-offs.
const DEFAULT_POOL_IDLE_TIMEOUT: Duration = Duration::from_secs(90);

/// The settings a [`HyperTransport`] was built with, kept for `Debug`.
#[derive(Debug, Clone, Copy)]
pub(super) struct Settings {
    pub(super) connect_timeout: Duration,
    pub(super) pool_idle_timeout: Duration,
    pub(super) pool_max_idle_per_host: usize,
    pub(super) http2_only: bool,
}

/// Configures and builds a [`HyperTransport`]; start from [`HyperTransport::builder`].
#[derive(Debug, Clone)]
pub struct HyperTransportBuilder {
    settings: Settings,
}

impl Default for HyperTransportBuilder {
    /// The same defaults as [`HyperTransport::new`].
    fn default() -> Self {
        HyperTransportBuilder {
            settings: Settings {
                connect_timeout: DEFAULT_CONNECT_TIMEOUT,
                pool_idle_timeout: DEFAULT_POOL_IDLE_TIMEOUT,
                pool_max_idle_per_host: usize::MAX,
                http2_only: false,
            },
        }
    }
}

impl HyperTransportBuilder {
    /// How long establishing a TCP connection may take (default 3.1 s).
    ///
    /// When a host name resolves to several addresses the time is split
    /// between them. Exceeding it yields [`TransportErrorKind::ConnectTimeout`].
    pub fn connect_timeout(mut self, d: Duration) -> Self {
        self.settings.connect_timeout = d;
        self
    }

    /// How long an unused pooled connection is kept before it is closed (default 90 s).
    pub fn pool_idle_timeout(mut self, d: Duration) -> Self {
        self.settings.pool_idle_timeout = d;
        self
    }

    /// The most idle connections kept per host (default: unlimited).
    ///
    /// `0` disables keep-alive pooling: every request opens a new connection.
    pub fn pool_max_idle_per_host(mut self, n: usize) -> Self {
        self.settings.pool_max_idle_per_host = n;
        self
    }

    /// Speak only HTTP/2 (default `false`).
    ///
    /// Over plain `http://` this uses prior knowledge (no upgrade dance);
    /// over TLS it offers only `h2` in ALPN.
    pub fn http2_only(mut self, yes: bool) -> Self {
        self.settings.http2_only = yes;
        self
    }

    /// Builds the transport. Needs no running runtime, but requests must be
    /// made from within a Tokio runtime.
    ///
    /// Fails (kind [`TransportErrorKind::Other`]) only if the TLS
    /// configuration cannot be assembled.
    pub fn build(self) -> Result<HyperTransport, TransportError> {
        let settings = self.settings;

        // Name the provider explicitly: relying on rustls' process-wide default
        // breaks as soon as another dependency enables a second provider.
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let tls = rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(|e| TransportError::new(TransportErrorKind::Other, e))?
            .with_webpki_roots()
            .with_no_client_auth();

        let mut http = HttpConnector::new();
        // The TLS wrapper decides which schemes are allowed; the inner
        // connector must accept https:// URIs to hand them a TCP stream.
        http.enforce_http(false);
        http.set_connect_timeout(Some(settings.connect_timeout));
        // API requests are small and latency-bound; Nagle only adds delay.
        http.set_nodelay(true);

        // Plain http:// stays allowed so local emulators work without certificates.
        let https = hyper_rustls::HttpsConnectorBuilder::new()
            .with_tls_config(tls)
            .https_or_http();
        let connector = if settings.http2_only {
            https.enable_http2().wrap_connector(http)
        } else {
            https.enable_all_versions().wrap_connector(http)
        };

        let client = Client::builder(TokioExecutor::new())
            .pool_timer(TokioTimer::new())
            .timer(TokioTimer::new())
            .pool_idle_timeout(settings.pool_idle_timeout)
            .pool_max_idle_per_host(settings.pool_max_idle_per_host)
            .http2_only(settings.http2_only)
            .build(connector);

        Ok(HyperTransport {
            client: std::sync::Arc::new(client),
            settings,
        })
    }
}

//! [`HyperTransport`]: the pooled hyper client over rustls.

mod builder;

use std::error::Error as StdError;
use std::fmt;
use std::io;
use std::task::{Context, Poll};

use bytes::Bytes;
use futures_util::future::{self, BoxFuture, FutureExt};
use http_body_util::{BodyExt, Full};
use hyper_rustls::HttpsConnector;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::Client;
use std::sync::Arc;

pub use self::builder::HyperTransportBuilder;
use self::builder::Settings;
use crate::error::{TransportError, TransportErrorKind};

/// The hyper 1.x + hyper-util pooled client over rustls (HTTP/1.1 and HTTP/2 via ALPN; plain http:// allowed for loopback/emulators).
///
/// Clones share one connection pool. The whole response body is collected
/// before the response is returned.
#[derive(Clone)]
pub struct HyperTransport {
    // Behind one Arc: tower clones a service per call, and hyper-util's
    // client is several reference-counted parts (pool, connector, TLS
    // config, timers). Cloning those per call, from every thread, bounced
    // their counters' cache lines between cores; this is one counter.
    client: Arc<Client<HttpsConnector<HttpConnector>, Full<Bytes>>>,
    settings: Settings,
}

impl HyperTransport {
    /// A transport with the default settings (see [`HyperTransportBuilder`]).
    pub fn new() -> Result<Self, TransportError> {
        Self::builder().build()
    }

    /// Starts configuring a transport.
    pub fn builder() -> HyperTransportBuilder {
        HyperTransportBuilder::default()
    }
}

impl fmt::Debug for HyperTransport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HyperTransport")
            .field("connect_timeout", &self.settings.connect_timeout)
            .field("pool_idle_timeout", &self.settings.pool_idle_timeout)
            .field(
                "pool_max_idle_per_host",
                &self.settings.pool_max_idle_per_host,
            )
            .field("http2_only", &self.settings.http2_only)
            .finish()
    }
}

impl tower_service::Service<http::Request<Bytes>> for HyperTransport {
    type Response = http::Response<Bytes>;
    type Error = TransportError;
    type Future = BoxFuture<'static, Result<http::Response<Bytes>, TransportError>>;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        // The client queues on its own pool, so there is no back-pressure to report.
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, req: http::Request<Bytes>) -> Self::Future {
        if let Err(e) = check_request(&req) {
            return future::ready(Err(e)).boxed();
        }
        let response = self.client.request(req.map(Full::new));
        async move {
            let response = response.await.map_err(client_error)?;
            let (parts, body) = response.into_parts();
            let body = body.collect().await.map_err(body_error)?.to_bytes();
            Ok(http::Response::from_parts(parts, body))
        }
        .boxed()
    }
}

/// Rejects requests hyper-util would only fail later with an opaque error
/// (or, for odd schemes, report as a connect failure that looks retryable).
fn check_request(req: &http::Request<Bytes>) -> Result<(), TransportError> {
    let uri = req.uri();
    let invalid = |msg: String| TransportError::new(TransportErrorKind::InvalidRequest, msg);
    match uri.scheme_str() {
        Some("http") | Some("https") => {}
        Some(other) => {
            return Err(invalid(format!(
                "unsupported URI scheme `{other}` in `{uri}`"
            )))
        }
        None => return Err(invalid(format!("URI `{uri}` has no scheme"))),
    }
    match uri.host() {
        Some(host) if !host.is_empty() => {}
        _ => return Err(invalid(format!("URI `{uri}` has no host"))),
    }
    let version = req.version();
    if version != http::Version::HTTP_10
        && version != http::Version::HTTP_11
        && version != http::Version::HTTP_2
    {
        return Err(invalid(format!("unsupported HTTP version {version:?}")));
    }
    Ok(())
}

fn client_error(err: hyper_util::client::legacy::Error) -> TransportError {
    let kind = if err.is_connect() {
        connect_kind(&err)
    } else {
        after_connect_kind(&err, TransportErrorKind::Other)
    };
    TransportError::new(kind, err)
}

fn body_error(err: ::hyper::Error) -> TransportError {
    // The response head already arrived, so whatever broke the body broke
    // the connection mid-response.
    let kind = after_connect_kind(&err, TransportErrorKind::Io);
    TransportError::new(kind, err)
}

/// Iterates over `err` and everything below it in its `source()` chain.
fn chain<'a>(
    err: &'a (dyn StdError + 'static),
) -> impl Iterator<Item = &'a (dyn StdError + 'static)> {
    std::iter::successors(Some(err), |e: &&'a (dyn StdError + 'static)| (*e).source())
}

/// Classifies an error the connector reported.
///
/// hyper-util's `HttpConnector` reports its connect timeout only as an
/// `io::ErrorKind::TimedOut` buried under its own and the client's wrappers,
/// so the chain has to be searched.
fn connect_kind(err: &(dyn StdError + 'static)) -> TransportErrorKind {
    let timed_out = chain(err).any(|e| {
        e.downcast_ref::<io::Error>()
            .is_some_and(|io| io.kind() == io::ErrorKind::TimedOut)
    });
    if timed_out {
        TransportErrorKind::ConnectTimeout
    } else {
        TransportErrorKind::Connect
    }
}

/// Classifies an error raised once a connection existed; `default` applies
/// when nothing in the chain is recognised.
fn after_connect_kind(
    err: &(dyn StdError + 'static),
    default: TransportErrorKind,
) -> TransportErrorKind {
    for e in chain(err) {
        if let Some(h) = e.downcast_ref::<::hyper::Error>() {
            if h.is_user() {
                return TransportErrorKind::InvalidRequest;
            }
            if h.is_parse() {
                // The peer answered, but not with HTTP we understand; the same
                // peer will most likely answer the same way again.
                return TransportErrorKind::Other;
            }
            if h.is_incomplete_message()
                || h.is_closed()
                || h.is_canceled()
                || h.is_body_write_aborted()
            {
                return TransportErrorKind::Io;
            }
        } else if e.is::<io::Error>() {
            return TransportErrorKind::Io;
        }
    }
    default
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Mimics hyper-util's `ConnectError`: a fixed message with the cause as source.
    #[derive(Debug)]
    struct Wrapped {
        msg: &'static str,
        cause: Box<dyn StdError + Send + Sync>,
    }

    impl fmt::Display for Wrapped {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(self.msg)
        }
    }

    impl StdError for Wrapped {
        fn source(&self) -> Option<&(dyn StdError + 'static)> {
            Some(&*self.cause)
        }
    }

    fn wrap(msg: &'static str, cause: impl Into<Box<dyn StdError + Send + Sync>>) -> Wrapped {
        Wrapped {
            msg,
            cause: cause.into(),
        }
    }

    #[test]
    fn connect_timeout_is_found_deep_in_the_chain() {
        // Shape produced by HttpConnector::set_connect_timeout:
        // client error -> "tcp connect error" -> io::Error(TimedOut, Elapsed).
        let io = io::Error::new(io::ErrorKind::TimedOut, "deadline has elapsed");
        let err = wrap("client error (Connect)", wrap("tcp connect error", io));
        assert_eq!(connect_kind(&err), TransportErrorKind::ConnectTimeout);
    }

    #[test]
    fn connect_timeout_at_top_level() {
        let io = io::Error::new(io::ErrorKind::TimedOut, "connect timeout");
        assert_eq!(connect_kind(&io), TransportErrorKind::ConnectTimeout);
    }

    #[test]
    fn other_connect_failures_are_connect() {
        let refused = io::Error::from(io::ErrorKind::ConnectionRefused);
        let err = wrap("client error (Connect)", wrap("tcp connect error", refused));
        assert_eq!(connect_kind(&err), TransportErrorKind::Connect);

        let dns = wrap("client error (Connect)", wrap("dns error", "no such host"));
        assert_eq!(connect_kind(&dns), TransportErrorKind::Connect);
    }

    #[test]
    fn io_errors_after_connect_are_io() {
        let reset = io::Error::from(io::ErrorKind::ConnectionReset);
        let err = wrap("client error (SendRequest)", reset);
        assert_eq!(
            after_connect_kind(&err, TransportErrorKind::Other),
            TransportErrorKind::Io
        );
    }

    #[test]
    fn unrecognised_after_connect_errors_use_the_default() {
        let err = wrap("client error (UserUnsupportedVersion)", "nope");
        assert_eq!(
            after_connect_kind(&err, TransportErrorKind::Other),
            TransportErrorKind::Other
        );
        assert_eq!(
            after_connect_kind(&err, TransportErrorKind::Io),
            TransportErrorKind::Io
        );
    }

    fn request(uri: &str) -> http::Request<Bytes> {
        let mut req = http::Request::new(Bytes::new());
        *req.uri_mut() = uri.parse().unwrap_or_else(|e| panic!("{uri}: {e}"));
        req
    }

    #[test]
    fn check_request_accepts_http_and_https() {
        assert!(check_request(&request("http://127.0.0.1:8080/")).is_ok());
        assert!(check_request(&request("https://detective.us-east-1.amazonaws.com/graph")).is_ok());
    }

    #[test]
    fn check_request_rejects_relative_and_odd_schemes() {
        for uri in ["/graph", "ftp://example.com/", "example.com:443"] {
            let err = match check_request(&request(uri)) {
                Ok(()) => panic!("{uri} accepted"),
                Err(e) => e,
            };
            assert_eq!(err.kind(), TransportErrorKind::InvalidRequest, "{uri}");
            assert!(!err.is_retryable());
        }
    }

    #[test]
    fn check_request_rejects_http09() {
        let mut req = request("http://127.0.0.1/");
        *req.version_mut() = http::Version::HTTP_09;
        let err = check_request(&req).err().map(|e| e.kind());
        assert_eq!(err, Some(TransportErrorKind::InvalidRequest));
    }
}

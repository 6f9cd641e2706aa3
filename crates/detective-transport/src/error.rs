//! The one error type every transport returns.

use std::error::Error as StdError;
use std::fmt;

/// A boxed, thread-safe error, used as the source of a [`TransportError`].
pub type BoxError = Box<dyn StdError + Send + Sync + 'static>;

/// Why moving bytes failed; decides whether a retry may help.
///
/// The [`kind`](TransportError::kind) is what callers act on; the source is
/// kept for humans and for `source()`-walking error reporters.
#[derive(Debug)]
pub struct TransportError {
    kind: TransportErrorKind,
    source: Option<BoxError>,
}

/// The broad class of a [`TransportError`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TransportErrorKind {
    /// Could not establish a connection (refused, DNS, TLS handshake).
    Connect,
    /// Connecting took longer than the connect timeout.
    ConnectTimeout,
    /// The connection failed after it was established: reset, closed before a full response, broken pipe.
    Io,
    /// The request could not be sent as given (bad URI, unsupported scheme) — retrying cannot help.
    InvalidRequest,
    /// Anything else.
    Other,
}

impl TransportErrorKind {
    fn describe(self) -> &'static str {
        match self {
            TransportErrorKind::Connect => "connection failed",
            TransportErrorKind::ConnectTimeout => "connect timed out",
            TransportErrorKind::Io => "connection error",
            TransportErrorKind::InvalidRequest => "invalid request",
            TransportErrorKind::Other => "transport error",
        }
    }
}

impl fmt::Display for TransportErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.describe())
    }
}

impl TransportError {
    /// An error of `kind` caused by `source`.
    pub fn new(kind: TransportErrorKind, source: impl Into<BoxError>) -> Self {
        TransportError {
            kind,
            source: Some(source.into()),
        }
    }

    /// An error of `kind` with no underlying cause.
    pub fn from_kind(kind: TransportErrorKind) -> Self {
        TransportError { kind, source: None }
    }

    /// The broad class of this error.
    pub fn kind(&self) -> TransportErrorKind {
        self.kind
    }

    /// True for Connect, ConnectTimeout and Io: the request may not have been processed (or the response was lost), and the AWS standard retry mode retries these.
    pub fn is_retryable(&self) -> bool {
        matches!(
            self.kind,
            TransportErrorKind::Connect
                | TransportErrorKind::ConnectTimeout
                | TransportErrorKind::Io
        )
    }
}

impl From<TransportErrorKind> for TransportError {
    fn from(kind: TransportErrorKind) -> Self {
        TransportError::from_kind(kind)
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.kind.describe())?;
        if let Some(source) = &self.source {
            // Transport libraries wrap the interesting cause in generic
            // layers ("client error (Connect)", "tcp connect error"), so the
            // root of the chain is what tells a reader what happened.
            let mut root: &(dyn StdError + 'static) = source.as_ref();
            while let Some(next) = root.source() {
                root = next;
            }
            write!(f, ": {root}")?;
        }
        Ok(())
    }
}

impl StdError for TransportError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        self.source
            .as_deref()
            .map(|e| e as &(dyn StdError + 'static))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io;

    #[derive(Debug)]
    struct Wrapper(io::Error);

    impl fmt::Display for Wrapper {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("tcp connect error")
        }
    }

    impl StdError for Wrapper {
        fn source(&self) -> Option<&(dyn StdError + 'static)> {
            Some(&self.0)
        }
    }

    #[test]
    fn display_names_kind_and_root_cause() {
        let err = TransportError::new(
            TransportErrorKind::Connect,
            Wrapper(io::Error::new(
                io::ErrorKind::ConnectionRefused,
                "Connection refused",
            )),
        );
        assert_eq!(err.to_string(), "connection failed: Connection refused");
        assert!(err.source().is_some());
    }

    #[test]
    fn display_without_source_is_just_the_kind() {
        let err = TransportError::from_kind(TransportErrorKind::InvalidRequest);
        assert_eq!(err.to_string(), "invalid request");
        assert!(err.source().is_none());
    }

    #[test]
    fn retryable_kinds() {
        use TransportErrorKind::*;
        for (kind, retryable) in [
            (Connect, true),
            (ConnectTimeout, true),
            (Io, true),
            (InvalidRequest, false),
            (Other, false),
        ] {
            assert_eq!(
                TransportError::from_kind(kind).is_retryable(),
                retryable,
                "{kind:?}"
            );
        }
    }

    #[test]
    fn error_is_send_sync_static() {
        fn assert_bounds<T: StdError + Send + Sync + 'static>() {}
        assert_bounds::<TransportError>();
    }
}

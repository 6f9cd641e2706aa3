//! The emulator over TCP: HTTP/1.1 and HTTP/2 (cleartext), with graceful shutdown.
//!
//! ```no_run
//! use detective_local::{config::EmulatorConfig, server::Server, Emulator};
//!
//! # async fn run() -> std::io::Result<()> {
//! let emulator = Emulator::new(EmulatorConfig::default());
//! let (addr, handle) = Server::spawn(emulator, "127.0.0.1:0".parse().unwrap())?;
//! println!("Detective at http://{addr}");
//! // ... point AWS_ENDPOINT_URL_DETECTIVE at it ...
//! handle.shutdown().await?; // stops accepting, lets in-flight requests finish
//! # Ok(())
//! # }
//! ```
//!
//! # Limits
//!
//! A local emulator still runs inside other people's test suites, so no
//! client may make it hold memory or connections without end
//! ([`ServerLimits`], `detective serve --max-connections`):
//!
//! - Request bodies are never buffered beyond [`MAX_BODY_BYTES`]: a
//!   `Content-Length` over the limit is refused before anything is read, and a
//!   body without one is read until it passes the limit and then refused, each
//!   with 400 `ValidationException`.
//! - A client that takes longer than [`HEADER_READ_TIMEOUT`] to send a
//!   request's headers (HTTP/1; an idle keep-alive connection counts) is
//!   disconnected; one that takes longer than [`BODY_READ_TIMEOUT`] to send a
//!   body gets 400 `ValidationException`.
//! - At most [`DEFAULT_MAX_CONNECTIONS`] connections are served at once. A
//!   connection past that is answered 503 `ServiceUnavailableException` (a
//!   restJson1 error with a `Message`, `Connection: close`) and closed, so
//!   an SDK retries it as a transient error; if even the [`REFUSING_CONNECTIONS`]
//!   connections being refused are all busy, it is closed without an answer.
//! - Shutdown stops accepting at once and waits for the requests in flight
//!   to be answered.

use crate::front::{Emulator, RandomRequestIds, RequestBody, RequestIdSource, MAX_BODY_BYTES};
use bytes::Bytes;
use http_body_util::{BodyExt, Full, LengthLimitError, Limited};
use hyper::body::Incoming;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto;
use hyper_util::server::graceful::GracefulShutdown;
use std::convert::Infallible;
use std::fmt;
use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{oneshot, Semaphore};
use tokio::task::JoinHandle;

/// How long a client may take to send a request's headers.
pub const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(30);

/// How long a client may take to send a request's body.
pub const BODY_READ_TIMEOUT: Duration = Duration::from_secs(30);

/// How many connections are served at once unless configured otherwise.
pub const DEFAULT_MAX_CONNECTIONS: usize = 1024;

/// How many connections past the limit may be in the middle of being told 503 at once; more are closed unanswered.
pub const REFUSING_CONNECTIONS: usize = 64;

/// How long a connection past the limit is given to send the request its 503 answers.
const REFUSAL_TIMEOUT: Duration = Duration::from_secs(5);

/// What a server accepts from its clients (see the [module docs](self)).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ServerLimits {
    /// The most connections served at once; at least 1.
    pub max_connections: usize,
    /// How long a client may take to send a request's headers.
    pub header_read_timeout: Duration,
    /// How long a client may take to send a request's body.
    pub body_read_timeout: Duration,
}

impl Default for ServerLimits {
    fn default() -> Self {
        ServerLimits {
            max_connections: DEFAULT_MAX_CONNECTIONS,
            header_read_timeout: HEADER_READ_TIMEOUT,
            body_read_timeout: BODY_READ_TIMEOUT,
        }
    }
}

/// A bound listener serving an [`Emulator`]; call [`run_until`](Server::run_until) to serve.
pub struct Server {
    emulator: Emulator,
    listener: std::net::TcpListener,
    local_addr: SocketAddr,
    limits: ServerLimits,
}

impl fmt::Debug for Server {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Server")
            .field("local_addr", &self.local_addr)
            .field("limits", &self.limits)
            .finish_non_exhaustive()
    }
}

fn no_runtime() -> io::Error {
    io::Error::other("the emulator's server must run inside a Tokio runtime")
}

impl Server {
    /// Binds `addr` (port 0 picks a free port; read it back with [`local_addr`](Server::local_addr)).
    ///
    /// Binding needs no runtime; serving needs a Tokio one.
    pub fn bind(emulator: Emulator, addr: SocketAddr) -> io::Result<Server> {
        let listener = std::net::TcpListener::bind(addr)?;
        listener.set_nonblocking(true)?;
        let local_addr = listener.local_addr()?;
        Ok(Server {
            emulator,
            listener,
            local_addr,
            limits: ServerLimits::default(),
        })
    }

    /// Serves within `limits` instead of the [defaults](ServerLimits::default).
    pub fn with_limits(mut self, limits: ServerLimits) -> Server {
        self.limits = limits;
        self
    }

    /// The address the server listens on.
    pub fn local_addr(&self) -> SocketAddr {
        self.local_addr
    }

    /// Serves until `shutdown` completes, then stops accepting and waits for
    /// open connections to finish their in-flight requests.
    ///
    /// Fails only when the listener cannot be registered with the Tokio
    /// runtime (or there is none); errors on single connections are dropped
    /// with them.
    pub async fn run_until(self, shutdown: impl Future<Output = ()>) -> io::Result<()> {
        tokio::runtime::Handle::try_current().map_err(|_| no_runtime())?;
        let listener = tokio::net::TcpListener::from_std(self.listener)?;
        let emulator = self.emulator;
        let limits = self.limits;
        let mut builder = auto::Builder::new(TokioExecutor::new());
        builder
            .http1()
            .timer(TokioTimer::new())
            .header_read_timeout(limits.header_read_timeout);
        builder.http2().timer(TokioTimer::new());
        let graceful = GracefulShutdown::new();
        // A permit per connection served, held until the connection ends.
        let permits = Arc::new(Semaphore::new(limits.max_connections.max(1)));
        let refusals = Arc::new(Semaphore::new(REFUSING_CONNECTIONS));
        let refusal_ids: Arc<dyn RequestIdSource> = Arc::new(RandomRequestIds::new());
        tracing::info!(addr = %self.local_addr, max_connections = limits.max_connections, "Detective emulator listening");

        tokio::pin!(shutdown);
        loop {
            tokio::select! {
                () = &mut shutdown => break,
                accepted = listener.accept() => {
                    let (stream, peer) = match accepted {
                        Ok(accepted) => accepted,
                        Err(e) => {
                            // Out of file descriptors and the like: back off, keep serving.
                            tracing::warn!(error = %e, "accept failed");
                            tokio::time::sleep(Duration::from_millis(50)).await;
                            continue;
                        }
                    };
                    let Ok(permit) = Arc::clone(&permits).try_acquire_owned() else {
                        refuse(&builder, &refusals, &refusal_ids, stream, peer, limits.max_connections);
                        continue;
                    };
                    let emulator = emulator.clone();
                    let service = hyper::service::service_fn(move |request| {
                        let emulator = emulator.clone();
                        async move {
                            Ok::<_, Infallible>(serve(&emulator, request, limits.body_read_timeout).await)
                        }
                    });
                    let connection = builder
                        .serve_connection(TokioIo::new(stream), service)
                        .into_owned();
                    let connection = graceful.watch(connection);
                    tokio::spawn(async move {
                        if let Err(e) = connection.await {
                            tracing::debug!(%peer, error = %e, "connection ended with an error");
                        }
                        drop(permit);
                    });
                }
            }
        }
        drop(listener);
        tracing::info!(
            connections = graceful.count(),
            "Detective emulator shutting down"
        );
        graceful.shutdown().await;
        Ok(())
    }

    /// Binds `addr` and serves in a new Tokio task; returns the bound address and a handle to stop it.
    ///
    /// Must be called inside a Tokio runtime. Dropping the handle shuts the
    /// server down too, so keep it for as long as the server should run.
    pub fn spawn(emulator: Emulator, addr: SocketAddr) -> io::Result<(SocketAddr, ServerHandle)> {
        Server::spawn_with_limits(emulator, addr, ServerLimits::default())
    }

    /// [`spawn`](Server::spawn), serving within `limits`.
    pub fn spawn_with_limits(
        emulator: Emulator,
        addr: SocketAddr,
        limits: ServerLimits,
    ) -> io::Result<(SocketAddr, ServerHandle)> {
        let runtime = tokio::runtime::Handle::try_current().map_err(|_| no_runtime())?;
        let server = Server::bind(emulator, addr)?.with_limits(limits);
        let local_addr = server.local_addr();
        let (trigger, triggered) = oneshot::channel::<()>();
        let task = runtime.spawn(server.run_until(async move {
            // A send or a dropped sender both mean: stop.
            let _ = triggered.await;
        }));
        Ok((
            local_addr,
            ServerHandle {
                local_addr,
                trigger: Some(trigger),
                task,
            },
        ))
    }
}

/// Controls a server started with [`Server::spawn`]. Dropping it shuts the server down.
#[must_use = "dropping the handle shuts the server down"]
pub struct ServerHandle {
    local_addr: SocketAddr,
    trigger: Option<oneshot::Sender<()>>,
    task: JoinHandle<io::Result<()>>,
}

impl fmt::Debug for ServerHandle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ServerHandle")
            .field("local_addr", &self.local_addr)
            .field("running", &!self.task.is_finished())
            .finish()
    }
}

impl ServerHandle {
    /// The address the server listens on.
    pub fn local_addr(&self) -> SocketAddr {
        self.local_addr
    }

    /// Stops accepting connections; in-flight requests still finish. Returns at once.
    pub fn trigger_shutdown(&mut self) {
        if let Some(trigger) = self.trigger.take() {
            let _ = trigger.send(());
        }
    }

    /// Stops the server and waits until every in-flight request has been answered.
    pub async fn shutdown(mut self) -> io::Result<()> {
        self.trigger_shutdown();
        self.wait().await
    }

    /// Waits for the server to stop (after [`trigger_shutdown`](Self::trigger_shutdown)).
    pub async fn wait(mut self) -> io::Result<()> {
        match (&mut self.task).await {
            Ok(result) => result,
            Err(e) => Err(io::Error::other(e)),
        }
    }
}

/// Answers a connection past the limit with 503 and closes it, or closes it at once if too many are being refused.
fn refuse(
    builder: &auto::Builder<TokioExecutor>,
    refusals: &Arc<Semaphore>,
    request_ids: &Arc<dyn RequestIdSource>,
    stream: tokio::net::TcpStream,
    peer: SocketAddr,
    max_connections: usize,
) {
    let Ok(permit) = Arc::clone(refusals).try_acquire_owned() else {
        tracing::warn!(%peer, "connection limit reached and too many refusals pending: closing");
        return;
    };
    tracing::warn!(%peer, max_connections, "connection limit reached: answering 503");
    let request_ids = Arc::clone(request_ids);
    let service = hyper::service::service_fn(move |_request: http::Request<Incoming>| {
        let response = unavailable(max_connections, &request_ids.next_request_id());
        async move { Ok::<_, Infallible>(response.map(Full::new)) }
    });
    let connection = builder
        .serve_connection(TokioIo::new(stream), service)
        .into_owned();
    tokio::spawn(async move {
        // HTTP/1 closes after the answer (Connection: close); the timeout ends an HTTP/2 one or a silent client.
        let _ = tokio::time::timeout(REFUSAL_TIMEOUT, connection).await;
        drop(permit);
    });
}

/// The 503 a connection past the limit gets: a restJson1 error a client retries.
fn unavailable(max_connections: usize, request_id: &str) -> http::Response<Bytes> {
    let mut error = detective_ops::ServiceError::new(
        detective_types::ServiceErrorCode::Unknown("ServiceUnavailableException".to_owned()),
        format!(
            "The emulator is already serving its maximum of {max_connections} connections; retry later."
        ),
    );
    error.status = 503;
    let mut response = detective_ops::codec::server::error_response(&error, request_id);
    response.headers_mut().insert(
        http::header::CONNECTION,
        http::HeaderValue::from_static("close"),
    );
    response
}

/// Reads the body (up to the limit, within `body_timeout`) and answers one request.
async fn serve(
    emulator: &Emulator,
    request: http::Request<Incoming>,
    body_timeout: Duration,
) -> http::Response<Full<Bytes>> {
    let (parts, body) = request.into_parts();
    let declared_length = parts
        .headers
        .get(http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    let body = if declared_length.is_some_and(|n| n > MAX_BODY_BYTES as u64) {
        // Refuse before reading a byte of it.
        RequestBody::TooLarge
    } else {
        match tokio::time::timeout(body_timeout, Limited::new(body, MAX_BODY_BYTES).collect()).await
        {
            Ok(Ok(collected)) => RequestBody::Complete(collected.to_bytes()),
            Ok(Err(e)) if e.is::<LengthLimitError>() => RequestBody::TooLarge,
            Ok(Err(e)) => RequestBody::Unreadable(e.to_string()),
            Err(_) => RequestBody::Unreadable(format!("it did not arrive within {body_timeout:?}")),
        }
    };
    emulator.respond(&parts, body).map(Full::new)
}

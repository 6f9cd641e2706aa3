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
//! Request bodies are never buffered beyond [`MAX_BODY_BYTES`]: a
//! `Content-Length` over the limit is refused before anything is read, and a
//! body without one is read until it passes the limit and then refused, each
//! with 400 `ValidationException`. A client that takes longer than
//! [`HEADER_READ_TIMEOUT`] to send its request headers is disconnected.

use crate::front::{Emulator, RequestBody, MAX_BODY_BYTES};
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
use std::time::Duration;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// How long a client may take to send a request's headers.
pub const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(30);

/// A bound listener serving an [`Emulator`]; call [`run_until`](Server::run_until) to serve.
pub struct Server {
    emulator: Emulator,
    listener: std::net::TcpListener,
    local_addr: SocketAddr,
}

impl fmt::Debug for Server {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Server")
            .field("local_addr", &self.local_addr)
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
        })
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
        let mut builder = auto::Builder::new(TokioExecutor::new());
        builder
            .http1()
            .timer(TokioTimer::new())
            .header_read_timeout(HEADER_READ_TIMEOUT);
        builder.http2().timer(TokioTimer::new());
        let graceful = GracefulShutdown::new();
        tracing::info!(addr = %self.local_addr, "Detective emulator listening");

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
                    let emulator = emulator.clone();
                    let service = hyper::service::service_fn(move |request| {
                        let emulator = emulator.clone();
                        async move { Ok::<_, Infallible>(serve(&emulator, request).await) }
                    });
                    let connection = builder
                        .serve_connection(TokioIo::new(stream), service)
                        .into_owned();
                    let connection = graceful.watch(connection);
                    tokio::spawn(async move {
                        if let Err(e) = connection.await {
                            tracing::debug!(%peer, error = %e, "connection ended with an error");
                        }
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
        let runtime = tokio::runtime::Handle::try_current().map_err(|_| no_runtime())?;
        let server = Server::bind(emulator, addr)?;
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

/// Reads the body (up to the limit) and answers one request.
async fn serve(
    emulator: &Emulator,
    request: http::Request<Incoming>,
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
        match Limited::new(body, MAX_BODY_BYTES).collect().await {
            Ok(collected) => RequestBody::Complete(collected.to_bytes()),
            Err(e) if e.is::<LengthLimitError>() => RequestBody::TooLarge,
            Err(e) => RequestBody::Unreadable(e.to_string()),
        }
    };
    emulator.respond(&parts, body).map(Full::new)
}

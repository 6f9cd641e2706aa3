//! HyperTransport against real hyper servers on loopback.

// Panicking on setup failure is the point of a test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::convert::Infallible;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use detective_transport::{HyperTransport, TransportError, TransportErrorKind};
use futures_util::future::poll_fn;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::service::service_fn;
use hyper_util::rt::{TokioExecutor, TokioIo};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;
use tower_service::Service;

/// Every network test is bounded so a hang fails instead of stalling CI.
async fn within<T>(fut: impl Future<Output = T>) -> T {
    tokio::time::timeout(Duration::from_secs(10), fut)
        .await
        .expect("test timed out")
}

async fn send(
    transport: &mut HyperTransport,
    req: http::Request<Bytes>,
) -> Result<http::Response<Bytes>, TransportError> {
    within(async {
        poll_fn(|cx| transport.poll_ready(cx)).await?;
        transport.call(req).await
    })
    .await
}

fn get(url: &str) -> http::Request<Bytes> {
    http::Request::get(url).body(Bytes::new()).unwrap()
}

/// A server that answers every request by echoing it, counting accepted connections.
struct EchoServer {
    addr: SocketAddr,
    connections: Arc<AtomicUsize>,
    task: JoinHandle<()>,
}

impl EchoServer {
    async fn start(http2: bool) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let connections = Arc::new(AtomicUsize::new(0));
        let counter = connections.clone();
        let task = tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    return;
                };
                counter.fetch_add(1, Ordering::SeqCst);
                tokio::spawn(async move {
                    let io = TokioIo::new(stream);
                    let svc = service_fn(echo);
                    // Connection errors are the client's business in these tests.
                    let _ = if http2 {
                        hyper::server::conn::http2::Builder::new(TokioExecutor::new())
                            .serve_connection(io, svc)
                            .await
                    } else {
                        hyper::server::conn::http1::Builder::new()
                            .serve_connection(io, svc)
                            .await
                    };
                });
            }
        });
        EchoServer {
            addr,
            connections,
            task,
        }
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }
}

impl Drop for EchoServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn echo(req: http::Request<Incoming>) -> Result<http::Response<Full<Bytes>>, Infallible> {
    let (parts, body) = req.into_parts();
    let body = body
        .collect()
        .await
        .map(|b| b.to_bytes())
        .unwrap_or_default();
    let mut resp = http::Response::builder()
        .status(http::StatusCode::CREATED)
        .header("x-method", parts.method.as_str())
        .header(
            "x-path",
            parts.uri.path_and_query().map_or("", |p| p.as_str()),
        )
        .header("x-version", format!("{:?}", parts.version));
    if let Some(v) = parts.headers.get("x-amz-target") {
        resp = resp.header("x-echo-amz-target", v);
    }
    if let Some(v) = parts.headers.get(http::header::CONTENT_TYPE) {
        resp = resp.header("x-echo-content-type", v);
    }
    Ok(resp.body(Full::new(body)).unwrap())
}

/// A raw TCP server running `handle` on each accepted connection.
async fn raw_server<F, Fut>(handle: F) -> (SocketAddr, JoinHandle<()>)
where
    F: Fn(TcpStream) -> Fut + Send + 'static,
    Fut: Future<Output = ()> + Send + 'static,
{
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let task = tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            tokio::spawn(handle(stream));
        }
    });
    (addr, task)
}

/// Reads until the end of the request head, which is all a bodiless GET sends.
async fn read_request_head(stream: &mut TcpStream) {
    let mut seen = Vec::new();
    let mut buf = [0u8; 1024];
    while !seen.windows(4).any(|w| w == b"\r\n\r\n") {
        match stream.read(&mut buf).await {
            Ok(0) | Err(_) => return,
            Ok(n) => seen.extend_from_slice(&buf[..n]),
        }
    }
}

#[tokio::test]
async fn post_round_trips_method_path_headers_and_body() {
    let server = EchoServer::start(false).await;
    let mut transport = HyperTransport::new().unwrap();
    let body =
        Bytes::from_static(br#"{"GraphArn":"arn:aws:detective:us-east-1:123456789012:graph:abc"}"#);
    let req = http::Request::post(server.url("/graph/members?maxResults=5"))
        .header(http::header::CONTENT_TYPE, "application/json")
        .header("x-amz-target", "ListMembers")
        .body(body.clone())
        .unwrap();

    let resp = send(&mut transport, req).await.unwrap();

    assert_eq!(resp.status(), http::StatusCode::CREATED);
    assert_eq!(resp.version(), http::Version::HTTP_11);
    let h = resp.headers();
    assert_eq!(h["x-method"], "POST");
    assert_eq!(h["x-path"], "/graph/members?maxResults=5");
    assert_eq!(h["x-version"], "HTTP/1.1");
    assert_eq!(h["x-echo-amz-target"], "ListMembers");
    assert_eq!(h["x-echo-content-type"], "application/json");
    assert_eq!(resp.body(), &body);
}

#[tokio::test]
async fn sequential_requests_reuse_one_pooled_connection() {
    let server = EchoServer::start(false).await;
    let mut transport = HyperTransport::new().unwrap();
    // A clone shares the pool, so it must reuse the same connection too.
    let mut clone = transport.clone();

    for path in ["/one", "/two"] {
        let resp = send(&mut transport, get(&server.url(path))).await.unwrap();
        assert_eq!(resp.headers()["x-path"], path);
    }
    let resp = send(&mut clone, get(&server.url("/three"))).await.unwrap();
    assert_eq!(resp.status(), http::StatusCode::CREATED);

    assert_eq!(server.connections(), 1);
}

#[tokio::test]
async fn disabled_pool_opens_a_connection_per_request() {
    let server = EchoServer::start(false).await;
    let mut transport = HyperTransport::builder()
        .pool_max_idle_per_host(0)
        .build()
        .unwrap();

    for _ in 0..2 {
        send(&mut transport, get(&server.url("/"))).await.unwrap();
    }

    assert_eq!(server.connections(), 2);
}

#[tokio::test]
async fn http2_only_uses_prior_knowledge_over_plain_http() {
    let server = EchoServer::start(true).await;
    let mut transport = HyperTransport::builder().http2_only(true).build().unwrap();
    let req = http::Request::post(server.url("/h2"))
        .body(Bytes::from_static(b"over h2"))
        .unwrap();

    let resp = send(&mut transport, req).await.unwrap();

    assert_eq!(resp.version(), http::Version::HTTP_2);
    assert_eq!(resp.headers()["x-version"], "HTTP/2.0");
    assert_eq!(resp.headers()["x-method"], "POST");
    assert_eq!(resp.body().as_ref(), b"over h2");

    // HTTP/2 multiplexes, so later requests ride the same connection.
    send(&mut transport, get(&server.url("/again")))
        .await
        .unwrap();
    assert_eq!(server.connections(), 1);
}

#[tokio::test]
async fn connection_refused_is_connect_and_retryable() {
    // Bind then drop to get a loopback port with (almost certainly) no listener.
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let mut transport = HyperTransport::new().unwrap();

    let err = send(&mut transport, get(&format!("http://127.0.0.1:{port}/")))
        .await
        .unwrap_err();

    assert_eq!(err.kind(), TransportErrorKind::Connect, "{err:?}");
    assert!(err.is_retryable());
    let shown = err.to_string();
    assert!(shown.starts_with("connection failed: "), "{shown}");
    assert!(shown.to_lowercase().contains("refused"), "{shown}");
    assert!(std::error::Error::source(&err).is_some());
}

#[tokio::test]
async fn server_closing_without_answering_is_io_and_retryable() {
    let (addr, task) = raw_server(|mut stream| async move {
        read_request_head(&mut stream).await;
        drop(stream);
    })
    .await;
    let mut transport = HyperTransport::new().unwrap();

    let err = send(&mut transport, get(&format!("http://{addr}/")))
        .await
        .unwrap_err();

    assert_eq!(err.kind(), TransportErrorKind::Io, "{err:?}");
    assert!(err.is_retryable());
    task.abort();
}

#[tokio::test]
async fn server_dropping_connection_unread_is_io() {
    // Dropping with the request unread makes the kernel answer with a reset
    // rather than a clean close.
    let (addr, task) = raw_server(|stream| async move {
        drop(stream);
    })
    .await;
    let mut transport = HyperTransport::new().unwrap();
    let req = http::Request::post(format!("http://{addr}/"))
        .body(Bytes::from(vec![b'x'; 64 * 1024]))
        .unwrap();

    let err = send(&mut transport, req).await.unwrap_err();

    assert_eq!(err.kind(), TransportErrorKind::Io, "{err:?}");
    assert!(err.is_retryable());
    task.abort();
}

#[tokio::test]
async fn truncated_response_body_is_io() {
    let (addr, task) = raw_server(|mut stream| async move {
        read_request_head(&mut stream).await;
        let _ = stream
            .write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\nonly ten..")
            .await;
        let _ = stream.shutdown().await;
    })
    .await;
    let mut transport = HyperTransport::new().unwrap();

    let err = send(&mut transport, get(&format!("http://{addr}/")))
        .await
        .unwrap_err();

    assert_eq!(err.kind(), TransportErrorKind::Io, "{err:?}");
    assert!(err.is_retryable());
    task.abort();
}

#[tokio::test]
async fn garbage_response_is_not_retryable() {
    let (addr, task) = raw_server(|mut stream| async move {
        read_request_head(&mut stream).await;
        let _ = stream.write_all(b"SSH-2.0-OpenSSH_9.6\r\n\r\n").await;
        let _ = stream.shutdown().await;
    })
    .await;
    let mut transport = HyperTransport::new().unwrap();

    let err = send(&mut transport, get(&format!("http://{addr}/")))
        .await
        .unwrap_err();

    assert_eq!(err.kind(), TransportErrorKind::Other, "{err:?}");
    assert!(!err.is_retryable());
    task.abort();
}

#[tokio::test]
async fn uri_without_scheme_or_host_is_invalid_request() {
    let mut transport = HyperTransport::new().unwrap();
    for uri in ["/graph", "ftp://127.0.0.1/graph"] {
        let err = send(&mut transport, get(uri)).await.unwrap_err();
        assert_eq!(
            err.kind(),
            TransportErrorKind::InvalidRequest,
            "{uri}: {err:?}"
        );
        assert!(!err.is_retryable());
        assert!(err.to_string().starts_with("invalid request: "), "{err}");
    }
}

#[test]
fn builds_without_a_runtime_and_debug_shows_settings() {
    let transport = HyperTransport::builder()
        .connect_timeout(Duration::from_millis(500))
        .pool_idle_timeout(Duration::from_secs(5))
        .pool_max_idle_per_host(4)
        .http2_only(true)
        .build()
        .unwrap();
    let shown = format!("{transport:?}");
    assert!(shown.contains("connect_timeout: 500ms"), "{shown}");
    assert!(shown.contains("pool_max_idle_per_host: 4"), "{shown}");
    assert!(shown.contains("http2_only: true"), "{shown}");

    let defaults = format!("{:?}", HyperTransport::new().unwrap());
    assert!(defaults.contains("connect_timeout: 3.1s"), "{defaults}");
    assert!(defaults.contains("pool_idle_timeout: 90s"), "{defaults}");
}

#[test]
fn transport_and_future_are_send_sync_static() {
    fn assert_bounds<T: Clone + Send + Sync + 'static>() {}
    fn assert_send<T: Send + 'static>(_: &T) {}
    assert_bounds::<HyperTransport>();
    let mut transport = HyperTransport::new().unwrap();
    // Never polled, so no runtime is needed.
    let fut = transport.call(get("http://127.0.0.1:1/"));
    assert_send(&fut);
}

//! FnTransport: closures as transports.

// Panicking on setup failure is the point of a test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use detective_transport::{FnTransport, TransportError, TransportErrorKind};
use futures_util::future::poll_fn;
use tower_service::Service;

async fn send(
    transport: &mut FnTransport,
    req: http::Request<Bytes>,
) -> Result<http::Response<Bytes>, TransportError> {
    poll_fn(|cx| transport.poll_ready(cx)).await?;
    transport.call(req).await
}

fn post(uri: &str, body: &'static [u8]) -> http::Request<Bytes> {
    http::Request::post(uri)
        .body(Bytes::from_static(body))
        .unwrap()
}

#[tokio::test]
async fn sync_closure_sees_the_request_and_answers() {
    let mut transport = FnTransport::new(|req: http::Request<Bytes>| {
        assert_eq!(req.method(), http::Method::POST);
        assert_eq!(req.uri().path(), "/graphs/list");
        Ok(http::Response::builder()
            .status(http::StatusCode::ACCEPTED)
            .header("x-len", req.body().len())
            .body(req.into_body())
            .unwrap())
    });

    let resp = send(&mut transport, post("http://local/graphs/list", b"{}"))
        .await
        .unwrap();

    assert_eq!(resp.status(), http::StatusCode::ACCEPTED);
    assert_eq!(resp.headers()["x-len"], "2");
    assert_eq!(resp.body().as_ref(), b"{}");
}

#[tokio::test]
async fn async_closure_can_await_before_answering() {
    let mut transport = FnTransport::from_async(|req: http::Request<Bytes>| async move {
        tokio::time::sleep(Duration::from_millis(1)).await;
        Ok(http::Response::new(Bytes::from(format!(
            "{} bytes",
            req.body().len()
        ))))
    });

    let resp = tokio::time::timeout(
        Duration::from_secs(5),
        send(&mut transport, post("http://local/", b"abc")),
    )
    .await
    .unwrap()
    .unwrap();

    assert_eq!(resp.body().as_ref(), b"3 bytes");
}

#[tokio::test]
async fn errors_pass_through_unchanged() {
    let mut transport = FnTransport::new(|_req| {
        Err(TransportError::new(
            TransportErrorKind::Io,
            std::io::Error::from(std::io::ErrorKind::ConnectionReset),
        ))
    });

    let err = send(&mut transport, post("http://local/", b""))
        .await
        .unwrap_err();

    assert_eq!(err.kind(), TransportErrorKind::Io);
    assert!(err.is_retryable());
}

#[tokio::test]
async fn clones_share_the_closure_and_its_state() {
    let calls = Arc::new(AtomicUsize::new(0));
    let counter = calls.clone();
    let mut transport = FnTransport::new(move |_req| {
        counter.fetch_add(1, Ordering::SeqCst);
        Ok(http::Response::new(Bytes::new()))
    });
    let mut clone = transport.clone();

    send(&mut transport, post("http://local/", b""))
        .await
        .unwrap();
    send(&mut clone, post("http://local/", b"")).await.unwrap();

    assert_eq!(calls.load(Ordering::SeqCst), 2);
}

#[test]
fn debug_does_not_need_the_closure() {
    let transport = FnTransport::new(|_req| Ok(http::Response::new(Bytes::new())));
    assert_eq!(format!("{transport:?}"), "FnTransport { .. }");
}

#[test]
fn transport_is_clone_send_sync_static() {
    fn assert_bounds<T: Clone + Send + Sync + std::fmt::Debug + 'static>() {}
    assert_bounds::<FnTransport>();
}

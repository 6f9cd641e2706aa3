//! The fixed-response loopback server: every Detective path answered at once with a canned body.
//!
//! It measures the clients, not a server: answers are prepared once, each
//! request's body is read (so the connection stays usable) and thrown away,
//! and nothing is verified. It runs on one thread in its own process, so
//! its CPU time never shows in a client's getrusage figures.

use crate::fixtures::Fixtures;
use bytes::Bytes;
use detective_client::ops::OperationId;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use std::convert::Infallible;
use std::io::Read;
use std::sync::Arc;
use tokio::net::TcpListener;

/// The request id every answer carries (the clients read it).
const REQUEST_ID: &str = "6c1d4a8e-0f3b-4c2d-9e5a-7b8c9d0e1f2a";

struct Answers {
    get_members: Bytes,
    list_members: Bytes,
    list_graphs: Bytes,
    create_graph: Bytes,
    empty: Bytes,
}

fn answer(answers: &Answers, request: &http::request::Parts) -> http::Response<Full<Bytes>> {
    let (status, body) = match OperationId::route(&request.method, request.uri.path()) {
        Some(OperationId::GetMembers) => (200, answers.get_members.clone()),
        Some(OperationId::ListMembers) => (200, answers.list_members.clone()),
        Some(OperationId::ListGraphs) => (200, answers.list_graphs.clone()),
        Some(OperationId::CreateGraph) => (200, answers.create_graph.clone()),
        // Every other output has only optional members: `{}` is a valid answer.
        Some(_) => (200, answers.empty.clone()),
        None => (
            404,
            Bytes::from_static(b"{\"message\":\"no such operation\"}"),
        ),
    };
    let mut response = http::Response::new(Full::new(body));
    *response.status_mut() = http::StatusCode::from_u16(status).unwrap_or_default();
    let headers = response.headers_mut();
    headers.insert(
        http::header::CONTENT_TYPE,
        http::HeaderValue::from_static("application/json"),
    );
    headers.insert(
        "x-amzn-requestid",
        http::HeaderValue::from_static(REQUEST_ID),
    );
    if status == 404 {
        headers.insert(
            "x-amzn-errortype",
            http::HeaderValue::from_static("UnknownOperationException"),
        );
    }
    response
}

/// Serves until standard input closes (so it never outlives the process that started it).
pub fn serve(fixtures: &Fixtures) -> Result<(), String> {
    let answers = Arc::new(Answers {
        get_members: Bytes::from(fixtures.get_members_body.clone()),
        list_members: Bytes::from(fixtures.list_members_body.clone()),
        list_graphs: Bytes::from(fixtures.list_graphs_body.clone()),
        create_graph: Bytes::from(fixtures.create_graph_body.clone()),
        empty: Bytes::from_static(b"{}"),
    });
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("server runtime: {e}"))?;
    runtime.block_on(async move {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .map_err(|e| format!("bind: {e}"))?;
        let address = listener
            .local_addr()
            .map_err(|e| format!("local address: {e}"))?;
        println!("listening on http://{address}");
        // Stop when the parent closes our stdin (or dies).
        let (stop_tx, mut stop_rx) = tokio::sync::oneshot::channel::<()>();
        std::thread::spawn(move || {
            let mut sink = [0u8; 64];
            while matches!(std::io::stdin().read(&mut sink), Ok(n) if n > 0) {}
            let _ = stop_tx.send(());
        });
        loop {
            let accepted = tokio::select! {
                accepted = listener.accept() => accepted,
                _ = &mut stop_rx => return Ok(()),
            };
            let Ok((stream, _)) = accepted else { continue };
            let _ = stream.set_nodelay(true);
            let answers = Arc::clone(&answers);
            tokio::spawn(async move {
                let service = service_fn(move |request: http::Request<Incoming>| {
                    let answers = Arc::clone(&answers);
                    async move {
                        let (parts, body) = request.into_parts();
                        // Read the whole body so the connection can carry the next request.
                        let _ = body.collect().await;
                        Ok::<_, Infallible>(answer(&answers, &parts))
                    }
                });
                let _ = http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), service)
                    .await;
            });
        }
    })
}

//! Helpers shared by the wire-form tests: a client aimed at a wiremock server
//! with retries off, and the single request that server received.

use detective_client::Client;
use std::time::Duration;
use wiremock::{MockServer, Request};

/// A client for `server` in eu-west-2 with fixed keys and retries off.
pub fn client_for(server: &MockServer) -> Client {
    Client::builder()
        .region("eu-west-2")
        .static_credentials("AKID", "SECRETKEY")
        .endpoint_url(server.uri())
        .max_attempts(1)
        .attempt_timeout(Duration::from_secs(10))
        .operation_timeout(Duration::from_secs(20))
        .build()
        .expect("client builds")
}

/// The one request the server received.
pub async fn the_request(server: &MockServer) -> Request {
    let mut requests = server
        .received_requests()
        .await
        .expect("request recording is on");
    assert_eq!(requests.len(), 1, "exactly one request expected");
    requests.remove(0)
}

//! Shared test helpers: a SigV4 signer (aws-sigv4, as a client signs), emulator harnesses, targets.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use aws_credential_types::Credentials;
use aws_sigv4::http_request::{sign, SignableBody, SignableRequest, SigningSettings};
use aws_sigv4::sign::v4;
use aws_smithy_runtime_api::client::identity::Identity;
use bytes::Bytes;
use detective_local::server::{Server, ServerHandle};
use detective_local::state::{ManualClock, SequentialIds};
use detective_local::{Emulator, EmulatorConfig, InProcessTransport};
use detective_transport::HyperTransport;
use serde_json::Value;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, SystemTime};
use tower_service::Service;

pub const REGION: &str = "us-east-1";
pub const ADMIN: &str = "111111111111";
pub const MEMBER: &str = "222222222222";

/// Who signs, and how: a client's credentials plus the knobs tests turn to break signatures.
#[derive(Clone, Debug)]
pub struct Signer {
    pub access_key_id: String,
    pub secret: String,
    pub session_token: Option<String>,
    pub region: String,
    pub service: String,
    /// Added to the emulator's clock to get the signing time.
    pub skew: i64,
}

impl Signer {
    /// The 12-digit convention: the account is the key, the secret is `test`.
    pub fn account(account: &str) -> Self {
        Signer::key(account, "test")
    }

    pub fn key(access_key_id: &str, secret: &str) -> Self {
        Signer {
            access_key_id: access_key_id.to_owned(),
            secret: secret.to_owned(),
            session_token: None,
            region: REGION.to_owned(),
            service: "detective".to_owned(),
            skew: 0,
        }
    }

    pub fn region(mut self, region: &str) -> Self {
        self.region = region.to_owned();
        self
    }

    pub fn service(mut self, service: &str) -> Self {
        self.service = service.to_owned();
        self
    }

    pub fn skew_seconds(mut self, seconds: i64) -> Self {
        self.skew = seconds;
        self
    }

    pub fn session_token(mut self, token: &str) -> Self {
        self.session_token = Some(token.to_owned());
        self
    }

    /// Signs `request` (absolute URI) at `now + skew` the way the AWS SDK for Rust does.
    pub fn sign(&self, request: &mut http::Request<Bytes>, now: SystemTime) {
        let time = if self.skew >= 0 {
            now + Duration::from_secs(self.skew.unsigned_abs())
        } else {
            now - Duration::from_secs(self.skew.unsigned_abs())
        };
        let identity: Identity = Credentials::new(
            &self.access_key_id,
            &self.secret,
            self.session_token.clone(),
            None,
            "test",
        )
        .into();
        let params = v4::SigningParams::builder()
            .identity(&identity)
            .region(&self.region)
            .name(&self.service)
            .time(time)
            .settings(SigningSettings::default())
            .build()
            .unwrap()
            .into();
        let uri = request.uri().to_string();
        let signable = SignableRequest::new(
            request.method().as_str(),
            uri,
            request
                .headers()
                .iter()
                .map(|(k, v)| (k.as_str(), v.to_str().unwrap())),
            SignableBody::Bytes(request.body()),
        )
        .unwrap();
        let (instructions, _signature) = sign(signable, &params).unwrap().into_parts();
        instructions.apply_to_request_http1x(request);
    }
}

/// An emulator on a manual clock with sequential ids, so that answers are reproducible.
pub struct Harness {
    pub clock: Arc<ManualClock>,
    pub emulator: Emulator,
}

impl Harness {
    pub fn new(config: EmulatorConfig) -> Self {
        let clock = Arc::new(ManualClock::default());
        let emulator =
            Emulator::with_clock_and_ids(config, clock.clone(), Arc::new(SequentialIds::new()));
        Harness { clock, emulator }
    }

    pub fn default_config() -> Self {
        Harness::new(EmulatorConfig::default())
    }

    pub fn now(&self) -> SystemTime {
        use detective_local::state::Clock;
        SystemTime::from(self.clock.now().as_offset_date_time())
    }
}

/// Where requests go: in process, or over a socket with HTTP/1.1 or HTTP/2.
#[derive(Clone)]
#[allow(clippy::large_enum_variant)]
pub enum Target {
    InProcess(InProcessTransport),
    Http {
        transport: HyperTransport,
        addr: SocketAddr,
        label: &'static str,
    },
}

impl Target {
    pub fn label(&self) -> &'static str {
        match self {
            Target::InProcess(_) => "in-process",
            Target::Http { label, .. } => label,
        }
    }

    pub fn base(&self) -> String {
        match self {
            Target::InProcess(_) => "http://localhost".to_owned(),
            Target::Http { addr, .. } => format!("http://{addr}"),
        }
    }

    pub async fn send(&self, request: http::Request<Bytes>) -> http::Response<Bytes> {
        let future = match self {
            Target::InProcess(t) => {
                let mut t = t.clone();
                std::future::poll_fn(|cx| t.poll_ready(cx)).await.unwrap();
                return t.call(request).await.unwrap();
            }
            Target::Http { transport, .. } => {
                let mut t = transport.clone();
                std::future::poll_fn(|cx| t.poll_ready(cx)).await.unwrap();
                t.call(request)
            }
        };
        tokio::time::timeout(Duration::from_secs(20), future)
            .await
            .expect("the server answers within 20 s")
            .unwrap()
    }
}

/// The in-process target plus HTTP/1.1 and HTTP/2 targets served by one spawned server.
pub fn all_targets(emulator: &Emulator) -> (Vec<Target>, ServerHandle) {
    let (addr, handle) = Server::spawn(emulator.clone(), "127.0.0.1:0".parse().unwrap()).unwrap();
    let targets = vec![
        Target::InProcess(emulator.transport()),
        Target::Http {
            transport: HyperTransport::new().unwrap(),
            addr,
            label: "http/1.1",
        },
        Target::Http {
            transport: HyperTransport::builder().http2_only(true).build().unwrap(),
            addr,
            label: "http/2",
        },
    ];
    (targets, handle)
}

/// A response reduced to what the service decides (no request id).
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    pub status: u16,
    pub error_type: Option<String>,
    pub body: Value,
}

impl Answer {
    pub fn from_response(response: &http::Response<Bytes>) -> Self {
        let request_id = response
            .headers()
            .get("x-amzn-requestid")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        assert!(is_uuid(request_id), "request id {request_id:?}");
        let body = if response.body().is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(response.body()).unwrap_or_else(|e| {
                panic!(
                    "response body is not JSON ({e}): {:?}",
                    String::from_utf8_lossy(response.body())
                )
            })
        };
        Answer {
            status: response.status().as_u16(),
            error_type: response
                .headers()
                .get("x-amzn-errortype")
                .map(|v| v.to_str().unwrap().to_owned()),
            body,
        }
    }

    pub fn error_code(&self) -> Option<&str> {
        self.body.get("ErrorCode").and_then(Value::as_str)
    }

    pub fn message(&self) -> &str {
        self.body
            .get("Message")
            .and_then(Value::as_str)
            .unwrap_or_default()
    }

    pub fn ok(self) -> Value {
        assert_eq!(self.status, 200, "{self:?}");
        self.body
    }
}

pub fn is_uuid(id: &str) -> bool {
    let lens: Vec<usize> = id.split('-').map(str::len).collect();
    lens == [8, 4, 4, 4, 12] && id.bytes().all(|b| b == b'-' || b.is_ascii_hexdigit())
}

/// Builds an unsigned JSON request for `target`.
pub fn request(
    target: &Target,
    method: &str,
    path: &str,
    body: impl Into<Bytes>,
) -> http::Request<Bytes> {
    http::Request::builder()
        .method(method)
        .uri(format!("{}{path}", target.base()))
        .header("content-type", "application/json")
        .body(body.into())
        .unwrap()
}

/// Sends a request signed by `signer` at the harness clock's time.
pub async fn call(
    harness: &Harness,
    target: &Target,
    signer: &Signer,
    method: &str,
    path: &str,
    body: impl Into<Bytes>,
) -> Answer {
    let mut req = request(target, method, path, body);
    signer.sign(&mut req, harness.now());
    Answer::from_response(&target.send(req).await)
}

pub fn graph_arn(account: &str, n: u32) -> String {
    format!("arn:aws:detective:{REGION}:{account}:graph:{n:032x}")
}

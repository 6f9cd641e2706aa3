//! The three clients under comparison, each making the same call with the same bytes.
//!
//! - (A) `ours`: detective-client with its default stack (tracing, operation
//!   and attempt deadlines, standard retries, SigV4, hyper + rustls transport);
//! - (B) `sdk`: the official aws-sdk-detective, default features, static
//!   credentials, the same region and endpoint, behavior version latest;
//! - (C) `floor`: what any correct client must at least do per call: serialize
//!   the input, SigV4-sign with aws-sigv4, send on a pooled hyper-util client,
//!   read the body and parse it with serde into the typed output.

use crate::fixtures::Fixtures;
use aws_credential_types::Credentials;
use aws_sigv4::http_request::{sign, SignableBody, SignableRequest, SigningSettings};
use aws_sigv4::sign::v4;
use aws_smithy_runtime_api::client::identity::Identity;
use bytes::Bytes;
use detective_benches::GRAPH_ARN;
use detective_types::{GetMembersOutput, ListMembersOutput};
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::sync::Arc;
use std::time::SystemTime;

/// The access key every variant signs with.
const ACCESS_KEY: &str = "111111111111";
/// Its secret.
const SECRET_KEY: &str = "test";
/// The region every variant signs for.
const REGION: &str = "us-east-1";

/// Which client.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// (A) detective-client.
    Ours,
    /// (B) aws-sdk-detective.
    Sdk,
    /// (C) hyper-util + aws-sigv4 + serde.
    Floor,
}

impl Kind {
    /// All three, in the order they alternate.
    pub const ALL: [Kind; 3] = [Kind::Ours, Kind::Sdk, Kind::Floor];

    /// The name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Ours => "ours",
            Kind::Sdk => "sdk",
            Kind::Floor => "floor",
        }
    }

    /// The name in the report.
    pub fn label(self) -> &'static str {
        match self {
            Kind::Ours => "A: detective-client",
            Kind::Sdk => "B: aws-sdk-detective",
            Kind::Floor => "C: floor (hyper-util + aws-sigv4 + serde)",
        }
    }

    /// Parses [`Kind::name`].
    pub fn parse(text: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.name() == text)
    }
}

/// Which call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// `GetMembers` of [`crate::fixtures::GET_MEMBERS`] accounts.
    GetMembers,
    /// `ListMembers`, a page of [`crate::fixtures::LIST_PAGE`].
    ListMembers,
}

impl Op {
    /// Both.
    pub const ALL: [Op; 2] = [Op::GetMembers, Op::ListMembers];

    /// The name on the command line and in the report.
    pub fn name(self) -> &'static str {
        match self {
            Op::GetMembers => "GetMembers",
            Op::ListMembers => "ListMembers",
        }
    }

    /// Parses [`Op::name`].
    pub fn parse(text: &str) -> Option<Op> {
        Op::ALL.into_iter().find(|o| o.name() == text)
    }
}

/// A ready client of one [`Kind`]; clones share connections.
#[derive(Clone)]
pub enum Client {
    /// (A)
    Ours(detective_client::Client),
    /// (B)
    Sdk(aws_sdk_detective::Client),
    /// (C)
    Floor(Arc<Floor>),
}

impl Client {
    /// A client of `kind` for `endpoint`.
    pub fn new(kind: Kind, endpoint: &str) -> Result<Client, String> {
        Ok(match kind {
            Kind::Ours => Client::Ours(
                detective_client::Client::builder()
                    .region(REGION)
                    .static_credentials(ACCESS_KEY, SECRET_KEY)
                    .endpoint_url(endpoint)
                    .build()
                    .map_err(|e| format!("detective-client: {e}"))?,
            ),
            Kind::Sdk => {
                use aws_sdk_detective::config::{BehaviorVersion, Region};
                let config = aws_sdk_detective::Config::builder()
                    .behavior_version(BehaviorVersion::latest())
                    .region(Region::new(REGION))
                    .credentials_provider(aws_sdk_detective::config::Credentials::new(
                        ACCESS_KEY, SECRET_KEY, None, None, "static",
                    ))
                    .endpoint_url(endpoint)
                    .build();
                Client::Sdk(aws_sdk_detective::Client::from_conf(config))
            }
            Kind::Floor => Client::Floor(Arc::new(Floor::new(endpoint))),
        })
    }

    /// Makes one call; the number of members in the answer, or why it failed.
    pub async fn call(&self, op: Op, fixtures: &Fixtures) -> Result<usize, String> {
        match (self, op) {
            (Client::Ours(client), Op::GetMembers) => client
                .get_members()
                .input(fixtures.get_members.clone())
                .send()
                .await
                .map(|out| out.member_details.map_or(0, |m| m.len()))
                .map_err(|e| e.to_string()),
            (Client::Ours(client), Op::ListMembers) => client
                .list_members()
                .input(fixtures.list_members.clone())
                .send()
                .await
                .map(|out| out.member_details.map_or(0, |m| m.len()))
                .map_err(|e| e.to_string()),
            (Client::Sdk(client), Op::GetMembers) => client
                .get_members()
                .graph_arn(GRAPH_ARN)
                .set_account_ids(fixtures.get_members.account_ids.clone())
                .send()
                .await
                .map(|out| out.member_details().len())
                .map_err(|e| aws_sdk_detective::error::DisplayErrorContext(e).to_string()),
            (Client::Sdk(client), Op::ListMembers) => client
                .list_members()
                .graph_arn(GRAPH_ARN)
                .set_max_results(fixtures.list_members.max_results)
                .send()
                .await
                .map(|out| out.member_details().len())
                .map_err(|e| aws_sdk_detective::error::DisplayErrorContext(e).to_string()),
            // Each variant is handed a fresh copy of the input, as a caller that builds one per call.
            (Client::Floor(floor), Op::GetMembers) => floor
                .call::<_, GetMembersOutput>("/graph/members/get", &fixtures.get_members.clone())
                .await
                .map(|out| out.member_details.map_or(0, |m| m.len())),
            (Client::Floor(floor), Op::ListMembers) => floor
                .call::<_, ListMembersOutput>("/graph/members/list", &fixtures.list_members.clone())
                .await
                .map(|out| out.member_details.map_or(0, |m| m.len())),
        }
    }
}

/// (C): the least a correct SigV4 JSON client does per call.
pub struct Floor {
    http: hyper_util::client::legacy::Client<HttpConnector, Full<Bytes>>,
    base: String,
    identity: Identity,
}

impl Floor {
    fn new(endpoint: &str) -> Floor {
        let mut connector = HttpConnector::new();
        connector.set_nodelay(true);
        Floor {
            http: hyper_util::client::legacy::Client::builder(TokioExecutor::new())
                .build(connector),
            base: endpoint.trim_end_matches('/').to_owned(),
            identity: Identity::from(Credentials::new(
                ACCESS_KEY, SECRET_KEY, None, None, "static",
            )),
        }
    }

    async fn call<I: Serialize, O: DeserializeOwned>(
        &self,
        path: &str,
        input: &I,
    ) -> Result<O, String> {
        let body = serde_json::to_vec(input).map_err(|e| e.to_string())?;
        let mut request = http::Request::post(format!("{}{path}", self.base))
            .header(http::header::CONTENT_TYPE, "application/json")
            .body(Bytes::from(body))
            .map_err(|e| e.to_string())?;
        let params = v4::SigningParams::builder()
            .identity(&self.identity)
            .region(REGION)
            .name("detective")
            .time(SystemTime::now())
            .settings(SigningSettings::default())
            .build()
            .map_err(|e| e.to_string())?
            .into();
        let instructions = {
            let headers = request
                .headers()
                .iter()
                .filter_map(|(n, v)| Some((n.as_str(), v.to_str().ok()?)));
            let signable = SignableRequest::new(
                request.method().as_str(),
                request.uri().to_string(),
                headers,
                SignableBody::Bytes(request.body()),
            )
            .map_err(|e| e.to_string())?;
            sign(signable, &params)
                .map_err(|e| e.to_string())?
                .into_parts()
                .0
        };
        instructions.apply_to_request_http1x(&mut request);
        let response = self
            .http
            .request(request.map(Full::new))
            .await
            .map_err(|e| e.to_string())?;
        let status = response.status();
        let body = response
            .into_body()
            .collect()
            .await
            .map_err(|e| e.to_string())?
            .to_bytes();
        if !status.is_success() {
            return Err(format!("HTTP {status}"));
        }
        serde_json::from_slice(&body).map_err(|e| e.to_string())
    }
}

//! Criterion: SigV4 signing of a typical request (`GetMembers` of 10 accounts).
//!
//! - `signing/SigningLayer`: the client's own layer (credentials fetched from
//!   a static provider, stale headers removed, headers signed and added) over
//!   a service that answers at once; a plain request like this one takes
//!   `detective_ops::signing` (signing key cached, canonical request in one
//!   buffer, aws-sigv4's HMACs);
//! - `signing/aws-sigv4`: `aws_sigv4::http_request::sign` called directly
//!   with the same settings, what a client pays that calls it per request
//!   (the official SDK does, and so does the load benchmark's floor).
//!
//! Run: `cargo bench -p detective-benches --bench signing`.

use aws_credential_types::provider::SharedCredentialsProvider;
use aws_credential_types::Credentials;
use aws_sigv4::http_request::{sign, SignableBody, SignableRequest, SigningSettings};
use aws_sigv4::sign::v4;
use aws_smithy_runtime_api::client::identity::Identity;
use bytes::Bytes;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use detective_benches::{get_members_input, ADMIN_ACCOUNT};
use detective_client::layer::signing::SigningLayer;
use detective_client::Error;
use detective_ops::codec::client::build_request;
use detective_ops::operations::GetMembers;
use detective_ops::Endpoint;
use futures_util::FutureExt;
use std::hint::black_box;
use std::time::SystemTime;
use tower::{Layer, Service};

fn request() -> http::Request<Bytes> {
    let endpoint: Endpoint = match "https://api.detective.us-east-1.amazonaws.com".parse() {
        Ok(e) => e,
        Err(e) => panic!("endpoint: {e}"),
    };
    match build_request::<GetMembers>(&get_members_input(10), &endpoint) {
        Ok(r) => r,
        Err(e) => panic!("request: {e}"),
    }
}

fn signing(c: &mut Criterion) {
    let credentials = Credentials::new(ADMIN_ACCOUNT, "test", None, None, "bench");
    let request = request();
    let mut group = c.benchmark_group("signing");
    group.throughput(Throughput::Elements(1));

    let inner = tower::service_fn(|_request: http::Request<Bytes>| async {
        Ok::<_, Error>(http::Response::new(Bytes::new()))
    });
    let mut service = SigningLayer::new(
        SharedCredentialsProvider::new(credentials.clone()),
        "us-east-1",
    )
    .layer(inner);
    group.bench_function("SigningLayer", |b| {
        b.iter(|| {
            // A static provider and an inner service that answers at once: the future is ready.
            service
                .call(black_box(request.clone()))
                .now_or_never()
                .map(|r| r.is_ok())
        })
    });

    group.bench_function("aws-sigv4", |b| {
        b.iter(|| {
            let mut request = black_box(request.clone());
            let identity = Identity::from(credentials.clone());
            let Ok(params) = v4::SigningParams::builder()
                .identity(&identity)
                .region("us-east-1")
                .name("detective")
                .time(SystemTime::now())
                .settings(SigningSettings::default())
                .build()
            else {
                return false;
            };
            let headers = request
                .headers()
                .iter()
                .filter_map(|(n, v)| Some((n.as_str(), v.to_str().ok()?)));
            let uri = request.uri().to_string();
            let Ok(signable) = SignableRequest::new(
                request.method().as_str(),
                uri,
                headers,
                SignableBody::Bytes(request.body()),
            ) else {
                return false;
            };
            let Ok(output) = sign(signable, &params.into()) else {
                return false;
            };
            output.into_parts().0.apply_to_request_http1x(&mut request);
            true
        })
    });
    group.finish();
}

criterion_group!(benches, signing);
criterion_main!(benches);

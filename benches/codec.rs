//! Criterion: the codec's per-call work, with no I/O.
//!
//! - `build_request/<Operation>`: validate + serialize each of the 11 original
//!   operations' typical inputs into an `http::Request` (what the client does
//!   before the stack sees a call);
//! - `parse_response/...`: read a `ListMembers` page of 200 members and a
//!   `GetMembers` answer of 50 into typed outputs.
//!
//! Run: `cargo bench -p detective-benches --bench codec`.

use bytes::Bytes;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use detective_benches::{get_members_output, list_members_output, original_inputs, to_json};
use detective_ops::codec::client::{build_request, parse_response};
use detective_ops::operations::*;
use detective_ops::{Endpoint, Operation};
use std::hint::black_box;

fn build<O: Operation>(c: &mut Criterion, endpoint: &Endpoint, input: &O::Input) {
    // A fixture that does not build would measure the error path: refuse to run instead.
    if let Err(e) = build_request::<O>(input, endpoint) {
        panic!("{} fixture does not build: {e}", O::NAME);
    }
    let mut group = c.benchmark_group("build_request");
    group.throughput(Throughput::Elements(1));
    group.bench_function(O::NAME, |b| {
        b.iter(|| build_request::<O>(black_box(input), black_box(endpoint)))
    });
    group.finish();
}

fn build_requests(c: &mut Criterion) {
    let endpoint: Endpoint = match "https://api.detective.us-east-1.amazonaws.com".parse() {
        Ok(e) => e,
        Err(e) => panic!("endpoint: {e}"),
    };
    let i = original_inputs();
    build::<AcceptInvitation>(c, &endpoint, &i.accept_invitation);
    build::<CreateGraph>(c, &endpoint, &i.create_graph);
    build::<CreateMembers>(c, &endpoint, &i.create_members);
    build::<DeleteGraph>(c, &endpoint, &i.delete_graph);
    build::<DeleteMembers>(c, &endpoint, &i.delete_members);
    build::<DisassociateMembership>(c, &endpoint, &i.disassociate_membership);
    build::<GetMembers>(c, &endpoint, &i.get_members);
    build::<ListGraphs>(c, &endpoint, &i.list_graphs);
    build::<ListInvitations>(c, &endpoint, &i.list_invitations);
    build::<ListMembers>(c, &endpoint, &i.list_members);
    build::<RejectInvitation>(c, &endpoint, &i.reject_invitation);
}

fn response(body: Vec<u8>) -> http::Response<Bytes> {
    let mut response = http::Response::new(Bytes::from(body));
    response.headers_mut().insert(
        "x-amzn-requestid",
        http::HeaderValue::from_static("6c1d4a8e-0f3b-4c2d-9e5a-7b8c9d0e1f2a"),
    );
    response.headers_mut().insert(
        http::header::CONTENT_TYPE,
        http::HeaderValue::from_static("application/json"),
    );
    response
}

fn parse<O: Operation>(c: &mut Criterion, name: &str, body: Vec<u8>) {
    let response = response(body);
    if let Err(e) = parse_response::<O>(response.clone()) {
        panic!("{name} fixture does not parse: {e}");
    }
    let mut group = c.benchmark_group("parse_response");
    group.throughput(Throughput::Bytes(response.body().len() as u64));
    group.bench_function(name, |b| {
        // Cloning a response is a refcount on the body and a copy of two headers.
        b.iter(|| parse_response::<O>(black_box(response.clone())))
    });
    group.finish();
}

fn parse_responses(c: &mut Criterion) {
    parse::<ListMembers>(
        c,
        "ListMembers (200 members)",
        to_json(&list_members_output(200)),
    );
    parse::<GetMembers>(
        c,
        "GetMembers (50 members)",
        to_json(&get_members_output(50)),
    );
}

criterion_group!(benches, build_requests, parse_responses);
criterion_main!(benches);

//! What each fuzz target checks, as plain functions.
//!
//! The targets under `fuzz_targets/` call these, and so does the regression
//! test in `tests/fuzz_regressions.rs`, which replays every input saved under
//! `fuzz/regressions/<target>/`: a crash found once stays fixed.

use bytes::Bytes;
use detective_ops::codec::client::parse_response;
use detective_ops::operations::*;
use detective_ops::OperationId;

/// Splits fuzz input into pieces at `0xFF` bytes (never valid UTF-8, so a natural separator).
fn pieces(data: &[u8]) -> Vec<&[u8]> {
    data.split(|b| *b == 0xFF).collect()
}

/// Every operation's response parser, on an arbitrary status, headers and body: no panic.
pub fn check_parse_response(data: &[u8]) {
    let parts = pieces(data);
    let status = parts
        .first()
        .and_then(|p| p.first().copied())
        .map_or(200, |b| 100 + u16::from(b) * 2);
    let mut builder = http::Response::builder().status(status);
    for header in parts.iter().skip(1).take(parts.len().saturating_sub(2)) {
        if let Some(colon) = header.iter().position(|b| *b == b':') {
            let (name, value) = header.split_at(colon);
            if let (Ok(name), Ok(value)) = (
                http::HeaderName::from_bytes(name),
                http::HeaderValue::from_bytes(&value[1..]),
            ) {
                builder = builder.header(name, value);
            }
        }
    }
    let body = Bytes::copy_from_slice(parts.last().copied().unwrap_or_default());
    let Ok(response) = builder.body(body) else {
        return;
    };
    for id in OperationId::ALL {
        let response = clone_response(&response);
        // The result does not matter; reaching here without a panic does.
        let _ = match id {
            OperationId::AcceptInvitation => parse_response::<AcceptInvitation>(response).map(drop),
            OperationId::CreateGraph => parse_response::<CreateGraph>(response).map(drop),
            OperationId::CreateMembers => parse_response::<CreateMembers>(response).map(drop),
            OperationId::DeleteGraph => parse_response::<DeleteGraph>(response).map(drop),
            OperationId::DeleteMembers => parse_response::<DeleteMembers>(response).map(drop),
            OperationId::DisassociateMembership => {
                parse_response::<DisassociateMembership>(response).map(drop)
            }
            OperationId::GetMembers => parse_response::<GetMembers>(response).map(drop),
            OperationId::ListGraphs => parse_response::<ListGraphs>(response).map(drop),
            OperationId::ListInvitations => parse_response::<ListInvitations>(response).map(drop),
            OperationId::ListMembers => parse_response::<ListMembers>(response).map(drop),
            OperationId::RejectInvitation => parse_response::<RejectInvitation>(response).map(drop),
            OperationId::BatchGetGraphMemberDatasources => {
                parse_response::<BatchGetGraphMemberDatasources>(response).map(drop)
            }
            OperationId::BatchGetMembershipDatasources => {
                parse_response::<BatchGetMembershipDatasources>(response).map(drop)
            }
            OperationId::DescribeOrganizationConfiguration => {
                parse_response::<DescribeOrganizationConfiguration>(response).map(drop)
            }
            OperationId::DisableOrganizationAdminAccount => {
                parse_response::<DisableOrganizationAdminAccount>(response).map(drop)
            }
            OperationId::EnableOrganizationAdminAccount => {
                parse_response::<EnableOrganizationAdminAccount>(response).map(drop)
            }
            OperationId::GetInvestigation => parse_response::<GetInvestigation>(response).map(drop),
            OperationId::ListDatasourcePackages => {
                parse_response::<ListDatasourcePackages>(response).map(drop)
            }
            OperationId::ListIndicators => parse_response::<ListIndicators>(response).map(drop),
            OperationId::ListInvestigations => {
                parse_response::<ListInvestigations>(response).map(drop)
            }
            OperationId::ListOrganizationAdminAccounts => {
                parse_response::<ListOrganizationAdminAccounts>(response).map(drop)
            }
            OperationId::ListTagsForResource => {
                parse_response::<ListTagsForResource>(response).map(drop)
            }
            OperationId::StartInvestigation => {
                parse_response::<StartInvestigation>(response).map(drop)
            }
            OperationId::StartMonitoringMember => {
                parse_response::<StartMonitoringMember>(response).map(drop)
            }
            OperationId::TagResource => parse_response::<TagResource>(response).map(drop),
            OperationId::UntagResource => parse_response::<UntagResource>(response).map(drop),
            OperationId::UpdateDatasourcePackages => {
                parse_response::<UpdateDatasourcePackages>(response).map(drop)
            }
            OperationId::UpdateInvestigationState => {
                parse_response::<UpdateInvestigationState>(response).map(drop)
            }
            OperationId::UpdateOrganizationConfiguration => {
                parse_response::<UpdateOrganizationConfiguration>(response).map(drop)
            }
        };
    }
}

fn clone_response(response: &http::Response<Bytes>) -> http::Response<Bytes> {
    let mut copy = http::Response::new(response.body().clone());
    *copy.status_mut() = response.status();
    *copy.headers_mut() = response.headers().clone();
    copy
}

/// The emulator's HTTP front on an arbitrary method, path, headers and body:
/// it always answers with a well-formed response carrying a request id.
pub fn check_emulator_front(emulator: &detective_local::Emulator, data: &[u8]) {
    let parts = pieces(data);
    let method = parts
        .first()
        .and_then(|m| http::Method::from_bytes(m).ok())
        .unwrap_or(http::Method::POST);
    let path = parts
        .get(1)
        .map(|p| String::from_utf8_lossy(p).into_owned())
        .unwrap_or_default();
    let mut builder = http::Request::builder().method(method);
    builder = builder.uri(if path.starts_with('/') {
        path
    } else {
        format!("/{path}")
    });
    for header in parts.iter().skip(2).take(parts.len().saturating_sub(3)) {
        if let Some(colon) = header.iter().position(|b| *b == b':') {
            let (name, value) = header.split_at(colon);
            if let (Ok(name), Ok(value)) = (
                http::HeaderName::from_bytes(name),
                http::HeaderValue::from_bytes(&value[1..]),
            ) {
                builder = builder.header(name, value);
            }
        }
    }
    let body = Bytes::copy_from_slice(parts.last().copied().unwrap_or_default());
    let Ok(request) = builder.body(body) else {
        return;
    };
    let response = emulator.handle_sync(request);
    assert!(
        response.status().as_u16() >= 200 && response.status().as_u16() < 600,
        "status {}",
        response.status()
    );
    assert!(
        response.headers().contains_key("x-amzn-requestid"),
        "every response carries x-amzn-RequestId"
    );
    if !response.status().is_success() {
        assert!(
            response.headers().contains_key("x-amzn-errortype"),
            "every error names its code"
        );
    }
}

/// The cassette reader on arbitrary bytes: it never panics, and whatever it
/// reads writes back and reads again as the same interactions, and writing
/// that again gives the same text (the writer's output is a fixed point).
pub fn check_cassette_reader(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let Ok(cassette) = detective_testing::Cassette::from_jsonl(&text) else {
        return;
    };
    let written = cassette.to_jsonl();
    let reread = match detective_testing::Cassette::from_jsonl(&written) {
        Ok(reread) => reread,
        Err(e) => panic!("a written cassette does not read back: {e}\n{written}"),
    };
    assert_eq!(
        reread.interactions(),
        cassette.interactions(),
        "a cassette changed on its way through the writer\n{written}"
    );
    assert_eq!(
        reread.to_jsonl(),
        written,
        "writing a cassette twice gives different text"
    );
    // Every interaction can be answered from: its response rebuilds or fails cleanly.
    for interaction in reread.interactions() {
        let _ = interaction.response.to_http();
        let _ = interaction.request.body_bytes();
    }
}

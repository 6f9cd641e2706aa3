//! Every error of the contract, in process and over HTTP/1.1 and HTTP/2: same answers, nothing changed.

// Panicking on setup failure is the point of a test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use bytes::Bytes;
use common::*;
use detective_local::front::MAX_BODY_BYTES;
use serde_json::{json, Value};

const FRESH: &str = "555555555555";
const OTHER: &str = "666666666666";

/// How a case's request is authenticated.
#[derive(Clone)]
enum Auth {
    Signed(Signer),
    Unsigned,
    /// A literal `Authorization` header (plus a current `X-Amz-Date`).
    Raw(&'static str),
    /// Signed over `body`, then sent with this other body.
    SignedThenTampered(Signer, &'static str),
}

struct Case {
    name: &'static str,
    auth: Auth,
    method: &'static str,
    path: &'static str,
    body: String,
    status: u16,
    code: &'static str,
    /// The acceptable body `ErrorCode`s (none: the body has none).
    error_code: Option<&'static [&'static str]>,
}

type Expect = (u16, &'static str, Option<&'static [&'static str]>);

fn case(
    name: &'static str,
    auth: Auth,
    (method, path): (&'static str, &'static str),
    body: impl Into<String>,
    (status, code, error_code): Expect,
) -> Case {
    Case {
        name,
        auth,
        method,
        path,
        body: body.into(),
        status,
        code,
        error_code,
    }
}

const CREATE_GRAPH: (&str, &str) = ("POST", "/graph");
const LIST_GRAPHS: (&str, &str) = ("POST", "/graphs/list");
const CREATE_MEMBERS: (&str, &str) = ("POST", "/graph/members");
const GET_MEMBERS: (&str, &str) = ("POST", "/graph/members/get");
const LIST_MEMBERS: (&str, &str) = ("POST", "/graph/members/list");
const DELETE_MEMBERS: (&str, &str) = ("POST", "/graph/members/removal");
const DELETE_GRAPH: (&str, &str) = ("POST", "/graph/removal");
const ACCEPT: (&str, &str) = ("PUT", "/invitation");
const REJECT: (&str, &str) = ("POST", "/invitation/removal");
const DISASSOCIATE: (&str, &str) = ("POST", "/membership/removal");
const LIST_INVITATIONS: (&str, &str) = ("POST", "/invitations/list");

const MISSING_TOKEN: Expect = (403, "MissingAuthenticationTokenException", None);
const UNRECOGNIZED: Expect = (403, "UnrecognizedClientException", None);
const BAD_SIGNATURE: Expect = (403, "InvalidSignatureException", None);
const UNKNOWN_OP: Expect = (404, "UnknownOperationException", None);
const BAD_BODY: Expect = (400, "ValidationException", Some(&["INVALID_REQUEST_BODY"]));
const BAD_ARN: Expect = (400, "ValidationException", Some(&["INVALID_GRAPH_ARN"]));

fn account(id: &str, email: &str) -> Value {
    json!({"AccountId": id, "EmailAddress": email})
}

/// Every failing request; each would change the state if it were (wrongly) accepted.
fn cases(arn: &str) -> Vec<Case> {
    let admin = || Auth::Signed(Signer::account(ADMIN));
    let fresh = || Auth::Signed(Signer::account(FRESH));
    let member = || Auth::Signed(Signer::account(MEMBER));
    let other = Signer::account(OTHER);
    let new_member = account("333333333333", "new@example.com");
    let members = |accounts: Value| json!({"GraphArn": arn, "Accounts": accounts}).to_string();
    let many_accounts: Vec<Value> = (0..51)
        .map(|i| account(&format!("3000000000{i:02}"), "x@example.com"))
        .collect();
    let many_ids: Vec<String> = (0..51).map(|i| format!("3000000000{i:02}")).collect();
    let many_tags: serde_json::Map<String, Value> =
        (0..51).map(|i| (format!("k{i}"), json!("v"))).collect();
    let tags = |tags: Value| json!({ "Tags": tags }).to_string();
    vec![
        // Authentication: a fresh account's CreateGraph would create a graph.
        case("no authorization header", Auth::Unsigned, CREATE_GRAPH, "{}", MISSING_TOKEN),
        case("unknown access key", Auth::Signed(Signer::key("AKIANOBODY", "test")), CREATE_GRAPH, "{}", UNRECOGNIZED),
        case("11-digit access key", Auth::Signed(Signer::account("66666666666")), CREATE_GRAPH, "{}", UNRECOGNIZED),
        case("wrong secret", Auth::Signed(Signer::key(OTHER, "nope")), CREATE_GRAPH, "{}", BAD_SIGNATURE),
        case("body changed after signing", Auth::SignedThenTampered(other.clone(), "{}"), CREATE_GRAPH, r#"{"Tags":{"a":"b"}}"#, BAD_SIGNATURE),
        case("wrong service in scope", Auth::Signed(other.clone().service("guardduty")), CREATE_GRAPH, "{}", BAD_SIGNATURE),
        case("signed 16 minutes ago", Auth::Signed(other.clone().skew_seconds(-16 * 60)), CREATE_GRAPH, "{}", BAD_SIGNATURE),
        case("signed 16 minutes ahead", Auth::Signed(other.clone().skew_seconds(16 * 60)), CREATE_GRAPH, "{}", BAD_SIGNATURE),
        case("garbled authorization", Auth::Raw("AWS4-HMAC-SHA256 garbage"), CREATE_GRAPH, "{}", BAD_SIGNATURE),
        case("other algorithm", Auth::Raw("AWS4-ECDSA-P256-SHA256 Credential=666666666666/20260101/us-east-1/detective/aws4_request, SignedHeaders=host;x-amz-date, Signature=00"), CREATE_GRAPH, "{}", BAD_SIGNATURE),
        case("forged signature", Auth::Raw("AWS4-HMAC-SHA256 Credential=666666666666/20260101/us-east-1/detective/aws4_request, SignedHeaders=host;x-amz-date, Signature=0000000000000000000000000000000000000000000000000000000000000000"), CREATE_GRAPH, "{}", BAD_SIGNATURE),
        case("host not signed", Auth::Raw("AWS4-HMAC-SHA256 Credential=666666666666/20260101/us-east-1/detective/aws4_request, SignedHeaders=x-amz-date, Signature=0000000000000000000000000000000000000000000000000000000000000000"), CREATE_GRAPH, "{}", BAD_SIGNATURE),
        // Routing.
        case("unknown path", admin(), ("POST", "/graphs"), "{}", UNKNOWN_OP),
        case("trailing slash", admin(), ("POST", "/graph/"), "{}", UNKNOWN_OP),
        case("wrong method", admin(), ("GET", "/graph"), "", UNKNOWN_OP),
        case("wrong method for a put", admin(), ("POST", "/invitation"), "{}", UNKNOWN_OP),
        case("unknown path, unsigned", Auth::Unsigned, ("POST", "/tags"), "{}", UNKNOWN_OP),
        // Bodies that are not the operation's input.
        case("not JSON", admin(), CREATE_MEMBERS, "{not json", BAD_BODY),
        case("truncated JSON", admin(), CREATE_MEMBERS, format!(r#"{{"GraphArn":"{arn}""#), BAD_BODY),
        case("JSON array", admin(), CREATE_MEMBERS, "[1,2]", BAD_BODY),
        case("JSON null", admin(), CREATE_MEMBERS, "null", BAD_BODY),
        case("JSON string", admin(), CREATE_GRAPH, "\"x\"", BAD_BODY),
        case("GraphArn of the wrong type", admin(), CREATE_MEMBERS, json!({"GraphArn": 7, "Accounts": [new_member]}).to_string(), BAD_BODY),
        case("AccountId of the wrong type", admin(), CREATE_MEMBERS, members(json!([{"AccountId": 333333333333u64, "EmailAddress": "new@example.com"}])), BAD_BODY),
        case("flag of the wrong type", admin(), CREATE_MEMBERS, json!({"GraphArn": arn, "Accounts": [new_member], "DisableEmailNotification": "yes"}).to_string(), BAD_BODY),
        case("Tags of the wrong type", fresh(), CREATE_GRAPH, tags(json!("k=v")), BAD_BODY),
        case("MaxResults of the wrong type", admin(), LIST_GRAPHS, r#"{"MaxResults":"10"}"#, BAD_BODY),
        // Missing required members.
        case("empty body, required GraphArn", admin(), CREATE_MEMBERS, "", BAD_BODY),
        case("missing Accounts", admin(), CREATE_MEMBERS, json!({"GraphArn": arn}).to_string(), BAD_BODY),
        case("missing EmailAddress", admin(), CREATE_MEMBERS, members(json!([{"AccountId": "333333333333"}])), BAD_BODY),
        case("missing AccountIds", admin(), DELETE_MEMBERS, json!({"GraphArn": arn}).to_string(), BAD_BODY),
        case("missing GraphArn to accept", member(), ACCEPT, "{}", BAD_BODY),
        case("missing GraphArn to disassociate", member(), DISASSOCIATE, "{}", BAD_BODY),
        case("missing GraphArn to delete", admin(), DELETE_GRAPH, "{}", BAD_BODY),
        // Every model constraint, broken once.
        case("GraphArn pattern (create members)", admin(), CREATE_MEMBERS, json!({"GraphArn": arn.to_uppercase(), "Accounts": [new_member]}).to_string(), BAD_ARN),
        case("GraphArn pattern (delete graph)", admin(), DELETE_GRAPH, json!({"GraphArn": "arn:aws:detective:us-east-1:111111111111:graph:1"}).to_string(), BAD_ARN),
        case("GraphArn pattern (accept)", member(), ACCEPT, json!({"GraphArn": "graph"}).to_string(), BAD_ARN),
        case("GraphArn pattern (reject)", member(), REJECT, json!({"GraphArn": ""}).to_string(), BAD_ARN),
        case("GraphArn pattern (list members)", admin(), LIST_MEMBERS, json!({"GraphArn": format!("{arn}0")}).to_string(), BAD_ARN),
        case("AccountId too short", admin(), CREATE_MEMBERS, members(json!([account("33333333333", "new@example.com")])), BAD_BODY),
        case("AccountId too long", admin(), CREATE_MEMBERS, members(json!([account("3333333333333", "new@example.com")])), BAD_BODY),
        case("AccountId not digits", admin(), CREATE_MEMBERS, members(json!([account("33333333333a", "new@example.com")])), BAD_BODY),
        case("email pattern", admin(), CREATE_MEMBERS, members(json!([account("333333333333", "not-an-email")])), BAD_BODY),
        case("email too long", admin(), CREATE_MEMBERS, members(json!([account("333333333333", &format!("{}@example.com", "a".repeat(53)))])), BAD_BODY),
        case("no accounts", admin(), CREATE_MEMBERS, members(json!([])), BAD_BODY),
        case("51 accounts", admin(), CREATE_MEMBERS, members(json!(many_accounts)), BAD_BODY),
        case("empty message", admin(), CREATE_MEMBERS, json!({"GraphArn": arn, "Accounts": [new_member], "Message": ""}).to_string(), BAD_BODY),
        case("message too long", admin(), CREATE_MEMBERS, json!({"GraphArn": arn, "Accounts": [new_member], "Message": "m".repeat(1001)}).to_string(), BAD_BODY),
        case("no account ids", admin(), DELETE_MEMBERS, json!({"GraphArn": arn, "AccountIds": []}).to_string(), BAD_BODY),
        case("51 account ids", admin(), DELETE_MEMBERS, json!({"GraphArn": arn, "AccountIds": many_ids}).to_string(), BAD_BODY),
        case("account id of 2 digits", admin(), DELETE_MEMBERS, json!({"GraphArn": arn, "AccountIds": ["22"]}).to_string(), BAD_BODY),
        case("account ids to get", admin(), GET_MEMBERS, json!({"GraphArn": arn, "AccountIds": []}).to_string(), BAD_BODY),
        case("MaxResults 0", admin(), LIST_GRAPHS, r#"{"MaxResults":0}"#, BAD_BODY),
        case("MaxResults 201", admin(), LIST_MEMBERS, json!({"GraphArn": arn, "MaxResults": 201}).to_string(), BAD_BODY),
        case("MaxResults 500", member(), LIST_INVITATIONS, r#"{"MaxResults":500}"#, BAD_BODY),
        case("empty NextToken", admin(), LIST_GRAPHS, r#"{"NextToken":""}"#, BAD_BODY),
        case("NextToken too long", admin(), LIST_MEMBERS, json!({"GraphArn": arn, "NextToken": "t".repeat(1025)}).to_string(), BAD_BODY),
        case("forged NextToken", admin(), LIST_GRAPHS, r#"{"NextToken":"forged"}"#, BAD_BODY),
        case("no tags", fresh(), CREATE_GRAPH, tags(json!({})), BAD_BODY),
        case("51 tags", fresh(), CREATE_GRAPH, tags(Value::Object(many_tags)), BAD_BODY),
        case("tag key too long", fresh(), CREATE_GRAPH, tags(json!({"k".repeat(129): "v"})), BAD_BODY),
        case("empty tag key", fresh(), CREATE_GRAPH, tags(json!({"": "v"})), BAD_BODY),
        case("tag key pattern", fresh(), CREATE_GRAPH, tags(json!({"a b": "v"})), BAD_BODY),
        case("tag key starts with aws:", fresh(), CREATE_GRAPH, tags(json!({"aws:owner": "v"})), BAD_BODY),
        case("tag value too long", fresh(), CREATE_GRAPH, tags(json!({"k": "v".repeat(257)})), BAD_BODY),
    ]
}

async fn run_case(harness: &Harness, target: &Target, case: &Case) -> Answer {
    let mut req = request(target, case.method, case.path, case.body.clone());
    match &case.auth {
        Auth::Signed(signer) => signer.sign(&mut req, harness.now()),
        Auth::Unsigned => {}
        Auth::Raw(value) => {
            let date = time::OffsetDateTime::from(harness.now())
                .format(time::macros::format_description!(
                    "[year][month][day]T[hour][minute][second]Z"
                ))
                .unwrap();
            req.headers_mut()
                .insert("x-amz-date", date.parse().unwrap());
            req.headers_mut()
                .insert("authorization", value.parse().unwrap());
        }
        Auth::SignedThenTampered(signer, signed_body) => {
            let mut signed = request(target, case.method, case.path, *signed_body);
            signer.sign(&mut signed, harness.now());
            *req.headers_mut() = signed.headers().clone();
        }
    }
    Answer::from_response(&target.send(req).await)
}

/// What tests compare to see that nothing changed.
async fn snapshot(harness: &Harness, target: &Target, arn: &str) -> Vec<Value> {
    let mut views = Vec::new();
    for who in [ADMIN, FRESH, OTHER, MEMBER] {
        views.push(
            call(
                harness,
                target,
                &Signer::account(who),
                "POST",
                "/graphs/list",
                "{}",
            )
            .await
            .ok(),
        );
    }
    let body = json!({"GraphArn": arn}).to_string();
    let admin = Signer::account(ADMIN);
    views.push(
        call(harness, target, &admin, "POST", "/graph/members/list", body)
            .await
            .ok(),
    );
    let body = json!({"GraphArn": arn, "AccountIds": [MEMBER, "333333333333"]}).to_string();
    views.push(
        call(harness, target, &admin, "POST", "/graph/members/get", body)
            .await
            .ok(),
    );
    let member = Signer::account(MEMBER);
    views.push(
        call(harness, target, &member, "POST", "/invitations/list", "{}")
            .await
            .ok(),
    );
    views
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_error_is_answered_alike_everywhere_and_changes_nothing() {
    let harness = Harness::default_config();
    let (targets, server) = all_targets(&harness.emulator);
    let in_process = &targets[0];

    let admin = Signer::account(ADMIN);
    let created = call(&harness, in_process, &admin, "POST", "/graph", "{}")
        .await
        .ok();
    let arn = created["GraphArn"].as_str().unwrap().to_owned();
    assert_eq!(arn, graph_arn(ADMIN, 1));
    let invite = json!({"GraphArn": arn, "Accounts": [account(MEMBER, "member@example.com")]});
    let invited = call(
        &harness,
        in_process,
        &admin,
        "POST",
        "/graph/members",
        invite.to_string(),
    )
    .await
    .ok();
    assert_eq!(invited["Members"][0]["Status"], "INVITED");

    let before = snapshot(&harness, in_process, &arn).await;
    assert_eq!(before[0]["GraphList"].as_array().unwrap().len(), 1);
    assert_eq!(before[4]["MemberDetails"].as_array().unwrap().len(), 1);

    let cases = cases(&arn);
    for case in &cases {
        let mut answers = Vec::new();
        for target in &targets {
            let answer = run_case(&harness, target, case).await;
            let context = format!("{} via {}: {answer:?}", case.name, target.label());
            assert_eq!(answer.status, case.status, "{context}");
            assert_eq!(answer.error_type.as_deref(), Some(case.code), "{context}");
            match case.error_code {
                None => assert_eq!(answer.error_code(), None, "{context}"),
                Some(codes) => assert!(
                    answer.error_code().is_some_and(|c| codes.contains(&c)),
                    "{context}"
                ),
            }
            assert!(!answer.message().is_empty(), "{context}");
            answers.push(answer);
        }
        assert!(
            answers.windows(2).all(|w| w[0] == w[1]),
            "{}: targets disagree: {answers:?}",
            case.name
        );
    }
    for target in &targets {
        assert_eq!(
            snapshot(&harness, target, &arn).await,
            before,
            "state changed (seen via {})",
            target.label()
        );
    }
    server.shutdown().await.unwrap();
}

#[tokio::test]
async fn stale_signatures_say_signature_expired() {
    let harness = Harness::default_config();
    let target = Target::InProcess(harness.emulator.transport());
    let old = Signer::account(ADMIN).skew_seconds(-15 * 60 - 1);
    let answer = call(&harness, &target, &old, "POST", "/graphs/list", "{}").await;
    assert_eq!(answer.status, 403);
    assert!(
        answer.message().starts_with("Signature expired"),
        "{answer:?}"
    );
    // Up to 15 minutes either way is fine.
    for skew in [-15 * 60 + 5, 15 * 60 - 5] {
        let signer = Signer::account(ADMIN).skew_seconds(skew);
        call(&harness, &target, &signer, "POST", "/graphs/list", "{}")
            .await
            .ok();
    }
}

#[tokio::test]
async fn oversized_bodies_are_refused_in_process() {
    let harness = Harness::default_config();
    let target = Target::InProcess(harness.emulator.transport());
    let admin = Signer::account(ADMIN);
    let mut body = vec![b' '; MAX_BODY_BYTES + 1];
    body[0] = b'{';
    body[MAX_BODY_BYTES] = b'}';
    let answer = call(&harness, &target, &admin, "POST", "/graph", body.clone()).await;
    assert_eq!(answer.status, 400, "{answer:?}");
    assert_eq!(answer.error_type.as_deref(), Some("ValidationException"));
    assert_eq!(answer.error_code(), Some("INVALID_REQUEST_BODY"));
    // Exactly the limit is still read.
    body.truncate(MAX_BODY_BYTES - 1);
    body.push(b'}');
    call(&harness, &target, &admin, "POST", "/graph", body)
        .await
        .ok();
}

#[tokio::test]
async fn state_errors_travel_with_their_status() {
    let harness = Harness::new(detective_local::EmulatorConfig {
        member_quota: 1,
        ..Default::default()
    });
    let target = Target::InProcess(harness.emulator.transport());
    let admin = Signer::account(ADMIN);
    let member = Signer::account(MEMBER);
    let arn = call(&harness, &target, &admin, "POST", "/graph", "{}")
        .await
        .ok()["GraphArn"]
        .as_str()
        .unwrap()
        .to_owned();
    let unknown = graph_arn(ADMIN, 99);
    let expect = |answer: Answer, status: u16, code: &str| {
        assert_eq!(answer.status, status, "{answer:?}");
        assert_eq!(answer.error_type.as_deref(), Some(code), "{answer:?}");
    };
    let body = json!({"GraphArn": unknown}).to_string();
    expect(
        call(&harness, &target, &admin, "POST", "/graph/removal", body).await,
        404,
        "ResourceNotFoundException",
    );
    let body = json!({"GraphArn": arn}).to_string();
    expect(
        call(
            &harness,
            &target,
            &member,
            "POST",
            "/graph/removal",
            body.clone(),
        )
        .await,
        403,
        "AccessDeniedException",
    );
    expect(
        call(
            &harness,
            &target,
            &member,
            "PUT",
            "/invitation",
            body.clone(),
        )
        .await,
        404,
        "ResourceNotFoundException",
    );
    let two = json!({"GraphArn": arn, "Accounts": [account(MEMBER, "m@example.com"), account("333333333333", "n@example.com")]});
    expect(
        call(
            &harness,
            &target,
            &admin,
            "POST",
            "/graph/members",
            two.to_string(),
        )
        .await,
        402,
        "ServiceQuotaExceededException",
    );
    let one = json!({"GraphArn": arn, "Accounts": [account(MEMBER, "m@example.com")]});
    call(
        &harness,
        &target,
        &admin,
        "POST",
        "/graph/members",
        one.to_string(),
    )
    .await
    .ok();
    expect(
        call(
            &harness,
            &target,
            &member,
            "POST",
            "/membership/removal",
            body.clone(),
        )
        .await,
        409,
        "ConflictException",
    );
    call(
        &harness,
        &target,
        &member,
        "PUT",
        "/invitation",
        body.clone(),
    )
    .await
    .ok();
    expect(
        call(&harness, &target, &member, "PUT", "/invitation", body).await,
        409,
        "ConflictException",
    );
}

#[tokio::test]
async fn unknown_operations_and_auth_errors_carry_request_ids() {
    let harness = Harness::default_config();
    let emulator = &harness.emulator;
    let mut ids = std::collections::BTreeSet::new();
    for (method, path) in [
        ("GET", "/"),
        ("POST", "/graph"),
        ("PATCH", "/graph/members"),
    ] {
        let response = emulator
            .handle(
                http::Request::builder()
                    .method(method)
                    .uri(path)
                    .body(Bytes::new())
                    .unwrap(),
            )
            .await;
        let id = response.headers()["x-amzn-requestid"]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(is_uuid(&id), "{id}");
        ids.insert(id);
    }
    assert_eq!(ids.len(), 3);
}

mod never_panics {
    use super::*;
    use proptest::prelude::*;

    fn date(harness: &Harness) -> String {
        time::OffsetDateTime::from(harness.now())
            .format(time::macros::format_description!(
                "[year][month][day]T[hour][minute][second]Z"
            ))
            .unwrap()
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

        /// Arbitrary requests that reach the signer (known key, current date) get a 4xx, never a panic.
        #[test]
        fn arbitrary_requests_are_answered(
            method in prop::sample::select(vec!["GET", "POST", "PUT", "DELETE"]),
            path in prop::sample::select(vec!["/graph", "/graphs/list", "/invitation", "/graph/members/get", "/x"]),
            query in "(\\?[a-z=&%0-9]{0,12})?",
            signed in prop::collection::vec("[a-z0-9;:-]{0,12}", 0..4),
            host in "[a-z0-9.:\\[\\]@-]{0,20}",
            extra in "[ -~]{0,30}",
            body in prop::collection::vec(any::<u8>(), 0..64),
        ) {
            let harness = Harness::default_config();
            let mut headers = vec!["host".to_owned(), "x-amz-date".to_owned()];
            headers.extend(signed);
            let authorization = format!(
                "AWS4-HMAC-SHA256 Credential=111111111111/{}/us-east-1/detective/aws4_request, SignedHeaders={}, Signature={}",
                &date(&harness)[..8],
                headers.join(";"),
                "0".repeat(64),
            );
            let mut builder = http::Request::builder()
                .method(method)
                .uri(format!("{path}{query}"))
                .header("x-amz-date", date(&harness))
                .header("x-extra", extra);
            if let Ok(value) = http::HeaderValue::from_str(&authorization) {
                builder = builder.header("authorization", value);
            }
            if let Ok(value) = http::HeaderValue::from_str(&host) {
                builder = builder.header("host", value);
            }
            let Ok(request) = builder.body(Bytes::from(body)) else {
                return Ok(());
            };
            let response = harness.emulator.handle_sync(request);
            let status = response.status().as_u16();
            prop_assert!([400, 403, 404].contains(&status), "status {}", status);
            prop_assert!(response.headers().contains_key("x-amzn-requestid"));
        }
    }
}

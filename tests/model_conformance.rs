//! The code's operation definitions agree with the API model, for all 29 operations.
//!
//! For every operation: HTTP method and path, success status, modeled error
//! codes (and their statuses), which input members travel in the URI
//! (`location: uri` / `querystring`) and whether a JSON body remains, and the
//! input and output shapes. Shapes are checked by building a JSON document
//! that sets *every* member of the model shape (recursively), reading it into
//! the Rust type and writing it back: the result must be identical, so every
//! member exists with the model's name and type. The same full input is then
//! sent through the codecs (`build_request`, then the emulator's
//! `parse_http_request`): members bound to the URI must leave the body and
//! come back from the path and query, everything else must be the body.
//! Required members are checked through `validate()`.

// Panicking on setup failure is the point of a test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use detective_ops::binding::decode_component;
use detective_ops::codec::client::build_request;
use detective_ops::codec::server::parse_http_request;
use detective_ops::operations::*;
use detective_ops::{Binding, Endpoint, Operation, OperationId};
use detective_types::validate::patterns;
use detective_types::{
    CreateMembersInput, DatasourcePackage, DatasourcePackageIngestState, EntityType, ErrorCode,
    FlaggedIpAddressReason, IndicatorType, InvestigationState, InvestigationStatus, InvitationType,
    MemberDisabledReason, MemberStatus, ServiceErrorCode, Severity, SortField, SortOrder, Validate,
};
use serde_json::{json, Map, Value};

fn model() -> Value {
    let text = include_str!("data/detective-2018-10-26.json");
    serde_json::from_str(text).expect("the model is valid JSON")
}

fn shape<'a>(model: &'a Value, name: &str) -> &'a Value {
    &model["shapes"][name]
}

/// A valid sample value for a model shape, with every member set.
fn sample(model: &Value, name: &str) -> Value {
    let s = shape(model, name);
    match s["type"].as_str().unwrap_or_default() {
        "structure" => {
            let mut out = Map::new();
            for (member, def) in s["members"].as_object().into_iter().flatten() {
                let target = def["shape"].as_str().unwrap_or_default();
                out.insert(member.clone(), sample(model, target));
            }
            Value::Object(out)
        }
        "list" => {
            let member = s["member"]["shape"].as_str().unwrap_or_default();
            json!([sample(model, member)])
        }
        "map" => {
            let key = sample(model, s["key"]["shape"].as_str().unwrap_or_default());
            let value = sample(model, s["value"]["shape"].as_str().unwrap_or_default());
            let mut out = Map::new();
            out.insert(key.as_str().unwrap_or("k").to_owned(), value);
            Value::Object(out)
        }
        "string" => {
            if let Some(values) = s["enum"].as_array() {
                return values[0].clone();
            }
            let text = match name {
                "GraphArn" => {
                    "arn:aws:detective:us-east-1:111122223333:graph:027c7c4610ea4aacaf0b883093cab899"
                }
                "AccountId" => "444455556666",
                "EmailAddress" => "member@example.com",
                // Characters a URI must encode, so the query binding is exercised for real.
                "TagKey" => "team/a+b=c:d",
                "EntityArn" => "arn:aws:iam::111122223333:role/path/Admin",
                "InvestigationId" => "000000000000000000001",
                _ => "sample",
            };
            json!(text)
        }
        "integer" => json!(s["min"].as_i64().unwrap_or(7)),
        "long" => json!(1234),
        "boolean" => json!(true),
        "double" => json!(12.5),
        "timestamp" => json!("2026-11-26T02:20:21.123Z"),
        other => panic!("shape {name} has a type this test does not know: {other}"),
    }
}

fn check_operation<O: Operation>(model: &Value) {
    let op = &model["operations"][O::NAME];
    assert!(op.is_object(), "{} is not in the model", O::NAME);
    assert_eq!(
        op["http"]["method"],
        O::METHOD.as_str(),
        "{} method",
        O::NAME
    );
    assert_eq!(op["http"]["requestUri"], O::PATH, "{} path", O::NAME);
    let expected_status = op["http"]["responseCode"].as_u64().unwrap_or(200);
    assert_eq!(
        u64::from(O::SUCCESS_STATUS),
        expected_status,
        "{} status",
        O::NAME
    );

    let mut modeled: Vec<&str> = op["errors"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|e| e["shape"].as_str())
        .collect();
    modeled.sort_unstable();
    let mut ours: Vec<&str> = O::ERRORS.to_vec();
    ours.sort_unstable();
    assert_eq!(ours, modeled, "{} errors", O::NAME);
    for code in O::ERRORS {
        let status = shape(model, code)["error"]["httpStatusCode"].as_u64();
        assert_eq!(
            Some(u64::from(ServiceErrorCode::from(*code).http_status())),
            status,
            "status of {code}"
        );
        assert!(
            !matches!(ServiceErrorCode::from(*code), ServiceErrorCode::Unknown(_)),
            "{code} is not a known ServiceErrorCode"
        );
    }

    check_bindings::<O>(model, op);

    // Input: every member round-trips under its model name (an operation without an input shape has an empty input).
    let input_shape = op["input"]["shape"].as_str().unwrap_or_default();
    let full = if input_shape.is_empty() {
        json!({})
    } else {
        sample(model, input_shape)
    };
    let input: O::Input = serde_json::from_value(full.clone())
        .unwrap_or_else(|e| panic!("{} input does not read the full model shape: {e}", O::NAME));
    assert_eq!(
        serde_json::to_value(&input).ok(),
        Some(full.clone()),
        "{} input members",
        O::NAME
    );
    input
        .validate()
        .unwrap_or_else(|e| panic!("{} full sample input should be valid: {e}", O::NAME));
    check_wire::<O>(&input, &full);

    // Required members: dropping one fails validation naming it; dropping an optional one does not.
    let required: Vec<&str> = shape(model, input_shape)["required"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    for member in full.as_object().into_iter().flatten().map(|(k, _)| k) {
        let mut partial = full.clone();
        partial.as_object_mut().map(|o| o.remove(member));
        let input: O::Input = serde_json::from_value(partial).expect("partial input reads");
        let result = input.validate();
        if required.contains(&member.as_str()) {
            let err = result.expect_err("dropping a required member must fail");
            assert_eq!(err.member(), member, "{} required {member}", O::NAME);
        } else {
            assert!(result.is_ok(), "{}: {member} is optional", O::NAME);
        }
    }

    // Output: every member round-trips.
    if let Some(output_shape) = op["output"]["shape"].as_str() {
        let full = sample(model, output_shape);
        let output: O::Output = serde_json::from_value(full.clone())
            .unwrap_or_else(|e| panic!("{} output does not read the full shape: {e}", O::NAME));
        assert_eq!(
            serde_json::to_value(&output).ok(),
            Some(full),
            "{} output members",
            O::NAME
        );
    } else {
        let output = O::Output::default();
        assert_eq!(
            serde_json::to_value(&output).ok(),
            Some(json!({})),
            "{} has no output",
            O::NAME
        );
    }
}

/// `O::BINDINGS` and `O::INPUT_HAS_BODY` say what the model's `location`s say.
fn check_bindings<O: Operation>(model: &Value, op: &Value) {
    let members = op["input"]["shape"]
        .as_str()
        .map(|name| shape(model, name)["members"].clone())
        .unwrap_or(Value::Null);
    let mut expected: Vec<Binding> = Vec::new();
    let mut has_body = false;
    for (member, def) in members.as_object().into_iter().flatten() {
        let name = def["locationName"].as_str().unwrap_or(member);
        let is_list = shape(model, def["shape"].as_str().unwrap_or_default())["type"] == "list";
        // The bindings hold `&'static str`s: find ours by name rather than build one from model text.
        let ours = O::BINDINGS.iter().find(|b| b.member() == member).copied();
        match def["location"].as_str() {
            None => has_body = true,
            Some(location) => {
                let binding = ours.unwrap_or_else(|| {
                    panic!("{} {member}: in the {location}, but not bound", O::NAME)
                });
                let kind_ok = match (location, binding) {
                    ("uri", Binding::Label { .. }) => true,
                    ("querystring", Binding::QueryList { .. }) => is_list,
                    ("querystring", Binding::Query { .. }) => !is_list,
                    _ => false,
                };
                assert!(
                    kind_ok,
                    "{} {member}: {location} bound as {binding:?}",
                    O::NAME
                );
                assert_eq!(binding.location_name(), name, "{} {member}", O::NAME);
                if location == "uri" {
                    assert!(
                        O::PATH.contains(&format!("{{{name}}}")),
                        "{} path has no {{{name}}}",
                        O::NAME
                    );
                }
                expected.push(binding);
            }
        }
    }
    let mut ours = O::BINDINGS.to_vec();
    ours.sort_by_key(|b| b.member());
    expected.sort_by_key(|b| b.member());
    assert_eq!(ours, expected, "{} bindings", O::NAME);
    assert_eq!(O::INPUT_HAS_BODY, has_body, "{} has a body", O::NAME);
    // Every `{Label}` of the path has a binding.
    for segment in O::PATH.split('/') {
        if let Some(label) = segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            assert!(
                O::BINDINGS
                    .iter()
                    .any(|b| matches!(b, Binding::Label { label: l, .. } if *l == label)),
                "{} label {label} is not bound",
                O::NAME
            );
        }
    }
}

/// The full input through the client codec and back through the emulator's:
/// bound members in the URI only, every other member in the body, and the
/// same input read back.
fn check_wire<O: Operation>(input: &O::Input, full: &Value) {
    let endpoint = Endpoint::from_url("https://api.detective.us-east-1.amazonaws.com")
        .expect("a valid endpoint");
    let request = build_request::<O>(input, &endpoint)
        .unwrap_or_else(|e| panic!("{} full sample does not build: {e}", O::NAME));
    assert_eq!(request.method(), O::METHOD, "{} method", O::NAME);
    let path = request.uri().path();
    assert_eq!(
        OperationId::route(request.method(), path).map(|id| id.info().name),
        Some(O::NAME),
        "{} routes back to itself from {path}",
        O::NAME
    );

    let mut body_members = full.as_object().cloned().unwrap_or_default();
    let template: Vec<&str> = O::PATH.split('/').collect();
    let segments: Vec<&str> = path.split('/').collect();
    let query: Vec<(String, String)> = request
        .uri()
        .query()
        .unwrap_or_default()
        .split('&')
        .filter(|p| !p.is_empty())
        .filter_map(|p| p.split_once('='))
        .filter_map(|(n, v)| Some((decode_component(n)?, decode_component(v)?)))
        .collect();
    for binding in O::BINDINGS {
        let value = body_members.remove(binding.member()).unwrap_or(Value::Null);
        match binding {
            Binding::Label { label, .. } => {
                let at = template
                    .iter()
                    .position(|s| *s == format!("{{{label}}}"))
                    .expect("the label is in the path");
                let raw = segments.get(at).copied().unwrap_or_default();
                assert!(
                    raw.bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b"-._~%".contains(&b)),
                    "{} {label} is not percent-encoded: {raw}",
                    O::NAME
                );
                assert_eq!(
                    decode_component(raw).map(Value::String),
                    Some(value),
                    "{} {label} in the path",
                    O::NAME
                );
            }
            Binding::Query { name, .. } | Binding::QueryList { name, .. } => {
                let sent: Vec<Value> = query
                    .iter()
                    .filter(|(n, _)| n == name)
                    .map(|(_, v)| Value::String(v.clone()))
                    .collect();
                let expected = match value {
                    Value::Array(items) => items,
                    Value::Null => Vec::new(),
                    other => vec![other],
                };
                assert_eq!(sent, expected, "{} {name} in the query", O::NAME);
            }
        }
    }

    let has_content_type = request.headers().contains_key(http::header::CONTENT_TYPE);
    if O::INPUT_HAS_BODY {
        let body: Value = serde_json::from_slice(request.body())
            .unwrap_or_else(|e| panic!("{} body is not JSON: {e}", O::NAME));
        assert_eq!(body, Value::Object(body_members), "{} body", O::NAME);
        assert!(has_content_type, "{} body without Content-Type", O::NAME);
    } else {
        assert!(request.body().is_empty(), "{} sends a body", O::NAME);
        assert!(body_members.is_empty(), "{} members lost", O::NAME);
        assert!(!has_content_type, "{} Content-Type without body", O::NAME);
    }

    let back = parse_http_request::<O>(request.uri(), request.body())
        .unwrap_or_else(|e| panic!("{} request does not read back: {e}", O::NAME));
    assert_eq!(
        serde_json::to_value(&back).ok(),
        Some(full.clone()),
        "{} read back by the server",
        O::NAME
    );
}

fn check(id: OperationId, model: &Value) {
    match id {
        OperationId::AcceptInvitation => check_operation::<AcceptInvitation>(model),
        OperationId::BatchGetGraphMemberDatasources => {
            check_operation::<BatchGetGraphMemberDatasources>(model)
        }
        OperationId::BatchGetMembershipDatasources => {
            check_operation::<BatchGetMembershipDatasources>(model)
        }
        OperationId::CreateGraph => check_operation::<CreateGraph>(model),
        OperationId::CreateMembers => check_operation::<CreateMembers>(model),
        OperationId::DeleteGraph => check_operation::<DeleteGraph>(model),
        OperationId::DeleteMembers => check_operation::<DeleteMembers>(model),
        OperationId::DescribeOrganizationConfiguration => {
            check_operation::<DescribeOrganizationConfiguration>(model)
        }
        OperationId::DisableOrganizationAdminAccount => {
            check_operation::<DisableOrganizationAdminAccount>(model)
        }
        OperationId::DisassociateMembership => check_operation::<DisassociateMembership>(model),
        OperationId::EnableOrganizationAdminAccount => {
            check_operation::<EnableOrganizationAdminAccount>(model)
        }
        OperationId::GetInvestigation => check_operation::<GetInvestigation>(model),
        OperationId::GetMembers => check_operation::<GetMembers>(model),
        OperationId::ListDatasourcePackages => check_operation::<ListDatasourcePackages>(model),
        OperationId::ListGraphs => check_operation::<ListGraphs>(model),
        OperationId::ListIndicators => check_operation::<ListIndicators>(model),
        OperationId::ListInvestigations => check_operation::<ListInvestigations>(model),
        OperationId::ListInvitations => check_operation::<ListInvitations>(model),
        OperationId::ListMembers => check_operation::<ListMembers>(model),
        OperationId::ListOrganizationAdminAccounts => {
            check_operation::<ListOrganizationAdminAccounts>(model)
        }
        OperationId::ListTagsForResource => check_operation::<ListTagsForResource>(model),
        OperationId::RejectInvitation => check_operation::<RejectInvitation>(model),
        OperationId::StartInvestigation => check_operation::<StartInvestigation>(model),
        OperationId::StartMonitoringMember => check_operation::<StartMonitoringMember>(model),
        OperationId::TagResource => check_operation::<TagResource>(model),
        OperationId::UntagResource => check_operation::<UntagResource>(model),
        OperationId::UpdateDatasourcePackages => check_operation::<UpdateDatasourcePackages>(model),
        OperationId::UpdateInvestigationState => check_operation::<UpdateInvestigationState>(model),
        OperationId::UpdateOrganizationConfiguration => {
            check_operation::<UpdateOrganizationConfiguration>(model)
        }
    }
}

#[test]
fn every_implemented_operation_matches_the_model() {
    let model = model();
    for id in OperationId::ALL {
        check(*id, &model);
    }
}

#[test]
fn every_model_operation_is_implemented_and_nothing_else() {
    let model = model();
    let in_model: Vec<&str> = model["operations"]
        .as_object()
        .map(|ops| ops.keys().map(String::as_str).collect())
        .unwrap_or_default();
    assert_eq!(in_model.len(), 29, "the model has 29 operations");
    for name in &in_model {
        assert!(OperationId::from_name(name).is_some(), "{name} is missing");
    }
    let mut ours: Vec<&str> = OperationId::ALL.iter().map(|id| id.info().name).collect();
    ours.sort_unstable();
    let mut expected = in_model.clone();
    expected.sort_unstable();
    assert_eq!(ours, expected);
}

#[test]
fn paginated_operations_are_the_ones_with_next_token() {
    let model = model();
    for id in OperationId::ALL {
        let info = id.info();
        let input = model["operations"][info.name]["input"]["shape"]
            .as_str()
            .unwrap_or_default();
        let has_token = shape(&model, input)["members"].get("NextToken").is_some();
        assert_eq!(info.paginated, has_token, "{} paginated", info.name);
    }
}

#[test]
fn pattern_texts_are_the_models() {
    let model = model();
    for (name, ours) in [
        ("GraphArn", patterns::GRAPH_ARN),
        ("AccountId", patterns::ACCOUNT_ID),
        ("EmailAddress", patterns::EMAIL_ADDRESS),
        ("TagKey", patterns::TAG_KEY),
        ("EntityArn", patterns::ENTITY_ARN),
        ("InvestigationId", patterns::INVESTIGATION_ID),
    ] {
        assert_eq!(shape(&model, name)["pattern"], ours, "{name} pattern");
    }
}

#[test]
fn every_pattern_in_the_model_has_a_matcher() {
    let model = model();
    let with_pattern: Vec<&str> = model["shapes"]
        .as_object()
        .into_iter()
        .flatten()
        .filter(|(_, s)| s.get("pattern").is_some())
        .map(|(name, _)| name.as_str())
        .collect();
    assert_eq!(
        with_pattern,
        [
            "AccountId",
            "EmailAddress",
            "EntityArn",
            "GraphArn",
            "InvestigationId",
            "TagKey"
        ],
        "a new pattern needs a matcher in validate::patterns"
    );
}

#[test]
fn enum_values_are_the_models() {
    let model = model();
    let ours: [(&str, &[&str]); 14] = [
        ("DatasourcePackage", DatasourcePackage::KNOWN),
        (
            "DatasourcePackageIngestState",
            DatasourcePackageIngestState::KNOWN,
        ),
        ("EntityType", EntityType::KNOWN),
        ("ErrorCode", ErrorCode::KNOWN),
        ("Field", SortField::KNOWN),
        ("IndicatorType", IndicatorType::KNOWN),
        ("InvitationType", InvitationType::KNOWN),
        ("MemberDisabledReason", MemberDisabledReason::KNOWN),
        ("MemberStatus", MemberStatus::KNOWN),
        ("Reason", FlaggedIpAddressReason::KNOWN),
        ("Severity", Severity::KNOWN),
        ("SortOrder", SortOrder::KNOWN),
        ("State", InvestigationState::KNOWN),
        ("Status", InvestigationStatus::KNOWN),
    ];
    let in_model: Vec<&str> = model["shapes"]
        .as_object()
        .into_iter()
        .flatten()
        .filter(|(_, s)| s.get("enum").is_some())
        .map(|(name, _)| name.as_str())
        .collect();
    let named: Vec<&str> = ours.iter().map(|(name, _)| *name).collect();
    assert_eq!(named, in_model, "every model enum has a Rust enum");
    for (name, known) in ours {
        assert_eq!(shape(&model, name)["enum"], json!(known), "{name} values");
    }
}

#[test]
fn sensitive_shapes_are_redacted_in_debug() {
    let model = model();
    let sensitive: Vec<&str> = model["shapes"]
        .as_object()
        .into_iter()
        .flatten()
        .filter(|(_, s)| s["sensitive"] == json!(true))
        .map(|(name, _)| name.as_str())
        .collect();
    // Exactly these two, across all 29 operations; both are `Sensitive<String>` in the types.
    assert_eq!(sensitive, ["EmailAddress", "EmailMessage"]);
    let input: CreateMembersInput =
        serde_json::from_value(sample(&model, "CreateMembersRequest")).expect("sample reads");
    let debug = format!("{input:?}");
    assert!(!debug.contains("member@example.com"), "{debug}");
    assert!(!debug.contains("sample"), "the message leaked: {debug}");
}

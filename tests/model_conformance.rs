//! The code's operation definitions agree with the API model.
//!
//! For every implemented operation: HTTP method and path, modeled error
//! codes (and their statuses), and the input and output shapes. Shapes are
//! checked by building a JSON document that sets *every* member of the model
//! shape (recursively), reading it into the Rust type and writing it back:
//! the result must be identical, so every member exists with the model's
//! name and type. Required members are checked through `validate()`.

use detective_ops::operations::*;
use detective_ops::{Operation, OperationId};
use detective_types::validate::patterns;
use detective_types::{ServiceErrorCode, Validate};
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
                "TagKey" => "team",
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

    // Input: every member round-trips under its model name.
    let input_shape = op["input"]["shape"].as_str().unwrap_or_default();
    let full = sample(model, input_shape);
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

fn check(id: OperationId, model: &Value) {
    match id {
        OperationId::AcceptInvitation => check_operation::<AcceptInvitation>(model),
        OperationId::CreateGraph => check_operation::<CreateGraph>(model),
        OperationId::CreateMembers => check_operation::<CreateMembers>(model),
        OperationId::DeleteGraph => check_operation::<DeleteGraph>(model),
        OperationId::DeleteMembers => check_operation::<DeleteMembers>(model),
        OperationId::DisassociateMembership => check_operation::<DisassociateMembership>(model),
        OperationId::GetMembers => check_operation::<GetMembers>(model),
        OperationId::ListGraphs => check_operation::<ListGraphs>(model),
        OperationId::ListInvitations => check_operation::<ListInvitations>(model),
        OperationId::ListMembers => check_operation::<ListMembers>(model),
        OperationId::RejectInvitation => check_operation::<RejectInvitation>(model),
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
fn the_original_eleven_operations_are_implemented() {
    let original = [
        "AcceptInvitation",
        "CreateGraph",
        "CreateMembers",
        "DeleteGraph",
        "DeleteMembers",
        "DisassociateMembership",
        "GetMembers",
        "ListGraphs",
        "ListInvitations",
        "ListMembers",
        "RejectInvitation",
    ];
    for name in original {
        assert!(OperationId::from_name(name).is_some(), "{name} is missing");
    }
    let model = model();
    let in_model = model["operations"].as_object().map(Map::len).unwrap_or(0);
    assert_eq!(in_model, 29, "the model has 29 operations");
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
    ] {
        assert_eq!(shape(&model, name)["pattern"], ours, "{name} pattern");
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
    // The original operations use exactly these two; both are `Sensitive<String>` in the types.
    for name in ["EmailAddress", "EmailMessage"] {
        assert!(
            sensitive.contains(&name),
            "{name} is sensitive in the model"
        );
    }
    let input: CreateMembersInput =
        serde_json::from_value(sample(&model, "CreateMembersRequest")).expect("sample reads");
    let debug = format!("{input:?}");
    assert!(!debug.contains("member@example.com"), "{debug}");
    assert!(!debug.contains("sample"), "the message leaked: {debug}");
}

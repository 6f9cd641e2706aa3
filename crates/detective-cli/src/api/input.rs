//! From command-line options to an operation's input, as the AWS CLI reads them.
//!
//! Every input member is an option named in kebab-case (`GraphArn` →
//! `--graph-arn`). Scalars take one value, lists take space-separated values,
//! structures and maps take AWS CLI shorthand (`Key=Value,Key2=Value2`) or
//! JSON, and any value may be `file://path` to read it from a file. The
//! result is the input as JSON with the model's member names, which serde
//! turns into the typed input; `--cli-input-json` supplies a whole input at
//! once, and options given alongside it override its members.

use super::error::CliError;
use super::model::{kebab_case, Kind, Member, Model, Shape};
use super::shorthand;
use clap::{Arg, ArgAction, ArgMatches};
use serde_json::{Map, Value};

/// The option for a member path from a validation error: `Accounts[0].AccountId`
/// becomes `--accounts[0].AccountId`, so the message names what the user typed.
pub fn option_path(member_path: &str) -> String {
    let split = member_path.find(['[', '.']).unwrap_or(member_path.len());
    let (top, rest) = member_path.split_at(split);
    format!("--{}{rest}", kebab_case(top))
}

/// Reads `file://path` values from the file, as the AWS CLI does for every parameter.
pub fn read_param(option: &str, raw: &str) -> Result<String, CliError> {
    match raw.strip_prefix("file://") {
        Some(path) => {
            let path = expand_home(path);
            std::fs::read_to_string(&path).map_err(|e| {
                CliError::Usage(format!(
                    "Error parsing parameter '{option}': Unable to load paramfile {raw}: {e}"
                ))
            })
        }
        None => Ok(raw.to_owned()),
    }
}

fn expand_home(path: &str) -> String {
    match (path.strip_prefix("~/"), std::env::var("HOME")) {
        (Some(rest), Ok(home)) => format!("{home}/{rest}"),
        _ => path.to_owned(),
    }
}

/// A one-line description of the syntax a shape takes, for `--help`.
pub fn describe(model: &Model, shape: &Shape) -> String {
    match &shape.kind {
        Kind::String {
            values,
            min,
            max,
            pattern,
        } => {
            if !values.is_empty() {
                return format!("one of: {}", values.join(", "));
            }
            let mut text = "string".to_owned();
            match (min, max) {
                (Some(a), Some(b)) if a == b => text.push_str(&format!(", {a} characters")),
                (Some(a), Some(b)) => text.push_str(&format!(", {a} to {b} characters")),
                (None, Some(b)) => text.push_str(&format!(", at most {b} characters")),
                _ => {}
            }
            if let Some(pattern) = pattern {
                text.push_str(&format!(", matching {pattern}"));
            }
            text
        }
        Kind::Integer { min, max } => match (min, max) {
            (Some(a), Some(b)) => format!("integer, {a} to {b}"),
            _ => "integer".to_owned(),
        },
        Kind::Boolean => "boolean".to_owned(),
        Kind::Double => "number".to_owned(),
        Kind::Timestamp => "timestamp (ISO-8601, e.g. 2024-01-31T12:00:00Z)".to_owned(),
        Kind::Blob => "blob".to_owned(),
        Kind::List { member, min, max } => {
            let element = model
                .shape(member)
                .map(|m| describe(model, m))
                .unwrap_or_else(|| member.clone());
            let count = match (min, max) {
                (Some(a), Some(b)) => format!("{a} to {b} "),
                (None, Some(b)) => format!("at most {b} "),
                _ => String::new(),
            };
            format!("list of {count}values, each {element}")
        }
        Kind::Map { .. } => "map: Key1=Value1,Key2=Value2 or JSON".to_owned(),
        Kind::Structure { .. } => format!("structure: {}", shorthand_syntax(model, shape)),
    }
}

/// `AccountId=string,EmailAddress=string`: the shorthand the AWS CLI documents for a structure.
pub fn shorthand_syntax(model: &Model, shape: &Shape) -> String {
    match &shape.kind {
        Kind::Structure { members, .. } => members
            .iter()
            .map(|(name, member)| {
                let kind = model.shape(member).map(|s| match &s.kind {
                    Kind::Structure { .. } => format!("{{{}}}", shorthand_syntax(model, s)),
                    Kind::List { .. } => "[...]".to_owned(),
                    Kind::Map { .. } => "{KeyName1=string,...}".to_owned(),
                    other => other.type_name().to_owned(),
                });
                format!("{name}={}", kind.unwrap_or_default())
            })
            .collect::<Vec<_>>()
            .join(","),
        Kind::Map { .. } => "KeyName1=string,KeyName2=string".to_owned(),
        Kind::List { member, .. } => model
            .shape(member)
            .map(|m| shorthand_syntax(model, m))
            .unwrap_or_default(),
        other => other.type_name().to_owned(),
    }
}

/// The clap arguments for one input member (two for a boolean: `--x` and `--no-x`).
pub fn member_args(model: &Model, member: &Member) -> Vec<Arg> {
    let required = if member.required { "[required] " } else { "" };
    let help = format!("{required}{}", describe(model, &member.shape));
    match &member.shape.kind {
        Kind::Boolean => vec![
            Arg::new(member.option.clone())
                .long(member.option.clone())
                .action(ArgAction::SetTrue)
                .help(format!("{required}Sets {} to true", member.name)),
            Arg::new(format!("no-{}", member.option))
                .long(format!("no-{}", member.option))
                .action(ArgAction::SetTrue)
                .conflicts_with(member.option.clone())
                .help(format!("Sets {} to false", member.name)),
        ],
        Kind::List {
            member: element, ..
        } => {
            let complex = member.shape.kind.is_complex(model);
            let long_help = if complex {
                let element_shape = model.shape(element);
                format!(
                    "{help}\n\nShorthand (one value per element, space-separated):\n  {}\nJSON: '[{{...}}, ...]', or file://path to read either from a file.",
                    element_shape
                        .map(|s| shorthand_syntax(model, s))
                        .unwrap_or_default()
                )
            } else {
                format!("{help}\n\nSpace-separated values, a JSON list, or file://path.")
            };
            vec![Arg::new(member.option.clone())
                .long(member.option.clone())
                .value_name(element.clone())
                .num_args(1..)
                .action(ArgAction::Append)
                .help(help)
                .long_help(long_help)]
        }
        Kind::Structure { .. } | Kind::Map { .. } => {
            let long_help = format!(
                "{help}\n\nShorthand:\n  {}\nJSON: '{{...}}', or file://path to read either from a file.",
                shorthand_syntax(model, &member.shape)
            );
            vec![Arg::new(member.option.clone())
                .long(member.option.clone())
                .value_name(member.shape.name.clone())
                .action(ArgAction::Set)
                .help(help)
                .long_help(long_help)]
        }
        _ => vec![Arg::new(member.option.clone())
            .long(member.option.clone())
            .value_name(member.shape.name.clone())
            .action(ArgAction::Set)
            .allow_hyphen_values(matches!(
                member.shape.kind,
                Kind::Integer { .. } | Kind::Double
            ))
            .help(help)],
    }
}

/// Builds the input object from `--cli-input-json` and the member options.
pub fn build(
    model: &Model,
    members: &[Member],
    matches: &ArgMatches,
) -> Result<Map<String, Value>, CliError> {
    let mut input = Map::new();
    if let Some(raw) = matches.get_one::<String>("cli-input-json") {
        let text = read_param("--cli-input-json", raw)?;
        let value: Value = serde_json::from_str(&text).map_err(|e| {
            CliError::Usage(format!(
                "Error parsing parameter '--cli-input-json': Invalid JSON: {e}"
            ))
        })?;
        let Value::Object(object) = value else {
            return Err(CliError::Usage(
                "Error parsing parameter '--cli-input-json': expected a JSON object".to_owned(),
            ));
        };
        for (key, value) in object {
            let member = members.iter().find(|m| m.name == key).ok_or_else(|| {
                CliError::Usage(format!(
                    "Parameter validation failed:\nUnknown parameter in --cli-input-json: \"{key}\", must be one of: {}",
                    members.iter().map(|m| m.name.as_str()).collect::<Vec<_>>().join(", ")
                ))
            })?;
            let option = format!("--{}", member.option);
            let value = coerce(model, &member.shape, value, &option, false)?;
            input.insert(key, value);
        }
    }
    for member in members {
        if let Some(value) = option_value(model, member, matches)? {
            input.insert(member.name.clone(), value);
        }
    }
    let missing: Vec<String> = members
        .iter()
        .filter(|m| m.required && !input.contains_key(&m.name))
        .map(|m| format!("--{}", m.option))
        .collect();
    if !missing.is_empty() {
        return Err(CliError::Usage(format!(
            "detective: error: the following arguments are required: {}",
            missing.join(", ")
        )));
    }
    Ok(input)
}

/// The JSON value of one member's option, if given.
fn option_value(
    model: &Model,
    member: &Member,
    matches: &ArgMatches,
) -> Result<Option<Value>, CliError> {
    let option = format!("--{}", member.option);
    match &member.shape.kind {
        Kind::Boolean => {
            if matches.get_flag(&member.option) {
                Ok(Some(Value::Bool(true)))
            } else if matches.get_flag(&format!("no-{}", member.option)) {
                Ok(Some(Value::Bool(false)))
            } else {
                Ok(None)
            }
        }
        Kind::List {
            member: element, ..
        } => {
            // Like argparse, a repeated option replaces the earlier one.
            let Some(raw) = matches
                .get_occurrences::<String>(&member.option)
                .and_then(|mut occurrences| occurrences.next_back())
                .map(|values| values.cloned().collect::<Vec<String>>())
            else {
                return Ok(None);
            };
            let values = raw
                .iter()
                .map(|v| read_param(&option, v))
                .collect::<Result<Vec<_>, _>>()?;
            let element_shape = model
                .shape(element)
                .ok_or_else(|| CliError::Other(format!("the model has no shape {element}")))?;
            if let [single] = values.as_slice() {
                if single.trim_start().starts_with('[') {
                    let json = parse_json(&option, single)?;
                    return coerce(model, &member.shape, json, &option, false).map(Some);
                }
            }
            let complex = member.shape.kind.is_complex(model);
            let mut items = Vec::with_capacity(values.len());
            for (i, value) in values.iter().enumerate() {
                let path = format!("{option}[{i}]");
                let item = if complex {
                    structured(model, element_shape, value, &path)?
                } else {
                    coerce(
                        model,
                        element_shape,
                        Value::String(value.clone()),
                        &path,
                        true,
                    )?
                };
                items.push(item);
            }
            Ok(Some(Value::Array(items)))
        }
        Kind::Structure { .. } | Kind::Map { .. } => {
            let Some(raw) = matches.get_one::<String>(&member.option) else {
                return Ok(None);
            };
            let value = read_param(&option, raw)?;
            structured(model, &member.shape, &value, &option).map(Some)
        }
        _ => {
            let Some(raw) = matches.get_one::<String>(&member.option) else {
                return Ok(None);
            };
            let value = read_param(&option, raw)?;
            coerce(model, &member.shape, Value::String(value), &option, true).map(Some)
        }
    }
}

fn parse_json(option: &str, text: &str) -> Result<Value, CliError> {
    serde_json::from_str(text).map_err(|e| {
        CliError::Usage(format!(
            "Error parsing parameter '{option}': Invalid JSON: {e}\nJSON received: {}",
            text.trim()
        ))
    })
}

/// A structure or map value: JSON when it looks like JSON, shorthand otherwise.
fn structured(model: &Model, shape: &Shape, text: &str, path: &str) -> Result<Value, CliError> {
    let trimmed = text.trim_start();
    if trimmed.starts_with('{') || trimmed.starts_with('[') {
        let json = parse_json(path, text)?;
        coerce(model, shape, json, path, false)
    } else {
        let parsed = shorthand::parse(text)
            .map_err(|e| CliError::Usage(format!("Error parsing parameter '{path}': {e}")))?;
        coerce(model, shape, parsed, path, true)
    }
}

fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "list",
        Value::Object(_) => "object",
    }
}

fn invalid_type(path: &str, value: &Value, expected: &str) -> CliError {
    CliError::Usage(format!(
        "Parameter validation failed:\nInvalid type for parameter {path}, value: {value}, type: {}, valid types: {expected}",
        json_type(value)
    ))
}

/// Checks `value` against `shape` and converts it to the model's types.
///
/// `lenient` is for shorthand and plain option values, which are all
/// strings: there `"5"` becomes `5` for an integer, `"true"` becomes `true`
/// for a boolean, and a single value becomes a one-element list. JSON keeps
/// its own types and a mismatch is an error, as in botocore's validation.
pub fn coerce(
    model: &Model,
    shape: &Shape,
    value: Value,
    path: &str,
    lenient: bool,
) -> Result<Value, CliError> {
    match (&shape.kind, value) {
        (Kind::String { .. } | Kind::Blob, Value::String(s)) => Ok(Value::String(s)),
        (Kind::Timestamp, value @ (Value::String(_) | Value::Number(_))) => Ok(value),
        (Kind::Integer { .. }, Value::Number(n)) if n.is_i64() || n.is_u64() => {
            Ok(Value::Number(n))
        }
        (Kind::Integer { .. }, Value::String(s)) if lenient => {
            s.trim().parse::<i64>().map(Value::from).map_err(|_| {
                CliError::Usage(format!(
                    "Error parsing parameter '{path}': expected an integer, got {s:?}"
                ))
            })
        }
        (Kind::Double, Value::Number(n)) => Ok(Value::Number(n)),
        (Kind::Double, Value::String(s)) if lenient => s
            .trim()
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
            .map(Value::Number)
            .ok_or_else(|| {
                CliError::Usage(format!(
                    "Error parsing parameter '{path}': expected a number, got {s:?}"
                ))
            }),
        (Kind::Boolean, Value::Bool(b)) => Ok(Value::Bool(b)),
        (Kind::Boolean, Value::String(s)) if lenient => {
            match s.trim().to_ascii_lowercase().as_str() {
                "true" => Ok(Value::Bool(true)),
                "false" => Ok(Value::Bool(false)),
                _ => Err(CliError::Usage(format!(
                    "Error parsing parameter '{path}': expected true or false, got {s:?}"
                ))),
            }
        }
        (Kind::List { member, .. }, Value::Array(items)) => {
            let element = element_shape(model, member)?;
            items
                .into_iter()
                .enumerate()
                .map(|(i, item)| coerce(model, element, item, &format!("{path}[{i}]"), lenient))
                .collect::<Result<Vec<_>, _>>()
                .map(Value::Array)
        }
        (Kind::List { member, .. }, scalar) if lenient => {
            let element = element_shape(model, member)?;
            Ok(Value::Array(vec![coerce(
                model,
                element,
                scalar,
                &format!("{path}[0]"),
                lenient,
            )?]))
        }
        (Kind::Map { key, value }, Value::Object(object)) => {
            let key_shape = element_shape(model, key)?;
            let value_shape = element_shape(model, value)?;
            let mut out = Map::new();
            for (k, v) in object {
                coerce(
                    model,
                    key_shape,
                    Value::String(k.clone()),
                    &format!("{path} key"),
                    lenient,
                )?;
                let v = coerce(model, value_shape, v, &format!("{path}.{k}"), lenient)?;
                out.insert(k, v);
            }
            Ok(Value::Object(out))
        }
        (Kind::Structure { members, .. }, Value::Object(object)) => {
            let mut out = Map::new();
            for (k, v) in object {
                let Some((_, member_shape)) = members.iter().find(|(name, _)| *name == k) else {
                    return Err(CliError::Usage(format!(
                        "Parameter validation failed:\nUnknown parameter in {path}: \"{k}\", must be one of: {}",
                        members
                            .iter()
                            .map(|(name, _)| name.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    )));
                };
                let member_shape = element_shape(model, member_shape)?;
                let v = coerce(model, member_shape, v, &format!("{path}.{k}"), lenient)?;
                out.insert(k, v);
            }
            Ok(Value::Object(out))
        }
        (kind, value) => Err(invalid_type(path, &value, kind.type_name())),
    }
}

fn element_shape<'m>(model: &'m Model, name: &str) -> Result<&'m Shape, CliError> {
    model
        .shape(name)
        .ok_or_else(|| CliError::Other(format!("the API model has no shape {name}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::model::model;
    use serde_json::json;

    fn shape(name: &str) -> Shape {
        model().unwrap().shape(name).unwrap().clone()
    }

    #[test]
    fn option_paths_name_the_option() {
        assert_eq!(option_path("GraphArn"), "--graph-arn");
        assert_eq!(option_path("AccountIds[3]"), "--account-ids[3]");
        assert_eq!(
            option_path("Accounts[0].AccountId"),
            "--accounts[0].AccountId"
        );
    }

    #[test]
    fn shorthand_strings_become_model_types() {
        let m = model().unwrap();
        let got = coerce(
            m,
            &shape("MaxResults"),
            Value::String("7".into()),
            "--max-results",
            true,
        )
        .unwrap();
        assert_eq!(got, json!(7));
        let err = coerce(
            m,
            &shape("MaxResults"),
            Value::String("x".into()),
            "--max-results",
            true,
        )
        .unwrap_err();
        assert!(err.to_string().contains("--max-results"), "{err}");
    }

    #[test]
    fn json_types_are_checked_and_unknown_keys_refused() {
        let m = model().unwrap();
        let err = coerce(
            m,
            &shape("AccountList"),
            json!([{"AccountId": 5}]),
            "--accounts",
            false,
        )
        .unwrap_err();
        assert!(
            err.to_string()
                .contains("Invalid type for parameter --accounts[0].AccountId"),
            "{err}"
        );
        let err = coerce(
            m,
            &shape("AccountList"),
            json!([{"AccountID": "111111111111"}]),
            "--accounts",
            false,
        )
        .unwrap_err();
        assert!(
            err.to_string()
                .contains("Unknown parameter in --accounts[0]: \"AccountID\""),
            "{err}"
        );
    }
}

//! The Detective API model, as the AWS CLI uses botocore's: the source of
//! every operation subcommand's options, their types and constraints.
//!
//! The Rust input types know their members only through serde, which cannot
//! say "this member is a list of structures with these keys". The model can,
//! and it is the same JSON file the conformance test checks the types
//! against (`tests/data/detective-2018-10-26.json`), so embedding it keeps
//! one source of truth. A unit test checks that every operation's input
//! members here are exactly the serde members of its Rust input type.

use serde_json::Value;
use std::collections::HashMap;
use std::sync::OnceLock;

/// The model file, embedded so that the binary needs nothing at run time.
const MODEL_JSON: &str = include_str!("../../../../tests/data/detective-2018-10-26.json");

/// What a shape is, with the constraints the CLI shows in `--help`.
#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    /// A string; `values` lists an enum's values.
    String {
        /// Enum values, empty when any string is allowed.
        values: Vec<String>,
        /// Length bounds.
        min: Option<u64>,
        /// Length bounds.
        max: Option<u64>,
        /// A regular expression the value must match.
        pattern: Option<String>,
    },
    /// A 32- or 64-bit integer.
    Integer {
        /// Smallest allowed value.
        min: Option<i64>,
        /// Largest allowed value.
        max: Option<i64>,
    },
    /// `true` or `false`.
    Boolean,
    /// A floating-point number.
    Double,
    /// A date and time (ISO-8601 on the command line).
    Timestamp,
    /// Bytes (none of Detective's inputs have them; kept for completeness).
    Blob,
    /// A list of `member` shapes.
    List {
        /// The element shape's name.
        member: String,
        /// Count bounds.
        min: Option<u64>,
        /// Count bounds.
        max: Option<u64>,
    },
    /// A map from `key` shapes to `value` shapes.
    Map {
        /// The key shape's name.
        key: String,
        /// The value shape's name.
        value: String,
    },
    /// A structure: member names (in model order) and their shapes.
    Structure {
        /// `(member name, shape name)` pairs.
        members: Vec<(String, String)>,
        /// Required member names.
        required: Vec<String>,
    },
}

impl Kind {
    /// True for shapes the AWS CLI reads with shorthand syntax: structures,
    /// maps and lists of those (a list of scalars is just space-separated values).
    pub fn is_complex(&self, model: &Model) -> bool {
        match self {
            Kind::Structure { .. } | Kind::Map { .. } => true,
            Kind::List { member, .. } => model
                .shape(member)
                .is_some_and(|m| matches!(m.kind, Kind::Structure { .. } | Kind::Map { .. })),
            _ => false,
        }
    }

    /// The type name the AWS CLI documentation uses.
    pub fn type_name(&self) -> &'static str {
        match self {
            Kind::String { .. } => "string",
            Kind::Integer { .. } => "integer",
            Kind::Boolean => "boolean",
            Kind::Double => "double",
            Kind::Timestamp => "timestamp",
            Kind::Blob => "blob",
            Kind::List { .. } => "list",
            Kind::Map { .. } => "map",
            Kind::Structure { .. } => "structure",
        }
    }
}

/// One named shape.
#[derive(Debug, Clone, PartialEq)]
pub struct Shape {
    /// The shape's name in the model, e.g. `AccountIdList`.
    pub name: String,
    /// What it is.
    pub kind: Kind,
    /// Whether its values are sensitive (never printed in `--debug` output).
    pub sensitive: bool,
}

/// One operation as the model describes it.
#[derive(Debug, Clone, PartialEq)]
pub struct OperationModel {
    /// Its name, e.g. `CreateMembers`.
    pub name: String,
    /// The input shape's name, if the operation takes input.
    pub input: Option<String>,
    /// The output shape's name, if it returns any.
    pub output: Option<String>,
}

/// The parsed model.
#[derive(Debug)]
pub struct Model {
    shapes: HashMap<String, Shape>,
    operations: HashMap<String, OperationModel>,
}

/// One member of an input structure, as a command-line option.
#[derive(Debug, Clone)]
pub struct Member {
    /// The member name, e.g. `AccountIds`.
    pub name: String,
    /// The option name without dashes, e.g. `account-ids`.
    pub option: String,
    /// The member's shape.
    pub shape: Shape,
    /// Whether the model requires it.
    pub required: bool,
}

/// The embedded model, parsed once.
pub fn model() -> Result<&'static Model, String> {
    static MODEL: OnceLock<Result<Model, String>> = OnceLock::new();
    MODEL
        .get_or_init(|| Model::parse(MODEL_JSON))
        .as_ref()
        .map_err(Clone::clone)
}

fn uint(value: &Value, key: &str) -> Option<u64> {
    value.get(key).and_then(Value::as_f64).map(|n| n as u64)
}

fn int(value: &Value, key: &str) -> Option<i64> {
    value.get(key).and_then(Value::as_f64).map(|n| n as i64)
}

fn text(value: &Value, key: &str) -> Option<String> {
    value.get(key).and_then(Value::as_str).map(str::to_owned)
}

fn target(value: &Value, key: &str) -> Result<String, String> {
    value
        .get(key)
        .and_then(|v| v.get("shape"))
        .and_then(Value::as_str)
        .map(str::to_owned)
        .ok_or_else(|| format!("no {key} shape"))
}

impl Model {
    /// Parses a botocore-style service model.
    pub fn parse(json: &str) -> Result<Model, String> {
        let root: Value =
            serde_json::from_str(json).map_err(|e| format!("the API model is not JSON: {e}"))?;
        let mut shapes = HashMap::new();
        let raw_shapes = root
            .get("shapes")
            .and_then(Value::as_object)
            .ok_or("the API model has no shapes")?;
        for (name, raw) in raw_shapes {
            let kind = Self::kind(raw).map_err(|e| format!("shape {name}: {e}"))?;
            let sensitive = raw.get("sensitive").and_then(Value::as_bool) == Some(true);
            shapes.insert(
                name.clone(),
                Shape {
                    name: name.clone(),
                    kind,
                    sensitive,
                },
            );
        }
        let mut operations = HashMap::new();
        let raw_operations = root
            .get("operations")
            .and_then(Value::as_object)
            .ok_or("the API model has no operations")?;
        for (name, raw) in raw_operations {
            operations.insert(
                name.clone(),
                OperationModel {
                    name: name.clone(),
                    input: target(raw, "input").ok(),
                    output: target(raw, "output").ok(),
                },
            );
        }
        Ok(Model { shapes, operations })
    }

    fn kind(raw: &Value) -> Result<Kind, String> {
        let kind = raw.get("type").and_then(Value::as_str).unwrap_or_default();
        Ok(match kind {
            "string" => Kind::String {
                values: raw
                    .get("enum")
                    .and_then(Value::as_array)
                    .map(|values| {
                        values
                            .iter()
                            .filter_map(Value::as_str)
                            .map(str::to_owned)
                            .collect()
                    })
                    .unwrap_or_default(),
                min: uint(raw, "min"),
                max: uint(raw, "max"),
                pattern: text(raw, "pattern"),
            },
            "integer" | "long" => Kind::Integer {
                min: int(raw, "min"),
                max: int(raw, "max"),
            },
            "boolean" => Kind::Boolean,
            "double" | "float" => Kind::Double,
            "timestamp" => Kind::Timestamp,
            "blob" => Kind::Blob,
            "list" => Kind::List {
                member: target(raw, "member")?,
                min: uint(raw, "min"),
                max: uint(raw, "max"),
            },
            "map" => Kind::Map {
                key: target(raw, "key")?,
                value: target(raw, "value")?,
            },
            "structure" => {
                let members = raw
                    .get("members")
                    .and_then(Value::as_object)
                    .map(|members| {
                        members
                            .iter()
                            .map(|(name, m)| {
                                let shape = m
                                    .get("shape")
                                    .and_then(Value::as_str)
                                    .ok_or_else(|| format!("member {name} has no shape"))?;
                                Ok((name.clone(), shape.to_owned()))
                            })
                            .collect::<Result<Vec<_>, String>>()
                    })
                    .transpose()?
                    .unwrap_or_default();
                let required = raw
                    .get("required")
                    .and_then(Value::as_array)
                    .map(|r| {
                        r.iter()
                            .filter_map(Value::as_str)
                            .map(str::to_owned)
                            .collect()
                    })
                    .unwrap_or_default();
                Kind::Structure { members, required }
            }
            other => return Err(format!("unknown shape type {other:?}")),
        })
    }

    /// The shape named `name`.
    pub fn shape(&self, name: &str) -> Option<&Shape> {
        self.shapes.get(name)
    }

    /// The operation named `name` (model spelling, e.g. `GetMembers`).
    pub fn operation(&self, name: &str) -> Option<&OperationModel> {
        self.operations.get(name)
    }

    /// The members of a structure shape as options, in the model's order.
    pub fn members(&self, structure: &str) -> Vec<Member> {
        let Some(Shape {
            kind: Kind::Structure { members, required },
            ..
        }) = self.shape(structure)
        else {
            return Vec::new();
        };
        members
            .iter()
            .filter_map(|(name, shape)| {
                Some(Member {
                    name: name.clone(),
                    option: kebab_case(name),
                    shape: self.shape(shape)?.clone(),
                    required: required.contains(name),
                })
            })
            .collect()
    }

    /// The input members of an operation (none when it takes no input).
    pub fn input_members(&self, operation: &str) -> Vec<Member> {
        self.operation(operation)
            .and_then(|op| op.input.as_deref())
            .map(|input| self.members(input))
            .unwrap_or_default()
    }

    /// The output members of an operation.
    pub fn output_members(&self, operation: &str) -> Vec<Member> {
        self.operation(operation)
            .and_then(|op| op.output.as_deref())
            .map(|output| self.members(output))
            .unwrap_or_default()
    }
}

/// `GraphArn` → `graph-arn`, `BatchGetGraphMemberDatasources` →
/// `batch-get-graph-member-datasources`, as botocore's `xform_name` does
/// (a run of capitals is one word: `ARNList` → `arn-list`).
pub fn kebab_case(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::with_capacity(name.len() + 4);
    for (i, &c) in chars.iter().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            let prev = chars[i - 1];
            let next_is_lower = chars.get(i + 1).is_some_and(|n| n.is_ascii_lowercase());
            if prev.is_ascii_lowercase()
                || prev.is_ascii_digit()
                || (prev.is_ascii_uppercase() && next_is_lower)
            {
                out.push('-');
            }
        }
        out.push(c.to_ascii_lowercase());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kebab_case_follows_the_aws_cli() {
        assert_eq!(kebab_case("GraphArn"), "graph-arn");
        assert_eq!(kebab_case("AccountIds"), "account-ids");
        assert_eq!(
            kebab_case("DisableEmailNotification"),
            "disable-email-notification"
        );
        assert_eq!(
            kebab_case("BatchGetGraphMemberDatasources"),
            "batch-get-graph-member-datasources"
        );
        assert_eq!(kebab_case("ARNList"), "arn-list");
        assert_eq!(kebab_case("Ipv4Address"), "ipv4-address");
    }

    #[test]
    fn the_embedded_model_parses_and_describes_create_members() {
        let model = model().unwrap();
        let members = model.input_members("CreateMembers");
        let names: Vec<&str> = members.iter().map(|m| m.option.as_str()).collect();
        assert_eq!(
            names,
            [
                "accounts",
                "disable-email-notification",
                "graph-arn",
                "message"
            ]
        );
        let accounts = &members[0];
        assert!(accounts.required);
        assert!(accounts.shape.kind.is_complex(model));
        assert!(members[3].shape.sensitive);
        assert_eq!(members[1].shape.kind, Kind::Boolean);
    }
}

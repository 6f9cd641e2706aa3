//! Resource tags, and the operations that read and change them.
//!
//! # Members bound to the URI
//!
//! `TagResource`, `UntagResource` and `ListTagsForResource` carry
//! `ResourceArn` in the request path (`/tags/{ResourceArn}`), and
//! `UntagResource` carries `TagKeys` in the query string (`?tagKeys=a&tagKeys=b`).
//! Here they are ordinary members, serialized under their model names like
//! every other member, not `#[serde(skip)]`ped. The operation definition in
//! `detective-ops` lists these bindings, and its codec moves the members out of
//! the JSON body into the path and query when it builds a request, and back
//! when the emulator reads one.
//!
//! Why the codec and not `#[serde(skip)]`: these types stay a faithful copy
//! of the model's shapes (every member under its model name, as the
//! conformance test checks), a value survives a JSON round trip whole, and
//! one generic step in the codec handles every binding instead of each shape
//! hiding members in its own way. Nothing in this crate knows about HTTP.

use crate::graph::validate_graph_arn;
use crate::validate::{check, patterns, Validate, ValidationError};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Tags of a resource (`TagMap`): key to value. Ordered, so serialization is stable.
pub type Tags = BTreeMap<String, String>;

/// Checks a `TagMap`: 1 to 50 entries, keys 1..128 characters matching the pattern (no `aws:` prefix), values up to 256.
pub(crate) fn validate_tags(member: &str, tags: &Tags) -> Result<(), ValidationError> {
    check::count(member, tags.len(), Some(1), Some(50))?;
    for (key, value) in tags {
        // Keys and values get distinct paths so the error says which one is
        // wrong; they are written out only when it is.
        validate_tag_key("", key).map_err(|e| e.nested_in(&format!("{member}.keys[{key:?}]")))?;
        check::length("", value, None, Some(256))
            .map_err(|e| e.nested_in(&format!("{member}[{key:?}]")))?;
    }
    Ok(())
}

/// Checks a `TagKey`: 1 to 128 characters matching the pattern (no `aws:` prefix).
fn validate_tag_key(member: &str, key: &str) -> Result<(), ValidationError> {
    check::length(member, key, Some(1), Some(128))?;
    check::pattern(member, key, patterns::TAG_KEY, patterns::is_tag_key)
}

/// Checks a `ResourceArn`: required, and (its model shape being `GraphArn`) matching the graph ARN pattern.
fn validate_resource_arn(arn: &Option<String>) -> Result<(), ValidationError> {
    validate_graph_arn("ResourceArn", check::required("ResourceArn", arn)?)
}

/// Input of `TagResource`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct TagResourceInput {
    /// The graph to tag; travels in the request path (see the module docs).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource_arn: Option<String>,
    /// Tags to add or overwrite (1 to 50).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tags: Option<Tags>,
}

/// Output of `TagResource` (empty; the service answers 204).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TagResourceOutput {}

/// Input of `UntagResource`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct UntagResourceInput {
    /// The graph to untag; travels in the request path (see the module docs).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource_arn: Option<String>,
    /// Keys of the tags to remove (1 to 50); travel in the query string as `tagKeys`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tag_keys: Option<Vec<String>>,
}

/// Output of `UntagResource` (empty; the service answers 204).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UntagResourceOutput {}

/// Input of `ListTagsForResource`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListTagsForResourceInput {
    /// The graph whose tags to read; travels in the request path (see the module docs).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource_arn: Option<String>,
}

/// Output of `ListTagsForResource`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListTagsForResourceOutput {
    /// The graph's tags.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tags: Option<Tags>,
}

impl Validate for TagResourceInput {
    fn validate(&self) -> Result<(), ValidationError> {
        validate_resource_arn(&self.resource_arn)?;
        validate_tags("Tags", check::required("Tags", &self.tags)?)
    }
}

impl Validate for UntagResourceInput {
    fn validate(&self) -> Result<(), ValidationError> {
        validate_resource_arn(&self.resource_arn)?;
        let keys = check::required("TagKeys", &self.tag_keys)?;
        check::count("TagKeys", keys.len(), Some(1), Some(50))?;
        check::each("TagKeys", keys, |key| validate_tag_key("", key))
    }
}

impl Validate for ListTagsForResourceInput {
    fn validate(&self) -> Result<(), ValidationError> {
        validate_resource_arn(&self.resource_arn)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Constraint;

    const ARN: &str =
        "arn:aws:detective:us-east-1:111122223333:graph:027c7c4610ea4aacaf0b883093cab899";

    #[test]
    fn untag_names_the_bad_key_by_index() {
        let input = UntagResourceInput {
            resource_arn: Some(ARN.into()),
            tag_keys: Some(vec!["Team".into(), "aws:reserved".into()]),
        };
        let err = input.validate().err();
        assert_eq!(
            err.as_ref().map(ValidationError::member),
            Some("TagKeys[1]")
        );
        assert!(matches!(
            err.as_ref().map(ValidationError::constraint),
            Some(Constraint::Pattern(_))
        ));
    }

    #[test]
    fn resource_arn_is_required_and_must_be_a_graph_arn() {
        let missing = ListTagsForResourceInput::default().validate().err();
        assert_eq!(
            missing.map(|e| e.to_string()).as_deref(),
            Some("ResourceArn is required but missing")
        );
        let wrong = ListTagsForResourceInput {
            resource_arn: Some("arn:aws:iam::111122223333:role/x".into()),
        };
        assert_eq!(
            wrong
                .validate()
                .err()
                .map(|e| e.member().to_owned())
                .as_deref(),
            Some("ResourceArn")
        );
    }

    #[test]
    fn bound_members_are_ordinary_json_members() {
        let input = UntagResourceInput {
            resource_arn: Some(ARN.into()),
            tag_keys: Some(vec!["a".into()]),
        };
        let json = serde_json::to_value(&input).ok();
        assert_eq!(
            json,
            Some(serde_json::json!({"ResourceArn": ARN, "TagKeys": ["a"]}))
        );
    }
}

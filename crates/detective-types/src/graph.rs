//! Behavior graphs: create, list, delete.

use crate::validate::{check, patterns, Validate, ValidationError};
use crate::{Tags, Timestamp};
use serde::{Deserialize, Serialize};

/// A behavior graph.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Graph {
    /// The graph's ARN.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub arn: Option<String>,
    /// When the graph was created.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_time: Option<Timestamp>,
}

/// Input of `CreateGraph`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateGraphInput {
    /// Tags for the new graph.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tags: Option<Tags>,
}

/// Output of `CreateGraph`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateGraphOutput {
    /// The ARN of the (new or existing) graph.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub graph_arn: Option<String>,
}

/// Input of `DeleteGraph`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeleteGraphInput {
    /// The graph to delete.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub graph_arn: Option<String>,
}

/// Output of `DeleteGraph` (empty).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeleteGraphOutput {}

/// Input of `ListGraphs`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListGraphsInput {
    /// Page size, 1 to 200.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_results: Option<i32>,
    /// Where the previous page ended.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

/// Output of `ListGraphs`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListGraphsOutput {
    /// Graphs the caller administers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub graph_list: Option<Vec<Graph>>,
    /// Present when more graphs remain.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

pub(crate) fn validate_graph_arn(member: &str, value: &str) -> Result<(), ValidationError> {
    check::pattern(member, value, patterns::GRAPH_ARN, patterns::is_graph_arn)
}

pub(crate) fn validate_page(
    max_results: Option<i32>,
    next_token: Option<&str>,
) -> Result<(), ValidationError> {
    if let Some(max) = max_results {
        check::range("MaxResults", i64::from(max), 1, 200)?;
    }
    if let Some(token) = next_token {
        check::length("NextToken", token, Some(1), Some(1024))?;
    }
    Ok(())
}

impl Validate for CreateGraphInput {
    fn validate(&self) -> Result<(), ValidationError> {
        if let Some(tags) = &self.tags {
            crate::tag::validate_tags("Tags", tags)?;
        }
        Ok(())
    }
}

impl Validate for DeleteGraphInput {
    fn validate(&self) -> Result<(), ValidationError> {
        validate_graph_arn("GraphArn", check::required("GraphArn", &self.graph_arn)?)
    }
}

impl Validate for ListGraphsInput {
    fn validate(&self) -> Result<(), ValidationError> {
        validate_page(self.max_results, self.next_token.as_deref())
    }
}

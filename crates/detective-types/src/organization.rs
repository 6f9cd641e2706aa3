//! AWS Organizations: the delegated Detective administrator and automatic enrolment.

use crate::graph::{validate_graph_arn, validate_page};
use crate::member::validate_account_id;
use crate::validate::{check, Validate, ValidationError};
use crate::Timestamp;
use serde::{Deserialize, Serialize};

/// The Detective administrator account of an organization.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Administrator {
    /// The administrator account.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account_id: Option<String>,
    /// When the account was made the administrator.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delegation_time: Option<Timestamp>,
    /// The administrator's graph.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub graph_arn: Option<String>,
}

/// Input of `EnableOrganizationAdminAccount`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct EnableOrganizationAdminAccountInput {
    /// The account to make the organization's Detective administrator.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account_id: Option<String>,
}

/// Output of `EnableOrganizationAdminAccount` (the model has none: empty).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnableOrganizationAdminAccountOutput {}

/// Input of `DisableOrganizationAdminAccount` (the model has none: empty).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DisableOrganizationAdminAccountInput {}

/// Output of `DisableOrganizationAdminAccount` (the model has none: empty).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DisableOrganizationAdminAccountOutput {}

/// Input of `ListOrganizationAdminAccounts`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListOrganizationAdminAccountsInput {
    /// Page size, 1 to 200.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_results: Option<i32>,
    /// Where the previous page ended.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

/// Output of `ListOrganizationAdminAccounts`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListOrganizationAdminAccountsOutput {
    /// The organization's administrator accounts on this page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub administrators: Option<Vec<Administrator>>,
    /// Present when more accounts remain.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

/// Input of `DescribeOrganizationConfiguration`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeOrganizationConfigurationInput {
    /// The organization's behavior graph.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub graph_arn: Option<String>,
}

/// Output of `DescribeOrganizationConfiguration`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeOrganizationConfigurationOutput {
    /// Whether new organization accounts become members automatically.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub auto_enable: Option<bool>,
}

/// Input of `UpdateOrganizationConfiguration`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct UpdateOrganizationConfigurationInput {
    /// Whether new organization accounts become members automatically.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub auto_enable: Option<bool>,
    /// The organization's behavior graph.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub graph_arn: Option<String>,
}

/// Output of `UpdateOrganizationConfiguration` (the model has none: empty).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UpdateOrganizationConfigurationOutput {}

impl Validate for EnableOrganizationAdminAccountInput {
    fn validate(&self) -> Result<(), ValidationError> {
        validate_account_id("AccountId", check::required("AccountId", &self.account_id)?)
    }
}

impl Validate for DisableOrganizationAdminAccountInput {
    fn validate(&self) -> Result<(), ValidationError> {
        // No members, so nothing can be wrong.
        Ok(())
    }
}

impl Validate for ListOrganizationAdminAccountsInput {
    fn validate(&self) -> Result<(), ValidationError> {
        validate_page(self.max_results, self.next_token.as_deref())
    }
}

impl Validate for DescribeOrganizationConfigurationInput {
    fn validate(&self) -> Result<(), ValidationError> {
        validate_graph_arn("GraphArn", check::required("GraphArn", &self.graph_arn)?)
    }
}

impl Validate for UpdateOrganizationConfigurationInput {
    fn validate(&self) -> Result<(), ValidationError> {
        validate_graph_arn("GraphArn", check::required("GraphArn", &self.graph_arn)?)
    }
}

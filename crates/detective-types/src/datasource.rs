//! Data source packages: what a behavior graph ingests, how much, and since when.

use crate::enums::string_enum;
use crate::graph::{validate_graph_arn, validate_page};
use crate::member::validate_account_id;
use crate::validate::{check, Validate, ValidationError};
use crate::Timestamp;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

string_enum! {
    /// A package of data sources a behavior graph can ingest.
    DatasourcePackage {
        /// The core package (CloudTrail, VPC flow logs, GuardDuty findings); always on.
        DetectiveCore => "DETECTIVE_CORE",
        /// EKS audit logs.
        EksAudit => "EKS_AUDIT",
        /// AWS Security Hub findings.
        AsffSecurityhubFinding => "ASFF_SECURITYHUB_FINDING",
    }
}

string_enum! {
    /// Whether a data source package is being ingested.
    DatasourcePackageIngestState {
        /// Ingesting.
        Started => "STARTED",
        /// Stopped by the administrator.
        Stopped => "STOPPED",
        /// Not enabled.
        Disabled => "DISABLED",
    }
}

/// Ingest state per data source package (`DatasourcePackageIngestStates`).
pub type DatasourcePackageIngestStates = BTreeMap<DatasourcePackage, DatasourcePackageIngestState>;

/// Volume per data source package (`VolumeUsageByDatasourcePackage`).
pub type VolumeUsageByDatasourcePackage = BTreeMap<DatasourcePackage, DatasourcePackageUsageInfo>;

/// How much data a package ingested, and when that was measured.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DatasourcePackageUsageInfo {
    /// Bytes ingested.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub volume_usage_in_bytes: Option<i64>,
    /// When the volume was last measured.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub volume_usage_update_time: Option<Timestamp>,
}

/// A point in time, wrapped as the model's `TimestampForCollection`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct TimestampForCollection {
    /// The time.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timestamp: Option<Timestamp>,
}

/// When a package last entered each ingest state (`LastIngestStateChangeDates`).
pub type LastIngestStateChangeDates =
    BTreeMap<DatasourcePackageIngestState, TimestampForCollection>;

/// Ingest state changes per package, for one member (`DatasourcePackageIngestHistory`).
pub type DatasourcePackageIngestHistory = BTreeMap<DatasourcePackage, LastIngestStateChangeDates>;

/// A package's current ingest state and when it last changed (`DatasourcePackageIngestDetail`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DatasourcePackageIngestDetail {
    /// The current state.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub datasource_package_ingest_state: Option<DatasourcePackageIngestState>,
    /// When the package last entered each state.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_ingest_state_change: Option<LastIngestStateChangeDates>,
}

/// Ingest details per package of a graph (`DatasourcePackageIngestDetails`).
pub type DatasourcePackageIngestDetails =
    BTreeMap<DatasourcePackage, DatasourcePackageIngestDetail>;

/// One account's data source history in one graph (`MembershipDatasources`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct MembershipDatasources {
    /// The member account.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account_id: Option<String>,
    /// Ingest state changes per package.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub datasource_package_ingest_history: Option<DatasourcePackageIngestHistory>,
    /// The graph.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub graph_arn: Option<String>,
}

/// A graph a request could not act on, and why.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct UnprocessedGraph {
    /// The graph.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub graph_arn: Option<String>,
    /// Why it was not processed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// Input of `ListDatasourcePackages`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListDatasourcePackagesInput {
    /// The graph.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub graph_arn: Option<String>,
    /// Page size, 1 to 200.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_results: Option<i32>,
    /// Where the previous page ended.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

/// Output of `ListDatasourcePackages`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListDatasourcePackagesOutput {
    /// Ingest details per package on this page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub datasource_packages: Option<DatasourcePackageIngestDetails>,
    /// Present when more packages remain.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

/// Input of `UpdateDatasourcePackages`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct UpdateDatasourcePackagesInput {
    /// The packages to start ingesting (1 to 25).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub datasource_packages: Option<Vec<DatasourcePackage>>,
    /// The graph.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub graph_arn: Option<String>,
}

/// Output of `UpdateDatasourcePackages` (the model has none: empty).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UpdateDatasourcePackagesOutput {}

/// Input of `BatchGetGraphMemberDatasources`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct BatchGetGraphMemberDatasourcesInput {
    /// The member accounts (1 to 200).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account_ids: Option<Vec<String>>,
    /// The graph.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub graph_arn: Option<String>,
}

/// Output of `BatchGetGraphMemberDatasources`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct BatchGetGraphMemberDatasourcesOutput {
    /// Data source history of the members found.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub member_datasources: Option<Vec<MembershipDatasources>>,
    /// Accounts that are not members, with reasons.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unprocessed_accounts: Option<Vec<crate::UnprocessedAccount>>,
}

/// Input of `BatchGetMembershipDatasources`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct BatchGetMembershipDatasourcesInput {
    /// The graphs the caller is a member of (1 to 50).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub graph_arns: Option<Vec<String>>,
}

/// Output of `BatchGetMembershipDatasources`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct BatchGetMembershipDatasourcesOutput {
    /// The caller's data source history in each graph found.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub membership_datasources: Option<Vec<MembershipDatasources>>,
    /// Graphs the caller is not a member of, with reasons.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unprocessed_graphs: Option<Vec<UnprocessedGraph>>,
}

impl Validate for ListDatasourcePackagesInput {
    fn validate(&self) -> Result<(), ValidationError> {
        validate_graph_arn("GraphArn", check::required("GraphArn", &self.graph_arn)?)?;
        validate_page(self.max_results, self.next_token.as_deref())
    }
}

impl Validate for UpdateDatasourcePackagesInput {
    fn validate(&self) -> Result<(), ValidationError> {
        validate_graph_arn("GraphArn", check::required("GraphArn", &self.graph_arn)?)?;
        let packages = check::required("DatasourcePackages", &self.datasource_packages)?;
        check::count("DatasourcePackages", packages.len(), Some(1), Some(25))?;
        check::each("DatasourcePackages", packages, |package| {
            check::one_of("", package.is_known(), DatasourcePackage::KNOWN)
        })
    }
}

impl Validate for BatchGetGraphMemberDatasourcesInput {
    fn validate(&self) -> Result<(), ValidationError> {
        validate_graph_arn("GraphArn", check::required("GraphArn", &self.graph_arn)?)?;
        // `AccountIdExtendedList`: up to 200 ids, where the member operations take 50.
        let ids = check::required("AccountIds", &self.account_ids)?;
        check::count("AccountIds", ids.len(), Some(1), Some(200))?;
        check::each("AccountIds", ids, |id| validate_account_id("", id))
    }
}

impl Validate for BatchGetMembershipDatasourcesInput {
    fn validate(&self) -> Result<(), ValidationError> {
        let arns = check::required("GraphArns", &self.graph_arns)?;
        check::count("GraphArns", arns.len(), Some(1), Some(50))?;
        check::each("GraphArns", arns, |arn| validate_graph_arn("", arn))
    }
}

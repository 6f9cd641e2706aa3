//! Data source packages: what a behavior graph ingests, and how much.

use crate::enums::string_enum;
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

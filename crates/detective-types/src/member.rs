//! Members of a behavior graph: inviting, reading, listing, monitoring and removing them.

use crate::datasource::{DatasourcePackageIngestStates, VolumeUsageByDatasourcePackage};
use crate::enums::string_enum;
use crate::graph::{validate_graph_arn, validate_page};
use crate::validate::{check, patterns, Validate, ValidationError};
use crate::{Sensitive, Timestamp};
use serde::{Deserialize, Serialize};

string_enum! {
    /// Where a member account stands in a behavior graph.
    MemberStatus {
        /// Invited; the member has not answered yet.
        Invited => "INVITED",
        /// Detective is checking the account's e-mail address.
        VerificationInProgress => "VERIFICATION_IN_PROGRESS",
        /// The e-mail address did not match the account.
        VerificationFailed => "VERIFICATION_FAILED",
        /// The member accepted and contributes data.
        Enabled => "ENABLED",
        /// The member accepted but is not enabled (e.g. the graph is too large).
        AcceptedButDisabled => "ACCEPTED_BUT_DISABLED",
    }
}

string_enum! {
    /// Why an accepted member is not enabled.
    MemberDisabledReason {
        /// Enabling it would take the graph past its volume limit.
        VolumeTooHigh => "VOLUME_TOO_HIGH",
        /// Its volume is not yet known.
        VolumeUnknown => "VOLUME_UNKNOWN",
    }
}

string_enum! {
    /// How an account became a member.
    InvitationType {
        /// Invited by the administrator.
        Invitation => "INVITATION",
        /// Enrolled through AWS Organizations.
        Organization => "ORGANIZATION",
    }
}

/// An account to invite: its id and root e-mail address.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Account {
    /// The 12-digit account id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account_id: Option<String>,
    /// The account's root user e-mail address (sensitive).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email_address: Option<Sensitive<String>>,
}

impl Account {
    /// An account with its id and e-mail address.
    pub fn new(account_id: impl Into<String>, email_address: impl Into<String>) -> Self {
        Account {
            account_id: Some(account_id.into()),
            email_address: Some(Sensitive(email_address.into())),
        }
    }
}

/// A member account of a behavior graph, as the administrator or the member sees it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct MemberDetail {
    /// The member's account id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account_id: Option<String>,
    /// The graph administrator's account id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub administrator_id: Option<String>,
    /// Ingest state per data source package.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub datasource_package_ingest_states: Option<DatasourcePackageIngestStates>,
    /// Why the member is `ACCEPTED_BUT_DISABLED`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub disabled_reason: Option<MemberDisabledReason>,
    /// The member's root e-mail address (sensitive).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email_address: Option<Sensitive<String>>,
    /// The graph.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub graph_arn: Option<String>,
    /// How the account became a member.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub invitation_type: Option<InvitationType>,
    /// When the invitation was sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub invited_time: Option<Timestamp>,
    /// Deprecated: the administrator's account id (same as `AdministratorId`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub master_id: Option<String>,
    /// Deprecated: share of the graph's volume this member contributes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub percent_of_graph_utilization: Option<f64>,
    /// Deprecated: when `PercentOfGraphUtilization` was measured.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub percent_of_graph_utilization_updated_time: Option<Timestamp>,
    /// The member's status.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<MemberStatus>,
    /// When the status last changed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub updated_time: Option<Timestamp>,
    /// Volume per data source package.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub volume_usage_by_datasource_package: Option<VolumeUsageByDatasourcePackage>,
    /// Deprecated: bytes per day the member contributes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub volume_usage_in_bytes: Option<i64>,
    /// Deprecated: when `VolumeUsageInBytes` was measured.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub volume_usage_updated_time: Option<Timestamp>,
}

/// An account a request could not act on, and why.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct UnprocessedAccount {
    /// The account id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account_id: Option<String>,
    /// Why it was not processed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// Input of `CreateMembers`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateMembersInput {
    /// The accounts to invite (1 to 50).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub accounts: Option<Vec<Account>>,
    /// Do not send invitation e-mails.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub disable_email_notification: Option<bool>,
    /// The graph to invite them to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub graph_arn: Option<String>,
    /// Text for the invitation e-mail (sensitive, 1 to 1000 characters).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<Sensitive<String>>,
}

/// Output of `CreateMembers`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateMembersOutput {
    /// The members created.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub members: Option<Vec<MemberDetail>>,
    /// Accounts that were not invited, with reasons.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unprocessed_accounts: Option<Vec<UnprocessedAccount>>,
}

/// Input of `GetMembers`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetMembersInput {
    /// The member accounts to read (1 to 50).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account_ids: Option<Vec<String>>,
    /// The graph.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub graph_arn: Option<String>,
}

/// Output of `GetMembers`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetMembersOutput {
    /// The members found.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::member_list::deserialize"
    )]
    pub member_details: Option<Vec<MemberDetail>>,
    /// Accounts that are not members, with reasons.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unprocessed_accounts: Option<Vec<UnprocessedAccount>>,
}

/// Input of `ListMembers`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListMembersInput {
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

/// Output of `ListMembers`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListMembersOutput {
    /// Members on this page.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::member_list::deserialize"
    )]
    pub member_details: Option<Vec<MemberDetail>>,
    /// Present when more members remain.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

/// Input of `DeleteMembers`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeleteMembersInput {
    /// The member accounts to remove (1 to 50).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account_ids: Option<Vec<String>>,
    /// The graph.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub graph_arn: Option<String>,
}

/// Output of `DeleteMembers`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeleteMembersOutput {
    /// The accounts removed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account_ids: Option<Vec<String>>,
    /// Accounts that were not removed, with reasons.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unprocessed_accounts: Option<Vec<UnprocessedAccount>>,
}

/// Input of `StartMonitoringMember`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct StartMonitoringMemberInput {
    /// The member account to start monitoring.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account_id: Option<String>,
    /// The graph.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub graph_arn: Option<String>,
}

/// Output of `StartMonitoringMember` (the model has none: empty).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StartMonitoringMemberOutput {}

pub(crate) fn validate_account_id(member: &str, value: &str) -> Result<(), ValidationError> {
    check::length(member, value, Some(12), Some(12))?;
    check::pattern(
        member,
        value,
        patterns::ACCOUNT_ID,
        patterns::is_account_id_text,
    )
}

pub(crate) fn validate_account_ids(member: &str, ids: &[String]) -> Result<(), ValidationError> {
    check::count(member, ids.len(), Some(1), Some(50))?;
    check::each(member, ids, |id| validate_account_id("", id))
}

/// Checks an `Account`, with paths relative to it (`AccountId`, `EmailAddress`).
fn validate_account(account: &Account) -> Result<(), ValidationError> {
    let id = check::required("AccountId", &account.account_id)?;
    validate_account_id("AccountId", id)?;
    let email = check::required("EmailAddress", &account.email_address)?.expose();
    check::length("EmailAddress", email, Some(1), Some(64))?;
    check::pattern(
        "EmailAddress",
        email,
        patterns::EMAIL_ADDRESS,
        patterns::is_email_address,
    )
}

impl Validate for Account {
    fn validate(&self) -> Result<(), ValidationError> {
        validate_account(self).map_err(|e| e.nested_in("Account"))
    }
}

impl Validate for CreateMembersInput {
    fn validate(&self) -> Result<(), ValidationError> {
        validate_graph_arn("GraphArn", check::required("GraphArn", &self.graph_arn)?)?;
        let accounts = check::required("Accounts", &self.accounts)?;
        check::count("Accounts", accounts.len(), Some(1), Some(50))?;
        check::each("Accounts", accounts, validate_account)?;
        if let Some(message) = &self.message {
            check::length("Message", message.expose(), Some(1), Some(1000))?;
        }
        Ok(())
    }
}

impl Validate for GetMembersInput {
    fn validate(&self) -> Result<(), ValidationError> {
        validate_graph_arn("GraphArn", check::required("GraphArn", &self.graph_arn)?)?;
        validate_account_ids(
            "AccountIds",
            check::required("AccountIds", &self.account_ids)?,
        )
    }
}

impl Validate for DeleteMembersInput {
    fn validate(&self) -> Result<(), ValidationError> {
        validate_graph_arn("GraphArn", check::required("GraphArn", &self.graph_arn)?)?;
        validate_account_ids(
            "AccountIds",
            check::required("AccountIds", &self.account_ids)?,
        )
    }
}

impl Validate for ListMembersInput {
    fn validate(&self) -> Result<(), ValidationError> {
        validate_graph_arn("GraphArn", check::required("GraphArn", &self.graph_arn)?)?;
        validate_page(self.max_results, self.next_token.as_deref())
    }
}

impl Validate for StartMonitoringMemberInput {
    fn validate(&self) -> Result<(), ValidationError> {
        validate_graph_arn("GraphArn", check::required("GraphArn", &self.graph_arn)?)?;
        validate_account_id("AccountId", check::required("AccountId", &self.account_id)?)
    }
}

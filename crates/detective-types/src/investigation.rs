//! Detective investigations: start one on an IAM entity, read it, list them, read its indicators.
//!
//! The model's enum shapes `State`, `Status`, `Field` and `Reason` get
//! descriptive Rust names ([`InvestigationState`], [`InvestigationStatus`],
//! [`SortField`], [`FlaggedIpAddressReason`]) because this crate exports every
//! shape from its root, where a bare `State` would say nothing. Wire names
//! and values are the model's.

use crate::enums::string_enum;
use crate::graph::validate_graph_arn;
use crate::validate::{check, patterns, Validate, ValidationError};
use crate::Timestamp;
use serde::{Deserialize, Serialize};

string_enum! {
    /// The kind of IAM entity investigated (model shape `EntityType`).
    EntityType {
        /// An IAM role.
        IamRole => "IAM_ROLE",
        /// An IAM user.
        IamUser => "IAM_USER",
    }
}

string_enum! {
    /// How serious an investigation's findings are (model shape `Severity`).
    Severity {
        /// Informational.
        Informational => "INFORMATIONAL",
        /// Low.
        Low => "LOW",
        /// Medium.
        Medium => "MEDIUM",
        /// High.
        High => "HIGH",
        /// Critical.
        Critical => "CRITICAL",
    }
}

string_enum! {
    /// Whether an investigation is still of interest (model shape `State`).
    InvestigationState {
        /// Open.
        Active => "ACTIVE",
        /// Archived by the administrator.
        Archived => "ARCHIVED",
    }
}

string_enum! {
    /// Where an investigation's analysis stands (model shape `Status`).
    InvestigationStatus {
        /// Still analysing.
        Running => "RUNNING",
        /// The analysis failed.
        Failed => "FAILED",
        /// The analysis finished.
        Successful => "SUCCESSFUL",
    }
}

string_enum! {
    /// The field investigations are sorted by (model shape `Field`).
    SortField {
        /// By severity.
        Severity => "SEVERITY",
        /// By status.
        Status => "STATUS",
        /// By creation time.
        CreatedTime => "CREATED_TIME",
    }
}

string_enum! {
    /// Sort direction (model shape `SortOrder`).
    SortOrder {
        /// Ascending.
        Asc => "ASC",
        /// Descending.
        Desc => "DESC",
    }
}

string_enum! {
    /// The kind of an indicator of compromise (model shape `IndicatorType`).
    IndicatorType {
        /// Tactics, techniques and procedures observed.
        TtpObserved => "TTP_OBSERVED",
        /// Logins from places too far apart for the time between them.
        ImpossibleTravel => "IMPOSSIBLE_TRAVEL",
        /// An IP address flagged by threat intelligence.
        FlaggedIpAddress => "FLAGGED_IP_ADDRESS",
        /// A location not seen before.
        NewGeolocation => "NEW_GEOLOCATION",
        /// An autonomous system organization not seen before.
        NewAso => "NEW_ASO",
        /// A user agent not seen before.
        NewUserAgent => "NEW_USER_AGENT",
        /// A related finding.
        RelatedFinding => "RELATED_FINDING",
        /// A related finding group.
        RelatedFindingGroup => "RELATED_FINDING_GROUP",
    }
}

string_enum! {
    /// Why an IP address was flagged (model shape `Reason`).
    FlaggedIpAddressReason {
        /// AWS threat intelligence lists it.
        AwsThreatIntelligence => "AWS_THREAT_INTELLIGENCE",
    }
}

/// A closed time range (`DateFilter`): both ends required and included.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DateFilter {
    /// The last time included.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end_inclusive: Option<Timestamp>,
    /// The first time included.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start_inclusive: Option<Timestamp>,
}

/// A string to match (`StringFilter`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct StringFilter {
    /// The value, 1 to 500 characters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
}

/// What `ListInvestigations` returns: investigations matching every filter set.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct FilterCriteria {
    /// Created within this range.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_time: Option<DateFilter>,
    /// On this entity.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entity_arn: Option<StringFilter>,
    /// Of this severity.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub severity: Option<StringFilter>,
    /// In this state.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<StringFilter>,
    /// With this status.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<StringFilter>,
}

/// How `ListInvestigations` orders its results.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct SortCriteria {
    /// The field to sort by.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<SortField>,
    /// The direction.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sort_order: Option<SortOrder>,
}

/// An investigation as `ListInvestigations` shows it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct InvestigationDetail {
    /// When it was started.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_time: Option<Timestamp>,
    /// The IAM entity investigated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entity_arn: Option<String>,
    /// The kind of entity.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entity_type: Option<EntityType>,
    /// The investigation's id (21 digits).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub investigation_id: Option<String>,
    /// How serious it is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub severity: Option<Severity>,
    /// Active or archived.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<InvestigationState>,
    /// Where the analysis stands.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<InvestigationStatus>,
}

/// An IP address flagged by threat intelligence.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct FlaggedIpAddressDetail {
    /// The address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ip_address: Option<String>,
    /// Why it was flagged.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<FlaggedIpAddressReason>,
}

/// Two logins too far apart for the time between them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ImpossibleTravelDetail {
    /// The second login's address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ending_ip_address: Option<String>,
    /// The second login's location.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ending_location: Option<String>,
    /// Hours between the two logins.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hourly_time_delta: Option<i32>,
    /// The first login's address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub starting_ip_address: Option<String>,
    /// The first login's location.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub starting_location: Option<String>,
}

/// An autonomous system organization not seen before.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct NewAsoDetail {
    /// The organization.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub aso: Option<String>,
    /// New for the whole account, not only for this entity.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_new_for_entire_account: Option<bool>,
}

/// A location not seen before.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct NewGeolocationDetail {
    /// The address seen there.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ip_address: Option<String>,
    /// New for the whole account, not only for this entity.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_new_for_entire_account: Option<bool>,
    /// The location.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
}

/// A user agent not seen before.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct NewUserAgentDetail {
    /// New for the whole account, not only for this entity.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_new_for_entire_account: Option<bool>,
    /// The user agent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_agent: Option<String>,
}

/// A finding related to the investigated entity.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct RelatedFindingDetail {
    /// The finding's ARN.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub arn: Option<String>,
    /// The address involved.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ip_address: Option<String>,
    /// The finding type.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub r#type: Option<String>,
}

/// A finding group related to the investigated entity.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct RelatedFindingGroupDetail {
    /// The group's id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
}

/// Tactics, techniques and procedures observed (model shape `TTPsObservedDetail`).
///
/// The model spells several members with capitals (`APIName`), which
/// `rename_all` cannot produce, so each member is renamed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TtpsObservedDetail {
    /// Failed calls of the API.
    #[serde(rename = "APIFailureCount", skip_serializing_if = "Option::is_none")]
    pub api_failure_count: Option<i64>,
    /// The API called.
    #[serde(rename = "APIName", skip_serializing_if = "Option::is_none")]
    pub api_name: Option<String>,
    /// Successful calls of the API.
    #[serde(rename = "APISuccessCount", skip_serializing_if = "Option::is_none")]
    pub api_success_count: Option<i64>,
    /// The caller's address.
    #[serde(rename = "IpAddress", skip_serializing_if = "Option::is_none")]
    pub ip_address: Option<String>,
    /// The MITRE procedure.
    #[serde(rename = "Procedure", skip_serializing_if = "Option::is_none")]
    pub procedure: Option<String>,
    /// The MITRE tactic.
    #[serde(rename = "Tactic", skip_serializing_if = "Option::is_none")]
    pub tactic: Option<String>,
    /// The MITRE technique.
    #[serde(rename = "Technique", skip_serializing_if = "Option::is_none")]
    pub technique: Option<String>,
}

/// The details of an indicator: the member matching its type is set.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct IndicatorDetail {
    /// For `FLAGGED_IP_ADDRESS`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub flagged_ip_address_detail: Option<FlaggedIpAddressDetail>,
    /// For `IMPOSSIBLE_TRAVEL`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub impossible_travel_detail: Option<ImpossibleTravelDetail>,
    /// For `NEW_ASO`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new_aso_detail: Option<NewAsoDetail>,
    /// For `NEW_GEOLOCATION`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new_geolocation_detail: Option<NewGeolocationDetail>,
    /// For `NEW_USER_AGENT`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new_user_agent_detail: Option<NewUserAgentDetail>,
    /// For `RELATED_FINDING`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub related_finding_detail: Option<RelatedFindingDetail>,
    /// For `RELATED_FINDING_GROUP`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub related_finding_group_detail: Option<RelatedFindingGroupDetail>,
    /// For `TTP_OBSERVED`; the model spells it `TTPsObservedDetail`.
    #[serde(rename = "TTPsObservedDetail", skip_serializing_if = "Option::is_none")]
    pub ttps_observed_detail: Option<TtpsObservedDetail>,
}

/// An indicator of compromise found by an investigation.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Indicator {
    /// Its details.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub indicator_detail: Option<IndicatorDetail>,
    /// Its kind.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub indicator_type: Option<IndicatorType>,
}

/// Input of `StartInvestigation`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct StartInvestigationInput {
    /// The IAM user or role to investigate.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entity_arn: Option<String>,
    /// The graph.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub graph_arn: Option<String>,
    /// The end of the period to investigate.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scope_end_time: Option<Timestamp>,
    /// The start of the period to investigate.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scope_start_time: Option<Timestamp>,
}

/// Output of `StartInvestigation`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct StartInvestigationOutput {
    /// The new investigation's id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub investigation_id: Option<String>,
}

/// Input of `GetInvestigation`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetInvestigationInput {
    /// The graph.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub graph_arn: Option<String>,
    /// The investigation (21 digits).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub investigation_id: Option<String>,
}

/// Output of `GetInvestigation`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetInvestigationOutput {
    /// When it was started.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_time: Option<Timestamp>,
    /// The IAM entity investigated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entity_arn: Option<String>,
    /// The kind of entity.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entity_type: Option<EntityType>,
    /// The graph.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub graph_arn: Option<String>,
    /// The investigation's id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub investigation_id: Option<String>,
    /// The end of the period investigated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scope_end_time: Option<Timestamp>,
    /// The start of the period investigated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scope_start_time: Option<Timestamp>,
    /// How serious it is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub severity: Option<Severity>,
    /// Active or archived.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<InvestigationState>,
    /// Where the analysis stands.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<InvestigationStatus>,
}

/// Input of `ListInvestigations`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListInvestigationsInput {
    /// Only investigations matching these filters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub filter_criteria: Option<FilterCriteria>,
    /// The graph.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub graph_arn: Option<String>,
    /// Page size, 1 to 100.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_results: Option<i32>,
    /// Where the previous page ended (1 to 2048 characters).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
    /// The order of the results.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sort_criteria: Option<SortCriteria>,
}

/// Output of `ListInvestigations`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListInvestigationsOutput {
    /// Investigations on this page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub investigation_details: Option<Vec<InvestigationDetail>>,
    /// Present when more investigations remain.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

/// Input of `ListIndicators`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListIndicatorsInput {
    /// The graph.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub graph_arn: Option<String>,
    /// Only indicators of this kind.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub indicator_type: Option<IndicatorType>,
    /// The investigation (21 digits).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub investigation_id: Option<String>,
    /// Page size, 1 to 100.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_results: Option<i32>,
    /// Where the previous page ended (1 to 2048 characters).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

/// Output of `ListIndicators`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListIndicatorsOutput {
    /// The graph.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub graph_arn: Option<String>,
    /// Indicators on this page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub indicators: Option<Vec<Indicator>>,
    /// The investigation.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub investigation_id: Option<String>,
    /// Present when more indicators remain.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

/// Input of `UpdateInvestigationState`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct UpdateInvestigationStateInput {
    /// The graph.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub graph_arn: Option<String>,
    /// The investigation (21 digits).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub investigation_id: Option<String>,
    /// The new state.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<InvestigationState>,
}

/// Output of `UpdateInvestigationState` (the model has none: empty).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UpdateInvestigationStateOutput {}

pub(crate) fn validate_investigation_id(member: &str, value: &str) -> Result<(), ValidationError> {
    check::length(member, value, Some(21), Some(21))?;
    check::pattern(
        member,
        value,
        patterns::INVESTIGATION_ID,
        patterns::is_investigation_id_text,
    )
}

pub(crate) fn validate_entity_arn(member: &str, value: &str) -> Result<(), ValidationError> {
    check::pattern(member, value, patterns::ENTITY_ARN, patterns::is_entity_arn)
}

/// `MaxResults` 1 to 100 and an `AiPaginationToken` of 1 to 2048 characters: the investigation lists' page.
///
/// Not [`crate::graph::validate_page`]: the other lists allow 200 results and 1024-character tokens.
fn validate_ai_page(
    max_results: Option<i32>,
    next_token: Option<&str>,
) -> Result<(), ValidationError> {
    if let Some(max) = max_results {
        check::range("MaxResults", i64::from(max), 1, 100)?;
    }
    if let Some(token) = next_token {
        check::length("NextToken", token, Some(1), Some(2048))?;
    }
    Ok(())
}

fn validate_string_filter(member: &str, filter: &StringFilter) -> Result<(), ValidationError> {
    let path = format!("{member}.Value");
    check::length(
        &path,
        check::required(&path, &filter.value)?,
        Some(1),
        Some(500),
    )
}

fn validate_date_filter(member: &str, filter: &DateFilter) -> Result<(), ValidationError> {
    // Required members in model order: `StartInclusive`, then `EndInclusive`.
    check::required(&format!("{member}.StartInclusive"), &filter.start_inclusive)?;
    check::required(&format!("{member}.EndInclusive"), &filter.end_inclusive)?;
    Ok(())
}

impl Validate for DateFilter {
    fn validate(&self) -> Result<(), ValidationError> {
        validate_date_filter("DateFilter", self)
    }
}

impl Validate for StringFilter {
    fn validate(&self) -> Result<(), ValidationError> {
        validate_string_filter("StringFilter", self)
    }
}

impl Validate for FilterCriteria {
    fn validate(&self) -> Result<(), ValidationError> {
        validate_filter_criteria("FilterCriteria", self)
    }
}

impl Validate for SortCriteria {
    fn validate(&self) -> Result<(), ValidationError> {
        validate_sort_criteria("SortCriteria", self)
    }
}

fn validate_filter_criteria(member: &str, filter: &FilterCriteria) -> Result<(), ValidationError> {
    if let Some(created) = &filter.created_time {
        validate_date_filter(&format!("{member}.CreatedTime"), created)?;
    }
    for (name, value) in [
        ("EntityArn", &filter.entity_arn),
        ("Severity", &filter.severity),
        ("State", &filter.state),
        ("Status", &filter.status),
    ] {
        if let Some(value) = value {
            validate_string_filter(&format!("{member}.{name}"), value)?;
        }
    }
    Ok(())
}

fn validate_sort_criteria(member: &str, sort: &SortCriteria) -> Result<(), ValidationError> {
    if let Some(field) = &sort.field {
        check::one_of(
            &format!("{member}.Field"),
            field.is_known(),
            SortField::KNOWN,
        )?;
    }
    if let Some(order) = &sort.sort_order {
        check::one_of(
            &format!("{member}.SortOrder"),
            order.is_known(),
            SortOrder::KNOWN,
        )?;
    }
    Ok(())
}

impl Validate for StartInvestigationInput {
    fn validate(&self) -> Result<(), ValidationError> {
        validate_graph_arn("GraphArn", check::required("GraphArn", &self.graph_arn)?)?;
        validate_entity_arn("EntityArn", check::required("EntityArn", &self.entity_arn)?)?;
        check::required("ScopeStartTime", &self.scope_start_time)?;
        check::required("ScopeEndTime", &self.scope_end_time)?;
        Ok(())
    }
}

impl Validate for GetInvestigationInput {
    fn validate(&self) -> Result<(), ValidationError> {
        validate_graph_arn("GraphArn", check::required("GraphArn", &self.graph_arn)?)?;
        validate_investigation_id(
            "InvestigationId",
            check::required("InvestigationId", &self.investigation_id)?,
        )
    }
}

impl Validate for ListInvestigationsInput {
    fn validate(&self) -> Result<(), ValidationError> {
        validate_graph_arn("GraphArn", check::required("GraphArn", &self.graph_arn)?)?;
        validate_ai_page(self.max_results, self.next_token.as_deref())?;
        if let Some(filter) = &self.filter_criteria {
            validate_filter_criteria("FilterCriteria", filter)?;
        }
        if let Some(sort) = &self.sort_criteria {
            validate_sort_criteria("SortCriteria", sort)?;
        }
        Ok(())
    }
}

impl Validate for ListIndicatorsInput {
    fn validate(&self) -> Result<(), ValidationError> {
        validate_graph_arn("GraphArn", check::required("GraphArn", &self.graph_arn)?)?;
        validate_investigation_id(
            "InvestigationId",
            check::required("InvestigationId", &self.investigation_id)?,
        )?;
        if let Some(kind) = &self.indicator_type {
            check::one_of("IndicatorType", kind.is_known(), IndicatorType::KNOWN)?;
        }
        validate_ai_page(self.max_results, self.next_token.as_deref())
    }
}

impl Validate for UpdateInvestigationStateInput {
    fn validate(&self) -> Result<(), ValidationError> {
        validate_graph_arn("GraphArn", check::required("GraphArn", &self.graph_arn)?)?;
        validate_investigation_id(
            "InvestigationId",
            check::required("InvestigationId", &self.investigation_id)?,
        )?;
        let state = check::required("State", &self.state)?;
        check::one_of("State", state.is_known(), InvestigationState::KNOWN)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Constraint;

    const ARN: &str =
        "arn:aws:detective:us-east-1:111122223333:graph:027c7c4610ea4aacaf0b883093cab899";

    #[test]
    fn nested_filter_members_are_named_by_path() {
        let input = ListInvestigationsInput {
            graph_arn: Some(ARN.into()),
            filter_criteria: Some(FilterCriteria {
                created_time: Some(DateFilter {
                    start_inclusive: Some(Timestamp::UNIX_EPOCH),
                    end_inclusive: None,
                }),
                ..Default::default()
            }),
            ..Default::default()
        };
        assert_eq!(
            input.validate().err().map(|e| e.to_string()).as_deref(),
            Some("FilterCriteria.CreatedTime.EndInclusive is required but missing")
        );
    }

    #[test]
    fn unknown_enum_values_are_refused_in_inputs() {
        let input = UpdateInvestigationStateInput {
            graph_arn: Some(ARN.into()),
            investigation_id: Some("000000000000000000001".into()),
            state: Some(InvestigationState::from("CLOSED")),
        };
        let err = input.validate().err();
        assert_eq!(err.as_ref().map(ValidationError::member), Some("State"));
        assert_eq!(
            err.map(|e| e.constraint().clone()),
            Some(Constraint::Enum(&["ACTIVE", "ARCHIVED"]))
        );
    }

    #[test]
    fn ttps_member_names_keep_the_models_capitals() {
        let detail = IndicatorDetail {
            ttps_observed_detail: Some(TtpsObservedDetail {
                api_name: Some("GetObject".into()),
                ..Default::default()
            }),
            ..Default::default()
        };
        assert_eq!(
            serde_json::to_string(&detail).ok().as_deref(),
            Some(r#"{"TTPsObservedDetail":{"APIName":"GetObject"}}"#)
        );
    }
}

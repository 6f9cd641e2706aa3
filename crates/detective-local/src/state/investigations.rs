//! Investigations: `StartInvestigation`, `GetInvestigation`,
//! `ListInvestigations`, `ListIndicators`, `UpdateInvestigationState`.
//!
//! The emulator does not analyse anything. An investigation is a record of
//! what was asked (entity, scope) plus what the fixtures say it finds
//! (severity, indicators), fixed when it starts:
//!
//! - it is `RUNNING` until `CreatedTime + investigation_delay`, then
//!   `SUCCESSFUL`; the status is computed from the injected clock whenever it
//!   is read, so nothing has to run in the background and the answer does not
//!   depend on when anyone asked;
//! - its indicators are listed only once it is `SUCCESSFUL` (an empty list before);
//! - its ids count up from `000000000000000000001` (21 digits) across the emulator;
//! - `State` starts `ACTIVE`; `UpdateInvestigationState` sets it.
//!
//! # Fixtures
//!
//! `--investigation-fixtures F` names a JSON file in the model's shapes:
//!
//! ```json
//! {
//!   "Entities": {
//!     "arn:aws:iam::111122223333:role/Admin": {
//!       "Severity": "CRITICAL",
//!       "Indicators": [
//!         {"IndicatorType": "FLAGGED_IP_ADDRESS",
//!          "IndicatorDetail": {"FlaggedIpAddressDetail":
//!             {"IpAddress": "203.0.113.5", "Reason": "AWS_THREAT_INTELLIGENCE"}}}
//!       ]
//!     }
//!   },
//!   "Default": {"Indicators": []}
//! }
//! ```
//!
//! An entity listed under `Entities` gets its entry; any other gets
//! `Default`, and without one the built-in [`IndicatorFixtures::builtin_indicators`].
//! `Severity` is optional: without it, the number of distinct indicator types
//! decides (0: `INFORMATIONAL`, 1: `LOW`, 2–3: `MEDIUM`, 4–5: `HIGH`, 6 or more: `CRITICAL`).

use super::clock::add_duration;
use super::pagination::{paginate, TokenScope};
use super::records::InvestigationRecord;
use super::{required, ApiError, Caller, State};
use detective_types::{
    EntityType, ErrorCode, FilterCriteria, FlaggedIpAddressDetail, FlaggedIpAddressReason,
    GetInvestigationInput, GetInvestigationOutput, Indicator, IndicatorDetail, IndicatorType,
    InvestigationDetail, InvestigationState, InvestigationStatus, ListIndicatorsInput,
    ListIndicatorsOutput, ListInvestigationsInput, ListInvestigationsOutput, NewGeolocationDetail,
    NewUserAgentDetail, Severity, SortCriteria, SortField, SortOrder, StartInvestigationInput,
    StartInvestigationOutput, Timestamp, TtpsObservedDetail, UpdateInvestigationStateInput,
    UpdateInvestigationStateOutput,
};
use serde::Deserialize;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::{Path, PathBuf};

/// What investigations of one entity find.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct EntityFixture {
    /// The severity; derived from the indicators when absent.
    #[serde(default)]
    pub severity: Option<Severity>,
    /// The indicators, in the order `ListIndicators` gives them.
    #[serde(default)]
    pub indicators: Vec<Indicator>,
}

/// What investigations find, per entity ARN (see the [module docs](self)).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct IndicatorFixtures {
    /// Per entity ARN.
    #[serde(default)]
    pub entities: BTreeMap<String, EntityFixture>,
    /// For every other entity; the built-in indicators when absent.
    #[serde(default)]
    pub default: Option<EntityFixture>,
}

/// Why an investigation fixture file could not be used.
#[derive(Debug)]
pub enum FixtureError {
    /// The file could not be read.
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The text is not JSON of the expected shape, or names values the model does not define.
    Invalid(String),
}

impl fmt::Display for FixtureError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FixtureError::Io { path, source } => write!(
                f,
                "cannot read investigation fixtures {}: {source}",
                path.display()
            ),
            FixtureError::Invalid(reason) => write!(f, "invalid investigation fixtures: {reason}"),
        }
    }
}

impl std::error::Error for FixtureError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            FixtureError::Io { source, .. } => Some(source),
            FixtureError::Invalid(_) => None,
        }
    }
}

impl IndicatorFixtures {
    /// Reads a fixture file.
    pub fn load(path: impl AsRef<Path>) -> Result<Self, FixtureError> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path).map_err(|source| FixtureError::Io {
            path: path.to_owned(),
            source,
        })?;
        Self::from_json_str(&text)
    }

    /// Parses fixture JSON; every severity and indicator type must be one the model defines.
    pub fn from_json_str(text: &str) -> Result<Self, FixtureError> {
        let fixtures: IndicatorFixtures =
            serde_json::from_str(text).map_err(|e| FixtureError::Invalid(e.to_string()))?;
        let named = fixtures.entities.iter().map(|(k, v)| (k.as_str(), v));
        for (name, fixture) in named.chain(fixtures.default.iter().map(|d| ("Default", d))) {
            if let Some(severity) = fixture.severity.as_ref().filter(|s| !s.is_known()) {
                return Err(FixtureError::Invalid(format!(
                    "{name}: severity {severity} is not one of {:?}",
                    Severity::KNOWN
                )));
            }
            for (i, indicator) in fixture.indicators.iter().enumerate() {
                match &indicator.indicator_type {
                    Some(kind) if kind.is_known() => {}
                    Some(kind) => {
                        return Err(FixtureError::Invalid(format!(
                            "{name}: indicator {i} has type {kind}, not one of {:?}",
                            IndicatorType::KNOWN
                        )))
                    }
                    None => {
                        return Err(FixtureError::Invalid(format!(
                            "{name}: indicator {i} has no IndicatorType"
                        )))
                    }
                }
            }
        }
        Ok(fixtures)
    }

    /// What an investigation of `entity_arn` finds.
    pub fn for_entity(&self, entity_arn: &str) -> (Severity, Vec<Indicator>) {
        let indicators = match self.entities.get(entity_arn).or(self.default.as_ref()) {
            Some(fixture) => {
                let severity = fixture
                    .severity
                    .clone()
                    .unwrap_or_else(|| severity_of(&fixture.indicators));
                return (severity, fixture.indicators.clone());
            }
            None => Self::builtin_indicators(),
        };
        (severity_of(&indicators), indicators)
    }

    /// The indicators every entity gets without fixtures, the same for all (4 types: severity `HIGH`):
    ///
    /// 1. `TTP_OBSERVED`: Discovery / Cloud Infrastructure Discovery, `ListBuckets` 12 successes, from 198.51.100.7;
    /// 2. `TTP_OBSERVED`: Persistence / Create Account: Cloud Account, `CreateUser` 1 success 2 failures, from 198.51.100.7;
    /// 3. `FLAGGED_IP_ADDRESS`: 198.51.100.7, `AWS_THREAT_INTELLIGENCE`;
    /// 4. `NEW_GEOLOCATION`: 203.0.113.42 in `Reykjavik, IS`, new for the entire account;
    /// 5. `NEW_USER_AGENT`: `aws-cli/2.15.0 Python/3.11.6 Linux/6.1`, not new for the entire account.
    pub fn builtin_indicators() -> Vec<Indicator> {
        let ttp = |tactic: &str, technique: &str, api: &str, ok: i64, failed: i64| Indicator {
            indicator_type: Some(IndicatorType::TtpObserved),
            indicator_detail: Some(IndicatorDetail {
                ttps_observed_detail: Some(TtpsObservedDetail {
                    api_name: Some(api.to_owned()),
                    api_success_count: Some(ok),
                    api_failure_count: Some(failed),
                    ip_address: Some("198.51.100.7".to_owned()),
                    procedure: Some(format!("{api} called by the investigated entity")),
                    tactic: Some(tactic.to_owned()),
                    technique: Some(technique.to_owned()),
                }),
                ..Default::default()
            }),
        };
        vec![
            ttp(
                "Discovery",
                "Cloud Infrastructure Discovery",
                "ListBuckets",
                12,
                0,
            ),
            ttp(
                "Persistence",
                "Create Account: Cloud Account",
                "CreateUser",
                1,
                2,
            ),
            Indicator {
                indicator_type: Some(IndicatorType::FlaggedIpAddress),
                indicator_detail: Some(IndicatorDetail {
                    flagged_ip_address_detail: Some(FlaggedIpAddressDetail {
                        ip_address: Some("198.51.100.7".to_owned()),
                        reason: Some(FlaggedIpAddressReason::AwsThreatIntelligence),
                    }),
                    ..Default::default()
                }),
            },
            Indicator {
                indicator_type: Some(IndicatorType::NewGeolocation),
                indicator_detail: Some(IndicatorDetail {
                    new_geolocation_detail: Some(NewGeolocationDetail {
                        ip_address: Some("203.0.113.42".to_owned()),
                        is_new_for_entire_account: Some(true),
                        location: Some("Reykjavik, IS".to_owned()),
                    }),
                    ..Default::default()
                }),
            },
            Indicator {
                indicator_type: Some(IndicatorType::NewUserAgent),
                indicator_detail: Some(IndicatorDetail {
                    new_user_agent_detail: Some(NewUserAgentDetail {
                        is_new_for_entire_account: Some(false),
                        user_agent: Some("aws-cli/2.15.0 Python/3.11.6 Linux/6.1".to_owned()),
                    }),
                    ..Default::default()
                }),
            },
        ]
    }
}

/// The severity the number of distinct indicator types gives (see the [module docs](self)).
fn severity_of(indicators: &[Indicator]) -> Severity {
    let kinds: BTreeSet<&IndicatorType> = indicators
        .iter()
        .filter_map(|i| i.indicator_type.as_ref())
        .collect();
    match kinds.len() {
        0 => Severity::Informational,
        1 => Severity::Low,
        2 | 3 => Severity::Medium,
        4 | 5 => Severity::High,
        _ => Severity::Critical,
    }
}

/// The kind of IAM entity an ARN names: `arn:<partition>:iam::<account>:user/<name>` or `...:role/<name>`.
fn entity_type(arn: &str) -> Option<EntityType> {
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    let [prefix, partition, service, region, account, resource] = parts.as_slice() else {
        return None;
    };
    let well_formed = *prefix == "arn"
        && partition.starts_with("aws")
        && *service == "iam"
        && region.is_empty()
        && account.len() == 12
        && account.bytes().all(|b| b.is_ascii_digit());
    if !well_formed {
        return None;
    }
    // A path may come between the kind and the name (`role/service-role/Name`); the name must be there.
    let named = |rest: &str| !rest.is_empty() && !rest.ends_with('/');
    if resource.strip_prefix("user/").is_some_and(named) {
        Some(EntityType::IamUser)
    } else if resource.strip_prefix("role/").is_some_and(named) {
        Some(EntityType::IamRole)
    } else {
        None
    }
}

/// Rank of a value in its enum's model order, for sorting.
fn rank(known: &[&str], value: &str) -> u64 {
    known
        .iter()
        .position(|k| *k == value)
        .map_or(u64::MAX / 2, |i| i as u64)
}

/// A timestamp as an unsigned number in the same order.
fn time_order(t: Timestamp) -> u64 {
    // Shift i64 so that negative times sort first; the result always fits.
    (t.epoch_millis() as u64) ^ (1 << 63)
}

/// The investigation's status at `now`.
fn status_at(record: &InvestigationRecord, now: Timestamp) -> InvestigationStatus {
    match record.done_at {
        Some(done) if now >= done => InvestigationStatus::Successful,
        _ => InvestigationStatus::Running,
    }
}

fn matches(
    record: &InvestigationRecord,
    status: &InvestigationStatus,
    filter: &FilterCriteria,
) -> bool {
    let equals = |f: &Option<detective_types::StringFilter>, value: &str| {
        f.as_ref()
            .and_then(|f| f.value.as_deref())
            .is_none_or(|wanted| wanted == value)
    };
    let in_range = filter.created_time.as_ref().is_none_or(|range| {
        range
            .start_inclusive
            .is_none_or(|s| record.created_time >= s)
            && range.end_inclusive.is_none_or(|e| record.created_time <= e)
    });
    in_range
        && equals(&filter.entity_arn, &record.entity_arn)
        && equals(&filter.severity, record.severity.as_str())
        && equals(&filter.state, record.state.as_str())
        && equals(&filter.status, status.as_str())
}

/// The sort key of an investigation: the sort field's order (inverted for `DESC`), then the id ascending.
fn sort_key(
    record: &InvestigationRecord,
    status: &InvestigationStatus,
    sort: &SortCriteria,
) -> String {
    let field = sort.field.clone().unwrap_or(SortField::CreatedTime);
    let primary = match field {
        SortField::Severity => rank(Severity::KNOWN, record.severity.as_str()),
        SortField::Status => rank(InvestigationStatus::KNOWN, status.as_str()),
        _ => time_order(record.created_time),
    };
    let primary = match sort.sort_order.clone().unwrap_or(SortOrder::Desc) {
        SortOrder::Asc => primary,
        _ => u64::MAX - primary,
    };
    format!("{primary:020}/{}", record.id)
}

/// A short, fixed-length digest of a request's criteria, so a token is only valid with the criteria it was issued for.
fn digest(value: &impl serde::Serialize) -> Result<String, ApiError> {
    let bytes = serde_json::to_vec(value)
        .map_err(|e| ApiError::internal(format!("cannot encode list criteria: {e}")))?;
    Ok(Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect())
}

impl State {
    /// The investigation `id` of a graph the caller administers: 404 when either is unknown, 403 when not theirs.
    fn investigation(
        &self,
        caller: &Caller,
        graph_arn: &str,
        id: &str,
    ) -> Result<&InvestigationRecord, ApiError> {
        let graph = self.administered_graph(caller, graph_arn)?;
        graph.investigations.get(id).ok_or_else(|| {
            ApiError::not_found(format!(
                "The investigation {id} does not exist in the behavior graph {graph_arn}."
            ))
        })
    }

    /// Starts investigating an IAM user or role over a time range, in a graph the caller administers.
    pub fn start_investigation(
        &mut self,
        caller: &Caller,
        input: StartInvestigationInput,
    ) -> Result<StartInvestigationOutput, ApiError> {
        let graph_arn = required("GraphArn", &input.graph_arn)?;
        let entity_arn = required("EntityArn", &input.entity_arn)?;
        let start = *required("ScopeStartTime", &input.scope_start_time)?;
        let end = *required("ScopeEndTime", &input.scope_end_time)?;
        let entity_type = entity_type(entity_arn).ok_or_else(|| {
            ApiError::validation(
                ErrorCode::InvalidRequestBody,
                format!("EntityArn {entity_arn} is not the ARN of an IAM user or role."),
            )
        })?;
        if start >= end {
            return Err(ApiError::validation(
                ErrorCode::InvalidRequestBody,
                format!("ScopeStartTime {start} must be before ScopeEndTime {end}."),
            ));
        }
        self.administered_graph(caller, graph_arn)?;
        let number = self
            .investigations_started
            .checked_add(1)
            .ok_or_else(|| ApiError::internal("the emulator has run out of investigation ids"))?;
        let id = format!("{number:021}");
        let now = self.clock.now();
        let (severity, indicators) = self.config.indicator_fixtures.for_entity(entity_arn);
        let record = InvestigationRecord {
            id: id.clone(),
            entity_arn: entity_arn.clone(),
            entity_type,
            scope_start_time: start,
            scope_end_time: end,
            created_time: now,
            done_at: add_duration(now, self.config.investigation_delay),
            severity,
            state: InvestigationState::Active,
            indicators,
        };
        self.graph_mut(caller, graph_arn)?
            .investigations
            .insert(id.clone(), record);
        self.investigations_started = number;
        Ok(StartInvestigationOutput {
            investigation_id: Some(id),
        })
    }

    /// One investigation, with its status as of now.
    pub fn get_investigation(
        &mut self,
        caller: &Caller,
        input: GetInvestigationInput,
    ) -> Result<GetInvestigationOutput, ApiError> {
        let graph_arn = required("GraphArn", &input.graph_arn)?;
        let id = required("InvestigationId", &input.investigation_id)?;
        let record = self.investigation(caller, graph_arn, id)?;
        Ok(GetInvestigationOutput {
            created_time: Some(record.created_time),
            entity_arn: Some(record.entity_arn.clone()),
            entity_type: Some(record.entity_type.clone()),
            graph_arn: Some(graph_arn.clone()),
            investigation_id: Some(record.id.clone()),
            scope_end_time: Some(record.scope_end_time),
            scope_start_time: Some(record.scope_start_time),
            severity: Some(record.severity.clone()),
            state: Some(record.state.clone()),
            status: Some(status_at(record, self.clock.now())),
        })
    }

    /// The investigations of a graph the caller administers that match every filter, sorted, paginated.
    ///
    /// String filters match whole values exactly; the creation time range
    /// includes both ends. The default order is `CREATED_TIME` descending,
    /// and a sort field without an order sorts descending too; ties go by id.
    pub fn list_investigations(
        &mut self,
        caller: &Caller,
        input: ListInvestigationsInput,
    ) -> Result<ListInvestigationsOutput, ApiError> {
        let graph_arn = required("GraphArn", &input.graph_arn)?;
        let graph = self.administered_graph(caller, graph_arn)?;
        let filter = input.filter_criteria.clone().unwrap_or_default();
        let sort = input.sort_criteria.clone().unwrap_or_default();
        let now = self.clock.now();
        let mut rows: Vec<(String, InvestigationDetail)> = graph
            .investigations
            .values()
            .filter_map(|record| {
                let status = status_at(record, now);
                matches(record, &status, &filter).then(|| {
                    let key = sort_key(record, &status, &sort);
                    let detail = InvestigationDetail {
                        created_time: Some(record.created_time),
                        entity_arn: Some(record.entity_arn.clone()),
                        entity_type: Some(record.entity_type.clone()),
                        investigation_id: Some(record.id.clone()),
                        severity: Some(record.severity.clone()),
                        state: Some(record.state.clone()),
                        status: Some(status),
                    };
                    (key, detail)
                })
            })
            .collect();
        rows.sort_by(|a, b| a.0.cmp(&b.0));
        let filters = digest(&(&input.filter_criteria, &input.sort_criteria))?;
        let scope = TokenScope::for_caller("ListInvestigations", caller, &[&graph.arn, &filters]);
        let page = paginate(
            &self.config.token_key,
            &scope,
            input.max_results,
            input.next_token.as_deref(),
            rows,
            |(key, _)| key.as_str(),
        )?;
        Ok(ListInvestigationsOutput {
            investigation_details: Some(page.items.into_iter().map(|(_, d)| d).collect()),
            next_token: page.next_token,
        })
    }

    /// The indicators of an investigation, of one type if asked, paginated; none while it is `RUNNING`.
    pub fn list_indicators(
        &mut self,
        caller: &Caller,
        input: ListIndicatorsInput,
    ) -> Result<ListIndicatorsOutput, ApiError> {
        let graph_arn = required("GraphArn", &input.graph_arn)?;
        let id = required("InvestigationId", &input.investigation_id)?;
        let record = self.investigation(caller, graph_arn, id)?;
        let finished = status_at(record, self.clock.now()) == InvestigationStatus::Successful;
        let indicators: Vec<(String, Indicator)> = record
            .indicators
            .iter()
            .enumerate()
            .filter(|_| finished)
            .filter(|(_, indicator)| {
                input
                    .indicator_type
                    .as_ref()
                    .is_none_or(|kind| indicator.indicator_type.as_ref() == Some(kind))
            })
            .map(|(i, indicator)| (format!("{i:06}"), indicator.clone()))
            .collect();
        let indicator_type = input
            .indicator_type
            .as_ref()
            .map_or("", IndicatorType::as_str);
        let scope =
            TokenScope::for_caller("ListIndicators", caller, &[graph_arn, id, indicator_type]);
        let page = paginate(
            &self.config.token_key,
            &scope,
            input.max_results,
            input.next_token.as_deref(),
            indicators,
            |(key, _)| key.as_str(),
        )?;
        Ok(ListIndicatorsOutput {
            graph_arn: Some(graph_arn.clone()),
            indicators: Some(page.items.into_iter().map(|(_, i)| i).collect()),
            investigation_id: Some(id.clone()),
            next_token: page.next_token,
        })
    }

    /// Archives or reactivates an investigation; setting the state it already has changes nothing.
    pub fn update_investigation_state(
        &mut self,
        caller: &Caller,
        input: UpdateInvestigationStateInput,
    ) -> Result<UpdateInvestigationStateOutput, ApiError> {
        let graph_arn = required("GraphArn", &input.graph_arn)?;
        let id = required("InvestigationId", &input.investigation_id)?;
        let state = required("State", &input.state)?;
        if !state.is_known() {
            return Err(ApiError::validation(
                ErrorCode::InvalidRequestBody,
                format!(
                    "State {state} is not one of {:?}.",
                    InvestigationState::KNOWN
                ),
            ));
        }
        self.investigation(caller, graph_arn, id)?;
        if let Some(record) = self
            .graph_mut(caller, graph_arn)?
            .investigations
            .get_mut(id.as_str())
        {
            record.state = state.clone();
        }
        Ok(UpdateInvestigationStateOutput {})
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entity_types_come_from_iam_user_and_role_arns_only() {
        let cases = [
            (
                "arn:aws:iam::111122223333:user/alice",
                Some(EntityType::IamUser),
            ),
            (
                "arn:aws:iam::111122223333:role/Admin",
                Some(EntityType::IamRole),
            ),
            (
                "arn:aws-cn:iam::111122223333:role/service-role/Name",
                Some(EntityType::IamRole),
            ),
            ("arn:aws:iam::111122223333:group/admins", None),
            ("arn:aws:iam::111122223333:role/", None),
            ("arn:aws:iam::111122223333:user/path/", None),
            ("arn:aws:sts::111122223333:assumed-role/Admin/s", None),
            ("arn:aws:iam:us-east-1:111122223333:user/alice", None),
            ("arn:aws:iam::1111:user/alice", None),
            ("arn:aws:s3:::bucket", None),
            ("arn:", None),
        ];
        for (arn, expected) in cases {
            assert_eq!(entity_type(arn), expected, "{arn}");
        }
    }

    #[test]
    fn severity_follows_the_number_of_distinct_indicator_types() {
        let of = |kinds: &[IndicatorType]| {
            let indicators: Vec<Indicator> = kinds
                .iter()
                .map(|k| Indicator {
                    indicator_type: Some(k.clone()),
                    indicator_detail: None,
                })
                .collect();
            severity_of(&indicators)
        };
        assert_eq!(of(&[]), Severity::Informational);
        assert_eq!(
            of(&[IndicatorType::NewAso, IndicatorType::NewAso]),
            Severity::Low
        );
        assert_eq!(
            of(&[IndicatorType::NewAso, IndicatorType::NewUserAgent]),
            Severity::Medium
        );
        assert_eq!(
            severity_of(&IndicatorFixtures::builtin_indicators()),
            Severity::High
        );
        assert_eq!(of(&IndicatorType::values()), Severity::Critical);
    }

    #[test]
    fn fixtures_parse_and_pick_entity_then_default_then_builtin() {
        let fixtures = IndicatorFixtures::from_json_str(
            r#"{"Entities": {"arn:aws:iam::111122223333:role/A": {"Severity": "CRITICAL", "Indicators": [
                    {"IndicatorType": "NEW_ASO", "IndicatorDetail": {"NewAsoDetail": {"Aso": "AS64500"}}}]}},
                "Default": {"Indicators": []}}"#,
        )
        .unwrap();
        let (severity, indicators) = fixtures.for_entity("arn:aws:iam::111122223333:role/A");
        assert_eq!(severity, Severity::Critical);
        assert_eq!(indicators.len(), 1);
        assert_eq!(
            fixtures.for_entity("arn:aws:iam::111122223333:role/B"),
            (Severity::Informational, Vec::new())
        );
        let (severity, indicators) =
            IndicatorFixtures::default().for_entity("arn:aws:iam::111122223333:role/B");
        assert_eq!(severity, Severity::High);
        assert_eq!(indicators, IndicatorFixtures::builtin_indicators());
    }

    #[test]
    fn bad_fixtures_are_refused() {
        for text in [
            "not json",
            r#"{"Entities": {"x": {"Severity": "APOCALYPTIC"}}}"#,
            r#"{"Default": {"Indicators": [{"IndicatorType": "GUESSWORK"}]}}"#,
            r#"{"Default": {"Indicators": [{"IndicatorDetail": {}}]}}"#,
            r#"{"Defaults": {}}"#,
        ] {
            assert!(
                matches!(
                    IndicatorFixtures::from_json_str(text),
                    Err(FixtureError::Invalid(_))
                ),
                "{text}"
            );
        }
        assert!(matches!(
            IndicatorFixtures::load("/nonexistent/fixtures.json"),
            Err(FixtureError::Io { .. })
        ));
    }

    #[test]
    fn sort_keys_order_by_field_then_id() {
        let record = |id: &str, severity: Severity, millis: i64| InvestigationRecord {
            id: id.to_owned(),
            entity_arn: String::new(),
            entity_type: EntityType::IamRole,
            scope_start_time: Timestamp::UNIX_EPOCH,
            scope_end_time: Timestamp::UNIX_EPOCH,
            created_time: Timestamp::from_epoch_millis(millis).unwrap(),
            done_at: None,
            severity,
            state: InvestigationState::Active,
            indicators: Vec::new(),
        };
        let a = record("000000000000000000001", Severity::Low, 1_000);
        let b = record("000000000000000000002", Severity::Critical, -1_000);
        let running = InvestigationStatus::Running;
        let by = |field, order| SortCriteria {
            field: Some(field),
            sort_order: Some(order),
        };
        let key = |r, s: &SortCriteria| sort_key(r, &running, s);
        let created_asc = by(SortField::CreatedTime, SortOrder::Asc);
        assert!(key(&b, &created_asc) < key(&a, &created_asc));
        assert!(key(&a, &SortCriteria::default()) < key(&b, &SortCriteria::default()));
        let severity_desc = by(SortField::Severity, SortOrder::Desc);
        assert!(key(&b, &severity_desc) < key(&a, &severity_desc));
        let status_asc = by(SortField::Status, SortOrder::Asc);
        assert!(key(&a, &status_asc) < key(&b, &status_asc), "ties go by id");
    }
}

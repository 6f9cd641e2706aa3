//! Data source packages and data volume: `ListDatasourcePackages`,
//! `UpdateDatasourcePackages`, `BatchGetGraphMemberDatasources`,
//! `BatchGetMembershipDatasources`, `StartMonitoringMember`.
//!
//! Every graph has the three packages of the model. `DETECTIVE_CORE` is
//! `STARTED` from the graph's creation and stays so; `EKS_AUDIT` and
//! `ASFF_SECURITYHUB_FINDING` start `DISABLED` until
//! `UpdateDatasourcePackages` starts them. Each package remembers when it
//! last entered each state.
//!
//! A member's own ingest history starts when its membership is first
//! `ENABLED`: from then on it has every package the graph ingests, stamped
//! with that moment, and a package the graph starts later is stamped with the
//! moment it started. The administrator's history is the graph's.
//!
//! Data volume is modelled just enough to reach `ACCEPTED_BUT_DISABLED`: each
//! account has a fixed daily volume ([`StateConfig::account_volumes`], none by
//! default) and a graph takes at most
//! [`StateConfig::graph_volume_limit_bytes`] from its administrator and its
//! enabled members together.
//!
//! [`StateConfig::account_volumes`]: super::StateConfig::account_volumes
//! [`StateConfig::graph_volume_limit_bytes`]: super::StateConfig::graph_volume_limit_bytes

use super::invitations::no_membership;
use super::pagination::{paginate, TokenScope};
use super::records::{history_to_model, GraphRecord, PACKAGES};
use super::{required, ApiError, Caller, State};
use detective_types::{
    BatchGetGraphMemberDatasourcesInput, BatchGetGraphMemberDatasourcesOutput,
    BatchGetMembershipDatasourcesInput, BatchGetMembershipDatasourcesOutput,
    DatasourcePackageIngestState, ErrorCode, ListDatasourcePackagesInput,
    ListDatasourcePackagesOutput, MemberStatus, MembershipDatasources, StartMonitoringMemberInput,
    StartMonitoringMemberOutput, UnprocessedAccount, UnprocessedGraph,
    UpdateDatasourcePackagesInput, UpdateDatasourcePackagesOutput,
};
use std::collections::BTreeSet;

impl State {
    /// An account's daily data volume (none unless configured).
    pub(crate) fn volume_of(&self, account_id: &str) -> u64 {
        self.config
            .account_volumes
            .get(account_id)
            .copied()
            .unwrap_or(0)
    }

    /// Whether `account_id` can start ingesting into `graph`, on top of `joining` bytes being added in the same request.
    pub(crate) fn volume_fits(&self, graph: &GraphRecord, joining: u64, account_id: &str) -> bool {
        let enabled = graph
            .members
            .values()
            .filter(|m| m.status == MemberStatus::Enabled)
            .fold(self.volume_of(&graph.administrator), |sum, m| {
                sum.saturating_add(self.volume_of(&m.account_id))
            });
        enabled
            .saturating_add(joining)
            .saturating_add(self.volume_of(account_id))
            <= self.config.graph_volume_limit_bytes
    }

    /// The packages of a graph the caller administers and their ingest states, paginated in model order.
    pub fn list_datasource_packages(
        &mut self,
        caller: &Caller,
        input: ListDatasourcePackagesInput,
    ) -> Result<ListDatasourcePackagesOutput, ApiError> {
        let graph_arn = required("GraphArn", &input.graph_arn)?;
        let graph = self.administered_graph(caller, graph_arn)?;
        // Keyed by position in the model's order, which is the map's order and sorts as text.
        let packages: Vec<(String, _)> = graph
            .packages
            .iter()
            .enumerate()
            .map(|(i, (package, record))| (format!("{i:02}"), (package.clone(), record.to_model())))
            .collect();
        let scope = TokenScope::for_caller("ListDatasourcePackages", caller, &[&graph.arn]);
        let page = paginate(
            &self.config.token_key,
            &scope,
            input.max_results,
            input.next_token.as_deref(),
            packages,
            |(key, _)| key.as_str(),
        )?;
        Ok(ListDatasourcePackagesOutput {
            datasource_packages: Some(page.items.into_iter().map(|(_, entry)| entry).collect()),
            next_token: page.next_token,
        })
    }

    /// Starts ingesting packages in a graph the caller administers; a package already started is left as it is.
    pub fn update_datasource_packages(
        &mut self,
        caller: &Caller,
        input: UpdateDatasourcePackagesInput,
    ) -> Result<UpdateDatasourcePackagesOutput, ApiError> {
        let graph_arn = required("GraphArn", &input.graph_arn)?;
        let requested = required("DatasourcePackages", &input.datasource_packages)?;
        if let Some(unknown) = requested.iter().find(|p| !PACKAGES.contains(p)) {
            return Err(ApiError::validation(
                ErrorCode::InvalidRequestBody,
                format!("{unknown} is not a data source package."),
            ));
        }
        self.settle(&caller.region);
        self.administered_graph(caller, graph_arn)?;
        let now = self.clock.now();
        let graph = self.graph_mut(caller, graph_arn)?;
        for package in requested {
            let Some(record) = graph.packages.get_mut(package) else {
                continue;
            };
            if record.state == DatasourcePackageIngestState::Started {
                continue;
            }
            record.enter(DatasourcePackageIngestState::Started, now);
            for membership in graph.members.values_mut() {
                if membership.status == MemberStatus::Enabled {
                    membership.start_ingest(package, now);
                }
            }
        }
        Ok(UpdateDatasourcePackagesOutput {})
    }

    /// The ingest history of named accounts of a graph the caller administers, in request order.
    ///
    /// The administrator's own account is answered with the graph's history;
    /// accounts that are neither, and repeats, are unprocessed.
    pub fn batch_get_graph_member_datasources(
        &mut self,
        caller: &Caller,
        input: BatchGetGraphMemberDatasourcesInput,
    ) -> Result<BatchGetGraphMemberDatasourcesOutput, ApiError> {
        let graph_arn = required("GraphArn", &input.graph_arn)?;
        let account_ids = required("AccountIds", &input.account_ids)?;
        self.settle(&caller.region);
        let graph = self.administered_graph(caller, graph_arn)?;
        let mut seen = BTreeSet::new();
        let mut found = Vec::new();
        let mut unprocessed = Vec::new();
        for account_id in account_ids {
            let history = if *account_id == graph.administrator {
                Some(graph.administrator_history())
            } else {
                graph.members.get(account_id).map(|m| m.ingest.clone())
            };
            let reason = match history {
                None => format!("Account {account_id} is not a member of the behavior graph."),
                Some(_) if !seen.insert(account_id.as_str()) => format!(
                    "Account {account_id} appears more than once in the request; only its first occurrence was processed."
                ),
                Some(history) => {
                    found.push(MembershipDatasources {
                        account_id: Some(account_id.clone()),
                        datasource_package_ingest_history: Some(history_to_model(&history)),
                        graph_arn: Some(graph.arn.clone()),
                    });
                    continue;
                }
            };
            unprocessed.push(UnprocessedAccount {
                account_id: Some(account_id.clone()),
                reason: Some(reason),
            });
        }
        Ok(BatchGetGraphMemberDatasourcesOutput {
            member_datasources: Some(found),
            unprocessed_accounts: Some(unprocessed),
        })
    }

    /// The caller's own ingest history in named graphs of their region, in request order.
    ///
    /// A graph the caller administers is answered with its history; graphs
    /// that do not exist here, where the caller has no membership, and
    /// repeats are unprocessed (never a 404: the request is about many graphs).
    pub fn batch_get_membership_datasources(
        &mut self,
        caller: &Caller,
        input: BatchGetMembershipDatasourcesInput,
    ) -> Result<BatchGetMembershipDatasourcesOutput, ApiError> {
        let graph_arns = required("GraphArns", &input.graph_arns)?;
        self.settle(&caller.region);
        let mut seen = BTreeSet::new();
        let mut found = Vec::new();
        let mut unprocessed = Vec::new();
        for graph_arn in graph_arns {
            // One reason whether the graph is unknown or someone else's: it must not tell which.
            let history = match self.graph(caller, graph_arn) {
                Ok(graph) if graph.administrator == caller.account_id => {
                    Ok(graph.administrator_history())
                }
                Ok(graph) => graph
                    .members
                    .get(&caller.account_id)
                    .map(|m| m.ingest.clone())
                    .ok_or_else(|| no_membership(caller, graph_arn)),
                Err(_) => Err(no_membership(caller, graph_arn)),
            };
            let reason = match history {
                Err(reason) => reason,
                Ok(_) if !seen.insert(graph_arn.as_str()) => format!(
                    "The behavior graph {graph_arn} appears more than once in the request; only its first occurrence was processed."
                ),
                Ok(history) => {
                    found.push(MembershipDatasources {
                        account_id: Some(caller.account_id.clone()),
                        datasource_package_ingest_history: Some(history_to_model(&history)),
                        graph_arn: Some(graph_arn.clone()),
                    });
                    continue;
                }
            };
            unprocessed.push(UnprocessedGraph {
                graph_arn: Some(graph_arn.clone()),
                reason: Some(reason),
            });
        }
        Ok(BatchGetMembershipDatasourcesOutput {
            membership_datasources: Some(found),
            unprocessed_graphs: Some(unprocessed),
        })
    }

    /// Enables a member that is `ACCEPTED_BUT_DISABLED`, once the graph has room for its data volume.
    ///
    /// 404 when the account is not a member, 409 when the membership is in
    /// any other status, 402 when its volume still does not fit.
    pub fn start_monitoring_member(
        &mut self,
        caller: &Caller,
        input: StartMonitoringMemberInput,
    ) -> Result<StartMonitoringMemberOutput, ApiError> {
        let graph_arn = required("GraphArn", &input.graph_arn)?;
        let account_id = required("AccountId", &input.account_id)?;
        self.settle(&caller.region);
        let graph = self.administered_graph(caller, graph_arn)?;
        let membership = graph.members.get(account_id).ok_or_else(|| {
            ApiError::not_found(format!(
                "Account {account_id} is not a member of the behavior graph {graph_arn}."
            ))
        })?;
        if membership.status != MemberStatus::AcceptedButDisabled {
            return Err(ApiError::conflict(format!(
                "Cannot start monitoring account {account_id}: its membership is {}, not {}.",
                membership.status,
                MemberStatus::AcceptedButDisabled
            )));
        }
        if !self.volume_fits(graph, 0, account_id) {
            return Err(ApiError::quota_exceeded(format!(
                "Enabling account {account_id} would take the behavior graph past its data volume limit of {} bytes per day.",
                self.config.graph_volume_limit_bytes
            )));
        }
        let started = graph.started_packages();
        let now = self.clock.now();
        if let Some(membership) = self
            .graph_mut(caller, graph_arn)?
            .members
            .get_mut(account_id)
        {
            membership.enable(&started, now);
        }
        Ok(StartMonitoringMemberOutput {})
    }
}

//! AWS Organizations: `EnableOrganizationAdminAccount`,
//! `DisableOrganizationAdminAccount`, `ListOrganizationAdminAccounts`,
//! `DescribeOrganizationConfiguration`, `UpdateOrganizationConfiguration`.
//!
//! The organization is fixed by the emulator's configuration
//! ([`StateConfig::organization`]): a management account and member
//! accounts. In each region the management account may name one of them the
//! organization's Detective administrator; that account then administers the
//! organization behavior graph (its own graph, created if it has none).
//!
//! - Enable, Disable and ListOrganizationAdminAccounts: the management account only (403 for
//!   anyone else, also when no organization is configured).
//! - Describe and UpdateOrganizationConfiguration: the delegated administrator,
//!   on the organization graph only (403 otherwise: the model lists no 404 for them).
//! - Turning `AutoEnable` on makes every organization account that is not yet a
//!   member of the organization graph join it as `ENABLED` (or
//!   `ACCEPTED_BUT_DISABLED` when its data volume does not fit) with
//!   `InvitationType` `ORGANIZATION`, without an invitation, up to the member
//!   quota. The organization never changes while the emulator runs, so
//!   "accounts that join the organization later" has no other meaning here.
//! - The delegated administrator's `CreateMembers` on an organization account
//!   enables it directly in the same way.
//! - Disabling the administrator deletes the organization graph, as the service does.
//!
//! [`StateConfig::organization`]: super::StateConfig::organization

use super::pagination::{paginate, TokenScope};
use super::records::{GraphRecord, Membership, OrganizationAdmin};
use super::{required, ApiError, Caller, Organization, State};
use detective_types::{
    Administrator, CreateGraphInput, DescribeOrganizationConfigurationInput,
    DescribeOrganizationConfigurationOutput, DisableOrganizationAdminAccountInput,
    DisableOrganizationAdminAccountOutput, EnableOrganizationAdminAccountInput,
    EnableOrganizationAdminAccountOutput, ErrorCode, InvitationType,
    ListOrganizationAdminAccountsInput, ListOrganizationAdminAccountsOutput, MemberStatus,
    Timestamp, UpdateOrganizationConfigurationInput, UpdateOrganizationConfigurationOutput,
};

impl State {
    /// True for an account of the configured organization.
    pub(crate) fn is_organization_account(&self, account_id: &str) -> bool {
        self.config
            .organization
            .as_ref()
            .is_some_and(|org| org.contains(account_id))
    }

    /// True when `graph_arn` is the organization graph of `region`.
    pub(crate) fn is_organization_graph(&self, region: &str, graph_arn: &str) -> bool {
        self.regions
            .get(region)
            .and_then(|r| r.organization_admin.as_ref())
            .is_some_and(|admin| admin.graph_arn == graph_arn)
    }

    /// A membership for an organization account enabled by the delegated administrator, without an invitation.
    pub(crate) fn organization_membership(
        &self,
        graph: &GraphRecord,
        account_id: &str,
        email: &str,
        joining: u64,
        now: Timestamp,
    ) -> Membership {
        let mut membership =
            Membership::invited(account_id, email, MemberStatus::Invited, now, None);
        membership.invitation_type = InvitationType::Organization;
        if self.volume_fits(graph, joining, account_id) {
            membership.enable(&graph.started_packages(), now);
        } else {
            membership.disable_for_volume(now);
        }
        membership
    }

    /// The organization, when the caller is its management account; 403 otherwise.
    fn as_management_account(&self, caller: &Caller) -> Result<Organization, ApiError> {
        match &self.config.organization {
            Some(org) if org.management_account == caller.account_id => Ok(org.clone()),
            Some(_) => Err(ApiError::access_denied(format!(
                "Account {} is not the management account of the organization.",
                caller.account_id
            ))),
            None => Err(ApiError::access_denied(format!(
                "Account {} is not the management account of an organization.",
                caller.account_id
            ))),
        }
    }

    /// The organization graph, when the caller is the delegated administrator and names it; 403 otherwise.
    fn as_delegated_administrator(&self, caller: &Caller, graph_arn: &str) -> Result<(), ApiError> {
        let admin = self
            .regions
            .get(&caller.region)
            .and_then(|r| r.organization_admin.as_ref())
            .filter(|admin| admin.account_id == caller.account_id);
        match admin {
            Some(admin) if admin.graph_arn == graph_arn => Ok(()),
            Some(admin) => Err(ApiError::access_denied(format!(
                "{graph_arn} is not the organization behavior graph; that is {}.",
                admin.graph_arn
            ))),
            None => Err(ApiError::access_denied(format!(
                "Account {} is not the organization's Detective administrator account in region {}.",
                caller.account_id, caller.region
            ))),
        }
    }

    /// Names an organization account the Detective administrator in the caller's region (management account only).
    ///
    /// The account's graph becomes the organization graph; it is created if
    /// the account has none. Naming the current administrator again changes
    /// nothing; naming another while one is set is a `ValidationException`.
    pub fn enable_organization_admin_account(
        &mut self,
        caller: &Caller,
        input: EnableOrganizationAdminAccountInput,
    ) -> Result<EnableOrganizationAdminAccountOutput, ApiError> {
        let account_id = required("AccountId", &input.account_id)?;
        let org = self.as_management_account(caller)?;
        if !org.contains(account_id) {
            return Err(ApiError::validation(
                ErrorCode::InvalidRequestBody,
                format!("Account {account_id} is not an account of the organization."),
            ));
        }
        let current = self
            .regions
            .get(&caller.region)
            .and_then(|r| r.organization_admin.as_ref());
        match current {
            Some(admin) if admin.account_id == *account_id => {
                return Ok(EnableOrganizationAdminAccountOutput {})
            }
            Some(admin) => {
                return Err(ApiError::validation(
                    ErrorCode::InvalidRequestBody,
                    format!(
                        "Account {} is already the organization's Detective administrator in region {}; disable it first.",
                        admin.account_id, caller.region
                    ),
                ))
            }
            None => {}
        }
        // The administrator's graph, as CreateGraph would give it (an existing one unchanged).
        let admin = Caller::new(account_id.clone(), caller.region.clone());
        let graph_arn = self
            .create_graph(&admin, CreateGraphInput::default())?
            .graph_arn
            .ok_or_else(|| ApiError::internal("CreateGraph gave no ARN"))?;
        let now = self.clock.now();
        let region = self.regions.entry(caller.region.clone()).or_default();
        region.organization_admin = Some(OrganizationAdmin {
            account_id: account_id.clone(),
            graph_arn,
            delegation_time: now,
            auto_enable: false,
        });
        Ok(EnableOrganizationAdminAccountOutput {})
    }

    /// Removes the organization's Detective administrator in the caller's region and deletes the organization graph.
    pub fn disable_organization_admin_account(
        &mut self,
        caller: &Caller,
        _input: DisableOrganizationAdminAccountInput,
    ) -> Result<DisableOrganizationAdminAccountOutput, ApiError> {
        self.as_management_account(caller)?;
        let region = self
            .regions
            .get_mut(&caller.region)
            .filter(|r| r.organization_admin.is_some())
            .ok_or_else(|| {
                ApiError::validation(
                    ErrorCode::InvalidRequestBody,
                    format!(
                        "The organization has no Detective administrator account in region {}.",
                        caller.region
                    ),
                )
            })?;
        if let Some(admin) = region.organization_admin.take() {
            region.graphs.remove(&admin.graph_arn);
        }
        Ok(DisableOrganizationAdminAccountOutput {})
    }

    /// The organization's Detective administrator in the caller's region (zero or one), paginated.
    pub fn list_organization_admin_accounts(
        &mut self,
        caller: &Caller,
        input: ListOrganizationAdminAccountsInput,
    ) -> Result<ListOrganizationAdminAccountsOutput, ApiError> {
        self.as_management_account(caller)?;
        let administrators: Vec<Administrator> = self
            .regions
            .get(&caller.region)
            .and_then(|r| r.organization_admin.as_ref())
            .map(|admin| Administrator {
                account_id: Some(admin.account_id.clone()),
                delegation_time: Some(admin.delegation_time),
                graph_arn: Some(admin.graph_arn.clone()),
            })
            .into_iter()
            .collect();
        let scope = TokenScope::for_caller("ListOrganizationAdminAccounts", caller, &[]);
        let page = paginate(
            &self.config.token_key,
            &scope,
            input.max_results,
            input.next_token.as_deref(),
            administrators,
            |admin| admin.account_id.as_deref().unwrap_or_default(),
        )?;
        Ok(ListOrganizationAdminAccountsOutput {
            administrators: Some(page.items),
            next_token: page.next_token,
        })
    }

    /// Whether organization accounts join the organization graph on their own (delegated administrator only).
    pub fn describe_organization_configuration(
        &mut self,
        caller: &Caller,
        input: DescribeOrganizationConfigurationInput,
    ) -> Result<DescribeOrganizationConfigurationOutput, ApiError> {
        let graph_arn = required("GraphArn", &input.graph_arn)?;
        self.as_delegated_administrator(caller, graph_arn)?;
        let auto_enable = self
            .regions
            .get(&caller.region)
            .and_then(|r| r.organization_admin.as_ref())
            .is_some_and(|admin| admin.auto_enable);
        Ok(DescribeOrganizationConfigurationOutput {
            auto_enable: Some(auto_enable),
        })
    }

    /// Turns `AutoEnable` on or off (absent: off, the model's default); turning it on enrols the organization.
    pub fn update_organization_configuration(
        &mut self,
        caller: &Caller,
        input: UpdateOrganizationConfigurationInput,
    ) -> Result<UpdateOrganizationConfigurationOutput, ApiError> {
        let graph_arn = required("GraphArn", &input.graph_arn)?;
        let auto_enable = input.auto_enable.unwrap_or(false);
        self.as_delegated_administrator(caller, graph_arn)?;
        self.settle(&caller.region);
        let joining = if auto_enable {
            self.organization_joiners(caller, graph_arn)?
        } else {
            Vec::new()
        };
        let graph = self.graph_mut(caller, graph_arn)?;
        for membership in joining {
            graph
                .members
                .insert(membership.account_id.clone(), membership);
        }
        if let Some(admin) = self
            .regions
            .get_mut(&caller.region)
            .and_then(|r| r.organization_admin.as_mut())
        {
            admin.auto_enable = auto_enable;
        }
        Ok(UpdateOrganizationConfigurationOutput {})
    }

    /// The memberships auto-enable adds: organization accounts not yet in the graph, in account order, up to the quota.
    fn organization_joiners(
        &self,
        caller: &Caller,
        graph_arn: &str,
    ) -> Result<Vec<Membership>, ApiError> {
        let Some(org) = &self.config.organization else {
            return Ok(Vec::new());
        };
        let graph = self.graph(caller, graph_arn)?;
        let room = self.config.member_quota.saturating_sub(graph.members.len());
        let now = self.clock.now();
        let mut joining_volume = 0u64;
        let mut joiners = Vec::new();
        for account_id in org.accounts() {
            if joiners.len() >= room {
                break;
            }
            if account_id == graph.administrator || graph.members.contains_key(account_id) {
                continue;
            }
            // The emulator knows an account's root address only from the credentials file.
            let email = self
                .directory
                .get(account_id)
                .cloned()
                .unwrap_or_else(|| format!("{account_id}@organization.invalid"));
            let membership =
                self.organization_membership(graph, account_id, &email, joining_volume, now);
            if membership.status == MemberStatus::Enabled {
                joining_volume = joining_volume.saturating_add(self.volume_of(account_id));
            }
            joiners.push(membership);
        }
        Ok(joiners)
    }
}

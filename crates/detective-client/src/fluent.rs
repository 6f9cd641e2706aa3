//! Fluent builders: `client.get_members().graph_arn(arn).account_ids(ids).send().await`.
//!
//! Every operation method on [`Client`] returns a [`Call`] holding the
//! operation's input. Setters fill the input; [`Call::send`] (or `.await` on
//! the call itself) validates it, sends it through the stack and returns the
//! typed output. [`Call::input`] replaces the whole input at once.

use crate::{Client, Error};
use detective_ops::operations::*;
use detective_ops::Operation;
use detective_types::{
    Account, DatasourcePackage, FilterCriteria, IndicatorType, InvestigationState, Sensitive,
    SortCriteria, Timestamp,
};
use std::fmt;
use std::future::{Future, IntoFuture};
use std::pin::Pin;

/// A call of operation `O` being prepared.
pub struct Call<O: Operation> {
    pub(crate) client: Client,
    pub(crate) input: O::Input,
}

impl<O: Operation> fmt::Debug for Call<O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Call")
            .field("operation", &O::NAME)
            .field("input", &self.input)
            .finish()
    }
}

impl<O: Operation> Call<O> {
    /// Replaces the whole input.
    pub fn input(mut self, input: O::Input) -> Self {
        self.input = input;
        self
    }

    /// The input as set so far.
    pub fn as_input(&self) -> &O::Input {
        &self.input
    }

    /// Validates and sends the call.
    pub async fn send(self) -> Result<O::Output, Error> {
        self.client.send::<O>(self.input).await
    }
}

impl<O: Operation> IntoFuture for Call<O> {
    type Output = Result<O::Output, Error>;
    type IntoFuture = Pin<Box<dyn Future<Output = Self::Output> + Send>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}

/// Generates setters on `Call<Op>` for the input's members.
macro_rules! setters {
    ($op:ident { $($kind:ident $(($ty:ty))? $member:ident),* $(,)? }) => {
        impl Call<$op> {
            $( setters!(@one $kind $(($ty))? $member); )*
        }
    };
    (@one string $member:ident) => {
        #[doc = concat!("Sets `", stringify!($member), "`.")]
        pub fn $member(mut self, value: impl Into<String>) -> Self {
            self.input.$member = Some(value.into());
            self
        }
    };
    (@one sensitive $member:ident) => {
        #[doc = concat!("Sets `", stringify!($member), "` (sensitive: never shown in Debug).")]
        pub fn $member(mut self, value: impl Into<String>) -> Self {
            self.input.$member = Some(Sensitive(value.into()));
            self
        }
    };
    (@one int $member:ident) => {
        #[doc = concat!("Sets `", stringify!($member), "`.")]
        pub fn $member(mut self, value: i32) -> Self {
            self.input.$member = Some(value);
            self
        }
    };
    (@one bool $member:ident) => {
        #[doc = concat!("Sets `", stringify!($member), "`.")]
        pub fn $member(mut self, value: bool) -> Self {
            self.input.$member = Some(value);
            self
        }
    };
    (@one strings $member:ident) => {
        #[doc = concat!("Sets `", stringify!($member), "`.")]
        pub fn $member<I, S>(mut self, values: I) -> Self
        where
            I: IntoIterator<Item = S>,
            S: Into<String>,
        {
            self.input.$member = Some(values.into_iter().map(Into::into).collect());
            self
        }
    };
    // A single value of a modeled type (enum, structure, timestamp); `Into`
    // so enums can also be given by their wire text.
    (@one value ($ty:ty) $member:ident) => {
        #[doc = concat!("Sets `", stringify!($member), "`.")]
        pub fn $member(mut self, value: impl Into<$ty>) -> Self {
            self.input.$member = Some(value.into());
            self
        }
    };
    // A list of a modeled type (e.g. enums): the whole list at once.
    (@one list ($ty:ty) $member:ident) => {
        #[doc = concat!("Sets `", stringify!($member), "`.")]
        pub fn $member<I, T>(mut self, values: I) -> Self
        where
            I: IntoIterator<Item = T>,
            T: Into<$ty>,
        {
            self.input.$member = Some(values.into_iter().map(Into::into).collect());
            self
        }
    };
    // A string-to-string map (`TagMap`): the whole map at once.
    (@one map $member:ident) => {
        #[doc = concat!("Sets `", stringify!($member), "` (replacing any set before).")]
        pub fn $member<I, K, V>(mut self, entries: I) -> Self
        where
            I: IntoIterator<Item = (K, V)>,
            K: Into<String>,
            V: Into<String>,
        {
            self.input.$member = Some(
                entries
                    .into_iter()
                    .map(|(k, v)| (k.into(), v.into()))
                    .collect(),
            );
            self
        }
    };
}

setters!(AcceptInvitation { string graph_arn });
setters!(RejectInvitation { string graph_arn });
setters!(DisassociateMembership { string graph_arn });
setters!(DeleteGraph { string graph_arn });
setters!(ListGraphs { int max_results, string next_token });
setters!(ListInvitations { int max_results, string next_token });
setters!(ListMembers { string graph_arn, int max_results, string next_token });
setters!(GetMembers { string graph_arn, strings account_ids });
setters!(DeleteMembers { string graph_arn, strings account_ids });
setters!(CreateMembers { string graph_arn, sensitive message, bool disable_email_notification });
setters!(TagResource { string resource_arn, map tags });
setters!(UntagResource { string resource_arn, strings tag_keys });
setters!(ListTagsForResource { string resource_arn });
setters!(ListDatasourcePackages { string graph_arn, int max_results, string next_token });
setters!(UpdateDatasourcePackages { string graph_arn, list(DatasourcePackage) datasource_packages });
setters!(BatchGetGraphMemberDatasources { string graph_arn, strings account_ids });
setters!(BatchGetMembershipDatasources { strings graph_arns });
setters!(StartMonitoringMember { string graph_arn, string account_id });
setters!(EnableOrganizationAdminAccount { string account_id });
setters!(ListOrganizationAdminAccounts { int max_results, string next_token });
setters!(DescribeOrganizationConfiguration { string graph_arn });
setters!(UpdateOrganizationConfiguration { string graph_arn, bool auto_enable });
setters!(StartInvestigation {
    string graph_arn,
    string entity_arn,
    value(Timestamp) scope_start_time,
    value(Timestamp) scope_end_time,
});
setters!(GetInvestigation { string graph_arn, string investigation_id });
setters!(ListInvestigations {
    string graph_arn,
    value(FilterCriteria) filter_criteria,
    value(SortCriteria) sort_criteria,
    int max_results,
    string next_token,
});
setters!(ListIndicators {
    string graph_arn,
    string investigation_id,
    value(IndicatorType) indicator_type,
    int max_results,
    string next_token,
});
setters!(UpdateInvestigationState {
    string graph_arn,
    string investigation_id,
    value(InvestigationState) state,
});

impl Call<CreateMembers> {
    /// Adds one account to invite.
    pub fn account(
        mut self,
        account_id: impl Into<String>,
        email_address: impl Into<String>,
    ) -> Self {
        self.input
            .accounts
            .get_or_insert_with(Vec::new)
            .push(Account::new(account_id, email_address));
        self
    }

    /// Sets all the accounts to invite.
    pub fn accounts(mut self, accounts: impl IntoIterator<Item = Account>) -> Self {
        self.input.accounts = Some(accounts.into_iter().collect());
        self
    }
}

impl Call<CreateGraph> {
    /// Adds a tag to the new graph.
    pub fn tag(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.input
            .tags
            .get_or_insert_with(Default::default)
            .insert(key.into(), value.into());
        self
    }
}

impl Call<TagResource> {
    /// Adds one tag (keeping those set before).
    pub fn tag(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.input
            .tags
            .get_or_insert_with(Default::default)
            .insert(key.into(), value.into());
        self
    }
}

macro_rules! operation_methods {
    ($($method:ident => $op:ident: $doc:literal),+ $(,)?) => {
        impl Client {
            $(
                #[doc = $doc]
                pub fn $method(&self) -> Call<$op> {
                    Call { client: self.clone(), input: Default::default() }
                }
            )+
        }
    };
}

operation_methods! {
    accept_invitation => AcceptInvitation: "`AcceptInvitation`: accept an invitation to a behavior graph (`INVITED` → `ENABLED`).",
    create_graph => CreateGraph: "`CreateGraph`: create the caller's behavior graph, or get the existing one's ARN.",
    create_members => CreateMembers: "`CreateMembers`: invite accounts to the caller's graph.",
    delete_graph => DeleteGraph: "`DeleteGraph`: delete the caller's graph and every membership in it.",
    delete_members => DeleteMembers: "`DeleteMembers`: remove members from the caller's graph.",
    disassociate_membership => DisassociateMembership: "`DisassociateMembership`: leave a graph the caller is an enabled member of.",
    get_members => GetMembers: "`GetMembers`: details of named members of the caller's graph.",
    list_graphs => ListGraphs: "`ListGraphs`: graphs the caller administers (paged; see [`Call::into_paginator`]).",
    list_invitations => ListInvitations: "`ListInvitations`: the caller's memberships in other graphs (paged).",
    list_members => ListMembers: "`ListMembers`: every member of the caller's graph (paged).",
    reject_invitation => RejectInvitation: "`RejectInvitation`: decline an invitation.",
    tag_resource => TagResource: "`TagResource`: add or overwrite tags of a behavior graph (204, no output).",
    untag_resource => UntagResource: "`UntagResource`: remove tags from a behavior graph by key (204, no output).",
    list_tags_for_resource => ListTagsForResource: "`ListTagsForResource`: a behavior graph's tags.",
    list_datasource_packages => ListDatasourcePackages: "`ListDatasourcePackages`: a graph's data source packages and their ingest states (paged).",
    update_datasource_packages => UpdateDatasourcePackages: "`UpdateDatasourcePackages`: start ingesting optional data source packages in a graph.",
    batch_get_graph_member_datasources => BatchGetGraphMemberDatasources: "`BatchGetGraphMemberDatasources`: data source ingest history of named members of the caller's graph.",
    batch_get_membership_datasources => BatchGetMembershipDatasources: "`BatchGetMembershipDatasources`: the caller's data source ingest history in graphs it belongs to.",
    start_monitoring_member => StartMonitoringMember: "`StartMonitoringMember`: re-enable a member that is `ACCEPTED_BUT_DISABLED`.",
    enable_organization_admin_account => EnableOrganizationAdminAccount: "`EnableOrganizationAdminAccount`: (management account) make an account the organization's Detective administrator.",
    disable_organization_admin_account => DisableOrganizationAdminAccount: "`DisableOrganizationAdminAccount`: (management account) remove the organization's Detective administrator.",
    list_organization_admin_accounts => ListOrganizationAdminAccounts: "`ListOrganizationAdminAccounts`: the organization's Detective administrator accounts (paged).",
    describe_organization_configuration => DescribeOrganizationConfiguration: "`DescribeOrganizationConfiguration`: whether organization accounts are enabled as members automatically.",
    update_organization_configuration => UpdateOrganizationConfiguration: "`UpdateOrganizationConfiguration`: turn automatic enabling of organization accounts on or off.",
    start_investigation => StartInvestigation: "`StartInvestigation`: investigate an IAM user or role over a time range.",
    get_investigation => GetInvestigation: "`GetInvestigation`: one investigation's details.",
    list_investigations => ListInvestigations: "`ListInvestigations`: a graph's investigations, filtered and sorted (paged).",
    list_indicators => ListIndicators: "`ListIndicators`: an investigation's indicators of compromise (paged).",
    update_investigation_state => UpdateInvestigationState: "`UpdateInvestigationState`: archive or reactivate an investigation.",
}

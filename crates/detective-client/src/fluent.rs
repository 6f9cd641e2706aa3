//! Fluent builders: `client.get_members().graph_arn(arn).account_ids(ids).send().await`.
//!
//! Every operation method on [`Client`] returns a [`Call`] holding the
//! operation's input. Setters fill the input; [`Call::send`] (or `.await` on
//! the call itself) validates it, sends it through the stack and returns the
//! typed output. [`Call::input`] replaces the whole input at once.

use crate::{Client, Error};
use detective_ops::operations::*;
use detective_ops::Operation;
use detective_types::{Account, Sensitive};
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
    ($op:ident { $($kind:ident $member:ident),* $(,)? }) => {
        impl Call<$op> {
            $( setters!(@one $kind $member); )*
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
}

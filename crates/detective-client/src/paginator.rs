//! Paginators: every page, or every item, of a list operation as a `Stream`.
//!
//! A paginator sends the call, yields the page, and repeats with the page's
//! `NextToken` until there is none. If the service ever returns a token the
//! walk has already seen, the stream yields that page and then ends with
//! [`Error::RepeatedToken`] instead of looping forever.

use crate::fluent::Call;
use crate::{Client, Error};
use detective_ops::operations::{
    ListDatasourcePackages, ListGraphs, ListIndicators, ListInvestigations, ListInvitations,
    ListMembers, ListOrganizationAdminAccounts,
};
use detective_ops::Operation;
use detective_types::{
    Administrator, DatasourcePackage, DatasourcePackageIngestDetail, Graph, Indicator,
    InvestigationDetail, MemberDetail,
};
use futures_core::Stream;
use futures_util::stream::{self, StreamExt};
use std::collections::HashSet;
use std::pin::Pin;

/// A list operation whose results come in pages.
pub trait Paginated: Operation {
    /// One result.
    type Item: Send + 'static;
    /// The token to resume from, set on the input.
    fn set_next_token(input: &mut Self::Input, token: Option<String>);
    /// The page size, set on the input.
    fn set_page_size(input: &mut Self::Input, size: i32);
    /// The token for the next page, if any.
    fn next_token(output: &Self::Output) -> Option<&str>;
    /// The page's results.
    fn into_items(output: Self::Output) -> Vec<Self::Item>;
}

macro_rules! paginated {
    ($op:ident, $item:ty, $items:ident) => {
        impl Paginated for $op {
            type Item = $item;
            fn set_next_token(input: &mut Self::Input, token: Option<String>) {
                input.next_token = token;
            }
            fn set_page_size(input: &mut Self::Input, size: i32) {
                input.max_results = Some(size);
            }
            fn next_token(output: &Self::Output) -> Option<&str> {
                output.next_token.as_deref()
            }
            fn into_items(output: Self::Output) -> Vec<Self::Item> {
                // `collect` so a page that is a map (`ListDatasourcePackages`)
                // yields its entries as items, in key order, like a list.
                output.$items.unwrap_or_default().into_iter().collect()
            }
        }
    };
}

paginated!(ListGraphs, Graph, graph_list);
paginated!(ListInvitations, MemberDetail, invitations);
paginated!(ListMembers, MemberDetail, member_details);
paginated!(
    ListDatasourcePackages,
    (DatasourcePackage, DatasourcePackageIngestDetail),
    datasource_packages
);
paginated!(ListOrganizationAdminAccounts, Administrator, administrators);
paginated!(
    ListInvestigations,
    InvestigationDetail,
    investigation_details
);
paginated!(ListIndicators, Indicator, indicators);

/// A boxed stream, as paginators return.
pub type BoxStream<T> = Pin<Box<dyn Stream<Item = T> + Send>>;

/// Walks the pages of a list operation.
pub struct Paginator<O: Paginated> {
    client: Client,
    input: O::Input,
}

impl<O: Paginated> Call<O> {
    /// Turns this call into a paginator starting from its input.
    pub fn into_paginator(self) -> Paginator<O> {
        Paginator {
            client: self.client,
            input: self.input,
        }
    }
}

struct Walk<O: Paginated> {
    client: Client,
    input: O::Input,
    seen: HashSet<String>,
    done: bool,
    /// An error to yield after the page that caused it (as botocore does).
    pending: Option<Error>,
}

impl<O: Paginated> Paginator<O> {
    /// Sets the page size (`MaxResults`: 1 to 200, or 1 to 100 for the investigation lists).
    pub fn page_size(mut self, size: i32) -> Self {
        O::set_page_size(&mut self.input, size);
        self
    }

    /// Every page, in order. Ends after the last page, or after the first error.
    pub fn pages(self) -> BoxStream<Result<O::Output, Error>> {
        let walk = Walk::<O> {
            client: self.client,
            seen: HashSet::new(),
            input: self.input,
            done: false,
            pending: None,
        };
        Box::pin(stream::unfold(walk, |mut walk| async move {
            if let Some(error) = walk.pending.take() {
                return Some((Err(error), walk));
            }
            if walk.done {
                return None;
            }
            let result = walk.client.send::<O>(walk.input.clone()).await;
            let page = match result {
                Ok(page) => page,
                Err(e) => {
                    walk.done = true;
                    return Some((Err(e), walk));
                }
            };
            match O::next_token(&page).map(str::to_owned) {
                None => walk.done = true,
                Some(token) if !walk.seen.insert(token.clone()) => {
                    // The page itself is good; the loop it would start is not.
                    walk.done = true;
                    walk.pending = Some(Error::RepeatedToken {
                        operation: O::NAME,
                        token,
                    });
                }
                Some(token) => O::set_next_token(&mut walk.input, Some(token)),
            }
            Some((Ok(page), walk))
        }))
    }

    /// Every item of every page, in order.
    pub fn items(self) -> BoxStream<Result<O::Item, Error>> {
        Box::pin(self.pages().flat_map(|page| {
            let items: Vec<Result<O::Item, Error>> = match page {
                Ok(page) => O::into_items(page).into_iter().map(Ok).collect(),
                Err(e) => vec![Err(e)],
            };
            stream::iter(items)
        }))
    }
}

//! The member's side: invitations to other accounts' graphs.

use crate::graph::{validate_graph_arn, validate_page};
use crate::member::MemberDetail;
use crate::validate::{check, Validate, ValidationError};
use serde::{Deserialize, Serialize};

macro_rules! graph_only_input {
    ($(#[$meta:meta])* $input:ident, $(#[$ometa:meta])* $output:ident) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
        #[serde(rename_all = "PascalCase")]
        pub struct $input {
            /// The graph.
            #[serde(skip_serializing_if = "Option::is_none")]
            pub graph_arn: Option<String>,
        }

        impl Validate for $input {
            fn validate(&self) -> Result<(), ValidationError> {
                validate_graph_arn("GraphArn", check::required("GraphArn", &self.graph_arn)?)
            }
        }

        $(#[$ometa])*
        #[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
        pub struct $output {}
    };
}

graph_only_input!(
    /// Input of `AcceptInvitation`.
    AcceptInvitationInput,
    /// Output of `AcceptInvitation` (empty).
    AcceptInvitationOutput
);
graph_only_input!(
    /// Input of `RejectInvitation`.
    RejectInvitationInput,
    /// Output of `RejectInvitation` (empty).
    RejectInvitationOutput
);
graph_only_input!(
    /// Input of `DisassociateMembership`.
    DisassociateMembershipInput,
    /// Output of `DisassociateMembership` (empty).
    DisassociateMembershipOutput
);

/// Input of `ListInvitations`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListInvitationsInput {
    /// Page size, 1 to 200.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_results: Option<i32>,
    /// Where the previous page ended.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

/// Output of `ListInvitations`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListInvitationsOutput {
    /// The caller's memberships in other accounts' graphs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub invitations: Option<Vec<MemberDetail>>,
    /// Present when more invitations remain.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

impl Validate for ListInvitationsInput {
    fn validate(&self) -> Result<(), ValidationError> {
        validate_page(self.max_results, self.next_token.as_deref())
    }
}

//! One module per operation, each defining a marker type that implements [`Operation`].
//!
//! [`OperationId`] names them all, so code that must handle every operation
//! (the emulator's router, the conformance test) gets a compile error when
//! one is added.

use crate::Operation;

macro_rules! operations {
    ($( $module:ident :: $op:ident ),+ $(,)?) => {
        $( pub mod $module; pub use $module::$op; )+

        /// Every operation this crate defines.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum OperationId {
            $(
                #[doc = concat!("[`", stringify!($op), "`]")]
                $op,
            )+
        }

        impl OperationId {
            /// All operations, in alphabetical order.
            pub const ALL: &'static [OperationId] = &[$(OperationId::$op),+];

            /// The static facts of this operation.
            pub fn info(self) -> OperationInfo {
                match self {
                    $( OperationId::$op => OperationInfo::of::<$op>(), )+
                }
            }
        }
    };
}

operations!(
    accept_invitation::AcceptInvitation,
    create_graph::CreateGraph,
    create_members::CreateMembers,
    delete_graph::DeleteGraph,
    delete_members::DeleteMembers,
    disassociate_membership::DisassociateMembership,
    get_members::GetMembers,
    list_graphs::ListGraphs,
    list_invitations::ListInvitations,
    list_members::ListMembers,
    reject_invitation::RejectInvitation,
);

/// The static facts of an operation, without its types: for tables, routing and lookups by name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OperationInfo {
    /// Model name, e.g. `GetMembers`.
    pub name: &'static str,
    /// snake_case name, e.g. `get_members`.
    pub snake_name: &'static str,
    /// HTTP method.
    pub method: http::Method,
    /// Request URI template.
    pub path: &'static str,
    /// Success status.
    pub success_status: u16,
    /// Modeled error codes.
    pub errors: &'static [&'static str],
    /// Whether results are paged.
    pub paginated: bool,
}

impl OperationInfo {
    /// The facts of `O`.
    pub fn of<O: Operation>() -> Self {
        OperationInfo {
            name: O::NAME,
            snake_name: O::SNAKE_NAME,
            method: O::METHOD,
            path: O::PATH,
            success_status: O::SUCCESS_STATUS,
            errors: O::ERRORS,
            paginated: O::PAGINATED,
        }
    }
}

impl OperationId {
    /// Finds the operation with this model name (`GetMembers`) or snake_case name (`get_members`).
    pub fn from_name(name: &str) -> Option<OperationId> {
        Self::ALL.iter().copied().find(|id| {
            let info = id.info();
            info.name == name || info.snake_name == name
        })
    }

    /// Finds the operation bound to this method and path (the path without its query string).
    pub fn route(method: &http::Method, path: &str) -> Option<OperationId> {
        Self::ALL.iter().copied().find(|id| {
            let info = id.info();
            info.method == *method && crate::path::matches_template(info.path, path)
        })
    }
}

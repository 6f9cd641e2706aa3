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
                self.facts().clone()
            }

            /// The static facts of this operation, by reference: routing
            /// scans them for every request.
            fn facts(self) -> &'static OperationInfo {
                /// Every operation's facts, in the order of [`OperationId`]'s
                /// variants: a variant's discriminant is its index here.
                static FACTS: [OperationInfo; OperationId::ALL.len()] =
                    [$(OperationInfo::of::<$op>()),+];
                &FACTS[self as usize]
            }
        }
    };
}

operations!(
    accept_invitation::AcceptInvitation,
    batch_get_graph_member_datasources::BatchGetGraphMemberDatasources,
    batch_get_membership_datasources::BatchGetMembershipDatasources,
    create_graph::CreateGraph,
    create_members::CreateMembers,
    delete_graph::DeleteGraph,
    delete_members::DeleteMembers,
    describe_organization_configuration::DescribeOrganizationConfiguration,
    disable_organization_admin_account::DisableOrganizationAdminAccount,
    disassociate_membership::DisassociateMembership,
    enable_organization_admin_account::EnableOrganizationAdminAccount,
    get_investigation::GetInvestigation,
    get_members::GetMembers,
    list_datasource_packages::ListDatasourcePackages,
    list_graphs::ListGraphs,
    list_indicators::ListIndicators,
    list_investigations::ListInvestigations,
    list_invitations::ListInvitations,
    list_members::ListMembers,
    list_organization_admin_accounts::ListOrganizationAdminAccounts,
    list_tags_for_resource::ListTagsForResource,
    reject_invitation::RejectInvitation,
    start_investigation::StartInvestigation,
    start_monitoring_member::StartMonitoringMember,
    tag_resource::TagResource,
    untag_resource::UntagResource,
    update_datasource_packages::UpdateDatasourcePackages,
    update_investigation_state::UpdateInvestigationState,
    update_organization_configuration::UpdateOrganizationConfiguration,
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
    /// Input members carried in the path or query string.
    pub bindings: &'static [crate::Binding],
    /// Whether the request has a JSON body.
    pub input_has_body: bool,
    /// Success status.
    pub success_status: u16,
    /// Modeled error codes.
    pub errors: &'static [&'static str],
    /// Whether results are paged.
    pub paginated: bool,
}

impl OperationInfo {
    /// The facts of `O`.
    pub const fn of<O: Operation>() -> Self {
        OperationInfo {
            name: O::NAME,
            snake_name: O::SNAKE_NAME,
            method: O::METHOD,
            path: O::PATH,
            bindings: O::BINDINGS,
            input_has_body: O::INPUT_HAS_BODY,
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
        // All but the tag operations have literal paths: a plain comparison
        // (mostly a length check) settles those; templates are tried only
        // when no literal path matched.
        let literal = Self::ALL.iter().copied().find(|id| {
            let info = id.facts();
            info.path == path && info.method == *method
        });
        literal.or_else(|| {
            Self::ALL.iter().copied().find(|id| {
                let info = id.facts();
                info.method == *method
                    && info.path.contains('{')
                    && crate::path::matches_template(info.path, path)
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::OperationId;
    use http::Method;

    const TAGS_PATH: &str = "/tags/arn%3Aaws%3Adetective%3Aus-east-1%3A111122223333%3Agraph%3A027c7c4610ea4aacaf0b883093cab899";

    #[test]
    fn tag_paths_route_by_method() {
        assert_eq!(
            OperationId::route(&Method::POST, TAGS_PATH),
            Some(OperationId::TagResource)
        );
        assert_eq!(
            OperationId::route(&Method::GET, TAGS_PATH),
            Some(OperationId::ListTagsForResource)
        );
        assert_eq!(
            OperationId::route(&Method::DELETE, TAGS_PATH),
            Some(OperationId::UntagResource)
        );
        assert_eq!(OperationId::route(&Method::PUT, TAGS_PATH), None);
        assert_eq!(OperationId::route(&Method::GET, "/tags/"), None);
        assert_eq!(OperationId::route(&Method::GET, "/tags/a/b"), None);
    }

    #[test]
    fn every_operation_routes_to_itself_and_names_are_unique() {
        for id in OperationId::ALL {
            let info = id.info();
            // Any non-empty text fills a label.
            let path: Vec<&str> = info
                .path
                .split('/')
                .map(|s| if s.starts_with('{') { "arn%3Ax" } else { s })
                .collect();
            let path = path.join("/");
            assert_eq!(OperationId::route(&info.method, &path), Some(*id), "{path}");
            assert_eq!(OperationId::from_name(info.name), Some(*id));
            assert_eq!(OperationId::from_name(info.snake_name), Some(*id));
        }
        assert_eq!(OperationId::ALL.len(), 29);
    }
}

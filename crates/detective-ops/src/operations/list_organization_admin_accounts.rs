//! `ListOrganizationAdminAccounts`: the organization's Detective administrator accounts, paged.

use crate::Operation;
pub use detective_types::{ListOrganizationAdminAccountsInput, ListOrganizationAdminAccountsOutput};

/// The `ListOrganizationAdminAccounts` operation: `POST /orgs/adminAccountslist`.
#[derive(Debug, Clone, Copy, Default)]
pub struct ListOrganizationAdminAccounts;

impl Operation for ListOrganizationAdminAccounts {
    const NAME: &'static str = "ListOrganizationAdminAccounts";
    const SNAKE_NAME: &'static str = "list_organization_admin_accounts";
    const METHOD: http::Method = http::Method::POST;
    const PATH: &'static str = "/orgs/adminAccountslist";
    const ERRORS: &'static [&'static str] = &["AccessDeniedException", "InternalServerException", "TooManyRequestsException", "ValidationException"];
    const PAGINATED: bool = true;
    type Input = ListOrganizationAdminAccountsInput;
    type Output = ListOrganizationAdminAccountsOutput;
}

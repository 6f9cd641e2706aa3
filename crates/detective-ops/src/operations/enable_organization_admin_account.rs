//! `EnableOrganizationAdminAccount`: makes an account the organization's Detective administrator.

use crate::Operation;
pub use detective_types::{EnableOrganizationAdminAccountInput, EnableOrganizationAdminAccountOutput};

/// The `EnableOrganizationAdminAccount` operation: `POST /orgs/enableAdminAccount`.
#[derive(Debug, Clone, Copy, Default)]
pub struct EnableOrganizationAdminAccount;

impl Operation for EnableOrganizationAdminAccount {
    const NAME: &'static str = "EnableOrganizationAdminAccount";
    const SNAKE_NAME: &'static str = "enable_organization_admin_account";
    const METHOD: http::Method = http::Method::POST;
    const PATH: &'static str = "/orgs/enableAdminAccount";
    const ERRORS: &'static [&'static str] = &["AccessDeniedException", "InternalServerException", "TooManyRequestsException", "ValidationException"];
    const PAGINATED: bool = false;
    type Input = EnableOrganizationAdminAccountInput;
    type Output = EnableOrganizationAdminAccountOutput;
}

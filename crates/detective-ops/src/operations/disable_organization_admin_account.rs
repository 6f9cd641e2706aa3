//! `DisableOrganizationAdminAccount`: removes the organization's Detective administrator account.

use crate::Operation;
pub use detective_types::{DisableOrganizationAdminAccountInput, DisableOrganizationAdminAccountOutput};

/// The `DisableOrganizationAdminAccount` operation: `POST /orgs/disableAdminAccount`.
#[derive(Debug, Clone, Copy, Default)]
pub struct DisableOrganizationAdminAccount;

impl Operation for DisableOrganizationAdminAccount {
    const NAME: &'static str = "DisableOrganizationAdminAccount";
    const SNAKE_NAME: &'static str = "disable_organization_admin_account";
    const METHOD: http::Method = http::Method::POST;
    const PATH: &'static str = "/orgs/disableAdminAccount";
    const INPUT_HAS_BODY: bool = false;
    const ERRORS: &'static [&'static str] = &["AccessDeniedException", "InternalServerException", "TooManyRequestsException", "ValidationException"];
    const PAGINATED: bool = false;
    type Input = DisableOrganizationAdminAccountInput;
    type Output = DisableOrganizationAdminAccountOutput;
}

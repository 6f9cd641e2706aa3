//! `UpdateOrganizationConfiguration`: turns automatic enrolment of organization accounts on or off.

use crate::Operation;
pub use detective_types::{UpdateOrganizationConfigurationInput, UpdateOrganizationConfigurationOutput};

/// The `UpdateOrganizationConfiguration` operation: `POST /orgs/updateOrganizationConfiguration`.
#[derive(Debug, Clone, Copy, Default)]
pub struct UpdateOrganizationConfiguration;

impl Operation for UpdateOrganizationConfiguration {
    const NAME: &'static str = "UpdateOrganizationConfiguration";
    const SNAKE_NAME: &'static str = "update_organization_configuration";
    const METHOD: http::Method = http::Method::POST;
    const PATH: &'static str = "/orgs/updateOrganizationConfiguration";
    const ERRORS: &'static [&'static str] = &["AccessDeniedException", "InternalServerException", "TooManyRequestsException", "ValidationException"];
    const PAGINATED: bool = false;
    type Input = UpdateOrganizationConfigurationInput;
    type Output = UpdateOrganizationConfigurationOutput;
}

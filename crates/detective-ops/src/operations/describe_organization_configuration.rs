//! `DescribeOrganizationConfiguration`: whether new organization accounts become members automatically.

use crate::Operation;
pub use detective_types::{DescribeOrganizationConfigurationInput, DescribeOrganizationConfigurationOutput};

/// The `DescribeOrganizationConfiguration` operation: `POST /orgs/describeOrganizationConfiguration`.
#[derive(Debug, Clone, Copy, Default)]
pub struct DescribeOrganizationConfiguration;

impl Operation for DescribeOrganizationConfiguration {
    const NAME: &'static str = "DescribeOrganizationConfiguration";
    const SNAKE_NAME: &'static str = "describe_organization_configuration";
    const METHOD: http::Method = http::Method::POST;
    const PATH: &'static str = "/orgs/describeOrganizationConfiguration";
    const ERRORS: &'static [&'static str] = &["AccessDeniedException", "InternalServerException", "TooManyRequestsException", "ValidationException"];
    const PAGINATED: bool = false;
    type Input = DescribeOrganizationConfigurationInput;
    type Output = DescribeOrganizationConfigurationOutput;
}

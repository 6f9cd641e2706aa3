//! `GetInvestigation`: one investigation's details.

use crate::Operation;
pub use detective_types::{GetInvestigationInput, GetInvestigationOutput};

/// The `GetInvestigation` operation: `POST /investigations/getInvestigation`.
#[derive(Debug, Clone, Copy, Default)]
pub struct GetInvestigation;

impl Operation for GetInvestigation {
    const NAME: &'static str = "GetInvestigation";
    const SNAKE_NAME: &'static str = "get_investigation";
    const METHOD: http::Method = http::Method::POST;
    const PATH: &'static str = "/investigations/getInvestigation";
    const ERRORS: &'static [&'static str] = &["AccessDeniedException", "InternalServerException", "ResourceNotFoundException", "TooManyRequestsException", "ValidationException"];
    const PAGINATED: bool = false;
    type Input = GetInvestigationInput;
    type Output = GetInvestigationOutput;
}

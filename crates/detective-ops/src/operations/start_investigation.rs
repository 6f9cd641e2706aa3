//! `StartInvestigation`: starts an investigation of an IAM user or role.

use crate::Operation;
pub use detective_types::{StartInvestigationInput, StartInvestigationOutput};

/// The `StartInvestigation` operation: `POST /investigations/startInvestigation`.
#[derive(Debug, Clone, Copy, Default)]
pub struct StartInvestigation;

impl Operation for StartInvestigation {
    const NAME: &'static str = "StartInvestigation";
    const SNAKE_NAME: &'static str = "start_investigation";
    const METHOD: http::Method = http::Method::POST;
    const PATH: &'static str = "/investigations/startInvestigation";
    const ERRORS: &'static [&'static str] = &["AccessDeniedException", "InternalServerException", "ResourceNotFoundException", "TooManyRequestsException", "ValidationException"];
    const PAGINATED: bool = false;
    type Input = StartInvestigationInput;
    type Output = StartInvestigationOutput;
}

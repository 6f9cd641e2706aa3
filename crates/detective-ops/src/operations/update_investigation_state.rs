//! `UpdateInvestigationState`: archives or reactivates an investigation.

use crate::Operation;
pub use detective_types::{UpdateInvestigationStateInput, UpdateInvestigationStateOutput};

/// The `UpdateInvestigationState` operation: `POST /investigations/updateInvestigationState`.
#[derive(Debug, Clone, Copy, Default)]
pub struct UpdateInvestigationState;

impl Operation for UpdateInvestigationState {
    const NAME: &'static str = "UpdateInvestigationState";
    const SNAKE_NAME: &'static str = "update_investigation_state";
    const METHOD: http::Method = http::Method::POST;
    const PATH: &'static str = "/investigations/updateInvestigationState";
    const ERRORS: &'static [&'static str] = &["AccessDeniedException", "InternalServerException", "ResourceNotFoundException", "TooManyRequestsException", "ValidationException"];
    const PAGINATED: bool = false;
    type Input = UpdateInvestigationStateInput;
    type Output = UpdateInvestigationStateOutput;
}

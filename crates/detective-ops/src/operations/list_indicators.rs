//! `ListIndicators`: an investigation's indicators of compromise, paged.

use crate::Operation;
pub use detective_types::{ListIndicatorsInput, ListIndicatorsOutput};

/// The `ListIndicators` operation: `POST /investigations/listIndicators`.
#[derive(Debug, Clone, Copy, Default)]
pub struct ListIndicators;

impl Operation for ListIndicators {
    const NAME: &'static str = "ListIndicators";
    const SNAKE_NAME: &'static str = "list_indicators";
    const METHOD: http::Method = http::Method::POST;
    const PATH: &'static str = "/investigations/listIndicators";
    const ERRORS: &'static [&'static str] = &["AccessDeniedException", "InternalServerException", "ResourceNotFoundException", "TooManyRequestsException", "ValidationException"];
    const PAGINATED: bool = true;
    type Input = ListIndicatorsInput;
    type Output = ListIndicatorsOutput;
}

//! `ListInvestigations`: a graph's investigations, filtered, sorted and paged.

use crate::Operation;
pub use detective_types::{ListInvestigationsInput, ListInvestigationsOutput};

/// The `ListInvestigations` operation: `POST /investigations/listInvestigations`.
#[derive(Debug, Clone, Copy, Default)]
pub struct ListInvestigations;

impl Operation for ListInvestigations {
    const NAME: &'static str = "ListInvestigations";
    const SNAKE_NAME: &'static str = "list_investigations";
    const METHOD: http::Method = http::Method::POST;
    const PATH: &'static str = "/investigations/listInvestigations";
    const ERRORS: &'static [&'static str] = &["AccessDeniedException", "InternalServerException", "ResourceNotFoundException", "TooManyRequestsException", "ValidationException"];
    const PAGINATED: bool = true;
    type Input = ListInvestigationsInput;
    type Output = ListInvestigationsOutput;
}

//! `ListGraphs`: graphs the caller administers, paged.

use crate::Operation;
pub use detective_types::{ListGraphsInput, ListGraphsOutput};

/// The `ListGraphs` operation: `POST /graphs/list`.
#[derive(Debug, Clone, Copy, Default)]
pub struct ListGraphs;

impl Operation for ListGraphs {
    const NAME: &'static str = "ListGraphs";
    const SNAKE_NAME: &'static str = "list_graphs";
    const METHOD: http::Method = http::Method::POST;
    const PATH: &'static str = "/graphs/list";
    const ERRORS: &'static [&'static str] = &["AccessDeniedException", "InternalServerException", "ValidationException"];
    const PAGINATED: bool = true;
    type Input = ListGraphsInput;
    type Output = ListGraphsOutput;
}

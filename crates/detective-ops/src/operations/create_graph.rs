//! `CreateGraph`: creates the caller's behavior graph (idempotent).

use crate::Operation;
pub use detective_types::{CreateGraphInput, CreateGraphOutput};

/// The `CreateGraph` operation: `POST /graph`.
#[derive(Debug, Clone, Copy, Default)]
pub struct CreateGraph;

impl Operation for CreateGraph {
    const NAME: &'static str = "CreateGraph";
    const SNAKE_NAME: &'static str = "create_graph";
    const METHOD: http::Method = http::Method::POST;
    const PATH: &'static str = "/graph";
    const ERRORS: &'static [&'static str] = &["AccessDeniedException", "ConflictException", "InternalServerException", "ServiceQuotaExceededException"];
    const PAGINATED: bool = false;
    type Input = CreateGraphInput;
    type Output = CreateGraphOutput;
}

//! `DeleteGraph`: the administrator deletes the graph and every membership.

use crate::Operation;
pub use detective_types::{DeleteGraphInput, DeleteGraphOutput};

/// The `DeleteGraph` operation: `POST /graph/removal`.
#[derive(Debug, Clone, Copy, Default)]
pub struct DeleteGraph;

impl Operation for DeleteGraph {
    const NAME: &'static str = "DeleteGraph";
    const SNAKE_NAME: &'static str = "delete_graph";
    const METHOD: http::Method = http::Method::POST;
    const PATH: &'static str = "/graph/removal";
    const ERRORS: &'static [&'static str] = &["AccessDeniedException", "InternalServerException", "ResourceNotFoundException", "ValidationException"];
    const PAGINATED: bool = false;
    type Input = DeleteGraphInput;
    type Output = DeleteGraphOutput;
}

//! `BatchGetGraphMemberDatasources`: data source package history of a graph's members.

use crate::Operation;
pub use detective_types::{BatchGetGraphMemberDatasourcesInput, BatchGetGraphMemberDatasourcesOutput};

/// The `BatchGetGraphMemberDatasources` operation: `POST /graph/datasources/get`.
#[derive(Debug, Clone, Copy, Default)]
pub struct BatchGetGraphMemberDatasources;

impl Operation for BatchGetGraphMemberDatasources {
    const NAME: &'static str = "BatchGetGraphMemberDatasources";
    const SNAKE_NAME: &'static str = "batch_get_graph_member_datasources";
    const METHOD: http::Method = http::Method::POST;
    const PATH: &'static str = "/graph/datasources/get";
    const ERRORS: &'static [&'static str] = &["AccessDeniedException", "InternalServerException", "ResourceNotFoundException", "ValidationException"];
    const PAGINATED: bool = false;
    type Input = BatchGetGraphMemberDatasourcesInput;
    type Output = BatchGetGraphMemberDatasourcesOutput;
}

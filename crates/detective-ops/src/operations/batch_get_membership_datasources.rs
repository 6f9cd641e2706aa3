//! `BatchGetMembershipDatasources`: the caller's data source package history in the graphs it is a member of.

use crate::Operation;
pub use detective_types::{BatchGetMembershipDatasourcesInput, BatchGetMembershipDatasourcesOutput};

/// The `BatchGetMembershipDatasources` operation: `POST /membership/datasources/get`.
#[derive(Debug, Clone, Copy, Default)]
pub struct BatchGetMembershipDatasources;

impl Operation for BatchGetMembershipDatasources {
    const NAME: &'static str = "BatchGetMembershipDatasources";
    const SNAKE_NAME: &'static str = "batch_get_membership_datasources";
    const METHOD: http::Method = http::Method::POST;
    const PATH: &'static str = "/membership/datasources/get";
    const ERRORS: &'static [&'static str] = &["AccessDeniedException", "InternalServerException", "ResourceNotFoundException", "ValidationException"];
    const PAGINATED: bool = false;
    type Input = BatchGetMembershipDatasourcesInput;
    type Output = BatchGetMembershipDatasourcesOutput;
}

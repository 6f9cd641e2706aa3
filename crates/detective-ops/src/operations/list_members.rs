//! `ListMembers`: every member of a graph, paged.

use crate::Operation;
pub use detective_types::{ListMembersInput, ListMembersOutput};

/// The `ListMembers` operation: `POST /graph/members/list`.
#[derive(Debug, Clone, Copy, Default)]
pub struct ListMembers;

impl Operation for ListMembers {
    const NAME: &'static str = "ListMembers";
    const SNAKE_NAME: &'static str = "list_members";
    const METHOD: http::Method = http::Method::POST;
    const PATH: &'static str = "/graph/members/list";
    const ERRORS: &'static [&'static str] = &["AccessDeniedException", "InternalServerException", "ResourceNotFoundException", "ValidationException"];
    const PAGINATED: bool = true;
    type Input = ListMembersInput;
    type Output = ListMembersOutput;
}

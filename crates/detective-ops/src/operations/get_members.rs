//! `GetMembers`: the administrator reads named members.

use crate::Operation;
pub use detective_types::{GetMembersInput, GetMembersOutput};

/// The `GetMembers` operation: `POST /graph/members/get`.
#[derive(Debug, Clone, Copy, Default)]
pub struct GetMembers;

impl Operation for GetMembers {
    const NAME: &'static str = "GetMembers";
    const SNAKE_NAME: &'static str = "get_members";
    const METHOD: http::Method = http::Method::POST;
    const PATH: &'static str = "/graph/members/get";
    const ERRORS: &'static [&'static str] = &["AccessDeniedException", "InternalServerException", "ResourceNotFoundException", "ValidationException"];
    const PAGINATED: bool = false;
    type Input = GetMembersInput;
    type Output = GetMembersOutput;
}

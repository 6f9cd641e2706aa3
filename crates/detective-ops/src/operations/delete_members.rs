//! `DeleteMembers`: the administrator removes members.

use crate::Operation;
pub use detective_types::{DeleteMembersInput, DeleteMembersOutput};

/// The `DeleteMembers` operation: `POST /graph/members/removal`.
#[derive(Debug, Clone, Copy, Default)]
pub struct DeleteMembers;

impl Operation for DeleteMembers {
    const NAME: &'static str = "DeleteMembers";
    const SNAKE_NAME: &'static str = "delete_members";
    const METHOD: http::Method = http::Method::POST;
    const PATH: &'static str = "/graph/members/removal";
    const ERRORS: &'static [&'static str] = &["AccessDeniedException", "ConflictException", "InternalServerException", "ResourceNotFoundException", "ValidationException"];
    const PAGINATED: bool = false;
    type Input = DeleteMembersInput;
    type Output = DeleteMembersOutput;
}

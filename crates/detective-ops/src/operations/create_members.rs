//! `CreateMembers`: the administrator invites accounts.

use crate::Operation;
pub use detective_types::{CreateMembersInput, CreateMembersOutput};

/// The `CreateMembers` operation: `POST /graph/members`.
#[derive(Debug, Clone, Copy, Default)]
pub struct CreateMembers;

impl Operation for CreateMembers {
    const NAME: &'static str = "CreateMembers";
    const SNAKE_NAME: &'static str = "create_members";
    const METHOD: http::Method = http::Method::POST;
    const PATH: &'static str = "/graph/members";
    const ERRORS: &'static [&'static str] = &["AccessDeniedException", "InternalServerException", "ResourceNotFoundException", "ValidationException", "ServiceQuotaExceededException"];
    const PAGINATED: bool = false;
    type Input = CreateMembersInput;
    type Output = CreateMembersOutput;
}

//! `RejectInvitation`: the invited member declines.

use crate::Operation;
pub use detective_types::{RejectInvitationInput, RejectInvitationOutput};

/// The `RejectInvitation` operation: `POST /invitation/removal`.
#[derive(Debug, Clone, Copy, Default)]
pub struct RejectInvitation;

impl Operation for RejectInvitation {
    const NAME: &'static str = "RejectInvitation";
    const SNAKE_NAME: &'static str = "reject_invitation";
    const METHOD: http::Method = http::Method::POST;
    const PATH: &'static str = "/invitation/removal";
    const ERRORS: &'static [&'static str] = &["AccessDeniedException", "ConflictException", "InternalServerException", "ResourceNotFoundException", "ValidationException"];
    const PAGINATED: bool = false;
    type Input = RejectInvitationInput;
    type Output = RejectInvitationOutput;
}

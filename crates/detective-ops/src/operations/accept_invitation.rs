//! `AcceptInvitation`: the invited member accepts.

use crate::Operation;
pub use detective_types::{AcceptInvitationInput, AcceptInvitationOutput};

/// The `AcceptInvitation` operation: `PUT /invitation`.
#[derive(Debug, Clone, Copy, Default)]
pub struct AcceptInvitation;

impl Operation for AcceptInvitation {
    const NAME: &'static str = "AcceptInvitation";
    const SNAKE_NAME: &'static str = "accept_invitation";
    const METHOD: http::Method = http::Method::PUT;
    const PATH: &'static str = "/invitation";
    const ERRORS: &'static [&'static str] = &["AccessDeniedException", "ConflictException", "InternalServerException", "ResourceNotFoundException", "ValidationException"];
    const PAGINATED: bool = false;
    type Input = AcceptInvitationInput;
    type Output = AcceptInvitationOutput;
}

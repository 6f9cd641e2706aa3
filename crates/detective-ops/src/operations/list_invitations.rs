//! `ListInvitations`: the caller's memberships in other graphs, paged.

use crate::Operation;
pub use detective_types::{ListInvitationsInput, ListInvitationsOutput};

/// The `ListInvitations` operation: `POST /invitations/list`.
#[derive(Debug, Clone, Copy, Default)]
pub struct ListInvitations;

impl Operation for ListInvitations {
    const NAME: &'static str = "ListInvitations";
    const SNAKE_NAME: &'static str = "list_invitations";
    const METHOD: http::Method = http::Method::POST;
    const PATH: &'static str = "/invitations/list";
    const ERRORS: &'static [&'static str] = &["AccessDeniedException", "InternalServerException", "ValidationException"];
    const PAGINATED: bool = true;
    type Input = ListInvitationsInput;
    type Output = ListInvitationsOutput;
}

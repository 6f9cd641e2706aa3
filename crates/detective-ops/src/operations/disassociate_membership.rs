//! `DisassociateMembership`: an enabled member leaves the graph.

use crate::Operation;
pub use detective_types::{DisassociateMembershipInput, DisassociateMembershipOutput};

/// The `DisassociateMembership` operation: `POST /membership/removal`.
#[derive(Debug, Clone, Copy, Default)]
pub struct DisassociateMembership;

impl Operation for DisassociateMembership {
    const NAME: &'static str = "DisassociateMembership";
    const SNAKE_NAME: &'static str = "disassociate_membership";
    const METHOD: http::Method = http::Method::POST;
    const PATH: &'static str = "/membership/removal";
    const ERRORS: &'static [&'static str] = &["AccessDeniedException", "ConflictException", "InternalServerException", "ResourceNotFoundException", "ValidationException"];
    const PAGINATED: bool = false;
    type Input = DisassociateMembershipInput;
    type Output = DisassociateMembershipOutput;
}

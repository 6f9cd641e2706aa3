//! `TagResource`: adds or overwrites tags on a graph.

use crate::{Binding, Operation};
pub use detective_types::{TagResourceInput, TagResourceOutput};

/// The `TagResource` operation: `POST /tags/{ResourceArn}`, answered with 204.
#[derive(Debug, Clone, Copy, Default)]
pub struct TagResource;

impl Operation for TagResource {
    const NAME: &'static str = "TagResource";
    const SNAKE_NAME: &'static str = "tag_resource";
    const METHOD: http::Method = http::Method::POST;
    const PATH: &'static str = "/tags/{ResourceArn}";
    const BINDINGS: &'static [Binding] = &[
        Binding::Label { member: "ResourceArn", label: "ResourceArn" },
    ];
    const SUCCESS_STATUS: u16 = 204;
    const ERRORS: &'static [&'static str] = &["AccessDeniedException", "InternalServerException", "ResourceNotFoundException", "ValidationException"];
    const PAGINATED: bool = false;
    type Input = TagResourceInput;
    type Output = TagResourceOutput;
}

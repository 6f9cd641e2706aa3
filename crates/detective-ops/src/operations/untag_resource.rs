//! `UntagResource`: removes tags from a graph.

use crate::{Binding, Operation};
pub use detective_types::{UntagResourceInput, UntagResourceOutput};

/// The `UntagResource` operation: `DELETE /tags/{ResourceArn}`, answered with 204.
#[derive(Debug, Clone, Copy, Default)]
pub struct UntagResource;

impl Operation for UntagResource {
    const NAME: &'static str = "UntagResource";
    const SNAKE_NAME: &'static str = "untag_resource";
    const METHOD: http::Method = http::Method::DELETE;
    const PATH: &'static str = "/tags/{ResourceArn}";
    const BINDINGS: &'static [Binding] = &[
        Binding::Label { member: "ResourceArn", label: "ResourceArn" },
        Binding::QueryList { member: "TagKeys", name: "tagKeys" },
    ];
    const INPUT_HAS_BODY: bool = false;
    const SUCCESS_STATUS: u16 = 204;
    const ERRORS: &'static [&'static str] = &["AccessDeniedException", "InternalServerException", "ResourceNotFoundException", "ValidationException"];
    const PAGINATED: bool = false;
    type Input = UntagResourceInput;
    type Output = UntagResourceOutput;
}

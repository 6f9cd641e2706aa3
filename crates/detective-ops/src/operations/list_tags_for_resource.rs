//! `ListTagsForResource`: a graph's tags.

use crate::{Binding, Operation};
pub use detective_types::{ListTagsForResourceInput, ListTagsForResourceOutput};

/// The `ListTagsForResource` operation: `GET /tags/{ResourceArn}`.
#[derive(Debug, Clone, Copy, Default)]
pub struct ListTagsForResource;

impl Operation for ListTagsForResource {
    const NAME: &'static str = "ListTagsForResource";
    const SNAKE_NAME: &'static str = "list_tags_for_resource";
    const METHOD: http::Method = http::Method::GET;
    const PATH: &'static str = "/tags/{ResourceArn}";
    const BINDINGS: &'static [Binding] = &[
        Binding::Label { member: "ResourceArn", label: "ResourceArn" },
    ];
    const INPUT_HAS_BODY: bool = false;
    const ERRORS: &'static [&'static str] = &["AccessDeniedException", "InternalServerException", "ResourceNotFoundException", "ValidationException"];
    const PAGINATED: bool = false;
    type Input = ListTagsForResourceInput;
    type Output = ListTagsForResourceOutput;
}

//! `TagResource`, `UntagResource`, `ListTagsForResource`: tags on behavior graphs.
//!
//! The only taggable resource is a behavior graph, named by its ARN in the
//! request path. The codec has already checked every tag against the model
//! (1 to 50 tags per request, keys of 1 to 128 characters without the `aws:`
//! prefix, values up to 256 characters); what is left here is the graph
//! itself (404 when unknown in the caller's region, 403 when another account
//! administers it) and the service's limit of 50 tags per resource, counted
//! after the request's tags are merged with those already there.

use super::{required, ApiError, Caller, State};
use detective_types::{
    ErrorCode, ListTagsForResourceInput, ListTagsForResourceOutput, TagResourceInput,
    TagResourceOutput, Tags, UntagResourceInput, UntagResourceOutput,
};

/// The most tags a resource may carry.
pub(crate) const MAX_TAGS_PER_RESOURCE: usize = 50;

impl State {
    /// Adds tags to a graph the caller administers, overwriting the values of keys it already has.
    pub fn tag_resource(
        &mut self,
        caller: &Caller,
        input: TagResourceInput,
    ) -> Result<TagResourceOutput, ApiError> {
        let arn = required("ResourceArn", &input.resource_arn)?;
        let tags = required("Tags", &input.tags)?;
        let graph = self.administered_graph(caller, arn)?;
        let mut merged: Tags = graph.tags.clone();
        merged.extend(tags.iter().map(|(k, v)| (k.clone(), v.clone())));
        if merged.len() > MAX_TAGS_PER_RESOURCE {
            return Err(ApiError::validation(
                ErrorCode::InvalidRequestBody,
                format!(
                    "The behavior graph {arn} would have {} tags; a resource may have at most {MAX_TAGS_PER_RESOURCE}.",
                    merged.len()
                ),
            ));
        }
        self.graph_mut(caller, arn)?.tags = merged;
        Ok(TagResourceOutput {})
    }

    /// Removes tags from a graph the caller administers; keys it does not have are ignored.
    pub fn untag_resource(
        &mut self,
        caller: &Caller,
        input: UntagResourceInput,
    ) -> Result<UntagResourceOutput, ApiError> {
        let arn = required("ResourceArn", &input.resource_arn)?;
        let keys = required("TagKeys", &input.tag_keys)?;
        self.administered_graph(caller, arn)?;
        let graph = self.graph_mut(caller, arn)?;
        for key in keys {
            graph.tags.remove(key);
        }
        Ok(UntagResourceOutput {})
    }

    /// The tags of a graph the caller administers (an empty map when it has none).
    pub fn list_tags_for_resource(
        &mut self,
        caller: &Caller,
        input: ListTagsForResourceInput,
    ) -> Result<ListTagsForResourceOutput, ApiError> {
        let arn = required("ResourceArn", &input.resource_arn)?;
        let graph = self.administered_graph(caller, arn)?;
        Ok(ListTagsForResourceOutput {
            tags: Some(graph.tags.clone()),
        })
    }
}

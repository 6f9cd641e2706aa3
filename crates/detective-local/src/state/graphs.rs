//! `CreateGraph`, `ListGraphs`, `DeleteGraph`: the administrator's side of a behavior graph.

use super::pagination::{paginate, TokenScope};
use super::records::GraphRecord;
use super::{required, ApiError, Caller, State};
use detective_types::{
    CreateGraphInput, CreateGraphOutput, DeleteGraphInput, DeleteGraphOutput, ListGraphsInput,
    ListGraphsOutput, Tags,
};

/// How many ids to draw before concluding the id source is broken.
const ID_ATTEMPTS: usize = 16;

/// What the service's graph ids look like; anything else would make an ARN no client accepts.
fn is_graph_id(id: &str) -> bool {
    id.len() == 32
        && id
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

impl State {
    /// Creates the caller's graph in their region, or returns the one they already administer unchanged.
    pub fn create_graph(
        &mut self,
        caller: &Caller,
        input: CreateGraphInput,
    ) -> Result<CreateGraphOutput, ApiError> {
        let region = self.regions.get(&caller.region);
        if let Some(existing) = region.and_then(|r| r.graph_of(&caller.account_id)) {
            // Idempotent: the service neither errors nor replaces the tags.
            return Ok(CreateGraphOutput {
                graph_arn: Some(existing.arn.clone()),
            });
        }
        let arn = self.new_graph_arn(caller)?;
        let graph = GraphRecord::new(
            arn.clone(),
            caller.account_id.clone(),
            self.clock.now(),
            input.tags.unwrap_or_default(),
        );
        let region = self.regions.entry(caller.region.clone()).or_default();
        region.issued_arns.insert(arn.clone());
        region.graphs.insert(arn.clone(), graph);
        Ok(CreateGraphOutput {
            graph_arn: Some(arn),
        })
    }

    /// A well-formed ARN never issued in this region before, so a deleted graph's ARN is never reused.
    fn new_graph_arn(&self, caller: &Caller) -> Result<String, ApiError> {
        let issued = self.regions.get(&caller.region).map(|r| &r.issued_arns);
        for _ in 0..ID_ATTEMPTS {
            let id = self.ids.next_graph_id();
            if !is_graph_id(&id) {
                continue;
            }
            let arn = format!(
                "arn:aws:detective:{}:{}:graph:{id}",
                caller.region, caller.account_id
            );
            if !issued.is_some_and(|issued| issued.contains(&arn)) {
                return Ok(arn);
            }
        }
        Err(ApiError::internal(format!(
            "The emulator's id source gave no new, well-formed graph id in {ID_ATTEMPTS} attempts."
        )))
    }

    /// The graphs the caller administers in their region (at most one), paginated.
    pub fn list_graphs(
        &mut self,
        caller: &Caller,
        input: ListGraphsInput,
    ) -> Result<ListGraphsOutput, ApiError> {
        let graphs: Vec<_> = self
            .regions
            .get(&caller.region)
            .map(|region| {
                region
                    .graphs
                    .values()
                    .filter(|graph| graph.administrator == caller.account_id)
                    .map(GraphRecord::to_model)
                    .collect()
            })
            .unwrap_or_default();
        let scope = TokenScope::for_caller("ListGraphs", caller, &[]);
        let page = paginate(
            &self.config.token_key,
            &scope,
            input.max_results,
            input.next_token.as_deref(),
            graphs,
            |graph| graph.arn.as_deref().unwrap_or_default(),
        )?;
        Ok(ListGraphsOutput {
            graph_list: Some(page.items),
            next_token: page.next_token,
        })
    }

    /// Deletes a graph the caller administers, with every membership in it.
    pub fn delete_graph(
        &mut self,
        caller: &Caller,
        input: DeleteGraphInput,
    ) -> Result<DeleteGraphOutput, ApiError> {
        let graph_arn = required("GraphArn", &input.graph_arn)?;
        self.administered_graph(caller, graph_arn)?;
        if self.is_organization_graph(&caller.region, graph_arn) {
            // As in the service: only the management account can end the organization graph.
            return Err(ApiError::validation(
                detective_types::ErrorCode::InvalidRequestBody,
                format!(
                    "The behavior graph {graph_arn} is the organization behavior graph; the organization's management account must disable its Detective administrator account instead."
                ),
            ));
        }
        if let Some(region) = self.regions.get_mut(&caller.region) {
            region.graphs.remove(graph_arn);
        }
        Ok(DeleteGraphOutput {})
    }

    /// Tags of a graph, for tests and tools that inspect the state directly.
    pub fn graph_tags(&self, region: &str, graph_arn: &str) -> Option<&Tags> {
        self.regions
            .get(region)?
            .graphs
            .get(graph_arn)
            .map(|graph| &graph.tags)
    }
}

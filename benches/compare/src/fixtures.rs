//! What every variant sends and what the server answers: the same bytes for all three.

use detective_benches::{
    get_members_input, get_members_output, list_members_input, list_members_output, to_json,
    GRAPH_ARN,
};
use detective_types::{
    CreateGraphOutput, GetMembersInput, Graph, ListGraphsOutput, ListMembersInput,
};

/// Accounts each `GetMembers` names; the answer describes them all.
pub const GET_MEMBERS: usize = 1;
/// The `ListMembers` page size; the answer is a full page (with a next token).
pub const LIST_PAGE: usize = 100;

/// Inputs and canned answers.
pub struct Fixtures {
    /// The `GetMembers` input.
    pub get_members: GetMembersInput,
    /// The `ListMembers` input.
    pub list_members: ListMembersInput,
    /// The `GetMembers` answer body.
    pub get_members_body: Vec<u8>,
    /// The `ListMembers` answer body.
    pub list_members_body: Vec<u8>,
    /// The `ListGraphs` answer body.
    pub list_graphs_body: Vec<u8>,
    /// The `CreateGraph` answer body.
    pub create_graph_body: Vec<u8>,
}

impl Fixtures {
    /// The fixtures (deterministic).
    pub fn new() -> Self {
        let graphs = ListGraphsOutput {
            graph_list: Some(vec![Graph {
                arn: Some(GRAPH_ARN.to_owned()),
                created_time: detective_types::Timestamp::from_epoch_millis(1_767_323_045_678).ok(),
            }]),
            next_token: None,
        };
        Fixtures {
            get_members: get_members_input(GET_MEMBERS),
            list_members: list_members_input(LIST_PAGE as i32),
            get_members_body: to_json(&get_members_output(GET_MEMBERS)),
            list_members_body: to_json(&list_members_output(LIST_PAGE)),
            list_graphs_body: to_json(&graphs),
            create_graph_body: to_json(&CreateGraphOutput {
                graph_arn: Some(GRAPH_ARN.to_owned()),
            }),
        }
    }
}

//! `ListDatasourcePackages`: a graph's data source packages and their ingest states, paged.

use crate::Operation;
pub use detective_types::{ListDatasourcePackagesInput, ListDatasourcePackagesOutput};

/// The `ListDatasourcePackages` operation: `POST /graph/datasources/list`.
#[derive(Debug, Clone, Copy, Default)]
pub struct ListDatasourcePackages;

impl Operation for ListDatasourcePackages {
    const NAME: &'static str = "ListDatasourcePackages";
    const SNAKE_NAME: &'static str = "list_datasource_packages";
    const METHOD: http::Method = http::Method::POST;
    const PATH: &'static str = "/graph/datasources/list";
    const ERRORS: &'static [&'static str] = &["AccessDeniedException", "InternalServerException", "ResourceNotFoundException", "ValidationException"];
    const PAGINATED: bool = true;
    type Input = ListDatasourcePackagesInput;
    type Output = ListDatasourcePackagesOutput;
}

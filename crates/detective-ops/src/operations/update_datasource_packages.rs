//! `UpdateDatasourcePackages`: starts ingesting data source packages into a graph.

use crate::Operation;
pub use detective_types::{UpdateDatasourcePackagesInput, UpdateDatasourcePackagesOutput};

/// The `UpdateDatasourcePackages` operation: `POST /graph/datasources/update`.
#[derive(Debug, Clone, Copy, Default)]
pub struct UpdateDatasourcePackages;

impl Operation for UpdateDatasourcePackages {
    const NAME: &'static str = "UpdateDatasourcePackages";
    const SNAKE_NAME: &'static str = "update_datasource_packages";
    const METHOD: http::Method = http::Method::POST;
    const PATH: &'static str = "/graph/datasources/update";
    const ERRORS: &'static [&'static str] = &["AccessDeniedException", "InternalServerException", "ResourceNotFoundException", "ServiceQuotaExceededException", "ValidationException"];
    const PAGINATED: bool = false;
    type Input = UpdateDatasourcePackagesInput;
    type Output = UpdateDatasourcePackagesOutput;
}

//! `StartMonitoringMember`: asks Detective to enable an accepted member that is not yet enabled.

use crate::Operation;
pub use detective_types::{StartMonitoringMemberInput, StartMonitoringMemberOutput};

/// The `StartMonitoringMember` operation: `POST /graph/member/monitoringstate`.
#[derive(Debug, Clone, Copy, Default)]
pub struct StartMonitoringMember;

impl Operation for StartMonitoringMember {
    const NAME: &'static str = "StartMonitoringMember";
    const SNAKE_NAME: &'static str = "start_monitoring_member";
    const METHOD: http::Method = http::Method::POST;
    const PATH: &'static str = "/graph/member/monitoringstate";
    const ERRORS: &'static [&'static str] = &["AccessDeniedException", "ConflictException", "InternalServerException", "ResourceNotFoundException", "ServiceQuotaExceededException", "ValidationException"];
    const PAGINATED: bool = false;
    type Input = StartMonitoringMemberInput;
    type Output = StartMonitoringMemberOutput;
}

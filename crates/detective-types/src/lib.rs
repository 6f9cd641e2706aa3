//! The Amazon Detective API model as plain Rust types.
//!
//! Every shape the operations use is a struct with public `Option` members
//! (as in the API model, where almost nothing is required on the wire),
//! serialized with the model's PascalCase member names. Enums keep values
//! this version does not know, timestamps read both ISO-8601 and epoch
//! seconds, members the model marks `sensitive` are redacted in `Debug`, and
//! [`Validate`] enforces every model constraint, naming the member and the
//! constraint broken. Nothing here knows about HTTP.
//!
//! ```
//! use detective_types::{Account, CreateMembersInput, Validate};
//!
//! let input = CreateMembersInput {
//!     graph_arn: Some("arn:aws:detective:us-east-1:111122223333:graph:027c7c4610ea4aacaf0b883093cab899".into()),
//!     accounts: Some(vec![Account::new("44445555666", "bob@example.com")]),
//!     ..Default::default()
//! };
//! let err = input.validate().unwrap_err();
//! assert_eq!(err.member(), "Accounts[0].AccountId");
//! assert_eq!(err.to_string(), "Accounts[0].AccountId must be exactly 12 characters long, got 11");
//! // Sensitive members never show in Debug output.
//! assert!(!format!("{input:?}").contains("bob@example.com"));
//! ```

mod datasource;
mod enums;
mod error_code;
mod graph;
mod investigation;
mod invitation;
mod member;
mod member_list;
mod organization;
mod sensitive;
mod tag;
mod timestamp;
pub mod validate;

#[cfg(feature = "proptest")]
pub mod strategies;

pub use datasource::{
    BatchGetGraphMemberDatasourcesInput, BatchGetGraphMemberDatasourcesOutput,
    BatchGetMembershipDatasourcesInput, BatchGetMembershipDatasourcesOutput, DatasourcePackage,
    DatasourcePackageIngestDetail, DatasourcePackageIngestDetails, DatasourcePackageIngestHistory,
    DatasourcePackageIngestState, DatasourcePackageIngestStates, DatasourcePackageUsageInfo,
    LastIngestStateChangeDates, ListDatasourcePackagesInput, ListDatasourcePackagesOutput,
    MembershipDatasources, TimestampForCollection, UnprocessedGraph, UpdateDatasourcePackagesInput,
    UpdateDatasourcePackagesOutput, VolumeUsageByDatasourcePackage,
};
pub use error_code::{ErrorCode, ServiceErrorCode};
pub use graph::{
    CreateGraphInput, CreateGraphOutput, DeleteGraphInput, DeleteGraphOutput, Graph,
    ListGraphsInput, ListGraphsOutput,
};
pub use investigation::{
    DateFilter, EntityType, FilterCriteria, FlaggedIpAddressDetail, FlaggedIpAddressReason,
    GetInvestigationInput, GetInvestigationOutput, ImpossibleTravelDetail, Indicator,
    IndicatorDetail, IndicatorType, InvestigationDetail, InvestigationState, InvestigationStatus,
    ListIndicatorsInput, ListIndicatorsOutput, ListInvestigationsInput, ListInvestigationsOutput,
    NewAsoDetail, NewGeolocationDetail, NewUserAgentDetail, RelatedFindingDetail,
    RelatedFindingGroupDetail, Severity, SortCriteria, SortField, SortOrder,
    StartInvestigationInput, StartInvestigationOutput, StringFilter, TtpsObservedDetail,
    UpdateInvestigationStateInput, UpdateInvestigationStateOutput,
};
pub use invitation::{
    AcceptInvitationInput, AcceptInvitationOutput, DisassociateMembershipInput,
    DisassociateMembershipOutput, ListInvitationsInput, ListInvitationsOutput,
    RejectInvitationInput, RejectInvitationOutput,
};
pub use member::{
    Account, CreateMembersInput, CreateMembersOutput, DeleteMembersInput, DeleteMembersOutput,
    GetMembersInput, GetMembersOutput, InvitationType, ListMembersInput, ListMembersOutput,
    MemberDetail, MemberDisabledReason, MemberStatus, StartMonitoringMemberInput,
    StartMonitoringMemberOutput, UnprocessedAccount,
};
pub use organization::{
    Administrator, DescribeOrganizationConfigurationInput, DescribeOrganizationConfigurationOutput,
    DisableOrganizationAdminAccountInput, DisableOrganizationAdminAccountOutput,
    EnableOrganizationAdminAccountInput, EnableOrganizationAdminAccountOutput,
    ListOrganizationAdminAccountsInput, ListOrganizationAdminAccountsOutput,
    UpdateOrganizationConfigurationInput, UpdateOrganizationConfigurationOutput,
};
pub use sensitive::{Sensitive, REDACTED};
pub use tag::{
    ListTagsForResourceInput, ListTagsForResourceOutput, TagResourceInput, TagResourceOutput, Tags,
    UntagResourceInput, UntagResourceOutput,
};
pub use timestamp::{Timestamp, TimestampError};
pub use validate::{Constraint, Validate, ValidationError};

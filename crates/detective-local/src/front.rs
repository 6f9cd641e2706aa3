//! The emulator's HTTP front: route, authenticate, parse, call the state machine, answer.
//!
//! [`Emulator`] turns an `http::Request<Bytes>` into the `http::Response<Bytes>`
//! the service would give, with no socket involved; [`crate::server`] puts it
//! behind a TCP listener and [`InProcessTransport`] hands it to a client as
//! its transport. Each request goes through the same steps:
//!
//! 1. route by method and path with [`OperationId::route`]: otherwise 404 `UnknownOperationException`;
//! 2. a body over [`MAX_BODY_BYTES`]: 400 `ValidationException`;
//! 3. authenticate with SigV4 ([`crate::auth`]): 403 on failure;
//! 4. parse and validate the input (body, and the path labels and query
//!    parameters the operation binds) with the operation's codec: 400
//!    `ValidationException` with `ErrorCode` `INVALID_GRAPH_ARN` or `INVALID_REQUEST_BODY`;
//! 5. call the [`State`] under its lock and answer with the output or the error.
//!
//! Steps 1 to 4 touch nothing, and the state machine changes nothing when it
//! fails, so a request that fails at any stage changes nothing. Every
//! response carries a new `x-amzn-RequestId` from the emulator's
//! [`RequestIdSource`] (random unless injected).
//!
//! ```
//! use bytes::Bytes;
//! use detective_local::{config::EmulatorConfig, Emulator};
//!
//! let emulator = Emulator::new(EmulatorConfig::default());
//! let request = http::Request::post("http://localhost/graphs/list")
//!     .body(Bytes::from_static(b"{}"))
//!     .unwrap();
//! // Unsigned: the service wants a signature.
//! let response = emulator.handle_sync(request);
//! assert_eq!(response.status(), 403);
//! assert_eq!(response.headers()["x-amzn-errortype"], "MissingAuthenticationTokenException");
//! assert!(response.headers().contains_key("x-amzn-requestid"));
//! ```

use crate::auth;
use crate::config::EmulatorConfig;
use crate::persist::tape::Tape;
use crate::persist::AppliedOperation;
use crate::state::{ApiError, Caller, Clock, IdSource, RandomIds, State, StateConfig, SystemClock};
use bytes::Bytes;
use detective_ops::codec::server::{
    error_response, output_response, parse_http_request, request_error_response,
};
use detective_ops::operations::{
    AcceptInvitation, BatchGetGraphMemberDatasources, BatchGetMembershipDatasources, CreateGraph,
    CreateMembers, DeleteGraph, DeleteMembers, DescribeOrganizationConfiguration,
    DisableOrganizationAdminAccount, DisassociateMembership, EnableOrganizationAdminAccount,
    GetInvestigation, GetMembers, ListDatasourcePackages, ListGraphs, ListIndicators,
    ListInvestigations, ListInvitations, ListMembers, ListOrganizationAdminAccounts,
    ListTagsForResource, RejectInvitation, StartInvestigation, StartMonitoringMember, TagResource,
    UntagResource, UpdateDatasourcePackages, UpdateInvestigationState,
    UpdateOrganizationConfiguration,
};
use detective_ops::{Operation, OperationId, RequestError, ServiceError};
use detective_transport::TransportError;
use detective_types::ServiceErrorCode;
use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll};

mod journaling;

/// The largest request body the emulator reads: 1 MiB. Larger bodies get 400 `ValidationException`.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

/// A request body as the front receives it: whole, or known to be refused.
#[derive(Debug)]
pub(crate) enum RequestBody {
    /// The whole body (at most [`MAX_BODY_BYTES`]).
    Complete(Bytes),
    /// Longer than [`MAX_BODY_BYTES`]; not read whole.
    TooLarge,
    /// Reading it failed (the client went away, bad chunked encoding).
    Unreadable(String),
}

/// A local Amazon Detective: the state machine behind SigV4 verification and the restJson1 codec.
///
/// Clones share the same state. Use [`Emulator::handle`] (or
/// [`handle_sync`](Emulator::handle_sync)) to answer a request in process,
/// [`Emulator::transport`] to give it to a client, and
/// [`crate::server::Server`] to serve it over TCP.
#[derive(Clone)]
pub struct Emulator {
    inner: Arc<Inner>,
}

struct Inner {
    config: EmulatorConfig,
    clock: Arc<dyn Clock>,
    state: Mutex<State>,
    request_ids: Arc<dyn RequestIdSource>,
    /// Signing keys derived while verifying requests (see [`auth::SigningKeys`]).
    signing_keys: auth::SigningKeys,
    /// The journal of applied changes and what it takes to replay it (see [`crate::persist`]).
    durable: journaling::Durable,
}

impl fmt::Debug for Emulator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Emulator")
            .field("config", &self.inner.config)
            .finish_non_exhaustive()
    }
}

/// A source of request ids: the `x-amzn-RequestId` every response carries.
///
/// The emulator uses [`RandomRequestIds`] unless told otherwise; tests that
/// record cassettes or compare responses byte for byte use
/// [`SequentialRequestIds`] (see [`Emulator::with_clock_ids_and_request_ids`]).
pub trait RequestIdSource: Send + Sync {
    /// The next request id.
    fn next_request_id(&self) -> String;
}

/// UUID-shaped (version 4) random request ids, as the service makes them.
///
/// Drawn from `fastrand`'s per-thread generator (seeded from the system's
/// entropy): no lock to take on every response.
#[derive(Debug, Default)]
pub struct RandomRequestIds {
    _private: (),
}

impl RandomRequestIds {
    /// A generator of random ids.
    pub fn new() -> Self {
        RandomRequestIds::default()
    }
}

impl RequestIdSource for RandomRequestIds {
    fn next_request_id(&self) -> String {
        let (hi, lo) = (fastrand::u64(..), fastrand::u64(..));
        // Version 4, variant 10xx, as a random UUID.
        let hi = (hi & 0xffff_ffff_ffff_0fff) | 0x0000_0000_0000_4000;
        let lo = (lo & 0x3fff_ffff_ffff_ffff) | 0x8000_0000_0000_0000;
        uuid_text(hi, lo)
    }
}

/// The 128 bits `hi`, `lo` as UUID text: `8-4-4-4-12` lowercase hex digits.
///
/// Written digit by digit rather than with `format!`: every response needs one.
fn uuid_text(hi: u64, lo: u64) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    // Filled on the stack, then copied into the String once.
    let mut text = [b'-'; 36];
    let mut at = 0;
    for (half, value) in [hi, lo].into_iter().enumerate() {
        for digit in 0..16 {
            if matches!((half, digit), (0, 8) | (0, 12) | (1, 0) | (1, 4)) {
                at += 1;
            }
            let nibble = (value >> (60 - 4 * digit)) & 0xf;
            if let Some(slot) = text.get_mut(at) {
                *slot = DIGITS[usize::from(nibble as u8)];
            }
            at += 1;
        }
    }
    // Every byte is a hex digit or '-', so this never fails; the fallback keeps it panic-free.
    std::str::from_utf8(&text).unwrap_or_default().to_owned()
}

/// Request ids counting up, still UUID-shaped: `00000000-0000-4000-8000-000000000001`, then `...002`.
#[derive(Debug, Default)]
pub struct SequentialRequestIds {
    issued: AtomicU64,
}

impl SequentialRequestIds {
    /// A counter whose first id ends in `000000000001`.
    pub fn new() -> Self {
        SequentialRequestIds::default()
    }
}

impl RequestIdSource for SequentialRequestIds {
    fn next_request_id(&self) -> String {
        let n = self.issued.fetch_add(1, Ordering::Relaxed).wrapping_add(1);
        uuid_text(0x4000, 0x8000_0000_0000_0000 | (n & 0xffff_ffff_ffff))
    }
}

/// The state machine's function for an operation.
type Handler<O> =
    fn(&mut State, &Caller, <O as Operation>::Input) -> Result<<O as Operation>::Output, ApiError>;

impl Emulator {
    /// An emulator on the wall clock with random graph ids.
    pub fn new(config: EmulatorConfig) -> Self {
        Self::with_clock_and_ids(config, Arc::new(SystemClock), Arc::new(RandomIds))
    }

    /// An emulator with an injected clock and id source, so tests can predict timestamps and ARNs.
    ///
    /// The clock is also the one signatures' `X-Amz-Date` is checked against.
    pub fn with_clock_and_ids(
        config: EmulatorConfig,
        clock: Arc<dyn Clock>,
        ids: Arc<dyn IdSource>,
    ) -> Self {
        Self::with_clock_ids_and_request_ids(config, clock, ids, Arc::new(RandomRequestIds::new()))
    }

    /// Like [`with_clock_and_ids`](Self::with_clock_and_ids), with the request ids injected too,
    /// so that every response, headers included, is the same on every run.
    pub fn with_clock_ids_and_request_ids(
        config: EmulatorConfig,
        clock: Arc<dyn Clock>,
        ids: Arc<dyn IdSource>,
        request_ids: Arc<dyn RequestIdSource>,
    ) -> Self {
        let state_config = StateConfig {
            member_quota: config.member_quota,
            verification_delay: config.verification_delay,
            organization: config.credentials.organization().cloned(),
            account_volumes: config.credentials.volumes().clone(),
            graph_volume_limit_bytes: config.graph_volume_limit_bytes,
            investigation_delay: config.investigation_delay,
            indicator_fixtures: Arc::clone(&config.investigation_fixtures),
            ..StateConfig::default()
        };
        // The state machine reads time and ids through a tape, so that each change can be journaled and replayed.
        let tape = Tape::new(Arc::clone(&clock), ids);
        let durable = journaling::Durable::new(tape, state_config);
        let state = durable.fresh_state(config.credentials.directory().clone());
        let emulator = Emulator {
            inner: Arc::new(Inner {
                config,
                clock,
                state: Mutex::new(state),
                request_ids,
                signing_keys: auth::SigningKeys::default(),
                durable,
            }),
        };
        emulator.open_data_dir();
        emulator
    }

    /// The configuration this emulator was made with.
    pub fn config(&self) -> &EmulatorConfig {
        &self.inner.config
    }

    /// A transport that hands requests to this emulator without a socket.
    pub fn transport(&self) -> InProcessTransport {
        InProcessTransport {
            emulator: self.clone(),
        }
    }

    /// Answers a request as the service would (see the [module docs](self)).
    pub async fn handle(&self, request: http::Request<Bytes>) -> http::Response<Bytes> {
        self.handle_sync(request)
    }

    /// [`handle`](Emulator::handle), synchronously: the work never waits on I/O.
    pub fn handle_sync(&self, request: http::Request<Bytes>) -> http::Response<Bytes> {
        let (parts, body) = request.into_parts();
        let body = if body.len() > MAX_BODY_BYTES {
            RequestBody::TooLarge
        } else {
            RequestBody::Complete(body)
        };
        self.respond(&parts, body)
    }

    /// The answer to a request whose body has been read (or refused) by the caller.
    pub(crate) fn respond(
        &self,
        parts: &http::request::Parts,
        body: RequestBody,
    ) -> http::Response<Bytes> {
        let request_id = self.inner.request_ids.next_request_id();
        let response = self.answer(parts, body, &request_id);
        tracing::debug!(
            method = %parts.method,
            path = parts.uri.path(),
            status = response.status().as_u16(),
            request_id,
            "answered"
        );
        response
    }

    fn answer(
        &self,
        parts: &http::request::Parts,
        body: RequestBody,
        request_id: &str,
    ) -> http::Response<Bytes> {
        let Some(operation) = OperationId::route(&parts.method, parts.uri.path()) else {
            let error = ServiceError::new(
                ServiceErrorCode::UnknownOperationException,
                format!(
                    "No operation matches {} {}.",
                    parts.method,
                    parts.uri.path()
                ),
            );
            return error_response(&error, request_id);
        };
        let body = match body {
            RequestBody::Complete(body) => body,
            RequestBody::TooLarge => {
                let error = RequestError::body(format!(
                    "The request body is larger than the limit of {MAX_BODY_BYTES} bytes."
                ));
                return request_error_response(&error, request_id);
            }
            RequestBody::Unreadable(reason) => {
                let error =
                    RequestError::body(format!("The request body could not be read: {reason}"));
                return request_error_response(&error, request_id);
            }
        };
        let now = self.inner.clock.now().as_offset_date_time();
        let caller = match auth::authenticate(
            &self.inner.config,
            &self.inner.signing_keys,
            now,
            parts,
            &body,
        ) {
            Ok(caller) => caller,
            Err(error) => {
                return error_response(&ServiceError::new(error.code, error.message), request_id)
            }
        };
        let ctx = Dispatch {
            emulator: self,
            state: &self.inner.state,
            caller: &caller,
            uri: &parts.uri,
            body: &body,
            request_id,
            replay: None,
        };
        ctx.dispatch(operation)
    }
}

impl<'a> Dispatch<'a> {
    /// A dispatch that applies journal `entry` again, into `state`; `uri` is a placeholder (the input comes from the entry).
    fn replaying(
        emulator: &'a Emulator,
        state: &'a Mutex<State>,
        caller: &'a Caller,
        uri: &'a http::Uri,
        entry: &'a AppliedOperation,
    ) -> Self {
        Dispatch {
            emulator,
            state,
            caller,
            uri,
            body: &[],
            request_id: &entry.request_id,
            replay: Some(entry),
        }
    }

    /// Runs `operation` with this context: one line per operation.
    fn dispatch(&self, operation: OperationId) -> http::Response<Bytes> {
        let ctx = self;
        match operation {
            OperationId::AcceptInvitation => ctx.run::<AcceptInvitation>(State::accept_invitation),
            OperationId::CreateGraph => ctx.run::<CreateGraph>(State::create_graph),
            OperationId::CreateMembers => ctx.run::<CreateMembers>(State::create_members),
            OperationId::DeleteGraph => ctx.run::<DeleteGraph>(State::delete_graph),
            OperationId::DeleteMembers => ctx.run::<DeleteMembers>(State::delete_members),
            OperationId::DisassociateMembership => {
                ctx.run::<DisassociateMembership>(State::disassociate_membership)
            }
            OperationId::GetMembers => ctx.run::<GetMembers>(State::get_members),
            OperationId::ListGraphs => ctx.run::<ListGraphs>(State::list_graphs),
            OperationId::ListInvitations => ctx.run::<ListInvitations>(State::list_invitations),
            OperationId::ListMembers => ctx.run::<ListMembers>(State::list_members),
            OperationId::RejectInvitation => ctx.run::<RejectInvitation>(State::reject_invitation),
            OperationId::BatchGetGraphMemberDatasources => {
                ctx.run::<BatchGetGraphMemberDatasources>(State::batch_get_graph_member_datasources)
            }
            OperationId::BatchGetMembershipDatasources => {
                ctx.run::<BatchGetMembershipDatasources>(State::batch_get_membership_datasources)
            }
            OperationId::DescribeOrganizationConfiguration => ctx
                .run::<DescribeOrganizationConfiguration>(
                    State::describe_organization_configuration,
                ),
            OperationId::DisableOrganizationAdminAccount => ctx
                .run::<DisableOrganizationAdminAccount>(State::disable_organization_admin_account),
            OperationId::EnableOrganizationAdminAccount => {
                ctx.run::<EnableOrganizationAdminAccount>(State::enable_organization_admin_account)
            }
            OperationId::GetInvestigation => ctx.run::<GetInvestigation>(State::get_investigation),
            OperationId::ListDatasourcePackages => {
                ctx.run::<ListDatasourcePackages>(State::list_datasource_packages)
            }
            OperationId::ListIndicators => ctx.run::<ListIndicators>(State::list_indicators),
            OperationId::ListInvestigations => {
                ctx.run::<ListInvestigations>(State::list_investigations)
            }
            OperationId::ListOrganizationAdminAccounts => {
                ctx.run::<ListOrganizationAdminAccounts>(State::list_organization_admin_accounts)
            }
            OperationId::ListTagsForResource => {
                ctx.run::<ListTagsForResource>(State::list_tags_for_resource)
            }
            OperationId::StartInvestigation => {
                ctx.run::<StartInvestigation>(State::start_investigation)
            }
            OperationId::StartMonitoringMember => {
                ctx.run::<StartMonitoringMember>(State::start_monitoring_member)
            }
            OperationId::TagResource => ctx.run::<TagResource>(State::tag_resource),
            OperationId::UntagResource => ctx.run::<UntagResource>(State::untag_resource),
            OperationId::UpdateDatasourcePackages => {
                ctx.run::<UpdateDatasourcePackages>(State::update_datasource_packages)
            }
            OperationId::UpdateInvestigationState => {
                ctx.run::<UpdateInvestigationState>(State::update_investigation_state)
            }
            OperationId::UpdateOrganizationConfiguration => {
                ctx.run::<UpdateOrganizationConfiguration>(State::update_organization_configuration)
            }
        }
    }
}

/// What every operation's dispatch needs, so that each is one line.
struct Dispatch<'a> {
    emulator: &'a Emulator,
    /// The state to run on: the live one, or a fresh one being rebuilt from a journal.
    state: &'a Mutex<State>,
    caller: &'a Caller,
    /// The request URI: the tag operations carry members in its path and query.
    uri: &'a http::Uri,
    body: &'a [u8],
    request_id: &'a str,
    /// Set when replaying a journal: the input, clock readings and ids come from this entry.
    replay: Option<&'a AppliedOperation>,
}

impl Dispatch<'_> {
    /// Parses operation `O`'s input (body, path and query), runs `f` on the state under its lock, and writes the answer.
    fn run<O: Operation>(&self, f: Handler<O>) -> http::Response<Bytes> {
        let input = match self.replay {
            Some(entry) => journaling::replayed_input::<O>(entry),
            None => parse_http_request::<O>(self.uri, self.body),
        };
        let input = match input {
            Ok(input) => input,
            Err(error) => return request_error_response(&error, self.request_id),
        };
        // State never panics while locked, but a poisoned lock must not take the emulator down.
        // The lock is held until the change is journaled, so nobody sees a change that is not durable.
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        if self.replay.is_none() {
            if let Some(refusal) = self.emulator.refusal(self.request_id) {
                return refusal;
            }
        }
        let kept = self.emulator.journaling(self.replay).then(|| input.clone());
        // The tape notes clock readings and ids only for a journal to keep
        // (or feeds them back when replaying one); without one it stays off.
        let taped = kept.is_some() || self.replay.is_some();
        let tape = &self.emulator.inner.durable.tape;
        if taped {
            tape.start(self.replay);
        }
        let result = f(&mut state, self.caller, input);
        let readings = if taped {
            tape.stop()
        } else {
            crate::persist::tape::Readings::default()
        };
        match result {
            Ok(output) => {
                let response = output_response::<O>(&output, self.request_id);
                self.emulator.commit::<O>(
                    &mut state,
                    self.caller,
                    kept,
                    readings,
                    self.request_id,
                    response,
                )
            }
            Err(error) => error_response(&service_error(error), self.request_id),
        }
    }
}

/// The wire form of a state machine error.
fn service_error(error: ApiError) -> ServiceError {
    let mut service_error = ServiceError::new(error.code, error.message);
    service_error.error_code = error.validation_code;
    service_error
}

/// The emulator as a client transport: requests are answered in process, without a socket.
///
/// A `tower_service::Service` with the same request, response and error
/// types as `detective_transport::HyperTransport`, so a client built on one
/// works on the other unchanged. It never fails: every request gets the
/// service's answer.
#[derive(Clone, Debug)]
pub struct InProcessTransport {
    emulator: Emulator,
}

impl InProcessTransport {
    /// The emulator behind this transport.
    pub fn emulator(&self) -> &Emulator {
        &self.emulator
    }
}

impl tower_service::Service<http::Request<Bytes>> for InProcessTransport {
    type Response = http::Response<Bytes>;
    type Error = TransportError;
    type Future = std::future::Ready<Result<http::Response<Bytes>, TransportError>>;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: http::Request<Bytes>) -> Self::Future {
        std::future::ready(Ok(self.emulator.handle_sync(request)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_send<T: Send>(_: &T) {}

    #[test]
    fn handle_is_send_and_answers_like_handle_sync() {
        let emulator = Emulator::new(EmulatorConfig::default());
        let future = emulator.handle(http::Request::new(Bytes::new()));
        assert_send(&future);
        drop(future);
        let response = emulator.handle_sync(http::Request::new(Bytes::new()));
        assert_eq!(response.status(), 404);
    }

    #[test]
    fn request_ids_are_uuid_shaped() {
        let ids = RandomRequestIds::new();
        let a = ids.next_request_id();
        let b = ids.next_request_id();
        assert_ne!(a, b);
        for id in [a, b] {
            let groups: Vec<&str> = id.split('-').collect();
            let lens: Vec<usize> = groups.iter().map(|g| g.len()).collect();
            assert_eq!(lens, [8, 4, 4, 4, 12], "{id}");
            assert!(id
                .bytes()
                .all(|b| b == b'-' || b.is_ascii_digit() || (b'a'..=b'f').contains(&b)));
            assert!(groups[2].starts_with('4'), "{id}");
            assert!(
                matches!(groups[3].as_bytes()[0], b'8' | b'9' | b'a' | b'b'),
                "{id}"
            );
        }
    }

    #[test]
    fn uuid_text_writes_what_format_writes() {
        for (hi, lo) in [
            (0, 0),
            (u64::MAX, u64::MAX),
            (0x0123_4567_89ab_cdef, 0xfedc_ba98_7654_3210),
            (0x4000, 0x8000_0000_0000_0001),
        ] {
            let formatted = format!(
                "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
                hi >> 32,
                (hi >> 16) & 0xffff,
                hi & 0xffff,
                lo >> 48,
                lo & 0xffff_ffff_ffff
            );
            assert_eq!(uuid_text(hi, lo), formatted);
        }
    }

    #[test]
    fn injected_request_ids_are_the_ones_answered_with() {
        let emulator = Emulator::with_clock_ids_and_request_ids(
            EmulatorConfig::default(),
            Arc::new(crate::state::ManualClock::default()),
            Arc::new(crate::state::SequentialIds::new()),
            Arc::new(SequentialRequestIds::new()),
        );
        let ids: Vec<String> = (0..2)
            .map(|_| {
                let response = emulator.handle_sync(http::Request::new(Bytes::new()));
                response.headers()["x-amzn-requestid"]
                    .to_str()
                    .unwrap_or_default()
                    .to_owned()
            })
            .collect();
        assert_eq!(
            ids,
            [
                "00000000-0000-4000-8000-000000000001",
                "00000000-0000-4000-8000-000000000002"
            ]
        );
    }
}

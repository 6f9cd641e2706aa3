//! The front's side of persistence: journal each applied change before answering, replay journals, roll back.
//!
//! The design and its reasons are in [`crate::persist`]; this module is
//! where the front carries it out.

use super::{service_error, Dispatch, Emulator};
use crate::persist::tape::{Readings, Tape};
use crate::persist::{is_read_only, sha256_hex, AppliedOperation, Journal, PersistError, Store};
use crate::state::{ApiError, Caller, Snapshot, State, StateConfig};
use bytes::Bytes;
use detective_ops::codec::server::error_response;
use detective_ops::{Operation, OperationId, RequestError};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

/// What the emulator needs to journal, replay and roll back.
pub(super) struct Durable {
    /// The clock and ids the state machine sees.
    pub(super) tape: Arc<Tape>,
    /// The state machine's configuration, kept to build an identical fresh state (same token key).
    state_config: StateConfig,
    /// Where applied operations are written; set once, when the emulator is made.
    journal: OnceLock<Arc<dyn Journal>>,
    /// The `seq` of the last journaled operation.
    applied: AtomicU64,
    /// Why the in-memory state can no longer be trusted, once that happens; every operation then gets 500.
    broken: Mutex<Option<String>>,
    /// The error that left a data directory unopened, for [`Emulator::open`] to return.
    open_error: Mutex<Option<PersistError>>,
}

impl Durable {
    pub(super) fn new(tape: Arc<Tape>, state_config: StateConfig) -> Durable {
        Durable {
            tape,
            state_config,
            journal: OnceLock::new(),
            applied: AtomicU64::new(0),
            broken: Mutex::new(None),
            open_error: Mutex::new(None),
        }
    }

    fn broken(&self) -> std::sync::MutexGuard<'_, Option<String>> {
        self.broken.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// A fresh, empty state configured as the live one, seeing the same tape.
    pub(super) fn fresh_state(&self, directory: crate::state::AccountDirectory) -> State {
        State::new(
            self.state_config.clone(),
            Arc::clone(&self.tape) as _,
            Arc::clone(&self.tape) as _,
            directory,
        )
    }
}

/// The input of a journaled operation, read back for a replay.
pub(super) fn replayed_input<O: Operation>(
    entry: &AppliedOperation,
) -> Result<O::Input, RequestError> {
    serde_json::from_value(entry.input.clone()).map_err(|e| {
        RequestError::body(format!(
            "journal entry {} does not fit {}: {e}",
            entry.seq,
            O::NAME
        ))
    })
}

fn internal(message: String, request_id: &str) -> http::Response<Bytes> {
    error_response(&service_error(ApiError::internal(message)), request_id)
}

impl Emulator {
    /// An emulator whose state persists in `config.data_dir`, restored from it; in memory without one.
    ///
    /// Like [`Emulator::new`], but a data directory that cannot be opened or
    /// replayed is an error here, where `new` gives an emulator that answers
    /// every operation with 500 `InternalServerException` saying why.
    pub fn open(config: crate::EmulatorConfig) -> Result<Emulator, PersistError> {
        Emulator::new(config).into_opened()
    }

    /// [`open`](Emulator::open) with an injected clock, id source and request ids.
    pub fn open_with(
        config: crate::EmulatorConfig,
        clock: Arc<dyn crate::state::Clock>,
        ids: Arc<dyn crate::state::IdSource>,
        request_ids: Arc<dyn super::RequestIdSource>,
    ) -> Result<Emulator, PersistError> {
        Emulator::with_clock_ids_and_request_ids(config, clock, ids, request_ids).into_opened()
    }

    /// An emulator that writes every applied change to `journal` before answering,
    /// starting from the state that replaying what `journal` already holds gives.
    ///
    /// With a [`MemoryJournal`](crate::persist::MemoryJournal) this is the
    /// log of the order in which concurrent changes were applied; give the
    /// entries to another emulator this way to rebuild the same state. The
    /// configuration must not name a data directory (that is a journal too).
    pub fn with_journal(
        config: crate::EmulatorConfig,
        clock: Arc<dyn crate::state::Clock>,
        ids: Arc<dyn crate::state::IdSource>,
        request_ids: Arc<dyn super::RequestIdSource>,
        journal: Arc<dyn Journal>,
    ) -> Result<Emulator, PersistError> {
        if let Some(dir) = &config.data_dir {
            return Err(PersistError::Corrupt(format!(
                "a journal was given and the configuration names data directory {} as well",
                dir.display()
            )));
        }
        let emulator = Emulator::with_clock_ids_and_request_ids(config, clock, ids, request_ids);
        emulator.attach(journal)?;
        Ok(emulator)
    }

    /// The error that kept the configured data directory from being used, if any.
    fn into_opened(self) -> Result<Emulator, PersistError> {
        let error = self
            .inner
            .durable
            .open_error
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
        match error {
            Some(error) => Err(error),
            None => Ok(self),
        }
    }

    /// Opens the configured data directory, if any, and restores the state from it.
    ///
    /// Called once by the constructors. On failure the emulator is marked
    /// broken (every operation answers 500 saying why) and the error is kept
    /// for [`open`](Emulator::open).
    pub(super) fn open_data_dir(&self) {
        let Some(dir) = self.inner.config.data_dir.clone() else {
            return;
        };
        let result = Store::open(&dir).and_then(|store| self.attach(Arc::new(store)));
        if let Err(error) = result {
            tracing::error!(data_dir = %dir.display(), %error, "cannot restore the emulator's state");
            *self.inner.durable.broken() = Some(format!(
                "The emulator could not restore its state from {}: {error}",
                dir.display()
            ));
            *self
                .inner
                .durable
                .open_error
                .lock()
                .unwrap_or_else(PoisonError::into_inner) = Some(error);
        } else {
            tracing::info!(
                data_dir = %dir.display(),
                operations = self.inner.durable.applied.load(Ordering::Acquire),
                "restored the emulator's state"
            );
        }
    }

    /// Replays what `journal` holds into the state and journals every later change to it.
    fn attach(&self, journal: Arc<dyn Journal>) -> Result<(), PersistError> {
        let entries = journal.entries()?;
        let (state, last) = self.replayed_state(&entries)?;
        let mut live = self
            .inner
            .state
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if self.inner.durable.journal.set(journal).is_err() {
            return Err(PersistError::Corrupt(
                "the emulator already has a journal".to_owned(),
            ));
        }
        *live = state;
        self.inner.durable.applied.store(last, Ordering::Release);
        Ok(())
    }

    /// A fresh state with `entries` applied in order, and the last `seq` applied.
    ///
    /// Each entry goes through the same dispatch as a live request, with its
    /// journaled input, clock readings and ids, into a state of its own (so
    /// this works while the live state's lock is held), and must give the
    /// same answer it gave live.
    fn replayed_state(&self, entries: &[AppliedOperation]) -> Result<(State, u64), PersistError> {
        let fresh = Mutex::new(
            self.inner
                .durable
                .fresh_state(self.inner.config.credentials.directory().clone()),
        );
        // A replay reads its input from the entry, not from a request.
        let uri = http::Uri::from_static("/");
        let mut expected_seq = 1u64;
        for entry in entries {
            let diverged = |reason: String| PersistError::Diverged {
                seq: entry.seq,
                operation: entry.operation.clone(),
                reason,
            };
            if entry.seq != expected_seq {
                return Err(diverged(format!(
                    "comes where entry {expected_seq} belongs"
                )));
            }
            let operation = OperationId::from_name(&entry.operation)
                .ok_or_else(|| diverged("names an unknown operation".to_owned()))?;
            let caller = Caller::new(entry.account_id.clone(), entry.region.clone());
            let response =
                Dispatch::replaying(self, &fresh, &caller, &uri, entry).dispatch(operation);
            if !response.status().is_success() {
                return Err(diverged(format!(
                    "failed with {}: {}",
                    response.status(),
                    String::from_utf8_lossy(response.body())
                )));
            }
            if sha256_hex(response.body()) != entry.output_sha256 {
                return Err(diverged("gave another answer than it did live".to_owned()));
            }
            expected_seq = expected_seq.saturating_add(1);
        }
        let state = fresh.into_inner().unwrap_or_else(PoisonError::into_inner);
        Ok((state, expected_seq.saturating_sub(1)))
    }

    /// Whether operations run now must be kept for the journal (live, with a journal).
    pub(super) fn journaling(&self, replay: Option<&AppliedOperation>) -> bool {
        replay.is_none() && self.inner.durable.journal.get().is_some()
    }

    /// The 500 to answer with instead of running an operation, when the state can no longer be trusted.
    pub(super) fn refusal(&self, request_id: &str) -> Option<http::Response<Bytes>> {
        let broken = self.inner.durable.broken();
        broken
            .as_ref()
            .map(|reason| internal(format!("{reason} Restart the emulator."), request_id))
    }

    /// Journals a successful live operation, if it needs to be, before its `response` is sent.
    ///
    /// `state` is the live state, still locked. When the journal fails, the
    /// state is rebuilt from what the journal holds and the answer is 500.
    #[allow(clippy::too_many_arguments)] // Every one is a distinct fact about the call being journaled.
    pub(super) fn commit<O: Operation>(
        &self,
        state: &mut State,
        caller: &Caller,
        input: Option<O::Input>,
        readings: Readings,
        request_id: &str,
        response: http::Response<Bytes>,
    ) -> http::Response<Bytes> {
        let (Some(input), Some(journal)) = (input, self.inner.durable.journal.get()) else {
            return response;
        };
        if is_read_only(O::NAME) && readings.ids.is_empty() {
            return response;
        }
        let seq = self
            .inner
            .durable
            .applied
            .load(Ordering::Acquire)
            .saturating_add(1);
        let written = serde_json::to_value(&input)
            .map_err(|e| PersistError::Corrupt(format!("{} input: {e}", O::NAME)))
            .and_then(|input| {
                journal.append(&AppliedOperation {
                    seq,
                    operation: O::NAME.to_owned(),
                    account_id: caller.account_id.clone(),
                    region: caller.region.clone(),
                    request_id: request_id.to_owned(),
                    input,
                    clock: readings.clock,
                    ids: readings.ids,
                    output_sha256: sha256_hex(response.body()),
                })
            });
        match written {
            Ok(()) => {
                self.inner.durable.applied.store(seq, Ordering::Release);
                response
            }
            Err(error) => self.roll_back(state, journal.as_ref(), &error, request_id),
        }
    }

    /// Makes `state` what `journal` holds again after a failed append, and answers 500.
    fn roll_back(
        &self,
        state: &mut State,
        journal: &dyn Journal,
        error: &PersistError,
        request_id: &str,
    ) -> http::Response<Bytes> {
        tracing::error!(%error, "could not journal a change; restoring the state from the journal");
        let rebuilt = journal
            .entries()
            .and_then(|entries| self.replayed_state(&entries));
        match rebuilt {
            Ok((rebuilt, last)) => {
                *state = rebuilt;
                self.inner.durable.applied.store(last, Ordering::Release);
                internal(
                    format!(
                        "The emulator could not save this change ({error}); its state has been \
                         restored from what was saved."
                    ),
                    request_id,
                )
            }
            Err(rebuild_error) => {
                tracing::error!(%rebuild_error, "could not restore the state from the journal");
                let reason = format!(
                    "The emulator could not save a change ({error}) nor restore its state \
                     ({rebuild_error})."
                );
                *self.inner.durable.broken() = Some(reason.clone());
                internal(format!("{reason} Restart the emulator."), request_id)
            }
        }
    }

    /// Everything the emulator holds, settled as of its clock's current time: equal for equal states.
    pub fn snapshot(&self) -> Snapshot {
        self.inner
            .state
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .snapshot()
    }

    /// How many changes have been journaled (0 without a journal).
    pub fn journaled_operations(&self) -> u64 {
        self.inner.durable.applied.load(Ordering::Acquire)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::persist::MemoryJournal;
    use crate::state::{ManualClock, SequentialIds};
    use crate::EmulatorConfig;
    use serde_json::Value;
    use std::sync::atomic::AtomicBool;

    /// A journal that can be told to fail, to test what a failed commit does.
    #[derive(Default)]
    struct FlakyJournal {
        inner: MemoryJournal,
        fail_append: AtomicBool,
        fail_entries: AtomicBool,
    }

    impl Journal for FlakyJournal {
        fn append(&self, entry: &AppliedOperation) -> Result<(), PersistError> {
            if self.fail_append.load(Ordering::SeqCst) {
                return Err(PersistError::Database("disk full".into()));
            }
            self.inner.append(entry)
        }
        fn entries(&self) -> Result<Vec<AppliedOperation>, PersistError> {
            if self.fail_entries.load(Ordering::SeqCst) {
                return Err(PersistError::Database("unreadable".into()));
            }
            self.inner.entries()
        }
    }

    fn config() -> EmulatorConfig {
        // Signatures are covered elsewhere; here the caller comes from the credential alone.
        EmulatorConfig {
            verify_signatures: false,
            ..EmulatorConfig::default()
        }
    }

    fn emulator(journal: Arc<dyn Journal>) -> Emulator {
        Emulator::with_journal(
            config(),
            Arc::new(ManualClock::default()),
            Arc::new(SequentialIds::new()),
            Arc::new(super::super::SequentialRequestIds::new()),
            journal,
        )
        .unwrap()
    }

    fn call(emulator: &Emulator, account: &str, path: &str, body: Value) -> (u16, Value) {
        let request = http::Request::post(format!("http://localhost{path}"))
            .header(
                "authorization",
                format!("AWS4-HMAC-SHA256 Credential={account}/20260101/us-east-1/detective/aws4_request"),
            )
            .body(Bytes::from(body.to_string()))
            .unwrap();
        let response = emulator.handle_sync(request);
        let status = response.status().as_u16();
        let body = serde_json::from_slice(response.body()).unwrap_or(Value::Null);
        (status, body)
    }

    const ADMIN: &str = "111111111111";
    const MEMBER: &str = "222222222222";

    fn workflow(emulator: &Emulator) -> String {
        let (status, created) = call(emulator, ADMIN, "/graph", serde_json::json!({}));
        assert_eq!(status, 200);
        let arn = created["GraphArn"].as_str().unwrap().to_owned();
        let accounts = serde_json::json!({"GraphArn": arn, "Accounts": [{"AccountId": MEMBER, "EmailAddress": "m@example.com"}]});
        assert_eq!(call(emulator, ADMIN, "/graph/members", accounts).0, 200);
        assert_eq!(
            call(emulator, ADMIN, "/graphs/list", serde_json::json!({})).0,
            200
        );
        let accept = http::Request::put("http://localhost/invitation")
            .header("authorization", format!("AWS4-HMAC-SHA256 Credential={MEMBER}/20260101/us-east-1/detective/aws4_request"))
            .body(Bytes::from(serde_json::json!({"GraphArn": arn}).to_string()))
            .unwrap();
        assert_eq!(emulator.handle_sync(accept).status(), 200);
        arn
    }

    #[test]
    fn changes_are_journaled_in_order_and_reads_are_not() {
        let journal = Arc::new(MemoryJournal::new());
        let live = emulator(journal.clone());
        workflow(&live);
        let entries = journal.snapshot();
        let names: Vec<&str> = entries.iter().map(|e| e.operation.as_str()).collect();
        assert_eq!(names, ["CreateGraph", "CreateMembers", "AcceptInvitation"]);
        let seqs: Vec<u64> = entries.iter().map(|e| e.seq).collect();
        assert_eq!(seqs, [1, 2, 3]);
        assert_eq!(entries[0].ids.len(), 1, "CreateGraph drew one id");
        assert!(!entries[1].clock.is_empty(), "CreateMembers read the clock");
        assert_eq!(live.journaled_operations(), 3);
    }

    #[test]
    fn replaying_the_journal_rebuilds_the_same_state() {
        let journal = Arc::new(MemoryJournal::new());
        let live = emulator(journal.clone());
        workflow(&live);
        let replayed = emulator(Arc::new(MemoryJournal::with_entries(journal.snapshot())));
        assert_eq!(replayed.snapshot(), live.snapshot());
        assert_eq!(replayed.journaled_operations(), 3);
        // The replayed emulator goes on numbering after the replayed entries.
        let (status, _) = call(&replayed, MEMBER, "/graph", serde_json::json!({}));
        assert_eq!(status, 200);
        assert_eq!(replayed.journaled_operations(), 4);
    }

    #[test]
    fn operations_with_uri_bound_members_and_investigations_replay_too() {
        let journal = Arc::new(MemoryJournal::new());
        let live = emulator(journal.clone());
        let arn = workflow(&live);
        let send = |method: &str, path: String, body: Value| {
            let request = http::Request::builder()
                .method(method)
                .uri(format!("http://localhost{path}"))
                .header(
                    "authorization",
                    format!("AWS4-HMAC-SHA256 Credential={ADMIN}/20260101/us-east-1/detective/aws4_request"),
                )
                .body(Bytes::from(body.to_string()))
                .unwrap();
            live.handle_sync(request).status().as_u16()
        };
        let encoded = arn.replace(':', "%3A").replace('/', "%2F");
        let tags = serde_json::json!({"Tags": {"team": "blue", "env": "test"}});
        assert_eq!(send("POST", format!("/tags/{encoded}"), tags), 204);
        assert_eq!(
            send(
                "DELETE",
                format!("/tags/{encoded}?tagKeys=env"),
                Value::Null
            ),
            204
        );
        let investigation = serde_json::json!({
            "GraphArn": arn,
            "EntityArn": "arn:aws:iam::111111111111:user/alice",
            "ScopeStartTime": "2025-12-01T00:00:00Z",
            "ScopeEndTime": "2025-12-02T00:00:00Z"
        });
        assert_eq!(
            send(
                "POST",
                "/investigations/startInvestigation".into(),
                investigation
            ),
            200
        );
        let packages = serde_json::json!({"GraphArn": arn, "DatasourcePackages": ["EKS_AUDIT"]});
        assert_eq!(
            send("POST", "/graph/datasources/update".into(), packages),
            200
        );
        let names: Vec<String> = journal
            .snapshot()
            .into_iter()
            .map(|e| e.operation)
            .collect();
        assert_eq!(
            names[3..],
            [
                "TagResource",
                "UntagResource",
                "StartInvestigation",
                "UpdateDatasourcePackages"
            ]
        );
        let replayed = emulator(Arc::new(MemoryJournal::with_entries(journal.snapshot())));
        let (a, b) = (live.snapshot(), replayed.snapshot());
        assert!(a == b, "{:?}", a.first_difference(&b));
        assert!(
            format!("{a:?}").contains("team"),
            "the tags are in the snapshot"
        );
    }

    #[test]
    fn a_journal_that_gives_another_answer_is_refused() {
        let journal = Arc::new(MemoryJournal::new());
        workflow(&emulator(journal.clone()));
        let mut entries = journal.snapshot();
        entries[1].output_sha256 = sha256_hex(b"something else");
        let err = Emulator::with_journal(
            config(),
            Arc::new(ManualClock::default()),
            Arc::new(SequentialIds::new()),
            Arc::new(super::super::SequentialRequestIds::new()),
            Arc::new(MemoryJournal::with_entries(entries)),
        )
        .unwrap_err();
        assert!(
            matches!(err, PersistError::Diverged { seq: 2, .. }),
            "{err}"
        );
    }

    #[test]
    fn a_failed_commit_answers_500_and_rolls_the_change_back() {
        let journal = Arc::new(FlakyJournal::default());
        let live = emulator(journal.clone());
        let arn = workflow(&live);
        let before = live.snapshot();
        journal.fail_append.store(true, Ordering::SeqCst);
        let (status, body) = call(
            &live,
            ADMIN,
            "/graph/removal",
            serde_json::json!({"GraphArn": arn}),
        );
        assert_eq!(status, 500);
        assert!(
            body["Message"].as_str().unwrap().contains("disk full"),
            "{body}"
        );
        assert_eq!(live.snapshot(), before, "the deletion was rolled back");
        assert_eq!(live.journaled_operations(), 3);
        // Reads need no journal and still work; the next change works once the journal does.
        assert_eq!(
            call(&live, ADMIN, "/graphs/list", serde_json::json!({})).0,
            200
        );
        journal.fail_append.store(false, Ordering::SeqCst);
        assert_eq!(
            call(
                &live,
                ADMIN,
                "/graph/removal",
                serde_json::json!({"GraphArn": arn})
            )
            .0,
            200
        );
        assert_eq!(live.journaled_operations(), 4);
    }

    #[test]
    fn a_state_that_cannot_be_restored_refuses_every_operation() {
        let journal = Arc::new(FlakyJournal::default());
        let live = emulator(journal.clone());
        workflow(&live);
        journal.fail_append.store(true, Ordering::SeqCst);
        journal.fail_entries.store(true, Ordering::SeqCst);
        assert_eq!(call(&live, MEMBER, "/graph", serde_json::json!({})).0, 500);
        journal.fail_append.store(false, Ordering::SeqCst);
        journal.fail_entries.store(false, Ordering::SeqCst);
        let (status, body) = call(&live, ADMIN, "/graphs/list", serde_json::json!({}));
        assert_eq!(status, 500);
        assert!(
            body["Message"]
                .as_str()
                .unwrap()
                .contains("Restart the emulator"),
            "{body}"
        );
    }

    #[test]
    fn an_unopenable_data_dir_is_an_error_for_open_and_500_for_new() {
        let file = std::env::temp_dir().join(format!("detective-not-a-dir-{}", std::process::id()));
        std::fs::write(&file, b"a file, not a directory").unwrap();
        let config = EmulatorConfig {
            data_dir: Some(file.clone()),
            ..config()
        };
        assert!(matches!(
            Emulator::open(config.clone()),
            Err(PersistError::Io { .. })
        ));
        let (status, body) = call(
            &Emulator::new(config),
            ADMIN,
            "/graphs/list",
            serde_json::json!({}),
        );
        assert_eq!(status, 500);
        assert!(
            body["Message"]
                .as_str()
                .unwrap()
                .contains("could not restore"),
            "{body}"
        );
        std::fs::remove_file(&file).unwrap();
    }
}

//! What the emulator writes down for each change it applies, and where.

use super::PersistError;
use detective_types::Timestamp;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::sync::{Mutex, PoisonError};

/// One operation the emulator applied and answered with success, with all it
/// needs to apply it again with the same result.
///
/// The state machine is deterministic given its inputs, the clock readings
/// it takes and the ids it draws, so those are recorded along with the
/// input: replaying the entries in order into an empty state rebuilds the
/// same state. `output_sha256` lets a replay check that it did.
///
/// `Debug` leaves the input out: it holds e-mail addresses and messages.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppliedOperation {
    /// Position in the order the emulator applied its changes, from 1 without gaps.
    pub seq: u64,
    /// The operation's model name, e.g. `CreateMembers`.
    pub operation: String,
    /// The calling account.
    pub account_id: String,
    /// The region of the call's credential scope.
    pub region: String,
    /// The `x-amzn-RequestId` of the answer, to match entries with what clients saw.
    pub request_id: String,
    /// The parsed, validated input, as its JSON form.
    pub input: serde_json::Value,
    /// Every clock reading the state machine took, in order.
    pub clock: Vec<Timestamp>,
    /// Every id the state machine drew, in order.
    pub ids: Vec<String>,
    /// Lowercase hex SHA-256 of the success response's body.
    pub output_sha256: String,
}

impl fmt::Debug for AppliedOperation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AppliedOperation")
            .field("seq", &self.seq)
            .field("operation", &self.operation)
            .field("account_id", &self.account_id)
            .field("region", &self.region)
            .field("request_id", &self.request_id)
            .field("input", &detective_types::REDACTED)
            .field("clock", &self.clock)
            .field("ids", &self.ids)
            .field("output_sha256", &self.output_sha256)
            .finish()
    }
}

/// Where applied operations go: written before their answer is sent.
///
/// The emulator calls [`append`](Journal::append) with the state lock held,
/// so entries arrive in the order the changes were applied, each with the
/// next `seq`. An implementation must return only once the entry is as
/// durable as it promises to be: the answer is sent right after. If it
/// fails, the emulator rebuilds its state from [`entries`](Journal::entries)
/// and answers 500.
pub trait Journal: Send + Sync {
    /// Records one applied operation.
    fn append(&self, entry: &AppliedOperation) -> Result<(), PersistError>;
    /// Every recorded operation, in `seq` order.
    fn entries(&self) -> Result<Vec<AppliedOperation>, PersistError>;
}

/// A journal in memory: the log of applied operations, for tests that want
/// to know the order in which the emulator applied concurrent changes.
#[derive(Default)]
pub struct MemoryJournal {
    entries: Mutex<Vec<AppliedOperation>>,
}

impl MemoryJournal {
    /// An empty log.
    pub fn new() -> Self {
        MemoryJournal::default()
    }

    /// A log that already holds `entries` (for example, to replay them into a new emulator).
    pub fn with_entries(entries: Vec<AppliedOperation>) -> Self {
        MemoryJournal {
            entries: Mutex::new(entries),
        }
    }

    /// A copy of the log, in the order the operations were applied.
    pub fn snapshot(&self) -> Vec<AppliedOperation> {
        self.lock().clone()
    }

    /// How many operations the log holds.
    pub fn len(&self) -> usize {
        self.lock().len()
    }

    /// True when nothing was applied yet.
    pub fn is_empty(&self) -> bool {
        self.lock().is_empty()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<AppliedOperation>> {
        // Pushing a whole entry cannot be interrupted half-way; a poisoned lock holds a valid Vec.
        self.entries.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl fmt::Debug for MemoryJournal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MemoryJournal")
            .field("entries", &self.len())
            .finish()
    }
}

impl Journal for MemoryJournal {
    fn append(&self, entry: &AppliedOperation) -> Result<(), PersistError> {
        self.lock().push(entry.clone());
        Ok(())
    }

    fn entries(&self) -> Result<Vec<AppliedOperation>, PersistError> {
        Ok(self.snapshot())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(seq: u64) -> AppliedOperation {
        AppliedOperation {
            seq,
            operation: "CreateMembers".into(),
            account_id: "111111111111".into(),
            region: "us-east-1".into(),
            request_id: "r".into(),
            input: serde_json::json!({"Accounts": [{"EmailAddress": "secret@example.com"}]}),
            clock: vec![Timestamp::UNIX_EPOCH],
            ids: vec!["0".repeat(32)],
            output_sha256: "00".into(),
        }
    }

    #[test]
    fn entries_round_trip_through_json_and_debug_hides_the_input() {
        let e = entry(1);
        let text = serde_json::to_string(&e).unwrap();
        let back: AppliedOperation = serde_json::from_str(&text).unwrap();
        assert_eq!(back, e);
        let debug = format!("{e:?}");
        assert!(!debug.contains("secret@example.com"), "{debug}");
        assert!(debug.contains("CreateMembers"), "{debug}");
    }

    #[test]
    fn timestamps_keep_their_nanoseconds() {
        let mut e = entry(1);
        let precise = time::OffsetDateTime::from_unix_timestamp_nanos(1_767_225_600_123_456_789)
            .unwrap()
            .into();
        e.clock = vec![precise];
        let back: AppliedOperation =
            serde_json::from_str(&serde_json::to_string(&e).unwrap()).unwrap();
        assert_eq!(back.clock, [precise]);
    }

    #[test]
    fn memory_journal_keeps_the_order_of_appends() {
        let journal = MemoryJournal::new();
        assert!(journal.is_empty());
        for seq in 1..=3 {
            journal.append(&entry(seq)).unwrap();
        }
        let seqs: Vec<u64> = journal.entries().unwrap().iter().map(|e| e.seq).collect();
        assert_eq!(seqs, [1, 2, 3]);
        assert_eq!(journal.len(), 3);
    }
}

//! Keeping the emulator's state across restarts: a write-ahead journal of applied operations.
//!
//! With a data directory ([`crate::EmulatorConfig::data_dir`], `detective
//! serve --data-dir DIR`), every change the emulator makes is durable
//! before its answer is sent, and a restart on the same directory finds
//! every region's state as the last answered change left it.
//!
//! # Design
//!
//! The state machine ([`crate::state`]) stays pure: nothing in it knows
//! about disks. Instead, the front records each operation that succeeded and
//! may have changed something as an [`AppliedOperation`]: the operation,
//! the caller, the validated input, and every clock reading and graph id
//! the state machine used (through a [`tape`] placed in front of the real
//! clock and id source). Given those, the state machine is deterministic, so
//! replaying the entries in order into an empty state rebuilds the same
//! state; each entry also carries the SHA-256 of the answer it produced, and
//! a replay that answers differently (an emulator version that behaves
//! differently, say) is refused instead of silently yielding another state.
//!
//! Operations whose name starts with `Get`, `List`, `BatchGet` or
//! `Describe` are not journaled unless they drew an id: they change nothing
//! but the settling of due verifications and investigations, which depends
//! only on the clock and is redone the same way by the next operation.
//!
//! Order per request, with the state lock held throughout: apply the
//! operation to the in-memory state, append its entry to the journal and
//! commit it to disk, release the lock, answer. Holding the lock means no
//! other request can see a change before it is durable, and the journal's
//! order is the order in which changes were applied. If the commit fails,
//! the in-memory state is rebuilt from the journal (which then holds exactly
//! the committed changes: the failed one is either there, fully, or not at
//! all) and the request is answered 500 `InternalServerException`; if even
//! that rebuild fails, the emulator answers 500 to every further operation
//! rather than serve a state it cannot vouch for. Applying first and
//! rolling back on failure was chosen over journaling first because the
//! entry needs what only the application knows (the clock readings, ids and
//! answer), and a failed commit is rare enough that rebuilding is cheap
//! overall; cloning the whole state before every change would not be.
//!
//! # Why redb
//!
//! The journal lives in a [redb](https://docs.rs/redb) database
//! (`detective.redb` in the data directory) rather than SQLite through
//! `rusqlite`'s bundled build. Both give ACID commits that survive a crash
//! or `SIGKILL`; redb's `Durability::Immediate` commit returns only after
//! fsync, which is exactly the "durable before the answer" this needs. The
//! deciding difference is build cost: redb is pure Rust with no dependencies
//! of its own and compiles in seconds, while the bundled SQLite is a large
//! C compilation on every clean build, for every developer and every CI run,
//! and needs a C toolchain. The journal needs nothing SQL offers (one
//! append-only table read in key order), so there is nothing to gain for
//! that cost. redb also locks its file, so two servers cannot share a data
//! directory by mistake.
//!
//! # Limits
//!
//! The journal grows with every change and is replayed in full on start;
//! there is no snapshot or compaction yet. Pagination tokens are signed
//! with a key made at start, so, as with the real service across a
//! deployment, a `NextToken` does not survive a restart.

mod journal;
mod store;
pub(crate) mod tape;

pub use journal::{AppliedOperation, Journal, MemoryJournal};
pub use store::{Store, DATABASE_FILE};

use std::fmt;
use std::path::PathBuf;

/// Why the emulator's state could not be saved or restored.
#[derive(Debug)]
pub enum PersistError {
    /// The data directory could not be created or read.
    Io {
        /// The directory.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The database refused an operation (already open elsewhere, disk full, damaged file).
    Database(String),
    /// The journal holds something this emulator cannot read.
    Corrupt(String),
    /// Replaying a journaled operation did not give the answer it gave when it was applied.
    Diverged {
        /// The entry's `seq`.
        seq: u64,
        /// The operation.
        operation: String,
        /// What differed.
        reason: String,
    },
}

impl fmt::Display for PersistError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PersistError::Io { path, source } => {
                write!(f, "cannot use data directory {}: {source}", path.display())
            }
            PersistError::Database(reason) => write!(f, "data directory: {reason}"),
            PersistError::Corrupt(reason) => write!(f, "unreadable journal: {reason}"),
            PersistError::Diverged {
                seq,
                operation,
                reason,
            } => write!(
                f,
                "replaying journal entry {seq} ({operation}) {reason}; the data directory was \
                 written by an emulator that behaves differently, or with other settings"
            ),
        }
    }
}

impl std::error::Error for PersistError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            PersistError::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

/// True for operations that only read (by their model name): they are not journaled unless they draw an id.
pub(crate) fn is_read_only(operation: &str) -> bool {
    ["Get", "List", "BatchGet", "Describe"]
        .iter()
        .any(|prefix| operation.starts_with(prefix))
}

/// Lowercase hex SHA-256 of `bytes`.
pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use detective_ops::OperationId;

    #[test]
    fn reads_are_told_from_changes_by_name() {
        let read_only: Vec<&str> = OperationId::ALL
            .iter()
            .map(|id| id.info().name)
            .filter(|name| is_read_only(name))
            .collect();
        for name in [
            "GetMembers",
            "ListGraphs",
            "BatchGetGraphMemberDatasources",
            "DescribeOrganizationConfiguration",
        ] {
            assert!(read_only.contains(&name), "{name}");
        }
        for name in [
            "CreateGraph",
            "CreateMembers",
            "AcceptInvitation",
            "TagResource",
            "StartInvestigation",
            "UpdateOrganizationConfiguration",
            "DeleteGraph",
        ] {
            assert!(!is_read_only(name), "{name}");
        }
    }

    #[test]
    fn sha256_is_lowercase_hex() {
        assert_eq!(
            sha256_hex(b""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }
}

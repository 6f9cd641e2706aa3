//! The journal on disk: one redb database file in the data directory.

use super::{AppliedOperation, Journal, PersistError};
use redb::{Database, Durability, ReadableTable, TableDefinition};
use std::fmt;
use std::path::{Path, PathBuf};

/// Applied operations by `seq`, each as its JSON text.
const JOURNAL: TableDefinition<u64, &[u8]> = TableDefinition::new("journal");
/// Facts about the file itself, such as the layout version.
const META: TableDefinition<&str, &str> = TableDefinition::new("meta");
/// The layout of the tables above; a file of another layout is refused rather than misread.
const FORMAT: &str = "detective-journal-1";
/// The database's file name inside the data directory.
pub const DATABASE_FILE: &str = "detective.redb";

/// The emulator's data directory: a journal of applied operations in a redb database.
///
/// Every [`append`](Journal::append) is its own write transaction committed
/// with [`Durability::Immediate`], so it has reached the disk (fsync) when
/// `append` returns. A second process opening the same directory is refused
/// by redb's file lock.
pub struct Store {
    db: Database,
    path: PathBuf,
}

impl fmt::Debug for Store {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Store").field("path", &self.path).finish()
    }
}

fn database(path: &Path, doing: &str) -> impl FnOnce(redb::Error) -> PersistError {
    let context = format!("{doing} {}", path.display());
    move |e| PersistError::Database(format!("{context}: {e}"))
}

impl Store {
    /// Opens the journal in `dir`, creating the directory and the database if needed.
    pub fn open(dir: &Path) -> Result<Store, PersistError> {
        std::fs::create_dir_all(dir).map_err(|source| PersistError::Io {
            path: dir.to_owned(),
            source,
        })?;
        let path = dir.join(DATABASE_FILE);
        let db = Database::create(&path).map_err(|e| database(&path, "cannot open")(e.into()))?;
        let store = Store { db, path };
        store.check_format()?;
        Ok(store)
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Writes the layout version into a new file, and refuses a file written in another one.
    fn check_format(&self) -> Result<(), PersistError> {
        let fail = || database(&self.path, "cannot initialise");
        let mut txn = self.db.begin_write().map_err(|e| fail()(e.into()))?;
        txn.set_durability(Durability::Immediate);
        {
            let mut meta = txn.open_table(META).map_err(|e| fail()(e.into()))?;
            let found = meta
                .get("format")
                .map_err(|e| fail()(e.into()))?
                .map(|v| v.value().to_owned());
            match found {
                Some(format) if format != FORMAT => {
                    return Err(PersistError::Corrupt(format!(
                        "{} holds data of format {format:?}; this emulator reads {FORMAT:?}",
                        self.path.display()
                    )));
                }
                Some(_) => {}
                None => {
                    meta.insert("format", FORMAT)
                        .map_err(|e| fail()(e.into()))?;
                }
            }
            // Created here so that reading an empty journal needs no special case.
            txn.open_table(JOURNAL).map_err(|e| fail()(e.into()))?;
        }
        txn.commit().map_err(|e| fail()(e.into()))
    }
}

impl Journal for Store {
    fn append(&self, entry: &AppliedOperation) -> Result<(), PersistError> {
        let fail = || database(&self.path, "cannot write to");
        let json = serde_json::to_vec(entry)
            .map_err(|e| PersistError::Corrupt(format!("entry {}: {e}", entry.seq)))?;
        let mut txn = self.db.begin_write().map_err(|e| fail()(e.into()))?;
        // The answer is sent as soon as this returns: the entry must be on disk by then.
        txn.set_durability(Durability::Immediate);
        {
            let mut journal = txn.open_table(JOURNAL).map_err(|e| fail()(e.into()))?;
            let previous = journal.insert(entry.seq, json.as_slice());
            if previous.map_err(|e| fail()(e.into()))?.is_some() {
                // Dropping the transaction aborts it: the existing entry stays.
                return Err(PersistError::Corrupt(format!(
                    "entry {} is already in {}",
                    entry.seq,
                    self.path.display()
                )));
            }
        }
        txn.commit().map_err(|e| fail()(e.into()))
    }

    fn entries(&self) -> Result<Vec<AppliedOperation>, PersistError> {
        let fail = || database(&self.path, "cannot read");
        let txn = self.db.begin_read().map_err(|e| fail()(e.into()))?;
        let journal = txn.open_table(JOURNAL).map_err(|e| fail()(e.into()))?;
        let mut entries = Vec::new();
        for item in journal.iter().map_err(|e| fail()(e.into()))? {
            let (seq, json) = item.map_err(|e| fail()(e.into()))?;
            let seq = seq.value();
            let entry: AppliedOperation = serde_json::from_slice(json.value())
                .map_err(|e| PersistError::Corrupt(format!("entry {seq}: {e}")))?;
            let expected = u64::try_from(entries.len())
                .unwrap_or(u64::MAX)
                .saturating_add(1);
            if seq != expected || entry.seq != seq {
                return Err(PersistError::Corrupt(format!(
                    "{} has entry {seq} (numbered {}) where entry {expected} belongs",
                    self.path.display(),
                    entry.seq
                )));
            }
            entries.push(entry);
        }
        Ok(entries)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use detective_types::Timestamp;

    fn temp_dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "detective-store-{name}-{}-{}",
            std::process::id(),
            fastrand::u64(..)
        ));
        let _ = std::fs::remove_dir_all(&dir);
        dir
    }

    fn entry(seq: u64) -> AppliedOperation {
        AppliedOperation {
            seq,
            operation: "CreateGraph".into(),
            account_id: "111111111111".into(),
            region: "us-east-1".into(),
            request_id: format!("r{seq}"),
            input: serde_json::json!({"Tags": {"k": "v"}}),
            clock: vec![Timestamp::UNIX_EPOCH],
            ids: vec![format!("{seq:032x}")],
            output_sha256: "ab".into(),
        }
    }

    #[test]
    fn entries_survive_reopening_in_order() {
        let dir = temp_dir("reopen");
        {
            let store = Store::open(&dir).unwrap();
            assert!(store.entries().unwrap().is_empty());
            for seq in 1..=3 {
                store.append(&entry(seq)).unwrap();
            }
        }
        let store = Store::open(&dir).unwrap();
        assert_eq!(store.entries().unwrap(), [entry(1), entry(2), entry(3)]);
        assert!(store.path().ends_with(DATABASE_FILE));
        drop(store);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_repeated_seq_is_refused_and_changes_nothing() {
        let dir = temp_dir("repeat");
        let store = Store::open(&dir).unwrap();
        store.append(&entry(1)).unwrap();
        let mut again = entry(1);
        again.request_id = "other".into();
        assert!(matches!(
            store.append(&again),
            Err(PersistError::Corrupt(_))
        ));
        assert_eq!(store.entries().unwrap(), [entry(1)]);
        drop(store);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_gap_in_the_journal_is_reported() {
        let dir = temp_dir("gap");
        let store = Store::open(&dir).unwrap();
        store.append(&entry(1)).unwrap();
        store.append(&entry(3)).unwrap();
        let err = store.entries().unwrap_err();
        assert!(err.to_string().contains("entry 2 belongs"), "{err}");
        drop(store);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_second_open_of_the_same_directory_is_refused() {
        let dir = temp_dir("lock");
        let store = Store::open(&dir).unwrap();
        let err = Store::open(&dir).unwrap_err();
        assert!(matches!(err, PersistError::Database(_)), "{err}");
        drop(store);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}

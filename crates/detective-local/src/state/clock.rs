//! Time and graph ids, injected so that the state machine stays deterministic.
//!
//! The service stamps `CreatedTime`, `InvitedTime` and `UpdatedTime` and makes
//! up graph ids. Reading the wall clock or a random generator inside the
//! state machine would make those untestable, so both come from traits: the
//! server uses [`SystemClock`] and [`RandomIds`], tests use [`ManualClock`]
//! and [`SequentialIds`] and can assert exact values.

use detective_types::Timestamp;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::Duration;

/// A source of the current time.
pub trait Clock: Send + Sync {
    /// The current time.
    fn now(&self) -> Timestamp;
}

/// The wall clock, truncated to milliseconds (the precision the service reports).
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Timestamp {
        let now = Timestamp::now().as_offset_date_time();
        // Truncating keeps a value read back from the wire equal to the stored one.
        // Done on the sub-second field: through epoch milliseconds it took two
        // 128-bit conversions, every request.
        Timestamp::from_offset_date_time(now.replace_millisecond(now.millisecond()).unwrap_or(now))
    }
}

/// A clock that moves only when told to; share it through an `Arc` with the `State`.
#[derive(Debug)]
pub struct ManualClock {
    now: Mutex<Timestamp>,
}

impl ManualClock {
    /// A clock stopped at `start`.
    pub fn new(start: Timestamp) -> Self {
        ManualClock {
            now: Mutex::new(start),
        }
    }

    /// Moves the clock to `time` (backwards too, to test clock skew).
    pub fn set(&self, time: Timestamp) {
        *self.lock() = time;
    }

    /// Moves the clock forward; a step past the largest representable time leaves it where it is.
    pub fn advance(&self, by: Duration) {
        let mut now = self.lock();
        *now = add_duration(*now, by).unwrap_or(*now);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Timestamp> {
        // A panic elsewhere while holding the lock cannot leave a Timestamp half-written.
        self.now
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl Default for ManualClock {
    /// Starts at 2026-01-01T00:00:00Z, a fixed and readable instant.
    fn default() -> Self {
        ManualClock::new(
            Timestamp::from_epoch_millis(1_767_225_600_000).unwrap_or(Timestamp::UNIX_EPOCH),
        )
    }
}

impl Clock for ManualClock {
    fn now(&self) -> Timestamp {
        *self.lock()
    }
}

/// `time + by`, or `None` when the result is not representable.
pub(crate) fn add_duration(time: Timestamp, by: Duration) -> Option<Timestamp> {
    let by = time::Duration::try_from(by).ok()?;
    time.as_offset_date_time()
        .checked_add(by)
        .map(Timestamp::from_offset_date_time)
}

/// A source of new graph ids: 32 lowercase hexadecimal characters, never repeating.
pub trait IdSource: Send + Sync {
    /// The next graph id.
    fn next_graph_id(&self) -> String;
}

/// Random ids, as the service makes them.
#[derive(Debug, Clone, Copy, Default)]
pub struct RandomIds;

impl IdSource for RandomIds {
    fn next_graph_id(&self) -> String {
        format!("{:016x}{:016x}", fastrand::u64(..), fastrand::u64(..))
    }
}

/// Ids counting up from `000…001`, so tests can predict every ARN.
#[derive(Debug, Default)]
pub struct SequentialIds {
    issued: AtomicU64,
}

impl SequentialIds {
    /// A counter whose first id is `000…001`.
    pub fn new() -> Self {
        SequentialIds::default()
    }
}

impl IdSource for SequentialIds {
    fn next_graph_id(&self) -> String {
        let n = self.issued.fetch_add(1, Ordering::Relaxed).wrapping_add(1);
        format!("{n:032x}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn is_graph_id(id: &str) -> bool {
        id.len() == 32 && id.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
    }

    #[test]
    fn sequential_ids_count_up_in_32_hex_digits() {
        let ids = SequentialIds::new();
        assert_eq!(ids.next_graph_id(), "00000000000000000000000000000001");
        assert_eq!(ids.next_graph_id(), "00000000000000000000000000000002");
        assert!(is_graph_id(&ids.next_graph_id()));
    }

    #[test]
    fn random_ids_are_32_lowercase_hex_and_differ() {
        let a = RandomIds.next_graph_id();
        let b = RandomIds.next_graph_id();
        assert!(is_graph_id(&a) && is_graph_id(&b));
        assert_ne!(a, b);
    }

    #[test]
    fn the_system_clock_reads_whole_milliseconds_of_now() {
        let before = Timestamp::now().epoch_millis();
        let now = SystemClock.now();
        let after = Timestamp::now().epoch_millis();
        assert_eq!(now.as_offset_date_time().nanosecond() % 1_000_000, 0);
        assert!((before..=after).contains(&now.epoch_millis()), "{now:?}");
    }

    #[test]
    fn manual_clock_moves_only_when_told() {
        let clock = ManualClock::default();
        let start = clock.now();
        assert_eq!(clock.now(), start);
        clock.advance(Duration::from_millis(1500));
        assert_eq!(clock.now().epoch_millis(), start.epoch_millis() + 1500);
        clock.set(start);
        assert_eq!(clock.now(), start);
        // Overflow is ignored rather than panicking.
        clock.advance(Duration::MAX);
        assert_eq!(clock.now(), start);
    }

    #[test]
    fn system_clock_is_millisecond_precise() {
        let now = SystemClock.now();
        assert_eq!(
            now.as_offset_date_time().nanosecond() % 1_000_000,
            0,
            "{now}"
        );
    }
}

//! The clock and id source the state machine sees: they note what it read, or play back what it read before.
//!
//! The state machine takes time and ids from injected sources so that it is
//! deterministic. To journal an operation and apply it again later with the
//! same result, the emulator puts a [`Tape`] between the state machine and
//! the real sources: while recording, every reading passes through and is
//! noted; while replaying, the noted readings come back in the same order.

use super::AppliedOperation;
use crate::state::{Clock, IdSource};
use detective_types::Timestamp;
use std::collections::VecDeque;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

/// The clock readings and ids one state call used, in order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Readings {
    pub(crate) clock: Vec<Timestamp>,
    pub(crate) ids: Vec<String>,
}

enum Mode {
    /// Pass readings through; nobody is listening.
    Off,
    /// Pass readings through and note them.
    Recording(Readings),
    /// Give back earlier readings.
    Replaying {
        clock: VecDeque<Timestamp>,
        ids: VecDeque<String>,
        /// The last clock reading given back: what a replay that reads the clock more often than the original sees.
        last: Option<Timestamp>,
    },
}

/// A [`Clock`] and [`IdSource`] in front of the real ones (see the [module docs](self)).
///
/// The emulator switches it only while holding the state lock, so one
/// operation at a time uses it.
pub(crate) struct Tape {
    clock: Arc<dyn Clock>,
    ids: Arc<dyn IdSource>,
    mode: Mutex<Mode>,
}

impl Tape {
    /// A tape in front of `clock` and `ids`, passing readings through.
    pub(crate) fn new(clock: Arc<dyn Clock>, ids: Arc<dyn IdSource>) -> Arc<Tape> {
        Arc::new(Tape {
            clock,
            ids,
            mode: Mutex::new(Mode::Off),
        })
    }

    fn mode(&self) -> MutexGuard<'_, Mode> {
        // Each change of mode is one assignment; a poisoned lock holds a whole Mode.
        self.mode.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Starts noting readings, or, with `replay`, giving back that entry's readings.
    pub(crate) fn start(&self, replay: Option<&AppliedOperation>) {
        *self.mode() = match replay {
            None => Mode::Recording(Readings::default()),
            Some(entry) => Mode::Replaying {
                clock: entry.clock.iter().copied().collect(),
                ids: entry.ids.iter().cloned().collect(),
                last: None,
            },
        };
    }

    /// Stops, returning what was noted since [`start`](Tape::start) (nothing when replaying).
    pub(crate) fn stop(&self) -> Readings {
        match std::mem::replace(&mut *self.mode(), Mode::Off) {
            Mode::Recording(readings) => readings,
            Mode::Off | Mode::Replaying { .. } => Readings::default(),
        }
    }
}

impl Clock for Tape {
    fn now(&self) -> Timestamp {
        let mut mode = self.mode();
        match &mut *mode {
            Mode::Off => self.clock.now(),
            Mode::Recording(readings) => {
                let now = self.clock.now();
                readings.clock.push(now);
                now
            }
            Mode::Replaying { clock, last, .. } => {
                // Running out means the replay differs from the original; the
                // output digest reports that, so any time will do meanwhile.
                let now = clock
                    .pop_front()
                    .or(*last)
                    .unwrap_or_else(|| self.clock.now());
                *last = Some(now);
                now
            }
        }
    }
}

impl IdSource for Tape {
    fn next_graph_id(&self) -> String {
        let mut mode = self.mode();
        match &mut *mode {
            Mode::Off => self.ids.next_graph_id(),
            Mode::Recording(readings) => {
                let id = self.ids.next_graph_id();
                readings.ids.push(id.clone());
                id
            }
            Mode::Replaying { ids, .. } => {
                ids.pop_front().unwrap_or_else(|| self.ids.next_graph_id())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::{ManualClock, SequentialIds};
    use std::time::Duration;

    #[test]
    fn records_then_replays_the_same_readings() {
        let clock = Arc::new(ManualClock::default());
        let tape = Tape::new(clock.clone(), Arc::new(SequentialIds::new()));
        tape.start(None);
        let t1 = tape.now();
        clock.advance(Duration::from_secs(1));
        let t2 = tape.now();
        let id = tape.next_graph_id();
        let readings = tape.stop();
        assert_eq!(readings.clock, [t1, t2]);
        assert_eq!(readings.ids, std::slice::from_ref(&id));

        let entry = AppliedOperation {
            seq: 1,
            operation: "CreateGraph".into(),
            account_id: "111111111111".into(),
            region: "us-east-1".into(),
            request_id: String::new(),
            input: serde_json::json!({}),
            clock: readings.clock,
            ids: readings.ids,
            output_sha256: String::new(),
        };
        clock.advance(Duration::from_secs(60));
        tape.start(Some(&entry));
        assert_eq!(tape.now(), t1);
        assert_eq!(tape.now(), t2);
        // Past the recorded readings the last one repeats.
        assert_eq!(tape.now(), t2);
        assert_eq!(tape.next_graph_id(), id);
        assert_eq!(tape.stop(), Readings::default());
        // Off: readings pass through unnoted.
        assert_eq!(tape.now(), clock.now());
        assert_eq!(tape.stop(), Readings::default());
    }
}

//! A comparable picture of everything a [`State`] holds, to check that two states are the same.
//!
//! Tests of persistence and of concurrent load rebuild a state by replaying
//! journaled operations and must show it equals the live one. Comparing the
//! derived `Debug` form of every region's records (all `BTreeMap`s, so the
//! text is canonical) covers every field the records have, including any
//! added later, without a second description of them that could fall out of
//! date.

use super::State;
use std::collections::BTreeMap;
use std::fmt;

/// Everything a [`State`] holds, settled as of the moment it was taken (see [`State::snapshot`]).
///
/// Two snapshots are equal exactly when the states held the same graphs,
/// memberships and other records. `Debug` prints the records in full,
/// e-mail addresses included: it is meant for test failures, not logs.
#[derive(Clone, PartialEq, Eq)]
pub struct Snapshot {
    regions: BTreeMap<String, String>,
    /// Counters kept outside the regions (the investigation ids issued so far).
    counters: String,
}

impl Snapshot {
    /// The regions that hold any record, in order.
    pub fn regions(&self) -> impl Iterator<Item = &str> {
        self.regions.keys().map(String::as_str)
    }

    /// The first region whose records differ between `self` and `other`, to make a failure readable.
    pub fn first_difference(&self, other: &Snapshot) -> Option<String> {
        let mut names: Vec<&String> = self.regions.keys().chain(other.regions.keys()).collect();
        names.sort();
        names.dedup();
        let region = names.into_iter().find_map(|name| {
            let (a, b) = (self.regions.get(name), other.regions.get(name));
            (a != b).then(|| {
                format!(
                    "region {name}:\n  left:  {}\n  right: {}",
                    a.map_or("<absent>", String::as_str),
                    b.map_or("<absent>", String::as_str)
                )
            })
        });
        region.or_else(|| {
            (self.counters != other.counters)
                .then(|| format!("counters: {} != {}", self.counters, other.counters))
        })
    }
}

impl fmt::Debug for Snapshot {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Snapshot")
            .field("regions", &self.regions)
            .field("counters", &self.counters)
            .finish()
    }
}

impl State {
    /// Settles every region as of the clock's current time, as any operation would, and pictures the result.
    ///
    /// Settling first makes states that differ only in when their due
    /// verifications were noticed compare equal, since what settling does
    /// depends on the time alone.
    pub fn snapshot(&mut self) -> Snapshot {
        let names: Vec<String> = self.regions.keys().cloned().collect();
        for name in &names {
            self.settle(name);
        }
        Snapshot {
            regions: self
                .regions
                .iter()
                .map(|(name, region)| (name.clone(), format!("{region:?}")))
                .collect(),
            counters: format!("investigations_started={}", self.investigations_started),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::state::{Caller, ManualClock, SequentialIds, State, StateConfig};
    use detective_types::{Account, CreateGraphInput, CreateMembersInput};
    use std::sync::Arc;

    fn state() -> State {
        State::new(
            StateConfig::default(),
            Arc::new(ManualClock::default()),
            Arc::new(SequentialIds::new()),
            Default::default(),
        )
    }

    #[test]
    fn snapshots_tell_states_apart_and_alike() {
        let admin = Caller::new("111111111111", "us-east-1");
        let (mut a, mut b) = (state(), state());
        assert_eq!(a.snapshot(), b.snapshot());
        let arn = a
            .create_graph(&admin, CreateGraphInput::default())
            .unwrap()
            .graph_arn;
        b.create_graph(&admin, CreateGraphInput::default()).unwrap();
        assert_eq!(a.snapshot(), b.snapshot());
        assert_eq!(a.snapshot().regions().collect::<Vec<_>>(), ["us-east-1"]);
        a.create_members(
            &admin,
            CreateMembersInput {
                graph_arn: arn,
                accounts: Some(vec![Account::new("222222222222", "m@example.com")]),
                ..Default::default()
            },
        )
        .unwrap();
        let (sa, sb) = (a.snapshot(), b.snapshot());
        assert_ne!(sa, sb);
        let difference = sa.first_difference(&sb).unwrap();
        assert!(difference.contains("222222222222"), "{difference}");
        assert_eq!(sa.first_difference(&sa), None);
    }
}

//! [`Fault`], [`FaultKind`] and [`FaultPlan`]: what goes wrong, and when.

use std::collections::BTreeSet;
use std::fmt;
use std::time::Duration;

/// One thing that can go wrong with an HTTP exchange.
///
/// Each fault says whether the request reaches the wrapped transport (the
/// "service"): that decides whether a retry can repeat a side effect, which
/// is what separates a harmless fault from a dangerous one.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Fault {
    /// The connection is refused: a `TransportError` of kind `Connect`. The request never reaches the service.
    Refuse,
    /// The connection resets before the request is written: kind `Io`. The request never reaches the service.
    ResetBeforeWrite,
    /// The connection resets after the request was written: kind `Io`. The service
    /// *did* process the request; only its response is lost.
    ResetAfterWrite,
    /// No answer ever comes: the call's future stays pending until the caller
    /// gives up (the client's attempt timeout). The request never reaches the service.
    Stall,
    /// An error answer with this status (500, 502, 503, 504, 429, ...) and a
    /// restJson1 error body, as a front door or an overloaded service gives
    /// it. The request never reaches the service.
    Status(u16),
    /// The service answers, but the body arrives cut in half, with status 200.
    /// The request reached the service.
    TruncatedBody,
    /// The service answers, but the body arrives corrupted (a `0xFF` byte, which
    /// no JSON text may contain, followed by the real body), with status 200.
    /// The request reached the service.
    GarbledBody,
    /// The service answers, but the answer takes this long to arrive (a Tokio
    /// sleep after the service answered). The request reached the service.
    SlowBody(Duration),
}

impl Fault {
    /// The kind of this fault, for counting.
    pub fn kind(&self) -> FaultKind {
        match self {
            Fault::Refuse => FaultKind::Refuse,
            Fault::ResetBeforeWrite => FaultKind::ResetBeforeWrite,
            Fault::ResetAfterWrite => FaultKind::ResetAfterWrite,
            Fault::Stall => FaultKind::Stall,
            Fault::Status(status) => FaultKind::Status(*status),
            Fault::TruncatedBody => FaultKind::TruncatedBody,
            Fault::GarbledBody => FaultKind::GarbledBody,
            Fault::SlowBody(_) => FaultKind::SlowBody,
        }
    }

    /// True when the request reaches the wrapped transport under this fault.
    pub fn reaches_service(&self) -> bool {
        matches!(
            self,
            Fault::ResetAfterWrite | Fault::TruncatedBody | Fault::GarbledBody | Fault::SlowBody(_)
        )
    }
}

/// A [`Fault`] without its parameters (the status code is kept), used as a counter key.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum FaultKind {
    /// [`Fault::Refuse`].
    Refuse,
    /// [`Fault::ResetBeforeWrite`].
    ResetBeforeWrite,
    /// [`Fault::ResetAfterWrite`].
    ResetAfterWrite,
    /// [`Fault::Stall`].
    Stall,
    /// [`Fault::Status`], by status code.
    Status(u16),
    /// [`Fault::TruncatedBody`].
    TruncatedBody,
    /// [`Fault::GarbledBody`].
    GarbledBody,
    /// [`Fault::SlowBody`].
    SlowBody,
}

impl fmt::Display for FaultKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FaultKind::Refuse => f.write_str("connection refused"),
            FaultKind::ResetBeforeWrite => f.write_str("reset before the request was written"),
            FaultKind::ResetAfterWrite => f.write_str("reset after the request was written"),
            FaultKind::Stall => f.write_str("stall"),
            FaultKind::Status(status) => write!(f, "HTTP {status}"),
            FaultKind::TruncatedBody => f.write_str("truncated body"),
            FaultKind::GarbledBody => f.write_str("garbled body"),
            FaultKind::SlowBody => f.write_str("slow body"),
        }
    }
}

/// What happens to requests after the script has run out.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Tail {
    /// Every further request passes.
    Pass,
    /// Every further request gets this fault.
    Always(Fault),
    /// Each further request gets at most one of these faults, drawn with its probability.
    Random(Vec<(Fault, f64)>),
}

/// When a [`FaultTransport`](super::FaultTransport) injects which fault.
///
/// A plan is a *script* — a fault (or a pass) for each of the first
/// requests, in order — followed by what happens to every request after it:
/// pass (the default), always the same fault, or a fault drawn at random
/// with given probabilities from the transport's seeded generator. With
/// [`only`](Self::only), requests of other operations pass untouched and
/// neither advance the script nor draw from the generator, so a test can
/// aim at "the first `CreateMembers`" whatever else it sends.
///
/// ```
/// use detective_testing::fault::{Fault, FaultPlan};
///
/// // The first two requests are refused, then everything passes.
/// let plan = FaultPlan::new().fault_times(Fault::Refuse, 2);
/// // A service that fails every request with 503.
/// let outage = FaultPlan::always(Fault::Status(503));
/// // 10% of requests reset after being written, 5% answer 429.
/// let flaky = FaultPlan::random([(Fault::ResetAfterWrite, 0.10), (Fault::Status(429), 0.05)]);
/// # let _ = (plan, outage, flaky);
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct FaultPlan {
    pub(crate) script: Vec<Option<Fault>>,
    pub(crate) tail: Tail,
    pub(crate) operations: Option<BTreeSet<String>>,
}

impl Default for FaultPlan {
    /// [`FaultPlan::new`]: every request passes.
    fn default() -> Self {
        FaultPlan::new()
    }
}

impl FaultPlan {
    /// A plan that injects nothing: every request passes.
    pub fn new() -> Self {
        FaultPlan {
            script: Vec::new(),
            tail: Tail::Pass,
            operations: None,
        }
    }

    /// Every request gets `fault`.
    pub fn always(fault: Fault) -> Self {
        FaultPlan::new().then_always(fault)
    }

    /// Every request gets at most one of `faults`, each drawn with its probability
    /// (a probability outside `[0, 1]` or not finite counts as 0; if they add up
    /// past 1, the later ones get what is left).
    pub fn random(faults: impl IntoIterator<Item = (Fault, f64)>) -> Self {
        FaultPlan::new().then_random(faults)
    }

    /// The next scripted request gets `fault`.
    pub fn fault(mut self, fault: Fault) -> Self {
        self.script.push(Some(fault));
        self
    }

    /// The next `n` scripted requests get `fault`.
    pub fn fault_times(mut self, fault: Fault, n: usize) -> Self {
        self.script.extend(std::iter::repeat_n(Some(fault), n));
        self
    }

    /// The next `n` scripted requests pass.
    pub fn pass(mut self, n: usize) -> Self {
        self.script.extend(std::iter::repeat_n(None, n));
        self
    }

    /// After the script, every request passes (the default).
    pub fn then_pass(mut self) -> Self {
        self.tail = Tail::Pass;
        self
    }

    /// After the script, every request gets `fault`.
    pub fn then_always(mut self, fault: Fault) -> Self {
        self.tail = Tail::Always(fault);
        self
    }

    /// After the script, every request gets at most one of `faults`, drawn at random
    /// (see [`FaultPlan::random`]).
    pub fn then_random(mut self, faults: impl IntoIterator<Item = (Fault, f64)>) -> Self {
        let faults = faults
            .into_iter()
            .map(|(fault, p)| {
                let p = if p.is_finite() {
                    p.clamp(0.0, 1.0)
                } else {
                    0.0
                };
                (fault, p)
            })
            .collect();
        self.tail = Tail::Random(faults);
        self
    }

    /// Applies the plan only to requests of `operation` (its model name, e.g.
    /// `"CreateMembers"`); call again to add more. Other requests pass untouched.
    pub fn only(mut self, operation: impl Into<String>) -> Self {
        self.operations
            .get_or_insert_with(BTreeSet::new)
            .insert(operation.into());
        self
    }

    /// True when the plan applies to requests of `operation`.
    pub(crate) fn applies_to(&self, operation: Option<&str>) -> bool {
        match (&self.operations, operation) {
            (None, _) => true,
            (Some(set), Some(name)) => set.contains(name),
            (Some(_), None) => false,
        }
    }

    /// The fault for the `position`-th request the plan applies to, drawing from `rng` if random.
    pub(crate) fn pick(&self, position: usize, rng: &mut fastrand::Rng) -> Option<Fault> {
        if let Some(step) = self.script.get(position) {
            return step.clone();
        }
        match &self.tail {
            Tail::Pass => None,
            Tail::Always(fault) => Some(fault.clone()),
            Tail::Random(faults) => {
                // One draw per request, whatever the outcome, so that the
                // sequence of faults depends only on the seed and the order
                // of requests.
                let draw = rng.f64();
                let mut threshold = 0.0;
                for (fault, p) in faults {
                    threshold += p;
                    if draw < threshold {
                        return Some(fault.clone());
                    }
                }
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_then_tail() {
        let plan = FaultPlan::new()
            .pass(1)
            .fault(Fault::Refuse)
            .then_always(Fault::Status(503));
        let mut rng = fastrand::Rng::with_seed(1);
        assert_eq!(plan.pick(0, &mut rng), None);
        assert_eq!(plan.pick(1, &mut rng), Some(Fault::Refuse));
        assert_eq!(plan.pick(2, &mut rng), Some(Fault::Status(503)));
        assert_eq!(plan.pick(99, &mut rng), Some(Fault::Status(503)));
    }

    #[test]
    fn random_draws_depend_only_on_the_seed() {
        let plan = FaultPlan::random([(Fault::Refuse, 0.3), (Fault::Stall, 0.2)]);
        let run = |seed| {
            let mut rng = fastrand::Rng::with_seed(seed);
            (0..200).map(|i| plan.pick(i, &mut rng)).collect::<Vec<_>>()
        };
        assert_eq!(run(7), run(7));
        assert_ne!(run(7), run(8));
        let faults = run(7);
        let refused = faults.iter().filter(|f| **f == Some(Fault::Refuse)).count();
        let stalled = faults.iter().filter(|f| **f == Some(Fault::Stall)).count();
        // 200 draws at 30% and 20%: far from 0 and from 200 for any seed worth using.
        assert!((20..100).contains(&refused), "{refused}");
        assert!((10..80).contains(&stalled), "{stalled}");
    }

    #[test]
    fn out_of_range_probabilities_are_clamped() {
        let plan = FaultPlan::random([(Fault::Refuse, f64::NAN), (Fault::Stall, 7.0)]);
        let mut rng = fastrand::Rng::with_seed(3);
        for i in 0..50 {
            assert_eq!(plan.pick(i, &mut rng), Some(Fault::Stall));
        }
    }

    #[test]
    fn only_filters_by_operation() {
        let plan = FaultPlan::always(Fault::Refuse).only("CreateMembers");
        assert!(plan.applies_to(Some("CreateMembers")));
        assert!(!plan.applies_to(Some("CreateGraph")));
        assert!(!plan.applies_to(None));
        assert!(FaultPlan::new().applies_to(None));
    }

    #[test]
    fn kinds_and_reach() {
        assert_eq!(Fault::Status(502).kind(), FaultKind::Status(502));
        assert!(Fault::ResetAfterWrite.reaches_service());
        assert!(!Fault::ResetBeforeWrite.reaches_service());
        assert!(!Fault::Stall.reaches_service());
        assert!(Fault::SlowBody(Duration::from_secs(1)).reaches_service());
        assert_eq!(FaultKind::Status(429).to_string(), "HTTP 429");
    }
}

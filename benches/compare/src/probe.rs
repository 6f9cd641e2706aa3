//! A fixed piece of plain CPU work, timed, that tells how fast the machine is
//! running at the moment of a measurement.
//!
//! Why it exists: this shared machine runs at two speeds. The same binary
//! measures the in-process round trip at about 110,000 calls per CPU second
//! for a while, then at about 65,000 for a while, with the same instruction
//! count (callgrind); a plain Python loop timed between those runs swings by
//! as much at the same moments. A CPU second is not a fixed amount of work
//! here, so one run's figure says as much about the machine as about the
//! code. Timing this probe right before and right after each run tells which
//! speed the run met, and the report can show the runs made at the machine's
//! full speed beside the median of all of them.
//!
//! The work is of the same kind as a round trip (small allocations,
//! formatting, hashing) so that it slows down as much when the machine does:
//! a sort of 64 KiB of numbers, tried first, swung by 1.4x where the round
//! trip swung by 2x; this swings by 1.8x. It touches none of the code under
//! test, so no change to the client or the emulator can move it.

use crate::measure::rusage;
use std::collections::HashMap;
use std::fmt::Write;

/// Keys inserted, then looked up, per pass.
const KEYS: u64 = 1024;

/// Passes per probe: 8 to 16 ms of CPU on this machine (2,500 to 5,300 passes a second).
const PASSES: usize = 40;

/// Runs the probe once and returns its passes per CPU second.
pub fn passes_per_cpu_s() -> f64 {
    let (user0, sys0, _) = rusage(libc::RUSAGE_SELF);
    let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
    let mut found = 0u64;
    let mut key = String::new();
    for _ in 0..PASSES {
        let mut counts: HashMap<String, u64> = HashMap::new();
        for _ in 0..KEYS {
            seed = xorshift(seed);
            *counts
                .entry(format!("member-{}", seed % (4 * KEYS)))
                .or_insert(0) += 1;
        }
        for n in 0..KEYS {
            key.clear();
            let _ = write!(key, "member-{n}");
            found += counts.get(&key).copied().unwrap_or(0);
        }
    }
    std::hint::black_box(found);
    let (user1, sys1, _) = rusage(libc::RUSAGE_SELF);
    PASSES as f64 / ((user1 - user0) + (sys1 - sys0)).max(1e-6)
}

/// Marsaglia's xorshift64: cheap, deterministic, never zero from a non-zero seed.
fn xorshift(mut x: u64) -> u64 {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    x
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_probe_does_work_that_takes_measurable_cpu_time() {
        // Were the work optimized away, the CPU time would be about zero and
        // the rate would sit at the 1e-6 s guard (40 million passes a second);
        // real passes take tens of microseconds or more each.
        let rate = passes_per_cpu_s();
        assert!(rate > 0.0 && rate < 1_000_000.0, "{rate}");
    }

    #[test]
    fn xorshift_does_not_fall_into_zero() {
        let mut x = 1u64;
        for _ in 0..10_000 {
            x = xorshift(x);
            assert_ne!(x, 0);
        }
    }
}

//! [`TokenBucket`]: the client-wide budget for retries.

use std::fmt;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

/// A budget of retry tokens shared by every call of a client.
///
/// Retries are only useful when failures are rare; when a service is having
/// an outage every client retrying every call multiplies its load. The
/// standard retry mode therefore makes retries cost tokens from a bucket
/// that only successes refill: a healthy client barely notices it, an
/// unhealthy one quickly stops retrying and fails fast until successes come
/// back. Clones share the same bucket.
///
/// Every successful call refills the bucket, so it is touched by every call
/// of every thread: the count is one atomic, and a refill of a full bucket
/// (the healthy case) only reads it, so the cache line stays shared between
/// cores instead of bouncing from one to the other on every call.
#[derive(Clone)]
pub struct TokenBucket {
    state: Arc<State>,
}

#[derive(Debug)]
struct State {
    capacity: usize,
    available: AtomicUsize,
}

impl TokenBucket {
    /// The default capacity.
    pub const DEFAULT_CAPACITY: usize = 500;
    /// What a retry costs.
    pub const RETRY_COST: usize = 5;
    /// What a retry after a timeout (attempt or connect timeout) costs.
    pub const TIMEOUT_RETRY_COST: usize = 10;
    /// What a successful response gives back.
    pub const SUCCESS_REFILL: usize = 1;

    /// A full bucket of `capacity` tokens.
    pub fn new(capacity: usize) -> Self {
        TokenBucket {
            state: Arc::new(State {
                capacity,
                available: AtomicUsize::new(capacity),
            }),
        }
    }

    /// The tokens left.
    pub fn available(&self) -> usize {
        self.state.available.load(Ordering::Relaxed)
    }

    /// The most tokens the bucket holds.
    pub fn capacity(&self) -> usize {
        self.state.capacity
    }

    /// Takes `cost` tokens if there are that many; false (and nothing taken) otherwise.
    pub fn try_acquire(&self, cost: usize) -> bool {
        self.state
            .available
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |available| {
                available.checked_sub(cost)
            })
            .is_ok()
    }

    /// Gives `tokens` back, up to the capacity.
    pub fn refill(&self, tokens: usize) {
        let capacity = self.state.capacity;
        // A full bucket stays untouched: no write, no cache-line transfer.
        if self.state.available.load(Ordering::Relaxed) >= capacity {
            return;
        }
        let _ =
            self.state
                .available
                .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |available| {
                    (available < capacity).then(|| available.saturating_add(tokens).min(capacity))
                });
    }
}

impl Default for TokenBucket {
    /// A full bucket of [`TokenBucket::DEFAULT_CAPACITY`] tokens.
    fn default() -> Self {
        TokenBucket::new(Self::DEFAULT_CAPACITY)
    }
}

impl fmt::Debug for TokenBucket {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenBucket")
            .field("available", &self.available())
            .field("capacity", &self.capacity())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::TokenBucket;

    #[test]
    fn refill_stops_at_capacity_and_acquire_never_overdraws() {
        let bucket = TokenBucket::new(12);
        bucket.refill(1);
        assert_eq!(bucket.available(), 12);
        assert!(bucket.try_acquire(10));
        assert!(!bucket.try_acquire(5), "only 2 left");
        assert_eq!(bucket.available(), 2);
        bucket.refill(100);
        assert_eq!(bucket.available(), 12);
    }

    #[test]
    fn concurrent_acquires_take_exactly_what_is_there() {
        let bucket = TokenBucket::new(500);
        let threads: Vec<_> = (0..8)
            .map(|_| {
                let bucket = bucket.clone();
                std::thread::spawn(move || (0..100).filter(|_| bucket.try_acquire(5)).count())
            })
            .collect();
        let granted: usize = threads.into_iter().map(|t| t.join().unwrap()).sum();
        assert_eq!(granted, 100, "500 tokens at 5 each, shared by all clones");
        assert_eq!(bucket.available(), 0);
    }
}

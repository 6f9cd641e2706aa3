//! [`TokenBucket`]: the client-wide budget for retries.

use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

/// A budget of retry tokens shared by every call of a client.
///
/// Retries are only useful when failures are rare; when a service is having
/// an outage every client retrying every call multiplies its load. The
/// standard retry mode therefore makes retries cost tokens from a bucket
/// that only successes refill: a healthy client barely notices it, an
/// unhealthy one quickly stops retrying and fails fast until successes come
/// back. Clones share the same bucket.
#[derive(Clone)]
pub struct TokenBucket {
    state: Arc<Mutex<State>>,
}

#[derive(Debug)]
struct State {
    capacity: usize,
    available: usize,
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
            state: Arc::new(Mutex::new(State {
                capacity,
                available: capacity,
            })),
        }
    }

    /// The tokens left.
    pub fn available(&self) -> usize {
        self.lock().available
    }

    /// The most tokens the bucket holds.
    pub fn capacity(&self) -> usize {
        self.lock().capacity
    }

    /// Takes `cost` tokens if there are that many; false (and nothing taken) otherwise.
    pub fn try_acquire(&self, cost: usize) -> bool {
        let mut state = self.lock();
        match state.available.checked_sub(cost) {
            Some(left) => {
                state.available = left;
                true
            }
            None => false,
        }
    }

    /// Gives `tokens` back, up to the capacity.
    pub fn refill(&self, tokens: usize) {
        let mut state = self.lock();
        state.available = state.available.saturating_add(tokens).min(state.capacity);
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // The state is two integers that are always consistent; a panic elsewhere cannot corrupt it.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
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
        let state = self.lock();
        f.debug_struct("TokenBucket")
            .field("available", &state.available)
            .field("capacity", &state.capacity)
            .finish()
    }
}

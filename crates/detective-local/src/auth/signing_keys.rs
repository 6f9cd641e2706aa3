//! Signing keys, derived once per access key, day and region.
//!
//! A SigV4 signing key is four chained HMACs of the secret, the scope's date,
//! region and service. It changes once a day, yet recomputing a signature with
//! `aws-sigv4` derives it afresh for every request. The emulator keeps the
//! few keys its callers use (a handful of accounts, one or two regions, one
//! day at a time) and derives a key only on a miss, still with
//! `aws_sigv4::sign::v4::generate_signing_key`.

use std::fmt;
use std::sync::Mutex;
use std::time::SystemTime;

/// How many keys are kept; the oldest goes first once it is full. Far more
/// than a test suite's accounts × regions, small enough to scan.
const CAPACITY: usize = 32;

/// The cache of derived signing keys, shared by every request an emulator answers.
///
/// `Debug` shows how many keys are held, never a key.
#[derive(Default)]
pub struct SigningKeys {
    keys: Mutex<Vec<CachedKey>>,
}

struct CachedKey {
    access_key_id: String,
    /// The scope date, `YYYYMMDD`.
    date: String,
    region: String,
    key: [u8; 32],
}

impl fmt::Debug for SigningKeys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let held = self.keys.lock().map_or(0, |keys| keys.len());
        f.debug_struct("SigningKeys")
            .field("held", &held)
            .finish_non_exhaustive()
    }
}

impl SigningKeys {
    /// The `detective` signing key of `access_key_id` (whose secret is
    /// `secret`) for the scope date `date` (`YYYYMMDD`, the day of `time`)
    /// and `region`; `None` only if the derived key is not 32 bytes.
    ///
    /// The cache is keyed by access key id: an emulator's credentials do not
    /// change while it runs, so one id always has the same secret.
    pub(super) fn get(
        &self,
        access_key_id: &str,
        secret: &str,
        date: &str,
        time: SystemTime,
        region: &str,
    ) -> Option<[u8; 32]> {
        let matches = |cached: &CachedKey| {
            cached.access_key_id == access_key_id && cached.date == date && cached.region == region
        };
        if let Ok(keys) = self.keys.lock() {
            if let Some(cached) = keys.iter().find(|cached| matches(cached)) {
                return Some(cached.key);
            }
        }
        let derived =
            aws_sigv4::sign::v4::generate_signing_key(secret, time, region, super::SERVICE_NAME);
        // SHA-256 HMACs are 32 bytes; anything else is not a key to keep or use.
        let key = <[u8; 32]>::try_from(derived.as_ref()).ok()?;
        // A poisoned lock only means another request panicked mid-insert; the
        // key is still right, it just is not kept.
        if let Ok(mut keys) = self.keys.lock() {
            if !keys.iter().any(matches) {
                if keys.len() == CAPACITY {
                    keys.remove(0);
                }
                keys.push(CachedKey {
                    access_key_id: access_key_id.to_owned(),
                    date: date.to_owned(),
                    region: region.to_owned(),
                    key,
                });
            }
        }
        Some(key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn day(n: u64) -> SystemTime {
        SystemTime::UNIX_EPOCH + Duration::from_secs(1_795_651_200 + n * 86_400)
    }

    fn derived(secret: &str, time: SystemTime, region: &str) -> Option<[u8; 32]> {
        let key = aws_sigv4::sign::v4::generate_signing_key(secret, time, region, "detective");
        <[u8; 32]>::try_from(key.as_ref()).ok()
    }

    #[test]
    fn gives_the_key_aws_sigv4_derives_and_keeps_it() {
        let keys = SigningKeys::default();
        let first = keys.get("AKID", "secret", "20261126", day(0), "us-east-1");
        assert_eq!(first, derived("secret", day(0), "us-east-1"));
        assert!(first.is_some());
        // A second lookup is answered from the cache: with a wrong secret it
        // would derive a different key, so equality shows the key was kept.
        let again = keys.get("AKID", "other secret", "20261126", day(0), "us-east-1");
        assert_eq!(again, first);
        assert_eq!(format!("{keys:?}"), "SigningKeys { held: 1, .. }");
    }

    #[test]
    fn another_day_region_or_key_gets_its_own_key() {
        let keys = SigningKeys::default();
        let base = keys.get("AKID", "secret", "20261126", day(0), "us-east-1");
        let next_day = keys.get("AKID", "secret", "20261127", day(1), "us-east-1");
        let region = keys.get("AKID", "secret", "20261126", day(0), "eu-west-1");
        let other = keys.get("AKID2", "secret2", "20261126", day(0), "us-east-1");
        assert_eq!(next_day, derived("secret", day(1), "us-east-1"));
        assert_eq!(region, derived("secret", day(0), "eu-west-1"));
        assert_eq!(other, derived("secret2", day(0), "us-east-1"));
        assert!(base != next_day && base != region && base != other);
    }

    #[test]
    fn holds_at_most_its_capacity_dropping_the_oldest() {
        let keys = SigningKeys::default();
        for n in 0..=CAPACITY {
            keys.get(
                &format!("AKID{n}"),
                "secret",
                "20261126",
                day(0),
                "us-east-1",
            );
        }
        assert_eq!(keys.keys.lock().map(|k| k.len()).ok(), Some(CAPACITY));
        // The first key was dropped: asking again with another secret derives afresh.
        let first = keys.get("AKID0", "changed", "20261126", day(0), "us-east-1");
        assert_eq!(first, derived("changed", day(0), "us-east-1"));
    }
}

//! Signing keys, derived once per access key, day and region.
//!
//! A SigV4 signing key is four chained HMACs of the secret, the scope's date,
//! region and service. It changes once a day, yet `aws-sigv4` derives it
//! afresh for every request. A client uses one or two keys a day, the
//! emulator a handful (its callers' accounts × regions); [`SigningKeys`]
//! keeps them and derives a key only on a miss, still with
//! `aws_sigv4::sign::v4::generate_signing_key`.

use super::{Scope, SigningKey};
use std::fmt;
use std::sync::Mutex;
use std::time::SystemTime;

/// How many keys are kept; the oldest goes first once it is full. Far more
/// than a test suite's accounts × regions, small enough to scan.
const CAPACITY: usize = 32;

/// A cache of derived signing keys, shared by every request a client signs
/// or an emulator checks.
///
/// `Debug` shows how many keys are held, never a key or a secret.
#[derive(Default)]
pub struct SigningKeys {
    keys: Mutex<Vec<CachedKey>>,
}

/// One derived key and what it was derived from. The secret is part of the
/// lookup, so credentials that keep their access key id but change their
/// secret never get a stale key.
struct CachedKey {
    access_key_id: String,
    secret: String,
    /// The scope date, `YYYYMMDD`.
    date: String,
    region: String,
    service: String,
    key: SigningKey,
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
    /// The signing key of `secret` (with `access_key_id`) for `scope`, whose
    /// date is the day of `time`, with its HMAC state prepared; `None` only
    /// if the derived key is not 32 bytes.
    pub fn get(
        &self,
        access_key_id: &str,
        secret: &str,
        scope: &Scope<'_>,
        time: SystemTime,
    ) -> Option<SigningKey> {
        let matches = |cached: &CachedKey| {
            cached.date == scope.date
                && cached.access_key_id == access_key_id
                && cached.region == scope.region
                && cached.service == scope.service
                && cached.secret == secret
        };
        if let Ok(keys) = self.keys.lock() {
            if let Some(cached) = keys.iter().find(|cached| matches(cached)) {
                return Some(cached.key.clone());
            }
        }
        let derived =
            aws_sigv4::sign::v4::generate_signing_key(secret, time, scope.region, scope.service);
        // SHA-256 HMACs are 32 bytes; anything else is not a key to keep or use.
        let key = SigningKey::new(&<[u8; 32]>::try_from(derived.as_ref()).ok()?);
        // A poisoned lock only means another thread panicked mid-insert; the
        // key is still right, it just is not kept.
        if let Ok(mut keys) = self.keys.lock() {
            if !keys.iter().any(matches) {
                if keys.len() == CAPACITY {
                    keys.remove(0);
                }
                keys.push(CachedKey {
                    access_key_id: access_key_id.to_owned(),
                    secret: secret.to_owned(),
                    date: scope.date.to_owned(),
                    region: scope.region.to_owned(),
                    service: scope.service.to_owned(),
                    key: key.clone(),
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

    fn scope<'a>(date: &'a str, region: &'a str) -> Scope<'a> {
        Scope {
            date,
            region,
            service: "detective",
        }
    }

    /// What `key` signs a fixed text as: keys are compared by what they sign.
    fn signs(key: Option<SigningKey>) -> Option<String> {
        key.map(|key| key.sign("probe").to_string())
    }

    fn derived(secret: &str, time: SystemTime, region: &str) -> Option<String> {
        let key = aws_sigv4::sign::v4::generate_signing_key(secret, time, region, "detective");
        Some(aws_sigv4::sign::v4::calculate_signature(
            <[u8; 32]>::try_from(key.as_ref()).ok()?,
            b"probe",
        ))
    }

    #[test]
    fn gives_the_key_aws_sigv4_derives_and_keeps_it() {
        let keys = SigningKeys::default();
        let today = scope("20261126", "us-east-1");
        let first = signs(keys.get("AKID", "secret", &today, day(0)));
        assert!(first.is_some());
        assert_eq!(first, derived("secret", day(0), "us-east-1"));
        // Kept: the time is not part of the lookup (the scope date is), so a
        // lookup at another time of the same scope gets the key held.
        let again = signs(keys.get("AKID", "secret", &today, day(3)));
        assert_eq!(again, first);
        assert_eq!(format!("{keys:?}"), "SigningKeys { held: 1, .. }");
    }

    #[test]
    fn another_day_region_key_or_secret_gets_its_own_key() {
        let keys = SigningKeys::default();
        let today = scope("20261126", "us-east-1");
        let base = signs(keys.get("AKID", "secret", &today, day(0)));
        let next_day = signs(keys.get("AKID", "secret", &scope("20261127", "us-east-1"), day(1)));
        let region = signs(keys.get("AKID", "secret", &scope("20261126", "eu-west-1"), day(0)));
        let other = signs(keys.get("AKID2", "secret2", &today, day(0)));
        let rotated = signs(keys.get("AKID", "rotated", &today, day(0)));
        assert_eq!(next_day, derived("secret", day(1), "us-east-1"));
        assert_eq!(region, derived("secret", day(0), "eu-west-1"));
        assert_eq!(other, derived("secret2", day(0), "us-east-1"));
        assert_eq!(rotated, derived("rotated", day(0), "us-east-1"));
        assert!(base != next_day && base != region && base != other && base != rotated);
    }

    #[test]
    fn holds_at_most_its_capacity_dropping_the_oldest() {
        let keys = SigningKeys::default();
        let today = scope("20261126", "us-east-1");
        for n in 0..=CAPACITY {
            keys.get(&format!("AKID{n}"), "secret", &today, day(0));
        }
        assert_eq!(keys.keys.lock().map(|k| k.len()).ok(), Some(CAPACITY));
        assert!(keys
            .keys
            .lock()
            .is_ok_and(|k| k.iter().all(|cached| cached.access_key_id != "AKID0")));
    }

    #[test]
    fn debug_shows_no_secret_or_key() {
        let keys = SigningKeys::default();
        keys.get(
            "AKID",
            "wJalrXUtnFEMI",
            &scope("20261126", "us-east-1"),
            day(0),
        );
        let shown = format!("{keys:?}");
        assert!(
            !shown.contains("wJalrXUtnFEMI") && !shown.contains("AKID"),
            "{shown}"
        );
    }
}

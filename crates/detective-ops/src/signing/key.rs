//! A derived signing key, ready to sign.
//!
//! HMAC-SHA256 hashes the key, padded to a 64-byte block, into both its inner
//! and its outer hash before it reads a byte of the message: two of the six
//! or so SHA-256 blocks a signature costs. A signing key is used for a whole
//! day, so [`SigningKey`] does that once, when the key is derived, and each
//! signature starts from a copy of the keyed state.

use super::{CanonicalRequest, Scope, Signature, ALGORITHM};
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;
use std::fmt;

/// A SigV4 signing key with its HMAC state prepared.
///
/// `Debug` shows nothing of the key.
#[derive(Clone)]
pub struct SigningKey {
    keyed: Hmac<Sha256>,
}

impl SigningKey {
    /// The key `aws_sigv4::sign::v4::generate_signing_key` derives (32 bytes).
    pub fn new(key: &[u8; 32]) -> Self {
        // HMAC pads a key shorter than the hash's 64-byte block with zeros;
        // doing it here lets the infallible `new` take it (no `new_from_slice` Result).
        let mut block = [0u8; 64];
        block[..32].copy_from_slice(key);
        SigningKey {
            keyed: <Hmac<Sha256> as KeyInit>::new(&block.into()),
        }
    }

    /// The signature of `string_to_sign`: HMAC-SHA256 under this key in
    /// lowercase hex, as `aws_sigv4::sign::v4::calculate_signature` computes it.
    pub fn sign(&self, string_to_sign: &str) -> Signature {
        let mut mac = self.keyed.clone();
        mac.update(string_to_sign.as_bytes());
        finish(mac)
    }

    /// The signature of the string to sign of `canonical` (see
    /// [`super::string_to_sign`]), fed to the HMAC piece by piece instead of
    /// written out first.
    pub fn sign_canonical(
        &self,
        amz_date: &str,
        scope: &Scope<'_>,
        canonical: &CanonicalRequest,
    ) -> Signature {
        let mut mac = self.keyed.clone();
        for part in [ALGORITHM, "\n", amz_date, "\n", scope.date, "/"] {
            mac.update(part.as_bytes());
        }
        for part in [scope.region, "/", scope.service, "/aws4_request\n"] {
            mac.update(part.as_bytes());
        }
        mac.update(canonical.hash_hex().as_str().as_bytes());
        finish(mac)
    }
}

fn finish(mac: Hmac<Sha256>) -> Signature {
    let digest: [u8; 32] = mac.finalize().into_bytes().into();
    Signature::from_digest(&digest)
}

impl fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SigningKey(<redacted>)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::signing::{canonical_request, string_to_sign};

    fn key_bytes() -> [u8; 32] {
        let mut key = [0u8; 32];
        for (n, byte) in key.iter_mut().enumerate() {
            *byte = (n as u8).wrapping_mul(37).wrapping_add(11);
        }
        key
    }

    #[test]
    fn signs_as_aws_sigv4_calculates() {
        let key = SigningKey::new(&key_bytes());
        // The same key signs many texts: each starts from the keyed state, not
        // from what the one before it left.
        for text in ["", "AWS4-HMAC-SHA256\n20261126T093000Z\nscope\nabc", "x"] {
            let ours = key.sign(text);
            let theirs = aws_sigv4::sign::v4::calculate_signature(key_bytes(), text.as_bytes());
            assert_eq!(ours.as_str(), theirs);
            assert!(ours == *theirs.as_str());
            assert_eq!(ours.to_string(), theirs);
        }
    }

    #[test]
    fn sign_canonical_signs_the_string_to_sign() {
        let key = SigningKey::new(&key_bytes());
        let uri: http::Uri = "https://api.detective.eu-west-1.amazonaws.com/graphs/list"
            .parse()
            .unwrap();
        let headers = [
            ("host", "api.detective.eu-west-1.amazonaws.com"),
            ("x-amz-date", "20261126T093000Z"),
        ];
        let canonical = canonical_request("POST", &uri, &headers, b"{\"MaxResults\":5}").unwrap();
        let scope = Scope {
            date: "20261126",
            region: "eu-west-1",
            service: "detective",
        };
        let written = string_to_sign("20261126T093000Z", &scope, &canonical);
        assert_eq!(
            key.sign_canonical("20261126T093000Z", &scope, &canonical),
            key.sign(&written)
        );
        let other_day = Scope {
            date: "20261127",
            ..scope
        };
        assert_ne!(
            key.sign_canonical("20261126T093000Z", &other_day, &canonical),
            key.sign(&written)
        );
    }

    #[test]
    fn debug_shows_nothing_of_the_key_or_signature() {
        let key = SigningKey::new(&[7; 32]);
        assert_eq!(format!("{key:?}"), "SigningKey(<redacted>)");
        assert_eq!(format!("{:?}", key.sign("text")), "Signature(<redacted>)");
    }
}

//! SigV4 for *plain* requests, the shape every Detective call but the tag
//! ones has, without `aws-sigv4`'s general machinery.
//!
//! Why this exists: `aws_sigv4::http_request::sign` re-derives the signing
//! key (four chained HMACs) for every request and builds the canonical
//! request, the string to sign and the dates through many small allocations
//! and `format!` passes. In the in-process round trip (client signs, emulator
//! checks) that was two thirds of the CPU. A plain request (no query, a path
//! with nothing to percent-encode or normalise, each signed header once, no
//! runs of spaces in a value) has a canonical form simple enough to write in
//! one buffer, and its signing key changes once a day; so the client and the
//! emulator write [`canonical_request`] themselves, take the key from
//! [`SigningKeys`], and leave the cryptography to the crates `aws-sigv4`
//! uses: the key is derived by [`aws_sigv4::sign::v4::generate_signing_key`],
//! and a [`SigningKey`] signs with the `hmac` crate's HMAC-SHA256, as
//! [`aws_sigv4::sign::v4::calculate_signature`] does, hex-written on the stack.
//! Anything that is not plain
//! returns `None` here and the caller signs it with `aws-sigv4` whole.
//!
//! `aws-sigv4` stays the definition of right: the tests of
//! `detective-client`'s signing layer and of `detective-local`'s verifier
//! check, over generated requests, that wherever this path applies it gives
//! byte for byte the headers (or signature) `aws-sigv4` gives.
//!
//! ```
//! use detective_ops::signing::{canonical_request, string_to_sign, Scope, SigningKeys};
//! use std::time::{Duration, SystemTime};
//!
//! let time = SystemTime::UNIX_EPOCH + Duration::from_secs(1_795_685_400); // 2026-11-26T09:30:00Z
//! let amz_date = detective_ops::signing::amz_date(time).unwrap();
//! assert_eq!(amz_date, "20261126T093000Z");
//! let uri: http::Uri = "https://api.detective.us-east-1.amazonaws.com/graph/members/get".parse().unwrap();
//! let headers = [
//!     ("content-type", "application/json"),
//!     ("host", "api.detective.us-east-1.amazonaws.com"),
//!     ("x-amz-date", amz_date.as_str()),
//! ];
//! let canonical = canonical_request("POST", &uri, &headers, b"{}").unwrap();
//! assert_eq!(canonical.signed_headers(), "content-type;host;x-amz-date");
//! let scope = Scope { date: "20261126", region: "us-east-1", service: "detective" };
//! let keys = SigningKeys::default();
//! let key = keys.get("AKIDEXAMPLE", "secret", &scope, time).unwrap();
//! let signature = key.sign(&string_to_sign(&amz_date, &scope, &canonical));
//! // The same signature, without writing the string to sign out first:
//! assert_eq!(key.sign_canonical(&amz_date, &scope, &canonical), signature);
//! assert_eq!(signature.as_str().len(), 64);
//! let header = detective_ops::signing::authorization("AKIDEXAMPLE", &scope, &canonical, &signature);
//! assert!(header.starts_with(
//!     "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261126/us-east-1/detective/aws4_request, \
//!      SignedHeaders=content-type;host;x-amz-date, Signature="
//! ));
//! ```

mod canonical;
mod key;
mod keys;

pub use canonical::{amz_date, canonical_request, string_to_sign, CanonicalRequest};
pub use key::SigningKey;
pub use keys::SigningKeys;

use std::fmt;

/// The algorithm name SigV4 puts in the string to sign and the `Authorization` header.
pub const ALGORITHM: &str = "AWS4-HMAC-SHA256";

/// `X-Amz-Date`, the signing time, as a ready-made header name (looking a
/// header up by `&str` parses the name on every call).
pub const X_AMZ_DATE: http::HeaderName = http::HeaderName::from_static("x-amz-date");

/// `X-Amz-Security-Token`, the session token of temporary credentials.
pub const X_AMZ_SECURITY_TOKEN: http::HeaderName =
    http::HeaderName::from_static("x-amz-security-token");

/// A credential scope: `date/region/service/aws4_request`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scope<'a> {
    /// The scope's date, `YYYYMMDD` (the first eight characters of `X-Amz-Date`).
    pub date: &'a str,
    /// The region signed for.
    pub region: &'a str,
    /// The signing name of the service, `detective`.
    pub service: &'a str,
}

/// The scope's last part.
const TERMINATOR: &str = "aws4_request";

impl Scope<'_> {
    /// The parts before the terminator, each followed by `/`.
    fn parts(&self) -> [&str; 3] {
        [self.date, self.region, self.service]
    }

    /// Appends the scope as SigV4 writes it: `date/region/service/aws4_request`.
    fn push_to(&self, out: &mut String) {
        for part in self.parts() {
            out.push_str(part);
            out.push('/');
        }
        out.push_str(TERMINATOR);
    }

    /// The length of what [`push_to`](Scope::push_to) appends.
    fn text_len(&self) -> usize {
        self.parts()
            .iter()
            .map(|part| part.len() + 1)
            .sum::<usize>()
            + TERMINATOR.len()
    }
}

/// The `Authorization` header value of a request signed with `signature`:
/// `AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…`, as
/// `aws-sigv4` writes it.
pub fn authorization(
    access_key_id: &str,
    scope: &Scope<'_>,
    canonical: &CanonicalRequest,
    signature: &Signature,
) -> String {
    const CREDENTIAL: &str = " Credential=";
    const SIGNED_HEADERS: &str = ", SignedHeaders=";
    const SIGNATURE: &str = ", Signature=";
    let signed_headers = canonical.signed_headers();
    // Exactly the length written: a `String` whose capacity is its length
    // becomes `Bytes` (and so a header value) without a copy.
    let mut out = String::with_capacity(
        ALGORITHM.len()
            + CREDENTIAL.len()
            + access_key_id.len()
            + 1
            + scope.text_len()
            + SIGNED_HEADERS.len()
            + signed_headers.len()
            + SIGNATURE.len()
            + signature.as_str().len(),
    );
    out.push_str(ALGORITHM);
    out.push_str(CREDENTIAL);
    out.push_str(access_key_id);
    out.push('/');
    scope.push_to(&mut out);
    out.push_str(SIGNED_HEADERS);
    out.push_str(signed_headers);
    out.push_str(SIGNATURE);
    out.push_str(signature.as_str());
    out
}

/// A SigV4 signature: 64 lowercase hex digits.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Signature(Hex);

impl Signature {
    /// The lowercase hex text of a 32-byte HMAC.
    fn from_digest(digest: &[u8; 32]) -> Self {
        Signature(Hex::of(digest))
    }

    /// The signature as it is written in a request.
    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }
}

/// A 32-byte digest as 64 lowercase hex digits, on the stack: the form of
/// every hash and signature SigV4 writes.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Hex([u8; 64]);

impl Hex {
    fn of(digest: &[u8; 32]) -> Self {
        const DIGITS: &[u8; 16] = b"0123456789abcdef";
        let mut hex = [0u8; 64];
        for (pair, byte) in hex.chunks_exact_mut(2).zip(digest) {
            pair[0] = DIGITS[usize::from(byte >> 4)];
            pair[1] = DIGITS[usize::from(byte & 0xf)];
        }
        Hex(hex)
    }

    fn as_str(&self) -> &str {
        // Every byte is one of DIGITS, so this never fails; the fallback keeps it panic-free.
        std::str::from_utf8(&self.0).unwrap_or_default()
    }
}

impl AsRef<str> for Signature {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl PartialEq<str> for Signature {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl fmt::Display for Signature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Redacted: a signature is no secret, but with its request it is a
/// credential until the request expires, so it stays out of logs.
impl fmt::Debug for Signature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Signature(<redacted>)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_writes_lowercase_digit_pairs() {
        let mut digest = [0u8; 32];
        digest[0] = 0xab;
        digest[31] = 0x0f;
        let hex = Hex::of(&digest);
        assert!(hex.as_str().starts_with("ab00"));
        assert!(hex.as_str().ends_with("000f"));
        assert_eq!(hex.as_str().len(), 64);
    }

    #[test]
    fn the_authorization_header_and_amz_date_fill_their_buffers_exactly() {
        let uri = http::Uri::from_static("https://detective.example/graph/members/get");
        let headers = [
            ("host", "detective.example"),
            ("x-amz-date", "20261126T093000Z"),
        ];
        let canonical = canonical_request("POST", &uri, &headers, b"{}");
        let canonical = canonical.unwrap_or_else(|| panic!("a plain request"));
        let signature = Signature::from_digest(&[0xab; 32]);
        for (access_key_id, region) in [
            ("AKID", "us-east-1"),
            ("ASIAEXAMPLEKEY123456", "ap-southeast-2"),
        ] {
            let scope = Scope {
                date: "20261126",
                region,
                service: "detective",
            };
            let header = authorization(access_key_id, &scope, &canonical, &signature);
            assert_eq!(
                header,
                format!(
                    "AWS4-HMAC-SHA256 Credential={access_key_id}/20261126/{region}/detective/aws4_request, \
                     SignedHeaders=host;x-amz-date, Signature={}",
                    "ab".repeat(32)
                )
            );
            // What lets the signer hand the buffer to `Bytes` without a copy.
            assert_eq!(header.capacity(), header.len());
        }
        let time =
            std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_795_685_400);
        let date = amz_date(time).unwrap_or_default();
        assert_eq!((date.as_str(), date.capacity()), ("20261126T093000Z", 16));
    }
}

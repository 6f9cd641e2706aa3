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
//! [`SigningKeys`], and leave the cryptography to `aws-sigv4`
//! ([`aws_sigv4::sign::v4::generate_signing_key`] and
//! [`aws_sigv4::sign::v4::calculate_signature`]). Anything that is not plain
//! returns `None` here and the caller signs it with `aws-sigv4` whole.
//!
//! `aws-sigv4` stays the definition of right: the tests of
//! `detective-client`'s signing layer and of `detective-local`'s verifier
//! check, over generated requests, that wherever this path applies it gives
//! byte for byte the headers (or signature) `aws-sigv4` gives.
//!
//! ```
//! use detective_ops::signing::{canonical_request, signature, string_to_sign, Scope, SigningKeys};
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
//! let signature = signature(&key, &string_to_sign(&amz_date, &scope, &canonical));
//! assert_eq!(signature.len(), 64);
//! let header = detective_ops::signing::authorization("AKIDEXAMPLE", &scope, &canonical, &signature);
//! assert!(header.starts_with(
//!     "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261126/us-east-1/detective/aws4_request, \
//!      SignedHeaders=content-type;host;x-amz-date, Signature="
//! ));
//! ```

mod canonical;
mod keys;

pub use canonical::{amz_date, canonical_request, string_to_sign, CanonicalRequest};
pub use keys::SigningKeys;

/// The algorithm name SigV4 puts in the string to sign and the `Authorization` header.
pub const ALGORITHM: &str = "AWS4-HMAC-SHA256";

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

impl Scope<'_> {
    /// Appends the scope as SigV4 writes it: `date/region/service/aws4_request`.
    fn push_to(&self, out: &mut String) {
        for part in [self.date, self.region, self.service] {
            out.push_str(part);
            out.push('/');
        }
        out.push_str("aws4_request");
    }
}

/// The `Authorization` header value of a request signed with `signature`:
/// `AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…`, as
/// `aws-sigv4` writes it.
pub fn authorization(
    access_key_id: &str,
    scope: &Scope<'_>,
    canonical: &CanonicalRequest,
    signature: &str,
) -> String {
    let signed_headers = canonical.signed_headers();
    let mut out = String::with_capacity(
        128 + access_key_id.len() + scope.region.len() + signed_headers.len() + signature.len(),
    );
    out.push_str(ALGORITHM);
    out.push_str(" Credential=");
    out.push_str(access_key_id);
    out.push('/');
    scope.push_to(&mut out);
    out.push_str(", SignedHeaders=");
    out.push_str(signed_headers);
    out.push_str(", Signature=");
    out.push_str(signature);
    out
}

/// The hex signature of `string_to_sign` under `signing_key` (`aws-sigv4`'s HMAC).
pub fn signature(signing_key: &[u8; 32], string_to_sign: &str) -> String {
    aws_sigv4::sign::v4::calculate_signature(signing_key, string_to_sign.as_bytes())
}

//! The canonical request and string to sign of a plain request, each written
//! into one buffer.

use super::{Hex, Scope, ALGORITHM};
use sha2::{Digest, Sha256};
use std::time::SystemTime;

/// A plain request's SigV4 canonical request (see [`canonical_request`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CanonicalRequest {
    text: String,
    /// Where the signed-header list lies in `text`, noted while writing it
    /// (the `Authorization` header repeats it).
    signed_headers: std::ops::Range<usize>,
}

impl CanonicalRequest {
    /// The canonical request itself, as hashed into the string to sign.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The signed header names, `;`-separated, as the `Authorization` header lists them.
    pub fn signed_headers(&self) -> &str {
        self.text
            .get(self.signed_headers.clone())
            .unwrap_or_default()
    }

    /// The SHA-256 of the canonical request in hex, as the string to sign ends.
    pub(super) fn hash_hex(&self) -> Hex {
        sha256_hex(self.text.as_bytes())
    }
}

/// The canonical request of a plain request, or `None` when it is not plain
/// and must be signed by `aws-sigv4` in full.
///
/// `headers` are every signed header, `host` and `x-amz-date` (and
/// `x-amz-security-token` when signed) included: lowercase names in strictly
/// ascending order, each with its value as sent.
///
/// Plain means: no query; a path of `/` or of `/`-separated, non-empty
/// segments of letters, digits, `-`, `_` and `~` (nothing to percent-encode,
/// nothing to normalise); header names strictly ascending (so none twice);
/// each value visible ASCII with no two spaces in a row once its outer spaces
/// are trimmed.
pub fn canonical_request(
    method: &str,
    uri: &http::Uri,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Option<CanonicalRequest> {
    let path = uri.path();
    if uri.query().is_some() || !is_plain_path(path) {
        return None;
    }
    let mut text = String::with_capacity(192 + 48 * headers.len());
    text.push_str(method);
    text.push('\n');
    text.push_str(path);
    // The empty canonical query.
    text.push_str("\n\n");
    let mut previous: Option<&str> = None;
    for &(name, value) in headers {
        if previous.is_some_and(|previous| previous >= name) {
            return None;
        }
        previous = Some(name);
        let value = value.trim_matches(' ');
        if !is_plain_value(value) {
            return None;
        }
        text.push_str(name);
        text.push(':');
        text.push_str(value);
        text.push('\n');
    }
    text.push('\n');
    let signed_headers_start = text.len();
    for (n, (name, _)) in headers.iter().enumerate() {
        if n > 0 {
            text.push(';');
        }
        text.push_str(name);
    }
    let signed_headers = signed_headers_start..text.len();
    text.push('\n');
    text.push_str(sha256_hex(body).as_str());
    Some(CanonicalRequest {
        text,
        signed_headers,
    })
}

/// The SigV4 string to sign for `canonical`, signed at `amz_date` within `scope`.
pub fn string_to_sign(amz_date: &str, scope: &Scope<'_>, canonical: &CanonicalRequest) -> String {
    let mut out = String::with_capacity(128 + scope.region.len() + scope.service.len());
    out.push_str(ALGORITHM);
    out.push('\n');
    out.push_str(amz_date);
    out.push('\n');
    scope.push_to(&mut out);
    out.push('\n');
    out.push_str(canonical.hash_hex().as_str());
    out
}

/// `X-Amz-Date` for `time`: `YYYYMMDD'T'HHMMSS'Z'` in UTC, as `aws-sigv4`
/// writes it; `None` before 1970 or after 9999 (`time`'s own conversion
/// from `SystemTime` panics past its range; this never does).
pub fn amz_date(time: SystemTime) -> Option<String> {
    let seconds = time.duration_since(SystemTime::UNIX_EPOCH).ok()?.as_secs();
    let time = time::OffsetDateTime::from_unix_timestamp(i64::try_from(seconds).ok()?).ok()?;
    let year = u32::try_from(time.year())
        .ok()
        .filter(|year| (1000..=9999).contains(year))?;
    let mut out = String::with_capacity(16);
    push_digits(&mut out, year, 4);
    push_digits(&mut out, u32::from(u8::from(time.month())), 2);
    push_digits(&mut out, u32::from(time.day()), 2);
    out.push('T');
    push_digits(&mut out, u32::from(time.hour()), 2);
    push_digits(&mut out, u32::from(time.minute()), 2);
    push_digits(&mut out, u32::from(time.second()), 2);
    out.push('Z');
    Some(out)
}

/// Appends the last `width` decimal digits of `value`, zero-padded.
fn push_digits(out: &mut String, value: u32, width: u32) {
    for position in (0..width).rev() {
        let digit = (value / 10u32.pow(position)) % 10;
        out.push(char::from_digit(digit, 10).unwrap_or('0'));
    }
}

/// A path the signer neither percent-encodes nor normalises.
fn is_plain_path(path: &str) -> bool {
    path == "/"
        || path.strip_prefix('/').is_some_and(|rest| {
            rest.split('/').all(|segment| {
                !segment.is_empty()
                    && segment
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'~')
            })
        })
}

/// Visible ASCII and single spaces: what the signer would copy unchanged.
fn is_plain_value(value: &str) -> bool {
    let mut after_space = false;
    value.bytes().all(|b| {
        let space = b == b' ';
        let plain = if space {
            !after_space
        } else {
            b.is_ascii_graphic()
        };
        after_space = space;
        plain
    })
}

/// The SHA-256 digest of `bytes` as lowercase hexadecimal: the payload hash
/// of the canonical request, and the canonical request's hash in the string to sign.
fn sha256_hex(bytes: &[u8]) -> Hex {
    Hex::of(&Sha256::digest(bytes).into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    const DATE: &str = "20261126T093000Z";

    fn uri(path: &str) -> http::Uri {
        format!("http://localhost:4566{path}").parse().unwrap()
    }

    fn headers(content_type: &str) -> [(&str, &str); 3] {
        [
            ("content-type", content_type),
            ("host", "localhost:4566"),
            ("x-amz-date", DATE),
        ]
    }

    #[test]
    fn writes_the_canonical_request_of_a_plain_request() {
        let canonical = canonical_request(
            "POST",
            &uri("/graph/members/get"),
            &headers("application/json"),
            b"{}",
        )
        .unwrap();
        assert_eq!(
            canonical.as_str(),
            "POST\n/graph/members/get\n\n\
             content-type:application/json\nhost:localhost:4566\nx-amz-date:20261126T093000Z\n\n\
             content-type;host;x-amz-date\n\
             44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"
        );
        assert_eq!(canonical.signed_headers(), "content-type;host;x-amz-date");
        let scope = Scope {
            date: "20261126",
            region: "us-east-1",
            service: "detective",
        };
        let string_to_sign = string_to_sign(DATE, &scope, &canonical);
        let mut lines = string_to_sign.lines();
        assert_eq!(lines.next(), Some(ALGORITHM));
        assert_eq!(lines.next(), Some(DATE));
        assert_eq!(
            lines.next(),
            Some("20261126/us-east-1/detective/aws4_request")
        );
        assert_eq!(lines.next().map(str::len), Some(64));
    }

    #[test]
    fn trims_outer_spaces_of_values() {
        let canonical = canonical_request("POST", &uri("/a"), &headers("  a b  "), b"").unwrap();
        assert!(canonical.as_str().contains("\ncontent-type:a b\n"));
    }

    #[test]
    fn leaves_everything_else_to_aws_sigv4() {
        let json = headers("application/json");
        let not_plain = |path: &str, headers: &[(&str, &str)]| {
            canonical_request("GET", &uri(path), headers, b"").is_none()
        };
        assert!(not_plain("/tags/a?tagKeys=x", &json));
        assert!(not_plain("/tags/arn%3Aaws", &json));
        assert!(not_plain("/a/./b", &json));
        assert!(not_plain("/a//b", &json));
        assert!(not_plain("/a/", &json));
        assert!(not_plain("/a", &headers("a  b")));
        assert!(not_plain("/a", &headers("tab\there")));
        let twice = [("content-type", "a"), ("content-type", "b"), ("host", "h")];
        assert!(not_plain("/a", &twice));
        let unsorted = [("host", "h"), ("content-type", "a")];
        assert!(not_plain("/a", &unsorted));
        assert!(!not_plain("/a", &json));
        assert!(!not_plain("/", &json));
    }

    #[test]
    fn amz_date_is_written_as_aws_sigv4_writes_it() {
        let time = SystemTime::UNIX_EPOCH + Duration::from_millis(1_795_685_400_999);
        assert_eq!(amz_date(time).as_deref(), Some(DATE));
        assert_eq!(
            amz_date(SystemTime::UNIX_EPOCH).as_deref(),
            Some("19700101T000000Z")
        );
        let far = SystemTime::UNIX_EPOCH + Duration::from_secs(253_402_300_800); // year 10000
        assert_eq!(amz_date(far), None);
    }
}

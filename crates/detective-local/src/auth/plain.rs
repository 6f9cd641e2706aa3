//! The canonical request of a *plain* header-signed request, built without
//! `aws-sigv4`'s general machinery.
//!
//! Why this exists: recomputing a signature with `aws_sigv4::http_request::sign`
//! re-derives the signing key (four HMACs) and formats the canonical request,
//! the string to sign and the date several times over, each in fresh
//! allocations. That was about half of an in-process round trip. Almost every
//! request an SDK sends is plain (see [`canonical_request`]): its canonical
//! form is the method, the path as is, an empty query, the signed headers'
//! values trimmed, and the body's hash. For those the emulator writes the
//! canonical request itself, in one buffer, and signs it with a cached signing
//! key ([`super::signing_keys`]); the HMACs are still `aws-sigv4`'s.
//!
//! Anything else (a query, a path the signer would encode or normalise, a
//! header sent twice, headers listed out of order, spaces inside a value) is
//! not plain, and goes through `aws-sigv4` as before. The unit tests check,
//! over generated requests, that wherever this builds a canonical request,
//! the signature from it equals `aws-sigv4`'s.

use sha2::{Digest, Sha256};

/// The canonical request of a plain header-signed request, or `None` when the
/// request is not plain and must be signed by `aws-sigv4` in full.
///
/// Plain means: no query; a path of `/`-separated, non-empty segments of
/// letters, digits, `-`, `_` and `~` (nothing to percent-encode, nothing to
/// normalise); the signed header names listed in strictly ascending order;
/// each signed header present exactly once with a visible-ASCII value that
/// has no two spaces in a row once its outer spaces are trimmed; and an
/// `amz_date` of the canonical `YYYYMMDD'T'HHMMSS'Z'` shape.
///
/// `host` is the value signed for `host` (the `Host` header or, over HTTP/2,
/// the URI's authority); `amz_date` the value signed for `x-amz-date`.
pub(super) fn canonical_request(
    parts: &http::request::Parts,
    host: &str,
    signed_headers: &[String],
    amz_date: &str,
    body: &[u8],
) -> Option<String> {
    if parts.uri.query().is_some() || !is_plain_path(parts.uri.path()) {
        return None;
    }
    if !is_canonical_amz_date(amz_date) {
        return None;
    }
    let mut out = String::with_capacity(256 + 32 * signed_headers.len());
    out.push_str(parts.method.as_str());
    out.push('\n');
    out.push_str(parts.uri.path());
    // The empty canonical query.
    out.push_str("\n\n");
    let mut previous: Option<&str> = None;
    for name in signed_headers {
        if previous.is_some_and(|previous| previous >= name.as_str()) {
            return None;
        }
        previous = Some(name);
        let value = match name.as_str() {
            "host" => host,
            "x-amz-date" => amz_date,
            _ => single_value(parts, name)?,
        };
        let value = value.trim_matches(' ');
        if value.contains("  ") {
            return None;
        }
        out.push_str(name);
        out.push(':');
        out.push_str(value);
        out.push('\n');
    }
    out.push('\n');
    for (n, name) in signed_headers.iter().enumerate() {
        if n > 0 {
            out.push(';');
        }
        out.push_str(name);
    }
    out.push('\n');
    push_hex(&mut out, &Sha256::digest(body));
    Some(out)
}

/// The SigV4 string to sign for `canonical_request`, signed at `amz_date`
/// within the scope `date/region/service/aws4_request`.
pub(super) fn string_to_sign(
    amz_date: &str,
    date: &str,
    region: &str,
    service: &str,
    canonical_request: &str,
) -> String {
    let mut out = String::with_capacity(160 + region.len() + service.len());
    out.push_str(super::ALGORITHM);
    out.push('\n');
    out.push_str(amz_date);
    out.push('\n');
    for part in [date, region, service, "aws4_request"] {
        out.push_str(part);
        out.push('/');
    }
    out.pop();
    out.push('\n');
    push_hex(&mut out, &Sha256::digest(canonical_request.as_bytes()));
    out
}

/// The value of a header sent exactly once, as visible ASCII.
fn single_value<'a>(parts: &'a http::request::Parts, name: &str) -> Option<&'a str> {
    let mut values = parts.headers.get_all(name).iter();
    let value = values.next()?;
    if values.next().is_some() {
        return None;
    }
    value.to_str().ok()
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

/// `YYYYMMDD'T'HHMMSS'Z'` exactly, as the signer would format it.
fn is_canonical_amz_date(amz_date: &str) -> bool {
    let bytes = amz_date.as_bytes();
    bytes.len() == 16
        && bytes.iter().enumerate().all(|(i, &b)| match i {
            8 => b == b'T',
            15 => b == b'Z',
            _ => b.is_ascii_digit(),
        })
}

/// Appends `bytes` as lowercase hexadecimal.
fn push_hex(out: &mut String, bytes: &[u8]) {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    for byte in bytes {
        out.push(char::from(DIGITS[usize::from(byte >> 4)]));
        out.push(char::from(DIGITS[usize::from(byte & 0x0f)]));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(method: &str, uri: &str, headers: &[(&str, &str)]) -> http::request::Parts {
        let mut builder = http::Request::builder().method(method).uri(uri);
        for (name, value) in headers {
            builder = builder.header(*name, *value);
        }
        match builder.body(()) {
            Ok(request) => request.into_parts().0,
            Err(e) => panic!("test request {uri}: {e}"),
        }
    }

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn writes_the_canonical_request_of_a_plain_request() {
        let parts = parts(
            "POST",
            "/graph/members/get",
            &[("content-type", "application/json"), ("host", "ignored")],
        );
        let canonical = canonical_request(
            &parts,
            "localhost:4566",
            &names(&["content-type", "host", "x-amz-date"]),
            "20261126T093000Z",
            b"{}",
        );
        assert_eq!(
            canonical.as_deref(),
            Some(
                "POST\n/graph/members/get\n\n\
                 content-type:application/json\nhost:localhost:4566\nx-amz-date:20261126T093000Z\n\n\
                 content-type;host;x-amz-date\n\
                 44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"
            )
        );
    }

    #[test]
    fn leaves_everything_else_to_aws_sigv4() {
        let signed = names(&["content-type", "host", "x-amz-date"]);
        let date = "20261126T093000Z";
        let not_plain = |parts: &http::request::Parts, signed: &[String], date: &str| {
            canonical_request(parts, "h", signed, date, b"").is_none()
        };
        let json = [("content-type", "application/json")];
        assert!(not_plain(
            &parts("GET", "/tags/a?tagKeys=x", &json),
            &signed,
            date
        ));
        assert!(not_plain(
            &parts("GET", "/tags/arn%3Aaws", &json),
            &signed,
            date
        ));
        assert!(not_plain(&parts("GET", "/a/./b", &json), &signed, date));
        assert!(not_plain(&parts("GET", "/a//b", &json), &signed, date));
        assert!(not_plain(&parts("GET", "/a/", &json), &signed, date));
        assert!(not_plain(
            &parts("GET", "/a", &[("content-type", "a  b")]),
            &signed,
            date
        ));
        assert!(not_plain(
            &parts("GET", "/a", &[("content-type", "a"), ("content-type", "b")]),
            &signed,
            date
        ));
        assert!(not_plain(&parts("GET", "/a", &[]), &signed, date));
        assert!(not_plain(
            &parts("GET", "/a", &json),
            &names(&["host", "content-type", "x-amz-date"]),
            date
        ));
        assert!(not_plain(
            &parts("GET", "/a", &json),
            &signed,
            "+20261126T093000Z"
        ));
        assert!(!not_plain(&parts("GET", "/a", &json), &signed, date));
    }
}

//! SigV4 verification: who is calling, and did they sign this request.
//!
//! The emulator recomputes each request's signature with the `aws-sigv4`
//! crate (the AWS SDK for Rust's signer) from the parts the client says it
//! signed, and compares it with the one the client sent. Nothing here is a
//! second implementation of SigV4, so the check is exactly as strict as the
//! SDKs are correct.
//!
//! The checks, in order, with the service's answers:
//! - no `Authorization` header: 403 `MissingAuthenticationTokenException`;
//! - a header that is not `AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…,
//!   Signature=…`, a scope for a service other than `detective`, a missing
//!   or malformed `X-Amz-Date`, or `host`/`x-amz-date` not signed:
//!   403 `InvalidSignatureException`;
//! - `X-Amz-Date` more than 15 minutes away from the emulator's clock:
//!   403 `InvalidSignatureException` ("Signature expired");
//! - an access key that is neither configured nor 12 digits:
//!   403 `UnrecognizedClientException`;
//! - a signature that differs from the recomputed one: 403 `InvalidSignatureException`.
//!
//! What is signed is taken from the request as received: the method, the
//! path and query (the signer double-encodes the path, as every SDK does for
//! non-S3 services), exactly the headers named in `SignedHeaders` (including
//! `x-amz-security-token` or `x-amz-content-sha256` when the client signed
//! them), and the SHA-256 of the body. That covers the AWS SDKs and botocore
//! (boto3, the AWS CLI) alike.

use crate::config::{EmulatorConfig, DEFAULT_ACCOUNT_ID};
use crate::state::Caller;
use aws_credential_types::Credentials;
use aws_sigv4::http_request::{sign, SignableBody, SignableRequest, SigningSettings};
use aws_sigv4::sign::v4;
use aws_smithy_runtime_api::client::identity::Identity;
use detective_types::ServiceErrorCode;
use std::fmt;
use std::time::SystemTime;
use time::OffsetDateTime;

/// The only signing algorithm the service accepts.
const ALGORITHM: &str = "AWS4-HMAC-SHA256";
/// The signing name of Amazon Detective.
pub const SERVICE_NAME: &str = "detective";
/// How far a request's `X-Amz-Date` may be from the emulator's clock.
pub const MAX_CLOCK_SKEW: time::Duration = time::Duration::minutes(15);

const DATE_TIME_FORMAT: &[time::format_description::FormatItem<'static>] =
    time::macros::format_description!("[year][month][day]T[hour][minute][second]Z");

/// Why a request was not authenticated: the 403 the service answers with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthError {
    /// `MissingAuthenticationTokenException`, `UnrecognizedClientException` or `InvalidSignatureException`.
    pub code: ServiceErrorCode,
    /// The message sent back.
    pub message: String,
}

impl AuthError {
    fn missing() -> Self {
        AuthError {
            code: ServiceErrorCode::MissingAuthenticationTokenException,
            message: "Missing Authentication Token".to_owned(),
        }
    }

    fn invalid(message: impl Into<String>) -> Self {
        AuthError {
            code: ServiceErrorCode::InvalidSignatureException,
            message: message.into(),
        }
    }

    fn unrecognized() -> Self {
        AuthError {
            code: ServiceErrorCode::UnrecognizedClientException,
            message: "The security token included in the request is invalid.".to_owned(),
        }
    }
}

impl fmt::Display for AuthError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}

impl std::error::Error for AuthError {}

/// The parts of an `Authorization: AWS4-HMAC-SHA256 …` header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthorizationHeader {
    /// The access key id of the `Credential`.
    pub access_key_id: String,
    /// The scope's date, `YYYYMMDD`.
    pub date: String,
    /// The scope's region.
    pub region: String,
    /// The scope's service (signing name).
    pub service: String,
    /// The signed header names, lowercase, as listed.
    pub signed_headers: Vec<String>,
    /// The hex signature.
    pub signature: String,
}

impl AuthorizationHeader {
    /// Parses the value of an `Authorization` header.
    pub fn parse(value: &str) -> Result<Self, AuthError> {
        let malformed = |what: &str| {
            AuthError::invalid(format!(
                "Authorization header is malformed: {what} (expected '{ALGORITHM} Credential=..., SignedHeaders=..., Signature=...')"
            ))
        };
        let value = value.trim();
        let rest = value
            .strip_prefix(ALGORITHM)
            .filter(|rest| rest.starts_with(' '))
            .ok_or_else(|| malformed("unsupported algorithm"))?;
        let (mut credential, mut signed_headers, mut signature) = (None, None, None);
        for part in rest.split(',') {
            let part = part.trim();
            if part.is_empty() {
                continue;
            }
            let (name, value) = part
                .split_once('=')
                .ok_or_else(|| malformed("a component has no '='"))?;
            let slot = match name.trim() {
                "Credential" => &mut credential,
                "SignedHeaders" => &mut signed_headers,
                "Signature" => &mut signature,
                _ => return Err(malformed("unknown component")),
            };
            if slot.replace(value.trim()).is_some() {
                return Err(malformed("a component is repeated"));
            }
        }
        let credential = credential.ok_or_else(|| malformed("Credential is missing"))?;
        let signed_headers = signed_headers.ok_or_else(|| malformed("SignedHeaders is missing"))?;
        let signature = signature.ok_or_else(|| malformed("Signature is missing"))?;

        let scope: Vec<&str> = credential.split('/').collect();
        let [access_key_id, date, region, service, terminator] = scope[..] else {
            return Err(malformed(
                "Credential is not access-key/date/region/service/aws4_request",
            ));
        };
        if terminator != "aws4_request" {
            return Err(malformed("the credential scope must end in aws4_request"));
        }
        if access_key_id.is_empty() {
            return Err(malformed("the access key id is empty"));
        }
        if date.len() != 8 || !date.bytes().all(|b| b.is_ascii_digit()) {
            return Err(malformed("the credential scope date is not YYYYMMDD"));
        }
        if !(2..=20).contains(&region.len())
            || !region
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        {
            return Err(malformed(
                "the credential scope region is not a region name",
            ));
        }
        let signed_headers: Vec<String> = signed_headers.split(';').map(str::to_owned).collect();
        if signed_headers.iter().any(|h| {
            h.is_empty()
                || !h
                    .bytes()
                    .all(|b| b.is_ascii_graphic() && !b.is_ascii_uppercase())
        }) {
            return Err(malformed(
                "SignedHeaders must list lowercase header names separated by ';'",
            ));
        }
        if signature.len() != 64 || !signature.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(malformed("Signature is not 64 hexadecimal characters"));
        }
        Ok(AuthorizationHeader {
            access_key_id: access_key_id.to_owned(),
            date: date.to_owned(),
            region: region.to_owned(),
            service: service.to_owned(),
            signed_headers,
            signature: signature.to_ascii_lowercase(),
        })
    }
}

/// Authenticates a request: the [`Caller`] it acts as, or the 403 to answer with.
///
/// `now` is the emulator's clock; `body` is the whole request body. With
/// [`EmulatorConfig::verify_signatures`] off, nothing is checked and the
/// caller comes from whatever the `Authorization` header names (see
/// [`permissive_caller`]).
pub fn authenticate(
    config: &EmulatorConfig,
    now: OffsetDateTime,
    parts: &http::request::Parts,
    body: &[u8],
) -> Result<Caller, AuthError> {
    if !config.verify_signatures {
        return Ok(permissive_caller(config, parts));
    }
    let header = parts
        .headers
        .get(http::header::AUTHORIZATION)
        .ok_or_else(AuthError::missing)?;
    let header = header
        .to_str()
        .map_err(|_| AuthError::invalid("Authorization header is not visible ASCII"))?;
    let auth = AuthorizationHeader::parse(header)?;
    if auth.service != SERVICE_NAME {
        return Err(AuthError::invalid(format!(
            "Credential should be scoped to correct service: '{SERVICE_NAME}', not '{}'.",
            auth.service
        )));
    }
    for required in ["host", "x-amz-date"] {
        if !auth.signed_headers.iter().any(|h| h == required) {
            return Err(AuthError::invalid(format!(
                "'{required}' must be a signed header."
            )));
        }
    }
    let amz_date = parts
        .headers
        .get("x-amz-date")
        .and_then(|v| v.to_str().ok())
        .ok_or_else(|| AuthError::invalid("The X-Amz-Date header is missing."))?;
    let request_time = time::PrimitiveDateTime::parse(amz_date, DATE_TIME_FORMAT)
        .map_err(|_| {
            AuthError::invalid(format!(
                "X-Amz-Date {amz_date:?} is not in the format YYYYMMDD'T'HHMMSS'Z'."
            ))
        })?
        .assume_utc();
    if (request_time - now).abs() > MAX_CLOCK_SKEW {
        return Err(AuthError::invalid(format!(
            "Signature expired: {amz_date} is more than 15 minutes away from the server time {}.",
            now.format(DATE_TIME_FORMAT).unwrap_or_default()
        )));
    }
    if !amz_date.starts_with(&auth.date) {
        return Err(AuthError::invalid(format!(
            "Credential should be scoped to a valid date: '{}' does not match X-Amz-Date {amz_date}.",
            auth.date
        )));
    }
    let key = config
        .credentials
        .lookup(&auth.access_key_id)
        .ok_or_else(AuthError::unrecognized)?;
    let expected = expected_signature(
        &auth,
        key.secret_access_key(),
        SystemTime::from(request_time),
        parts,
        body,
    )?;
    if !constant_time_eq(expected.as_bytes(), auth.signature.as_bytes()) {
        return Err(AuthError::invalid(
            "The request signature we calculated does not match the signature you provided. \
             Check your AWS Secret Access Key and signing method.",
        ));
    }
    Ok(Caller::new(key.account_id(), auth.region))
}

/// The caller when verification is off: the account of a known key named in
/// the `Authorization` header and its scope's region; otherwise the default
/// account `000000000000` and the configured region.
pub fn permissive_caller(config: &EmulatorConfig, parts: &http::request::Parts) -> Caller {
    let header = parts
        .headers
        .get(http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok());
    let Some(header) = header else {
        return Caller::new(DEFAULT_ACCOUNT_ID, config.region.clone());
    };
    // A header too malformed to parse whole may still name a key and a region.
    let scope = header
        .split("Credential=")
        .nth(1)
        .and_then(|rest| rest.split([',', ' ']).next())
        .unwrap_or_default();
    let mut fields = scope.split('/');
    let key = fields.next().unwrap_or_default();
    let region = fields
        .nth(1)
        .filter(|r| {
            (2..=20).contains(&r.len())
                && r.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        })
        .map_or_else(|| config.region.clone(), str::to_owned);
    let account = config.credentials.lookup(key).map_or_else(
        || DEFAULT_ACCOUNT_ID.to_owned(),
        |k| k.account_id().to_owned(),
    );
    Caller::new(account, region)
}

/// Signs the request as received with `aws-sigv4` and returns the signature.
fn expected_signature(
    auth: &AuthorizationHeader,
    secret: &str,
    time: SystemTime,
    parts: &http::request::Parts,
    body: &[u8],
) -> Result<String, AuthError> {
    let unsignable =
        |what: String| AuthError::invalid(format!("The request cannot be verified: {what}"));
    // HTTP/2 carries the host in the URI (`:authority`), HTTP/1.1 in `Host`.
    let host = match parts.headers.get(http::header::HOST) {
        Some(value) => value
            .to_str()
            .map_err(|_| unsignable("the Host header is not visible ASCII".into()))?,
        None => parts
            .uri
            .authority()
            .map(http::uri::Authority::as_str)
            .ok_or_else(|| unsignable("the request has no Host".into()))?,
    };
    let mut headers: Vec<(&str, &str)> = Vec::new();
    for name in &auth.signed_headers {
        match name.as_str() {
            // The signer adds x-amz-date from `time`, which is X-Amz-Date parsed.
            "x-amz-date" => {}
            "host" => headers.push(("host", host)),
            _ => {
                for value in parts.headers.get_all(name.as_str()) {
                    let value = value.to_str().map_err(|_| {
                        unsignable(format!("the {name} header is not visible ASCII"))
                    })?;
                    headers.push((name.as_str(), value));
                }
            }
        }
    }
    // The authority here only satisfies the URI parser: the signed host is the header above.
    let path_and_query = parts
        .uri
        .path_and_query()
        .map_or("/", http::uri::PathAndQuery::as_str);
    let uri = format!("http://localhost{path_and_query}");
    let request = SignableRequest::new(
        parts.method.as_str(),
        uri,
        headers.into_iter(),
        SignableBody::Bytes(body),
    )
    .map_err(|e| unsignable(e.to_string()))?;
    let mut settings = SigningSettings::default();
    // Sign exactly what the client listed, user-agent included if it did.
    settings.excluded_headers = None;
    // A signed x-amz-security-token is passed above as an ordinary header.
    let identity: Identity =
        Credentials::new(&auth.access_key_id, secret, None, None, "emulator").into();
    let params = v4::SigningParams::builder()
        .identity(&identity)
        .region(&auth.region)
        .name(&auth.service)
        .time(time)
        .settings(settings)
        .build()
        .map_err(|e| unsignable(e.to_string()))?
        .into();
    let output = sign(request, &params).map_err(|e| unsignable(e.to_string()))?;
    Ok(output.signature().to_owned())
}

/// Compares two byte strings in time that depends only on their lengths.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261126/us-east-1/detective/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7";

    #[test]
    fn parses_a_well_formed_header() {
        let auth = AuthorizationHeader::parse(HEADER).unwrap();
        assert_eq!(auth.access_key_id, "AKIDEXAMPLE");
        assert_eq!(auth.date, "20261126");
        assert_eq!(auth.region, "us-east-1");
        assert_eq!(auth.service, "detective");
        assert_eq!(auth.signed_headers, ["content-type", "host", "x-amz-date"]);
        assert_eq!(auth.signature.len(), 64);
        // Spacing around commas is not significant (botocore writes ", ").
        let compact = HEADER.replace(", ", ",");
        assert_eq!(AuthorizationHeader::parse(&compact).unwrap(), auth);
    }

    #[test]
    fn refuses_malformed_headers() {
        let cases = [
            "",
            "AWS4-HMAC-SHA256",
            "AWS4-HMAC-SHA256X Credential=a/b/c/d/aws4_request",
            "Bearer abc",
            &HEADER.replace("Credential=", "Credentials="),
            &HEADER.replace("/aws4_request", "/aws5_request"),
            &HEADER.replace("/20261126/", "/2026-11-26/"),
            &HEADER.replace("/us-east-1/", "/US_EAST/"),
            &HEADER.replace("AKIDEXAMPLE/", "/"),
            &HEADER.replace("AKIDEXAMPLE/", "A/B/"),
            &HEADER.replace("content-type;", "Content-Type;"),
            &HEADER.replace("content-type;", ";"),
            &HEADER.replace("Signature=5d", "Signature=zz"),
            &HEADER.replace("Signature=5d", "Signature=5"),
            &format!("{HEADER}, Signature=00"),
        ];
        for case in cases {
            let err = AuthorizationHeader::parse(case).unwrap_err();
            assert_eq!(
                err.code,
                ServiceErrorCode::InvalidSignatureException,
                "{case}"
            );
        }
    }

    #[test]
    fn constant_time_eq_compares() {
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"ab"));
        assert!(constant_time_eq(b"", b""));
    }

    #[test]
    fn permissive_caller_reads_what_it_can() {
        let config = EmulatorConfig {
            region: "eu-west-1".into(),
            verify_signatures: false,
            ..Default::default()
        };
        let parts = |auth: Option<&str>| {
            let mut builder = http::Request::post("/graph");
            if let Some(auth) = auth {
                builder = builder.header("authorization", auth);
            }
            builder.body(()).unwrap().into_parts().0
        };
        assert_eq!(
            permissive_caller(&config, &parts(None)),
            Caller::new("000000000000", "eu-west-1")
        );
        assert_eq!(
            permissive_caller(
                &config,
                &parts(Some(
                    "AWS4-HMAC-SHA256 Credential=123456789012/20261126/ap-south-1/detective/aws4_request"
                ))
            ),
            Caller::new("123456789012", "ap-south-1")
        );
        assert_eq!(
            permissive_caller(&config, &parts(Some("garbage"))),
            Caller::new("000000000000", "eu-west-1")
        );
        let unsigned =
            authenticate(&config, OffsetDateTime::UNIX_EPOCH, &parts(None), b"").unwrap();
        assert_eq!(unsigned.account_id, "000000000000");
    }
}

//! SigV4 verification: who is calling, and did they sign this request.
//!
//! The emulator recomputes each request's signature from the parts the
//! client says it signed, and compares it with the one the client sent (in
//! constant time). The recomputation is the `aws-sigv4` crate's (the AWS SDK
//! for Rust's signer), so the check is exactly as strict as the SDKs are
//! correct. One shortcut, for speed only: a *plain* header-signed request
//! (no query, nothing to encode; what SDKs send for every Detective operation
//! but the tag ones) has its canonical request written by
//! [`detective_ops::signing`] and is signed with a key cached per access key,
//! day and region ([`SigningKeys`]), with `aws-sigv4`'s HMACs; generated
//! requests check that this gives `aws-sigv4`'s signature wherever it applies.
//!
//! A request is signed in one of two forms, never both (403
//! `InvalidSignatureException`, "Only one auth mechanism allowed"):
//! an `Authorization` header, or query parameters (a *presigned* request, as
//! boto3's `generate_presigned_url` and `detective_client`'s `presign` make:
//! `X-Amz-Algorithm`, `X-Amz-Credential`, `X-Amz-Date`, `X-Amz-Expires`,
//! `X-Amz-SignedHeaders`, `X-Amz-Signature`, optionally `X-Amz-Security-Token`).
//!
//! The checks, in order, with the service's answers:
//! - neither form: 403 `MissingAuthenticationTokenException`;
//! - a header that is not `AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…,
//!   Signature=…` (or query parameters missing, repeated or malformed), a
//!   scope for a service other than `detective`, a missing or malformed
//!   `X-Amz-Date`, `host` (and for the header form `x-amz-date`) not signed,
//!   or an `X-Amz-Expires` outside 1 to 604800 seconds:
//!   403 `InvalidSignatureException`;
//! - header form: `X-Amz-Date` more than 15 minutes away from the emulator's
//!   clock: 403 `InvalidSignatureException` ("Signature expired");
//! - query form: `X-Amz-Date` more than 15 minutes ahead of the clock
//!   ("Signature not yet current"), or the clock past `X-Amz-Date` +
//!   `X-Amz-Expires` ("Signature expired"): 403 `InvalidSignatureException`.
//!   AWS API services answer an expired presigned request with this code and
//!   message prefix (S3 alone says `AccessDenied`), and it is the answer the
//!   header form already gives to a stale signature, so a client handles both
//!   alike;
//! - an access key that is neither configured nor 12 digits:
//!   403 `UnrecognizedClientException`;
//! - a signature that differs from the recomputed one (any change to the
//!   method, path, query, signed headers or body): 403 `InvalidSignatureException`.
//!
//! What is signed is taken from the request as received: the method, the
//! path and query (the signer double-encodes the path, as every SDK does for
//! non-S3 services; a presigned request's query without its signature),
//! exactly the headers named in the signed-header list (including
//! `x-amz-security-token` or `x-amz-content-sha256` when the client signed
//! them), and the SHA-256 of the body, in both forms (botocore's presigner
//! hashes the body too; only S3's uses `UNSIGNED-PAYLOAD`). That covers the
//! AWS SDKs and botocore (boto3, the AWS CLI) alike.

pub use detective_ops::signing::SigningKeys;

use crate::config::{EmulatorConfig, DEFAULT_ACCOUNT_ID};
use crate::state::Caller;
use aws_credential_types::Credentials;
use aws_sigv4::http_request::{
    sign, SignableBody, SignableRequest, SignatureLocation, SigningSettings,
};
use aws_sigv4::sign::v4;
use aws_smithy_runtime_api::client::identity::Identity;
// ALGORITHM: the only signing algorithm the service accepts.
use detective_ops::signing::{self, Scope, Signature, ALGORITHM, X_AMZ_DATE};
use detective_types::ServiceErrorCode;
use std::fmt;
use std::time::SystemTime;
use time::OffsetDateTime;

/// The signing name of Amazon Detective.
pub const SERVICE_NAME: &str = "detective";
/// How far a request's `X-Amz-Date` may be from the emulator's clock.
pub const MAX_CLOCK_SKEW: time::Duration = time::Duration::minutes(15);
/// The longest `X-Amz-Expires` SigV4 allows: 7 days.
pub const MAX_PRESIGNED_EXPIRES_SECONDS: u64 = 604_800;

const DATE_TIME_FORMAT: &[time::format_description::FormatItem<'static>] =
    time::macros::format_description!("[year][month][day]T[hour][minute][second]Z");

/// Query parameters that make a request a presigned one (any of them).
const PRESIGN_MARKERS: [&str; 5] = [
    "X-Amz-Algorithm",
    "X-Amz-Credential",
    "X-Amz-SignedHeaders",
    "X-Amz-Expires",
    "X-Amz-Signature",
];

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

    fn mismatch() -> Self {
        AuthError::invalid(
            "The request signature we calculated does not match the signature you provided. \
             Check your AWS Secret Access Key and signing method.",
        )
    }
}

impl fmt::Display for AuthError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}

impl std::error::Error for AuthError {}

/// Makes the error for a malformed part of a signature, naming what is wrong.
type Malformed<'a> = &'a dyn Fn(&str) -> AuthError;

/// The scope of a `Credential`: `access-key/YYYYMMDD/region/service/aws4_request`.
struct CredentialScope<'a> {
    access_key_id: &'a str,
    date: &'a str,
    region: &'a str,
    service: &'a str,
}

fn parse_credential<'a>(
    credential: &'a str,
    malformed: Malformed<'_>,
) -> Result<CredentialScope<'a>, AuthError> {
    let mut parts = pieces(credential, b'/');
    let mut next = || parts.next();
    let scope = [(); 5].map(|()| next());
    let ([Some(access_key_id), Some(date), Some(region), Some(service), Some(terminator)], None) =
        (scope, parts.next())
    else {
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
    if !is_region_name(region) {
        return Err(malformed(
            "the credential scope region is not a region name",
        ));
    }
    Ok(CredentialScope {
        access_key_id,
        date,
        region,
        service,
    })
}

/// `text` split at each `separator`, an ASCII byte: `str::split` with a
/// `char` pattern, without its per-piece searcher set-up. Every signed
/// request's `Authorization` header is cut into about twenty short pieces;
/// the parse went from about 3,900 instructions to 3,200.
fn pieces(text: &str, separator: u8) -> impl Iterator<Item = &str> {
    let mut rest = Some(text);
    std::iter::from_fn(move || {
        let current = rest?;
        let (piece, after) = split_once(current, separator)
            .map_or((current, None), |(piece, after)| (piece, Some(after)));
        rest = after;
        Some(piece)
    })
}

/// `text` before and after its first `separator`, an ASCII byte (so both
/// sides are whole characters), as `str::split_once` with a `char`.
fn split_once(text: &str, separator: u8) -> Option<(&str, &str)> {
    let at = text.bytes().position(|b| b == separator)?;
    Some((text.get(..at)?, text.get(at + 1..)?))
}

fn is_region_name(region: &str) -> bool {
    (2..=20).contains(&region.len())
        && region
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

fn parse_signed_headers<'a>(
    list: &'a str,
    malformed: Malformed<'_>,
) -> Result<Vec<&'a str>, AuthError> {
    let signed_headers: Vec<&str> = pieces(list, b';').collect();
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
    Ok(signed_headers)
}

fn parse_signature<'a>(signature: &'a str, malformed: Malformed<'_>) -> Result<&'a str, AuthError> {
    if signature.len() != 64 || !signature.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(malformed("Signature is not 64 hexadecimal characters"));
    }
    Ok(signature)
}

fn parse_amz_date(amz_date: &str) -> Result<OffsetDateTime, AuthError> {
    let invalid = || {
        AuthError::invalid(format!(
            "X-Amz-Date {amz_date:?} is not in the format YYYYMMDD'T'HHMMSS'Z'."
        ))
    };
    // Read field by field: `time`'s format-description parser was 3 % of a
    // request's CPU, and the shape is fixed.
    if !is_canonical_amz_date(amz_date) {
        return Err(invalid());
    }
    let field = |from: usize, to: usize| {
        amz_date
            .get(from..to)
            .and_then(|digits| digits.parse::<u8>().ok())
    };
    let year = amz_date
        .get(0..4)
        .and_then(|digits| digits.parse::<i32>().ok());
    let (Some(year), Some(month), Some(day), Some(hour), Some(minute), Some(second)) = (
        year,
        field(4, 6),
        field(6, 8),
        field(9, 11),
        field(11, 13),
        field(13, 15),
    ) else {
        return Err(invalid());
    };
    let month = time::Month::try_from(month).map_err(|_| invalid())?;
    let date = time::Date::from_calendar_date(year, month, day).map_err(|_| invalid())?;
    let time = time::Time::from_hms(hour, minute, second).map_err(|_| invalid())?;
    Ok(time::PrimitiveDateTime::new(date, time).assume_utc())
}

fn format_amz_date(time: OffsetDateTime) -> String {
    time.format(DATE_TIME_FORMAT).unwrap_or_default()
}

/// The parts of an `Authorization: AWS4-HMAC-SHA256 …` header, borrowed
/// from it (every signed request is parsed, so nothing is copied).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthorizationHeader<'a> {
    /// The access key id of the `Credential`.
    pub access_key_id: &'a str,
    /// The scope's date, `YYYYMMDD`.
    pub date: &'a str,
    /// The scope's region.
    pub region: &'a str,
    /// The scope's service (signing name).
    pub service: &'a str,
    /// The signed header names, lowercase, as listed.
    pub signed_headers: Vec<&'a str>,
    /// The hex signature, 64 digits of either case, as sent.
    pub signature: &'a str,
}

impl<'a> AuthorizationHeader<'a> {
    /// Parses the value of an `Authorization` header.
    pub fn parse(value: &'a str) -> Result<Self, AuthError> {
        let malformed = |what: &str| {
            AuthError::invalid(format!(
                "Authorization header is malformed: {what} (expected '{ALGORITHM} Credential=..., SignedHeaders=..., Signature=...')"
            ))
        };
        let value = value.trim_ascii();
        let rest = value
            .strip_prefix(ALGORITHM)
            .filter(|rest| rest.starts_with(' '))
            .ok_or_else(|| malformed("unsupported algorithm"))?;
        let (mut credential, mut signed_headers, mut signature) = (None, None, None);
        for part in pieces(rest, b',') {
            let part = part.trim_ascii();
            if part.is_empty() {
                continue;
            }
            let (name, value) =
                split_once(part, b'=').ok_or_else(|| malformed("a component has no '='"))?;
            let slot = match name.trim_ascii() {
                "Credential" => &mut credential,
                "SignedHeaders" => &mut signed_headers,
                "Signature" => &mut signature,
                _ => return Err(malformed("unknown component")),
            };
            if slot.replace(value.trim_ascii()).is_some() {
                return Err(malformed("a component is repeated"));
            }
        }
        let credential = credential.ok_or_else(|| malformed("Credential is missing"))?;
        let signed_headers = signed_headers.ok_or_else(|| malformed("SignedHeaders is missing"))?;
        let signature = signature.ok_or_else(|| malformed("Signature is missing"))?;
        let scope = parse_credential(credential, &malformed)?;
        Ok(AuthorizationHeader {
            access_key_id: scope.access_key_id,
            date: scope.date,
            region: scope.region,
            service: scope.service,
            signed_headers: parse_signed_headers(signed_headers, &malformed)?,
            signature: parse_signature(signature, &malformed)?,
        })
    }
}

/// The SigV4 query parameters of a presigned request.
///
/// `Debug` leaves the session token out: it is a credential.
#[derive(Clone, PartialEq, Eq)]
pub struct PresignedQuery {
    /// The access key id of `X-Amz-Credential`.
    pub access_key_id: String,
    /// The scope's date, `YYYYMMDD`.
    pub date: String,
    /// The scope's region.
    pub region: String,
    /// The scope's service (signing name).
    pub service: String,
    /// `X-Amz-Date`, as sent (`YYYYMMDD'T'HHMMSS'Z'`, checked later).
    pub amz_date: String,
    /// `X-Amz-Expires`: seconds the signature stays valid after `X-Amz-Date`.
    pub expires: u64,
    /// `X-Amz-SignedHeaders`, lowercase, as listed.
    pub signed_headers: Vec<String>,
    /// `X-Amz-Security-Token`, with temporary credentials.
    pub security_token: Option<String>,
    /// `X-Amz-Signature`, lowercase hex.
    pub signature: String,
    /// The query's other parameters, still percent-encoded, in the order received:
    /// they are signed too.
    pub other_params: String,
}

impl fmt::Debug for PresignedQuery {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PresignedQuery")
            .field("access_key_id", &self.access_key_id)
            .field("date", &self.date)
            .field("region", &self.region)
            .field("service", &self.service)
            .field("amz_date", &self.amz_date)
            .field("expires", &self.expires)
            .field("signed_headers", &self.signed_headers)
            .field(
                "security_token",
                &self.security_token.as_ref().map(|_| "<redacted>"),
            )
            .field("signature", &self.signature)
            .field("other_params", &self.other_params)
            .finish()
    }
}

/// True when `query` carries presigning parameters (then it must be a whole, valid set).
pub fn is_presigned(query: &str) -> bool {
    query_pairs(query).any(|(name, _, _)| PRESIGN_MARKERS.contains(&name.as_str()))
}

/// The decoded name, decoded value and raw text of each `name=value` pair of a query.
fn query_pairs(query: &str) -> impl Iterator<Item = (String, String, &str)> {
    query.split('&').filter(|raw| !raw.is_empty()).map(|raw| {
        let (name, value) = raw.split_once('=').unwrap_or((raw, ""));
        (decode_component(name), decode_component(value), raw)
    })
}

/// Decodes one query component as `aws-sigv4` reads the query (form encoding:
/// `+` is a space; a `%` without two hex digits after it stays as it is).
fn decode_component(raw: &str) -> String {
    fn hex(byte: u8) -> Option<u8> {
        char::from(byte)
            .to_digit(16)
            .and_then(|d| u8::try_from(d).ok())
    }
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    // Each turn consumes one to three bytes, so the loop ends.
    while let Some(&byte) = bytes.get(i) {
        match byte {
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b'%' => match (
                bytes.get(i + 1).copied().and_then(hex),
                bytes.get(i + 2).copied().and_then(hex),
            ) {
                (Some(high), Some(low)) => {
                    out.push(high * 16 + low);
                    i += 3;
                }
                _ => {
                    out.push(b'%');
                    i += 1;
                }
            },
            other => {
                out.push(other);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

impl PresignedQuery {
    /// Parses the SigV4 parameters out of a presigned request's query string.
    pub fn parse(query: &str) -> Result<Self, AuthError> {
        let malformed = |what: &str| {
            AuthError::invalid(format!(
                "The presigned request's query string is malformed: {what} (expected X-Amz-Algorithm, \
                 X-Amz-Credential, X-Amz-Date, X-Amz-Expires, X-Amz-SignedHeaders and X-Amz-Signature)"
            ))
        };
        let (mut algorithm, mut credential, mut amz_date, mut expires) = (None, None, None, None);
        let (mut signed_headers, mut security_token, mut signature) = (None, None, None);
        let mut others = Vec::new();
        for (name, value, raw) in query_pairs(query) {
            let slot = match name.as_str() {
                "X-Amz-Algorithm" => &mut algorithm,
                "X-Amz-Credential" => &mut credential,
                "X-Amz-Date" => &mut amz_date,
                "X-Amz-Expires" => &mut expires,
                "X-Amz-SignedHeaders" => &mut signed_headers,
                "X-Amz-Security-Token" => &mut security_token,
                "X-Amz-Signature" => &mut signature,
                _ => {
                    others.push(raw);
                    continue;
                }
            };
            if slot.replace(value).is_some() {
                return Err(malformed(&format!("{name} is repeated")));
            }
        }
        let required = |value: Option<String>, name: &str| {
            value.ok_or_else(|| malformed(&format!("{name} is missing")))
        };
        if required(algorithm, "X-Amz-Algorithm")? != ALGORITHM {
            return Err(malformed("X-Amz-Algorithm must be AWS4-HMAC-SHA256"));
        }
        let credential = required(credential, "X-Amz-Credential")?;
        let amz_date = required(amz_date, "X-Amz-Date")?;
        let expires = required(expires, "X-Amz-Expires")?;
        let signed_headers = required(signed_headers, "X-Amz-SignedHeaders")?;
        let signature = required(signature, "X-Amz-Signature")?;
        let expires = Some(expires.as_str())
            .filter(|e| !e.is_empty() && e.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|e| e.parse::<u64>().ok())
            .filter(|e| (1..=MAX_PRESIGNED_EXPIRES_SECONDS).contains(e))
            .ok_or_else(|| {
                AuthError::invalid(format!(
                    "X-Amz-Expires must be a number of seconds from 1 to {MAX_PRESIGNED_EXPIRES_SECONDS} (7 days), not {expires:?}."
                ))
            })?;
        let scope = parse_credential(&credential, &malformed)?;
        Ok(PresignedQuery {
            access_key_id: scope.access_key_id.to_owned(),
            date: scope.date.to_owned(),
            region: scope.region.to_owned(),
            service: scope.service.to_owned(),
            signed_headers: parse_signed_headers(&signed_headers, &malformed)?
                .into_iter()
                .map(str::to_owned)
                .collect(),
            signature: parse_signature(&signature, &malformed)?.to_owned(),
            amz_date,
            expires,
            security_token,
            other_params: others.join("&"),
        })
    }
}

/// Authenticates a request: the [`Caller`] it acts as, or the 403 to answer with.
///
/// `now` is the emulator's clock; `body` is the whole request body; `keys`
/// the emulator's cache of derived signing keys. The
/// request is signed with an `Authorization` header or presigned with query
/// parameters (see the [module docs](self)). With
/// [`EmulatorConfig::verify_signatures`] off, nothing is checked and the
/// caller comes from whatever credential the request names (see
/// [`permissive_caller`]).
pub fn authenticate(
    config: &EmulatorConfig,
    keys: &SigningKeys,
    now: OffsetDateTime,
    parts: &http::request::Parts,
    body: &[u8],
) -> Result<Caller, AuthError> {
    if !config.verify_signatures {
        return Ok(permissive_caller(config, parts));
    }
    let query = parts.uri.query().unwrap_or_default();
    match (
        parts.headers.get(http::header::AUTHORIZATION),
        is_presigned(query),
    ) {
        (Some(_), true) => Err(AuthError::invalid(
            "Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter \
             or the Authorization header should be specified.",
        )),
        (None, false) => Err(AuthError::missing()),
        (Some(header), false) => authenticate_header(config, keys, now, parts, body, header),
        (None, true) => authenticate_query(config, now, parts, body, query),
    }
}

fn check_service(service: &str) -> Result<(), AuthError> {
    if service != SERVICE_NAME {
        return Err(AuthError::invalid(format!(
            "Credential should be scoped to correct service: '{SERVICE_NAME}', not '{service}'."
        )));
    }
    Ok(())
}

fn check_signed(signed_headers: &[&str], required: &[&str]) -> Result<(), AuthError> {
    for required in required {
        if !signed_headers.contains(required) {
            return Err(AuthError::invalid(format!(
                "'{required}' must be a signed header."
            )));
        }
    }
    Ok(())
}

fn check_scope_date(scope_date: &str, amz_date: &str) -> Result<(), AuthError> {
    if !amz_date.starts_with(scope_date) {
        return Err(AuthError::invalid(format!(
            "Credential should be scoped to a valid date: '{scope_date}' does not match X-Amz-Date {amz_date}."
        )));
    }
    Ok(())
}

/// The header form: `Authorization: AWS4-HMAC-SHA256 …` with `X-Amz-Date`.
fn authenticate_header(
    config: &EmulatorConfig,
    keys: &SigningKeys,
    now: OffsetDateTime,
    parts: &http::request::Parts,
    body: &[u8],
    header: &http::HeaderValue,
) -> Result<Caller, AuthError> {
    let header = header
        .to_str()
        .map_err(|_| AuthError::invalid("Authorization header is not visible ASCII"))?;
    let auth = AuthorizationHeader::parse(header)?;
    check_service(auth.service)?;
    check_signed(&auth.signed_headers, &["host", "x-amz-date"])?;
    let amz_date = parts
        .headers
        .get(X_AMZ_DATE)
        .and_then(|v| v.to_str().ok())
        .ok_or_else(|| AuthError::invalid("The X-Amz-Date header is missing."))?;
    let request_time = parse_amz_date(amz_date)?;
    if (request_time - now).abs() > MAX_CLOCK_SKEW {
        return Err(AuthError::invalid(format!(
            "Signature expired: {amz_date} is more than 15 minutes away from the server time {}.",
            format_amz_date(now)
        )));
    }
    check_scope_date(auth.date, amz_date)?;
    let key = config
        .credentials
        .lookup(auth.access_key_id)
        .ok_or_else(AuthError::unrecognized)?;
    let claimed_key = ClaimedKey {
        access_key_id: auth.access_key_id,
        secret: key.secret_access_key(),
        scope: Scope {
            date: auth.date,
            region: auth.region,
            service: auth.service,
        },
        time: SystemTime::from(request_time),
    };
    // The common case, without re-deriving the key or formatting through aws-sigv4.
    let plain = plain_signature(
        keys,
        &claimed_key,
        parts,
        &auth.signed_headers,
        amz_date,
        body,
    )?;
    // Either kind of expected signature, compared once below.
    let plain_expected;
    let general_expected;
    let expected: &str = match plain {
        Some(signature) => {
            plain_expected = signature;
            plain_expected.as_str()
        }
        None => {
            let path_and_query = parts
                .uri
                .path_and_query()
                .map_or("/", http::uri::PathAndQuery::as_str);
            let claimed = Claimed {
                key: claimed_key,
                signed_headers: &auth.signed_headers,
                path_and_query: path_and_query.to_owned(),
                presigned: None,
            };
            general_expected = expected_signature(&claimed, parts, body)?;
            &general_expected
        }
    };
    if !signature_matches(expected, auth.signature) {
        return Err(AuthError::mismatch());
    }
    Ok(Caller::new(key.account_id(), auth.region))
}

/// The query form: a presigned request.
fn authenticate_query(
    config: &EmulatorConfig,
    now: OffsetDateTime,
    parts: &http::request::Parts,
    body: &[u8],
    query: &str,
) -> Result<Caller, AuthError> {
    let presigned = PresignedQuery::parse(query)?;
    check_service(&presigned.service)?;
    // X-Amz-Date is a query parameter here, signed as part of the query.
    let signed_headers: Vec<&str> = presigned
        .signed_headers
        .iter()
        .map(String::as_str)
        .collect();
    check_signed(&signed_headers, &["host"])?;
    let request_time = parse_amz_date(&presigned.amz_date)?;
    if request_time - now > MAX_CLOCK_SKEW {
        return Err(AuthError::invalid(format!(
            "Signature not yet current: {} is still later than {}.",
            presigned.amz_date,
            format_amz_date(now.checked_add(MAX_CLOCK_SKEW).unwrap_or(now))
        )));
    }
    // `expires` is at most 7 days (checked by the parser), so the conversion is exact;
    // only a date at the very end of the calendar has no deadline, and it is refused.
    let deadline = i64::try_from(presigned.expires)
        .ok()
        .and_then(|seconds| request_time.checked_add(time::Duration::seconds(seconds)))
        .ok_or_else(|| {
            AuthError::invalid(format!(
                "X-Amz-Date {} plus X-Amz-Expires is not a valid time.",
                presigned.amz_date
            ))
        })?;
    if now > deadline {
        return Err(AuthError::invalid(format!(
            "Signature expired: {} is now earlier than {} ({} + {} seconds).",
            format_amz_date(deadline),
            format_amz_date(now),
            presigned.amz_date,
            presigned.expires
        )));
    }
    check_scope_date(&presigned.date, &presigned.amz_date)?;
    let key = config
        .credentials
        .lookup(&presigned.access_key_id)
        .ok_or_else(AuthError::unrecognized)?;
    let path = parts.uri.path();
    let path_and_query = if presigned.other_params.is_empty() {
        path.to_owned()
    } else {
        format!("{path}?{}", presigned.other_params)
    };
    let claimed = Claimed {
        key: ClaimedKey {
            access_key_id: &presigned.access_key_id,
            secret: key.secret_access_key(),
            scope: Scope {
                date: &presigned.date,
                region: &presigned.region,
                service: &presigned.service,
            },
            time: SystemTime::from(request_time),
        },
        signed_headers: &signed_headers,
        path_and_query,
        presigned: Some(Presigned {
            expires_in: std::time::Duration::from_secs(presigned.expires),
            security_token: presigned.security_token.as_deref(),
        }),
    };
    let expected = expected_signature(&claimed, parts, body)?;
    if !signature_matches(&expected, &presigned.signature) {
        return Err(AuthError::mismatch());
    }
    Ok(Caller::new(key.account_id(), presigned.region))
}

/// The caller when verification is off: the account of a known key named in
/// the `Authorization` header (or, for a presigned request, `X-Amz-Credential`)
/// and its scope's region; otherwise the default account `000000000000` and
/// the configured region.
pub fn permissive_caller(config: &EmulatorConfig, parts: &http::request::Parts) -> Caller {
    let header = parts
        .headers
        .get(http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok());
    let scope = match header {
        // A header too malformed to parse whole may still name a key and a region.
        Some(header) => header
            .split("Credential=")
            .nth(1)
            .and_then(|rest| rest.split([',', ' ']).next())
            .unwrap_or_default()
            .to_owned(),
        None => {
            let query = parts.uri.query().unwrap_or_default();
            let credential = query_pairs(query)
                .find(|(name, _, _)| name == "X-Amz-Credential")
                .map(|(_, value, _)| value);
            let Some(credential) = credential else {
                return Caller::new(DEFAULT_ACCOUNT_ID, config.region.clone());
            };
            credential
        }
    };
    let mut fields = scope.split('/');
    let key = fields.next().unwrap_or_default();
    let region = fields
        .nth(1)
        .filter(|r| is_region_name(r))
        .map_or_else(|| config.region.clone(), str::to_owned);
    let account = config.credentials.lookup(key).map_or_else(
        || DEFAULT_ACCOUNT_ID.to_owned(),
        |k| k.account_id().to_owned(),
    );
    Caller::new(account, region)
}

/// What the client says it signed, besides the request itself.
struct Claimed<'a> {
    /// Whose key, for which scope and time.
    key: ClaimedKey<'a>,
    signed_headers: &'a [&'a str],
    /// The signed path and query: a presigned request's without its SigV4 parameters,
    /// which the signer adds back from the values below.
    path_and_query: String,
    /// The query form's own values; `None` for the header form.
    presigned: Option<Presigned<'a>>,
}

/// `X-Amz-Expires` and `X-Amz-Security-Token` of a presigned request.
struct Presigned<'a> {
    expires_in: std::time::Duration,
    security_token: Option<&'a str>,
}

/// Whose signing key a request claims: the access key (with its secret),
/// the credential scope and `X-Amz-Date`.
struct ClaimedKey<'a> {
    access_key_id: &'a str,
    secret: &'a str,
    scope: Scope<'a>,
    /// `X-Amz-Date`.
    time: SystemTime,
}

/// The expected signature of a plain header-signed request (see
/// [`detective_ops::signing`]); `Ok(None)` when the request is not plain and
/// `aws-sigv4` must recompute it in full. `amz_date` is the `X-Amz-Date`
/// header, already accepted by `parse_amz_date`.
fn plain_signature(
    keys: &SigningKeys,
    claimed: &ClaimedKey<'_>,
    parts: &http::request::Parts,
    signed_headers: &[&str],
    amz_date: &str,
    body: &[u8],
) -> Result<Option<Signature>, AuthError> {
    // `amz_date` is signed as sent: parse_amz_date accepted it, so it has the
    // canonical shape, the very text aws-sigv4 formats from the parsed time.
    let host = signed_host(parts)?;
    // On the stack: a Detective request signs five or six headers.
    let mut headers: smallvec::SmallVec<[(&str, &str); 8]> = smallvec::SmallVec::new();
    for name in signed_headers {
        let value = match *name {
            "host" => host,
            "x-amz-date" => amz_date,
            _ => match single_value(parts, name) {
                Some(value) => value,
                None => return Ok(None),
            },
        };
        headers.push((*name, value));
    }
    let Some(canonical) =
        signing::canonical_request(parts.method.as_str(), &parts.uri, &headers, body)
    else {
        return Ok(None);
    };
    let Some(key) = keys.get(
        claimed.access_key_id,
        claimed.secret,
        &claimed.scope,
        claimed.time,
    ) else {
        return Ok(None);
    };
    Ok(Some(key.sign_canonical(
        amz_date,
        &claimed.scope,
        &canonical,
    )))
}

/// The value of a header sent exactly once, as visible ASCII.
fn single_value<'a>(parts: &'a http::request::Parts, name: &str) -> Option<&'a str> {
    // Found by comparing names rather than looked up: a lookup by `&str`
    // parses the name first (about 275 instructions), and a signed request
    // has a handful of headers. Stored names are lowercase, as signed ones must be.
    let mut values = parts
        .headers
        .iter()
        .filter(|(stored, _)| stored.as_str() == name)
        .map(|(_, value)| value);
    let value = values.next()?;
    if values.next().is_some() {
        return None;
    }
    value.to_str().ok()
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

/// The refusal of a request whose signature cannot even be recomputed.
fn unsignable(what: String) -> AuthError {
    AuthError::invalid(format!("The request cannot be verified: {what}"))
}

/// The value signed for `host`: HTTP/2 carries the host in the URI
/// (`:authority`), HTTP/1.1 in `Host`.
fn signed_host(parts: &http::request::Parts) -> Result<&str, AuthError> {
    match parts.headers.get(http::header::HOST) {
        Some(value) => value
            .to_str()
            .map_err(|_| unsignable("the Host header is not visible ASCII".into())),
        None => parts
            .uri
            .authority()
            .map(http::uri::Authority::as_str)
            .ok_or_else(|| unsignable("the request has no Host".into())),
    }
}

/// Signs the request as received with `aws-sigv4` and returns the signature.
fn expected_signature(
    claimed: &Claimed<'_>,
    parts: &http::request::Parts,
    body: &[u8],
) -> Result<String, AuthError> {
    let host = signed_host(parts)?;
    let mut headers: Vec<(&str, &str)> = Vec::new();
    for name in claimed.signed_headers {
        match *name {
            // The header form's signer adds x-amz-date from `time`, which is X-Amz-Date parsed.
            "x-amz-date" if claimed.presigned.is_none() => {}
            "host" => headers.push(("host", host)),
            _ => {
                for value in parts.headers.get_all(*name) {
                    let value = value.to_str().map_err(|_| {
                        unsignable(format!("the {name} header is not visible ASCII"))
                    })?;
                    headers.push((*name, value));
                }
            }
        }
    }
    // The authority here only satisfies the URI parser: the signed host is the header above.
    let uri = format!("http://localhost{}", claimed.path_and_query);
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
    // The header form's signed x-amz-security-token is passed above as an
    // ordinary header; the query form's goes back into the query via the credentials.
    let mut session_token = None;
    if let Some(presigned) = &claimed.presigned {
        settings.signature_location = SignatureLocation::QueryParams;
        settings.expires_in = Some(presigned.expires_in);
        session_token = presigned.security_token.map(str::to_owned);
    }
    let identity: Identity = Credentials::new(
        claimed.key.access_key_id,
        claimed.key.secret,
        session_token,
        None,
        "emulator",
    )
    .into();
    let params = v4::SigningParams::builder()
        .identity(&identity)
        .region(claimed.key.scope.region)
        .name(claimed.key.scope.service)
        .time(claimed.key.time)
        .settings(settings)
        .build()
        .map_err(|e| unsignable(e.to_string()))?
        .into();
    // aws-sigv4 logs the request at TRACE level, and here that holds the
    // caller's X-Amz-Security-Token as an ordinary header: keep it out of
    // every subscriber. Scoping a `NoSubscriber` is not free (it rebuilds the
    // interest of every callsite, about as costly as the signature itself),
    // so it is done only when some subscriber could record TRACE at all.
    let output = if tracing::level_enabled!(tracing::Level::TRACE) {
        tracing::subscriber::with_default(tracing::subscriber::NoSubscriber::default(), || {
            sign(request, &params)
        })
    } else {
        sign(request, &params)
    }
    .map_err(|e| unsignable(e.to_string()))?;
    Ok(output.signature().to_owned())
}

/// Whether `sent`, 64 hex digits of either case, is the lowercase `expected`,
/// in time that depends only on their lengths (every digit is compared).
fn signature_matches(expected: &str, sent: &str) -> bool {
    expected.len() == sent.len()
        && expected
            .bytes()
            .zip(sent.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y.to_ascii_lowercase()))
            == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261126/us-east-1/detective/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7";

    #[test]
    fn amz_dates_are_read_exactly() {
        assert_eq!(
            parse_amz_date("20261126T093005Z").unwrap(),
            time::macros::datetime!(2026-11-26 09:30:05 UTC)
        );
        assert_eq!(
            parse_amz_date("20240229T235959Z").unwrap(),
            time::macros::datetime!(2024-02-29 23:59:59 UTC)
        );
        for bad in [
            "",
            "20261126T093005",
            "20261126 093005Z",
            "+2026112T093005Z",
            "20261326T093005Z",
            "20250229T093005Z",
            "20261100T093005Z",
            "20261126T243005Z",
            "20261126T096005Z",
            "20261126T093060Z",
            "2026-11-26T09:30:05Z",
            "20261126T093005Z ",
        ] {
            let error = parse_amz_date(bad).unwrap_err();
            assert!(
                error.message.contains("is not in the format"),
                "{bad}: {error}"
            );
        }
        // What the emulator writes, it reads back.
        let now = time::macros::datetime!(2026-11-26 09:30:05 UTC);
        assert_eq!(parse_amz_date(&format_amz_date(now)).unwrap(), now);
    }

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
        // A scope of four or six parts is named as the wrong shape.
        for case in [
            HEADER.replace("/us-east-1/", "/"),
            HEADER.replace("/aws4_request", "/aws4_request/x"),
            HEADER.replace("AKIDEXAMPLE/", "A/B/"),
        ] {
            let err = AuthorizationHeader::parse(&case).unwrap_err();
            assert!(
                err.message
                    .contains("Credential is not access-key/date/region/service/aws4_request"),
                "{case}: {}",
                err.message
            );
        }
    }

    #[test]
    fn signature_matches_compares_hex_of_either_case() {
        let expected = "0123456789abcdef".repeat(4);
        assert!(signature_matches(&expected, &expected));
        assert!(signature_matches(&expected, &expected.to_ascii_uppercase()));
        assert!(!signature_matches(&expected, &expected[..63]));
        assert!(!signature_matches(&expected[..63], &expected));
        assert!(signature_matches("", ""));
    }

    #[test]
    fn signature_matches_finds_a_difference_wherever_it_is() {
        // A difference at any position, first or last, in any bit, is found
        // (no early exit can skip it), unless it only changes a letter's case.
        let expected = "0123456789abcdef".repeat(4);
        for position in 0..expected.len() {
            for bit in 0..7 {
                let mut sent = expected.clone().into_bytes();
                sent[position] ^= 1 << bit;
                let Ok(sent) = String::from_utf8(sent) else {
                    continue;
                };
                assert_eq!(
                    signature_matches(&expected, &sent),
                    sent.to_ascii_lowercase() == expected,
                    "{position}/{bit}"
                );
            }
        }
        // Every pair of short strings over a small alphabet: exactly like ==.
        let words: Vec<String> = (0..3usize)
            .flat_map(|len| {
                (0..3usize.pow(len as u32)).map(move |n| {
                    (0..len)
                        .map(|i| char::from(b'a' + ((n / 3usize.pow(i as u32)) % 3) as u8))
                        .collect()
                })
            })
            .collect();
        for a in &words {
            for b in &words {
                assert_eq!(signature_matches(a, b), a == b, "{a:?} {b:?}");
            }
        }
    }

    #[test]
    fn the_header_form_refuses_a_signature_that_leaves_out_host_or_x_amz_date() {
        let now = time::macros::datetime!(2026-11-26 12:00:00 UTC);
        for (signed, missing) in [
            ("x-amz-date", "host"),
            ("host", "x-amz-date"),
            ("content-type", "host"),
        ] {
            let header = format!(
                "AWS4-HMAC-SHA256 Credential=111111111111/20261126/us-east-1/detective/aws4_request, \
                 SignedHeaders={signed}, Signature={}",
                "0".repeat(64)
            );
            let parts = http::Request::post("http://127.0.0.1:4566/graphs/list")
                .header("host", "127.0.0.1:4566")
                .header("x-amz-date", "20261126T120000Z")
                .header("content-type", "application/json")
                .header("authorization", header)
                .body(())
                .unwrap()
                .into_parts()
                .0;
            let err = authenticate(
                &EmulatorConfig::default(),
                &SigningKeys::default(),
                now,
                &parts,
                b"{}",
            )
            .unwrap_err();
            assert_eq!(
                err.code,
                ServiceErrorCode::InvalidSignatureException,
                "{signed}"
            );
            assert_eq!(
                err.message,
                format!("'{missing}' must be a signed header."),
                "{signed}"
            );
        }
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
        let unsigned = authenticate(
            &config,
            &SigningKeys::default(),
            OffsetDateTime::UNIX_EPOCH,
            &parts(None),
            b"",
        )
        .unwrap();
        assert_eq!(unsigned.account_id, "000000000000");
    }

    /// 2026-11-26T12:00:00Z, the signing time of the presigned requests below.
    fn signed_at() -> OffsetDateTime {
        time::macros::datetime!(2026-11-26 12:00:00 UTC)
    }

    /// A request presigned with `aws-sigv4` (as `detective-client` does) for
    /// account 111111111111 (secret `test`), valid for `expires` seconds.
    fn presigned(path: &str, body: &[u8], expires: u64, token: Option<&str>) -> http::Request<()> {
        let uri = format!("http://127.0.0.1:4566{path}");
        let headers = [("content-type", "application/json")];
        let request = SignableRequest::new(
            "POST",
            uri.as_str(),
            headers.into_iter(),
            SignableBody::Bytes(body),
        )
        .unwrap();
        let mut settings = SigningSettings::default();
        settings.signature_location = SignatureLocation::QueryParams;
        settings.expires_in = Some(std::time::Duration::from_secs(expires));
        let identity: Identity =
            Credentials::new("111111111111", "test", token.map(str::to_owned), None, "t").into();
        let params = v4::SigningParams::builder()
            .identity(&identity)
            .region("us-east-1")
            .name("detective")
            .time(SystemTime::from(signed_at()))
            .settings(settings)
            .build()
            .unwrap()
            .into();
        let (instructions, _) = sign(request, &params).unwrap().into_parts();
        let mut request = http::Request::post(uri)
            .header("content-type", "application/json")
            .header("host", "127.0.0.1:4566")
            .body(())
            .unwrap();
        instructions.apply_to_request_http1x(&mut request);
        request
    }

    fn check(
        request: &http::Request<()>,
        body: &[u8],
        now: OffsetDateTime,
    ) -> Result<Caller, AuthError> {
        let (parts, ()) = request.clone().into_parts();
        authenticate(
            &EmulatorConfig::default(),
            &SigningKeys::default(),
            now,
            &parts,
            body,
        )
    }

    fn with_query(request: &http::Request<()>, query: String) -> http::Request<()> {
        let mut request = request.clone();
        let uri = format!("http://127.0.0.1:4566{}?{query}", request.uri().path());
        *request.uri_mut() = uri.parse().unwrap();
        request
    }

    #[test]
    fn presigned_requests_are_verified_until_they_expire() {
        let body = br#"{"MaxResults":5}"#;
        let request = presigned("/graphs/list", body, 60, None);
        let query = request.uri().query().unwrap().to_owned();
        for param in [
            "X-Amz-Algorithm=AWS4-HMAC-SHA256",
            "X-Amz-Expires=60",
            "X-Amz-SignedHeaders=content-type%3Bhost",
            "X-Amz-Signature=",
        ] {
            assert!(query.contains(param), "{param} in {query}");
        }
        let caller = check(&request, body, signed_at()).unwrap();
        assert_eq!(caller, Caller::new("111111111111", "us-east-1"));
        // Valid up to and including X-Amz-Date + X-Amz-Expires.
        assert!(check(&request, body, signed_at() + time::Duration::seconds(60)).is_ok());
        let expired = check(&request, body, signed_at() + time::Duration::seconds(61)).unwrap_err();
        assert_eq!(expired.code, ServiceErrorCode::InvalidSignatureException);
        assert!(
            expired.message.starts_with("Signature expired"),
            "{}",
            expired.message
        );
        let early = check(&request, body, signed_at() - time::Duration::minutes(16)).unwrap_err();
        assert!(
            early.message.starts_with("Signature not yet current"),
            "{}",
            early.message
        );
        // Within the 15 minutes of clock skew, a request from the near future passes.
        assert!(check(&request, body, signed_at() - time::Duration::minutes(14)).is_ok());
    }

    #[test]
    fn presigned_requests_with_a_session_token_are_verified() {
        let request = presigned("/graphs/list", b"{}", 300, Some("tok+en/=="));
        let query = request.uri().query().unwrap();
        assert!(
            query.contains("X-Amz-Security-Token=tok%2Ben%2F%3D%3D"),
            "{query}"
        );
        assert!(check(&request, b"{}", signed_at()).is_ok());
        let other_token = with_query(&request, query.replace("tok%2Ben", "tok%2Bxx"));
        assert_eq!(
            check(&other_token, b"{}", signed_at()).unwrap_err(),
            AuthError::mismatch()
        );
        let parsed = PresignedQuery::parse(query).unwrap();
        assert_eq!(parsed.security_token.as_deref(), Some("tok+en/=="));
        let debug = format!("{parsed:?}");
        assert!(
            !debug.contains("tok+en") && debug.contains("<redacted>"),
            "{debug}"
        );
    }

    #[test]
    fn tampered_presigned_requests_are_refused() {
        let body = br#"{"MaxResults":5}"#;
        let request = presigned("/graphs/list", body, 60, None);
        let query = request.uri().query().unwrap().to_owned();
        let mismatch = AuthError::mismatch();
        // Another body, method, path, signed header value, or a changed or added parameter.
        assert_eq!(
            check(&request, br#"{"MaxResults":6}"#, signed_at()).unwrap_err(),
            mismatch
        );
        let mut put = request.clone();
        *put.method_mut() = http::Method::PUT;
        assert_eq!(check(&put, body, signed_at()).unwrap_err(), mismatch);
        let mut other_path = with_query(&request, query.clone());
        *other_path.uri_mut() = format!("http://127.0.0.1:4566/graph/members/list?{query}")
            .parse()
            .unwrap();
        assert_eq!(check(&other_path, body, signed_at()).unwrap_err(), mismatch);
        let mut other_type = request.clone();
        other_type
            .headers_mut()
            .insert("content-type", http::HeaderValue::from_static("text/plain"));
        assert_eq!(check(&other_type, body, signed_at()).unwrap_err(), mismatch);
        let longer = with_query(
            &request,
            query.replace("X-Amz-Expires=60", "X-Amz-Expires=600"),
        );
        assert_eq!(check(&longer, body, signed_at()).unwrap_err(), mismatch);
        let added = with_query(&request, format!("{query}&MaxResults=7"));
        assert_eq!(check(&added, body, signed_at()).unwrap_err(), mismatch);
        let flipped = {
            let at = query.find("X-Amz-Signature=").unwrap() + "X-Amz-Signature=".len();
            let mut q = query.clone();
            let digit = if &q[at..=at] == "0" { "1" } else { "0" };
            q.replace_range(at..=at, digit);
            with_query(&request, q)
        };
        assert_eq!(check(&flipped, body, signed_at()).unwrap_err(), mismatch);
    }

    #[test]
    fn a_request_may_not_carry_both_forms() {
        let mut request = presigned("/graphs/list", b"{}", 60, None);
        request
            .headers_mut()
            .insert("authorization", http::HeaderValue::from_static(HEADER));
        let err = check(&request, b"{}", signed_at()).unwrap_err();
        assert_eq!(err.code, ServiceErrorCode::InvalidSignatureException);
        assert!(
            err.message.starts_with("Only one auth mechanism allowed"),
            "{}",
            err.message
        );
    }

    #[test]
    fn malformed_presigning_parameters_are_refused() {
        let request = presigned("/graphs/list", b"{}", 60, None);
        let query = request.uri().query().unwrap().to_owned();
        let signature = query
            .split('&')
            .find(|p| p.starts_with("X-Amz-Signature="))
            .unwrap()
            .to_owned();
        let cases = [
            query.replace("AWS4-HMAC-SHA256", "AWS4-HMAC-SHA512"),
            query.replace("X-Amz-Expires=60", "X-Amz-Expires=0"),
            query.replace("X-Amz-Expires=60", "X-Amz-Expires=604801"),
            query.replace("X-Amz-Expires=60", "X-Amz-Expires=-1"),
            query.replace("X-Amz-Expires=60", "X-Amz-Expires=1e3"),
            query.replace("%2Faws4_request", "%2Faws5_request"),
            query.replace("content-type%3Bhost", "Content-Type%3Bhost"),
            format!("{query}&{signature}"),
            query.replace(&format!("&{signature}"), ""),
            query.replace("X-Amz-Credential=", "X-Amz-Nothing="),
        ];
        for case in cases {
            let err = check(&with_query(&request, case.clone()), b"{}", signed_at()).unwrap_err();
            assert_eq!(
                err.code,
                ServiceErrorCode::InvalidSignatureException,
                "{case}"
            );
            assert_ne!(err, AuthError::mismatch(), "{case}: refused before signing");
        }
        // Only `host` is required in the signed headers; without it the request is refused.
        let no_host = with_query(
            &request,
            query.replace("content-type%3Bhost", "content-type"),
        );
        let err = check(&no_host, b"{}", signed_at()).unwrap_err();
        assert_eq!(err.message, "'host' must be a signed header.");
        let unknown_key = with_query(&request, query.replace("111111111111%2F", "AKIANOBODY%2F"));
        assert_eq!(
            check(&unknown_key, b"{}", signed_at()).unwrap_err().code,
            ServiceErrorCode::UnrecognizedClientException
        );
        let other_service = with_query(&request, query.replace("%2Fdetective%2F", "%2Fs3%2F"));
        assert!(check(&other_service, b"{}", signed_at())
            .unwrap_err()
            .message
            .contains("correct service"));
    }

    #[test]
    fn presigned_detection_and_decoding() {
        assert!(!is_presigned(""));
        assert!(!is_presigned("MaxResults=5&X-Amz-Date=20261126T120000Z"));
        assert!(is_presigned("X-Amz-Signature=abc"));
        assert!(is_presigned("a=b&X%2DAmz%2DCredential=x"));
        assert_eq!(decode_component("a%2Fb+c%zz%4"), "a/b c%zz%4");
        assert_eq!(decode_component("%E2%9C%93"), "\u{2713}");
    }

    #[test]
    fn permissive_caller_reads_a_presigned_credential() {
        let config = EmulatorConfig {
            region: "eu-west-1".into(),
            verify_signatures: false,
            ..Default::default()
        };
        let parts = http::Request::post(
            "/graphs/list?X-Amz-Credential=123456789012%2F20261126%2Fap-south-1%2Fdetective%2Faws4_request",
        )
        .body(())
        .unwrap()
        .into_parts()
        .0;
        assert_eq!(
            permissive_caller(&config, &parts),
            Caller::new("123456789012", "ap-south-1")
        );
    }

    /// A header-signed request as generated below.
    #[derive(Debug, Clone)]
    struct Generated {
        method: &'static str,
        path: String,
        host: String,
        /// Headers besides host and x-amz-date, each sent once.
        headers: Vec<(&'static str, String)>,
        body: Vec<u8>,
        region: String,
        /// Seconds after 2026-11-26T00:00:00Z.
        offset: i64,
    }

    fn generated(path: impl Strategy<Value = String>) -> impl Strategy<Value = Generated> {
        let header_names = [
            "content-type",
            "user-agent",
            "x-amz-content-sha256",
            "x-amz-security-token",
            "x-amz-user-agent",
            "x-custom",
        ];
        (
            prop::sample::select(vec!["GET", "POST", "PUT", "DELETE", "PATCH"]),
            path,
            "[a-z0-9.]{1,12}(:[0-9]{1,5})?",
            prop::sample::subsequence(header_names.to_vec(), 0..=header_names.len()),
            prop::collection::vec("[ -~]{0,24}", header_names.len()),
            prop::collection::vec(any::<u8>(), 0..80),
            "[a-z]{2}-[a-z]{4,9}-[1-9]",
            0i64..200_000,
        )
            .prop_map(
                |(method, path, host, names, values, body, region, offset)| Generated {
                    method,
                    path,
                    host,
                    headers: names.into_iter().zip(values).collect(),
                    body,
                    region,
                    offset,
                },
            )
    }

    impl Generated {
        fn time(&self) -> OffsetDateTime {
            time::macros::datetime!(2026-11-26 00:00:00 UTC) + time::Duration::seconds(self.offset)
        }

        fn parts(&self) -> Option<http::request::Parts> {
            let mut builder = http::Request::builder()
                .method(self.method)
                .uri(&self.path)
                .header("host", &self.host)
                .header("x-amz-date", format_amz_date(self.time()));
            for (name, value) in &self.headers {
                builder = builder.header(*name, value);
            }
            // Some generated values are not valid header values; they are skipped.
            builder.body(()).ok().map(|r| r.into_parts().0)
        }

        fn signed_headers(&self) -> Vec<&str> {
            let mut names: Vec<&str> = self.headers.iter().map(|(n, _)| *n).collect();
            names.extend(["host", "x-amz-date"]);
            names.sort();
            names
        }

        /// The signature aws-sigv4 computes (the emulator's general path), and
        /// the plain path's when the request is plain.
        fn signatures(&self, keys: &SigningKeys) -> Option<(String, Option<String>)> {
            let parts = self.parts()?;
            let signed_headers = self.signed_headers();
            let time = SystemTime::from(self.time());
            let amz_date = format_amz_date(self.time());
            let date = &amz_date[..8];
            let claimed_key = || ClaimedKey {
                access_key_id: "AKIDEXAMPLE",
                secret: "secret",
                scope: Scope {
                    date,
                    region: &self.region,
                    service: SERVICE_NAME,
                },
                time,
            };
            let claimed = Claimed {
                key: claimed_key(),
                signed_headers: &signed_headers,
                path_and_query: parts
                    .uri
                    .path_and_query()
                    .map_or("/", |p| p.as_str())
                    .to_owned(),
                presigned: None,
            };
            let general = expected_signature(&claimed, &parts, &self.body).ok()?;
            let plain = plain_signature(
                keys,
                &claimed_key(),
                &parts,
                &signed_headers,
                &amz_date,
                &self.body,
            )
            .ok()?;
            Some((general, plain.map(|signature| signature.to_string())))
        }
    }

    #[test]
    fn single_value_is_a_header_sent_exactly_once_as_visible_ascii() {
        let (mut parts, ()) = http::Request::post("http://localhost/")
            .header("content-type", "application/json")
            .header("x-custom", "a")
            .header("x-custom", "b")
            .header(
                "x-opaque",
                http::HeaderValue::from_bytes(b"caf\xc3\xa9").unwrap(),
            )
            .body(())
            .unwrap()
            .into_parts();
        assert_eq!(
            single_value(&parts, "content-type"),
            Some("application/json")
        );
        assert_eq!(single_value(&parts, "x-custom"), None, "sent twice");
        assert_eq!(single_value(&parts, "x-opaque"), None, "not visible ASCII");
        assert_eq!(single_value(&parts, "x-absent"), None);
        parts.headers.remove("x-custom");
        parts
            .headers
            .insert("x-custom", http::HeaderValue::from_static("c"));
        assert_eq!(single_value(&parts, "x-custom"), Some("c"));
    }

    proptest::proptest! {
        /// The header parser's byte splitting cuts text where `str::split`
        /// and `str::split_once` with the same character do, non-ASCII text included.
        #[test]
        fn pieces_are_strs_split(text in "[a,=;/é ]{0,12}", separator in proptest::sample::select(vec![b',', b'=', b';', b'/'])) {
            let expected: Vec<&str> = text.split(char::from(separator)).collect();
            proptest::prop_assert_eq!(pieces(&text, separator).collect::<Vec<_>>(), expected);
            proptest::prop_assert_eq!(split_once(&text, separator), text.split_once(char::from(separator)));
        }

        /// Wherever the plain path builds a canonical request, its signature
        /// is the one aws-sigv4 computes, and plain requests do take it.
        #[test]
        fn the_plain_path_signs_as_aws_sigv4_does(
            request in generated("(/[A-Za-z0-9_~-]{1,10}){1,4}".prop_map(String::from)),
        ) {
            let keys = SigningKeys::default();
            if let Some((general, plain)) = request.signatures(&keys) {
                let spaced = request.headers.iter().any(|(_, v)| v.trim_matches(' ').contains("  "));
                proptest::prop_assert!(plain.is_some() || spaced, "plain request not taken: {request:?}");
                if let Some(plain) = plain {
                    proptest::prop_assert_eq!(general, plain);
                }
            }
        }

        /// Any path, plain or not: where the plain path answers, it agrees.
        #[test]
        fn the_plain_path_agrees_on_any_path(
            request in generated("/[A-Za-z0-9_~./:%-]{0,24}(\\?[a-z=&]{0,8})?".prop_map(String::from)),
        ) {
            let keys = SigningKeys::default();
            if let Some((general, Some(plain))) = request.signatures(&keys) {
                proptest::prop_assert_eq!(general, plain);
            }
        }
    }

    use proptest::prelude::{any, prop, Strategy};

    #[test]
    fn a_plain_request_signed_by_aws_sigv4_is_accepted_and_a_changed_one_refused() {
        let signing_time = time::macros::datetime!(2026-11-26 09:30:00 UTC);
        let body = br#"{"GraphArn":"arn:aws:detective:us-east-1:111111111111:graph:abc"}"#;
        let sign_request = |body: &[u8]| {
            let headers = [
                ("content-type", "application/x-amz-json-1.1"),
                ("host", "localhost:4566"),
            ];
            let request = SignableRequest::new(
                "POST",
                "http://localhost:4566/graph/members/get",
                headers.into_iter(),
                SignableBody::Bytes(body),
            )
            .unwrap();
            let identity: Identity =
                Credentials::new("111111111111", "test", None, None, "t").into();
            let params = v4::SigningParams::builder()
                .identity(&identity)
                .region("us-east-1")
                .name("detective")
                .time(SystemTime::from(signing_time))
                .settings(SigningSettings::default())
                .build()
                .unwrap()
                .into();
            let (instructions, _) = sign(request, &params).unwrap().into_parts();
            let mut request = http::Request::post("http://localhost:4566/graph/members/get")
                .header("content-type", "application/x-amz-json-1.1")
                .header("host", "localhost:4566")
                .body(())
                .unwrap();
            instructions.apply_to_request_http1x(&mut request);
            request.into_parts().0
        };
        let keys = SigningKeys::default();
        let config = EmulatorConfig::default();
        let parts = sign_request(body);
        for _ in 0..2 {
            // Twice: the second answer comes from the cached key.
            let caller = authenticate(&config, &keys, signing_time, &parts, body).unwrap();
            assert_eq!(caller, Caller::new("111111111111", "us-east-1"));
        }
        assert_eq!(format!("{keys:?}"), "SigningKeys { held: 1, .. }");
        let changed = authenticate(&config, &keys, signing_time, &parts, b"{}").unwrap_err();
        assert_eq!(changed.code, ServiceErrorCode::InvalidSignatureException);
        let mut other_path = parts.clone();
        other_path.uri = "/graph/members/delete".parse().unwrap();
        let moved = authenticate(&config, &keys, signing_time, &other_path, body).unwrap_err();
        assert_eq!(moved.code, ServiceErrorCode::InvalidSignatureException);
    }
}

//! `MaxResults`/`NextToken` pagination shared by every list operation.
//!
//! A token names the sort key of the last item returned rather than an
//! offset: items added or removed while a client walks the pages then never
//! make it repeat or skip an item that existed throughout the walk. The token
//! also names the operation and the scope (caller, region and, for members,
//! the graph) it was issued for, and carries an HMAC-SHA256 over all of that
//! under the emulator's key, so a client cannot forge a token, alter one, or
//! replay one against another operation, graph or caller: every such token
//! is refused with `ValidationException` (`INVALID_REQUEST_BODY`), as the
//! service does.
//!
//! Wire form: `hex(payload) ‖ hex(mac)`, where the payload is the JSON array
//! `["1", operation, scope, last_key]`. Every field is bounded (ARNs, account
//! ids, regions of at most 20 characters), which keeps tokens well under the
//! model's 1,024-character limit.

use super::{ApiError, Caller};
use detective_types::ErrorCode;
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

/// The page size when `MaxResults` is absent.
pub(crate) const DEFAULT_MAX_RESULTS: usize = 100;
/// The largest `MaxResults` the model allows.
pub(crate) const MAX_MAX_RESULTS: usize = 200;
/// The longest `NextToken` the model allows.
const MAX_TOKEN_CHARS: usize = 1024;
/// Bumped if the payload layout ever changes, so old tokens are refused cleanly.
const TOKEN_VERSION: &str = "1";
/// Bytes of an HMAC-SHA256 tag.
const TAG_BYTES: usize = 32;

/// What a token is valid for: one operation, within one scope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TokenScope {
    /// The operation name, e.g. `ListMembers`.
    pub(crate) operation: &'static str,
    /// Who and what the listing is about, e.g. `account/region/graph-arn`.
    pub(crate) scope: String,
}

impl TokenScope {
    /// A listing of `operation` by `caller`, narrowed by `within` (a graph
    /// ARN, an investigation id, a digest of the filters...): the scope reads
    /// `account/region/within[0]/within[1]...`, so a token is only good for
    /// the same caller, region and listing.
    pub(crate) fn for_caller(operation: &'static str, caller: &Caller, within: &[&str]) -> Self {
        let mut scope = format!("{}/{}", caller.account_id, caller.region);
        for part in within {
            scope.push('/');
            scope.push_str(part);
        }
        TokenScope { operation, scope }
    }
}

/// One page of results, and the token for the next one if more remain.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Page<T> {
    pub(crate) items: Vec<T>,
    pub(crate) next_token: Option<String>,
}

/// Cuts a page out of `items`, which must be sorted by `key` ascending with unique keys.
///
/// Everything (page size, token) is checked before anything is returned, so
/// an invalid request never yields a partial answer.
pub(crate) fn paginate<T>(
    token_key: &[u8],
    scope: &TokenScope,
    max_results: Option<i32>,
    next_token: Option<&str>,
    items: Vec<T>,
    key: impl Fn(&T) -> &str,
) -> Result<Page<T>, ApiError> {
    let limit = page_size(max_results)?;
    let after = match next_token {
        Some(token) => Some(decode(token_key, scope, token)?),
        None => None,
    };
    let mut rest = items
        .into_iter()
        .skip_while(|item| after.as_deref().is_some_and(|after| key(item) <= after))
        .peekable();
    let mut page = Vec::with_capacity(limit.min(MAX_MAX_RESULTS));
    while page.len() < limit {
        match rest.next() {
            Some(item) => page.push(item),
            None => break,
        }
    }
    let next_token = match (rest.peek(), page.last()) {
        (Some(_), Some(last)) => Some(encode(token_key, scope, key(last))?),
        _ => None,
    };
    Ok(Page {
        items: page,
        next_token,
    })
}

/// `MaxResults` as a page size: 1..=200, 100 when absent.
fn page_size(max_results: Option<i32>) -> Result<usize, ApiError> {
    match max_results {
        None => Ok(DEFAULT_MAX_RESULTS),
        Some(n) => usize::try_from(n)
            .ok()
            .filter(|n| (1..=MAX_MAX_RESULTS).contains(n))
            .ok_or_else(|| {
                ApiError::validation(
                    ErrorCode::InvalidRequestBody,
                    format!("MaxResults must be between 1 and {MAX_MAX_RESULTS}, got {n}"),
                )
            }),
    }
}

fn mac(token_key: &[u8]) -> Result<HmacSha256, ApiError> {
    // HMAC takes keys of any length, so this cannot fail; still, never panic.
    <HmacSha256 as KeyInit>::new_from_slice(token_key)
        .map_err(|_| ApiError::internal("the emulator's pagination key is unusable"))
}

/// Issues the token that resumes after `last_key`.
pub(crate) fn encode(
    token_key: &[u8],
    scope: &TokenScope,
    last_key: &str,
) -> Result<String, ApiError> {
    let payload = serde_json::to_vec(&[TOKEN_VERSION, scope.operation, &scope.scope, last_key])
        .map_err(|e| ApiError::internal(format!("cannot encode a pagination token: {e}")))?;
    let mut mac = mac(token_key)?;
    Mac::update(&mut mac, &payload);
    let tag = mac.finalize().into_bytes();
    let mut token = hex(&payload);
    token.push_str(&hex(&tag));
    Ok(token)
}

fn invalid_token(why: &str) -> ApiError {
    ApiError::validation(
        ErrorCode::InvalidRequestBody,
        format!("The NextToken is not valid: {why}. Start the listing again without a NextToken."),
    )
}

/// Checks a token against the key and the scope it must belong to, and returns the last key it names.
pub(crate) fn decode(
    token_key: &[u8],
    scope: &TokenScope,
    token: &str,
) -> Result<String, ApiError> {
    if token.len() > MAX_TOKEN_CHARS {
        return Err(invalid_token("it is longer than 1024 characters"));
    }
    let bytes = unhex(token).ok_or_else(|| invalid_token("it is malformed"))?;
    let Some(split) = bytes.len().checked_sub(TAG_BYTES).filter(|&n| n > 0) else {
        return Err(invalid_token("it is malformed"));
    };
    let (payload, tag) = bytes.split_at(split);
    let mut mac = mac(token_key)?;
    Mac::update(&mut mac, payload);
    mac.verify_slice(tag)
        .map_err(|_| invalid_token("it was not issued by this service or has been altered"))?;
    // The MAC is good, so the payload is one we wrote; still parse defensively.
    let fields: Vec<String> =
        serde_json::from_slice(payload).map_err(|_| invalid_token("it is malformed"))?;
    let [version, operation, token_scope, last_key] =
        <[String; 4]>::try_from(fields).map_err(|_| invalid_token("it is malformed"))?;
    if version != TOKEN_VERSION {
        return Err(invalid_token(
            "it was issued by another version of the emulator",
        ));
    }
    if operation != scope.operation {
        return Err(invalid_token(&format!(
            "it was issued for {operation}, not {}",
            scope.operation
        )));
    }
    if token_scope != scope.scope {
        return Err(invalid_token(
            "it was issued for a different behavior graph, caller or region",
        ));
    }
    Ok(last_key)
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 0x0f)]));
    }
    out
}

fn unhex(text: &str) -> Option<Vec<u8>> {
    // Lowercase only: a token is compared as issued, so `AB` and `ab` are not the same token.
    fn digit(c: u8) -> Option<u8> {
        match c {
            b'0'..=b'9' => Some(c - b'0'),
            b'a'..=b'f' => Some(c - b'a' + 10),
            _ => None,
        }
    }
    let bytes = text.as_bytes();
    if bytes.len() % 2 != 0 {
        return None;
    }
    bytes
        .chunks_exact(2)
        .map(|pair| Some(digit(pair[0])? << 4 | digit(pair[1])?))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use detective_types::ServiceErrorCode;

    const KEY: &[u8] = b"test-key";

    fn scope(operation: &'static str, scope: &str) -> TokenScope {
        TokenScope {
            operation,
            scope: scope.to_owned(),
        }
    }

    fn is_invalid_body(result: Result<String, ApiError>) -> bool {
        matches!(
            result,
            Err(ApiError {
                code: ServiceErrorCode::ValidationException,
                validation_code: Some(ErrorCode::InvalidRequestBody),
                ..
            })
        )
    }

    #[test]
    fn a_token_round_trips_within_its_scope() {
        let members = scope("ListMembers", "111111111111/us-east-1/arn");
        let token = encode(KEY, &members, "222222222222").unwrap();
        assert!(token.len() <= MAX_TOKEN_CHARS);
        assert_eq!(decode(KEY, &members, &token).unwrap(), "222222222222");
    }

    #[test]
    fn foreign_or_altered_tokens_are_refused() {
        let members = scope("ListMembers", "111111111111/us-east-1/arn");
        let token = encode(KEY, &members, "222222222222").unwrap();
        // Another operation, another scope, another key.
        assert!(is_invalid_body(decode(
            KEY,
            &scope("ListGraphs", "111111111111/us-east-1/arn"),
            &token
        )));
        assert!(is_invalid_body(decode(
            KEY,
            &scope("ListMembers", "333333333333/us-east-1/arn"),
            &token
        )));
        assert!(is_invalid_body(decode(b"other-key", &members, &token)));
        // Every single-character change is caught.
        for i in 0..token.len() {
            let mut altered = token.clone().into_bytes();
            altered[i] = if altered[i] == b'0' { b'1' } else { b'0' };
            let altered = String::from_utf8(altered).unwrap();
            assert!(
                is_invalid_body(decode(KEY, &members, &altered)),
                "position {i}"
            );
        }
        // Garbage of every shape.
        for garbage in [
            "",
            "zz",
            "0",
            "abc",
            &"0".repeat(64),
            &"a".repeat(2000),
            "日本語",
        ] {
            assert!(
                is_invalid_body(decode(KEY, &members, garbage)),
                "{garbage:?}"
            );
        }
        // Truncated and extended.
        assert!(is_invalid_body(decode(
            KEY,
            &members,
            &token[..token.len() - 2]
        )));
        assert!(is_invalid_body(decode(
            KEY,
            &members,
            &format!("{token}00")
        )));
    }

    #[test]
    fn a_validly_signed_payload_of_the_wrong_shape_is_refused() {
        let members = scope("ListMembers", "s");
        let payload = br#"{"not":"an array"}"#;
        let mut mac = mac(KEY).unwrap();
        Mac::update(&mut mac, payload);
        let token = format!("{}{}", hex(payload), hex(&mac.finalize().into_bytes()));
        assert!(is_invalid_body(decode(KEY, &members, &token)));
    }

    #[test]
    fn pages_resume_after_the_last_key_and_stop_exactly_at_the_end() {
        let s = scope("ListThings", "s");
        let items: Vec<String> = (0..5).map(|i| format!("k{i}")).collect();
        let first = paginate(KEY, &s, Some(2), None, items.clone(), |s| s).unwrap();
        assert_eq!(first.items, ["k0", "k1"]);
        let second = paginate(
            KEY,
            &s,
            Some(2),
            first.next_token.as_deref(),
            items.clone(),
            |s| s,
        )
        .unwrap();
        assert_eq!(second.items, ["k2", "k3"]);
        // k2 vanishes and k25 appears between pages: no repeat, no skip of survivors.
        let changed: Vec<String> = ["k0", "k1", "k25", "k3", "k4"].map(String::from).to_vec();
        let third = paginate(
            KEY,
            &s,
            Some(2),
            second.next_token.as_deref(),
            changed,
            |s| s,
        )
        .unwrap();
        assert_eq!(third.items, ["k4"]);
        assert_eq!(third.next_token, None);
        // A page that ends exactly at the last item carries no token.
        let whole = paginate(KEY, &s, Some(5), None, items, |s| s).unwrap();
        assert_eq!(whole.items.len(), 5);
        assert_eq!(whole.next_token, None);
    }

    #[test]
    fn max_results_outside_1_to_200_is_a_validation_error() {
        let s = scope("ListThings", "s");
        for bad in [0, -1, 201, i32::MIN, i32::MAX] {
            let result = paginate(KEY, &s, Some(bad), None, vec!["a".to_owned()], |s| s);
            assert!(
                matches!(
                    result,
                    Err(ApiError {
                        validation_code: Some(ErrorCode::InvalidRequestBody),
                        ..
                    })
                ),
                "{bad}"
            );
        }
        let items: Vec<String> = (0..250).map(|i| format!("{i:03}")).collect();
        assert_eq!(
            paginate(KEY, &s, None, None, items.clone(), |s| s)
                .unwrap()
                .items
                .len(),
            100
        );
        assert_eq!(
            paginate(KEY, &s, Some(200), None, items, |s| s)
                .unwrap()
                .items
                .len(),
            200
        );
    }
}

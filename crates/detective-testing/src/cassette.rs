//! Cassettes: recorded interactions as JSON Lines, redacted on the way in.
//!
//! A cassette is a text file with one [`Interaction`] per line: the
//! operation, the request (method, path, a few headers, the body as JSON) and
//! the response (status, a few headers, the body as JSON). Every object is
//! written with its keys sorted and without insignificant whitespace, so the
//! same exchange always produces the same line and cassettes diff well in
//! review.
//!
//! Nothing secret is written: only the headers in [`RECORDED_HEADERS`] are
//! kept (never `Authorization`, `X-Amz-Date` or `X-Amz-Security-Token`), and
//! every member named in [`SENSITIVE_MEMBERS`] is replaced by
//! [`REDACTED`] wherever it appears in a body.

use bytes::Bytes;
use detective_types::REDACTED;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

/// Members the API model marks `sensitive`, by name.
///
/// `EmailAddress` (in `Account` and `MemberDetail`) and `Message` (the
/// invitation text of `CreateMembers`). Both are redacted wherever they
/// appear in a recorded body, at any depth. That includes the `Message` of
/// error responses, which the model does not mark sensitive: a service error
/// message may quote the input, so a replayed error keeps its code, status
/// and `ErrorCode` but its message reads [`REDACTED`].
pub const SENSITIVE_MEMBERS: &[&str] = &["EmailAddress", "Message"];

/// The only headers a cassette keeps (lower-case). Everything else, the
/// signature, the date and the session token included, is dropped.
pub const RECORDED_HEADERS: &[&str] = &["content-type", "x-amzn-errortype", "x-amzn-requestid"];

/// Replaces every [`SENSITIVE_MEMBERS`] value in `value`, at any depth, with [`REDACTED`].
///
/// `null` values stay `null`, so a redacted body still says which members were present.
pub fn redact(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (key, member) in map.iter_mut() {
                if SENSITIVE_MEMBERS.contains(&key.as_str()) && !member.is_null() {
                    *member = Value::String(REDACTED.to_owned());
                } else {
                    redact(member);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(redact),
        _ => {}
    }
}

/// `value` with every object's keys in sorted order, whatever map type `serde_json` was built with.
pub(crate) fn canonical(value: Value) -> Value {
    match value {
        Value::Object(map) => {
            let sorted: BTreeMap<String, Value> = map.into_iter().collect();
            let mut out = Map::new();
            for (key, member) in sorted {
                out.insert(key, canonical(member));
            }
            Value::Object(out)
        }
        Value::Array(items) => Value::Array(items.into_iter().map(canonical).collect()),
        other => other,
    }
}

/// A body as the cassette holds it: JSON when it parses, text otherwise.
pub(crate) fn body_from_bytes(bytes: &[u8]) -> (Value, Option<String>) {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return (Value::Null, None);
    }
    match serde_json::from_slice::<Value>(bytes) {
        Ok(mut json) => {
            redact(&mut json);
            (canonical(json), None)
        }
        Err(_) => (
            Value::Null,
            Some(String::from_utf8_lossy(bytes).into_owned()),
        ),
    }
}

/// The bytes of a recorded body: the text if there is one, else the JSON (`null` is empty).
fn body_to_bytes(body: &Value, text: Option<&str>) -> Bytes {
    if let Some(text) = text {
        return Bytes::from(text.to_owned());
    }
    if body.is_null() {
        return Bytes::new();
    }
    Bytes::from(canonical(body.clone()).to_string())
}

fn selected_headers(headers: &http::HeaderMap) -> BTreeMap<String, String> {
    RECORDED_HEADERS
        .iter()
        .filter_map(|name| {
            let value = headers.get(*name)?.to_str().ok()?;
            Some(((*name).to_owned(), value.to_owned()))
        })
        .collect()
}

/// One request and its response, redacted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Interaction {
    /// The operation's model name, e.g. `GetMembers`.
    pub operation: String,
    /// What was sent.
    pub request: RecordedRequest,
    /// What came back.
    pub response: RecordedResponse,
}

/// The recorded half of an interaction that was sent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecordedRequest {
    /// The HTTP method, e.g. `POST`.
    pub method: String,
    /// The path and query, e.g. `/graph/members/get`.
    pub path: String,
    /// The kept headers ([`RECORDED_HEADERS`]), lower-case names.
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
    /// The body as JSON, sensitive members redacted; `null` for an empty body.
    #[serde(default)]
    pub body: Value,
    /// The body as text, when it was not JSON.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body_text: Option<String>,
}

/// The recorded half of an interaction that came back.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecordedResponse {
    /// The HTTP status.
    pub status: u16,
    /// The kept headers ([`RECORDED_HEADERS`]), lower-case names.
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
    /// The body as JSON, sensitive members redacted; `null` for an empty body.
    #[serde(default)]
    pub body: Value,
    /// The body as text, when it was not JSON.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body_text: Option<String>,
}

impl RecordedRequest {
    /// Records `request`: method, path and query, kept headers, redacted body.
    pub fn from_http(request: &http::Request<Bytes>) -> Self {
        let (body, body_text) = body_from_bytes(request.body());
        RecordedRequest {
            method: request.method().as_str().to_owned(),
            path: request.uri().path_and_query().map_or_else(
                || request.uri().path().to_owned(),
                |p| p.as_str().to_owned(),
            ),
            headers: selected_headers(request.headers()),
            body,
            body_text,
        }
    }

    /// The body as it would be sent again (canonical JSON; redacted members stay redacted).
    pub fn body_bytes(&self) -> Bytes {
        body_to_bytes(&self.body, self.body_text.as_deref())
    }
}

impl RecordedResponse {
    /// Records `response`: status, kept headers, redacted body.
    pub fn from_http(response: &http::Response<Bytes>) -> Self {
        let (body, body_text) = body_from_bytes(response.body());
        RecordedResponse {
            status: response.status().as_u16(),
            headers: selected_headers(response.headers()),
            body,
            body_text,
        }
    }

    /// The body as it is replayed: canonical JSON (sorted keys), or the recorded text.
    pub fn body_bytes(&self) -> Bytes {
        body_to_bytes(&self.body, self.body_text.as_deref())
    }

    /// Rebuilds the HTTP response: the same status, kept headers and body every time.
    pub fn to_http(&self) -> Result<http::Response<Bytes>, http::Error> {
        let mut builder = http::Response::builder().status(self.status);
        for (name, value) in &self.headers {
            builder = builder.header(name.as_str(), value.as_str());
        }
        builder.body(self.body_bytes())
    }
}

impl Interaction {
    /// Records one exchange of `operation`, redacting as it goes.
    pub fn from_http(
        operation: impl Into<String>,
        request: &http::Request<Bytes>,
        response: &http::Response<Bytes>,
    ) -> Self {
        Interaction {
            operation: operation.into(),
            request: RecordedRequest::from_http(request),
            response: RecordedResponse::from_http(response),
        }
    }

    /// The interaction as JSON with every object's keys sorted.
    pub fn to_json(&self) -> Value {
        fn headers(headers: &BTreeMap<String, String>) -> Value {
            Value::Object(
                headers
                    .iter()
                    .map(|(k, v)| (k.clone(), Value::String(v.clone())))
                    .collect(),
            )
        }
        let mut request = Map::new();
        request.insert("method".into(), self.request.method.clone().into());
        request.insert("path".into(), self.request.path.clone().into());
        request.insert("headers".into(), headers(&self.request.headers));
        request.insert("body".into(), self.request.body.clone());
        if let Some(text) = &self.request.body_text {
            request.insert("body_text".into(), text.clone().into());
        }
        let mut response = Map::new();
        response.insert("status".into(), self.response.status.into());
        response.insert("headers".into(), headers(&self.response.headers));
        response.insert("body".into(), self.response.body.clone());
        if let Some(text) = &self.response.body_text {
            response.insert("body_text".into(), text.clone().into());
        }
        let mut line = Map::new();
        line.insert("operation".into(), self.operation.clone().into());
        line.insert("request".into(), Value::Object(request));
        line.insert("response".into(), Value::Object(response));
        canonical(Value::Object(line))
    }

    /// The interaction as one cassette line (no trailing newline): compact JSON, keys sorted.
    pub fn to_json_line(&self) -> String {
        self.to_json().to_string()
    }

    /// Reads one cassette line. Unknown keys are ignored; `headers` and `body` may be missing.
    pub fn from_json_line(line: &str) -> Result<Self, serde_json::Error> {
        serde_json::from_str(line)
    }
}

/// Why a cassette could not be read or written.
#[derive(Debug)]
#[non_exhaustive]
pub enum CassetteError {
    /// The file could not be read or written.
    Io {
        /// The cassette's path.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// A line is not a valid interaction.
    Line {
        /// The cassette's path, when it came from a file.
        path: Option<PathBuf>,
        /// The 1-based line number.
        line: usize,
        /// What is wrong with it.
        source: serde_json::Error,
    },
}

impl fmt::Display for CassetteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CassetteError::Io { path, source } => {
                write!(f, "cassette {}: {source}", path.display())
            }
            CassetteError::Line { path, line, source } => {
                match path {
                    Some(path) => write!(f, "cassette {}, line {line}", path.display())?,
                    None => write!(f, "cassette line {line}")?,
                }
                write!(f, ": not a valid interaction: {source}")
            }
        }
    }
}

impl std::error::Error for CassetteError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            CassetteError::Io { source, .. } => Some(source),
            CassetteError::Line { source, .. } => Some(source),
        }
    }
}

/// Recorded interactions, in the order they happened.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Cassette {
    interactions: Vec<Interaction>,
}

impl Cassette {
    /// An empty cassette.
    pub fn new() -> Self {
        Cassette::default()
    }

    /// A cassette holding `interactions`, in order.
    pub fn from_interactions(interactions: Vec<Interaction>) -> Self {
        Cassette { interactions }
    }

    /// Reads a JSON Lines cassette file.
    pub fn load(path: impl AsRef<Path>) -> Result<Self, CassetteError> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path).map_err(|source| CassetteError::Io {
            path: path.to_owned(),
            source,
        })?;
        Self::from_jsonl(&text).map_err(|e| match e {
            CassetteError::Line { line, source, .. } => CassetteError::Line {
                path: Some(path.to_owned()),
                line,
                source,
            },
            other => other,
        })
    }

    /// Reads JSON Lines text: one interaction per line, blank lines skipped.
    ///
    /// Lines written by another version of this crate load as long as each
    /// has `operation`, `request.method`, `request.path` and
    /// `response.status`: unknown keys are ignored, missing headers and
    /// bodies are empty.
    pub fn from_jsonl(text: &str) -> Result<Self, CassetteError> {
        let mut interactions = Vec::new();
        for (index, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let interaction =
                Interaction::from_json_line(line).map_err(|source| CassetteError::Line {
                    path: None,
                    line: index + 1,
                    source,
                })?;
            interactions.push(interaction);
        }
        Ok(Cassette { interactions })
    }

    /// The cassette as JSON Lines: one interaction per line, each ending in a newline.
    pub fn to_jsonl(&self) -> String {
        let mut out = String::new();
        for interaction in &self.interactions {
            out.push_str(&interaction.to_json_line());
            out.push('\n');
        }
        out
    }

    /// Writes the cassette to `path`, replacing the file.
    pub fn save(&self, path: impl AsRef<Path>) -> Result<(), CassetteError> {
        let path = path.as_ref();
        std::fs::write(path, self.to_jsonl()).map_err(|source| CassetteError::Io {
            path: path.to_owned(),
            source,
        })
    }

    /// The interactions, in order.
    pub fn interactions(&self) -> &[Interaction] {
        &self.interactions
    }

    /// Takes the interactions out.
    pub fn into_interactions(self) -> Vec<Interaction> {
        self.interactions
    }

    /// Appends an interaction.
    pub fn push(&mut self, interaction: Interaction) {
        self.interactions.push(interaction);
    }

    /// How many interactions there are.
    pub fn len(&self) -> usize {
        self.interactions.len()
    }

    /// True when there are none.
    pub fn is_empty(&self) -> bool {
        self.interactions.is_empty()
    }
}

impl FromIterator<Interaction> for Cassette {
    fn from_iter<I: IntoIterator<Item = Interaction>>(iter: I) -> Self {
        Cassette {
            interactions: iter.into_iter().collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn redacts_sensitive_members_at_any_depth_and_keeps_nulls() {
        let mut body = json!({
            "Accounts": [{"AccountId": "111122223333", "EmailAddress": "a@example.com"}],
            "Message": "welcome",
            "Nested": {"MemberDetails": [{"EmailAddress": "b@example.com"}]},
            "Other": {"Message": null}
        });
        redact(&mut body);
        let text = body.to_string();
        assert!(!text.contains("example.com"));
        assert!(!text.contains("welcome"));
        assert!(text.contains("111122223333"));
        assert_eq!(body["Other"]["Message"], Value::Null);
        assert_eq!(body["Message"], REDACTED);
    }

    #[test]
    fn lines_have_sorted_keys_and_round_trip() {
        let request = http::Request::post("https://x/graph/members/get")
            .header("content-type", "application/json")
            .header("authorization", "AWS4-HMAC-SHA256 Credential=...")
            .header("x-amz-date", "20260101T000000Z")
            .body(Bytes::from_static(
                br#"{"GraphArn":"g","AccountIds":["1"]}"#,
            ))
            .unwrap_or_default();
        let response = http::Response::builder()
            .status(200)
            .header("x-amzn-RequestId", "r-1")
            .body(Bytes::from_static(
                br#"{"UnprocessedAccounts":[],"MemberDetails":[]}"#,
            ))
            .unwrap_or_default();
        let interaction = Interaction::from_http("GetMembers", &request, &response);
        let line = interaction.to_json_line();
        assert_eq!(
            line,
            r#"{"operation":"GetMembers","request":{"body":{"AccountIds":["1"],"GraphArn":"g"},"headers":{"content-type":"application/json"},"method":"POST","path":"/graph/members/get"},"response":{"body":{"MemberDetails":[],"UnprocessedAccounts":[]},"headers":{"x-amzn-requestid":"r-1"},"status":200}}"#
        );
        let cassette = Cassette::from_jsonl(&format!("{line}\n\n{line}\n")).unwrap_or_default();
        assert_eq!(cassette.len(), 2);
        assert_eq!(cassette.interactions()[0], interaction);
    }

    #[test]
    fn bad_line_is_named_by_number() {
        let good = r#"{"operation":"ListGraphs","request":{"method":"POST","path":"/graphs/list"},"response":{"status":200}}"#;
        let err = Cassette::from_jsonl(&format!("{good}\n{{\"operation\":1}}\n")).err();
        let Some(CassetteError::Line { line, .. }) = &err else {
            panic!("expected a line error, got {err:?}");
        };
        assert_eq!(*line, 2);
        assert!(err
            .map(|e| e.to_string())
            .unwrap_or_default()
            .starts_with("cassette line 2: not a valid interaction"));
    }

    #[test]
    fn non_json_bodies_are_kept_as_text() {
        let response = http::Response::builder()
            .status(503)
            .body(Bytes::from_static(b"<html>busy</html>"))
            .unwrap_or_default();
        let recorded = RecordedResponse::from_http(&response);
        assert_eq!(recorded.body_text.as_deref(), Some("<html>busy</html>"));
        assert_eq!(&recorded.body_bytes()[..], b"<html>busy</html>");
    }

    /// Every member of the API model whose target is a `sensitive` shape is in SENSITIVE_MEMBERS.
    #[test]
    fn sensitive_members_cover_the_model() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../tests/data/detective-2018-10-26.json"
        );
        let Ok(text) = std::fs::read_to_string(path) else {
            // The model ships with the workspace; a packaged crate has no copy.
            return;
        };
        let model: Value = serde_json::from_str(&text).unwrap_or_default();
        let Some(shapes) = model["shapes"].as_object() else {
            panic!("the model has no shapes");
        };
        let sensitive: Vec<&String> = shapes
            .iter()
            .filter(|(_, shape)| shape["sensitive"] == Value::Bool(true))
            .map(|(name, _)| name)
            .collect();
        assert!(!sensitive.is_empty());
        let mut found = 0;
        for shape in shapes.values() {
            let Some(members) = shape["members"].as_object() else {
                continue;
            };
            for (member, target) in members {
                let target = target["shape"].as_str().unwrap_or_default();
                if sensitive.iter().any(|s| s.as_str() == target) {
                    found += 1;
                    assert!(
                        SENSITIVE_MEMBERS.contains(&member.as_str()),
                        "{member} targets sensitive shape {target} but is not redacted"
                    );
                }
            }
        }
        assert!(found >= 3);
    }
}

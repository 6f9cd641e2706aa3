//! Input members carried in the request URI instead of the JSON body.
//!
//! The model puts a few members in the path (`location: uri`, e.g.
//! `ResourceArn` in `/tags/{ResourceArn}`) or the query string
//! (`location: querystring`, e.g. `TagKeys` as `?tagKeys=a&tagKeys=b`). The
//! input types in `detective-types` keep them as ordinary serde members, so
//! an operation only declares *where* they go ([`Operation::BINDINGS`]) and
//! the codec moves them, the same way for every operation:
//!
//! - the client serializes the whole input, takes the bound members out of
//!   the JSON object and writes them into the path template and query
//!   ([`request_target`]); what is left is the body;
//! - the server does the inverse ([`merge_request_target`]): bound members
//!   in the body are dropped (restJson1 reads them only from the URI), and
//!   the decoded label and query values are put in their place before the
//!   object is read as the input and validated.
//!
//! Encoding follows the AWS SDKs and SigV4: every byte of a label or query
//! value except the unreserved `A-Z a-z 0-9 - . _ ~` is percent-encoded, so
//! an ARN label becomes one path segment (`arn%3Aaws%3Adetective%3A...`; a
//! label is not greedy, so `/` is encoded too) and a space is `%20`, never
//! `+`. Decoding is the exact inverse, and a `+` in a query value stays a
//! `+`: our encoder never writes it for a space, and tag keys may contain `+`
//! (but never a space), so reading it as a literal is the only reading that
//! can be right here.
//!
//! [`Operation::BINDINGS`]: crate::Operation::BINDINGS

use crate::error::RequestError;
use detective_types::{Constraint, ValidationError};
use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde_json::{Map, Value};

/// Where one input member travels when it is not in the JSON body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Binding {
    /// The `{label}` segment of the path template carries the (string) member.
    Label {
        /// The member's name in the input shape, e.g. `ResourceArn`.
        member: &'static str,
        /// The label in the path template, without braces, e.g. `ResourceArn`.
        label: &'static str,
    },
    /// The query parameter `name` carries the (string) member once.
    Query {
        /// The member's name in the input shape.
        member: &'static str,
        /// The query parameter's name.
        name: &'static str,
    },
    /// The query parameter `name` carries the (list of strings) member, repeated once per item.
    QueryList {
        /// The member's name in the input shape, e.g. `TagKeys`.
        member: &'static str,
        /// The query parameter's name, e.g. `tagKeys`.
        name: &'static str,
    },
}

impl Binding {
    /// The input member this binding moves.
    pub fn member(&self) -> &'static str {
        match self {
            Binding::Label { member, .. }
            | Binding::Query { member, .. }
            | Binding::QueryList { member, .. } => member,
        }
    }

    /// The name the member has on the wire: the label or the query parameter.
    pub fn location_name(&self) -> &'static str {
        match self {
            Binding::Label { label, .. } => label,
            Binding::Query { name, .. } | Binding::QueryList { name, .. } => name,
        }
    }
}

/// Everything but the unreserved characters of RFC 3986: what a label or query value must encode.
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Percent-encodes a label or query value (UTF-8 bytes, every byte outside `A-Z a-z 0-9 - . _ ~`).
pub fn encode_component(value: &str) -> String {
    utf8_percent_encode(value, COMPONENT).to_string()
}

/// Decodes a percent-encoded label or query value; `None` when the bytes are not UTF-8.
///
/// A `%` not followed by two hex digits is kept as it is, as HTTP servers commonly do.
pub fn decode_component(encoded: &str) -> Option<String> {
    percent_decode_str(encoded)
        .decode_utf8()
        .ok()
        .map(|text| text.into_owned())
}

/// The text a scalar member takes in a URI; `None` for `null`, objects and arrays.
fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Null | Value::Array(_) | Value::Object(_) => None,
    }
}

fn not_a_string(member: &str, what: &str) -> ValidationError {
    ValidationError::new(
        member,
        Constraint::Invalid(format!("must be {what} to travel in the request URI")),
    )
}

/// The label name of a template segment such as `{ResourceArn}`.
fn label_of(segment: &str) -> Option<&str> {
    segment.strip_prefix('{')?.strip_suffix('}')
}

/// Client side: takes the bound members out of `members` and returns the request target (path, then `?query` if any).
///
/// `members` is the serialized input; afterwards it holds only the body
/// members. A label whose member is missing is reported as that member
/// being required (labels always are); a member of a type a URI cannot
/// carry is reported as invalid.
pub fn request_target(
    template: &str,
    bindings: &[Binding],
    members: &mut Map<String, Value>,
) -> Result<String, ValidationError> {
    // Take every bound member out first, so the body never carries one even on error paths.
    let taken: Vec<(Binding, Option<Value>)> = bindings
        .iter()
        .map(|b| (*b, members.remove(b.member())))
        .collect();
    let value_of = |wanted: &Binding| {
        taken
            .iter()
            .find(|(b, _)| b == wanted)
            .and_then(|(_, v)| v.as_ref())
    };

    let mut path = String::with_capacity(template.len() + 64);
    for (i, segment) in template.split('/').enumerate() {
        if i > 0 {
            path.push('/');
        }
        let Some(label) = label_of(segment) else {
            path.push_str(segment);
            continue;
        };
        let binding = bindings
            .iter()
            .find(|b| matches!(b, Binding::Label { label: l, .. } if *l == label))
            .ok_or_else(|| {
                ValidationError::new(
                    label,
                    Constraint::Invalid("is a path label no input member is bound to".to_owned()),
                )
            })?;
        let member = binding.member();
        let value = value_of(binding)
            .filter(|v| !v.is_null())
            .ok_or_else(|| ValidationError::new(member, Constraint::Required))?;
        let text = scalar_text(value).ok_or_else(|| not_a_string(member, "a string"))?;
        path.push_str(&encode_component(&text));
    }

    let mut query: Vec<String> = Vec::new();
    for binding in bindings {
        let (member, name) = match binding {
            Binding::Label { .. } => continue,
            Binding::Query { member, name } | Binding::QueryList { member, name } => {
                (*member, *name)
            }
        };
        let texts: Vec<String> = match (binding, value_of(binding)) {
            (_, None | Some(Value::Null)) => Vec::new(),
            (Binding::QueryList { .. }, Some(Value::Array(items))) => items
                .iter()
                .map(|item| {
                    scalar_text(item).ok_or_else(|| not_a_string(member, "a list of strings"))
                })
                .collect::<Result<_, _>>()?,
            (Binding::QueryList { .. }, Some(_)) => {
                return Err(not_a_string(member, "a list of strings"))
            }
            (_, Some(value)) => {
                vec![scalar_text(value).ok_or_else(|| not_a_string(member, "a string"))?]
            }
        };
        let name = encode_component(name);
        query.extend(
            texts
                .iter()
                .map(|text| format!("{name}={}", encode_component(text))),
        );
    }
    if !query.is_empty() {
        path.push('?');
        path.push_str(&query.join("&"));
    }
    Ok(path)
}

/// The decoded `name=value` pairs of a query string, in order; a pair without `=` has an empty value.
fn query_pairs(query: &str) -> Result<Vec<(String, String)>, RequestError> {
    query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            let decode = |text: &str| {
                decode_component(text).ok_or_else(|| {
                    RequestError::body("a query parameter is not UTF-8 once percent-decoded")
                })
            };
            Ok((decode(name)?, decode(value)?))
        })
        .collect()
}

/// Server side: puts the members bound to `path` and `query` into `members` (the JSON body's object).
///
/// Bound members found in the body are dropped first: restJson1 reads them
/// only from the URI. A label is decoded from its path segment; a `Query`
/// parameter given several times keeps its first value; a `QueryList`
/// parameter becomes a list of every value given; parameters no binding
/// names are ignored, as unknown body members are.
pub fn merge_request_target(
    template: &str,
    bindings: &[Binding],
    path: &str,
    query: Option<&str>,
    members: &mut Map<String, Value>,
) -> Result<(), RequestError> {
    for binding in bindings {
        members.remove(binding.member());
    }
    let template_segments: Vec<&str> = template.split('/').collect();
    let path_segments: Vec<&str> = path.split('/').collect();
    let has_labels = template_segments.iter().any(|s| label_of(s).is_some());
    if has_labels && template_segments.len() != path_segments.len() {
        return Err(RequestError::body(format!(
            "the request path {path} does not fit {template}"
        )));
    }
    for (segment, raw) in template_segments.iter().zip(&path_segments) {
        let Some(label) = label_of(segment) else {
            continue;
        };
        let Some(binding) = bindings
            .iter()
            .find(|b| matches!(b, Binding::Label { label: l, .. } if *l == label))
        else {
            continue;
        };
        let value = decode_component(raw).ok_or_else(|| {
            RequestError::body(format!(
                "the path segment for {label} is not UTF-8 once percent-decoded"
            ))
        })?;
        members.insert(binding.member().to_owned(), Value::String(value));
    }
    let pairs = query.map(query_pairs).transpose()?.unwrap_or_default();
    for binding in bindings {
        let values = |name: &'static str| {
            pairs
                .iter()
                .filter(move |(n, _)| n == name)
                .map(|(_, v)| Value::String(v.clone()))
        };
        match binding {
            Binding::Label { .. } => {}
            Binding::Query { member, name } => {
                if let Some(value) = values(name).next() {
                    members.insert((*member).to_owned(), value);
                }
            }
            Binding::QueryList { member, name } => {
                let list: Vec<Value> = values(name).collect();
                if !list.is_empty() {
                    members.insert((*member).to_owned(), Value::Array(list));
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const TAGS: &str = "/tags/{ResourceArn}";
    const ARN: &str =
        "arn:aws:detective:us-east-1:111122223333:graph:027c7c4610ea4aacaf0b883093cab899";
    const UNTAG: &[Binding] = &[
        Binding::Label {
            member: "ResourceArn",
            label: "ResourceArn",
        },
        Binding::QueryList {
            member: "TagKeys",
            name: "tagKeys",
        },
    ];

    fn object(value: Value) -> Map<String, Value> {
        match value {
            Value::Object(map) => map,
            other => panic!("not an object: {other}"),
        }
    }

    /// Encodes with [`request_target`], decodes with [`merge_request_target`], returns both.
    fn round_trip(members: Value) -> (String, Map<String, Value>) {
        let mut sent = object(members);
        let target = request_target(TAGS, UNTAG, &mut sent).expect("encodes");
        let (path, query) = target
            .split_once('?')
            .map_or((target.as_str(), None), |(p, q)| (p, Some(q)));
        let mut received = sent;
        merge_request_target(TAGS, UNTAG, path, query, &mut received).expect("decodes");
        (target, received)
    }

    #[test]
    fn an_arn_label_is_one_segment_with_colon_and_slash_encoded() {
        let arn = "arn:aws:iam::111122223333:role/path/Admin";
        let (target, back) = round_trip(json!({"ResourceArn": arn}));
        assert_eq!(
            target,
            "/tags/arn%3Aaws%3Aiam%3A%3A111122223333%3Arole%2Fpath%2FAdmin"
        );
        assert_eq!(back, object(json!({"ResourceArn": arn})));
    }

    #[test]
    fn graph_arn_label_encodes_exactly_like_the_sdks() {
        let mut members = object(json!({"ResourceArn": ARN, "Tags": {"a": "b"}}));
        let target = request_target(TAGS, UNTAG, &mut members).expect("encodes");
        assert_eq!(
            target,
            "/tags/arn%3Aaws%3Adetective%3Aus-east-1%3A111122223333%3Agraph%3A027c7c4610ea4aacaf0b883093cab899"
        );
        // The label left the body; the other members stayed.
        assert_eq!(members, object(json!({"Tags": {"a": "b"}})));
    }

    #[test]
    fn tag_keys_repeat_in_the_query_and_decode_back_verbatim() {
        let keys = ["with space", "a/b", "c+d", "e=f", "ü名", "plain-._~"];
        let (target, back) = round_trip(json!({"ResourceArn": ARN, "TagKeys": keys}));
        let query = target.split_once('?').map(|(_, q)| q);
        assert_eq!(
            query,
            Some(
                "tagKeys=with%20space&tagKeys=a%2Fb&tagKeys=c%2Bd&tagKeys=e%3Df\
                 &tagKeys=%C3%BC%E5%90%8D&tagKeys=plain-._~"
            )
        );
        assert_eq!(back, object(json!({"ResourceArn": ARN, "TagKeys": keys})));
    }

    #[test]
    fn no_query_string_without_query_members() {
        let (target, back) = round_trip(json!({"ResourceArn": ARN}));
        assert!(!target.contains('?'), "{target}");
        assert!(!back.contains_key("TagKeys"));
    }

    #[test]
    fn a_missing_label_member_is_reported_as_required() {
        let err = request_target(TAGS, UNTAG, &mut object(json!({"TagKeys": ["a"]}))).err();
        assert_eq!(
            err,
            Some(ValidationError::new("ResourceArn", Constraint::Required))
        );
    }

    #[test]
    fn a_non_list_query_list_member_is_invalid() {
        let err = request_target(
            TAGS,
            UNTAG,
            &mut object(json!({"ResourceArn": ARN, "TagKeys": {"a": 1}})),
        )
        .err();
        assert_eq!(err.as_ref().map(ValidationError::member), Some("TagKeys"));
    }

    #[test]
    fn the_server_takes_bound_members_from_the_uri_never_from_the_body() {
        let mut members = object(json!({"ResourceArn": "from-body", "TagKeys": ["body"], "X": 1}));
        merge_request_target(
            TAGS,
            UNTAG,
            "/tags/arn%3Aaws",
            Some("other=1&tagKeys=k"),
            &mut members,
        )
        .expect("decodes");
        assert_eq!(
            members,
            object(json!({"ResourceArn": "arn:aws", "TagKeys": ["k"], "X": 1}))
        );
        let mut members = object(json!({"TagKeys": ["body"]}));
        merge_request_target(TAGS, UNTAG, "/tags/x", None, &mut members).expect("decodes");
        assert_eq!(members, object(json!({"ResourceArn": "x"})));
    }

    #[test]
    fn plus_in_a_query_value_is_a_literal_plus_and_bare_names_are_empty_values() {
        let mut members = Map::new();
        merge_request_target(
            TAGS,
            UNTAG,
            "/tags/x",
            Some("tagKeys=a+b&tagKeys&&tagKeys=%zz"),
            &mut members,
        )
        .expect("decodes");
        assert_eq!(members["TagKeys"], json!(["a+b", "", "%zz"]));
    }

    #[test]
    fn undecodable_labels_and_query_values_are_request_errors() {
        let mut members = Map::new();
        assert!(merge_request_target(TAGS, UNTAG, "/tags/%FF", None, &mut members).is_err());
        assert!(
            merge_request_target(TAGS, UNTAG, "/tags/x", Some("tagKeys=%C3"), &mut members)
                .is_err()
        );
        assert!(merge_request_target(TAGS, UNTAG, "/tags/x/y", None, &mut members).is_err());
    }

    #[test]
    fn a_single_query_member_is_written_once_and_read_as_a_string() {
        const ONE: &[Binding] = &[Binding::Query {
            member: "Filter",
            name: "filter",
        }];
        let mut members = object(json!({"Filter": "a b", "Body": true}));
        let target = request_target("/things", ONE, &mut members).expect("encodes");
        assert_eq!(target, "/things?filter=a%20b");
        assert_eq!(members, object(json!({"Body": true})));
        let mut received = Map::new();
        merge_request_target(
            "/things",
            ONE,
            "/things",
            Some("filter=a%20b&filter=c"),
            &mut received,
        )
        .expect("decodes");
        assert_eq!(received, object(json!({"Filter": "a b"})));
    }
}

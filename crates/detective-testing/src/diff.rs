//! Where two JSON documents differ, member by member.

use serde_json::Value;
use std::fmt;

/// One place where a recorded request and the request sent differ.
#[derive(Debug, Clone, PartialEq)]
pub struct Difference {
    /// Where: `GraphArn`, `Accounts[0].AccountId`, or `(operation)` / `(body)` for the whole.
    pub path: String,
    /// The recorded value; `None` when the member is only in the request sent.
    pub recorded: Option<Value>,
    /// The value sent; `None` when the member is only in the recording.
    pub actual: Option<Value>,
}

impl fmt::Display for Difference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.recorded, &self.actual) {
            (Some(recorded), Some(actual)) => {
                write!(f, "{}: recorded {recorded}, sent {actual}", self.path)
            }
            (Some(recorded), None) => {
                write!(f, "{}: only in the recording ({recorded})", self.path)
            }
            (None, Some(actual)) => write!(f, "{}: only in the request sent ({actual})", self.path),
            (None, None) => write!(f, "{}: differs", self.path),
        }
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

/// Every difference between `recorded` and `actual`, in member order.
pub(crate) fn diff(recorded: &Value, actual: &Value) -> Vec<Difference> {
    let mut out = Vec::new();
    walk("", recorded, actual, &mut out);
    out
}

fn walk(path: &str, recorded: &Value, actual: &Value, out: &mut Vec<Difference>) {
    match (recorded, actual) {
        (Value::Object(r), Value::Object(a)) => {
            let mut keys: Vec<&String> = r.keys().chain(a.keys()).collect();
            keys.sort();
            keys.dedup();
            for key in keys {
                let at = join(path, key);
                match (r.get(key), a.get(key)) {
                    (Some(rv), Some(av)) => walk(&at, rv, av, out),
                    (rv, av) => out.push(Difference {
                        path: at,
                        recorded: rv.cloned(),
                        actual: av.cloned(),
                    }),
                }
            }
        }
        (Value::Array(r), Value::Array(a)) => {
            for i in 0..r.len().max(a.len()) {
                let at = format!("{path}[{i}]");
                match (r.get(i), a.get(i)) {
                    (Some(rv), Some(av)) => walk(&at, rv, av, out),
                    (rv, av) => out.push(Difference {
                        path: at,
                        recorded: rv.cloned(),
                        actual: av.cloned(),
                    }),
                }
            }
        }
        (r, a) if r == a => {}
        (r, a) => out.push(Difference {
            path: if path.is_empty() {
                "(body)".to_owned()
            } else {
                path.to_owned()
            },
            recorded: Some(r.clone()),
            actual: Some(a.clone()),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn names_each_differing_member() {
        let d = diff(
            &json!({"GraphArn": "a", "AccountIds": ["1", "2"], "Gone": 1}),
            &json!({"GraphArn": "b", "AccountIds": ["1"], "New": true}),
        );
        let lines: Vec<String> = d.iter().map(ToString::to_string).collect();
        assert_eq!(
            lines,
            [
                "AccountIds[1]: only in the recording (\"2\")",
                "Gone: only in the recording (1)",
                "GraphArn: recorded \"a\", sent \"b\"",
                "New: only in the request sent (true)",
            ]
        );
        assert!(diff(&json!({"a": [1]}), &json!({"a": [1]})).is_empty());
    }
}

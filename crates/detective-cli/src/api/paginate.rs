//! Automatic pagination, as the AWS CLI does it.
//!
//! A list command follows `NextToken` until the last page and prints one
//! result: the first page's other members, every page's results
//! concatenated, and no `NextToken`. `--page-size` sets `MaxResults` for
//! each call; `--max-items` stops after that many results and prints a
//! resume token, which `--starting-token` accepts (botocore's format:
//! base64 of `{"NextToken": ..., "boto_truncate_amount": n}`, so tokens
//! are interchangeable with the AWS CLI's).

use super::dispatch::Runner;
use super::error::CliError;
use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine as _;
use detective_client::Client;
use serde_json::{Map, Value};
use std::collections::HashSet;
use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

/// The input and output token member.
const TOKEN: &str = "NextToken";
/// The page size member.
const LIMIT: &str = "MaxResults";
/// A walk longer than this many pages is a service bug, not a big graph.
const MAX_PAGES: usize = 100_000;
/// Show the progress indicator only for walks longer than this (the AWS CLI shows none;
/// a silent minute-long walk looks like a hang).
const PROGRESS_AFTER: Duration = Duration::from_secs(1);

/// How to page one operation.
#[derive(Debug, Clone)]
pub struct Paging {
    /// The output members holding results: concatenated across pages.
    pub result_keys: Vec<String>,
    /// `--starting-token`.
    pub starting_token: Option<String>,
    /// `--page-size`.
    pub page_size: Option<i64>,
    /// `--max-items`.
    pub max_items: Option<usize>,
}

/// Where a walk resumes: the service's token and how many results of that page were already seen.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Resume {
    /// The `NextToken` to send.
    pub token: Option<String>,
    /// Results of that page to skip.
    pub skip: usize,
}

/// Encodes a resume token as botocore does (Python's `json.dumps` spacing, then base64).
pub fn encode_token(resume: &Resume) -> String {
    let token = resume.token.clone().map_or(Value::Null, Value::String);
    let json = if resume.skip > 0 {
        format!(
            "{{\"{TOKEN}\": {token}, \"boto_truncate_amount\": {}}}",
            resume.skip
        )
    } else {
        format!("{{\"{TOKEN}\": {token}}}")
    };
    BASE64.encode(json)
}

/// Decodes a `--starting-token`: botocore's encoded form, or a plain service token.
pub fn decode_token(text: &str) -> Resume {
    let decoded = BASE64
        .decode(text.trim())
        .ok()
        .and_then(|bytes| serde_json::from_slice::<Value>(&bytes).ok())
        .and_then(|v| v.as_object().cloned());
    match decoded {
        Some(object) if object.contains_key(TOKEN) => Resume {
            token: object.get(TOKEN).and_then(Value::as_str).map(str::to_owned),
            skip: object
                .get("boto_truncate_amount")
                .and_then(Value::as_u64)
                .map_or(0, |n| n as usize),
        },
        // botocore's older `token___amount` form.
        _ => match text.rsplit_once("___") {
            Some((token, amount)) if amount.parse::<usize>().is_ok() => Resume {
                token: Some(token.to_owned()),
                skip: amount.parse().unwrap_or(0),
            },
            _ => Resume {
                token: Some(text.to_owned()),
                skip: 0,
            },
        },
    }
}

/// Whether to draw the progress line now.
pub fn show_progress(stderr_is_terminal: bool, elapsed: Duration) -> bool {
    stderr_is_terminal && elapsed > PROGRESS_AFTER
}

/// A one-line "fetched N pages" indicator on stderr, for long walks at a terminal.
struct Progress {
    terminal: bool,
    start: Instant,
    shown: bool,
    last_drawn: Option<Instant>,
}

impl Progress {
    fn new() -> Progress {
        Progress {
            terminal: std::io::stderr().is_terminal(),
            start: Instant::now(),
            shown: false,
            last_drawn: None,
        }
    }

    fn tick(&mut self, pages: usize, items: usize) {
        // Redraw at most ten times a second: fast pages would otherwise flood the terminal.
        let due = self
            .last_drawn
            .is_none_or(|at| at.elapsed() >= Duration::from_millis(100));
        if due && show_progress(self.terminal, self.start.elapsed()) {
            self.last_drawn = Some(Instant::now());
            let mut stderr = std::io::stderr();
            let _ = write!(
                stderr,
                "\rFetching results: {pages} pages, {items} items so far..."
            );
            let _ = stderr.flush();
            self.shown = true;
        }
    }

    fn finish(&mut self) {
        if self.shown {
            // Erase the line so that the result starts on a clean terminal.
            let mut stderr = std::io::stderr();
            let _ = write!(stderr, "\r\x1b[K");
            let _ = stderr.flush();
            self.shown = false;
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.finish();
    }
}

fn count(value: &Value) -> usize {
    match value {
        Value::Array(items) => items.len(),
        Value::Object(map) => map.len(),
        _ => 0,
    }
}

/// Keeps the first `keep` results of `value` (a list, or a map in key order).
fn keep_first(value: &mut Value, keep: usize) {
    match value {
        Value::Array(items) => items.truncate(keep),
        Value::Object(map) => {
            let kept: Map<String, Value> = std::mem::take(map).into_iter().take(keep).collect();
            *map = kept;
        }
        _ => {}
    }
}

/// Drops the first `skip` results of `value`.
fn skip_first(value: &mut Value, skip: usize) {
    match value {
        Value::Array(items) => {
            items.drain(..skip.min(items.len()));
        }
        Value::Object(map) => {
            let kept: Map<String, Value> = std::mem::take(map).into_iter().skip(skip).collect();
            *map = kept;
        }
        _ => {}
    }
}

fn merge(into: &mut Value, page: Value) {
    match (into, page) {
        (Value::Array(all), Value::Array(more)) => all.extend(more),
        (Value::Object(all), Value::Object(more)) => all.extend(more),
        (slot, other) => *slot = other,
    }
}

/// Walks every page and merges them into one result.
pub async fn walk(
    runner: &dyn Runner,
    client: &Client,
    mut input: Map<String, Value>,
    paging: &Paging,
) -> Result<Value, CliError> {
    if let Some(size) = paging.page_size {
        input.insert(LIMIT.to_owned(), Value::from(size));
    }
    let mut current = paging
        .starting_token
        .as_deref()
        .map(decode_token)
        .unwrap_or_default();
    let primary = paging.result_keys.first().cloned();
    let mut result = Map::new();
    let mut seen = HashSet::new();
    let mut items = 0usize;
    let mut resume = None;
    let mut progress = Progress::new();
    for page_number in 0..MAX_PAGES {
        match &current.token {
            Some(token) => input.insert(TOKEN.to_owned(), Value::String(token.clone())),
            None => input.remove(TOKEN),
        };
        let page = runner.call(client, Value::Object(input.clone())).await?;
        let Value::Object(mut page) = page else {
            return Err(CliError::Other(format!(
                "{} returned something other than an object",
                runner.name()
            )));
        };
        let next = page
            .remove(TOKEN)
            .and_then(|t| t.as_str().map(str::to_owned));
        // Results already returned before a `--starting-token` are skipped.
        let skipped = current.skip;
        if skipped > 0 {
            if let Some(values) = primary.as_ref().and_then(|k| page.get_mut(k)) {
                skip_first(values, skipped);
            }
        }
        if page_number == 0 {
            for (key, value) in &page {
                if !paging.result_keys.contains(key) {
                    result.insert(key.clone(), value.clone());
                }
            }
        }
        let page_items = primary.as_ref().and_then(|k| page.get(k)).map_or(0, count);
        let mut stop = false;
        if let Some(max) = paging.max_items {
            if items + page_items > max {
                let keep = max - items;
                if let Some(values) = primary.as_ref().and_then(|k| page.get_mut(k)) {
                    keep_first(values, keep);
                }
                resume = Some(Resume {
                    token: current.token.clone(),
                    skip: skipped + keep,
                });
                stop = true;
            } else if items + page_items == max && next.is_some() {
                resume = Some(Resume {
                    token: next.clone(),
                    skip: 0,
                });
                stop = true;
            }
        }
        for key in &paging.result_keys {
            if let Some(values) = page.remove(key) {
                match result.get_mut(key) {
                    Some(existing) => merge(existing, values),
                    None => {
                        result.insert(key.clone(), values);
                    }
                }
            }
        }
        items += page_items.min(paging.max_items.map_or(usize::MAX, |m| m - items));
        progress.tick(page_number + 1, items);
        if stop {
            break;
        }
        match next {
            None => break,
            Some(token) => {
                if !seen.insert(token.clone()) {
                    return Err(CliError::Other(format!(
                        "{} returned a NextToken it had already returned; stopped paging to avoid a loop",
                        runner.name()
                    )));
                }
                current = Resume {
                    token: Some(token),
                    skip: 0,
                };
            }
        }
    }
    progress.finish();
    if let Some(resume) = resume {
        result.insert(TOKEN.to_owned(), Value::String(encode_token(&resume)));
    }
    Ok(Value::Object(result))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_round_trip_in_botocore_format() {
        let resume = Resume {
            token: Some("abc".into()),
            skip: 2,
        };
        let encoded = encode_token(&resume);
        assert_eq!(
            String::from_utf8(BASE64.decode(&encoded).unwrap()).unwrap(),
            r#"{"NextToken": "abc", "boto_truncate_amount": 2}"#
        );
        assert_eq!(decode_token(&encoded), resume);
        // A raw service token (hex here) is used as it is.
        assert_eq!(
            decode_token("5b2231222c"),
            Resume {
                token: Some("5b2231222c".into()),
                skip: 0
            }
        );
        assert_eq!(
            decode_token("tok___3"),
            Resume {
                token: Some("tok".into()),
                skip: 3
            }
        );
    }

    #[test]
    fn progress_only_for_long_walks_at_a_terminal() {
        assert!(!show_progress(true, Duration::from_millis(200)));
        assert!(!show_progress(false, Duration::from_secs(5)));
        assert!(show_progress(true, Duration::from_millis(1500)));
    }
}

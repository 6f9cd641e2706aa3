//! `--output json|text|table` and `--query`, as the AWS CLI prints results.
//!
//! - json: four-space indentation; an empty result prints nothing.
//! - text: awscli's `text.py` algorithm — one line per structure, scalars
//!   tab-separated in sorted key order, nested lists on their own lines
//!   headed by their key in capitals.
//! - table: awscli's table formatter layout — a titled box per structure,
//!   column headers for lists of structures, nested sections indented with
//!   `|`; sections too wide for the terminal turn into key/value rows.

use super::error::CliError;
use serde::Serialize;
use serde_json::ser::PrettyFormatter;
use serde_json::Value;
use std::fmt::Write as _;

/// The output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Indented JSON.
    Json,
    /// Tab-separated text.
    Text,
    /// Boxed tables.
    Table,
}

impl Format {
    /// Parses `json`, `text` or `table`.
    pub fn parse(text: &str, source: &str) -> Result<Format, CliError> {
        match text {
            "json" => Ok(Format::Json),
            "text" => Ok(Format::Text),
            "table" => Ok(Format::Table),
            other => Err(CliError::Usage(format!(
                "Invalid value {other:?} for output (from {source}): use json, text or table"
            ))),
        }
    }
}

/// Compiles a `--query` expression, so a bad one fails before any call is sent.
pub fn compile_query(expression: &str) -> Result<jmespath::Expression<'static>, CliError> {
    jmespath::compile(expression)
        .map_err(|e| CliError::Usage(format!("Bad value for --query {expression}: {e}")))
}

/// Applies a compiled `--query` to a result.
pub fn apply_query(query: &jmespath::Expression<'_>, value: &Value) -> Result<Value, CliError> {
    let result = query
        .search(value)
        .map_err(|e| CliError::Usage(format!("Bad value for --query: {e}")))?;
    serde_json::to_value(&*result)
        .map_err(|e| CliError::Other(format!("could not render the query result: {e}")))
}

/// Renders `value` in `format`; `title` (the operation name) heads tables.
pub fn render(value: &Value, format: Format, title: &str, width: usize) -> String {
    match format {
        Format::Json => json(value),
        Format::Text => text(value),
        Format::Table => table(value, title, width),
    }
}

/// Four-space-indented JSON with a trailing newline; nothing for an empty object.
pub fn json(value: &Value) -> String {
    if value.as_object().is_some_and(|o| o.is_empty()) {
        return String::new();
    }
    let mut out = Vec::new();
    let mut serializer =
        serde_json::Serializer::with_formatter(&mut out, PrettyFormatter::with_indent(b"    "));
    if value.serialize(&mut serializer).is_err() {
        return format!("{value}\n");
    }
    let mut text = String::from_utf8_lossy(&out).into_owned();
    text.push('\n');
    text
}

/// A scalar as Python's `str()` writes it, which is what the AWS CLI's text output shows.
fn scalar(value: &Value) -> String {
    match value {
        Value::Null => "None".to_owned(),
        Value::Bool(true) => "True".to_owned(),
        Value::Bool(false) => "False".to_owned(),
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        other => other.to_string(),
    }
}

fn is_scalar(value: &Value) -> bool {
    !matches!(value, Value::Array(_) | Value::Object(_))
}

/// The text format.
pub fn text(value: &Value) -> String {
    let mut out = String::new();
    text_value(value, &mut out, None, None);
    out
}

fn text_value(value: &Value, out: &mut String, identifier: Option<&str>, keys: Option<&[String]>) {
    match value {
        Value::Object(_) => text_dict(value, out, identifier, keys),
        Value::Array(items) => text_list(items, out, identifier),
        other => {
            out.push_str(&scalar(other));
            out.push('\n');
        }
    }
}

fn text_list(items: &[Value], out: &mut String, identifier: Option<&str>) {
    if items.is_empty() {
        return;
    }
    if items.iter().any(Value::is_object) {
        let keys = all_scalar_keys(items);
        for item in items {
            text_value(item, out, identifier, Some(&keys));
        }
    } else if items.iter().any(Value::is_array) {
        let (scalars, nested): (Vec<&Value>, Vec<&Value>) =
            items.iter().partition(|v| is_scalar(v));
        if !scalars.is_empty() {
            text_scalar_list(&scalars, out, identifier);
        }
        for item in nested {
            text_value(item, out, identifier, None);
        }
    } else {
        let all: Vec<&Value> = items.iter().collect();
        text_scalar_list(&all, out, identifier);
    }
}

fn text_scalar_list(items: &[&Value], out: &mut String, identifier: Option<&str>) {
    match identifier {
        Some(id) => {
            for item in items {
                let _ = writeln!(out, "{}\t{}", id.to_uppercase(), scalar(item));
            }
        }
        None => {
            let line: Vec<String> = items.iter().map(|v| scalar(v)).collect();
            out.push_str(&line.join("\t"));
            out.push('\n');
        }
    }
}

fn all_scalar_keys(items: &[Value]) -> Vec<String> {
    let mut keys: Vec<String> = items
        .iter()
        .filter_map(Value::as_object)
        .flat_map(|o| {
            o.iter()
                .filter(|(_, v)| is_scalar(v))
                .map(|(k, _)| k.clone())
        })
        .collect();
    keys.sort();
    keys.dedup();
    keys
}

fn text_dict(value: &Value, out: &mut String, identifier: Option<&str>, keys: Option<&[String]>) {
    let Some(object) = value.as_object() else {
        return;
    };
    let mut scalars = Vec::new();
    let mut nested: Vec<(&String, &Value)> = Vec::new();
    match keys {
        None => {
            let mut entries: Vec<(&String, &Value)> = object.iter().collect();
            entries.sort_by(|a, b| a.0.cmp(b.0));
            for (k, v) in entries {
                if is_scalar(v) {
                    scalars.push(scalar(v));
                } else {
                    nested.push((k, v));
                }
            }
        }
        Some(keys) => {
            for k in keys {
                scalars.push(object.get(k).map(scalar).unwrap_or_default());
            }
            let mut rest: Vec<(&String, &Value)> =
                object.iter().filter(|(k, _)| !keys.contains(k)).collect();
            rest.sort_by(|a, b| a.0.cmp(b.0));
            nested = rest;
        }
    }
    if !scalars.is_empty() {
        if let Some(id) = identifier {
            scalars.insert(0, id.to_uppercase());
        }
        out.push_str(&scalars.join("\t"));
        out.push('\n');
    }
    for (k, v) in nested {
        text_value(v, out, Some(k), None);
    }
}

/// One titled block of a table.
#[derive(Debug, Default)]
struct Section {
    title: Option<String>,
    indent: usize,
    headers: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Section {
    /// The widths of the columns' contents.
    fn column_widths(&self) -> Vec<usize> {
        let columns = self
            .rows
            .iter()
            .map(Vec::len)
            .chain(std::iter::once(self.headers.len()))
            .max()
            .unwrap_or(0);
        (0..columns)
            .map(|i| {
                self.rows
                    .iter()
                    .filter_map(|r| r.get(i))
                    .chain(self.headers.get(i))
                    .map(|c| c.chars().count())
                    .max()
                    .unwrap_or(0)
            })
            .collect()
    }

    /// The width this section needs (without indentation): cells padded by
    /// two spaces on the left and at least one on the right, plus borders.
    fn natural_width(&self) -> usize {
        let cells: usize = self.column_widths().iter().map(|w| w + 3).sum();
        let borders = self.column_widths().len() + 1;
        let title = self.title.as_ref().map_or(0, |t| t.chars().count() + 4);
        (cells + borders).max(title)
    }

    /// Key/value rows instead of one wide row per element (as the AWS CLI does when a table would not fit).
    fn make_vertical(&mut self) {
        if self.headers.is_empty() {
            return;
        }
        let headers = std::mem::take(&mut self.headers);
        let rows = std::mem::take(&mut self.rows);
        for row in rows {
            for (header, cell) in headers.iter().zip(row) {
                self.rows.push(vec![header.clone(), cell]);
            }
        }
    }
}

struct TableBuilder {
    sections: Vec<Section>,
}

impl TableBuilder {
    fn current(&mut self) -> &mut Section {
        if self.sections.is_empty() {
            self.sections.push(Section::default());
        }
        let last = self.sections.len() - 1;
        &mut self.sections[last]
    }

    fn new_section(&mut self, title: &str, indent: usize) {
        self.sections.push(Section {
            title: Some(title.to_owned()),
            indent,
            ..Section::default()
        });
    }

    fn build(&mut self, title: Option<&str>, value: &Value, indent: usize) {
        let empty = match value {
            Value::Array(a) => a.is_empty(),
            Value::Object(o) => o.is_empty(),
            Value::Null => true,
            _ => false,
        };
        if empty {
            return;
        }
        if let Some(title) = title {
            self.new_section(title, indent);
        }
        match value {
            Value::Array(items) => {
                if items.first().is_some_and(Value::is_object) {
                    self.list_of_objects(items, indent, title);
                } else {
                    for item in items {
                        match item {
                            Value::Array(inner) if inner.iter().all(is_scalar) => {
                                self.current().rows.push(inner.iter().map(scalar).collect());
                            }
                            v if is_scalar(v) => self.current().rows.push(vec![scalar(v)]),
                            other => self.build(None, other, indent),
                        }
                    }
                }
            }
            Value::Object(object) => {
                let (headers, more) = group_keys(object);
                if headers.len() == 1 {
                    let key = &headers[0];
                    let cell = object.get(key).map(scalar).unwrap_or_default();
                    self.current().rows.push(vec![key.clone(), cell]);
                } else if !headers.is_empty() {
                    let row = headers
                        .iter()
                        .map(|k| object.get(k).map(scalar).unwrap_or_default())
                        .collect();
                    let section = self.current();
                    section.headers = headers;
                    section.rows.push(row);
                }
                for key in more {
                    if let Some(v) = object.get(&key) {
                        self.build(Some(&key), v, indent + 1);
                    }
                }
            }
            other => self.current().rows.push(vec![scalar(other)]),
        }
    }

    fn list_of_objects(&mut self, items: &[Value], indent: usize, title: Option<&str>) {
        let mut headers: Vec<String> = Vec::new();
        let mut more: Vec<String> = Vec::new();
        for item in items.iter().filter_map(Value::as_object) {
            let (h, m) = group_keys(item);
            headers.extend(h);
            more.extend(m);
        }
        headers.sort();
        headers.dedup();
        more.sort();
        more.dedup();
        self.current().headers = headers.clone();
        for (i, item) in items.iter().enumerate() {
            let Some(object) = item.as_object() else {
                continue;
            };
            if i > 0 && !more.is_empty() {
                self.new_section(title.unwrap_or_default(), indent);
                self.current().headers = headers.clone();
            }
            let row = headers
                .iter()
                .map(|k| object.get(k).map(scalar).unwrap_or_default())
                .collect();
            self.current().rows.push(row);
            for key in &more {
                if let Some(v) = object.get(key) {
                    self.build(Some(key), v, indent + 1);
                }
            }
        }
    }
}

fn group_keys(object: &serde_json::Map<String, Value>) -> (Vec<String>, Vec<String>) {
    let mut headers = Vec::new();
    let mut more = Vec::new();
    for (k, v) in object {
        if is_scalar(v) {
            headers.push(k.clone());
        } else {
            more.push(k.clone());
        }
    }
    headers.sort();
    more.sort();
    (headers, more)
}

/// The table format, at most `width` columns wide where it can be.
pub fn table(value: &Value, title: &str, width: usize) -> String {
    let mut builder = TableBuilder {
        sections: Vec::new(),
    };
    match value {
        Value::Object(_) | Value::Array(_) => builder.build(Some(title), value, 0),
        scalar_value => {
            builder.new_section(title, 0);
            builder.current().rows.push(vec![scalar(scalar_value)]);
        }
    }
    let mut sections = builder.sections;
    if sections.is_empty() {
        return String::new();
    }
    for section in &mut sections {
        if section.natural_width() + section.indent * 2 > width {
            section.make_vertical();
        }
    }
    let total = sections
        .iter()
        .map(|s| s.natural_width() + s.indent * 2)
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    let _ = writeln!(out, "{}", "-".repeat(total));
    for section in &sections {
        render_section(section, total, &mut out);
    }
    out
}

/// Spreads `inner` columns of content over `available` characters: each
/// column gets its content width plus padding, and the last takes the slack.
fn layout(section: &Section, available: usize) -> Vec<usize> {
    let widths = section.column_widths();
    if widths.is_empty() {
        return vec![available];
    }
    let borders = widths.len() - 1;
    let mut cells: Vec<usize> = widths.iter().map(|w| w + 3).collect();
    let used: usize = cells.iter().sum::<usize>() + borders;
    if let Some(last) = cells.last_mut() {
        *last += available.saturating_sub(used);
    }
    cells
}

fn center(text: &str, width: usize) -> String {
    let len = text.chars().count();
    let left = width.saturating_sub(len) / 2;
    let right = width.saturating_sub(len + left);
    format!("{}{text}{}", " ".repeat(left), " ".repeat(right))
}

fn left(text: &str, width: usize) -> String {
    let padded = format!("  {text}");
    let len = padded.chars().count();
    format!("{padded}{}", " ".repeat(width.saturating_sub(len)))
}

fn render_section(section: &Section, total: usize, out: &mut String) {
    let prefix = "|".repeat(section.indent);
    let inner = total.saturating_sub(section.indent * 2 + 2);
    let line = |out: &mut String, body: String| {
        let _ = writeln!(out, "{prefix}{body}{prefix}");
    };
    let cells = layout(section, inner);
    let separator = |cells: &[usize]| {
        let parts: Vec<String> = cells.iter().map(|w| "-".repeat(*w)).collect();
        format!("+{}+", parts.join("+"))
    };
    let has_rows = !section.rows.is_empty() || !section.headers.is_empty();
    if let Some(title) = &section.title {
        line(out, format!("|{}|", center(title, inner)));
        if has_rows {
            line(out, separator(&cells));
        } else {
            line(out, format!("+{}+", "-".repeat(inner)));
        }
    }
    if !section.headers.is_empty() {
        let parts: Vec<String> = section
            .headers
            .iter()
            .zip(&cells)
            .map(|(h, w)| center(h, *w))
            .collect();
        line(out, format!("|{}|", parts.join("|")));
        line(out, separator(&cells));
    }
    for row in &section.rows {
        let parts: Vec<String> = cells
            .iter()
            .enumerate()
            .map(|(i, w)| left(row.get(i).map(String::as_str).unwrap_or(""), *w))
            .collect();
        line(out, format!("|{}|", parts.join("|")));
    }
    if !section.rows.is_empty() {
        line(out, separator(&cells));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn json_is_indented_by_four_and_empty_prints_nothing() {
        assert_eq!(
            json(&json!({"A": [1]})),
            "{\n    \"A\": [\n        1\n    ]\n}\n"
        );
        assert_eq!(json(&json!({})), "");
        assert_eq!(json(&json!(null)), "null\n");
    }

    #[test]
    fn text_follows_awscli() {
        let value = json!({
            "MemberDetails": [
                {"AccountId": "2", "Status": "INVITED", "Ingest": {"CORE": "STARTED"}},
                {"AccountId": "3", "Status": "ENABLED", "Extra": true}
            ],
            "NextToken": "t"
        });
        assert_eq!(
            text(&value),
            "t\nMEMBERDETAILS\t2\t\tINVITED\nINGEST\tSTARTED\nMEMBERDETAILS\t3\tTrue\tENABLED\n"
        );
        assert_eq!(text(&json!(["a", "b"])), "a\tb\n");
        assert_eq!(text(&json!({"Ids": ["a", "b"]})), "IDS\ta\nIDS\tb\n");
    }

    #[test]
    fn table_has_a_title_headers_and_rows() {
        let value = json!({"GraphList": [{"Arn": "arn:1", "CreatedTime": "t1"}, {"Arn": "arn:2", "CreatedTime": "t2"}]});
        let rendered = table(&value, "ListGraphs", 200);
        let lines: Vec<&str> = rendered.lines().collect();
        assert!(lines[0].chars().all(|c| c == '-'), "{rendered}");
        assert!(lines[1].contains("ListGraphs"), "{rendered}");
        assert!(rendered.contains("||  arn:1"), "{rendered}");
        assert!(rendered.contains("CreatedTime"), "{rendered}");
        let width = lines[0].len();
        assert!(
            lines.iter().all(|l| l.chars().count() == width),
            "{rendered}"
        );
    }

    #[test]
    fn wide_tables_turn_vertical() {
        let value = json!({"Members": [{"A": "x".repeat(50), "B": "y".repeat(50)}]});
        let rendered = table(&value, "Op", 80);
        assert!(rendered.contains("||  A "), "{rendered}");
        assert!(rendered.contains("||  B "), "{rendered}");
    }

    #[test]
    fn queries_select() {
        let q = compile_query("GraphList[].Arn").unwrap();
        let got = apply_query(&q, &json!({"GraphList": [{"Arn": "a"}, {"Arn": "b"}]})).unwrap();
        assert_eq!(got, json!(["a", "b"]));
        assert!(compile_query("GraphList[").is_err());
    }
}

//! The AWS CLI's shorthand syntax: `AccountId=111111111111,EmailAddress=a@example.com`.
//!
//! The grammar is the one `awscli/shorthand.py` implements:
//!
//! ```text
//! parameter     = keyval *("," keyval)
//! keyval        = key "=" [values]
//! values        = csv-list / explicit-list / hash-literal
//! csv-list      = value *("," value)      ; `a=b,c` is a=[b, c]; `a=b,c=d` is two keys
//! explicit-list = "[" [value *("," value)] "]"
//! hash-literal  = "{" keyval *("," keyval) "}"
//! value         = 'single quoted' / "double quoted" / unquoted
//! ```
//!
//! Every value comes out as a JSON string (or list/object of them); the
//! caller converts strings to the numbers and booleans the model asks for,
//! as the AWS CLI does.

use serde_json::{Map, Value};
use std::fmt;

/// Why a shorthand value could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShorthandError {
    /// What was expected.
    pub message: String,
    /// The character position where parsing stopped.
    pub position: usize,
}

impl fmt::Display for ShorthandError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} (at character {} of the shorthand value)",
            self.message,
            self.position + 1
        )
    }
}

impl std::error::Error for ShorthandError {}

/// Parses `key=value,key2=value2` into a JSON object.
pub fn parse(input: &str) -> Result<Value, ShorthandError> {
    let mut parser = Parser {
        chars: input.chars().collect(),
        pos: 0,
    };
    let object = parser.keyvals(None)?;
    parser.skip_whitespace();
    if parser.pos < parser.chars.len() {
        return Err(parser.error("expected ',' or the end of the value"));
    }
    Ok(Value::Object(object))
}

struct Parser {
    chars: Vec<char>,
    pos: usize,
}

fn is_key_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | '#' | '/' | ':')
}

impl Parser {
    fn error(&self, message: &str) -> ShorthandError {
        ShorthandError {
            message: message.to_owned(),
            position: self.pos,
        }
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn skip_whitespace(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.pos += 1;
        }
    }

    /// `keyval *("," keyval)`, up to `close` (inside a hash literal) or the end.
    fn keyvals(&mut self, close: Option<char>) -> Result<Map<String, Value>, ShorthandError> {
        let mut object = Map::new();
        loop {
            self.skip_whitespace();
            let key = self.key()?;
            self.skip_whitespace();
            if self.peek() != Some('=') {
                return Err(self.error(&format!("expected '=' after the key {key:?}")));
            }
            self.pos += 1;
            self.skip_whitespace();
            let value = self.values(close)?;
            object.insert(key, value);
            self.skip_whitespace();
            match self.peek() {
                Some(',') => self.pos += 1,
                _ => return Ok(object),
            }
        }
    }

    fn key(&mut self) -> Result<String, ShorthandError> {
        let start = self.pos;
        while self.peek().is_some_and(is_key_char) {
            self.pos += 1;
        }
        if start == self.pos {
            return Err(self.error("expected a key (letters, digits, '-', '_', '.', ':', '/')"));
        }
        Ok(self.chars[start..self.pos].iter().collect())
    }

    /// What follows `key=`: a list, a hash, or one or more comma-separated values.
    fn values(&mut self, close: Option<char>) -> Result<Value, ShorthandError> {
        match self.peek() {
            None => Ok(Value::String(String::new())),
            Some('[') => self.explicit_list(),
            Some('{') => self.hash_literal(),
            Some(',') => Ok(Value::String(String::new())),
            Some(c) if Some(c) == close => Ok(Value::String(String::new())),
            Some(_) => self.csv_list(close),
        }
    }

    /// `a=b` is the string `b`; `a=b,c` is the list `[b, c]`; `a=b,c=d` stops before `c`.
    fn csv_list(&mut self, close: Option<char>) -> Result<Value, ShorthandError> {
        let first = self.scalar(close, true)?;
        let mut items = vec![first];
        loop {
            let save = self.pos;
            self.skip_whitespace();
            if self.peek() != Some(',') {
                self.pos = save;
                break;
            }
            self.pos += 1;
            self.skip_whitespace();
            // A following `key=` belongs to the enclosing key-value list.
            let key_start = self.pos;
            while self.peek().is_some_and(is_key_char) {
                self.pos += 1;
            }
            let after_key = self.pos;
            self.skip_whitespace();
            let is_key = after_key > key_start && self.peek() == Some('=');
            self.pos = key_start;
            if is_key || self.peek().is_none() || self.peek() == close {
                self.pos = save;
                break;
            }
            items.push(self.scalar(close, false)?);
        }
        if items.len() == 1 {
            Ok(items.remove(0))
        } else {
            Ok(Value::Array(items))
        }
    }

    fn explicit_list(&mut self) -> Result<Value, ShorthandError> {
        self.pos += 1; // '['
        let mut items = Vec::new();
        self.skip_whitespace();
        if self.peek() == Some(']') {
            self.pos += 1;
            return Ok(Value::Array(items));
        }
        loop {
            self.skip_whitespace();
            let item = match self.peek() {
                Some('[') => self.explicit_list()?,
                Some('{') => self.hash_literal()?,
                _ => self.scalar(Some(']'), true)?,
            };
            items.push(item);
            self.skip_whitespace();
            match self.peek() {
                Some(',') => self.pos += 1,
                Some(']') => {
                    self.pos += 1;
                    return Ok(Value::Array(items));
                }
                _ => return Err(self.error("expected ',' or ']' in a list")),
            }
        }
    }

    fn hash_literal(&mut self) -> Result<Value, ShorthandError> {
        self.pos += 1; // '{'
        self.skip_whitespace();
        if self.peek() == Some('}') {
            self.pos += 1;
            return Ok(Value::Object(Map::new()));
        }
        let object = self.keyvals(Some('}'))?;
        self.skip_whitespace();
        if self.peek() != Some('}') {
            return Err(self.error("expected '}' to close the {...} value"));
        }
        self.pos += 1;
        Ok(Value::Object(object))
    }

    /// One value: quoted, or unquoted up to `,`, the closing bracket, or (after
    /// the first value of a csv-list) `=`. A backslash escapes the next character.
    fn scalar(&mut self, close: Option<char>, first: bool) -> Result<Value, ShorthandError> {
        match self.peek() {
            Some(quote @ ('\'' | '"')) => return self.quoted(quote),
            Some(c) if c == ',' || Some(c) == close => return Ok(Value::String(String::new())),
            _ => {}
        }
        let mut value = String::new();
        while let Some(c) = self.peek() {
            if c == ',' || Some(c) == close || (!first && c == '=') {
                break;
            }
            if close.is_none() && first && (c == ']' || c == '}') && value.is_empty() {
                return Err(self.error("unexpected closing bracket"));
            }
            self.pos += 1;
            if c == '\\' {
                match self.peek() {
                    Some(escaped) => {
                        value.push(escaped);
                        self.pos += 1;
                    }
                    None => value.push('\\'),
                }
            } else {
                value.push(c);
            }
        }
        if !first && self.peek() == Some('=') {
            return Err(self.error("unexpected '=' in a list value"));
        }
        Ok(Value::String(value.trim_end().to_owned()))
    }

    fn quoted(&mut self, quote: char) -> Result<Value, ShorthandError> {
        let start = self.pos;
        self.pos += 1;
        let mut value = String::new();
        loop {
            match self.peek() {
                None => {
                    self.pos = start;
                    return Err(self.error(&format!("unterminated {quote}quoted{quote} value")));
                }
                Some('\\') if self.chars.get(self.pos + 1) == Some(&quote) => {
                    value.push(quote);
                    self.pos += 2;
                }
                Some(c) if c == quote => {
                    self.pos += 1;
                    return Ok(Value::String(value));
                }
                Some(c) => {
                    value.push(c);
                    self.pos += 1;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn key_value_pairs() {
        assert_eq!(
            parse("AccountId=111111111111,EmailAddress=a+b@example.com").unwrap(),
            json!({"AccountId": "111111111111", "EmailAddress": "a+b@example.com"})
        );
    }

    #[test]
    fn csv_lists_and_their_end_at_the_next_key() {
        assert_eq!(
            parse("a=b,c,d=e").unwrap(),
            json!({"a": ["b", "c"], "d": "e"})
        );
        assert_eq!(parse("a=b,c").unwrap(), json!({"a": ["b", "c"]}));
    }

    #[test]
    fn explicit_lists_and_hashes() {
        assert_eq!(
            parse("a=[1,2],b={c=d,e=[f]},g=[]").unwrap(),
            json!({"a": ["1", "2"], "b": {"c": "d", "e": ["f"]}, "g": []})
        );
    }

    #[test]
    fn quotes_keep_commas_and_escapes_work() {
        assert_eq!(
            parse(r#"m='hello, world',n="say \"hi\"",o=x\,y"#).unwrap(),
            json!({"m": "hello, world", "n": "say \"hi\"", "o": "x,y"})
        );
    }

    #[test]
    fn first_values_may_contain_equals_signs_and_spaces() {
        assert_eq!(
            parse("Message=a=b c ,K=").unwrap(),
            json!({"Message": "a=b c", "K": ""})
        );
    }

    #[test]
    fn errors_say_where() {
        let err = parse("AccountId").unwrap_err();
        assert!(err.message.contains("expected '='"), "{err}");
        let err = parse("a=[1,2").unwrap_err();
        assert!(err.message.contains("']'"), "{err}");
        let err = parse("a='open").unwrap_err();
        assert!(err.message.contains("unterminated"), "{err}");
        assert!(parse("=x").is_err());
    }
}

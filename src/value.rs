//! A small JSON-like value that every entry point reads its input from.
//!
//! Why not `serde_json::Value`: it turns NaN into null, so a NaN typed into a
//! cell would look like a blank one. This value keeps NaN and the
//! infinities, so they are reported as `not-finite`, and it limits nesting
//! depth while it is built, so a cyclic or absurdly deep JS object gives a
//! `limit-exceeded` error instead of exhausting the stack.

use crate::error::{Error, ErrorCode, Result};
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};

/// Deepest nesting accepted in any input (objects and lists count).
pub const MAX_DEPTH: usize = 32;
/// Longest text inside an input (a field value, a key, a label).
pub const MAX_STRING_BYTES: usize = 65_536;
/// Longest text given as a whole argument (JSON text of a list of records).
pub const MAX_TEXT_BYTES: usize = 256 * 1024 * 1024;
/// Most items in any list.
pub const MAX_LIST_ITEMS: usize = 1_000_000;
/// Most fields in any object.
pub const MAX_OBJECT_FIELDS: usize = 4_096;

#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Number(f64),
    String(String),
    Array(Vec<Value>),
    /// Keys in the order given; lookups are linear, inputs are small.
    Object(Vec<(String, Value)>),
}

impl Value {
    /// Looks a key up in an object; `None` for other types or absent keys.
    pub fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Object(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The name of the type, for error messages.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Number(_) => "a number",
            Value::String(_) => "text",
            Value::Array(_) => "a list",
            Value::Object(_) => "an object",
        }
    }

    /// Null, or text that is empty once trimmed: what a blank cell sends.
    pub fn is_blank(&self) -> bool {
        match self {
            Value::Null => true,
            Value::String(s) => s.trim().is_empty(),
            _ => false,
        }
    }
}

/// Parses JSON text into a [`Value`]; a syntax error is `invalid-json` at
/// `path`, a size limit `limit-exceeded` at the path of the field at fault.
pub fn parse_json(text: &str, path: &str) -> Result<Value> {
    if text.len() > MAX_TEXT_BYTES {
        return Err(Error::new(
            ErrorCode::LimitExceeded,
            path,
            format!(
                "the text is {} bytes; the limit is {MAX_TEXT_BYTES}",
                text.len()
            ),
        ));
    }
    let mut p = Parser::new(text, false, path);
    // The parsed value is nested text, so even a top-level string gets the
    // field limit.
    let value = p.value(&Path::Root(path), 0, MAX_STRING_BYTES)?;
    p.end()?;
    Ok(value)
}

/// Parses the argument text the JS wrapper sends over the wasm boundary:
/// a JSON array with one item per argument, in which NaN, Infinity and
/// -Infinity may appear as bare tokens (JSON has no spelling for them, and
/// they must stay distinct from a blank). Argument `i` is reported under
/// `names[i]`; a whole argument may be text up to [`MAX_TEXT_BYTES`] (the
/// JSON text of a list of records, say), text inside it up to
/// [`MAX_STRING_BYTES`]. Missing arguments are null, as `undefined` is.
pub fn parse_args(text: &str, names: &[&str]) -> Result<Vec<Value>> {
    let mut p = Parser::new(text, true, "");
    p.ws();
    p.expect(b'[')?;
    let mut args = Vec::with_capacity(names.len());
    p.ws();
    if p.peek() == Some(b']') {
        p.pos = p.pos.saturating_add(1);
    } else {
        loop {
            let name = names.get(args.len()).copied().unwrap_or("");
            p.root = name;
            args.push(p.value(&Path::Root(name), 0, MAX_TEXT_BYTES)?);
            p.ws();
            match p.next() {
                Some(b',') => {}
                Some(b']') => break,
                _ => return Err(p.syntax("expected ',' or ']'")),
            }
        }
    }
    p.end()?;
    while args.len() < names.len() {
        args.push(Value::Null);
    }
    Ok(args)
}

/// Parses one value written in the boundary's wire text (see
/// [`parse_args`]), reported under `path`.
pub fn parse_wire(text: &str, path: &str) -> Result<Value> {
    let mut p = Parser::new(text, true, path);
    let value = p.value(&Path::Root(path), 0, MAX_TEXT_BYTES)?;
    p.end()?;
    Ok(value)
}

/// The core's limit on one text inside an input (a field value, a key, a
/// label, a short argument such as a stage or an amount): `limit-exceeded`
/// at `path` past [`MAX_STRING_BYTES`], as [`parse_json`] gives for the same
/// text. Public so that readers which do not build a [`Value`] (the
/// ClickHouse UDF reads flat records and text arguments in place) refuse
/// exactly what the core refuses, before copying anything.
pub fn check_field_text(len: usize, path: &str) -> Result<()> {
    if len > MAX_STRING_BYTES {
        Err(Error::new(
            ErrorCode::LimitExceeded,
            path,
            format!("a text of {len} bytes is over the limit of {MAX_STRING_BYTES}"),
        ))
    } else {
        Ok(())
    }
}

/// The core's limit on the width of one object: `limit-exceeded` at `path`
/// when a key arrives after [`MAX_OBJECT_FIELDS`] fields, or a key is over
/// [`MAX_STRING_BYTES`]; the same rule and message as [`parse_json`].
pub fn check_object_key(fields_before: usize, key_len: usize, path: &str) -> Result<()> {
    if key_len > MAX_STRING_BYTES || fields_before >= MAX_OBJECT_FIELDS {
        Err(Error::new(
            ErrorCode::LimitExceeded,
            path,
            format!(
                "an object has more than {MAX_OBJECT_FIELDS} fields or a key over {MAX_STRING_BYTES} bytes"
            ),
        ))
    } else {
        Ok(())
    }
}

/// Where a value sits, built into a string only when an error names it.
enum Path<'a> {
    Root(&'a str),
    Key(&'a Path<'a>, &'a str),
    Index(&'a Path<'a>, usize),
}

impl Path<'_> {
    fn render(&self) -> String {
        match self {
            Path::Root(name) => (*name).to_string(),
            Path::Key(parent, key) => crate::error::join(&parent.render(), key),
            Path::Index(parent, i) => crate::error::index(&parent.render(), *i),
        }
    }
}

/// A strict JSON reader (RFC 8259) that builds [`Value`] directly and
/// holds every input to the limits above. Recursion is bounded by
/// [`MAX_DEPTH`], so a deep or cyclic input cannot exhaust the stack.
struct Parser<'t> {
    text: &'t str,
    pos: usize,
    /// The boundary's dialect: NaN and the infinities as bare tokens.
    non_finite: bool,
    /// The path of the whole text, where a syntax error is reported.
    root: &'t str,
}

impl<'t> Parser<'t> {
    fn new(text: &'t str, non_finite: bool, root: &'t str) -> Self {
        Parser {
            text,
            pos: 0,
            non_finite,
            root,
        }
    }

    fn bytes(&self) -> &'t [u8] {
        self.text.as_bytes()
    }

    fn peek(&self) -> Option<u8> {
        self.bytes().get(self.pos).copied()
    }

    fn next(&mut self) -> Option<u8> {
        let b = self.peek();
        if b.is_some() {
            self.pos = self.pos.saturating_add(1);
        }
        b
    }

    fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos = self.pos.saturating_add(1);
        }
    }

    /// `invalid-json` at the path of the whole text (the argument it came in).
    fn syntax(&self, what: &str) -> Error {
        let before = self.bytes().get(..self.pos).unwrap_or_default();
        let line = before
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            .saturating_add(1);
        let column = before
            .iter()
            .rev()
            .take_while(|&&b| b != b'\n')
            .count()
            .saturating_add(1);
        Error::new(
            ErrorCode::InvalidJson,
            self.root,
            format!("the JSON does not parse: {what} at line {line} column {column}"),
        )
    }

    fn expect(&mut self, b: u8) -> Result<()> {
        if self.next() == Some(b) {
            Ok(())
        } else {
            Err(self.syntax(&format!("expected '{}'", char::from(b))))
        }
    }

    fn end(&mut self) -> Result<()> {
        self.ws();
        if self.pos < self.text.len() {
            Err(self.syntax("trailing characters"))
        } else {
            Ok(())
        }
    }

    fn word(&mut self, word: &str) -> bool {
        let fits = self
            .text
            .get(self.pos..)
            .is_some_and(|rest| rest.starts_with(word));
        if fits {
            self.pos = self.pos.saturating_add(word.len());
        }
        fits
    }

    /// One value at `path`, `depth` containers deep; text in it up to `limit` bytes.
    fn value(&mut self, path: &Path<'_>, depth: usize, limit: usize) -> Result<Value> {
        self.ws();
        match self.peek() {
            Some(b'{') => self.object(path, depth),
            Some(b'[') => self.array(path, depth),
            Some(b'"') => match self.string(limit)? {
                Ok(text) => Ok(Value::String(text)),
                Err(len) => Err(Error::new(
                    ErrorCode::LimitExceeded,
                    path.render(),
                    format!("a text of {len} bytes is over the limit of {limit}"),
                )),
            },
            Some(b't') if self.word("true") => Ok(Value::Bool(true)),
            Some(b'f') if self.word("false") => Ok(Value::Bool(false)),
            Some(b'n') if self.word("null") => Ok(Value::Null),
            Some(b'N') if self.non_finite && self.word("NaN") => Ok(Value::Number(f64::NAN)),
            Some(b'I') if self.non_finite && self.word("Infinity") => {
                Ok(Value::Number(f64::INFINITY))
            }
            Some(b'-') if self.non_finite && self.word("-Infinity") => {
                Ok(Value::Number(f64::NEG_INFINITY))
            }
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(b'!') if self.non_finite => Err(self.refused(path)),
            _ => Err(self.syntax("expected a value")),
        }
    }

    /// The boundary's `!kind` token: a JS value that is not plain data
    /// (a BigInt, a symbol, a function, a Date, a Map, a class instance...),
    /// which the wrapper names instead of guessing at a reading of it.
    fn refused(&mut self, path: &Path<'_>) -> Error {
        self.pos = self.pos.saturating_add(1);
        let from = self.pos;
        while matches!(
            self.peek(),
            Some(b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'_' | b'$')
        ) {
            self.pos = self.pos.saturating_add(1);
        }
        let kind = self.text.get(from..self.pos).unwrap_or_default();
        let message = if kind == "bigint" {
            "a BigInt is refused: give an exact amount as a decimal string".to_string()
        } else {
            format!(
                "{} is not plain data: give null, a boolean, a number, text, a list or a plain object",
                crate::error::quote(kind)
            )
        };
        Error::new(ErrorCode::InvalidType, path.render(), message)
    }

    /// Nesting is a property of the whole input, so its limit is reported
    /// at the input's root.
    fn deeper(&self, depth: usize) -> Result<usize> {
        let next = depth.saturating_add(1);
        if next > MAX_DEPTH {
            Err(Error::new(
                ErrorCode::LimitExceeded,
                self.root,
                format!("input nested deeper than {MAX_DEPTH} levels"),
            ))
        } else {
            Ok(next)
        }
    }

    fn array(&mut self, path: &Path<'_>, depth: usize) -> Result<Value> {
        let depth = self.deeper(depth)?;
        self.pos = self.pos.saturating_add(1);
        let mut items = Vec::new();
        self.ws();
        if self.peek() == Some(b']') {
            self.pos = self.pos.saturating_add(1);
            return Ok(Value::Array(items));
        }
        loop {
            if items.len() >= MAX_LIST_ITEMS {
                // Named by the first item past the limit (`deals[1000000]`),
                // so a host can say which row of its file that is.
                return Err(Error::new(
                    ErrorCode::LimitExceeded,
                    Path::Index(path, items.len()).render(),
                    format!("a list holds more than {MAX_LIST_ITEMS} items"),
                ));
            }
            let item = self.value(&Path::Index(path, items.len()), depth, MAX_STRING_BYTES)?;
            items.push(item);
            self.ws();
            match self.next() {
                Some(b',') => {}
                Some(b']') => return Ok(Value::Array(items)),
                _ => return Err(self.syntax("expected ',' or ']'")),
            }
        }
    }

    fn object(&mut self, path: &Path<'_>, depth: usize) -> Result<Value> {
        let depth = self.deeper(depth)?;
        self.pos = self.pos.saturating_add(1);
        let mut entries: Vec<(String, Value)> = Vec::new();
        self.ws();
        if self.peek() == Some(b'}') {
            self.pos = self.pos.saturating_add(1);
            return Ok(Value::Object(entries));
        }
        loop {
            self.ws();
            if self.peek() != Some(b'"') {
                return Err(self.syntax("expected a key in double quotes"));
            }
            let key = match self.string(MAX_STRING_BYTES)? {
                Ok(k) if entries.len() < MAX_OBJECT_FIELDS => k,
                _ => {
                    return Err(Error::new(
                        ErrorCode::LimitExceeded,
                        path.render(),
                        format!("an object has more than {MAX_OBJECT_FIELDS} fields or a key over {MAX_STRING_BYTES} bytes"),
                    ))
                }
            };
            self.ws();
            if self.next() != Some(b':') {
                return Err(self.syntax("expected ':'"));
            }
            let value = self.value(&Path::Key(path, &key), depth, MAX_STRING_BYTES)?;
            // A key may repeat; the last one wins, as in JSON.parse.
            if let Some(slot) = entries.iter_mut().find(|(k, _)| *k == key) {
                slot.1 = value;
            } else {
                entries.push((key, value));
            }
            self.ws();
            match self.next() {
                Some(b',') => {}
                Some(b'}') => return Ok(Value::Object(entries)),
                _ => return Err(self.syntax("expected ',' or '}'")),
            }
        }
    }

    fn number(&mut self) -> Result<Value> {
        let start = self.pos;
        let digits = |p: &mut Self| {
            let from = p.pos;
            while matches!(p.peek(), Some(b'0'..=b'9')) {
                p.pos = p.pos.saturating_add(1);
            }
            p.pos > from
        };
        if self.peek() == Some(b'-') {
            self.pos = self.pos.saturating_add(1);
        }
        let lead_zero = self.peek() == Some(b'0');
        let int_start = self.pos;
        let mut ok = digits(self) && !(lead_zero && self.pos > int_start.saturating_add(1));
        if ok && self.peek() == Some(b'.') {
            self.pos = self.pos.saturating_add(1);
            ok = digits(self);
        }
        if ok && matches!(self.peek(), Some(b'e' | b'E')) {
            self.pos = self.pos.saturating_add(1);
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.pos = self.pos.saturating_add(1);
            }
            ok = digits(self);
        }
        let n = self
            .text
            .get(start..self.pos)
            .filter(|_| ok)
            .and_then(crate::num::parse_f64);
        match n {
            Some(n) if n.is_finite() => Ok(Value::Number(n)),
            Some(_) => Err(self.syntax("a number out of range")),
            None => Err(self.syntax("an invalid number")),
        }
    }

    /// A string at the cursor (on its opening quote), unescaped. A string
    /// whose text passes `limit` bytes is read to its end but not copied
    /// (a 100 MB value must not be allocated to be found too long):
    /// `Err(bytes)` then says how long it was.
    fn string(&mut self, limit: usize) -> Result<std::result::Result<String, usize>> {
        self.pos = self.pos.saturating_add(1);
        let bytes = self.bytes();
        // The common case: no escape before the closing quote.
        let run = bytes
            .get(self.pos..)
            .unwrap_or_default()
            .iter()
            .position(|&b| b == b'"' || b == b'\\' || b < 0x20);
        let mut out = String::new();
        let mut len = 0usize;
        let mut from = self.pos;
        let mut at = match run {
            Some(n) => self.pos.saturating_add(n),
            None => return Err(self.syntax("an unterminated string")),
        };
        let mut keep = |out: &mut String, piece: &str| {
            len = len.saturating_add(piece.len());
            if len <= limit {
                out.push_str(piece);
            } else if !out.is_empty() {
                *out = String::new();
            }
        };
        loop {
            match bytes.get(at).copied() {
                Some(b'"') => {
                    keep(&mut out, self.text.get(from..at).unwrap_or_default());
                    self.pos = at.saturating_add(1);
                    return Ok(if len > limit { Err(len) } else { Ok(out) });
                }
                Some(b'\\') => {
                    keep(&mut out, self.text.get(from..at).unwrap_or_default());
                    self.pos = at.saturating_add(1);
                    let mut one = String::new();
                    self.escape(&mut one)?;
                    keep(&mut out, &one);
                    from = self.pos;
                    at = self.pos;
                }
                Some(b) if b >= 0x20 => at = at.saturating_add(1),
                Some(_) => {
                    self.pos = at;
                    return Err(self.syntax("a control character in a string"));
                }
                None => {
                    self.pos = at;
                    return Err(self.syntax("an unterminated string"));
                }
            }
        }
    }

    fn hex4(&mut self) -> Result<u32> {
        let code = self
            .text
            .get(self.pos..self.pos.saturating_add(4))
            .filter(|h| h.bytes().all(|b| b.is_ascii_hexdigit()))
            .and_then(|h| u32::from_str_radix(h, 16).ok());
        match code {
            Some(c) => {
                self.pos = self.pos.saturating_add(4);
                Ok(c)
            }
            None => Err(self.syntax("a bad \\u escape")),
        }
    }

    fn escape(&mut self, out: &mut String) -> Result<()> {
        let c = match self.next() {
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => {
                let hi = self.hex4()?;
                let code = if (0xD800..0xDC00).contains(&hi) && self.word("\\u") {
                    let lo = self.hex4()?;
                    if (0xDC00..0xE000).contains(&lo) {
                        0x10000u32
                            .saturating_add((hi.saturating_sub(0xD800)) << 10)
                            .saturating_add(lo.saturating_sub(0xDC00))
                    } else {
                        // A lone surrogate, then another escape: both are
                        // replaced, as JS's TextEncoder does.
                        out.push(char::REPLACEMENT_CHARACTER);
                        lo
                    }
                } else {
                    hi
                };
                // A lone surrogate becomes U+FFFD, as it does when JS text
                // is encoded as UTF-8.
                char::from_u32(code).unwrap_or(char::REPLACEMENT_CHARACTER)
            }
            _ => return Err(self.syntax("a bad escape")),
        };
        out.push(c);
        Ok(())
    }
}

impl Serialize for Value {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        match self {
            Value::Null => s.serialize_unit(),
            Value::Bool(b) => s.serialize_bool(*b),
            Value::Number(n) => s.serialize_f64(*n),
            Value::String(t) => s.serialize_str(t),
            Value::Array(items) => {
                let mut seq = s.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Value::Object(entries) => {
                let mut map = s.serialize_map(Some(entries.len()))?;
                for (k, v) in entries {
                    map.serialize_entry(k, v)?;
                }
                map.end()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_json_and_keeps_order() {
        let v = parse_json(r#"{"b": 1, "a": [true, null, "x"]}"#, "").unwrap();
        match &v {
            Value::Object(e) => assert_eq!(e[0].0, "b"),
            _ => panic!("not an object"),
        }
        assert_eq!(v.get("b"), Some(&Value::Number(1.0)));
    }

    #[test]
    fn malformed_json_is_invalid_json() {
        let e = parse_json("{\"a\": ", "profile").unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidJson);
        assert_eq!(e.path, "profile");
        assert_eq!(
            parse_json("{} x", "").unwrap_err().code,
            ErrorCode::InvalidJson
        );
    }

    #[test]
    fn deep_nesting_is_limited() {
        let text = "[".repeat(100) + &"]".repeat(100);
        assert_eq!(
            parse_json(&text, "").unwrap_err().code,
            ErrorCode::LimitExceeded
        );
        let ok = "[".repeat(MAX_DEPTH) + &"]".repeat(MAX_DEPTH);
        assert!(parse_json(&ok, "").is_ok());
        let over = "[".repeat(MAX_DEPTH + 1) + &"]".repeat(MAX_DEPTH + 1);
        assert_eq!(
            parse_json(&over, "").unwrap_err().code,
            ErrorCode::LimitExceeded
        );
    }

    #[test]
    fn long_text_and_wide_objects_are_limited() {
        let long = format!("{{\"a\": \"{}\"}}", "x".repeat(MAX_STRING_BYTES + 1));
        let e = parse_json(&long, "record").unwrap_err();
        assert_eq!(
            (e.code, e.path.as_str()),
            (ErrorCode::LimitExceeded, "record.a")
        );
        assert!(e.message.contains("65536"), "{}", e.message);
        let fits = format!("{{\"a\": \"{}\"}}", "x".repeat(MAX_STRING_BYTES));
        assert!(parse_json(&fits, "").is_ok());
        let wide = format!(
            "{{{}}}",
            (0..=MAX_OBJECT_FIELDS)
                .map(|i| format!("\"k{i}\": 1"))
                .collect::<Vec<_>>()
                .join(",")
        );
        assert_eq!(
            parse_json(&wide, "").unwrap_err().code,
            ErrorCode::LimitExceeded
        );
    }

    #[test]
    fn the_public_limit_checks_agree_with_the_parser() {
        let long_key = format!("{{\"{}\": 1}}", "k".repeat(MAX_STRING_BYTES + 1));
        let e = parse_json(&long_key, "record").unwrap_err();
        assert_eq!(e.code, ErrorCode::LimitExceeded);
        assert_eq!(
            check_object_key(0, MAX_STRING_BYTES + 1, "record")
                .unwrap_err()
                .code,
            ErrorCode::LimitExceeded
        );
        assert!(check_object_key(MAX_OBJECT_FIELDS - 1, MAX_STRING_BYTES, "r").is_ok());
        assert!(check_object_key(MAX_OBJECT_FIELDS, 1, "r").is_err());
        assert!(check_field_text(MAX_STRING_BYTES, "a").is_ok());
        let e = check_field_text(MAX_STRING_BYTES + 1, "amount").unwrap_err();
        assert_eq!(
            (e.code, e.path.as_str()),
            (ErrorCode::LimitExceeded, "amount")
        );
        let long = format!("{{\"a\": \"{}\"}}", "x".repeat(MAX_STRING_BYTES + 1));
        assert!(parse_json(&long, "record")
            .unwrap_err()
            .message
            .starts_with(
                &check_field_text(MAX_STRING_BYTES + 1, "record")
                    .unwrap_err()
                    .message
            ));
    }
}

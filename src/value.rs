//! A small JSON-like value that every entry point reads its input from.
//!
//! Why not `serde_json::Value`: it turns NaN into null, so a NaN typed into a
//! cell would look like a blank one. This value keeps NaN and the
//! infinities, so they are reported as `not-finite`, and it limits nesting
//! depth while it is built, so a cyclic or absurdly deep JS object gives a
//! `limit-exceeded` error instead of exhausting the stack.

use crate::error::{Error, ErrorCode, Result};
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
use std::fmt;

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

/// Marks a serde error as a size limit, so it maps to `limit-exceeded`.
const LIMIT_MARK: &str = "limit-exceeded: ";
const DEPTH_MESSAGE: &str = "limit-exceeded: input nested deeper than 32 levels";

fn limit_error(text: &str, path: &str) -> Option<Error> {
    text.find(LIMIT_MARK).map(|at| {
        let message = text
            .get(at.saturating_add(LIMIT_MARK.len())..)
            .unwrap_or(text);
        Error::new(ErrorCode::LimitExceeded, path, message)
    })
}

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

/// Parses JSON text into a [`Value`]; errors are `invalid-json` at `path`.
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
    let mut de = serde_json::Deserializer::from_str(text);
    // serde_json stops at 128 levels itself; ours stops at MAX_DEPTH first.
    // The parsed value is nested text, so its strings get the field limit.
    let value = ValueSeed {
        depth: 0,
        nested: true,
    }
    .deserialize(&mut de)
    .map_err(|e| {
        let text = e.to_string();
        limit_error(&text, path).unwrap_or_else(|| {
            Error::new(
                ErrorCode::InvalidJson,
                path,
                format!("the JSON does not parse: {text}"),
            )
        })
    })?;
    de.end().map_err(|e| {
        Error::new(
            ErrorCode::InvalidJson,
            path,
            format!("the JSON does not parse: {e}"),
        )
    })?;
    Ok(value)
}

/// Builds a [`Value`] from any serde deserializer (serde-wasm-bindgen in the
/// boundary). A type the value cannot hold (a JS symbol or function, say) is
/// `invalid-type` at `path`.
pub fn from_deserializer<'de, D: Deserializer<'de>>(de: D, path: &str) -> Result<Value> {
    ValueSeed {
        depth: 0,
        nested: false,
    }
    .deserialize(de)
    .map_err(|e| {
        let text = e.to_string();
        limit_error(&text, path).unwrap_or_else(|| {
            Error::new(
                ErrorCode::InvalidType,
                path,
                format!("the input is not plain data: {text}"),
            )
        })
    })
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

/// A key, refused by length before it is copied (a 100 MB key must not be
/// allocated to be found too long).
struct KeySeed;

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = String;
    fn deserialize<D: Deserializer<'de>>(self, de: D) -> std::result::Result<String, D::Error> {
        de.deserialize_string(KeyVisitor)
    }
}

struct KeyVisitor;

impl<'de> Visitor<'de> for KeyVisitor {
    type Value = String;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a key")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> std::result::Result<String, E> {
        if v.len() > MAX_STRING_BYTES {
            return Err(E::custom(format!(
                "{LIMIT_MARK}an object has more than {MAX_OBJECT_FIELDS} fields or a key over {MAX_STRING_BYTES} bytes"
            )));
        }
        Ok(v.to_string())
    }
}

struct ValueSeed {
    depth: usize,
    /// True inside JSON text: even a top-level string is a field value.
    nested: bool,
}

impl<'de> DeserializeSeed<'de> for ValueSeed {
    type Value = Value;
    fn deserialize<D: Deserializer<'de>>(self, de: D) -> std::result::Result<Value, D::Error> {
        de.deserialize_any(ValueVisitor {
            depth: self.depth,
            nested: self.nested,
        })
    }
}

struct ValueVisitor {
    depth: usize,
    nested: bool,
}

impl ValueVisitor {
    /// Text inside an input is held to MAX_STRING_BYTES; a whole argument
    /// (depth 0, JSON text of a list, say) to MAX_TEXT_BYTES.
    fn text_fits<E: de::Error>(&self, len: usize) -> std::result::Result<(), E> {
        let limit = if self.depth == 0 && !self.nested {
            MAX_TEXT_BYTES
        } else {
            MAX_STRING_BYTES
        };
        if len > limit {
            Err(E::custom(format!(
                "{LIMIT_MARK}a text of {len} bytes is over the limit of {limit}"
            )))
        } else {
            Ok(())
        }
    }

    fn deeper<E: de::Error>(&self) -> std::result::Result<usize, E> {
        let next = self.depth.saturating_add(1);
        if next > MAX_DEPTH {
            Err(E::custom(DEPTH_MESSAGE))
        } else {
            Ok(next)
        }
    }
}

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("plain data (null, boolean, number, text, list or object)")
    }
    fn visit_unit<E>(self) -> std::result::Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> std::result::Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, de: D) -> std::result::Result<Value, D::Error> {
        de.deserialize_any(self)
    }
    fn visit_bool<E>(self, v: bool) -> std::result::Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> std::result::Result<Value, E> {
        Ok(Value::Number(v as f64))
    }
    fn visit_u64<E>(self, v: u64) -> std::result::Result<Value, E> {
        Ok(Value::Number(v as f64))
    }
    fn visit_f64<E>(self, v: f64) -> std::result::Result<Value, E> {
        Ok(Value::Number(v))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> std::result::Result<Value, E> {
        self.text_fits(v.len())?;
        Ok(Value::String(v.to_string()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> std::result::Result<Value, E> {
        self.text_fits(v.len())?;
        Ok(Value::String(v))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> std::result::Result<Value, A::Error> {
        let depth = self.deeper()?;
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        while let Some(item) = seq.next_element_seed(ValueSeed {
            depth,
            nested: true,
        })? {
            if items.len() >= MAX_LIST_ITEMS {
                return Err(de::Error::custom(format!(
                    "{LIMIT_MARK}a list holds more than {MAX_LIST_ITEMS} items"
                )));
            }
            items.push(item);
        }
        Ok(Value::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<Value, A::Error> {
        let depth = self.deeper()?;
        let mut entries: Vec<(String, Value)> = Vec::new();
        while let Some(key) = map.next_key_seed(KeySeed)? {
            if key.len() > MAX_STRING_BYTES || entries.len() >= MAX_OBJECT_FIELDS {
                return Err(de::Error::custom(format!(
                    "{LIMIT_MARK}an object has more than {MAX_OBJECT_FIELDS} fields or a key over {MAX_STRING_BYTES} bytes"
                )));
            }
            let value = map.next_value_seed(ValueSeed {
                depth,
                nested: true,
            })?;
            // JSON text may repeat a key; the last one wins, as in JSON.parse.
            if let Some(slot) = entries.iter_mut().find(|(k, _)| *k == key) {
                slot.1 = value;
            } else {
                entries.push((key, value));
            }
        }
        Ok(Value::Object(entries))
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
            (ErrorCode::LimitExceeded, "record")
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

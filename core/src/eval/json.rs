//! Values to and from JSON, the way Terraform's `jsonencode` and `jsondecode`
//! see them.

use super::Value;
use std::collections::BTreeMap;

/// The JSON form of a fully known value; `None` when any part is unknown.
/// Object keys come out sorted (Terraform's objects are ordered by key).
#[must_use]
pub fn to_json(value: &Value) -> Option<serde_json::Value> {
    to_json_bounded(value, 0)
}

fn to_json_bounded(value: &Value, depth: usize) -> Option<serde_json::Value> {
    if depth > super::MAX_DEPTH {
        return None;
    }
    Some(match value {
        Value::Null => serde_json::Value::Null,
        Value::Bool(b) => serde_json::Value::Bool(*b),
        Value::Number(n) => number_to_json(*n)?,
        Value::String(s) => serde_json::Value::String(s.clone()),
        Value::List(items) => serde_json::Value::Array(
            items
                .iter()
                .map(|v| to_json_bounded(v, depth + 1))
                .collect::<Option<Vec<_>>>()?,
        ),
        Value::Object(map) => {
            let mut object = serde_json::Map::new();
            for (k, v) in map {
                object.insert(k.clone(), to_json_bounded(v, depth + 1)?);
            }
            serde_json::Value::Object(object)
        }
        Value::Unknown | Value::OneOf(_) => return None,
    })
}

fn number_to_json(n: f64) -> Option<serde_json::Value> {
    if n.fract() == 0.0 && n.abs() < 9.0e15 {
        #[allow(clippy::cast_possible_truncation)]
        return Some(serde_json::Value::from(n as i64));
    }
    serde_json::Number::from_f64(n).map(serde_json::Value::Number)
}

/// `jsonencode`: compact JSON text, with `<`, `>`, `&`, U+2028 and U+2029
/// escaped as Terraform escapes them. `None` when any part is unknown.
#[must_use]
pub fn to_json_text(value: &Value) -> Option<String> {
    let json = to_json(value)?;
    let text = serde_json::to_string(&json).ok()?;
    if !text.contains(['<', '>', '&', '\u{2028}', '\u{2029}']) {
        return Some(text);
    }
    // These characters can only occur inside JSON strings, so replacing them
    // everywhere is safe.
    let mut escaped = String::with_capacity(text.len() + 16);
    for ch in text.chars() {
        match ch {
            '<' => escaped.push_str("\\u003c"),
            '>' => escaped.push_str("\\u003e"),
            '&' => escaped.push_str("\\u0026"),
            '\u{2028}' => escaped.push_str("\\u2028"),
            '\u{2029}' => escaped.push_str("\\u2029"),
            other => escaped.push(other),
        }
    }
    Some(escaped)
}

/// A JSON value as a [`Value`] (numbers become `f64`).
#[must_use]
pub fn from_json(json: &serde_json::Value) -> Value {
    from_json_bounded(json, 0)
}

fn from_json_bounded(json: &serde_json::Value, depth: usize) -> Value {
    if depth > super::MAX_DEPTH {
        return Value::Unknown;
    }
    match json {
        serde_json::Value::Null => Value::Null,
        serde_json::Value::Bool(b) => Value::Bool(*b),
        serde_json::Value::Number(n) => n.as_f64().map_or(Value::Unknown, Value::Number),
        serde_json::Value::String(s) => Value::String(s.clone()),
        serde_json::Value::Array(items) => Value::List(
            items
                .iter()
                .map(|v| from_json_bounded(v, depth + 1))
                .collect(),
        ),
        serde_json::Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), from_json_bounded(v, depth + 1)))
                .collect::<BTreeMap<_, _>>(),
        ),
    }
}

/// Parses JSON text into a [`Value`]; `None` when it is not JSON.
#[must_use]
pub fn parse_json_text(text: &str) -> Option<Value> {
    // serde_json's own recursion limit (128) protects against deep nesting.
    serde_json::from_str::<serde_json::Value>(text)
        .ok()
        .map(|json| from_json(&json))
}

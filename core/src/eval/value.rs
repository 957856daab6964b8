use serde::Serialize;
use std::collections::BTreeMap;

/// A statically evaluated value.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Value {
    Null,
    Bool(bool),
    Number(f64),
    String(String),
    List(Vec<Value>),
    Object(BTreeMap<String, Value>),
    /// Depends on something only known at plan or apply time.
    Unknown,
    /// One of these values: a conditional whose condition is unknown. Rules
    /// judge every alternative (see [`Value::judge`]).
    OneOf(Vec<Value>),
}

/// The outcome of judging a possibly uncertain value against a predicate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Judgement {
    Holds,
    Violated,
    Unknown,
}

impl Value {
    /// Judges the value: a predicate answers `Some(true)` (holds), `Some(false)`
    /// (violated) or `None` (cannot tell). `OneOf` holds when every alternative
    /// holds, is violated when every alternative is violated, else is unknown;
    /// `Unknown` is always unknown.
    pub fn judge(&self, predicate: &dyn Fn(&Value) -> Option<bool>) -> Judgement {
        match self {
            Value::Unknown => Judgement::Unknown,
            Value::OneOf(alternatives) => {
                let verdicts: Vec<Judgement> =
                    alternatives.iter().map(|v| v.judge(predicate)).collect();
                if verdicts.iter().all(|j| *j == Judgement::Holds) {
                    Judgement::Holds
                } else if verdicts.iter().all(|j| *j == Judgement::Violated) {
                    Judgement::Violated
                } else {
                    Judgement::Unknown
                }
            }
            known => match predicate(known) {
                Some(true) => Judgement::Holds,
                Some(false) => Judgement::Violated,
                None => Judgement::Unknown,
            },
        }
    }

    /// True when nothing in the value is unknown.
    #[must_use]
    pub fn is_known(&self) -> bool {
        match self {
            Value::Unknown | Value::OneOf(_) => false,
            Value::List(items) => items.iter().all(Value::is_known),
            Value::Object(map) => map.values().all(Value::is_known),
            _ => true,
        }
    }

    #[must_use]
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            Value::String(s) if s == "true" => Some(true),
            Value::String(s) if s == "false" => Some(false),
            _ => None,
        }
    }

    #[must_use]
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    #[must_use]
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Number(n) => Some(*n),
            Value::String(s) => s.trim().parse().ok(),
            _ => None,
        }
    }

    #[must_use]
    pub fn as_list(&self) -> Option<&[Value]> {
        match self {
            Value::List(items) => Some(items),
            _ => None,
        }
    }

    #[must_use]
    pub fn as_object(&self) -> Option<&BTreeMap<String, Value>> {
        match self {
            Value::Object(map) => Some(map),
            _ => None,
        }
    }
}

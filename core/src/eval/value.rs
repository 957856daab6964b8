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

    /// A value that is one of `alternatives`: nested `OneOf`s are flattened,
    /// duplicates removed, and a single alternative is returned as itself.
    /// Any `Unknown` alternative makes the whole value `Unknown` (a rule can
    /// conclude nothing from "one of these, or anything").
    #[must_use]
    pub fn one_of(alternatives: impl IntoIterator<Item = Value>) -> Value {
        let mut flat: Vec<Value> = Vec::new();
        for alternative in alternatives {
            let items = match alternative {
                Value::OneOf(items) => items,
                other => vec![other],
            };
            for item in items {
                if item == Value::Unknown {
                    return Value::Unknown;
                }
                if !flat.contains(&item) {
                    flat.push(item);
                }
            }
        }
        match flat.len() {
            0 => Value::Unknown,
            1 => flat.pop().unwrap_or(Value::Unknown),
            _ => Value::OneOf(flat),
        }
    }

    /// True for `Value::Null`.
    #[must_use]
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// The name Terraform gives the value's type, for messages.
    #[must_use]
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "bool",
            Value::Number(_) => "number",
            Value::String(_) => "string",
            Value::List(_) => "list",
            Value::Object(_) => "object",
            Value::Unknown => "unknown",
            Value::OneOf(_) => "one of several values",
        }
    }

    /// About how many bytes of memory the value holds (what the evaluation
    /// budget counts).
    #[must_use]
    pub fn approximate_bytes(&self) -> usize {
        const NODE: usize = std::mem::size_of::<Value>();
        match self {
            Value::String(s) => NODE + s.len(),
            Value::List(items) | Value::OneOf(items) => items.iter().fold(NODE, |sum, item| {
                sum.saturating_add(item.approximate_bytes())
            }),
            Value::Object(map) => map.iter().fold(NODE, |sum, (key, item)| {
                sum.saturating_add(key.len() + NODE)
                    .saturating_add(item.approximate_bytes())
            }),
            _ => NODE,
        }
    }

    /// Whether the value nests lists and objects more than `limit` levels
    /// deep (the walk itself never goes deeper than `limit`).
    #[must_use]
    pub fn nests_deeper_than(&self, limit: usize) -> bool {
        let children: Box<dyn Iterator<Item = &Value>> = match self {
            Value::List(items) | Value::OneOf(items) => Box::new(items.iter()),
            Value::Object(map) => Box::new(map.values()),
            _ => return false,
        };
        let mut children = children.peekable();
        if children.peek().is_none() {
            return false;
        }
        limit == 0 || children.any(|child| child.nests_deeper_than(limit - 1))
    }

    /// The value with every string that contains [`super::UNKNOWN_MARKER`]
    /// replaced by `Unknown` (and unknown parts that nest deeper than
    /// [`super::MAX_VALUE_DEPTH`] cut off as `Unknown`).
    #[must_use]
    pub fn without_unknown_markers(self) -> Value {
        self.scrub(super::MAX_VALUE_DEPTH * 2)
    }

    fn scrub(self, budget: usize) -> Value {
        if budget == 0 {
            return Value::Unknown;
        }
        match self {
            Value::String(s) if s.contains(super::UNKNOWN_MARKER) => Value::Unknown,
            Value::List(items) => {
                Value::List(items.into_iter().map(|v| v.scrub(budget - 1)).collect())
            }
            Value::OneOf(items) => Value::one_of(items.into_iter().map(|v| v.scrub(budget - 1))),
            Value::Object(map) => Value::Object(
                map.into_iter()
                    .map(|(k, v)| (k, v.scrub(budget - 1)))
                    .collect(),
            ),
            other => other,
        }
    }
}

//! IAM policy documents (RUBRIC section 2): statements read from
//! `jsonencode({...})`, JSON strings and heredocs, `file("x.json")`, and
//! `data "aws_iam_policy_document"` blocks, normalised so rules see one shape.
//!
//! The builder evaluates policy attributes a second time in "JSON structure"
//! mode (`jsonencode(x)` yields `x`), so a document whose `Resource` is an
//! unknown ARN still has known actions, effects and principals.

use super::{Block, Body, PolicyDocument, PolicyStatement, ResourceId, Span};
use crate::eval::{from_json, to_json_text, Value, UNKNOWN_MARKER};
use std::collections::BTreeMap;

/// Attributes of managed resources that hold a policy document (plus
/// `inline_policy { policy }` blocks of `aws_iam_role`).
pub const POLICY_ATTRIBUTES: &[&str] = &[
    "access_policies",
    "access_policy",
    "assume_role_policy",
    "policy",
    "policy_document",
];

/// A document from an attribute's value (JSON text, or the structure of a
/// `jsonencode` argument). `None` when the value is known and is not a
/// policy at all (a string that is not JSON), so nothing is reported for it.
#[must_use]
pub fn document_from_value(
    value: &Value,
    owner: ResourceId,
    attribute: &str,
    span: &Span,
) -> Option<PolicyDocument> {
    let statements = match value {
        Value::String(text) => match serde_json::from_str::<serde_json::Value>(text.trim()) {
            Ok(json) => statements_of(&from_json(&json), span),
            // Unknown parts where JSON syntax was expected: a policy, but unreadable.
            Err(_) if text.contains(UNKNOWN_MARKER) => None,
            Err(_) => return None,
        },
        Value::Object(_) => statements_of(value, span),
        Value::Unknown | Value::OneOf(_) => None,
        _ => return None,
    };
    Some(PolicyDocument {
        owner,
        attribute: attribute.to_owned(),
        statements,
        span: span.clone(),
    })
}

/// The statements of a document value; `None` when not determinable.
fn statements_of(document: &Value, span: &Span) -> Option<Vec<PolicyStatement>> {
    let Value::Object(map) = document else {
        return None;
    };
    match map.get("Statement") {
        None | Some(Value::Null) => Some(Vec::new()),
        Some(Value::List(items)) => Some(items.iter().map(|s| statement(s, span)).collect()),
        Some(single @ Value::Object(_)) => Some(vec![statement(single, span)]),
        Some(_) => None,
    }
}

/// One statement in IAM JSON form, normalised. Strings with an unknown part
/// (see [`crate::eval::UNKNOWN_MARKER`]) become `Unknown` after normalising,
/// so `"Action": "${x}"` is a list of one unknown action.
fn statement(value: &Value, span: &Span) -> PolicyStatement {
    let Value::Object(map) = value else {
        return unknown_statement(span);
    };
    let text = |key: &str| {
        map.get(key)
            .and_then(Value::as_str)
            .filter(|s| !s.contains(UNKNOWN_MARKER))
            .map(str::to_owned)
    };
    PolicyStatement {
        sid: text("Sid"),
        effect: text("Effect"),
        actions: string_list(map.get("Action")).without_unknown_markers(),
        not_actions: string_list(map.get("NotAction")).without_unknown_markers(),
        resources: string_list(map.get("Resource")).without_unknown_markers(),
        not_resources: string_list(map.get("NotResource")).without_unknown_markers(),
        principals: principal(map.get("Principal")).without_unknown_markers(),
        not_principals: principal(map.get("NotPrincipal")).without_unknown_markers(),
        conditions: map
            .get("Condition")
            .cloned()
            .unwrap_or(Value::Null)
            .without_unknown_markers(),
        span: span.clone(),
    }
}

/// A statement nothing is known about (an element of an unknown list).
fn unknown_statement(span: &Span) -> PolicyStatement {
    PolicyStatement {
        sid: None,
        effect: None,
        actions: Value::Unknown,
        not_actions: Value::Unknown,
        resources: Value::Unknown,
        not_resources: Value::Unknown,
        principals: Value::Unknown,
        not_principals: Value::Unknown,
        conditions: Value::Unknown,
        span: span.clone(),
    }
}

/// `Action`/`Resource`: a string or a list, as a list; `Null` when absent.
fn string_list(value: Option<&Value>) -> Value {
    match value {
        None | Some(Value::Null) => Value::Null,
        Some(Value::String(s)) => Value::List(vec![Value::String(s.clone())]),
        Some(Value::OneOf(alternatives)) => {
            Value::one_of(alternatives.iter().map(|a| string_list(Some(a))))
        }
        Some(other) => other.clone(),
    }
}

/// `Principal`: `"*"` stays a string; a map's values become lists.
fn principal(value: Option<&Value>) -> Value {
    match value {
        None | Some(Value::Null) => Value::Null,
        Some(Value::Object(map)) => Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), string_list(Some(v))))
                .collect(),
        ),
        Some(other) => other.clone(),
    }
}

/// The JSON structure a `data "aws_iam_policy_document"` renders, from its
/// evaluated body (what `data.aws_iam_policy_document.x.json` holds).
#[must_use]
pub fn document_json_from_data_source(body: &Body) -> Value {
    let mut statements = Vec::new();
    for (json, _) in data_source_statements(body, None) {
        statements.push(json);
    }
    let mut document = BTreeMap::new();
    document.insert(
        "Version".to_owned(),
        body.value("version")
            .cloned()
            .unwrap_or_else(|| Value::String("2012-10-17".to_owned())),
    );
    if let Some(id) = body.value("policy_id") {
        document.insert("Id".to_owned(), id.clone());
    }
    document.insert("Statement".to_owned(), Value::List(statements));
    Value::Object(document)
}

/// The document a `data "aws_iam_policy_document"` block stands for, each
/// statement spanning its `statement` block.
#[must_use]
pub fn document_from_data_source(block: &Block, owner: ResourceId) -> PolicyDocument {
    let statements = data_source_statements(&block.body, Some(&block.span))
        .into_iter()
        .map(|(json, span)| statement(&json, &span))
        .collect();
    PolicyDocument {
        owner,
        attribute: "json".to_owned(),
        statements: Some(statements),
        span: block.span.clone(),
    }
}

/// Statements in IAM JSON form with their spans: those of
/// `source_policy_documents`, then the `statement` blocks, then those of
/// `override_policy_documents` (whose statements replace same-`Sid` ones).
fn data_source_statements(body: &Body, fallback: Option<&Span>) -> Vec<(Value, Span)> {
    let mut out: Vec<(Value, Span)> = Vec::new();
    let from_documents = |attribute: &str, out: &mut Vec<(Value, Span)>| {
        let Some(attr) = body.attr(attribute) else {
            return;
        };
        let documents: Vec<Value> = match &attr.value {
            Value::List(items) => items.clone(),
            Value::Null => Vec::new(),
            _ => vec![Value::Unknown],
        };
        for document in documents {
            let parsed = match &document {
                Value::String(text) => serde_json::from_str::<serde_json::Value>(text)
                    .ok()
                    .map(|j| from_json(&j)),
                _ => None,
            };
            let statements = match parsed
                .as_ref()
                .map(|d| d.as_object().and_then(|m| m.get("Statement")))
            {
                Some(Some(Value::List(items))) => items.clone(),
                Some(Some(single @ Value::Object(_))) => vec![single.clone()],
                Some(None) => Vec::new(),
                _ => vec![Value::Unknown],
            };
            for s in statements {
                let sid = s
                    .as_object()
                    .and_then(|m| m.get("Sid"))
                    .and_then(Value::as_str)
                    .map(str::to_owned);
                if let Some(sid) = sid.filter(|sid| !sid.is_empty()) {
                    out.retain(|(existing, _)| {
                        existing
                            .as_object()
                            .and_then(|m| m.get("Sid"))
                            .and_then(Value::as_str)
                            != Some(sid.as_str())
                    });
                }
                out.push((s, attr.span.clone()));
            }
        }
    };
    from_documents("source_policy_documents", &mut out);
    for block in body.blocks("statement") {
        let span = if block.span.range.is_empty() {
            fallback.cloned().unwrap_or_else(|| block.span.clone())
        } else {
            block.span.clone()
        };
        out.push((statement_json(&block.body, block.dynamic), span));
    }
    from_documents("override_policy_documents", &mut out);
    out
}

/// A `statement` block as IAM JSON.
fn statement_json(body: &Body, dynamic: bool) -> Value {
    let mut s = BTreeMap::new();
    let mut put = |key: &str, value: Option<&Value>| {
        if let Some(v) = value {
            if *v != Value::Null {
                s.insert(key.to_owned(), v.clone());
            }
        }
    };
    put("Sid", body.value("sid"));
    put("Action", body.value("actions"));
    put("NotAction", body.value("not_actions"));
    put("Resource", body.value("resources"));
    put("NotResource", body.value("not_resources"));
    // The provider's default effect is Allow.
    let effect = body
        .value("effect")
        .cloned()
        .unwrap_or_else(|| Value::String("Allow".to_owned()));
    s.insert("Effect".to_owned(), effect);
    if let Some(p) = principals_json(body, "principals") {
        s.insert("Principal".to_owned(), p);
    }
    if let Some(p) = principals_json(body, "not_principals") {
        s.insert("NotPrincipal".to_owned(), p);
    }
    let mut conditions: BTreeMap<String, Value> = BTreeMap::new();
    let mut conditions_unknown = false;
    for condition in body.blocks("condition") {
        let (Some(test), Some(variable)) = (
            condition.body.value("test").and_then(Value::as_str),
            condition.body.value("variable").and_then(Value::as_str),
        ) else {
            conditions_unknown = true;
            continue;
        };
        let values = condition
            .body
            .value("values")
            .cloned()
            .unwrap_or(Value::Null);
        if let Value::Object(by_variable) = conditions
            .entry(test.to_owned())
            .or_insert_with(|| Value::Object(BTreeMap::new()))
        {
            by_variable.insert(variable.to_owned(), values);
        }
    }
    if conditions_unknown {
        s.insert("Condition".to_owned(), Value::Unknown);
    } else if !conditions.is_empty() {
        s.insert("Condition".to_owned(), Value::Object(conditions));
    }
    if dynamic {
        // The iterator's values are not known: keep only what is literal.
        for v in s.values_mut() {
            if !v.is_known() {
                *v = Value::Unknown;
            }
        }
    }
    Value::Object(s)
}

/// `principals { type, identifiers }` blocks as a `Principal` value: a map
/// from type to identifiers, or `"*"` for `type = "*"` with `["*"]`, as the
/// provider renders it.
fn principals_json(body: &Body, kind: &str) -> Option<Value> {
    let mut blocks = body.blocks(kind).peekable();
    blocks.peek()?;
    let mut map: BTreeMap<String, Value> = BTreeMap::new();
    for block in blocks {
        let Some(principal_type) = block.body.value("type").and_then(Value::as_str) else {
            return Some(Value::Unknown);
        };
        let identifiers = string_list(block.body.value("identifiers"));
        if principal_type == "*" {
            return Some(Value::String("*".to_owned()));
        }
        match (map.get_mut(principal_type), identifiers) {
            (Some(Value::List(existing)), Value::List(more)) => existing.extend(more),
            (Some(existing), _) => *existing = Value::Unknown,
            (None, identifiers) => {
                map.insert(principal_type.to_owned(), identifiers);
            }
        }
    }
    Some(Value::Object(map))
}

/// The JSON text of a document value, when fully known (for `.json`).
#[must_use]
pub fn document_text(document: &Value) -> Option<String> {
    to_json_text(document)
}

//! IAM: IAM & Access Control.
//!
//! Besides the controls, this module owns the questions several IAM
//! controls ask of policy documents: which documents a resource holds
//! (whatever form they were written in), whether a statement allows, who
//! its principal is and whether its condition narrows it.

pub mod bucket_policy_no_public_principal;
pub mod mfa_enforced;
pub mod no_admin_policy;
pub mod no_read_all_buckets;
pub mod no_static_access_keys;
pub mod no_user_attached_policies;
pub mod no_wildcard_actions;
pub mod no_wildcard_resources;
pub mod password_policy;
pub mod resource_policy_not_public;
pub mod service_trust_no_mfa;
pub mod trust_policy_scoped;

use crate::eval::{Value, UNKNOWN_MARKER};
use crate::model::policy::document_from_value;
use crate::model::{Attribute, Mode, Model, PolicyDocument, PolicyStatement, Resource};
use crate::rules::query::{references_of, strings};

/// Resources holding identity-based policies (what a principal may do):
/// their `policy` attribute, the `inline_policy` blocks of roles, and SSO
/// permission-set inline policies.
pub(crate) const IDENTITY_POLICY_TYPES: &[&str] = &[
    "aws_iam_policy",
    "aws_iam_role_policy",
    "aws_iam_user_policy",
    "aws_iam_group_policy",
    "aws_iam_role",
    "aws_ssoadmin_permission_set_inline_policy",
];

/// One policy attribute of a resource with the documents it holds.
#[derive(Debug, Clone)]
pub(crate) struct HeldPolicy<'m> {
    pub attr: &'m Attribute,
    pub documents: Vec<PolicyDocument>,
    /// Whether the attribute's value is entirely known, so that a key the
    /// document lacks (e.g. `Effect`) is really absent, not unknown.
    pub literal: bool,
}

impl HeldPolicy<'_> {
    /// The statements of every document; `None` when one could not be read.
    pub fn statements(&self) -> Option<Vec<&PolicyStatement>> {
        if self.documents.is_empty() {
            return None;
        }
        let mut out = Vec::new();
        for doc in &self.documents {
            out.extend(doc.statements.as_ref()?.iter());
        }
        Some(out)
    }
}

/// Whether a value is entirely known (no unknown part, no unknown marker
/// inside a string).
fn fully_known(value: &Value) -> bool {
    match value {
        Value::Unknown | Value::OneOf(_) => false,
        Value::String(s) => !s.contains(UNKNOWN_MARKER),
        Value::List(items) => items.iter().all(fully_known),
        Value::Object(map) => map.values().all(fully_known),
        Value::Null | Value::Bool(_) | Value::Number(_) => true,
    }
}

/// The documents `attr` of `owner` holds: those the model read from that
/// attribute, else those of the `aws_iam_policy_document` data sources it
/// refers to, else the attribute's own value read as a policy (for
/// attributes the model does not treat as policies, such as
/// `aws_ssoadmin_permission_set_inline_policy.inline_policy`).
pub(crate) fn held_policy<'m>(
    model: &'m Model,
    owner: &Resource,
    attr: &'m Attribute,
) -> HeldPolicy<'m> {
    let mut documents: Vec<PolicyDocument> = model
        .policies_of(owner.id)
        .filter(|p| p.span == attr.span)
        .cloned()
        .collect();
    if documents.is_empty() {
        for source in references_of(model, owner.module, attr) {
            if source.mode == Mode::Data && source.resource_type == "aws_iam_policy_document" {
                documents.extend(model.policies_of(source.id).cloned());
            }
        }
    }
    if documents.is_empty() {
        documents.extend(document_from_value(
            &attr.value,
            owner.id,
            &attr.name,
            &attr.span,
        ));
    }
    if documents.is_empty() {
        // Heredoc JSON with trailing commas (`"s3:*",]`): IAM rejects it,
        // but what it grants is plain, so read it leniently.
        if let Value::String(text) = &attr.value {
            let lenient = Value::String(without_trailing_commas(text));
            documents.extend(document_from_value(
                &lenient, owner.id, &attr.name, &attr.span,
            ));
        }
    }
    HeldPolicy {
        attr,
        documents,
        literal: fully_known(&attr.value),
    }
}

/// JSON text without commas directly before a closing `]` or `}` (outside
/// strings).
fn without_trailing_commas(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_string = false;
    let mut escaped = false;
    let mut pending_comma: Option<String> = None;
    for c in text.chars() {
        if in_string {
            out.push(c);
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
            continue;
        }
        if let Some(held) = pending_comma.as_mut() {
            if c.is_whitespace() {
                held.push(c);
                continue;
            }
            let held = pending_comma.take().unwrap_or_default();
            if c == ']' || c == '}' {
                out.push_str(&held[1..]);
            } else {
                out.push_str(&held);
            }
        }
        match c {
            ',' => pending_comma = Some(String::from(",")),
            '"' => {
                in_string = true;
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    if let Some(held) = pending_comma {
        out.push_str(&held);
    }
    out
}

/// The identity-based policies a resource holds (see
/// [`IDENTITY_POLICY_TYPES`]); `null` policies are left out.
pub(crate) fn identity_policies<'m>(
    model: &'m Model,
    resource: &'m Resource,
) -> Vec<HeldPolicy<'m>> {
    let body = resource.body();
    let attrs: Vec<&Attribute> = match resource.resource_type.as_str() {
        "aws_iam_role" => body
            .blocks("inline_policy")
            .filter_map(|b| b.body.attr("policy"))
            .collect(),
        "aws_ssoadmin_permission_set_inline_policy" => {
            body.attr("inline_policy").into_iter().collect()
        }
        _ => body.attr("policy").into_iter().collect(),
    };
    attrs
        .into_iter()
        .filter(|a| a.value != Value::Null)
        .map(|a| held_policy(model, resource, a))
        .collect()
}

/// Whether a statement allows: `Some(true)` for `Allow`; a statement with
/// no `Effect` at all in a fully known document is read as `Allow` (IAM
/// rejects it, but it shows what its author meant, and Checkov reads it so
/// too). `None` when the effect is unknown.
pub(crate) fn is_allow(statement: &PolicyStatement, literal: bool) -> Option<bool> {
    match statement.effect.as_deref() {
        Some(effect) => Some(effect.eq_ignore_ascii_case("Allow")),
        None if literal => Some(true),
        None => None,
    }
}

/// The known strings of a list value, and whether some element is unknown.
/// A wholly unknown value is `(vec![], true)`.
pub(crate) fn known_strings(value: &Value) -> (Vec<&str>, bool) {
    if let Some(list) = strings(value) {
        return (list, false);
    }
    match value {
        Value::List(items) => {
            let known: Vec<&str> = items.iter().filter_map(Value::as_str).collect();
            let unknown = known.len() != items.len();
            (known, unknown)
        }
        _ => (Vec::new(), true),
    }
}

/// Whether a `Principal` value includes everyone: `"*"`, `{"AWS": "*"}` or
/// `{"AWS": ["*"]}`. `None` when it cannot be told.
pub(crate) fn principal_is_everyone(principals: &Value) -> Option<bool> {
    match principals {
        Value::Null => Some(false),
        Value::String(s) => Some(s.trim() == "*"),
        Value::Object(map) => {
            let mut unknown = false;
            for (kind, ids) in map {
                if !(kind.eq_ignore_ascii_case("AWS") || kind == "*") {
                    continue;
                }
                let (known, partly_unknown) = known_strings(ids);
                if known.iter().any(|id| id.trim() == "*") {
                    return Some(true);
                }
                unknown |= partly_unknown;
            }
            if unknown {
                None
            } else {
                Some(false)
            }
        }
        _ => None,
    }
}

/// How much a statement's `Condition` narrows who can use it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Narrowing {
    /// No condition, or only conditions that do not narrow the caller
    /// (`aws:SecureTransport`, request tags, time) or whose values are
    /// wildcards (`arn:aws:iam::*`).
    None,
    /// Only negated tests (`StringNotEquals`, `ArnNotLike`, …): everyone
    /// except the listed callers.
    Negated,
    /// A test that narrows the callers (account, organisation, source ARN,
    /// VPC endpoint, IP range, external ID, …).
    Narrowed,
    /// The condition block could not be read.
    Unknown,
}

/// Condition keys that say nothing about who calls.
fn key_narrows_caller(key: &str) -> bool {
    let key = key.to_ascii_lowercase();
    let neutral_prefixes = [
        "aws:securetransport",
        "aws:currenttime",
        "aws:epochtime",
        "aws:requestedregion",
        "aws:requesttag/",
        "aws:tagkeys",
        "aws:resourcetag/",
        "aws:multifactorauth",
        "aws:viaawsservice",
        "aws:tokenissuetime",
        "s3:",
    ];
    !neutral_prefixes.iter().any(|p| key.starts_with(p))
}

/// Whether a condition value allows anything: `*`, or an ARN whose parts
/// after the service are all empty or `*` (`arn:aws:iam::*`).
fn is_wildcard_value(value: &str) -> bool {
    let value = value.trim();
    if value.chars().all(|c| c == '*') {
        return true;
    }
    let parts: Vec<&str> = value.split(':').collect();
    parts.len() > 3
        && parts[0].eq_ignore_ascii_case("arn")
        && parts[3..]
            .iter()
            .all(|p| p.is_empty() || p.chars().all(|c| c == '*'))
}

/// How a statement's `Condition` narrows its callers. A test whose value is
/// only known after apply (`aws:SourceArn = aws_cloudtrail.main.arn`)
/// narrows: such values name specific resources or accounts.
pub(crate) fn condition_narrowing(conditions: &Value) -> Narrowing {
    let Value::Object(operators) = conditions else {
        return match conditions {
            Value::Null => Narrowing::None,
            _ => Narrowing::Unknown,
        };
    };
    let mut negated = false;
    for (operator, tests) in operators {
        let Value::Object(tests) = tests else {
            return Narrowing::Unknown;
        };
        let op = operator.to_ascii_lowercase();
        let is_negated = op.contains("not") && !op.starts_with("null");
        for (key, values) in tests {
            if !key_narrows_caller(key) || op.starts_with("null") {
                continue;
            }
            let (known, unknown) = known_strings(values);
            let specific = unknown || known.iter().any(|v| !is_wildcard_value(v));
            if !specific {
                continue;
            }
            if is_negated {
                negated = true;
            } else {
                return Narrowing::Narrowed;
            }
        }
    }
    if negated {
        Narrowing::Negated
    } else {
        Narrowing::None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn object(pairs: &[(&str, Value)]) -> Value {
        Value::Object(
            pairs
                .iter()
                .map(|(k, v)| ((*k).to_owned(), v.clone()))
                .collect(),
        )
    }

    fn s(text: &str) -> Value {
        Value::String(text.to_owned())
    }

    #[test]
    fn wildcard_condition_values_do_not_narrow() {
        assert!(is_wildcard_value("arn:aws:iam::*"));
        assert!(is_wildcard_value("*"));
        assert!(!is_wildcard_value(
            "arn:aws:cloudtrail:*:111122223333:trail/*"
        ));
        let c = object(&[(
            "ArnEquals",
            object(&[("aws:PrincipalArn", s("arn:aws:iam::*"))]),
        )]);
        assert_eq!(condition_narrowing(&c), Narrowing::None);
    }

    #[test]
    fn account_conditions_narrow_and_negations_only_exclude() {
        let c = object(&[("StringEquals", object(&[("aws:SourceVpce", s("vpce-123"))]))]);
        assert_eq!(condition_narrowing(&c), Narrowing::Narrowed);
        let n = object(&[(
            "ArnNotEquals",
            object(&[("aws:PrincipalArn", s("arn:aws:iam::123456789012:user/a"))]),
        )]);
        assert_eq!(condition_narrowing(&n), Narrowing::Negated);
        let tls = object(&[("Bool", object(&[("aws:SecureTransport", s("true"))]))]);
        assert_eq!(condition_narrowing(&tls), Narrowing::None);
        assert_eq!(condition_narrowing(&Value::Unknown), Narrowing::Unknown);
    }

    #[test]
    fn trailing_commas_are_dropped_outside_strings() {
        assert_eq!(
            without_trailing_commas("{\"a\": [\"x,\", \"y\",\n ],}"),
            "{\"a\": [\"x,\", \"y\"\n ]}"
        );
    }

    #[test]
    fn everyone_principals() {
        assert_eq!(principal_is_everyone(&s("*")), Some(true));
        let aws = object(&[("AWS", Value::List(vec![s("*")]))]);
        assert_eq!(principal_is_everyone(&aws), Some(true));
        let service = object(&[("Service", Value::List(vec![s("ec2.amazonaws.com")]))]);
        assert_eq!(principal_is_everyone(&service), Some(false));
        let unknown = object(&[("AWS", Value::Unknown)]);
        assert_eq!(principal_is_everyone(&unknown), None);
    }
}

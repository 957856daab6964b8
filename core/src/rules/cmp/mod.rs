//! CMP: Compliance & Governance — audit trail, AWS Config, detection services.
//!
//! Also the helpers the CMP and MON controls share: whether a stack surely
//! declares something (presence), and whether an attribute that names
//! another resource is set.

pub mod cloudtrail_bucket_policy;
pub mod cloudtrail_cloudwatch;
pub mod cloudtrail_data_events;
pub mod cloudtrail_enabled;
pub mod cloudtrail_log_validation;
pub mod cloudtrail_multi_region;
pub mod config_delivery_channel;
pub mod config_recorder;
pub mod config_recorder_enabled;
pub mod config_rules;
pub mod guardduty_detector_enabled;
pub mod guardduty_enabled;
pub mod s3_access_logging;
pub mod securityhub_enabled;
pub mod vpc_flow_logs;

use crate::eval::Value;
use crate::model::{Attribute, Body, Model, Multiplicity, Resource};
use crate::rules::query::{resource_by_address, Setting};
use crate::rules::{Outcome, RuleContext, Verdicts};

/// How surely a stack declares a resource of some types.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Presence<'m> {
    /// At least one is declared unconditionally (or with a known count).
    Declared(&'m Resource),
    /// Only declared behind a `count`/`for_each` of unknown size.
    Conditional(&'m Resource),
    Absent,
}

/// Whether the stack declares a managed resource of one of `types`.
pub(crate) fn presence<'m>(cx: &RuleContext<'m>, types: &'m [&'m str]) -> Presence<'m> {
    let all: Vec<&Resource> = cx.resources_of(types).collect();
    if let Some(r) = all.iter().find(|r| r.multiplicity != Multiplicity::Unknown) {
        Presence::Declared(r)
    } else if let Some(r) = all.first() {
        Presence::Conditional(r)
    } else {
        Presence::Absent
    }
}

/// Records the stack verdict of a simple presence control: pass when one of
/// `types` is declared, warn when only conditionally, else fail with
/// `missing` as the message.
pub(crate) fn record_presence(
    cx: &RuleContext<'_>,
    out: &mut Verdicts,
    types: &'static [&'static str],
    what: &str,
    missing: &str,
) {
    match presence(cx, types) {
        Presence::Declared(r) => {
            out.stack(
                Outcome::Pass,
                format!("{what} `{}` is declared", r.address()),
            )
            .secondary(&r.block.span);
        }
        Presence::Conditional(r) => {
            out.stack(
                Outcome::Unknown,
                format!(
                    "could not be determined: whether {what} `{}` is created depends on its `count`/`for_each`",
                    r.address()
                ),
            )
            .secondary(&r.block.span);
        }
        Presence::Absent => {
            out.stack(Outcome::Fail, missing);
        }
    }
}

/// Judges an attribute that must name something (an ARN, a bucket, a
/// group): a non-empty string, or a reference to a resource of the
/// configuration, is set; `null` or `""` is not; an input is unknown.
/// A conditional is judged by its branches (a branch that is only known
/// after apply counts as set when the attribute refers to a resource).
pub(crate) fn named<'a>(
    model: &Model,
    owner: &Resource,
    body: &'a Body,
    name: &str,
) -> Setting<'a> {
    let Some(attr) = body.attr(name) else {
        return Setting::Absent;
    };
    // Only known after apply, and every reference names a resource of the
    // configuration (`aws_s3_bucket.logs.id`): set. An input among the
    // references may be a conditional that selects nothing.
    let sources: Vec<&String> = attr
        .references
        .iter()
        .filter(|r| {
            !["count.", "each.", "path.", "self."]
                .iter()
                .any(|p| r.starts_with(p))
        })
        .collect();
    let refers = !sources.is_empty()
        && sources
            .iter()
            .all(|r| resource_by_address(model, owner.module, r).is_some());
    let judge = |v: &Value| -> Option<bool> {
        match v {
            Value::Null => Some(false),
            Value::String(s) => Some(!s.trim().is_empty()),
            Value::Unknown if refers => Some(true),
            Value::List(items) => Some(!items.is_empty()),
            _ => None,
        }
    };
    judge_named(attr, &judge)
}

fn judge_named<'a>(attr: &'a Attribute, judge: &dyn Fn(&Value) -> Option<bool>) -> Setting<'a> {
    let verdict = match &attr.value {
        Value::Null => return Setting::Absent,
        Value::OneOf(alternatives) => {
            let all: Vec<Option<bool>> = alternatives.iter().map(judge).collect();
            if all.iter().all(|v| *v == Some(true)) {
                Some(true)
            } else if all.iter().all(|v| *v == Some(false)) {
                Some(false)
            } else {
                None
            }
        }
        other => judge(other),
    };
    match verdict {
        Some(true) => Setting::Holds(attr),
        Some(false) => Setting::Violated(attr),
        None => Setting::Unknown(attr),
    }
}

/// A known list's length, `None` when the value (or its length) is unknown.
/// A list whose elements are unknown still has a known length.
pub(crate) fn list_len(value: &Value) -> Option<usize> {
    match value {
        Value::List(items) => Some(items.len()),
        Value::Null => Some(0),
        _ => None,
    }
}

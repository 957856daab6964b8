//! What a report graded against, in numbers and one sentence: the task's
//! requirements, the controls judged on the declared resources, the
//! account-wide controls scored or shown as advice, and what could not be
//! determined.

use crate::profile::Profile;
use crate::rules::{Category, ControlResult, Status};
use serde::Serialize;

/// What the grade is measured against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum GradedAgainst {
    /// A task prompt (and maybe a reference answer).
    Task,
    /// A reference answer, without a prompt.
    Reference,
    /// Neither: what the configuration declares.
    Declared,
}

/// The basis of the grade.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Basis {
    pub against: GradedAgainst,
    /// Requirements of the task that are scored.
    pub requirements: usize,
    /// Controls scored on the declared resources (pass, warn or fail).
    pub resource_controls: usize,
    /// Account-wide presence controls scored.
    pub account_controls: usize,
    /// Account-wide presence controls shown as advice, not scored.
    pub advice: usize,
    /// Controls whose verdict could not be determined, not scored.
    pub unknown: usize,
    /// The same in one sentence.
    pub summary: String,
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Counts what the results scored and builds the sentence.
#[must_use]
pub fn basis(
    results: &[ControlResult],
    profile: Profile,
    against: GradedAgainst,
    requirements: usize,
) -> Basis {
    let scored = |r: &&ControlResult| r.control.category.is_scored() && r.status.is_scored();
    let resource_controls = results
        .iter()
        .filter(scored)
        .filter(|r| !r.control.scope.is_presence())
        .count();
    let account_controls = results
        .iter()
        .filter(scored)
        .filter(|r| r.control.scope.is_presence())
        .count();
    let advice = results
        .iter()
        .filter(|r| r.status == Status::Advice)
        .count();
    let unknown = results
        .iter()
        .filter(|r| r.status == Status::Unknown && r.control.category != Category::Val)
        .count();

    let opening = match (profile, against) {
        (Profile::Task, GradedAgainst::Task) => "Graded against the task".to_string(),
        (Profile::Task, GradedAgainst::Reference) => {
            "Graded against the reference answer".to_string()
        }
        (Profile::Task, GradedAgainst::Declared) => {
            "Graded on what the configuration declares (no prompt or reference given)".to_string()
        }
        (profile, _) => format!("Graded with profile `{}`", profile.name()),
    };
    let mut parts = Vec::new();
    if against == GradedAgainst::Task || requirements > 0 {
        parts.push(plural(
            requirements,
            "requirement of the task",
            "requirements of the task",
        ));
    }
    parts.push(plural(
        resource_controls,
        "control for the declared resources",
        "controls for the declared resources",
    ));
    if account_controls > 0 {
        parts.push(plural(
            account_controls,
            "account-wide control",
            "account-wide controls",
        ));
    }
    let mut summary = format!("{opening}: {}", parts.join(", "));
    if advice > 0 {
        summary.push_str(&format!(
            "; {} shown as advice, not scored",
            plural(advice, "account-wide control", "account-wide controls")
        ));
    }
    if unknown > 0 {
        summary.push_str(&format!(
            "; {} could not be determined (not scored)",
            plural(unknown, "control", "controls")
        ));
    }
    summary.push('.');
    Basis {
        against,
        requirements,
        resource_controls,
        account_controls,
        advice,
        unknown,
        summary,
    }
}

//! SARIF 2.1.0 for code-scanning uploads: one run whose `tool.driver`
//! lists every control as a rule (ID, slug as name, title, rationale,
//! remediation as help, severity as `security-severity`), and one result
//! per warn, fail or suppressed finding. Columns are counted in Unicode
//! code points (`columnKind`). Stack-level findings have no place in the
//! code; code-scanning services need one, so they point at line 1 of the
//! first Terraform file and say so in `properties.scope = "stack"`.
//! Suppressed findings carry an `inSource` suppression with its reason.

use super::{ControlEntry, FindingEntry, Report};
use crate::input::FileKind;
use crate::rules::{control_by_id, FindingStatus, Severity, Status};
use serde_json::{json, Map, Value};

const SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// The level of a failing control of this severity.
fn fail_level(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low => "note",
    }
}

/// The level of a partly met control: one step milder than a failure.
fn warn_level(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical | Severity::High => "warning",
        Severity::Medium | Severity::Low => "note",
    }
}

/// GitHub's `security-severity`: 9.0 and up is critical, 7.0 high, 4.0 medium.
fn security_severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical => "9.5",
        Severity::High => "7.5",
        Severity::Medium => "5.0",
        Severity::Low => "2.0",
    }
}

fn rule(c: &ControlEntry) -> Value {
    let control = control_by_id(c.id);
    let rationale = control
        .map(crate::rules::Control::rationale)
        .unwrap_or_default();
    let remediation = control
        .map(crate::rules::Control::remediation)
        .unwrap_or_default();
    let full = if rationale.is_empty() {
        c.title.to_string()
    } else {
        rationale.split_whitespace().collect::<Vec<_>>().join(" ")
    };
    let mut help_markdown = format!("**{} {}**: {}\n\n", c.id, c.slug, c.title);
    if !rationale.is_empty() {
        help_markdown.push_str("## Why it matters\n\n");
        help_markdown.push_str(&rationale);
        help_markdown.push_str("\n\n");
    }
    help_markdown.push_str("## Remediation\n\n");
    help_markdown.push_str(&remediation);
    let references: Vec<&str> = control.map(|c| c.references.to_vec()).unwrap_or_default();
    json!({
        "id": c.id,
        "name": c.slug,
        "shortDescription": { "text": c.title },
        "fullDescription": { "text": full },
        "help": {
            "text": format!("{}\n\n{}", c.title, remediation),
            "markdown": help_markdown,
        },
        "defaultConfiguration": { "level": fail_level(c.severity) },
        "properties": {
            "tags": ["security", "terraform", c.category.code(), c.category.name()],
            "security-severity": security_severity(c.severity),
            "severity": c.severity.name(),
            "precision": "high",
            "references": references,
        },
    })
}

fn physical(file: &str, line: u32, column: u32) -> Value {
    json!({
        "physicalLocation": {
            "artifactLocation": { "uri": file },
            "region": { "startLine": line.max(1), "startColumn": column.max(1) },
        }
    })
}

fn result(
    c: &ControlEntry,
    index: usize,
    f: &FindingEntry,
    stack_file: Option<&str>,
) -> Option<Value> {
    let level = match f.status {
        // Account-wide controls the task did not ask for: advice, not a defect.
        FindingStatus::Fail | FindingStatus::Warn if c.status == Status::Advice => "note",
        FindingStatus::Fail => fail_level(c.severity),
        FindingStatus::Warn => warn_level(c.severity),
        FindingStatus::Suppressed => match f.suppression.as_ref().map(|s| s.was) {
            Some("warn") => warn_level(c.severity),
            _ => fail_level(c.severity),
        },
        FindingStatus::Pass | FindingStatus::Unknown => return None,
    };
    let text = match &f.resource {
        Some(r) => format!("{}: {} ({})", c.title, f.message, r),
        None => format!("{}: {}", c.title, f.message),
    };
    let mut result = Map::new();
    result.insert("ruleId".into(), json!(c.id));
    result.insert("ruleIndex".into(), json!(index));
    result.insert("level".into(), json!(level));
    result.insert("message".into(), json!({ "text": text }));
    let mut properties = Map::new();
    properties.insert("status".into(), json!(f.status.name()));
    match (&f.file, f.line, f.column) {
        (Some(file), Some(line), Some(column)) => {
            result.insert("locations".into(), json!([physical(file, line, column)]));
            properties.insert("scope".into(), json!("resource"));
        }
        _ => {
            if let Some(file) = stack_file {
                result.insert("locations".into(), json!([physical(file, 1, 1)]));
            }
            properties.insert("scope".into(), json!("stack"));
        }
    }
    if let Some(resource) = &f.resource {
        properties.insert("resource".into(), json!(resource));
    }
    if !f.secondary.is_empty() {
        let related: Vec<Value> = f
            .secondary
            .iter()
            .enumerate()
            .map(|(i, l)| {
                let mut v = physical(&l.file, l.line, l.column);
                if let Value::Object(m) = &mut v {
                    m.insert("id".into(), json!(i));
                }
                v
            })
            .collect();
        result.insert("relatedLocations".into(), json!(related));
    }
    if let Some(s) = &f.suppression {
        let justification = if s.reason.is_empty() {
            s.directive.clone()
        } else {
            format!("{} ({})", s.reason, s.directive)
        };
        result.insert(
            "suppressions".into(),
            json!([{ "kind": "inSource", "justification": justification }]),
        );
    }
    result.insert("properties".into(), Value::Object(properties));
    Some(Value::Object(result))
}

/// Results per run that code-scanning services accept (GitHub rejects a
/// run with more).
pub const MAX_RESULTS: usize = 25_000;

/// The report as a SARIF 2.1.0 log (pretty JSON, ending with a newline),
/// with at most [`MAX_RESULTS`] results.
#[must_use]
pub fn render(report: &Report) -> String {
    render_with_limit(report, MAX_RESULTS)
}

/// [`render`] with at most `max_results` results: failures are kept first
/// (see [`super::limit::kept`]); a notification and
/// `properties.resultsLeftOut` say how many were left out.
#[must_use]
pub fn render_with_limit(report: &Report, max_results: usize) -> String {
    let rules: Vec<Value> = report.controls.iter().map(rule).collect();
    let stack_file = report
        .files
        .iter()
        .find(|f| matches!(f.kind, FileKind::Terraform | FileKind::TerraformJson))
        .map(|f| f.path.as_str());
    let listed = report
        .controls
        .iter()
        .flat_map(|c| c.findings.iter())
        .filter(|f| f.status != FindingStatus::Pass);
    let keep = super::limit::kept(listed, max_results);
    let mut left_out = report.left_out.clone().unwrap_or_default();
    let mut keep = keep.into_iter();
    let results: Vec<Value> = report
        .controls
        .iter()
        .enumerate()
        .flat_map(|(i, c)| c.findings.iter().map(move |f| (i, c, f)))
        .filter(|(_, _, f)| f.status != FindingStatus::Pass)
        .filter_map(|(i, c, f)| {
            if keep.next().unwrap_or(true) {
                result(c, i, f, stack_file)
            } else {
                match f.status {
                    FindingStatus::Fail => left_out.fail += 1,
                    FindingStatus::Warn => left_out.warn += 1,
                    _ => left_out.suppressed += 1,
                }
                None
            }
        })
        .collect();
    let mut notifications: Vec<Value> = report
        .files
        .iter()
        .filter_map(|f| {
            let e = f.error.as_ref()?;
            let mut n = physical(&f.path, e.line, e.column);
            let location = n.take();
            Some(json!({
                "level": "error",
                "message": { "text": format!("{} could not be parsed: {}", f.path, e.message) },
                "locations": [location],
            }))
        })
        .collect();
    // Passes are never SARIF results: only what a reader must act on.
    left_out.pass = 0;
    let results_left_out = left_out.total();
    if results_left_out > 0 {
        left_out.limit = if report.left_out.is_some() {
            left_out.limit.min(max_results)
        } else {
            max_results
        };
        notifications.push(json!({
            "level": "warning",
            "message": { "text": left_out.sentence() },
        }));
    }
    let artifacts: Vec<Value> = report
        .files
        .iter()
        .filter(|f| f.kind != FileKind::Ignored)
        .map(|f| json!({ "location": { "uri": f.path } }))
        .collect();
    let mut log = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": report.tool.name,
                    "version": report.tool.version,
                    "semanticVersion": report.tool.version,
                    "rules": rules,
                }
            },
            "columnKind": "unicodeCodePoints",
            "artifacts": artifacts,
            "invocations": [{
                "executionSuccessful": true,
                "toolExecutionNotifications": notifications,
            }],
            "results": results,
            "properties": {
                "profile": report.profile.name(),
                "points": report.total.points,
                "percent": report.total.percent,
                "grade": report.total.grade,
                "trainingValue": report.total.training_value,
            },
        }],
    });
    if results_left_out > 0 {
        log["runs"][0]["properties"]["resultsLeftOut"] = json!(results_left_out);
    }
    let mut out = serde_json::to_string_pretty(&log).unwrap_or_default();
    out.push('\n');
    out
}

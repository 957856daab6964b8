//! The report: one data structure, the JSON contract of RUBRIC.md section
//! 9 with `schema_version` 1, built from the control results, and its
//! renderings in [`markdown`], [`json`] and [`sarif`]. Renderers read a
//! [`Report`] and never run rules; they only look up controls'
//! documentation by ID.
//!
//! Everything in a report is ordered (registry order for controls,
//! category order, sorted paths), so the same input always gives
//! byte-identical output.

pub mod basis;
pub mod json;
pub mod limit;
pub mod markdown;
pub mod sarif;
pub mod score;
pub mod validity;

pub use basis::{Basis, GradedAgainst};
pub use score::{CategoryScore, Grade, StatusCounts, Total};
pub use validity::{Validity, ValidityStatus};

use crate::compare::Comparison;
use crate::input::FileKind;
use crate::model::{Location, Model};
use crate::parse::ParseError;
use crate::profile::Profile;
use crate::prompt::StatedRequirement;
use crate::rules::{Category, ControlResult, FindingStatus, Severity, Status};
use serde::Serialize;

/// The version of the JSON report's shape; bumped when a field is renamed
/// or removed.
pub const SCHEMA_VERSION: u32 = 1;

/// How columns are counted in every location of the report.
pub const COLUMN_UNIT: &str = "unicode_scalar_values";

/// The analysis of one input set, possibly compared with a reference.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub schema_version: u32,
    pub tool: Tool,
    pub profile: Profile,
    /// Whether suppression comments were honoured.
    pub suppressions: bool,
    /// Unit of every `column` ([`COLUMN_UNIT`]).
    pub column_unit: &'static str,
    pub files: Vec<FileEntry>,
    /// What reading the input noticed without failing: duplicate object
    /// keys (Terraform keeps the last), blocks nested too deeply, …
    pub diagnostics: Vec<InputDiagnostic>,
    pub tests: TestSummary,
    /// Whether the configuration could deploy (gates the grade).
    pub validity: Validity,
    /// What the grade was measured against.
    pub basis: Basis,
    pub controls: Vec<ControlEntry>,
    pub categories: Vec<CategoryScore>,
    pub total: Total,
    /// IDs of failing controls, by severity.
    pub failures: FailuresBySeverity,
    /// What to do, most severe first: one action per failing or partly met
    /// control.
    pub actions: Vec<Action>,
    pub requirements: Vec<StatedRequirement>,
    pub comparison: Option<Comparison>,
    /// Findings not listed because of a limit (`--max-findings`); absent
    /// when every finding is listed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub left_out: Option<limit::LeftOut>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Tool {
    pub name: &'static str,
    pub version: &'static str,
}

impl Tool {
    #[must_use]
    pub fn current() -> Self {
        Tool {
            name: "tfgrade",
            version: env!("CARGO_PKG_VERSION"),
        }
    }
}

/// One input file and whether it parsed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileEntry {
    pub path: String,
    pub kind: FileKind,
    /// `null`, or where and why parsing stopped.
    pub error: Option<ParseError>,
}

/// Something reading the input noticed that Terraform accepts but a
/// reviewer should see (a duplicate object key silently drops a value).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct InputDiagnostic {
    pub file: String,
    pub line: u32,
    pub column: u32,
    pub message: String,
}

/// Test files found (Testing & Validation).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct TestSummary {
    pub files: usize,
    /// Test cases over all test files (`run` blocks, `it(`/`test(`, …).
    pub cases: usize,
}

/// One control's result as reported.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ControlEntry {
    pub id: &'static str,
    pub slug: &'static str,
    pub title: &'static str,
    pub category: Category,
    pub severity: Severity,
    pub status: Status,
    /// Why the control is n/a.
    pub not_applicable: Option<&'static str>,
    /// For `advice`: the status the control would have if it were scored.
    pub judged: Option<Status>,
    /// The task asks for this control (a requirement names it).
    pub required: bool,
    pub findings: Vec<FindingEntry>,
}

/// One finding: a judged resource (or the stack) with its location.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FindingEntry {
    pub status: FindingStatus,
    /// `null` for stack-level (presence) findings, like `line` and `column`.
    pub file: Option<String>,
    pub line: Option<u32>,
    pub column: Option<u32>,
    pub resource: Option<String>,
    pub message: String,
    /// Set for `suppressed` findings.
    pub suppression: Option<SuppressionEntry>,
    /// Other places involved.
    pub secondary: Vec<Location>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SuppressionEntry {
    /// The directive as written (`tfgrade:ignore:ENC001`).
    pub directive: String,
    pub reason: String,
    /// What the finding was before it was suppressed.
    pub was: &'static str,
}

/// Failing control IDs by severity.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct FailuresBySeverity {
    pub critical: Vec<&'static str>,
    pub high: Vec<&'static str>,
    pub medium: Vec<&'static str>,
    pub low: Vec<&'static str>,
}

impl FailuresBySeverity {
    #[must_use]
    pub fn of(&self, severity: Severity) -> &[&'static str] {
        match severity {
            Severity::Critical => &self.critical,
            Severity::High => &self.high,
            Severity::Medium => &self.medium,
            Severity::Low => &self.low,
        }
    }
}

/// A resolution action, taken from the control's remediation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Action {
    pub number: usize,
    pub control: &'static str,
    pub severity: Severity,
    pub status: Status,
    /// The remediation's first paragraph: what to do.
    pub summary: String,
    /// The whole remediation section (Markdown with an `hcl` example).
    pub remediation: String,
}

impl Report {
    /// The report as pretty JSON (see [`json::render`]).
    #[must_use]
    pub fn to_json(&self) -> String {
        json::render(self)
    }

    /// The report as Markdown in the layout of hand-written reviews.
    #[must_use]
    pub fn to_markdown(&self) -> String {
        markdown::render(self)
    }

    /// The report as SARIF 2.1.0.
    #[must_use]
    pub fn to_sarif(&self) -> String {
        sarif::render(self)
    }

    /// A control's entry by ID.
    #[must_use]
    pub fn control(&self, id: &str) -> Option<&ControlEntry> {
        self.controls.iter().find(|c| c.id.eq_ignore_ascii_case(id))
    }

    /// The status of a control (n/a when unknown).
    #[must_use]
    pub fn status(&self, id: &str) -> Status {
        self.control(id).map_or(Status::NotApplicable, |c| c.status)
    }
}

/// The files of a model: Terraform files with their parse errors, test
/// files and ignored files, sorted by path.
#[must_use]
pub fn file_entries(model: &Model) -> Vec<FileEntry> {
    let errors: std::collections::BTreeMap<usize, &ParseError> = model
        .parse_errors
        .iter()
        .map(|(file, e)| (*file, e))
        .collect();
    let terraform_paths: std::collections::BTreeSet<&str> =
        model.files.iter().map(|f| f.path.as_str()).collect();
    let mut out: Vec<FileEntry> = model
        .files
        .iter()
        .enumerate()
        .map(|(id, f)| FileEntry {
            path: f.path.clone(),
            kind: model
                .file_kinds
                .get(id)
                .copied()
                .unwrap_or(FileKind::Terraform),
            error: errors.get(&id).map(|e| (*e).clone()),
        })
        .collect();
    // `.tftest.hcl` files are Terraform-syntax files, already listed.
    out.extend(
        model
            .test_files
            .iter()
            .filter(|t| !terraform_paths.contains(t.path.as_str()))
            .map(|t| FileEntry {
                path: t.path.clone(),
                kind: FileKind::OtherTest,
                error: None,
            }),
    );
    out.extend(model.ignored.iter().map(|p| FileEntry {
        path: p.clone(),
        kind: FileKind::Ignored,
        error: None,
    }));
    out.sort_by(|a, b| a.path.cmp(&b.path).then(a.kind.cmp(&b.kind)));
    out
}

fn finding_entry(f: &crate::rules::Finding) -> FindingEntry {
    FindingEntry {
        status: f.status,
        file: f.location.as_ref().map(|l| l.file.clone()),
        line: f.location.as_ref().map(|l| l.line),
        column: f.location.as_ref().map(|l| l.column),
        resource: f.resource.clone(),
        message: f.message.clone(),
        suppression: f.suppression.as_ref().map(|s| SuppressionEntry {
            directive: s.directive.clone(),
            reason: s.reason.clone(),
            was: FindingStatus::from(s.was).name(),
        }),
        secondary: f.secondary.clone(),
    }
}

/// The remediation's first paragraph, as one line ending in a full stop.
#[must_use]
pub fn remediation_summary(remediation: &str) -> String {
    let paragraph: Vec<&str> = remediation
        .lines()
        .map(str::trim)
        .take_while(|l| !l.is_empty() && !l.starts_with("```"))
        .collect();
    let mut text = paragraph.join(" ");
    if text.ends_with(':') {
        text.pop();
        text.push('.');
    } else if !text.is_empty() && !text.ends_with('.') {
        text.push('.');
    }
    text
}

/// Severity, then failing before partly met, then registry order.
fn action_order(c: &ControlEntry) -> (Severity, u8) {
    (c.severity, u8::from(c.status != Status::Fail))
}

/// The model's diagnostics with locations, sorted.
#[must_use]
pub fn input_diagnostics(model: &Model) -> Vec<InputDiagnostic> {
    let mut out: Vec<InputDiagnostic> = model
        .diagnostics
        .iter()
        .map(|d| {
            let Location { file, line, column } = model.location(&d.span);
            InputDiagnostic {
                file,
                line,
                column,
                message: d.message.clone(),
            }
        })
        .collect();
    out.sort();
    out.dedup();
    out
}

/// How an analysis was graded: the same for a candidate and its reference.
#[derive(Debug, Clone)]
pub struct Grading<'a> {
    pub profile: Profile,
    pub suppressions: bool,
    pub requirements: Vec<StatedRequirement>,
    /// Control IDs the task requires.
    pub required_controls: &'a [String],
    pub against: GradedAgainst,
}

/// Builds the report of one analysed input set (without comparison);
/// `has_content` is false when the input holds nothing to grade.
#[must_use]
pub fn build(
    model: &Model,
    results: &[ControlResult],
    grading: Grading<'_>,
    has_content: bool,
) -> Report {
    let Grading {
        profile,
        suppressions,
        requirements,
        required_controls,
        against,
    } = grading;
    let controls: Vec<ControlEntry> = results
        .iter()
        .map(|r| ControlEntry {
            id: r.control.id,
            slug: r.control.slug,
            title: r.control.title(),
            category: r.control.category,
            severity: r.control.severity,
            status: r.status,
            not_applicable: r.not_applicable,
            judged: r.judged,
            required: required_controls
                .iter()
                .any(|c| c.eq_ignore_ascii_case(r.control.id)),
            findings: r.findings.iter().map(finding_entry).collect(),
        })
        .collect();
    let categories = score::category_scores(results);
    let mut total = score::total(&categories, results);
    let validity = validity::judge(model, results, has_content);
    score::gate(&mut total, &validity);
    let basis = basis::basis(results, profile, against, requirements.len());

    let mut failures = FailuresBySeverity::default();
    for c in controls.iter().filter(|c| c.status == Status::Fail) {
        match c.severity {
            Severity::Critical => failures.critical.push(c.id),
            Severity::High => failures.high.push(c.id),
            Severity::Medium => failures.medium.push(c.id),
            Severity::Low => failures.low.push(c.id),
        }
    }

    let mut to_fix: Vec<(usize, &ControlEntry)> = controls
        .iter()
        .enumerate()
        // Nothing to grade: nothing to fix either.
        .filter(|(_, c)| has_content && matches!(c.status, Status::Fail | Status::Warn))
        .collect();
    to_fix.sort_by_key(|(i, c)| (action_order(c), *i));
    let actions = to_fix
        .iter()
        .enumerate()
        .map(|(n, (_, c))| {
            let remediation = crate::rules::control_by_id(c.id)
                .map(crate::rules::Control::remediation)
                .unwrap_or_default();
            Action {
                number: n + 1,
                control: c.id,
                severity: c.severity,
                status: c.status,
                summary: remediation_summary(&remediation),
                remediation,
            }
        })
        .collect();

    Report {
        schema_version: SCHEMA_VERSION,
        tool: Tool::current(),
        profile,
        suppressions,
        column_unit: COLUMN_UNIT,
        files: file_entries(model),
        diagnostics: input_diagnostics(model),
        tests: TestSummary {
            files: model.test_files.len(),
            cases: model.test_files.iter().map(|t| t.cases).sum(),
        },
        validity,
        basis,
        controls,
        categories,
        total,
        failures,
        actions,
        requirements,
        comparison: None,
        left_out: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remediation_summary_is_the_first_paragraph() {
        let r = "Set `x = true` on every key\n(optionally y):\n\n```hcl\nresource {}\n```";
        assert_eq!(
            remediation_summary(r),
            "Set `x = true` on every key (optionally y)."
        );
        assert_eq!(remediation_summary("Add a trail"), "Add a trail.");
    }
}

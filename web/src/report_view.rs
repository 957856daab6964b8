//! The report as the page reads it: the JSON contract of RUBRIC section 9,
//! deserialised leniently (fields the page does not show are ignored, and
//! fields added later cannot break it).

use serde::Deserialize;

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct ReportView {
    pub schema_version: u32,
    pub profile: String,
    pub files: Vec<FileView>,
    pub controls: Vec<ControlView>,
    pub categories: Vec<CategoryView>,
    pub total: TotalView,
    pub requirements: Vec<RequirementView>,
    pub comparison: Option<ComparisonView>,
    pub actions: Vec<ActionView>,
    /// What the report graded against, and why the grade was capped.
    pub basis: Option<BasisView>,
    /// Whether the configuration would deploy (the first question).
    pub validity: Option<ValidityView>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct ValidityView {
    /// `valid`, `invalid`, `broken` or `empty`.
    pub status: String,
    pub summary: String,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct BasisView {
    pub summary: String,
    pub total: Option<CapHolder>,
}

/// Something carrying a `cap` (the shape is read leniently: a string, or
/// an object with a `reason`, `message` or `summary`).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct CapHolder {
    pub cap: Option<serde_json::Value>,
}

/// A cap as words.
#[must_use]
pub fn cap_text(cap: &serde_json::Value) -> Option<String> {
    match cap {
        serde_json::Value::Null | serde_json::Value::Bool(false) => None,
        serde_json::Value::String(s) if s.is_empty() => None,
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Object(o) => ["reason", "message", "summary"]
            .iter()
            .find_map(|k| o.get(*k).and_then(|v| v.as_str()).map(str::to_string))
            .or_else(|| Some(cap.to_string())),
        other => Some(other.to_string()),
    }
}

impl ReportView {
    /// Why the grade was capped, wherever the report says it.
    #[must_use]
    pub fn cap(&self) -> Option<String> {
        self.total.cap.as_ref().and_then(cap_text).or_else(|| {
            self.basis
                .as_ref()
                .and_then(|b| b.total.as_ref())
                .and_then(|t| t.cap.as_ref())
                .and_then(cap_text)
        })
    }
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct FileView {
    pub path: String,
    pub error: Option<ErrorView>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct ErrorView {
    pub line: u32,
    pub column: u32,
    pub message: String,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct ControlView {
    pub id: String,
    pub slug: String,
    pub category: String,
    pub severity: String,
    pub status: String,
    pub title: String,
    pub findings: Vec<FindingView>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct FindingView {
    pub status: String,
    pub file: Option<String>,
    pub line: Option<u32>,
    pub column: Option<u32>,
    pub resource: Option<String>,
    pub message: String,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct CategoryView {
    pub code: String,
    pub name: String,
    pub score: Option<f64>,
    pub max: f64,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct TotalView {
    pub points: f64,
    pub max: f64,
    pub percent: f64,
    pub grade: String,
    pub training_value: f64,
    /// Why the grade was capped (failing Critical controls), if it was.
    pub cap: Option<serde_json::Value>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct RequirementView {
    pub key: String,
    pub value: String,
    pub source: Option<String>,
    /// `prompt` or `override`.
    pub origin: String,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct ComparisonView {
    pub total: TotalView,
    pub categories: Vec<CategoryView>,
    pub overlap: OverlapView,
    pub rows: Vec<ComparisonRow>,
    pub regressions: Vec<String>,
}

/// Resource-type overlap of candidate and reference (Jaccard).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct OverlapView {
    pub jaccard: Option<f64>,
    pub misread: bool,
    pub candidate_only: Vec<String>,
    pub reference_only: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct ComparisonRow {
    pub id: String,
    pub candidate: String,
    pub reference: String,
    pub severity: String,
}

/// A resolution action, when the report carries them.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct ActionView {
    pub number: usize,
    pub control: String,
    pub severity: String,
    pub status: String,
    pub summary: String,
}

/// Severity order, most severe first (unknown last).
#[must_use]
pub fn severity_rank(severity: &str) -> u8 {
    match severity {
        "critical" => 0,
        "high" => 1,
        "medium" => 2,
        "low" => 3,
        _ => 4,
    }
}

/// Status order for "worst first": fail, warn, unknown, advice,
/// suppressed, pass, n/a, then any status this page does not know yet.
#[must_use]
pub fn status_rank(status: &str) -> u8 {
    match status {
        "fail" => 0,
        "warn" => 1,
        "unknown" => 2,
        "advice" => 3,
        "suppressed" => 4,
        "pass" => 5,
        "n/a" => 6,
        _ => 7,
    }
}

impl ComparisonRow {
    /// The reference meets the control and the candidate does not.
    #[must_use]
    pub fn is_regression(&self) -> bool {
        status_rank(&self.candidate) < status_rank(&self.reference)
            && status_rank(&self.candidate) <= 1
    }
}

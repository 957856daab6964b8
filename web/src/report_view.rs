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
    pub cap: Option<String>,
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

/// Status order for "worst first": fail, warn, pass, n/a.
#[must_use]
pub fn status_rank(status: &str) -> u8 {
    match status {
        "fail" => 0,
        "warn" => 1,
        "suppressed" => 2,
        "pass" => 3,
        _ => 4,
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

//! What the page and the analysis worker say to each other. Both sides are
//! this crate, so the messages are plain serde structs sent as JSON strings
//! (a string is copied by `postMessage` without any structured-clone walk).

use serde::{Deserialize, Serialize};

/// The worker's first message: its wasm is loaded and it listens.
pub const READY: &str = "ready";

/// One file as the user gave it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceText {
    pub path: String,
    pub text: String,
}

/// A requirement set by hand or kept from the prompt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequirementEntry {
    pub key: String,
    pub value: String,
    /// The prompt sentence it came from; `None` for a hand-written override.
    pub source: Option<String>,
    /// How sure the reading is; `low` ones are listed, not scored.
    #[serde(default)]
    pub confidence: tfgrade_core::prompt::Confidence,
}

/// The user's changes to what the prompt implies: a key mapped to `None`
/// is removed, to `Some(value)` is replaced.
pub type PromptEdits = std::collections::BTreeMap<String, Option<String>>;

/// Everything one analysis needs.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnalysisRequest {
    /// Increases with every request; stale answers are dropped.
    pub id: u32,
    pub candidate: Vec<SourceText>,
    /// Empty: no comparison.
    pub reference: Vec<SourceText>,
    /// `module`, `baseline` or `strict`.
    pub profile: String,
    /// `KEY=VALUE` lines typed by the user.
    pub overrides: String,
    pub prompt: String,
    pub prompt_edits: PromptEdits,
}

/// The analysis of one request, with the report already rendered in every
/// export format so downloads need no second run.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AnalysisResponse {
    pub id: u32,
    /// The report as the JSON contract (RUBRIC section 9), pretty-printed.
    pub json: String,
    pub markdown: String,
    pub sarif: String,
    /// What the prompt implies before the user's edits, with sentences.
    pub extracted: Vec<RequirementEntry>,
    /// Problems with the options (a malformed `KEY=VALUE` line…).
    pub option_errors: Vec<String>,
    /// Milliseconds the analysis took in the worker.
    pub elapsed_ms: f64,
}

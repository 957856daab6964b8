//! What the page and the analysis worker say to each other. Both sides are
//! this crate, so the messages are serde structs sent as JSON strings (a
//! string is copied by `postMessage` without any structured-clone walk).
//!
//! Page → worker: one [`Request`] as a JSON string.
//! Worker → page: a JS array whose first element names the message:
//! `["ready", catalog]`, `["analysed", response]`, `["result", call, ok, text]`,
//! or, from the loader when the worker's own files cannot load,
//! `["failed", message]`.

use serde::{Deserialize, Serialize};

/// One file as the user gave it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceText {
    pub path: String,
    pub text: String,
    /// The file's bytes as read from disk (base64), while the text is not
    /// edited: the core decodes them exactly as the CLI does (invalid UTF-8
    /// reported at its byte, a byte-order mark handled), where `text` is
    /// only the browser's lossy reading for the editor.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bytes: Option<String>,
}

impl SourceText {
    #[must_use]
    pub fn new(path: impl Into<String>, text: impl Into<String>) -> Self {
        Self {
            path: path.into(),
            text: text.into(),
            bytes: None,
        }
    }
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

/// Identity of an extracted requirement for the user's edits (a key such
/// as `services` can be extracted several times with different values).
#[must_use]
pub fn edit_key(entry: &RequirementEntry) -> String {
    format!("{}={}", entry.key, entry.value)
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
    /// The page's input revision this request was made from.
    #[serde(default)]
    pub revision: u32,
}

/// Page → worker.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Request {
    Analyse(AnalysisRequest),
    /// The report of analysis `id` (the worker keeps the latest) rendered
    /// as `json`, `markdown` or `sarif`.
    Export {
        call: u32,
        id: u32,
        format: String,
    },
    /// A call of the JS API: its arguments as JSON, checked by the worker.
    Api {
        call: u32,
        files: String,
        options: String,
    },
    /// Which of these paths tfgrade reads (files worth reading from a drop).
    Classify {
        call: u32,
        paths: Vec<String>,
    },
}

/// Findings per control sent to the page; the exports carry all of them.
pub const FINDINGS_SHOWN: usize = 50;
/// Editor marks per file sent to the page.
pub const MARKS_PER_FILE: usize = 5_000;

/// The analysis of one request, sized for the page: the report with at
/// most [`FINDINGS_SHOWN`] findings per control, the marks for the
/// editor, and per-file counts. Exports are rendered on request.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AnalysisResponse {
    pub id: u32,
    /// The report as the JSON contract (RUBRIC section 9), findings capped.
    pub report: String,
    /// Findings of each control before the cap (control ID, count).
    pub findings_total: Vec<(String, usize)>,
    /// Marks for the editor, per candidate file.
    pub marks: Vec<FileMarks>,
    /// Errors and failures per candidate file, for the file tree.
    pub file_stats: Vec<FileStats>,
    /// What the prompt implies before the user's edits, with sentences.
    pub extracted: Vec<RequirementEntry>,
    /// Problems with the options (a malformed `KEY=VALUE` line…).
    pub option_errors: Vec<String>,
    /// Milliseconds the analysis took in the worker.
    pub elapsed_ms: f64,
}

/// The editor marks of one file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct FileMarks {
    /// The page's path of the file (a Markdown answer's blocks are marked in
    /// the Markdown file itself).
    pub path: String,
    pub marks: Vec<Mark>,
    /// Marks left out beyond [`MARKS_PER_FILE`].
    pub omitted: usize,
}

/// A finding, parse error or input diagnostic at a place in a file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Mark {
    pub line: u32,
    pub column: u32,
    /// `error`, `warning` or `info` (the editor's levels).
    pub level: String,
    /// The finding's status (`fail`, `warn`, …) or `parse error`.
    pub status: String,
    /// Empty for parse errors and input diagnostics.
    pub control: String,
    pub severity: String,
    pub message: String,
}

/// Counts for one candidate file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileStats {
    pub path: String,
    /// Parse errors and input diagnostics.
    pub errors: usize,
    pub failures: usize,
    pub warnings: usize,
}

/// What the page needs to know about the controls, sent once by the worker
/// (the page itself does not carry the core).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Catalog {
    pub version: String,
    /// (code, name), in report order.
    pub categories: Vec<(String, String)>,
    pub requirement_keys: Vec<String>,
    pub controls: Vec<ControlDoc>,
}

/// A control's documentation.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ControlDoc {
    pub id: String,
    pub slug: String,
    pub title: String,
    pub category: String,
    pub category_name: String,
    pub severity: String,
    /// `stack-level`, `whole configuration` or the resource types.
    pub scope: String,
    pub rationale: String,
    pub remediation: String,
    pub references: Vec<String>,
    /// `Checkov CKV_AWS_19 (same check)`.
    pub peers: Vec<String>,
    pub good: Option<String>,
    pub bad: Option<String>,
}

impl Catalog {
    #[must_use]
    pub fn control(&self, id: &str) -> Option<&ControlDoc> {
        self.controls.iter().find(|c| c.id == id)
    }

    /// A control's title, or "" when unknown.
    #[must_use]
    pub fn title(&self, id: &str) -> String {
        self.control(id)
            .map(|c| c.title.clone())
            .unwrap_or_default()
    }
}

//! The worker's side: runs the core on a request and shapes the answer for
//! the page (report with findings capped, editor marks, per-file counts),
//! renders exports on request, answers JS API calls, and describes the
//! controls once. Only the worker links this module; the page never calls
//! the core, so its wasm does not carry it.

mod api;
mod catalog;
mod view;

pub use api::api;
pub use catalog::catalog;

use crate::protocol::{edit_key, AnalysisRequest, AnalysisResponse, RequirementEntry, SourceText};
use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use tfgrade_core::profile::{Profile, Requirements};
use tfgrade_core::prompt::{Confidence, Extracted};
use tfgrade_core::{analyze as core_analyze, AnalysisOptions, FileKind, InputSet, Report};

/// Builds a core input set from the page's files: the bytes as read from
/// disk when the page still has them, else the edited text.
#[must_use]
pub fn input_set(files: &[SourceText]) -> InputSet {
    let mut input = InputSet::new();
    for file in files {
        let bytes = file
            .bytes
            .as_deref()
            .and_then(|b| STANDARD.decode(b).ok())
            .unwrap_or_else(|| file.text.as_bytes().to_vec());
        input.add(file.path.clone(), bytes);
    }
    input
}

/// The prompt's requirements after the user's edits (removed ones left out,
/// edited ones with the new value and the same sentence).
#[must_use]
pub fn edited_prompt_requirements(
    extracted: &[RequirementEntry],
    request: &AnalysisRequest,
) -> Vec<Extracted> {
    extracted
        .iter()
        .filter_map(|e| {
            let value = match request.prompt_edits.get(&edit_key(e)) {
                Some(None) => return None,
                Some(Some(edited)) => edited.trim().to_string(),
                None => e.value.clone(),
            };
            // A requirement the user edited is one they confirmed.
            let confidence = if value == e.value {
                e.confidence
            } else {
                Confidence::High
            };
            Some(Extracted {
                key: e.key.clone(),
                value,
                source: e.source.clone().unwrap_or_default(),
                confidence,
            })
        })
        .collect()
}

/// The hand-written `KEY=VALUE` overrides; malformed lines are reported,
/// never fatal.
pub fn overrides(text: &str, errors: &mut Vec<String>) -> Requirements {
    let mut requirements = Requirements::new();
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Err(e) = requirements.set_pair(line) {
            errors.push(e.to_string());
        }
    }
    requirements
}

/// Parses the profile name, defaulting to `task` with an error noted.
pub fn profile(name: &str, errors: &mut Vec<String>) -> Profile {
    match name.parse() {
        Ok(p) => p,
        Err(e) => {
            errors.push(format!("{e}"));
            Profile::Task
        }
    }
}

/// The report of a request, with what the page shows beside it.
pub struct Analysed {
    pub report: Report,
    pub extracted: Vec<RequirementEntry>,
    pub option_errors: Vec<String>,
}

/// Analyses a request.
#[must_use]
pub fn run(request: &AnalysisRequest) -> Analysed {
    let mut errors = Vec::new();
    let profile = profile(&request.profile, &mut errors);
    let extracted: Vec<RequirementEntry> = tfgrade_core::prompt::extract(&request.prompt)
        .into_iter()
        .map(|e| RequirementEntry {
            key: e.key,
            value: e.value,
            source: Some(e.source),
            confidence: e.confidence,
        })
        .collect();
    let overrides = overrides(&request.overrides, &mut errors);
    // The prompt goes to the core as it is while the user kept its
    // requirements; after edits, the edited list is resolved here and given
    // as explicit requirements (each keeping its sentence).
    let (prompt, requirements) = if request.prompt_edits.is_empty() {
        let prompt = request.prompt.trim();
        ((!prompt.is_empty()).then(|| prompt.to_string()), overrides)
    } else {
        let edited = edited_prompt_requirements(&extracted, request);
        let (merged, _) = tfgrade_core::prompt::resolve(&edited, &overrides);
        (None, merged)
    };
    let options = AnalysisOptions {
        profile,
        requirements,
        prompt,
        reference: (!request.reference.is_empty()).then(|| input_set(&request.reference)),
        ..AnalysisOptions::default()
    };
    let report = core_analyze(&input_set(&request.candidate), &options);
    Analysed {
        report,
        extracted,
        option_errors: errors,
    }
}

/// The page's answer for an analysis.
#[must_use]
pub fn respond(request: &AnalysisRequest, analysed: &Analysed) -> AnalysisResponse {
    let paths: Vec<&str> = request.candidate.iter().map(|f| f.path.as_str()).collect();
    let (marks, file_stats) = view::marks_and_stats(&analysed.report, &paths);
    let (report, findings_total) = view::capped_report(&analysed.report);
    AnalysisResponse {
        id: request.id,
        report,
        findings_total,
        marks,
        file_stats,
        extracted: analysed.extracted.clone(),
        option_errors: analysed.option_errors.clone(),
        elapsed_ms: 0.0,
    }
}

/// A report in an export format.
///
/// # Errors
/// The format's name when it is not `json`, `markdown` or `sarif`.
pub fn export(report: &Report, format: &str) -> Result<String, String> {
    match format {
        "json" => Ok(report.to_json()),
        "markdown" => Ok(report.to_markdown()),
        "sarif" => Ok(report.to_sarif()),
        other => Err(format!(
            "unknown format `{other}` (object, json, markdown, sarif)"
        )),
    }
}

/// Which paths are worth reading: what the core reads, plus JSON and
/// templates that `file()` and `templatefile()` may load.
#[must_use]
pub fn classify(paths: &[String]) -> Vec<bool> {
    paths
        .iter()
        .map(|path| {
            let lower = path.to_ascii_lowercase();
            FileKind::of_path(path) != FileKind::Ignored
                || lower.ends_with(".json")
                || lower.ends_with(".tpl")
                || lower.ends_with(".tftpl")
        })
        .collect()
}

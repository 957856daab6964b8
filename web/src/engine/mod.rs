//! Runs the core on a request: the only place the web crate calls the
//! analysis, shared by the worker, the embedding API and the tests.
//! It turns the page's options into the core's and hands back the report
//! in every export format; it judges nothing itself.

use crate::protocol::{AnalysisRequest, AnalysisResponse, RequirementEntry, SourceText};
use tfgrade_core::profile::{Profile, Requirements};
use tfgrade_core::prompt::{Confidence, Extracted};
use tfgrade_core::InputSet;

/// Builds a core input set from the page's files.
#[must_use]
pub fn input_set(files: &[SourceText]) -> InputSet {
    let mut input = InputSet::new();
    for file in files {
        input.add(file.path.clone(), file.text.as_bytes().to_vec());
    }
    input
}

/// Identity of an extracted requirement for the user's edits (a key such
/// as `services` can be extracted several times with different values).
#[must_use]
pub fn edit_key(entry: &RequirementEntry) -> String {
    format!("{}={}", entry.key, entry.value)
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

/// Parses the profile name, defaulting to `baseline` with an error noted.
pub fn profile(name: &str, errors: &mut Vec<String>) -> Profile {
    match name.parse() {
        Ok(p) => p,
        Err(e) => {
            errors.push(format!("{e}"));
            Profile::Baseline
        }
    }
}

/// Analyses a request.
#[must_use]
pub fn run(request: &AnalysisRequest) -> AnalysisResponse {
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
    let edited =
        (!request.prompt_edits.is_empty()).then(|| edited_prompt_requirements(&extracted, request));
    let rendered = backend::analyze(request, profile, edited.as_deref(), &overrides);
    AnalysisResponse {
        id: request.id,
        json: rendered.json,
        markdown: rendered.markdown,
        sarif: rendered.sarif,
        extracted,
        option_errors: errors,
        elapsed_ms: 0.0,
    }
}

/// One report in the three export formats.
pub struct Rendered {
    pub json: String,
    pub markdown: String,
    pub sarif: String,
}

mod backend;

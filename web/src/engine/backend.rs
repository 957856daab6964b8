//! The core call behind [`super::run`]: `tfgrade_core::analyze` and the
//! report's own renderers.

use super::Rendered;
use crate::protocol::AnalysisRequest;
use tfgrade_core::profile::{Profile, Requirements};
use tfgrade_core::prompt::Extracted;
use tfgrade_core::{analyze as core_analyze, AnalysisOptions};

/// `prompt` is used as the core's prompt when the user kept the extracted
/// requirements as they are; after edits, the edited list is resolved here
/// and given as explicit requirements (each keeping its sentence).
pub fn analyze(
    request: &AnalysisRequest,
    profile: Profile,
    edited_prompt: Option<&[Extracted]>,
    overrides: &Requirements,
) -> Rendered {
    let (prompt, requirements) = match edited_prompt {
        None => {
            let prompt = request.prompt.trim();
            (
                (!prompt.is_empty()).then(|| prompt.to_string()),
                overrides.clone(),
            )
        }
        Some(edited) => {
            let (merged, _) = tfgrade_core::prompt::resolve(edited, overrides);
            (None, merged)
        }
    };
    let options = AnalysisOptions {
        profile,
        requirements,
        prompt,
        reference: (!request.reference.is_empty()).then(|| super::input_set(&request.reference)),
        ..AnalysisOptions::default()
    };
    let report = core_analyze(&super::input_set(&request.candidate), &options);
    Rendered {
        json: report.to_json(),
        markdown: report.to_markdown(),
        sarif: report.to_sarif(),
    }
}

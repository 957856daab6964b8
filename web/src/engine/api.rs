//! `tfgrade.analyze(files, options)` as the worker answers it. The page
//! checks the JavaScript types and sends both arguments as JSON; here they
//! are read strictly (an unknown option is an error naming it).

use crate::protocol::{AnalysisRequest, SourceText};
use serde::Deserialize;
use std::collections::BTreeMap;

/// Options of `tfgrade.analyze`; every field may be left out.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct ApiOptions {
    /// `module`, `baseline` (default) or `strict`.
    profile: Option<String>,
    /// `{ "deletion_protection": "forbidden" }`.
    requirements: BTreeMap<String, String>,
    /// Task text whose requirements are extracted.
    prompt: Option<String>,
    /// Files of a reference answer (`{ path: text }`): comparison mode.
    reference: BTreeMap<String, String>,
    /// `"object"` (default), `"json"`, `"markdown"` or `"sarif"`.
    format: Option<String>,
}

fn texts(files: BTreeMap<String, String>) -> Vec<SourceText> {
    files
        .into_iter()
        .map(|(path, text)| SourceText::new(path, text))
        .collect()
}

/// The answer to an API call: the report in the asked format (`object`
/// answers the JSON, which the page parses), or an error message.
///
/// # Errors
/// A message naming the problem: malformed arguments, an unknown option,
/// profile, requirement key or format.
pub fn api(files: &str, options: &str) -> Result<String, String> {
    let files: BTreeMap<String, String> = serde_json::from_str(files)
        .map_err(|e| format!("tfgrade.analyze: files must map paths to texts: {e}"))?;
    let options: ApiOptions =
        serde_json::from_str(options).map_err(|e| format!("tfgrade.analyze: options: {e}"))?;
    let format = options.format.unwrap_or_else(|| "object".into());
    if !["object", "json", "markdown", "sarif"].contains(&format.as_str()) {
        return Err(format!(
            "tfgrade.analyze: unknown format `{format}` (object, json, markdown, sarif)"
        ));
    }
    let request = AnalysisRequest {
        id: 0,
        candidate: texts(files),
        reference: texts(options.reference),
        profile: options.profile.unwrap_or_else(|| "task".into()),
        overrides: options
            .requirements
            .iter()
            .map(|(k, v)| format!("{k}={v}\n"))
            .collect(),
        prompt: options.prompt.unwrap_or_default(),
        prompt_edits: BTreeMap::new(),
        revision: 0,
    };
    let analysed = super::run(&request);
    if let Some(problem) = analysed.option_errors.first() {
        return Err(format!("tfgrade.analyze: {problem}"));
    }
    let as_format = if format == "object" { "json" } else { &format };
    super::export(&analysed.report, as_format)
}

//! The embedding API for pages that call the core directly (no worker, no
//! page): `tfgrade.analyze(files, options)` returns the report object of
//! the JSON contract (RUBRIC section 9). Documented in `web/README-web.md`.

use crate::protocol::{AnalysisRequest, SourceText};
use serde::Deserialize;
use std::collections::BTreeMap;
use wasm_bindgen::prelude::*;

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

/// One error conversion for the whole boundary.
fn into_error(message: impl std::fmt::Display) -> JsValue {
    js_sys::Error::new(&message.to_string()).into()
}

fn texts(files: BTreeMap<String, String>) -> Vec<SourceText> {
    files
        .into_iter()
        .map(|(path, text)| SourceText { path, text })
        .collect()
}

/// Analyses `files` (`{ path: text }`) with `options`.
///
/// # Errors
/// A JS `Error` for malformed arguments or options (an unknown profile, a
/// requirement key the core does not know, an unknown format).
pub fn analyze(files: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
    let files: BTreeMap<String, String> =
        serde_wasm_bindgen::from_value(files).map_err(|e| into_error(format!("files: {e}")))?;
    let options: ApiOptions = if options.is_undefined() || options.is_null() {
        ApiOptions::default()
    } else {
        serde_wasm_bindgen::from_value(options).map_err(|e| into_error(format!("options: {e}")))?
    };
    let request = AnalysisRequest {
        id: 0,
        candidate: texts(files),
        reference: texts(options.reference),
        profile: options.profile.unwrap_or_else(|| "baseline".into()),
        overrides: options
            .requirements
            .iter()
            .map(|(k, v)| format!("{k}={v}\n"))
            .collect(),
        prompt: options.prompt.unwrap_or_default(),
        prompt_edits: BTreeMap::new(),
    };
    let response = crate::engine::run(&request);
    if let Some(problem) = response.option_errors.first() {
        return Err(into_error(problem));
    }
    match options.format.as_deref().unwrap_or("object") {
        "object" => js_sys::JSON::parse(&response.json),
        "json" => Ok(JsValue::from_str(&response.json)),
        "markdown" => Ok(JsValue::from_str(&response.markdown)),
        "sarif" => Ok(JsValue::from_str(&response.sarif)),
        other => Err(into_error(format!(
            "unknown format `{other}` (object, json, markdown, sarif)"
        ))),
    }
}

/// Installs `window.tfgrade = { version, analyze }`.
pub fn install() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let api = js_sys::Object::new();
    let analyze = Closure::<dyn Fn(JsValue, JsValue) -> Result<JsValue, JsValue>>::new(analyze);
    let _ = js_sys::Reflect::set(&api, &"analyze".into(), analyze.as_ref());
    analyze.forget();
    let _ = js_sys::Reflect::set(&api, &"version".into(), &env!("CARGO_PKG_VERSION").into());
    let _ = js_sys::Reflect::set(&window, &"tfgrade".into(), &api);
}

//! The JSON report (RUBRIC.md section 9): the [`Report`] serialised as is,
//! pretty-printed. Field order is the structs' declaration order and every
//! list is ordered, so output is byte-identical for the same input.

use super::Report;

/// The report as pretty JSON, ending with a newline.
#[must_use]
pub fn render(report: &Report) -> String {
    // Serialising plain structs of strings, numbers and lists cannot fail;
    // the fallback keeps the function total anyway.
    let mut out = serde_json::to_string_pretty(report)
        .unwrap_or_else(|e| format!("{{\"error\": {:?}}}", e.to_string()));
    out.push('\n');
    out
}

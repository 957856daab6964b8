//! The report cut to what the page draws: a bounded number of findings
//! per control, the editor's marks per file and counts per file. A 5 MB
//! input with 100,000 findings must not become a 200 MB message.

use crate::protocol::{FileMarks, FileStats, Mark, FINDINGS_SHOWN, MARKS_PER_FILE};
use std::collections::BTreeMap;
use tfgrade_core::Report;

/// The report as JSON with at most [`FINDINGS_SHOWN`] findings per control
/// (problems first), and each control's finding count before the cap.
#[must_use]
pub fn capped_report(report: &Report) -> (String, Vec<(String, usize)>) {
    let mut capped = report.clone();
    let mut totals = Vec::with_capacity(capped.controls.len());
    for control in &mut capped.controls {
        totals.push((control.id.to_string(), control.findings.len()));
        if control.findings.len() > FINDINGS_SHOWN {
            // Stable: problems keep their order, passes go last.
            control.findings.sort_by_key(|f| f.status.name() == "pass");
            control.findings.truncate(FINDINGS_SHOWN);
        }
    }
    let json = serde_json::to_string(&capped).unwrap_or_default();
    (json, totals)
}

/// The page file a report path belongs to: itself, or the Markdown answer
/// its block was extracted from (`answer.md/main.tf` is marked in
/// `answer.md`, whose line numbers the report uses).
fn owner<'a>(paths: &[&'a str], reported: &str) -> Option<&'a str> {
    paths.iter().copied().find(|p| *p == reported).or_else(|| {
        paths
            .iter()
            .copied()
            .filter(|p| {
                reported.len() > p.len()
                    && reported.starts_with(p)
                    && reported.as_bytes()[p.len()] == b'/'
            })
            .max_by_key(|p| p.len())
    })
}

fn level(status: &str) -> &'static str {
    match status {
        "fail" | "parse error" => "error",
        "warn" => "warning",
        _ => "info",
    }
}

/// Marks for the editor (failing and warning findings, parse errors, input
/// diagnostics) and counts per file, in the page's paths.
#[must_use]
pub fn marks_and_stats(report: &Report, paths: &[&str]) -> (Vec<FileMarks>, Vec<FileStats>) {
    let mut marks: BTreeMap<&str, FileMarks> = BTreeMap::new();
    let mut stats: BTreeMap<&str, FileStats> = paths
        .iter()
        .map(|p| {
            (
                *p,
                FileStats {
                    path: (*p).to_string(),
                    ..FileStats::default()
                },
            )
        })
        .collect();
    let mut add = |path: &str, mark: Mark| {
        let Some(file) = owner(paths, path) else {
            return;
        };
        if let Some(s) = stats.get_mut(file) {
            match mark.status.as_str() {
                "fail" => s.failures += 1,
                "warn" => s.warnings += 1,
                "parse error" | "diagnostic" => s.errors += 1,
                _ => {}
            }
        }
        let entry = marks.entry(file).or_insert_with(|| FileMarks {
            path: file.to_string(),
            ..FileMarks::default()
        });
        if entry.marks.len() < MARKS_PER_FILE {
            entry.marks.push(mark);
        } else {
            entry.omitted += 1;
        }
    };
    for file in &report.files {
        if let Some(error) = &file.error {
            add(
                &file.path,
                Mark {
                    line: error.line,
                    column: error.column,
                    level: level("parse error").into(),
                    status: "parse error".into(),
                    message: error.message.clone(),
                    ..Mark::default()
                },
            );
        }
    }
    for diagnostic in &report.diagnostics {
        add(
            &diagnostic.file,
            Mark {
                line: diagnostic.line,
                column: diagnostic.column,
                level: "warning".into(),
                status: "diagnostic".into(),
                message: diagnostic.message.clone(),
                ..Mark::default()
            },
        );
    }
    for control in &report.controls {
        for finding in &control.findings {
            let status = finding.status.name();
            if status == "pass" || status == "suppressed" {
                continue;
            }
            let (Some(file), Some(line)) = (&finding.file, finding.line) else {
                continue;
            };
            add(
                file,
                Mark {
                    line,
                    column: finding.column.unwrap_or(1),
                    level: level(status).into(),
                    status: status.into(),
                    control: control.id.into(),
                    severity: control.severity.name().into(),
                    message: finding.message.clone(),
                },
            );
        }
    }
    (marks.into_values().collect(), stats.into_values().collect())
}

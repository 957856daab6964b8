//! The whole analysis on real inputs: every real-world module and, for every
//! review task, the shipped `lib/*.tf` and the model's answer compared with
//! the ideal answer under the task's prompt. Nothing may panic; every
//! report must serialise; every failing finding must point into a file of
//! the input.
//!
//! The corpus is found through `TFGRADE_CORPUS`, else at
//! `<CARGO_MANIFEST_DIR>/../../shared/corpus`; a missing corpus fails.

#![allow(clippy::print_stdout, reason = "the corpus test reports its figures")]

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use tfgrade_core::{analyze, AnalysisOptions, InputSet, Report};

#[path = "support/corpus.rs"]
mod corpus;
use corpus::corpus_dir;

/// Files under `root` whose names pass `keep`, relative paths, sorted.
fn read_tree(root: &Path, keep: &dyn Fn(&str) -> bool) -> InputSet {
    let mut input = InputSet::new();
    let mut stack = vec![root.to_path_buf()];
    let mut found = Vec::new();
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for path in entries.filter_map(Result::ok).map(|e| e.path()) {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            if path.is_dir() {
                if !name.starts_with('.') {
                    stack.push(path);
                }
            } else if keep(&name) {
                found.push(path);
            }
        }
    }
    found.sort();
    for path in found {
        if let (Ok(bytes), Ok(rel)) = (std::fs::read(&path), path.strip_prefix(root)) {
            input.add(rel.to_string_lossy().replace('\\', "/"), bytes);
        }
    }
    input
}

fn one_file(path: &Path) -> Option<InputSet> {
    let bytes = std::fs::read(path).ok()?;
    let mut input = InputSet::new();
    input.add(path.file_name()?.to_string_lossy().into_owned(), bytes);
    Some(input)
}

/// Runs the analysis, turning a panic into an error naming the case.
fn run(case: &str, input: &InputSet, options: &AnalysisOptions) -> Result<Report, String> {
    let report = catch_unwind(AssertUnwindSafe(|| analyze(input, options))).map_err(|panic| {
        let message = panic
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
            .unwrap_or_default();
        format!("{case}: panicked: {message}")
    })?;
    let json = report.to_json();
    serde_json::from_str::<serde_json::Value>(&json)
        .map_err(|e| format!("{case}: report JSON does not parse: {e}"))?;
    // Real configurations never meet the evaluation budget.
    if let Some(spent) = report
        .diagnostics
        .iter()
        .find(|d| d.message == tfgrade_core::eval::budget::SPENT_MESSAGE)
    {
        return Err(format!(
            "{case}: evaluation budget spent at {}:{}",
            spent.file, spent.line
        ));
    }
    let paths: Vec<&str> = report.files.iter().map(|f| f.path.as_str()).collect();
    for control in &report.controls {
        for finding in &control.findings {
            if let Some(file) = &finding.file {
                if !paths.contains(&file.as_str()) {
                    return Err(format!(
                        "{case}: {} finding points at {file}, not an input file",
                        control.id
                    ));
                }
            }
        }
    }
    Ok(report)
}

#[test]
fn every_real_world_module_and_task_analyses() {
    let corpus = corpus_dir();
    let mut problems = Vec::new();
    let mut analysed = 0usize;
    let mut misread = 0usize;
    let mut compared = 0usize;

    let mut modules: Vec<PathBuf> = std::fs::read_dir(corpus.join("realworld"))
        .expect("corpus/realworld")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    modules.sort();
    for module in &modules {
        let input = read_tree(module, &|n| n.ends_with(".tf") || n.ends_with(".tf.json"));
        match run(
            &module.display().to_string(),
            &input,
            &AnalysisOptions::default(),
        ) {
            Ok(_) => analysed += 1,
            Err(e) => problems.push(e),
        }
    }

    let mut tasks: Vec<PathBuf> = std::fs::read_dir(corpus.join("tasks"))
        .expect("corpus/tasks")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    tasks.sort();
    for task in &tasks {
        let lib = task.join("lib");
        let shipped = read_tree(&lib, &|n| {
            n.ends_with(".tf") || n.ends_with(".tfvars") || n.ends_with(".tf.json")
        });
        match run(
            &lib.display().to_string(),
            &shipped,
            &AnalysisOptions::default(),
        ) {
            Ok(_) => analysed += 1,
            Err(e) => problems.push(e),
        }
        let (Some(answer), Some(ideal)) = (
            one_file(&lib.join("MODEL_RESPONSE.md")),
            one_file(&lib.join("IDEAL_RESPONSE.md")),
        ) else {
            continue;
        };
        let options = AnalysisOptions {
            prompt: std::fs::read(lib.join("PROMPT.md"))
                .ok()
                .map(|b| String::from_utf8_lossy(&b).into_owned()),
            reference: Some(ideal),
            ..AnalysisOptions::default()
        };
        match run(&format!("{} (compared)", lib.display()), &answer, &options) {
            Ok(report) => {
                analysed += 1;
                compared += 1;
                if report
                    .comparison
                    .as_ref()
                    .is_some_and(|c| c.overlap.misread)
                {
                    misread += 1;
                }
            }
            Err(e) => problems.push(e),
        }
    }
    println!(
        "analysed {analysed} inputs ({} modules, {} tasks; {compared} answers compared with the ideal, {misread} flagged as misread)",
        modules.len(),
        tasks.len()
    );
    assert!(
        modules.len() >= 9 && tasks.len() >= 500,
        "corpus incomplete"
    );
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

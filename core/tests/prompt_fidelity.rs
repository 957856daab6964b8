//! Prompt fidelity on the development corpus: every task's deployed code
//! (`lib/*.tf`, which passed review and deployment) graded alone against its
//! own prompt (`lib/PROMPT.md`). The deployed code meets its task, so every
//! ALN001 (required services), ALN002 (required settings) or ALN004 (file
//! layout) failure on it is a false alarm of the requirement extraction.
//! The bounds below are what the extraction reaches; a change that raises
//! a count fails here.
//!
//! Run with `-- --nocapture` to see the counts per service and per kind of
//! setting. The corpus is found through `TFGRADE_CORPUS`, else at
//! `<CARGO_MANIFEST_DIR>/../../shared/corpus`; a missing corpus fails.

#![allow(clippy::print_stdout, reason = "the corpus test reports its figures")]

use std::collections::BTreeMap;
use std::path::PathBuf;
use tfgrade_core::rules::{FindingStatus, Status};
use tfgrade_core::{analyze, AnalysisOptions, InputSet};

/// At most this many tasks may fail each control on their deployed code
/// (of 523; before requirement confidence: ALN001 297, ALN002 171, ALN004 2).
const MAX_ALN001: usize = 60;
const MAX_ALN002: usize = 37;
const MAX_ALN004: usize = 2;

#[path = "support/corpus.rs"]
mod corpus;
use corpus::corpus_dir;

/// A task: its prompt and its deployed `.tf` files.
struct Task {
    name: String,
    prompt: String,
    input: InputSet,
}

fn tasks() -> Vec<Task> {
    let root = corpus_dir().join("tasks");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&root)
        .expect("tasks folder")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    let mut out = Vec::new();
    for dir in dirs {
        let lib = dir.join("lib");
        let Ok(prompt) = std::fs::read_to_string(lib.join("PROMPT.md")) else {
            continue;
        };
        let Ok(entries) = std::fs::read_dir(&lib) else {
            continue;
        };
        let mut files: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "tf"))
            .collect();
        if files.is_empty() {
            continue;
        }
        files.sort();
        let mut input = InputSet::new();
        for f in files {
            if let (Ok(bytes), Some(name)) = (std::fs::read(&f), f.file_name()) {
                input.add(name.to_string_lossy().into_owned(), bytes);
            }
        }
        out.push(Task {
            name: dir
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            prompt,
            input,
        });
    }
    out
}

/// The part of a failing message that names what was missed: the service
/// for ALN001, the kind of setting for ALN002.
fn kind(id: &str, message: &str) -> String {
    if id == "ALN001" {
        return message
            .strip_prefix("the task asks for ")
            .and_then(|m| m.split(", but").next())
            .unwrap_or(message)
            .to_string();
    }
    let kinds = [
        ("region", "region"),
        ("prefix", "name prefix"),
        ("engine", "db engine"),
        ("deletion", "deletion protection"),
        ("multi_az", "multi-az"),
        ("backup_retention", "backup retention"),
        ("retention_in_days", "log retention"),
    ];
    kinds
        .iter()
        .find(|(needle, _)| message.contains(needle))
        .map_or_else(|| message.to_string(), |(_, k)| (*k).to_string())
}

#[test]
fn deployed_answers_meet_their_own_prompts() {
    let tasks = tasks();
    assert!(tasks.len() >= 100, "only {} tasks found", tasks.len());
    let mut failing: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    let mut kinds: BTreeMap<(&str, String), usize> = BTreeMap::new();
    for task in &tasks {
        let options = AnalysisOptions {
            prompt: Some(task.prompt.clone()),
            ..AnalysisOptions::default()
        };
        let report = analyze(&task.input, &options);
        for id in ["ALN001", "ALN002", "ALN004"] {
            let Some(control) = report.controls.iter().find(|c| c.id == id) else {
                continue;
            };
            if control.status != Status::Fail {
                continue;
            }
            failing.entry(id).or_default().push(task.name.clone());
            let mut seen: Vec<String> = control
                .findings
                .iter()
                .filter(|f| f.status == FindingStatus::Fail)
                .map(|f| kind(id, &f.message))
                .collect();
            seen.sort();
            seen.dedup();
            for k in &seen {
                *kinds.entry((id, k.clone())).or_default() += 1;
            }
            if std::env::var_os("TFGRADE_FIDELITY_DETAIL").is_some() {
                for f in control
                    .findings
                    .iter()
                    .filter(|f| f.status == FindingStatus::Fail)
                {
                    println!("DETAIL {} {id} {}", task.name, f.message);
                }
                for r in &report.requirements {
                    println!(
                        "REQ {} {id} {}={} {:?} <- {}",
                        task.name,
                        r.key,
                        r.value,
                        r.confidence,
                        r.source.as_deref().unwrap_or("")
                    );
                }
            }
        }
    }
    println!("{} tasks with a prompt and deployed code", tasks.len());
    for id in ["ALN001", "ALN002", "ALN004"] {
        let names = failing.get(id).cloned().unwrap_or_default();
        println!("{id}: fails on {} deployed answers", names.len());
        for ((_, k), n) in kinds.iter().filter(|((i, _), _)| *i == id) {
            println!("  {n:4}  {k}");
        }
        if std::env::var_os("TFGRADE_FIDELITY_TASKS").is_some() {
            println!("  tasks: {}", names.join(" "));
        }
    }
    let count = |id: &str| failing.get(id).map_or(0, Vec::len);
    assert!(count("ALN001") <= MAX_ALN001, "ALN001: {}", count("ALN001"));
    assert!(count("ALN002") <= MAX_ALN002, "ALN002: {}", count("ALN002"));
    assert!(count("ALN004") <= MAX_ALN004, "ALN004: {}", count("ALN004"));
}

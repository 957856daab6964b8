//! The labelled reviewer failures of the fidelity benchmark
//! (`data/fidelity-labels.json`, scored by `scripts/fidelity.py`) stay
//! consistent with the controls and with the answers they label: every
//! named control exists (or is a planned validity check of a known kind),
//! and every labelled line of an answer still holds the recorded text.
//!
//! The answers live outside the repository: `TFGRADE_CORPUS`, else
//! `<CARGO_MANIFEST_DIR>/../../shared/corpus`. A missing corpus fails the
//! test rather than skipping it.

use serde_json::Value as Json;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use tfgrade_core::rules::control_by_id;

const CLASSES: &[&str] = &["security", "prompt-mismatch", "validity", "best-practice"];
const VALIDITY_KINDS: &[&str] = &[
    "unknown-resource-type",
    "unknown-argument",
    "missing-required-argument",
    "undeclared-reference",
    "duplicate-address",
    "cycle",
    "missing-file",
    "invalid-value",
    "wrong-type",
    "count-and-for_each",
    "unknown-attribute",
    "other",
];
const ABSENT: &str = "absent from the answer: ";

fn tasks_dir() -> PathBuf {
    let corpus = std::env::var_os("TFGRADE_CORPUS").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus"),
        PathBuf::from,
    );
    let dir = corpus.join("tasks");
    assert!(
        dir.is_dir(),
        "task corpus not found at {}: set TFGRADE_CORPUS",
        dir.display()
    );
    dir
}

fn labels_file() -> Json {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../data/fidelity-labels.json");
    let text = std::fs::read_to_string(&path).expect("data/fidelity-labels.json");
    serde_json::from_str(&text).expect("fidelity labels are JSON")
}

fn labels(file: &Json) -> &[Json] {
    file["labels"].as_array().expect("a labels array")
}

fn text<'a>(label: &'a Json, key: &str) -> &'a str {
    label[key]
        .as_str()
        .unwrap_or_else(|| panic!("label without {key}: {label}"))
}

/// Whether `id` names an existing control, a planned validity check, or
/// nothing (`none`).
fn known_control(id: &str) -> bool {
    id == "none"
        || control_by_id(id).is_some()
        || id
            .strip_prefix("VAL:")
            .is_some_and(|kind| VALIDITY_KINDS.contains(&kind))
}

#[test]
fn every_label_names_a_class_and_known_controls() {
    let file = labels_file();
    let mut bad = Vec::new();
    for label in labels(&file) {
        let task = text(label, "task");
        let class = text(label, "class");
        if !CLASSES.contains(&class) {
            bad.push(format!("{task}: unknown class {class}"));
        }
        let controls = label["controls"].as_array().expect("a controls array");
        assert!(!controls.is_empty(), "{task}: no controls");
        for id in controls {
            let id = id.as_str().expect("control IDs are strings");
            if !known_control(id) {
                bad.push(format!("{task}: unknown control {id}"));
            }
        }
        assert!(
            !text(label, "description").is_empty(),
            "{task}: empty description"
        );
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn every_labelled_line_holds_its_evidence() {
    let tasks = tasks_dir();
    let file = labels_file();
    let mut bad = Vec::new();
    for label in labels(&file) {
        let task = text(label, "task");
        let path = tasks.join(task).join(text(label, "file"));
        let answer =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let evidence = label["evidence"].as_str();
        match (label["line"].as_u64(), evidence) {
            (Some(line), Some(evidence)) => {
                let at = usize::try_from(line)
                    .ok()
                    .and_then(|l| l.checked_sub(1))
                    .and_then(|i| answer.split('\n').nth(i));
                if at.map(str::trim) != Some(evidence) {
                    bad.push(format!(
                        "{task}:{line}: expected {evidence:?}, found {at:?}"
                    ));
                }
            }
            (Some(line), None) => bad.push(format!("{task}:{line}: a line without evidence")),
            (None, Some(evidence)) => {
                let missing = evidence
                    .strip_prefix(ABSENT)
                    .unwrap_or_else(|| panic!("{task}: evidence without a line: {evidence}"));
                if answer.contains(missing) {
                    bad.push(format!("{task}: labelled absent but present: {missing}"));
                }
            }
            (None, None) => {}
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn the_set_is_as_large_as_the_benchmark_needs() {
    let file = labels_file();
    let reviewed = file["reviewed_tasks"]
        .as_array()
        .expect("reviewed_tasks")
        .len();
    assert!(reviewed >= 60, "{reviewed} tasks reviewed, 60 needed");
    let with_validity: BTreeSet<&str> = labels(&file)
        .iter()
        .filter(|l| {
            l["controls"].as_array().is_some_and(|c| {
                c.iter()
                    .any(|id| id.as_str().is_some_and(|id| id.starts_with("VAL")))
            })
        })
        .map(|l| text(l, "task"))
        .collect();
    assert!(
        with_validity.len() >= 40,
        "{} tasks with labelled validity failures, 40 needed",
        with_validity.len()
    );
}

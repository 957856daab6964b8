//! The schema-based validity controls (VAL001–VAL009) on real inputs.
//!
//! The real-world modules pass `terraform validate` in their own CI, and
//! the tasks' shipped `lib/*.tf` were deployed: any failure these controls
//! raise there is a false alarm, and fails the test. The number of
//! failures on the model answers (`lib/MODEL_RESPONSE.md`) is printed, not
//! asserted. Also checks that the embedded schema's header matches the
//! pinned packages of `scripts/aws-schema/package-lock.json`.
//!
//! The corpus is found through `TFGRADE_CORPUS`, else at
//! `<CARGO_MANIFEST_DIR>/../../shared/corpus`; a missing corpus fails.

#![allow(clippy::print_stdout, reason = "the corpus test reports its figures")]

use std::path::{Path, PathBuf};
use tfgrade_core::model::Model;
use tfgrade_core::rules::{evaluate_control, Category, FindingStatus, RuleOptions, CONTROLS};
use tfgrade_core::InputSet;

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

/// The schema controls: VAL001 to VAL009.
fn schema_controls() -> Vec<&'static tfgrade_core::rules::Control> {
    CONTROLS
        .iter()
        .copied()
        .filter(|c| c.category == Category::Val && c.id < "VAL010")
        .collect()
}

/// Failures of the schema controls: `ID file:line message`. Warnings
/// (names only an older provider the constraint allows has) are not
/// failures.
fn failures(input: &InputSet) -> Vec<String> {
    let model = Model::from_input(input);
    let options = RuleOptions::default();
    let mut out = Vec::new();
    for control in schema_controls() {
        let result = evaluate_control(control, &model, &options);
        for finding in &result.findings {
            if finding.status == FindingStatus::Fail {
                let at = finding
                    .location
                    .as_ref()
                    .map_or(String::new(), |l| format!("{}:{}", l.file, l.line));
                out.push(format!("{} {at} {}", control.id, finding.message));
            }
        }
    }
    out
}

fn dirs(path: &Path) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs
}

#[test]
fn no_schema_failure_on_real_world_modules() {
    let corpus = corpus_dir();
    let mut alarms = Vec::new();
    let mut files = 0usize;
    let modules = dirs(&corpus.join("realworld"));
    for module in &modules {
        let input = read_tree(module, &|n| n.ends_with(".tf") || n.ends_with(".tf.json"));
        files += input.files.len();
        for failure in failures(&input) {
            alarms.push(format!(
                "{}: {failure}",
                module.file_name().unwrap_or_default().to_string_lossy()
            ));
        }
    }
    println!(
        "real-world corpus: {files} files in {} modules, {} schema failures",
        modules.len(),
        alarms.len()
    );
    assert!(
        files >= 3000,
        "real-world corpus incomplete ({files} files)"
    );
    assert!(
        alarms.is_empty(),
        "{} false alarms:\n{}",
        alarms.len(),
        alarms.join("\n")
    );
}

#[test]
fn no_schema_failure_on_deployed_task_code_and_answers_counted() {
    let corpus = corpus_dir();
    let mut alarms = Vec::new();
    let mut answer_failures = 0usize;
    let mut answers_failing = 0usize;
    let mut answers = 0usize;
    let mut by_control: std::collections::BTreeMap<String, usize> = Default::default();
    let tasks = dirs(&corpus.join("tasks"));
    for task in &tasks {
        let lib = task.join("lib");
        let shipped = read_tree(&lib, &|n| {
            n.ends_with(".tf") || n.ends_with(".tfvars") || n.ends_with(".tf.json")
        });
        if !shipped.files.is_empty() {
            for failure in failures(&shipped) {
                alarms.push(format!("{}: {failure}", lib.display()));
            }
        }
        if let Ok(bytes) = std::fs::read(lib.join("MODEL_RESPONSE.md")) {
            let mut input = InputSet::new();
            input.add("MODEL_RESPONSE.md", bytes);
            let found = failures(&input);
            answers += 1;
            answer_failures += found.len();
            answers_failing += usize::from(!found.is_empty());
            for f in &found {
                *by_control.entry(f[..6].to_owned()).or_default() += 1;
                if std::env::var_os("TFGRADE_LIST_ANSWER_FINDINGS").is_some() {
                    println!("{}: {f}", task.display());
                }
            }
        }
    }
    println!(
        "tasks: {} deployed lib folders, {} schema failures; model answers: {answer_failures} schema failures in {answers_failing} of {answers} answers {by_control:?}",
        tasks.len(),
        alarms.len()
    );
    assert!(tasks.len() >= 500, "task corpus incomplete");
    // Checked by hand: the shipped code of four tasks (Pr1263, Pr1897,
    // Pr2225, Pr3985/Pr5727) holds names no AWS provider version 4 to 6 has
    // (`aws_cloudwatch_alarm`, `aws_s3_bucket_encryption_configuration`,
    // `tags` on `aws_route_table_association`, `log_destination_arn` on
    // `aws_flow_log`): real errors the reviews missed, 11 findings. Any
    // failure that depends on the version choice, or any further one, is a
    // false alarm.
    let version_dependent: Vec<&String> = alarms
        .iter()
        .filter(|a| a.contains("removed in") || a.contains("added in"))
        .collect();
    assert!(
        version_dependent.is_empty() && alarms.len() <= 11,
        "{} failures on deployed code (11 known real errors):\n{}",
        alarms.len(),
        alarms.join("\n")
    );
}

/// The embedded schema records the packages `package-lock.json` pins.
#[test]
fn embedded_schema_matches_pinned_packages() {
    let lock_path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../scripts/aws-schema/package-lock.json");
    let lock: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&lock_path).expect("package-lock.json")).unwrap();
    let header = tfgrade_core::validate::schema::embedded_header().expect("schema header");
    let generator = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../scripts/aws-schema/generate.mjs"),
    )
    .unwrap();
    assert!(
        generator.contains(&format!("const GENERATOR_VERSION = {};", header.generator)),
        "data/aws-schema.json was made by another generator version; run scripts/aws-schema/generate.mjs"
    );
    assert_eq!(header.source, "@cdktf/provider-aws");
    assert_eq!(header.majors.len(), 3);
    for (major, entry) in &header.majors {
        let locked = &lock["packages"][format!("node_modules/provider-aws-{major}")];
        assert_eq!(locked["name"], "@cdktf/provider-aws", "major {major}");
        assert_eq!(locked["version"], entry.package.as_str(), "major {major}");
        assert_eq!(
            locked["integrity"],
            entry.integrity.as_str(),
            "major {major}"
        );
        assert!(entry.provider.starts_with(&format!("{major}.")));
    }
}

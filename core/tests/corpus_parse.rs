//! Every Terraform file of the shared corpus reads and parses.
//!
//! Covered: every `.tf` and `.tfvars` under `corpus/realworld` and
//! `corpus/tasks`, every `MODEL_RESPONSE.md` / `IDEAL_RESPONSE.md` under
//! `corpus/tasks` (each extracted block), and the Markdown reviews in
//! `shared/examples` next to the corpus. The corpus is found through
//! `TFGRADE_CORPUS`, else `<CARGO_MANIFEST_DIR>/../../shared/corpus`. A
//! missing corpus fails the test unless `TFGRADE_SKIP_CORPUS=1` is set: a
//! silently skipped corpus test is a test that does not exist.

// The one-line summary on stderr is what a human running this test reads.
#![allow(clippy::print_stderr)]

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use tfgrade_core::{read_input, InputSet};

// Why an extracted block may fail: each is text Terraform itself rejects.
// Every entry below was looked at by hand.
const TRUNCATED: &str = "the answer was cut off mid-block (often followed by `### Answer ---`)";
const NOT_HCL: &str = "block tagged hcl holds prose, a shell script, commands or JSON";
const PLACEHOLDER: &str = "`...` stands for omitted code";
const SINGLE_LINE_BLOCK: &str =
    "one-line block with several arguments or a nested block (HCL allows one argument)";
const ARGUMENT_TWICE: &str =
    "one block shows several versions of an argument (before/after, per environment)";
const PROSE_IN_BLOCK: &str = "missing closing fence: the following prose is inside the block";
const INTERPOLATED_REFERENCE: &str =
    "`aws.peer_${each.value}`: interpolation in a provider reference";
const LINE_BREAK_IN_EXPRESSION: &str = "conditional broken after `?` or `:` outside parentheses";
const UNQUOTED_COLON_KEY: &str = "object key `ForAllValues:StringNotEquals` must be quoted";
const INVALID_ESCAPE: &str = "`\\$` is not an HCL escape sequence";
const CONFLICT_MARKERS: &str = "git conflict markers `<<<<<<< HEAD`";
const HEREDOC_MARKER_REUSED: &str =
    "a shell heredoc inside reuses `EOF`, ending the outer heredoc early";
const BLOCKS_ON_ONE_LINE: &str = "`}` and the next block on one line";
const UNESCAPED_QUOTE: &str = "unescaped `\"` inside a quoted string";
const MARKDOWN_MANGLED: &str =
    "bare Terraform saved through a Markdown renderer: `_` and `*` became `\\_` and `*` emphasis";
const SPLICED: &str =
    "bare Terraform answer cut off mid-expression and continued with another block";

/// Extracted Markdown blocks that Terraform itself would reject, as
/// `(extracted file path, reason)`. Everything Terraform accepts must parse.
/// An entry that no longer fails is an error too, so the list cannot rot.
const ALLOWED_MARKDOWN_FAILURES: &[(&str, &str)] = &[
    (
        "tasks/Pr1263/lib/MODEL_RESPONSE.md/main.tf",
        MARKDOWN_MANGLED,
    ),
    ("tasks/Pr1360/lib/MODEL_RESPONSE.md/main.tf", TRUNCATED),
    (
        "tasks/Pr1385/lib/IDEAL_RESPONSE.md/main.tf",
        MARKDOWN_MANGLED,
    ),
    (
        "tasks/Pr1385/lib/MODEL_RESPONSE.md/main.tf",
        MARKDOWN_MANGLED,
    ),
    ("tasks/Pr1409/lib/MODEL_RESPONSE.md/main.tf", TRUNCATED),
    (
        "tasks/Pr1430/lib/MODEL_RESPONSE.md/main.tf",
        MARKDOWN_MANGLED,
    ),
    ("tasks/Pr1463/lib/MODEL_RESPONSE.md/main.tf", SPLICED),
    ("tasks/Pr1861/lib/MODEL_RESPONSE.md/main.tf", TRUNCATED),
    (
        "tasks/Pr1955/lib/MODEL_RESPONSE.md/main.tf",
        MARKDOWN_MANGLED,
    ),
    ("tasks/Pr2064/lib/MODEL_RESPONSE.md/main.tf", SPLICED),
    ("tasks/Pr8672/lib/MODEL_RESPONSE.md/main.tf", TRUNCATED),
    (
        "tasks/Pr4562/lib/IDEAL_RESPONSE.md/block-14.tf",
        ARGUMENT_TWICE,
    ),
    (
        "tasks/Pr6222/lib/IDEAL_RESPONSE.md/backend.tf",
        ARGUMENT_TWICE,
    ),
    (
        "tasks/Pr6893/lib/MODEL_RESPONSE.md/block-17.tf",
        ARGUMENT_TWICE,
    ),
    (
        "tasks/Pr7134/lib/IDEAL_RESPONSE.md/dev.tfvars",
        ARGUMENT_TWICE,
    ),
    (
        "tasks/Pr8707/lib/MODEL_RESPONSE.md/block-17.tf",
        ARGUMENT_TWICE,
    ),
    (
        "tasks/Pr5219/lib/IDEAL_RESPONSE.md/block-1.tf",
        BLOCKS_ON_ONE_LINE,
    ),
    (
        "tasks/Pr1255/lib/IDEAL_RESPONSE.md/tap_stack~22.tf",
        CONFLICT_MARKERS,
    ),
    (
        "tasks/Pr1749/lib/IDEAL_RESPONSE.md/tap_stack~2.tf",
        HEREDOC_MARKER_REUSED,
    ),
    (
        "tasks/Pr4278/lib/MODEL_RESPONSE.md/cloudtrail.tf",
        INTERPOLATED_REFERENCE,
    ),
    (
        "tasks/Pr4278/lib/MODEL_RESPONSE.md/flow-logs.tf",
        INTERPOLATED_REFERENCE,
    ),
    (
        "tasks/Pr6650/lib/IDEAL_RESPONSE.md/block-1.tf",
        INVALID_ESCAPE,
    ),
    ("tasks/Pr6650/lib/MODEL_RESPONSE.md/main.tf", INVALID_ESCAPE),
    (
        "tasks/Pr4806/lib/MODEL_RESPONSE.md/dynamodb-access-control.tf",
        LINE_BREAK_IN_EXPRESSION,
    ),
    (
        "tasks/Pr6604/lib/MODEL_RESPONSE.md/tap_stack~2.tf",
        LINE_BREAK_IN_EXPRESSION,
    ),
    ("examples/review-secure-baseline.md/block-2.tf", NOT_HCL),
    ("tasks/Pr1158/lib/IDEAL_RESPONSE.md/block-1.tf", NOT_HCL),
    ("tasks/Pr1158/lib/IDEAL_RESPONSE.md/block-2.tf", NOT_HCL),
    ("tasks/Pr1158/lib/IDEAL_RESPONSE.md/block-3.tf", NOT_HCL),
    ("tasks/Pr1158/lib/IDEAL_RESPONSE.md/block-4.tf", NOT_HCL),
    ("tasks/Pr1158/lib/IDEAL_RESPONSE.md/block-5.tf", NOT_HCL),
    ("tasks/Pr1158/lib/IDEAL_RESPONSE.md/block-6.tf", NOT_HCL),
    ("tasks/Pr1158/lib/IDEAL_RESPONSE.md/block-7.tf", NOT_HCL),
    ("tasks/Pr1719/lib/MODEL_RESPONSE.md/block-6.tf", NOT_HCL),
    ("tasks/Pr3288/lib/IDEAL_RESPONSE.md/tap_stack.tf", NOT_HCL),
    ("tasks/Pr4794/lib/IDEAL_RESPONSE.md/block-2.tf", NOT_HCL),
    ("tasks/Pr5173/lib/MODEL_RESPONSE.md/block-2.tf", NOT_HCL),
    ("tasks/Pr5923/lib/IDEAL_RESPONSE.md/block-11.tf", NOT_HCL),
    ("tasks/Pr6650/lib/IDEAL_RESPONSE.md/block-16.tf", NOT_HCL),
    (
        "tasks/Pr6716/lib/MODEL_RESPONSE.md/terraform.tfvars",
        NOT_HCL,
    ),
    ("tasks/Pr6918/lib/IDEAL_RESPONSE.md/kms~2.tf", NOT_HCL),
    ("tasks/Pr7387/lib/MODEL_RESPONSE.md/block-3.tf", NOT_HCL),
    (
        "tasks/Pr7409/lib/IDEAL_RESPONSE.md/terraform.tfvars",
        NOT_HCL,
    ),
    (
        "tasks/Pr4810/lib/IDEAL_RESPONSE.md/terraform.tfvars",
        PLACEHOLDER,
    ),
    ("tasks/Pr6951/lib/IDEAL_RESPONSE.md/block-2.tf", PLACEHOLDER),
    ("tasks/Pr7223/lib/IDEAL_RESPONSE.md/block-1.tf", PLACEHOLDER),
    ("tasks/Pr7223/lib/IDEAL_RESPONSE.md/block-2.tf", PLACEHOLDER),
    ("tasks/Pr7376/lib/IDEAL_RESPONSE.md/main.tf", PLACEHOLDER),
    (
        "tasks/Pr7999/lib/IDEAL_RESPONSE.md/terraform.tfvars",
        PLACEHOLDER,
    ),
    ("tasks/Pr7999/lib/IDEAL_RESPONSE.md/block-3.tf", PLACEHOLDER),
    ("tasks/Pr7999/lib/IDEAL_RESPONSE.md/block-5.tf", PLACEHOLDER),
    ("tasks/Pr7999/lib/IDEAL_RESPONSE.md/block-9.tf", PLACEHOLDER),
    (
        "tasks/Pr2754/lib/MODEL_RESPONSE.md/block-1.tf",
        PROSE_IN_BLOCK,
    ),
    ("tasks/Pr4619/lib/MODEL_RESPONSE.md/main.tf", PROSE_IN_BLOCK),
    (
        "tasks/Pr5028/lib/MODEL_RESPONSE.md/block-1.tf",
        PROSE_IN_BLOCK,
    ),
    (
        "tasks/Pr1489/lib/IDEAL_RESPONSE.md/tap_stack.tf",
        SINGLE_LINE_BLOCK,
    ),
    (
        "tasks/Pr1512/lib/IDEAL_RESPONSE.md/tap_stack.tf",
        SINGLE_LINE_BLOCK,
    ),
    (
        "tasks/Pr1589/lib/MODEL_RESPONSE.md/tap_stack.tf",
        SINGLE_LINE_BLOCK,
    ),
    (
        "tasks/Pr7489/lib/MODEL_RESPONSE.md/modules/rds/main.tf",
        SINGLE_LINE_BLOCK,
    ),
    (
        "tasks/Pr8808/lib/MODEL_RESPONSE.md/modules/rds/main.tf",
        SINGLE_LINE_BLOCK,
    ),
    (
        "tasks/Pr947/lib/IDEAL_RESPONSE.md/tap_stack.tf",
        SINGLE_LINE_BLOCK,
    ),
    (
        "tasks/Pr1216/lib/MODEL_RESPONSE.md/modules/security/main.tf",
        TRUNCATED,
    ),
    (
        "tasks/Pr1329/lib/MODEL_RESPONSE.md/environments/dev/main.tf",
        TRUNCATED,
    ),
    ("tasks/Pr1447/lib/MODEL_RESPONSE.md/block-1.tf", TRUNCATED),
    (
        "tasks/Pr1448/lib/MODEL_RESPONSE.md/modules/database/main.tf",
        TRUNCATED,
    ),
    ("tasks/Pr1485/lib/MODEL_RESPONSE.md/tap_stack.tf", TRUNCATED),
    ("tasks/Pr1513/lib/MODEL_RESPONSE.md/block-14.tf", TRUNCATED),
    ("tasks/Pr1564/lib/MODEL_RESPONSE.md/tap_stack.tf", TRUNCATED),
    (
        "tasks/Pr1623/lib/MODEL_RESPONSE.md/modules/dns/main.tf",
        TRUNCATED,
    ),
    ("tasks/Pr1648/lib/MODEL_RESPONSE.md/main.tf", TRUNCATED),
    ("tasks/Pr1719/lib/MODEL_RESPONSE.md/block-15.tf", TRUNCATED),
    ("tasks/Pr1731/lib/MODEL_RESPONSE.md/lambda.tf", TRUNCATED),
    (
        "tasks/Pr1799/lib/MODEL_RESPONSE.md/modules/iam/main.tf",
        TRUNCATED,
    ),
    (
        "tasks/Pr1819/lib/MODEL_RESPONSE.md/modules/iam/main.tf",
        TRUNCATED,
    ),
    (
        "tasks/Pr1857/lib/MODEL_RESPONSE.md/modules/compute/main.tf",
        TRUNCATED,
    ),
    ("tasks/Pr1897/lib/MODEL_RESPONSE.md/block-1.tf", TRUNCATED),
    (
        "tasks/Pr2183/lib/MODEL_RESPONSE.md/modules/database/main.tf",
        TRUNCATED,
    ),
    (
        "tasks/Pr2370/lib/MODEL_RESPONSE.md/modules/monitoring/main.tf",
        TRUNCATED,
    ),
    ("tasks/Pr2386/lib/MODEL_RESPONSE.md/tap_stack.tf", TRUNCATED),
    (
        "tasks/Pr2387/lib/MODEL_RESPONSE.md/modules/ec2/main.tf",
        TRUNCATED,
    ),
    (
        "tasks/Pr2459/lib/MODEL_RESPONSE.md/modules/monitoring/main.tf",
        TRUNCATED,
    ),
    (
        "tasks/Pr2514/lib/MODEL_RESPONSE.md/modules/compute/main.tf",
        TRUNCATED,
    ),
    ("tasks/Pr2556/lib/MODEL_RESPONSE.md/iam.tf", TRUNCATED),
    (
        "tasks/Pr2676/lib/MODEL_RESPONSE.md/modules/compute/main.tf",
        TRUNCATED,
    ),
    (
        "tasks/Pr2677/lib/MODEL_RESPONSE.md/modules/network-security/main.tf",
        TRUNCATED,
    ),
    ("tasks/Pr3211/lib/MODEL_RESPONSE.md/block-1.tf", TRUNCATED),
    (
        "tasks/Pr3288/lib/MODEL_RESPONSE.md/provider~2.tf",
        TRUNCATED,
    ),
    (
        "tasks/Pr3326/lib/MODEL_RESPONSE.md/modules/storage/main~2.tf",
        TRUNCATED,
    ),
    ("tasks/Pr3439/lib/MODEL_RESPONSE.md/tap_stack.tf", TRUNCATED),
    ("tasks/Pr3441/lib/MODEL_RESPONSE.md/tap_stack.tf", TRUNCATED),
    ("tasks/Pr3442/lib/MODEL_RESPONSE.md/tap_stack.tf", TRUNCATED),
    (
        "tasks/Pr3690/lib/MODEL_RESPONSE.md/tap_stack~2.tf",
        TRUNCATED,
    ),
    ("tasks/Pr3826/lib/MODEL_RESPONSE.md/tap_stack.tf", TRUNCATED),
    (
        "tasks/Pr3835/lib/MODEL_RESPONSE.md/modules/disaster-recovery/main.tf",
        TRUNCATED,
    ),
    (
        "tasks/Pr4278/lib/MODEL_RESPONSE.md/eventbridge.tf",
        TRUNCATED,
    ),
    (
        "tasks/Pr4510/lib/MODEL_RESPONSE.md/tap_stack~2.tf",
        TRUNCATED,
    ),
    (
        "tasks/Pr4733/lib/MODEL_RESPONSE.md/monitoring.tf",
        TRUNCATED,
    ),
    (
        "tasks/Pr4806/lib/MODEL_RESPONSE.md/lambda-expiration.tf",
        TRUNCATED,
    ),
    ("tasks/Pr4810/lib/MODEL_RESPONSE.md/sns.tf", TRUNCATED),
    ("tasks/Pr4812/lib/MODEL_RESPONSE.md/block-6.tf", TRUNCATED),
    ("tasks/Pr5071/lib/MODEL_RESPONSE.md/provider.tf", TRUNCATED),
    (
        "tasks/Pr5785/lib/MODEL_RESPONSE.md/tap-stack~2.tf",
        TRUNCATED,
    ),
    ("tasks/Pr5978/lib/MODEL_RESPONSE.md/block-20.tf", TRUNCATED),
    ("tasks/Pr773/lib/MODEL_RESPONSE.md/block-1.tf", TRUNCATED),
    ("tasks/Pr8023/lib/MODEL_RESPONSE.md/tap_stack.tf", TRUNCATED),
    ("tasks/Pr9009/lib/MODEL_RESPONSE.md/block-1.tf", TRUNCATED),
    (
        "tasks/Pr6005/lib/IDEAL_RESPONSE.md/tap_stack.tf",
        UNESCAPED_QUOTE,
    ),
    (
        "tasks/Pr5257/lib/MODEL_RESPONSE.md/iam-roles-operator.tf",
        UNQUOTED_COLON_KEY,
    ),
    (
        "tasks/Pr5284/lib/MODEL_RESPONSE.md/scp.tf",
        UNQUOTED_COLON_KEY,
    ),
];

fn corpus_root() -> Option<PathBuf> {
    let root = std::env::var_os("TFGRADE_CORPUS").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus"),
        PathBuf::from,
    );
    root.is_dir().then_some(root)
}

/// Files under `dir`, recursively, sorted (symlinks not followed).
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut pending = vec![dir.to_path_buf()];
    let mut files = Vec::new();
    while let Some(dir) = pending.pop() {
        let Ok(entries) = fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let Ok(file_type) = entry.file_type() else {
                continue;
            };
            if file_type.is_dir() {
                pending.push(entry.path());
            } else if file_type.is_file() {
                files.push(entry.path());
            }
        }
    }
    files.sort();
    files
}

fn is_selected(relative: &str) -> bool {
    let name = relative.rsplit('/').next().unwrap_or(relative);
    let terraform = name.ends_with(".tf") || name.ends_with(".tfvars");
    let answer = relative.starts_with("tasks/")
        && (name == "MODEL_RESPONSE.md" || name == "IDEAL_RESPONSE.md");
    terraform || answer
}

#[test]
fn every_corpus_file_parses() {
    let Some(root) = corpus_root() else {
        if std::env::var("TFGRADE_SKIP_CORPUS").as_deref() == Ok("1") {
            return;
        }
        panic!(
            "corpus not found: set TFGRADE_CORPUS to the shared corpus directory \
             (or TFGRADE_SKIP_CORPUS=1 to skip this test knowingly)"
        );
    };

    let mut failures = Vec::new();
    let mut allowed_seen = BTreeSet::new();
    let mut counts = [0usize; 3]; // inputs, parsed files, extracted from Markdown
                                  // The review examples beside the corpus (`shared/examples/*.md`), when
                                  // present: Markdown with indented fences inside lists.
    let examples = root.join("../examples");
    let mut inputs: Vec<(String, PathBuf)> = Vec::new();
    for top in ["realworld", "tasks"] {
        let top_dir = root.join(top);
        assert!(top_dir.is_dir(), "missing {}", top_dir.display());
        for path in files_under(&top_dir) {
            let Ok(relative) = path.strip_prefix(&root) else {
                continue;
            };
            let relative = relative.to_string_lossy().replace('\\', "/");
            if is_selected(&relative) {
                inputs.push((relative, path));
            }
        }
    }
    for path in files_under(&examples) {
        let Ok(relative) = path.strip_prefix(&examples) else {
            continue;
        };
        let relative = format!("examples/{}", relative.to_string_lossy().replace('\\', "/"));
        if relative.ends_with(".md") {
            inputs.push((relative, path));
        }
    }

    for (relative, path) in inputs {
        let bytes = match fs::read(&path) {
            Ok(bytes) => bytes,
            Err(error) => {
                failures.push(format!("{relative}: cannot read: {error}"));
                continue;
            }
        };
        counts[0] += 1;
        let mut input = InputSet::new();
        input.add(relative.clone(), bytes);
        let read = read_input(&input);
        for file in &read.files {
            counts[1] += 1;
            if file.markdown.is_some() {
                counts[2] += 1;
            }
            let Err(error) = &file.body else { continue };
            let allowed = ALLOWED_MARKDOWN_FAILURES
                .iter()
                .find(|(allowed_path, _)| *allowed_path == file.source.path);
            match allowed {
                Some((allowed_path, _)) if file.markdown.is_some() => {
                    allowed_seen.insert(*allowed_path);
                }
                _ => failures.push(format!("{}:{error}", file.source.path)),
            }
        }
    }
    for (allowed_path, reason) in ALLOWED_MARKDOWN_FAILURES {
        if !allowed_seen.contains(allowed_path) {
            failures.push(format!("{allowed_path}: allowed to fail ({reason}) but parsed: remove it from the allow-list"));
        }
    }
    eprintln!(
        "corpus: {} inputs, {} parsed files ({} extracted from Markdown), {} failures",
        counts[0],
        counts[1],
        counts[2],
        failures.len()
    );
    assert!(
        counts[0] > 1000,
        "suspiciously few corpus files: {}",
        counts[0]
    );
    assert!(
        failures.is_empty(),
        "{} files failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

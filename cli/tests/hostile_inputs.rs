//! Hostile inputs through the `tfgrade` binary: the cases of
//! `core/tests/support/hostile.rs`, written to a temporary folder and
//! checked with `tfgrade check FOLDER --format json`.
//!
//! For each case the process must exit with status 0, 1 or 2, never be
//! killed by a signal (a stack overflow or an abort), print JSON on
//! standard output, and for a file that does not parse, the JSON must hold
//! the error's line and column together with the file's path. A watchdog
//! kills the process at twice the case's time bound (a debug build of the
//! CLI reading the files from disk), which fails the test. Peak memory is
//! checked by the core's test of the same cases.

#[path = "../../core/tests/support/hostile.rs"]
mod hostile;

use hostile::{Case, Expect};
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

/// One case at a time: the big ones take hundreds of MiB.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

/// What running the binary on a case gave.
struct Run {
    status: std::process::ExitStatus,
    stdout: Vec<u8>,
    stderr: Vec<u8>,
    elapsed: Duration,
}

/// Writes the case's files under `dir`.
fn write_files(case: &Case, dir: &Path) {
    for (path, bytes) in &case.files {
        let target = dir.join(path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).expect("create the case's folders");
        }
        std::fs::write(&target, bytes).expect("write the case's file");
    }
}

/// Runs `tfgrade check DIR --format json`, killing it at `limit`.
fn run_cli(dir: &Path, limit: Duration) -> Run {
    let started = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_tfgrade"))
        .arg("check")
        .arg(dir)
        .args(["--format", "json"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start tfgrade");
    // Read the pipes on their own threads so that a large report cannot
    // block the child.
    let mut stdout = child.stdout.take().expect("stdout is piped");
    let mut stderr = child.stderr.take().expect("stderr is piped");
    let out_reader = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = std::io::Read::read_to_end(&mut stdout, &mut bytes);
        bytes
    });
    let err_reader = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = std::io::Read::read_to_end(&mut stderr, &mut bytes);
        bytes
    });
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for tfgrade") {
            break status;
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("tfgrade ran longer than {limit:?} on {}", dir.display());
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Run {
        status,
        stdout: out_reader.join().expect("read stdout"),
        stderr: err_reader.join().expect("read stderr"),
        elapsed: started.elapsed(),
    }
}

/// Whether some object of `json` holds `line` and `column` (directly or
/// in a child object such as `error`), and it or an enclosing object holds
/// a string naming `file` (equal to it, or ending in `/file`).
fn mentions_location(json: &Value, file: &str, line: u32, column: u32) -> bool {
    fn names_file(object: &serde_json::Map<String, Value>, file: &str) -> bool {
        object.values().any(|value| {
            value
                .as_str()
                .is_some_and(|s| s == file || s.ends_with(&format!("/{file}")))
        })
    }
    fn has_position(object: &serde_json::Map<String, Value>, line: u32, column: u32) -> bool {
        object.get("line").and_then(Value::as_u64) == Some(u64::from(line))
            && object.get("column").and_then(Value::as_u64) == Some(u64::from(column))
    }
    fn walk(value: &Value, file: &str, line: u32, column: u32, file_named: bool) -> bool {
        match value {
            Value::Object(object) => {
                let file_named = file_named || names_file(object, file);
                if file_named && has_position(object, line, column) {
                    return true;
                }
                object
                    .values()
                    .any(|child| walk(child, file, line, column, file_named))
            }
            Value::Array(items) => items
                .iter()
                .any(|child| walk(child, file, line, column, file_named)),
            _ => false,
        }
    }
    walk(json, file, line, column, false)
}

fn check(name: &str, make: fn() -> Case) {
    let _serial = ONE_AT_A_TIME.lock().unwrap_or_else(PoisonError::into_inner);
    let case = make();
    assert_eq!(case.name, name, "a case is named after its generator");
    let paths: BTreeSet<&str> = case.files.iter().map(|(path, _)| path.as_str()).collect();
    assert_eq!(
        paths.len(),
        case.files.len(),
        "{name}: a folder cannot hold two files of one path"
    );
    let dir = tempfile::tempdir().expect("create a temporary folder");
    write_files(&case, dir.path());
    let limit = Duration::from_secs(case.max_seconds * 2);
    let run = run_cli(dir.path(), limit);
    let stderr = String::from_utf8_lossy(&run.stderr);
    let code = run.status.code();
    assert!(
        matches!(code, Some(0..=2)),
        "{name}: tfgrade must exit with 0, 1 or 2, not {:?} (a signal is a crash); stderr: {stderr}",
        run.status
    );
    let json: Value = serde_json::from_slice(&run.stdout).unwrap_or_else(|error| {
        panic!(
            "{name}: stdout is not JSON ({error}), {} bytes; stderr: {stderr}",
            run.stdout.len()
        )
    });
    if let Expect::ParseError {
        file, line, column, ..
    } = case.expect
    {
        assert!(
            mentions_location(&json, file, line, column),
            "{name}: the JSON should report {file} at line {line}, column {column}"
        );
    }
    assert!(
        run.elapsed <= limit,
        "{name}: took {:?}, bound {limit:?}",
        run.elapsed
    );
}

/// Cases whose files cannot be laid out in a folder: 10,000 files of one
/// path exist only as an input set (the core's test covers it).
const NOT_ON_DISK: [&str; 1] = ["ten_thousand_files_of_one_name"];

macro_rules! hostile_cases {
    ($($case:ident),* $(,)?) => {
        $(
            #[test]
            fn $case() {
                check(stringify!($case), hostile::$case);
            }
        )*

        /// Every case of the generator is run here, or listed as not
        /// possible on disk.
        #[test]
        fn every_generated_case_is_tested() {
            let tested: Vec<&str> = vec![$(stringify!($case)),*];
            let generated: Vec<&str> = hostile::all()
                .iter()
                .map(|(name, _)| *name)
                .filter(|name| !NOT_ON_DISK.contains(name))
                .collect();
            assert_eq!(generated, tested);
        }
    };
}

hostile_cases!(
    deep_brackets,
    deep_objects,
    deep_parentheses,
    deep_blocks,
    deep_templates,
    deep_heredoc_templates,
    deep_function_calls,
    deep_for_expressions,
    deep_conditionals,
    deep_unary_operators,
    long_binary_operator_chain,
    long_traversal,
    blocks_nested_within_parser_limit,
    deep_json_arrays,
    deep_json_objects,
    deep_tfvars_json_arrays,
    deep_markdown_block_quotes,
    deep_markdown_lists,
    fifty_mib_file,
    fifty_mib_binary_file,
    one_mib_single_line,
    one_mib_single_line_error_at_end,
    invalid_utf8,
    nul_bytes,
    utf8_bom,
    crlf_line_ends,
    lone_cr_line_ends,
    unterminated_heredoc,
    unterminated_string,
    unterminated_interpolation,
    unterminated_block_comment,
    ten_thousand_tiny_files,
    markdown_thousand_fenced_blocks,
    markdown_thousand_glued_fences,
    many_duplicate_keys,
    string_doubling_bomb,
    ten_thousand_s3_buckets,
    ten_thousand_security_groups,
    list_product_bomb,
    long_local_reference_chain,
    value_nesting_through_locals,
    list_product_in_every_resource,
    string_copied_in_a_loop,
    templatefile_in_a_loop,
);

/// `mentions_location` itself: found only with the file and both numbers.
#[test]
fn location_search_needs_file_line_and_column() {
    let json: Value = serde_json::json!({
        "files": [
            {"path": "lib/main.tf", "error": {"line": 3, "column": 7, "message": "x"}},
            {"path": "other.tf", "error": null}
        ],
        "findings": [{"file": "b.tf", "line": 9, "column": 1}]
    });
    assert!(mentions_location(&json, "main.tf", 3, 7));
    assert!(mentions_location(&json, "b.tf", 9, 1));
    assert!(!mentions_location(&json, "main.tf", 3, 8));
    assert!(!mentions_location(&json, "other.tf", 3, 7));
    assert!(!mentions_location(&json, "main.tf", 9, 1));
}

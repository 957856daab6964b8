//! Reading hostile file systems and command lines through the `tfgrade`
//! binary: entries that cannot be read become files reported as not
//! analysed and never lose the run; folders keep their names; standard
//! input is recognised; output is bounded and safe for a terminal.
//!
//! Every run is watched: a process still running after its time bound (a
//! debug build on a busy two-core machine; the work itself takes well
//! under a second) is killed and the test fails, so a named pipe that
//! blocks or a device read forever shows as a failure, not a hang.

use serde_json::Value;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The time bound of one run of the binary.
const RUN_BOUND: Duration = Duration::from_secs(60);

struct Run {
    code: Option<i32>,
    stdout: Vec<u8>,
    stderr: String,
}

/// Runs `tfgrade ARGS` in `dir` with `stdin` as standard input, killing it
/// at [`RUN_BOUND`].
fn run_in(dir: &Path, args: &[&str], stdin: &[u8]) -> Run {
    let started = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_tfgrade"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start tfgrade");
    let mut input = child.stdin.take().expect("stdin is piped");
    let bytes = stdin.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = input.write_all(&bytes);
    });
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
        if started.elapsed() > RUN_BOUND {
            let _ = child.kill();
            let _ = child.wait();
            panic!("tfgrade {args:?} ran longer than {RUN_BOUND:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let _ = writer.join();
    Run {
        code: status.code(),
        stdout: out_reader.join().expect("read stdout"),
        stderr: String::from_utf8_lossy(&err_reader.join().expect("read stderr")).into_owned(),
    }
}

/// Runs and parses the JSON report; the run must end with 0 or 1.
fn json_in(dir: &Path, args: &[&str], stdin: &[u8]) -> Value {
    let run = run_in(dir, args, stdin);
    assert!(
        matches!(run.code, Some(0 | 1)),
        "tfgrade {args:?} exited with {:?}: {}",
        run.code,
        run.stderr
    );
    serde_json::from_slice(&run.stdout).unwrap_or_else(|e| panic!("JSON on stdout: {e}"))
}

fn write(path: &Path, text: &str) {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("create folders");
    }
    std::fs::write(path, text).expect("write file");
}

/// `(path, error message)` of every file of a report.
fn files(report: &Value) -> Vec<(String, Option<String>)> {
    report["files"]
        .as_array()
        .expect("files")
        .iter()
        .map(|f| {
            (
                f["path"].as_str().expect("path").to_owned(),
                f["error"]["message"].as_str().map(str::to_owned),
            )
        })
        .collect()
}

fn error_of(report: &Value, path: &str) -> Option<String> {
    files(report)
        .into_iter()
        .find(|(p, _)| p == path)
        .unwrap_or_else(|| panic!("{path} is in the report: {:?}", files(report)))
        .1
}

const BUCKET: &str = "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"b\"\n}\n";

#[cfg(unix)]
#[test]
fn bad_entries_are_reported_and_the_rest_analysed() {
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir().expect("temp dir");
    let stack = dir.path().join("stack");
    write(&stack.join("main.tf"), BUCKET);
    symlink("nowhere.tf", stack.join("dangling.tf")).expect("symlink");
    symlink("self.tf", stack.join("self.tf")).expect("symlink");
    std::fs::create_dir(stack.join("folder")).expect("mkdir");
    symlink("folder", stack.join("folder_link.tf")).expect("symlink");
    symlink("/dev/zero", stack.join("zero.tf")).expect("symlink");
    let fifo = Command::new("mkfifo")
        .arg(stack.join("pipe.tf"))
        .status()
        .expect("run mkfifo");
    assert!(fifo.success(), "mkfifo");
    // Sparse: 1 GiB on paper, nothing on disk.
    let big = std::fs::File::create(stack.join("huge.tf")).expect("create");
    big.set_len(1 << 30).expect("set length");
    let locked = stack.join("locked");
    write(&locked.join("inner.tf"), BUCKET);
    let unreadable = stack.join("unreadable.tf");
    write(&unreadable, BUCKET);
    {
        use std::os::unix::fs::PermissionsExt;
        let none = std::fs::Permissions::from_mode(0o000);
        std::fs::set_permissions(&locked, none.clone()).expect("chmod");
        std::fs::set_permissions(&unreadable, none).expect("chmod");
    }

    let report = json_in(dir.path(), &["check", "stack", "--format", "json"], b"");

    assert_eq!(
        error_of(&report, "stack/main.tf"),
        None,
        "the good file is analysed"
    );
    assert!(
        report["controls"]
            .as_array()
            .expect("controls")
            .iter()
            .flat_map(|c| c["findings"].as_array().into_iter().flatten())
            .any(|f| f["resource"] == "aws_s3_bucket.b"),
        "the good file's bucket is judged"
    );
    for (path, reason) in [
        ("stack/dangling.tf", "dangling"),
        ("stack/self.tf", "loop"),
        ("stack/folder_link.tf", "folder"),
        ("stack/zero.tf", "device"),
        ("stack/pipe.tf", "named pipe"),
        ("stack/huge.tf", "--max-file-size"),
    ] {
        let error = error_of(&report, path).unwrap_or_default();
        assert!(
            error.starts_with("not analysed") && error.contains(reason),
            "{path}: {error:?} should say it was not analysed because of {reason:?}"
        );
    }
    // Permissions do not stop the superuser: then the files are read.
    let root = error_of(&report, "stack/unreadable.tf").is_none();
    if !root {
        assert!(error_of(&report, "stack/unreadable.tf")
            .is_some_and(|e| e.contains("permission denied")));
        assert!(error_of(&report, "stack/locked").is_some_and(|e| e.contains("permission denied")));
    } else {
        assert_eq!(error_of(&report, "stack/locked/inner.tf"), None);
    }
}

#[cfg(unix)]
#[test]
fn a_fifo_or_link_given_as_argument_is_reported() {
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir().expect("temp dir");
    write(&dir.path().join("main.tf"), BUCKET);
    let fifo = Command::new("mkfifo")
        .arg(dir.path().join("pipe.tf"))
        .status()
        .expect("run mkfifo");
    assert!(fifo.success(), "mkfifo");
    symlink("gone.tf", dir.path().join("dangling.tf")).expect("symlink");
    let report = json_in(
        dir.path(),
        &[
            "check",
            "main.tf",
            "pipe.tf",
            "dangling.tf",
            "--format",
            "json",
        ],
        b"",
    );
    assert_eq!(error_of(&report, "main.tf"), None);
    assert!(error_of(&report, "pipe.tf").is_some_and(|e| e.contains("named pipe")));
    assert!(error_of(&report, "dangling.tf").is_some_and(|e| e.contains("dangling")));
}

#[test]
fn a_missing_argument_is_a_usage_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    let run = run_in(dir.path(), &["check", "nothing-here"], b"");
    assert_eq!(run.code, Some(2));
    assert!(run.stderr.contains("nothing-here"), "{}", run.stderr);
}

/// A 1 GiB file of NUL bytes within a raised size limit: recognised as
/// binary on its first bytes, so neither read whole nor kept in memory.
/// Reading it all took 27 s and 3 GB; the bound is a few seconds' work.
#[test]
fn a_huge_binary_file_is_recognised_on_its_first_bytes() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = std::fs::File::create(dir.path().join("zeros.tf")).expect("create");
    file.set_len(1 << 30).expect("set length");
    write(&dir.path().join("main.tf"), BUCKET);
    let started = Instant::now();
    let report = json_in(
        dir.path(),
        &["check", ".", "--format", "json", "--max-file-size", "2048"],
        b"",
    );
    let elapsed = started.elapsed();
    assert!(error_of(&report, "zeros.tf").is_some_and(|e| e.contains("NUL byte")));
    assert_eq!(error_of(&report, "main.tf"), None);
    assert!(
        elapsed < Duration::from_secs(20),
        "reading 1 GiB of NUL bytes took {elapsed:?}"
    );
}

#[test]
fn the_size_limit_is_a_flag() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut text = String::new();
    while text.len() <= 1 << 20 {
        text.push_str(BUCKET);
        text.push_str("# padding padding padding padding padding padding\n");
    }
    write(&dir.path().join("big.tf"), &text);
    let limited = json_in(
        dir.path(),
        &["check", ".", "--format", "json", "--max-file-size", "1"],
        b"",
    );
    assert!(error_of(&limited, "big.tf").is_some_and(|e| e.contains("1 MiB")));
    let default = json_in(dir.path(), &["check", ".", "--format", "json"], b"");
    assert_eq!(error_of(&default, "big.tf"), None);
}

#[test]
fn folders_keep_their_names_and_are_modules_whatever_the_order() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(
        &dir.path().join("sns/main.tf"),
        "resource \"aws_sns_topic\" \"t\" {}\n",
    );
    write(
        &dir.path().join("sqs/main.tf"),
        "resource \"aws_sqs_queue\" \"q\" {}\n",
    );
    let args = |first: &'static str, second: &'static str| {
        vec![
            "check",
            first,
            second,
            "--format",
            "json",
            "--fail-on",
            "never",
        ]
    };
    let one = run_in(dir.path(), &args("sns", "sqs/"), b"");
    let other = run_in(dir.path(), &args("sqs/", "sns"), b"");
    let report: Value = serde_json::from_slice(&one.stdout).expect("JSON");
    let paths: Vec<String> = files(&report).into_iter().map(|(p, _)| p).collect();
    assert_eq!(paths, ["sns/main.tf", "sqs/main.tf"]);
    assert_eq!(
        one.stdout, other.stdout,
        "output independent of argument order"
    );
    // The same file twice (itself and within its folder) is read once.
    let twice = json_in(
        dir.path(),
        &["check", "sns", "sns/main.tf", "--format", "json"],
        b"",
    );
    let paths: Vec<String> = files(&twice).into_iter().map(|(p, _)| p).collect();
    assert_eq!(paths, ["sns/main.tf"]);
}

#[test]
fn reference_takes_one_path_per_flag() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(&dir.path().join("ideal.tf"), BUCKET);
    write(
        &dir.path().join("answer.tf"),
        "resource \"aws_sqs_queue\" \"q\" {}\n",
    );
    write(&dir.path().join("unrelated/x.tf"), "variable \"x\" {}\n");
    let report = json_in(
        dir.path(),
        &[
            "check",
            "--reference",
            "ideal.tf",
            "answer.tf",
            "--format",
            "json",
        ],
        b"",
    );
    let paths: Vec<String> = files(&report).into_iter().map(|(p, _)| p).collect();
    assert_eq!(paths, ["answer.tf"], "the answer is the candidate");
    assert!(
        report["comparison"].is_object(),
        "compared with the reference"
    );
}

#[test]
fn standard_input_kind_is_recognised_or_given() {
    let dir = tempfile::tempdir().expect("temp dir");
    let json = br#"{"resource": {"aws_s3_bucket": {"b": {"bucket": "b"}}}}"#;
    let markdown =
        b"# Answer\n\n```hcl\nresource \"aws_s3_bucket\" \"b\" {\n  bucket = \"b\"\n}\n```\n";
    for (bytes, kind, path, expected_kind) in [
        (&json[..], None, "stdin.tf.json", "terraform_json"),
        (&json[..], Some("json"), "stdin.tf.json", "terraform_json"),
        (&markdown[..], None, "stdin.md/block-1.tf", "terraform"),
        (
            &markdown[..],
            Some("md"),
            "stdin.md/block-1.tf",
            "terraform",
        ),
        (BUCKET.as_bytes(), None, "stdin.tf", "terraform"),
        (BUCKET.as_bytes(), Some("tf"), "stdin.tf", "terraform"),
    ] {
        let mut args = vec!["check", "-", "--format", "json"];
        if let Some(kind) = kind {
            args.extend(["--stdin-kind", kind]);
        }
        let report = json_in(dir.path(), &args, bytes);
        let entry = report["files"]
            .as_array()
            .expect("files")
            .iter()
            .find(|f| f["path"] == path)
            .unwrap_or_else(|| panic!("{path} for {kind:?}: {}", report["files"]));
        assert_eq!(entry["kind"], expected_kind, "{path}");
        assert!(entry["error"].is_null(), "{path}: {}", entry["error"]);
    }
}

/// Escape sequences in file names, file contents and values reach the
/// terminal escaped: the text output has no control character but line
/// breaks (colour is off, as in a pipe).
#[cfg(unix)]
#[test]
fn text_output_carries_no_control_characters_from_the_input() {
    let dir = tempfile::tempdir().expect("temp dir");
    let text = "resource \"aws_s3_bucket\" \"b\\u001b]0;pwned\\u0007\" { # \u{1b}[2J\u{9b}31m\n  bucket = \"x\u{202e}y\"\n}\nresource \"aws_security_group\" \"g\" {\n  ingress {\n    from_port = 22\n    to_port = 22\n    protocol = \"tcp\"\n    cidr_blocks = [\"0.0.0.0/0\"] # \u{1b}[31m\n  }\n}\nbroken {{{ \u{1b}[5m\n";
    write(&dir.path().join("evil\u{1b}[31m.tf"), text);
    write(&dir.path().join("bad\u{1b}[1m.tf"), "x = {\u{1b}[1m\n");
    let run = run_in(dir.path(), &["check", ".", "--fail-on", "never"], b"");
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let out = String::from_utf8(run.stdout).expect("UTF-8 text");
    let unsafe_chars: Vec<char> = out
        .chars()
        .filter(|&c| (c.is_control() && c != '\n') || ('\u{202a}'..='\u{202e}').contains(&c))
        .collect();
    assert!(
        unsafe_chars.is_empty(),
        "control characters reached the terminal: {unsafe_chars:?}\n{out}"
    );
    assert!(
        out.contains("evil\\u{1b}[31m.tf"),
        "file names escaped:\n{out}"
    );
    assert!(out.contains("\\u{1b}"), "contents escaped:\n{out}");
}

/// `n` buckets without any protection: several failing findings each.
fn many_buckets(n: usize) -> String {
    (0..n)
        .map(|i| format!("resource \"aws_s3_bucket\" \"b{i}\" {{\n  bucket = \"b{i}\"\n}}\n"))
        .collect()
}

fn findings_by_status(report: &Value) -> (usize, usize) {
    let all: Vec<&Value> = report["controls"]
        .as_array()
        .expect("controls")
        .iter()
        .flat_map(|c| c["findings"].as_array().expect("findings"))
        .collect();
    let fails = all.iter().filter(|f| f["status"] == "fail").count();
    (all.len(), fails)
}

#[test]
fn max_findings_bounds_every_format_and_says_what_was_left_out() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(&dir.path().join("main.tf"), &many_buckets(40));
    let full = json_in(dir.path(), &["check", ".", "--format", "json"], b"");
    let (all, fails) = findings_by_status(&full);
    assert!(fails > 25 && all > fails, "{all} findings, {fails} failing");
    assert!(
        full.get("left_out").is_none(),
        "nothing left out by default"
    );

    let limited = json_in(
        dir.path(),
        &["check", ".", "--format", "json", "--max-findings", "25"],
        b"",
    );
    let (listed, listed_fails) = findings_by_status(&limited);
    assert_eq!((listed, listed_fails), (25, 25), "failures kept first");
    assert_eq!(limited["left_out"]["limit"], 25);
    assert_eq!(limited["left_out"]["fail"], fails - 25);
    assert_eq!(
        limited["left_out"]["pass"],
        all - fails - count_status(&full, "warn") - count_status(&full, "suppressed")
    );
    let statuses = |r: &Value| -> Vec<Value> {
        r["controls"]
            .as_array()
            .expect("controls")
            .iter()
            .map(|c| c["status"].clone())
            .collect()
    };
    assert_eq!(
        statuses(&full),
        statuses(&limited),
        "statuses judge every finding"
    );
    assert_eq!(full["total"], limited["total"], "so does the score");

    let sarif = json_in(
        dir.path(),
        &["check", ".", "--format", "sarif", "--max-findings", "10"],
        b"",
    );
    let run = &sarif["runs"][0];
    assert_eq!(run["results"].as_array().expect("results").len(), 10);
    assert!(run["properties"]["resultsLeftOut"].as_u64() > Some(0));
    for format in ["markdown", "text"] {
        let out = run_in(
            dir.path(),
            &["check", ".", "--format", format, "--max-findings", "10"],
            b"",
        );
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            text.contains("findings left out") && text.contains("at most 10 are listed"),
            "{format}: {text}"
        );
    }
}

fn count_status(report: &Value, status: &str) -> usize {
    report["controls"]
        .as_array()
        .expect("controls")
        .iter()
        .flat_map(|c| c["findings"].as_array().expect("findings"))
        .filter(|f| f["status"] == status)
        .count()
}

/// Code-scanning services reject a SARIF run of more than 25,000 results:
/// a run never has more, and says how many were left out.
#[test]
fn sarif_runs_hold_at_most_25000_results() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(&dir.path().join("main.tf"), &many_buckets(4000));
    let sarif = json_in(dir.path(), &["check", ".", "--format", "sarif"], b"");
    let run = &sarif["runs"][0];
    let results = run["results"].as_array().expect("results").len();
    let left_out = run["properties"]["resultsLeftOut"].as_u64().unwrap_or(0);
    assert_eq!(results, 25_000, "{left_out} left out");
    assert!(left_out > 0);
    let notes = run["invocations"][0]["toolExecutionNotifications"].to_string();
    assert!(
        notes.contains(&format!("{left_out} findings left out")),
        "{notes}"
    );
}

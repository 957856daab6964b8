//! `tfgrade check` end to end: every option, every exit status, standard
//! input, folders with modules and a broken file, comparison mode, a prompt
//! file, and the JSON and SARIF outputs parsed back.

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn tfgrade() -> Command {
    let mut cmd = Command::cargo_bin("tfgrade").expect("binary built");
    cmd.env("NO_COLOR", "1").current_dir(fixtures());
    cmd
}

fn json_of(args: &[&str]) -> Value {
    let out = tfgrade()
        .args(["check", "--format", "json", "--fail-on", "never"])
        .args(args)
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON on stdout")
}

fn control<'a>(report: &'a Value, id: &str) -> &'a Value {
    report["controls"]
        .as_array()
        .expect("controls")
        .iter()
        .find(|c| c["id"] == id)
        .unwrap_or_else(|| panic!("control {id} in report"))
}

/// A copy of the `stack` fixture with a `.terraform/` folder that must be
/// skipped (it holds a file that does not parse).
fn stack_with_dot_terraform() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_tree(&fixtures().join("stack"), dir.path());
    let hidden = dir.path().join(".terraform/modules/x");
    std::fs::create_dir_all(&hidden).expect("mkdir");
    std::fs::write(hidden.join("main.tf"), "not terraform {{{").expect("write");
    dir
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read_dir").flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).expect("copy");
        }
    }
}

#[test]
fn help_shows_every_option_and_examples() {
    let out = tfgrade().args(["check", "--help"]).assert().success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    for option in [
        "--reference",
        "--prompt",
        "--profile",
        "--require",
        "--format",
        "--output",
        "--fail-on",
        "--no-suppressions",
        "Examples:",
        "Exit status",
    ] {
        assert!(text.contains(option), "--help lacks {option}:\n{text}");
    }
}

#[test]
fn version_is_the_crate_version() {
    tfgrade()
        .arg("--version")
        .assert()
        .success()
        .stdout(predicate::str::contains(env!("CARGO_PKG_VERSION")));
}

#[test]
fn folder_with_modules_and_a_broken_file_is_analysed_and_dot_terraform_skipped() {
    let dir = stack_with_dot_terraform();
    let out = tfgrade()
        .current_dir(dir.path())
        .args(["check", "--format", "json", "--fail-on", "never", "."])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
    let report: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let files: Vec<&str> = report["files"]
        .as_array()
        .expect("files")
        .iter()
        .map(|f| f["path"].as_str().expect("path"))
        .collect();
    assert_eq!(files, ["broken.tf", "main.tf", "modules/network/main.tf"]);
    let broken = &report["files"][0]["error"];
    assert_eq!(broken["line"], 4, "{broken}");
    assert!(broken["column"].as_u64().is_some());
    assert!(!broken["message"].as_str().unwrap_or_default().is_empty());
    // The module's resources are judged: the world-open SSH rule fails.
    let sec003 = control(&report, "SEC003");
    assert_eq!(sec003["status"], "fail");
    assert_eq!(sec003["findings"][0]["file"], "modules/network/main.tf");
    // The parsed files are still analysed: the key without rotation fails.
    assert_eq!(control(&report, "ENC001")["status"], "fail");
}

#[test]
fn parse_errors_appear_in_text_with_their_location_and_never_stop_the_run() {
    tfgrade()
        .args(["check", "stack", "--fail-on", "never"])
        .assert()
        .success()
        .stdout(predicate::str::contains("cannot parse stack/broken.tf"))
        .stdout(predicate::str::contains("stack/broken.tf:4:"));
}

#[test]
fn text_output_has_summary_severity_groups_and_code_frames() {
    let out = tfgrade()
        .args(["check", "stack/modules/network", "--fail-on", "never"])
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Score "), "{text}");
    assert!(text.contains("grade "), "{text}");
    assert!(text.contains("Critical ("), "{text}");
    // A code frame: the file:line:column header and the offending line.
    assert!(text.contains("main.tf:13:19"), "{text}");
    assert!(text.contains(r#"cidr_blocks = ["0.0.0.0/0"]"#), "{text}");
    assert!(!text.contains("\u{1b}["), "no colour when not a terminal");
}

#[test]
fn standard_input_is_read_as_one_file() {
    let report = {
        let out = tfgrade()
            .args(["check", "-", "--format", "json", "--fail-on", "never"])
            .write_stdin("resource \"aws_kms_key\" \"k\" {\n  enable_key_rotation = true\n}\n")
            .output()
            .expect("runs");
        assert!(out.status.success());
        serde_json::from_slice::<Value>(&out.stdout).expect("JSON")
    };
    assert_eq!(report["files"][0]["path"], "stdin.tf");
    assert_eq!(control(&report, "ENC001")["status"], "pass");
}

#[test]
fn exit_status_follows_fail_on() {
    // SEC003 (critical) fails in the network module.
    tfgrade()
        .args(["check", "stack/modules/network"])
        .assert()
        .code(1);
    tfgrade()
        .args(["check", "stack/modules/network", "--fail-on", "never"])
        .assert()
        .code(0);
    // A clean key: nothing fails at critical in profile module.
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("kms.tf"),
        "resource \"aws_kms_key\" \"k\" {\n  enable_key_rotation = true\n}\n",
    )
    .expect("write");
    tfgrade()
        .args(["check", "--profile", "module"])
        .arg(dir.path())
        .assert()
        .code(0);
    // …but at `low` something (a Low control) still fails.
    tfgrade()
        .args(["check", "--profile", "module", "--fail-on", "low"])
        .arg(dir.path())
        .assert()
        .code(1);
}

#[test]
fn usage_and_io_errors_exit_2() {
    tfgrade()
        .args(["check", "does-not-exist"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("does-not-exist"));
    tfgrade()
        .args(["check", "stack", "--profile", "lenient"])
        .assert()
        .code(2);
    tfgrade()
        .args(["check", "stack", "--require", "no-equals-sign"])
        .assert()
        .code(2);
    tfgrade()
        .args(["check", "stack", "--prompt", "missing-prompt.txt"])
        .assert()
        .code(2);
}

#[test]
fn profile_changes_presence_controls() {
    let task = json_of(&["stack/modules/network"]);
    let baseline = json_of(&["stack/modules/network", "--profile", "baseline"]);
    let module = json_of(&["stack/modules/network", "--profile", "module"]);
    assert_eq!(task["profile"], "task");
    assert_eq!(baseline["profile"], "baseline");
    assert_eq!(module["profile"], "module");
    // Not asked for by a prompt: advice, with the verdict it would have.
    assert_eq!(control(&task, "CMP001")["status"], "advice");
    assert_eq!(control(&task, "CMP001")["judged"], "fail");
    assert_eq!(control(&baseline, "CMP001")["status"], "fail");
    assert_eq!(control(&module, "CMP001")["status"], "n/a");
}

#[test]
fn a_prompt_that_asks_for_a_presence_control_scores_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let prompt = dir.path().join("prompt.md");
    std::fs::write(&prompt, "Enable AWS CloudTrail for the account.\n").expect("write");
    let prompt = prompt.to_string_lossy().into_owned();
    let asked = json_of(&["stack/modules/network", "--prompt", &prompt]);
    assert_eq!(control(&asked, "CMP001")["status"], "fail");
    assert_eq!(asked["basis"]["against"], "task");
}

#[test]
fn strict_profile_fails_aws_managed_keys_that_baseline_only_warns() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("topic.tf"),
        "resource \"aws_sns_topic\" \"t\" {\n  kms_master_key_id = \"alias/aws/sns\"\n}\n",
    )
    .expect("write");
    let path = dir.path().to_string_lossy().into_owned();
    let baseline = json_of(&[&path]);
    let strict = json_of(&[&path, "--profile", "strict"]);
    assert_eq!(control(&baseline, "ENC009")["status"], "warn");
    assert_eq!(control(&strict, "ENC009")["status"], "fail");
}

#[test]
fn prompt_file_with_deletion_protection_forbidden_flips_ops009() {
    let plain = json_of(&["rds"]);
    assert_eq!(control(&plain, "OPS009")["status"], "pass");
    let prompted = json_of(&["rds", "--prompt", "rds/prompt.txt"]);
    assert_eq!(control(&prompted, "OPS009")["status"], "fail");
    let req = prompted["requirements"]
        .as_array()
        .expect("requirements")
        .iter()
        .find(|r| r["key"] == "deletion_protection")
        .expect("deletion_protection extracted");
    assert_eq!(req["value"], "forbidden");
    assert!(req["source"]
        .as_str()
        .unwrap_or_default()
        .contains("No resource should have deletion protection enabled"));
}

#[test]
fn require_overrides_win_over_the_prompt() {
    let report = json_of(&[
        "rds",
        "--prompt",
        "rds/prompt.txt",
        "--require",
        "deletion_protection=required",
    ]);
    assert_eq!(control(&report, "OPS009")["status"], "pass");
    let report = json_of(&["rds", "--require", "backup_retention_days=30"]);
    assert_eq!(control(&report, "OPS008")["status"], "fail");
}

#[test]
fn suppressions_are_reported_and_can_be_turned_off() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("kms.tf"),
        "# tfgrade:ignore:ENC001 rotation is handled by an external key ceremony\nresource \"aws_kms_key\" \"k\" {\n}\n",
    )
    .expect("write");
    let path = dir.path().to_string_lossy().into_owned();
    let honoured = json_of(&[&path]);
    let enc001 = control(&honoured, "ENC001");
    assert_ne!(enc001["status"], "fail");
    let finding = &enc001["findings"][0];
    assert_eq!(finding["status"], "suppressed");
    assert!(finding["suppression"]["reason"]
        .as_str()
        .unwrap_or_default()
        .contains("external key ceremony"));
    let ignored = json_of(&[&path, "--no-suppressions"]);
    assert_eq!(control(&ignored, "ENC001")["status"], "fail");
}

#[test]
fn comparison_mode_lists_regressions() {
    let report = json_of(&["stack/main.tf", "--reference", "reference"]);
    let cmp = &report["comparison"];
    assert!(cmp.is_object(), "comparison present");
    let rows = cmp["rows"].as_array().expect("rows");
    let enc001 = rows
        .iter()
        .find(|r| r["id"] == "ENC001")
        .expect("ENC001 row");
    assert_eq!(enc001["candidate"], "fail");
    assert_eq!(enc001["reference"], "pass");
    assert!(cmp["regressions"]
        .as_array()
        .expect("regressions")
        .iter()
        .any(|id| id == "ENC001"));
    assert!(cmp["total"]["percent"].as_f64() > report["total"]["percent"].as_f64());
}

#[test]
fn markdown_output_is_the_review_layout() {
    tfgrade()
        .args([
            "check",
            "stack",
            "--format",
            "markdown",
            "--fail-on",
            "never",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("| Category |"))
        .stdout(predicate::str::contains("❌"));
}

#[test]
fn sarif_output_parses_back_with_rules_and_locations() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("out.sarif");
    tfgrade()
        .args([
            "check",
            "stack",
            "--format",
            "sarif",
            "--fail-on",
            "never",
            "--output",
        ])
        .arg(&file)
        .assert()
        .success()
        .stdout(predicate::str::is_empty());
    let sarif: Value =
        serde_json::from_str(&std::fs::read_to_string(&file).expect("written")).expect("JSON");
    assert_eq!(sarif["version"], "2.1.0");
    let run = &sarif["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "tfgrade");
    assert!(
        run["tool"]["driver"]["rules"]
            .as_array()
            .expect("rules")
            .len()
            > 50
    );
    let results = run["results"].as_array().expect("results");
    let located = results
        .iter()
        .find(|r| r["ruleId"] == "SEC003")
        .expect("SEC003 result");
    let location = &located["locations"][0]["physicalLocation"];
    assert_eq!(
        location["artifactLocation"]["uri"],
        "stack/modules/network/main.tf"
    );
    assert_eq!(location["region"]["startLine"], 13);
}

#[test]
fn json_output_follows_the_contract() {
    let report = json_of(&["stack"]);
    assert_eq!(report["schema_version"], 1);
    assert_eq!(report["tool"]["name"], "tfgrade");
    assert_eq!(report["total"]["max"], 80);
    assert!(report["total"]["grade"].is_string());
    assert!(report["categories"].as_array().expect("categories").len() == 8);
    assert!(report["comparison"].is_null());
}

#[test]
fn output_is_deterministic() {
    let a = tfgrade()
        .args(["check", "stack", "--format", "json", "--fail-on", "never"])
        .output()
        .expect("runs");
    let b = tfgrade()
        .args(["check", "stack", "--format", "json", "--fail-on", "never"])
        .output()
        .expect("runs");
    assert_eq!(a.stdout, b.stdout);
}

#[test]
fn duplicate_object_keys_are_accepted_and_reported() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("ports.tf"),
        "locals {\n  ports = {\n    http = 80\n    http = 8080\n  }\n}\n",
    )
    .expect("write");
    let path = dir.path().to_string_lossy().into_owned();
    let report = json_of(&[&path]);
    assert_eq!(
        report["files"][0]["error"],
        Value::Null,
        "Terraform accepts it"
    );
    let d = &report["diagnostics"][0];
    let ports = format!("{path}/ports.tf");
    let ports = ports.trim_start_matches('/');
    assert_eq!(d["file"], ports);
    assert_eq!(d["line"], 3);
    assert!(d["message"]
        .as_str()
        .unwrap_or_default()
        .contains("duplicate key `http`"));
    tfgrade()
        .args(["check", "--fail-on", "never"])
        .arg(dir.path())
        .assert()
        .success()
        .stdout(predicate::str::contains(format!(
            "warning: {ports}: duplicate key `http`",
        )))
        .stdout(predicate::str::contains("ports.tf:3:5"));
}

#[test]
fn text_report_snapshot() {
    let out = tfgrade()
        .args(["check", "stack", "--fail-on", "never"])
        .output()
        .expect("runs");
    insta::assert_snapshot!(String::from_utf8_lossy(&out.stdout));
}

#[test]
fn markdown_report_snapshot() {
    let out = tfgrade()
        .args([
            "check",
            "stack/main.tf",
            "--reference",
            "reference",
            "--format",
            "markdown",
            "--fail-on",
            "never",
        ])
        .output()
        .expect("runs");
    insta::assert_snapshot!(String::from_utf8_lossy(&out.stdout));
}

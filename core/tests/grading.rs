//! How the grade follows the task (RUBRIC.md sections 3 and 4): the
//! default profile `task`, account-wide controls as advice unless asked
//! for, undetermined verdicts left out of the score, and the validity gate
//! (broken answers graded F, invalid ones capped at D, empty input not
//! graded).

use tfgrade_core::report::{GradedAgainst, ValidityStatus};
use tfgrade_core::rules::Status;
use tfgrade_core::{analyze, AnalysisOptions, InputSet, Profile, Report};

fn input(files: &[(&str, &str)]) -> InputSet {
    let mut set = InputSet::new();
    for (path, text) in files {
        set.add(*path, text.as_bytes().to_vec());
    }
    set
}

fn run(files: &[(&str, &str)], options: &AnalysisOptions) -> Report {
    analyze(&input(files), options)
}

/// A key that meets every control that applies to it, so only the
/// behaviour under test moves the grade.
const GOOD_KEY: &str = r#"terraform {
  required_version = ">= 1.5"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }
  }
}

data "aws_caller_identity" "current" {}

resource "aws_kms_key" "main" {
  description             = "data key"
  enable_key_rotation     = true
  deletion_window_in_days = 30
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "Root"
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:root" }
      Action    = "kms:*"
      Resource  = "*"
    }]
  })
  tags = { Name = "data" }
}
"#;

#[test]
fn the_default_profile_is_task_and_account_wide_controls_are_advice() {
    let report = run(&[("main.tf", GOOD_KEY)], &AnalysisOptions::default());
    assert_eq!(report.profile, Profile::Task);
    let trail = report.control("CMP001").expect("CMP001");
    assert_eq!(trail.status, Status::Advice);
    assert_eq!(trail.judged, Some(Status::Fail));
    assert_eq!(report.basis.against, GradedAgainst::Declared);
    assert!(report.basis.advice > 0);
    assert!(
        report.basis.summary.contains("shown as advice"),
        "{}",
        report.basis.summary
    );
    // Advice is not scored and produces no resolution action.
    assert!(report.actions.iter().all(|a| a.control != "CMP001"));
    assert!(!report.failures.critical.contains(&"CMP001"));
}

#[test]
fn a_prompt_that_asks_for_an_account_wide_control_scores_it() {
    let options = AnalysisOptions {
        prompt: Some("Enable AWS CloudTrail to audit every API call.".to_string()),
        ..AnalysisOptions::default()
    };
    let report = run(&[("main.tf", GOOD_KEY)], &options);
    assert_eq!(report.status("CMP001"), Status::Fail);
    assert_eq!(report.basis.against, GradedAgainst::Task);
    // Not asked for: still advice.
    assert_eq!(report.status("CMP012"), Status::Advice);
}

#[test]
fn account_wide_controls_the_reference_meets_are_scored() {
    let trail = r#"resource "aws_cloudtrail" "main" {
  name                          = "main"
  s3_bucket_name                = "trail-logs"
  is_multi_region_trail         = true
  enable_log_file_validation    = true
}
"#;
    let options = AnalysisOptions {
        reference: Some(input(&[("main.tf", &format!("{GOOD_KEY}\n{trail}"))])),
        ..AnalysisOptions::default()
    };
    let report = run(&[("main.tf", GOOD_KEY)], &options);
    assert_eq!(report.status("CMP001"), Status::Fail);
    assert_eq!(report.status("CMP012"), Status::Advice);
    let cmp = report.comparison.as_ref().expect("comparison");
    let row = cmp
        .rows
        .iter()
        .find(|r| r.id == "CMP001")
        .expect("CMP001 row");
    assert_eq!(row.reference, Status::Pass);
    assert!(cmp.regressions.contains(&"CMP001"), "{:?}", cmp.regressions);
}

#[test]
fn baseline_scores_account_wide_controls() {
    let options = AnalysisOptions {
        profile: Profile::Baseline,
        ..AnalysisOptions::default()
    };
    let report = run(&[("main.tf", GOOD_KEY)], &options);
    assert_eq!(report.status("CMP001"), Status::Fail);
    assert_eq!(report.basis.advice, 0);
}

#[test]
fn verdicts_that_depend_on_a_variable_without_default_are_not_scored() {
    let src = format!(
        "variable \"rotate\" {{\n  type = bool\n}}\n\n{}",
        GOOD_KEY.replace(
            "enable_key_rotation     = true",
            "enable_key_rotation     = var.rotate"
        )
    );
    assert!(src.contains("var.rotate"));
    let report = run(&[("main.tf", &src)], &AnalysisOptions::default());
    let rotation = report.control("ENC001").expect("ENC001");
    assert_eq!(rotation.status, Status::Unknown);
    assert!(rotation.findings[0]
        .message
        .starts_with("could not be determined"));
    let enc = report
        .categories
        .iter()
        .find(|c| c.code.code() == "ENC")
        .expect("ENC");
    assert_eq!(enc.controls.unknown, 1);
    assert_eq!(enc.controls.fail, 0);
    assert!(report.basis.unknown >= 1);
}

#[test]
fn an_answer_where_nothing_parses_is_broken_and_graded_f() {
    let report = run(
        &[(
            "main.tf",
            "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"x\"\n",
        )],
        &AnalysisOptions::default(),
    );
    assert_eq!(report.validity.status, ValidityStatus::Broken);
    assert_eq!(report.total.grade, "F");
    assert!((report.total.percent - 0.0).abs() < f64::EPSILON);
    assert!(report.total.cap.as_deref().unwrap_or("").contains("broken"));
}

#[test]
fn a_prose_only_answer_is_broken() {
    let report = run(
        &[(
            "answer.md",
            "I would create an encrypted bucket and a KMS key.\n",
        )],
        &AnalysisOptions::default(),
    );
    assert_eq!(report.validity.status, ValidityStatus::Broken);
    assert_eq!(report.total.grade, "F");
}

#[test]
fn a_file_that_does_not_parse_caps_the_grade_at_d() {
    let report = run(
        &[
            ("main.tf", GOOD_KEY),
            ("broken.tf", "resource \"aws_s3_bucket\" \"b\" {\n"),
        ],
        &AnalysisOptions::default(),
    );
    assert_eq!(report.validity.status, ValidityStatus::Invalid);
    assert_eq!(report.validity.parse_errors, 1);
    // The key alone is well configured: only the gate keeps it at D.
    assert!(
        report.total.uncapped_grade.starts_with('A'),
        "{:?}",
        report.total
    );
    assert_eq!(report.total.grade, "D");
    assert!(report
        .total
        .cap
        .as_deref()
        .unwrap_or("")
        .contains("capped at D"));
}

#[test]
fn empty_input_is_not_graded() {
    let report = run(&[("main.tf", "\n  \n")], &AnalysisOptions::default());
    assert_eq!(report.validity.status, ValidityStatus::Empty);
    assert_eq!(report.total.grade, "n/a");
    assert!(report.actions.is_empty());
    assert!(report.validity.summary.contains("nothing to grade"));
}

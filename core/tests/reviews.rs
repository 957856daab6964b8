//! The hand-written reviews in `/work/shared/examples`, reproduced. Each
//! case under `tests/fixtures/reviews/<case>/` holds the candidate and the
//! reference Terraform as the review describes them and a prompt
//! consistent with it:
//!
//! | case | review |
//! |---|---|
//! | `secure-baseline-good` | `review-secure-baseline.md`, first part: a good answer graded A- |
//! | `secure-baseline-misread` | `review-secure-baseline.md`, second part: a region migration instead of security infrastructure |
//! | `basic-webapp-failures` | `review-basic-webapp-failures.md` |
//! | `financial-app-pitfalls` | `review-financial-app-pitfalls.md` (the pitfalls as the candidate, the ideal as the reference) |
//!
//! Every control verdict a review states is listed below and must come out
//! the same; the reference must score above the candidate; the Markdown
//! report is an `insta` snapshot (`tests/snapshots/`), which fails on any
//! difference (review it with `cargo insta review`; never accept blindly).

use std::path::{Path, PathBuf};
use tfgrade_core::rules::Status::{self, Fail, NotApplicable, Pass, Warn};
use tfgrade_core::{analyze, AnalysisOptions, InputSet, Report};

fn case_dir(case: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/reviews")
        .join(case)
}

/// Every file under `dir`, with paths relative to it, in sorted order.
fn read_set(dir: &Path) -> InputSet {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<(String, Vec<u8>)>) {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
            .expect("fixture folder")
            .map(|e| e.expect("entry").path())
            .collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                let rel = path
                    .strip_prefix(root)
                    .expect("under root")
                    .to_string_lossy()
                    .replace('\\', "/");
                out.push((rel, std::fs::read(&path).expect("readable")));
            }
        }
    }
    let mut files = Vec::new();
    walk(dir, dir, &mut files);
    let mut set = InputSet::new();
    for (path, bytes) in files {
        set.add(path, bytes);
    }
    set
}

/// `<case>/reference`, or the folder named in `<case>/reference.path` when
/// two cases of one review share their reference.
fn reference_dir(dir: &Path) -> PathBuf {
    let own = dir.join("reference");
    if own.is_dir() {
        return own;
    }
    let named =
        std::fs::read_to_string(dir.join("reference.path")).expect("reference or reference.path");
    dir.join(named.trim())
}

fn analyze_case(case: &str) -> Report {
    let dir = case_dir(case);
    let options = AnalysisOptions {
        prompt: Some(std::fs::read_to_string(dir.join("prompt.txt")).expect("prompt")),
        reference: Some(read_set(&reference_dir(&dir))),
        ..AnalysisOptions::default()
    };
    analyze(&read_set(&dir.join("candidate")), &options)
}

/// Checks (control, candidate, reference) verdicts and reports every
/// mismatch at once.
fn check_verdicts(report: &Report, expected: &[(&str, Status, Status)]) {
    let cmp = report.comparison.as_ref().expect("comparison mode");
    let mut wrong = Vec::new();
    for (id, candidate, reference) in expected {
        match cmp.row(id) {
            Some(row) if row.candidate == *candidate && row.reference == *reference => {}
            Some(row) => wrong.push(format!(
                "{id}: expected {} / {}, got {} / {}",
                candidate.name(),
                reference.name(),
                row.candidate.name(),
                row.reference.name()
            )),
            None => wrong.push(format!("{id}: not in the report")),
        }
    }
    assert!(
        wrong.is_empty(),
        "verdicts differ from the review:\n{}",
        wrong.join("\n")
    );
}

fn category(report: &Report, code: &str) -> Option<f64> {
    report
        .categories
        .iter()
        .find(|c| c.code.code() == code)
        .and_then(|c| c.score)
}

fn assert_reference_scores_higher(report: &Report) {
    let cmp = report.comparison.as_ref().expect("comparison mode");
    assert!(
        cmp.total.percent > report.total.percent,
        "reference {} vs candidate {}",
        cmp.total.percent,
        report.total.percent
    );
}

#[test]
fn secure_baseline_good_answer_is_graded_a_minus() {
    let report = analyze_case("secure-baseline-good");
    check_verdicts(
        &report,
        &[
            // Task alignment: correctly interpreted, SecCFN naming honoured.
            ("ALN001", Pass, Pass),
            ("ALN002", Pass, Pass),
            ("ALN003", Pass, Pass),
            // KMS with proper key policies for CloudTrail and CloudWatch.
            ("ENC001", Pass, Pass),
            ("ENC004", Pass, Pass),
            // S3 encryption, versioning, public access blocking.
            ("ENC005", Pass, Pass),
            ("OPS010", Pass, Pass),
            ("SEC001", Pass, Pass),
            // VPC with private subnets, security groups with least privilege.
            ("SEC020", Pass, Pass),
            ("SEC004", Pass, Pass),
            ("SEC006", Pass, Pass),
            // RDS encrypted with a customer-managed key.
            ("ENC006", Pass, Pass),
            // CloudTrail multi-region with log file validation.
            ("CMP001", Pass, Pass),
            ("CMP002", Pass, Pass),
            ("CMP003", Pass, Pass),
            // AWS Config.
            ("CMP007", Pass, Pass),
            ("CMP008", Pass, Pass),
            // IAM roles with minimal permissions.
            ("IAM001", Pass, Pass),
            ("IAM002", Pass, Pass),
            // Tagging, Multi-AZ, provider version constraints.
            ("OPS004", Pass, Pass),
            ("OPS005", Pass, Pass),
            ("OPS006", Pass, Pass),
            ("OPS002", Pass, Pass),
            // "Could include AWS GuardDuty or Security Hub integration".
            ("CMP012", Fail, Pass),
            ("CMP013", Fail, Pass),
        ],
    );
    assert_eq!(report.total.grade, "A-", "{:?}", report.total);
    assert!((report.total.training_value - 4.5).abs() < f64::EPSILON);
    let cmp = report.comparison.as_ref().expect("comparison");
    assert!(!cmp.overlap.misread);
    assert_reference_scores_higher(&report);
}

#[test]
fn secure_baseline_region_migration_is_flagged_as_a_misread_task() {
    let report = analyze_case("secure-baseline-misread");
    check_verdicts(
        &report,
        &[
            // Task misunderstanding: region migration instead of security.
            ("ALN001", Fail, Pass),
            ("ALN003", Fail, Pass),
            // Security controls table.
            ("ENC002", Fail, Pass),
            ("CMP007", Fail, Pass),
            ("CMP010", Fail, Pass),
            ("CMP001", Fail, Pass),
            ("SEC018", Fail, Pass),
            ("SEC019", Fail, Pass),
            ("SEC001", Fail, Pass),
            ("MON001", Fail, Pass),
            ("MON002", Fail, Pass),
            ("MON003", Fail, Pass),
            // Database security: default encryption (⚠️), no log exports.
            ("ENC006", Warn, Pass),
            ("MON008", Fail, Pass),
            // Network: no Network ACLs.
            ("SEC015", Fail, Pass),
            // Lifecycle: no log retention policies.
            ("MON007", Fail, Pass),
            // Testing: none vs 118 tests.
            ("TST001", Fail, Pass),
        ],
    );
    let cmp = report.comparison.as_ref().expect("comparison");
    assert!(cmp.overlap.misread, "overlap {:?}", cmp.overlap.jaccard);
    assert!(cmp
        .overlap
        .candidate_only
        .iter()
        .any(|t| t == "aws_route53_record"));
    assert!(cmp
        .overlap
        .reference_only
        .iter()
        .any(|t| t == "aws_cloudtrail"));
    // The score comparison: 0/10 for task understanding, compliance and testing.
    assert_eq!(category(&report, "ALN"), Some(0.0));
    assert_eq!(category(&report, "CMP"), Some(0.0));
    assert_eq!(category(&report, "TST"), Some(0.0));
    assert!(matches!(report.total.grade.as_str(), "D" | "F"));
    assert_eq!(cmp.total.grade.chars().next(), Some('A'));
    assert_reference_scores_higher(&report);
}

#[test]
fn basic_webapp_misses_every_required_security_control() {
    let report = analyze_case("basic-webapp-failures");
    check_verdicts(
        &report,
        &[
            // 1. Requirements vs implementation gap.
            ("ALN001", Fail, Pass),
            ("ALN003", Fail, Pass),
            // 2. No KMS customer-managed keys.
            ("ENC002", Fail, Pass),
            // 3. No CloudTrail.
            ("CMP001", Fail, Pass),
            // 4. No AWS Config recorder or delivery channel.
            ("CMP007", Fail, Pass),
            ("CMP008", Fail, Pass),
            // 5. SSM Parameter Store instead of Secrets Manager.
            ("SEC019", Fail, Pass),
            // 6. No VPC Flow Logs.
            ("CMP011", Fail, Pass),
            // 8. Performance alarms only, no security alarms or SNS.
            ("MON001", Fail, Pass),
            ("MON002", Fail, Pass),
            ("MON003", Fail, Pass),
            // 9. HTTP-only load balancer.
            ("ENC013", Fail, Pass),
            // 10. No deletion protection.
            ("OPS009", Fail, Pass),
        ],
    );
    let dp = report
        .requirements
        .iter()
        .find(|r| r.key == "deletion_protection")
        .expect("deletion protection requirement");
    assert_eq!(dp.value, "required");
    assert_reference_scores_higher(&report);
    assert!(matches!(report.total.grade.as_str(), "D" | "F"));
}

#[test]
fn financial_app_pitfalls_are_each_caught() {
    let report = analyze_case("financial-app-pitfalls");
    check_verdicts(
        &report,
        &[
            // 1. Single file: provider mixed with the resources.
            ("ALN004", Warn, Pass),
            // 2. Deletion protection enabled against the prompt.
            ("ALN002", Fail, Pass),
            ("OPS009", Fail, Pass),
            // 3. Security groups: world on sensitive ports, open DB egress, no chaining.
            ("SEC003", Fail, Pass),
            ("SEC005", Fail, Pass),
            ("SEC006", Fail, Pass),
            // 4. KMS: no rotation, logs and SNS unencrypted.
            ("ENC001", Fail, Pass),
            ("ENC008", Fail, Pass),
            ("ENC009", Fail, Pass),
            // 5. CloudTrail: single region, no validation, no data events, no KMS.
            ("CMP002", Fail, Pass),
            ("CMP003", Fail, Pass),
            ("CMP005", Fail, Pass),
            ("ENC011", Fail, Pass),
            // 6. WAF without managed rules or rate limiting.
            ("SEC013", Fail, Pass),
            ("SEC014", Fail, Pass),
            // 7. Config recorder without delivery channel, status, rules.
            ("CMP008", Fail, Pass),
            ("CMP009", Fail, Pass),
            ("CMP010", Warn, Pass),
            // 8. Log groups without retention, no security alarms.
            ("MON007", Fail, Pass),
            ("MON002", Fail, Pass),
            ("MON003", Fail, Pass),
            ("MON004", Fail, Pass),
            // 9. `Resource: "*"`, no MFA enforcement.
            ("IAM002", Fail, Pass),
            ("IAM003", Fail, Pass),
            // 10. S3: no public access block, versioning, TLS-only or encryption policies, lifecycle.
            ("SEC001", Fail, Pass),
            ("OPS010", Fail, Pass),
            ("ENC014", Fail, Pass),
            ("ENC012", Fail, Pass),
            ("OPS011", Fail, Pass),
            // 11. No IMDSv2, no instance monitoring.
            ("SEC011", Fail, Pass),
            ("MON010", Fail, Pass),
            // 12. Single AZ, auto-assigned public IPs, no flow logs.
            ("OPS006", Fail, Pass),
            ("SEC008", Fail, Pass),
            ("CMP011", Fail, Pass),
            // 13. Public RDS, short backups, no log exports, hardcoded password.
            ("SEC009", Fail, Pass),
            ("OPS008", Fail, Pass),
            ("MON008", Fail, Pass),
            ("SEC018", Fail, Pass),
            ("SEC019", Fail, Pass),
            // 14. Provider: no default tags, backend, versions.
            ("OPS004", Fail, Pass),
            ("OPS003", Fail, Pass),
            ("OPS002", Fail, Pass),
            ("OPS001", Fail, Pass),
            // 15. Outputs without descriptions, a secret output in clear.
            ("OPS012", Fail, Pass),
            ("OPS013", Fail, NotApplicable),
            // Testing: 210 unit and 42 integration tests in the ideal.
            ("TST001", Fail, Pass),
        ],
    );
    let value = |key: &str| {
        report
            .requirements
            .iter()
            .find(|r| r.key == key)
            .map(|r| r.value.as_str())
    };
    assert_eq!(value("deletion_protection"), Some("forbidden"));
    assert_eq!(value("backup_retention_days"), Some("30"));
    assert_eq!(value("db_engine"), Some("postgres"));
    assert_eq!(value("file_layout"), Some("single-file"));
    let cmp = report.comparison.as_ref().expect("comparison");
    assert!(
        !cmp.overlap.misread,
        "a pitfall-ridden answer to the same task is not a misread"
    );
    assert_eq!(cmp.total.grade, "A+");
    assert_reference_scores_higher(&report);
}

#[test]
fn review_reports_match_their_snapshots() {
    for case in [
        "secure-baseline-good",
        "secure-baseline-misread",
        "basic-webapp-failures",
        "financial-app-pitfalls",
    ] {
        let markdown = analyze_case(case).to_markdown();
        insta::assert_snapshot!(format!("review-{case}"), markdown);
    }
}

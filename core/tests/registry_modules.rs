//! `module` blocks of well-known registry modules are judged as the
//! resources they create, with the module's defaults for its major version.

use tfgrade_core::model::Model;
use tfgrade_core::rules::{control_by_id, evaluate_control, FindingStatus, RuleOptions};
use tfgrade_core::InputSet;

fn statuses(control: &str, hcl: &str) -> Vec<(FindingStatus, u32)> {
    let mut input = InputSet::new();
    input.add("main.tf".to_owned(), hcl.as_bytes().to_vec());
    let model = Model::from_input(&input);
    let control = control_by_id(control).expect("known control");
    evaluate_control(control, &model, &RuleOptions::default())
        .findings
        .iter()
        .map(|f| (f.status, f.location.as_ref().map_or(0, |l| l.line)))
        .collect()
}

#[test]
fn rds_module_defaults_follow_the_major_version() {
    let v3 = "module \"db\" {\n  source  = \"terraform-aws-modules/rds/aws\"\n  version = \"~> 3.0\"\n  engine  = \"mysql\"\n}\n";
    assert_eq!(statuses("ENC006", v3), vec![(FindingStatus::Fail, 1)]);
    let v6 = v3.replace("~> 3.0", "~> 6.0");
    // Encrypted by default from v4 on (with the AWS-managed key: a warning).
    assert!(statuses("ENC006", &v6)
        .iter()
        .all(|(s, _)| *s != FindingStatus::Fail));
    let off = "module \"db\" {\n  source            = \"terraform-aws-modules/rds/aws\"\n  engine            = \"mysql\"\n  storage_encrypted = false\n}\n";
    assert_eq!(statuses("ENC006", off), vec![(FindingStatus::Fail, 4)]);
}

#[test]
fn s3_bucket_module_inputs_become_bucket_settings() {
    let hcl = "module \"logs\" {\n  source  = \"terraform-aws-modules/s3-bucket/aws\"\n  version = \"4.1.0\"\n  bucket  = \"logs\"\n  versioning = {\n    enabled = false\n  }\n}\n";
    assert_eq!(statuses("OPS010", hcl), vec![(FindingStatus::Fail, 5)]);
    // v4 blocks public access by default.
    assert!(statuses("SEC001", hcl)
        .iter()
        .all(|(s, _)| *s == FindingStatus::Pass));
    let enabled = hcl.replace("enabled = false", "enabled = true");
    assert!(statuses("OPS010", &enabled)
        .iter()
        .all(|(s, _)| *s == FindingStatus::Pass));
}

#[test]
fn other_sources_are_not_expanded() {
    let hcl = "module \"db\" {\n  source = \"./modules/rds\"\n  storage_encrypted = false\n}\n";
    assert!(statuses("ENC006", hcl).is_empty());
}

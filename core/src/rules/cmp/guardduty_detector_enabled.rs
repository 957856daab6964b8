//! CMP015: declared GuardDuty detectors are enabled.

use crate::rules::prelude::*;

declare_control! {
    /// Declared GuardDuty detectors are enabled.
    ///
    /// ## Why it matters
    /// A detector declared with `enable = false` looks like threat detection in
    /// a review but analyses nothing: no findings for compromised credentials,
    /// crypto-mining or data exfiltration. Unlike CMP012 (GuardDuty present in
    /// the account), this judges the detectors the configuration declares.
    ///
    /// ## Remediation
    /// ```hcl
    /// resource "aws_guardduty_detector" "main" {
    ///   enable = true
    /// }
    /// ```
    pub CONTROL {
        id: "CMP015",
        slug: "guardduty-detector-enabled",
        category: Category::Cmp,
        severity: Severity::High,
        scope: Scope::Resources(&["aws_guardduty_detector"]),
        references: &[
            "Amazon GuardDuty User Guide: Suspending or disabling GuardDuty",
            "CIS AWS Foundations Benchmark v1.5.0, 4.x: GuardDuty enabled",
        ],
        peers: &[
            Peer::checkov("CKV_AWS_238").same(),
            Peer::kics("GuardDuty Detector Disabled").same(),
        ],
        good: &[
            r#"
resource "aws_guardduty_detector" "main" {
  enable = true
}
"#,
            r#"
resource "aws_guardduty_detector" "main" {}
"#,
        ],
        bad: &[
            r#"
resource "aws_guardduty_detector" "main" {
  enable = false # expect: fail
}
"#,
        ],
        check,
    }
}

fn check(cx: &RuleContext<'_>, out: &mut Verdicts) {
    for r in cx.resources() {
        require_setting(
            out,
            r,
            &Expect {
                path: &[],
                attribute: "enable",
                absent_holds: true,
                pass: "the detector is enabled",
                fail: "the detector is disabled (`enable = false`)",
            },
            flag(true),
        );
    }
}

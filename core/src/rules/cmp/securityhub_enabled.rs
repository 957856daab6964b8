//! CMP013: Security Hub aggregates findings.

use super::record_presence;
use crate::rules::prelude::*;

declare_control! {
    /// The stack enables AWS Security Hub.
    ///
    /// ## Why it matters
    /// Security Hub gathers the findings of GuardDuty, Inspector, Macie,
    /// IAM Access Analyzer and Config rules in one place and runs the AWS
    /// Foundational Security Best Practices and CIS standards against the
    /// account continuously. Without it, findings are scattered across
    /// services and consoles, and posture checks happen only when someone
    /// runs a scanner.
    ///
    /// ## Remediation
    /// Enable Security Hub (and subscribe to a standard):
    ///
    /// ```hcl
    /// resource "aws_securityhub_account" "main" {}
    ///
    /// resource "aws_securityhub_standards_subscription" "fsbp" {
    ///   standards_arn = "arn:aws:securityhub:us-east-1::standards/aws-foundational-security-best-practices/v/1.0.0"
    ///   depends_on    = [aws_securityhub_account.main]
    /// }
    /// ```
    pub CONTROL {
        id: "CMP013",
        slug: "securityhub-enabled",
        category: Category::Cmp,
        severity: Severity::Low,
        scope: Scope::Presence,
        references: &[
            "CIS AWS Foundations Benchmark v3.0.0, 4.16: Ensure AWS Security Hub is enabled",
            "AWS Security Hub User Guide: Enabling Security Hub",
        ],
        peers: &[],
        good: &[
            r#"
resource "aws_securityhub_account" "main" {}
"#,
        ],
        bad: &[
            r#"
# expect-stack: fail
resource "aws_guardduty_detector" "main" {
  enable = true
}
"#,
            r#"
# expect-stack: unknown
variable "securityhub" {
  type = bool
}

resource "aws_securityhub_account" "main" {
  count = var.securityhub ? 1 : 0
}
"#,
        ],
        check,
    }
}

fn check(cx: &RuleContext<'_>, out: &mut Verdicts) {
    record_presence(
        cx,
        out,
        &["aws_securityhub_account"],
        "Security Hub account",
        "no `aws_securityhub_account`: findings are not aggregated and no security standard is checked continuously",
    );
}

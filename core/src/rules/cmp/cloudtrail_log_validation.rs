//! CMP003: trails sign their log files.

use crate::rules::prelude::*;

declare_control! {
    /// CloudTrail trails enable log file integrity validation.
    ///
    /// ## Why it matters
    /// An intruder with write access to the trail's bucket can delete or
    /// rewrite the log files that show what they did. With log file
    /// validation CloudTrail writes an hourly digest file, signed with
    /// SHA-256 and RSA, that chains the hashes of every log file delivered;
    /// `aws cloudtrail validate-logs` then proves whether any file was
    /// changed, deleted or forged after delivery. Without it, logs cannot
    /// serve as evidence.
    ///
    /// ## Remediation
    /// Set `enable_log_file_validation = true` (the default is false):
    ///
    /// ```hcl
    /// resource "aws_cloudtrail" "main" {
    ///   name                       = "main"
    ///   s3_bucket_name             = aws_s3_bucket.trail.id
    ///   enable_log_file_validation = true
    /// }
    /// ```
    pub CONTROL {
        id: "CMP003",
        slug: "cloudtrail-log-validation",
        category: Category::Cmp,
        severity: Severity::High,
        scope: Scope::Resources(&["aws_cloudtrail"]),
        references: &[
            "CIS AWS Foundations Benchmark v3.0.0, 3.2: Ensure CloudTrail log file validation is enabled",
            "AWS CloudTrail User Guide: Validating CloudTrail log file integrity",
        ],
        peers: &[
            Peer::checkov("CKV_AWS_36").same(),
            Peer::trivy("AVD-AWS-0016", "aws-cloudtrail-enable-log-validation").same(),
            Peer::kics("CloudTrail Log File Validation Disabled").same(),
        ],
        good: &[
            r#"
resource "aws_cloudtrail" "main" {
  name                       = "main"
  s3_bucket_name             = "org-trail-logs"
  enable_log_file_validation = true
}
"#,
        ],
        bad: &[
            r#"
resource "aws_cloudtrail" "main" { # expect: fail
  name           = "main"
  s3_bucket_name = "org-trail-logs"
}
"#,
            r#"
resource "aws_cloudtrail" "main" {
  name                       = "main"
  s3_bucket_name             = "org-trail-logs"
  enable_log_file_validation = false # expect: fail
}
"#,
            r#"
variable "validate" {
  type = bool
}

resource "aws_cloudtrail" "main" {
  name                       = "main"
  s3_bucket_name             = "org-trail-logs"
  enable_log_file_validation = var.validate # expect: unknown
}
"#,
        ],
        check,
    }
}

fn check(cx: &RuleContext<'_>, out: &mut Verdicts) {
    for trail in cx.resources() {
        match setting(trail.body(), "enable_log_file_validation", flag(false)) {
            Setting::Holds(_) => {
                out.pass(trail, "log file validation is enabled");
            }
            Setting::Absent => {
                out.missing(
                    trail,
                    "`enable_log_file_validation` is not set (defaults to false): tampering with log files cannot be detected",
                );
            }
            Setting::Violated(attr) => {
                out.fail(
                    trail,
                    &attr.span,
                    "`enable_log_file_validation` is false: tampering with log files cannot be detected",
                );
            }
            Setting::Unknown(attr) => {
                out.unknown(trail, &attr.span, why_unknown(attr));
            }
        }
    }
}

//! ENC011: CloudTrail log files are encrypted with SSE-KMS.

use crate::rules::prelude::*;

declare_control! {
    /// CloudTrail encrypts its log files with a customer-managed KMS key.
    ///
    /// ## Why it matters
    /// CloudTrail logs are the record of who did what in the account, and
    /// the first thing an intruder wants to read (to learn the environment)
    /// or hide. By default the log files are protected only by the bucket's
    /// SSE-S3 encryption, so read access to the bucket is read access to the
    /// trail. With `kms_key_id` CloudTrail encrypts each log file with
    /// SSE-KMS: reading it also requires `kms:Decrypt` on a key whose policy
    /// you control, which separates the people who administer the bucket
    /// from the people who may read the audit trail.
    ///
    /// ## Remediation
    /// Set `kms_key_id` to a customer-managed key whose policy grants
    /// `cloudtrail.amazonaws.com` `kms:GenerateDataKey*` (see ENC004):
    ///
    /// ```hcl
    /// resource "aws_cloudtrail" "main" {
    ///   name                       = "main"
    ///   s3_bucket_name             = aws_s3_bucket.trail.id
    ///   is_multi_region_trail      = true
    ///   enable_log_file_validation = true
    ///   kms_key_id                 = aws_kms_key.trail.arn
    /// }
    /// ```
    pub CONTROL {
        id: "ENC011",
        slug: "cloudtrail-kms",
        category: Category::Enc,
        severity: Severity::High,
        scope: Scope::Resources(&["aws_cloudtrail"]),
        references: &[
            "CIS AWS Foundations Benchmark v3.0.0, 3.5: Ensure CloudTrail logs are encrypted at rest using KMS CMKs",
            "AWS CloudTrail User Guide: Encrypting CloudTrail log files with AWS KMS keys (SSE-KMS)",
        ],
        peers: &[
            Peer::checkov("CKV_AWS_35").same(),
            Peer::trivy("AVD-AWS-0015", "aws-cloudtrail-encryption-customer-key").same(),
            Peer::kics("CloudTrail Log Files Not Encrypted With KMS").partial(),
        ],
        good: &[
            r#"
resource "aws_kms_key" "trail" {
  enable_key_rotation = true
}

resource "aws_cloudtrail" "main" {
  name           = "main"
  s3_bucket_name = "org-trail-logs"
  kms_key_id     = aws_kms_key.trail.arn
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
variable "encrypt" {
  type = bool
}

resource "aws_kms_key" "trail" {
  enable_key_rotation = true
}

resource "aws_cloudtrail" "main" {
  name           = "main"
  s3_bucket_name = "org-trail-logs"
  kms_key_id     = var.encrypt ? aws_kms_key.trail.arn : null # expect: unknown
}
"#,
        ],
        check,
    }
}

fn check(cx: &RuleContext<'_>, out: &mut Verdicts) {
    for trail in cx.resources() {
        match key_choice(cx.model, trail, trail.body(), "kms_key_id") {
            KeyChoice::Customer(_) => {
                out.pass(trail, "log files are encrypted with a customer-managed key");
            }
            KeyChoice::Absent => {
                out.missing(trail, "no `kms_key_id`: log files are protected only by the bucket's SSE-S3 encryption");
            }
            KeyChoice::AwsManaged(attr) => {
                // CloudTrail only accepts customer-managed keys.
                out.fail(
                    trail,
                    &attr.span,
                    "`kms_key_id` names an AWS-managed key, which CloudTrail cannot use",
                );
            }
            KeyChoice::Unknown(attr) => {
                out.unknown(trail, &attr.span, why_unknown(attr));
            }
        }
    }
}

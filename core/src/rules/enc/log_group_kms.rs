//! ENC008: CloudWatch log groups are encrypted with a customer-managed key.

use crate::rules::prelude::*;

declare_control! {
    /// CloudWatch log groups are encrypted with a customer-managed KMS key.
    ///
    /// ## Why it matters
    /// Logs collect what applications and AWS services say about
    /// themselves: request details, identifiers, sometimes tokens and
    /// personal data. Without `kms_key_id` a log group is encrypted only
    /// with a key CloudWatch Logs owns, so anyone with `logs:GetLogEvents`
    /// reads it and access cannot be revoked or audited per key. With a
    /// customer-managed key, reading the logs also needs `kms:Decrypt` under
    /// a key policy you control, and disabling the key cuts off access.
    /// The key policy must grant `logs.<region>.amazonaws.com` (see ENC004).
    ///
    /// ## Remediation
    /// Set `kms_key_id` to a customer-managed key whose policy lets
    /// CloudWatch Logs use it:
    ///
    /// ```hcl
    /// resource "aws_cloudwatch_log_group" "app" {
    ///   name              = "/app/web"
    ///   retention_in_days = 90
    ///   kms_key_id        = aws_kms_key.logs.arn
    /// }
    /// ```
    pub CONTROL {
        id: "ENC008",
        slug: "log-group-kms",
        category: Category::Enc,
        severity: Severity::Medium,
        scope: Scope::Resources(&["aws_cloudwatch_log_group"]),
        references: &[
            "Amazon CloudWatch Logs User Guide: Encrypt log data in CloudWatch Logs using AWS Key Management Service",
        ],
        peers: &[
            Peer::checkov("CKV_AWS_158").same(),
            Peer::trivy("AVD-AWS-0017", "aws-cloudwatch-log-group-customer-key").same(),
        ],
        good: &[
            r#"
resource "aws_kms_key" "logs" {
  enable_key_rotation = true
}

resource "aws_cloudwatch_log_group" "app" {
  name       = "/app/web"
  kms_key_id = aws_kms_key.logs.arn
}
"#,
            // A key passed in by the caller of a module.
            r#"
variable "logs_kms_key_arn" {
  type = string
}

resource "aws_cloudwatch_log_group" "app" {
  name       = "/app/web"
  kms_key_id = var.logs_kms_key_arn
}
"#,
        ],
        bad: &[
            r#"
resource "aws_cloudwatch_log_group" "app" { # expect: fail
  name              = "/app/web"
  retention_in_days = 90
}
"#,
            // The key is optional: cannot be told.
            r#"
variable "encrypt_logs" {
  type = bool
}

resource "aws_kms_key" "logs" {
  enable_key_rotation = true
}

resource "aws_cloudwatch_log_group" "app" {
  name       = "/app/web"
  kms_key_id = var.encrypt_logs ? aws_kms_key.logs.arn : null # expect: unknown
}
"#,
        ],
        check,
    }
}

fn check(cx: &RuleContext<'_>, out: &mut Verdicts) {
    for group in cx.resources() {
        match key_choice(cx.model, group, group.body(), "kms_key_id") {
            KeyChoice::Customer(_) => {
                out.pass(group, "encrypted with a customer-managed key");
            }
            KeyChoice::Absent => {
                out.missing(group, "no `kms_key_id`: the log group is encrypted only with a key CloudWatch Logs owns");
            }
            KeyChoice::AwsManaged(attr) => {
                out.record(
                    cx.aws_managed_key_outcome(),
                    group,
                    &attr.span,
                    "`kms_key_id` names an AWS-managed key",
                );
            }
            KeyChoice::Unknown(attr) => {
                out.unknown(group, &attr.span, why_unknown(attr));
            }
        }
    }
}

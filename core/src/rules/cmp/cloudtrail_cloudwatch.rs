//! CMP004: trails deliver to CloudWatch Logs.

use super::named;
use crate::rules::prelude::*;

declare_control! {
    /// CloudTrail trails deliver their events to a CloudWatch Logs group.
    ///
    /// ## Why it matters
    /// Log files in S3 are for after the fact. Delivered to CloudWatch
    /// Logs, trail events can drive metric filters and alarms in minutes:
    /// root-account use, denied API calls, failed console logins, changes
    /// to IAM policies, security groups or the trail itself (MON002–MON004
    /// build on this). CloudTrail needs both the log group's ARN and a role
    /// it can assume to write to it (`cloud_watch_logs_role_arn`); without
    /// the role nothing is delivered.
    ///
    /// ## Remediation
    /// Set `cloud_watch_logs_group_arn` (the group's ARN with `:*`) and a
    /// role that allows `logs:CreateLogStream` and `logs:PutLogEvents`:
    ///
    /// ```hcl
    /// resource "aws_cloudtrail" "main" {
    ///   name                       = "main"
    ///   s3_bucket_name             = aws_s3_bucket.trail.id
    ///   cloud_watch_logs_group_arn = "${aws_cloudwatch_log_group.trail.arn}:*"
    ///   cloud_watch_logs_role_arn  = aws_iam_role.trail_to_logs.arn
    /// }
    /// ```
    pub CONTROL {
        id: "CMP004",
        slug: "cloudtrail-cloudwatch",
        category: Category::Cmp,
        severity: Severity::Medium,
        scope: Scope::Resources(&["aws_cloudtrail"]),
        references: &[
            "CIS AWS Foundations Benchmark v1.4.0, 3.4: Ensure CloudTrail trails are integrated with CloudWatch Logs",
            "AWS CloudTrail User Guide: Sending events to CloudWatch Logs",
        ],
        peers: &[
            Peer::checkov("CKV2_AWS_10").partial(),
            Peer::trivy("AVD-AWS-0162", "aws-cloudtrail-ensure-cloudwatch-integration").partial(),
            Peer::kics("CloudTrail Not Integrated With CloudWatch").partial(),
        ],
        good: &[
            r#"
resource "aws_cloudwatch_log_group" "trail" {
  name              = "cloudtrail"
  retention_in_days = 365
}

resource "aws_iam_role" "trail" {
  name               = "trail-to-logs"
  assume_role_policy = "{}"
}

resource "aws_cloudtrail" "main" {
  name                       = "main"
  s3_bucket_name             = "org-trail-logs"
  cloud_watch_logs_group_arn = "${aws_cloudwatch_log_group.trail.arn}:*"
  cloud_watch_logs_role_arn  = aws_iam_role.trail.arn
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
            // Without the role CloudTrail cannot write to the group.
            r#"
resource "aws_cloudwatch_log_group" "trail" {
  name = "cloudtrail"
}

resource "aws_cloudtrail" "main" { # expect: fail
  name                       = "main"
  s3_bucket_name             = "org-trail-logs"
  cloud_watch_logs_group_arn = "${aws_cloudwatch_log_group.trail.arn}:*"
}
"#,
            r#"
variable "log_group_arn" {
  type = string
}

resource "aws_cloudtrail" "main" {
  name                       = "main"
  s3_bucket_name             = "org-trail-logs"
  cloud_watch_logs_group_arn = var.log_group_arn # expect: unknown
  cloud_watch_logs_role_arn  = "arn:aws:iam::111122223333:role/trail-to-logs"
}
"#,
        ],
        check,
    }
}

fn check(cx: &RuleContext<'_>, out: &mut Verdicts) {
    for trail in cx.resources() {
        let body = trail.body();
        match named(cx.model, trail, body, "cloud_watch_logs_group_arn") {
            Setting::Absent => {
                out.missing(
                    trail,
                    "no `cloud_watch_logs_group_arn`: trail events cannot drive metric filters and alarms",
                );
            }
            Setting::Violated(attr) => {
                out.fail(trail, &attr.span, "`cloud_watch_logs_group_arn` is empty");
            }
            Setting::Unknown(attr) => {
                out.unknown(trail, &attr.span, why_unknown(attr));
            }
            Setting::Holds(_) => match named(cx.model, trail, body, "cloud_watch_logs_role_arn") {
                Setting::Holds(_) => {
                    out.pass(trail, "events are delivered to CloudWatch Logs");
                }
                Setting::Absent => {
                    out.missing(
                        trail,
                        "`cloud_watch_logs_group_arn` is set but `cloud_watch_logs_role_arn` is not: CloudTrail cannot write to the group",
                    );
                }
                Setting::Violated(attr) => {
                    out.fail(trail, &attr.span, "`cloud_watch_logs_role_arn` is empty");
                }
                Setting::Unknown(attr) => {
                    out.unknown(trail, &attr.span, why_unknown(attr));
                }
            },
        }
    }
}

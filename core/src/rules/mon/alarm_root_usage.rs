//! MON002: root account use raises an alarm.

use super::judge_event_alarm;
use crate::rules::prelude::*;

declare_control! {
    /// A metric filter and alarm catch any use of the root account.
    ///
    /// ## Why it matters
    /// The root user can do anything, including closing the account and
    /// removing every other administrator, and its actions cannot be
    /// limited by IAM policies. Day-to-day work never needs it, so any
    /// root sign-in or API call is either a rare, planned task or an
    /// account takeover. A metric filter on CloudTrail's log group
    /// (`userIdentity.type = "Root"`) with an alarm turns it into a
    /// notification within minutes.
    ///
    /// ## Remediation
    /// Filter the trail's log group (CMP004) and alarm on the metric:
    ///
    /// ```hcl
    /// resource "aws_cloudwatch_log_metric_filter" "root" {
    ///   name           = "root-usage"
    ///   log_group_name = aws_cloudwatch_log_group.trail.name
    ///   pattern        = "{ $.userIdentity.type = \"Root\" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != \"AwsServiceEvent\" }"
    ///   metric_transformation {
    ///     name      = "RootUsage"
    ///     namespace = "CISBenchmark"
    ///     value     = "1"
    ///   }
    /// }
    ///
    /// resource "aws_cloudwatch_metric_alarm" "root" {
    ///   alarm_name          = "root-usage"
    ///   metric_name         = "RootUsage"
    ///   namespace           = "CISBenchmark"
    ///   statistic           = "Sum"
    ///   period              = 300
    ///   evaluation_periods  = 1
    ///   threshold           = 1
    ///   comparison_operator = "GreaterThanOrEqualToThreshold"
    ///   alarm_actions       = [aws_sns_topic.security.arn]
    /// }
    /// ```
    pub CONTROL {
        id: "MON002",
        slug: "alarm-root-usage",
        category: Category::Mon,
        severity: Severity::High,
        scope: Scope::Presence,
        references: &[
            "CIS AWS Foundations Benchmark v3.0.0, 4.3: Ensure usage of the 'root' account is monitored",
            "AWS Security Hub: CloudWatch.1 A log metric filter and alarm should exist for usage of the root user",
        ],
        peers: &[],
        good: &[
            r#"
resource "aws_cloudwatch_log_metric_filter" "root" {
  name           = "root-usage"
  log_group_name = "cloudtrail"
  pattern        = "{ $.userIdentity.type = \"Root\" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != \"AwsServiceEvent\" }"

  metric_transformation {
    name      = "RootUsage"
    namespace = "CISBenchmark"
    value     = "1"
  }
}

resource "aws_cloudwatch_metric_alarm" "root" {
  alarm_name          = "root-usage"
  metric_name         = "RootUsage"
  namespace           = "CISBenchmark"
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  alarm_actions       = ["arn:aws:sns:us-east-1:111122223333:security"]
}
"#,
        ],
        bad: &[
            r#"
# expect-stack: fail
resource "aws_cloudtrail" "main" {
  name           = "main"
  s3_bucket_name = "org-trail-logs"
}
"#,
            // A filter nobody alarms on.
            r#"
resource "aws_cloudwatch_log_metric_filter" "root" { # expect: fail
  name           = "root-usage"
  log_group_name = "cloudtrail"
  pattern        = "{ $.userIdentity.type = \"Root\" }"

  metric_transformation {
    name      = "RootUsage"
    namespace = "CISBenchmark"
    value     = "1"
  }
}
"#,
            r#"
# expect-stack: unknown
variable "pattern" {
  type = string
}

resource "aws_cloudwatch_log_metric_filter" "custom" {
  name           = "custom"
  log_group_name = "cloudtrail"
  pattern        = var.pattern

  metric_transformation {
    name      = "Custom"
    namespace = "Security"
    value     = "1"
  }
}
"#,
        ],
        check,
    }
}

fn check(cx: &RuleContext<'_>, out: &mut Verdicts) {
    judge_event_alarm(cx, out, "root account use", &|p| {
        p.contains("useridentity.type") && p.contains("root")
    });
}

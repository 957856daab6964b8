//! MON003: denied API calls raise an alarm.

use super::judge_event_alarm;
use crate::rules::prelude::*;

declare_control! {
    /// A metric filter and alarm catch unauthorized API calls (`UnauthorizedOperation`, `AccessDenied`).
    ///
    /// ## Why it matters
    /// A burst of denied calls is what stolen credentials look like while
    /// an attacker probes what they can do, and what a broken deployment
    /// looks like after a policy change. Either way someone should know
    /// quickly. CloudTrail records the error codes; a metric filter on
    /// `UnauthorizedOperation` / `AccessDenied*` with an alarm makes them
    /// visible.
    ///
    /// ## Remediation
    /// Filter the trail's log group and alarm on the metric:
    ///
    /// ```hcl
    /// resource "aws_cloudwatch_log_metric_filter" "unauthorized" {
    ///   name           = "unauthorized-api-calls"
    ///   log_group_name = aws_cloudwatch_log_group.trail.name
    ///   pattern        = "{ ($.errorCode = \"*UnauthorizedOperation\") || ($.errorCode = \"AccessDenied*\") }"
    ///   metric_transformation {
    ///     name      = "UnauthorizedAPICalls"
    ///     namespace = "CISBenchmark"
    ///     value     = "1"
    ///   }
    /// }
    /// ```
    pub CONTROL {
        id: "MON003",
        slug: "alarm-unauthorized-api",
        category: Category::Mon,
        severity: Severity::High,
        scope: Scope::Presence,
        references: &[
            "CIS AWS Foundations Benchmark v1.4.0, 4.1: Ensure a log metric filter and alarm exist for unauthorized API calls",
            "AWS Security Hub: CloudWatch.2 Ensure a log metric filter and alarm exist for unauthorized API calls",
        ],
        peers: &[],
        good: &[
            r#"
resource "aws_cloudwatch_log_metric_filter" "unauthorized" {
  name           = "unauthorized-api-calls"
  log_group_name = "cloudtrail"
  pattern        = "{ ($.errorCode = \"*UnauthorizedOperation\") || ($.errorCode = \"AccessDenied*\") }"

  metric_transformation {
    name      = "UnauthorizedAPICalls"
    namespace = "CISBenchmark"
    value     = "1"
  }
}

resource "aws_cloudwatch_metric_alarm" "unauthorized" {
  alarm_name          = "unauthorized-api-calls"
  metric_name         = aws_cloudwatch_log_metric_filter.unauthorized.metric_transformation[0].name
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
resource "aws_cloudwatch_log_metric_filter" "errors" {
  name           = "app-errors"
  log_group_name = "app"
  pattern        = "ERROR"

  metric_transformation {
    name      = "AppErrors"
    namespace = "App"
    value     = "1"
  }
}
"#,
            // The alarm watches another metric.
            r#"
resource "aws_cloudwatch_log_metric_filter" "unauthorized" { # expect: fail
  name           = "unauthorized-api-calls"
  log_group_name = "cloudtrail"
  pattern        = "{ $.errorCode = \"AccessDenied*\" }"

  metric_transformation {
    name      = "UnauthorizedAPICalls"
    namespace = "CISBenchmark"
    value     = "1"
  }
}

resource "aws_cloudwatch_metric_alarm" "cpu" {
  alarm_name          = "cpu"
  metric_name         = "CPUUtilization"
  namespace           = "AWS/EC2"
  statistic           = "Average"
  period              = 300
  evaluation_periods  = 1
  threshold           = 80
  comparison_operator = "GreaterThanThreshold"
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
    judge_event_alarm(cx, out, "unauthorized API calls", &|p| {
        p.contains("unauthorizedoperation") || p.contains("accessdenied")
    });
}

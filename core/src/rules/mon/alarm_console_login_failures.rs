//! MON004: failed console sign-ins raise an alarm.

use super::judge_event_alarm;
use crate::rules::prelude::*;

declare_control! {
    /// A metric filter and alarm catch failed console sign-ins.
    ///
    /// ## Why it matters
    /// Repeated failed console logins are password guessing or credential
    /// stuffing against IAM users, and sometimes a user locked out by an
    /// attacker who changed their password. CloudTrail records each
    /// `ConsoleLogin` event with `errorMessage = "Failed authentication"`;
    /// a metric filter and alarm on it shorten the time to react.
    ///
    /// ## Remediation
    /// Filter the trail's log group and alarm on the metric:
    ///
    /// ```hcl
    /// resource "aws_cloudwatch_log_metric_filter" "console_failures" {
    ///   name           = "console-login-failures"
    ///   log_group_name = aws_cloudwatch_log_group.trail.name
    ///   pattern        = "{ ($.eventName = ConsoleLogin) && ($.errorMessage = \"Failed authentication\") }"
    ///   metric_transformation {
    ///     name      = "ConsoleLoginFailures"
    ///     namespace = "CISBenchmark"
    ///     value     = "1"
    ///   }
    /// }
    /// ```
    pub CONTROL {
        id: "MON004",
        slug: "alarm-console-login-failures",
        category: Category::Mon,
        severity: Severity::Medium,
        scope: Scope::Presence,
        references: &[
            "CIS AWS Foundations Benchmark v1.4.0, 4.6: Ensure a log metric filter and alarm exist for AWS Management Console authentication failures",
            "AWS Security Hub: CloudWatch.6 Ensure a log metric filter and alarm exist for AWS Management Console authentication failures",
        ],
        peers: &[],
        good: &[
            r#"
resource "aws_cloudwatch_log_metric_filter" "console_failures" {
  name           = "console-login-failures"
  log_group_name = "cloudtrail"
  pattern        = "{ ($.eventName = ConsoleLogin) && ($.errorMessage = \"Failed authentication\") }"

  metric_transformation {
    name      = "ConsoleLoginFailures"
    namespace = "CISBenchmark"
    value     = "1"
  }
}

resource "aws_cloudwatch_metric_alarm" "console_failures" {
  alarm_name          = "console-login-failures"
  metric_name         = "ConsoleLoginFailures"
  namespace           = "CISBenchmark"
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 3
  comparison_operator = "GreaterThanOrEqualToThreshold"
  alarm_actions       = ["arn:aws:sns:us-east-1:111122223333:security"]
}
"#,
        ],
        bad: &[
            r#"
# expect-stack: fail
resource "aws_cloudwatch_log_group" "trail" {
  name              = "cloudtrail"
  retention_in_days = 365
}
"#,
            // Successful logins are not failures.
            r#"
# expect-stack: fail
resource "aws_cloudwatch_log_metric_filter" "logins" {
  name           = "console-logins"
  log_group_name = "cloudtrail"
  pattern        = "{ $.eventName = ConsoleLogin }"

  metric_transformation {
    name      = "ConsoleLogins"
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
    judge_event_alarm(cx, out, "failed console sign-ins", &|p| {
        p.contains("consolelogin") && (p.contains("fail"))
    });
}

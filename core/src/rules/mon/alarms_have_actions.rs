//! MON005: alarms act when they fire.

use crate::rules::prelude::*;

declare_control! {
    /// Every CloudWatch alarm has alarm actions, and they are not disabled.
    ///
    /// ## Why it matters
    /// An alarm without `alarm_actions` changes state in the console and
    /// nothing else happens: nobody is paged, no topic is notified, no
    /// scaling or recovery runs. `actions_enabled = false` has the same
    /// effect on an alarm that does list actions. Either way the problem
    /// the alarm was written to catch goes unnoticed.
    ///
    /// ## Remediation
    /// Give each alarm at least one action (and leave `actions_enabled` at
    /// its default, true):
    ///
    /// ```hcl
    /// resource "aws_cloudwatch_metric_alarm" "cpu" {
    ///   alarm_name          = "cpu-high"
    ///   metric_name         = "CPUUtilization"
    ///   namespace           = "AWS/EC2"
    ///   statistic           = "Average"
    ///   period              = 300
    ///   evaluation_periods  = 2
    ///   threshold           = 80
    ///   comparison_operator = "GreaterThanThreshold"
    ///   alarm_actions       = [aws_sns_topic.alerts.arn]
    /// }
    /// ```
    pub CONTROL {
        id: "MON005",
        slug: "alarms-have-actions",
        category: Category::Mon,
        severity: Severity::Medium,
        scope: Scope::Resources(&["aws_cloudwatch_metric_alarm", "aws_cloudwatch_composite_alarm"]),
        references: &[
            "Amazon CloudWatch User Guide: Alarm actions",
            "AWS Security Hub: CloudWatch.17 CloudWatch alarm actions should be activated",
        ],
        peers: &[Peer::checkov("CKV_AWS_319").partial()],
        good: &[
            r#"
resource "aws_sns_topic" "alerts" {
  name = "alerts"
}

resource "aws_cloudwatch_metric_alarm" "cpu" {
  alarm_name          = "cpu-high"
  metric_name         = "CPUUtilization"
  namespace           = "AWS/EC2"
  statistic           = "Average"
  period              = 300
  evaluation_periods  = 2
  threshold           = 80
  comparison_operator = "GreaterThanThreshold"
  alarm_actions       = [aws_sns_topic.alerts.arn]
}
"#,
        ],
        bad: &[
            r#"
resource "aws_cloudwatch_metric_alarm" "cpu" { # expect: fail
  alarm_name          = "cpu-high"
  metric_name         = "CPUUtilization"
  namespace           = "AWS/EC2"
  statistic           = "Average"
  period              = 300
  evaluation_periods  = 2
  threshold           = 80
  comparison_operator = "GreaterThanThreshold"
}
"#,
            r#"
resource "aws_cloudwatch_metric_alarm" "cpu" {
  alarm_name          = "cpu-high"
  metric_name         = "CPUUtilization"
  namespace           = "AWS/EC2"
  statistic           = "Average"
  period              = 300
  evaluation_periods  = 2
  threshold           = 80
  comparison_operator = "GreaterThanThreshold"
  actions_enabled     = false # expect: fail
  alarm_actions       = ["arn:aws:sns:us-east-1:111122223333:alerts"]
}
"#,
            r#"
variable "actions" {
  type = list(string)
}

resource "aws_cloudwatch_metric_alarm" "cpu" {
  alarm_name          = "cpu-high"
  metric_name         = "CPUUtilization"
  namespace           = "AWS/EC2"
  statistic           = "Average"
  period              = 300
  evaluation_periods  = 2
  threshold           = 80
  comparison_operator = "GreaterThanThreshold"
  alarm_actions       = var.actions # expect: unknown
}
"#,
        ],
        check,
    }
}

fn check(cx: &RuleContext<'_>, out: &mut Verdicts) {
    for alarm in cx.resources() {
        let body = alarm.body();
        match setting(body, "actions_enabled", flag(true)) {
            Setting::Violated(attr) => {
                out.fail(
                    alarm,
                    &attr.span,
                    "`actions_enabled` is false: the alarm notifies nobody",
                );
                continue;
            }
            Setting::Unknown(attr) => {
                out.unknown(alarm, &attr.span, why_unknown(attr));
                continue;
            }
            Setting::Absent | Setting::Holds(_) => {}
        }
        match body.attr("alarm_actions") {
            None => {
                out.missing(alarm, "no `alarm_actions`: the alarm notifies nobody");
            }
            Some(attr) => match crate::rules::cmp::list_len(&attr.value) {
                Some(0) => {
                    out.fail(
                        alarm,
                        &attr.span,
                        "`alarm_actions` is empty: the alarm notifies nobody",
                    );
                }
                Some(_) => {
                    out.pass(alarm, "the alarm has actions");
                }
                None => {
                    out.unknown(alarm, &attr.span, why_unknown(attr));
                }
            },
        }
    }
}

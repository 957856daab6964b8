//! MON006: metric filters feed alarms.

use super::alarms_of;
use crate::rules::prelude::*;

declare_control! {
    /// Every log metric filter's metric is watched by an alarm.
    ///
    /// ## Why it matters
    /// A metric filter turns matching log lines into a metric, and that is
    /// all it does: nobody looks at a metric by chance. Without an alarm on
    /// the metric (same `metric_name` and `namespace`), the security events
    /// or application errors the filter was written for are counted and
    /// ignored.
    ///
    /// ## Remediation
    /// Add an alarm on each filter's metric:
    ///
    /// ```hcl
    /// resource "aws_cloudwatch_metric_alarm" "errors" {
    ///   alarm_name          = "app-errors"
    ///   metric_name         = aws_cloudwatch_log_metric_filter.errors.metric_transformation[0].name
    ///   namespace           = aws_cloudwatch_log_metric_filter.errors.metric_transformation[0].namespace
    ///   statistic           = "Sum"
    ///   period              = 300
    ///   evaluation_periods  = 1
    ///   threshold           = 1
    ///   comparison_operator = "GreaterThanOrEqualToThreshold"
    ///   alarm_actions       = [aws_sns_topic.alerts.arn]
    /// }
    /// ```
    pub CONTROL {
        id: "MON006",
        slug: "filters-have-alarms",
        category: Category::Mon,
        severity: Severity::Low,
        scope: Scope::Resources(&["aws_cloudwatch_log_metric_filter"]),
        references: &[
            "Amazon CloudWatch Logs User Guide: Creating metrics from log events using filters",
            "Amazon CloudWatch User Guide: Create a CloudWatch alarm based on a static threshold",
        ],
        peers: &[],
        good: &[
            r#"
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

resource "aws_cloudwatch_metric_alarm" "errors" {
  alarm_name          = "app-errors"
  metric_name         = "AppErrors"
  namespace           = "App"
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  alarm_actions       = ["arn:aws:sns:us-east-1:111122223333:alerts"]
}
"#,
        ],
        bad: &[
            r#"
resource "aws_cloudwatch_log_metric_filter" "errors" { # expect: fail
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
            // An alarm whose metric comes from an input may watch it.
            r#"
variable "metric" {
  type = string
}

resource "aws_cloudwatch_log_metric_filter" "errors" { # expect: unknown
  name           = "app-errors"
  log_group_name = "app"
  pattern        = "ERROR"

  metric_transformation {
    name      = "AppErrors"
    namespace = "App"
    value     = "1"
  }
}

resource "aws_cloudwatch_metric_alarm" "errors" {
  alarm_name          = "app-errors"
  metric_name         = var.metric
  namespace           = "App"
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
}
"#,
        ],
        check,
    }
}

/// An alarm whose metric cannot be told (a name or namespace that is not
/// known and refers to no resource).
fn alarm_metric_unknown<'m>(cx: &RuleContext<'m>) -> Option<&'m Resource> {
    cx.resources_of_type("aws_cloudwatch_metric_alarm")
        .find(|a| {
            if cx
                .model
                .links_from(a.id, Some(LinkKind::AlarmMetricFilter))
                .next()
                .is_some()
            {
                return false;
            }
            ["metric_name", "namespace"].iter().any(|n| {
                a.body().attr(n).is_some_and(|attr| {
                    !attr.value.is_known() && references_of(cx.model, a.module, attr).is_empty()
                })
            })
        })
}

fn check(cx: &RuleContext<'_>, out: &mut Verdicts) {
    let open = alarm_metric_unknown(cx);
    for filter in cx.resources() {
        if let Some(alarm) = alarms_of(cx, filter).first() {
            out.pass(
                filter,
                format!("alarm `{}` watches its metric", alarm.address()),
            )
            .involving(alarm);
        } else if let Some(alarm) = open {
            out.unknown(
                filter,
                &filter.block.span,
                format!(
                    "the metric of alarm `{}` depends on an input",
                    alarm.address()
                ),
            )
            .involving(alarm);
        } else {
            out.missing(filter, "no alarm watches this filter's metric");
        }
    }
}

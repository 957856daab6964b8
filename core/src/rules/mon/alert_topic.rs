//! MON001: alarms notify someone.

use crate::rules::prelude::*;

declare_control! {
    /// An SNS topic receives the alarms and has a subscriber.
    ///
    /// ## Why it matters
    /// An alarm that changes state without telling anyone is only a line in
    /// the console. Alarms notify through their actions, usually an SNS
    /// topic, and the topic only reaches people or systems through its
    /// subscriptions (email, a chat webhook, a pager, a ticketing queue). A
    /// stack that alarms but has no topic, or a topic nobody subscribes to,
    /// has monitoring nobody sees.
    ///
    /// ## Remediation
    /// Create a topic, subscribe the on-call channel, and point alarms at it:
    ///
    /// ```hcl
    /// resource "aws_sns_topic" "alerts" {
    ///   name              = "alerts"
    ///   kms_master_key_id = aws_kms_key.alerts.arn
    /// }
    ///
    /// resource "aws_sns_topic_subscription" "oncall" {
    ///   topic_arn = aws_sns_topic.alerts.arn
    ///   protocol  = "email"
    ///   endpoint  = "oncall@example.com"
    /// }
    /// ```
    pub CONTROL {
        id: "MON001",
        slug: "alert-topic",
        category: Category::Mon,
        severity: Severity::Medium,
        scope: Scope::Presence,
        references: &[
            "Amazon CloudWatch User Guide: Using Amazon CloudWatch alarms (alarm actions)",
            "Amazon SNS Developer Guide: Subscribing to an Amazon SNS topic",
        ],
        peers: &[],
        good: &[
            r#"
resource "aws_sns_topic" "alerts" {
  name = "alerts"
}

resource "aws_sns_topic_subscription" "oncall" {
  topic_arn = aws_sns_topic.alerts.arn
  protocol  = "email"
  endpoint  = "oncall@example.com"
}

resource "aws_cloudwatch_metric_alarm" "cpu" {
  alarm_name          = "cpu"
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
# expect-stack: fail
resource "aws_cloudwatch_metric_alarm" "cpu" {
  alarm_name          = "cpu"
  metric_name         = "CPUUtilization"
  namespace           = "AWS/EC2"
  statistic           = "Average"
  period              = 300
  evaluation_periods  = 2
  threshold           = 80
  comparison_operator = "GreaterThanThreshold"
}
"#,
            // Alarms go to a topic nobody subscribes to.
            r#"
resource "aws_sns_topic" "alerts" { # expect: warn
  name = "alerts"
}

resource "aws_cloudwatch_metric_alarm" "cpu" {
  alarm_name          = "cpu"
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
            // The topic comes from an input: its subscribers are unknown.
            r#"
# expect-stack: unknown
variable "alarm_topic_arn" {
  type = string
}

resource "aws_cloudwatch_metric_alarm" "cpu" {
  alarm_name          = "cpu"
  metric_name         = "CPUUtilization"
  namespace           = "AWS/EC2"
  statistic           = "Average"
  period              = 300
  evaluation_periods  = 2
  threshold           = 80
  comparison_operator = "GreaterThanThreshold"
  alarm_actions       = [var.alarm_topic_arn]
}
"#,
        ],
        check,
    }
}

/// Resources that send notifications, and the attributes naming where.
const SENDERS: &[(&str, &[&str])] = &[
    (
        "aws_cloudwatch_metric_alarm",
        &["alarm_actions", "ok_actions", "insufficient_data_actions"],
    ),
    (
        "aws_cloudwatch_composite_alarm",
        &["alarm_actions", "ok_actions", "insufficient_data_actions"],
    ),
    ("aws_cloudwatch_event_target", &["arn"]),
];

fn check(cx: &RuleContext<'_>, out: &mut Verdicts) {
    let mut fed: Vec<&Resource> = Vec::new();
    let mut external: Option<&Resource> = None;
    for (kind, attrs) in SENDERS {
        for sender in cx.resources_of_type(kind) {
            for name in *attrs {
                let Some(attr) = sender.body().attr(name) else {
                    continue;
                };
                let topics: Vec<&Resource> = references_of(cx.model, sender.module, attr)
                    .into_iter()
                    .filter(|r| r.resource_type == "aws_sns_topic")
                    .collect();
                if topics.is_empty() {
                    let names_topic = match &attr.value {
                        Value::List(items) => !items.is_empty(),
                        Value::String(s) => s.starts_with("arn:aws:sns:"),
                        Value::Null => false,
                        _ => true,
                    };
                    if names_topic && *kind != "aws_cloudwatch_event_target" {
                        external = external.or(Some(sender));
                    }
                }
                for t in topics {
                    if !fed.iter().any(|f| f.id == t.id) {
                        fed.push(t);
                    }
                }
            }
        }
    }
    fed.sort_by_key(|t| t.id);
    let subscribed = |t: &Resource| {
        !referrers(cx.model, t, &["aws_sns_topic_subscription"], "topic_arn").is_empty()
    };
    if let Some(topic) = fed.iter().find(|t| subscribed(t)) {
        out.stack(
            Outcome::Pass,
            format!(
                "alarms notify topic `{}`, which has subscribers",
                topic.address()
            ),
        )
        .secondary(&topic.block.span);
    } else if let Some(topic) = fed.first() {
        out.warn(
            topic,
            &topic.block.span,
            "alarms notify this topic, but nothing subscribes to it in the configuration",
        );
    } else if let Some(sender) = external {
        out.stack(
            Outcome::Unknown,
            format!(
                "could not be determined: `{}` notifies a topic outside the configuration, whose subscribers are unknown",
                sender.address()
            ),
        )
        .secondary(&sender.block.span);
    } else {
        out.stack(
            Outcome::Fail,
            "no SNS topic receives alarms: alarms notify nobody",
        );
    }
}

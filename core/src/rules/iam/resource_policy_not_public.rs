//! IAM012: queue, topic, repository and secret policies do not allow everyone.

use crate::rules::prelude::*;

declare_control! {
    /// Queue, topic, repository and secret policies do not allow everyone.
    ///
    /// ## Why it matters
    /// A resource policy statement that allows `Principal: "*"` with no
    /// condition opens the queue, topic, container repository or secret to
    /// every AWS account: anyone can send or read messages, subscribe, pull
    /// images or read the secret. Name the accounts or services, or narrow the
    /// statement with a condition (`aws:SourceArn`, `aws:SourceAccount`,
    /// `aws:PrincipalOrgID`).
    ///
    /// ## Remediation
    /// ```hcl
    /// resource "aws_sqs_queue_policy" "events" {
    ///   queue_url = aws_sqs_queue.events.id
    ///   policy = jsonencode({
    ///     Version = "2012-10-17"
    ///     Statement = [{
    ///       Effect    = "Allow"
    ///       Principal = { Service = "sns.amazonaws.com" }
    ///       Action    = "sqs:SendMessage"
    ///       Resource  = aws_sqs_queue.events.arn
    ///       Condition = { ArnEquals = { "aws:SourceArn" = aws_sns_topic.events.arn } }
    ///     }]
    ///   })
    /// }
    /// ```
    pub CONTROL {
        id: "IAM012",
        slug: "resource-policy-not-public",
        category: Category::Iam,
        severity: Severity::High,
        scope: Scope::Resources(&["aws_sqs_queue_policy", "aws_sqs_queue", "aws_sns_topic_policy", "aws_sns_topic", "aws_ecr_repository_policy", "aws_secretsmanager_secret_policy", "aws_secretsmanager_secret"]),
        references: &[
            "Amazon SQS Developer Guide: Basic examples of Amazon SQS policies",
            "Amazon SNS Developer Guide: Example cases for Amazon SNS access control",
            "AWS Foundational Security Best Practices: SNS.4, SQS.3",
        ],
        peers: &[
            Peer::checkov("CKV_AWS_32").partial(),
            Peer::kics("SNS Topic is Publicly Accessible").partial(),
            Peer::kics("SQS Policy With Public Access").partial(),
            Peer::kics("ECR Repository Is Publicly Accessible").partial(),
            Peer::kics("SQS Queue Exposed").partial(),
        ],
        good: &[
            r#"
resource "aws_sqs_queue" "events" {
  name = "events"
}

resource "aws_sqs_queue_policy" "events" {
  queue_url = aws_sqs_queue.events.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = "*"
      Action    = "sqs:SendMessage"
      Resource  = aws_sqs_queue.events.arn
      Condition = { ArnEquals = { "aws:SourceArn" = "arn:aws:sns:us-east-1:123456789012:events" } }
    }]
  })
}
"#,
        ],
        bad: &[
            r#"
resource "aws_sns_topic" "alerts" {
  name = "alerts"
}

resource "aws_sns_topic_policy" "alerts" {
  arn = aws_sns_topic.alerts.arn
  policy = jsonencode({ # expect: fail
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "*" }
      Action    = "sns:Publish"
      Resource  = aws_sns_topic.alerts.arn
    }]
  })
}
"#,
        ],
        check,
    }
}

use super::{condition_narrowing, held_policy, is_allow, principal_is_everyone, Narrowing};

fn check(cx: &RuleContext<'_>, out: &mut Verdicts) {
    for r in cx.resources() {
        let Some(attr) = r.body().attr("policy").filter(|a| a.value != Value::Null) else {
            continue;
        };
        let policy = held_policy(cx.model, r, attr);
        let Some(statements) = policy.statements() else {
            out.unknown(
                r,
                &attr.span,
                format!("the policy could not be read ({})", why_unknown(attr)),
            );
            continue;
        };
        let mut failed = false;
        for s in statements {
            if is_allow(s, policy.literal) == Some(true)
                && principal_is_everyone(&s.principals) == Some(true)
                && matches!(
                    condition_narrowing(&s.conditions),
                    Narrowing::None | Narrowing::Negated
                )
            {
                failed = true;
                out.fail(
                    r,
                    &s.span,
                    "the policy allows any principal (`*`) without a narrowing condition",
                );
            }
        }
        if !failed {
            out.pass(r, "the policy names who may use the resource");
        }
    }
}

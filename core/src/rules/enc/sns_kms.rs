//! ENC009: SNS topics are encrypted at rest.

use crate::rules::prelude::*;

declare_control! {
    /// SNS topics encrypt messages at rest with a KMS key.
    ///
    /// ## Why it matters
    /// SNS stores messages until they are delivered. Without
    /// `kms_master_key_id` they are not encrypted at rest with a key you can
    /// control, and alert or event topics often carry resource names,
    /// account details and error payloads. With server-side encryption SNS
    /// encrypts each message as it arrives; a customer-managed key also
    /// restricts which publishers and services may use the topic through the
    /// key policy. The AWS-managed `alias/aws/sns` key encrypts but cannot be
    /// granted to other services (CloudWatch alarms, EventBridge cannot
    /// publish to a topic using it), so it is a warning (a failure where
    /// customer-managed keys are required).
    ///
    /// ## Remediation
    /// Set `kms_master_key_id` to a customer-managed key whose policy lets
    /// the publishing services use it:
    ///
    /// ```hcl
    /// resource "aws_sns_topic" "alerts" {
    ///   name              = "security-alerts"
    ///   kms_master_key_id = aws_kms_key.alerts.id
    /// }
    /// ```
    pub CONTROL {
        id: "ENC009",
        slug: "sns-kms",
        category: Category::Enc,
        severity: Severity::Medium,
        scope: Scope::Resources(&["aws_sns_topic"]),
        references: &[
            "Amazon SNS Developer Guide: Encryption at rest (server-side encryption)",
            "Amazon SNS Developer Guide: Configuring AWS KMS permissions (AWS managed key limitations)",
        ],
        peers: &[
            Peer::checkov("CKV_AWS_26").same(),
            Peer::trivy("AVD-AWS-0095", "aws-sns-enable-topic-encryption").same(),
            Peer::trivy("AVD-AWS-0136", "aws-sns-topic-encryption-use-cmk").partial(),
        ],
        good: &[
            r#"
resource "aws_kms_key" "alerts" {
  enable_key_rotation = true
}

resource "aws_sns_topic" "alerts" {
  name              = "security-alerts"
  kms_master_key_id = aws_kms_key.alerts.id
}
"#,
        ],
        bad: &[
            r#"
resource "aws_sns_topic" "alerts" { # expect: fail
  name = "security-alerts"
}
"#,
            r#"
resource "aws_sns_topic" "alerts" {
  name              = "security-alerts"
  kms_master_key_id = "alias/aws/sns" # expect: warn
}
"#,
            r#"
variable "encrypted" {
  type = bool
}

resource "aws_sns_topic" "alerts" {
  name              = "security-alerts"
  kms_master_key_id = var.encrypted ? "alias/alerts" : null # expect: unknown
}
"#,
        ],
        check,
    }
}

fn check(cx: &RuleContext<'_>, out: &mut Verdicts) {
    for topic in cx.resources() {
        match key_choice(cx.model, topic, topic.body(), "kms_master_key_id") {
            KeyChoice::Customer(_) => {
                out.pass(topic, "encrypted with a customer-managed key");
            }
            KeyChoice::Absent => {
                out.missing(
                    topic,
                    "no `kms_master_key_id`: messages are not encrypted at rest with a KMS key",
                );
            }
            KeyChoice::AwsManaged(attr) => {
                out.record(
                    cx.aws_managed_key_outcome(),
                    topic,
                    &attr.span,
                    "encrypted with the AWS-managed key `alias/aws/sns`",
                );
            }
            KeyChoice::Unknown(attr) => {
                out.unknown(topic, &attr.span, why_unknown(attr));
            }
        }
    }
}

//! ENC026: sQS queues are encrypted at rest (SSE-SQS or SSE-KMS).

use crate::rules::prelude::*;

declare_control! {
    /// SQS queues are encrypted at rest (SSE-SQS or SSE-KMS).
    ///
    /// ## Why it matters
    /// Queued messages often hold the same data as the systems they connect.
    /// New queues get SQS-managed encryption (SSE-SQS) unless
    /// `sqs_managed_sse_enabled = false` is written without a
    /// `kms_master_key_id`, which stores messages unencrypted. A customer key
    /// (`kms_master_key_id`) is required in profile `strict`.
    ///
    /// ## Remediation
    /// Leave SSE-SQS on, or use a KMS key:
    ///
    /// ```hcl
    /// resource "aws_sqs_queue" "jobs" {
    ///   name              = "jobs"
    ///   kms_master_key_id = aws_kms_key.sqs.arn
    /// }
    /// ```
    pub CONTROL {
        id: "ENC026",
        slug: "sqs-encrypted",
        category: Category::Enc,
        severity: Severity::Medium,
        scope: Scope::Resources(&["aws_sqs_queue"]),
        references: &[
            "Amazon SQS Developer Guide: Encryption at rest",
            "AWS Foundational Security Best Practices: SQS.1",
        ],
        peers: &[
            Peer::checkov("CKV_AWS_27").partial(),
            Peer::checkov("CKV2_AWS_73").partial(),
            Peer::trivy("AVD-AWS-0096", "aws-sqs-enable-queue-encryption").partial(),
            Peer::trivy("AVD-AWS-0135", "aws-sqs-queue-encryption-use-cmk").partial(),
            Peer::kics("SQS With SSE Disabled").partial(),
        ],
        good: &[
            r#"
resource "aws_sqs_queue" "jobs" {
  name = "jobs"
}
"#,
            r#"
resource "aws_sqs_queue" "jobs" {
  name              = "jobs"
  kms_master_key_id = "arn:aws:kms:us-east-1:123456789012:key/abcd"
}
"#,
        ],
        bad: &[
            r#"
resource "aws_sqs_queue" "jobs" {
  name                    = "jobs"
  sqs_managed_sse_enabled = false # expect: fail
}
"#,
        ],
        check,
    }
}

fn check(cx: &RuleContext<'_>, out: &mut Verdicts) {
    for r in cx.resources() {
        match key_choice(cx.model, r, r.body(), "kms_master_key_id") {
            KeyChoice::Customer(_) => {
                out.pass(r, "encrypted with a customer-managed key");
                continue;
            }
            KeyChoice::Unknown(a) => {
                out.unknown(r, &a.span, why_unknown(a));
                continue;
            }
            KeyChoice::AwsManaged(a) => {
                out.record(
                    cx.aws_managed_key_outcome(),
                    r,
                    &a.span,
                    "encrypted with the AWS-managed key `aws/sqs`",
                );
                continue;
            }
            KeyChoice::Absent => {}
        }
        match setting(r.body(), "sqs_managed_sse_enabled", flag(true)) {
            Setting::Holds(_) | Setting::Absent => {
                if cx.cmk_required() {
                    out.missing(r, "encrypted with SQS-managed keys (SSE-SQS); a customer-managed key is required");
                } else {
                    out.pass(r, "encrypted with SQS-managed keys (SSE-SQS)");
                }
            }
            Setting::Violated(a) => {
                out.fail(
                    r,
                    &a.span,
                    "SSE-SQS is turned off and no KMS key is set: messages are stored unencrypted",
                );
            }
            Setting::Unknown(a) => {
                out.unknown(r, &a.span, why_unknown(a));
            }
        }
    }
}

//! ENC030: kinesis data streams are encrypted at rest with KMS.

use crate::rules::prelude::*;

declare_control! {
    /// Kinesis data streams are encrypted at rest with KMS.
    ///
    /// ## Why it matters
    /// Kinesis streams are unencrypted unless `encryption_type = "KMS"`:
    /// records stay readable in the stream's storage for the whole retention
    /// period. Server-side encryption costs nothing with the AWS-managed
    /// `alias/aws/kinesis` key; a customer key is required in profile `strict`.
    ///
    /// ## Remediation
    /// ```hcl
    /// resource "aws_kinesis_stream" "events" {
    ///   name            = "events"
    ///   encryption_type = "KMS"
    ///   kms_key_id      = aws_kms_key.kinesis.arn
    /// }
    /// ```
    pub CONTROL {
        id: "ENC030",
        slug: "kinesis-stream-encrypted",
        category: Category::Enc,
        severity: Severity::High,
        scope: Scope::Resources(&["aws_kinesis_stream"]),
        references: &[
            "Amazon Kinesis Data Streams Developer Guide: Data protection in Amazon Kinesis Data Streams (server-side encryption)",
            "AWS Foundational Security Best Practices: Kinesis.1",
        ],
        peers: &[
            Peer::checkov("CKV_AWS_43").same(),
            Peer::checkov("CKV_AWS_185").partial(),
            Peer::trivy("AVD-AWS-0064", "aws-kinesis-enable-in-transit-encryption").partial(),
            Peer::kics("Kinesis Not Encrypted With KMS").partial(),
        ],
        good: &[
            r#"
resource "aws_kinesis_stream" "events" {
  name            = "events"
  encryption_type = "KMS"
  kms_key_id      = "arn:aws:kms:us-east-1:123456789012:key/abcd"
}
"#,
        ],
        bad: &[
            r#"
resource "aws_kinesis_stream" "events" { # expect: fail
  name = "events"
}
"#,
            r#"
resource "aws_kinesis_stream" "events" {
  name            = "events"
  encryption_type = "NONE" # expect: fail
}
"#,
            r#"
resource "aws_kinesis_stream" "events" {
  name            = "events"
  encryption_type = "KMS"
  kms_key_id      = "alias/aws/kinesis" # expect: warn
}
"#,
        ],
        check,
    }
}

fn check(cx: &RuleContext<'_>, out: &mut Verdicts) {
    for r in cx.resources() {
        match setting(r.body(), "encryption_type", one_of(&["KMS"])) {
            Setting::Holds(_) => {
                judge_customer_key(
                    cx,
                    out,
                    r,
                    r.body(),
                    "kms_key_id",
                    "the AWS-managed key `alias/aws/kinesis`",
                );
            }
            Setting::Absent => {
                out.missing(
                    r,
                    "no `encryption_type = \"KMS\"`: records are stored unencrypted",
                );
            }
            Setting::Violated(a) => {
                out.fail(r, &a.span, "the stream is not encrypted at rest");
            }
            Setting::Unknown(a) => {
                out.unknown(r, &a.span, why_unknown(a));
            }
        }
    }
}

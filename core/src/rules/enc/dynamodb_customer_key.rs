//! ENC027: dynamoDB tables are encrypted with a customer-managed KMS key.

use crate::rules::prelude::*;

declare_control! {
    /// DynamoDB tables are encrypted with a customer-managed KMS key.
    ///
    /// ## Why it matters
    /// DynamoDB always encrypts tables, by default with an AWS-owned key that
    /// is invisible in the account: its use is not logged in CloudTrail and
    /// access to the data cannot be cut off by disabling the key. A customer-
    /// managed key (`server_side_encryption { enabled = true, kms_key_arn = ...
    /// }`) gives that control. The AWS-owned and AWS-managed keys are a
    /// warning, and fail in profile `strict`.
    ///
    /// ## Remediation
    /// ```hcl
    /// resource "aws_dynamodb_table" "orders" {
    ///   # ...
    ///   server_side_encryption {
    ///     enabled     = true
    ///     kms_key_arn = aws_kms_key.dynamodb.arn
    ///   }
    /// }
    /// ```
    pub CONTROL {
        id: "ENC027",
        slug: "dynamodb-customer-key",
        category: Category::Enc,
        severity: Severity::Medium,
        scope: Scope::Resources(&["aws_dynamodb_table"]),
        references: &[
            "Amazon DynamoDB Developer Guide: DynamoDB encryption at rest",
            "AWS KMS Developer Guide: AWS owned keys",
        ],
        peers: &[
            Peer::checkov("CKV_AWS_119").same(),
            Peer::trivy("AVD-AWS-0025", "aws-dynamodb-table-customer-key").same(),
            Peer::kics("DynamoDB Table Not Encrypted").partial(),
        ],
        good: &[
            r#"
resource "aws_dynamodb_table" "orders" {
  name     = "orders"
  hash_key = "id"
  attribute {
    name = "id"
    type = "S"
  }
  server_side_encryption {
    enabled     = true
    kms_key_arn = "arn:aws:kms:us-east-1:123456789012:key/abcd"
  }
}
"#,
        ],
        bad: &[
            r#"
resource "aws_dynamodb_table" "orders" { # expect: warn
  name     = "orders"
  hash_key = "id"
  attribute {
    name = "id"
    type = "S"
  }
}
"#,
            r#"
resource "aws_dynamodb_table" "orders" {
  name     = "orders"
  hash_key = "id"
  attribute {
    name = "id"
    type = "S"
  }
  server_side_encryption {
    enabled = false # expect: warn
  }
}
"#,
        ],
        check,
    }
}

fn check(cx: &RuleContext<'_>, out: &mut Verdicts) {
    for r in cx.resources() {
        let Some(sse) = r.body().block("server_side_encryption") else {
            out.record(
                cx.aws_managed_key_outcome(),
                r,
                &r.block.span,
                "encrypted with the AWS-owned key, not a customer-managed key",
            );
            continue;
        };
        match setting(&sse.body, "enabled", flag(false)) {
            Setting::Holds(_) => {
                judge_customer_key(
                    cx,
                    out,
                    r,
                    &sse.body,
                    "kms_key_arn",
                    "the AWS-managed key `aws/dynamodb`",
                );
            }
            Setting::Absent => {
                out.record(
                    cx.aws_managed_key_outcome(),
                    r,
                    &sse.span,
                    "encrypted with the AWS-owned key, not a customer-managed key",
                );
            }
            Setting::Violated(a) => {
                out.record(
                    cx.aws_managed_key_outcome(),
                    r,
                    &a.span,
                    "encrypted with the AWS-owned key, not a customer-managed key",
                );
            }
            Setting::Unknown(a) => {
                out.unknown(r, &a.span, why_unknown(a));
            }
        }
    }
}

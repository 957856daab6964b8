//! ENC012: bucket policies refuse uploads that are not encrypted.

use crate::model::PolicyStatement;
use crate::rules::prelude::*;

declare_control! {
    /// Bucket policies deny `s3:PutObject` requests without server-side encryption.
    ///
    /// ## Why it matters
    /// Default bucket encryption applies only when a request names no
    /// encryption; a bucket policy that denies `s3:PutObject` unless the
    /// request carries `s3:x-amz-server-side-encryption` (with `aws:kms`) or
    /// a specific `s3:x-amz-server-side-encryption-aws-kms-key-id` makes
    /// the encryption choice enforceable: a client or a misconfigured tool
    /// cannot store objects with weaker encryption or another key, and a
    /// later change to the default encryption cannot silently weaken it.
    /// Security reviews and PCI-DSS style baselines look for this statement.
    ///
    /// ## Remediation
    /// Add a deny statement on `s3:PutObject` conditioned on the encryption
    /// header:
    ///
    /// ```hcl
    /// data "aws_iam_policy_document" "data_bucket" {
    ///   statement {
    ///     sid       = "DenyUnencryptedUploads"
    ///     effect    = "Deny"
    ///     actions   = ["s3:PutObject"]
    ///     resources = ["${aws_s3_bucket.data.arn}/*"]
    ///     principals {
    ///       type        = "*"
    ///       identifiers = ["*"]
    ///     }
    ///     condition {
    ///       test     = "StringNotEquals"
    ///       variable = "s3:x-amz-server-side-encryption"
    ///       values   = ["aws:kms"]
    ///     }
    ///   }
    /// }
    /// ```
    pub CONTROL {
        id: "ENC012",
        slug: "s3-deny-unencrypted-uploads",
        category: Category::Enc,
        severity: Severity::Low,
        scope: Scope::Resources(&["aws_s3_bucket"]),
        references: &[
            "Amazon S3 User Guide: Protecting data with server-side encryption (requiring server-side encryption with a bucket policy)",
            "AWS Knowledge Center: How can I require server-side encryption for objects uploaded to Amazon S3?",
        ],
        peers: &[],
        good: &[
            r#"
resource "aws_s3_bucket" "data" {
  bucket = "example-data"
}

resource "aws_s3_bucket_policy" "data" {
  bucket = aws_s3_bucket.data.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "DenyUnencryptedUploads"
      Effect    = "Deny"
      Principal = "*"
      Action    = "s3:PutObject"
      Resource  = "arn:aws:s3:::example-data/*"
      Condition = {
        StringNotEquals = { "s3:x-amz-server-side-encryption" = "aws:kms" }
      }
    }]
  })
}
"#,
        ],
        bad: &[
            // No bucket policy at all.
            r#"
resource "aws_s3_bucket" "data" { # expect: fail
  bucket = "example-data"
}
"#,
            // A policy that does not deny unencrypted uploads.
            r#"
resource "aws_s3_bucket" "data" {
  bucket = "example-data"
}

resource "aws_s3_bucket_policy" "data" {
  bucket = aws_s3_bucket.data.id
  policy = jsonencode({ # expect: fail
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Deny"
      Principal = "*"
      Action    = "s3:*"
      Resource  = "arn:aws:s3:::example-data/*"
      Condition = { Bool = { "aws:SecureTransport" = "false" } }
    }]
  })
}
"#,
            // The policy is an input: cannot be read.
            r#"
variable "bucket_policy_json" {
  type = string
}

resource "aws_s3_bucket" "data" {
  bucket = "example-data"
}

resource "aws_s3_bucket_policy" "data" {
  bucket = aws_s3_bucket.data.id
  policy = var.bucket_policy_json # expect: unknown
}
"#,
        ],
        check,
    }
}

/// Condition keys that express "uploads must be encrypted (with this key)".
const ENCRYPTION_KEYS: &[&str] = &[
    "s3:x-amz-server-side-encryption",
    "s3:x-amz-server-side-encryption-aws-kms-key-id",
];

fn denies_unencrypted_put(s: &PolicyStatement) -> Option<bool> {
    if !effect_is(s, "Deny")? {
        return Some(false);
    }
    if !actions_cover(&s.actions, "s3:PutObject")? {
        return Some(false);
    }
    let mut found = false;
    for key in ENCRYPTION_KEYS {
        if !condition_values(&s.conditions, &|_| true, key)?.is_empty() {
            found = true;
        }
    }
    Some(found)
}

fn check(cx: &RuleContext<'_>, out: &mut Verdicts) {
    judge_bucket_policies(
        cx,
        out,
        &denies_unencrypted_put,
        &BucketPolicyMessages {
            missing: "no bucket policy denies `s3:PutObject` without server-side encryption",
            pass: "the bucket policy denies unencrypted uploads",
            fail: "the bucket policy does not deny `s3:PutObject` without server-side encryption",
        },
    );
}

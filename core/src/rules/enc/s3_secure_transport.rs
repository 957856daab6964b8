//! ENC014: bucket policies refuse plain-HTTP requests.

use crate::model::PolicyStatement;
use crate::rules::prelude::*;

declare_control! {
    /// Bucket policies deny requests that do not use TLS (`aws:SecureTransport = false`).
    ///
    /// ## Why it matters
    /// S3 accepts plain HTTP as well as HTTPS on its REST endpoints. A
    /// client, SDK setting or proxy that uses `http://` sends object data
    /// and request signatures in clear text, where they can be read or
    /// altered on the way. A `Deny` statement conditioned on
    /// `aws:SecureTransport = false` makes S3 refuse every such request,
    /// whoever sends it. AWS Security Hub (S3.5) and the AWS Foundational
    /// Security Best Practices require it for every bucket.
    ///
    /// ## Remediation
    /// Add this statement to every bucket's policy:
    ///
    /// ```hcl
    /// data "aws_iam_policy_document" "data_bucket" {
    ///   statement {
    ///     sid       = "DenyInsecureTransport"
    ///     effect    = "Deny"
    ///     actions   = ["s3:*"]
    ///     resources = [aws_s3_bucket.data.arn, "${aws_s3_bucket.data.arn}/*"]
    ///     principals {
    ///       type        = "*"
    ///       identifiers = ["*"]
    ///     }
    ///     condition {
    ///       test     = "Bool"
    ///       variable = "aws:SecureTransport"
    ///       values   = ["false"]
    ///     }
    ///   }
    /// }
    /// ```
    pub CONTROL {
        id: "ENC014",
        slug: "s3-secure-transport",
        category: Category::Enc,
        severity: Severity::Medium,
        scope: Scope::Resources(&["aws_s3_bucket"]),
        references: &[
            "AWS Security Hub: [S3.5] S3 general purpose buckets should require requests to use SSL",
            "Amazon S3 User Guide: Security best practices for Amazon S3 (enforce encryption of data in transit)",
        ],
        peers: &[Peer::checkov("CKV_AWS_379").partial()],
        good: &[
            r#"
resource "aws_s3_bucket" "data" {
  bucket = "example-data"
}

data "aws_iam_policy_document" "data" {
  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = ["arn:aws:s3:::example-data", "arn:aws:s3:::example-data/*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

resource "aws_s3_bucket_policy" "data" {
  bucket = aws_s3_bucket.data.id
  policy = data.aws_iam_policy_document.data.json
}
"#,
        ],
        bad: &[
            r#"
resource "aws_s3_bucket" "data" { # expect: fail
  bucket = "example-data"
}
"#,
            // Allowing only TLS does not stop other statements allowing HTTP.
            r#"
resource "aws_s3_bucket" "data" {
  bucket = "example-data"
}

resource "aws_s3_bucket_policy" "data" {
  bucket = aws_s3_bucket.data.id
  policy = jsonencode({ # expect: fail
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::111122223333:root" }
      Action    = "s3:GetObject"
      Resource  = "arn:aws:s3:::example-data/*"
      Condition = { Bool = { "aws:SecureTransport" = "true" } }
    }]
  })
}
"#,
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

/// Whether a condition value means "false" (`false`, `"false"`, `["false"]`).
fn is_false(v: &Value) -> Option<bool> {
    match v {
        Value::Bool(b) => Some(!b),
        Value::String(s) => Some(s.eq_ignore_ascii_case("false")),
        Value::List(items) => {
            let mut any = false;
            for item in items {
                any |= is_false(item)?;
            }
            Some(any)
        }
        _ => None,
    }
}

fn denies_insecure_transport(s: &PolicyStatement) -> Option<bool> {
    if !effect_is(s, "Deny")? {
        return Some(false);
    }
    let covers =
        actions_cover(&s.actions, "s3:GetObject")? || actions_cover(&s.actions, "s3:PutObject")?;
    if !covers {
        return Some(false);
    }
    let values = condition_values(
        &s.conditions,
        &|op| op.eq_ignore_ascii_case("Bool") || op.eq_ignore_ascii_case("BoolIfExists"),
        "aws:SecureTransport",
    )?;
    let mut found = false;
    for v in values {
        found |= is_false(v)?;
    }
    Some(found)
}

fn check(cx: &RuleContext<'_>, out: &mut Verdicts) {
    judge_bucket_policies(
        cx,
        out,
        &denies_insecure_transport,
        &BucketPolicyMessages {
            missing: "no bucket policy denies requests without TLS (`aws:SecureTransport = false`)",
            pass: "the bucket policy denies requests without TLS",
            fail: "the bucket policy does not deny requests with `aws:SecureTransport = false`",
        },
    );
}

//! IAM009: bucket policies do not grant access to everyone.

use super::{
    condition_narrowing, held_policy, is_allow, principal_is_everyone, HeldPolicy, Narrowing,
};
use crate::model::PolicyStatement;
use crate::rules::prelude::*;

declare_control! {
    /// Bucket policies do not allow `Principal: "*"` without a condition.
    ///
    /// ## Why it matters
    /// An `Allow` statement whose principal is `"*"` (or `{"AWS": "*"}`)
    /// grants its actions to anyone on the internet, signed in to AWS or
    /// not. Public buckets are the classic source of data leaks: backups,
    /// logs and customer files exposed through one statement meant for a
    /// website or a partner. A condition that narrows the caller (the
    /// organisation, an account, a VPC endpoint, a source ARN or IP range)
    /// makes the wildcard safe; a condition that only excludes some callers
    /// (`StringNotEquals`, `ArnNotEquals`) is a warning, and one whose value
    /// is itself a wildcard (`arn:aws:iam::*`) narrows nothing. `Deny`
    /// statements with `"*"` are the recommended pattern and are fine. The
    /// holder of the policy is judged: `aws_s3_bucket_policy` and the
    /// inline `policy` of `aws_s3_bucket`.
    ///
    /// ## Remediation
    /// Name the principals, or narrow the wildcard with a condition:
    ///
    /// ```hcl
    /// data "aws_iam_policy_document" "site" {
    ///   statement {
    ///     actions   = ["s3:GetObject"]
    ///     resources = ["${aws_s3_bucket.site.arn}/*"]
    ///     principals {
    ///       type        = "Service"
    ///       identifiers = ["cloudfront.amazonaws.com"]
    ///     }
    ///     condition {
    ///       test     = "StringEquals"
    ///       variable = "AWS:SourceArn"
    ///       values   = [aws_cloudfront_distribution.site.arn]
    ///     }
    ///   }
    /// }
    /// ```
    pub CONTROL {
        id: "IAM009",
        slug: "bucket-policy-no-public-principal",
        category: Category::Iam,
        severity: Severity::Critical,
        scope: Scope::Resources(&["aws_s3_bucket", "aws_s3_bucket_policy"]),
        references: &[
            "AWS Security Hub: [S3.2] S3 general purpose buckets should block public read access",
            "Amazon S3 User Guide: Blocking public access to your Amazon S3 storage (the meaning of \"public\")",
        ],
        peers: &[Peer::checkov("CKV_AWS_70").same()],
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
    resources = ["arn:aws:s3:::example-data/*"]
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
  statement {
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::example-data/*"]
    principals {
      type        = "AWS"
      identifiers = ["*"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:PrincipalOrgID"
      values   = ["o-a1b2c3d4e5"]
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
resource "aws_s3_bucket" "site" {
  bucket = "example-site"
}

resource "aws_s3_bucket_policy" "site" {
  bucket = aws_s3_bucket.site.id
  policy = jsonencode({ # expect: fail
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = "*"
      Action    = "s3:GetObject"
      Resource  = "arn:aws:s3:::example-site/*"
    }]
  })
}
"#,
            // Inline heredoc policy; a wildcard condition narrows nothing.
            r#"
locals {
  legacy_policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Allow",
    "Principal": {"AWS": ["*"]},
    "Action": "s3:GetObject",
    "Resource": "arn:aws:s3:::example-legacy/*",
    "Condition": {"ArnEquals": {"aws:PrincipalArn": "arn:aws:iam::*"}}
  }]
}
EOF
}

resource "aws_s3_bucket" "legacy" {
  bucket = "example-legacy"
  policy = local.legacy_policy # expect: fail
}
"#,
            r#"
data "aws_iam_policy_document" "shared" {
  statement { # expect: fail
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::example-shared/*"]
    principals {
      type        = "AWS"
      identifiers = ["*"]
    }
  }
}

resource "aws_s3_bucket_policy" "shared" {
  bucket = "example-shared"
  policy = data.aws_iam_policy_document.shared.json
}
"#,
            r#"
variable "reader" {
  type = string
}

resource "aws_s3_bucket_policy" "partner" {
  bucket = "example-partner"
  policy = jsonencode({ # expect: warn
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = var.reader }
      Action    = "s3:GetObject"
      Resource  = "arn:aws:s3:::example-partner/*"
    }]
  })
}
"#,
        ],
        check,
    }
}

/// One statement's standing.
enum Access {
    Private,
    Public,
    ExcludesOnly,
    Unknown,
}

fn access(statement: &PolicyStatement, literal: bool) -> Access {
    match is_allow(statement, literal) {
        Some(false) => return Access::Private,
        None => return Access::Unknown,
        Some(true) => {}
    }
    let everyone = if statement.not_principals == Value::Null {
        principal_is_everyone(&statement.principals)
    } else {
        // `Allow` with `NotPrincipal`: everyone but the listed principals.
        Some(true)
    };
    match everyone {
        Some(false) => Access::Private,
        None => Access::Unknown,
        Some(true) => match condition_narrowing(&statement.conditions) {
            Narrowing::Narrowed => Access::Private,
            Narrowing::None => Access::Public,
            Narrowing::Negated => Access::ExcludesOnly,
            Narrowing::Unknown => Access::Unknown,
        },
    }
}

fn judge(cx: &RuleContext<'_>, holder: &Resource, policy: &HeldPolicy<'_>, out: &mut Verdicts) {
    let buckets: Vec<&Resource> = if holder.resource_type == "aws_s3_bucket_policy" {
        referenced(cx.model, holder, "bucket")
            .into_iter()
            .filter(|b| b.resource_type == "aws_s3_bucket")
            .collect()
    } else {
        Vec::new()
    };
    let Some(statements) = policy.statements() else {
        let v = out.unknown(
            holder,
            &policy.attr.span,
            format!(
                "the bucket policy could not be read ({})",
                why_unknown(policy.attr)
            ),
        );
        for b in &buckets {
            v.involving(b);
        }
        return;
    };
    let mut failed = false;
    let mut warnings: Vec<(Span, &str)> = Vec::new();
    for s in statements {
        match access(s, policy.literal) {
            Access::Private => {}
            Access::Public => {
                failed = true;
                let v = out.fail(
                    holder,
                    &s.span,
                    "the bucket policy allows everyone (`Principal: \"*\"`) without a narrowing condition",
                );
                for b in &buckets {
                    v.involving(b);
                }
            }
            Access::ExcludesOnly => warnings.push((
                s.span.clone(),
                "the bucket policy allows everyone except the principals a negated condition excludes",
            )),
            Access::Unknown => warnings.push((
                s.span.clone(),
                "could not be determined: a statement's effect, principal or condition is only known at apply time",
            )),
        }
    }
    if failed {
        return;
    }
    if warnings.is_empty() {
        out.pass(holder, "the bucket policy grants nothing to everyone");
    }
    for (span, message) in warnings {
        let v = out.warn(holder, &span, message);
        for b in &buckets {
            v.involving(b);
        }
    }
}

fn check(cx: &RuleContext<'_>, out: &mut Verdicts) {
    for holder in cx.resources() {
        let Some(attr) = holder.body().attr("policy") else {
            continue;
        };
        if attr.value == Value::Null {
            continue;
        }
        let policy = held_policy(cx.model, holder, attr);
        judge(cx, holder, &policy, out);
    }
}

//! IAM011: identity policies do not grant S3 read on every bucket.

use crate::rules::prelude::*;

declare_control! {
    /// Identity policies do not grant S3 read on every bucket.
    ///
    /// ## Why it matters
    /// `s3:GetObject` or `s3:ListBucket` (or `s3:Get*`, `s3:*`) on `"*"` or
    /// `arn:aws:s3:::*` lets the principal read every object of every bucket
    /// the account owns or can reach, including buckets created later for other
    /// workloads, logs and backups. A task's buckets are known to the
    /// configuration and can be named (`aws_s3_bucket.data.arn`,
    /// `"${aws_s3_bucket.data.arn}/*"`). A statement narrowed by a condition is
    /// not flagged.
    ///
    /// ## Remediation
    /// Name the buckets:
    ///
    /// ```hcl
    /// data "aws_iam_policy_document" "reader" {
    ///   statement {
    ///     actions   = ["s3:GetObject", "s3:ListBucket"]
    ///     resources = [aws_s3_bucket.data.arn, "${aws_s3_bucket.data.arn}/*"]
    ///   }
    /// }
    /// ```
    pub CONTROL {
        id: "IAM011",
        slug: "no-read-all-buckets",
        category: Category::Iam,
        severity: Severity::Medium,
        scope: Scope::Resources(super::IDENTITY_POLICY_TYPES),
        references: &[
            "AWS IAM User Guide: Apply least-privilege permissions",
            "Amazon S3 User Guide: Policy resources for Amazon S3",
        ],
        peers: &[
        ],
        good: &[
            r#"
resource "aws_s3_bucket" "data" {
  bucket = "example-data"
}

resource "aws_iam_policy" "reader" {
  name = "reader"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["s3:GetObject", "s3:ListBucket"]
      Resource = [aws_s3_bucket.data.arn, "${aws_s3_bucket.data.arn}/*"]
    }]
  })
}
"#,
        ],
        bad: &[
            r#"
resource "aws_iam_policy" "reader" {
  name = "reader"
  policy = jsonencode({ # expect: fail
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["s3:GetObject", "s3:ListBucket"]
      Resource = "*"
    }]
  })
}
"#,
            r#"
data "aws_iam_policy_document" "reader" {
  statement { # expect: fail
    actions   = ["s3:Get*"]
    resources = ["arn:aws:s3:::*/*"]
  }
}

resource "aws_iam_role_policy" "reader" {
  name   = "reader"
  role   = "app"
  policy = data.aws_iam_policy_document.reader.json
}
"#,
        ],
        check,
    }
}

use super::{identity_policies, is_allow, known_strings};

const READ_ACTIONS: &[&str] = &["s3:GetObject", "s3:ListBucket"];

/// Whether a resource pattern covers every bucket or every object.
fn every_bucket(resource: &str) -> bool {
    matches!(
        resource.trim().to_ascii_lowercase().as_str(),
        "*" | "arn:aws:s3:::*" | "arn:aws:s3:::*/*" | "arn:*:s3:::*" | "arn:*:s3:::*/*"
    )
}

fn check(cx: &RuleContext<'_>, out: &mut Verdicts) {
    for resource in cx.resources() {
        let policies = identity_policies(cx.model, resource);
        if policies.is_empty() {
            continue;
        }
        let mut failed = false;
        for policy in &policies {
            let Some(statements) = policy.statements() else {
                continue;
            };
            for s in statements {
                if is_allow(s, policy.literal) != Some(true) || s.conditions != Value::Null {
                    continue;
                }
                let (actions, _) = known_strings(&s.actions);
                let Some(read) = READ_ACTIONS.iter().find(|read| {
                    actions.iter().any(|a| {
                        a.to_ascii_lowercase().starts_with("s3:") && wildcard_match(a, read)
                    })
                }) else {
                    continue;
                };
                let (resources, _) = known_strings(&s.resources);
                if let Some(all) = resources.iter().find(|r| every_bucket(r)) {
                    failed = true;
                    out.fail(
                        resource,
                        &s.span,
                        format!("`{read}` is allowed on `{all}`: every bucket is readable; name the task's buckets"),
                    );
                }
            }
        }
        if !failed {
            out.pass(resource, "S3 read access is limited to named buckets");
        }
    }
}

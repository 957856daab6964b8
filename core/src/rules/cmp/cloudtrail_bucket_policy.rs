//! CMP006: the trail's bucket lets CloudTrail write.

use crate::model::PolicyStatement;
use crate::rules::prelude::*;

declare_control! {
    /// The bucket a trail writes to has a policy that lets CloudTrail write to it.
    ///
    /// ## Why it matters
    /// CloudTrail writes log files with its own service principal, not with
    /// the caller's credentials. Unless the bucket policy allows
    /// `cloudtrail.amazonaws.com` `s3:GetBucketAcl` on the bucket and
    /// `s3:PutObject` on `AWSLogs/<account-id>/*`, creating the trail fails
    /// with `InsufficientS3BucketPolicyException`, or, when the policy is
    /// changed later, delivery silently stops. A configuration that creates
    /// the trail and its bucket together must create the policy too (and
    /// should scope it with `aws:SourceArn`). Trails writing to a bucket
    /// managed elsewhere are not judged.
    ///
    /// ## Remediation
    /// Attach a bucket policy granting the CloudTrail service principal:
    ///
    /// ```hcl
    /// data "aws_iam_policy_document" "trail_bucket" {
    ///   statement {
    ///     principals {
    ///       type        = "Service"
    ///       identifiers = ["cloudtrail.amazonaws.com"]
    ///     }
    ///     actions   = ["s3:GetBucketAcl"]
    ///     resources = [aws_s3_bucket.trail.arn]
    ///   }
    ///   statement {
    ///     principals {
    ///       type        = "Service"
    ///       identifiers = ["cloudtrail.amazonaws.com"]
    ///     }
    ///     actions   = ["s3:PutObject"]
    ///     resources = ["${aws_s3_bucket.trail.arn}/AWSLogs/*"]
    ///   }
    /// }
    ///
    /// resource "aws_s3_bucket_policy" "trail" {
    ///   bucket = aws_s3_bucket.trail.id
    ///   policy = data.aws_iam_policy_document.trail_bucket.json
    /// }
    /// ```
    pub CONTROL {
        id: "CMP006",
        slug: "cloudtrail-bucket-policy",
        category: Category::Cmp,
        severity: Severity::Medium,
        scope: Scope::Resources(&["aws_cloudtrail"]),
        references: &[
            "AWS CloudTrail User Guide: Amazon S3 bucket policy for CloudTrail",
        ],
        peers: &[],
        good: &[
            r#"
resource "aws_s3_bucket" "trail" {
  bucket = "org-trail-logs"
}

data "aws_iam_policy_document" "trail" {
  statement {
    principals {
      type        = "Service"
      identifiers = ["cloudtrail.amazonaws.com"]
    }
    actions   = ["s3:GetBucketAcl"]
    resources = [aws_s3_bucket.trail.arn]
  }

  statement {
    principals {
      type        = "Service"
      identifiers = ["cloudtrail.amazonaws.com"]
    }
    actions   = ["s3:PutObject"]
    resources = ["${aws_s3_bucket.trail.arn}/AWSLogs/*"]
  }
}

resource "aws_s3_bucket_policy" "trail" {
  bucket = aws_s3_bucket.trail.id
  policy = data.aws_iam_policy_document.trail.json
}

resource "aws_cloudtrail" "main" {
  name           = "main"
  s3_bucket_name = aws_s3_bucket.trail.id
}
"#,
            // The bucket is named by its literal name; the policy is JSON.
            r#"
resource "aws_s3_bucket" "trail" {
  bucket = "org-trail-logs"
}

resource "aws_s3_bucket_policy" "trail" {
  bucket = aws_s3_bucket.trail.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "cloudtrail.amazonaws.com" }
      Action    = ["s3:GetBucketAcl", "s3:PutObject"]
      Resource  = ["arn:aws:s3:::org-trail-logs", "arn:aws:s3:::org-trail-logs/*"]
    }]
  })
}

resource "aws_cloudtrail" "main" {
  name           = "main"
  s3_bucket_name = "org-trail-logs"
}
"#,
        ],
        bad: &[
            // No policy at all: creating the trail fails.
            r#"
resource "aws_s3_bucket" "trail" {
  bucket = "org-trail-logs"
}

resource "aws_cloudtrail" "main" {
  name           = "main"
  s3_bucket_name = aws_s3_bucket.trail.id # expect: fail
}
"#,
            // A policy that grants only the bucket ACL read.
            r#"
resource "aws_s3_bucket" "trail" {
  bucket = "org-trail-logs"
}

resource "aws_s3_bucket_policy" "trail" {
  bucket = aws_s3_bucket.trail.id
  policy = jsonencode({
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "cloudtrail.amazonaws.com" }
      Action    = "s3:GetBucketAcl"
      Resource  = "arn:aws:s3:::org-trail-logs"
    }]
  })
}

resource "aws_cloudtrail" "main" {
  name           = "main"
  s3_bucket_name = aws_s3_bucket.trail.id # expect: fail
}
"#,
            // The policy comes from an input.
            r#"
variable "trail_bucket_policy" {
  type = string
}

resource "aws_s3_bucket" "trail" {
  bucket = "org-trail-logs"
}

resource "aws_s3_bucket_policy" "trail" {
  bucket = aws_s3_bucket.trail.id
  policy = var.trail_bucket_policy
}

resource "aws_cloudtrail" "main" {
  name           = "main"
  s3_bucket_name = aws_s3_bucket.trail.id # expect: unknown
}
"#,
        ],
        check,
    }
}

/// Actions CloudTrail needs on its bucket.
const NEEDED: &[&str] = &["s3:GetBucketAcl", "s3:PutObject"];

/// The bucket of the configuration a trail writes to: by reference, else
/// by the bucket's literal name.
fn trail_bucket<'m>(cx: &RuleContext<'m>, trail: &Resource) -> Option<&'m Resource> {
    let attr = trail.body().attr("s3_bucket_name")?;
    if let Some(b) = references_of(cx.model, trail.module, attr)
        .into_iter()
        .find(|b| b.resource_type == "aws_s3_bucket" && b.mode == Mode::Managed)
    {
        return Some(b);
    }
    let name = attr.value.as_str()?;
    cx.resources_of_type("aws_s3_bucket").find(|b| {
        b.module == trail.module && b.body().value("bucket").and_then(Value::as_str) == Some(name)
    })
}

/// Whether a statement allows CloudTrail `action`; `None` when unknown.
fn grants(statement: &PolicyStatement, action: &str) -> Option<bool> {
    if effect_is(statement, "Allow")? {
        let principal = principal_includes_service(&statement.principals, &|s| {
            s.eq_ignore_ascii_case("cloudtrail.amazonaws.com")
        })?;
        Some(principal && actions_cover(&statement.actions, action)?)
    } else {
        Some(false)
    }
}

fn check(cx: &RuleContext<'_>, out: &mut Verdicts) {
    for trail in cx.resources() {
        let Some(bucket) = trail_bucket(cx, trail) else {
            // A bucket managed elsewhere (or not known): not judged.
            continue;
        };
        let at = trail
            .body()
            .attr("s3_bucket_name")
            .map_or(&trail.block.span, |a| &a.span);
        let policies = bucket_policies(cx.model, bucket);
        let mut missing = Vec::new();
        let mut unknown: Option<&BucketPolicy<'_>> = None;
        for action in NEEDED {
            match find_bucket_statement(&policies, &|s| grants(s, action)) {
                (Judgement::Holds, _) => {}
                (Judgement::Violated, _) => missing.push(format!("`{action}`")),
                (Judgement::Unknown, p) => unknown = unknown.or(p),
            }
        }
        if policies.is_empty() {
            out.fail(
                trail,
                at,
                format!(
                    "bucket `{}` has no policy granting `cloudtrail.amazonaws.com`: creating the trail fails",
                    bucket.address()
                ),
            )
            .involving(bucket);
        } else if !missing.is_empty() && unknown.is_none() {
            let v = out.fail(
                trail,
                at,
                format!(
                    "the policy of bucket `{}` does not grant `cloudtrail.amazonaws.com` {}",
                    bucket.address(),
                    missing.join(" and ")
                ),
            );
            v.involving(bucket);
            for p in &policies {
                v.involving(p.holder);
            }
        } else if let Some(p) = unknown {
            out.unknown(
                trail,
                at,
                format!(
                    "the policy of bucket `{}` could not be read ({})",
                    bucket.address(),
                    why_unknown(p.attr)
                ),
            )
            .involving(p.holder);
        } else {
            out.pass(
                trail,
                format!("bucket `{}` lets CloudTrail write", bucket.address()),
            )
            .involving(bucket);
        }
    }
}

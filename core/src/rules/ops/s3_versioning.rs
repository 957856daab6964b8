//! OPS010: S3 buckets keep previous object versions.

use crate::rules::prelude::*;

declare_control! {
    /// S3 buckets have versioning enabled.
    ///
    /// ## Why it matters
    /// Without versioning an overwrite or a delete is final: a buggy job,
    /// a compromised credential or ransomware that rewrites objects leaves
    /// nothing to restore. With versioning every write keeps the previous
    /// version and a delete only adds a delete marker, so objects can be
    /// recovered; it is also the prerequisite for replication and Object
    /// Lock. Versioning is read from the split `aws_s3_bucket_versioning`
    /// resource (`status = "Enabled"`) or the inline `versioning` block of
    /// provider v3; a bucket with Object Lock enabled is versioned by AWS.
    /// Pair it with a lifecycle rule that expires noncurrent versions
    /// (OPS011) to bound the cost.
    ///
    /// ## Remediation
    /// Enable versioning with the split resource (AWS provider v4+):
    ///
    /// ```hcl
    /// resource "aws_s3_bucket_versioning" "data" {
    ///   bucket = aws_s3_bucket.data.id
    ///   versioning_configuration {
    ///     status = "Enabled"
    ///   }
    /// }
    /// ```
    pub CONTROL {
        id: "OPS010",
        slug: "s3-versioning",
        category: Category::Ops,
        severity: Severity::Medium,
        scope: Scope::Resources(&["aws_s3_bucket"]),
        references: &[
            "Amazon S3 User Guide: Using versioning in S3 buckets",
            "AWS Foundational Security Best Practices: S3.14 S3 general purpose buckets should have versioning enabled",
        ],
        peers: &[
            Peer::checkov("CKV_AWS_21").same(),
            Peer::trivy("AVD-AWS-0090", "aws-s3-enable-versioning").same(),
            Peer::kics("S3 Bucket Without Versioning").same(),
        ],
        good: &[
            r#"
resource "aws_s3_bucket" "data" {
  bucket = "example-data"
}

resource "aws_s3_bucket_versioning" "data" {
  bucket = aws_s3_bucket.data.id
  versioning_configuration {
    status = "Enabled"
  }
}
"#,
            // The inline block of provider v3.
            r#"
resource "aws_s3_bucket" "data" {
  bucket = "example-data"
  versioning {
    enabled = true
  }
}
"#,
            // Object Lock implies versioning.
            r#"
resource "aws_s3_bucket" "audit" {
  bucket              = "example-audit"
  object_lock_enabled = true
}
"#,
        ],
        bad: &[
            r#"
resource "aws_s3_bucket" "data" { # expect: fail
  bucket = "example-data"
}
"#,
            r#"
resource "aws_s3_bucket" "data" {
  bucket = "example-data"
}

resource "aws_s3_bucket_versioning" "data" {
  bucket = aws_s3_bucket.data.id
  versioning_configuration {
    status = "Suspended" # expect: fail
  }
}
"#,
            r#"
resource "aws_s3_bucket" "data" {
  bucket = "example-data"
  versioning {
    enabled = false # expect: fail
  }
}
"#,
            r#"
variable "versioning_status" {
  type = string
}

resource "aws_s3_bucket" "data" {
  bucket = "example-data"
}

resource "aws_s3_bucket_versioning" "data" {
  bucket = aws_s3_bucket.data.id
  versioning_configuration {
    status = var.versioning_status # expect: unknown
  }
}
"#,
        ],
        check,
    }
}

/// Whether a bucket has Object Lock, which turns versioning on for good.
fn object_lock(bucket: &Resource) -> bool {
    let body = bucket.body();
    body.value("object_lock_enabled").and_then(Value::as_bool) == Some(true)
        || body.blocks("object_lock_configuration").any(|b| {
            b.body
                .value("object_lock_enabled")
                .and_then(Value::as_str)
                .is_some_and(|s| s.eq_ignore_ascii_case("Enabled"))
        })
}

fn check(cx: &RuleContext<'_>, out: &mut Verdicts) {
    for bucket in cx.resources() {
        if object_lock(bucket) {
            out.pass(bucket, "Object Lock is enabled, which enables versioning");
            continue;
        }
        // (resource holding the setting, the setting)
        let mut judged: Vec<(&Resource, Setting<'_>)> = Vec::new();
        for block in bucket.body().blocks("versioning") {
            judged.push((bucket, setting(&block.body, "enabled", flag(false))));
        }
        let configs = bucket_configs(cx.model, bucket, "aws_s3_bucket_versioning");
        for config in &configs {
            for block in config.body().blocks("versioning_configuration") {
                judged.push((config, setting(&block.body, "status", one_of(&["Enabled"]))));
            }
        }
        if let Some((holder, _)) = judged.iter().find(|(_, s)| matches!(s, Setting::Holds(_))) {
            out.pass(bucket, "versioning is enabled").involving(holder);
            continue;
        }
        if let Some((holder, Setting::Unknown(attr))) = judged
            .iter()
            .find(|(_, s)| matches!(s, Setting::Unknown(_)))
        {
            out.unknown(bucket, &attr.span, why_unknown(attr))
                .involving(holder);
            continue;
        }
        if let Some((holder, Setting::Violated(attr))) = judged
            .iter()
            .find(|(_, s)| matches!(s, Setting::Violated(_)))
        {
            let message = match &attr.value {
                Value::String(s) => format!("versioning status is `{s}`"),
                _ => "versioning is disabled".to_string(),
            };
            out.fail(bucket, &attr.span, message).involving(holder);
            continue;
        }
        let v = out.missing(
            bucket,
            "versioning is not enabled (no `aws_s3_bucket_versioning`)",
        );
        for c in configs {
            v.involving(c);
        }
    }
}

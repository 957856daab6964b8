//! ENC005: S3 buckets encrypt by default with SSE-KMS.

use crate::rules::prelude::*;

declare_control! {
    /// S3 buckets encrypt objects by default with SSE-KMS.
    ///
    /// ## Why it matters
    /// Since January 2023 S3 encrypts new objects with SSE-S3 (`AES256`),
    /// whose keys S3 owns: anyone allowed `s3:GetObject` reads the data, and
    /// there is no key policy, no per-key audit trail and no way to revoke
    /// access by disabling a key. Default encryption with SSE-KMS
    /// (`aws:kms`) adds a second, independent permission (`kms:Decrypt`) in
    /// front of the data and logs every decryption in CloudTrail. A bucket
    /// with no encryption configuration leaves the choice to the service
    /// default; `AES256` is encrypted but without those controls, so it is a
    /// warning (a failure where customer-managed keys are required), as is
    /// `aws:kms` with the AWS-managed `aws/s3` key in profile `strict`.
    ///
    /// ## Remediation
    /// Configure default encryption with `aws:kms` and a customer-managed
    /// key, in the split resource (AWS provider v4+) or inline:
    ///
    /// ```hcl
    /// resource "aws_s3_bucket_server_side_encryption_configuration" "data" {
    ///   bucket = aws_s3_bucket.data.id
    ///   rule {
    ///     apply_server_side_encryption_by_default {
    ///       sse_algorithm     = "aws:kms"
    ///       kms_master_key_id = aws_kms_key.data.arn
    ///     }
    ///     bucket_key_enabled = true
    ///   }
    /// }
    /// ```
    pub CONTROL {
        id: "ENC005",
        slug: "s3-encryption-kms",
        category: Category::Enc,
        severity: Severity::High,
        scope: Scope::Resources(&["aws_s3_bucket"]),
        references: &[
            "Amazon S3 User Guide: Setting default server-side encryption behavior for Amazon S3 buckets",
            "Amazon S3 User Guide: Using server-side encryption with AWS KMS keys (SSE-KMS)",
            "CIS AWS Foundations Benchmark v1.4.0, 2.1.1: Ensure all S3 buckets employ encryption-at-rest",
        ],
        peers: &[
            Peer::checkov("CKV_AWS_145").same(),
            Peer::checkov("CKV_AWS_19").partial(),
            Peer::trivy("AVD-AWS-0088", "aws-s3-enable-bucket-encryption").partial(),
            Peer::trivy("AVD-AWS-0132", "aws-s3-encryption-customer-key").partial(),
            Peer::kics("S3 Bucket Without Encryption").partial(),
        ],
        good: &[
            // The split resource of AWS provider v4+.
            r#"
resource "aws_kms_key" "data" {
  enable_key_rotation = true
}

resource "aws_s3_bucket" "data" {
  bucket = "example-data"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "data" {
  bucket = aws_s3_bucket.data.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.data.arn
    }
  }
}
"#,
            // The inline form of provider v3.
            r#"
resource "aws_s3_bucket" "data" {
  bucket = "example-data"
  server_side_encryption_configuration {
    rule {
      apply_server_side_encryption_by_default {
        sse_algorithm = "aws:kms"
      }
    }
  }
}
"#,
        ],
        bad: &[
            // No encryption configuration at all.
            r#"
resource "aws_s3_bucket" "data" { # expect: fail
  bucket = "example-data"
}
"#,
            // SSE-S3 only: encrypted, but with no key control.
            r#"
resource "aws_s3_bucket" "data" {
  bucket = "example-data"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "data" {
  bucket = aws_s3_bucket.data.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256" # expect: warn
    }
  }
}
"#,
            // Encrypted either way, but one branch is AES256 (RUBRIC.md section 2).
            r#"
variable "kms_key_arn" {
  type = string
}

resource "aws_s3_bucket" "data" {
  bucket = "example-data"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "data" {
  bucket = aws_s3_bucket.data.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = var.kms_key_arn == "" ? "AES256" : "aws:kms" # expect: warn
      kms_master_key_id = var.kms_key_arn
    }
  }
}
"#,
            // The algorithm is an input without a default.
            r#"
variable "sse_algorithm" {
  type = string
}

resource "aws_s3_bucket" "data" {
  bucket = "example-data"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "data" {
  bucket = aws_s3_bucket.data.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = var.sse_algorithm # expect: unknown
    }
  }
}
"#,
        ],
        check,
    }
}

fn algorithm_grade(v: &Value) -> Grade {
    match v.as_str() {
        Some(s) if s.eq_ignore_ascii_case("aws:kms") || s.eq_ignore_ascii_case("aws:kms:dsse") => {
            Grade::Good
        }
        Some(s) if s.eq_ignore_ascii_case("AES256") => Grade::Partial,
        _ => Grade::Bad,
    }
}

/// The `apply_server_side_encryption_by_default` blocks of a configuration body.
fn default_blocks(body: &Body) -> Vec<&Body> {
    body.blocks("rule")
        .flat_map(|rule| rule.body.blocks("apply_server_side_encryption_by_default"))
        .map(|b| &b.body)
        .collect()
}

fn check(cx: &RuleContext<'_>, out: &mut Verdicts) {
    for bucket in cx.resources() {
        // (resource holding the setting, the default-encryption block).
        let mut sources: Vec<(&Resource, &Body)> = Vec::new();
        let mut configs = Vec::new();
        for inline in bucket.body().blocks("server_side_encryption_configuration") {
            sources.extend(
                default_blocks(&inline.body)
                    .into_iter()
                    .map(|b| (bucket, b)),
            );
        }
        for config in bucket_configs(
            cx.model,
            bucket,
            "aws_s3_bucket_server_side_encryption_configuration",
        ) {
            configs.push(config);
            sources.extend(
                default_blocks(config.body())
                    .into_iter()
                    .map(|b| (config, b)),
            );
        }
        if sources.is_empty() {
            let v = out.missing(
                bucket,
                "no default encryption configuration: S3 falls back to SSE-S3 (AES256), not SSE-KMS",
            );
            for c in configs {
                v.involving(c);
            }
            continue;
        }
        let mut judged_bad = false;
        for (holder, block) in &sources {
            let Some(attr) = block.attr("sse_algorithm") else {
                judged_bad = true;
                out.fail(bucket, &holder.block.span, "`sse_algorithm` is not set")
                    .involving(holder);
                continue;
            };
            match grade(&attr.value, &algorithm_grade) {
                Grade::Good => {
                    // A KMS algorithm; which key?
                    match key_choice(cx.model, holder, block, "kms_master_key_id") {
                        KeyChoice::Customer(_) => {}
                        KeyChoice::Absent | KeyChoice::AwsManaged(_) if cx.cmk_required() => {
                            judged_bad = true;
                            out.fail(bucket, &attr.span, "SSE-KMS uses the AWS-managed key `aws/s3`; a customer-managed key is required")
                                .involving(holder);
                        }
                        KeyChoice::Unknown(k) if cx.cmk_required() => {
                            judged_bad = true;
                            out.unknown(bucket, &k.span, why_unknown(k))
                                .involving(holder);
                        }
                        KeyChoice::Absent | KeyChoice::AwsManaged(_) | KeyChoice::Unknown(_) => {}
                    }
                }
                Grade::Partial => {
                    judged_bad = true;
                    out.record(
                        cx.aws_managed_key_outcome(),
                        bucket,
                        &attr.span,
                        "default encryption is SSE-S3 (`AES256`), not SSE-KMS (`aws:kms`)",
                    )
                    .involving(holder);
                }
                Grade::Bad => {
                    judged_bad = true;
                    out.fail(bucket, &attr.span, "`sse_algorithm` is not a KMS algorithm")
                        .involving(holder);
                }
                Grade::Unknown => {
                    judged_bad = true;
                    out.unknown(bucket, &attr.span, why_unknown(attr))
                        .involving(holder);
                }
            }
        }
        if !judged_bad {
            out.pass(bucket, "default encryption is SSE-KMS");
        }
    }
}

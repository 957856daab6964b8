//! SEC001: S3 buckets are covered by a public access block.

use crate::rules::prelude::*;

declare_control! {
    /// Every S3 bucket has a public access block with all four settings on (or the account has one).
    ///
    /// ## Why it matters
    /// Most S3 data leaks come from a bucket made public by a policy or ACL
    /// that someone added later, often by mistake. S3 Block Public Access is
    /// the guard rail that overrides those: `block_public_acls` and
    /// `ignore_public_acls` neutralise public ACLs, `block_public_policy`
    /// rejects public bucket policies and `restrict_public_buckets` limits
    /// an existing public policy to AWS services and the owner account. All
    /// four default to `false` on `aws_s3_bucket_public_access_block`, so a
    /// block that omits one leaves that path open. An
    /// `aws_s3_account_public_access_block` with all four on covers every
    /// bucket of the account.
    ///
    /// ## Remediation
    /// Add a public access block with all four settings to each bucket (or
    /// one for the account):
    ///
    /// ```hcl
    /// resource "aws_s3_bucket_public_access_block" "data" {
    ///   bucket                  = aws_s3_bucket.data.id
    ///   block_public_acls       = true
    ///   block_public_policy     = true
    ///   ignore_public_acls      = true
    ///   restrict_public_buckets = true
    /// }
    /// ```
    pub CONTROL {
        id: "SEC001",
        slug: "s3-public-access-block",
        category: Category::Sec,
        severity: Severity::High,
        scope: Scope::Resources(&["aws_s3_bucket", "aws_s3_bucket_public_access_block"]),
        references: &[
            "CIS AWS Foundations Benchmark v3.0.0, 2.1.4: Ensure that S3 Buckets are configured with 'Block public access (bucket settings)'",
            "Amazon S3 User Guide: Blocking public access to your Amazon S3 storage",
        ],
        peers: &[
            Peer::checkov("CKV2_AWS_6").partial(),
            Peer::checkov("CKV_AWS_53").partial(),
            Peer::trivy("AVD-AWS-0094", "aws-s3-specify-public-access-block").partial(),
            Peer::trivy("AVD-AWS-0086", "aws-s3-block-public-acls").partial(),
            Peer::trivy("AVD-AWS-0087", "aws-s3-block-public-policy").partial(),
            Peer::trivy("AVD-AWS-0091", "aws-s3-ignore-public-acls").partial(),
            Peer::trivy("AVD-AWS-0093", "aws-s3-no-public-buckets").partial(),
            Peer::kics("S3 Bucket Allows Public ACL").partial(),
            Peer::kics("S3 Bucket Allows Public Policy").partial(),
        ],
        good: &[
            r#"
resource "aws_s3_bucket" "data" {
  bucket = "example-data"
}

resource "aws_s3_bucket_public_access_block" "data" {
  bucket                  = aws_s3_bucket.data.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}
"#,
            // An account-level block covers every bucket.
            r#"
resource "aws_s3_account_public_access_block" "account" {
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket" "data" {
  bucket = "example-data"
}
"#,
        ],
        bad: &[
            // No block at all.
            r#"
resource "aws_s3_bucket" "data" { # expect: fail
  bucket = "example-data"
}
"#,
            // Omitted settings default to false.
            r#"
resource "aws_s3_bucket" "data" {
  bucket = "example-data"
}

resource "aws_s3_bucket_public_access_block" "data" { # expect: fail
  bucket                  = aws_s3_bucket.data.id
  block_public_acls       = true
  block_public_policy     = false # expect: fail
  ignore_public_acls      = true
}
"#,
            r#"
variable "restrict" {
  type = bool
}

resource "aws_s3_bucket" "data" {
  bucket = "example-data"
}

resource "aws_s3_bucket_public_access_block" "data" {
  bucket                  = aws_s3_bucket.data.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = var.restrict # expect: unknown
}
"#,
        ],
        check,
    }
}

const FLAGS: &[&str] = &[
    "block_public_acls",
    "block_public_policy",
    "ignore_public_acls",
    "restrict_public_buckets",
];

/// Judges the four flags of a block; records problems on `subject` and
/// returns how many there were.
fn judge_flags(subject: &Resource, block: &Resource, out: &mut Verdicts) -> usize {
    let mut problems = 0;
    let mut missing = Vec::new();
    for name in FLAGS {
        match setting(block.body(), name, flag(false)) {
            Setting::Holds(_) => {}
            Setting::Absent => missing.push(format!("`{name}`")),
            Setting::Violated(attr) => {
                problems += 1;
                out.fail(subject, &attr.span, format!("`{name}` is false"))
                    .involving(block);
            }
            Setting::Unknown(attr) => {
                problems += 1;
                out.unknown(subject, &attr.span, why_unknown(attr))
                    .involving(block);
            }
        }
    }
    if !missing.is_empty() {
        problems += 1;
        out.fail(
            subject,
            &block.block.span,
            format!("{} not set (default false)", missing.join(", ")),
        )
        .involving(block);
    }
    problems
}

/// Whether an account-level block turns on all four settings.
fn account_block_covers(block: &Resource) -> bool {
    FLAGS
        .iter()
        .all(|name| matches!(setting(block.body(), name, flag(false)), Setting::Holds(_)))
}

fn check(cx: &RuleContext<'_>, out: &mut Verdicts) {
    let account = cx
        .resources_of_type("aws_s3_account_public_access_block")
        .find(|b| account_block_covers(b));
    for r in cx.resources() {
        if r.resource_type == "aws_s3_bucket_public_access_block" {
            // Blocks of buckets in the configuration are judged with their
            // bucket; a block for a bucket from elsewhere is judged alone.
            if !configures_known_bucket(cx.model, r) && judge_flags(r, r, out) == 0 {
                out.pass(r, "all four public access settings are on");
            }
            continue;
        }
        if let Some(acct) = account {
            out.pass(
                r,
                format!("covered by the account-level block `{}`", acct.address()),
            )
            .secondary(&acct.block.span);
            continue;
        }
        let blocks = bucket_configs(cx.model, r, "aws_s3_bucket_public_access_block");
        let Some(block) = blocks.first() else {
            out.missing(r, "no `aws_s3_bucket_public_access_block` for this bucket (and no account-level block)");
            continue;
        };
        if judge_flags(r, block, out) == 0 {
            out.pass(r, "all four public access settings are on")
                .involving(block);
        }
    }
}

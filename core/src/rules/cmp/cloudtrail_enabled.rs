//! CMP001: the stack records API activity with CloudTrail.

use crate::rules::prelude::*;

declare_control! {
    /// The stack declares a CloudTrail trail that is logging.
    ///
    /// ## Why it matters
    /// CloudTrail is the account's audit log: every API call, console
    /// sign-in and role assumption, with who made it, from where and when.
    /// Without a trail, the 90-day event history of the console is all that
    /// exists, for management events of one region only, and it cannot be
    /// protected, exported or alarmed on. Incident response, forensics and
    /// every compliance framework (CIS, PCI-DSS, SOC 2) start from the
    /// trail. A trail with `enable_logging = false` records nothing.
    ///
    /// ## Remediation
    /// Declare a multi-region trail with log file validation, delivering
    /// to a bucket whose policy lets CloudTrail write:
    ///
    /// ```hcl
    /// resource "aws_cloudtrail" "main" {
    ///   name                       = "main"
    ///   s3_bucket_name             = aws_s3_bucket.trail.id
    ///   is_multi_region_trail      = true
    ///   enable_log_file_validation = true
    ///   kms_key_id                 = aws_kms_key.trail.arn
    /// }
    /// ```
    pub CONTROL {
        id: "CMP001",
        slug: "cloudtrail-enabled",
        category: Category::Cmp,
        severity: Severity::Critical,
        scope: Scope::Presence,
        references: &[
            "CIS AWS Foundations Benchmark v3.0.0, 3.1: Ensure CloudTrail is enabled in all regions",
            "AWS CloudTrail User Guide: Creating a trail for your AWS account",
        ],
        peers: &[],
        good: &[
            r#"
resource "aws_cloudtrail" "main" {
  name                  = "main"
  s3_bucket_name        = "org-trail-logs"
  is_multi_region_trail = true
}
"#,
        ],
        bad: &[
            r#"
# expect-stack: fail
resource "aws_s3_bucket" "data" {
  bucket = "example-data"
}
"#,
            // The trail exists but does not log.
            r#"
resource "aws_cloudtrail" "main" {
  name           = "main"
  s3_bucket_name = "org-trail-logs"
  enable_logging = false # expect: fail
}
"#,
            // Whether the trail is created depends on an input.
            r#"
# expect-stack: unknown
variable "create_trail" {
  type = bool
}

resource "aws_cloudtrail" "main" {
  count          = var.create_trail ? 1 : 0
  name           = "main"
  s3_bucket_name = "org-trail-logs"
}
"#,
            r#"
variable "logging" {
  type = bool
}

resource "aws_cloudtrail" "main" {
  name           = "main"
  s3_bucket_name = "org-trail-logs"
  enable_logging = var.logging # expect: unknown
}
"#,
        ],
        check,
    }
}

fn check(cx: &RuleContext<'_>, out: &mut Verdicts) {
    let trails: Vec<&Resource> = cx.resources_of_type("aws_cloudtrail").collect();
    if trails.is_empty() {
        out.stack(
            Outcome::Fail,
            "no `aws_cloudtrail`: API activity is not recorded beyond the console's 90-day event history",
        );
        return;
    }
    // The first trail that surely logs settles it; otherwise each trail
    // says why it does not.
    if let Some(trail) = trails.iter().find(|t| {
        t.multiplicity != crate::model::Multiplicity::Unknown
            && matches!(logging(t), Setting::Absent | Setting::Holds(_))
    }) {
        out.stack(
            Outcome::Pass,
            format!("trail `{}` records API activity", trail.address()),
        )
        .secondary(&trail.block.span);
        return;
    }
    for trail in trails {
        match logging(trail) {
            Setting::Violated(attr) => {
                out.fail(
                    trail,
                    &attr.span,
                    "`enable_logging` is false: the trail records nothing",
                );
            }
            Setting::Unknown(attr) => {
                out.unknown(trail, &attr.span, why_unknown(attr));
            }
            Setting::Absent | Setting::Holds(_) => {
                out.stack(
                    Outcome::Unknown,
                    format!(
                        "could not be determined: whether trail `{}` is created depends on its `count`/`for_each`",
                        trail.address()
                    ),
                )
                .secondary(&trail.block.span);
            }
        }
    }
}

/// Whether a trail logs (`enable_logging`, default true).
fn logging(trail: &Resource) -> Setting<'_> {
    setting(trail.body(), "enable_logging", flag(true))
}

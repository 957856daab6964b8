//! CMP002: trails record every region.

use crate::rules::prelude::*;

declare_control! {
    /// CloudTrail trails are multi-region.
    ///
    /// ## Why it matters
    /// A single-region trail records only the API calls made in its own
    /// region. An attacker who launches instances, creates users' access
    /// keys through a regional endpoint or disables services in a region
    /// nobody uses leaves no record there. A multi-region trail records
    /// every region, including regions enabled later, and also captures
    /// global service events (IAM, STS, CloudFront), in one place.
    ///
    /// ## Remediation
    /// Set `is_multi_region_trail = true` (the default is false):
    ///
    /// ```hcl
    /// resource "aws_cloudtrail" "main" {
    ///   name                  = "main"
    ///   s3_bucket_name        = aws_s3_bucket.trail.id
    ///   is_multi_region_trail = true
    /// }
    /// ```
    pub CONTROL {
        id: "CMP002",
        slug: "cloudtrail-multi-region",
        category: Category::Cmp,
        severity: Severity::High,
        scope: Scope::Resources(&["aws_cloudtrail"]),
        references: &[
            "CIS AWS Foundations Benchmark v3.0.0, 3.1: Ensure CloudTrail is enabled in all regions",
            "AWS CloudTrail User Guide: Receiving CloudTrail log files from multiple Regions",
        ],
        peers: &[
            Peer::checkov("CKV_AWS_67").same(),
            Peer::trivy("AVD-AWS-0014", "aws-cloudtrail-enable-all-regions").same(),
            Peer::kics("Cloud Trail Multi Region Disabled").same(),
        ],
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
            // Omitted: single-region by default.
            r#"
resource "aws_cloudtrail" "main" { # expect: fail
  name           = "main"
  s3_bucket_name = "org-trail-logs"
}
"#,
            r#"
resource "aws_cloudtrail" "main" {
  name                  = "main"
  s3_bucket_name        = "org-trail-logs"
  is_multi_region_trail = false # expect: fail
}
"#,
            r#"
variable "all_regions" {
  type = bool
}

resource "aws_cloudtrail" "main" {
  name                  = "main"
  s3_bucket_name        = "org-trail-logs"
  is_multi_region_trail = var.all_regions # expect: unknown
}
"#,
        ],
        check,
    }
}

fn check(cx: &RuleContext<'_>, out: &mut Verdicts) {
    for trail in cx.resources() {
        match setting(trail.body(), "is_multi_region_trail", flag(false)) {
            Setting::Holds(_) => {
                out.pass(trail, "the trail records every region");
            }
            Setting::Absent => {
                out.missing(
                    trail,
                    "`is_multi_region_trail` is not set (defaults to false): only this region is recorded",
                );
            }
            Setting::Violated(attr) => {
                out.fail(
                    trail,
                    &attr.span,
                    "`is_multi_region_trail` is false: only this region is recorded",
                );
            }
            Setting::Unknown(attr) => {
                out.unknown(trail, &attr.span, why_unknown(attr));
            }
        }
    }
}

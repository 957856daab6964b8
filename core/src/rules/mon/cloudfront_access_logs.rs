//! MON015: cloudFront distributions write access logs.

use crate::rules::prelude::*;

declare_control! {
    /// CloudFront distributions write access logs.
    ///
    /// ## Why it matters
    /// Edge access logs are the only record of the requests CloudFront answers
    /// from its cache, which never reach the origin's logs. Without
    /// `logging_config` scraping, abuse and attacks against cached content
    /// leave no trace.
    ///
    /// ## Remediation
    /// ```hcl
    /// resource "aws_cloudfront_distribution" "site" {
    ///   # ...
    ///   logging_config {
    ///     bucket = aws_s3_bucket.logs.bucket_domain_name
    ///     prefix = "cloudfront/"
    ///   }
    /// }
    /// ```
    pub CONTROL {
        id: "MON015",
        slug: "cloudfront-access-logs",
        category: Category::Mon,
        severity: Severity::Low,
        scope: Scope::Resources(&["aws_cloudfront_distribution"]),
        references: &[
            "Amazon CloudFront Developer Guide: Configure standard logging",
            "AWS Foundational Security Best Practices: CloudFront.5",
        ],
        peers: &[
            Peer::checkov("CKV_AWS_86").same(),
            Peer::trivy("AVD-AWS-0010", "aws-cloudfront-enable-logging").same(),
            Peer::kics("CloudFront Logging Disabled").same(),
        ],
        good: &[
            r#"
resource "aws_cloudfront_distribution" "site" {
  enabled = true
  logging_config {
    bucket = "logs.s3.amazonaws.com"
  }
}
"#,
        ],
        bad: &[
            r#"
resource "aws_cloudfront_distribution" "site" { # expect: fail
  enabled = true
}
"#,
        ],
        check,
    }
}

fn check(cx: &RuleContext<'_>, out: &mut Verdicts) {
    for r in cx.resources() {
        if r.body().block("logging_config").is_some() {
            out.pass(r, "access logs are written");
        } else {
            out.missing(
                r,
                "no `logging_config`: requests served at the edge are not logged",
            );
        }
    }
}

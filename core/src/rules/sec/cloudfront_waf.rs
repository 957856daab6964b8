//! SEC032: cloudFront distributions are protected by a WAF web ACL.

use crate::rules::prelude::*;

declare_control! {
    /// CloudFront distributions are protected by a WAF web ACL.
    ///
    /// ## Why it matters
    /// A distribution is the public front door of a site or API. Without
    /// `web_acl_id` nothing filters common attacks (SQL injection, known bad
    /// inputs, bots, floods) before requests reach the origin.
    ///
    /// ## Remediation
    /// ```hcl
    /// resource "aws_cloudfront_distribution" "site" {
    ///   # ...
    ///   web_acl_id = aws_wafv2_web_acl.edge.arn
    /// }
    /// ```
    pub CONTROL {
        id: "SEC032",
        slug: "cloudfront-waf",
        category: Category::Sec,
        severity: Severity::Medium,
        scope: Scope::Resources(&["aws_cloudfront_distribution"]),
        references: &[
            "AWS WAF Developer Guide: Using AWS WAF with Amazon CloudFront",
            "AWS Foundational Security Best Practices: CloudFront.6",
        ],
        peers: &[
            Peer::checkov("CKV_AWS_68").same(),
            Peer::trivy("AVD-AWS-0011", "aws-cloudfront-enable-waf").same(),
            Peer::kics("CloudFront Without WAF").same(),
        ],
        good: &[
            r#"
resource "aws_cloudfront_distribution" "site" {
  enabled    = true
  web_acl_id = "arn:aws:wafv2:us-east-1:123456789012:global/webacl/edge/abcd"
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
        match written(r.body(), "web_acl_id") {
            (Judgement::Holds, _) => {
                out.pass(r, "protected by a WAF web ACL");
            }
            (Judgement::Unknown, Some(a)) => {
                out.unknown(r, &a.span, why_unknown(a));
            }
            _ => {
                out.missing(r, "no `web_acl_id`: requests reach the origin unfiltered");
            }
        }
    }
}

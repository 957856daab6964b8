//! ENC023: cloudFront distributions require HTTPS from viewers.

use crate::rules::prelude::*;

declare_control! {
    /// CloudFront distributions require HTTPS from viewers.
    ///
    /// ## Why it matters
    /// With `viewer_protocol_policy = "allow-all"` a cache behavior serves
    /// content over plain HTTP, so cookies, tokens and the content itself can
    /// be read or changed on the way. `redirect-to-https` or `https-only` on
    /// the default and every ordered cache behavior keeps viewers on TLS.
    ///
    /// ## Remediation
    /// ```hcl
    /// resource "aws_cloudfront_distribution" "site" {
    ///   # ...
    ///   default_cache_behavior {
    ///     viewer_protocol_policy = "redirect-to-https"
    ///     # ...
    ///   }
    /// }
    /// ```
    pub CONTROL {
        id: "ENC023",
        slug: "cloudfront-viewer-https",
        category: Category::Enc,
        severity: Severity::High,
        scope: Scope::Resources(&["aws_cloudfront_distribution"]),
        references: &[
            "Amazon CloudFront Developer Guide: Requiring HTTPS for communication between viewers and CloudFront",
            "AWS Foundational Security Best Practices: CloudFront.3",
        ],
        peers: &[
            Peer::checkov("CKV_AWS_34").same(),
            Peer::trivy("AVD-AWS-0012", "aws-cloudfront-enforce-https").same(),
        ],
        good: &[
            r#"
resource "aws_cloudfront_distribution" "site" {
  enabled = true
  default_cache_behavior {
    target_origin_id       = "s3"
    viewer_protocol_policy = "redirect-to-https"
  }
  ordered_cache_behavior {
    path_pattern           = "/api/*"
    target_origin_id       = "api"
    viewer_protocol_policy = "https-only"
  }
}
"#,
        ],
        bad: &[
            r#"
resource "aws_cloudfront_distribution" "site" {
  enabled = true
  default_cache_behavior {
    target_origin_id       = "s3"
    viewer_protocol_policy = "redirect-to-https"
  }
  ordered_cache_behavior {
    path_pattern           = "/images/*"
    target_origin_id       = "s3"
    viewer_protocol_policy = "allow-all" # expect: fail
  }
}
"#,
            r#"
variable "policy" {
  type = string
}
resource "aws_cloudfront_distribution" "site" {
  enabled = true
  default_cache_behavior {
    target_origin_id       = "s3"
    viewer_protocol_policy = var.policy # expect: unknown
  }
}
"#,
        ],
        check,
    }
}

fn check(cx: &RuleContext<'_>, out: &mut Verdicts) {
    let https = |v: &Value| v.as_str().map(|s| !s.eq_ignore_ascii_case("allow-all"));
    for r in cx.resources() {
        let mut problems = 0;
        for b in
            r.body().blocks.iter().filter(|b| {
                b.kind == "default_cache_behavior" || b.kind == "ordered_cache_behavior"
            })
        {
            match setting(&b.body, "viewer_protocol_policy", https) {
                Setting::Holds(_) | Setting::Absent => {}
                Setting::Violated(a) => {
                    problems += 1;
                    out.fail(
                        r,
                        &a.span,
                        format!("`{}` serves viewers over plain HTTP (`allow-all`)", b.kind),
                    );
                }
                Setting::Unknown(a) => {
                    problems += 1;
                    out.unknown(r, &a.span, why_unknown(a));
                }
            }
        }
        if problems == 0 {
            out.pass(r, "every cache behavior requires HTTPS");
        }
    }
}

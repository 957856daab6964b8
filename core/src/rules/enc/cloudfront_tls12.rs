//! ENC024: cloudFront distributions accept TLS 1.2 or later only.

use crate::rules::prelude::*;

declare_control! {
    /// CloudFront distributions accept TLS 1.2 or later only.
    ///
    /// ## Why it matters
    /// The minimum protocol version decides which TLS versions viewers may
    /// negotiate. `TLSv1`, `TLSv1_2016` and `TLSv1.1_2016` allow protocol
    /// versions with known weaknesses that compliance standards (PCI DSS)
    /// forbid. A distribution on the default `*.cloudfront.net` certificate
    /// cannot set a minimum and accepts TLS 1.0, which is shown as a warning:
    /// use a custom certificate to enforce TLS 1.2.
    ///
    /// ## Remediation
    /// ```hcl
    /// resource "aws_cloudfront_distribution" "site" {
    ///   # ...
    ///   viewer_certificate {
    ///     acm_certificate_arn      = aws_acm_certificate.site.arn
    ///     ssl_support_method       = "sni-only"
    ///     minimum_protocol_version = "TLSv1.2_2021"
    ///   }
    /// }
    /// ```
    pub CONTROL {
        id: "ENC024",
        slug: "cloudfront-tls12",
        category: Category::Enc,
        severity: Severity::Medium,
        scope: Scope::Resources(&["aws_cloudfront_distribution"]),
        references: &[
            "Amazon CloudFront Developer Guide: Supported protocols and ciphers between viewers and CloudFront",
            "AWS Foundational Security Best Practices: CloudFront.10",
        ],
        peers: &[
            Peer::checkov("CKV_AWS_174").partial(),
            Peer::trivy("AVD-AWS-0013", "aws-cloudfront-use-secure-tls-policy").partial(),
            Peer::kics("CloudFront Without Minimum Protocol TLS 1.2").partial(),
        ],
        good: &[
            r#"
resource "aws_cloudfront_distribution" "site" {
  enabled = true
  viewer_certificate {
    acm_certificate_arn      = "arn:aws:acm:us-east-1:123456789012:certificate/abcd"
    ssl_support_method       = "sni-only"
    minimum_protocol_version = "TLSv1.2_2021"
  }
}
"#,
        ],
        bad: &[
            r#"
resource "aws_cloudfront_distribution" "site" {
  enabled = true
  viewer_certificate {
    acm_certificate_arn      = "arn:aws:acm:us-east-1:123456789012:certificate/abcd"
    ssl_support_method       = "sni-only"
    minimum_protocol_version = "TLSv1" # expect: fail
  }
}
"#,
            r#"
resource "aws_cloudfront_distribution" "site" {
  enabled = true
  viewer_certificate { # expect: fail
    acm_certificate_arn = "arn:aws:acm:us-east-1:123456789012:certificate/abcd"
    ssl_support_method  = "sni-only"
  }
}
"#,
            r#"
resource "aws_cloudfront_distribution" "site" {
  enabled = true
  viewer_certificate {
    cloudfront_default_certificate = true # expect: warn
  }
}
"#,
        ],
        check,
    }
}

fn check(cx: &RuleContext<'_>, out: &mut Verdicts) {
    let modern = |v: &Value| {
        v.as_str()
            .map(|s| s.starts_with("TLSv1.2") || s.starts_with("TLSv1.3"))
    };
    for r in cx.resources() {
        let Some(cert) = r.body().block("viewer_certificate") else {
            continue;
        };
        if let Setting::Holds(attr) =
            setting(&cert.body, "cloudfront_default_certificate", flag(false))
        {
            if cert.body.attr("acm_certificate_arn").is_none()
                && cert.body.attr("iam_certificate_id").is_none()
            {
                out.warn(r, &attr.span, "the default CloudFront certificate accepts TLS 1.0; a custom certificate can require TLS 1.2");
                continue;
            }
        }
        match setting(&cert.body, "minimum_protocol_version", modern) {
            Setting::Holds(_) => {
                out.pass(r, "viewers must use TLS 1.2 or later");
            }
            Setting::Absent => {
                out.fail(
                    r,
                    &cert.span,
                    "no `minimum_protocol_version`: it defaults to `TLSv1`",
                );
            }
            Setting::Violated(a) => {
                out.fail(
                    r,
                    &a.span,
                    "the minimum protocol version allows TLS older than 1.2",
                );
            }
            Setting::Unknown(a) => {
                out.unknown(r, &a.span, why_unknown(a));
            }
        }
    }
}

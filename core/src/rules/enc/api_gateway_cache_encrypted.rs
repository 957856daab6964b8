//! ENC029: aPI Gateway response caches are encrypted.

use crate::rules::prelude::*;

declare_control! {
    /// API Gateway response caches are encrypted.
    ///
    /// ## Why it matters
    /// When a REST API stage caches responses, the cache holds whatever the
    /// backend returned, including personal data and tokens. Method settings
    /// that enable caching without `cache_data_encrypted = true` store those
    /// responses unencrypted.
    ///
    /// ## Remediation
    /// ```hcl
    /// resource "aws_api_gateway_method_settings" "all" {
    ///   rest_api_id = aws_api_gateway_rest_api.api.id
    ///   stage_name  = aws_api_gateway_stage.prod.stage_name
    ///   method_path = "*/*"
    ///   settings {
    ///     caching_enabled      = true
    ///     cache_data_encrypted = true
    ///   }
    /// }
    /// ```
    pub CONTROL {
        id: "ENC029",
        slug: "api-gateway-cache-encrypted",
        category: Category::Enc,
        severity: Severity::Medium,
        scope: Scope::Resources(&["aws_api_gateway_method_settings"]),
        references: &[
            "Amazon API Gateway Developer Guide: Enable API caching to enhance responsiveness",
            "AWS Foundational Security Best Practices: APIGateway.5",
        ],
        peers: &[
            Peer::checkov("CKV_AWS_308").same(),
            Peer::trivy("AVD-AWS-0002", "aws-api-gateway-enable-cache-encryption").same(),
            Peer::kics("API Gateway Method Settings Cache Not Encrypted").same(),
        ],
        good: &[
            r#"
resource "aws_api_gateway_method_settings" "all" {
  rest_api_id = "abc123"
  stage_name  = "prod"
  method_path = "*/*"
  settings {
    caching_enabled      = true
    cache_data_encrypted = true
  }
}
"#,
            r#"
resource "aws_api_gateway_method_settings" "all" {
  rest_api_id = "abc123"
  stage_name  = "prod"
  method_path = "*/*"
  settings {
    metrics_enabled = true
  }
}
"#,
        ],
        bad: &[
            r#"
resource "aws_api_gateway_method_settings" "all" {
  rest_api_id = "abc123"
  stage_name  = "prod"
  method_path = "*/*"
  settings { # expect: fail
    caching_enabled = true
  }
}
"#,
        ],
        check,
    }
}

fn check(cx: &RuleContext<'_>, out: &mut Verdicts) {
    for r in cx.resources() {
        let Some(settings) = r.body().block("settings") else {
            out.pass(r, "no response cache");
            continue;
        };
        match setting(&settings.body, "caching_enabled", flag(false)) {
            Setting::Absent | Setting::Violated(_) => {
                out.pass(r, "no response cache");
                continue;
            }
            Setting::Unknown(a) => {
                out.unknown(r, &a.span, why_unknown(a));
                continue;
            }
            Setting::Holds(_) => {}
        }
        match setting(&settings.body, "cache_data_encrypted", flag(false)) {
            Setting::Holds(_) => {
                out.pass(r, "the response cache is encrypted");
            }
            Setting::Absent => {
                out.fail(
                    r,
                    &settings.span,
                    "caching is enabled without `cache_data_encrypted = true`",
                );
            }
            Setting::Violated(a) => {
                out.fail(r, &a.span, "the response cache is not encrypted");
            }
            Setting::Unknown(a) => {
                out.unknown(r, &a.span, why_unknown(a));
            }
        }
    }
}

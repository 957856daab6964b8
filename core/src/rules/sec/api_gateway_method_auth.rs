//! SEC027: aPI Gateway REST methods require authorization or an API key.

use crate::rules::prelude::*;

declare_control! {
    /// API Gateway REST methods require authorization or an API key.
    ///
    /// ## Why it matters
    /// A method with `authorization = "NONE"` and no API key can be called by
    /// anyone on the internet who knows the URL, and reaches the backend (a
    /// Lambda function, a service) with no identity attached. Use IAM, a
    /// Cognito user pool or a Lambda authorizer, or at least require an API key
    /// with a usage plan. `OPTIONS` methods answering CORS preflight requests
    /// are exempt.
    ///
    /// ## Remediation
    /// ```hcl
    /// resource "aws_api_gateway_method" "get_items" {
    ///   rest_api_id   = aws_api_gateway_rest_api.api.id
    ///   resource_id   = aws_api_gateway_resource.items.id
    ///   http_method   = "GET"
    ///   authorization = "COGNITO_USER_POOLS"
    ///   authorizer_id = aws_api_gateway_authorizer.users.id
    /// }
    /// ```
    pub CONTROL {
        id: "SEC027",
        slug: "api-gateway-method-auth",
        category: Category::Sec,
        severity: Severity::Medium,
        scope: Scope::Resources(&["aws_api_gateway_method"]),
        references: &[
            "Amazon API Gateway Developer Guide: Controlling and managing access to a REST API in API Gateway",
            "OWASP API Security Top 10: API2 Broken Authentication",
        ],
        peers: &[
            Peer::checkov("CKV_AWS_59").same(),
            Peer::trivy("AVD-AWS-0004", "aws-api-gateway-no-public-access").partial(),
            Peer::kics("API Gateway With Open Access").partial(),
        ],
        good: &[
            r#"
resource "aws_api_gateway_method" "get_items" {
  rest_api_id   = "abc123"
  resource_id   = "def456"
  http_method   = "GET"
  authorization = "AWS_IAM"
}
"#,
            r#"
resource "aws_api_gateway_method" "preflight" {
  rest_api_id   = "abc123"
  resource_id   = "def456"
  http_method   = "OPTIONS"
  authorization = "NONE"
}
"#,
        ],
        bad: &[
            r#"
resource "aws_api_gateway_method" "get_items" {
  rest_api_id   = "abc123"
  resource_id   = "def456"
  http_method   = "GET"
  authorization = "NONE" # expect: fail
}
"#,
        ],
        check,
    }
}

fn check(cx: &RuleContext<'_>, out: &mut Verdicts) {
    for r in cx.resources() {
        let preflight = r
            .body()
            .value("http_method")
            .and_then(Value::as_str)
            .is_some_and(|m| m.eq_ignore_ascii_case("OPTIONS"));
        if preflight {
            out.pass(r, "a CORS preflight method");
            continue;
        }
        let with_auth = |v: &Value| v.as_str().map(|s| !s.eq_ignore_ascii_case("NONE"));
        match setting(r.body(), "authorization", with_auth) {
            Setting::Holds(_) => {
                out.pass(r, "the method requires authorization");
            }
            Setting::Unknown(a) => {
                out.unknown(r, &a.span, why_unknown(a));
            }
            Setting::Absent | Setting::Violated(_) => {
                match setting(r.body(), "api_key_required", flag(false)) {
                    Setting::Holds(_) => {
                        out.pass(r, "the method requires an API key");
                    }
                    Setting::Unknown(a) => {
                        out.unknown(r, &a.span, why_unknown(a));
                    }
                    Setting::Absent | Setting::Violated(_) => {
                        let at = r
                            .body()
                            .attr("authorization")
                            .map_or(&r.block.span, |a| &a.span);
                        out.fail(r, at, "`authorization = \"NONE\"` without an API key: anyone can call the method");
                    }
                }
            }
        }
    }
}

//! SEC028: aPI Gateway HTTP and WebSocket routes name an authorization type.

use crate::rules::prelude::*;

declare_control! {
    /// API Gateway HTTP and WebSocket routes name an authorization type.
    ///
    /// ## Why it matters
    /// A route without `authorization_type` (or with `"NONE"`) lets anyone who
    /// knows the URL call the integration behind it. HTTP APIs support IAM, JWT
    /// (Cognito or any OIDC issuer) and Lambda authorizers.
    ///
    /// ## Remediation
    /// ```hcl
    /// resource "aws_apigatewayv2_route" "items" {
    ///   api_id             = aws_apigatewayv2_api.http.id
    ///   route_key          = "GET /items"
    ///   authorization_type = "JWT"
    ///   authorizer_id      = aws_apigatewayv2_authorizer.users.id
    /// }
    /// ```
    pub CONTROL {
        id: "SEC028",
        slug: "api-gateway-v2-route-auth",
        category: Category::Sec,
        severity: Severity::Medium,
        scope: Scope::Resources(&["aws_apigatewayv2_route"]),
        references: &[
            "Amazon API Gateway Developer Guide: Controlling and managing access to an HTTP API in API Gateway",
        ],
        peers: &[
            Peer::checkov("CKV_AWS_309").same(),
        ],
        good: &[
            r#"
resource "aws_apigatewayv2_route" "items" {
  api_id             = "abc123"
  route_key          = "GET /items"
  authorization_type = "AWS_IAM"
}
"#,
        ],
        bad: &[
            r#"
resource "aws_apigatewayv2_route" "items" { # expect: fail
  api_id    = "abc123"
  route_key = "GET /items"
}
"#,
            r#"
resource "aws_apigatewayv2_route" "items" {
  api_id             = "abc123"
  route_key          = "GET /items"
  authorization_type = "NONE" # expect: fail
}
"#,
        ],
        check,
    }
}

fn check(cx: &RuleContext<'_>, out: &mut Verdicts) {
    for r in cx.resources() {
        require_setting(
            out,
            r,
            &Expect {
                path: &[],
                attribute: "authorization_type",
                absent_holds: false,
                pass: "the route requires authorization",
                fail: "the route has no authorization (`authorization_type` is `NONE` or not set)",
            },
            |v: &Value| v.as_str().map(|s| !s.eq_ignore_ascii_case("NONE")),
        );
    }
}

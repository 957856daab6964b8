//! MON012: aPI Gateway stages write access logs.

use crate::rules::prelude::*;

declare_control! {
    /// API Gateway stages write access logs.
    ///
    /// ## Why it matters
    /// An API stage is the public entry point of a service. Without
    /// `access_log_settings` there is no record of who called which route, from
    /// where and with what result, so abuse, credential stuffing and failed
    /// authorizations go unnoticed and incidents cannot be reconstructed.
    ///
    /// ## Remediation
    /// ```hcl
    /// resource "aws_api_gateway_stage" "prod" {
    ///   # ...
    ///   access_log_settings {
    ///     destination_arn = aws_cloudwatch_log_group.api.arn
    ///     format          = jsonencode({ requestId = "$context.requestId", status = "$context.status" })
    ///   }
    /// }
    /// ```
    pub CONTROL {
        id: "MON012",
        slug: "api-gateway-access-logs",
        category: Category::Mon,
        severity: Severity::Medium,
        scope: Scope::Resources(&["aws_api_gateway_stage", "aws_apigatewayv2_stage"]),
        references: &[
            "Amazon API Gateway Developer Guide: Set up CloudWatch logging for REST APIs in API Gateway",
            "AWS Foundational Security Best Practices: APIGateway.1",
        ],
        peers: &[
            Peer::checkov("CKV_AWS_76").same(),
            Peer::checkov("CKV_AWS_95").same(),
            Peer::trivy("AVD-AWS-0001", "aws-api-gateway-enable-access-logging").same(),
            Peer::kics("API Gateway With CloudWatch Logging Disabled").partial(),
        ],
        good: &[
            r#"
resource "aws_api_gateway_stage" "prod" {
  stage_name    = "prod"
  rest_api_id   = "abc123"
  deployment_id = "dep456"
  access_log_settings {
    destination_arn = "arn:aws:logs:us-east-1:123456789012:log-group:api"
    format          = "$context.requestId $context.status"
  }
}
"#,
        ],
        bad: &[
            r#"
resource "aws_api_gateway_stage" "prod" { # expect: fail
  stage_name    = "prod"
  rest_api_id   = "abc123"
  deployment_id = "dep456"
}
"#,
            r#"
resource "aws_apigatewayv2_stage" "default" { # expect: fail
  api_id      = "abc123"
  name        = "$default"
  auto_deploy = true
}
"#,
        ],
        check,
    }
}

fn check(cx: &RuleContext<'_>, out: &mut Verdicts) {
    for r in cx.resources() {
        match r.body().block("access_log_settings") {
            Some(block) => match written(&block.body, "destination_arn") {
                (Judgement::Holds, _) => {
                    out.pass(r, "access logs are written");
                }
                (Judgement::Unknown, Some(a)) => {
                    out.unknown(r, &a.span, why_unknown(a));
                }
                _ => {
                    out.fail(
                        r,
                        &block.span,
                        "`access_log_settings` has no `destination_arn`",
                    );
                }
            },
            None => {
                out.missing(
                    r,
                    "no `access_log_settings`: calls to the API are not logged",
                );
            }
        }
    }
}

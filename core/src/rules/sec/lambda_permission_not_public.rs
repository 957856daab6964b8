//! SEC022: lambda permissions do not grant invocation to any principal (`*`).

use crate::rules::prelude::*;

declare_control! {
    /// Lambda permissions do not grant invocation to any principal (`*`).
    ///
    /// ## Why it matters
    /// An `aws_lambda_permission` with `principal = "*"` adds a statement to
    /// the function's resource policy that lets any AWS account (or anyone, for
    /// function URLs) invoke it; a source ARN narrows the trigger but not who
    /// may call the function through the API. Name the service or account that
    /// invokes the function instead.
    ///
    /// ## Remediation
    /// ```hcl
    /// resource "aws_lambda_permission" "events" {
    ///   statement_id  = "AllowEventBridge"
    ///   action        = "lambda:InvokeFunction"
    ///   function_name = aws_lambda_function.worker.function_name
    ///   principal     = "events.amazonaws.com"
    ///   source_arn    = aws_cloudwatch_event_rule.schedule.arn
    /// }
    /// ```
    pub CONTROL {
        id: "SEC022",
        slug: "lambda-permission-not-public",
        category: Category::Sec,
        severity: Severity::High,
        scope: Scope::Resources(&["aws_lambda_permission"]),
        references: &[
            "AWS Lambda Developer Guide: Viewing resource-based IAM policies in Lambda",
            "AWS Foundational Security Best Practices: Lambda.1",
        ],
        peers: &[
            Peer::checkov("CKV_AWS_301").same(),
            Peer::kics("Lambda Permission Principal Is Wildcard").same(),
        ],
        good: &[
            r#"
resource "aws_lambda_permission" "events" {
  statement_id  = "AllowEventBridge"
  action        = "lambda:InvokeFunction"
  function_name = "worker"
  principal     = "events.amazonaws.com"
}
"#,
        ],
        bad: &[
            r#"
resource "aws_lambda_permission" "anyone" {
  statement_id  = "AllowAll"
  action        = "lambda:InvokeFunction"
  function_name = "worker"
  principal     = "*" # expect: fail
}
"#,
        ],
        check,
    }
}

fn check(cx: &RuleContext<'_>, out: &mut Verdicts) {
    for r in cx.resources() {
        let named = |v: &Value| v.as_str().map(|s| !s.contains('*'));
        match setting(r.body(), "principal", named) {
            Setting::Holds(_) | Setting::Absent => {
                out.pass(r, "invocation is granted to a named principal");
            }
            Setting::Violated(a) => {
                out.fail(
                    r,
                    &a.span,
                    "`principal = \"*\"` lets any principal invoke the function",
                );
            }
            Setting::Unknown(a) => {
                out.unknown(r, &a.span, why_unknown(a));
            }
        }
    }
}

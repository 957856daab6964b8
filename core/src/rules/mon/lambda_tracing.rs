//! MON018: lambda functions send traces to X-Ray.

use crate::rules::prelude::*;

declare_control! {
    /// Lambda functions send traces to X-Ray.
    ///
    /// ## Why it matters
    /// Without active tracing a slow or failing invocation shows up only     as
    /// a duration and an error count; which downstream call (a database, a
    /// queue, another API) caused it cannot be seen. `tracing_config { mode =
    /// "Active" }` records a trace for sampled invocations at little cost.
    ///
    /// ## Remediation
    /// ```hcl
    /// resource "aws_lambda_function" "worker" {
    ///   # ...
    ///   tracing_config {
    ///     mode = "Active"
    ///   }
    /// }
    /// ```
    pub CONTROL {
        id: "MON018",
        slug: "lambda-tracing",
        category: Category::Mon,
        severity: Severity::Low,
        scope: Scope::Resources(&["aws_lambda_function"]),
        references: &[
            "AWS Lambda Developer Guide: Visualize Lambda function invocations using AWS X-Ray",
        ],
        peers: &[
            Peer::checkov("CKV_AWS_50").same(),
            Peer::trivy("AVD-AWS-0066", "aws-lambda-enable-tracing").same(),
            Peer::kics("Lambda Functions Without X-Ray Tracing").same(),
        ],
        good: &[
            r#"
resource "aws_lambda_function" "worker" {
  function_name = "worker"
  role          = "arn:aws:iam::123456789012:role/worker"
  runtime       = "python3.12"
  handler       = "app.handler"
  tracing_config {
    mode = "Active"
  }
}
"#,
        ],
        bad: &[
            r#"
resource "aws_lambda_function" "worker" { # expect: fail
  function_name = "worker"
  role          = "arn:aws:iam::123456789012:role/worker"
  runtime       = "python3.12"
  handler       = "app.handler"
}
"#,
            r#"
resource "aws_lambda_function" "worker" {
  function_name = "worker"
  role          = "arn:aws:iam::123456789012:role/worker"
  runtime       = "python3.12"
  handler       = "app.handler"
  tracing_config {
    mode = "PassThrough" # expect: fail
  }
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
                path: &["tracing_config"],
                attribute: "mode",
                absent_holds: false,
                pass: "active X-Ray tracing",
                fail: "X-Ray tracing is not active (`tracing_config { mode = \"Active\" }`)",
            },
            one_of(&["Active"]),
        );
    }
}

//! SEC031: lambda function URLs require IAM authentication.

use crate::rules::prelude::*;

declare_control! {
    /// Lambda function URLs require IAM authentication.
    ///
    /// ## Why it matters
    /// A function URL with `authorization_type = "NONE"` is a public HTTPS
    /// endpoint: anyone can invoke the function, run up its cost and reach
    /// whatever its role can reach. Use `AWS_IAM`, or put the function behind
    /// API Gateway with an authorizer.
    ///
    /// ## Remediation
    /// ```hcl
    /// resource "aws_lambda_function_url" "api" {
    ///   function_name      = aws_lambda_function.api.function_name
    ///   authorization_type = "AWS_IAM"
    /// }
    /// ```
    pub CONTROL {
        id: "SEC031",
        slug: "lambda-url-auth",
        category: Category::Sec,
        severity: Severity::High,
        scope: Scope::Resources(&["aws_lambda_function_url"]),
        references: &[
            "AWS Lambda Developer Guide: Control access to Lambda function URLs",
        ],
        peers: &[
            Peer::checkov("CKV_AWS_258").same(),
        ],
        good: &[
            r#"
resource "aws_lambda_function_url" "api" {
  function_name      = "api"
  authorization_type = "AWS_IAM"
}
"#,
        ],
        bad: &[
            r#"
resource "aws_lambda_function_url" "api" {
  function_name      = "api"
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
                pass: "invocations are authenticated with IAM",
                fail: "the function URL is public (`authorization_type = \"NONE\"`)",
            },
            one_of(&["AWS_IAM"]),
        );
    }
}

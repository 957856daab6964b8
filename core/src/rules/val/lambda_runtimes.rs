//! VAL029: Lambda runtimes exist and can still be deployed.

use crate::rules::prelude::*;
use crate::validate::aws_values::{lambda_runtime, Placeholders, RuntimeStatus};

declare_control! {
    /// Lambda functions use a runtime Lambda knows and still accepts.
    ///
    /// ## Why it matters
    /// `CreateFunction` rejects a runtime identifier that does not exist
    /// (`python3`, `nodejs20`, `node18.x`) and, once a runtime's deprecation
    /// is complete, any new function on it (`python2.7`, `python3.6`,
    /// `nodejs10.x`): the apply fails. Identifiers come from the AWS SDK's
    /// service model (botocore), long-completed deprecations from the Lambda
    /// Developer Guide, as recorded in `data/aws-values.json`; recent
    /// deprecations, whose blocking dates AWS keeps moving, are not judged.
    ///
    /// ## Remediation
    /// Use a supported runtime:
    ///
    /// ```hcl
    /// resource "aws_lambda_function" "api" {
    ///   function_name = "api"
    ///   role          = aws_iam_role.api.arn
    ///   handler       = "app.handler"
    ///   runtime       = "python3.12"
    ///   filename      = "api.zip"
    /// }
    /// ```
    pub CONTROL {
        id: "VAL029",
        slug: "lambda-runtimes",
        category: Category::Val,
        severity: Severity::High,
        scope: Scope::Resources(&["aws_lambda_function"]),
        references: &[
            "AWS Lambda API Reference: CreateFunction (Runtime valid values)",
            "AWS Lambda Developer Guide: Lambda runtimes, runtime deprecation policy",
        ],
        peers: &[],
        good: &[
            r#"
resource "aws_lambda_function" "api" {
  function_name = "api"
  role          = "arn:aws:iam::123456789012:role/api"
  handler       = "app.handler"
  runtime       = "python3.12"
  filename      = "api.zip"
}
"#,
        ],
        bad: &[
            r#"
resource "aws_lambda_function" "api" {
  function_name = "api"
  role          = "arn:aws:iam::123456789012:role/api"
  handler       = "app.handler"
  runtime       = "python3" # expect: fail
  filename      = "api.zip"
}

resource "aws_lambda_function" "old" {
  function_name = "old"
  role          = "arn:aws:iam::123456789012:role/old"
  handler       = "index.handler"
  runtime       = "python3.6" # expect: fail
  filename      = "old.zip"
}
"#,
        ],
        check,
    }
}

fn check(cx: &RuleContext<'_>, out: &mut Verdicts) {
    let placeholders = Placeholders::of(cx.model);
    for function in cx.resources() {
        let Some(attr) = function.body().attr("runtime") else {
            continue;
        };
        let Some(runtime) = attr.value.as_str().filter(|r| !r.is_empty()) else {
            continue;
        };
        if placeholders.involved(function.module, attr) {
            continue;
        }
        match lambda_runtime(runtime) {
            RuntimeStatus::Supported => {
                out.pass(function, format!("`{runtime}` is a supported runtime"));
            }
            RuntimeStatus::CreateBlocked => {
                out.fail(
                    function,
                    &attr.span,
                    format!("`{runtime}` is deprecated: Lambda no longer creates functions on it"),
                );
            }
            RuntimeStatus::Unknown => {
                out.fail(
                    function,
                    &attr.span,
                    format!("`{runtime}` is not a Lambda runtime identifier"),
                );
            }
        }
    }
}

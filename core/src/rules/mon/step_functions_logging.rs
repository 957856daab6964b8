//! MON018: step Functions state machines log their executions.

use crate::rules::prelude::*;

declare_control! {
    /// Step Functions state machines log their executions.
    ///
    /// ## Why it matters
    /// Without `logging_configuration` (level `ERROR` or `ALL`, with a log
    /// destination) a failed execution leaves only its status in the console
    /// for a limited time: the failing state, its input and the error cannot be
    /// searched, alarmed on or kept. Express workflows keep no execution
    /// history at all without it.
    ///
    /// ## Remediation
    /// ```hcl
    /// resource "aws_sfn_state_machine" "orders" {
    ///   # ...
    ///   logging_configuration {
    ///     log_destination        = "${aws_cloudwatch_log_group.sfn.arn}:*"
    ///     include_execution_data = true
    ///     level                  = "ERROR"
    ///   }
    /// }
    /// ```
    pub CONTROL {
        id: "MON018",
        slug: "step-functions-logging",
        category: Category::Mon,
        severity: Severity::Medium,
        scope: Scope::Resources(&["aws_sfn_state_machine"]),
        references: &[
            "AWS Step Functions Developer Guide: Logging using CloudWatch Logs in Step Functions",
            "AWS Foundational Security Best Practices: StepFunctions.1",
        ],
        peers: &[
            Peer::checkov("CKV_AWS_285").partial(),
        ],
        good: &[
            r#"
resource "aws_sfn_state_machine" "orders" {
  name       = "orders"
  role_arn   = "arn:aws:iam::123456789012:role/sfn"
  definition = "{}"
  logging_configuration {
    log_destination = "arn:aws:logs:us-east-1:123456789012:log-group:sfn:*"
    level           = "ALL"
  }
}
"#,
        ],
        bad: &[
            r#"
resource "aws_sfn_state_machine" "orders" { # expect: fail
  name       = "orders"
  role_arn   = "arn:aws:iam::123456789012:role/sfn"
  definition = "{}"
}
"#,
            r#"
resource "aws_sfn_state_machine" "orders" {
  name       = "orders"
  role_arn   = "arn:aws:iam::123456789012:role/sfn"
  definition = "{}"
  logging_configuration {
    level = "OFF" # expect: fail
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
                path: &["logging_configuration"],
                attribute: "level",
                absent_holds: false,
                pass: "executions are logged",
                fail:
                    "executions are not logged (`logging_configuration` level is `OFF` or not set)",
            },
            one_of(&["ALL", "ERROR", "FATAL"]),
        );
    }
}

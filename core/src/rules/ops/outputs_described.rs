//! OPS012: outputs say what they are.

use crate::rules::prelude::*;

declare_control! {
    /// Every output has a description.
    ///
    /// ## Why it matters
    /// Outputs are the interface of a stack or a module: other stacks read
    /// them through remote state, pipelines pass them on, and people copy
    /// them into runbooks. A `description` says what the value is and how
    /// to use it (an ARN or an ID, which endpoint, which format); registry
    /// and documentation generators such as terraform-docs show it.
    /// Without it every consumer has to read the code. Judged in every
    /// profile: descriptions matter most for reusable modules.
    ///
    /// ## Remediation
    /// Describe each output:
    ///
    /// ```hcl
    /// output "db_endpoint" {
    ///   description = "Hostname and port of the primary database, for the application's DATABASE_URL."
    ///   value       = aws_db_instance.main.endpoint
    /// }
    /// ```
    pub CONTROL {
        id: "OPS012",
        slug: "outputs-described",
        category: Category::Ops,
        severity: Severity::Low,
        scope: Scope::Everything,
        references: &[
            "Terraform Language: Output values (description)",
            "Terraform Language: Standard module structure (variables and outputs should have descriptions)",
        ],
        peers: &[],
        good: &[
            r#"
resource "aws_sqs_queue" "jobs" {
  name = "jobs"
}

output "queue_url" {
  description = "URL of the jobs queue."
  value       = aws_sqs_queue.jobs.url
}
"#,
        ],
        bad: &[
            r#"
resource "aws_sqs_queue" "jobs" {
  name = "jobs"
}

output "queue_url" { # expect: fail
  value = aws_sqs_queue.jobs.url
}

output "queue_arn" {
  description = "" # expect: fail
  value       = aws_sqs_queue.jobs.arn
}
"#,
        ],
        check,
    }
}

fn check(cx: &RuleContext<'_>, out: &mut Verdicts) {
    for output in cx.model.modules.iter().flat_map(|m| m.outputs.iter()) {
        let address = format!("output.{}", output.name);
        match setting(&output.body, "description", non_empty_string) {
            Setting::Holds(_) => {
                out.named(
                    Outcome::Pass,
                    &address,
                    &output.span,
                    &output.span,
                    "has a description",
                );
            }
            Setting::Absent => {
                out.named(
                    Outcome::Fail,
                    &address,
                    &output.span,
                    &output.span,
                    format!("output `{}` has no description", output.name),
                );
            }
            Setting::Violated(attr) => {
                out.named(
                    Outcome::Fail,
                    &address,
                    &output.span,
                    &attr.span,
                    format!("output `{}` has an empty description", output.name),
                );
            }
            Setting::Unknown(attr) => {
                out.named(
                    Outcome::Unknown,
                    &address,
                    &output.span,
                    &attr.span,
                    format!("could not be determined: {}", why_unknown(attr)),
                );
            }
        }
    }
}

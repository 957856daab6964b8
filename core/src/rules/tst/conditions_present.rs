//! TST004: the configuration checks its own assumptions.

use crate::rules::prelude::*;

declare_control! {
    /// The configuration uses `precondition`/`postcondition` or `check` blocks.
    ///
    /// ## Why it matters
    /// Custom conditions turn assumptions into checks Terraform runs on
    /// every plan: a `precondition` stops an apply when an AMI is not the
    /// expected architecture or a subnet is not private, a `postcondition`
    /// fails when a created resource does not have the property the rest of
    /// the stack relies on, and a `check` block (Terraform 1.5+) keeps
    /// asserting a running system's health after apply. Failures then name
    /// the broken assumption instead of surfacing later as an outage.
    /// Variable `validation` blocks are judged by TST003 and do not count
    /// here.
    ///
    /// ## Remediation
    /// ```hcl
    /// resource "aws_db_instance" "main" {
    ///   # ...
    ///   lifecycle {
    ///     precondition {
    ///       condition     = var.environment != "prod" || var.multi_az
    ///       error_message = "Production databases must be multi-AZ."
    ///     }
    ///   }
    /// }
    /// ```
    pub CONTROL {
        id: "TST004",
        slug: "conditions-present",
        category: Category::Tst,
        severity: Severity::Low,
        scope: Scope::Presence,
        references: &[
            "Terraform documentation: Custom conditions (preconditions and postconditions)",
            "Terraform documentation: Checks (check blocks)",
        ],
        peers: &[],
        good: &[
            r#"
resource "aws_s3_bucket" "data" {
  bucket = "example-data"

  lifecycle {
    postcondition {
      condition     = self.bucket_regional_domain_name != ""
      error_message = "The bucket has no regional domain name."
    }
  }
}
"#,
            r#"
check "site_health" {
  data "http" "site" {
    url = "https://example.com"
  }

  assert {
    condition     = data.http.site.status_code == 200
    error_message = "The site does not answer 200."
  }
}
"#,
            r#"
output "bucket" {
  value = "example"

  precondition {
    condition     = length("example") > 3
    error_message = "Name too short."
  }
}
"#,
        ],
        bad: &[
            r#"
# expect-stack: fail
variable "environment" {
  type = string

  validation {
    condition     = contains(["dev", "prod"], var.environment)
    error_message = "Unknown environment."
  }
}

resource "aws_s3_bucket" "data" {
  bucket = "example-data"
}
"#,
        ],
        check,
    }
}

/// Whether a body has `lifecycle { precondition | postcondition }`.
fn has_condition(body: &Body) -> bool {
    body.blocks("lifecycle")
        .any(|l| l.body.block("precondition").is_some() || l.body.block("postcondition").is_some())
}

fn check(cx: &RuleContext<'_>, out: &mut Verdicts) {
    let model = cx.model;
    if model.modules.iter().all(|m| m.files.is_empty()) {
        return;
    }
    let mut conditions = 0usize;
    let mut first: Option<Span> = None;
    for r in model.resources.iter().filter(|r| exists(r)) {
        if has_condition(r.body()) {
            conditions += 1;
            first.get_or_insert_with(|| r.block.span.clone());
        }
    }
    let mut checks = 0usize;
    for module in &model.modules {
        for output in &module.outputs {
            if output.body.block("precondition").is_some() {
                conditions += 1;
                first.get_or_insert_with(|| output.span.clone());
            }
        }
        for span in &module.checks {
            checks += 1;
            first.get_or_insert_with(|| span.clone());
        }
    }
    match first {
        Some(span) => {
            out.stack(
                Outcome::Pass,
                format!(
                    "{conditions} block(s) with pre/postconditions and {checks} `check` block(s)"
                ),
            )
            .secondary(&span);
        }
        None => {
            out.stack(
                Outcome::Fail,
                "no `precondition`, `postcondition` or `check` block",
            );
        }
    }
}

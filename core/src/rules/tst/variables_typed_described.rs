//! TST002: every input variable says what it takes.

use crate::rules::prelude::*;

declare_control! {
    /// Every variable declares a `type` and a `description`.
    ///
    /// ## Why it matters
    /// A variable without a `type` accepts anything: a string where a list
    /// was meant passes `plan` and fails late, or worse, is converted
    /// silently. A variable without a `description` leaves the caller to
    /// read the code to learn what it controls, its unit and its allowed
    /// values; generated module documentation (`terraform-docs`) and the
    /// registry show nothing. Both cost one line and make the module's
    /// interface checkable and self-explaining.
    ///
    /// ## Remediation
    /// ```hcl
    /// variable "backup_retention_days" {
    ///   type        = number
    ///   description = "Days to keep automated RDS backups (7-35)."
    ///   default     = 7
    /// }
    /// ```
    pub CONTROL {
        id: "TST002",
        slug: "variables-typed-described",
        category: Category::Tst,
        severity: Severity::Low,
        scope: Scope::Everything,
        references: &[
            "Terraform documentation: Input Variables (type constraints, description)",
            "Terraform documentation: Standard Module Structure (variables and outputs should have descriptions)",
        ],
        peers: &[],
        good: &[
            r#"
variable "environment" {
  type        = string
  description = "Deployment environment name."
  default     = "dev"
}
"#,
        ],
        bad: &[
            r#"
variable "environment" { # expect: fail
  default = "dev"
}

variable "instance_count" { # expect: fail
  type = number
}

variable "tags" { # expect: fail
  type        = map(string)
  description = "   "
}
"#,
        ],
        check,
    }
}

fn check(cx: &RuleContext<'_>, out: &mut Verdicts) {
    for module in &cx.model.modules {
        for variable in &module.variables {
            let address = format!("var.{}", variable.name);
            let typed = variable.type_expr.is_some();
            let described = variable
                .description
                .as_ref()
                .map(|d| d.judge(&non_empty_string));
            let missing: Vec<&str> = [
                (!typed).then_some("`type`"),
                match described {
                    None | Some(Judgement::Violated) => Some("`description`"),
                    _ => None,
                },
            ]
            .into_iter()
            .flatten()
            .collect();
            if !missing.is_empty() {
                out.named(
                    Outcome::Fail,
                    address,
                    &variable.span,
                    &variable.span,
                    format!(
                        "`var.{}` has no {}",
                        variable.name,
                        missing.join(" and no ")
                    ),
                );
            } else {
                out.named(
                    Outcome::Pass,
                    address,
                    &variable.span,
                    &variable.span,
                    format!("`var.{}` has a type and a description", variable.name),
                );
            }
        }
    }
}

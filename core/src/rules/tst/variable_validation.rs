//! TST003: inputs with constrained values validate them.

use crate::model::Variable;
use crate::rules::prelude::*;

declare_control! {
    /// Variables whose values are constrained (CIDRs, environment names, numbers) have `validation` blocks.
    ///
    /// ## Why it matters
    /// Some inputs only make sense within limits: a VPC range must be a
    /// valid CIDR, an environment one of a few names, a count or a
    /// retention period within a range. Without a `validation` block a
    /// wrong value passes `plan` and fails half-way through `apply` (or
    /// deploys something nobody meant, such as a `/8` network or a
    /// one-day backup window), and the error message comes from the AWS
    /// API instead of saying what is allowed.
    ///
    /// A variable counts as constrained when (a) its name contains `cidr`
    /// or its default is a CIDR or a list of CIDRs; (b) its name is
    /// `environment`, `env` or `stage` (alone or as a word of the name,
    /// e.g. `deploy_env`) and it is a string; or (c) it is a number
    /// (`type = number`, or a numeric default without a type). Other
    /// variables are not judged.
    ///
    /// ## Remediation
    /// ```hcl
    /// variable "vpc_cidr" {
    ///   type        = string
    ///   description = "CIDR range of the VPC."
    ///   default     = "10.0.0.0/16"
    ///
    ///   validation {
    ///     condition     = can(cidrhost(var.vpc_cidr, 0))
    ///     error_message = "vpc_cidr must be a valid IPv4 CIDR block."
    ///   }
    /// }
    /// ```
    pub CONTROL {
        id: "TST003",
        slug: "variable-validation",
        category: Category::Tst,
        severity: Severity::Low,
        scope: Scope::Everything,
        references: &[
            "Terraform documentation: Input Variables (custom validation rules)",
            "Terraform documentation: Custom conditions (input variable validation)",
        ],
        peers: &[],
        good: &[
            r#"
variable "environment" {
  type        = string
  description = "Deployment environment."

  validation {
    condition     = contains(["dev", "staging", "prod"], var.environment)
    error_message = "environment must be dev, staging or prod."
  }
}

variable "name" {
  type        = string
  description = "Not constrained: not judged."
}
"#,
        ],
        bad: &[
            r#"
variable "vpc_cidr" { # expect: fail
  type    = string
  default = "10.0.0.0/16"
}

variable "allowed_ranges" { # expect: fail
  type    = list(string)
  default = ["192.168.0.0/24"]
}

variable "instance_count" { # expect: fail
  type    = number
  default = 2
}

variable "deploy_env" { # expect: fail
  type = string
}
"#,
        ],
        check,
    }
}

/// Whether a string is an IPv4 or IPv6 CIDR (`10.0.0.0/16`, `::/0`).
fn is_cidr(text: &str) -> bool {
    let Some((address, prefix)) = text.trim().split_once('/') else {
        return false;
    };
    let Ok(bits) = prefix.parse::<u8>() else {
        return false;
    };
    if address.contains(':') {
        return bits <= 128
            && address.chars().all(|c| c.is_ascii_hexdigit() || c == ':')
            && address.matches(':').count() >= 2;
    }
    let octets: Vec<&str> = address.split('.').collect();
    bits <= 32 && octets.len() == 4 && octets.iter().all(|o| o.parse::<u8>().is_ok())
}

/// What constrains a variable's values, if anything.
fn constraint(variable: &Variable) -> Option<&'static str> {
    let name = variable.name.to_ascii_lowercase();
    let words: Vec<&str> = name.split(['_', '-']).collect();
    let type_expr = variable
        .type_expr
        .as_deref()
        .map(|t| t.split_whitespace().collect::<String>());
    let default = variable.default.as_ref().map(|d| &d.value);
    let default_is_cidr = default.is_some_and(|v| match v {
        Value::String(s) => is_cidr(s),
        Value::List(items) => {
            !items.is_empty() && items.iter().all(|i| i.as_str().is_some_and(is_cidr))
        }
        _ => false,
    });
    if name.contains("cidr") || default_is_cidr {
        return Some("holds a CIDR range");
    }
    let stringy = matches!(type_expr.as_deref(), None | Some("string"));
    if stringy
        && words
            .iter()
            .any(|w| matches!(*w, "environment" | "env" | "stage"))
        && !default.is_some_and(|v| matches!(v, Value::Object(_) | Value::List(_)))
    {
        return Some("names an environment");
    }
    let numeric_default = default.is_some_and(|v| matches!(v, Value::Number(_)));
    if type_expr.as_deref() == Some("number") || (type_expr.is_none() && numeric_default) {
        return Some("is a number");
    }
    None
}

fn check(cx: &RuleContext<'_>, out: &mut Verdicts) {
    for module in &cx.model.modules {
        for variable in &module.variables {
            let Some(what) = constraint(variable) else {
                continue;
            };
            let address = format!("var.{}", variable.name);
            if variable.validations > 0 {
                out.named(
                    Outcome::Pass,
                    address,
                    &variable.span,
                    &variable.span,
                    format!("`var.{}` {what} and is validated", variable.name),
                );
            } else {
                out.named(
                    Outcome::Fail,
                    address,
                    &variable.span,
                    &variable.span,
                    format!(
                        "`var.{}` {what} but has no `validation` block",
                        variable.name
                    ),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::is_cidr;

    #[test]
    fn cidrs_are_recognised() {
        assert!(is_cidr("10.0.0.0/16"));
        assert!(is_cidr("::/0"));
        assert!(is_cidr("2001:db8::/32"));
        assert!(!is_cidr("10.0.0.0"));
        assert!(!is_cidr("10.0.0/16"));
        assert!(!is_cidr("a/b"));
    }
}

//! VAL005: constants have a type Terraform can convert to the argument's.

use super::judge_bodies;
use crate::rules::prelude::*;
use crate::validate::ProblemKind;

declare_control! {
    /// Constant values have a type Terraform can convert to the argument's type.
    ///
    /// ## Why it matters
    /// Terraform converts constants where it can (`"5"` for a number,
    /// `"true"` for a bool, `5` for a string) and rejects the rest
    /// (`Inappropriate value for attribute "subnet_ids": set of string
    /// required`): a list where a string is required, a single string where
    /// a list is required, an object where a list of strings is required,
    /// `"yes"` for a bool. Only constants are judged: an expression that
    /// refers to variables, resources or locals is left to plan.
    ///
    /// ## Remediation
    /// Give the value the argument's type:
    ///
    /// ```hcl
    /// resource "aws_lb" "web" {
    ///   name            = "web"
    ///   subnets         = ["subnet-0123456789abcdef0", "subnet-0fedcba9876543210"]
    ///   idle_timeout    = "60"
    ///   internal        = false
    /// }
    /// ```
    pub CONTROL {
        id: "VAL005",
        slug: "argument-types",
        category: Category::Val,
        severity: Severity::Critical,
        scope: Scope::Everything,
        references: &[
            "Terraform: Type Constraints (conversion of primitive types)",
            "Terraform: terraform validate",
        ],
        peers: &[],
        good: &[
            r#"
resource "aws_lb" "web" {
  name         = "web"
  subnets      = ["subnet-0123456789abcdef0", "subnet-0fedcba9876543210"]
  idle_timeout = "60"
  internal     = "false"
  tags = {
    Tier = 1
  }
}
"#,
        ],
        bad: &[
            r#"
resource "aws_lb" "web" {
  name         = ["web"] # expect: fail
  subnets      = "subnet-0123456789abcdef0" # expect: fail
  idle_timeout = "sixty" # expect: fail
  internal     = "no" # expect: fail
}
"#,
            r#"
variable "subnets" {
  type = list(string)
}

resource "aws_lb" "web" {
  name               = "web"
  subnets            = var.subnets
  security_groups    = { web = "sg-0123456789abcdef0" } # expect: fail
}
"#,
        ],
        check,
    }
}

fn check(cx: &RuleContext<'_>, out: &mut Verdicts) {
    judge_bodies(
        cx,
        out,
        ProblemKind::WrongType,
        "constant values fit their arguments' types",
    );
}

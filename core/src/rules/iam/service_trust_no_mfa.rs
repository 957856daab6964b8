//! IAM010: trust policies for AWS services do not require MFA.

use crate::rules::prelude::*;

declare_control! {
    /// Trust policies for AWS services do not require MFA.
    ///
    /// ## Why it matters
    /// Services (`lambda.amazonaws.com`, `ec2.amazonaws.com`, …) assume roles
    /// without a person behind them and never carry an MFA context, so a trust
    /// statement for a service principal conditioned on
    /// `aws:MultiFactorAuthPresent` or `aws:MultiFactorAuthAge` can never
    /// match: the service cannot assume the role and whatever depends on it
    /// fails at run time. MFA conditions belong on trust statements for people
    /// (account or user principals), not services.
    ///
    /// ## Remediation
    /// Trust the service without an MFA condition (narrow it with
    /// `aws:SourceAccount` or `aws:SourceArn` instead):
    ///
    /// ```hcl
    /// data "aws_iam_policy_document" "lambda_trust" {
    ///   statement {
    ///     actions = ["sts:AssumeRole"]
    ///     principals {
    ///       type        = "Service"
    ///       identifiers = ["lambda.amazonaws.com"]
    ///     }
    ///   }
    /// }
    /// ```
    pub CONTROL {
        id: "IAM010",
        slug: "service-trust-no-mfa",
        category: Category::Iam,
        severity: Severity::Medium,
        scope: Scope::Resources(&["aws_iam_role"]),
        references: &[
            "AWS IAM User Guide: AWS global condition context keys (aws:MultiFactorAuthPresent)",
            "AWS IAM User Guide: Configuring MFA-protected API access",
        ],
        peers: &[
        ],
        good: &[
            r#"
resource "aws_iam_role" "worker" {
  name = "worker"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Service = "lambda.amazonaws.com" }
    }]
  })
}
"#,
            r#"
resource "aws_iam_role" "admin" {
  name = "admin"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { AWS = "arn:aws:iam::123456789012:root" }
      Condition = { Bool = { "aws:MultiFactorAuthPresent" = "true" } }
    }]
  })
}
"#,
        ],
        bad: &[
            r#"
data "aws_iam_policy_document" "trust" {
  statement { # expect: fail
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["ec2.amazonaws.com"]
    }
    condition {
      test     = "Bool"
      variable = "aws:MultiFactorAuthPresent"
      values   = ["true"]
    }
  }
}

resource "aws_iam_role" "app" {
  name               = "app"
  assume_role_policy = data.aws_iam_policy_document.trust.json
}
"#,
        ],
        check,
    }
}

use super::{held_policy, is_allow};

/// Whether a `Principal` names a service.
fn names_service(principals: &Value) -> bool {
    matches!(principals, Value::Object(map) if map.keys().any(|k| k.eq_ignore_ascii_case("Service")))
}

/// Whether a condition block tests an MFA key, with any operator.
fn tests_mfa(conditions: &Value) -> bool {
    ["aws:MultiFactorAuthPresent", "aws:MultiFactorAuthAge"]
        .iter()
        .any(|key| condition_values(conditions, &|_| true, key).is_some_and(|v| !v.is_empty()))
}

fn check(cx: &RuleContext<'_>, out: &mut Verdicts) {
    for role in cx.resources() {
        let Some(attr) = role.body().attr("assume_role_policy") else {
            continue;
        };
        let policy = held_policy(cx.model, role, attr);
        let Some(statements) = policy.statements() else {
            continue;
        };
        let mut failed = false;
        for s in statements {
            if is_allow(s, policy.literal) == Some(true)
                && names_service(&s.principals)
                && tests_mfa(&s.conditions)
            {
                failed = true;
                out.fail(
                    role,
                    &s.span,
                    "the trust statement for a service requires MFA, which services never have: the service can never assume the role",
                );
            }
        }
        if !failed {
            out.pass(role, "no MFA condition on a service's trust");
        }
    }
}

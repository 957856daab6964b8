//! IAM003: a policy denies what is done without MFA.

use crate::model::PolicyStatement;
use crate::rules::prelude::*;

declare_control! {
    /// A policy denies actions when the caller has not signed in with MFA.
    ///
    /// ## Why it matters
    /// A console password or an access key alone is one phishing e-mail or
    /// one leaked laptop away from an attacker. Requiring multi-factor
    /// authentication for everything but setting up MFA itself means a
    /// stolen password is not enough to act in the account. AWS's
    /// documented pattern is a `Deny` statement conditioned on
    /// `aws:MultiFactorAuthPresent` being false (`BoolIfExists`), attached
    /// to the groups people belong to; CIS AWS Foundations requires MFA
    /// for every console user. An `Allow` that merely requires MFA for
    /// some actions (for example for assuming a role) is a warning: the
    /// other permissions still work without it.
    ///
    /// ## Remediation
    /// Attach a deny-without-MFA policy to the human users' groups:
    ///
    /// ```hcl
    /// data "aws_iam_policy_document" "require_mfa" {
    ///   statement {
    ///     sid         = "DenyAllExceptMfaSetupWithoutMfa"
    ///     effect      = "Deny"
    ///     not_actions = ["iam:CreateVirtualMFADevice", "iam:EnableMFADevice", "iam:ListMFADevices", "sts:GetSessionToken"]
    ///     resources   = ["*"]
    ///     condition {
    ///       test     = "BoolIfExists"
    ///       variable = "aws:MultiFactorAuthPresent"
    ///       values   = ["false"]
    ///     }
    ///   }
    /// }
    ///
    /// resource "aws_iam_group_policy" "require_mfa" {
    ///   name   = "require-mfa"
    ///   group  = aws_iam_group.people.name
    ///   policy = data.aws_iam_policy_document.require_mfa.json
    /// }
    /// ```
    pub CONTROL {
        id: "IAM003",
        slug: "mfa-enforced",
        category: Category::Iam,
        severity: Severity::Medium,
        scope: Scope::Presence,
        references: &[
            "CIS AWS Foundations Benchmark v3.0.0, 1.10: Ensure multi-factor authentication (MFA) is enabled for all IAM users that have a console password",
            "AWS IAM User Guide: AWS: Allows MFA-authenticated IAM users to manage their own credentials",
        ],
        peers: &[Peer::trivy("AVD-AWS-0123", "aws-iam-enforce-group-mfa").partial()],
        good: &[
            r#"
data "aws_iam_policy_document" "require_mfa" {
  statement {
    effect      = "Deny"
    not_actions = ["iam:EnableMFADevice", "iam:ListMFADevices", "sts:GetSessionToken"]
    resources   = ["*"]
    condition {
      test     = "BoolIfExists"
      variable = "aws:MultiFactorAuthPresent"
      values   = ["false"]
    }
  }
}

resource "aws_iam_group_policy" "require_mfa" {
  name   = "require-mfa"
  group  = "people"
  policy = data.aws_iam_policy_document.require_mfa.json
}
"#,
            r#"
resource "aws_iam_policy" "require_mfa" {
  name = "require-mfa"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "DenyWithoutMfa"
      Effect    = "Deny"
      NotAction = ["iam:EnableMFADevice", "sts:GetSessionToken"]
      Resource  = "*"
      Condition = { BoolIfExists = { "aws:MultiFactorAuthPresent" = "false" } }
    }]
  })
}
"#,
        ],
        bad: &[
            r#"
# expect-stack: fail
resource "aws_iam_group" "people" {
  name = "people"
}
"#,
            // MFA only for assuming one role: partly met.
            r#"
# expect-stack: warn
resource "aws_iam_role" "admin" {
  name = "admin"
  assume_role_policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Allow",
    "Action": "sts:AssumeRole",
    "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
    "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}
  }]
}
EOF
}
"#,
            // The condition's value is unknown: a warning, never a failure.
            r#"
# expect-stack: unknown
variable "mfa_flag" {
  type = string
}

resource "aws_iam_policy" "require_mfa" {
  name = "require-mfa"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Deny"
      NotAction = ["iam:EnableMFADevice"]
      Resource  = "*"
      Condition = { BoolIfExists = { "aws:MultiFactorAuthPresent" = var.mfa_flag } }
    }]
  })
}
"#,
        ],
        check,
    }
}

/// Whether a condition value means `flag` (`false`, `"false"`, `["false"]`).
fn means(value: &Value, flag: bool) -> Option<bool> {
    match value {
        Value::Bool(b) => Some(*b == flag),
        Value::String(s) => Some(s.eq_ignore_ascii_case(if flag { "true" } else { "false" })),
        Value::List(items) => {
            let mut any = false;
            for item in items {
                any |= means(item, flag)?;
            }
            Some(any)
        }
        _ => None,
    }
}

/// The MFA test of a statement's condition: `Some(flag)` values of
/// `aws:MultiFactorAuthPresent` under `Bool`/`BoolIfExists` meaning `flag`.
fn mfa_present_is(statement: &PolicyStatement, flag: bool) -> Option<bool> {
    let values = condition_values(
        &statement.conditions,
        &|op| op.eq_ignore_ascii_case("Bool") || op.eq_ignore_ascii_case("BoolIfExists"),
        "aws:MultiFactorAuthPresent",
    )?;
    let mut found = false;
    for v in values {
        found |= means(v, flag)?;
    }
    Some(found)
}

/// `Null: {aws:MultiFactorAuthAge: true}` or a maximum MFA age in a Deny.
fn mfa_age_denied(statement: &PolicyStatement) -> Option<bool> {
    let null = condition_values(
        &statement.conditions,
        &|op| op.eq_ignore_ascii_case("Null"),
        "aws:MultiFactorAuthAge",
    )?;
    let mut found = false;
    for v in null {
        found |= means(v, true)?;
    }
    let age = condition_values(
        &statement.conditions,
        &|op| op.to_ascii_lowercase().starts_with("numericgreaterthan"),
        "aws:MultiFactorAuthAge",
    )?;
    Some(found || !age.is_empty())
}

/// How a statement relates to MFA.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mfa {
    Enforced,
    RequiredForSome,
    Unrelated,
    Unknown,
}

fn judge(statement: &PolicyStatement) -> Mfa {
    match effect_is(statement, "Deny") {
        Some(true) => match (mfa_present_is(statement, false), mfa_age_denied(statement)) {
            (Some(true), _) | (_, Some(true)) => Mfa::Enforced,
            (None, _) | (_, None) => Mfa::Unknown,
            _ => Mfa::Unrelated,
        },
        Some(false) => match mfa_present_is(statement, true) {
            Some(true) => Mfa::RequiredForSome,
            Some(false) => Mfa::Unrelated,
            None => Mfa::Unknown,
        },
        None => Mfa::Unknown,
    }
}

fn check(cx: &RuleContext<'_>, out: &mut Verdicts) {
    let mut partial: Option<&PolicyStatement> = None;
    let mut unknown: Option<&PolicyStatement> = None;
    for document in &cx.model.policies {
        let owner = cx.model.resource(document.owner);
        if !exists(owner) {
            continue;
        }
        for s in document.statements.iter().flatten() {
            match judge(s) {
                Mfa::Enforced => {
                    out.stack(
                        Outcome::Pass,
                        format!(
                            "`{}` denies actions when `aws:MultiFactorAuthPresent` is false",
                            owner.address()
                        ),
                    )
                    .secondary(&s.span);
                    return;
                }
                Mfa::RequiredForSome => partial = partial.or(Some(s)),
                Mfa::Unknown => unknown = unknown.or(Some(s)),
                Mfa::Unrelated => {}
            }
        }
    }
    if let Some(s) = unknown {
        out.stack(
            Outcome::Unknown,
            "could not be determined: a policy statement's effect or MFA condition is only known at apply time",
        )
        .secondary(&s.span);
    } else if let Some(s) = partial {
        out.stack(
            Outcome::Warn,
            "MFA is required only where a statement allows with `aws:MultiFactorAuthPresent = true`; no policy denies actions without MFA",
        )
        .secondary(&s.span);
    } else {
        out.stack(
            Outcome::Fail,
            "no policy denies actions when `aws:MultiFactorAuthPresent` is false",
        );
    }
}

//! IAM007: role trust policies name who may assume the role.

use super::{
    condition_narrowing, held_policy, is_allow, known_strings, principal_is_everyone, Narrowing,
};
use crate::model::PolicyStatement;
use crate::rules::prelude::*;

declare_control! {
    /// Role trust policies do not let anyone assume the role (`Principal: "*"` without a condition).
    ///
    /// ## Why it matters
    /// A role's trust policy decides who can obtain its credentials. With
    /// `"Principal": "*"` (or `{"AWS": "*"}`) and no condition, any AWS
    /// account in the world can call `sts:AssumeRole` and act with the
    /// role's permissions. The same holds for a role trusting GitHub's
    /// OIDC provider without a `token.actions.githubusercontent.com:sub`
    /// condition naming a repository (`repo:owner/name:…`): every
    /// workflow of every GitHub repository can then assume it. Conditions
    /// on the caller's account, organisation, external ID or source ARN
    /// scope a wildcard principal; a condition that only excludes callers
    /// (`StringNotEquals`) is a warning.
    ///
    /// ## Remediation
    /// Name the principal, or scope a federated one with a condition:
    ///
    /// ```hcl
    /// data "aws_iam_policy_document" "github_deploy" {
    ///   statement {
    ///     actions = ["sts:AssumeRoleWithWebIdentity"]
    ///     principals {
    ///       type        = "Federated"
    ///       identifiers = [aws_iam_openid_connect_provider.github.arn]
    ///     }
    ///     condition {
    ///       test     = "StringLike"
    ///       variable = "token.actions.githubusercontent.com:sub"
    ///       values   = ["repo:example-org/app:ref:refs/heads/main"]
    ///     }
    ///   }
    /// }
    /// ```
    pub CONTROL {
        id: "IAM007",
        slug: "trust-policy-scoped",
        category: Category::Iam,
        severity: Severity::Critical,
        scope: Scope::Resources(&["aws_iam_role"]),
        references: &[
            "AWS IAM User Guide: IAM JSON policy elements: Principal (specifying all principals)",
            "AWS IAM User Guide: Configuring a role for GitHub OIDC identity provider",
        ],
        peers: &[
            Peer::checkov("CKV_AWS_60").partial(),
            Peer::checkov("CKV_AWS_393").partial(),
        ],
        good: &[
            r#"
resource "aws_iam_role" "app" {
  name = "app"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Service = "ecs-tasks.amazonaws.com" }
    }]
  })
}
"#,
            // A wildcard principal scoped to the organisation.
            r#"
data "aws_iam_policy_document" "org" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "AWS"
      identifiers = ["*"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:PrincipalOrgID"
      values   = ["o-a1b2c3d4e5"]
    }
  }
}

resource "aws_iam_role" "auditor" {
  name               = "auditor"
  assume_role_policy = data.aws_iam_policy_document.org.json
}
"#,
        ],
        bad: &[
            r#"
locals {
  open_trust = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Allow",
    "Action": "sts:AssumeRole",
    "Principal": {"AWS": "*"}
  }]
}
EOF
}

resource "aws_iam_role" "open" {
  name               = "open"
  assume_role_policy = local.open_trust # expect: fail
}
"#,
            // GitHub OIDC without a repository in the `sub` condition.
            r#"
data "aws_iam_policy_document" "github" {
  statement { # expect: fail
    actions = ["sts:AssumeRoleWithWebIdentity"]
    principals {
      type        = "Federated"
      identifiers = ["arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "token.actions.githubusercontent.com:aud"
      values   = ["sts.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "deploy" {
  name               = "deploy"
  assume_role_policy = data.aws_iam_policy_document.github.json
}
"#,
            r#"
variable "principal" {
  type = string
}

resource "aws_iam_role" "cross_account" {
  name = "cross-account"
  assume_role_policy = jsonencode({ # expect: warn
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { AWS = var.principal }
    }]
  })
}
"#,
        ],
        check,
    }
}

const GITHUB_OIDC: &str = "token.actions.githubusercontent.com";

/// One trust statement's standing.
enum Trust {
    Scoped,
    Everyone,
    AnyGithubRepository(String),
    ExcludesOnly,
    Unknown,
}

/// Whether the `Federated` principal names GitHub's OIDC provider.
fn federated_github(principals: &Value) -> Option<bool> {
    let Value::Object(map) = principals else {
        return Some(false);
    };
    let mut unknown = false;
    for (kind, ids) in map {
        if !kind.eq_ignore_ascii_case("Federated") {
            continue;
        }
        let (known, partly_unknown) = known_strings(ids);
        if known.iter().any(|id| id.contains(GITHUB_OIDC)) {
            return Some(true);
        }
        unknown |= partly_unknown;
    }
    if unknown {
        None
    } else {
        Some(false)
    }
}

/// Whether a `sub` claim pattern names one owner's repositories
/// (`repo:owner/…`), not any repository or another claim.
fn sub_names_repository(value: &str) -> bool {
    let Some(rest) = value.trim().strip_prefix("repo:") else {
        return false;
    };
    match rest.split_once('/') {
        Some((owner, _)) => !owner.is_empty() && !owner.contains(['*', '?']),
        None => false,
    }
}

/// The GitHub `sub` condition's verdict: `None` when scoped, else why not.
fn github_sub(conditions: &Value) -> Result<Option<String>, ()> {
    let Value::Object(operators) = conditions else {
        return match conditions {
            Value::Null => Ok(Some("no condition on the `sub` claim".to_owned())),
            _ => Err(()),
        };
    };
    let mut found = false;
    for (operator, tests) in operators {
        let Value::Object(tests) = tests else {
            return Err(());
        };
        if operator.to_ascii_lowercase().contains("not") {
            continue;
        }
        for (key, values) in tests {
            let key = key.to_ascii_lowercase();
            if !(key.starts_with(GITHUB_OIDC) && key.ends_with(":sub")) {
                continue;
            }
            found = true;
            let (known, unknown) = known_strings(values);
            if let Some(bad) = known.iter().find(|v| !sub_names_repository(v)) {
                return Ok(Some(format!("the `sub` condition allows `{bad}`")));
            }
            if unknown {
                return Err(());
            }
        }
    }
    if found {
        Ok(None)
    } else {
        Ok(Some("no condition on the `sub` claim".to_owned()))
    }
}

fn trust(statement: &PolicyStatement, literal: bool) -> Trust {
    match is_allow(statement, literal) {
        Some(false) => return Trust::Scoped,
        None => return Trust::Unknown,
        Some(true) => {}
    }
    if statement.not_principals != Value::Null {
        return Trust::Everyone;
    }
    match principal_is_everyone(&statement.principals) {
        Some(true) => {
            return match condition_narrowing(&statement.conditions) {
                Narrowing::Narrowed => Trust::Scoped,
                Narrowing::None => Trust::Everyone,
                Narrowing::Negated => Trust::ExcludesOnly,
                Narrowing::Unknown => Trust::Unknown,
            }
        }
        None => return Trust::Unknown,
        Some(false) => {}
    }
    match federated_github(&statement.principals) {
        Some(true) => match github_sub(&statement.conditions) {
            Ok(None) => Trust::Scoped,
            Ok(Some(why)) => Trust::AnyGithubRepository(why),
            Err(()) => Trust::Unknown,
        },
        Some(false) => Trust::Scoped,
        None => Trust::Unknown,
    }
}

fn check(cx: &RuleContext<'_>, out: &mut Verdicts) {
    for role in cx.resources() {
        let Some(attr) = role.body().attr("assume_role_policy") else {
            continue;
        };
        let policy = held_policy(cx.model, role, attr);
        let Some(statements) = policy.statements() else {
            out.unknown(
                role,
                &attr.span,
                format!("the trust policy could not be read ({})", why_unknown(attr)),
            );
            continue;
        };
        let mut failed = false;
        let mut warnings: Vec<(Span, String)> = Vec::new();
        for s in statements {
            match trust(s, policy.literal) {
                Trust::Scoped => {}
                Trust::Everyone => {
                    failed = true;
                    out.fail(
                        role,
                        &s.span,
                        "the trust policy lets any principal (`*`) assume the role without a condition",
                    );
                }
                Trust::AnyGithubRepository(why) => {
                    failed = true;
                    out.fail(
                        role,
                        &s.span,
                        format!("the trust policy lets any GitHub repository assume the role: {why}"),
                    );
                }
                Trust::ExcludesOnly => warnings.push((
                    s.span.clone(),
                    "the trust policy's wildcard principal is only narrowed by a negated condition"
                        .to_owned(),
                )),
                Trust::Unknown => warnings.push((
                    s.span.clone(),
                    "could not be determined: the trust statement's principal or condition is only known at apply time".to_owned(),
                )),
            }
        }
        if failed {
            continue;
        }
        if warnings.is_empty() {
            out.pass(role, "the trust policy names who may assume the role");
        }
        for (span, message) in warnings {
            out.warn(role, &span, message);
        }
    }
}

//! IAM001: identity policies never allow every action.

use super::{identity_policies, is_allow, known_strings, IDENTITY_POLICY_TYPES};
use crate::model::PolicyStatement;
use crate::rules::prelude::*;

declare_control! {
    /// IAM policies do not allow `Action: "*"` (nor a whole service, `s3:*`).
    ///
    /// ## Why it matters
    /// A statement that allows `"*"` grants every action of every AWS
    /// service: whoever holds the policy (a role assumed by an instance, a
    /// Lambda function, a CI job) can create users, read every secret and
    /// delete the account's data. One compromised workload becomes a
    /// compromised account. A service-wide wildcard (`s3:*`, `iam:*`) is
    /// the same mistake on a smaller scale: it grants the destructive and
    /// permission-changing actions of that service along with the ones the
    /// workload needs. Least privilege (CIS AWS Foundations 1.16, the
    /// AWS Well-Architected security pillar) means listing the actions.
    ///
    /// `Action: "*"` fails at Critical severity. A service-wide wildcard
    /// also fails this control, on the resource that holds it, and its
    /// message says it is a High-severity finding (the control's own
    /// severity stays Critical, so the score treats both alike). An
    /// `Allow` with `NotAction` (everything except a list) is a warning.
    /// Only identity-based policies are judged: resource policies such as
    /// the standard KMS key policy (`kms:*` for the account root) are
    /// judged by the controls of their resource.
    ///
    /// ## Remediation
    /// List the actions the workload needs:
    ///
    /// ```hcl
    /// resource "aws_iam_policy" "app" {
    ///   name = "app-read-data"
    ///   policy = jsonencode({
    ///     Version = "2012-10-17"
    ///     Statement = [{
    ///       Effect   = "Allow"
    ///       Action   = ["s3:GetObject", "s3:ListBucket"]
    ///       Resource = [aws_s3_bucket.data.arn, "${aws_s3_bucket.data.arn}/*"]
    ///     }]
    ///   })
    /// }
    /// ```
    pub CONTROL {
        id: "IAM001",
        slug: "no-wildcard-actions",
        category: Category::Iam,
        severity: Severity::Critical,
        scope: Scope::Resources(IDENTITY_POLICY_TYPES),
        references: &[
            "CIS AWS Foundations Benchmark v3.0.0, 1.16: Ensure IAM policies that allow full \"*:*\" administrative privileges are not attached",
            "AWS IAM User Guide: Security best practices in IAM (apply least-privilege permissions)",
        ],
        peers: &[
            Peer::checkov("CKV_AWS_62").partial(),
            Peer::checkov("CKV_AWS_63").partial(),
            Peer::checkov("CKV_AWS_1").partial(),
            Peer::checkov("CKV_AWS_49").partial(),
            Peer::trivy("AVD-AWS-0057", "aws-iam-no-policy-wildcards").partial(),
            Peer::kics("IAM Policies With Full Privileges").partial(),
            Peer::kics("IAM Policy Allows All ('*') In Policy Statement").partial(),
        ],
        good: &[
            r#"
resource "aws_iam_policy" "app" {
  name = "app"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["s3:GetObject", "s3:ListBucket"]
      Resource = ["arn:aws:s3:::example-data", "arn:aws:s3:::example-data/*"]
    }]
  })
}
"#,
            // A Deny of everything is fine; so is a data source listing actions.
            r#"
data "aws_iam_policy_document" "app" {
  statement {
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["arn:aws:logs:us-east-1:111122223333:log-group:/app:*"]
  }
  statement {
    effect    = "Deny"
    actions   = ["*"]
    resources = ["*"]
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

resource "aws_iam_role_policy" "app" {
  name   = "app"
  role   = "app"
  policy = data.aws_iam_policy_document.app.json
}
"#,
        ],
        bad: &[
            r#"
locals {
  admin_policy = <<POLICY
{
  "Version": "2012-10-17",
  "Statement": [
    {"Effect": "Allow", "Action": "*", "Resource": "*"}
  ]
}
POLICY
}

resource "aws_iam_policy" "admin" {
  name   = "admin"
  policy = local.admin_policy # expect: fail
}
"#,
            // Service-wide wildcard in a policy document data source.
            r#"
data "aws_iam_policy_document" "s3_all" {
  statement { # expect: fail
    actions   = ["s3:*"]
    resources = ["*"]
  }
}

resource "aws_iam_role" "app" {
  name = "app"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Service = "ec2.amazonaws.com" }
    }]
  })
  inline_policy {
    name   = "s3"
    policy = data.aws_iam_policy_document.s3_all.json
  }
}
"#,
            // jsonencode with an action list that includes "*", and an
            // `Allow` with `NotAction`.
            r#"
resource "aws_iam_user_policy" "ops" {
  name = "ops"
  user = "ops"
  policy = jsonencode({ # expect: fail
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["ec2:DescribeInstances", "*"]
      Resource = "*"
    }]
  })
}

resource "aws_iam_group_policy" "power" {
  name  = "power"
  group = "power"
  policy = jsonencode({ # expect: warn
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      NotAction = ["iam:*"]
      Resource  = "*"
    }]
  })
}
"#,
            // Unknown actions: a warning, never a failure.
            r#"
variable "actions" {
  type = list(string)
}

resource "aws_iam_policy" "app" {
  name = "app"
  policy = jsonencode({ # expect: warn
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = var.actions
      Resource = "*"
    }]
  })
}
"#,
        ],
        check,
    }
}

/// What one statement grants, worst first.
enum Grant {
    All,
    Service(String),
    AllExcept,
    Unknown,
    Listed,
}

fn grant(statement: &PolicyStatement, literal: bool) -> Grant {
    match is_allow(statement, literal) {
        Some(false) => return Grant::Listed,
        None => {
            // An unknown effect matters only when the actions are wide.
            return match known_strings(&statement.actions) {
                (actions, false) if !actions.iter().any(|a| a.contains('*')) => Grant::Listed,
                _ => Grant::Unknown,
            };
        }
        Some(true) => {}
    }
    let (actions, unknown) = known_strings(&statement.actions);
    if actions
        .iter()
        .any(|a| a.trim().chars().all(|c| c == '*') || a.trim() == "*:*")
    {
        return Grant::All;
    }
    if let Some(service) = actions.iter().find_map(|a| {
        a.trim()
            .strip_suffix(":*")
            .filter(|s| !s.is_empty() && !s.contains('*'))
    }) {
        return Grant::Service(service.to_owned());
    }
    if unknown && statement.actions != Value::Null {
        return Grant::Unknown;
    }
    if statement.not_actions != Value::Null {
        return Grant::AllExcept;
    }
    Grant::Listed
}

fn check(cx: &RuleContext<'_>, out: &mut Verdicts) {
    for resource in cx.resources() {
        let policies = identity_policies(cx.model, resource);
        if policies.is_empty() {
            continue;
        }
        let mut failed = false;
        let mut warnings: Vec<(Span, String)> = Vec::new();
        for policy in &policies {
            let Some(statements) = policy.statements() else {
                warnings.push((
                    policy.attr.span.clone(),
                    format!(
                        "could not be determined: the policy could not be read ({})",
                        why_unknown(policy.attr)
                    ),
                ));
                continue;
            };
            for s in statements {
                match grant(s, policy.literal) {
                    Grant::All => {
                        failed = true;
                        out.fail(
                            resource,
                            &s.span,
                            "an Allow statement grants every action (`Action: \"*\"`)",
                        );
                    }
                    Grant::Service(service) => {
                        failed = true;
                        out.fail(
                            resource,
                            &s.span,
                            format!(
                                "an Allow statement grants every `{service}` action (`{service}:*`): a service-wide wildcard (High severity)"
                            ),
                        );
                    }
                    Grant::AllExcept => warnings.push((
                        s.span.clone(),
                        "an Allow statement uses `NotAction`: it grants every action except those listed".to_owned(),
                    )),
                    Grant::Unknown => warnings.push((
                        s.span.clone(),
                        "could not be determined: the statement's effect or actions are only known at apply time".to_owned(),
                    )),
                    Grant::Listed => {}
                }
            }
        }
        if failed {
            continue;
        }
        if warnings.is_empty() {
            out.pass(resource, "no Allow statement uses a wildcard action");
        }
        for (span, message) in warnings {
            out.warn(resource, &span, message);
        }
    }
}

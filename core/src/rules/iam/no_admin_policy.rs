//! IAM006: nothing gets the AWS-managed AdministratorAccess policy.

use crate::rules::prelude::*;

declare_control! {
    /// No role, user, group or permission set is given the `AdministratorAccess` managed policy.
    ///
    /// ## Why it matters
    /// `arn:aws:iam::aws:policy/AdministratorAccess` allows every action on
    /// every resource. Attached to a workload role it turns any bug or
    /// compromise of that workload into full control of the account;
    /// attached to people it removes every guard rail between a mistake and
    /// the production estate. Administrative access belongs to a few
    /// break-glass principals managed outside the workload's code, and
    /// everything else gets a policy listing what it needs.
    ///
    /// ## Remediation
    /// Attach a policy scoped to the job instead:
    ///
    /// ```hcl
    /// resource "aws_iam_role_policy_attachment" "app" {
    ///   role       = aws_iam_role.app.name
    ///   policy_arn = aws_iam_policy.app_least_privilege.arn
    /// }
    /// ```
    pub CONTROL {
        id: "IAM006",
        slug: "no-admin-policy",
        category: Category::Iam,
        severity: Severity::High,
        scope: Scope::Resources(&[
            "aws_iam_role",
            "aws_iam_policy_attachment",
            "aws_iam_role_policy_attachment",
            "aws_iam_user_policy_attachment",
            "aws_iam_group_policy_attachment",
            "aws_ssoadmin_managed_policy_attachment",
            "aws_iam_role_policy_attachments_exclusive",
            "aws_iam_user_policy_attachments_exclusive",
            "aws_iam_group_policy_attachments_exclusive",
        ]),
        references: &[
            "CIS AWS Foundations Benchmark v3.0.0, 1.16: Ensure IAM policies that allow full \"*:*\" administrative privileges are not attached",
            "AWS IAM User Guide: AWS managed policies for job functions (AdministratorAccess)",
        ],
        peers: &[Peer::checkov("CKV_AWS_274").same()],
        good: &[
            r#"
resource "aws_iam_role" "app" {
  name                = "app"
  managed_policy_arns = ["arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"]
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Service = "ec2.amazonaws.com" }
    }]
  })
}

resource "aws_iam_role_policy_attachment" "ssm" {
  role       = aws_iam_role.app.name
  policy_arn = "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"
}
"#,
        ],
        bad: &[
            r#"
resource "aws_iam_role_policy_attachment" "admin" {
  role       = "deployer"
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess" # expect: fail
}

resource "aws_iam_role" "ops" {
  name                = "ops"
  managed_policy_arns = ["arn:aws:iam::aws:policy/AdministratorAccess"] # expect: fail
  assume_role_policy  = "{}"
}
"#,
            // Through a data source looking the policy up by name.
            r#"
data "aws_iam_policy" "admin" {
  name = "AdministratorAccess"
}

resource "aws_iam_group_policy_attachment" "admins" {
  group      = "admins"
  policy_arn = data.aws_iam_policy.admin.arn # expect: fail
}
"#,
            r#"
variable "policy_arn" {
  type = string
}

resource "aws_iam_user_policy_attachment" "ci" {
  user       = "ci"
  policy_arn = var.policy_arn # expect: unknown
}
"#,
        ],
        check,
    }
}

/// Whether an ARN or name is the AWS-managed `AdministratorAccess` policy.
fn is_admin(text: &str) -> bool {
    let text = text.trim();
    text == "AdministratorAccess"
        || (text.starts_with("arn:") && text.ends_with(":policy/AdministratorAccess"))
}

/// Whether an attribute's value names the admin policy: `Holds` when it
/// does, `Violated` when it does not, `Unknown` when it cannot be told. A
/// reference to `data "aws_iam_policy"` is judged by the data source's
/// `arn` or `name`.
fn names_admin(cx: &RuleContext<'_>, owner: &Resource, attr: &Attribute) -> Judgement {
    for source in references_of(cx.model, owner.module, attr) {
        if source.mode == Mode::Data && source.resource_type == "aws_iam_policy" {
            let body = source.body();
            let named = ["arn", "name"]
                .iter()
                .filter_map(|n| body.value(n))
                .filter_map(Value::as_str)
                .any(is_admin);
            if named {
                return Judgement::Holds;
            }
        }
    }
    attr.value.judge(&|v| match v {
        Value::Null => Some(false),
        Value::String(s) => Some(is_admin(s)),
        Value::List(items) => {
            if items.iter().filter_map(Value::as_str).any(is_admin) {
                Some(true)
            } else if items.iter().all(|i| i.as_str().is_some()) {
                Some(false)
            } else {
                None
            }
        }
        _ => None,
    })
}

fn check(cx: &RuleContext<'_>, out: &mut Verdicts) {
    for r in cx.resources() {
        let attribute = match r.resource_type.as_str() {
            "aws_iam_role" => "managed_policy_arns",
            "aws_ssoadmin_managed_policy_attachment" => "managed_policy_arn",
            t if t.ends_with("_exclusive") => "policy_arns",
            _ => "policy_arn",
        };
        let Some(attr) = r.body().attr(attribute) else {
            out.pass(
                r,
                format!("`{attribute}` does not attach `AdministratorAccess`"),
            );
            continue;
        };
        match names_admin(cx, r, attr) {
            Judgement::Holds => {
                out.fail(
                    r,
                    &attr.span,
                    "attaches the AWS-managed `AdministratorAccess` policy",
                );
            }
            Judgement::Violated => {
                out.pass(r, "does not attach `AdministratorAccess`");
            }
            Judgement::Unknown => {
                // A reference to a policy of the configuration is not the
                // AWS-managed one.
                let sources: Vec<&String> = attr
                    .references
                    .iter()
                    .filter(|r| !r.starts_with("count.") && !r.starts_with("each."))
                    .collect();
                let own = !sources.is_empty()
                    && sources.iter().all(|s| {
                        resource_by_address(cx.model, r.module, s).is_some_and(|p| {
                            p.mode == Mode::Managed && p.resource_type == "aws_iam_policy"
                        })
                    });
                if own {
                    out.pass(r, "attaches a policy of the configuration");
                } else {
                    out.unknown(r, &attr.span, why_unknown(attr));
                }
            }
        }
    }
}

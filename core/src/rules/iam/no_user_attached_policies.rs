//! IAM005: permissions reach users through groups or roles.

use crate::rules::prelude::*;

declare_control! {
    /// No IAM policy is attached directly to a user; users get permissions through groups.
    ///
    /// ## Why it matters
    /// Policies attached user by user drift apart: people who change teams
    /// keep old permissions, reviews have to read every user, and removing
    /// an access means finding every copy. Granting permissions to groups
    /// (or to roles that people assume) keeps one place per job function to
    /// review and revoke. CIS AWS Foundations asks that IAM users receive
    /// permissions only through groups.
    ///
    /// ## Remediation
    /// Attach the policy to a group and make the user a member:
    ///
    /// ```hcl
    /// resource "aws_iam_group_policy_attachment" "developers" {
    ///   group      = aws_iam_group.developers.name
    ///   policy_arn = aws_iam_policy.developer.arn
    /// }
    ///
    /// resource "aws_iam_user_group_membership" "alice" {
    ///   user   = aws_iam_user.alice.name
    ///   groups = [aws_iam_group.developers.name]
    /// }
    /// ```
    pub CONTROL {
        id: "IAM005",
        slug: "no-user-attached-policies",
        category: Category::Iam,
        severity: Severity::Low,
        scope: Scope::Resources(&[
            "aws_iam_user",
            "aws_iam_user_policy",
            "aws_iam_user_policy_attachment",
            "aws_iam_policy_attachment",
        ]),
        references: &[
            "CIS AWS Foundations Benchmark v3.0.0, 1.15: Ensure IAM Users Receive Permissions Only Through Groups",
            "AWS IAM User Guide: Security best practices in IAM (use groups to assign permissions)",
        ],
        peers: &[
            Peer::checkov("CKV_AWS_40").same(),
            Peer::trivy("AVD-AWS-0143", "aws-iam-no-user-attached-policies").same(),
        ],
        good: &[
            r#"
resource "aws_iam_user" "alice" {
  name = "alice"
}

resource "aws_iam_group" "developers" {
  name = "developers"
}

resource "aws_iam_user_group_membership" "alice" {
  user   = aws_iam_user.alice.name
  groups = [aws_iam_group.developers.name]
}

resource "aws_iam_policy_attachment" "developers" {
  name       = "developers"
  groups     = [aws_iam_group.developers.name]
  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}
"#,
        ],
        bad: &[
            r#"
resource "aws_iam_user" "alice" {
  name = "alice"
}

resource "aws_iam_user_policy_attachment" "alice" { # expect: fail
  user       = aws_iam_user.alice.name
  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}

resource "aws_iam_user_policy" "alice" { # expect: fail
  name = "alice"
  user = aws_iam_user.alice.name
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "s3:ListAllMyBuckets", Resource = "*" }]
  })
}
"#,
            r#"
variable "users" {
  type = list(string)
}

resource "aws_iam_policy_attachment" "listed" {
  name       = "listed"
  users      = ["alice"] # expect: fail
  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}

resource "aws_iam_policy_attachment" "input" {
  name       = "input"
  users      = var.users # expect: unknown
  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}
"#,
        ],
        check,
    }
}

fn check(cx: &RuleContext<'_>, out: &mut Verdicts) {
    for r in cx.resources() {
        match r.resource_type.as_str() {
            "aws_iam_user_policy" | "aws_iam_user_policy_attachment" => {
                let kind = if r.resource_type == "aws_iam_user_policy" {
                    "an inline policy"
                } else {
                    "a managed policy"
                };
                let verdict = out.missing(r, format!("attaches {kind} directly to a user"));
                for user in referenced(cx.model, r, "user") {
                    verdict.involving(user);
                }
            }
            "aws_iam_policy_attachment" => {
                match setting(r.body(), "users", |v| {
                    strings(v).map(|users| users.is_empty())
                }) {
                    Setting::Absent | Setting::Holds(_) => {
                        out.pass(r, "attaches the policy to groups or roles only");
                    }
                    Setting::Violated(a) => {
                        let verdict = out.fail(r, &a.span, "attaches the policy directly to users");
                        for user in references_of(cx.model, r.module, a) {
                            verdict.involving(user);
                        }
                    }
                    Setting::Unknown(a) => {
                        // A list with a user reference names users.
                        let users = references_of(cx.model, r.module, a);
                        if users.iter().any(|u| u.resource_type == "aws_iam_user") {
                            let verdict =
                                out.fail(r, &a.span, "attaches the policy directly to users");
                            for user in users {
                                verdict.involving(user);
                            }
                        } else {
                            out.unknown(r, &a.span, why_unknown(a));
                        }
                    }
                }
            }
            _ => {
                // A user passes when nothing attaches a policy to it directly.
                let direct = !referrers(
                    cx.model,
                    r,
                    &["aws_iam_user_policy", "aws_iam_user_policy_attachment"],
                    "user",
                )
                .is_empty()
                    || !referrers(cx.model, r, &["aws_iam_policy_attachment"], "users").is_empty();
                if !direct {
                    out.pass(r, "no policy is attached directly to the user");
                }
            }
        }
    }
}

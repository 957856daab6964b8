//! IAM008: no long-lived access keys are created.

use crate::rules::prelude::*;

declare_control! {
    /// No `aws_iam_access_key` resources: workloads use roles, people use SSO or MFA sessions.
    ///
    /// ## Why it matters
    /// An access key is a password that never expires: it ends up in CI
    /// variables, laptops, container images and, through Terraform, in the
    /// state file in clear text (`aws_iam_access_key.secret`). Leaked keys
    /// are the most common way into AWS accounts. Instances, containers
    /// and functions get short-lived credentials from their role; CI
    /// systems federate with OIDC; people sign in through IAM Identity
    /// Center. A key marked `Inactive` is a warning: it still exists and can
    /// be switched on.
    ///
    /// ## Remediation
    /// Replace the user and its key with a role the workload assumes:
    ///
    /// ```hcl
    /// resource "aws_iam_role" "app" {
    ///   name = "app"
    ///   assume_role_policy = jsonencode({
    ///     Version = "2012-10-17"
    ///     Statement = [{
    ///       Effect    = "Allow"
    ///       Action    = "sts:AssumeRole"
    ///       Principal = { Service = "ec2.amazonaws.com" }
    ///     }]
    ///   })
    /// }
    ///
    /// resource "aws_iam_instance_profile" "app" {
    ///   role = aws_iam_role.app.name
    /// }
    /// ```
    pub CONTROL {
        id: "IAM008",
        slug: "no-static-access-keys",
        category: Category::Iam,
        severity: Severity::Medium,
        scope: Scope::Resources(&["aws_iam_user", "aws_iam_access_key"]),
        references: &[
            "AWS IAM User Guide: Security best practices in IAM (require workloads to use temporary credentials)",
            "CIS AWS Foundations Benchmark v3.0.0, 1.11: Do not setup access keys during initial user setup",
        ],
        peers: &[],
        good: &[
            r#"
resource "aws_iam_user" "alice" {
  name = "alice"
}

resource "aws_iam_user_login_profile" "alice" {
  user = aws_iam_user.alice.name
}
"#,
        ],
        bad: &[
            r#"
resource "aws_iam_user" "ci" {
  name = "ci"
}

resource "aws_iam_access_key" "ci" { # expect: fail
  user = aws_iam_user.ci.name
}
"#,
            r#"
variable "key_status" {
  type = string
}

resource "aws_iam_access_key" "old" {
  user   = "legacy"
  status = "Inactive" # expect: warn
}

# Whatever its status turns out to be, the key exists.
resource "aws_iam_access_key" "maybe" { # expect: fail
  user   = "legacy"
  status = var.key_status
}
"#,
        ],
        check,
    }
}

fn check(cx: &RuleContext<'_>, out: &mut Verdicts) {
    for r in cx.resources() {
        if r.resource_type == "aws_iam_user" {
            if referrers(cx.model, r, &["aws_iam_access_key"], "user").is_empty() {
                out.pass(r, "the user has no access key");
            }
            continue;
        }
        // The key exists whatever its status: an unknown status is still a
        // key, so only a known `Inactive` softens the finding.
        let inactive = r.body().attr("status").filter(|a| {
            a.value
                .as_str()
                .is_some_and(|s| s.eq_ignore_ascii_case("Inactive"))
        });
        let verdict = match inactive {
            Some(a) => out.warn(
                r,
                &a.span,
                "an inactive access key exists; delete it and use roles",
            ),
            None => out.missing(
                r,
                "creates a long-lived access key; use roles or federation",
            ),
        };
        for user in referenced(cx.model, r, "user") {
            verdict.involving(user);
        }
    }
}

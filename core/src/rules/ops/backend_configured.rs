//! OPS003: the stack keeps its state in a remote backend.

use crate::rules::prelude::*;

declare_control! {
    /// The stack declares a state backend (a partial configuration is fine).
    ///
    /// ## Why it matters
    /// Without a `backend` block Terraform keeps the state in a local
    /// `terraform.tfstate`: one laptop holds the only record of what the
    /// stack owns, two people applying at once corrupt it, nothing locks it,
    /// and the file (which contains every secret the resources return) is
    /// one `git add` away from the repository. A remote backend such as S3
    /// with locking and encryption, or HCP Terraform's `cloud` block, keeps
    /// one shared, locked, encrypted state. A partial configuration
    /// (`backend "s3" {}` with the settings passed to `terraform init`) is
    /// enough; an explicit `backend "local"` is only partly met. This is a
    /// stack-level (presence) control: a reusable module must not declare a
    /// backend, so it is n/a in profile `module`.
    ///
    /// ## Remediation
    /// Declare a remote backend; settings may come from `-backend-config`:
    ///
    /// ```hcl
    /// terraform {
    ///   backend "s3" {
    ///     bucket       = "example-terraform-state"
    ///     key          = "network/terraform.tfstate"
    ///     region       = "us-east-1"
    ///     encrypt      = true
    ///     use_lockfile = true
    ///   }
    /// }
    /// ```
    pub CONTROL {
        id: "OPS003",
        slug: "backend-configured",
        category: Category::Ops,
        severity: Severity::Low,
        scope: Scope::Presence,
        references: &[
            "Terraform Language: Backend configuration (partial configuration)",
            "Terraform Language: Backend type s3 (state locking and encryption)",
        ],
        peers: &[],
        good: &[
            // A partial configuration: settings come from `terraform init`.
            r#"
terraform {
  backend "s3" {}
}

resource "aws_sqs_queue" "jobs" {
  name = "jobs"
}
"#,
            r#"
terraform {
  cloud {
    organization = "example"
    workspaces {
      name = "network"
    }
  }
}

resource "aws_sqs_queue" "jobs" {
  name = "jobs"
}
"#,
        ],
        bad: &[
            r#"
# expect-stack: fail
terraform {
  required_version = ">= 1.6.0"
}

resource "aws_sqs_queue" "jobs" {
  name = "jobs"
}
"#,
            // Local state, declared explicitly: partly met.
            r#"
# expect-stack: warn
terraform {
  backend "local" {
    path = "state/terraform.tfstate"
  }
}

resource "aws_sqs_queue" "jobs" {
  name = "jobs"
}
"#,
        ],
        check,
    }
}

fn check(cx: &RuleContext<'_>, out: &mut Verdicts) {
    if cx.model.modules.is_empty() {
        return;
    }
    let settings: Vec<_> = cx
        .model
        .modules
        .iter()
        .flat_map(|m| m.terraform.iter())
        .collect();
    let remote = settings
        .iter()
        .find(|t| t.backend.as_deref().is_some_and(|b| b != "local"));
    if let Some(t) = remote {
        let kind = t.backend.as_deref().unwrap_or_default();
        let what = if kind == "cloud" {
            "state is kept in HCP Terraform (`cloud` block)".to_string()
        } else {
            format!("state is kept in the `{kind}` backend")
        };
        out.stack(Outcome::Pass, what).secondary(&t.span);
        return;
    }
    if let Some(t) = settings.iter().find(|t| t.backend.is_some()) {
        out.stack(
            Outcome::Warn,
            "the `local` backend keeps state on one machine, unlocked and unshared",
        )
        .secondary(&t.span);
        return;
    }
    let v = out.stack(
        Outcome::Fail,
        "no `backend` (or `cloud`) block: state is kept in a local terraform.tfstate",
    );
    if let Some(t) = settings.first() {
        v.secondary(&t.span);
    }
}

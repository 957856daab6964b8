//! OPS002: every provider the configuration uses has a version constraint.

use crate::rules::prelude::*;
use std::collections::BTreeSet;

declare_control! {
    /// Every provider a module uses is pinned in `required_providers` with a version constraint.
    ///
    /// ## Why it matters
    /// A provider without a constraint is installed at its newest release on
    /// every fresh `terraform init`. Major releases of the AWS provider
    /// remove and rename arguments (v4 split `aws_s3_bucket` into a dozen
    /// resources), so an unpinned configuration that planned cleanly
    /// yesterday can fail, or plan destructive changes, today. A constraint
    /// per provider (`~> 5.0` in a stack, a minimum such as `>= 5.0` in a
    /// reusable module) with the lock file makes upgrades a reviewed change.
    /// Providers are taken from the resource and data types the module
    /// declares (`aws_…` → `aws`, `random_…` → `random`) and from its
    /// `provider` blocks; Terraform's built-in `terraform` provider needs no
    /// entry. Judged in every profile, once per module.
    ///
    /// ## Remediation
    /// Declare each provider with its source and a version constraint:
    ///
    /// ```hcl
    /// terraform {
    ///   required_providers {
    ///     aws = {
    ///       source  = "hashicorp/aws"
    ///       version = "~> 5.0"
    ///     }
    ///     random = {
    ///       source  = "hashicorp/random"
    ///       version = "~> 3.6"
    ///     }
    ///   }
    /// }
    /// ```
    pub CONTROL {
        id: "OPS002",
        slug: "provider-versions",
        category: Category::Ops,
        severity: Severity::Medium,
        scope: Scope::Everything,
        references: &[
            "Terraform Language: Provider requirements (required_providers, version constraints)",
            "Terraform Language: Dependency lock file",
        ],
        peers: &[],
        good: &[
            r#"
terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }
    random = {
      source  = "hashicorp/random"
      version = ">= 3.5"
    }
  }
}

resource "random_id" "suffix" {
  byte_length = 4
}

resource "aws_s3_bucket" "data" {
  bucket = "example-data-${random_id.suffix.hex}"
}
"#,
            // The legacy string form still sets a constraint.
            r#"
terraform {
  required_providers {
    aws = "~> 5.0"
  }
}

data "aws_caller_identity" "current" {}
"#,
        ],
        bad: &[
            // The source is given but no version; `random` is missing.
            r#"
terraform { # expect: fail
  required_providers {
    aws = {
      source = "hashicorp/aws"
    }
  }
}

resource "random_password" "db" {
  length = 24
}

resource "aws_s3_bucket" "data" {
  bucket = "example-data"
}
"#,
            // No terraform block: nothing is pinned.
            r#"
# expect-stack: fail
provider "aws" {
  region = "eu-west-1"
}

resource "aws_sqs_queue" "jobs" {
  name = "jobs"
}
"#,
        ],
        check,
    }
}

/// The local names of the providers a module uses.
fn providers_used(
    cx: &RuleContext<'_>,
    index: usize,
    resources: &[Vec<&crate::model::Resource>],
) -> BTreeSet<String> {
    let mut used = BTreeSet::new();
    let of_module = resources.get(index).map_or(&[][..], Vec::as_slice);
    for r in of_module.iter().filter(|r| exists(r)) {
        if let Some((prefix, _)) = r.resource_type.split_once('_') {
            used.insert(prefix.to_string());
        }
    }
    for p in &cx.model.modules[index].providers {
        used.insert(p.name.clone());
    }
    // Terraform's built-in provider (`terraform_data`, `terraform_remote_state`).
    used.remove("terraform");
    used
}

fn check(cx: &RuleContext<'_>, out: &mut Verdicts) {
    let resources = super::required_version::resources_by_module(cx);
    for (index, module) in cx.model.modules.iter().enumerate() {
        let used = providers_used(cx, index, &resources);
        if used.is_empty() {
            continue;
        }
        let holder = module
            .terraform
            .iter()
            .find(|t| !t.required_providers.is_empty())
            .or_else(|| module.terraform.first());
        let suffix = if module.dir.is_empty() {
            String::new()
        } else {
            format!(" ({})", module.dir)
        };
        for name in &used {
            let address = format!("required_providers.{name}{suffix}");
            let entry = module
                .terraform
                .iter()
                .flat_map(|t| t.required_providers.iter())
                .find(|p| &p.name == name);
            let (outcome, message) = match entry.map(|e| e.version.as_deref()) {
                Some(Some(v)) if !v.trim().is_empty() => (
                    Outcome::Pass,
                    format!("provider `{name}` is pinned to `{v}`"),
                ),
                Some(_) => (
                    Outcome::Fail,
                    format!("provider `{name}` has no version constraint in `required_providers`"),
                ),
                None => (
                    Outcome::Fail,
                    format!("provider `{name}` is used but not declared in `required_providers`"),
                ),
            };
            match holder {
                Some(t) => {
                    out.named(outcome, address, &t.span, &t.span, message);
                }
                None => {
                    out.stack(
                        outcome,
                        format!("{message}{suffix}: there is no `terraform` block"),
                    );
                }
            }
        }
    }
}

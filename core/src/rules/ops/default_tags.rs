//! OPS004: tags are applied stack-wide, not resource by resource.

use super::{default_tags_cover, is_taggable};
use crate::rules::prelude::*;
use std::collections::BTreeSet;

declare_control! {
    /// The AWS provider sets `default_tags`, or one common-tags local is merged into every taggable resource.
    ///
    /// ## Why it matters
    /// Cost allocation, ownership, incident routing and tag-based access
    /// control all rely on every resource carrying the same core tags
    /// (owner, environment, project, cost centre). Written resource by
    /// resource they drift: a new resource is added without them, a key is
    /// spelled differently, a value goes stale. `default_tags` on the AWS
    /// provider applies one set of tags to everything the provider creates;
    /// a `local.common_tags` merged into every `tags` argument achieves the
    /// same. Taggable resources are those of the types in
    /// `TAGGABLE_TYPES` (`core/src/rules/ops/mod.rs`) and any resource that
    /// writes `tags`. This is a stack-level (presence) control: a reusable
    /// module receives its provider, and its tags, from the caller, so it is
    /// n/a in profile `module` (OPS005 still judges its tag coverage).
    ///
    /// ## Remediation
    /// Set `default_tags` on the provider (and keep resource `tags` for
    /// what is specific to each resource):
    ///
    /// ```hcl
    /// provider "aws" {
    ///   region = var.region
    ///   default_tags {
    ///     tags = {
    ///       Project     = "payments"
    ///       Environment = var.environment
    ///       Owner       = "platform-team"
    ///     }
    ///   }
    /// }
    /// ```
    pub CONTROL {
        id: "OPS004",
        slug: "default-tags",
        category: Category::Ops,
        severity: Severity::Medium,
        scope: Scope::Presence,
        references: &[
            "AWS provider documentation: default_tags configuration block",
            "AWS Whitepaper: Tagging Best Practices (Implement a tagging strategy)",
        ],
        peers: &[],
        good: &[
            r#"
provider "aws" {
  region = "us-east-1"
  default_tags {
    tags = {
      Project     = "payments"
      Environment = "prod"
    }
  }
}

resource "aws_s3_bucket" "data" {
  bucket = "payments-data"
}

resource "aws_sqs_queue" "jobs" {
  name = "payments-jobs"
}
"#,
            // A common-tags local merged into every taggable resource.
            r#"
locals {
  common_tags = {
    Project     = "payments"
    Environment = "prod"
  }
}

resource "aws_s3_bucket" "data" {
  bucket = "payments-data"
  tags   = merge(local.common_tags, { Name = "payments-data" })
}

resource "aws_sqs_queue" "jobs" {
  name = "payments-jobs"
  tags = local.common_tags
}

resource "aws_s3_bucket_versioning" "data" {
  bucket = aws_s3_bucket.data.id
  versioning_configuration {
    status = "Enabled"
  }
}
"#,
        ],
        bad: &[
            r#"
# expect-stack: fail
provider "aws" {
  region = "us-east-1"
}

resource "aws_s3_bucket" "data" {
  bucket = "payments-data"
  tags = {
    Project = "payments"
  }
}

resource "aws_sqs_queue" "jobs" {
  name = "payments-jobs"
}
"#,
            // The common local is merged into one resource only.
            r#"
# expect-stack: fail
locals {
  common_tags = {
    Project = "payments"
  }
}

resource "aws_s3_bucket" "data" {
  bucket = "payments-data"
  tags   = local.common_tags
}

resource "aws_sqs_queue" "jobs" {
  name = "payments-jobs"
  tags = {
    Team = "payments"
  }
}
"#,
        ],
        check,
    }
}

/// `local.x` and `var.x` references of a resource's `tags`.
fn tag_sources(resource: &Resource) -> BTreeSet<String> {
    resource
        .body()
        .attr("tags")
        .map(|a| {
            a.references
                .iter()
                .filter(|r| r.starts_with("local.") || r.starts_with("var."))
                .map(|r| base_address(r))
                .collect()
        })
        .unwrap_or_default()
}

fn check(cx: &RuleContext<'_>, out: &mut Verdicts) {
    let taggable: Vec<&Resource> = cx
        .model
        .resources
        .iter()
        .filter(|r| r.mode == Mode::Managed && exists(r) && is_taggable(r))
        .collect();
    if taggable.is_empty() {
        return;
    }
    let uncovered: Vec<&Resource> = taggable
        .iter()
        .copied()
        .filter(|r| !default_tags_cover(cx.model, r))
        .collect();
    let provider = cx
        .model
        .modules
        .iter()
        .flat_map(|m| m.providers.iter())
        .find(|p| p.name == "aws");
    if uncovered.is_empty() {
        let v = out.stack(
            Outcome::Pass,
            "the AWS provider's `default_tags` cover every taggable resource",
        );
        if let Some(p) = provider {
            v.secondary(&p.span);
        }
        return;
    }
    // A tags source shared by every resource the provider does not cover.
    let mut shared = tag_sources(uncovered[0]);
    for r in &uncovered[1..] {
        let sources = tag_sources(r);
        shared.retain(|s| sources.contains(s));
    }
    if let Some(common) = shared
        .iter()
        .find(|s| s.starts_with("local."))
        .or(shared.first())
    {
        out.stack(
            Outcome::Pass,
            format!("every taggable resource merges `{common}` into its tags"),
        );
        return;
    }
    let message = match provider {
        Some(p) if p.body.block("default_tags").is_none() => format!(
            "the AWS provider has no `default_tags`, and {} of {} taggable resources do not merge one common tags local",
            uncovered.len(),
            taggable.len()
        ),
        _ => format!(
            "no `default_tags` cover {} of {} taggable resources, and they do not merge one common tags local",
            uncovered.len(),
            taggable.len()
        ),
    };
    let v = out.stack(Outcome::Fail, message);
    if let Some(p) = provider {
        v.secondary(&p.span);
    }
    for r in uncovered.iter().take(5) {
        v.secondary(&r.block.span);
    }
}

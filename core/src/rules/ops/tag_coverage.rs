//! OPS005: nearly every taggable resource carries tags.

use super::{default_tags_cover, is_taggable, own_tags};
use crate::rules::prelude::*;

/// The share of taggable resources that must carry tags.
const MIN_COVERAGE_PERCENT: usize = 90;

declare_control! {
    /// At least 90% of taggable resources carry tags, their own or the provider's `default_tags`.
    ///
    /// ## Why it matters
    /// Untagged resources have no owner, no environment and no cost
    /// centre: they fall out of cost reports, tag-based IAM conditions and
    /// automated clean-up, and in an incident nobody can tell what they are
    /// for. A resource carries tags when it writes a non-empty `tags` map
    /// (an input such as `var.tags` counts), `tag` blocks
    /// (`aws_autoscaling_group`), or when its AWS provider configuration
    /// sets `default_tags`. Taggable resources are those of the types in
    /// `TAGGABLE_TYPES` (`core/src/rules/ops/mod.rs`) and any resource that
    /// writes `tags`. Judged in every profile: a reusable module should pass
    /// its `tags` input on to what it creates. Below 90% coverage every
    /// untagged resource is listed.
    ///
    /// ## Remediation
    /// Tag resources, most simply through the provider (OPS004) or a merged
    /// input in a module:
    ///
    /// ```hcl
    /// resource "aws_sqs_queue" "jobs" {
    ///   name = "payments-jobs"
    ///   tags = merge(var.tags, { Name = "payments-jobs" })
    /// }
    /// ```
    pub CONTROL {
        id: "OPS005",
        slug: "tag-coverage",
        category: Category::Ops,
        severity: Severity::Low,
        scope: Scope::Everything,
        references: &[
            "AWS Whitepaper: Tagging Best Practices",
            "AWS provider documentation: Resource tagging (tags and default_tags)",
        ],
        peers: &[],
        good: &[
            r#"
variable "tags" {
  type = map(string)
}

resource "aws_s3_bucket" "data" {
  bucket = "payments-data"
  tags   = var.tags
}

resource "aws_sqs_queue" "jobs" {
  name = "payments-jobs"
  tags = merge(var.tags, { Name = "payments-jobs" })
}
"#,
            r#"
provider "aws" {
  default_tags {
    tags = {
      Project = "payments"
    }
  }
}

resource "aws_sqs_queue" "jobs" {
  name = "payments-jobs"
}
"#,
        ],
        bad: &[
            // One of two taggable resources has no tags: 50%.
            r#"
resource "aws_s3_bucket" "data" {
  bucket = "payments-data"
  tags = {
    Project = "payments"
  }
}

resource "aws_sqs_queue" "jobs" { # expect: fail
  name = "payments-jobs"
}
"#,
            // An empty map is no tags; a conditional that may select none is unknown.
            r#"
variable "tag_queue" {
  type = bool
}

resource "aws_sns_topic" "alerts" {
  name = "alerts"
  tags = {} # expect: fail
}

resource "aws_sqs_queue" "jobs" {
  name = "payments-jobs"
  tags = var.tag_queue ? { Project = "payments" } : {} # expect: unknown
}
"#,
        ],
        check,
    }
}

fn check(cx: &RuleContext<'_>, out: &mut Verdicts) {
    let judged: Vec<(&Resource, Judgement)> = cx
        .model
        .resources
        .iter()
        .filter(|r| r.mode == Mode::Managed && exists(r) && is_taggable(r))
        .map(|r| {
            let tagged = if default_tags_cover(cx.model, r) {
                Judgement::Holds
            } else {
                own_tags(r)
            };
            (r, tagged)
        })
        .collect();
    if judged.is_empty() {
        return;
    }
    // Unknown tags get the benefit of the doubt when computing coverage.
    let tagged = judged
        .iter()
        .filter(|(_, j)| *j != Judgement::Violated)
        .count();
    let total = judged.len();
    let percent = tagged * 100 / total;
    let enough = tagged * 100 >= MIN_COVERAGE_PERCENT * total;
    for (r, j) in judged {
        match j {
            Judgement::Holds => {
                out.pass(r, "carries tags");
            }
            _ if enough => {
                out.pass(
                    r,
                    format!(
                        "may carry no tags, but {tagged} of {total} taggable resources ({percent}%) are tagged"
                    ),
                );
            }
            Judgement::Unknown => {
                let attr = r.body().attr("tags");
                let at = attr.map_or(&r.block.span, |a| &a.span);
                let why = attr.map_or_else(|| "`tags`".to_string(), why_unknown);
                out.unknown(
                    r,
                    at,
                    format!("{why} ({tagged} of {total} taggable resources are tagged)"),
                );
            }
            Judgement::Violated => {
                let message = format!(
                    "no tags: only {tagged} of {total} taggable resources ({percent}%) are tagged, below {MIN_COVERAGE_PERCENT}%"
                );
                match r.body().attr("tags") {
                    Some(a) => out.fail(r, &a.span, message),
                    None => out.missing(r, message),
                };
            }
        }
    }
}

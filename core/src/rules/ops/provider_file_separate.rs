//! OPS015: provider and terraform settings live in their own file.

use crate::rules::prelude::*;
use std::collections::BTreeSet;

declare_control! {
    /// In a module of several files, `provider` and `terraform` blocks live apart from resources.
    ///
    /// ## Why it matters
    /// The conventional layout keeps versions, backend and provider
    /// configuration in `versions.tf` / `provider.tf` (or `terraform.tf`)
    /// and resources in `main.tf` and topic files. Readers and reviewers
    /// find the provider region, the assumed role and the version pins in
    /// one predictable place, upgrades touch one file, and a resource file
    /// can be copied into another stack without dragging a provider
    /// configuration along. A single-file configuration (for example when
    /// a task asks for one `main.tf`) is not judged. Data sources count as
    /// resources here.
    ///
    /// ## Remediation
    /// Move the `terraform` and `provider` blocks to their own file:
    ///
    /// ```hcl
    /// # provider.tf
    /// terraform {
    ///   required_version = ">= 1.6.0"
    /// }
    ///
    /// provider "aws" {
    ///   region = var.region
    /// }
    /// ```
    pub CONTROL {
        id: "OPS015",
        slug: "provider-file-separate",
        category: Category::Ops,
        severity: Severity::Low,
        scope: Scope::Everything,
        references: &[
            "Terraform Language: Standard module structure",
            "Terraform Style Guide: File names (terraform.tf, providers.tf, main.tf)",
        ],
        peers: &[],
        good: &[
            r#"
# file: provider.tf
terraform {
  required_version = ">= 1.6.0"
}

provider "aws" {
  region = "us-east-1"
}
# file: main.tf
resource "aws_sqs_queue" "jobs" {
  name = "jobs"
}
"#,
        ],
        bad: &[
            r#"
# file: main.tf
provider "aws" { # expect: fail
  region = "us-east-1"
}

resource "aws_sqs_queue" "jobs" {
  name = "jobs"
}
# file: versions.tf
terraform {
  required_version = ">= 1.6.0"
}
# file: outputs.tf
output "queue_url" {
  description = "URL of the jobs queue."
  value       = aws_sqs_queue.jobs.url
}
"#,
        ],
        check,
    }
}

fn check(cx: &RuleContext<'_>, out: &mut Verdicts) {
    let resources = super::required_version::resources_by_module(cx);
    for (index, module) in cx.model.modules.iter().enumerate() {
        if module.files.len() < 2 {
            continue;
        }
        let resource_files: BTreeSet<usize> = resources
            .get(index)
            .into_iter()
            .flatten()
            .map(|r| r.block.span.file)
            .collect();
        let mut blocks: Vec<(String, &Span)> = Vec::new();
        for t in &module.terraform {
            blocks.push(("terraform".to_string(), &t.span));
        }
        for p in &module.providers {
            let address = match p.body.value("alias").and_then(Value::as_str) {
                Some(alias) => format!("provider.{}.{alias}", p.name),
                None => format!("provider.{}", p.name),
            };
            blocks.push((address, &p.span));
        }
        for (address, span) in blocks {
            let file = cx
                .model
                .files
                .get(span.file)
                .map_or_else(String::new, |f| f.path.clone());
            if resource_files.contains(&span.file) {
                out.named(
                    Outcome::Fail,
                    &address,
                    span,
                    span,
                    format!("`{address}` is in `{file}` with resources; move it to its own file (e.g. provider.tf)"),
                );
            } else {
                out.named(
                    Outcome::Pass,
                    &address,
                    span,
                    span,
                    format!("`{address}` lives in `{file}`, apart from resources"),
                );
            }
        }
    }
}

//! OPS001: the configuration pins the Terraform version it needs.

use crate::rules::prelude::*;

declare_control! {
    /// Every module declares the Terraform versions it works with (`required_version`).
    ///
    /// ## Why it matters
    /// Without `required_version` any Terraform release runs the
    /// configuration: an older one fails half-way on syntax it does not
    /// know, and a newer one may upgrade the state file so that colleagues
    /// and the pipeline, still on the old release, can no longer read it.
    /// A version constraint makes Terraform refuse to run with a release the
    /// code was not written for, before it touches any infrastructure. A
    /// reusable module needs the constraint as much as a stack does, so this
    /// control is judged in every profile, once per module (folder).
    ///
    /// ## Remediation
    /// Add a `terraform` block (usually in `versions.tf` or `provider.tf`)
    /// with a constraint on the Terraform CLI:
    ///
    /// ```hcl
    /// terraform {
    ///   required_version = ">= 1.6.0, < 2.0.0"
    /// }
    /// ```
    pub CONTROL {
        id: "OPS001",
        slug: "required-version",
        category: Category::Ops,
        severity: Severity::Medium,
        scope: Scope::Everything,
        references: &[
            "Terraform Language: Terraform settings, required_version",
            "Terraform Language: Version constraints (best practices for modules and root modules)",
        ],
        peers: &[],
        good: &[
            r#"
terraform {
  required_version = ">= 1.6.0"
}

resource "aws_s3_bucket" "data" {
  bucket = "example-data"
}
"#,
            // The constraint lives in its own file.
            r#"
# file: versions.tf
terraform {
  required_version = "~> 1.7"
}
# file: main.tf
resource "aws_sqs_queue" "jobs" {
  name = "jobs"
}
"#,
        ],
        bad: &[
            // A terraform block without the constraint.
            r#"
terraform { # expect: fail
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }
  }
}

resource "aws_s3_bucket" "data" {
  bucket = "example-data"
}
"#,
            // No terraform block at all.
            r#"
# expect-stack: fail
provider "aws" {
  region = "us-east-1"
}

resource "aws_s3_bucket" "data" {
  bucket = "example-data"
}
"#,
            r#"
terraform {
  required_version = "" # expect: fail
}

resource "aws_s3_bucket" "data" {
  bucket = "example-data"
}
"#,
        ],
        check,
    }
}

/// Whether a module declares anything Terraform would run: resources, data
/// sources, module calls or provider configurations.
pub(crate) fn module_has_content(
    cx: &RuleContext<'_>,
    index: usize,
    resources: &[Vec<&Resource>],
) -> bool {
    let module = &cx.model.modules[index];
    resources
        .get(index)
        .is_some_and(|list| list.iter().any(|r| exists(r)))
        || !module.module_calls.is_empty()
        || !module.providers.is_empty()
}

/// The resources of each module, by module index, in one pass over all
/// resources (a pass per module would grow with modules times resources).
pub(crate) fn resources_by_module<'m>(cx: &RuleContext<'m>) -> Vec<Vec<&'m Resource>> {
    let mut by_module: Vec<Vec<&Resource>> = vec![Vec::new(); cx.model.modules.len()];
    for resource in &cx.model.resources {
        if let Some(list) = by_module.get_mut(resource.module) {
            list.push(resource);
        }
    }
    by_module
}

/// `terraform` for the root module, `terraform (modules/x)` for others.
pub(crate) fn settings_address(dir: &str) -> String {
    if dir.is_empty() {
        "terraform".to_string()
    } else {
        format!("terraform ({dir})")
    }
}

fn check(cx: &RuleContext<'_>, out: &mut Verdicts) {
    let resources = resources_by_module(cx);
    for (index, module) in cx.model.modules.iter().enumerate() {
        if !module_has_content(cx, index, &resources) {
            continue;
        }
        let address = settings_address(&module.dir);
        let with_version = module
            .terraform
            .iter()
            .find_map(|t| t.required_version.as_ref().map(|a| (t, a)));
        match with_version {
            Some((t, attr)) => match attr.value.judge(&non_empty_string) {
                Judgement::Holds => {
                    out.named(
                        Outcome::Pass,
                        &address,
                        &t.span,
                        &t.span,
                        "`required_version` is set",
                    );
                }
                Judgement::Unknown => {
                    out.named(
                        Outcome::Unknown,
                        &address,
                        &t.span,
                        &attr.span,
                        format!("could not be determined: {}", why_unknown(attr)),
                    );
                }
                Judgement::Violated => {
                    out.named(
                        Outcome::Fail,
                        &address,
                        &t.span,
                        &attr.span,
                        "`required_version` is empty",
                    );
                }
            },
            None => match module.terraform.first() {
                Some(t) => {
                    out.named(
                        Outcome::Fail,
                        &address,
                        &t.span,
                        &t.span,
                        "the `terraform` block has no `required_version`",
                    );
                }
                None => {
                    let place = if module.dir.is_empty() {
                        String::new()
                    } else {
                        format!(" in `{}`", module.dir)
                    };
                    out.stack(
                        Outcome::Fail,
                        format!("no `terraform` block with `required_version`{place}"),
                    );
                }
            },
        }
    }
}

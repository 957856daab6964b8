//! VAL021: every address is declared once per module.

use crate::model::Model;
use crate::rules::prelude::*;
use crate::validate::declarations::provider_alias;
use std::collections::HashMap;

declare_control! {
    /// Resources, data sources, variables, locals, outputs, modules, provider configurations and `required_providers` are declared once per module.
    ///
    /// ## Why it matters
    /// All `.tf` files of a folder form one module, and an address may be
    /// declared only once in it: a second `resource "aws_s3_bucket" "logs"`
    /// (often in another file), a second `variable "region"`, `output`,
    /// `module` or local of the same name, a second default (or same
    /// alias) `provider "aws"` block, or a second `required_providers` or
    /// `backend` block (in `terraform` blocks of two files) makes
    /// `terraform validate` fail with "Duplicate … configuration". It usually comes from a block moved to a
    /// new file without being removed from the old one.
    ///
    /// Override files (`override.tf`, `*_override.tf`) merge into existing
    /// blocks by design and are not judged. In a Markdown answer, only
    /// distinct named files count: a file shown again (`main.tf` and its
    /// revision) and unnamed blocks (often drafts) are not compared with
    /// other files.
    ///
    /// ## Remediation
    /// Keep one declaration and remove or rename the other:
    ///
    /// ```hcl
    /// # variables.tf
    /// variable "region" {
    ///   type = string
    /// }
    ///
    /// # main.tf: no second `variable "region"` here
    /// ```
    pub CONTROL {
        id: "VAL021",
        slug: "duplicate-declarations",
        category: Category::Val,
        severity: Severity::Critical,
        scope: Scope::Everything,
        references: &[
            "Terraform documentation: Resource Blocks (resource names must be unique per module)",
            "Terraform documentation: Override Files",
        ],
        peers: &[],
        good: &[
            r#"
# file: main.tf
provider "aws" {
  region = "us-east-1"
}

provider "aws" {
  alias  = "west"
  region = "us-west-2"
}

resource "aws_s3_bucket" "logs" {
  bucket = "example-logs"
}

# file: override.tf
resource "aws_s3_bucket" "logs" {
  force_destroy = true
}
"#,
        ],
        bad: &[
            r#"
# file: versions.tf
terraform { # expect: fail
  required_providers {
    aws = { source = "hashicorp/aws" }
  }
}

# file: variables.tf
variable "region" { # expect: fail
  type = string
}

# file: main.tf
terraform {
  required_providers {
    aws = { source = "hashicorp/aws" }
  }
}

variable "region" {
  type = string
}

provider "aws" {
  region = var.region
}

provider "aws" { # expect: fail
  region = "us-west-2"
}

resource "aws_s3_bucket" "logs" {
  bucket = "example-logs"
}

resource "aws_s3_bucket" "logs" { # expect: fail
  bucket = "example-logs-2"
}

locals {
  name = "a"
}

locals {
  name = "b" # expect: fail
}

output "bucket" {
  value = aws_s3_bucket.logs.id
}

output "bucket" { # expect: fail
  value = aws_s3_bucket.logs.arn
}
"#,
        ],
        check,
    }
}

/// Override files merge into the blocks they repeat.
fn is_override_file(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    let stem = name
        .strip_suffix(".tf.json")
        .or_else(|| name.strip_suffix(".tf"))
        .unwrap_or(name);
    stem == "override" || stem.ends_with("_override")
}

/// A path without the `~N` a repeated file name gets (`main~2.tf` →
/// `main.tf`): the same file given twice, not two declarations.
fn original_name(path: &str) -> String {
    let (folder, name) = path.rsplit_once('/').unwrap_or(("", path));
    let (stem, extension) = name.split_once('.').unwrap_or((name, ""));
    let stem = match stem.rsplit_once('~') {
        Some((base, number))
            if !number.is_empty() && number.bytes().all(|b| b.is_ascii_digit()) =>
        {
            base
        }
        _ => stem,
    };
    format!("{folder}/{stem}.{extension}")
}

/// A file of a Markdown answer that may be a draft or a repetition of
/// another: an unnamed block (`block-3.tf`) or a file name shown again
/// (`main~2.tf`). Answers revise as they go; only named, distinct files
/// are taken as the configuration's files.
fn is_answer_draft(path: &str) -> bool {
    let mut folders: Vec<&str> = path.split('/').collect();
    let Some(name) = folders.pop() else {
        return false;
    };
    let in_answer = folders
        .iter()
        .any(|f| crate::input::FileKind::of_path(f) == crate::input::FileKind::Markdown);
    let stem = name.split('.').next().unwrap_or(name);
    in_answer
        && (stem.contains('~')
            || stem
                .strip_prefix("block-")
                .is_some_and(|n| n.bytes().all(|b| b.is_ascii_digit())))
}

/// One declaration: its module, address, where it is reported, and the
/// resource when it is one.
struct Declared<'m> {
    module: usize,
    address: String,
    header: &'m Span,
    at: &'m Span,
    resource: Option<&'m Resource>,
}

fn declarations(model: &Model) -> Vec<Declared<'_>> {
    let mut out = Vec::new();
    for resource in model.written_resources() {
        out.push(Declared {
            module: resource.module,
            address: resource.address(),
            header: &resource.block.span,
            at: &resource.block.span,
            resource: Some(resource),
        });
    }
    for (index, module) in model.modules.iter().enumerate() {
        let mut items: Vec<(String, &Span, &Span)> = Vec::new();
        for v in &module.variables {
            items.push((format!("var.{}", v.name), &v.span, &v.span));
        }
        for l in &module.locals {
            let s = &l.attribute.span;
            items.push((format!("local.{}", l.name), s, s));
        }
        for o in &module.outputs {
            items.push((format!("output.{}", o.name), &o.span, &o.span));
        }
        for m in &module.module_calls {
            items.push((format!("module.{}", m.name), &m.span, &m.span));
        }
        for t in &module.terraform {
            if !t.required_providers.is_empty() {
                items.push(("terraform.required_providers".to_owned(), &t.span, &t.span));
            }
            if t.backend.is_some() {
                items.push(("terraform.backend".to_owned(), &t.span, &t.span));
            }
        }
        for p in &module.providers {
            let address = match (provider_alias(&p.body), p.body.attr("alias")) {
                (Some(alias), _) => format!("provider.{}.{alias}", p.name),
                (None, None) => format!("provider.{}", p.name),
                // An alias that is not a known string: not comparable.
                (None, Some(_)) => continue,
            };
            items.push((address, &p.span, &p.span));
        }
        out.extend(items.into_iter().map(|(address, header, at)| Declared {
            module: index,
            address,
            header,
            at,
            resource: None,
        }));
    }
    out
}

fn check(cx: &RuleContext<'_>, out: &mut Verdicts) {
    let model = cx.model;
    let path = |span: &Span| model.files.get(span.file).map_or("", |f| f.path.as_str());
    let all = declarations(model);
    let mut first: HashMap<(usize, &str), &Declared<'_>> = HashMap::new();
    let mut failures = 0;
    for declared in &all {
        let key = (declared.module, declared.address.as_str());
        let Some(earlier) = first.get(&key).copied() else {
            first.insert(key, declared);
            continue;
        };
        let (here, there) = (path(declared.header), path(earlier.header));
        if is_override_file(here) || is_override_file(there) {
            continue;
        }
        if here != there
            && (original_name(here) == original_name(there)
                || is_answer_draft(here)
                || is_answer_draft(there))
        {
            continue;
        }
        failures += 1;
        let location = model.location(earlier.header);
        let message = format!(
            "`{}` is declared twice in one module (also at {}:{})",
            declared.address, location.file, location.line
        );
        let verdict = match declared.resource {
            Some(resource) => out.fail(resource, declared.at, message),
            None => out.named(
                Outcome::Fail,
                declared.address.clone(),
                declared.header,
                declared.at,
                message,
            ),
        };
        verdict.secondary(earlier.header);
    }
    if failures == 0 && !all.is_empty() {
        out.stack(Outcome::Pass, "every address is declared once per module");
    }
}

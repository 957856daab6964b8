//! VAL006: references name attributes the referenced type has.

use crate::rules::prelude::*;
use crate::validate::{self, BadReference};

declare_control! {
    /// References to AWS resources and data sources name attributes their type has.
    ///
    /// ## Why it matters
    /// `aws_s3_bucket.logs.bucket_arn` fails validation (`This object has no
    /// argument, nested block, or exported attribute named "bucket_arn"`):
    /// the attribute is `arn`. Such references come from guessing names
    /// across types. Every attribute the provider's schema gives a type
    /// (arguments, nested blocks and computed attributes) can be referenced;
    /// references in resources, outputs, locals, module calls and provider
    /// blocks are judged.
    ///
    /// ## Remediation
    /// Refer to the attribute the type exports:
    ///
    /// ```hcl
    /// output "logs_bucket_arn" {
    ///   value = aws_s3_bucket.logs.arn
    /// }
    /// ```
    pub CONTROL {
        id: "VAL006",
        slug: "known-attribute-references",
        category: Category::Val,
        severity: Severity::Critical,
        scope: Scope::Everything,
        references: &[
            "Terraform: References to Named Values (resource attributes)",
            "Terraform: terraform validate",
        ],
        peers: &[],
        good: &[
            r#"
resource "aws_s3_bucket" "logs" {
  bucket = "logs"
}

resource "aws_s3_bucket_policy" "logs" {
  bucket = aws_s3_bucket.logs.id
  policy = jsonencode({
    Statement = [{
      Effect    = "Deny"
      Principal = "*"
      Action    = "s3:*"
      Resource  = ["${aws_s3_bucket.logs.arn}/*", aws_s3_bucket.logs.arn]
    }]
  })
}

output "logs_bucket" {
  value = [for b in [aws_s3_bucket.logs] : b.bucket_domain_name]
}
"#,
        ],
        bad: &[
            r#"
resource "aws_s3_bucket" "logs" {
  bucket = "logs"
}

data "aws_caller_identity" "current" {}

output "logs_bucket_arn" {
  value = aws_s3_bucket.logs.bucket_arn # expect: fail
}

locals {
  account = data.aws_caller_identity.current.account # expect: fail
}
"#,
        ],
        check,
    }
}

fn check(cx: &RuleContext<'_>, out: &mut Verdicts) {
    let model = cx.model;
    for resource in model.written_resources() {
        let mut bad: Vec<BadReference> = Vec::new();
        let attributes = validate::all_attributes(resource.body());
        if attributes.iter().all(|a| a.traversals.is_empty()) {
            continue;
        }
        validate::bad_references(model, resource.module, attributes.into_iter(), &mut bad);
        if bad.is_empty() {
            out.pass(resource, "references name attributes their types have");
        }
        for b in bad {
            if b.warn {
                out.warn(resource, &b.span, b.message);
            } else {
                out.fail(resource, &b.span, b.message);
            }
        }
    }
    for (index, module) in model.modules.iter().enumerate() {
        let mut named: Vec<(String, &Span, Vec<&Attribute>)> = Vec::new();
        for output in &module.outputs {
            named.push((
                format!("output.{}", output.name),
                &output.span,
                validate::all_attributes(&output.body),
            ));
        }
        for local in &module.locals {
            named.push((
                format!("local.{}", local.name),
                &local.attribute.span,
                vec![&local.attribute],
            ));
        }
        for call in &module.module_calls {
            named.push((
                format!("module.{}", call.name),
                &call.span,
                validate::all_attributes(&call.body),
            ));
        }
        for provider in &module.providers {
            named.push((
                format!("provider.{}", provider.name),
                &provider.span,
                validate::all_attributes(&provider.body),
            ));
        }
        for (address, header, attributes) in named {
            if attributes.iter().all(|a| a.traversals.is_empty()) {
                continue;
            }
            let mut bad: Vec<BadReference> = Vec::new();
            validate::bad_references(model, index, attributes.into_iter(), &mut bad);
            for b in bad {
                let outcome = if b.warn { Outcome::Warn } else { Outcome::Fail };
                out.named(outcome, address.clone(), header, &b.span, b.message);
            }
        }
    }
}

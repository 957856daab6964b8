//! VAL023: a block sets `count` or `for_each`, not both.

use crate::rules::prelude::*;

declare_control! {
    /// A resource, data source or module call sets `count` or `for_each`, never both.
    ///
    /// ## Why it matters
    /// `count` makes a list of instances addressed by number and
    /// `for_each` a map addressed by key; a block cannot be both, and
    /// `terraform validate` rejects it ("Invalid combination of "count"
    /// and "for_each""). The configuration cannot be planned.
    ///
    /// ## Remediation
    /// Keep one. To create a keyed set conditionally, filter the
    /// `for_each` collection instead of adding `count`:
    ///
    /// ```hcl
    /// resource "aws_s3_bucket" "data" {
    ///   for_each = var.enabled ? toset(var.bucket_names) : toset([])
    ///   bucket   = each.value
    /// }
    /// ```
    pub CONTROL {
        id: "VAL023",
        slug: "count-and-for-each",
        category: Category::Val,
        severity: Severity::Critical,
        scope: Scope::Everything,
        references: &[
            "Terraform documentation: The for_each Meta-Argument (a block cannot use both count and for_each)",
        ],
        peers: &[],
        good: &[
            r#"
resource "aws_s3_bucket" "data" {
  for_each = toset(["a", "b"])
  bucket   = "example-${each.value}"
}

module "vpc" {
  source = "./modules/vpc"
  count  = 1
}
"#,
        ],
        bad: &[
            r#"
resource "aws_s3_bucket" "data" {
  count    = 2
  for_each = toset(["a", "b"]) # expect: fail
  bucket   = "example-${each.value}"
}

module "vpc" {
  source   = "./modules/vpc"
  for_each = toset(["a"])
  count    = 1 # expect: fail
}
"#,
        ],
        check,
    }
}

const MESSAGE: &str = "`count` and `for_each` are both set: a block may use only one";

/// The later of the two arguments (where the conflict shows), when both
/// are set.
fn conflict(body: &Body) -> Option<&Attribute> {
    let count = body.attributes.iter().position(|a| a.name == "count")?;
    let for_each = body.attributes.iter().position(|a| a.name == "for_each")?;
    body.attributes.get(count.max(for_each))
}

fn check(cx: &RuleContext<'_>, out: &mut Verdicts) {
    let mut judged = 0;
    for resource in cx.model.written_resources() {
        judged += 1;
        if let Some(attr) = conflict(resource.body()) {
            out.fail(resource, &attr.span, MESSAGE);
        }
    }
    for module in &cx.model.modules {
        for call in &module.module_calls {
            judged += 1;
            if let Some(attr) = conflict(&call.body) {
                out.named(
                    Outcome::Fail,
                    format!("module.{}", call.name),
                    &call.span,
                    &attr.span,
                    MESSAGE,
                );
            }
        }
    }
    if judged > 0 && out.is_empty() {
        out.stack(Outcome::Pass, "no block sets both `count` and `for_each`");
    }
}

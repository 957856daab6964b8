//! VAL020: every reference names something the module declares.

use crate::model::{Model, Resource};
use crate::rules::prelude::*;
use crate::validate::declarations::{self, ModuleDeclarations, Target};
use crate::validate::locate;
use std::collections::{HashMap, HashSet};

declare_control! {
    /// References name declared variables, locals, modules, resources, data sources and provider configurations.
    ///
    /// ## Why it matters
    /// `terraform validate` stops at the first reference to something the
    /// module does not declare: `var.region` without a `variable "region"`
    /// block, `aws_s3_bucket.logs.id` without that resource,
    /// `data.aws_iam_policy_document.x.json` without that data source,
    /// `module.vpc.vpc_id` without a `module "vpc"` block, or
    /// `provider = aws.west` without a `provider "aws"` block whose
    /// `alias` is `west`. Nothing of such a configuration can be planned,
    /// let alone deployed; it usually means a file was left out or a block
    /// was renamed in one place only.
    ///
    /// When a file of the module does not parse, the declarations its
    /// block headers show still count, and locals and provider aliases are
    /// not judged. Iteration names (`each`, `count`, `self`, `for` variables, a
    /// `dynamic` block's iterator), `path` and `terraform` are not
    /// declarations and are not judged; nor are a module's outputs, which
    /// need the module's source.
    ///
    /// ## Remediation
    /// Declare what is referenced, or correct the reference:
    ///
    /// ```hcl
    /// variable "region" {
    ///   type = string
    /// }
    ///
    /// provider "aws" {
    ///   alias  = "west"
    ///   region = var.region
    /// }
    ///
    /// resource "aws_s3_bucket" "replica" {
    ///   provider = aws.west
    ///   bucket   = "example-replica"
    /// }
    /// ```
    pub CONTROL {
        id: "VAL020",
        slug: "undeclared-references",
        category: Category::Val,
        severity: Severity::Critical,
        scope: Scope::Everything,
        references: &[
            "Terraform documentation: References to Named Values",
            "Terraform documentation: Provider Configuration (alias: multiple provider configurations)",
        ],
        peers: &[],
        good: &[
            r#"
variable "name" {
  type = string
}

locals {
  tags = { Name = var.name }
}

provider "aws" {
  alias  = "west"
  region = "us-west-2"
}

resource "aws_security_group" "web" {
  provider = aws.west
  name     = var.name
  tags     = local.tags

  dynamic "ingress" {
    for_each = [80, 443]
    content {
      from_port   = ingress.value
      to_port     = ingress.value
      protocol    = "tcp"
      cidr_blocks = [for c in ["10.0.0.0/8"] : c]
    }
  }

  lifecycle {
    ignore_changes = [tags.Owner]
  }
}

resource "aws_instance" "app" {
  count                  = 2
  ami                    = "ami-12345678"
  instance_type          = "t3.micro"
  vpc_security_group_ids = [aws_security_group.web.id]
  tags                   = { Name = "app-${count.index}", Dir = path.module }
}

module "vpc" {
  source = "./modules/vpc"
}

output "vpc" {
  value = module.vpc.vpc_id
}
"#,
        ],
        bad: &[
            r#"
provider "aws" {
  region = "us-east-1"
}

resource "aws_s3_bucket" "logs" {
  provider = aws.west # expect: fail
  bucket   = var.bucket_name # expect: fail
}

resource "aws_s3_bucket_policy" "logs" {
  bucket = aws_s3_bucket.log.id # expect: fail
  policy = data.aws_iam_policy_document.logs.json # expect: fail
}

locals {
  subnet = module.network.private_subnet_id # expect: fail
}

output "bucket" {
  value = local.bucket_arn # expect: fail
}
"#,
        ],
        check,
    }
}

/// Who holds a reference: a resource, or another block by address (`local`
/// and `x` for `local.x`) and header.
#[derive(Clone, Copy)]
enum Holder<'m> {
    Resource(&'m Resource),
    Named(&'static str, &'m str, &'m Span),
}

/// Other uses of one undeclared name listed with its finding.
const MAX_OTHER_USES: usize = 20;

struct Judge<'m, 'o> {
    model: &'m Model,
    out: &'o mut Verdicts,
    /// One finding per module and undeclared name: its position in `out`
    /// and how many uses it lists.
    reported: HashMap<(usize, &'m str), (usize, usize)>,
}

impl<'m> Judge<'m, '_> {
    /// Records a use of an undeclared name: a finding at its first use,
    /// later uses as its secondary locations.
    fn fail(
        &mut self,
        module: usize,
        name: &'m str,
        holder: Holder<'m>,
        at: &Span,
        message: impl FnOnce() -> String,
    ) {
        if let Some((position, uses)) = self.reported.get_mut(&(module, name)) {
            *uses += 1;
            if *uses <= MAX_OTHER_USES {
                if let Some(verdict) = self.out.items.get_mut(*position) {
                    verdict.secondary(at);
                }
            }
            return;
        }
        self.reported
            .insert((module, name), (self.out.items.len(), 0));
        match holder {
            Holder::Resource(resource) => {
                self.out.fail(resource, at, message());
            }
            Holder::Named(kind, holder_name, header) => {
                self.out.named(
                    Outcome::Fail,
                    format!("{kind}.{holder_name}"),
                    header,
                    at,
                    message(),
                );
            }
        }
    }

    /// Judges every attribute of a body, nested blocks included.
    /// `follow_locals`: the attributes' references include those of the
    /// locals they use (resources, outputs), which are judged at the local.
    fn body(
        &mut self,
        module: usize,
        decls: &ModuleDeclarations<'m>,
        holder: Holder<'m>,
        body: &'m Body,
        skip: &[&str],
    ) {
        for attr in &body.attributes {
            if !skip.contains(&attr.name.as_str()) {
                self.attribute(module, decls, holder, attr, true);
            }
        }
        for block in &body.blocks {
            // `ignore_changes` lists the resource's own arguments, not references.
            let skip: &[&str] = if block.kind == "lifecycle" && !block.dynamic {
                &["ignore_changes"]
            } else {
                &[]
            };
            self.body(module, decls, holder, &block.body, skip);
        }
    }

    fn attribute(
        &mut self,
        module: usize,
        decls: &ModuleDeclarations<'m>,
        holder: Holder<'m>,
        attr: &'m Attribute,
        follow_locals: bool,
    ) {
        let mut through_locals: Option<HashSet<&str>> = None;
        for reference in &attr.references {
            let Some(target) = Target::of(reference) else {
                continue;
            };
            if decls.declares(target) {
                continue;
            }
            if follow_locals {
                let via = through_locals.get_or_insert_with(|| {
                    attr.references
                        .iter()
                        .filter_map(|r| r.strip_prefix("local."))
                        .filter_map(|name| decls.locals.get(name))
                        .flat_map(|local| local.attribute.references.iter().map(String::as_str))
                        .collect()
                });
                if via.contains(reference.as_str()) {
                    continue;
                }
            }
            let at = locate::name_in(self.model, &attr.span, reference);
            self.fail(module, reference, holder, &at, || {
                undeclared(target, reference, decls)
            });
        }
    }

    /// A resource's `provider` argument names a declared configuration.
    fn provider(&mut self, decls: &ModuleDeclarations<'m>, resource: &'m Resource) {
        let Some(attr) = resource.body().attr("provider") else {
            return;
        };
        if !decls.aliases_known {
            return;
        }
        for reference in &attr.references {
            let Some((name, alias)) = reference.split_once('.') else {
                continue;
            };
            // A module without `provider "<name>"` blocks receives its
            // configurations from elsewhere (a caller, a file not given).
            if !decls.configured.contains(name)
                || decls.provider_aliases.contains(reference.as_str())
            {
                continue;
            }
            let at = locate::name_in(self.model, &attr.span, reference);
            self.fail(resource.module, reference, Holder::Resource(resource), &at, || {
                let suggestion = declarations::closest(
                    reference,
                    decls.provider_aliases.iter().map(String::as_str),
                )
                .map(|s| format!("; did you mean `{s}`?"))
                .unwrap_or_default();
                format!(
                    "provider configuration `{reference}` is not declared: no `provider \"{name}\"` block with `alias = \"{alias}\"` (nor a `configuration_aliases` entry){suggestion}"
                )
            });
        }
    }
}

/// Declared names of the same kind as the target, for "did you mean".
fn suggestion(target: Target<'_>, decls: &ModuleDeclarations<'_>) -> Option<String> {
    let found = match target {
        Target::Variable(name) => {
            declarations::closest(name, decls.variables.iter().copied()).map(|s| format!("var.{s}"))
        }
        Target::Local(name) => {
            declarations::closest(name, decls.locals.keys().copied()).map(|s| format!("local.{s}"))
        }
        Target::ModuleCall(name) => declarations::closest(name, decls.module_calls.iter().copied())
            .map(|s| format!("module.{s}")),
        // Another name of the same type (a type that does not exist is
        // the schema's to judge).
        Target::Data(address) | Target::Resource(address) => {
            let (kind, name) = address.rsplit_once('.')?;
            let declared = if matches!(target, Target::Data(_)) {
                &decls.data
            } else {
                &decls.resources
            };
            let names = declared.iter().filter_map(|d| {
                d.rsplit_once('.')
                    .and_then(|(k, n)| (k == kind).then_some(n))
            });
            declarations::closest(name, names).map(|s| format!("{kind}.{s}"))
        }
    };
    found.map(|s| format!("; did you mean `{s}`?"))
}

fn undeclared(target: Target<'_>, reference: &str, decls: &ModuleDeclarations<'_>) -> String {
    let missing = match target {
        Target::Variable(name) => format!("no `variable \"{name}\"` block"),
        Target::Local(name) => format!("no `locals` block defines `{name}`"),
        Target::ModuleCall(name) => format!("no `module \"{name}\"` block"),
        Target::Data(address) => {
            let mut parts = address.splitn(3, '.').skip(1);
            let kind = parts.next().unwrap_or_default();
            let name = parts.next().unwrap_or_default();
            format!("no `data \"{kind}\" \"{name}\"` block")
        }
        Target::Resource(address) => {
            let (kind, name) = address.split_once('.').unwrap_or((address, ""));
            format!("no `resource \"{kind}\" \"{name}\"` block")
        }
    };
    format!(
        "{} `{reference}` is not declared: {missing} in this module{}",
        target.kind(),
        suggestion(target, decls).unwrap_or_default()
    )
}

fn check(cx: &RuleContext<'_>, out: &mut Verdicts) {
    let model = cx.model;
    let decls = declarations::index(model);
    let mut judge = Judge {
        model,
        out,
        reported: HashMap::new(),
    };
    for resource in model.written_resources() {
        let Some(d) = decls.get(resource.module) else {
            continue;
        };
        judge.body(
            resource.module,
            d,
            Holder::Resource(resource),
            resource.body(),
            &["provider"],
        );
        judge.provider(d, resource);
    }
    for (index, module) in model.modules.iter().enumerate() {
        let Some(d) = decls.get(index) else {
            continue;
        };
        for local in &module.locals {
            let holder = Holder::Named("local", &local.name, &local.attribute.span);
            judge.attribute(index, d, holder, &local.attribute, false);
        }
        for output in &module.outputs {
            let holder = Holder::Named("output", &output.name, &output.span);
            judge.body(index, d, holder, &output.body, &[]);
        }
        for call in &module.module_calls {
            // `providers` maps the child's configurations (keys) to ours.
            let holder = Holder::Named("module", &call.name, &call.span);
            judge.body(index, d, holder, &call.body, &["providers"]);
        }
        for provider in &module.providers {
            let holder = Holder::Named("provider", &provider.name, &provider.span);
            judge.body(index, d, holder, &provider.body, &[]);
        }
    }
    if judge.reported.is_empty() && !model.modules.is_empty() {
        judge.out.stack(
            Outcome::Pass,
            "every reference names a declared variable, local, module, resource, data source or provider configuration",
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::model::Model;
    use crate::rules::{evaluate_control, FindingStatus, RuleOptions};
    use crate::InputSet;

    fn failures(main_tf: &str) -> Vec<(String, usize)> {
        let mut input = InputSet::new();
        input.add("main.tf", main_tf);
        let model = Model::from_input(&input);
        evaluate_control(&super::CONTROL, &model, &RuleOptions::default())
            .findings
            .into_iter()
            .filter(|f| f.status == FindingStatus::Fail)
            .map(|f| (f.message, f.secondary.len()))
            .collect()
    }

    #[test]
    fn one_finding_per_name_with_other_uses_and_a_suggestion() {
        let found = failures(
            r#"
variable "bucket_name" {
  type = string
}

resource "aws_s3_bucket" "a" {
  bucket = var.bucket_nme
  tags   = { Name = var.bucket_nme, Other = "${var.bucket_nme}-x" }
}
"#,
        );
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].0.contains("did you mean `var.bucket_name`"),
            "{found:?}"
        );
        assert_eq!(found[0].1, 1, "the other use is a secondary location");
    }

    #[test]
    fn explicit_resource_prefix_splats_and_nested_iterators_resolve() {
        let found = failures(
            r#"
resource "aws_subnet" "private" {
  count      = 2
  vpc_id     = "vpc-1"
  cidr_block = "10.0.${count.index}.0/24"
}

resource "aws_security_group" "app" {
  vpc_id = resource.aws_subnet.private[0].vpc_id
  tags   = { Subnets = join(",", aws_subnet.private[*].id) }

  dynamic "ingress" {
    for_each = { web = [80, 443] }
    iterator = rule
    content {
      description = rule.key
      dynamic "cidr" {
        for_each = rule.value
        content {
          port = cidr.value + length(rule.value)
        }
      }
    }
  }
}
"#,
        );
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn a_file_that_does_not_parse_still_declares_its_headers() {
        let mut input = InputSet::new();
        input.add("main.tf", "resource \"aws_s3_bucket\" \"a\" {\n  bucket = var.name\n  tags   = local.tags\n  acl    = var.acl\n}\n");
        input.add(
            "variables.tf",
            "variable \"name\"{\n  type = string\n\nlocals {\n  tags = {}\n}\n",
        );
        let model = Model::from_input(&input);
        assert!(!model.parse_errors.is_empty());
        let found: Vec<String> = evaluate_control(&super::CONTROL, &model, &RuleOptions::default())
            .findings
            .into_iter()
            .filter(|f| f.status == FindingStatus::Fail)
            .map(|f| f.message)
            .collect();
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].contains("var.acl"));
    }

    #[test]
    fn aliases_are_judged_only_where_the_provider_is_configured() {
        let resource = "resource \"aws_s3_bucket\" \"a\" {\n  provider = aws.west\n}\n";
        assert!(failures(resource).is_empty());
        let configured = format!("provider \"aws\" {{\n  alias = \"west-2\"\n}}\n{resource}");
        let found = failures(&configured);
        assert_eq!(found.len(), 1);
        assert!(
            found[0].0.contains("did you mean `aws.west-2`"),
            "{found:?}"
        );
    }
}

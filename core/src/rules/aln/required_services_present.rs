//! ALN001: every service the task names is in the configuration.

use crate::input::normalize_path;
use crate::model::{Model, ModuleCall};
use crate::prompt::lexicon;
use crate::rules::prelude::*;

declare_control! {
    /// Every service the task asks for has at least one resource.
    ///
    /// ## Why it matters
    /// An answer that leaves out a service the task names (CloudTrail, AWS
    /// Config, Secrets Manager, WAF…) has not understood or not finished
    /// the task, however well the rest is written: reviewers grade such an
    /// answer as a requirements gap first. The services come from the
    /// `services` requirement, which the prompt lexicon fills from the task
    /// text (`data/prompt-lexicon.json`) or which is set by hand
    /// (`--require services=cloudtrail,config`). A service counts as
    /// present when the configuration declares at least one resource of
    /// one of its types (`aws_cloudtrail` for CloudTrail, `aws_lb` for a
    /// load balancer, `aws_rds_cluster` for RDS), or a module call whose name
    /// or source names it (`terraform-aws-modules/vpc/aws` builds a VPC);
    /// whether it is configured well is for the other controls to judge. A
    /// resource switched off by a variable's default (`count =
    /// var.enable_trail ? 1 : 0`) is declared and counts. When nothing
    /// declares the service but the configuration calls modules whose code
    /// is not in the input, the result is "could not be determined", not a
    /// failure. Services the prompt only mentions (in passing, as optional,
    /// as an alternative or as something that exists already) are listed
    /// with confidence `low` and not judged here.
    ///
    /// ## Remediation
    /// Add the missing service, e.g. for CloudTrail:
    ///
    /// ```hcl
    /// resource "aws_cloudtrail" "main" {
    ///   name                          = "main"
    ///   s3_bucket_name                = aws_s3_bucket.trail.id
    ///   is_multi_region_trail         = true
    ///   enable_log_file_validation    = true
    /// }
    /// ```
    pub CONTROL {
        id: "ALN001",
        slug: "required-services-present",
        category: Category::Aln,
        severity: Severity::Critical,
        scope: Scope::Everything,
        references: &["tfgrade RUBRIC.md section 5: Task alignment (prompt lexicon)"],
        peers: &[],
        good: &[
            r#"
# require: services=cloudtrail,kms
resource "aws_kms_key" "trail" {
  enable_key_rotation = true
}

resource "aws_cloudtrail" "main" {
  name           = "main"
  s3_bucket_name = "trail-logs"
  kms_key_id     = aws_kms_key.trail.arn
}
"#,
            // A service the lexicon does not know is found by its resource-type prefix.
            r#"
# require: services=lambda,dynamodb
resource "aws_lambda_function" "api" {
  function_name = "api"
  role          = "arn:aws:iam::123456789012:role/api"
}

resource "aws_dynamodb_table" "items" {
  name     = "items"
  hash_key = "id"
}
"#,
            // A module whose source names the service builds it; a trail
            // behind a switch is built when the switch is on.
            r#"
# require: services=vpc,cloudtrail
variable "enable_trail" {
  type    = bool
  default = false
}

module "vpc" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "5.8.1"
  cidr    = "10.0.0.0/16"
}

resource "aws_cloudtrail" "audit" {
  count          = var.enable_trail ? 1 : 0
  name           = "audit"
  s3_bucket_name = "audit-logs"
}
"#,
        ],
        bad: &[
            // CloudTrail and AWS Config were asked for; only KMS is there.
            r#"
# require: services=kms,cloudtrail,config
# expect-stack: fail
resource "aws_kms_key" "data" {
  enable_key_rotation = true
}
"#,
            // A resource with `count = 0` declares nothing.
            r#"
# require: services=guardduty
# expect-stack: fail
resource "aws_guardduty_detector" "main" {
  count  = 0
  enable = true
}
"#,
            // The code of a module that is not in the input may build it:
            // could not be determined.
            r#"
# require: services=guardduty
module "security" { # expect: unknown
  source = "./modules/security"
}
"#,
        ],
        check,
    }
}

/// Words of a module call's name and source (`terraform-aws-modules/vpc/aws`
/// gives `terraform`, `aws`, `modules`, `vpc`, `aws`).
fn module_words(call: &ModuleCall) -> Vec<String> {
    let source = call.source.as_deref().unwrap_or("");
    [call.name.as_str(), source]
        .iter()
        .flat_map(|s| s.split(|c: char| !c.is_ascii_alphanumeric()))
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect()
}

/// Whether a module call's code is in the input: a local source whose
/// folder was read. Registry and remote modules, and local folders left
/// out, are opaque: any service may be inside.
fn is_opaque(model: &Model, caller: usize, call: &ModuleCall) -> bool {
    let Some(source) = call.source.as_deref() else {
        return true;
    };
    if !(source.starts_with("./") || source.starts_with("../")) {
        return true;
    }
    let dir = model.modules.get(caller).map_or("", |m| m.dir.as_str());
    let path = normalize_path(&format!("{dir}/{source}"));
    !model.modules.iter().any(|m| m.dir == path)
}

/// A resource whose `count` or `for_each` is zero only because of a
/// variable's default: the service is there when the variable is set.
fn toggled(r: &Resource) -> bool {
    ["count", "for_each"].iter().any(|name| {
        r.body()
            .attr(name)
            .is_some_and(|a| a.references.iter().any(|x| x.starts_with("var.")))
    })
}

fn check(cx: &RuleContext<'_>, out: &mut Verdicts) {
    let calls: Vec<(usize, &ModuleCall)> = cx
        .model
        .modules
        .iter()
        .enumerate()
        .flat_map(|(i, m)| m.module_calls.iter().map(move |c| (i, c)))
        .collect();
    let opaque: Vec<&ModuleCall> = calls
        .iter()
        .filter(|(i, c)| is_opaque(cx.model, *i, c))
        .map(|(_, c)| *c)
        .collect();
    for id in cx.requirements.services() {
        let service = lexicon().service(&id);
        let (name, types): (String, Vec<String>) = match service {
            Some(s) => (s.name.clone(), s.resource_types.clone()),
            None => (id.clone(), Vec::new()),
        };
        let prefix = format!("aws_{id}");
        let of_service = |r: &&Resource| {
            r.mode == Mode::Managed
                && if types.is_empty() {
                    r.resource_type == prefix || r.resource_type.starts_with(&format!("{prefix}_"))
                } else {
                    types.contains(&r.resource_type)
                }
        };
        if let Some(resource) = cx
            .model
            .resources
            .iter()
            .filter(of_service)
            .find(|r| exists(r))
        {
            out.pass(
                resource,
                format!("{name} is present (`{}`)", resource.address()),
            );
            continue;
        }
        // Declared behind a switch the user sets (`count = var.enable ? 1 : 0`):
        // built when switched on, even where the defaults leave it off.
        if let Some(resource) = cx
            .model
            .resources
            .iter()
            .filter(of_service)
            .find(|r| toggled(r))
        {
            out.pass(
                resource,
                format!(
                    "{name} is declared (`{}`), switched by a variable that is off by default",
                    resource.address()
                ),
            );
            continue;
        }
        let keywords: &[String] = service.map_or(&[], |s| s.module_words.as_slice());
        let by_module = calls.iter().find(|(_, c)| {
            module_words(c)
                .iter()
                .any(|w| keywords.contains(w) || *w == id)
        });
        if let Some((_, call)) = by_module {
            out.named(
                Outcome::Pass,
                format!("module.{}", call.name),
                &call.span,
                &call.span,
                format!("{name} is built by module `{}`", call.name),
            );
            continue;
        }
        let expected = if types.is_empty() {
            format!("`{prefix}_*`")
        } else {
            let mut named: Vec<String> = types.iter().take(2).map(|t| format!("`{t}`")).collect();
            if types.len() > 2 {
                named.push("another resource of the service".to_string());
            }
            named.join(" or ")
        };
        if let Some(call) = opaque.first() {
            out.named(
                Outcome::Unknown,
                format!("module.{}", call.name),
                &call.span,
                &call.span,
                format!(
                    "could not be determined: the task asks for {name}; no {expected} is declared, and {} module call(s) whose code is not in the input may build it",
                    opaque.len()
                ),
            );
            continue;
        }
        out.stack(
            Outcome::Fail,
            format!("the task asks for {name}, but the configuration has no {expected}"),
        );
    }
}

//! ALN002: the settings the task states explicitly hold.

use crate::profile::Stance;
use crate::rules::ops::multi_az::standby_role;
use crate::rules::prelude::*;

declare_control! {
    /// Every setting the task states explicitly (stance, threshold, region, engine, prefix) holds.
    ///
    /// ## Why it matters
    /// A task often fixes settings that differ from general best practice:
    /// "no resource should have deletion protection enabled" so that test
    /// stacks can be torn down, "30-day backup retention", "deploy in
    /// us-west-2", "PostgreSQL", "prefix every name with SecCFN". An
    /// answer that follows habit instead of the task ("enable deletion
    /// protection for production safety") fails the task even when the
    /// habit is a good one elsewhere. Only requirements stated explicitly
    /// (extracted from the prompt or set with `--require`) are judged:
    /// `deletion_protection`, `backup_retention_days`,
    /// `log_retention_days`, `multi_az`, `region`, `db_engine` and
    /// `name_prefix`; requirements the prompt only implies with low
    /// confidence are listed, not judged.
    ///
    /// Regions: the task's regions are the ones the prompt names. The
    /// default provider must deploy to one of them; a provider alias in a
    /// named region passes (the second region of a two-region task is
    /// correct, not a deviation), and an alias in another region is not
    /// judged (a provider for a global service, such as certificates for
    /// CloudFront in us-east-1). When the prompt asks for several regions
    /// (primary and secondary, a disaster-recovery region, cross-region
    /// replication), every named region needs a provider. Multi-AZ is not
    /// asked of read replicas (`replicate_source_db`) or of databases in a
    /// secondary region's provider.
    ///
    /// ## Remediation
    /// Write what the task states, even where a control's default stance
    /// differs, e.g. for "no resource should have deletion protection
    /// enabled" and "30-day backup retention":
    ///
    /// ```hcl
    /// resource "aws_db_instance" "main" {
    ///   engine                  = "postgres"
    ///   deletion_protection     = false
    ///   backup_retention_period = 30
    /// }
    /// ```
    pub CONTROL {
        id: "ALN002",
        slug: "required-settings-honored",
        category: Category::Aln,
        severity: Severity::High,
        scope: Scope::Everything,
        references: &["tfgrade RUBRIC.md section 5: Task alignment (requirement overrides)"],
        peers: &[],
        good: &[
            r#"
# require: deletion_protection=forbidden
# require: backup_retention_days=30
# require: db_engine=postgres
# require: region=us-west-2
provider "aws" {
  region = "us-west-2"
}

resource "aws_db_instance" "main" {
  engine                  = "postgres"
  deletion_protection     = false
  backup_retention_period = 30
}

resource "aws_lb" "web" {
  name = "web"
}
"#,
            r#"
# require: name_prefix=SecCFN
# require: multi_az=required
resource "aws_db_instance" "main" {
  identifier = "seccfn-db"
  engine     = "postgres"
  multi_az   = true
}

resource "aws_s3_bucket" "logs" {
  bucket = "seccfn-logs"
}

resource "aws_kms_alias" "main" {
  name = "alias/seccfn-main"
}

resource "aws_cloudwatch_log_group" "app" {
  name = "/seccfn/app"
}
"#,
            // Two regions, primary and secondary: each has a provider; the
            // us-east-1 alias for CloudFront certificates is not judged.
            r#"
# require: region=eu-west-1,eu-central-1
# require: multi_region=required
provider "aws" {
  region = "eu-west-1"
}

provider "aws" {
  alias  = "secondary"
  region = "eu-central-1"
}

provider "aws" {
  alias  = "certificates"
  region = "us-east-1"
}
"#,
        ],
        bad: &[
            // The task forbids deletion protection; habit turned it on.
            r#"
# require: deletion_protection=forbidden
resource "aws_db_instance" "main" {
  engine              = "postgres"
  deletion_protection = true # expect: fail
}

resource "aws_lb" "web" {
  enable_deletion_protection = true # expect: fail
}
"#,
            // Threshold, engine and region differ from the task; retention omitted.
            r#"
# require: backup_retention_days=30
# require: db_engine=postgres
# require: region=us-west-2
provider "aws" {
  region = "us-east-1" # expect: fail
}

resource "aws_db_instance" "main" {
  engine                  = "mysql" # expect: fail
  backup_retention_period = 7 # expect: fail
}

resource "aws_rds_cluster" "aurora" { # expect: fail
  engine = "aurora-postgresql"
}
"#,
            // Names without the prefix; a name only known after apply is not judged.
            r#"
# require: name_prefix=SecCFN
variable "suffix" {
  type = string
}

resource "aws_s3_bucket" "logs" {
  bucket = "app-logs" # expect: fail
}

resource "aws_s3_bucket_versioning" "logs" {
  bucket = aws_s3_bucket.logs.id
}

resource "aws_sns_topic" "alerts" {
  name = "alerts-${var.suffix}"
}

resource "aws_kms_alias" "main" {
  name = "alias/app-main" # expect: fail
}
"#,
            // A primary and a disaster-recovery region; only the primary has a provider.
            r#"
# require: region=us-east-1,us-west-2
# require: multi_region=required
# expect-stack: fail
provider "aws" {
  region = "us-east-1"
}
"#,
        ],
        check,
    }
}

const PROTECTED: &[&str] = &["aws_db_instance", "aws_rds_cluster", "aws_lb", "aws_alb"];
const DATABASES: &[&str] = &["aws_db_instance", "aws_rds_cluster"];
/// Attributes that hold a resource's name.
const NAME_ATTRIBUTES: &[&str] = &[
    "name",
    "name_prefix",
    "bucket",
    "bucket_prefix",
    "identifier",
    "identifier_prefix",
    "cluster_identifier",
    "function_name",
    "alias",
];

fn check(cx: &RuleContext<'_>, out: &mut Verdicts) {
    let req = cx.requirements;
    if req.get("deletion_protection").is_some() {
        deletion_protection(cx, req.deletion_protection(), out);
    }
    if let Some(days) = req
        .get("backup_retention_days")
        .and_then(|v| v.parse().ok())
    {
        backup_retention(cx, days, out);
    }
    if let Some(days) = req.get("log_retention_days").and_then(|v| v.parse().ok()) {
        log_retention(cx, days, out);
    }
    if req.get("multi_az").is_some() && req.multi_az() == Stance::Required {
        multi_az(cx, out);
    }
    let regions = req.regions();
    if !regions.is_empty() {
        provider_region(cx, &regions, req.multi_region(), out);
    }
    if let Some(engine) = req.db_engine() {
        db_engine(cx, engine, out);
    }
    if let Some(prefix) = req.name_prefix() {
        name_prefix(cx, prefix, out);
    }
}

fn deletion_protection(cx: &RuleContext<'_>, stance: Stance, out: &mut Verdicts) {
    if stance == Stance::Any {
        return;
    }
    for r in cx.resources_of(PROTECTED) {
        // Load balancers call it `enable_deletion_protection`.
        let name =
            if r.resource_type.starts_with("aws_db") || r.resource_type.starts_with("aws_rds") {
                "deletion_protection"
            } else {
                "enable_deletion_protection"
            };
        match (stance, setting(r.body(), name, flag(false))) {
            (_, Setting::Unknown(attr)) => {
                out.unknown(r, &attr.span, why_unknown(attr));
            }
            (Stance::Forbidden, Setting::Holds(attr)) => {
                out.fail(
                    r,
                    &attr.span,
                    format!("`{name}` is true, but the task forbids deletion protection"),
                );
            }
            (Stance::Forbidden, _) => {
                out.pass(r, "deletion protection is off, as the task asks");
            }
            (_, Setting::Holds(_)) => {
                out.pass(r, "deletion protection is on, as the task asks");
            }
            (_, Setting::Violated(attr)) => {
                out.fail(
                    r,
                    &attr.span,
                    format!("`{name}` is false, but the task requires it"),
                );
            }
            (_, Setting::Absent) => {
                out.missing(
                    r,
                    format!("`{name}` is not set (defaults to false), but the task requires it"),
                );
            }
        }
    }
}

/// A minimum number of days judged on one attribute; `absent` is the
/// message for an omitted attribute (`None`: omitted passes).
fn at_least(
    r: &Resource,
    name: &str,
    days: u32,
    zero_passes: bool,
    absent: Option<&str>,
    out: &mut Verdicts,
) {
    let predicate = |v: &Value| integer(v).map(|n| (zero_passes && n == 0) || n >= i64::from(days));
    match setting(r.body(), name, predicate) {
        Setting::Holds(_) => {
            out.pass(
                r,
                format!("`{name}` is at least {days} days, as the task asks"),
            );
        }
        Setting::Violated(attr) => {
            out.fail(
                r,
                &attr.span,
                format!("`{name}` is below the {days} days the task asks for"),
            );
        }
        Setting::Unknown(attr) => {
            out.unknown(r, &attr.span, why_unknown(attr));
        }
        Setting::Absent => match absent {
            Some(message) => {
                out.missing(r, format!("{message}; the task asks for {days} days"));
            }
            None => {
                out.pass(r, format!("`{name}` is not set: kept indefinitely"));
            }
        },
    }
}

fn backup_retention(cx: &RuleContext<'_>, days: u32, out: &mut Verdicts) {
    for r in cx.resources_of(DATABASES) {
        // Read replicas take their backups from the source.
        if r.body().attr("replicate_source_db").is_some() {
            continue;
        }
        at_least(
            r,
            "backup_retention_period",
            days,
            false,
            Some("`backup_retention_period` is not set (1 day by default)"),
            out,
        );
    }
}

fn log_retention(cx: &RuleContext<'_>, days: u32, out: &mut Verdicts) {
    for r in cx.resources_of(&["aws_cloudwatch_log_group"]) {
        // 0 and an omitted value keep the logs forever.
        at_least(r, "retention_in_days", days, true, None, out);
    }
}

fn multi_az(cx: &RuleContext<'_>, out: &mut Verdicts) {
    for r in cx.resources_of(DATABASES) {
        if r.resource_type == "aws_rds_cluster" {
            out.pass(r, "a cluster spans availability zones");
            continue;
        }
        if let Some(why) = standby_role(cx, r) {
            out.pass(r, format!("Multi-AZ not required: {why}"));
            continue;
        }
        match setting(r.body(), "multi_az", flag(false)) {
            Setting::Holds(_) => {
                out.pass(r, "`multi_az` is true, as the task asks");
            }
            Setting::Violated(attr) => {
                out.fail(
                    r,
                    &attr.span,
                    "`multi_az` is false, but the task asks for Multi-AZ",
                );
            }
            Setting::Unknown(attr) => {
                out.unknown(r, &attr.span, why_unknown(attr));
            }
            Setting::Absent => {
                out.missing(
                    r,
                    "`multi_az` is not set (defaults to false), but the task asks for Multi-AZ",
                );
            }
        }
    }
}

/// The regions the task names against the AWS providers: the default
/// (unaliased) provider deploys to one of them; an aliased provider in
/// another region is not judged (a second provider for a global service,
/// such as ACM certificates for CloudFront in us-east-1); a region the task
/// needs (all of them when `multi_region` is required, else at least one)
/// that no provider deploys to fails.
fn provider_region(cx: &RuleContext<'_>, regions: &[String], all: bool, out: &mut Verdicts) {
    let named = regions.join(" or ");
    let mut covered: Vec<String> = Vec::new();
    let mut undetermined = false;
    let mut misplaced = false;
    let mut providers = 0;
    for module in &cx.model.modules {
        for p in module.providers.iter().filter(|p| p.name == "aws") {
            providers += 1;
            let alias = p.body.attr("alias").and_then(|a| a.value.as_str());
            let address = alias.map_or_else(
                || "provider.aws".to_string(),
                |a| format!("provider.aws.{a}"),
            );
            let wanted = |v: &Value| {
                v.as_str()
                    .map(|s| regions.iter().any(|r| s.eq_ignore_ascii_case(r)))
            };
            match setting(&p.body, "region", wanted) {
                Setting::Holds(attr) => {
                    let region = attr.value.as_str().unwrap_or_default().to_ascii_lowercase();
                    out.named(
                        Outcome::Pass,
                        &address,
                        &p.span,
                        &attr.span,
                        format!("`{address}` deploys to {region}, a region the task names"),
                    );
                    covered.push(region);
                }
                Setting::Violated(_) if alias.is_some() => {}
                Setting::Violated(attr) => {
                    misplaced = true;
                    out.named(
                        Outcome::Fail,
                        &address,
                        &p.span,
                        &attr.span,
                        format!("the provider's `region` is not the {named} the task asks for"),
                    );
                }
                Setting::Unknown(attr) => {
                    undetermined = true;
                    out.named(
                        Outcome::Unknown,
                        &address,
                        &p.span,
                        &attr.span,
                        format!("could not be determined: {}", why_unknown(attr)),
                    );
                }
                Setting::Absent => {
                    undetermined = true;
                    out.named(
                        Outcome::Unknown,
                        &address,
                        &p.span,
                        &p.span,
                        format!("could not be determined: `{address}` sets no `region` (taken from the environment); the task asks for {named}"),
                    );
                }
            }
        }
    }
    if providers == 0 {
        out.stack(
            Outcome::Unknown,
            format!("could not be determined: no `provider \"aws\"` block sets the region; the task asks for {named}"),
        );
        return;
    }
    if undetermined {
        return;
    }
    let missing: Vec<&String> = regions.iter().filter(|r| !covered.contains(r)).collect();
    if all && !missing.is_empty() {
        let list = missing
            .iter()
            .map(|r| r.as_str())
            .collect::<Vec<_>>()
            .join(", ");
        out.stack(
            Outcome::Fail,
            format!(
                "the task deploys to {}, but no provider deploys to {list}",
                regions.join(" and ")
            ),
        );
    } else if covered.is_empty() && !misplaced {
        out.stack(
            Outcome::Fail,
            format!("no provider deploys to {named}, the region the task asks for"),
        );
    }
}

/// Whether an engine name is of the requested family (`postgres` matches
/// `aurora-postgresql`; `mysql` matches `aurora`).
fn engine_matches(engine: &str, wanted: &str) -> bool {
    let engine = engine.to_ascii_lowercase();
    let wanted = wanted.to_ascii_lowercase();
    engine.contains(&wanted) || (wanted == "mysql" && engine == "aurora")
}

fn db_engine(cx: &RuleContext<'_>, wanted: &str, out: &mut Verdicts) {
    for r in cx.resources_of(DATABASES) {
        let predicate = |v: &Value| v.as_str().map(|s| engine_matches(s, wanted));
        match setting(r.body(), "engine", predicate) {
            Setting::Holds(_) => {
                out.pass(r, format!("the engine is {wanted}, as the task asks"));
            }
            Setting::Violated(attr) => {
                out.fail(
                    r,
                    &attr.span,
                    format!("the engine is not the {wanted} the task asks for"),
                );
            }
            Setting::Unknown(attr) => {
                out.unknown(r, &attr.span, why_unknown(attr));
            }
            Setting::Absent if r.resource_type == "aws_rds_cluster" => {
                out.missing(
                    r,
                    format!(
                        "`engine` is not set (Aurora MySQL by default); the task asks for {wanted}"
                    ),
                );
            }
            // An instance without an engine restores a snapshot or is a replica.
            Setting::Absent => {}
        }
    }
}

fn name_prefix(cx: &RuleContext<'_>, prefix: &str, out: &mut Verdicts) {
    let lower = prefix.to_lowercase();
    for r in cx
        .model
        .resources
        .iter()
        .filter(|r| r.mode == Mode::Managed && exists(r))
    {
        let body = r.body();
        // `bucket` names only the bucket itself; on the split
        // `aws_s3_bucket_*` resources it refers to the bucket.
        let own_name = |n: &&&str| !n.starts_with("bucket") || r.resource_type == "aws_s3_bucket";
        let attr = NAME_ATTRIBUTES
            .iter()
            .filter(own_name)
            .find_map(|n| body.attr(n))
            .or_else(|| {
                body.attr("tags")
                    .filter(|t| matches!(&t.value, Value::Object(m) if m.contains_key("Name")))
            });
        let Some(attr) = attr else { continue };
        // A name taken from another resource (`aws_config_configuration_recorder.main.name`)
        // is that resource's name, judged there.
        let borrowed = attr.references.iter().any(|r| {
            ![
                "var.",
                "local.",
                "data.",
                "count.",
                "each.",
                "path.",
                "terraform.",
            ]
            .iter()
            .any(|root| r.starts_with(root))
        });
        if borrowed {
            continue;
        }
        let value = match &attr.value {
            Value::Object(tags) => tags.get("Name").cloned().unwrap_or(Value::Null),
            other => other.clone(),
        };
        let predicate = |v: &Value| {
            v.as_str().map(|s| {
                // KMS aliases and log-group paths put the name after `alias/` or `/`.
                let name = s
                    .strip_prefix("alias/")
                    .unwrap_or(s)
                    .trim_start_matches('/');
                name.to_lowercase().starts_with(&lower)
            })
        };
        match value.judge(&predicate) {
            Judgement::Holds => {
                out.pass(r, format!("the name starts with {prefix}"));
            }
            Judgement::Violated => {
                out.fail(
                    r,
                    &attr.span,
                    format!("the name does not start with the prefix {prefix} the task asks for"),
                );
            }
            // A name that is only known after apply (an index or an account
            // ID in it) is neither evidence for nor against the prefix.
            Judgement::Unknown => {}
        }
    }
}

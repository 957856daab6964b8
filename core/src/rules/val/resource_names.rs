//! VAL026: names of security groups, load balancers, target groups and IAM
//! roles are ones the AWS APIs accept.

use crate::rules::prelude::*;
use crate::validate::aws_values::{attribute_problem, aws_values, Placeholders, Text};

declare_control! {
    /// Security group, load balancer, target group, IAM role and RDS identifier names fit the AWS API's length and character rules.
    ///
    /// ## Why it matters
    /// These names are checked by the AWS API, not by `terraform plan`: a
    /// wrong one fails the apply halfway. EC2 refuses security group names
    /// starting with `sg-` or longer than 255 characters; Elastic Load
    /// Balancing accepts load balancer and target group names of at most 32
    /// letters, digits and hyphens, not starting or ending with a hyphen
    /// (and no load balancer name starting with `internal-`), and the
    /// provider's `name_prefix` for them has at most 6 characters; IAM role
    /// names have at most 64 characters of letters, digits and `+=,.@_-`,
    /// and a role `name_prefix` at most 38 (the provider appends 26). RDS
    /// instance and cluster identifiers have at most 63 lower-case letters,
    /// digits and hyphens (the provider rejects upper case at plan time),
    /// start with a letter, and neither end with a hyphen nor contain two in
    /// a row. Long
    /// interpolated names (`"${var.project}-${var.environment}-alb"`) are
    /// the usual cause. The limits come from the AWS SDK's service models
    /// (botocore), recorded in `data/aws-values.json`.
    ///
    /// ## Remediation
    /// Shorten the name, or let the provider generate it from a short prefix:
    ///
    /// ```hcl
    /// resource "aws_lb_target_group" "app" {
    ///   name_prefix = "app-"
    ///   port        = 8080
    ///   protocol    = "HTTP"
    ///   vpc_id      = var.vpc_id
    /// }
    /// ```
    pub CONTROL {
        id: "VAL026",
        slug: "resource-names",
        category: Category::Val,
        severity: Severity::High,
        scope: Scope::Resources(&[
            "aws_security_group",
            "aws_lb",
            "aws_alb",
            "aws_lb_target_group",
            "aws_alb_target_group",
            "aws_iam_role",
            "aws_db_instance",
            "aws_rds_cluster",
        ]),
        references: &[
            "Amazon EC2 API Reference: CreateSecurityGroup (GroupName)",
            "Elastic Load Balancing API Reference: CreateLoadBalancer, CreateTargetGroup (Name)",
            "IAM API Reference: CreateRole (RoleName)",
            "Amazon RDS API Reference: CreateDBInstance (DBInstanceIdentifier), CreateDBCluster (DBClusterIdentifier)",
            "botocore service models (ec2, elbv2, iam, rds), as recorded in data/aws-values.json",
        ],
        peers: &[],
        good: &[
            r#"
resource "aws_security_group" "web" {
  name = "web-sg"
}

resource "aws_lb" "app" {
  name = "app-prod-alb"
}

resource "aws_lb_target_group" "app" {
  name_prefix = "app-"
}

resource "aws_iam_role" "app" {
  name               = "app-prod-role"
  assume_role_policy = "{}"
}

resource "aws_db_instance" "app" {
  identifier     = "app-prod-db1"
  engine         = "postgres"
  instance_class = "db.t4g.micro"
}
"#,
        ],
        bad: &[
            r#"
variable "project" {
  type = string
}

resource "aws_security_group" "web" {
  name = "sg-web" # expect: fail
}

locals {
  app_sg_name = "sg-app-${var.project}"
}

resource "aws_security_group" "app" {
  name = local.app_sg_name # expect: fail
}

resource "aws_security_group" "db" {
  name_prefix = "sg-db-${var.project}-" # expect: fail
}

resource "aws_lb" "app" {
  name_prefix = "app-prod-" # expect: fail
}

resource "aws_lb_target_group" "app" {
  name = "payments-production-api-target-group" # expect: fail
}

resource "aws_alb" "internal" {
  name = "internal-api" # expect: fail
}

resource "aws_iam_role" "app" {
  name               = "${var.project}/app role" # expect: fail
  assume_role_policy = "{}"
}

resource "aws_db_instance" "app" {
  identifier     = "App-Database" # expect: fail
  engine         = "postgres"
  instance_class = "db.t4g.micro"
}

resource "aws_rds_cluster" "app" {
  cluster_identifier = "app--cluster" # expect: fail
  engine             = "aurora-postgresql"
}
"#,
        ],
        check,
    }
}

/// Letters, digits and hyphens (load balancers and target groups).
fn alphanumeric_or_hyphen(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '-'
}

/// IAM's `[\w+=,.@-]`.
fn iam_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "_+=,.@-".contains(c)
}

fn bad_char(text: Text<'_>, allowed: fn(char) -> bool) -> Option<String> {
    text.fragments()
        .flat_map(str::chars)
        .find(|c| !allowed(*c))
        .map(|c| format!("contains `{c}`, which is not allowed"))
}

fn too_long(text: Text<'_>, max: usize) -> Option<String> {
    match text {
        Text::Known(s) if s.chars().count() > max => Some(format!(
            "is {} characters long: at most {max} are allowed",
            s.chars().count()
        )),
        _ => None,
    }
}

fn starts_with(text: Text<'_>, prefix: &str) -> Option<String> {
    text.known_start()
        .starts_with(prefix)
        .then(|| format!("starts with `{prefix}`, which is reserved"))
}

fn hyphen_ends(text: Text<'_>) -> Option<String> {
    match text {
        Text::Known(s) if s.starts_with('-') || s.ends_with('-') => {
            Some("must not begin or end with a hyphen".to_owned())
        }
        _ => None,
    }
}

fn security_group_name(text: Text<'_>, prefix: bool) -> Option<String> {
    let ec2 = &aws_values().ec2;
    let max = if prefix {
        ec2.security_group_name_max.saturating_sub(26)
    } else {
        ec2.security_group_name_max
    };
    starts_with(text, &ec2.security_group_reserved_prefix).or_else(|| too_long(text, max))
}

fn load_balancer_name(text: Text<'_>, prefix: bool, target_group: bool) -> Option<String> {
    let elbv2 = &aws_values().elbv2;
    let max = match (prefix, target_group) {
        (true, _) => elbv2.name_prefix_max,
        (false, true) => elbv2.target_group_name_max,
        (false, false) => elbv2.load_balancer_name_max,
    };
    let reserved = (!target_group)
        .then(|| starts_with(text, &elbv2.load_balancer_reserved_prefix))
        .flatten();
    let hyphens = if prefix {
        match text {
            Text::Known(s) if s.starts_with('-') => Some("must not begin with a hyphen".to_owned()),
            _ => None,
        }
    } else {
        hyphen_ends(text)
    };
    bad_char(text, alphanumeric_or_hyphen)
        .or(reserved)
        .or(hyphens)
        .or_else(|| too_long(text, max))
}

fn role_name(text: Text<'_>, prefix: bool) -> Option<String> {
    let iam = &aws_values().iam;
    let max = if prefix {
        iam.role_name_prefix_max
    } else {
        iam.role_name_max
    };
    bad_char(text, iam_name_char).or_else(|| too_long(text, max))
}

/// The provider's rule for RDS identifiers: lower-case letters, digits and
/// hyphens; the API's: a letter first, no `--`, no hyphen last.
fn lower_alphanumeric_or_hyphen(c: char) -> bool {
    c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'
}

fn db_identifier(text: Text<'_>, prefix: bool, cluster: bool) -> Option<String> {
    let rds = &aws_values().rds;
    let max = if cluster {
        rds.cluster_identifier_max
    } else {
        rds.instance_identifier_max
    };
    let max = if prefix { max.saturating_sub(26) } else { max };
    let first = text
        .known_start()
        .chars()
        .next()
        .filter(|c| !c.is_ascii_alphabetic())
        .map(|c| format!("starts with `{c}`: the first character must be a letter"));
    let doubled = text
        .fragments()
        .any(|f| f.contains("--"))
        .then(|| "contains two consecutive hyphens".to_owned());
    let last = match text {
        Text::Known(s) if !prefix && s.ends_with('-') => Some("ends with a hyphen".to_owned()),
        _ => None,
    };
    bad_char(text, lower_alphanumeric_or_hyphen)
        .or(first)
        .or(doubled)
        .or(last)
        .or_else(|| too_long(text, max))
}

fn check(cx: &RuleContext<'_>, out: &mut Verdicts) {
    let placeholders = Placeholders::of(cx.model);
    for resource in cx.resources() {
        let kind = resource.resource_type.as_str();
        let arguments: [(&str, bool); 2] = match kind {
            "aws_db_instance" => [("identifier", false), ("identifier_prefix", true)],
            "aws_rds_cluster" => [
                ("cluster_identifier", false),
                ("cluster_identifier_prefix", true),
            ],
            _ => [("name", false), ("name_prefix", true)],
        };
        for (argument, prefix) in arguments {
            let Some(attr) = resource.body().attr(argument) else {
                continue;
            };
            if placeholders.involved(resource.module, attr) {
                continue;
            }
            let problem = |text: Text<'_>| match kind {
                "aws_security_group" => security_group_name(text, prefix),
                "aws_lb" | "aws_alb" => load_balancer_name(text, prefix, false),
                "aws_lb_target_group" | "aws_alb_target_group" => {
                    load_balancer_name(text, prefix, true)
                }
                "aws_iam_role" => role_name(text, prefix),
                "aws_db_instance" => db_identifier(text, prefix, false),
                "aws_rds_cluster" => db_identifier(text, prefix, true),
                _ => None,
            };
            if let Some(why) = attribute_problem(cx.model, resource.module, attr, &problem) {
                out.fail(resource, &attr.span, format!("`{argument}` {why}"));
            } else if Text::of(&attr.value).is_some() {
                out.pass(resource, format!("`{argument}` is accepted by the API"));
            }
        }
    }
}

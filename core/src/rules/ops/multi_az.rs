//! OPS006: the network and the databases survive the loss of one zone.

use super::instances;
use crate::profile::Stance;
use crate::rules::prelude::*;
use std::collections::BTreeSet;

declare_control! {
    /// Subnets span at least two availability zones, and databases are Multi-AZ (or clusters).
    ///
    /// ## Why it matters
    /// An availability zone fails as a unit (power, network, a bad
    /// deployment). A VPC whose subnets all sit in one zone, or an RDS
    /// instance without a standby, goes down with it, and restoring a
    /// database from a snapshot in another zone takes hours and loses
    /// recent writes. Subnets in at least two zones let load balancers and
    /// Auto Scaling spread; `multi_az = true` keeps a synchronous standby
    /// that RDS fails over to in a minute or two. Clusters (`aws_rds_cluster`)
    /// replicate storage across three zones and pass. Subnets are judged
    /// per VPC: zones computed from a list (`names[count.index]`,
    /// `names[1]`) are taken to differ, so a counted subnet or two subnets
    /// with computed zones pass; two or more subnets that leave the zone to
    /// AWS cannot be judged (a warning). Read replicas
    /// (`replicate_source_db`) are not asked to be Multi-AZ: their source
    /// is, and a replica is promoted on failure. Nor are databases in a
    /// disaster-recovery region (a provider alias named `dr`, `secondary`,
    /// `replica`, `standby`, `failover`, or, when the task names a primary
    /// and a secondary region, an alias in a region other than the
    /// primary): the whole region is the standby. With the requirement
    /// `multi_az = any` nothing is required; with `multi_az = forbidden` (a
    /// task that asks for a single-AZ deployment) `multi_az = true` fails.
    ///
    /// ## Remediation
    /// Spread subnets over two or more zones and give instances a standby:
    ///
    /// ```hcl
    /// resource "aws_subnet" "private" {
    ///   count             = 2
    ///   vpc_id            = aws_vpc.main.id
    ///   cidr_block        = cidrsubnet(aws_vpc.main.cidr_block, 8, count.index)
    ///   availability_zone = data.aws_availability_zones.available.names[count.index]
    /// }
    ///
    /// resource "aws_db_instance" "main" {
    ///   # ...
    ///   multi_az = true
    /// }
    /// ```
    pub CONTROL {
        id: "OPS006",
        slug: "multi-az",
        category: Category::Ops,
        severity: Severity::High,
        scope: Scope::Resources(&["aws_subnet", "aws_db_instance", "aws_rds_cluster"]),
        references: &[
            "AWS Well-Architected Framework, Reliability Pillar: REL10-BP01 Deploy the workload to multiple locations",
            "Amazon RDS User Guide: Multi-AZ DB instance deployments",
        ],
        peers: &[
            Peer::checkov("CKV_AWS_157").partial(),
        ],
        good: &[
            r#"
resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_subnet" "a" {
  vpc_id            = aws_vpc.main.id
  cidr_block        = "10.0.1.0/24"
  availability_zone = "us-east-1a"
}

resource "aws_subnet" "b" {
  vpc_id            = aws_vpc.main.id
  cidr_block        = "10.0.2.0/24"
  availability_zone = "us-east-1b"
}

resource "aws_db_instance" "main" {
  engine         = "postgres"
  instance_class = "db.t3.micro"
  multi_az       = true
}
"#,
            // Counted subnets over the region's zones, and an Aurora cluster.
            r#"
data "aws_availability_zones" "available" {
  state = "available"
}

resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_subnet" "private" {
  count             = 2
  vpc_id            = aws_vpc.main.id
  cidr_block        = cidrsubnet(aws_vpc.main.cidr_block, 8, count.index)
  availability_zone = data.aws_availability_zones.available.names[count.index]
}

resource "aws_rds_cluster" "main" {
  engine = "aurora-postgresql"
}
"#,
            // A read replica, and a copy in the disaster-recovery region.
            r#"
provider "aws" {
  region = "us-east-1"
}

provider "aws" {
  alias  = "dr"
  region = "us-west-2"
}

resource "aws_db_instance" "primary" {
  engine         = "postgres"
  instance_class = "db.t3.micro"
  multi_az       = true
}

resource "aws_db_instance" "replica" {
  replicate_source_db = aws_db_instance.primary.identifier
  instance_class      = "db.t3.micro"
}

resource "aws_db_instance" "dr" {
  provider            = aws.dr
  replicate_source_db = aws_db_instance.primary.arn
  instance_class      = "db.t3.micro"
}

resource "aws_db_instance" "dr_reporting" {
  provider       = aws.dr
  engine         = "postgres"
  instance_class = "db.t3.micro"
}
"#,
        ],
        bad: &[
            // multi_az omitted: single-AZ.
            r#"
resource "aws_db_instance" "main" { # expect: fail
  engine         = "mysql"
  instance_class = "db.t3.micro"
}
"#,
            r#"
resource "aws_db_instance" "main" {
  engine         = "mysql"
  instance_class = "db.t3.micro"
  multi_az       = false # expect: fail
}
"#,
            // Both subnets in the same zone.
            r#"
resource "aws_vpc" "main" { # expect: fail
  cidr_block = "10.0.0.0/16"
}

resource "aws_subnet" "a" {
  vpc_id            = aws_vpc.main.id
  cidr_block        = "10.0.1.0/24"
  availability_zone = "us-east-1a"
}

resource "aws_subnet" "b" {
  vpc_id            = aws_vpc.main.id
  cidr_block        = "10.0.2.0/24"
  availability_zone = "us-east-1a"
}
"#,
            // An input without a default: unknown, so a warning.
            r#"
variable "multi_az" {
  type = bool
}

resource "aws_db_instance" "main" {
  engine         = "postgres"
  instance_class = "db.t3.micro"
  multi_az       = var.multi_az # expect: unknown
}
"#,
        ],
        check,
    }
}

fn check(cx: &RuleContext<'_>, out: &mut Verdicts) {
    let stance = cx.requirements.multi_az();
    judge_databases(cx, out, stance);
    if stance == Stance::Required {
        judge_subnets(cx, out);
    }
}

/// Words of a provider alias that name a standby region (`aws.dr`,
/// `aws.secondary`, `aws.us_west_2_replica`).
const STANDBY_ALIAS_WORDS: &[&str] = &[
    "dr",
    "secondary",
    "replica",
    "standby",
    "failover",
    "recovery",
    "backup",
];

/// Why a database need not be Multi-AZ itself, if it need not: a read
/// replica (`replicate_source_db`) takes its availability from its source,
/// and a database in a disaster-recovery region (a provider alias named
/// `dr`, `secondary`, `replica`…, or, when the task names a primary and a
/// secondary region, an alias deploying to a region other than the first
/// one named) is itself the standby of the primary.
pub(crate) fn standby_role(cx: &RuleContext<'_>, db: &Resource) -> Option<String> {
    if db.body().attr("replicate_source_db").is_some() {
        return Some("a read replica takes its availability from its source".to_string());
    }
    let alias = super::provider_alias(db)?;
    let named_standby = alias
        .to_ascii_lowercase()
        .split(|c: char| !c.is_ascii_alphanumeric())
        .any(|w| STANDBY_ALIAS_WORDS.contains(&w));
    let regions = cx.requirements.regions();
    let secondary_region = cx.requirements.multi_region()
        && cx
            .model
            .modules
            .get(db.module)
            .into_iter()
            .flat_map(|m| m.providers.iter())
            .filter(|p| p.name == "aws")
            .filter(|p| p.body.value("alias").and_then(Value::as_str) == Some(alias.as_str()))
            .filter_map(|p| p.body.value("region").and_then(Value::as_str))
            .any(|r| {
                regions
                    .first()
                    .is_some_and(|primary| !primary.eq_ignore_ascii_case(r))
                    && regions.iter().any(|n| n.eq_ignore_ascii_case(r))
            });
    (named_standby || secondary_region).then(|| {
        format!("in the disaster-recovery region (`aws.{alias}`): the standby of the primary")
    })
}

fn judge_databases(cx: &RuleContext<'_>, out: &mut Verdicts, stance: Stance) {
    for db in cx.resources_of(&["aws_db_instance", "aws_rds_cluster"]) {
        if stance == Stance::Required {
            if let Some(why) = standby_role(cx, db) {
                out.pass(db, format!("Multi-AZ not required: {why}"));
                continue;
            }
        }
        if db.resource_type == "aws_rds_cluster" {
            if stance == Stance::Forbidden {
                out.fail(
                    db,
                    &db.block.span,
                    "a cluster spans several zones, but the requirements ask for a single-AZ deployment",
                );
            } else {
                out.pass(db, "a cluster replicates its storage across zones");
            }
            continue;
        }
        let multi_az = setting(db.body(), "multi_az", flag(false));
        match (stance, multi_az) {
            (Stance::Any, _) => {
                out.pass(db, "Multi-AZ is not required");
            }
            (_, Setting::Unknown(attr)) => {
                out.unknown(db, &attr.span, why_unknown(attr));
            }
            (Stance::Required, Setting::Holds(_))
            | (Stance::Forbidden, Setting::Absent | Setting::Violated(_)) => {
                out.pass(
                    db,
                    if stance == Stance::Required {
                        "`multi_az` is true"
                    } else {
                        "single-AZ, as the requirements ask"
                    },
                );
            }
            (Stance::Required, Setting::Absent) => {
                out.missing(
                    db,
                    "`multi_az` is not set (defaults to false): one zone, no standby",
                );
            }
            (Stance::Required, Setting::Violated(attr)) => {
                out.fail(db, &attr.span, "`multi_az` is false: one zone, no standby");
            }
            (Stance::Forbidden, Setting::Holds(attr)) => {
                out.fail(
                    db,
                    &attr.span,
                    "`multi_az` is true, but the requirements ask for a single-AZ deployment",
                );
            }
        }
    }
}

/// What is known about the zones of a group of subnets.
#[derive(Default)]
struct Zones {
    known: BTreeSet<String>,
    /// A counted subnet whose zone is computed per instance.
    spread: bool,
    /// Single subnets whose zone is computed (`names[1]`).
    computed: u64,
    /// Subnets (instances) whose zone is left to AWS or cannot be known.
    undetermined: u64,
    /// Subnet instances in total (`None` when some count is unknown).
    instances: Option<u64>,
}

fn judge_subnets(cx: &RuleContext<'_>, out: &mut Verdicts) {
    // Subnets grouped by the VPC they are in (its address, or the literal ID).
    let mut groups: Vec<(String, Vec<&Resource>)> = Vec::new();
    for subnet in cx.resources_of_type("aws_subnet") {
        let key = match subnet.body().attr("vpc_id") {
            Some(attr) => match references_of(cx.model, subnet.module, attr).first() {
                Some(vpc) => vpc.address(),
                None => match &attr.value {
                    Value::String(s) => s.clone(),
                    _ => format!("module {} {:?}", subnet.module, attr.references),
                },
            },
            None => String::new(),
        };
        match groups.iter_mut().find(|(k, _)| *k == key) {
            Some((_, list)) => list.push(subnet),
            None => groups.push((key, vec![subnet])),
        }
    }
    for (key, subnets) in groups {
        let mut zones = Zones {
            instances: Some(0),
            ..Zones::default()
        };
        for s in &subnets {
            let n = instances(s);
            zones.instances = zones.instances.zip(n).map(|(a, b)| a + b);
            let zone = s
                .body()
                .attr("availability_zone")
                .or_else(|| s.body().attr("availability_zone_id"));
            match zone.map(|a| &a.value) {
                Some(Value::String(z)) => {
                    zones.known.insert(z.clone());
                }
                // Left to AWS, or one of several zones: not known.
                Some(Value::Null | Value::OneOf(_)) | None => zones.undetermined += n.unwrap_or(2),
                Some(_) => {
                    if n == Some(1) {
                        zones.computed += 1;
                    } else {
                        zones.spread = true;
                    }
                }
            }
        }
        let vpc = resource_by_address(cx.model, subnets[0].module, &key)
            .filter(|r| r.resource_type == "aws_vpc" || r.resource_type == "aws_default_vpc");
        let subject = vpc.unwrap_or(subnets[0]);
        let label = vpc.map_or_else(
            || "the subnets".to_string(),
            |v| format!("the subnets of `{}`", v.address()),
        );
        let record = |out: &mut Verdicts, outcome: Outcome, message: String| {
            let v = out.record(outcome, subject, &subject.block.span, message);
            for s in &subnets {
                v.involving(s);
            }
        };
        // Computed zones (`data.aws_availability_zones…names[1]`) are taken
        // to differ from each other and from literal ones.
        let computed_spread = zones.computed >= 1 && zones.known.len() as u64 + zones.computed >= 2;
        if zones.known.len() >= 2 || zones.spread || computed_spread {
            record(
                out,
                Outcome::Pass,
                format!("{label} span several availability zones"),
            );
        } else if zones.undetermined == 0 || zones.instances == Some(1) {
            let zone = zones.known.iter().next().cloned().unwrap_or_default();
            let message = if zone.is_empty() {
                format!("{label} are in a single availability zone")
            } else {
                format!("{label} are all in `{zone}`: a zone outage takes the whole network down")
            };
            record(out, Outcome::Fail, message);
        } else {
            record(
                out,
                Outcome::Unknown,
                format!(
                    "could not be determined: {label} leave their availability zone to AWS or to an unknown value"
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::model::Model;
    use crate::profile::Requirements;
    use crate::rules::examples::example_input;
    use crate::rules::{evaluate_control, RuleOptions, Status};

    fn status(src: &str, requirement: Option<&str>) -> Status {
        let mut requirements = Requirements::new();
        if let Some(r) = requirement {
            requirements.set_pair(r).expect("valid requirement");
        }
        let options = RuleOptions {
            requirements,
            ..RuleOptions::default()
        };
        let model = Model::from_input(&example_input(src));
        evaluate_control(&super::CONTROL, &model, &options).status
    }

    #[test]
    fn multi_az_requirement_changes_what_databases_need() {
        let single = "resource \"aws_db_instance\" \"d\" {\n  multi_az = false\n}\n";
        let multi = "resource \"aws_db_instance\" \"d\" {\n  multi_az = true\n}\n";
        assert_eq!(status(single, None), Status::Fail);
        assert_eq!(status(single, Some("multi_az=any")), Status::Pass);
        assert_eq!(status(multi, Some("multi_az=forbidden")), Status::Fail);
        assert_eq!(status(single, Some("multi_az=forbidden")), Status::Pass);
    }

    #[test]
    fn subnets_without_zones_are_undetermined_but_a_single_subnet_fails() {
        let two = "resource \"aws_subnet\" \"a\" {\n  vpc_id = \"vpc-1\"\n}\n\nresource \"aws_subnet\" \"b\" {\n  vpc_id = \"vpc-1\"\n}\n";
        assert_eq!(status(two, None), Status::Unknown);
        let one = "resource \"aws_subnet\" \"a\" {\n  vpc_id = \"vpc-1\"\n}\n";
        assert_eq!(status(one, None), Status::Fail);
    }
}

//! OPS007: private subnets keep their outbound path when a zone fails.

use super::instances;
use crate::rules::prelude::*;
use std::collections::BTreeSet;

declare_control! {
    /// There is one NAT gateway per availability zone that has private subnets.
    ///
    /// ## Why it matters
    /// A NAT gateway lives in one zone. When private subnets in every zone
    /// route through a single NAT gateway, losing that zone cuts every
    /// private workload off from package mirrors, AWS APIs without VPC
    /// endpoints and third-party services, although the workloads in the
    /// other zones are healthy; it also adds cross-zone data charges. One
    /// NAT gateway per zone, each private route table pointing at the one
    /// in its zone, keeps zones independent. Judged when the configuration
    /// has NAT gateways (public ones; `connectivity_type = "private"` ones
    /// are left out): their number, with `count`/`for_each`, is compared
    /// with the number of zones that have private subnets. The
    /// terraform-aws-modules VPC module fails with `single_nat_gateway = true`.
    ///
    /// Applicability: one NAT gateway per zone doubles or triples the NAT
    /// cost, and reviewers call it waste where the task does not ask for
    /// it. So fewer NAT gateways than zones fail only when the task asks
    /// for highly available NAT ("a NAT gateway in each AZ", requirement
    /// `controls=OPS007`); otherwise a single NAT gateway passes, with the
    /// zone dependency stated in the finding.
    ///
    /// ## Remediation
    /// Create one NAT gateway per public subnet and route each zone's
    /// private subnets through its own:
    ///
    /// ```hcl
    /// resource "aws_nat_gateway" "main" {
    ///   count         = length(aws_subnet.public)
    ///   allocation_id = aws_eip.nat[count.index].id
    ///   subnet_id     = aws_subnet.public[count.index].id
    /// }
    /// ```
    pub CONTROL {
        id: "OPS007",
        slug: "nat-per-az",
        category: Category::Ops,
        severity: Severity::Low,
        scope: Scope::Resources(&["aws_nat_gateway"]),
        references: &[
            "Amazon VPC User Guide: NAT gateways (create a NAT gateway in each Availability Zone)",
            "AWS Well-Architected Framework, Reliability Pillar: REL02-BP02 Provision redundant connectivity",
        ],
        peers: &[],
        good: &[
            r#"
resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_subnet" "private" {
  count             = 2
  vpc_id            = aws_vpc.main.id
  cidr_block        = cidrsubnet("10.0.0.0/16", 8, count.index)
  availability_zone = element(["us-east-1a", "us-east-1b"], count.index)
}

resource "aws_nat_gateway" "main" {
  count         = 2
  allocation_id = "eipalloc-0123456789abcdef0"
  subnet_id     = "subnet-0123456789abcdef0"
}
"#,
            r#"
module "vpc" {
  source                 = "terraform-aws-modules/vpc/aws"
  azs                    = ["us-east-1a", "us-east-1b"]
  private_subnets        = ["10.0.1.0/24", "10.0.2.0/24"]
  enable_nat_gateway     = true
  one_nat_gateway_per_az = true
}
"#,
            // A single NAT gateway where the task does not ask for one per
            // zone: a cost choice the control leaves to the task.
            r#"
resource "aws_subnet" "private_a" {
  vpc_id            = "vpc-0123456789abcdef0"
  cidr_block        = "10.0.1.0/24"
  availability_zone = "us-east-1a"
}

resource "aws_subnet" "private_b" {
  vpc_id            = "vpc-0123456789abcdef0"
  cidr_block        = "10.0.2.0/24"
  availability_zone = "us-east-1b"
}

resource "aws_nat_gateway" "main" {
  allocation_id = "eipalloc-0123456789abcdef0"
  subnet_id     = "subnet-0123456789abcdef0"
}
"#,
        ],
        bad: &[
            // The task asks for one NAT gateway per zone; there is one in all.
            r#"
# require: controls=OPS007
resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_subnet" "private_a" {
  vpc_id            = aws_vpc.main.id
  cidr_block        = "10.0.1.0/24"
  availability_zone = "us-east-1a"
}

resource "aws_subnet" "private_b" {
  vpc_id            = aws_vpc.main.id
  cidr_block        = "10.0.2.0/24"
  availability_zone = "us-east-1b"
}

resource "aws_nat_gateway" "main" { # expect: fail
  allocation_id = "eipalloc-0123456789abcdef0"
  subnet_id     = "subnet-0123456789abcdef0"
}
"#,
            r#"
# require: controls=OPS007
module "vpc" { # expect: fail
  source             = "terraform-aws-modules/vpc/aws"
  azs                = ["us-east-1a", "us-east-1b"]
  private_subnets    = ["10.0.1.0/24", "10.0.2.0/24"]
  enable_nat_gateway = true
  single_nat_gateway = true
}
"#,
            // The number of NAT gateways is an input: unknown.
            r#"
variable "nat_count" {
  type = number
}

resource "aws_subnet" "private_a" {
  vpc_id            = "vpc-0123456789abcdef0"
  cidr_block        = "10.0.1.0/24"
  availability_zone = "us-east-1a"
}

resource "aws_subnet" "private_b" {
  vpc_id            = "vpc-0123456789abcdef0"
  cidr_block        = "10.0.2.0/24"
  availability_zone = "us-east-1b"
}

resource "aws_nat_gateway" "main" {
  count         = var.nat_count # expect: unknown
  allocation_id = "eipalloc-0123456789abcdef0"
  subnet_id     = "subnet-0123456789abcdef0"
}
"#,
        ],
        check,
    }
}

/// The number of zones with private subnets: `None` when a count is unknown.
fn private_zones(cx: &RuleContext<'_>) -> Option<u64> {
    let mut known = BTreeSet::new();
    let mut spread = Some(0u64);
    for subnet in cx.resources_of_type("aws_subnet") {
        if subnet_is_public(cx.model, subnet) != Judgement::Violated {
            continue;
        }
        match subnet.body().value("availability_zone") {
            Some(Value::String(z)) => {
                known.insert(z.clone());
            }
            // A computed zone per instance (`names[count.index]`).
            Some(v) if !v.is_null() && instances(subnet) != Some(1) => {
                spread = spread.zip(instances(subnet)).map(|(a, b)| a + b);
            }
            // One instance whose zone AWS picks: at least one zone.
            _ => {
                known.insert(format!("{} (zone chosen by AWS)", subnet.address()));
            }
        }
    }
    spread.map(|s| known.len() as u64 + s)
}

/// Whether a NAT gateway's `count`/`for_each` of unknown size follows the
/// subnets (`length(aws_subnet.public)`) or the input their count or zone
/// comes from (`length(var.availability_zones)`): one per subnet or zone.
fn follows_subnets(cx: &RuleContext<'_>, nat: &Resource) -> bool {
    let Some(attr) = nat
        .body()
        .attr("count")
        .or_else(|| nat.body().attr("for_each"))
    else {
        return false;
    };
    let subnets: Vec<&Resource> = cx.resources_of_type("aws_subnet").collect();
    attr.references.iter().any(|r| {
        let base = base_address(r);
        subnets.iter().any(|s| {
            s.address() == base
                || ["count", "for_each", "availability_zone", "cidr_block"]
                    .iter()
                    .filter_map(|a| s.body().attr(a))
                    .any(|a| {
                        (base.starts_with("var.") || base.starts_with("local."))
                            && a.references.iter().any(|x| base_address(x) == base)
                    })
        })
    })
}

fn judge_module_calls(cx: &RuleContext<'_>, out: &mut Verdicts) {
    for call in cx.model.modules.iter().flat_map(|m| m.module_calls.iter()) {
        if !call.source.as_deref().is_some_and(|s| s.contains("vpc")) {
            continue;
        }
        let address = format!("module.{}", call.name);
        match setting(&call.body, "enable_nat_gateway", flag(false)) {
            Setting::Holds(_) => {}
            _ => continue,
        }
        if matches!(
            setting(&call.body, "one_nat_gateway_per_az", flag(false)),
            Setting::Holds(_)
        ) {
            out.named(
                Outcome::Pass,
                &address,
                &call.span,
                &call.span,
                "`one_nat_gateway_per_az = true`",
            );
            continue;
        }
        match setting(&call.body, "single_nat_gateway", flag(false)) {
            Setting::Holds(_) if !asked_for(cx) => {
                out.named(
                    Outcome::Pass,
                    &address,
                    &call.span,
                    &call.span,
                    "`single_nat_gateway = true`: one NAT gateway for every zone; the task does not ask for one per zone",
                );
            }
            Setting::Holds(_) => {
                out.named(
                    Outcome::Fail,
                    &address,
                    &call.span,
                    &call.span,
                    "`single_nat_gateway = true`: every zone's private subnets depend on one NAT gateway",
                );
            }
            Setting::Unknown(attr) => {
                out.named(
                    Outcome::Unknown,
                    &address,
                    &call.span,
                    &attr.span,
                    format!("could not be determined: {}", why_unknown(attr)),
                );
            }
            Setting::Absent | Setting::Violated(_) => {
                out.named(
                    Outcome::Pass,
                    &address,
                    &call.span,
                    &call.span,
                    "the module creates a NAT gateway per zone or per subnet",
                );
            }
        }
    }
}

/// Whether the task asks for one NAT gateway per zone.
fn asked_for(cx: &RuleContext<'_>) -> bool {
    cx.requirements.requires_control(CONTROL.id)
}

fn check(cx: &RuleContext<'_>, out: &mut Verdicts) {
    let asked = asked_for(cx);
    judge_module_calls(cx, out);
    let nats: Vec<&Resource> = cx
        .resources()
        .filter(|n| n.body().value("connectivity_type").and_then(Value::as_str) != Some("private"))
        .collect();
    let Some(first) = nats.first() else {
        return;
    };
    let count: Option<u64> = nats
        .iter()
        .try_fold(0u64, |acc, n| instances(n).map(|i| acc + i));
    let zones = private_zones(cx);
    if count.is_none() && nats.iter().all(|n| follows_subnets(cx, n)) {
        let v = out.pass(
            first,
            "the number of NAT gateways follows the subnets or zones (`count`/`for_each`)",
        );
        for n in &nats[1..] {
            v.involving(n);
        }
        return;
    }
    let record = |out: &mut Verdicts, outcome: Outcome, at: &Span, message: String| {
        let v = out.record(outcome, first, at, message);
        for n in &nats[1..] {
            v.involving(n);
        }
    };
    match (count, zones) {
        (_, Some(0)) => record(
            out,
            Outcome::Pass,
            &first.block.span,
            "no private subnets in the configuration depend on these NAT gateways".to_string(),
        ),
        (Some(c), Some(z)) if c >= z => record(
            out,
            Outcome::Pass,
            &first.block.span,
            format!("{c} NAT gateway(s) for private subnets in {z} zone(s)"),
        ),
        (Some(c), Some(z)) if !asked => record(
            out,
            Outcome::Pass,
            &first.block.span,
            format!("{c} NAT gateway(s) for private subnets in {z} zones: a zone outage would cut the others off; the task does not ask for one per zone"),
        ),
        (Some(c), Some(z)) => record(
            out,
            Outcome::Fail,
            &first.block.span,
            format!("{c} NAT gateway(s) for private subnets in {z} zones: a zone outage cuts the others off"),
        ),
        (None, _) => {
            let unknown = nats.iter().find(|n| instances(n).is_none()).unwrap_or(first);
            let at = unknown
                .body()
                .attr("count")
                .or_else(|| unknown.body().attr("for_each"))
                .map_or(&unknown.block.span, |a| &a.span);
            record(
                out,
                Outcome::Unknown,
                at,
                format!(
                    "could not be determined: the number of NAT gateways (`{}`) is not known statically",
                    unknown.address()
                ),
            );
        }
        (Some(_), None) => record(
            out,
            Outcome::Unknown,
            &first.block.span,
            "could not be determined: the number of private subnets is not known statically".to_string(),
        ),
    }
}

//! SEC020: the network has a private tier.

use crate::rules::prelude::*;

declare_control! {
    /// The VPC has private subnets (no public IPs, no route to an internet gateway).
    ///
    /// ## Why it matters
    /// A VPC with only public subnets puts every instance, database and
    /// container one security-group mistake away from the internet. The
    /// standard layout keeps only load balancers and NAT gateways in
    /// public subnets and runs workloads and data stores in private
    /// subnets, which have no route from the internet at all and reach
    /// out, if needed, through NAT. Without a private tier the other
    /// network controls have nothing to protect with.
    ///
    /// ## Remediation
    /// Add private subnets whose route table has no internet-gateway route
    /// (NAT for outbound traffic):
    ///
    /// ```hcl
    /// resource "aws_subnet" "private" {
    ///   count             = 2
    ///   vpc_id            = aws_vpc.main.id
    ///   cidr_block        = cidrsubnet(aws_vpc.main.cidr_block, 8, count.index + 10)
    ///   availability_zone = data.aws_availability_zones.available.names[count.index]
    /// }
    ///
    /// resource "aws_route_table" "private" {
    ///   vpc_id = aws_vpc.main.id
    ///   route {
    ///     cidr_block     = "0.0.0.0/0"
    ///     nat_gateway_id = aws_nat_gateway.main.id
    ///   }
    /// }
    /// ```
    pub CONTROL {
        id: "SEC020",
        slug: "private-subnets-present",
        category: Category::Sec,
        severity: Severity::Medium,
        scope: Scope::Presence,
        references: &[
            "Amazon VPC User Guide: Subnets for your VPC (public and private subnets)",
            "Amazon VPC User Guide: VPC with servers in private subnets and NAT",
        ],
        peers: &[],
        good: &[
            r#"
resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_subnet" "private" {
  vpc_id     = aws_vpc.main.id
  cidr_block = "10.0.1.0/24"
}
"#,
            // The terraform-aws-modules VPC module with private subnets.
            r#"
module "vpc" {
  source          = "terraform-aws-modules/vpc/aws"
  cidr            = "10.0.0.0/16"
  azs             = ["us-east-1a", "us-east-1b"]
  private_subnets = ["10.0.1.0/24", "10.0.2.0/24"]
  public_subnets  = ["10.0.101.0/24", "10.0.102.0/24"]
}
"#,
        ],
        bad: &[
            r#"
# expect-stack: fail
resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_subnet" "public" {
  vpc_id                  = aws_vpc.main.id
  cidr_block              = "10.0.0.0/24"
  map_public_ip_on_launch = true
}
"#,
            r#"
# expect-stack: unknown
variable "public" {
  type = bool
}

resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_subnet" "edge" {
  vpc_id                  = aws_vpc.main.id
  cidr_block              = "10.0.0.0/24"
  map_public_ip_on_launch = var.public
}
"#,
        ],
        check,
    }
}

fn check(cx: &RuleContext<'_>, out: &mut Verdicts) {
    let vpc_modules: Vec<&crate::model::ModuleCall> = cx
        .model
        .modules
        .iter()
        .flat_map(|m| m.module_calls.iter())
        .filter(|c| c.source.as_deref().is_some_and(|s| s.contains("vpc")))
        .collect();
    let subnets: Vec<&Resource> = cx.resources_of_type("aws_subnet").collect();
    if subnets.is_empty() && vpc_modules.is_empty() && !cx.any_of(&["aws_vpc"]) {
        return;
    }
    let mut unknown = None;
    for subnet in &subnets {
        match subnet_is_public(cx.model, subnet) {
            Judgement::Violated => {
                out.stack(
                    Outcome::Pass,
                    format!("`{}` is a private subnet", subnet.address()),
                )
                .secondary(&subnet.block.span);
                return;
            }
            Judgement::Unknown => unknown = unknown.or(Some(*subnet)),
            Judgement::Holds => {}
        }
    }
    for call in &vpc_modules {
        let private = [
            "private_subnets",
            "database_subnets",
            "intra_subnets",
            "elasticache_subnets",
            "redshift_subnets",
        ]
        .iter()
        .filter_map(|n| call.body.attr(n))
        .find(|a| !matches!(&a.value, Value::Null) && a.value != Value::List(Vec::new()));
        if let Some(attr) = private {
            out.stack(
                Outcome::Pass,
                format!(
                    "module `{}` creates private subnets (`{}`)",
                    call.name, attr.name
                ),
            )
            .secondary(&call.span);
            return;
        }
    }
    if let Some(subnet) = unknown {
        out.stack(
            Outcome::Unknown,
            format!(
                "could not be determined: whether `{}` is private cannot be evaluated statically",
                subnet.address()
            ),
        )
        .secondary(&subnet.block.span);
        return;
    }
    let v = out.stack(
        Outcome::Fail,
        "no private subnet: every subnet maps public IPs or routes to an internet gateway",
    );
    for subnet in subnets.iter().take(5) {
        v.secondary(&subnet.block.span);
    }
}

//! SEC008: subnets do not hand out public IPs automatically.

use crate::rules::prelude::*;

declare_control! {
    /// No subnet assigns public IP addresses to instances automatically.
    ///
    /// ## Why it matters
    /// With `map_public_ip_on_launch = true` every instance, task or
    /// interface launched in the subnet gets a public IPv4 address, whether
    /// or not it was meant to be reachable, so one mistaken security-group
    /// rule exposes it directly to the internet (and public IPv4 addresses
    /// are billed). Workloads belong in private subnets behind a load
    /// balancer or NAT; the few hosts that need a public address should get
    /// one explicitly (an Elastic IP or `associate_public_ip_address`).
    /// Default subnets (`aws_default_subnet`) map public IPs unless told
    /// otherwise.
    ///
    /// ## Remediation
    /// Leave `map_public_ip_on_launch` unset (false) on custom subnets, and
    /// set it to false on default subnets:
    ///
    /// ```hcl
    /// resource "aws_subnet" "public" {
    ///   vpc_id                  = aws_vpc.main.id
    ///   cidr_block              = "10.0.0.0/24"
    ///   map_public_ip_on_launch = false
    /// }
    /// ```
    pub CONTROL {
        id: "SEC008",
        slug: "subnet-no-auto-public-ip",
        category: Category::Sec,
        severity: Severity::Medium,
        scope: Scope::Resources(&["aws_subnet", "aws_default_subnet"]),
        references: &[
            "Amazon VPC User Guide: IP addressing for your VPCs and subnets (modify the public IPv4 addressing attribute)",
            "AWS Security Hub: [EC2.15] Amazon EC2 subnets should not automatically assign public IP addresses",
        ],
        peers: &[
            Peer::checkov("CKV_AWS_130").same(),
            Peer::trivy("AVD-AWS-0164", "aws-ec2-no-public-ip-subnet").same(),
            Peer::kics("VPC Subnet Assigns Public IP").partial(),
        ],
        good: &[
            r#"
resource "aws_subnet" "private" {
  vpc_id     = "vpc-0123456789abcdef0"
  cidr_block = "10.0.1.0/24"
}
"#,
            r#"
resource "aws_default_subnet" "a" {
  availability_zone       = "us-east-1a"
  map_public_ip_on_launch = false
}
"#,
        ],
        bad: &[
            r#"
resource "aws_subnet" "public" {
  vpc_id                  = "vpc-0123456789abcdef0"
  cidr_block              = "10.0.0.0/24"
  map_public_ip_on_launch = true # expect: fail
}
"#,
            // Omitted on a default subnet: maps public IPs.
            r#"
resource "aws_default_subnet" "a" { # expect: fail
  availability_zone = "us-east-1a"
}
"#,
            r#"
variable "public" {
  type = bool
}

resource "aws_subnet" "edge" {
  vpc_id                  = "vpc-0123456789abcdef0"
  cidr_block              = "10.0.0.0/24"
  map_public_ip_on_launch = var.public # expect: unknown
}
"#,
        ],
        check,
    }
}

fn check(cx: &RuleContext<'_>, out: &mut Verdicts) {
    for subnet in cx.resources() {
        let default_on = subnet.resource_type == "aws_default_subnet";
        // The predicate holds when the subnet does NOT map public IPs.
        let off = |v: &Value| flag(default_on)(v).map(|on| !on);
        match setting(subnet.body(), "map_public_ip_on_launch", off) {
            Setting::Holds(_) => {
                out.pass(subnet, "does not assign public IPs on launch");
            }
            Setting::Absent if !default_on => {
                out.pass(subnet, "does not assign public IPs on launch");
            }
            Setting::Absent => {
                out.missing(subnet, "default subnets assign public IPs on launch unless `map_public_ip_on_launch = false`");
            }
            Setting::Violated(attr) => {
                out.fail(subnet, &attr.span, "`map_public_ip_on_launch` is true");
            }
            Setting::Unknown(attr) => {
                out.unknown(subnet, &attr.span, why_unknown(attr));
            }
        }
    }
}

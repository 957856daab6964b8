//! SEC015: subnets have custom network ACLs.

use crate::rules::prelude::*;

declare_control! {
    /// The VPC's subnets are guarded by custom network ACLs.
    ///
    /// ## Why it matters
    /// Security groups are attached per resource and are allow-only; a
    /// network ACL is a stateless filter on the subnet boundary that
    /// applies to everything in the subnet, including resources whose
    /// groups were misconfigured, and it can deny. The VPC's default
    /// network ACL allows all traffic in and out. Custom ACLs on the
    /// subnets (e.g. database subnets accepting only the application
    /// subnets on the database port) give defence in depth when a security
    /// group is too permissive.
    ///
    /// ## Remediation
    /// Declare network ACLs for the subnet tiers:
    ///
    /// ```hcl
    /// resource "aws_network_acl" "private" {
    ///   vpc_id     = aws_vpc.main.id
    ///   subnet_ids = aws_subnet.private[*].id
    ///   ingress {
    ///     rule_no    = 100
    ///     protocol   = "tcp"
    ///     action     = "allow"
    ///     cidr_block = aws_vpc.main.cidr_block
    ///     from_port  = 0
    ///     to_port    = 65535
    ///   }
    ///   egress {
    ///     rule_no    = 100
    ///     protocol   = "-1"
    ///     action     = "allow"
    ///     cidr_block = "0.0.0.0/0"
    ///     from_port  = 0
    ///     to_port    = 0
    ///   }
    /// }
    /// ```
    pub CONTROL {
        id: "SEC015",
        slug: "network-acls",
        category: Category::Sec,
        severity: Severity::Low,
        scope: Scope::Presence,
        references: &[
            "Amazon VPC User Guide: Control subnet traffic with network access control lists",
            "AWS Well-Architected Framework, Security Pillar: SEC05-BP02 Control traffic within your network layers",
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

resource "aws_network_acl" "private" {
  vpc_id     = aws_vpc.main.id
  subnet_ids = [aws_subnet.private.id]
}
"#,
            r#"
resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_network_acl" "private" {
  vpc_id = aws_vpc.main.id
}

resource "aws_network_acl_association" "private" {
  network_acl_id = aws_network_acl.private.id
  subnet_id      = "subnet-0123456789abcdef0"
}
"#,
            // Subnets passed in by the caller count as guarded.
            r#"
variable "private_subnet_ids" {
  type = list(string)
}

resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_network_acl" "private" {
  vpc_id     = aws_vpc.main.id
  subnet_ids = var.private_subnet_ids
}
"#,
        ],
        bad: &[
            r#"
# expect-stack: fail
resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_subnet" "private" {
  vpc_id     = aws_vpc.main.id
  cidr_block = "10.0.1.0/24"
}
"#,
            // An ACL that guards no subnet.
            r#"
# expect-stack: warn
resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_network_acl" "unused" {
  vpc_id = aws_vpc.main.id
}
"#,
        ],
        check,
    }
}

fn check(cx: &RuleContext<'_>, out: &mut Verdicts) {
    let has_network = cx.any_of(&["aws_vpc", "aws_subnet"]) || vpc_modules(cx).next().is_some();
    if !has_network {
        return;
    }
    let associations: Vec<&Resource> = cx
        .resources_of_type("aws_network_acl_association")
        .collect();
    let acls: Vec<&Resource> = cx.resources_of_type("aws_network_acl").collect();
    let attached = acls.iter().find(|acl| {
        acl.body()
            .attr("subnet_ids")
            .is_some_and(|a| !matches!(&a.value, Value::Null) && a.value != Value::List(Vec::new()))
            || associations
                .iter()
                .any(|assoc| refers_to(assoc, "network_acl_id", acl))
    });
    if let Some(acl) = attached {
        out.stack(Outcome::Pass, format!("`{}` guards subnets", acl.address()))
            .secondary(&acl.block.span);
        return;
    }
    if let Some(assoc) = associations.first() {
        out.stack(
            Outcome::Pass,
            format!("`{}` attaches a network ACL to a subnet", assoc.address()),
        )
        .secondary(&assoc.block.span);
        return;
    }
    // The terraform-aws-modules VPC module's dedicated ACLs.
    if let Some(call) = vpc_modules(cx).find(|m| {
        m.body
            .attributes
            .iter()
            .any(|a| a.name.ends_with("_dedicated_network_acl") && a.value.as_bool() == Some(true))
    }) {
        let v = out.stack(
            Outcome::Pass,
            format!("module `{}` creates dedicated network ACLs", call.name),
        );
        v.secondary(&call.span);
        return;
    }
    if let Some(acl) = acls.first() {
        out.stack(
            Outcome::Warn,
            format!("`{}` is not associated with any subnet", acl.address()),
        )
        .secondary(&acl.block.span);
        return;
    }
    out.stack(
        Outcome::Fail,
        "no custom network ACL: subnets use the VPC's default ACL, which allows all traffic",
    );
}

/// Module calls of a VPC module (source mentions `vpc`).
fn vpc_modules<'a>(
    cx: &RuleContext<'a>,
) -> impl Iterator<Item = &'a crate::model::ModuleCall> + 'a {
    cx.model
        .modules
        .iter()
        .flat_map(|m| m.module_calls.iter())
        .filter(|c| c.source.as_deref().is_some_and(|s| s.contains("vpc")))
}

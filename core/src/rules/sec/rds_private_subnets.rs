//! SEC010: database subnet groups use private subnets.

use crate::rules::prelude::*;

declare_control! {
    /// Database subnet groups contain only private subnets.
    ///
    /// ## Why it matters
    /// A database subnet group decides where RDS (and Redshift,
    /// ElastiCache, DocumentDB, Neptune) places its network interfaces. If
    /// it includes a public subnet (one that routes to an internet gateway
    /// or maps public IPs), a single `publicly_accessible = true` or a
    /// failover into that subnet puts the database on the internet. With
    /// only private subnets the database has no route to or from the
    /// internet regardless of later changes.
    ///
    /// ## Remediation
    /// Build the subnet group from private subnets (no internet-gateway
    /// route, no public IPs):
    ///
    /// ```hcl
    /// resource "aws_db_subnet_group" "db" {
    ///   name       = "db"
    ///   subnet_ids = aws_subnet.private[*].id
    /// }
    /// ```
    pub CONTROL {
        id: "SEC010",
        slug: "rds-private-subnets",
        category: Category::Sec,
        severity: Severity::Medium,
        scope: Scope::Resources(&[
            "aws_db_subnet_group",
            "aws_redshift_subnet_group",
            "aws_elasticache_subnet_group",
            "aws_docdb_subnet_group",
            "aws_neptune_subnet_group",
        ]),
        references: &[
            "Amazon RDS User Guide: Working with a DB instance in a VPC (DB subnet groups)",
            "AWS Well-Architected Framework, Security Pillar: SEC05-BP01 Create network layers",
        ],
        peers: &[],
        good: &[
            r#"
resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_subnet" "private" {
  count      = 2
  vpc_id     = aws_vpc.main.id
  cidr_block = cidrsubnet("10.0.0.0/16", 8, count.index + 10)
}

resource "aws_db_subnet_group" "db" {
  name       = "db"
  subnet_ids = aws_subnet.private[*].id
}
"#,
        ],
        bad: &[
            r#"
resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_internet_gateway" "igw" {
  vpc_id = aws_vpc.main.id
}

resource "aws_subnet" "public" {
  vpc_id     = aws_vpc.main.id
  cidr_block = "10.0.0.0/24"
}

resource "aws_route_table" "public" {
  vpc_id = aws_vpc.main.id
  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.igw.id
  }
}

resource "aws_route_table_association" "public" {
  subnet_id      = aws_subnet.public.id
  route_table_id = aws_route_table.public.id
}

resource "aws_db_subnet_group" "db" {
  name       = "db"
  subnet_ids = [aws_subnet.public.id] # expect: fail
}
"#,
            // The subnets are an input: cannot be told.
            r#"
variable "subnet_ids" {
  type = list(string)
}

resource "aws_db_subnet_group" "db" {
  name       = "db"
  subnet_ids = var.subnet_ids # expect: unknown
}
"#,
        ],
        check,
    }
}

fn check(cx: &RuleContext<'_>, out: &mut Verdicts) {
    for group in cx.resources() {
        let Some(attr) = group.body().attr("subnet_ids") else {
            out.missing(group, "no `subnet_ids`");
            continue;
        };
        let subnets: Vec<&Resource> = references_of(cx.model, group.module, attr)
            .into_iter()
            .filter(|r| {
                matches!(
                    r.resource_type.as_str(),
                    "aws_subnet" | "aws_default_subnet"
                )
            })
            .collect();
        if subnets.is_empty() {
            out.unknown(
                group,
                &attr.span,
                "the subnets are not declared in this configuration",
            );
            continue;
        }
        let mut problems = 0;
        for subnet in &subnets {
            match subnet_is_public(cx.model, subnet) {
                Judgement::Violated => {}
                Judgement::Holds => {
                    problems += 1;
                    out.fail(
                        group,
                        &attr.span,
                        format!(
                            "`{}` is a public subnet (internet-gateway route or public IPs)",
                            subnet.address()
                        ),
                    )
                    .involving(subnet);
                }
                Judgement::Unknown => {
                    problems += 1;
                    out.unknown(
                        group,
                        &attr.span,
                        format!(
                            "whether `{}` is public cannot be evaluated statically",
                            subnet.address()
                        ),
                    )
                    .involving(subnet);
                }
            }
        }
        if problems == 0 {
            out.pass(group, "all subnets are private");
        }
    }
}

//! SEC005: database security groups do not reach the internet.

use crate::rules::prelude::*;

declare_control! {
    /// Security groups attached to databases allow no egress to anywhere.
    ///
    /// ## Why it matters
    /// A database answers connections; it never needs to open them to the
    /// internet. Egress to `0.0.0.0/0` on a database's security group is
    /// the path an attacker who gets SQL execution (or a compromised
    /// extension) uses to exfiltrate data or fetch tooling, and it defeats
    /// the point of placing the database in private subnets. Terraform's
    /// `aws_security_group` removes AWS's default allow-all egress rule, so
    /// a database group with no egress rule is the secure state.
    ///
    /// ## Remediation
    /// Remove world-open egress from database groups (declare none, or only
    /// what the engine needs inside the VPC):
    ///
    /// ```hcl
    /// resource "aws_security_group" "db" {
    ///   name        = "db"
    ///   description = "PostgreSQL, reachable from the app tier only"
    ///   vpc_id      = aws_vpc.main.id
    ///   # no egress blocks: no outbound traffic
    /// }
    /// ```
    pub CONTROL {
        id: "SEC005",
        slug: "db-sg-no-egress",
        category: Category::Sec,
        severity: Severity::Medium,
        scope: Scope::Resources(&["aws_security_group"]),
        references: &[
            "Amazon RDS User Guide: Controlling access with security groups",
            "AWS Well-Architected Framework, Security Pillar: SEC05-BP02 Control traffic within your network layers",
        ],
        peers: &[
            Peer::checkov("CKV_AWS_382").partial(),
            Peer::trivy("AVD-AWS-0104", "aws-ec2-no-public-egress-sgr").partial(),
        ],
        good: &[
            r#"
resource "aws_security_group" "db" {
  name = "db"
  ingress {
    from_port       = 5432
    to_port         = 5432
    protocol        = "tcp"
    security_groups = ["sg-0123456789abcdef0"]
  }
}

resource "aws_db_instance" "main" {
  engine                 = "postgres"
  instance_class         = "db.t3.micro"
  vpc_security_group_ids = [aws_security_group.db.id]
}
"#,
        ],
        bad: &[
            r#"
resource "aws_security_group" "db" {
  name = "db"
  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"] # expect: fail
  }
}

resource "aws_db_instance" "main" {
  engine                 = "postgres"
  instance_class         = "db.t3.micro"
  vpc_security_group_ids = [aws_security_group.db.id]
}
"#,
            // The split rule resource.
            r#"
resource "aws_security_group" "db" {
  name = "db"
}

resource "aws_vpc_security_group_egress_rule" "all" {
  security_group_id = aws_security_group.db.id
  ip_protocol       = "-1"
  cidr_ipv4         = "0.0.0.0/0" # expect: fail
}

resource "aws_rds_cluster" "main" {
  engine                 = "aurora-postgresql"
  vpc_security_group_ids = [aws_security_group.db.id]
}
"#,
            r#"
variable "egress_cidrs" {
  type = list(string)
}

resource "aws_security_group" "db" {
  name = "db"
  egress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = var.egress_cidrs # expect: unknown
  }
}

resource "aws_db_instance" "main" {
  engine                 = "postgres"
  instance_class         = "db.t3.micro"
  vpc_security_group_ids = [aws_security_group.db.id]
}
"#,
        ],
        check,
    }
}

fn check(cx: &RuleContext<'_>, out: &mut Verdicts) {
    let rules = RulesByResource::new(&security_group_rules(cx.model));
    for group in cx.resources() {
        let attachments = group_attachments(cx.model, group);
        let Some(db) = attachments
            .iter()
            .find(|r| DATABASE_TYPES.contains(&r.resource_type.as_str()))
        else {
            // Only database groups are judged.
            continue;
        };
        let mut problems = 0;
        for rule in rules_of_group(&rules, group)
            .iter()
            .filter(|r| r.direction == Direction::Egress)
        {
            let (world, attr) = rule.world(cx.model);
            let at = attr.map_or(rule.span, |a| &a.span);
            match world {
                Judgement::Violated => {}
                Judgement::Holds => {
                    problems += 1;
                    out.fail(
                        rule.holder,
                        at,
                        format!(
                            "egress to anywhere from the security group of `{}`",
                            db.address()
                        ),
                    )
                    .involving(group);
                }
                Judgement::Unknown => {
                    problems += 1;
                    let why = attr.map_or_else(
                        || "the destination cannot be evaluated statically".to_string(),
                        why_unknown,
                    );
                    out.unknown(rule.holder, at, why).involving(group);
                }
            }
        }
        if problems == 0 {
            out.pass(
                group,
                format!(
                    "the security group of `{}` has no egress to anywhere",
                    db.address()
                ),
            )
            .secondary(&db.block.span);
        }
    }
}

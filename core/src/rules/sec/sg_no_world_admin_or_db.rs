//! SEC003: no administration or database port is open to the internet.

use crate::rules::prelude::*;

declare_control! {
    /// No security group allows ingress from anywhere to SSH, RDP, database ports or all ports.
    ///
    /// ## Why it matters
    /// Ports open to `0.0.0.0/0` or `::/0` are found by internet-wide
    /// scanners within minutes. SSH (22) and RDP (3389) then face endless
    /// credential stuffing and exploit attempts, and database and cache
    /// ports (MySQL 3306, PostgreSQL 5432, SQL Server 1433, Oracle 1521,
    /// MongoDB 27017, Redis 6379, Elasticsearch 9200, Redshift 5439) expose
    /// data stores that were never meant to face the internet and are often
    /// the target of ransom wipes. A rule on all ports exposes all of these
    /// at once. Administrative access belongs behind Systems Manager Session
    /// Manager, a VPN or a bastion with a narrow source; databases accept
    /// traffic only from the application's security group.
    ///
    /// ## Remediation
    /// Restrict the source to a security group (or a narrow CIDR), and use
    /// Session Manager instead of open SSH:
    ///
    /// ```hcl
    /// resource "aws_vpc_security_group_ingress_rule" "db_from_app" {
    ///   security_group_id            = aws_security_group.db.id
    ///   referenced_security_group_id = aws_security_group.app.id
    ///   ip_protocol                  = "tcp"
    ///   from_port                    = 5432
    ///   to_port                      = 5432
    ///   description                  = "PostgreSQL from the application tier"
    /// }
    /// ```
    pub CONTROL {
        id: "SEC003",
        slug: "sg-no-world-admin-or-db",
        category: Category::Sec,
        severity: Severity::Critical,
        scope: Scope::Resources(&[
            "aws_security_group",
            "aws_default_security_group",
            "aws_security_group_rule",
            "aws_vpc_security_group_ingress_rule",
        ]),
        references: &[
            "CIS AWS Foundations Benchmark v3.0.0, 5.2: Ensure no security groups allow ingress from 0.0.0.0/0 to remote server administration ports",
            "CIS AWS Foundations Benchmark v3.0.0, 5.3: Ensure no security groups allow ingress from ::/0 to remote server administration ports",
            "Amazon VPC User Guide: Security group rules",
        ],
        peers: &[
            Peer::checkov("CKV_AWS_24").partial(),
            Peer::checkov("CKV_AWS_25").partial(),
            Peer::checkov("CKV_AWS_277").partial(),
            Peer::trivy("AVD-AWS-0107", "aws-ec2-no-public-ingress-sgr").partial(),
            Peer::kics("Remote Desktop Port Open").partial(),
            Peer::kics("Sensitive Port Is Exposed To Entire Network").partial(),
        ],
        good: &[
            r#"
resource "aws_security_group" "web" {
  name        = "web"
  description = "Public web traffic"
  ingress {
    description = "HTTPS"
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_security_group_rule" "ssh_from_office" {
  type              = "ingress"
  security_group_id = aws_security_group.web.id
  from_port         = 22
  to_port           = 22
  protocol          = "tcp"
  cidr_blocks       = ["203.0.113.0/24"]
}
"#,
            // A VPC's own range is only known after apply, but never the internet.
            r#"
resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_security_group" "db" {
  name   = "db"
  vpc_id = aws_vpc.main.id
  ingress {
    from_port   = 5432
    to_port     = 5432
    protocol    = "tcp"
    cidr_blocks = [aws_vpc.main.cidr_block]
  }
}
"#,
        ],
        bad: &[
            // Attribute-list form; `0`-`0` with protocol `-1` is every port.
            r#"
resource "aws_security_group" "open" {
  name = "open"
  ingress = [
    {
      from_port        = 0
      to_port          = 0
      protocol         = "-1"
      cidr_blocks      = ["0.0.0.0/0"] # expect: fail
      ipv6_cidr_blocks = []
      prefix_list_ids  = []
      security_groups  = []
      self             = false
      description      = "everything"
    },
  ]
}
"#,
            r#"
resource "aws_security_group" "admin" {
  name = "admin"
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"] # expect: fail
  }
}
"#,
            // The VPC rule resource, protocol -1 = all ports.
            r#"
resource "aws_security_group" "db" {
  name = "db"
}

resource "aws_vpc_security_group_ingress_rule" "all" {
  security_group_id = aws_security_group.db.id
  ip_protocol       = "-1"
  cidr_ipv6         = "::/0" # expect: fail
}
"#,
            r#"
resource "aws_security_group_rule" "postgres" {
  type              = "ingress"
  security_group_id = "sg-0123456789abcdef0"
  from_port         = 5432
  to_port           = 5432
  protocol          = "tcp"
  cidr_blocks       = ["0.0.0.0/0"] # expect: fail
}
"#,
            // The source is an input: cannot be told.
            r#"
variable "admin_cidrs" {
  type = list(string)
}

resource "aws_security_group" "admin" {
  name = "admin"
  ingress {
    from_port   = 3389
    to_port     = 3389
    protocol    = "tcp"
    cidr_blocks = var.admin_cidrs # expect: unknown
  }
}
"#,
        ],
        check,
    }
}

/// Ports that must never be open to the internet, with their service.
pub(crate) const SENSITIVE_PORTS: &[(i64, &str)] = &[
    (22, "SSH"),
    (3389, "RDP"),
    (3306, "MySQL"),
    (5432, "PostgreSQL"),
    (1433, "SQL Server"),
    (1521, "Oracle"),
    (27017, "MongoDB"),
    (6379, "Redis"),
    (9200, "Elasticsearch"),
    (5439, "Redshift"),
];

/// What a rule exposes among the sensitive ports: `Some(description)`,
/// `None` when nothing; `Err(())` when the ports are unknown.
fn exposed(ports: Ports) -> Result<Option<String>, ()> {
    match ports {
        Ports::All => Ok(Some("all ports".to_string())),
        Ports::Unknown => Err(()),
        Ports::NoPorts => Ok(None),
        Ports::Range(..) => {
            let hit: Vec<String> = SENSITIVE_PORTS
                .iter()
                .filter(|(p, _)| ports.covers(*p) == Some(true))
                .map(|(p, name)| format!("{p} ({name})"))
                .collect();
            Ok((!hit.is_empty()).then(|| format!("port {}", hit.join(", "))))
        }
    }
}

fn check(cx: &RuleContext<'_>, out: &mut Verdicts) {
    judge_world_ingress(
        cx,
        out,
        "no administration or database port is open to anywhere",
        &mut |out, i| match (i.world, exposed(i.rule.ports())) {
            (_, Ok(None)) => false,
            (Judgement::Holds, Ok(Some(what))) => {
                out.fail(i.holder, i.at, format!("ingress from anywhere to {what}"));
                true
            }
            (Judgement::Holds, Err(())) => {
                out.unknown(
                    i.holder,
                    i.rule.span,
                    "the rule's ports cannot be evaluated statically, and it is open to anywhere",
                );
                true
            }
            (_, Ok(Some(what))) => {
                let why = i.attr.map_or_else(
                    || "the source cannot be evaluated statically".to_string(),
                    why_unknown,
                );
                out.unknown(i.holder, i.at, format!("{why}, and the rule opens {what}"));
                true
            }
            (_, Err(())) => false,
        },
    );
}

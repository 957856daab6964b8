//! SEC006: inner tiers take traffic from security groups, not address ranges.

use crate::model::Model;
use crate::rules::prelude::*;

declare_control! {
    /// Database and application security groups take ingress from other security groups, not CIDR blocks.
    ///
    /// ## Why it matters
    /// A rule whose source is a security group admits exactly the
    /// instances, tasks or load balancers in that group, wherever they run
    /// and however they scale. A rule whose source is a CIDR block admits
    /// every current and future host in that range: a VPC-wide range lets
    /// any compromised workload in the VPC reach the database, and a
    /// public range bypasses the tiers in front entirely. Chaining groups
    /// (load balancer → application → database) is the standard layered
    /// design; a private CIDR is a partial measure (warning), a public one
    /// a failure.
    ///
    /// ## Remediation
    /// Reference the calling tier's group as the source:
    ///
    /// ```hcl
    /// resource "aws_security_group_rule" "db_from_app" {
    ///   type                     = "ingress"
    ///   security_group_id        = aws_security_group.db.id
    ///   source_security_group_id = aws_security_group.app.id
    ///   protocol                 = "tcp"
    ///   from_port                = 5432
    ///   to_port                  = 5432
    ///   description              = "PostgreSQL from the app tier"
    /// }
    /// ```
    pub CONTROL {
        id: "SEC006",
        slug: "sg-chained-sources",
        category: Category::Sec,
        severity: Severity::Medium,
        scope: Scope::Resources(&["aws_security_group"]),
        references: &[
            "Amazon VPC User Guide: Security group rules (security group references as sources)",
            "AWS Well-Architected Framework, Security Pillar: SEC05-BP02 Control traffic within your network layers",
        ],
        peers: &[],
        good: &[
            r#"
resource "aws_security_group" "app" {
  name = "app"
}

resource "aws_security_group" "db" {
  name = "db"
  ingress {
    from_port       = 5432
    to_port         = 5432
    protocol        = "tcp"
    security_groups = [aws_security_group.app.id]
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
            // A VPC-wide range: partly met.
            r#"
resource "aws_security_group" "db" {
  name = "db"
  ingress {
    from_port   = 5432
    to_port     = 5432
    protocol    = "tcp"
    cidr_blocks = ["10.0.0.0/16"] # expect: warn
  }
}

resource "aws_db_instance" "main" {
  engine                 = "postgres"
  instance_class         = "db.t3.micro"
  vpc_security_group_ids = [aws_security_group.db.id]
}
"#,
            // A public range on an application instance's group, as a rule resource.
            r#"
resource "aws_security_group" "app" {
  name = "app"
}

resource "aws_vpc_security_group_ingress_rule" "app_http" {
  security_group_id = aws_security_group.app.id
  ip_protocol       = "tcp"
  from_port         = 8080
  to_port           = 8080
  cidr_ipv4         = "203.0.113.0/24" # expect: fail
}

resource "aws_instance" "app" {
  ami                    = "ami-0123456789abcdef0"
  instance_type          = "t3.micro"
  vpc_security_group_ids = [aws_security_group.app.id]
}
"#,
            r#"
variable "allowed_cidrs" {
  type = list(string)
}

resource "aws_security_group" "db" {
  name = "db"
  ingress {
    from_port   = 5432
    to_port     = 5432
    protocol    = "tcp"
    cidr_blocks = var.allowed_cidrs # expect: unknown
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

/// Workloads whose groups should take traffic from other groups.
const APP_TYPES: &[&str] = &[
    "aws_instance",
    "aws_launch_template",
    "aws_launch_configuration",
    "aws_ecs_service",
    "aws_lambda_function",
];

/// How a CIDR source is judged: a private range partly meets the control.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Source {
    Private,
    Public,
    Unknown,
}

fn classify(model: &Model, module: usize, attr: &Attribute) -> Source {
    let grade_one = |v: &Value| match v {
        Value::String(s) if is_private_cidr(s) => Grade::Partial,
        Value::String(_) => Grade::Bad,
        Value::Null => Grade::Good,
        Value::List(items) => {
            let mut worst = Grade::Good;
            for item in items {
                match item {
                    Value::String(s) if is_private_cidr(s) => {
                        if worst == Grade::Good {
                            worst = Grade::Partial;
                        }
                    }
                    Value::String(_) => return Grade::Bad,
                    Value::Null => {}
                    _ => return Grade::Unknown,
                }
            }
            worst
        }
        _ => Grade::Unknown,
    };
    match grade(&attr.value, &grade_one) {
        Grade::Bad => Source::Public,
        Grade::Partial | Grade::Good => Source::Private,
        // A VPC's or subnet's range: inside the network, like a private CIDR.
        Grade::Unknown if cidr_from_network_ranges(model, module, attr) => Source::Private,
        Grade::Unknown => Source::Unknown,
    }
}

fn check(cx: &RuleContext<'_>, out: &mut Verdicts) {
    let rules = RulesByResource::new(&security_group_rules(cx.model));
    for group in cx.resources() {
        let attachments = group_attachments(cx.model, group);
        // The load balancer's own group faces clients by design.
        if attachments
            .iter()
            .any(|r| LOAD_BALANCER_TYPES.contains(&r.resource_type.as_str()))
        {
            continue;
        }
        let Some(workload) = attachments.iter().find(|r| {
            DATABASE_TYPES.contains(&r.resource_type.as_str())
                || APP_TYPES.contains(&r.resource_type.as_str())
        }) else {
            continue;
        };
        let mut problems = 0;
        for rule in rules_of_group(&rules, group)
            .iter()
            .filter(|r| r.direction == Direction::Ingress)
        {
            for attr in rule.cidr_attributes() {
                match classify(cx.model, rule.holder.module, attr) {
                    Source::Public => {
                        problems += 1;
                        out.fail(rule.holder, &attr.span, format!("ingress to `{}` from a public CIDR block instead of a security group", workload.address()))
                            .involving(group);
                    }
                    Source::Private
                        if attr.value != Value::Null && attr.value != Value::List(Vec::new()) =>
                    {
                        problems += 1;
                        out.warn(
                            rule.holder,
                            &attr.span,
                            format!(
                                "ingress to `{}` from a CIDR block instead of a security group",
                                workload.address()
                            ),
                        )
                        .involving(group);
                    }
                    Source::Private => {}
                    Source::Unknown => {
                        problems += 1;
                        out.unknown(rule.holder, &attr.span, why_unknown(attr))
                            .involving(group);
                    }
                }
            }
        }
        if problems == 0 {
            out.pass(
                group,
                format!(
                    "ingress to `{}` comes from security groups",
                    workload.address()
                ),
            )
            .secondary(&workload.block.span);
        }
    }
}

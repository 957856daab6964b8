//! SEC007: security groups and their rules say what they are for.

use crate::rules::prelude::*;

declare_control! {
    /// Every security group and security-group rule has a description.
    ///
    /// ## Why it matters
    /// Security-group rules outlive the people who wrote them. A rule
    /// without a description ("why is 10.2.0.0/16 allowed on 5432?") cannot
    /// be reviewed, so nobody dares remove it and rules only accumulate.
    /// Descriptions appear in the console, in AWS Config and in flow-log
    /// investigations, and make least-privilege reviews possible. A group
    /// without `description` gets "Managed by Terraform", which says
    /// nothing, and changing it later replaces the group.
    ///
    /// ## Remediation
    /// Describe the group and each rule:
    ///
    /// ```hcl
    /// resource "aws_security_group" "db" {
    ///   name        = "db"
    ///   description = "PostgreSQL for the orders service"
    ///   ingress {
    ///     description     = "PostgreSQL from the app tier"
    ///     from_port       = 5432
    ///     to_port         = 5432
    ///     protocol        = "tcp"
    ///     security_groups = [aws_security_group.app.id]
    ///   }
    /// }
    /// ```
    pub CONTROL {
        id: "SEC007",
        slug: "sg-rule-descriptions",
        category: Category::Sec,
        severity: Severity::Low,
        scope: Scope::Resources(&[
            "aws_security_group",
            "aws_default_security_group",
            "aws_security_group_rule",
            "aws_vpc_security_group_ingress_rule",
            "aws_vpc_security_group_egress_rule",
        ]),
        references: &[
            "Amazon VPC User Guide: Security group rules (description)",
        ],
        peers: &[
            Peer::checkov("CKV_AWS_23").same(),
            Peer::trivy("AVD-AWS-0099", "aws-ec2-add-description-to-security-group").partial(),
            Peer::trivy("AVD-AWS-0124", "aws-ec2-add-description-to-security-group-rule").partial(),
        ],
        good: &[
            r#"
resource "aws_security_group" "web" {
  name        = "web"
  description = "Public web traffic"
  ingress {
    description = "HTTPS from anywhere"
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_vpc_security_group_egress_rule" "web_out" {
  security_group_id = aws_security_group.web.id
  description       = "HTTPS to the app tier"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "10.0.0.0/16"
}
"#,
            // A description supplied by the caller counts as set.
            r#"
variable "rule_description" {
  type = string
}

resource "aws_security_group_rule" "https" {
  type              = "ingress"
  security_group_id = "sg-0123456789abcdef0"
  description       = var.rule_description
  from_port         = 443
  to_port           = 443
  protocol          = "tcp"
  cidr_blocks       = ["0.0.0.0/0"]
}
"#,
        ],
        bad: &[
            // Omitted on the group and on an inline rule.
            r#"
resource "aws_security_group" "web" { # expect: fail
  name = "web"
  ingress { # expect: fail
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
"#,
            r#"
resource "aws_security_group_rule" "https" { # expect: fail
  type              = "ingress"
  security_group_id = "sg-0123456789abcdef0"
  from_port         = 443
  to_port           = 443
  protocol          = "tcp"
  cidr_blocks       = ["0.0.0.0/0"]
}

resource "aws_vpc_security_group_ingress_rule" "ssh" {
  security_group_id = "sg-0123456789abcdef0"
  description       = "" # expect: fail
  ip_protocol       = "tcp"
  from_port         = 22
  to_port           = 22
  cidr_ipv4         = "10.0.0.0/8"
}
"#,
            // A conditional that may leave the description empty.
            r#"
variable "verbose" {
  type = bool
}

resource "aws_security_group_rule" "https" {
  type              = "ingress"
  security_group_id = "sg-0123456789abcdef0"
  description       = var.verbose ? "HTTPS from anywhere" : "" # expect: unknown
  from_port         = 443
  to_port           = 443
  protocol          = "tcp"
  cidr_blocks       = ["0.0.0.0/0"]
}
"#,
        ],
        check,
    }
}

/// A description that says something: non-empty and not Terraform's filler.
fn is_meaningful(v: &Value) -> Option<bool> {
    match v {
        Value::String(s) => Some(!s.trim().is_empty() && s.trim() != "Managed by Terraform"),
        Value::Null => Some(false),
        _ => None,
    }
}

/// Judges one description; returns whether it was a problem.
fn judge(out: &mut Verdicts, holder: &Resource, body: &Body, header: &Span, what: &str) -> bool {
    match setting(body, "description", is_meaningful) {
        Setting::Holds(_) => false,
        Setting::Absent => {
            out.fail(holder, header, format!("{what} has no `description`"));
            true
        }
        Setting::Violated(attr) => {
            out.fail(
                holder,
                &attr.span,
                format!("{what} has an empty or default `description`"),
            );
            true
        }
        // Set from an input or another resource: most likely meaningful,
        // but a conditional that may yield "" cannot be told.
        Setting::Unknown(attr) if matches!(attr.value, Value::OneOf(_)) => {
            out.unknown(holder, &attr.span, why_unknown(attr));
            true
        }
        Setting::Unknown(_) => false,
    }
}

fn check(cx: &RuleContext<'_>, out: &mut Verdicts) {
    for r in cx.resources() {
        let mut problems = 0;
        match r.resource_type.as_str() {
            "aws_security_group" | "aws_default_security_group" => {
                if r.resource_type == "aws_security_group"
                    && judge(out, r, r.body(), &r.block.span, "the security group")
                {
                    problems += 1;
                }
                for block in r
                    .body()
                    .blocks
                    .iter()
                    .filter(|b| b.kind == "ingress" || b.kind == "egress")
                {
                    let what = format!("an inline `{}` rule", block.kind);
                    if judge(out, r, &block.body, &block.span, &what) {
                        problems += 1;
                    }
                }
            }
            _ => {
                if judge(out, r, r.body(), &r.block.span, "the rule") {
                    problems += 1;
                }
            }
        }
        if problems == 0 {
            out.pass(r, "described");
        }
    }
}

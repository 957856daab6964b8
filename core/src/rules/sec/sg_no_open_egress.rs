//! SEC021: security groups do not allow all traffic out to the internet.

use crate::rules::prelude::*;

declare_control! {
    /// Security groups do not allow all traffic out to the internet.
    ///
    /// ## Why it matters
    /// An egress rule for every protocol and port to `0.0.0.0/0` or `::/0` lets
    /// anything running behind the group send data anywhere: malware calls home
    /// and stolen data leaves without a trace in the group's rules. Most
    /// workloads need a handful of destinations (HTTPS to AWS endpoints, the
    /// database port inside the VPC), and listing them makes the intent
    /// reviewable. Database groups are judged more strictly by SEC005; this
    /// control covers the others.
    ///
    /// ## Remediation
    /// Allow only the traffic the workload needs:
    ///
    /// ```hcl
    /// resource "aws_vpc_security_group_egress_rule" "https" {
    ///   security_group_id = aws_security_group.app.id
    ///   cidr_ipv4         = "0.0.0.0/0"
    ///   from_port         = 443
    ///   to_port           = 443
    ///   ip_protocol       = "tcp"
    ///   description       = "HTTPS to AWS APIs and package mirrors"
    /// }
    /// ```
    pub CONTROL {
        id: "SEC021",
        slug: "sg-no-open-egress",
        category: Category::Sec,
        severity: Severity::Low,
        scope: Scope::Resources(&["aws_security_group", "aws_security_group_rule", "aws_vpc_security_group_egress_rule"]),
        references: &[
            "Amazon VPC User Guide: Security group rules (outbound rules)",
            "AWS Well-Architected Framework, Security Pillar: SEC05-BP02 Control traffic flow within your network layers",
        ],
        peers: &[
            Peer::checkov("CKV_AWS_382").partial(),
            Peer::trivy("AVD-AWS-0104", "aws-ec2-no-public-egress-sgr").partial(),
        ],
        good: &[
            r#"
resource "aws_security_group" "app" {
  name = "app"
  egress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
"#,
        ],
        bad: &[
            r#"
resource "aws_security_group" "app" {
  name = "app"
  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"] # expect: fail
  }
}
"#,
            r#"
resource "aws_security_group" "app" {
  name = "app"
}

resource "aws_vpc_security_group_egress_rule" "all" {
  security_group_id = aws_security_group.app.id
  ip_protocol       = "-1"
  cidr_ipv4         = "0.0.0.0/0" # expect: fail
}
"#,
            r#"
resource "aws_security_group" "app" {
  name = "app"
  egress = [{
    from_port        = 0
    to_port          = 65535
    protocol         = "tcp"
    cidr_blocks      = []
    ipv6_cidr_blocks = ["::/0"] # expect: fail
    prefix_list_ids  = []
    security_groups  = []
    self             = false
    description      = "all TCP"
  }]
}
"#,
        ],
        check,
    }
}

fn check(cx: &RuleContext<'_>, out: &mut Verdicts) {
    let all = security_group_rules(cx.model);
    let rules = RulesByResource::new(&all);
    for holder in cx.resources() {
        let mut judged = false;
        let mut problems = 0;
        for rule in rules
            .held_by(holder)
            .iter()
            .filter(|r| r.direction == Direction::Egress)
        {
            judged = true;
            // Database groups are SEC005's.
            if rule.group.is_some_and(|g| {
                group_attachments(cx.model, g)
                    .iter()
                    .any(|a| DATABASE_TYPES.contains(&a.resource_type.as_str()))
            }) {
                continue;
            }
            let ports = rule.ports();
            let every_port = match ports {
                Ports::All => Some(true),
                Ports::Range(lo, hi) => Some(lo <= 1 && hi >= 65535),
                Ports::NoPorts => Some(false),
                Ports::Unknown => None,
            };
            if every_port == Some(false) {
                continue;
            }
            let (world, attr) = rule.world(cx.model);
            let at = attr.map_or(rule.span, |a| &a.span);
            match (world, every_port) {
                (Judgement::Violated, _) => {}
                (Judgement::Holds, Some(true)) => {
                    problems += 1;
                    out.fail(
                        rule.holder,
                        at,
                        format!(
                            "{} allows {} out to anywhere",
                            rule.describe(),
                            ports.describe()
                        ),
                    );
                }
                (Judgement::Holds, _) => {
                    problems += 1;
                    out.unknown(
                        rule.holder,
                        rule.span,
                        "the ports of an egress rule to anywhere cannot be evaluated statically",
                    );
                }
                (Judgement::Unknown, _) => {
                    problems += 1;
                    let why = attr.map_or_else(
                        || "the destination cannot be evaluated statically".to_string(),
                        why_unknown,
                    );
                    out.unknown(rule.holder, at, why);
                }
            }
        }
        let is_group = holder.resource_type == "aws_security_group";
        if problems == 0 && (judged || is_group) {
            out.pass(holder, "no egress of all traffic to anywhere");
        }
    }
}

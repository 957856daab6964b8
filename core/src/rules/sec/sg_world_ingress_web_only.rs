//! SEC004: only load balancers take traffic from the internet, and only on
//! web ports.

use crate::rules::prelude::*;

declare_control! {
    /// Ingress from anywhere is limited to ports 80/443 on groups attached to load balancers.
    ///
    /// ## Why it matters
    /// In a well-layered stack the load balancer is the only thing the
    /// internet can reach, on HTTP/HTTPS, and everything behind it accepts
    /// traffic only from the tier in front. A world-open rule on any other
    /// port, or a world-open web port on a group attached to instances,
    /// containers or databases, bypasses the load balancer's TLS
    /// termination, WAF and access logs and exposes the workload's own
    /// software directly. Such rules are also the usual leftovers of
    /// debugging ("open 8080 for a minute").
    ///
    /// ## Remediation
    /// Open 80/443 to the world only on the load balancer's group, and let
    /// the application group accept traffic from that group:
    ///
    /// ```hcl
    /// resource "aws_vpc_security_group_ingress_rule" "alb_https" {
    ///   security_group_id = aws_security_group.alb.id
    ///   cidr_ipv4         = "0.0.0.0/0"
    ///   ip_protocol       = "tcp"
    ///   from_port         = 443
    ///   to_port           = 443
    /// }
    ///
    /// resource "aws_vpc_security_group_ingress_rule" "app_from_alb" {
    ///   security_group_id            = aws_security_group.app.id
    ///   referenced_security_group_id = aws_security_group.alb.id
    ///   ip_protocol                  = "tcp"
    ///   from_port                    = 8080
    ///   to_port                      = 8080
    /// }
    /// ```
    pub CONTROL {
        id: "SEC004",
        slug: "sg-world-ingress-web-only",
        category: Category::Sec,
        severity: Severity::High,
        scope: Scope::Resources(&[
            "aws_security_group",
            "aws_default_security_group",
            "aws_security_group_rule",
            "aws_vpc_security_group_ingress_rule",
        ]),
        references: &[
            "AWS Well-Architected Framework, Security Pillar: SEC05-BP01 Create network layers",
            "Elastic Load Balancing, Application Load Balancers: Security groups for your Application Load Balancer",
        ],
        peers: &[
            Peer::checkov("CKV_AWS_260").partial(),
            Peer::trivy("AVD-AWS-0107", "aws-ec2-no-public-ingress-sgr").partial(),
        ],
        good: &[
            r#"
resource "aws_security_group" "alb" {
  name = "alb"
  ingress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_lb" "web" {
  name            = "web"
  security_groups = [aws_security_group.alb.id]
}
"#,
        ],
        bad: &[
            // A web port open to the world on an instance's group.
            r#"
resource "aws_security_group" "app" {
  name = "app"
  ingress {
    from_port   = 80
    to_port     = 80
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"] # expect: fail
  }
}

resource "aws_instance" "app" {
  ami                    = "ami-0123456789abcdef0"
  instance_type          = "t3.micro"
  vpc_security_group_ids = [aws_security_group.app.id]
}
"#,
            // A non-web port open to the world, as a separate rule.
            r#"
resource "aws_security_group" "alb" {
  name = "alb"
}

resource "aws_lb" "web" {
  security_groups = [aws_security_group.alb.id]
}

resource "aws_security_group_rule" "debug" {
  type              = "ingress"
  security_group_id = aws_security_group.alb.id
  from_port         = 8080
  to_port           = 8080
  protocol          = "tcp"
  cidr_blocks       = ["0.0.0.0/0"] # expect: fail
}
"#,
            // The group is not attached to anything here: cannot be told.
            r#"
resource "aws_security_group" "web" {
  name = "web"
  ingress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"] # expect: unknown
  }
}
"#,
        ],
        check,
    }
}

fn web_only(ports: Ports) -> Option<bool> {
    match ports {
        Ports::Range(lo, hi) => Some((lo == 80 && hi == 80) || (lo == 443 && hi == 443)),
        Ports::NoPorts => Some(true),
        Ports::All => Some(false),
        Ports::Unknown => None,
    }
}

fn check(cx: &RuleContext<'_>, out: &mut Verdicts) {
    judge_world_ingress(
        cx,
        out,
        "no ingress from anywhere except web ports on load balancers",
        &mut |out, i| {
            let ports = i.rule.ports();
            // Where the group is attached: load balancers only, or not.
            let attachments = i.rule.group.map(|g| group_attachments(cx.model, g));
            let lb_only = attachments.as_ref().map(|list| {
                if list.is_empty() {
                    None
                } else {
                    Some(
                        list.iter()
                            .all(|r| LOAD_BALANCER_TYPES.contains(&r.resource_type.as_str())),
                    )
                }
            });
            let web = web_only(ports);
            let web_ports_on_load_balancers = (web, lb_only) == (Some(true), Some(Some(true)));
            match (i.world, web, lb_only) {
                (_, Some(true), Some(Some(true))) => {}
                (Judgement::Holds, Some(false), _) => {
                    out.fail(
                        i.holder,
                        i.at,
                        format!(
                            "ingress from anywhere on {} (only 80/443 may be open to the internet)",
                            ports.describe()
                        ),
                    );
                }
                (Judgement::Holds, Some(true), Some(Some(false))) => {
                    let targets: Vec<String> = attachments
                        .unwrap_or_default()
                        .iter()
                        .filter(|r| !LOAD_BALANCER_TYPES.contains(&r.resource_type.as_str()))
                        .map(|r| format!("`{}`", r.address()))
                        .collect();
                    out.fail(
                        i.holder,
                        i.at,
                        format!("{} is open to anywhere on a group attached to {} (not a load balancer)", ports.describe(), targets.join(", ")),
                    );
                }
                (Judgement::Holds, Some(true), Some(None)) => {
                    out.unknown(i.holder, i.at, format!("{} is open to anywhere, and the group is attached to nothing in this configuration", ports.describe()));
                }
                (Judgement::Holds, Some(true), None) => {
                    out.unknown(
                        i.holder,
                        i.at,
                        format!(
                            "{} is open to anywhere on a group that is not in this configuration",
                            ports.describe()
                        ),
                    );
                }
                (Judgement::Holds, None, _) => {
                    out.unknown(i.holder, i.rule.span, "the rule's ports cannot be evaluated statically, and it is open to anywhere");
                }
                // The source is unknown and the rule would matter if it were the world.
                (_, _, _) => {
                    let why = i.attr.map_or_else(
                        || "the source cannot be evaluated statically".to_string(),
                        why_unknown,
                    );
                    out.unknown(i.holder, i.at, why);
                }
            }
            !web_ports_on_load_balancers
        },
    );
}
